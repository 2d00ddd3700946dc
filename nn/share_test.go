package nn

import (
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// TestSharedLayersMatchReference compares the default sharing with the one
// make_reference.py computes from PyTorch's modules (checkSharing).
func TestSharedLayersMatchReference(t *testing.T) {
	for _, c := range loadReference(t, "reference.json").Sharing {
		t.Run(c.Spec.String(), func(t *testing.T) { checkSharing(t, c) })
	}
}

func TestNewSharedSharesTheRightLayers(t *testing.T) {
	tests := []struct {
		spec   Spec
		layers int
		shared []bool // per parameter of the network
	}{
		// Stages: conv; conv+BN; conv+BN; conv. D shares its first ones.
		{Spec{Arch: DCGAN32, Role: Discriminator, NDF: 4}, 2,
			[]bool{true, true, true, true, false, false, false, false}},
		// Stages: convT+BN; convT+BN; convT+BN; convT. G shares its last ones.
		{Spec{Arch: DCGAN28, Role: Generator, NZ: 8, NGF: 4}, 1,
			[]bool{false, false, false, false, false, false, false, false, false, true}},
		{Spec{Arch: MLP, Role: Generator, NZ: 8, Hidden: 8}, 3,
			[]bool{false, false, true, true, true, true, true, true}},
	}
	for _, tc := range tests {
		t.Run(tc.spec.String(), func(t *testing.T) {
			nets := checkSharedParams(t, tc.spec, tc.layers, tc.shared)
			unshared := 0
			for _, s := range tc.shared {
				if !s {
					unshared++
				}
			}
			want := len(tc.shared) + 2*unshared
			if got := len(UniqueParameters(nets...)); got != want {
				t.Errorf("%d unique parameters, want %d", got, want)
			}
		})
	}
}

func TestNewSharedErrors(t *testing.T) {
	s := Spec{Arch: DCGAN32, Role: Discriminator, NDF: 4}
	tests := []struct {
		n    int
		opt  ShareOptions
		want string
	}{
		{0, ShareOptions{}, "0 networks"},
		{2, ShareOptions{Layers: 4}, "4 shared layers: want 0 (default) to 3"},
		{2, ShareOptions{Layers: -1}, "-1 shared layers"},
	}
	for _, tc := range tests {
		if _, err := NewShared(s, tc.n, tc.opt); err == nil ||
			!strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewShared(%d, %+v) = %v, want an error containing %q", tc.n, tc.opt,
				err, tc.want)
		}
	}
}

// sharedSetup returns two networks sharing their first two stages, a batch
// for each, and independent copies of both, with every gradient computed
// from mean(out^2) on its batch.
func sharedSetup(t *testing.T) (nets, copies []Network) {
	t.Helper()
	s := Spec{Arch: DCGAN28, Role: Discriminator, NDF: 4}
	nets, err := NewShared(s, 2, ShareOptions{Layers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nets {
		c := mustNew(t, s)
		if err := CopyState(c, n); err != nil {
			t.Fatal(err)
		}
		copies = append(copies, c)
	}
	for i := range nets {
		x := input(nets[0].Spec(), 4)
		for _, n := range []Network{nets[i], copies[i]} {
			out := n.Forward(x)
			if err := torchx.Backward(torchx.Mean(torchx.Square(out)), false); err != nil {
				t.Fatal(err)
			}
		}
	}
	return nets, copies
}

// TestSharedGradientsAccumulate checks that a shared parameter's gradient is
// the sum of the gradients that the networks' losses give it separately.
func TestSharedGradientsAccumulate(t *testing.T) {
	nets, copies := sharedSetup(t)
	p0, p1 := nets[0].Parameters(), nets[1].Parameters()
	c0, c1 := copies[0].Parameters(), copies[1].Parameters()
	for i := range p0 {
		shared := *p0[i].T == *p1[i].T
		want := c0[i].Grad()
		if shared {
			want = torch.Add(c0[i].Grad(), c1[i].Grad(), 1)
		}
		assertClose(t, "net 0 gradient", p0[i].Grad(), want, 1e-5)
		if !shared {
			assertClose(t, "net 1 gradient", p1[i].Grad(), c1[i].Grad(), 1e-5)
		}
	}
}

// TestUniqueParametersStepOnce checks that an optimizer over
// UniqueParameters moves a shared parameter once, by the summed gradient.
func TestUniqueParametersStepOnce(t *testing.T) {
	const lr = 0.5
	nets, _ := sharedSetup(t)
	params := UniqueParameters(nets...)
	before, grads := snapshot(params), make([]torch.Tensor, len(params))
	for i, p := range params {
		grads[i] = torch.Add(p.Grad(), torch.Full([]int64{1}, 0, false), 1) // a copy
	}
	opt := torch.SGD(lr, 0, 0, 0, false)
	opt.AddParameters(params)
	opt.Step()
	for i, p := range params {
		want := make([]float64, len(before[i]))
		for j, g := range f64s(grads[i]) {
			want[j] = float64(before[i][j]) - lr*g
		}
		assertClose(t, "stepped parameter", p, fromF64(want, p.Shape()...), 1e-6)
	}
}
