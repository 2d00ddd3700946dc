package nn

import "testing"

func TestLinearForwardMatchesLoops(t *testing.T) {
	const n, in, out = 3, 4, 5
	for _, bias := range []bool{true, false} {
		l := NewLinear(in, out, bias)
		if got := len(l.Parameters()); got != map[bool]int{true: 2, false: 1}[bias] {
			t.Fatalf("bias %v: %d parameters", bias, got)
		}
		x := randn(n, in)
		xs, w := f64s(x), f64s(l.W)
		want := make([]float64, n*out)
		for i := range n {
			for o := range out {
				s := 0.0
				if bias {
					s = f64s(l.B)[o]
				}
				for k := range in {
					s += xs[i*in+k] * w[o*in+k]
				}
				want[i*out+o] = s
			}
		}
		assertClose(t, "linear", l.Forward(x), fromF64(want, n, out), 1e-5)
	}
}
