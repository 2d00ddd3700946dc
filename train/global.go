package train

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// drawGlobal draws this iteration's real minibatches and noise from the
// global stream, for the global pair and the baseline alike: one pair
// (R_j, Z_j) for each of the max(NDis, MessengerSteps) discriminator steps.
func (t *Trainer) drawGlobal() {
	c := t.cfg
	g := t.global
	t.draws = globalDraw{}
	for j := 0; j < max(c.NDis, c.MessengerSteps); j++ {
		t.draws.real = append(t.draws.real, g.real.next())
		t.draws.z = append(t.draws.z, g.noise.RandN(int64(c.BatchSize), int64(c.G.NZ)))
	}
	t.draws.zG = g.noise.RandN(int64(c.BatchSize), int64(c.G.NZ))
}

// globalSteps trains G0 and D0 against the local pairs.
func (t *Trainer) globalSteps() error {
	c := t.cfg
	if c.NoGlobal {
		return nil
	}
	ps := t.active()
	switch {
	case c.Simplified:
		if err := t.globalGeneratorStep(ps, true); err != nil {
			return err
		}
	case c.G0EveryLocal:
		// Update G0 after each local pair, against its messenger alone.
		for _, p := range ps {
			one := []*pair{p}
			if err := t.messengerSteps(one); err != nil {
				return err
			}
			if err := t.globalGeneratorStep(t.messengersOf(one), false); err != nil {
				return err
			}
		}
	default:
		if err := t.messengerSteps(ps); err != nil {
			return err
		}
		if err := t.globalGeneratorStep(t.messengersOf(ps), false); err != nil {
			return err
		}
	}
	if err := t.globalDiscriminatorStep(ps); err != nil {
		return err
	}
	return t.checkGlobal()
}

// messengerSteps copies each D_i into its messenger, weights, buffers and
// optimizer state, and takes MessengerSteps (by default NDis) steps of the
// messengers against G0 (Algorithm 1, lines 14-21). G0's samples are made
// once a step for all.
func (t *Trainer) messengerSteps(ps []*pair) error {
	ms := t.messengersOf(ps)
	for i, p := range ps {
		if err := t.refreshMessenger(ms[i], p); err != nil {
			return err
		}
	}
	g0 := t.global
	for j := 0; j < t.cfg.MessengerSteps; j++ {
		fake := sample(g0.g, t.draws.z[j])
		for _, m := range ms {
			// Update Dmsg_i: real minibatch against G0(z).
			if err := m.optD.ZeroGrad(); err != nil {
				return err
			}
			l, err := t.discriminatorLoss(m.d, t.draws.real[j], fake, g0.noise)
			if err != nil {
				return fmt.Errorf("train: %s: %w", m.name, err)
			}
			if err := m.optD.Step(); err != nil {
				return fmt.Errorf("train: %s: %w", m.name, err)
			}
			t.loss.Constrain(m.d)
			m.last.lossD = l.Loss
		}
	}
	return nil
}

// refreshMessenger makes m a copy of local pair p's discriminator.
func (t *Trainer) refreshMessenger(m, p *pair) error {
	if err := nn.CopyState(m.d, p.d); err != nil {
		return fmt.Errorf("train: refresh %s: %w", m.name, err)
	}
	src, err := stateOf(p.d, p.optD, t.sharedD)
	if err != nil {
		return err
	}
	dst, err := stateOf(m.d, m.optD)
	if err != nil {
		return err
	}
	if err := torchx.Copy(dst, src); err != nil {
		return fmt.Errorf("train: refresh %s: optimizer state: %w", m.name, err)
	}
	m.optD.SetSteps(p.optD.Steps())
	// A pair not known to be finite yet (deferCheck) gives a zero messenger,
	// whose loss the flag then drops from G0's.
	m.finite = p.finite
	if m.finite.T == nil {
		return nil
	}
	masked := append(append(m.d.Parameters(), m.d.Buffers()...), dst...)
	if err := torchx.ZeroUnlessInPlace(masked, m.finite); err != nil {
		return fmt.Errorf("train: refresh %s: %w", m.name, err)
	}
	return nil
}

// messengersOf lists the messengers of local pairs ps.
func (t *Trainer) messengersOf(ps []*pair) []*pair {
	ms := make([]*pair, len(ps))
	for i, p := range ps {
		for k, l := range t.local {
			if l == p {
				ms[i] = t.messengers[k]
			}
		}
	}
	return ms
}

