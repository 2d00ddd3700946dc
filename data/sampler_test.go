package data

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

// counting is a finite source whose example i is the single value i and
// whose label is i % 3.
func counting(t testing.TB, n int) *Floats {
	t.Helper()
	data := make([]float32, n)
	labels := make([]int, n)
	for i := range data {
		data[i], labels[i] = float32(i), i%3
	}
	f, err := NewFloats(data, []int64{1}, labels, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// take returns the next k batches of s.
func take(s *Sampler, k int) []Batch {
	out := make([]Batch, k)
	for i := range out {
		out[i] = s.Next()
	}
	return out
}

func newSampler(t testing.TB, src Source, opts SamplerOptions) *Sampler {
	t.Helper()
	s, err := NewSampler(src, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func values(bs []Batch) []float32 {
	var v []float32
	for _, b := range bs {
		v = append(v, b.Data...)
	}
	return v
}

func TestSamplerEpochsArePermutations(t *testing.T) {
	const n, batch = 10, 4
	s := newSampler(t, counting(t, n), SamplerOptions{BatchSize: batch, Seed: 7})
	bs := take(s, 15) // 60 examples: 6 whole epochs
	v := values(bs)
	var epochs [][]float32
	for e := 0; e < 6; e++ {
		ep := slices.Clone(v[e*n : (e+1)*n])
		epochs = append(epochs, slices.Clone(ep))
		slices.Sort(ep)
		for i, x := range ep {
			if x != float32(i) {
				t.Fatalf("epoch %d is not a permutation of 0..9: %v", e, v[e*n:(e+1)*n])
			}
		}
	}
	if slices.Equal(epochs[0], epochs[1]) {
		t.Errorf("epochs 0 and 1 have the same order %v: want a fresh permutation", epochs[0])
	}
	// Batch 2 holds examples 8..11: the last two of epoch 0, first two of 1.
	if bs[2].Epoch != 0 || bs[3].Epoch != 1 || bs[14].Index != 14 {
		t.Errorf("epochs %d, %d and index %d; want 0, 1 and 14",
			bs[2].Epoch, bs[3].Epoch, bs[14].Index)
	}
	for _, b := range bs {
		for k, l := range b.Labels {
			if l != int(b.Data[k])%3 {
				t.Fatalf("label %d for example %g, want %d", l, b.Data[k], int(b.Data[k])%3)
			}
		}
		if !slices.Equal(b.Shape, []int64{batch, 1}) {
			t.Fatalf("shape %v, want [4 1]", b.Shape)
		}
	}
}

func TestSamplerDropLast(t *testing.T) {
	s := newSampler(t, counting(t, 10), SamplerOptions{BatchSize: 4, DropLast: true})
	bs := take(s, 6) // 2 batches an epoch, 2 examples left out of each
	for i, b := range bs {
		if b.Epoch != i/2 {
			t.Errorf("batch %d in epoch %d, want %d", i, b.Epoch, i/2)
		}
	}
	ep := values(bs[:2])
	slices.Sort(ep)
	if len(slices.Compact(ep)) != 8 {
		t.Errorf("epoch 0 repeats an example: %v", values(bs[:2]))
	}
}

func TestSamplerDeterminism(t *testing.T) {
	src := counting(t, 100)
	a := values(take(newSampler(t, src, SamplerOptions{BatchSize: 8, Seed: 3}), 30))
	b := values(take(newSampler(t, src, SamplerOptions{BatchSize: 8, Seed: 3,
		Prefetch: 1}), 30))
	c := values(take(newSampler(t, src, SamplerOptions{BatchSize: 8, Seed: 4}), 30))
	if !slices.Equal(a, b) {
		t.Error("the same seed gave different streams (prefetch must not matter)")
	}
	if slices.Equal(a, c) {
		t.Error("seeds 3 and 4 gave the same stream")
	}
}

func TestSamplerSkip(t *testing.T) {
	ring, _ := Ring(RingOptions{})
	for _, tt := range []struct {
		name string
		src  Source
	}{{"finite", counting(t, 10)}, {"endless", ring}} {
		t.Run(tt.name, func(t *testing.T) {
			opts := SamplerOptions{BatchSize: 4, Seed: 11}
			all := take(newSampler(t, tt.src, opts), 9)
			opts.Skip = 5
			rest := take(newSampler(t, tt.src, opts), 4)
			for i, b := range rest {
				w := all[5+i]
				if !slices.Equal(b.Data, w.Data) || !slices.Equal(b.Labels, w.Labels) ||
					b.Index != w.Index || b.Epoch != w.Epoch {
					t.Fatalf("batch %d after skipping 5 differs from batch %d", i, 5+i)
				}
			}
		})
	}
}

func TestSamplerEndless(t *testing.T) {
	ring, _ := Ring(RingOptions{})
	s := newSampler(t, ring, SamplerOptions{BatchSize: 16})
	a, b := s.Next(), s.Next()
	if !slices.Equal(a.Shape, []int64{16, 2}) || len(a.Labels) != 16 {
		t.Fatalf("shape %v with %d labels, want [16 2] and 16", a.Shape, len(a.Labels))
	}
	if slices.Equal(a.Data, b.Data) {
		t.Error("two batches of an endless source are equal: want fresh draws")
	}
	roll, _ := NewSwissRoll(SwissRollOptions{})
	if got := newSampler(t, roll, SamplerOptions{}).Next(); got.Labels != nil {
		t.Errorf("labels %v for an unlabelled source, want nil", got.Labels)
	}
}

func TestSamplerCloseStopsGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	var samplers []*Sampler
	for i := 0; i < 20; i++ {
		s, err := NewSampler(counting(t, 10), SamplerOptions{BatchSize: 2})
		if err != nil {
			t.Fatal(err)
		}
		s.Next()
		samplers = append(samplers, s)
	}
	for _, s := range samplers {
		s.Close()
		s.Close() // a second Close does nothing
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, want at most %d", n, before)
	}
	defer func() {
		if recover() == nil {
			t.Error("Next after Close did not panic")
		}
	}()
	samplers[0].Next()
}

func TestSamplerOptionErrors(t *testing.T) {
	src := counting(t, 10)
	tests := []struct {
		name string
		opts SamplerOptions
		want string
	}{
		{"batch larger than the data", SamplerOptions{BatchSize: 11},
			"batch size 11 is larger than the data set (10 examples)"},
		{"negative batch", SamplerOptions{BatchSize: -1}, "batch size -1"},
		{"negative skip", SamplerOptions{Skip: -1, BatchSize: 2}, "skip -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSampler(src, tt.opts)
			wantErr(t, err, nil, "data: ", tt.want)
		})
	}
}

func TestSamplerWaited(t *testing.T) {
	s := newSampler(t, counting(t, 10), SamplerOptions{BatchSize: 2, Prefetch: 2})
	time.Sleep(50 * time.Millisecond) // let the goroutine fill the queue
	s.Next()
	if s.Waited() != 0 {
		t.Errorf("waited %v for a batch that was ready, want 0", s.Waited())
	}
}

// TestSamplerCloseWakesNext checks that Close from another goroutine
// ends a Next that is waiting, with a panic rather than a hang.
func TestSamplerCloseWakesNext(t *testing.T) {
	s := newSampler(t, &slowSource{counting(t, 10), make(chan struct{})},
		SamplerOptions{BatchSize: 2})
	got := make(chan any)
	go func() {
		defer func() { got <- recover() }()
		s.Next()
	}()
	time.Sleep(20 * time.Millisecond)
	go s.Close()
	for !s.closed.Load() {
		time.Sleep(time.Millisecond)
	}
	close(s.src.(*slowSource).release)
	select {
	case r := <-got:
		if r == nil {
			t.Error("Next returned a batch after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next still waits 5 s after Close")
	}
}

// slowSource holds Fill until release is closed.
type slowSource struct {
	*Floats
	release chan struct{}
}

func (s *slowSource) Fill(dst []float32, labels []int, idx []int, rng *rand.Rand) {
	<-s.release
	s.Floats.Fill(dst, labels, idx, rng)
}
