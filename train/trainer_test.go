package train

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/nn"
)

// tinyConfig is a fast toy configuration: small MLPs on the 8-mode ring.
func tinyConfig(v Variant) Config {
	return Config{Pairs: 3, BatchSize: 16, Variant: v, Seed: 7,
		G: nn.Spec{Arch: nn.MLP, Hidden: 16, NZ: 4}, D: nn.Spec{Arch: nn.MLP, Hidden: 16}}
}

func ring(t testing.TB) data.Source {
	t.Helper()
	r, err := data.Ring(data.RingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// train builds a trainer of c and runs k iterations.
func train(t testing.TB, c Config, k int) *Trainer {
	t.Helper()
	tr, err := New(c, ring(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.Close)
	for i := 0; i < k; i++ {
		if err := tr.Iterate(); err != nil {
			t.Fatal(err)
		}
	}
	return tr
}

// localState is every parameter and buffer of the local pairs.
func localState(tr *Trainer) []torch.Tensor {
	var ts []torch.Tensor
	for _, p := range tr.local {
		for _, n := range []nn.Network{p.g, p.d} {
			ts = append(append(ts, n.Parameters()...), n.Buffers()...)
		}
	}
	return ts
}

func assertEqualTensors(t *testing.T, what string, got, want []torch.Tensor) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d tensors, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !torch.Equal(got[i], want[i]) {
			t.Fatalf("%s: tensor %d differs", what, i)
		}
	}
}

// TestIsolation is the paper's guarantee: the global pair, the messengers
// and the baseline never influence a local pair. The local pairs' weights
// after k iterations are bit-identical with and without them, for every
// variant and schedule option.
func TestIsolation(t *testing.T) {
	const k = 4
	options := []struct {
		name string
		set  func(*Config)
	}{
		{"sgan", func(*Config) {}},
		{"simplified", func(c *Config) { c.Simplified = true }},
		{"g0 every local", func(c *Config) { c.G0EveryLocal = true }},
		{"shared real stream", func(c *Config) { c.SharedReal = true }},
		{"shared weights", func(c *Config) { c.ShareWeights = true }},
		{"messenger steps", func(c *Config) { c.MessengerSteps = 7 }},
	}
	for _, v := range Variants {
		for _, o := range options {
			t.Run(string(v)+"/"+o.name, func(t *testing.T) {
				alone := tinyConfig(v)
				alone.NoGlobal = true
				o.set(&alone)
				alone.Simplified, alone.G0EveryLocal = false, false
				with := tinyConfig(v)
				o.set(&with)
				with.Baseline = true
				a, b := train(t, alone, k), train(t, with, k)
				assertEqualTensors(t, "local pairs", localState(b), localState(a))
			})
		}
	}
}

// TestGlobalPairLearns checks that G0 and D0 (and the baseline) move, so
// that TestIsolation does not pass by training nothing.
func TestGlobalPairLearns(t *testing.T) {
	c := tinyConfig(GAN)
	c.Baseline = true
	tr, err := New(c, ring(t))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	before := map[string][]float32{}
	names, gens := tr.Generators()
	for i, g := range gens {
		before[names[i]] = flatParams(g)
	}
	for i := 0; i < 2; i++ {
		if err := tr.Iterate(); err != nil {
			t.Fatal(err)
		}
	}
	for i, g := range gens {
		if equalFloats(before[names[i]], flatParams(g)) {
			t.Errorf("%s did not change in 2 iterations", names[i])
		}
	}
	if got := strings.Join(names, ","); got != "G0,G1,G2,G3,baseline" {
		t.Errorf("generators %s, want G0,G1,G2,G3,baseline", got)
	}
}

// TestMessengerSteps: each messenger takes MessengerSteps steps against G0
// an iteration, from its D_i's optimizer state (NDis by default), and the
// count changes G0 but no local pair.
func TestMessengerSteps(t *testing.T) {
	for _, tc := range []struct {
		variant Variant
		steps   int
		want    int64 // messenger optimizer steps after one iteration
	}{
		{GAN, 0, 1 + 1},
		{GAN, 3, 1 + 3},
		{WGANGP, 0, 5 + 5},
		{WGANGP, 2, 5 + 2},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.variant, tc.steps), func(t *testing.T) {
			c := tinyConfig(tc.variant)
			c.MessengerSteps = tc.steps
			tr := train(t, c, 1)
			for i, m := range tr.messengers {
				if got := m.optD.Steps(); got != tc.want {
					t.Errorf("messenger %d: %d optimizer steps, want %d", i+1, got, tc.want)
				}
			}
		})
	}
	c := tinyConfig(GAN)
	one, five := train(t, c, 2), func() *Trainer { c.MessengerSteps = 5; return train(t, c, 2) }()
	if equalFloats(flatParams(one.G0()), flatParams(five.G0())) {
		t.Error("G0 is the same after 1 and 5 messenger steps")
	}
	if _, err := (Config{MessengerSteps: -1}).Resolve(); err == nil ||
		!strings.Contains(err.Error(), "messenger steps -1") {
		t.Errorf("MessengerSteps -1: error %v, want one naming messenger steps", err)
	}
}

