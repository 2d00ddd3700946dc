package torchx

import (
	"fmt"
	"math"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"
)

// convTShapes are the transposed convolutions of the DCGAN generators (nn's
// plans: 28, 32 and 64 px at ngf 64) and a few odd ones.
var convTShapes = []struct {
	n, cin, h, cout, k, s, p int64
	bias                     bool
}{
	{8, 100, 1, 256, 4, 1, 0, false}, // DCGAN32 and DCGAN28 first layer
	{8, 256, 4, 128, 4, 2, 1, false}, // DCGAN32
	{8, 128, 8, 64, 4, 2, 1, false},
	{8, 64, 16, 3, 4, 2, 1, false},
	{8, 256, 4, 128, 3, 2, 1, false}, // DCGAN28: 4 -> 7
	{8, 128, 7, 64, 4, 2, 1, false},  // 7 -> 14
	{4, 512, 4, 256, 4, 2, 1, false}, // DCGAN64
	{4, 64, 32, 3, 4, 2, 1, false},
	{3, 5, 6, 7, 3, 1, 1, true}, // with a bias
	{2, 3, 5, 4, 5, 3, 2, true},
}

// TestConvTranspose2dMatchesLibtorch compares ConvTranspose2d with
// libtorch's conv_transpose2d: the output, and the gradients of
// sum(y * r) for a random r with respect to x, w and b, within 1e-5 of the
// largest value.
func TestConvTranspose2dMatchesLibtorch(t *testing.T) {
	g := NewGenerator(5)
	for _, c := range convTShapes {
		name := fmt.Sprintf("%dx%dx%dx%d-to-%d-k%ds%dp%d", c.n, c.cin, c.h, c.h, c.cout, c.k, c.s,
			c.p)
		t.Run(name, func(t *testing.T) {
			x, w := g.RandN(c.n, c.cin, c.h, c.h), MulScalar(g.RandN(c.cin, c.cout, c.k, c.k), 0.1)
			var b torch.Tensor
			leaves := []torch.Tensor{x, w}
			if c.bias {
				b = g.RandN(c.cout)
				leaves = append(leaves, b)
			}
			for _, l := range leaves {
				if err := SetRequiresGrad(l, true); err != nil {
					t.Fatal(err)
				}
			}
			want := F.ConvTranspose2d(x, w, b, []int64{c.s, c.s}, []int64{c.p, c.p},
				[]int64{0, 0}, 1, []int64{1, 1})
			got := ConvTranspose2d(x, w, b, c.s, c.p)
			if fmt.Sprint(got.Shape()) != fmt.Sprint(want.Shape()) {
				t.Fatalf("shape %v, want %v", got.Shape(), want.Shape())
			}
			assertScaled(t, "output", Float32s(got), Float32s(want), 1e-5)

			r := g.RandN(want.Shape()...)
			gotGrads := grads(t, torch.Mul(got, r), leaves)
			wantGrads := grads(t, torch.Mul(want, r), leaves)
			for i, label := range []string{"grad x", "grad w", "grad b"}[:len(leaves)] {
				assertScaled(t, label, Float32s(gotGrads[i]), Float32s(wantGrads[i]), 1e-5)
			}
		})
	}
}

func grads(t *testing.T, y torch.Tensor, leaves []torch.Tensor) []torch.Tensor {
	t.Helper()
	gs, err := Grad([]torch.Tensor{Sum(y)}, leaves, nil, GradOptions{RetainGraph: true})
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// assertScaled fails when got and want differ by more than tol times the
// largest magnitude of want (at least 1).
func assertScaled(t *testing.T, what string, got, want []float32, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	scale, worst, at := 1.0, 0.0, 0
	for i := range want {
		scale = math.Max(scale, math.Abs(float64(want[i])))
	}
	for i := range want {
		if d := math.Abs(float64(got[i] - want[i])); d > worst || math.IsNaN(d) {
			worst, at = d, i
		}
	}
	if worst > tol*scale || math.IsNaN(worst) {
		t.Errorf("%s: value %d is %g, want %g (difference %g > %g x %g)", what, at, got[at],
			want[at], worst, tol, scale)
	}
}

func TestConvTranspose2dErrors(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("no panic for a 3-D input")
		} else if _, ok := r.(*Error); !ok {
			t.Fatalf("panic %v, want a *torchx.Error", r)
		}
	}()
	ConvTranspose2d(FromFloat32(make([]float32, 8), 2, 2, 2), FromFloat32(make([]float32, 8),
		2, 1, 2, 2), torch.Tensor{}, 1, 0)
}

// BenchmarkConvTranspose2d times forward and backward (x's and w's
// gradients) of the DCGAN32 generator's transposed convolutions at batch
// 64, by libtorch's conv_transpose2d and by ConvTranspose2d.
func BenchmarkConvTranspose2d(b *testing.B) {
	g := NewGenerator(1)
	for _, c := range convTShapes[:4] {
		n := int64(64)
		x, w := g.RandN(n, c.cin, c.h, c.h), g.RandN(c.cin, c.cout, c.k, c.k)
		for _, l := range []torch.Tensor{x, w} {
			if err := SetRequiresGrad(l, true); err != nil {
				b.Fatal(err)
			}
		}
		ho := (c.h-1)*c.s - 2*c.p + c.k
		flop := 3 * 2 * float64(n*c.cin*c.cout*c.k*c.k*c.h*c.h) // forward + 2 gradients
		for _, impl := range []struct {
			name string
			f    func() torch.Tensor
		}{
			{"libtorch", func() torch.Tensor {
				return F.ConvTranspose2d(x, w, torch.Tensor{}, []int64{c.s, c.s},
					[]int64{c.p, c.p}, []int64{0, 0}, 1, []int64{1, 1})
			}},
			{"bygrad", func() torch.Tensor {
				return ConvTranspose2d(x, w, torch.Tensor{}, c.s, c.p)
			}},
		} {
			b.Run(fmt.Sprintf("%d-%dx%d-%s", c.cin, ho, ho, impl.name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := Grad([]torch.Tensor{Sum(impl.f())}, []torch.Tensor{x, w}, nil,
						GradOptions{}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(flop*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
