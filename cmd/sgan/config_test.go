package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runConfig reads config.json of the only run under out.
func runConfig(t *testing.T, out string) runFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(onlyRun(t, out), "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f runFile
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// writeFile writes text to dir/name and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeYAML(t *testing.T, text string) string {
	t.Helper()
	return writeFile(t, t.TempDir(), "sgan.yaml", text)
}

// TestTrainConfigFile: values of a --config file reach the run's
// config.json; flags and environment variables win over the file.
func TestTrainConfigFile(t *testing.T) {
	yaml := writeYAML(t, "pairs: 3\niterations: 2\nlr: 0.0003\nseed: 11\n"+
		"baseline: true\nhidden: 16\nnz: 4\nbatch-size: 8\nlog-every: 1\n")
	tests := []struct {
		name  string
		args  []string
		env   string
		pairs int
	}{
		{"file", nil, "", 3},
		{"flag wins", []string{"--pairs", "2"}, "", 2},
		{"env wins", nil, "4", 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("SGAN_PAIRS", tc.env)
			}
			out := t.TempDir()
			code, _, stderr := sgan(t, append([]string{"train", "--config", yaml, "--out", out},
				tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			f := runConfig(t, out)
			c := f.Config
			if c.Pairs != tc.pairs || f.Run.Iterations != 2 || c.LR != 0.0003 ||
				c.Seed != 11 || !c.Baseline || c.G.Hidden != 16 || c.BatchSize != 8 {
				t.Errorf("config.json: pairs %d iterations %d lr %g seed %d baseline %v "+
					"hidden %d batch %d; want %d 2 0.0003 11 true 16 8", c.Pairs,
					f.Run.Iterations, c.LR, c.Seed, c.Baseline, c.G.Hidden, c.BatchSize,
					tc.pairs)
			}
		})
	}
}

func TestTrainConfigFileErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", "pairz: 3\n", `unknown key "pairz"`},
		{"lists keys", "pairz: 3\n", "batch-size"},
		{"not yaml", "pairs: [3\n", "not YAML"},
		{"wrong type", "pairs: many\n", "pairs"},
		{"list value", "dataset: [a, b]\n", "dataset: want a single value"},
		{"validated", "pairs: 0\n", "--pairs 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := sgan(t, "train", "--out", t.TempDir(), "--config",
				writeYAML(t, tc.yaml))
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tc.want)
			}
		})
	}
	missing := filepath.Join(t.TempDir(), "none.yaml")
	code, _, stderr := sgan(t, "train", "--config", missing)
	if code != exitUsage || !strings.Contains(stderr, "--config "+missing) {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

// TestTrainConfigFileIntegerFloat: `lr: 1`, a YAML integer, sets a float
// flag.
func TestTrainConfigFileIntegerFloat(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := sgan(t, "train", "--dry-run", "--out", out, "--config",
		writeYAML(t, "lr: 1\n"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if lr := runConfig(t, out).Config.LR; lr != 1 {
		t.Errorf("lr = %g, want 1", lr)
	}
}
