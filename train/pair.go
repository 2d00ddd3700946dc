package train

import (
	"fmt"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// pair is a generator and a discriminator with their optimizers: a local
// pair, the global pair or the baseline. A local pair draws its noise and
// real minibatches from streams of its own.
type pair struct {
	name       string
	g, d       nn.Network
	optG, optD torchx.Optimizer // over the pair's own, unshared parameters
	noise      *torchx.Generator
	real       *stream
	queue      *torchx.Stream // the device stream of a local pair's steps (CUDA)

	quarantined bool
	reinits     int
	// finite is, with deferred checks (device streams), this iteration's
	// device flag of the pair's finiteness (1 or 0; a messenger's is its
	// local pair's), which masks the pair out of the global steps until the
	// host reads it; undefined otherwise.
	finite torch.Tensor

	// The last iteration's figures; fake holds the samples of the last
	// generator step, detached, for D0.
	last figureTensors
	fake torch.Tensor
}

// figureTensors are a pair's losses and mean D outputs, read on the host
// only when figures are asked for.
type figureTensors struct {
	lossD, lossG, dReal, dFake torch.Tensor
}

// stream is a data.Sampler that counts the batches taken, so that a resumed
// run continues where it stopped.
type stream struct {
	name    string // "local1", ..., "local" (SharedReal), "global"
	sampler *data.Sampler
	taken   int64
	dev     torchx.Device // where next puts the minibatches
}

// newStream is a stream of the trainer's data over seed, skipping skip
// batches, whose minibatches land on the run's device.
func (t *Trainer) newStream(name string, seed uint64, skip int64) (*stream, error) {
	s, err := data.NewSampler(t.src, data.SamplerOptions{BatchSize: t.cfg.BatchSize,
		Seed: seed, Skip: skip})
	if err != nil {
		return nil, fmt.Errorf("train: %s stream: %w", name, err)
	}
	return &stream{name: name, sampler: s, taken: skip, dev: t.dev}, nil
}

// next is the next real minibatch as a tensor made in the calling
// goroutine, on the stream's device.
func (s *stream) next() torch.Tensor {
	s.taken++
	t := s.sampler.Next().Tensor() // on the CPU
	if s.dev.IsCPU() {
		return t
	}
	return torchx.ToDevice(t, s.dev)
}

// newOptimizer is c's optimizer over params.
func newOptimizer(c Config, params []torch.Tensor) (torchx.Optimizer, error) {
	if c.Optimizer == RMSProp {
		return torchx.NewRMSProp(params, torchx.RMSPropOptions{LR: c.LR, Alpha: c.Alpha,
			Eps: 1e-8})
	}
	return torchx.NewAdam(params, torchx.AdamOptions{LR: c.LR, Beta1: c.Beta1,
		Beta2: c.Beta2, Eps: 1e-8})
}

// key identifies a parameter tensor: networks that share a layer hold the
// same libtorch tensor.
func key(t torch.Tensor) unsafe.Pointer { return *t.T }

// splitShared separates the parameters of nets into those of each network
// alone and those that several networks share (each listed once).
func splitShared(nets []nn.Network) (own [][]torch.Tensor, shared []torch.Tensor) {
	count := map[unsafe.Pointer]int{}
	for _, n := range nets {
		for _, p := range n.Parameters() {
			count[key(p)]++
		}
	}
	own = make([][]torch.Tensor, len(nets))
	seen := map[unsafe.Pointer]bool{}
	for i, n := range nets {
		for _, p := range n.Parameters() {
			switch {
			case count[key(p)] == 1:
				own[i] = append(own[i], p)
			case !seen[key(p)]:
				seen[key(p)] = true
				shared = append(shared, p)
			}
		}
	}
	return own, shared
}

// stateOf lists, for every parameter of n in order, its optimizer state
// tensors, found in whichever of opts optimizes it.
func stateOf(n nn.Network, opts ...torchx.Optimizer) ([]torch.Tensor, error) {
	where := map[unsafe.Pointer]func() []torch.Tensor{}
	for _, o := range opts {
		if o == nil {
			continue
		}
		for i, p := range o.Params() {
			i, o := i, o
			where[key(p)] = func() []torch.Tensor { return o.ParamState(i) }
		}
	}
	var out []torch.Tensor
	for _, p := range n.Parameters() {
		f, ok := where[key(p)]
		if !ok {
			return nil, fmt.Errorf("train: a parameter of %s has no optimizer", n.Spec())
		}
		out = append(out, f()...)
	}
	return out, nil
}

// setFrozen turns the gradients of n's parameters off (or back on), so that
// a generator step computes no gradient for its discriminator's weights.
func setFrozen(n nn.Network, frozen bool) error {
	for _, p := range n.Parameters() {
		if err := torchx.SetRequiresGrad(p, !frozen); err != nil {
			return fmt.Errorf("train: freeze %s: %w", n.Spec(), err)
		}
	}
	return nil
}

// forwardFrozen is d(x) with d's parameters frozen: the graph reaches x only.
func forwardFrozen(d nn.Network, x torch.Tensor) (torch.Tensor, error) {
	if err := setFrozen(d, true); err != nil {
		return torch.Tensor{}, err
	}
	out := d.Forward(x)
	return out, setFrozen(d, false)
}
