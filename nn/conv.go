package nn

import (
	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// ConvOptions are the geometry of a square 2-D (transposed) convolution.
// The zero value is a 1x1 kernel with stride 1 and no padding.
type ConvOptions struct {
	Kernel  int64 // side of the kernel; default 1
	Stride  int64 // default 1
	Padding int64 // zeros added on each side; default 0
	Bias    bool  // whether the layer has a bias (DCGAN's have none)
}

func (o ConvOptions) resolve() ConvOptions {
	if o.Kernel == 0 {
		o.Kernel = 1
	}
	if o.Stride == 0 {
		o.Stride = 1
	}
	return o
}

// Conv2d is a 2-D convolution over (N, C, H, W) inputs, like torch.nn.Conv2d
// with square kernels, no dilation and one group.
type Conv2d struct {
	W       torch.Tensor // (out, in, k, k)
	B       torch.Tensor // (out); undefined (T nil) without bias
	Stride  int64
	Padding int64
}

// NewConv2d returns a convolution from in to out channels with weights from
// N(0, DCGANStd) and a zero bias.
func NewConv2d(in, out int64, opt ConvOptions) *Conv2d {
	opt = opt.resolve()
	c := &Conv2d{W: normalParam(0, DCGANStd, out, in, opt.Kernel, opt.Kernel),
		Stride: opt.Stride, Padding: opt.Padding}
	if opt.Bias {
		c.B = constParam(0, out)
	}
	return c
}

// Forward maps (N, in, H, W) to (N, out, H', W') with
// H' = (H + 2 Padding - k) / Stride + 1.
func (c *Conv2d) Forward(x torch.Tensor) torch.Tensor {
	return F.Conv2d(x, c.W, c.B, []int64{c.Stride, c.Stride},
		[]int64{c.Padding, c.Padding}, []int64{1, 1}, 1)
}

// Parameters are W, then B when defined.
func (c *Conv2d) Parameters() []torch.Tensor { return withBias(c.W, c.B) }

// ConvTranspose2d is a 2-D transposed (fractionally strided) convolution,
// like torch.nn.ConvTranspose2d with square kernels, no output padding, no
// dilation and one group.
type ConvTranspose2d struct {
	W       torch.Tensor // (in, out, k, k), PyTorch's layout
	B       torch.Tensor // (out); undefined (T nil) without bias
	Stride  int64
	Padding int64
}

// NewConvTranspose2d returns a transposed convolution from in to out
// channels with weights from N(0, DCGANStd) and a zero bias.
func NewConvTranspose2d(in, out int64, opt ConvOptions) *ConvTranspose2d {
	opt = opt.resolve()
	c := &ConvTranspose2d{W: normalParam(0, DCGANStd, in, out, opt.Kernel, opt.Kernel),
		Stride: opt.Stride, Padding: opt.Padding}
	if opt.Bias {
		c.B = constParam(0, out)
	}
	return c
}

// byGradMinOut is the least number of output channels for which Forward
// computes the transposed convolution as conv2d's input gradient
// (torchx.ConvTranspose2d): measured on the 2-core build machine at batch
// 64, forward and backward, it was 2 to 5 times faster than libtorch's
// conv_transpose2d for the DCGAN generators' hidden layers but slower for
// their last layer, to 1 or 3 image channels (BENCHMARKS.md).
const byGradMinOut = 16

// Forward maps (N, in, H, W) to (N, out, H', W') with
// H' = (H - 1) Stride - 2 Padding + k.
func (c *ConvTranspose2d) Forward(x torch.Tensor) torch.Tensor {
	if c.W.Shape()[1] >= byGradMinOut {
		return torchx.ConvTranspose2d(x, c.W, c.B, c.Stride, c.Padding)
	}
	return F.ConvTranspose2d(x, c.W, c.B, []int64{c.Stride, c.Stride},
		[]int64{c.Padding, c.Padding}, []int64{0, 0}, 1, []int64{1, 1})
}

// Parameters are W, then B when defined.
func (c *ConvTranspose2d) Parameters() []torch.Tensor { return withBias(c.W, c.B) }
