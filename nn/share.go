package nn

import (
	"fmt"
	"math"
	"unsafe"

	torch "github.com/wangkuiyi/gotorch"
)

// ShareOptions choose the layers that the networks of NewShared share.
type ShareOptions struct {
	// Layers is the number of shared stages (an affine layer with its
	// BatchNorm): the last Layers of a generator, the first Layers of a
	// discriminator (the low-level features, appendix B.1). 0 picks the
	// count whose share of the parameters is closest to one half, the fewer
	// layers on a tie.
	Layers int
}

// SharedLayers resolves opt for spec: the number of shared stages and the
// fraction of each network's parameters they hold.
func SharedLayers(spec Spec, opt ShareOptions) (layers int, fraction float64, err error) {
	s, err := spec.Resolve()
	if err != nil {
		return 0, 0, err
	}
	plans := plan(s)
	if opt.Layers < 0 || opt.Layers >= len(plans) {
		return 0, 0, fmt.Errorf("nn: share %s: %d shared layers: want 0 (default) to %d",
			s, opt.Layers, len(plans)-1)
	}
	if opt.Layers > 0 {
		return opt.Layers, sharedFraction(s, plans, opt.Layers), nil
	}
	best := math.Inf(1)
	for k := 1; k < len(plans); k++ {
		f := sharedFraction(s, plans, k)
		if d := math.Abs(f - 0.5); d < best {
			best, layers, fraction = d, k, f
		}
	}
	return layers, fraction, nil
}

// sharedFraction is the share of the parameters held by k shared stages.
func sharedFraction(s Spec, plans []stagePlan, k int) float64 {
	var shared, total int64
	for i, p := range plans {
		n := p.numParams()
		total += n
		if isShared(s.Role, i, len(plans), k) {
			shared += n
		}
	}
	return float64(shared) / float64(total)
}

// isShared says whether stage i of n is among k shared stages: the last k
// of a generator, the first k of a discriminator.
func isShared(role Role, i, n, k int) bool {
	if role == Generator {
		return i >= n-k
	}
	return i < k
}

// NewShared builds n networks of spec for the N-SW variant: the stages that
// opt selects are the same layers (the same tensors) in all of them, the
// others are separate. A shared parameter's gradient accumulates from the
// backward pass of every network, so step it once per iteration: give an
// optimizer UniqueParameters(nets...). The first network draws the shared
// weights; each network then draws its own layers, in order.
func NewShared(spec Spec, n int, opt ShareOptions) ([]Network, error) {
	if n < 1 {
		return nil, fmt.Errorf("nn: share %s: %d networks: want at least 1", spec, n)
	}
	k, _, err := SharedLayers(spec, opt)
	if err != nil {
		return nil, err
	}
	first, err := newNet(spec, nil)
	if err != nil {
		return nil, err
	}
	shared := make([]*stage, len(first.stages))
	for i, s := range first.stages {
		if isShared(first.spec.Role, i, len(shared), k) {
			shared[i] = s
		}
	}
	nets := []Network{first}
	for len(nets) < n {
		net, err := newNet(spec, shared)
		if err != nil {
			return nil, err
		}
		nets = append(nets, net)
	}
	return nets, nil
}

// UniqueParameters lists the parameters of nets in order, each tensor once:
// a tensor shared by several networks (the same libtorch tensor) appears at
// its first position only. Give it to an optimizer that updates several
// networks together, so that no shared parameter is stepped twice.
func UniqueParameters(nets ...Network) []torch.Tensor {
	var ps []torch.Tensor
	for _, n := range nets {
		ps = append(ps, n.Parameters()...)
	}
	return unique(ps)
}

// unique drops the repeats of tensors, compared by the identity of the
// libtorch tensor they wrap.
func unique(ts []torch.Tensor) []torch.Tensor {
	seen := make(map[unsafe.Pointer]bool, len(ts))
	out := ts[:0:0]
	for _, t := range ts {
		if seen[*t.T] {
			continue
		}
		seen[*t.T] = true
		out = append(out, t)
	}
	return out
}
