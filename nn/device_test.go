package nn

import (
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// TestToDevice moves networks to the meta device (shapes without data, in
// every libtorch build): every parameter and buffer is there afterwards,
// parameters still require a gradient, and networks that share layers still
// share them (one move serves all).
func TestToDevice(t *testing.T) {
	meta := torchx.Device{Kind: "meta"}
	for _, s := range []Spec{
		{Arch: MLP, Role: Generator, Hidden: 8},
		{Arch: DCGAN32, Role: Discriminator, NDF: 4},
		{Arch: DCGAN64, Role: Generator, NGF: 4},
	} {
		t.Run(name(s), func(t *testing.T) {
			n := mustNew(t, s)
			if err := ToDevice(n, meta); err != nil {
				t.Fatal(err)
			}
			for i, p := range append(n.Parameters(), n.Buffers()...) {
				if d := torchx.DeviceOf(p); d != meta {
					t.Fatalf("tensor %d on %v, want meta", i, d)
				}
			}
			for i, p := range n.Parameters() {
				if on, err := torchx.RequiresGrad(p); err != nil || !on {
					t.Fatalf("parameter %d requires grad %v, %v after the move", i, on, err)
				}
			}
		})
	}
	t.Run("shared", func(t *testing.T) {
		nets, err := NewShared(Spec{Arch: DCGAN28, Role: Discriminator, NDF: 4}, 2,
			ShareOptions{})
		if err != nil {
			t.Fatal(err)
		}
		before := len(UniqueParameters(nets...))
		if err := ToDevice(nets[0], meta); err != nil {
			t.Fatal(err)
		}
		if err := ToDevice(nets[1], meta); err != nil {
			t.Fatal(err)
		}
		if after := len(UniqueParameters(nets...)); after != before {
			t.Fatalf("%d distinct parameters after the move, %d before", after, before)
		}
		for _, n := range nets {
			for i, p := range n.Parameters() {
				if d := torchx.DeviceOf(p); d != meta {
					t.Fatalf("parameter %d on %v, want meta", i, d)
				}
			}
		}
	})
}
