package nn

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// CopyState copies src's parameters and buffers into dst in place, under
// no-grad: the messenger refresh of Algorithm 1 (D_i into Dmsg_i). The two
// must have equal specs. Afterwards they compute the same function and
// share no storage, so updating dst leaves src unchanged. dst's training
// mode and gradients are left as they were.
func CopyState(dst, src Network) error {
	if dst.Spec() != src.Spec() {
		return fmt.Errorf("nn: copy state: source is %s, destination is %s: "+
			"build the destination with New(source.Spec())", src.Spec(), dst.Spec())
	}
	if err := torchx.Copy(state(dst), state(src)); err != nil {
		return fmt.Errorf("nn: copy state of %s: %w", src.Spec(), err)
	}
	return nil
}

// state lists n's parameters, then its buffers.
func state(n Network) []torch.Tensor {
	return append(n.Parameters(), n.Buffers()...)
}
