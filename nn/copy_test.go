package nn

import (
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// step takes one optimizer step of net on the loss mean(net(x)^2).
func step(t *testing.T, opt torch.Optimizer, net Network, x torch.Tensor) {
	t.Helper()
	opt.ZeroGrad()
	out := net.Forward(x)
	if err := torchx.Backward(torchx.Mean(torchx.Square(out)), false); err != nil {
		t.Fatal(err)
	}
	opt.Step()
}

func TestCopyStateMakesAnIndependentEqualCopy(t *testing.T) {
	optimizers := map[string]func() torch.Optimizer{
		"sgd":  func() torch.Optimizer { return torch.SGD(0.1, 0, 0, 0, false) },
		"adam": func() torch.Optimizer { return torch.Adam(0.01, 0.5, 0.999, 0) },
	}
	specs := []Spec{
		{Arch: MLP, Role: Discriminator, Hidden: 32},
		{Arch: DCGAN32, Role: Discriminator, NDF: 8},
		{Arch: DCGAN28, Role: Generator, NZ: 16, NGF: 8},
	}
	for _, s := range specs {
		for optName, newOpt := range optimizers {
			t.Run(s.String()+" "+optName, func(t *testing.T) {
				src, dst := mustNew(t, s), mustNew(t, s)
				x := input(src.Spec(), 4)
				src.Forward(x) // move the running statistics off their start

				// Right after the copy: the same state, the same outputs.
				if err := CopyState(dst, src); err != nil {
					t.Fatal(err)
				}
				if !equalSnapshots(snapshot(state(dst)), snapshot(state(src))) {
					t.Fatal("state differs right after the copy")
				}
				assertClose(t, "outputs after the copy", dst.Forward(x), src.Forward(x), 0)
				srcState := snapshot(state(src)) // the pass moved the statistics

				// Updating the copy leaves the source bit-identical.
				opt := newOpt()
				opt.AddParameters(dst.Parameters())
				step(t, opt, dst, x)
				if !equalSnapshots(snapshot(state(src)), srcState) {
					t.Error("a step of the copy changed the source")
				}
				if equalSnapshots(snapshot(dst.Parameters()), snapshot(src.Parameters())) {
					t.Error("the step left the copy's parameters unchanged")
				}
			})
		}
	}
}

func TestCopyStateKeepsMode(t *testing.T) {
	s := Spec{Arch: DCGAN28, Role: Discriminator, NDF: 4}
	src, dst := mustNew(t, s), mustNew(t, s)
	dst.SetTraining(false)
	if err := CopyState(dst, src); err != nil {
		t.Fatal(err)
	}
	if dst.Training() || !src.Training() {
		t.Errorf("modes after the copy: dst %v, src %v; want false, true", dst.Training(),
			src.Training())
	}
}

func TestCopyStateRejectsOtherArchitectures(t *testing.T) {
	tests := []struct{ dst, src Spec }{
		{Spec{Arch: DCGAN32, Role: Discriminator, NDF: 4},
			Spec{Arch: DCGAN32, Role: Discriminator, NDF: 8}},
		{Spec{Arch: MLP, Role: Discriminator, Hidden: 8},
			Spec{Arch: MLP, Role: Discriminator, Hidden: 8, Slope: 0.2}},
		{Spec{Arch: DCGAN28, Role: Generator, NGF: 4},
			Spec{Arch: DCGAN28, Role: Discriminator, NDF: 4}},
	}
	for _, tc := range tests {
		dst, src := mustNew(t, tc.dst), mustNew(t, tc.src)
		before := snapshot(state(dst))
		err := CopyState(dst, src)
		if err == nil || !strings.Contains(err.Error(), src.Spec().String()) ||
			!strings.Contains(err.Error(), dst.Spec().String()) {
			t.Errorf("CopyState(%s, %s) = %v, want an error naming both", dst.Spec(),
				src.Spec(), err)
		}
		if !equalSnapshots(before, snapshot(state(dst))) {
			t.Errorf("a failed copy changed %s", dst.Spec())
		}
	}
}

func mustNew(t testing.TB, s Spec) Network {
	t.Helper()
	n, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
