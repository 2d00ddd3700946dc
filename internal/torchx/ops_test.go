package torchx

import (
	"errors"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

// TestOpsMatchPyTorch checks every operation against python3-torch's values
// in testdata/reference.json.
func TestOpsMatchPyTorch(t *testing.T) {
	ref := loadReference(t)
	a, b := ref.op(t, "a").tensor(), ref.op(t, "b").tensor()
	pos, target := ref.op(t, "pos").tensor(), ref.op(t, "target").tensor()
	tests := []struct {
		name string
		got  torch.Tensor
	}{
		{"exp", Exp(a)},
		{"log", Log(pos)},
		{"sqrt", Sqrt(pos)},
		{"abs", Abs(a)},
		{"neg", Neg(a)},
		{"square", Square(a)},
		{"softplus", Softplus(MulScalar(a, 10))},
		{"add_scalar", AddScalar(a, 1.5)},
		{"mul_scalar", MulScalar(a, -2)},
		{"pow_scalar", PowScalar(pos, 2.5)},
		{"maximum", Maximum(a, b)},
		{"minimum", Minimum(a, b)},
		{"clamp", Clamp(a, -0.5, 0.5)},
		{"norm_dim1", Norm(a, 2, 1, false)},
		{"norm1_dim0", Norm(a, 1, 0, false)},
		{"cat0", Cat([]torch.Tensor{a, b}, 0)},
		{"cat1", Cat([]torch.Tensor{a, b}, 1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assertClose(t, tc.name, tc.got, ref.op(t, tc.name), 1e-6)
		})
	}
	scalars := []struct {
		name string
		got  torch.Tensor
	}{
		{"sum", Sum(a)},
		{"mean", Mean(a)},
		{"bce_with_logits", BCEWithLogits(a, target)},
		{"mse", MSE(a, b)},
	}
	for _, tc := range scalars {
		t.Run(tc.name, func(t *testing.T) {
			assertScalar(t, tc.name, tc.got, ref.opScalar(t, tc.name), 1e-6)
		})
	}
}

func TestClampInPlace(t *testing.T) {
	w := FromFloat32([]float32{-2, -0.005, 0.003, 4}, 4)
	ClampInPlace(w, -0.01, 0.01)
	assertClose(t, "clamped", w, array{Data: []float64{-0.01, -0.005, 0.003, 0.01}}, 1e-7)
}

func TestReshapeAndRoundTrip(t *testing.T) {
	data := []float32{1, 2, 3, 4, 5, 6}
	x := FromFloat32(data, 2, 3)
	if got := x.Shape(); !equalShape(got, []int64{2, 3}) {
		t.Fatalf("shape %v, want [2 3]", got)
	}
	y := Reshape(x, 3, -1) // (3, 2)
	if got := y.Shape(); !equalShape(got, []int64{3, 2}) {
		t.Fatalf("reshape: shape %v, want [3 2]", got)
	}
	for i, v := range Float32s(y) {
		if v != data[i] {
			t.Fatalf("reshape[%d] = %g, want %g", i, v, data[i])
		}
	}
	if n := Numel(y); n != 6 {
		t.Fatalf("Numel = %d, want 6", n)
	}
	// Transposed (non-contiguous) tensors come back in row-major order.
	tr := Float32s(x.Transpose(0, 1))
	want := []float32{1, 4, 2, 5, 3, 6}
	for i := range want {
		if tr[i] != want[i] {
			t.Fatalf("transpose[%d] = %g, want %g", i, tr[i], want[i])
		}
	}
}

// TestOpPanicsWithError checks that a shape mismatch, a programmer error,
// panics with an *Error carrying libtorch's message.
func TestOpPanicsWithError(t *testing.T) {
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"cat mismatched", func() {
			Cat([]torch.Tensor{FromFloat32([]float32{1, 2}, 1, 2),
				FromFloat32([]float32{1, 2, 3}, 1, 3)}, 0)
		}, "Sizes of tensors must match"},
		{"reshape bad size", func() { Reshape(FromFloat32([]float32{1, 2, 3}, 3), 2, 2) },
			"invalid"},
		{"from_float32 bad shape", func() { FromFloat32([]float32{1, 2, 3}, 2, 2) }, "3 values"},
		{"undefined tensor", func() { Exp(torch.Tensor{}) }, "undefined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				r := recover()
				err, ok := r.(error)
				var te *Error
				if !ok || !errors.As(err, &te) || !strings.Contains(te.Error(), tc.want) {
					t.Fatalf("recovered %v, want an *Error containing %q", r, tc.want)
				}
			}()
			tc.call()
		})
	}
}
