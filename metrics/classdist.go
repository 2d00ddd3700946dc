package metrics

import (
	"fmt"
	"math"
)

// ClassDistribution is the distribution of the classes a classifier predicts
// for generated samples: the mode distribution of the paper's Figure 5.
type ClassDistribution struct {
	// Counts is the number of rows whose largest entry is each class.
	Counts []int
	// Entropy is -sum_c q_c log q_c (natural log) of the shares q_c =
	// Counts[c]/N: at most log K for K classes, reached when every class is
	// predicted equally often. Higher is better.
	Entropy float64
	// TotalVariation is 1/2 sum_c |q_c - 1/K|, the total variation distance
	// from the uniform distribution, in [0, 1 - 1/K]. Lower is better.
	TotalVariation float64
}

// ClassHistogram takes the predicted class of every row of m (logits or
// probabilities: the argmax, the first one on ties) and returns their
// distribution, its entropy and its total variation from uniform (paper
// Figure 5b and 5c). A row with a NaN is an error.
func ClassHistogram(m Matrix) (ClassDistribution, error) {
	if err := m.validate("class histogram", 1); err != nil {
		return ClassDistribution{}, err
	}
	d := ClassDistribution{Counts: make([]int, m.Cols)}
	for i := 0; i < m.Rows; i++ {
		c, err := argmax(m.Row(i))
		if err != nil {
			return ClassDistribution{}, fmt.Errorf("metrics: class histogram: row %d: %w", i, err)
		}
		d.Counts[c]++
	}
	n, k := float64(m.Rows), float64(m.Cols)
	for _, c := range d.Counts {
		q := float64(c) / n
		if c > 0 {
			d.Entropy -= q * math.Log(q)
		}
		d.TotalVariation += math.Abs(q-1/k) / 2
	}
	return d, nil
}

func argmax(row []float32) (int, error) {
	best := 0
	for j, v := range row {
		if math.IsNaN(float64(v)) {
			return 0, fmt.Errorf("class %d is NaN", j)
		}
		if v > row[best] {
			best = j
		}
	}
	return best, nil
}
