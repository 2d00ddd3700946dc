package metrics

import (
	"fmt"
	"math"
)

// DefaultToySamples is the number of generated points VEEGAN and PacGAN
// score on a toy mixture, and the paper's scoring jobs by default.
const DefaultToySamples = 2500

// Mixture is a mixture of equally weighted isotropic Gaussians in the plane:
// the M-GMM toy data of the paper's Section 4 (modes on a circle or a grid).
type Mixture struct {
	Means [][2]float64 // the modes' centres
	Std   float64      // the standard deviation of every component, per axis
}

func (m Mixture) validate() error {
	if len(m.Means) == 0 {
		return fmt.Errorf("metrics: mixture has no modes")
	}
	if !(m.Std > 0) || math.IsInf(m.Std, 0) {
		return fmt.Errorf("metrics: mixture std %g, want a positive number", m.Std)
	}
	for i, c := range m.Means {
		if !finite2(c) {
			return fmt.Errorf("metrics: mixture mode %d at %v is not finite", i, c)
		}
	}
	return nil
}

// nearest returns the index of the mode nearest to p and its Euclidean
// distance; ties go to the lower index. A point with a NaN is at distance
// NaN from mode 0.
func (m Mixture) nearest(p [2]float64) (int, float64) {
	best, bestD2 := 0, math.Inf(1)
	for i, c := range m.Means {
		if d2 := dist2(p, c); d2 < bestD2 {
			best, bestD2 = i, d2
		}
	}
	if math.IsInf(bestD2, 1) {
		return 0, math.NaN()
	}
	return best, math.Sqrt(bestD2)
}

// ToyOptions tunes EvaluateToy and NonCoverage.
type ToyOptions struct {
	// Threshold is the distance to the nearest mode, in standard
	// deviations, within which a sample is high quality. Default 3, as in
	// VEEGAN and PacGAN.
	Threshold float64
	// MinSamples is the number of high-quality samples that must have a mode
	// as their nearest for it to count as captured. Default 1, as in VEEGAN
	// and PacGAN.
	MinSamples int
}

func (o ToyOptions) withDefaults() (ToyOptions, error) {
	if o.Threshold == 0 {
		o.Threshold = 3
	}
	if o.MinSamples == 0 {
		o.MinSamples = 1
	}
	if !(o.Threshold > 0) || o.MinSamples < 0 {
		return o, fmt.Errorf("metrics: toy options: threshold %g and min samples %d, "+
			"want positive", o.Threshold, o.MinSamples)
	}
	return o, nil
}

// ToyQuality is the quality of generated points against a mixture.
type ToyQuality struct {
	Samples          int     // points scored
	HighQuality      int     // points within Threshold stds of their nearest mode
	HighQualityShare float64 // HighQuality / Samples
	PerMode          []int   // high-quality points nearest to each mode
	ModesCaptured    int     // modes with at least MinSamples of them
}

// captured reports whether mode i counts as captured under opt.
func (q ToyQuality) captured(i int, opt ToyOptions) bool {
	return q.PerMode[i] >= opt.MinSamples
}

// EvaluateToy scores generated points against the mixture m as VEEGAN
// (Srivastava et al. 2017) and PacGAN (Lin et al. 2018) do: a point is high
// quality when it lies within Threshold (default 3) standard deviations of
// its nearest mode, and a mode is captured when it is the nearest mode of at
// least MinSamples (default 1) high-quality points. Those papers score
// DefaultToySamples (2,500) points; the caller chooses how many. A point
// with a NaN or an infinity is never high quality.
func EvaluateToy(points [][2]float64, m Mixture, opt ToyOptions) (ToyQuality, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return ToyQuality{}, err
	}
	if err := m.validate(); err != nil {
		return ToyQuality{}, err
	}
	if len(points) == 0 {
		return ToyQuality{}, fmt.Errorf("metrics: evaluate toy: no points")
	}
	q := ToyQuality{Samples: len(points), PerMode: make([]int, len(m.Means))}
	limit := opt.Threshold * m.Std
	for _, p := range points {
		if i, d := m.nearest(p); d <= limit {
			q.HighQuality++
			q.PerMode[i]++
		}
	}
	for i := range q.PerMode {
		if q.captured(i, opt) {
			q.ModesCaptured++
		}
	}
	q.HighQualityShare = float64(q.HighQuality) / float64(q.Samples)
	return q, nil
}

// Points2D views data, N x 2 float32 values in row-major order (a
// generator's output for a toy mixture), as points.
func Points2D(data []float32) ([][2]float64, error) {
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("metrics: %d values are not N x 2 points", len(data))
	}
	points := make([][2]float64, len(data)/2)
	for i := range points {
		points[i] = [2]float64{float64(data[2*i]), float64(data[2*i+1])}
	}
	return points, nil
}

func dist2(a, b [2]float64) float64 {
	dx, dy := a[0]-b[0], a[1]-b[1]
	return dx*dx + dy*dy
}

func finite2(p [2]float64) bool {
	return !math.IsNaN(p[0]+p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}
