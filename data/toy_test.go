package data

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestRingModes(t *testing.T) {
	tests := []struct {
		name        string
		opts        RingOptions
		m           int
		radius, std float64
	}{
		{"defaults (ring8)", RingOptions{}, 8, 2, 0.02},
		{"ring10", RingOptions{Modes: 10}, 10, 2, 0.02},
		{"custom", RingOptions{Modes: 3, Radius: 1, Std: 0.01}, 3, 1, 0.01},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Ring(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Modes()) != tt.m || r.Std() != tt.std {
				t.Fatalf("%d modes, std %g; want %d, %g", len(r.Modes()), r.Std(), tt.m, tt.std)
			}
			for k, c := range r.Modes() {
				a := 2 * math.Pi * float64(k) / float64(tt.m)
				if math.Abs(math.Hypot(c[0], c[1])-tt.radius) > 1e-12 ||
					math.Abs(math.Atan2(c[1], c[0])-math.Remainder(a, 2*math.Pi)) > 1e-12 {
					t.Errorf("mode %d at %v, want radius %g, angle %g", k, c, tt.radius, a)
				}
			}
		})
	}
}

func TestGridModes(t *testing.T) {
	g, err := Grid(GridOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Modes()) != 25 || g.Std() != 0.05 {
		t.Fatalf("%d modes, std %g; want 25, 0.05", len(g.Modes()), g.Std())
	}
	seen := map[[2]float64]bool{}
	for _, c := range g.Modes() {
		seen[c] = true
	}
	for _, x := range []float64{-4, -2, 0, 2, 4} {
		for _, y := range []float64{-4, -2, 0, 2, 4} {
			if !seen[[2]float64{x, y}] {
				t.Errorf("no mode at (%g, %g)", x, y)
			}
		}
	}
}

func TestToyOptionErrors(t *testing.T) {
	if _, err := Ring(RingOptions{Modes: -1}); err == nil {
		t.Error("Ring accepted -1 modes")
	}
	if _, err := Grid(GridOptions{Std: -1}); err == nil {
		t.Error("Grid accepted a negative std")
	}
	if _, err := NewMixture(nil, 1); err == nil {
		t.Error("NewMixture accepted no modes")
	}
	if _, err := NewSwissRoll(SwissRollOptions{Noise: -1}); err == nil {
		t.Error("NewSwissRoll accepted negative noise")
	}
}

// TestMixtureSamples checks that points are spread evenly over the modes
// and lie around their mode with the mixture's std.
func TestMixtureSamples(t *testing.T) {
	g, _ := Grid(GridOptions{})
	const n = 100000
	rng := rand.New(rand.NewPCG(1, 2))
	pts := make([]float32, 2*n)
	labels := make([]int, n)
	g.Fill(pts, labels, make([]int, n), rng)
	counts := make([]int, 25)
	var sq float64
	for i, l := range labels {
		counts[l]++
		c := g.Modes()[l]
		dx, dy := float64(pts[2*i])-c[0], float64(pts[2*i+1])-c[1]
		sq += dx*dx + dy*dy
	}
	// Multinomial counts: std sqrt(n p (1-p)) ~ 62; allow 5 of them.
	for k, c := range counts {
		if math.Abs(float64(c)-n/25.0) > 5*62 {
			t.Errorf("mode %d drew %d points, want about %d", k, c, n/25)
		}
	}
	if std := math.Sqrt(sq / (2 * n)); math.Abs(std-0.05) > 0.001 {
		t.Errorf("spread around the modes %.4f, want 0.05", std)
	}
}

// TestMixtureLogDensity integrates the density over a grid (it must sum
// to 1) and compares one value with the formula for a single Gaussian.
func TestMixtureLogDensity(t *testing.T) {
	r, _ := Ring(RingOptions{Modes: 4, Radius: 1, Std: 0.2})
	const h = 0.01
	sum := 0.0
	for x := -3.0; x < 3; x += h {
		for y := -3.0; y < 3; y += h {
			sum += math.Exp(r.LogDensity(x, y)) * h * h
		}
	}
	if math.Abs(sum-1) > 1e-3 {
		t.Errorf("density integrates to %.5f, want 1", sum)
	}
	one, _ := NewMixture([][2]float64{{1, -1}}, 0.5)
	want := -math.Log(2*math.Pi*0.25) - (0.09+0.16)/(2*0.25)
	if got := one.LogDensity(1.3, -0.6); math.Abs(got-want) > 1e-12 {
		t.Errorf("log density %.12f, want %.12f", got, want)
	}
	// Far from every mode the value stays finite (no underflow to -Inf).
	if v := r.LogDensity(100, 100); math.IsInf(v, 0) || math.IsNaN(v) {
		t.Errorf("log density far away is %g", v)
	}
}

func TestMixtureSampleDeterministic(t *testing.T) {
	r, _ := Ring(RingOptions{})
	a := r.Sample(10, rand.New(rand.NewPCG(5, 6)))
	b := r.Sample(10, rand.New(rand.NewPCG(5, 6)))
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("same seed, different points: %v and %v", a, b)
		}
	}
}
