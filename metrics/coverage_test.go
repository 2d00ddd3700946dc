package metrics

import (
	"strings"
	"testing"
)

// TestNonCoverageMatchesNumpy: three generators, on modes {0, 1}, {1, 2, 3}
// plus 3 points at mode 7, and a wide cloud at mode 0.
func TestNonCoverageMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	gens := make([][][2]float64, len(r.Toy.Generators))
	for i, g := range r.Toy.Generators {
		gens[i] = points(g)
	}
	cases := []struct {
		name string
		opt  ToyOptions
		want coverageWant
	}{
		{"one sample covers", ToyOptions{}, r.Toy.NonCoverage},
		{"five samples cover", ToyOptions{MinSamples: 5}, r.Toy.NonCoverageStrict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NonCoverage(gens, refMixture(r), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !near(c.NonCoverage, tc.want.NonCoverage, 1e-12) {
				t.Errorf("non-coverage %v, want %v", c.NonCoverage, tc.want.NonCoverage)
			}
			uncovered := 0
			for i, n := range tc.want.Coverers {
				if c.Coverers[i] != n {
					t.Errorf("coverers %v, want %v", c.Coverers, tc.want.Coverers)
					break
				}
				if n == 0 {
					uncovered++
				}
			}
			if c.Uncovered != uncovered {
				t.Errorf("uncovered %d, want %d", c.Uncovered, uncovered)
			}
		})
	}
}

func TestNonCoverageErrors(t *testing.T) {
	m := Mixture{Means: [][2]float64{{0, 0}}, Std: 1}
	if _, err := NonCoverage(nil, m, ToyOptions{}); err == nil ||
		!strings.Contains(err.Error(), "no generators") {
		t.Errorf("no generators: err = %v", err)
	}
	_, err := NonCoverage([][][2]float64{{{0, 0}}, nil}, m, ToyOptions{})
	if err == nil || !strings.Contains(err.Error(), "generator 1") {
		t.Errorf("generator without samples: err = %v, want it to name generator 1", err)
	}
}

func TestAdaGANCoverageMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	got, err := AdaGANCoverage(points(r.Toy.Points), points(r.Toy.Real), refMixture(r))
	if err != nil {
		t.Fatal(err)
	}
	if !near(got, r.Toy.AdaGAN, 1e-12) {
		t.Errorf("coverage %v, want %v", got, r.Toy.AdaGAN)
	}
	// The real points themselves: about 95% by construction.
	self, err := AdaGANCoverage(points(r.Toy.Real), points(r.Toy.Real), refMixture(r))
	if err != nil {
		t.Fatal(err)
	}
	if self < 0.94 || self > 0.96 {
		t.Errorf("coverage of the real points %v, want about 0.95", self)
	}
	if _, err := AdaGANCoverage(nil, points(r.Toy.Real), refMixture(r)); err == nil {
		t.Error("no generated points: no error")
	}
}

func TestQuantileMatchesNumpyLinear(t *testing.T) {
	cases := []struct {
		values []float64
		q      float64
		want   float64
	}{
		// np.quantile([3, 1, 2, 4], 0.05) = 1 + 0.15 * (2 - 1)
		{[]float64{3, 1, 2, 4}, 0.05, 1.15},
		{[]float64{5}, 0.05, 5},
		{[]float64{1, 2}, 1, 2},
	}
	for _, tc := range cases {
		if got := quantile(append([]float64(nil), tc.values...), tc.q); !near(got, tc.want, 1e-12) {
			t.Errorf("quantile(%v, %v) = %v, want %v", tc.values, tc.q, got, tc.want)
		}
	}
}
