package report

import (
	"fmt"
	"math"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

// Probabilities reports whether a variant's discriminator outputs are read
// as probabilities sigma(D(x)) (GAN, DRAGAN) rather than critic values (the
// Wasserstein variants).
func Probabilities(v train.Variant) bool { return v == train.GAN || v == train.DRAGAN }

// LevelName names what Levels computes for variant v, for a legend.
func LevelName(v train.Variant) string {
	if Probabilities(v) {
		return "σ(D(x))"
	}
	return "critic D(x)"
}

// Levels sets g's values to the mean output of the 2-D discriminators ds at
// g's cells: the mean of sigma(D_i(x)) for GAN and DRAGAN, of the critic
// values D_i(x) for the Wasserstein variants. A network's non-finite output
// at a cell (a quarantined pair) is left out of that cell's mean; a cell
// with none is NaN. The networks are left as they were (train.Discriminate).
func Levels(g *Grid, ds []nn.Network, v train.Variant) error {
	if len(ds) == 0 {
		return fmt.Errorf("report: levels: no discriminators")
	}
	n := g.Cols * g.Rows
	x := torchx.FromFloat32(g.Points(), int64(n), 2) // (cells, 2)
	sum := make([]float64, n)
	count := make([]int, n)
	for k, d := range ds {
		out, err := train.Discriminate(d, x)
		if err != nil {
			return fmt.Errorf("report: levels of discriminator %d: %w", k, err)
		}
		if len(out) != n {
			return fmt.Errorf("report: levels of discriminator %d: %d outputs for %d "+
				"points: not a discriminator of 2-D points", k, len(out), n)
		}
		for i, o := range out {
			y := float64(o)
			if Probabilities(v) {
				y = 1 / (1 + math.Exp(-y))
			}
			if !math.IsNaN(y) && !math.IsInf(y, 0) {
				sum[i] += y
				count[i]++
			}
		}
	}
	for i := range g.Values {
		g.Values[i] = math.NaN()
		if count[i] > 0 {
			g.Values[i] = sum[i] / float64(count[i])
		}
	}
	return nil
}
