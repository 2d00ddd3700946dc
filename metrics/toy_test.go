package metrics

import (
	"math"
	"strings"
	"testing"
)

func refMixture(r *reference) Mixture {
	return Mixture{Means: points(r.Toy.Means), Std: r.Toy.Std}
}

// TestEvaluateToyMatchesNumpy scores 500 points (six modes well covered,
// one by 2 points, one empty, 48 uniform outliers) against numpy.
func TestEvaluateToyMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	cases := []struct {
		name string
		opt  ToyOptions
		want toyWant
	}{
		{"defaults: 3 std, 1 sample", ToyOptions{}, r.Toy.Default},
		{"2 std, 5 samples", ToyOptions{Threshold: 2, MinSamples: 5}, r.Toy.Strict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := EvaluateToy(points(r.Toy.Points), refMixture(r), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if q.HighQuality != tc.want.HighQuality || q.ModesCaptured != tc.want.Captured {
				t.Errorf("high quality %d, captured %d; want %d, %d", q.HighQuality,
					q.ModesCaptured, tc.want.HighQuality, tc.want.Captured)
			}
			if q.Samples != 500 || !near(q.HighQualityShare, tc.want.Share, 1e-12) {
				t.Errorf("share %v of %d, want %v of 500", q.HighQualityShare, q.Samples,
					tc.want.Share)
			}
			for i, n := range tc.want.PerMode {
				if q.PerMode[i] != n {
					t.Errorf("per mode %v, want %v", q.PerMode, tc.want.PerMode)
					break
				}
			}
		})
	}
}

// TestEvaluateToyBoundaries checks the threshold's edge, ties and points
// that are not finite, on hand-made points.
func TestEvaluateToyBoundaries(t *testing.T) {
	m := Mixture{Means: [][2]float64{{0, 0}, {1, 0}}, Std: 0.1}
	pts := [][2]float64{
		{0, 0.3},         // exactly 3 std from mode 0: high quality
		{1, 0.31},        // just past 3 std from mode 1
		{0.5, 0},         // equidistant, far from both
		{math.NaN(), 0},  // never high quality
		{math.Inf(1), 0}, // never high quality
		{-0.05, 0.05},    // mode 0
	}
	q, err := EvaluateToy(pts, m, ToyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if q.HighQuality != 2 || q.PerMode[0] != 2 || q.PerMode[1] != 0 || q.ModesCaptured != 1 {
		t.Errorf("got %+v, want 2 high-quality points, both at mode 0", q)
	}
}

func TestEvaluateToyErrors(t *testing.T) {
	good := Mixture{Means: [][2]float64{{0, 0}}, Std: 1}
	pts := [][2]float64{{0, 0}}
	cases := []struct {
		name string
		pts  [][2]float64
		m    Mixture
		opt  ToyOptions
		want string
	}{
		{"no points", nil, good, ToyOptions{}, "no points"},
		{"no modes", pts, Mixture{Std: 1}, ToyOptions{}, "no modes"},
		{"zero std", pts, Mixture{Means: good.Means}, ToyOptions{}, "std 0"},
		{"NaN mode", pts, Mixture{Means: [][2]float64{{math.NaN(), 0}}, Std: 1},
			ToyOptions{}, "not finite"},
		{"negative threshold", pts, good, ToyOptions{Threshold: -1}, "threshold -1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := EvaluateToy(tc.pts, tc.m, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestPoints2D(t *testing.T) {
	got, err := Points2D([]float32{1, 2, 3.5, -4})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != [2]float64{1, 2} || got[1] != [2]float64{3.5, -4} {
		t.Errorf("Points2D = %v, want [[1 2] [3.5 -4]]", got)
	}
	if _, err := Points2D([]float32{1, 2, 3}); err == nil {
		t.Error("Points2D of 3 values: no error")
	}
}
