package metrics

import (
	"math"
	"strings"
	"testing"
)

func TestClassHistogramMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	c := r.Classifier
	d, err := ClassHistogram(matrix(t, c.Logits, c.Cols))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range c.Histogram.Counts {
		if d.Counts[i] != n {
			t.Fatalf("counts %v, want %v", d.Counts, c.Histogram.Counts)
		}
	}
	if !relClose(d.Entropy, c.Histogram.Entropy, 1e-12) {
		t.Errorf("entropy %v, want %v", d.Entropy, c.Histogram.Entropy)
	}
	if !relClose(d.TotalVariation, c.Histogram.TotalVariation, 1e-12) {
		t.Errorf("total variation %v, want %v", d.TotalVariation, c.Histogram.TotalVariation)
	}
}

// TestClassHistogramBounds checks the closed-form ends: an even spread over
// K classes has entropy log K and total variation 0; a single class has
// entropy 0 and total variation 1 - 1/K. Ties go to the first class.
func TestClassHistogramBounds(t *testing.T) {
	const k = 5
	rows := func(class func(i int) int) Matrix {
		m := Matrix{Rows: 10 * k, Cols: k, Data: make([]float32, 10*k*k)}
		for i := 0; i < m.Rows; i++ {
			m.Data[i*k+class(i)] = 3
		}
		return m
	}
	cases := []struct {
		name        string
		m           Matrix
		entropy, tv float64
	}{
		{"even", rows(func(i int) int { return i % k }), math.Log(k), 0},
		{"one class", rows(func(int) int { return 3 }), 0, 1 - 1.0/k},
		{"all tied", Matrix{Rows: 4, Cols: k, Data: make([]float32, 4*k)}, 0, 1 - 1.0/k},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ClassHistogram(tc.m)
			if err != nil {
				t.Fatal(err)
			}
			if !near(d.Entropy, tc.entropy, 1e-12) || !near(d.TotalVariation, tc.tv, 1e-12) {
				t.Errorf("entropy %v, tv %v; want %v, %v", d.Entropy, d.TotalVariation,
					tc.entropy, tc.tv)
			}
		})
	}
	d, _ := ClassHistogram(cases[2].m)
	if d.Counts[0] != 4 {
		t.Errorf("tied rows: counts %v, want all in class 0", d.Counts)
	}
}

func TestClassHistogramErrors(t *testing.T) {
	nan := Matrix{Rows: 1, Cols: 2, Data: []float32{1, float32(math.NaN())}}
	if _, err := ClassHistogram(nan); err == nil || !strings.Contains(err.Error(), "row 0") {
		t.Errorf("NaN: err = %v, want it to name row 0", err)
	}
	if _, err := ClassHistogram(Matrix{Cols: 2}); err == nil {
		t.Error("no rows: no error")
	}
}
