package torchx

import (
	"math"
	"slices"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

func TestCopyMakesIndependentEqualTensors(t *testing.T) {
	src := []torch.Tensor{FromFloat32([]float32{1, 2, 3, 4}, 2, 2), FromFloat32([]float32{5}, 1)}
	dst := []torch.Tensor{torch.Empty([]int64{2, 2}, false), torch.Empty([]int64{1}, false)}
	for _, p := range src {
		if err := SetRequiresGrad(p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range dst {
		if err := SetRequiresGrad(p, true); err != nil {
			t.Fatal(err)
		}
	}
	// Copying into leaves that require grad is legal only under no-grad.
	if err := Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	for i := range src {
		if !torch.Equal(dst[i], src[i]) {
			t.Fatalf("tensor %d differs right after the copy", i)
		}
	}
	// Updating the copy leaves the source bit-identical.
	ClampInPlace(dst[0], 0, 0)
	assertClose(t, "source after clamping the copy", src[0], array{Data: []float64{1, 2, 3, 4}}, 0)
}

func TestCopyErrors(t *testing.T) {
	a := FromFloat32([]float32{1, 2}, 2)
	b := FromFloat32([]float32{1, 2, 3}, 3)
	tests := []struct {
		name     string
		dst, src []torch.Tensor
		want     string
	}{
		{"count", []torch.Tensor{a}, []torch.Tensor{a, b}, "1 destination tensors for 2"},
		{"shape", []torch.Tensor{a}, []torch.Tensor{b}, "tensor 0: destination shape [2]"},
		{"undefined", []torch.Tensor{{}}, []torch.Tensor{a}, "undefined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Copy(tc.dst, tc.src)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestEMAMatchesPyTorch(t *testing.T) {
	ref := loadReference(t)
	dst := ref.op(t, "a").tensor()
	src := ref.op(t, "b").tensor()
	if err := EMA([]torch.Tensor{dst}, []torch.Tensor{src}, 0.9); err != nil {
		t.Fatal(err)
	}
	assertClose(t, "ema", dst, ref.op(t, "ema_0_9"), 1e-6)
	if err := EMA([]torch.Tensor{dst}, []torch.Tensor{src}, 1.5); err == nil {
		t.Fatal("decay 1.5: no error")
	}
}

func TestAllFinite(t *testing.T) {
	inf := float32(math.Inf(1))
	nan := float32(math.NaN())
	ok := FromFloat32([]float32{1, 2}, 2)
	tests := []struct {
		name   string
		ts     []torch.Tensor
		finite bool
		bad    int
	}{
		{"empty list", nil, true, -1},
		{"finite", []torch.Tensor{ok, ok}, true, -1},
		{"nan second", []torch.Tensor{ok, FromFloat32([]float32{1, nan}, 2)}, false, 1},
		{"inf first", []torch.Tensor{FromFloat32([]float32{inf}, 1), ok}, false, 0},
		{"-inf", []torch.Tensor{FromFloat32([]float32{-inf}, 1)}, false, 0},
		{"integer tensors skipped",
			[]torch.Tensor{torch.Arange(0, 3, 1, false).CastTo(torch.Long)}, true, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			finite, bad, err := AllFinite(tc.ts)
			if err != nil {
				t.Fatal(err)
			}
			if finite != tc.finite || bad != tc.bad {
				t.Fatalf("AllFinite = %v, %d; want %v, %d", finite, bad, tc.finite, tc.bad)
			}
			if len(tc.ts) == 0 || strings.HasPrefix(tc.name, "integer") {
				return
			}
			// FiniteFlag says the same on the device, as 1 or 0.
			flag, err := FiniteFlag(tc.ts)
			if err != nil {
				t.Fatal(err)
			}
			want := float32(0)
			if tc.finite {
				want = 1
			}
			if got := Float32s(flag); len(got) != 1 || got[0] != want {
				t.Fatalf("FiniteFlag = %v, want %v", got, want)
			}
		})
	}
	if _, err := FiniteFlag(nil); err == nil {
		t.Error("FiniteFlag of no tensors: no error")
	}
}

// TestZeroUnless checks that a flag of 0 zeroes a tensor (NaN included) and
// a flag of 1 keeps it, in a new tensor and in place.
func TestZeroUnless(t *testing.T) {
	nan := float32(math.NaN())
	for _, tc := range []struct {
		flag float32
		want []float32
	}{{1, []float32{1, 2}}, {0, []float32{0, 0}}} {
		flag := FromFloat32([]float32{tc.flag}, 1)
		x := FromFloat32([]float32{1, 2}, 2)
		if got := Float32s(ZeroUnless(x, flag)); !slices.Equal(got, tc.want) {
			t.Errorf("ZeroUnless(flag %v) = %v, want %v", tc.flag, got, tc.want)
		}
		if err := ZeroUnlessInPlace([]torch.Tensor{x}, flag); err != nil {
			t.Fatal(err)
		}
		if got := Float32s(x); !slices.Equal(got, tc.want) {
			t.Errorf("ZeroUnlessInPlace(flag %v) = %v, want %v", tc.flag, got, tc.want)
		}
	}
	bad := FromFloat32([]float32{nan, 1}, 2)
	if got := Float32s(ZeroUnless(bad, FromFloat32([]float32{0}, 1))); !slices.Equal(got,
		[]float32{0, 0}) {
		t.Errorf("ZeroUnless of NaN, flag 0 = %v, want zeros", got)
	}
}
