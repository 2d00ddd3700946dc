package train

import (
	"math"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// tinyText is a few hundred characters of text in windows of 8.
func tinyText(t testing.TB) *data.Text {
	t.Helper()
	txt := strings.Repeat("the quick brown fox jumps over the lazy dog.\n", 10)
	src, err := data.ReadText(strings.NewReader(txt), data.TextOptions{SeqLen: 8})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// tinyTextConfig is a fast text configuration: resnet1d networks of width
// 8 with one block.
func tinyTextConfig(v Variant, vocab int) Config {
	spec := nn.Spec{Arch: nn.ResNet1d, Vocab: vocab, SeqLen: 8, Dim: 8, Blocks: 1}
	g := spec
	g.NZ = 8
	return Config{Pairs: 2, BatchSize: 8, Variant: v, Seed: 3, Baseline: true, G: g, D: spec}
}

// TestTextTraining runs Algorithm 1 on one-hot text with every variant,
// with and without N-SW, and checks that every loss is finite and that
// the generators make distributions over the vocabulary.
func TestTextTraining(t *testing.T) {
	src := tinyText(t)
	v := src.Vocab().Size()
	tests := []struct {
		variant Variant
		share   bool
	}{
		{WGANGP, false}, {WGANGP, true}, {WGAN, false}, {GAN, false}, {DRAGAN, true},
	}
	for _, tc := range tests {
		name := string(tc.variant)
		if tc.share {
			name += "-shared"
		}
		t.Run(name, func(t *testing.T) {
			c := tinyTextConfig(tc.variant, v)
			c.ShareWeights = tc.share
			tr, err := New(c, src)
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			for range 2 {
				if err := tr.Iterate(); err != nil {
					t.Fatal(err)
				}
			}
			f := tr.Figures()
			pairs := append(append([]PairFigures{}, f.Local...), *f.Global, *f.Baseline)
			for _, p := range pairs {
				if math.IsNaN(p.LossD) || math.IsInf(p.LossD, 0) || math.IsNaN(p.LossG) ||
					math.IsInf(p.LossG, 0) {
					t.Errorf("%s: lossD %g, lossG %g: want finite", p.Name, p.LossD, p.LossG)
				}
			}
			names, gens := tr.Generators()
			z := torchx.NewGenerator(1).RandN(3, 8)
			for i, g := range gens {
				values, shape, err := Sample(g, z)
				if err != nil {
					t.Fatal(err)
				}
				if want := []int64{3, int64(v), 8}; !equalShape(shape, want) {
					t.Fatalf("%s: samples of shape %v, want %v", names[i], shape, want)
				}
				for n := 0; n < 3; n++ {
					var sum float64
					for k := 0; k < v; k++ {
						sum += float64(values[(n*v+k)*8])
					}
					if math.Abs(sum-1) > 1e-5 {
						t.Errorf("%s: sample %d sums to %g over V, want 1", names[i], n, sum)
					}
				}
			}
		})
	}
}

func TestTextShapeMismatch(t *testing.T) {
	src := tinyText(t)
	c := tinyTextConfig(WGANGP, src.Vocab().Size()+1)
	_, err := New(c, src)
	if err == nil || !strings.Contains(err.Error(), "(vocabulary, sequence length)") {
		t.Fatalf("New with a wrong vocabulary: error %v, want a shape mismatch", err)
	}
}

// linearCritic is D(x) = sum of w * x over each example: its input
// gradient is w for every example, whatever x.
type linearCritic struct{ w torch.Tensor }

func (c linearCritic) Forward(x torch.Tensor) torch.Tensor {
	n := x.Shape()[0]
	ones := torchx.FullLike(torchx.Reshape(c.w, -1, 1), 1)                   // (V L, 1)
	sum := torch.MM(torchx.Reshape(torch.Mul(x, c.w), n, -1), ones.Detach()) // (N, 1)
	return torchx.Reshape(sum, n)
}
func (linearCritic) Parameters() []torch.Tensor { return nil }
func (linearCritic) Buffers() []torch.Tensor    { return nil }
func (linearCritic) SetTraining(bool)           {}
func (linearCritic) Training() bool             { return true }
func (linearCritic) Spec() nn.Spec              { return nn.Spec{} }

// TestGradientPenaltyOnSequences checks WGAN-GP's penalty on (N, V, L)
// batches: for a linear critic of weights w it is (||w|| - 1)^2, and the
// interpolates take one alpha per sequence.
func TestGradientPenaltyOnSequences(t *testing.T) {
	tests := []struct {
		name string
		w    []float32 // (V, L) = (2, 3)
		want float64
	}{
		{"unit norm", []float32{0.6, 0, 0, 0, 0.8, 0}, 0},
		{"norm 2", []float32{2, 0, 0, 0, 0, 0}, 1},
		{"norm 5", []float32{3, 0, 0, 0, 4, 0}, 16},
	}
	const n = 4
	rng := torchx.NewGenerator(5)
	real := torchx.FromFloat32(make([]float32, n*6), n, 2, 3)
	fake := torch.Add(real, torchx.FullLike(real, 1), 1) // ones
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := linearCritic{w: torchx.FromFloat32(tc.w, 2, 3)}
			x := interpolate(real, fake, rng)
			xs := torchx.Float32s(x)
			for i := 0; i < n; i++ {
				for k := 1; k < 6; k++ {
					if xs[i*6+k] != xs[i*6] {
						t.Fatalf("interpolate: sequence %d holds %g and %g, want one "+
							"alpha per sequence", i, xs[i*6], xs[i*6+k])
					}
				}
			}
			gp, err := gradientPenalty(d, x)
			if err != nil {
				t.Fatal(err)
			}
			if got := float64(torchx.Float32s(gp)[0]); math.Abs(got-tc.want) > 1e-5 {
				t.Errorf("penalty = %g, want %g", got, tc.want)
			}
		})
	}
}

func equalShape(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
