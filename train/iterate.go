package train

import (
	"fmt"
	"runtime"
	"sync"
	"time"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// Iterate runs one iteration of Algorithm 1: the local pairs' steps, then
// the global pair's and the baseline's. A libtorch failure inside a step
// comes back as an error; a local pair that turns non-finite is quarantined
// instead (see Figures' events). The iteration runs on one OS thread: see
// the package torchx's note on threads.
func (t *Trainer) Iterate() (err error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer recoverTorch(&err, fmt.Sprintf("train: iteration %d", t.iteration+1))
	t.events = t.events[:0]
	start := time.Now()

	// Train every local pair against its own opponent only (lines 3-13),
	// each on its own device stream.
	if err := t.queueLocalAfterGlobal(); err != nil {
		return err
	}
	if err := t.localDiscriminatorSteps(); err != nil {
		return err
	}
	if err := t.localGeneratorStep(); err != nil {
		return err
	}
	for _, p := range t.local {
		if err := t.globalQueue.WaitFor(p.queue); err != nil {
			return err
		}
	}
	// Leave non-finite local pairs out of the global steps.
	if err := t.globalQueue.Run(t.checkLocal); err != nil {
		return err
	}
	t.localTime = time.Since(start)

	// Train the global pair against the local ones (lines 14-31) and the
	// baseline on the same draws.
	start = time.Now()
	if err := t.globalQueue.Run(t.globalAndBaselineSteps); err != nil {
		return err
	}
	t.globalTime = time.Since(start)
	t.iteration++

	// Whatever the caller queues next (pictures, a checkpoint) comes after.
	return t.callerQueue.WaitFor(t.globalQueue)
}

// queueLocalAfterGlobal makes every local pair's stream wait for what the
// caller queued (a resume, pictures) and for the last iteration's global
// steps, which read D_i and G_i's samples. Nothing on the CPU.
func (t *Trainer) queueLocalAfterGlobal() error {
	for _, p := range t.local {
		if err := p.queue.WaitFor(t.callerQueue); err != nil {
			return err
		}
		if err := p.queue.WaitFor(t.globalQueue); err != nil {
			return err
		}
	}
	return nil
}

// globalAndBaselineSteps trains the global pair against the local ones
// (lines 14-31) and the baseline on the same draws.
func (t *Trainer) globalAndBaselineSteps() error {
	if t.global != nil {
		t.drawGlobal()
	}
	if err := t.globalSteps(); err != nil {
		return err
	}
	if t.baseline != nil {
		return t.baselineSteps()
	}
	return nil
}

// recoverTorch turns a panic with a *torchx.Error (a libtorch exception in
// an operation) into *err, prefixed with what was being done; any other
// panic goes on.
func recoverTorch(err *error, doing string) {
	r := recover()
	if r == nil {
		return
	}
	e, ok := r.(*torchx.Error)
	if !ok {
		panic(r)
	}
	*err = fmt.Errorf("%s: %w", doing, e)
}

// active lists the local pairs that are not quarantined.
func (t *Trainer) active() []*pair {
	var ps []*pair
	for _, p := range t.local {
		if !p.quarantined {
			ps = append(ps, p)
		}
	}
	return ps
}

// localDiscriminatorSteps takes NDis steps of every local D_i against its
// own G_i. With N-SW the shared layers accumulate the gradients of every
// D_i and are stepped once.
func (t *Trainer) localDiscriminatorSteps() error {
	c := t.cfg
	for j := 0; j < c.NDis; j++ {
		ps := t.active()
		if err := zeroGrads(t.sharedD, ps, optD); err != nil {
			return err
		}
		err := t.forEach(ps, func(p *pair) error {
			// Update D_i: real minibatch against G_i(z), no graph to G_i.
			real, z := p.real.next(), p.noise.RandN(int64(c.BatchSize), int64(c.G.NZ))
			l, err := t.discriminatorLoss(p.d, real, sample(p.g, z), p.noise)
			if err != nil {
				return err
			}
			p.last.lossD, p.last.dReal, p.last.dFake = l.Loss, l.Real, l.Fake
			return nil
		})
		if err != nil {
			return err
		}
		if err := stepAll(t.sharedD, ps, optD); err != nil {
			return err
		}
		for _, p := range ps {
			err := p.queue.Run(func() error {
				t.loss.Constrain(p.d)
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// localGeneratorStep takes one step of every local G_i against its own D_i
// and keeps its samples, detached, for D0.
func (t *Trainer) localGeneratorStep() error {
	c := t.cfg
	ps := t.active()
	if err := zeroGrads(t.sharedG, ps, optG); err != nil {
		return err
	}
	err := t.forEach(ps, func(p *pair) error {
		// Update G_i: fool D_i on G_i(z).
		z := p.noise.RandN(int64(c.BatchSize), int64(c.G.NZ))
		fake := p.g.Forward(z)
		logits, err := forwardFrozen(p.d, fake)
		if err != nil {
			return err
		}
		lossG := t.loss.Generator(logits)
		if err := torchx.Backward(lossG, false); err != nil {
			return fmt.Errorf("generator step: %w", err)
		}
		p.last.lossG, p.fake = lossG, fake.Detach()
		return nil
	})
	if err != nil {
		return err
	}
	return stepAll(t.sharedG, ps, optG)
}

// forEach runs work for every pair of ps: one after another, or with
// Config.Workers > 1 that many at a time, each in a goroutine locked to an
// OS thread of its own (a graph is built and back-propagated on one thread;
// see torchx). A pair's work touches only its own networks and streams, so
// the result is bit-identical either way. Pairs that share layers (N-SW) or a
// real stream run one after another: their order would matter. Each pair's
// work is queued on its device stream.
func (t *Trainer) forEach(ps []*pair, work func(p *pair) error) error {
	queued := work
	work = func(p *pair) error {
		return p.queue.Run(func() error { return queued(p) })
	}
	if t.cfg.Workers <= 1 || len(ps) < 2 || t.cfg.ShareWeights || t.cfg.SharedReal {
		for _, p := range ps {
			if err := work(p); err != nil {
				return fmt.Errorf("train: %s: %w", p.name, err)
			}
		}
		return nil
	}
	errs := make([]error, len(ps))
	slots := make(chan struct{}, t.cfg.Workers)
	var wg sync.WaitGroup
	for i, p := range ps {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			errs[i] = t.work(p, work)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("train: %s: %w", ps[i].name, err)
		}
	}
	return nil
}

// work runs one pair's work in a worker goroutine, where a libtorch panic
// must become an error.
func (t *Trainer) work(p *pair, work func(p *pair) error) (err error) {
	defer recoverTorch(&err, "step")
	return work(p)
}

// discriminatorLoss is the variant's lossD of d, back-propagated.
func (t *Trainer) discriminatorLoss(d nn.Network, real, fake torch.Tensor,
	rng *torchx.Generator) (DLoss, error) {
	return t.weightedDiscriminatorLoss(d, real, fake, rng, torch.Tensor{})
}

// weightedDiscriminatorLoss is discriminatorLoss with lossD multiplied by
// w, a scalar tensor, when w is defined.
func (t *Trainer) weightedDiscriminatorLoss(d nn.Network, real, fake torch.Tensor,
	rng *torchx.Generator, w torch.Tensor) (DLoss, error) {
	l, err := t.loss.Discriminator(d, real, fake, rng)
	if err != nil {
		return DLoss{}, err
	}
	if w.T != nil {
		l.Loss = torch.Mul(l.Loss, w)
	}
	if err := torchx.Backward(l.Loss, false); err != nil {
		return DLoss{}, fmt.Errorf("discriminator step: %w", err)
	}
	return l, nil
}

// sample is g(z) with no graph: samples for a discriminator step.
func sample(g nn.Network, z torch.Tensor) torch.Tensor {
	var fake torch.Tensor
	torchx.NoGrad(func() { fake = g.Forward(z) })
	return fake
}

// optD and optG pick a pair's discriminator or generator optimizer.
func optD(p *pair) torchx.Optimizer { return p.optD }
func optG(p *pair) torchx.Optimizer { return p.optG }

// zeroGrads drops the gradients of the pairs' optimizers (chosen by opt),
// each on its pair's device stream, and of the shared optimizer, if any.
func zeroGrads(shared torchx.Optimizer, ps []*pair, opt func(*pair) torchx.Optimizer) error {
	for _, p := range ps {
		if err := p.queue.Run(opt(p).ZeroGrad); err != nil {
			return fmt.Errorf("train: %s: %w", p.name, err)
		}
	}
	if shared != nil {
		return shared.ZeroGrad()
	}
	return nil
}

// stepAll steps the pairs' optimizers, each on its pair's device stream, and
// then, once, the shared one.
func stepAll(shared torchx.Optimizer, ps []*pair, opt func(*pair) torchx.Optimizer) error {
	for _, p := range ps {
		if err := p.queue.Run(opt(p).Step); err != nil {
			return fmt.Errorf("train: %s: %w", p.name, err)
		}
	}
	if shared != nil && len(ps) > 0 {
		return shared.Step()
	}
	return nil
}
