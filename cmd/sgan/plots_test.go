package main

import (
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/report"
)

// TestTrainLeavesPlotsAndPage: a toy run draws the levels pictures at each
// sample interval, the curves, and a final index.html whose pictures all
// exist and which no longer reloads itself.
func TestTrainLeavesPlotsAndPage(t *testing.T) {
	tests := []struct {
		name  string
		flags []string
	}{
		{"S-GAN with baseline", []string{"--baseline"}},
		{"local pairs and baseline only", []string{"--no-global", "--baseline"}},
		{"wgan-gp", []string{"--variant", "wgan-gp", "--n-dis", "1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"train", "--iterations", "4", "--sample-every", "2",
				"--log-every", "1", "--out", out}, tiny...)
			if code, _, e := sgan(t, append(args, tc.flags...)...); code != 0 {
				t.Fatalf("exit %d: %s", code, e)
			}
			dir := onlyRun(t, out)
			for _, f := range []string{"00000000-levels.png", "00000002-levels.png",
				"00000004-levels.png", "curves.png"} {
				assertPNG(t, filepath.Join(dir, "plots", f))
			}
			raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(raw)
			if strings.Contains(page, "refresh") || !strings.Contains(page, "done: 4 iterations") {
				t.Errorf("final page refreshes or lacks \"done: 4 iterations\":\n%.600s", page)
			}
			links := regexp.MustCompile(`(?:src|href)="([^"?]+)`)
			for _, m := range links.FindAllStringSubmatch(page, -1) {
				if _, err := os.Stat(filepath.Join(dir, m[1])); err != nil {
					t.Errorf("page links %s, which is missing", m[1])
				}
			}
			if !strings.Contains(page, `src="plots/00000004-levels.png?`) ||
				!strings.Contains(page, `href="checkpoints/ckpt-00000004.sgan"`) {
				t.Errorf("page lacks the newest levels picture or checkpoint")
			}
		})
	}
}

func assertPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width < 500 || cfg.Height < 300 {
		t.Errorf("%s: %dx%d, %v; want a PNG of at least 500x300", path, cfg.Width,
			cfg.Height, err)
	}
}

// TestTrainResumeWithABadMetricsLine: a damaged metrics.jsonl costs the
// plots and the page its later records, not the run, and the resumed run's
// page is its own.
func TestTrainResumeWithABadMetricsLine(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"train", "--iterations", "2", "--log-every", "1",
		"--checkpoint-every", "2", "--out", out}, tiny...)
	if code, _, e := sgan(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	dir := onlyRun(t, out)
	f, err := os.OpenFile(filepath.Join(dir, "metrics.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("{damaged\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, _, e := sgan(t, "train", "--resume", dir, "--iterations", "4")
	if code != 0 || !strings.Contains(e, "curves drawn up to the bad line") {
		t.Fatalf("resume: exit %d, want 0 and a warning on the bad line: %s", code, e)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"done: 4 iterations", "metrics line 3"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestTrainEvaluatesToyGenerators: a toy run appends every generator's
// modes captured and high-quality share, and the local generators'
// non-coverage, at each sample interval, draws them, and its last record
// agrees with sgan score of the last checkpoint.
func TestTrainEvaluatesToyGenerators(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"train", "--iterations", "4", "--sample-every", "2", "--baseline",
		"--out", out}, tiny...)
	if code, _, e := sgan(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, e)
	}
	dir := onlyRun(t, out)
	assertPNG(t, filepath.Join(dir, "plots", report.EvalsPlot))
	recs, err := report.ReadEvalsFile(filepath.Join(dir, report.EvalsFile))
	if err != nil {
		t.Fatal(err)
	}
	var its []int
	for _, r := range recs {
		its = append(its, r.Iteration)
		if len(r.Generators) != 4 || r.Ensemble == nil {
			t.Fatalf("iteration %d: %d generators, ensemble %v; want G0, G1, G2, baseline "+
				"and the non-coverage", r.Iteration, len(r.Generators), r.Ensemble)
		}
	}
	if fmt.Sprint(its) != "[0 2 4]" {
		t.Fatalf("evaluated at %v, want [0 2 4]", its)
	}
	if code, _, e := sgan(t, "score", "--run", dir); code != 0 {
		t.Fatalf("score: exit %d: %s", code, e)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "score.json"))
	if err != nil {
		t.Fatal(err)
	}
	var scored struct {
		Scores []scoreRow `json:"scores"`
	}
	if err := json.Unmarshal(raw, &scored); err != nil {
		t.Fatal(err)
	}
	last := recs[len(recs)-1].Generators
	if len(scored.Scores) != len(last) {
		t.Fatalf("score.json has %d rows, evals %d generators", len(scored.Scores), len(last))
	}
	for i, row := range scored.Scores {
		g := last[i]
		if row.Generator != g.Name || float64(*row.ModesCaptured) != g.Figures["modes_captured"] ||
			*row.HighQuality != g.Figures["high_quality"] {
			t.Errorf("%s: score %d modes, %g high quality; evals.jsonl %v", row.Generator,
				*row.ModesCaptured, *row.HighQuality, g)
		}
	}
}
