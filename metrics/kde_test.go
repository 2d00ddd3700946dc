package metrics

import (
	"math"
	"strings"
	"testing"
)

// TestKDELogLikelihoodMatchesNumpy: 300 samples of an 8-GMM (std 0.05)
// against 200 held-out real points (std 0.02), with the default 31
// bandwidths in 5 folds, and 103 samples in 4 uneven folds with 5 given
// bandwidths.
func TestKDELogLikelihoodMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	cases := []struct {
		name string
		want kdeWant
		opt  KDEOptions
	}{
		{"default bandwidths", r.KDE.Default, KDEOptions{}},
		{"uneven folds", r.KDE.UnevenFolds,
			KDEOptions{Bandwidths: r.KDE.UnevenFolds.Bandwidths, Folds: 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := KDELogLikelihood(points(tc.want.Samples), points(tc.want.HeldOut), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Bandwidths) != len(tc.want.Bandwidths) {
				t.Fatalf("%d bandwidths, want %d", len(res.Bandwidths), len(tc.want.Bandwidths))
			}
			for i, h := range tc.want.Bandwidths {
				if !relClose(res.Bandwidths[i], h, 1e-12) {
					t.Errorf("bandwidth %d = %v, want %v", i, res.Bandwidths[i], h)
				}
				if !near(res.CVScores[i], tc.want.CVScores[i], 1e-10) {
					t.Errorf("cv score %d = %v, want %v", i, res.CVScores[i], tc.want.CVScores[i])
				}
			}
			if !relClose(res.Bandwidth, tc.want.Bandwidth, 1e-12) {
				t.Errorf("chosen bandwidth %v, want %v", res.Bandwidth, tc.want.Bandwidth)
			}
			if !near(res.LogLikelihood, tc.want.LogLikelihood, 1e-10) {
				t.Errorf("log-likelihood %v, want %v", res.LogLikelihood, tc.want.LogLikelihood)
			}
		})
	}
}

// TestKDELogDensityOfOneSample compares with the closed form of a single
// Gaussian, far in the tail too (where a naive sum of exponentials
// underflows to log 0).
func TestKDELogDensityOfOneSample(t *testing.T) {
	k := KDE{Samples: [][2]float64{{1, 2}}, Bandwidth: 0.01}
	for _, x := range [][2]float64{{1, 2}, {1.02, 2}, {5, -3}} {
		d2 := dist2(x, k.Samples[0])
		want := -d2/(2*0.01*0.01) - math.Log(2*math.Pi*0.01*0.01)
		if got := k.LogDensity(x); !relClose(got, want, 1e-12) {
			t.Errorf("log density at %v = %v, want %v", x, got, want)
		}
	}
}

func TestFoldBounds(t *testing.T) {
	// 103 samples in 4 folds: 26, 26, 26, 25.
	want := [][2]int{{0, 26}, {26, 52}, {52, 78}, {78, 103}}
	for f, w := range want {
		if lo, hi := foldBounds(103, 4, f); lo != w[0] || hi != w[1] {
			t.Errorf("fold %d = [%d, %d), want [%d, %d)", f, lo, hi, w[0], w[1])
		}
	}
}

func TestKDEErrors(t *testing.T) {
	spread := [][2]float64{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 2}}
	same := [][2]float64{{1, 1}, {1, 1}, {1, 1}, {1, 1}, {1, 1}}
	cases := []struct {
		name             string
		samples, heldOut [][2]float64
		opt              KDEOptions
		want             string
	}{
		{"fewer samples than folds", spread[:3], spread, KDEOptions{}, "3 samples in 5 folds"},
		{"one fold", spread, spread, KDEOptions{Folds: 1}, "at least 2 folds"},
		{"NaN sample", append([][2]float64{{math.NaN(), 0}}, spread...), spread,
			KDEOptions{}, "sample 0"},
		{"no spread", same, spread, KDEOptions{}, "give KDEOptions.Bandwidths"},
		{"negative bandwidth", spread, spread, KDEOptions{Bandwidths: []float64{-1}},
			"bandwidth -1"},
		{"no held-out points", spread, nil, KDEOptions{}, "no held-out points"},
		{"infinite held-out point", spread, [][2]float64{{math.Inf(1), 0}}, KDEOptions{},
			"held-out point 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := KDELogLikelihood(tc.samples, tc.heldOut, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// BenchmarkKDELogLikelihood measures the paper-sized case: 2,500 generated
// samples, 31 bandwidths in 5 folds, 2,500 held-out points.
func BenchmarkKDELogLikelihood(b *testing.B) {
	r := loadReference(b)
	base := points(r.KDE.Default.Samples)
	gen := make([][2]float64, 2500)
	for i := range gen {
		p := base[i%len(base)]
		gen[i] = [2]float64{p[0] + 1e-3*float64(i%7), p[1] - 1e-3*float64(i%5)}
	}
	for b.Loop() {
		if _, err := KDELogLikelihood(gen, gen, KDEOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
