package classify

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
)

// BenchmarkTrainStep times one Adam step on a batch of 64 MNIST-shaped
// images: go test -run '^$' -bench TrainStep ./classify
func BenchmarkTrainStep(b *testing.B) {
	const n = 64
	rng := rand.New(rand.NewPCG(1, 2))
	pix := make([]uint8, n*28*28)
	labels := make([]int, n)
	for i := range pix {
		pix[i] = uint8(rng.IntN(256))
	}
	for i := range labels {
		labels[i] = i % 10
	}
	classes := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	set, err := data.NewImages(pix, [3]int{1, 28, 28}, labels, classes)
	if err != nil {
		b.Fatal(err)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	m, err := NewModel([3]int64{1, 28, 28}, classes)
	if err != nil {
		b.Fatal(err)
	}
	adam, err := torchx.NewAdam(m.Parameters(), torchx.AdamOptions{LR: 1e-3, Beta1: 0.9,
		Beta2: 0.999, Eps: 1e-8})
	if err != nil {
		b.Fatal(err)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	b.ResetTimer()
	for range b.N {
		if _, err := step(m, adam, set, idx, nil); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
	}
}
