package metrics

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// KDE is a Gaussian kernel density estimate in the plane with an isotropic
// bandwidth: p(x) = 1/n sum_j N(x; Samples[j], Bandwidth^2 I).
type KDE struct {
	Samples   [][2]float64
	Bandwidth float64
}

// LogDensity is log p(x), computed stably (log-sum-exp).
func (k KDE) LogDensity(x [2]float64) float64 {
	return logKernelMean(x, k.Samples, k.Bandwidth)
}

// MeanLogDensity is the mean of log p over points: the average
// log-likelihood per point.
func (k KDE) MeanLogDensity(points [][2]float64) float64 {
	total := 0.0
	for _, v := range parallelMap(len(points), func(i int) []float64 {
		return []float64{k.LogDensity(points[i])}
	}) {
		total += v[0]
	}
	return total / float64(len(points))
}

// KDEOptions tunes the bandwidth's cross-validation.
type KDEOptions struct {
	// Bandwidths are the candidates. Default: DefaultBandwidths(samples).
	Bandwidths []float64
	// Folds is the number of cross-validation folds. Default 5.
	Folds int
}

// KDEResult is the outcome of KDELogLikelihood.
type KDEResult struct {
	Bandwidth     float64   // the chosen bandwidth
	Bandwidths    []float64 // the candidates
	CVScores      []float64 // each candidate's mean held-out log-density
	LogLikelihood float64   // mean log-density of the held-out real points
}

// KDELogLikelihood fits a KDE to generated samples, choosing its bandwidth
// by cross-validation on those samples (FitKDE), and returns the mean
// log-likelihood per point of the held-out real points under it: the
// "GMM-KDE with cross-validated bandwidth" of the paper's Appendix A (Figure
// 10). The real points play no part in choosing the bandwidth.
func KDELogLikelihood(generated, heldOut [][2]float64, opt KDEOptions) (KDEResult, error) {
	if len(heldOut) == 0 {
		return KDEResult{}, fmt.Errorf("metrics: kde log-likelihood: no held-out points")
	}
	for i, p := range heldOut {
		if !finite2(p) {
			return KDEResult{}, fmt.Errorf("metrics: kde log-likelihood: held-out point %d "+
				"is %v, want finite", i, p)
		}
	}
	kde, res, err := FitKDE(generated, opt)
	if err != nil {
		return KDEResult{}, err
	}
	res.LogLikelihood = kde.MeanLogDensity(heldOut)
	return res, nil
}

// FitKDE chooses the bandwidth among the candidates by k-fold
// cross-validation on samples and returns the KDE of all samples with it.
// The folds are contiguous blocks, the first n mod k one sample larger (as
// scikit-learn's KFold without shuffling); each candidate's score is the
// mean, over all samples, of the log-density of a sample under the KDE of
// the other folds. The highest score wins; a tie goes to the first
// candidate. Samples must be finite: a generator that produced NaNs has no
// density to estimate.
func FitKDE(samples [][2]float64, opt KDEOptions) (KDE, KDEResult, error) {
	folds, bandwidths, err := kdeSetup(samples, opt)
	if err != nil {
		return KDE{}, KDEResult{}, err
	}
	scores := make([]float64, len(bandwidths))
	for f := 0; f < folds; f++ {
		lo, hi := foldBounds(len(samples), folds, f)
		train := append(append([][2]float64{}, samples[:lo]...), samples[hi:]...)
		rows := parallelMap(hi-lo, func(i int) []float64 {
			return logKernelMeans(samples[lo+i], train, bandwidths)
		})
		for _, r := range rows {
			for b, v := range r {
				scores[b] += v
			}
		}
	}
	best := 0
	for b := range scores {
		scores[b] /= float64(len(samples))
		if scores[b] > scores[best] {
			best = b
		}
	}
	kde := KDE{Samples: samples, Bandwidth: bandwidths[best]}
	return kde, KDEResult{Bandwidth: bandwidths[best], Bandwidths: bandwidths,
		CVScores: scores}, nil
}

