package nn

import (
	"math"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

func TestLinearInitBounds(t *testing.T) {
	const in = 64
	l := NewLinear(in, 256, true)
	bound := 1 / math.Sqrt(in)
	for name, p := range map[string]torch.Tensor{"W": l.W, "B": l.B} {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range f64s(p) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		// 16384 and 256 uniform draws reach near both ends of the range.
		if lo < -bound || hi > bound || lo > -0.8*bound || hi < 0.8*bound {
			t.Errorf("%s in [%g, %g], want it to fill (-%g, %g)", name, lo, hi, bound, bound)
		}
	}
}

// TestDCGANInit checks the DCGAN initialisation's statistics at full size.
func TestDCGANInit(t *testing.T) {
	torchx.ManualSeed(1)
	for _, s := range defaultSpecs(t) {
		if s.Arch.ImageSize() == 0 { // MLP and resnet1d: PyTorch's init
			continue
		}
		t.Run(name(s), func(t *testing.T) {
			net, err := New(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range net.(*Net).stages {
				w := st.layer.Parameters()
				if len(w) != 1 {
					t.Fatalf("a DCGAN layer has %d parameters, want 1 (no bias)", len(w))
				}
				assertStats(t, "conv weight", f64s(w[0]), 0, DCGANStd, 0.15)
				if st.norm == nil {
					continue
				}
				assertStats(t, "BN weight", f64s(st.norm.Weight), 1, DCGANStd, 0.35)
				assertStats(t, "BN bias", f64s(st.norm.Bias), 0, 0, 0)
				assertStats(t, "running mean", f64s(st.norm.RunningMean), 0, 0, 0)
				assertStats(t, "running var", f64s(st.norm.RunningVar), 1, 0, 0)
			}
		})
	}
}

// assertStats checks the mean within tol*std (or exactly when std is 0) and
// the standard deviation within a relative tol.
func assertStats(t *testing.T, name string, v []float64, mean, std, tol float64) {
	t.Helper()
	m, ss := 0.0, 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	sd := math.Sqrt(ss / float64(len(v)))
	if math.Abs(m-mean) > tol*std || math.Abs(sd-std) > tol*std {
		t.Errorf("%s (%d values): mean %.5g, std %.5g; want %g, %g", name, len(v), m, sd,
			mean, std)
	}
}

// TestMLPInitMatchesPyTorch checks that an MLP drawn after ManualSeed(s)
// holds exactly the values that PyTorch's nn.Linear layers draw after
// torch.manual_seed(s).
func TestMLPInitMatchesPyTorch(t *testing.T) {
	checkInit(t, loadReference(t, "reference.json").MLPInit)
}
