package report

import (
	"image"
	"math"
	"path/filepath"
	"testing"
)

// testToyFigure is a ring with three local generators, G0 on one mode and
// a baseline, over levels of known functions.
func testToyFigure() ToyFigure {
	real := ring(800, 8, 0, 1)
	box := BoundingBox(real, 0.25)
	bump := func(cx, cy float64) func(x, y float64) float64 {
		return func(x, y float64) float64 {
			return math.Exp(-((x-cx)*(x-cx) + (y-cy)*(y-cy)))
		}
	}
	return ToyFigure{
		Title: "ring8, 3-S-gan, iteration 300",
		Real:  real,
		Local: []Points{{"G1", ring(300, 2, 0, 2)}, {"G2", ring(300, 2, math.Pi/2, 3)},
			{"G3", ring(300, 4, math.Pi/4, 4)}},
		Global:        []Points{{"G0", ring(300, 1, 0, 5)}, {"baseline", ring(300, 1, math.Pi, 6)}},
		LocalLevels:   EvalGrid(box, 60, 60, bump(0, 2)),
		GlobalLevels:  EvalGrid(box, 60, 60, bump(2, 0)),
		Probabilities: true,
		LevelName:     "σ(D(x))",
	}
}

func TestToyFigureDrawsBothPanels(t *testing.T) {
	c, err := testToyFigure().Canvas()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "toy.png")
	if err := SavePNG(path, c); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, path, 1100, 560)
	assertNotBlank(t, img, 50)
	left, right := image.Rect(0, 0, 550, 560), image.Rect(550, 0, 1100, 560)
	tests := []struct {
		name   string
		region image.Rectangle
		color  any
		min    int
	}{
		{"G1 left", left, localColor(0), 100},
		{"G3 left", left, localColor(2), 100},
		{"G0 right", right, g0Color, 100},
		{"baseline right", right, baselineColor, 100},
		{"no G0 left", left, g0Color, -1},
		{"level shading left", left, shades(32).Colors()[31], 100},
		{"level shading right", right, shades(32).Colors()[31], 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := countNear(img, tc.region, nrgba(tc.color), 8)
			if tc.min < 0 && n > 20 {
				t.Errorf("%d pixels of the colour, want none", n)
			}
			if tc.min >= 0 && n < tc.min {
				t.Errorf("%d pixels of the colour, want %d or more", n, tc.min)
			}
		})
	}
}

func TestToyFigureWithoutLevels(t *testing.T) {
	f := testToyFigure()
	f.LocalLevels, f.GlobalLevels = nil, NewGrid(f.Box, 4, 4)
	f.GlobalLevels.Values[0] = math.NaN() // a quarantined D0: no levels drawn
	c, err := f.Canvas()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "toy.png")
	if err := SavePNG(path, c); err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, path, 1100, 560)
	if n := countNear(img, img.Bounds(), nrgba(shades(32).Colors()[31]), 8); n > 0 {
		t.Errorf("%d pixels of level shading, want none", n)
	}
}
