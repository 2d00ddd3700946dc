package train

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// quarantineNonFinite leaves out, from this iteration's global steps and
// from every later iteration, each local pair whose losses or parameters
// are no longer finite; with ReinitQuarantined the pair starts afresh
// instead. It reads the losses on the host.
func (t *Trainer) quarantineNonFinite() error {
	for i, p := range t.local {
		if p.quarantined {
			continue
		}
		ts := append(append([]torch.Tensor{p.last.lossD, p.last.lossG},
			p.g.Parameters()...), p.d.Parameters()...)
		finite, bad, err := torchx.AllFinite(ts)
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
// about it but to resume from a checkpoint with a lower learning rate.
func (t *Trainer) checkGlobal() error {
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
