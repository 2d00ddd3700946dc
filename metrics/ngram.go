package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// DefaultMaxN is the longest n-gram of NGramJSD by default: the character
// 1- to 4-grams that WGAN-GP's language model was judged by.
const DefaultMaxN = 4

// NGramOptions configures NGramJSD.
type NGramOptions struct {
	// MaxN is the longest n-gram: NGramJSD compares n = 1 to MaxN;
	// default DefaultMaxN.
	MaxN int
}

// NGramCounts counts the character n-grams of texts: every run of n
// consecutive characters (runes) inside one text; none crosses from one
// text to the next.
func NGramCounts(texts []string, n int) map[string]int {
	counts := map[string]int{}
	if n < 1 {
		return counts
	}
	for _, s := range texts {
		rs := []rune(s)
		for i := 0; i+n <= len(rs); i++ {
			counts[string(rs[i:i+n])]++
		}
	}
	return counts
}

// JSD is the Jensen-Shannon divergence between the distributions that the
// counts p and q are proportional to, in nats (natural logarithm): 0 for
// equal distributions, ln 2 (about 0.6931) for disjoint ones. It sums in
// the keys' order, so the result does not depend on map iteration. Both
// must hold a positive count.
func JSD(p, q map[string]int) (float64, error) {
	tp, tq := total(p), total(q)
	if tp <= 0 || tq <= 0 {
		return 0, fmt.Errorf("metrics: jsd: counts totalling %d and %d: want both "+
			"positive", tp, tq)
	}
	keys := make([]string, 0, len(p)+len(q))
	for k := range p {
		keys = append(keys, k)
	}
	for k := range q {
		if _, ok := p[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var d float64
	for _, k := range keys {
		pk, qk := float64(p[k])/float64(tp), float64(q[k])/float64(tq)
		m := (pk + qk) / 2
		if pk > 0 {
			d += pk * math.Log(pk/m)
		}
		if qk > 0 {
			d += qk * math.Log(qk/m)
		}
	}
	return math.Max(0, d/2), nil
}

func total(c map[string]int) int {
	t := 0
	for _, v := range c {
		if v < 0 {
			return -1
		}
		t += v
	}
	return t
}

// NGramJSD is the Jensen-Shannon divergence (nats) between the character
// n-gram distributions of fake and real texts, for n = 1 to MaxN (element
// n-1). Compare equal numbers of texts of the same length: the divergence
// of finite samples grows as they shrink. Fake texts without an n-gram of
// some n (all shorter than n) count as disjoint from the real ones, ln 2;
// real texts without one are an error.
func NGramJSD(fake, real []string, opt NGramOptions) ([]float64, error) {
	if opt.MaxN == 0 {
		opt.MaxN = DefaultMaxN
	}
	if opt.MaxN < 1 {
		return nil, fmt.Errorf("metrics: n-gram jsd: max n %d: want at least 1", opt.MaxN)
	}
	if len(fake) == 0 || len(real) == 0 {
		return nil, errors.New("metrics: n-gram jsd: no texts to compare")
	}
	out := make([]float64, opt.MaxN)
	for n := 1; n <= opt.MaxN; n++ {
		r := NGramCounts(real, n)
		if len(r) == 0 {
			return nil, fmt.Errorf("metrics: n-gram jsd: the real texts have no %d-gram", n)
		}
		f := NGramCounts(fake, n)
		if len(f) == 0 {
			out[n-1] = math.Ln2
			continue
		}
		d, err := JSD(f, r)
		if err != nil {
			return nil, err
		}
		out[n-1] = d
	}
	return out, nil
}
