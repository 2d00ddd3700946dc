package report

import (
	"fmt"
	"image"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// testRecords are n records of G0, two local pairs and a baseline, with a
// gap (a non-finite lossD of G2) in the middle.
func testRecords(n int) []Record {
	var recs []Record
	for i := 1; i <= n; i++ {
		x := float64(i)
		pair := func(name string, k float64) PairRecord {
			return PairRecord{Name: name, LossD: 1 + k*math.Sin(x/5), LossG: 1 - k*math.Cos(x/7),
				DReal: 0.5 + 0.1*k, DFake: 0.5 - 0.1*k}
		}
		g2 := pair("G2", 0.5)
		if i == n/2 {
			g2.LossD = math.NaN()
		}
		g0, b := pair("G0", 0.2), pair("baseline", 0.3)
		recs = append(recs, Record{Iteration: 10 * i, Global: &g0,
			Local: []PairRecord{pair("G1", 0.4), g2}, Baseline: &b})
	}
	return recs
}

func TestCurvesCanvas(t *testing.T) {
	for _, n := range []int{1, 2, 40} {
		t.Run(fmt.Sprintf("%d records", n), func(t *testing.T) {
			c, err := CurvesCanvas("ring8-2-S-gan", testRecords(n))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), CurvesFile)
			if err := SavePNG(path, c); err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, path, 1100, 760)
			assertNotBlank(t, img, 20)
			// G0's red is in all four panels.
			for _, r := range []image.Rectangle{image.Rect(0, 0, 550, 380),
				image.Rect(550, 0, 1100, 380), image.Rect(0, 380, 550, 760),
				image.Rect(550, 380, 1100, 760)} {
				if got := countNear(img, r, g0Color, 10); got < 10 {
					t.Errorf("panel %v: %d pixels of G0's red, want 10 or more", r, got)
				}
			}
		})
	}
}

func TestCurvesCanvasWithoutRecords(t *testing.T) {
	if _, err := CurvesCanvas("x", nil); err == nil ||
		!strings.Contains(err.Error(), "no records") {
		t.Fatalf("error %v, want one saying there are no records", err)
	}
}

func TestSuperseded(t *testing.T) {
	tests := []struct {
		name string
		in   []int
		want []int
	}{
		{"one run", []int{50, 100, 150}, []int{50, 100, 150}},
		{"resumed from 100 after 150 was logged", []int{50, 100, 150, 150, 200},
			[]int{50, 100, 150, 200}},
		{"resumed from an older checkpoint", []int{50, 100, 150, 200, 100, 150},
			[]int{50, 100, 150}},
		{"none", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var recs []Record
			for k, it := range tc.in {
				recs = append(recs, Record{Iteration: it, MsPerIteration: float64(k)})
			}
			var got []int
			for _, r := range Superseded(recs) {
				got = append(got, r.Iteration)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("iterations %v, want %v", got, tc.want)
			}
		})
	}
	// The later of two records of an iteration is kept.
	recs := Superseded([]Record{{Iteration: 150, RSSMB: 1}, {Iteration: 150, RSSMB: 2}})
	if len(recs) != 1 || recs[0].RSSMB != 2 {
		t.Errorf("Superseded = %+v, want the second record", recs)
	}
}
