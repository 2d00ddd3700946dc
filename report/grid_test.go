package report

import (
	"math"
	"testing"
)

func TestEvalGridHoldsTheFunctionsValues(t *testing.T) {
	box := Box{XMin: -2, XMax: 2, YMin: 0, YMax: 1}
	f := func(x, y float64) float64 { return x*x - 3*y + 0.5 }
	g := EvalGrid(box, 8, 5, f)
	if c, r := g.Dims(); c != 8 || r != 5 {
		t.Fatalf("Dims = %d, %d; want 8, 5", c, r)
	}
	const tol = 1e-12
	// Cell centres: x = -2 + (c+0.5)*0.5, y = (r+0.5)*0.2.
	if got, want := g.X(0), -1.75; math.Abs(got-want) > tol {
		t.Errorf("X(0) = %g, want %g", got, want)
	}
	if got, want := g.Y(4), 0.9; math.Abs(got-want) > tol {
		t.Errorf("Y(4) = %g, want %g", got, want)
	}
	for r := 0; r < 5; r++ {
		for c := 0; c < 8; c++ {
			x, y := -2+(float64(c)+0.5)*0.5, (float64(r)+0.5)*0.2
			if got, want := g.Z(c, r), f(x, y); math.Abs(got-want) > tol {
				t.Errorf("Z(%d, %d) = %g, want f(%g, %g) = %g", c, r, got, x, y, want)
			}
		}
	}
	pts := g.Points()
	if len(pts) != 2*8*5 {
		t.Fatalf("%d point values, want %d", len(pts), 2*8*5)
	}
	// Points follow Values: point k is cell (k%Cols, k/Cols).
	k := 2*8 + 3
	if got, want := pts[2*k], float32(g.X(3)); got != want {
		t.Errorf("point %d x = %g, want %g", k, got, want)
	}
	if got, want := pts[2*k+1], float32(g.Y(2)); got != want {
		t.Errorf("point %d y = %g, want %g", k, got, want)
	}
}

func TestBoundingBox(t *testing.T) {
	nan := float32(math.NaN())
	tests := []struct {
		name   string
		xy     []float32
		margin float64
		want   Box
	}{
		{"square", []float32{0, 0, 2, 2}, 0, Box{0, 2, 0, 2}},
		{"wide, centred", []float32{-2, 0, 2, 1}, 0, Box{-2, 2, -1.5, 2.5}},
		{"margin", []float32{0, 0, 4, 4}, 0.25, Box{-1, 5, -1, 5}},
		{"non-finite left out", []float32{0, 0, nan, 5, 2, 2}, 0, Box{0, 2, 0, 2}},
		{"one point", []float32{1, 1}, 0, Box{0.5, 1.5, 0.5, 1.5}},
		{"none", nil, 0.25, Box{-1, 1, -1, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := BoundingBox(tc.xy, tc.margin); got != tc.want {
				t.Errorf("BoundingBox = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestGridRangeSkipsNaN(t *testing.T) {
	g := NewGrid(Box{0, 1, 0, 1}, 2, 2)
	g.Values = []float64{math.NaN(), -1, 3, math.Inf(1)}
	if lo, hi := g.Range(); lo != -1 || hi != 3 {
		t.Errorf("Range = %g, %g; want -1, 3", lo, hi)
	}
	if g.finite() {
		t.Error("finite() = true for a grid with NaN")
	}
}
