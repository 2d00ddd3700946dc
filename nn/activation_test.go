package nn

import (
	"math"
	"testing"
)

func TestActivate(t *testing.T) {
	in := []float64{-3, -0.5, 0, 0.25, 2}
	tests := []struct {
		name  string
		act   actKind
		slope float64
		f     func(x float64) float64
	}{
		{"none", actNone, 0, func(x float64) float64 { return x }},
		{"relu", actReLU, 0, func(x float64) float64 { return math.Max(x, 0) }},
		{"leaky relu 0.2", actLeakyReLU, 0.2, func(x float64) float64 {
			return math.Max(x, 0.2*x)
		}},
		{"tanh", actTanh, 0, math.Tanh},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := make([]float64, len(in))
			for i, x := range in {
				want[i] = tc.f(x)
			}
			got := activate(fromF64(in, 5), tc.act, tc.slope)
			assertClose(t, tc.name, got, fromF64(want, 5), 1e-6)
		})
	}
}
