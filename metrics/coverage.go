package metrics

import (
	"fmt"
	"math"
	"sort"
)

// EnsembleCoverage says which modes of a mixture the local generators cover.
type EnsembleCoverage struct {
	// Coverers counts, per mode, the local generators that cover it.
	Coverers []int
	// Uncovered is the number of modes that no local generator covers.
	Uncovered int
	// NonCoverage is Uncovered over the number of modes: the y-axis of the
	// paper's Figure 2d.
	NonCoverage float64
}

// NonCoverage measures the ensemble's non-coverage (paper Figure 2d): the
// share of the mixture's modes that no local generator covers. perGenerator
// holds one sample set per local generator G_i; G_i covers a mode when that
// mode is captured by G_i's samples alone, in EvaluateToy's sense under opt
// (nearest mode of at least MinSamples of G_i's high-quality samples).
func NonCoverage(perGenerator [][][2]float64, m Mixture, opt ToyOptions) (
	EnsembleCoverage, error) {
	if len(perGenerator) == 0 {
		return EnsembleCoverage{}, fmt.Errorf("metrics: non-coverage: no generators")
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return EnsembleCoverage{}, err
	}
	if err := m.validate(); err != nil {
		return EnsembleCoverage{}, err
	}
	c := EnsembleCoverage{Coverers: make([]int, len(m.Means))}
	for g, points := range perGenerator {
		q, err := EvaluateToy(points, m, opt)
		if err != nil {
			return EnsembleCoverage{}, fmt.Errorf("metrics: non-coverage of generator %d: %w",
				g, err)
		}
		for i := range c.Coverers {
			if q.captured(i, opt) {
				c.Coverers[i]++
			}
		}
	}
	for _, n := range c.Coverers {
		if n == 0 {
			c.Uncovered++
		}
	}
	c.NonCoverage = float64(c.Uncovered) / float64(len(c.Coverers))
	return c, nil
}

// AdaGANCoverage is the coverage C of AdaGAN (Tolstikhin et al. 2017), shown
// in the paper's Figure 8: the share of generated points at which the
// mixture's density exceeds beta, where beta is the 5% quantile of that
// density over the real points (numpy's default linear quantile), so that
// about 95% of the real mass lies above it. A value near 0.95 means the
// generator puts its mass where the data's is.
func AdaGANCoverage(generated, real [][2]float64, m Mixture) (float64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	if len(generated) == 0 || len(real) == 0 {
		return 0, fmt.Errorf("metrics: adagan coverage: %d generated and %d real points, "+
			"want some of each", len(generated), len(real))
	}
	densities := make([]float64, len(real))
	for i, p := range real {
		densities[i] = m.density(p)
	}
	beta := quantile(densities, 0.05)
	above := 0
	for _, p := range generated {
		if m.density(p) > beta {
			above++
		}
	}
	return float64(above) / float64(len(generated)), nil
}

// density is the mixture's probability density at p; 0 for a point with a
// NaN.
func (m Mixture) density(p [2]float64) float64 {
	v := m.Std * m.Std
	s := 0.0
	for _, c := range m.Means {
		s += math.Exp(-dist2(p, c) / (2 * v))
	}
	d := s / (2 * math.Pi * v * float64(len(m.Means)))
	if math.IsNaN(d) {
		return 0
	}
	return d
}

// quantile is numpy's default (linear) q-quantile of values, which it sorts.
func quantile(values []float64, q float64) float64 {
	sort.Float64s(values)
	pos := q * float64(len(values)-1)
	lo := int(math.Floor(pos))
	if lo+1 >= len(values) {
		return values[len(values)-1]
	}
	f := pos - float64(lo)
	return values[lo] + f*(values[lo+1]-values[lo])
}
