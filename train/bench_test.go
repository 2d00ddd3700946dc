package train

import (
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// benchNet is a network family of the benchmarks: its specs and a real data
// source that needs no file.
type benchNet struct {
	name string
	g, d nn.Spec
	src  func(b *testing.B) data.Source
}

// benchNets are the toy MLP (4x512, nz 100, the 8-mode ring) and DCGAN32 on
// 256 random 3x32x32 images. scripts/bench_sgan.py builds the same networks
// in PyTorch.
var benchNets = []benchNet{
	{name: "mlp", g: nn.Spec{Arch: nn.MLP}, d: nn.Spec{Arch: nn.MLP}, src: benchRing},
	{name: "dcgan32", g: nn.Spec{Arch: nn.DCGAN32}, d: nn.Spec{Arch: nn.DCGAN32},
		src: benchImages},
}

func benchRing(b *testing.B) data.Source {
	r, err := data.Ring(data.RingOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// benchImages is 256 random CIFAR-sized images.
func benchImages(b *testing.B) data.Source {
	const n, c, h, w = 256, 3, 32, 32
	rng := rand.New(rand.NewPCG(1, 2))
	pix := make([]uint8, n*c*h*w)
	for i := range pix {
		pix[i] = uint8(rng.UintN(256))
	}
	m, err := data.NewImages(pix, [3]int{c, h, w}, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkPairStep times one local pair's step: one discriminator and one
// generator step, non-saturating GAN, Adam, batch 64, no global pair. It
// reports the median time of an iteration as ms/median (compared with
// PyTorch's by scripts/bench-sgan.sh).
func BenchmarkPairStep(b *testing.B) {
	benchIterate(b, Config{Pairs: 1, NoGlobal: true})
}

// BenchmarkSGANIteration times one iteration of Algorithm 1 with 5 local
// pairs: their steps, the messengers', G0's and D0's.
func BenchmarkSGANIteration(b *testing.B) {
	benchIterate(b, Config{Pairs: 5})
}

// BenchmarkGlobalSteps times the global part of a 5-pair iteration alone:
// the draws, the messengers' refresh and steps, G0's and D0's steps, on the
// local pairs of one finished iteration. Five BenchmarkPairStep plus this
// are the sum of an iteration's steps (scripts/bench-sgan.sh compares it
// with BenchmarkSGANIteration).
func BenchmarkGlobalSteps(b *testing.B) {
	benchRun(b, Config{Pairs: 5}, func(t *Trainer) error {
		t.drawGlobal()
		return t.globalSteps()
	})
}

// benchIterate times Trainer.Iterate for every net of benchNets, after one
// warm-up iteration, with a garbage collection each iteration as the CLI
// does.
//
// SGAN_BENCH_THREADS, when set, is the number of libtorch intra-op threads;
// SGAN_BENCH_DEVICE the device (Config.Device; default the CPU);
// SGAN_BENCH_STREAMS=0 queues every step on the device's default stream
// instead of a stream per pair (CUDA).
func benchIterate(b *testing.B, base Config) {
	benchRun(b, base, (*Trainer).Iterate)
}

// benchRun times step on a trainer of base for every net of benchNets, after
// one warm-up iteration, with a garbage collection after each step.
func benchRun(b *testing.B, base Config, step func(*Trainer) error) {
	base.Device = os.Getenv("SGAN_BENCH_DEVICE")
	threads := 0
	if s := os.Getenv("SGAN_BENCH_THREADS"); s != "" {
		var err error
		if threads, err = strconv.Atoi(s); err != nil || threads < 1 {
			b.Fatalf("SGAN_BENCH_THREADS=%q: want a positive number", s)
		}
	}
	for _, n := range benchNets {
		b.Run(n.name, func(b *testing.B) {
			// libtorch's intra-op thread count belongs to the OS thread.
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			if threads > 0 {
				torchx.SetNumThreads(threads)
			}
			c := base
			c.Seed, c.G, c.D = 1, n.g, n.d
			t, err := New(c, n.src(b))
			if err != nil {
				b.Fatal(err)
			}
			defer t.Close()
			if os.Getenv("SGAN_BENCH_STREAMS") == "0" {
				t.dropStreams()
			}
			if err := t.Iterate(); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			times := make([]float64, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if err := step(t); err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				times = append(times, float64(time.Since(start))/1e6)
			}
			b.StopTimer()
			slices.Sort(times)
			b.ReportMetric(times[len(times)/2], "ms/median")
			b.ReportMetric(float64(torchx.NumThreads()), "threads")
		})
	}
}

// dropStreams puts every step of t on the caller's stream.
func (t *Trainer) dropStreams() {
	for _, p := range t.local {
		p.queue.Close()
		p.queue = nil
	}
	t.globalQueue.Close()
	t.callerQueue.Close()
	t.globalQueue, t.callerQueue = nil, nil
}
