package metrics

import (
	"math"
	"strings"
	"testing"
)

// TestClassifierScoreMatchesNumpy: 233 rows of 10 logits (the 3 last left
// out of 10 splits of 23), from logits and from float32 probabilities.
func TestClassifierScoreMatchesNumpy(t *testing.T) {
	r := loadReference(t)
	c := r.Classifier
	cases := []struct {
		name string
		data []float64
		opt  ScoreOptions
		want scoreWant
	}{
		{"logits, 10 splits", c.Logits, ScoreOptions{}, c.Logits10},
		{"logits, 3 splits", c.Logits, ScoreOptions{Splits: 3}, c.Logits3},
		{"probabilities, 10 splits", c.Probabilities, ScoreOptions{Probabilities: true},
			c.Probabilities10},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ClassifierScore(matrix(t, tc.data, c.Cols), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !relClose(s.Mean, tc.want.Mean, 1e-12) || !relClose(s.Std, tc.want.Std, 1e-10) {
				t.Errorf("score %v ± %v, want %v ± %v", s.Mean, s.Std, tc.want.Mean, tc.want.Std)
			}
			if len(s.Parts) != len(tc.want.Parts) {
				t.Fatalf("%d parts, want %d", len(s.Parts), len(tc.want.Parts))
			}
			for i, p := range tc.want.Parts {
				if !relClose(s.Parts[i], p, 1e-12) {
					t.Errorf("split %d = %v, want %v", i, s.Parts[i], p)
				}
			}
		})
	}
}

// TestClassifierScoreBounds checks the score's two ends, known in closed
// form: K for confident predictions spread evenly over K classes (terms
// with p = 0 count as 0), 1 for a single class or uniform predictions.
func TestClassifierScoreBounds(t *testing.T) {
	const k = 4
	oneHot := func(class func(i int) int) Matrix {
		m := Matrix{Rows: 40, Cols: k, Data: make([]float32, 40*k)}
		for i := 0; i < m.Rows; i++ {
			m.Data[i*k+class(i)] = 1
		}
		return m
	}
	uniform := Matrix{Rows: 40, Cols: k, Data: make([]float32, 40*k)}
	cases := []struct {
		name string
		m    Matrix
		opt  ScoreOptions
		want float64
	}{
		{"even one-hot", oneHot(func(i int) int { return i % k }),
			ScoreOptions{Probabilities: true}, k},
		{"one class", oneHot(func(int) int { return 2 }), ScoreOptions{Probabilities: true}, 1},
		{"equal logits", uniform, ScoreOptions{}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ClassifierScore(tc.m, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !relClose(s.Mean, tc.want, 1e-12) || s.Std > 1e-12 {
				t.Errorf("score %v ± %v, want %v ± 0", s.Mean, s.Std, tc.want)
			}
		})
	}
}

// TestClassifierScoreLargeLogits checks that logits far beyond exp's range
// give the score of their softmax.
func TestClassifierScoreLargeLogits(t *testing.T) {
	m := Matrix{Rows: 20, Cols: 2, Data: make([]float32, 40)}
	for i := 0; i < m.Rows; i++ {
		m.Data[2*i+i%2] = 1e4 // softmax is one-hot
	}
	s, err := ClassifierScore(m, ScoreOptions{Splits: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !relClose(s.Mean, 2, 1e-12) {
		t.Errorf("score %v, want 2", s.Mean)
	}
}

func TestClassifierScoreErrors(t *testing.T) {
	probs := func(vals ...float32) Matrix {
		return Matrix{Rows: len(vals) / 2, Cols: 2, Data: vals}
	}
	cases := []struct {
		name string
		m    Matrix
		opt  ScoreOptions
		want string
	}{
		{"fewer rows than splits", probs(0.5, 0.5), ScoreOptions{Splits: 2}, "1 rows"},
		{"negative splits", probs(0.5, 0.5), ScoreOptions{Splits: -1}, "-1 splits"},
		{"logits as probabilities", probs(0.5, 0.5, 3, -2), ScoreOptions{Splits: 1,
			Probabilities: true}, "are these logits"},
		{"rows not summing to 1", probs(0.5, 0.4), ScoreOptions{Splits: 1,
			Probabilities: true}, "sum to 0.9"},
		{"NaN logit", probs(float32(math.NaN()), 1), ScoreOptions{Splits: 1}, "not finite"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ClassifierScore(tc.m, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// BenchmarkClassifierScore measures the Inception Score's usual size: 50,000
// rows of 1,008 logits in 10 splits.
func BenchmarkClassifierScore(b *testing.B) {
	m := Matrix{Rows: 50000, Cols: 1008, Data: make([]float32, 50000*1008)}
	for i := range m.Data {
		m.Data[i] = float32(i%97) / 10
	}
	for b.Loop() {
		if _, err := ClassifierScore(m, ScoreOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
