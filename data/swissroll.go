package data

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SwissRoll is the endless 2-D Swiss roll of the paper's Section 4, scaled
// like the toy script of WGAN-GP (Gulrajani et al. 2017): scikit-learn's
// make_swiss_roll with noise 0.25, its (x, z) coordinates, divided by 7.5.
// A point is t*(cos t, sin t) + noise, t = 1.5*pi*(1 + 2u) with u uniform on
// [0, 1], so the roll spans about [-1.3, 1.7] x [-1.5, 1.9]. It has no labels.
type SwissRoll struct {
	noise, scale float64
}

// SwissRollOptions configures NewSwissRoll; the zero value is WGAN-GP's roll.
type SwissRollOptions struct {
	Noise float64 // std of the Gaussian noise before scaling; default 0.25
	Scale float64 // factor applied last; default 1/7.5
}

// NewSwissRoll returns the roll opts describes.
func NewSwissRoll(opts SwissRollOptions) (*SwissRoll, error) {
	noise, scale := opts.Noise, opts.Scale
	if noise == 0 {
		noise = 0.25
	}
	if scale == 0 {
		scale = 1 / 7.5
	}
	if noise < 0 || scale < 0 || math.IsInf(noise, 0) || math.IsInf(scale, 0) {
		return nil, fmt.Errorf("data: swiss roll with noise %g, scale %g: want "+
			"positive values", opts.Noise, opts.Scale)
	}
	return &SwissRoll{noise: noise, scale: scale}, nil
}

// Shape is (2).
func (s *SwissRoll) Shape() []int64 { return []int64{2} }

// Len is 0: the roll is an endless distribution.
func (s *SwissRoll) Len() int { return 0 }

// Classes is nil: the roll has no labels.
func (s *SwissRoll) Classes() []string { return nil }

// Fill draws len(idx) points with rng; labels, when asked for, are -1.
func (s *SwissRoll) Fill(dst []float32, labels []int, idx []int, rng *rand.Rand) {
	checkFill(s, dst, labels, idx)
	for k := range idx {
		t := 1.5 * math.Pi * (1 + 2*rng.Float64())
		x := t*math.Cos(t) + s.noise*rng.NormFloat64()
		y := t*math.Sin(t) + s.noise*rng.NormFloat64()
		dst[2*k] = float32(s.scale * x)
		dst[2*k+1] = float32(s.scale * y)
		if labels != nil {
			labels[k] = -1
		}
	}
}
