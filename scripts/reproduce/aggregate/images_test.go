package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeImageRun writes a run directory of variant whose score.json has G0,
// two local generators and the baseline scored at iterations 100 and 200,
// G0 scoring g0 and the local generators 2 and 4 at each; the gan run has
// 10 messenger steps, the others one.
func writeImageRun(t *testing.T, variant string, g0 float64) string {
	t.Helper()
	dir := t.TempDir()
	msg := 1
	if variant == "gan" {
		msg = 10
	}
	cfg := fmt.Sprintf(`{"sgan": "dev", "config": {"pairs": 2, "variant": %q, "n_dis": 1, `+
		`"messenger_steps": %d}}`, variant, msg)
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, it := range []int{100, 200} {
		for _, g := range []struct {
			name  string
			score float64
		}{{"G0", g0}, {"G1", 2}, {"G2", 4}, {"baseline", 5}} {
			rows = append(rows, fmt.Sprintf(`{"iteration": %d, "generator": %q, `+
				`"classifier_score": %g, "entropy": %g, "total_variation": %g}`,
				it, g.name, g.score+float64(it)/100, g.score/10, 1/g.score))
		}
	}
	score := `{"scores": [` + strings.Join(rows, ",\n") + `]}`
	if err := os.WriteFile(filepath.Join(dir, "score.json"), []byte(score), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAggregateImages(t *testing.T) {
	gan := writeImageRun(t, "gan", 8)
	wgan := writeImageRun(t, "wgan-gp", 6)
	out := t.TempDir()
	var stdout strings.Builder
	err := run([]string{"images", "-out", out, "-name", "mnist", gan, wgan}, &stdout)
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, "images-mnist.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| iteration | 2-S-gan, 10 messenger steps | 2-S-wgan-gp |",
		// classifier score: G0, baseline, mean of G1 (2+1) and G2 (4+1)
		"| 100 | 9.000 / 6.000 / 4.000 | 7.000 / 6.000 / 4.000 |",
		"| 200 | 10.000 / 7.000 / 5.000 | 8.000 / 7.000 / 5.000 |",
		// entropy of the gan run at 100: 0.8, 0.5, mean(0.2, 0.4)
		"| 100 | 0.800 / 0.500 / 0.300 |",
		// total variation of the wgan-gp run at 200: 1/6, 1/5, mean(1/2, 1/4)
		"| 0.167 / 0.200 / 0.375 |\n",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("images-mnist.md lacks %q:\n%s", want, md)
		}
	}
	if fi, err := os.Stat(filepath.Join(out, "images-mnist.png")); err != nil || fi.Size() == 0 {
		t.Errorf("images-mnist.png: %v", err)
	}
}

func TestAggregateImagesErrors(t *testing.T) {
	unscored := t.TempDir()
	os.WriteFile(filepath.Join(unscored, "config.json"),
		[]byte(`{"config": {"pairs": 1, "variant": "gan"}}`), 0o644)
	flat := t.TempDir() // a configuration without the run file's "config" level
	os.WriteFile(filepath.Join(flat, "config.json"), []byte(`{"pairs": 1, "variant": "gan"}`),
		0o644)
	os.WriteFile(filepath.Join(unscored, "score.json"), []byte(`{"scores": [
		{"iteration": 1, "generator": "G0", "modes_captured": 3}]}`), 0o644)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no name", []string{writeImageRun(t, "gan", 1)}, "give -name"},
		{"no config", []string{"-name", "x", t.TempDir()}, "config.json"},
		{"no classifier", []string{"-name", "x", unscored}, "sgan score --classifier"},
		{"not a run's config", []string{"-name", "x", flat}, "no run configuration"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout strings.Builder
			err := run(append([]string{"images", "-out", t.TempDir()}, c.args...), &stdout)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one naming %q", err, c.want)
			}
		})
	}
}

func TestImageLegend(t *testing.T) {
	r, err := readImageRun(writeImageRun(t, "gan", 8))
	if err != nil {
		t.Fatal(err)
	}
	for group, want := range map[string]string{
		"G0":       "2-S-gan, 10 messenger steps (G0)",
		"baseline": "gan (baseline)",
	} {
		if got := r.legend(group); got != want {
			t.Errorf("legend(%q) = %q, want %q", group, got, want)
		}
	}
}
