package torchx

import (
	"os"
	"strconv"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"
)

// mlp is a bare 4-layer perceptron (the paper's toy networks: 512 hidden
// units, LeakyReLU 0.01) for the BLAS benchmark; package nn has the real one.
type mlp struct{ w, b []torch.Tensor }

func newMLP(sizes ...int64) *mlp {
	m := &mlp{}
	for i := 0; i+1 < len(sizes); i++ {
		w := MulScalar(torch.RandN([]int64{sizes[i+1], sizes[i]}, false), 0.05)
		b := torch.Full([]int64{sizes[i+1]}, 0, false)
		for _, p := range []torch.Tensor{w, b} {
			if err := SetRequiresGrad(p, true); err != nil {
				panic(err)
			}
		}
		m.w, m.b = append(m.w, w), append(m.b, b)
	}
	return m
}

func (m *mlp) forward(x torch.Tensor) torch.Tensor {
	for i := range m.w {
		x = F.Linear(x, m.w[i], m.b[i])
		if i+1 < len(m.w) {
			x = F.LeakyRelu(x, 0.01, false)
		}
	}
	return x
}

func (m *mlp) params() []torch.Tensor { return append(append([]torch.Tensor{}, m.w...), m.b...) }

// BenchmarkMLPGANStep times one discriminator and one generator step of the
// toy GAN (batch 64, nz 100, 4x512 MLPs, Adam): about 0.82 GFLOP. It is the
// figure that picks the BLAS in scripts/bench-blas.sh; SGAN_BENCH_THREADS
// sets the intra-op threads.
func BenchmarkMLPGANStep(b *testing.B) {
	if n, err := strconv.Atoi(os.Getenv("SGAN_BENCH_THREADS")); err == nil {
		SetNumThreads(n)
	}
	ManualSeed(1)
	const batch, nz = 64, 100
	g, d := newMLP(nz, 512, 512, 512, 2), newMLP(2, 512, 512, 512, 1)
	optG, optD := torch.Adam(1e-4, 0.5, 0.999, 0), torch.Adam(1e-4, 0.5, 0.999, 0)
	optG.AddParameters(g.params())
	optD.AddParameters(d.params())
	ones, zeros := torch.Full([]int64{batch, 1}, 1, false), torch.Full([]int64{batch, 1}, 0, false)
	step := func() {
		real := torch.RandN([]int64{batch, 2}, false)
		z := torch.RandN([]int64{batch, nz}, false)

		// Update D: maximise log D(x) + log(1 - D(G(z))).
		fake := g.forward(z)
		fakeD := fake.Detach()
		lossD := torch.Add(BCEWithLogits(d.forward(real), ones),
			BCEWithLogits(d.forward(fakeD), zeros), 1)
		optD.ZeroGrad()
		if err := Backward(lossD, false); err != nil {
			b.Fatal(err)
		}
		optD.Step()

		// Update G: maximise log D(G(z)).
		lossG := BCEWithLogits(d.forward(fake), ones)
		optG.ZeroGrad()
		if err := Backward(lossG, false); err != nil {
			b.Fatal(err)
		}
		optG.Step()
	}
	step()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		step()
	}
}
