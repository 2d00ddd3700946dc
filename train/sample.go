package train

import (
	"runtime"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
)

// Sample is g(z) as values on the host, computed as in training (BatchNorm
// uses the batch's statistics) with no graph, and leaves g exactly as it was:
// its running statistics are put back. Pictures drawn from it therefore do
// not change a run.
func Sample(g nn.Network, z torch.Tensor) (values []float32, shape []int64, err error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer recoverTorch(&err, "train: sample "+g.Spec().String())
	saved := saveBuffers(g)
	var out torch.Tensor
	torchx.NoGrad(func() { out = g.Forward(z) })
	if err := restoreBuffers(g, saved); err != nil {
		return nil, nil, err
	}
	return torchx.Float32s(out), out.Shape(), nil
}
