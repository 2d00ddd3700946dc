package train

import (
	"runtime"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// Discriminate is d(x) as values on the host: one logit per example for
// GAN and DRAGAN (a probability after a sigmoid), one critic value for the
// Wasserstein variants. It is computed as in training, with no graph, and
// leaves d exactly as it was (its running statistics are put back), so that
// pictures of a discriminator's levels do not change a run. x is (N, ...),
// d's input, on the CPU or d's device; the result has N values.
func Discriminate(d nn.Network, x torch.Tensor) (values []float32, err error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer recoverTorch(&err, "train: discriminate "+d.Spec().String())
	saved := saveBuffers(d)
	var out torch.Tensor
	torchx.NoGrad(func() { out = d.Forward(torchx.ToDevice(x, deviceOf(d))) })
	if err := restoreBuffers(d, saved); err != nil {
		return nil, err
	}
	return torchx.Float32s(out), nil
}
