package train

import (
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

func TestDiscriminateLeavesDiscriminatorUnchanged(t *testing.T) {
	d, err := nn.New(nn.Spec{Arch: nn.DCGAN28, Role: nn.Discriminator, Channels: 1, NDF: 4})
	if err != nil {
		t.Fatal(err)
	}
	copies := make([]torch.Tensor, len(d.Buffers()))
	for i, b := range d.Buffers() {
		copies[i] = torchx.MulScalar(b, 1)
	}
	x := torchx.NewGenerator(1).RandN(5, 1, 28, 28) // (N, C, H, W)
	values, err := Discriminate(d, x)
	if err != nil {
		t.Fatal(err)
	}
	if len(values) != 5 {
		t.Fatalf("%d values, want 5 (one per example)", len(values))
	}
	assertEqualTensors(t, "buffers", d.Buffers(), copies)
	again, err := Discriminate(d, x)
	if err != nil {
		t.Fatal(err)
	}
	if !equalFloats(values, again) {
		t.Fatal("two evaluations of the same x differ")
	}
}

func TestDiscriminateIsTheForwardPass(t *testing.T) {
	d, err := nn.New(nn.Spec{Arch: nn.MLP, Role: nn.Discriminator, DataDim: 2, Hidden: 8})
	if err != nil {
		t.Fatal(err)
	}
	x := torchx.FromFloat32([]float32{0, 0, 1, -1, 2.5, 3}, 3, 2) // (N, 2)
	got, err := Discriminate(d, x)
	if err != nil {
		t.Fatal(err)
	}
	want := torchx.Float32s(d.Forward(x))
	if !equalFloats(got, want) {
		t.Errorf("Discriminate = %v, want d.Forward = %v", got, want)
	}
}
