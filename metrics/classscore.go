package metrics

import (
	"fmt"
	"math"
)

// Score is a mean and a population standard deviation (numpy's std, ddof
// 0) over parts: the splits of a classifier score or the subsets of KID.
type Score struct {
	Mean, Std float64
	Parts     []float64
}

func newScore(parts []float64) Score {
	mean := 0.0
	for _, v := range parts {
		mean += v
	}
	mean /= float64(len(parts))
	v := 0.0
	for _, p := range parts {
		v += (p - mean) * (p - mean)
	}
	return Score{Mean: mean, Std: math.Sqrt(v / float64(len(parts))), Parts: parts}
}

// ScoreOptions tunes ClassifierScore.
type ScoreOptions struct {
	// Splits is the number of splits the rows are cut into. Default 10, as
	// in the Inception Score's original code.
	Splits int
	// Probabilities says the rows hold class probabilities (a softmax
	// output) rather than logits.
	Probabilities bool
}

// probabilityTolerance is how far a row of probabilities may sum from 1.
const probabilityTolerance = 1e-3

// ClassifierScore is the Inception Score formula exp(E_x KL(p(y|x) || p(y)))
// (Salimans et al. 2016) over the rows of m, one per generated sample: the
// Inception Score with the Inception network's logits, the classifier score
// of the paper's Figure 5 with an MNIST classifier's. As in the original
// code the rows are cut into Splits consecutive splits of N/Splits rows
// (the N mod Splits last rows are left out), p(y) is the mean of p(y|x)
// within a split, and the score's mean and std are over the splits. Terms
// with p(y|x) = 0 count as 0.
func ClassifierScore(m Matrix, opt ScoreOptions) (Score, error) {
	splits := opt.Splits
	if splits == 0 {
		splits = 10
	}
	if splits < 1 {
		return Score{}, fmt.Errorf("metrics: classifier score: %d splits, want at least 1", splits)
	}
	if err := m.validate("classifier score", splits); err != nil {
		return Score{}, err
	}
	size := m.Rows / splits
	parts := make([]float64, splits)
	logp := make([]float64, size*m.Cols) // one split at a time
	for s := range parts {
		rows := Matrix{Rows: size, Cols: m.Cols, Data: m.Data[s*size*m.Cols : (s+1)*size*m.Cols]}
		if err := logProbabilities(rows, opt.Probabilities, logp); err != nil {
			return Score{}, fmt.Errorf("metrics: classifier score: split %d: %w", s, err)
		}
		parts[s] = math.Exp(meanKL(logp, m.Cols))
	}
	return newScore(parts), nil
}

// logProbabilities writes log p(y|x) for every row of m into out, in
// float64: the log-softmax of logits, or the log of probabilities after
// checking them.
func logProbabilities(m Matrix, probabilities bool, out []float64) error {
	for i := 0; i < m.Rows; i++ {
		row, dst := m.Row(i), out[i*m.Cols:(i+1)*m.Cols]
		if probabilities {
			if err := logOfProbabilities(row, dst); err != nil {
				return fmt.Errorf("row %d: %w", i, err)
			}
		} else if !logSoftmax(row, dst) {
			return fmt.Errorf("row %d has logits that are not finite", i)
		}
	}
	return nil
}

func logOfProbabilities(row []float32, dst []float64) error {
	s := 0.0
	for j, p := range row {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("probability %g outside [0, 1]; are these logits? "+
				"unset ScoreOptions.Probabilities", p)
		}
		s += float64(p)
		dst[j] = math.Log(float64(p))
	}
	if math.Abs(s-1) > probabilityTolerance {
		return fmt.Errorf("probabilities sum to %g, want 1", s)
	}
	return nil
}

// logSoftmax writes the log-softmax of row into dst and reports whether the
// row was finite.
func logSoftmax(row []float32, dst []float64) bool {
	hi := math.Inf(-1)
	for _, v := range row {
		hi = math.Max(hi, float64(v))
	}
	s := 0.0
	for _, v := range row {
		s += math.Exp(float64(v) - hi)
	}
	lse := hi + math.Log(s)
	for j, v := range row {
		dst[j] = float64(v) - lse
	}
	return !math.IsNaN(lse) && !math.IsInf(lse, 0)
}

// meanKL is the mean over the rows of logp (width k) of KL(p(y|x) || p(y)),
// with p(y) the mean of the rows' p(y|x).
func meanKL(logp []float64, k int) float64 {
	n := len(logp) / k
	colSum := make([]float64, k) // sum over rows of p(y|x): n p(y)
	kl := 0.0
	for i := 0; i < n; i++ {
		for j, lp := range logp[i*k : (i+1)*k] {
			p := math.Exp(lp)
			colSum[j] += p
			if p > 0 {
				kl += p * lp // the sum of p log p
			}
		}
	}
	// sum_ij p_ij log p(y_j) = sum_j colSum_j log(colSum_j / n)
	for _, c := range colSum {
		if c > 0 {
			kl -= c * math.Log(c/float64(n))
		}
	}
	return kl / float64(n)
}
