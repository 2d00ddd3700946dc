package train

import (
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
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

// benchNets are the toy MLP (4x512, nz 100, the 8-mode ring), DCGAN32 and
// DCGAN64 on 256 random colour images, and the resnet1d text networks.
// scripts/bench_sgan.py builds the first two in PyTorch (scripts/bench-sgan.sh
// compares those); the others are for the thread policy (BENCHMARKS.md).
var benchNets = []benchNet{
	{name: "mlp", g: nn.Spec{Arch: nn.MLP}, d: nn.Spec{Arch: nn.MLP}, src: benchRing},
	{name: "dcgan32", g: nn.Spec{Arch: nn.DCGAN32}, d: nn.Spec{Arch: nn.DCGAN32},
		src: func(b *testing.B) data.Source { return benchImages(b, 32) }},
	{name: "dcgan64", g: nn.Spec{Arch: nn.DCGAN64}, d: nn.Spec{Arch: nn.DCGAN64},
		src: func(b *testing.B) data.Source { return benchImages(b, 64) }},
	{name: "resnet1d", g: nn.Spec{Arch: nn.ResNet1d}, d: nn.Spec{Arch: nn.ResNet1d},
		src: benchText},
}

func benchRing(b *testing.B) data.Source {
	r, err := data.Ring(data.RingOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// benchImages is 256 random colour images of size x size pixels.
func benchImages(b *testing.B, size int) data.Source {
	const n, c = 256, 3
	h, w := size, size
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

// benchText is windows of 32 characters of a made-up text of 40 distinct
// characters: the resnet1d networks at the paper's width (512).
func benchText(b *testing.B) data.Source {
	var text strings.Builder
	rng := rand.New(rand.NewPCG(3, 4))
	const chars = "abcdefghijklmnopqrstuvwxyz ,.;:!?'ABCDEF"
	for range 20000 {
		text.WriteByte(chars[rng.IntN(len(chars))])
	}
	src, err := data.ReadText(strings.NewReader(text.String()), data.TextOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return src
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
			src := n.src(b)
			if n.g.Arch == nn.ResNet1d { // (vocabulary, sequence length)
				c.G.Vocab, c.D.Vocab = int(src.Shape()[0]), int(src.Shape()[0])
			}
			t, err := New(c, src)
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
