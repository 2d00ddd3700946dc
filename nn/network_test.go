package nn

import (
	"fmt"
	"math"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// defaultSpecs are every architecture and role with the default options.
func defaultSpecs(t testing.TB) []Spec {
	t.Helper()
	var specs []Spec
	for _, arch := range Archs {
		for _, role := range []Role{Generator, Discriminator} {
			s, err := Spec{Arch: arch, Role: role}.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			specs = append(specs, s)
		}
	}
	return specs
}

// input is a batch of n inputs for a network of spec s.
func input(s Spec, n int64) torch.Tensor {
	if s.Role == Generator {
		return randn(n, int64(s.NZ))
	}
	return randn(append([]int64{n}, s.SampleShape()...)...)
}

func name(s Spec) string { return fmt.Sprintf("%s-%s", s.Arch, s.Role) }

func TestForwardShapes(t *testing.T) {
	const n = 3
	for _, s := range defaultSpecs(t) {
		t.Run(name(s), func(t *testing.T) {
			net, err := New(s)
			if err != nil {
				t.Fatal(err)
			}
			want := []int64{n}
			if s.Role == Generator {
				want = append(want, s.SampleShape()...)
			}
			assertShape(t, "output", net.Forward(input(s, n)), want)
		})
	}
}

func TestForwardAcceptsOtherInputLayouts(t *testing.T) {
	g, err := New(Spec{Arch: DCGAN32, Role: Generator, NGF: 8})
	if err != nil {
		t.Fatal(err)
	}
	g.SetTraining(false)
	z := randn(2, 100)
	assertClose(t, "G(z as (N, nz, 1, 1))", g.Forward(torchx.Reshape(z, 2, 100, 1, 1)),
		g.Forward(z), 0)

	d, err := New(Spec{Arch: MLP, Role: Discriminator, DataDim: 784, Hidden: 16})
	if err != nil {
		t.Fatal(err)
	}
	x := randn(2, 1, 28, 28)
	assertClose(t, "MLP D(images)", d.Forward(x), d.Forward(torchx.Reshape(x, 2, 784)), 0)
}

func TestTrainingMode(t *testing.T) {
	net, err := New(Spec{Arch: DCGAN28, Role: Discriminator, NDF: 8})
	if err != nil {
		t.Fatal(err)
	}
	if !net.Training() {
		t.Fatal("a new network is in evaluation mode, want training")
	}
	x := randn(4, 1, 28, 28)
	before := snapshot(net.Buffers())
	net.Forward(x)
	if equalSnapshots(before, snapshot(net.Buffers())) {
		t.Error("a training-mode pass left the running statistics unchanged")
	}
	net.SetTraining(false)
	if net.Training() {
		t.Fatal("SetTraining(false) ignored")
	}
	before = snapshot(net.Buffers())
	first := net.Forward(x)
	if !equalSnapshots(before, snapshot(net.Buffers())) {
		t.Error("an evaluation-mode pass changed the running statistics")
	}
	// Evaluation mode is per sample: a sample's logit does not depend on
	// the rest of the batch.
	alone := net.Forward(torchx.FromFloat32(torchx.Float32s(x)[:28*28], 1, 1, 28, 28))
	assertNear(t, "eval logit of sample 0 alone", f64s(alone)[0], f64s(first)[0], 1e-5)
}

func TestConstructionIsReproducible(t *testing.T) {
	for _, s := range defaultSpecs(t) {
		if s.Arch == DCGAN64 {
			continue // large; the others cover every layer kind
		}
		t.Run(name(s), func(t *testing.T) {
			build := func(seed uint64) [][]float32 {
				torchx.ManualSeed(seed)
				net, err := New(s)
				if err != nil {
					t.Fatal(err)
				}
				return snapshot(net.Parameters())
			}
			a, b, c := build(3), build(3), build(4)
			if !equalSnapshots(a, b) {
				t.Error("two networks built after ManualSeed(3) differ")
			}
			if equalSnapshots(a, c) {
				t.Error("seeds 3 and 4 gave the same network")
			}
		})
	}
}

// snapshot copies the values of ts.
func snapshot(ts []torch.Tensor) [][]float32 {
	s := make([][]float32, len(ts))
	for i, x := range ts {
		s[i] = torchx.Float32s(x)
	}
	return s
}

// equalSnapshots reports whether a and b are bit-identical.
func equalSnapshots(a, b [][]float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if math.Float32bits(a[i][j]) != math.Float32bits(b[i][j]) {
				return false
			}
		}
	}
	return true
}

func TestParametersRequireGradBuffersDoNot(t *testing.T) {
	for _, s := range []Spec{
		{Arch: MLP, Role: Generator, Hidden: 8},
		{Arch: DCGAN64, Role: Generator, NGF: 4},
		{Arch: DCGAN28, Role: Discriminator, NDF: 4},
	} {
		net := mustNew(t, s)
		for i, p := range net.Parameters() {
			if on, err := torchx.RequiresGrad(p); err != nil || !on {
				t.Errorf("%s: parameter %d: requires grad %v (%v), want true", s, i, on, err)
			}
		}
		for i, b := range net.Buffers() {
			if on, err := torchx.RequiresGrad(b); err != nil || on {
				t.Errorf("%s: buffer %d: requires grad %v (%v), want false", s, i, on, err)
			}
		}
	}
}
