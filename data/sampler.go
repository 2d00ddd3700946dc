package data

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// SamplerOptions configures NewSampler.
type SamplerOptions struct {
	// BatchSize is the number of examples of a batch; default 64.
	BatchSize int
	// Seed seeds the stream's permutations (finite sources) or draws
	// (endless sources); every seed, 0 included, gives one fixed stream.
	// Give each pair its own seed with DeriveSeed.
	Seed uint64
	// Prefetch is the number of batches made ahead; default 4.
	Prefetch int
	// DropLast drops the examples left at the end of an epoch that do not
	// fill a batch. By default the last batch of an epoch is completed with
	// the first examples of the next epoch's permutation, so that every
	// batch is full and every example is used once an epoch.
	DropLast bool
	// Skip skips the first Skip batches of the stream, so that a resumed
	// run continues the stream it stopped in: the batch Next returns first
	// is batch Skip of the stream of Seed. Skipping makes the indices of the
	// skipped batches (finite sources) or draws them (endless sources): a
	// million batches of 64 take about a second.
	Skip int64
}

// Batch is a minibatch in plain Go memory.
type Batch struct {
	Data   []float32 // the examples, row-major, of shape Shape
	Shape  []int64   // (N, the source's Shape...): (N, C, H, W), (N, 2), (N, V, L)
	Labels []int     // one label an example; nil for a source without classes
	Epoch  int       // the epoch of the first example, from 0 (always 0 if endless)
	Index  int64     // the batch's position in the stream: 0, 1, 2, ...
}

// Sampler is the paper's X_inf: an endless stream of shuffled minibatches
// of a Source, made ahead by a background goroutine. A finite source is
// shuffled by a fresh permutation every epoch; an endless one is drawn from.
// The stream depends only on the source and the options. Next must be
// called from one goroutine at a time; Close from any.
type Sampler struct {
	src    Source
	opts   SamplerOptions
	out    chan Batch
	done   chan struct{}
	wg     sync.WaitGroup
	closed atomic.Bool
	waited time.Duration
}

// NewSampler starts a sampler of src; Close stops it.
func NewSampler(src Source, opts SamplerOptions) (*Sampler, error) {
	if opts.BatchSize == 0 {
		opts.BatchSize = 64
	}
	if opts.Prefetch == 0 {
		opts.Prefetch = 4
	}
	if opts.BatchSize < 1 || opts.Prefetch < 1 || opts.Skip < 0 {
		return nil, fmt.Errorf("data: sampler with batch size %d, prefetch %d, skip %d: "+
			"want positive values", opts.BatchSize, opts.Prefetch, opts.Skip)
	}
	if n := src.Len(); n > 0 && opts.BatchSize > n {
		return nil, fmt.Errorf("data: batch size %d is larger than the data set (%d "+
			"examples): use a batch size of at most %d", opts.BatchSize, n, n)
	}
	s := &Sampler{src: src, opts: opts, out: make(chan Batch, opts.Prefetch),
		done: make(chan struct{})}
	s.wg.Add(1)
	go s.run()
	return s, nil
}

// Next returns the next batch, waiting for it when none is ready. Calling
// Next after Close, or while Close runs, panics.
func (s *Sampler) Next() Batch {
	if s.closed.Load() {
		panic("data: Next on a closed Sampler")
	}
	select {
	case b, ok := <-s.out:
		if ok {
			return b
		}
	default:
		start := time.Now()
		b, ok := <-s.out
		s.waited += time.Since(start)
		if ok {
			return b
		}
	}
	panic("data: Next on a closed Sampler")
}

// Waited is the total time Next has waited for a batch: near zero when the
// prefetching keeps up with training.
func (s *Sampler) Waited() time.Duration { return s.waited }

// Source is the sampled source.
func (s *Sampler) Source() Source { return s.src }

// Close stops the background goroutine and waits for it to end. It may be
// called more than once.
func (s *Sampler) Close() {
	if s.closed.Swap(true) {
		return
	}
	close(s.done)
	s.wg.Wait()
}

// run makes batches until Close.
func (s *Sampler) run() {
	defer s.wg.Done()
	defer close(s.out)
	st := newIndexStream(s.src.Len(), s.opts)
	shape := append([]int64{int64(s.opts.BatchSize)}, s.src.Shape()...)
	size := s.opts.BatchSize * exampleSize(s.src.Shape())
	labelled := s.src.Classes() != nil
	st.skip(s.src, s.opts.Skip, size, labelled)
	for i := s.opts.Skip; ; i++ {
		b := Batch{Data: make([]float32, size), Shape: shape, Index: i}
		if labelled {
			b.Labels = make([]int, s.opts.BatchSize)
		}
		var idx []int
		idx, b.Epoch = st.next()
		s.src.Fill(b.Data, b.Labels, idx, st.drawRNG())
		if s.closed.Load() {
			return
		}
		select {
		case s.out <- b:
		case <-s.done:
			return
		}
	}
}

// indexStream yields the indices of successive batches: shuffled epochs of
// a finite source, or placeholders for an endless one.
type indexStream struct {
	n, batch int
	dropLast bool
	rng      *rand.Rand
	perm     []int
	pos      int
	epoch    int
}

func newIndexStream(n int, opts SamplerOptions) *indexStream {
	rng := rand.New(rand.NewPCG(opts.Seed, 0x58696e66)) // "Xinf"
	st := &indexStream{n: n, batch: opts.BatchSize, dropLast: opts.DropLast, rng: rng}
	if n > 0 {
		st.perm = rng.Perm(n)
	}
	return st
}

// next is the indices of the next batch and the epoch of its first one.
func (st *indexStream) next() ([]int, int) {
	idx := make([]int, st.batch)
	if st.n == 0 {
		return idx, 0
	}
	if st.dropLast && st.n-st.pos < st.batch {
		st.newEpoch()
	}
	epoch := st.epoch
	for k := range idx {
		if st.pos == st.n {
			st.newEpoch()
		}
		idx[k] = st.perm[st.pos]
		st.pos++
	}
	return idx, epoch
}

func (st *indexStream) newEpoch() {
	st.perm = st.rng.Perm(st.n)
	st.pos = 0
	st.epoch++
}

// drawRNG is the generator an endless source draws with; nil for a finite
// source.
func (st *indexStream) drawRNG() *rand.Rand {
	if st.n > 0 {
		return nil
	}
	return st.rng
}

// skip advances the stream by k batches: only the indices of a finite
// source, draws into scratch memory for an endless one.
func (st *indexStream) skip(src Source, k int64, size int, labelled bool) {
	var scratch []float32
	var labels []int
	if st.n == 0 {
		scratch = make([]float32, size)
		if labelled {
			labels = make([]int, st.batch)
		}
	}
	for range k {
		idx, _ := st.next()
		if st.n == 0 {
			src.Fill(scratch, labels, idx, st.rng)
		}
	}
}
