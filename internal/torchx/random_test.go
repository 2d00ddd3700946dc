package torchx

import (
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

func TestGeneratorMatchesPyTorch(t *testing.T) {
	ref := loadTrainReference(t)
	g := NewGenerator(ref.Generator.Seed)
	assertClose(t, "randn", g.RandN(2, 3), ref.Generator.RandN, 0)
	assertClose(t, "rand", g.Rand(4), ref.Generator.Rand, 0)
	state, err := g.State()
	if err != nil {
		t.Fatal(err)
	}
	if len(state) != ref.Generator.StateLen {
		t.Fatalf("state has %d bytes, PyTorch's %d", len(state), ref.Generator.StateLen)
	}
}

// TestGeneratorsAreIndependent checks that draws from the global generator
// do not move a generator of its own, and that a state round-trips.
func TestGeneratorsAreIndependent(t *testing.T) {
	a, b := NewGenerator(9), NewGenerator(9)
	a.RandN(3)
	torch.RandN([]int64{100}, false) // the global generator
	b.RandN(3)
	if !torch.Equal(a.RandN(4), b.RandN(4)) {
		t.Fatal("same seed, same draws: different values")
	}
	state, err := a.State()
	if err != nil {
		t.Fatal(err)
	}
	first := a.Rand(5)
	if err := a.SetState(state); err != nil {
		t.Fatal(err)
	}
	if !torch.Equal(first, a.Rand(5)) {
		t.Fatal("draws after restoring the state differ")
	}
	if err := a.SetState(state[:7]); err == nil {
		t.Fatal("truncated state: no error")
	}
}

func TestNoGrad(t *testing.T) {
	w := FromFloat32([]float32{1, 2}, 2)
	if err := SetRequiresGrad(w, true); err != nil {
		t.Fatal(err)
	}
	if !GradEnabled() {
		t.Fatal("grad mode off outside NoGrad")
	}
	var y torch.Tensor
	NoGrad(func() {
		if GradEnabled() {
			t.Error("grad mode on inside NoGrad")
		}
		y = Square(w)
	})
	if on, _ := RequiresGrad(y); on {
		t.Fatal("a tensor made under NoGrad requires grad")
	}
	if !GradEnabled() {
		t.Fatal("grad mode not restored after NoGrad")
	}
	func() {
		defer func() { _ = recover() }()
		NoGrad(func() { panic("boom") })
	}()
	if !GradEnabled() {
		t.Fatal("grad mode not restored after a panic inside NoGrad")
	}
}
