package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Stats are the mean and covariance of a set of feature vectors: what FID
// compares, and what is cached for a real data set (SaveStats).
type Stats struct {
	N     int           // number of feature vectors
	Mean  []float64     // their mean, of length Dim()
	Cov   *mat.SymDense // their unbiased covariance (divided by N-1)
	Model string        // sha256 (hex) of the network file that made them; "" unknown
	// Data identifies the images the features are of, e.g. the sha256 (hex)
	// of their pixels; "" unknown.
	Data string
	// Source describes the data, one line ("cifar10 train, 299 bilinear").
	Source string
	// Sample holds some of the feature vectors themselves, one per row, for
	// KID (which needs features, not moments); empty when none are kept.
	Sample Matrix
}

// Dim is the features' dimension.
func (s *Stats) Dim() int { return len(s.Mean) }

// NewStats computes the statistics of the rows of f.
func NewStats(f Matrix) (*Stats, error) {
	var a StatsAccumulator
	if err := a.Add(f); err != nil {
		return nil, err
	}
	return a.Stats()
}

// StatsAccumulator computes Stats over batches of features without keeping
// them: only the running mean and the D x D scatter matrix, merged batch by
// batch with the pairwise update of Chan, Golub and LeVeque, which stays
// accurate when the mean is large against the spread. The zero value is
// empty and ready.
type StatsAccumulator struct {
	n    int
	mean []float64
	m2   *mat.SymDense // sum of outer products of deviations from mean
}

// Add takes in a batch of feature vectors, one per row.
func (a *StatsAccumulator) Add(f Matrix) error {
	if err := f.validate("feature statistics", 0); err != nil {
		return err
	}
	if f.Rows == 0 {
		return nil
	}
	if a.mean != nil && f.Cols != len(a.mean) {
		return fmt.Errorf("metrics: feature statistics: batch of dimension %d after %d",
			f.Cols, len(a.mean))
	}
	x, mean, err := centred(f)
	if err != nil {
		return err
	}
	if a.mean == nil {
		a.mean, a.m2 = make([]float64, f.Cols), mat.NewSymDense(f.Cols, nil)
	}
	a.merge(x, mean, f.Rows)
	return nil
}

// merge adds a batch of nb rows with mean mb and centred rows x.
func (a *StatsAccumulator) merge(x *mat.Dense, mb []float64, nb int) {
	n := a.n + nb
	delta := make([]float64, len(mb))
	for j := range mb {
		delta[j] = mb[j] - a.mean[j]
	}
	// m2 += x^T x + delta delta^T * na nb / n
	a.m2.SymRankK(a.m2, 1, x.T())
	w := float64(a.n) * float64(nb) / float64(n)
	a.m2.SymRankOne(a.m2, w, mat.NewVecDense(len(delta), delta))
	for j := range a.mean {
		a.mean[j] += delta[j] * float64(nb) / float64(n)
	}
	a.n = n
}

// centred returns the rows of f in float64 minus their mean, and the mean.
func centred(f Matrix) (*mat.Dense, []float64, error) {
	mean := make([]float64, f.Cols)
	for i := 0; i < f.Rows; i++ {
		for j, v := range f.Row(i) {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, nil, fmt.Errorf("metrics: feature statistics: value %g in row %d, "+
					"column %d", v, i, j)
			}
			mean[j] += float64(v)
		}
	}
	for j := range mean {
		mean[j] /= float64(f.Rows)
	}
	x := mat.NewDense(f.Rows, f.Cols, nil)
	for i := 0; i < f.Rows; i++ {
		row := x.RawRowView(i)
		for j, v := range f.Row(i) {
			row[j] = float64(v) - mean[j]
		}
	}
	return x, mean, nil
}

// Stats returns the statistics of everything added so far; at least two
// feature vectors are needed for a covariance.
func (a *StatsAccumulator) Stats() (*Stats, error) {
	if a.n < 2 {
		return nil, fmt.Errorf("metrics: feature statistics of %d vectors, want at least 2", a.n)
	}
	d := len(a.mean)
	cov := mat.NewSymDense(d, nil)
	cov.ScaleSym(1/float64(a.n-1), a.m2)
	return &Stats{N: a.n, Mean: append([]float64(nil), a.mean...), Cov: cov}, nil
}
