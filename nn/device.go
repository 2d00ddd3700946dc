package nn

import (
	"fmt"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// ToDevice moves n's parameters and buffers to d in place (New builds on
// the CPU). Networks that share layers (NewShared) share them on d too.
// Move a network before making its optimizer.
func ToDevice(n Network, d torchx.Device) error {
	if err := torchx.MoveToDevice(state(n), d); err != nil {
		return fmt.Errorf("nn: move %s to %s: %w", n.Spec(), d, err)
	}
	return nil
}
