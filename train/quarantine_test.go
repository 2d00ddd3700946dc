package train

import (
	"math"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// poison sets every weight of local pair i's discriminator to NaN.
func poison(t *testing.T, tr *Trainer, i int) {
	t.Helper()
	poisonNet(t, tr.local[i].d)
}

// poisonNet sets every weight of n to NaN.
func poisonNet(t *testing.T, n nn.Network) {
	t.Helper()
	params := n.Parameters()
	nans := make([]torch.Tensor, len(params))
	for k, p := range params {
		vals := make([]float32, torchx.Numel(p))
		for j := range vals {
			vals[j] = float32(math.NaN())
		}
		nans[k] = torchx.FromFloat32(vals, p.Shape()...)
	}
	if err := torchx.Copy(params, nans); err != nil {
		t.Fatal(err)
	}
}

func finite(t *testing.T, ts []torch.Tensor) bool {
	t.Helper()
	ok, _, err := torchx.AllFinite(ts)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestQuarantine injects NaN into one local pair: it is left out of the
// global steps and reported, the other pairs and the global pair train on
// and stay finite.
func TestQuarantine(t *testing.T) {
	for _, v := range Variants {
		t.Run(string(v), func(t *testing.T) {
			c := tinyConfig(v)
			c.Baseline = true
			tr := train(t, c, 1)
			poison(t, tr, 1)
			if err := tr.Iterate(); err != nil {
				t.Fatal(err)
			}
			f := tr.Figures()
			if !f.Local[1].Quarantined || f.Local[0].Quarantined || f.Local[2].Quarantined {
				t.Fatalf("quarantined %v %v %v, want only pair 2", f.Local[0].Quarantined,
					f.Local[1].Quarantined, f.Local[2].Quarantined)
			}
			if len(f.Events) != 1 || !strings.Contains(f.Events[0], "local pair 2 quarantined") {
				t.Fatalf("events %q, want pair 2's quarantine", f.Events)
			}
			for i := 0; i < 2; i++ {
				if err := tr.Iterate(); err != nil {
					t.Fatal(err)
				}
			}
			g := tr.global
			if !finite(t, append(g.g.Parameters(), g.d.Parameters()...)) {
				t.Fatal("G0 or D0 is not finite")
			}
			for _, i := range []int{0, 2} {
				p := tr.local[i]
				if !finite(t, append(p.g.Parameters(), p.d.Parameters()...)) {
					t.Fatalf("local pair %d is not finite", i+1)
				}
			}
			if got := tr.Figures(); !got.Local[1].Quarantined || len(got.Events) != 0 {
				t.Fatalf("later iteration: quarantined %v, events %q", got.Local[1].Quarantined,
					got.Events)
			}
		})
	}
}

func TestQuarantineReinit(t *testing.T) {
	c := tinyConfig(GAN)
	c.ReinitQuarantined = true
	tr := train(t, c, 1)
	poison(t, tr, 0)
	if err := tr.Iterate(); err != nil {
		t.Fatal(err)
	}
	f := tr.Figures()
	if f.Local[0].Quarantined || len(f.Events) != 2 ||
		!strings.Contains(f.Events[1], "local pair 1 re-initialised") {
		t.Fatalf("quarantined %v, events %q; want a re-initialised pair 1",
			f.Local[0].Quarantined, f.Events)
	}
	if err := tr.Iterate(); err != nil {
		t.Fatal(err)
	}
	p := tr.local[0]
	if !finite(t, append(p.g.Parameters(), p.d.Parameters()...)) {
		t.Fatal("re-initialised pair is not finite")
	}
}

func TestAllQuarantinedIsAnError(t *testing.T) {
	tr := train(t, tinyConfig(GAN), 1)
	for i := range tr.local {
		poison(t, tr, i)
	}
	err := tr.Iterate()
	if err == nil || !strings.Contains(err.Error(), "every local pair is quarantined") {
		t.Fatalf("err = %v", err)
	}
}
