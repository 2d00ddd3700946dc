package data

import (
	"math"
	"math/rand/v2"
)

// Info summarises a data set, for `sgan data info` and for checks.
type Info struct {
	Len     int      // examples; 0 for an endless distribution
	Shape   []int64  // of one example
	Classes []string // nil when unlabelled
	// Counts is the number of examples of each class among those covered.
	Counts []int
	// Mean and Std are the mean and population standard deviation of the
	// values at each index of an example's first axis (a channel of an
	// image, a coordinate of a toy point, a symbol of text: its frequency),
	// on the scale Fill yields (images in [-1, 1]).
	Mean, Std []float64
	// Covered is the number of examples the figures cover: all of a finite
	// set, a sample of an endless one.
	Covered int
}

// DescribeOptions configures Describe.
type DescribeOptions struct {
	Sample int    // examples drawn from an endless source; default 10000
	Seed   uint64 // seed of those draws
}

// Describe computes the Info of src over all its examples, or over a sample
// of an endless one.
func Describe(src Source, opts DescribeOptions) Info {
	if opts.Sample == 0 {
		opts.Sample = 10000
	}
	info := Info{Len: src.Len(), Shape: src.Shape(), Classes: src.Classes(),
		Covered: src.Len()}
	var rng *rand.Rand
	if info.Len == 0 {
		info.Covered = opts.Sample
		rng = rand.New(rand.NewPCG(opts.Seed, 0x696e666f)) // "info"
	}
	acc := newMoments(src.Shape())
	if info.Classes != nil {
		info.Counts = make([]int, len(info.Classes))
	}
	const chunk = 512
	size := exampleSize(src.Shape())
	for start := 0; start < info.Covered; start += chunk {
		idx := make([]int, min(chunk, info.Covered-start))
		for k := range idx {
			idx[k] = start + k
		}
		buf := make([]float32, len(idx)*size)
		var labels []int
		if info.Counts != nil {
			labels = make([]int, len(idx))
		}
		src.Fill(buf, labels, idx, rng)
		acc.add(buf)
		for _, l := range labels {
			if l >= 0 && l < len(info.Counts) {
				info.Counts[l]++
			}
		}
	}
	info.Mean, info.Std = acc.result()
	return info
}

// moments accumulates sums per index of the first axis.
type moments struct {
	groups, inner int
	sum, sq       []float64
	n             int
}

func newMoments(shape []int64) *moments {
	g := int(shape[0])
	return &moments{groups: g, inner: exampleSize(shape) / g,
		sum: make([]float64, g), sq: make([]float64, g)}
}

// add adds whole examples.
func (m *moments) add(buf []float32) {
	for off := 0; off < len(buf); off += m.groups * m.inner {
		for g := 0; g < m.groups; g++ {
			var s, q float64
			for _, v := range buf[off+g*m.inner : off+(g+1)*m.inner] {
				s += float64(v)
				q += float64(v) * float64(v)
			}
			m.sum[g] += s
			m.sq[g] += q
		}
		m.n++
	}
}

// result is the mean and population standard deviation of each group.
func (m *moments) result() ([]float64, []float64) {
	mean := make([]float64, m.groups)
	std := make([]float64, m.groups)
	count := float64(m.n * m.inner)
	for g := range mean {
		mean[g] = m.sum[g] / count
		std[g] = math.Sqrt(max(0, m.sq[g]/count-mean[g]*mean[g]))
	}
	return mean, std
}