// globalGeneratorStep updates G0 once against the sum of the losses of the
// discriminators of ds (Algorithm 1, lines 22-26), on one batch G0(zG).
// The discriminators' weights get no gradient. With restore (simplified
// SGAN, where ds are the local pairs) their BatchNorm statistics are put
// back, so that a local D_i is left exactly as it was.
func (t *Trainer) globalGeneratorStep(ds []*pair, restore bool) error {
	g0 := t.global
	if len(ds) == 0 {
		return nil
	}
	if err := g0.optG.ZeroGrad(); err != nil {
		return err
	}
	fake := g0.g.Forward(t.draws.zG)
	var lossG torch.Tensor
	for i, d := range ds {
		var saved []torch.Tensor
		if restore {
			saved = saveBuffers(d.d)
		}
		logits, err := forwardFrozen(d.d, fake)
		if err != nil {
			return err
		}
		if restore {
			if err := restoreBuffers(d.d, saved); err != nil {
				return err
			}
		}
		l := t.loss.Generator(logits)
		if d.finite.T != nil {
			l = torch.Mul(l, d.finite)
		}
		if i == 0 {
			lossG = l
		} else {
			lossG = torch.Add(lossG, l, 1)
		}
	}
	if err := torchx.Backward(lossG, false); err != nil {
		return fmt.Errorf("train: G0 step: %w", err)
	}
	g0.last.lossG = lossG
	return g0.optG.Step()
}

// globalDiscriminatorStep updates D0 once against the samples of every
// local generator (Algorithm 1, lines 27-31): the sum over i of lossD on the
// global real minibatch R_1 against G_i's samples of this iteration.
func (t *Trainer) globalDiscriminatorStep(ps []*pair) error {
	d0 := t.global
	if len(ps) == 0 {
		return nil
	}
	if err := d0.optD.ZeroGrad(); err != nil {
		return err
	}
	var lossD, dFake torch.Tensor
	for i, p := range ps {
		// Update D0: real minibatch against G_i's samples (zeros, and a loss
		// of zero, while pair i is not known to be finite: deferCheck).
		fake := p.fake
		if p.finite.T != nil {
			fake = torchx.ZeroUnless(fake, p.finite)
		}
		l, err := t.weightedDiscriminatorLoss(d0.d, t.draws.real[0], fake, d0.noise, p.finite)
		if err != nil {
			return fmt.Errorf("train: D0: %w", err)
		}
		if i == 0 {
			lossD, dFake = l.Loss, l.Fake
		} else {
			lossD, dFake = torch.Add(lossD, l.Loss, 1), torch.Add(dFake, l.Fake, 1)
		}
		d0.last.dReal = l.Real
	}
	if err := d0.optD.Step(); err != nil {
		return err
	}
	t.loss.Constrain(d0.d)
	d0.last.lossD, d0.last.dFake = lossD, torchx.MulScalar(dFake, 1/float64(len(ps)))
	return nil
}

// baselineSteps trains the baseline as a standard pair on the global
// stream's draws: NDis discriminator steps on (R_j, Z_j), a generator step
// on ZG.
func (t *Trainer) baselineSteps() error {
	b := t.baseline
	for j := 0; j < t.cfg.NDis; j++ {
		if err := b.optD.ZeroGrad(); err != nil {
			return err
		}
		l, err := t.discriminatorLoss(b.d, t.draws.real[j], sample(b.g, t.draws.z[j]),
			b.noise)
		if err != nil {
			return fmt.Errorf("train: baseline: %w", err)
		}
		if err := b.optD.Step(); err != nil {
			return err
		}
		t.loss.Constrain(b.d)
		b.last.lossD, b.last.dReal, b.last.dFake = l.Loss, l.Real, l.Fake
	}
	if err := b.optG.ZeroGrad(); err != nil {
		return err
	}
	logits, err := forwardFrozen(b.d, b.g.Forward(t.draws.zG))
	if err != nil {
		return err
	}
	b.last.lossG = t.loss.Generator(logits)
	if err := torchx.Backward(b.last.lossG, false); err != nil {
		return fmt.Errorf("train: baseline generator step: %w", err)
	}
	return b.optG.Step()
}

// saveBuffers copies n's buffers (BatchNorm statistics).
func saveBuffers(n nn.Network) []torch.Tensor {
	bufs := n.Buffers()
	saved := make([]torch.Tensor, len(bufs))
	for i, b := range bufs {
		saved[i] = torchx.MulScalar(b, 1)
	}
	return saved
}

func restoreBuffers(n nn.Network, saved []torch.Tensor) error {
	if err := torchx.Copy(n.Buffers(), saved); err != nil {
		return fmt.Errorf("train: restore buffers of %s: %w", n.Spec(), err)
	}
	return nil
}
