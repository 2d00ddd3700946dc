package data

import (
	"math"
	"testing"
)

func TestDeriveSeedDistinct(t *testing.T) {
	seen := map[uint64]string{}
	add := func(name string, s uint64) {
		if prev, dup := seen[s]; dup {
			t.Fatalf("%s and %s derive the same seed %d", prev, name, s)
		}
		seen[s] = name
	}
	for seed := uint64(0); seed < 20; seed++ {
		add("seed", DeriveSeed(seed))
		for k := uint64(0); k < 200; k++ {
			add("pair", DeriveSeed(seed, k))
			add("pair, 1", DeriveSeed(seed, k, 1))
		}
	}
	if DeriveSeed(42, 3) != DeriveSeed(42, 3) {
		t.Error("DeriveSeed is not a function of its arguments")
	}
}

// TestDeriveSeedStreamsUncorrelated checks that the endless streams of
// neighbouring pairs are uncorrelated: the correlation of their first
// coordinates over 20 000 points stays within 4 standard errors of 0.
func TestDeriveSeedStreamsUncorrelated(t *testing.T) {
	roll, _ := NewSwissRoll(SwissRollOptions{})
	const n = 20000
	a := newSampler(t, roll, SamplerOptions{BatchSize: n, Seed: DeriveSeed(1, 0)}).Next()
	b := newSampler(t, roll, SamplerOptions{BatchSize: n, Seed: DeriveSeed(1, 1)}).Next()
	var sa, sb, saa, sbb, sab float64
	for i := 0; i < n; i++ {
		x, y := float64(a.Data[2*i]), float64(b.Data[2*i])
		sa, sb, saa, sbb, sab = sa+x, sb+y, saa+x*x, sbb+y*y, sab+x*y
	}
	cov := sab/n - sa*sb/n/n
	r := cov / math.Sqrt((saa/n-sa*sa/n/n)*(sbb/n-sb*sb/n/n))
	if math.Abs(r) > 4/math.Sqrt(n) {
		t.Errorf("correlation %.4f between pair 0 and pair 1, want about 0", r)
	}
}
