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
//
// z may live on the CPU; it is moved to g's device.
func Sample(g nn.Network, z torch.Tensor) (values []float32, shape []int64, err error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer recoverTorch(&err, "train: sample "+g.Spec().String())
	saved := saveBuffers(g)
	var out torch.Tensor
	torchx.NoGrad(func() { out = g.Forward(torchx.ToDevice(z, deviceOf(g))) })
	if err := restoreBuffers(g, saved); err != nil {
		return nil, nil, err
	}
	return torchx.Float32s(out), out.Shape(), nil
}

// deviceOf is where n's parameters live.
func deviceOf(n nn.Network) torchx.Device {
	ps := n.Parameters()
	if len(ps) == 0 {
		return torchx.CPU
	}
	return torchx.DeviceOf(ps[0])
}
