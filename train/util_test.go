package train

import (
	"math/rand/v2"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

func torchxFloats(t torch.Tensor) []float32 { return torchx.Float32s(t) }

// fakeImages is an endless source of blank 1x28x28 images.
type fakeImages struct{}

func (fakeImages) Shape() []int64    { return []int64{1, 28, 28} }
func (fakeImages) Len() int          { return 0 }
func (fakeImages) Classes() []string { return nil }
func (fakeImages) Fill(dst []float32, _ []int, _ []int, _ *rand.Rand) {
	for i := range dst {
		dst[i] = -1
	}
}
