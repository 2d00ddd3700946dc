package torchx

// #include "convt.h"
import "C"

import (
	torch "github.com/wangkuiyi/gotorch"
)

// ConvTranspose2d is torch.nn.functional.conv_transpose2d(x, w, b, stride,
// padding) for square strides and paddings, no output padding, no dilation
// and one group: x is (N, Cin, H, W), w (Cin, Cout, k, k), b (Cout) or
// undefined, and the result (N, Cout, (H-1) stride - 2 padding + k, ...).
// It is computed by conv2d's backward kernels, several times faster than
// libtorch's own transposed convolution on the CPU, with gradients for x
// and w (not twice differentiable). Results agree with libtorch's within
// float rounding.
func ConvTranspose2d(x, w, b torch.Tensor, stride, padding int64) torch.Tensor {
	var hb C.TxTensor
	if b.T != nil {
		hb = mustHandle("conv_transpose2d", b)
	}
	var out C.TxTensor
	must("conv_transpose2d", C.tx_conv_transpose2d(mustHandle("conv_transpose2d", x),
		mustHandle("conv_transpose2d", w), hb, C.int64_t(stride), C.int64_t(padding), &out))
	return wrap(out)
}
