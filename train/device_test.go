package train

import (
	"path/filepath"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// TestTrainerPlacesEverything builds trainers on the meta device (shapes
// without data, in every libtorch build; nothing can train there) and checks
// that every network, every optimizer state and every draw of noise and
// real data is placed there: what a CUDA run needs.
func TestTrainerPlacesEverything(t *testing.T) {
	meta := torchx.Device{Kind: "meta"}
	for _, tc := range []struct {
		name string
		edit func(*Config)
	}{
		{"sgan with baseline", func(c *Config) { c.Baseline = true }},
		{"n-sw", func(c *Config) { c.ShareWeights = true }},
		{"shared real, rmsprop", func(c *Config) {
			c.SharedReal, c.Optimizer = true, RMSProp
		}},
		{"dcgan28", func(c *Config) {
			c.G = nn.Spec{Arch: nn.DCGAN28, NGF: 4, NZ: 4}
			c.D = nn.Spec{Arch: nn.DCGAN28, NDF: 4}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tinyConfig(GAN)
			c.Device = "meta"
			tc.edit(&c)
			src := ring(t)
			if c.G.Arch == nn.DCGAN28 {
				src = fakeImages{}
			}
			tr, err := New(c, src)
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			var ts []torch.Tensor
			for _, n := range tr.networks() {
				ts = append(append(ts, n.Parameters()...), n.Buffers()...)
			}
			for _, o := range tr.optimizers() {
				ts = append(ts, o.State()...)
			}
			for _, m := range tr.messengers {
				ts = append(append(ts, m.d.Parameters()...), m.optD.State()...)
			}
			if !c.Simplified && len(tr.messengers) != c.Pairs {
				t.Fatalf("%d messengers, want %d", len(tr.messengers), c.Pairs)
			}
			if len(ts) == 0 {
				t.Fatal("no tensors")
			}
			for i, x := range ts {
				if d := torchx.DeviceOf(x); d != meta {
					t.Fatalf("tensor %d of %d on %v, want meta", i, len(ts), d)
				}
			}
			for _, p := range append(tr.local, tr.global) {
				if d := torchx.DeviceOf(p.noise.RandN(2, 3)); d != meta {
					t.Fatalf("%s's noise on %v, want meta", p.name, d)
				}
				if d := torchx.DeviceOf(p.real.next()); d != meta {
					t.Fatalf("%s's real minibatch on %v, want meta", p.name, d)
				}
			}
			if d := torchx.DeviceOf(onesLike(ts[0])); d != meta {
				t.Fatalf("loss targets on %v, want meta", d)
			}
		})
	}
}

// TestDeviceErrors: a misspelt device fails in Resolve; CUDA in a CPU
// build fails in New with the fix; a resumed run can move to another
// device.
func TestDeviceErrors(t *testing.T) {
	c := tinyConfig(GAN)
	c.Device = "gpu"
	if _, err := c.Resolve(); err == nil || !strings.Contains(err.Error(), `device "gpu"`) {
		t.Fatalf("Resolve with device gpu: %v, want an error naming it", err)
	}
	if torchx.CUDACompiled() {
		t.Skip("a CUDA build")
	}
	c.Device = "cuda:1"
	if _, err := New(c, ring(t)); err == nil ||
		!strings.Contains(err.Error(), "built without CUDA") {
		t.Fatalf("New on cuda:1 in a CPU build: %v, want the fix", err)
	}

	c.Device = ""
	tr := train(t, c, 1)
	path := filepath.Join(t.TempDir(), "ck.sgan")
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := ResumeWith(path, ring(t), ResumeOptions{Device: "cuda"}); err == nil ||
		!strings.Contains(err.Error(), "built without CUDA") {
		t.Fatalf("resume on cuda in a CPU build: %v, want the fix", err)
	}
	moved, err := ResumeWith(path, ring(t), ResumeOptions{Device: "meta"})
	if err != nil {
		t.Fatal(err)
	}
	defer moved.Close()
	if d := torchx.DeviceOf(moved.G0().Parameters()[0]); d.Kind != "meta" {
		t.Fatalf("G0 of the resumed run on %v, want meta", d)
	}
}
