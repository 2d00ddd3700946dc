package train

import (
	"bytes"
	"fmt"

	"github.com/sgan-dev/sgan/nn"
)

// LoadGenerators decodes the generators of the checkpoint at path, named
// and ordered as Trainer.Generators (G0 unless NoGlobal, G1..GN, then the
// baseline), without building discriminators, optimizers or samplers: it
// needs no data set. cfg is the run's configuration.
func LoadGenerators(path string) (names []string, gens []nn.Network, cfg Config, err error) {
	ck, err := readCheckpoint(path)
	if err != nil {
		return nil, nil, Config{}, err
	}
	c := ck.Config
	// ck.Networks holds (G, D) pairs: the local ones, the global one unless
	// NoGlobal, then the baseline's.
	var order []string
	for i := 1; i <= c.Pairs; i++ {
		order = append(order, fmt.Sprintf("G%d", i))
	}
	if !c.NoGlobal {
		order = append(order, "G0")
	}
	if c.Baseline {
		order = append(order, "baseline")
	}
	if len(ck.Networks) != 2*len(order) {
		return nil, nil, Config{}, fmt.Errorf("train: %s: %w: %d networks, the "+
			"configuration has %d", path, ErrIncomplete, len(ck.Networks), 2*len(order))
	}
	byName := map[string]nn.Network{}
	for k, name := range order {
		g, err := nn.DecodeNew(bytes.NewReader(ck.Networks[2*k]))
		if err != nil {
			return nil, nil, Config{}, fmt.Errorf("train: %s: generator %s: %w", path,
				name, err)
		}
		byName[name] = g
	}
	if !c.NoGlobal {
		names = append(names, "G0")
	}
	names = append(names, order[:c.Pairs]...)
	if c.Baseline {
		names = append(names, "baseline")
	}
	for _, n := range names {
		gens = append(gens, byName[n])
	}
	return names, gens, c, nil
}
