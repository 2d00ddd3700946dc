package nn

import (
	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// randn is a tensor from N(0, 1) that does not require a gradient.
func randn(shape ...int64) torch.Tensor { return torch.RandN(shape, false) }

// fromF64 is a float tensor holding v.
func fromF64(v []float64, shape ...int64) torch.Tensor {
	f := make([]float32, len(v))
	for i, x := range v {
		f[i] = float32(x)
	}
	return torchx.FromFloat32(f, shape...)
}

func f64s(x torch.Tensor) []float64 {
	f := torchx.Float32s(x)
	v := make([]float64, len(f))
	for i, x := range f {
		v[i] = float64(x)
	}
	return v
}
