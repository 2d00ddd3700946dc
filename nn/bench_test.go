package nn

import (
	"runtime"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// benchBatch is the batch size of the benchmarks (the paper's 64).
const benchBatch = 64

// BenchmarkForwardBackward times one forward and backward pass of every
// default network at batch 64, with loss mean(out) and the gradients
// dropped after each pass.
func BenchmarkForwardBackward(b *testing.B) {
	for _, s := range defaultSpecs(b) {
		b.Run(name(s), func(b *testing.B) {
			net := mustNew(b, s)
			x := input(s, benchBatch)
			params := net.Parameters()
			b.ResetTimer()
			for range b.N {
				loss := torchx.Mean(net.Forward(x))
				if err := torchx.Backward(loss, false); err != nil {
					b.Fatal(err)
				}
				if err := torchx.ZeroGrad(params); err != nil {
					b.Fatal(err)
				}
				collect(b)
			}
			b.ReportMetric(float64(benchBatch*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// BenchmarkCopyState times the messenger refresh: CopyState between two
// default networks.
func BenchmarkCopyState(b *testing.B) {
	for _, s := range defaultSpecs(b) {
		b.Run(name(s), func(b *testing.B) {
			src, dst := mustNew(b, s), mustNew(b, s)
			b.ResetTimer()
			for range b.N {
				if err := CopyState(dst, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// collect runs Go's collector outside the timer, so that the finalizers of
// the pass's tensors free libtorch's memory (the Go heap barely grows, so
// the collector would otherwise seldom run).
func collect(b *testing.B) {
	b.StopTimer()
	runtime.GC()
	b.StartTimer()
}
