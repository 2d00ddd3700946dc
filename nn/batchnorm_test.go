package nn

import (
	"math"
	"testing"
)

// bnLoops normalises x (n, c, hw) per channel with the batch statistics and
// returns the output and the biased and unbiased variances.
func bnLoops(x, mean0, var0, w, b []float64, n, c, hw int, training bool) (
	out, mean, unbiased []float64) {
	out = make([]float64, len(x))
	mean, variance := append([]float64{}, mean0...), append([]float64{}, var0...)
	unbiased = make([]float64, c)
	for ch := range c {
		if training {
			s, ss := 0.0, 0.0
			for i := range n {
				for j := range hw {
					s += x[(i*c+ch)*hw+j]
				}
			}
			m := float64(n * hw)
			mean[ch] = s / m
			for i := range n {
				for j := range hw {
					d := x[(i*c+ch)*hw+j] - mean[ch]
					ss += d * d
				}
			}
			variance[ch], unbiased[ch] = ss/m, ss/(m-1)
		}
		for i := range n {
			for j := range hw {
				k := (i*c+ch)*hw + j
				out[k] = (x[k]-mean[ch])/math.Sqrt(variance[ch]+DefaultEps)*w[ch] + b[ch]
			}
		}
	}
	return out, mean, unbiased
}

func TestBatchNormTrainingAndEval(t *testing.T) {
	const n, c, h = 4, 3, 2
	bn := NewBatchNorm2d(c)
	bn.Bias = fromF64([]float64{0.5, -0.25, 1}, c)
	x := randn(n, c, h, h)
	w, b := f64s(bn.Weight), f64s(bn.Bias)

	// Training: batch statistics; running ones move by the momentum.
	zeros := make([]float64, c)
	want, mean, unbiased := bnLoops(f64s(x), zeros, zeros, w, b, n, c, h*h, true)
	assertClose(t, "training output", bn.Forward(x, true), fromF64(want, n, c, h, h), 1e-5)
	wantMean, wantVar := make([]float64, c), make([]float64, c)
	for ch := range c {
		wantMean[ch] = DefaultMomentum * mean[ch]
		wantVar[ch] = (1-DefaultMomentum)*1 + DefaultMomentum*unbiased[ch]
	}
	assertClose(t, "running mean", bn.RunningMean, fromF64(wantMean, c), 1e-6)
	assertClose(t, "running var", bn.RunningVar, fromF64(wantVar, c), 1e-6)

	// Evaluation: running statistics, left unchanged.
	want, _, _ = bnLoops(f64s(x), wantMean, wantVar, w, b, n, c, h*h, false)
	assertClose(t, "eval output", bn.Forward(x, false), fromF64(want, n, c, h, h), 1e-5)
	assertClose(t, "running mean after eval", bn.RunningMean, fromF64(wantMean, c), 1e-6)
}
