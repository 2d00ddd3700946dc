package metrics

import (
	"math"
	"strings"
	"testing"
)

func TestStatsMatchNumpy(t *testing.T) {
	r := loadReference(t)
	d := r.FID.Dim
	cases := []struct {
		name     string
		features []float64
		mean     []float64
		cov      []float64
		batch    int
	}{
		{"one batch", r.FID.A, r.FID.MeanA, r.FID.CovA, 0},
		{"batches of 7", r.FID.A, r.FID.MeanA, r.FID.CovA, 7},
		// Mean 1000, spread 0.01: a one-pass sum of squares would lose
		// every digit of the covariance.
		{"large mean in batches of 3", r.FID.Offset, nil, r.FID.CovOffset, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cols := d
			if tc.mean == nil {
				cols = int(math.Sqrt(float64(len(tc.cov))))
			}
			f := matrix(t, tc.features, cols)
			s, err := statsInBatches(f, tc.batch)
			if err != nil {
				t.Fatal(err)
			}
			if s.N != f.Rows || s.Dim() != cols {
				t.Fatalf("N %d, dim %d; want %d, %d", s.N, s.Dim(), f.Rows, cols)
			}
			for j, m := range tc.mean {
				if !near(s.Mean[j], m, 1e-12) {
					t.Errorf("mean[%d] = %v, want %v", j, s.Mean[j], m)
				}
			}
			for i := 0; i < cols; i++ {
				for j := 0; j < cols; j++ {
					want := tc.cov[i*cols+j]
					if got := s.Cov.At(i, j); math.Abs(got-want) > 1e-9*math.Abs(want)+1e-15 {
						t.Fatalf("cov[%d][%d] = %v, want %v", i, j, got, want)
					}
				}
			}
		})
	}
}

// statsInBatches computes the statistics of f in batches of the given size
// (all at once for 0).
func statsInBatches(f Matrix, batch int) (*Stats, error) {
	if batch == 0 {
		return NewStats(f)
	}
	var a StatsAccumulator
	for lo := 0; lo < f.Rows; lo += batch {
		hi := min(lo+batch, f.Rows)
		b := Matrix{Rows: hi - lo, Cols: f.Cols, Data: f.Data[lo*f.Cols : hi*f.Cols]}
		if err := a.Add(b); err != nil {
			return nil, err
		}
	}
	return a.Stats()
}

func TestStatsErrors(t *testing.T) {
	var a StatsAccumulator
	if _, err := a.Stats(); err == nil || !strings.Contains(err.Error(), "0 vectors") {
		t.Errorf("empty: err = %v", err)
	}
	if err := a.Add(Matrix{Rows: 1, Cols: 2, Data: []float32{1, 2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Stats(); err == nil || !strings.Contains(err.Error(), "1 vectors") {
		t.Errorf("one vector: err = %v", err)
	}
	err := a.Add(Matrix{Rows: 1, Cols: 3, Data: []float32{1, 2, 3}})
	if err == nil || !strings.Contains(err.Error(), "dimension 3 after 2") {
		t.Errorf("other dimension: err = %v", err)
	}
	err = a.Add(Matrix{Rows: 1, Cols: 2, Data: []float32{1, float32(math.Inf(1))}})
	if err == nil || !strings.Contains(err.Error(), "row 0, column 1") {
		t.Errorf("infinity: err = %v", err)
	}
}

// BenchmarkStats2048 measures the statistics of 1,000 Inception-sized
// feature vectors (D = 2048) in batches of 50.
func BenchmarkStats2048(b *testing.B) {
	f := Matrix{Rows: 1000, Cols: 2048, Data: make([]float32, 1000*2048)}
	for i := range f.Data {
		f.Data[i] = float32(i%101) / 100
	}
	for b.Loop() {
		if _, err := statsInBatches(f, 50); err != nil {
			b.Fatal(err)
		}
	}
}
