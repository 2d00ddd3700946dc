package metrics

import (
	"math"
	"strings"
	"testing"
)

// TestKIDMatchesNumpy: with subsets as large as the sets (50 rows each),
// every subset is the whole set in some order and the unbiased MMD^2 is
// numpy's on the whole set, with no spread over subsets.
func TestKIDMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	x, y := matrix(t, r.KID.X, r.KID.Dim), matrix(t, r.KID.Y, r.KID.Dim)
	s, err := KID(x, y, KIDOptions{Subsets: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !relClose(s.Mean, r.KID.Full, 1e-10) || s.Std > 1e-10*s.Mean || len(s.Parts) != 3 {
		t.Errorf("KID %v ± %v over %d subsets, want %v ± 0 over 3", s.Mean, s.Std,
			len(s.Parts), r.KID.Full)
	}
	first20 := make([]int, 20)
	for i := range first20 {
		first20[i] = i
	}
	got, err := mmd2Unbiased(gather(x, first20), gather(y, first20))
	if err != nil {
		t.Fatal(err)
	}
	if !relClose(got, r.KID.First20, 1e-10) {
		t.Errorf("MMD^2 of the first 20 rows = %v, want %v", got, r.KID.First20)
	}
}

// TestKIDSubsets checks the subset draws: reproducible for a seed, changing
// with it, spread over subsets smaller than the sets, and an unbiased
// estimate of 0 (on average) for two halves of one set.
func TestKIDSubsets(t *testing.T) {
	r := loadReference(t)
	x, y := matrix(t, r.KID.X, r.KID.Dim), matrix(t, r.KID.Y, r.KID.Dim)
	opt := KIDOptions{Subsets: 20, SubsetSize: 10, Seed: 1}
	a, err := KID(x, y, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := KID(x, y, opt)
	opt.Seed = 2
	c, _ := KID(x, y, opt)
	if a.Mean != b.Mean || a.Mean == c.Mean || a.Std == 0 {
		t.Errorf("seeds 1, 1, 2 gave %v, %v, %v (std %v): want equal, equal, other, "+
			"std > 0", a.Mean, b.Mean, c.Mean, a.Std)
	}
	half1 := Matrix{Rows: 25, Cols: x.Cols, Data: x.Data[:25*x.Cols]}
	half2 := Matrix{Rows: 25, Cols: x.Cols, Data: x.Data[25*x.Cols:]}
	same, err := KID(half1, half2, KIDOptions{Subsets: 200, SubsetSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if same.Mean > a.Mean/4 || same.Mean < -a.Mean/4 {
		t.Errorf("KID of one distribution %v, want near 0 against %v between two", same.Mean,
			a.Mean)
	}
}

func TestKIDErrors(t *testing.T) {
	m := Matrix{Rows: 3, Cols: 2, Data: make([]float32, 6)}
	n := Matrix{Rows: 3, Cols: 3, Data: make([]float32, 9)}
	one := Matrix{Rows: 1, Cols: 2, Data: make([]float32, 2)}
	inf := Matrix{Rows: 3, Cols: 2, Data: []float32{1, 2, 3, 4, 5, float32(math.Inf(1))}}
	cases := []struct {
		name string
		a, b Matrix
		opt  KIDOptions
		want string
	}{
		{"dimensions", m, n, KIDOptions{}, "dimension 2 against 3"},
		{"one row", m, one, KIDOptions{}, "1 rows"},
		{"subset of 1", m, m, KIDOptions{SubsetSize: 1}, "1 subset of 2 rows"},
		{"negative subsets", m, m, KIDOptions{Subsets: -1}, "-1 subsets"},
		{"infinite feature", m, inf, KIDOptions{}, "are the features finite"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := KID(tc.a, tc.b, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// BenchmarkKIDSubset measures one subset pair of clean-fid's default size:
// 1,000 rows of 2,048 features on each side.
func BenchmarkKIDSubset(b *testing.B) {
	f := Matrix{Rows: 1000, Cols: 2048, Data: make([]float32, 1000*2048)}
	for i := range f.Data {
		f.Data[i] = float32(i%101) / 100
	}
	for b.Loop() {
		if _, err := KID(f, f, KIDOptions{Subsets: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
