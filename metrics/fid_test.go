package metrics

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestFIDMatchesNumpy compares with numpy's FID (symmetric
// eigendecompositions, checked there against the eigenvalues of the
// non-symmetric product) to 1e-6 relative, including a singular covariance
// (16 vectors of dimension 24).
func TestFIDMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	d := r.FID.Dim
	stats := func(flat []float64) *Stats {
		s, err := NewStats(matrix(t, flat, d))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b, small := stats(r.FID.A), stats(r.FID.B), stats(r.FID.Small)
	cases := []struct {
		name string
		x, y *Stats
		want float64
	}{
		{"a against b", a, b, r.FID.FIDAB},
		{"b against a", b, a, r.FID.FIDAB},
		{"singular against b", small, b, r.FID.FIDSmallB},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FID(tc.x, tc.y)
			if err != nil {
				t.Fatal(err)
			}
			if !relClose(got, tc.want, 1e-6) {
				t.Errorf("FID = %.12g, want %.12g", got, tc.want)
			}
		})
	}
	t.Run("a against itself", func(t *testing.T) {
		got, err := FID(a, a)
		if err != nil {
			t.Fatal(err)
		}
		if scale := mat.Trace(a.Cov); math.Abs(got) > 1e-10*scale {
			t.Errorf("FID = %g, want 0 up to rounding of a trace of %g", got, scale)
		}
	})
}

// TestFIDOfKnownGaussians checks the closed form for commuting covariances:
// diagonal S1 = diag(a), S2 = diag(b) give |mu1-mu2|^2 + sum (sqrt a -
// sqrt b)^2.
func TestFIDOfKnownGaussians(t *testing.T) {
	s1 := &Stats{N: 10, Mean: []float64{0, 1, 2}, Cov: mat.NewSymDense(3, []float64{
		4, 0, 0, 0, 1, 0, 0, 0, 9})}
	s2 := &Stats{N: 10, Mean: []float64{1, 1, 0}, Cov: mat.NewSymDense(3, []float64{
		1, 0, 0, 0, 1, 0, 0, 0, 0})}
	want := 1.0 + 4 + (2-1)*(2-1) + 0 + (3-0)*(3-0)
	got, err := FID(s1, s2)
	if err != nil {
		t.Fatal(err)
	}
	if !relClose(got, want, 1e-12) {
		t.Errorf("FID = %v, want %v", got, want)
	}
}

func TestFIDErrors(t *testing.T) {
	s2 := &Stats{N: 2, Mean: []float64{0, 0}, Cov: mat.NewSymDense(2, nil), Model: "aa"}
	s3 := &Stats{N: 2, Mean: []float64{0, 0, 0}, Cov: mat.NewSymDense(3, nil)}
	other := &Stats{N: 2, Mean: []float64{0, 0}, Cov: mat.NewSymDense(2, nil), Model: "bb"}
	if _, err := FID(s2, s3); err == nil ||
		!strings.Contains(err.Error(), "dimension 2 against 3") {
		t.Errorf("dimensions: err = %v", err)
	}
	if _, err := FID(s2, other); !errors.Is(err, ErrStatsMismatch) {
		t.Errorf("networks: err = %v, want ErrStatsMismatch", err)
	}
	if _, err := FID(s2, nil); err == nil {
		t.Error("nil statistics: no error")
	}
}

// BenchmarkFID measures FID at dimension 512 and 2048 (the Inception
// network's pool features).
func BenchmarkFID(b *testing.B) {
	for _, d := range []int{512, 2048} {
		b.Run(strconv.Itoa(d), func(b *testing.B) {
			x, y := randomStats(d, 1), randomStats(d, 2)
			for b.Loop() {
				if _, err := FID(x, y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// randomStats returns full-rank statistics of dimension d: a covariance
// A A^T / d + I from a deterministic pseudo-random A.
func randomStats(d int, seed uint32) *Stats {
	a := mat.NewDense(d, d, nil)
	state := seed
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			state = state*1664525 + 1013904223
			a.Set(i, j, float64(state>>8)/float64(1<<24)-0.5)
		}
	}
	cov := mat.NewSymDense(d, nil)
	cov.SymOuterK(1/float64(d), a)
	for i := 0; i < d; i++ {
		cov.SetSym(i, i, cov.At(i, i)+1)
	}
	return &Stats{N: 2 * d, Mean: make([]float64, d), Cov: cov}
}