func TestDeterminism(t *testing.T) {
	for _, v := range Variants {
		t.Run(string(v), func(t *testing.T) {
			c := tinyConfig(v)
			c.Baseline = true
			a, b := train(t, c, 3), train(t, c, 3)
			assertEqualTensors(t, "all networks", allState(b), allState(a))
			c.Seed++
			other := train(t, c, 3)
			if equalFloats(flatParams(other.G0()), flatParams(a.G0())) {
				t.Fatal("another seed gave the same G0")
			}
		})
	}
}

// TestSharedWeights checks N-SW: the local discriminators hold the same
// first-layer tensors, which stay shared and move during training.
func TestSharedWeights(t *testing.T) {
	c := tinyConfig(GAN)
	c.ShareWeights = true
	tr := train(t, c, 0)
	first := func(i int) []float32 { return torchxFloats(tr.local[i].d.Parameters()[0]) }
	if *tr.local[0].d.Parameters()[0].T != *tr.local[1].d.Parameters()[0].T {
		t.Fatal("local discriminators 1 and 2 do not share their first layer")
	}
	if tr.sharedD == nil || tr.sharedG == nil {
		t.Fatal("no optimizer for the shared layers")
	}
	before := first(0)
	for i := 0; i < 2; i++ {
		if err := tr.Iterate(); err != nil {
			t.Fatal(err)
		}
	}
	if equalFloats(before, first(0)) {
		t.Fatal("the shared layer did not move")
	}
	if !equalFloats(first(0), first(2)) {
		t.Fatal("the shared layer differs between pairs 1 and 3")
	}
}

// TestWorkersAreBitIdentical: local pairs trained two at a time, each on a
// thread of its own, give the same networks as one after another.
func TestWorkersAreBitIdentical(t *testing.T) {
	for _, v := range Variants {
		t.Run(string(v), func(t *testing.T) {
			c := tinyConfig(v)
			c.Baseline = true
			serial := train(t, c, 3)
			c.Workers = 2
			parallel := train(t, c, 3)
			assertEqualTensors(t, "all networks", allState(parallel), allState(serial))
		})
	}
}

func allState(tr *Trainer) []torch.Tensor {
	var ts []torch.Tensor
	for _, p := range tr.allPairs() {
		for _, n := range []nn.Network{p.g, p.d} {
			ts = append(append(ts, n.Parameters()...), n.Buffers()...)
		}
	}
	return ts
}

func flatParams(n nn.Network) []float32 {
	var out []float32
	for _, p := range n.Parameters() {
		out = append(out, torchxFloats(p)...)
	}
	return out
}

func equalFloats(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSampleLeavesGeneratorUnchanged(t *testing.T) {
	g, err := nn.New(nn.Spec{Arch: nn.DCGAN28, Role: nn.Generator, NGF: 4, NZ: 8})
	if err != nil {
		t.Fatal(err)
	}
	before := append([]torch.Tensor{}, g.Buffers()...)
	copies := make([]torch.Tensor, len(before))
	for i, b := range before {
		copies[i] = torchx.MulScalar(b, 1)
	}
	z := torchx.NewGenerator(1).RandN(5, 8)
	values, shape, err := Sample(g, z)
	if err != nil {
		t.Fatal(err)
	}
	if len(values) != 5*28*28 || len(shape) != 4 || shape[1] != 1 {
		t.Fatalf("%d values of shape %v, want 5x1x28x28", len(values), shape)
	}
	assertEqualTensors(t, "buffers", g.Buffers(), copies)
	again, _, _ := Sample(g, z)
	if !equalFloats(values, again) {
		t.Fatal("two samples of the same z differ")
	}
}
