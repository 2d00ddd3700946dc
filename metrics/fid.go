package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// FID is the Fréchet distance between the Gaussians of two feature
// statistics (Heusel et al. 2017): |mu1 - mu2|^2 + tr(S1) + tr(S2) -
// 2 tr((S1 S2)^1/2). With the 2048-dimensional pool features of the
// Inception network it is the Fréchet Inception Distance.
//
// The trace of the square root comes from symmetric eigendecompositions
// (libtorch's LAPACK, float64) rather than the general matrix square root of
// pytorch-fid (scipy.linalg.sqrtm): with S1 = V L V^T and W = V L^1/2, the
// eigenvalues of S1 S2 are those of the symmetric W^T S2 W, so tr((S1
// S2)^1/2) is the sum of the square roots of the latter's eigenvalues (tiny
// negative ones, rounding of singular covariances, count as 0). No
// regularising offset is needed when N < D. The result is not clamped:
// identical statistics may give a value a rounding error below 0. At D =
// 2048 it takes seconds.
func FID(a, b *Stats) (float64, error) {
	if err := compatible(a, b); err != nil {
		return 0, err
	}
	d2 := 0.0
	for j := range a.Mean {
		d := a.Mean[j] - b.Mean[j]
		d2 += d * d
	}
	root, err := traceSqrtProduct(a.Cov, b.Cov)
	if err != nil {
		return 0, err
	}
	return d2 + mat.Trace(a.Cov) + mat.Trace(b.Cov) - 2*root, nil
}

// compatible checks that two statistics can be compared.
func compatible(a, b *Stats) error {
	if a == nil || b == nil || a.Cov == nil || b.Cov == nil {
		return fmt.Errorf("metrics: fid: missing statistics")
	}
	if a.Dim() != b.Dim() || a.Cov.SymmetricDim() != a.Dim() ||
		b.Cov.SymmetricDim() != b.Dim() {
		return fmt.Errorf("metrics: fid: features of dimension %d against %d",
			a.Dim(), b.Dim())
	}
	if a.Model != "" && b.Model != "" && a.Model != b.Model {
		return fmt.Errorf("metrics: fid: statistics from different networks "+
			"(sha256 %.12s against %.12s): %w", a.Model, b.Model, ErrStatsMismatch)
	}
	return nil
}

// traceSqrtProduct is tr((s1 s2)^1/2) for covariance matrices s1 and s2,
// by libtorch's LAPACK and BLAS in float64.
func traceSqrtProduct(s1, s2 *mat.SymDense) (float64, error) {
	vals, v, err := torchx.SymEigFloat64(full(s1), true)
	if err != nil {
		return 0, fmt.Errorf("metrics: fid: eigendecomposition of S1: %w", err)
	}
	// w = V L^1/2: scale column j by the root of eigenvalue j.
	d := len(vals)
	for j, l := range vals {
		r := math.Sqrt(math.Max(l, 0))
		for i := 0; i < d; i++ {
			v.Data[i*d+j] *= r
		}
	}
	t, err := torchx.MatMulFloat64(full(s2), false, v, false)
	if err != nil {
		return 0, fmt.Errorf("metrics: fid: S2 W: %w", err)
	}
	m, err := torchx.MatMulFloat64(v, true, t, false)
	if err != nil {
		return 0, fmt.Errorf("metrics: fid: W^T S2 W: %w", err)
	}
	for i := 0; i < d; i++ {
		for j := i + 1; j < d; j++ {
			avg := (m.Data[i*d+j] + m.Data[j*d+i]) / 2
			m.Data[i*d+j], m.Data[j*d+i] = avg, avg
		}
	}
	if vals, _, err = torchx.SymEigFloat64(m, false); err != nil {
		return 0, fmt.Errorf("metrics: fid: eigenvalues of W^T S2 W: %w", err)
	}
	root := 0.0
	for _, l := range vals {
		root += math.Sqrt(math.Max(l, 0))
	}
	if math.IsNaN(root) || math.IsInf(root, 0) {
		return 0, fmt.Errorf("metrics: fid: trace of the square root is %g: are the "+
			"covariances finite?", root)
	}
	return root, nil
}

// full copies a symmetric matrix into a full row-major one.
func full(s *mat.SymDense) torchx.Float64Matrix {
	d := s.SymmetricDim()
	m := torchx.Float64Matrix{Rows: d, Cols: d, Data: make([]float64, d*d)}
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			v := s.At(i, j)
			m.Data[i*d+j], m.Data[j*d+i] = v, v
		}
	}
	return m
}
