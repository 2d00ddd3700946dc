package train

import (
	"time"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// PairFigures are one pair's figures of the last iteration: its losses and
// the mean discriminator output on real and on fake data (probabilities for
// GAN and DRAGAN, critic values for the Wasserstein variants).
type PairFigures struct {
	Name        string  `json:"name"`
	LossD       float64 `json:"loss_d"`
	LossG       float64 `json:"loss_g"`
	DReal       float64 `json:"d_real"`
	DFake       float64 `json:"d_fake"`
	Quarantined bool    `json:"quarantined,omitempty"`
}

// Figures are the figures of the last iteration, for a Recorder.
type Figures struct {
	Iteration  int           `json:"iteration"`
	Global     *PairFigures  `json:"global,omitempty"`
	Local      []PairFigures `json:"local"`
	Baseline   *PairFigures  `json:"baseline,omitempty"`
	LocalTime  time.Duration `json:"local_ns"`
	GlobalTime time.Duration `json:"global_ns"`
	Events     []string      `json:"events,omitempty"`
}

// Recorder receives the figures of the iterations a caller chooses to
// record; the trainer itself logs nothing.
type Recorder interface {
	Record(Figures) error
}

// Figures reads the last iteration's figures on the host (on CUDA it waits
// for the iteration's kernels: call it at the log interval only).
func (t *Trainer) Figures() Figures {
	f := Figures{Iteration: t.iteration, LocalTime: t.localTime, GlobalTime: t.globalTime,
		Events: append([]string(nil), t.events...)}
	for _, p := range t.local {
		f.Local = append(f.Local, p.figures())
	}
	if !t.cfg.NoGlobal {
		g := t.global.figures()
		f.Global = &g
	}
	if t.baseline != nil {
		b := t.baseline.figures()
		f.Baseline = &b
	}
	return f
}

func (p *pair) figures() PairFigures {
	return PairFigures{Name: p.name, LossD: scalar(p.last.lossD), LossG: scalar(p.last.lossG),
		DReal: scalar(p.last.dReal), DFake: scalar(p.last.dFake), Quarantined: p.quarantined}
}

// scalar is t's single value, or 0 for a tensor not computed yet.
func scalar(t torch.Tensor) float64 {
	if t.T == nil {
		return 0
	}
	return float64(torchx.Float32s(t)[0])
}
