package torchx

import (
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"
)

// TestGradientPenalty computes WGAN-GP's penalty on a tiny fixed
// discriminator by double backprop and checks the penalty, the gradient with
// respect to the input and the weights' gradients against PyTorch's.
func TestGradientPenalty(t *testing.T) {
	ref := loadReference(t)
	gp := ref.GP
	w1, b1, w2, b2 := gp.W1.tensor(), gp.B1.tensor(), gp.W2.tensor(), gp.B2.tensor()
	for _, w := range []torch.Tensor{w1, b1, w2, b2} {
		if err := SetRequiresGrad(w, true); err != nil {
			t.Fatal(err)
		}
	}
	real, fake, alpha := gp.Real.tensor(), gp.Fake.tensor(), gp.Alpha.tensor()

	// x = alpha*real + (1-alpha)*fake, a leaf that requires grad.
	mix := torch.Add(torch.Mul(alpha, real), torch.Mul(AddScalar(Neg(alpha), 1), fake), 1)
	x := mix.Detach()
	if err := SetRequiresGrad(x, true); err != nil {
		t.Fatal(err)
	}
	out := F.Linear(F.LeakyRelu(F.Linear(x, w1, b1), 0.2, false), w2, b2) // (5, 1)

	grads, err := Grad([]torch.Tensor{out}, []torch.Tensor{x},
		[]torch.Tensor{torch.Ones(out.Shape(), false)}, GradOptions{CreateGraph: true})
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "grad_x", grads[0], gp.GradX, 1e-5)

	penalty := Mean(Square(AddScalar(Norm(grads[0], 2, 1, false), -1)))
	assertScalar(t, "penalty", penalty, gp.Penalty, 1e-5)

	if err := Backward(penalty, false); err != nil {
		t.Fatal(err)
	}
	assertClose(t, "grad_w1", w1.Grad(), gp.GradW1, 1e-5)
	assertClose(t, "grad_b1", b1.Grad(), gp.GradB1, 1e-5)
	assertClose(t, "grad_w2", w2.Grad(), gp.GradW2, 1e-5)
}

func TestGradErrors(t *testing.T) {
	leaf := FromFloat32([]float32{1, 2}, 2)
	if err := SetRequiresGrad(leaf, true); err != nil {
		t.Fatal(err)
	}
	noGrad := FromFloat32([]float32{3, 4}, 2)
	unused := FromFloat32([]float32{5}, 1)
	if err := SetRequiresGrad(unused, true); err != nil {
		t.Fatal(err)
	}
	sum := Sum(Square(leaf))
	tests := []struct {
		name    string
		outputs []torch.Tensor
		inputs  []torch.Tensor
		want    string
	}{
		{"input needs no grad", []torch.Tensor{sum}, []torch.Tensor{noGrad},
			"does not require grad"},
		{"input unused", []torch.Tensor{sum}, []torch.Tensor{unused}, "not have been used"},
		{"no outputs", nil, []torch.Tensor{leaf}, "at least one output"},
		{"undefined input", []torch.Tensor{sum}, []torch.Tensor{{}}, "undefined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Grad(tc.outputs, tc.inputs, nil, GradOptions{RetainGraph: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestBackwardError checks that a libtorch exception in backward comes back
// as an error: gotorch's own Backward aborts the process here.
func TestBackwardError(t *testing.T) {
	notScalar := Square(FromFloat32([]float32{1, 2}, 2))
	if err := Backward(notScalar, false); err == nil {
		t.Fatal("backward of a tensor that needs no grad: no error")
	}
	leaf := FromFloat32([]float32{1, 2}, 2)
	if err := SetRequiresGrad(leaf, true); err != nil {
		t.Fatal(err)
	}
	err := Backward(Square(leaf), false)
	if err == nil || !strings.Contains(err.Error(), "scalar") {
		t.Fatalf("backward of a vector: err = %v, want one about scalar outputs", err)
	}
}

func TestRequiresGradAndZeroGrad(t *testing.T) {
	w := FromFloat32([]float32{1, 2, 3}, 3)
	if on, err := RequiresGrad(w); err != nil || on {
		t.Fatalf("new tensor: RequiresGrad = %v, %v; want false", on, err)
	}
	if err := SetRequiresGrad(w, true); err != nil {
		t.Fatal(err)
	}
	if on, _ := RequiresGrad(w); !on {
		t.Fatal("after SetRequiresGrad(true): RequiresGrad = false")
	}
	if err := Backward(Sum(Square(w)), false); err != nil {
		t.Fatal(err)
	}
	assertClose(t, "grad", w.Grad(), array{Data: []float64{2, 4, 6}}, 0)
	if err := ZeroGrad([]torch.Tensor{w}); err != nil {
		t.Fatal(err)
	}
	// A fresh backward now gives the gradient alone, not a sum with the old one.
	if err := Backward(Sum(w), false); err != nil {
		t.Fatal(err)
	}
	assertClose(t, "grad after ZeroGrad", w.Grad(), array{Data: []float64{1, 1, 1}}, 0)

	y := Square(w)
	if err := SetRequiresGrad(y, false); err == nil {
		t.Fatal("SetRequiresGrad(false) on a non-leaf: no error")
	}
}
