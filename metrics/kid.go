package metrics

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// KIDOptions tunes KID; the defaults are clean-fid's.
type KIDOptions struct {
	// Subsets is the number of random subset pairs. Default 100.
	Subsets int
	// SubsetSize is the number of rows of each subset. Default 1000; when
	// either set is smaller, the size of the smaller set (as clean-fid).
	SubsetSize int
	// Seed seeds the subset draws; the same seed gives the same score.
	Seed uint64
}

// KID is the Kernel Inception Distance (Binkowski et al. 2018) between the
// feature rows of a and b: the unbiased estimate of the squared maximum mean
// discrepancy with the cubic polynomial kernel k(x, y) = (x.y/D + 1)^3,
// averaged over Subsets pairs of subsets of SubsetSize rows, each drawn
// without replacement. Std is the spread over subsets (ddof 0). Pass
// Inception pool features for the usual KID, often reported times 1000.
func KID(a, b Matrix, opt KIDOptions) (Score, error) {
	subsets, size, err := kidSetup(a, b, opt)
	if err != nil {
		return Score{}, err
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x4b4944)) // "KID"
	parts := make([]float64, subsets)
	for s := range parts {
		x := gather(a, sample(rng, a.Rows, size))
		y := gather(b, sample(rng, b.Rows, size))
		if parts[s], err = mmd2Unbiased(x, y); err != nil {
			return Score{}, err
		}
		if math.IsNaN(parts[s]) || math.IsInf(parts[s], 0) {
			return Score{}, fmt.Errorf("metrics: kid: subset %d gave %g: are the features "+
				"finite?", s, parts[s])
		}
	}
	return newScore(parts), nil
}

// kidSetup validates KID's input and returns the number of subsets and
// their size.
func kidSetup(a, b Matrix, opt KIDOptions) (int, int, error) {
	if err := a.validate("kid", 2); err != nil {
		return 0, 0, err
	}
	if err := b.validate("kid", 2); err != nil {
		return 0, 0, err
	}
	if a.Cols != b.Cols {
		return 0, 0, fmt.Errorf("metrics: kid: features of dimension %d against %d",
			a.Cols, b.Cols)
	}
	subsets, size := opt.Subsets, opt.SubsetSize
	if subsets == 0 {
		subsets = 100
	}
	if size == 0 {
		size = 1000
	}
	if subsets < 1 || size < 2 {
		return 0, 0, fmt.Errorf("metrics: kid: %d subsets of %d rows, want at least 1 "+
			"subset of 2 rows", subsets, size)
	}
	return subsets, min(size, a.Rows, b.Rows), nil
}

// sample draws k distinct indices of [0, n) (a partial Fisher-Yates
// shuffle).
func sample(rng *rand.Rand, n, k int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for i := 0; i < k; i++ {
		j := i + rng.IntN(n-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	return idx[:k]
}

// gather copies rows idx of m into a float64 matrix.
func gather(m Matrix, idx []int) torchx.Float64Matrix {
	x := torchx.Float64Matrix{Rows: len(idx), Cols: m.Cols,
		Data: make([]float64, len(idx)*m.Cols)}
	for i, r := range idx {
		dst := x.Data[i*m.Cols : (i+1)*m.Cols]
		for j, v := range m.Row(r) {
			dst[j] = float64(v)
		}
	}
	return x
}

// mmd2Unbiased is the unbiased MMD^2 estimate between the rows of x and y
// (m rows each) under the cubic polynomial kernel; the Gram matrices come
// from libtorch's BLAS.
func mmd2Unbiased(x, y torchx.Float64Matrix) (float64, error) {
	m, d := x.Rows, x.Cols
	kernelSum := func(a, b torchx.Float64Matrix, diagonal bool) (float64, error) {
		g, err := torchx.MatMulFloat64(a, false, b, true)
		if err != nil {
			return 0, fmt.Errorf("metrics: kid: gram matrix: %w", err)
		}
		s := 0.0
		for i := 0; i < m; i++ {
			for j, dot := range g.Data[i*m : (i+1)*m] {
				if i != j || diagonal {
					k := dot/float64(d) + 1
					s += k * k * k
				}
			}
		}
		return s, nil
	}
	xx, err1 := kernelSum(x, x, false)
	yy, err2 := kernelSum(y, y, false)
	xy, err3 := kernelSum(x, y, true)
	if err := errors.Join(err1, err2, err3); err != nil {
		return 0, err
	}
	fm := float64(m)
	return (xx+yy)/(fm*(fm-1)) - 2*xy/(fm*fm), nil
}
