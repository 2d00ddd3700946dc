package data

import (
	"math"
	"slices"
	"testing"
)

func TestDescribeFinite(t *testing.T) {
	// Two examples of shape (2, 2): group 0 holds 1, 2, 5, 6 and group 1
	// holds 3, 4, 7, 8.
	f, err := NewFloats([]float32{1, 2, 3, 4, 5, 6, 7, 8}, []int64{2, 2}, []int{1, 1},
		[]string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	info := Describe(f, DescribeOptions{})
	wantStd := math.Sqrt((2.5*2.5 + 1.5*1.5 + 1.5*1.5 + 2.5*2.5) / 4)
	if info.Len != 2 || info.Covered != 2 || !slices.Equal(info.Counts, []int{0, 2}) {
		t.Errorf("len %d, covered %d, counts %v; want 2, 2, [0 2]", info.Len, info.Covered,
			info.Counts)
	}
	for g, want := range []float64{3.5, 5.5} {
		if math.Abs(info.Mean[g]-want) > 1e-12 || math.Abs(info.Std[g]-wantStd) > 1e-12 {
			t.Errorf("group %d: mean %g std %g, want %g and %g", g, info.Mean[g], info.Std[g],
				want, wantStd)
		}
	}
}

func TestDescribeEndless(t *testing.T) {
	r, _ := Ring(RingOptions{})
	info := Describe(r, DescribeOptions{Sample: 40000})
	if info.Covered != 40000 || len(info.Counts) != 8 {
		t.Fatalf("covered %d with %d classes, want 40000 and 8", info.Covered, len(info.Counts))
	}
	// x = 2 cos(a) over eight equal angles: mean 0, std sqrt(2).
	if math.Abs(info.Mean[0]) > 0.03 || math.Abs(info.Std[0]-math.Sqrt2) > 0.02 {
		t.Errorf("x mean %.4f std %.4f, want 0 and %.4f", info.Mean[0], info.Std[0], math.Sqrt2)
	}
	again := Describe(r, DescribeOptions{Sample: 40000})
	if again.Mean[0] != info.Mean[0] {
		t.Error("Describe of an endless source is not reproducible")
	}
}