// kdeSetup validates the samples and options and resolves the defaults.
func kdeSetup(samples [][2]float64, opt KDEOptions) (int, []float64, error) {
	folds := opt.Folds
	if folds == 0 {
		folds = 5
	}
	if folds < 2 || len(samples) < folds {
		return 0, nil, fmt.Errorf("metrics: kde: %d samples in %d folds, want at least 2 "+
			"folds and a sample per fold", len(samples), folds)
	}
	for i, p := range samples {
		if !finite2(p) {
			return 0, nil, fmt.Errorf("metrics: kde: sample %d is %v, want finite", i, p)
		}
	}
	bandwidths := opt.Bandwidths
	if len(bandwidths) == 0 {
		var err error
		if bandwidths, err = DefaultBandwidths(samples); err != nil {
			return 0, nil, err
		}
	}
	for _, h := range bandwidths {
		if !(h > 0) || math.IsInf(h, 1) {
			return 0, nil, fmt.Errorf("metrics: kde: bandwidth %g, want positive", h)
		}
	}
	return folds, bandwidths, nil
}

// DefaultBandwidths are the default candidates of FitKDE: 31 values spaced
// geometrically from s/1000 to s (ratio 10^0.1), where s is the samples'
// pooled standard deviation, sqrt((var x + var y) / 2).
func DefaultBandwidths(samples [][2]float64) ([]float64, error) {
	var mean [2]float64
	for _, p := range samples {
		mean[0] += p[0]
		mean[1] += p[1]
	}
	n := float64(len(samples))
	mean[0], mean[1] = mean[0]/n, mean[1]/n
	v := 0.0
	for _, p := range samples {
		v += dist2(p, mean)
	}
	s := math.Sqrt(v / (2 * n))
	if !(s > 0) || math.IsInf(s, 1) {
		return nil, fmt.Errorf("metrics: kde: samples have spread %g; give "+
			"KDEOptions.Bandwidths explicitly", s)
	}
	bw := make([]float64, 31)
	for i := range bw {
		bw[i] = s * math.Pow(10, float64(i-30)/10)
	}
	return bw, nil
}

// foldBounds is the half-open index range [lo, hi) of fold f of n samples
// in k contiguous folds, the first n mod k of them one larger.
func foldBounds(n, k, f int) (int, int) {
	size, extra := n/k, n%k
	lo := f*size + min(f, extra)
	hi := lo + size
	if f < extra {
		hi++
	}
	return lo, hi
}

// logKernelMean is log(1/n sum_j N(x; s_j, h^2 I)).
func logKernelMean(x [2]float64, samples [][2]float64, h float64) float64 {
	return logKernelMeans(x, samples, []float64{h})[0]
}

// logKernelMeans is logKernelMean for each bandwidth, sharing the distances.
func logKernelMeans(x [2]float64, samples [][2]float64, bandwidths []float64) []float64 {
	d2 := make([]float64, len(samples))
	minD2 := math.Inf(1)
	for j, s := range samples {
		d2[j] = dist2(x, s)
		minD2 = min(minD2, d2[j])
	}
	out := make([]float64, len(bandwidths))
	logN := math.Log(float64(len(samples)))
	for b, h := range bandwidths {
		// log-sum-exp of -d2/(2h^2), shifted by its largest term.
		inv := 1 / (2 * h * h)
		s := 0.0
		for _, v := range d2 {
			s += math.Exp(-(v - minD2) * inv)
		}
		out[b] = math.Log(s) - minD2*inv - logN - math.Log(2*math.Pi*h*h)
	}
	return out
}

// parallelMap returns f(0), ..., f(n-1), computed on all CPUs.
func parallelMap(n int, f func(i int) []float64) [][]float64 {
	out := make([][]float64, n)
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				out[i] = f(i)
			}
		}(w)
	}
	wg.Wait()
	return out
}
