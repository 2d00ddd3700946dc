package report

import (
	"math"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

func newToyD(t *testing.T, seed uint64) nn.Network {
	t.Helper()
	torchx.ManualSeed(seed)
	d, err := nn.New(nn.Spec{Arch: nn.MLP, Role: nn.Discriminator, DataDim: 2, Hidden: 8})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLevelsAreTheMeanOutput(t *testing.T) {
	ds := []nn.Network{newToyD(t, 1), newToyD(t, 2)}
	box := Box{-1, 1, -2, 2}
	// The outputs each discriminator gives on the grid's cells.
	cells := NewGrid(box, 6, 4)
	x := torchx.FromFloat32(cells.Points(), 24, 2) // (cells, 2)
	var outs [][]float32
	for _, d := range ds {
		o, err := train.Discriminate(d, x)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, o)
	}
	sigmoid := func(v float32) float64 { return 1 / (1 + math.Exp(-float64(v))) }
	// The mean of the two discriminators at cell i: probabilities for GAN
	// and DRAGAN, critic values for the Wasserstein variants.
	meanProb := func(i int) float64 { return (sigmoid(outs[0][i]) + sigmoid(outs[1][i])) / 2 }
	meanCritic := func(i int) float64 { return (float64(outs[0][i]) + float64(outs[1][i])) / 2 }
	tests := []struct {
		variant train.Variant
		want    func(i int) float64
	}{
		{train.GAN, meanProb},
		{train.DRAGAN, meanProb},
		{train.WGANGP, meanCritic},
		{train.WGAN, meanCritic},
	}
	for _, tc := range tests {
		t.Run(string(tc.variant), func(t *testing.T) {
			g := NewGrid(box, 6, 4)
			if err := Levels(g, ds, tc.variant); err != nil {
				t.Fatal(err)
			}
			for i, got := range g.Values {
				if want := tc.want(i); math.Abs(got-want) > 1e-6 {
					t.Errorf("cell %d: level %g, want %g", i, got, want)
				}
			}
		})
	}
}

func TestLevelsWithoutDiscriminatorsIsAnError(t *testing.T) {
	if err := Levels(NewGrid(Box{0, 1, 0, 1}, 2, 2), nil, train.GAN); err == nil {
		t.Fatal("Levels of no discriminators: no error")
	}
}
