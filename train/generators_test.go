package train

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadGenerators: the generators decoded from a checkpoint have the
// names, order and parameters of the trainer's.
func TestLoadGenerators(t *testing.T) {
	cases := []struct {
		name string
		set  func(*Config)
	}{
		{"sgan", func(*Config) {}},
		{"baseline", func(c *Config) { c.Baseline = true }},
		{"no global", func(c *Config) { c.NoGlobal = true }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tinyConfig(GAN)
			tc.set(&c)
			tr := train(t, c, 2)
			path := filepath.Join(t.TempDir(), "ck.sgan")
			if err := tr.Save(path); err != nil {
				t.Fatal(err)
			}
			names, gens, cfg, err := LoadGenerators(path)
			if err != nil {
				t.Fatal(err)
			}
			wantNames, wantGens := tr.Generators()
			if strings.Join(names, ",") != strings.Join(wantNames, ",") {
				t.Fatalf("names = %v, want %v", names, wantNames)
			}
			if cfg.Pairs != c.Pairs || cfg.Baseline != c.Baseline {
				t.Errorf("config = %+v, want pairs %d baseline %v", cfg, c.Pairs, c.Baseline)
			}
			for i := range gens {
				if !equalFloats(flatParams(gens[i]), flatParams(wantGens[i])) {
					t.Errorf("%s: parameters differ from the trainer's", names[i])
				}
			}
		})
	}
}

func TestLoadGeneratorsNotACheckpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.sgan")
	if _, _, _, err := LoadGenerators(path); err == nil ||
		!strings.Contains(err.Error(), "missing.sgan") {
		t.Errorf("error = %v, want one naming missing.sgan", err)
	}
}
