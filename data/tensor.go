package data

import (
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// Tensor copies the batch's examples into a new float32 CPU tensor of shape
// b.Shape. Call it in the goroutine that uses the tensor (the training
// goroutine), never in the sampler's: gotorch ties a tensor's release to the
// goroutine that made it.
func (b Batch) Tensor() torch.Tensor {
	return torchx.FromFloat32(b.Data, b.Shape...)
}

// LabelTensor copies the batch's labels into a new int64 CPU tensor of
// shape (N), the targets of a cross-entropy loss. It panics when the batch
// has no labels. Call it in the goroutine that uses the tensor.
func (b Batch) LabelTensor() torch.Tensor {
	if len(b.Labels) == 0 {
		panic("data: LabelTensor of a batch without labels")
	}
	l := make([]int64, len(b.Labels))
	for i, v := range b.Labels {
		l[i] = int64(v)
	}
	return torch.FromBlob(unsafe.Pointer(&l[0]), torch.Long, []int64{int64(len(l))})
}
