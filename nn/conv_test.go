package nn

import "testing"

// conv2dLoops is a direct convolution: x (n, ci, h, w), weight (co, ci, k,
// k), bias (co).
func conv2dLoops(x, weight, bias []float64, n, ci, h, w, co, k, stride, pad int) (
	[]float64, int, int) {
	oh, ow := (h+2*pad-k)/stride+1, (w+2*pad-k)/stride+1
	out := make([]float64, n*co*oh*ow)
	for b := range n {
		for o := range co {
			for y := range oh {
				for z := range ow {
					s := bias[o]
					for c := range ci {
						for i := range k {
							for j := range k {
								yy, zz := y*stride-pad+i, z*stride-pad+j
								if yy < 0 || yy >= h || zz < 0 || zz >= w {
									continue
								}
								s += x[((b*ci+c)*h+yy)*w+zz] * weight[((o*ci+c)*k+i)*k+j]
							}
						}
					}
					out[((b*co+o)*oh+y)*ow+z] = s
				}
			}
		}
	}
	return out, oh, ow
}

// convT2dLoops is a direct transposed convolution: x (n, ci, h, w), weight
// (ci, co, k, k), bias (co).
func convT2dLoops(x, weight, bias []float64, n, ci, h, w, co, k, stride, pad int) (
	[]float64, int, int) {
	oh, ow := (h-1)*stride-2*pad+k, (w-1)*stride-2*pad+k
	out := make([]float64, n*co*oh*ow)
	for b := range n {
		for o := range co {
			for y := range oh {
				for z := range ow {
					out[((b*co+o)*oh+y)*ow+z] = bias[o]
				}
			}
			for c := range ci {
				for y := range h {
					for z := range w {
						for i := range k {
							for j := range k {
								yy, zz := y*stride-pad+i, z*stride-pad+j
								if yy < 0 || yy >= oh || zz < 0 || zz >= ow {
									continue
								}
								out[((b*co+o)*oh+yy)*ow+zz] += x[((b*ci+c)*h+y)*w+z] *
									weight[((c*co+o)*k+i)*k+j]
							}
						}
					}
				}
			}
		}
	}
	return out, oh, ow
}

func TestConvForwardMatchesLoops(t *testing.T) {
	tests := []struct {
		name                       string
		n, ci, h, co, k, stride, p int
	}{
		{"k4 s2 p1", 2, 3, 8, 4, 4, 2, 1},
		{"k3 s2 p1 odd", 2, 2, 7, 3, 3, 2, 1},
		{"k4 s1 p0", 1, 4, 4, 2, 4, 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, ci, h, co, k := int64(tc.n), int64(tc.ci), int64(tc.h), int64(tc.co), int64(tc.k)
			x, bias := randn(n, ci, h, h), randn(co)

			c := &Conv2d{W: randn(co, ci, k, k), B: bias, Stride: int64(tc.stride),
				Padding: int64(tc.p)}
			want, oh, ow := conv2dLoops(f64s(x), f64s(c.W), f64s(bias), tc.n, tc.ci, tc.h,
				tc.h, tc.co, tc.k, tc.stride, tc.p)
			assertClose(t, "conv2d", c.Forward(x), fromF64(want, n, co, int64(oh),
				int64(ow)), 1e-5)

			ct := &ConvTranspose2d{W: randn(ci, co, k, k), B: bias, Stride: int64(tc.stride),
				Padding: int64(tc.p)}
			want, oh, ow = convT2dLoops(f64s(x), f64s(ct.W), f64s(bias), tc.n, tc.ci, tc.h,
				tc.h, tc.co, tc.k, tc.stride, tc.p)
			assertClose(t, "conv_transpose2d", ct.Forward(x), fromF64(want, n, co,
				int64(oh), int64(ow)), 1e-5)
		})
	}
}

func TestConvConstructors(t *testing.T) {
	c := NewConv2d(3, 8, ConvOptions{Kernel: 4, Stride: 2, Padding: 1})
	assertShape(t, "conv W", c.W, []int64{8, 3, 4, 4})
	if len(c.Parameters()) != 1 || c.Stride != 2 || c.Padding != 1 {
		t.Errorf("conv without bias: %d parameters, stride %d, padding %d",
			len(c.Parameters()), c.Stride, c.Padding)
	}
	ct := NewConvTranspose2d(3, 8, ConvOptions{Kernel: 4, Bias: true})
	assertShape(t, "convT W", ct.W, []int64{3, 8, 4, 4})
	if len(ct.Parameters()) != 2 || ct.Stride != 1 || ct.Padding != 0 {
		t.Errorf("default geometry: %d parameters, stride %d, padding %d",
			len(ct.Parameters()), ct.Stride, ct.Padding)
	}
	assertClose(t, "convT bias", ct.B, fromF64(make([]float64, 8), 8), 0)
}
