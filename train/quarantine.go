package train

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// checkLocal leaves non-finite local pairs out of the global steps. By
// default it reads every pair's finiteness on the host each iteration and
// quarantines at once. With deferCheck (device streams, where a read waits
// for the pairs' kernels) it computes each pair's finiteness as a device
// flag, with which the global steps mask the pair out, and reads on the host
// only every Config.CheckEvery iterations.
func (t *Trainer) checkLocal() error {
	if !t.deferCheck {
		return t.quarantineNonFinite()
	}
	for _, p := range t.active() {
		flag, err := torchx.FiniteFlag(p.checked())
		if err != nil {
			return fmt.Errorf("train: check %s: %w", p.name, err)
		}
		p.finite = flag
	}
	if !t.hostCheck() {
		return nil
	}
	return t.quarantineNonFinite()
}

// hostCheck reports whether this iteration reads finiteness on the host:
// always without deferCheck, every Config.CheckEvery iterations with it.
func (t *Trainer) hostCheck() bool {
	return !t.deferCheck || (t.iteration+1)%t.cfg.CheckEvery == 0
}

// checked lists what must be finite of a local pair: its last losses and
// its parameters.
func (p *pair) checked() []torch.Tensor {
	return append(append([]torch.Tensor{p.last.lossD, p.last.lossG}, p.g.Parameters()...),
		p.d.Parameters()...)
}

// quarantineNonFinite leaves out, from this iteration's global steps and
// from every later iteration, each local pair whose losses or parameters
// are no longer finite; with ReinitQuarantined the pair starts afresh
// instead. It reads the losses and parameters on the host, or, with
// deferCheck, each pair's device flag and only a failing pair's tensors.
func (t *Trainer) quarantineNonFinite() error {
	for i, p := range t.local {
		if p.quarantined {
			continue
		}
		if p.finite.T != nil && torchx.Float32s(p.finite)[0] == 1 {
			continue // deferCheck's flag, one read: finite
		}
		finite, bad, err := torchx.AllFinite(p.checked())
		if err != nil {
			return fmt.Errorf("train: check %s: %w", p.name, err)
		}
		if finite {
			continue
		}
		what := "a parameter"
		if bad < 2 {
			what = [2]string{"lossD", "lossG"}[bad]
		}
		p.quarantined = true
		t.events = append(t.events, fmt.Sprintf(
			"local pair %d quarantined: %s is not finite", i+1, what))
		if t.cfg.ReinitQuarantined && !t.cfg.ShareWeights {
			if err := t.reinit(i); err != nil {
				return err
			}
		}
	}
	if len(t.active()) == 0 {
		return fmt.Errorf("train: iteration %d: every local pair is quarantined "+
			"(non-finite losses or weights): lower the learning rate", t.iteration+1)
	}
	return nil
}

// reinit gives local pair i fresh weights and optimizer state, from seeds of
// its own that depend on how many times it was re-initialised.
func (t *Trainer) reinit(i int) error {
	p := t.local[i]
	p.reinits++
	g, err := t.initNetwork(t.cfg.G, uint64(i+1), 0, p.reinits)
	if err != nil {
		return err
	}
	d, err := t.initNetwork(t.cfg.D, uint64(i+1), 1, p.reinits)
	if err != nil {
		return err
	}
	p.g, p.d = g, d
	if err := t.addOptimizers(p); err != nil {
		return err
	}
	p.quarantined = false
	t.events = append(t.events, fmt.Sprintf("local pair %d re-initialised (%d time(s))",
		i+1, p.reinits))
	return nil
}

// checkGlobal fails when G0 or D0 is no longer finite: nothing can be done
// about it but to resume from a checkpoint with a lower learning rate. With
// deferCheck it reads only when checkLocal does.
func (t *Trainer) checkGlobal() error {
	if !t.hostCheck() {
		return nil
	}
	g := t.global
	finite, _, err := torchx.AllFinite(append(g.g.Parameters(), g.d.Parameters()...))
	if err != nil {
		return fmt.Errorf("train: check the global pair: %w", err)
	}
	if !finite {
		return fmt.Errorf("train: iteration %d: the global pair's weights are not "+
			"finite: resume from an earlier checkpoint with a lower learning rate",
			t.iteration+1)
	}
	return nil
}
