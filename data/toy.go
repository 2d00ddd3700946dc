package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Mixture is an endless equal-weight mixture of isotropic 2-D Gaussians with
// a common standard deviation: the M-GMM toy data of the paper's Section 4.
// Fill yields points (x, y) in the mixture's own coordinates and, as label,
// the index of the mode each point was drawn from.
type Mixture struct {
	modes   [][2]float64
	std     float64
	classes []string
}

// RingOptions configures Ring. The zero value is the common "8 Gaussians on
// a circle" of the unrolled-GAN and VEEGAN papers.
type RingOptions struct {
	Modes  int     // number of Gaussians; default 8 (the paper also uses 10)
	Radius float64 // radius of the circle; default 2
	Std    float64 // standard deviation of each Gaussian; default 0.02
}

// GridOptions configures Grid. The zero value is the common 25 Gaussians
// at {-4, -2, 0, 2, 4}^2 with standard deviation 0.05.
type GridOptions struct {
	Side    int     // Gaussians per side (Side^2 in all); default 5
	Spacing float64 // distance between neighbouring modes; default 2
	Std     float64 // standard deviation of each Gaussian; default 0.05
}

// Ring is opts.Modes Gaussians at equal angles on a circle centred at the
// origin, mode k at angle 2*pi*k/Modes (mode 0 on the positive x axis).
func Ring(opts RingOptions) (*Mixture, error) {
	m, r, std := opts.Modes, opts.Radius, opts.Std
	if m == 0 {
		m = 8
	}
	if r == 0 {
		r = 2
	}
	if std == 0 {
		std = 0.02
	}
	if m < 1 || r < 0 || std < 0 {
		return nil, fmt.Errorf("data: ring of %d modes, radius %g, std %g: "+
			"want positive values", opts.Modes, opts.Radius, opts.Std)
	}
	modes := make([][2]float64, m)
	for k := range modes {
		a := 2 * math.Pi * float64(k) / float64(m)
		modes[k] = [2]float64{r * math.Cos(a), r * math.Sin(a)}
	}
	return NewMixture(modes, std)
}

// Grid is opts.Side^2 Gaussians on a square grid centred at the origin,
// listed row by row from (-s, -s) with s = Spacing*(Side-1)/2.
func Grid(opts GridOptions) (*Mixture, error) {
	side, sp, std := opts.Side, opts.Spacing, opts.Std
	if side == 0 {
		side = 5
	}
	if sp == 0 {
		sp = 2
	}
	if std == 0 {
		std = 0.05
	}
	if side < 1 || sp < 0 || std < 0 {
		return nil, fmt.Errorf("data: grid of side %d, spacing %g, std %g: "+
			"want positive values", opts.Side, opts.Spacing, opts.Std)
	}
	half := sp * float64(side-1) / 2
	modes := make([][2]float64, 0, side*side)
	for i := 0; i < side; i++ {
		for j := 0; j < side; j++ {
			modes = append(modes, [2]float64{sp*float64(i) - half, sp*float64(j) - half})
		}
	}
	return NewMixture(modes, std)
}

// NewMixture is an equal-weight mixture of Gaussians at modes with standard
// deviation std in each coordinate.
func NewMixture(modes [][2]float64, std float64) (*Mixture, error) {
	if len(modes) == 0 || !(std > 0) || math.IsInf(std, 0) {
		return nil, fmt.Errorf("data: mixture of %d modes with std %g: "+
			"want at least one mode and a positive std", len(modes), std)
	}
	classes := make([]string, len(modes))
	for k := range classes {
		classes[k] = fmt.Sprintf("mode %d", k)
	}
	return &Mixture{modes: modes, std: std, classes: classes}, nil
}

// Modes is the centre of every Gaussian; do not modify it.
func (m *Mixture) Modes() [][2]float64 { return m.modes }

// Std is the standard deviation of every Gaussian in each coordinate.
func (m *Mixture) Std() float64 { return m.std }

// Shape is (2).
func (m *Mixture) Shape() []int64 { return []int64{2} }

// Len is 0: a mixture is an endless distribution.
func (m *Mixture) Len() int { return 0 }

// Classes names the modes, "mode 0", "mode 1", ...
func (m *Mixture) Classes() []string { return m.classes }

// Fill draws len(idx) points with rng, each from a uniformly chosen mode,
// and writes the mode's index as label.
func (m *Mixture) Fill(dst []float32, labels []int, idx []int, rng *rand.Rand) {
	checkFill(m, dst, labels, idx)
	for k := range idx {
		j := rng.IntN(len(m.modes))
		dst[2*k] = float32(m.modes[j][0] + m.std*rng.NormFloat64())
		dst[2*k+1] = float32(m.modes[j][1] + m.std*rng.NormFloat64())
		if labels != nil {
			labels[k] = j
		}
	}
}

// Sample draws n points, (n, 2) row by row; a convenience for metrics and
// plots.
func (m *Mixture) Sample(n int, rng *rand.Rand) []float32 {
	dst := make([]float32, 2*n)
	m.Fill(dst, nil, make([]int, n), rng)
	return dst
}

// LogDensity is the natural logarithm of the mixture's density at (x, y).
func (m *Mixture) LogDensity(x, y float64) float64 {
	// log sum_k exp(-d_k^2 / (2 std^2)) - log(M * 2 pi std^2), stably.
	v := 2 * m.std * m.std
	best := math.Inf(1)
	for _, c := range m.modes {
		best = min(best, ((x-c[0])*(x-c[0])+(y-c[1])*(y-c[1]))/v)
	}
	sum := 0.0
	for _, c := range m.modes {
		d := ((x-c[0])*(x-c[0]) + (y-c[1])*(y-c[1])) / v
		sum += math.Exp(best - d)
	}
	return math.Log(sum) - best - math.Log(float64(len(m.modes))*math.Pi*v)
}
