package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/report"
)

// writeTextRun writes a run directory whose G0 has many characters at
// iteration 0, one at 100 and three from 200, while the baseline has one
// from 100 on; iteration 100 is written twice, as by a resume.
func writeTextRun(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "0001-play-2-S-wgan-gp")
	if err := os.MkdirAll(filepath.Join(dir, "samples"), 0o755); err != nil {
		t.Fatal(err)
	}
	rec := func(it int, g0, base float64) report.EvalRecord {
		fig := func(chars float64) map[string]float64 {
			return map[string]float64{"distinct_chars": chars, "jsd1": 0.5 / chars,
				"jsd2": 0.6, "jsd3": 0.65, "jsd4": 0.69}
		}
		return report.EvalRecord{Iteration: it, Generators: []report.GeneratorEval{
			{Name: "G0", Figures: fig(g0)}, {Name: "baseline", Figures: fig(base)}}}
	}
	for _, r := range []report.EvalRecord{rec(0, 40, 40), rec(100, 5, 5), rec(100, 1, 1),
		rec(200, 3, 1), rec(300, 3, 1)} {
		if err := report.AppendEval(filepath.Join(dir, report.EvalsFile), r); err != nil {
			t.Fatal(err)
		}
	}
	samples := map[string]string{"00000100-G0.txt": "eeee\neeee\neeee\n",
		"00000300-G0.txt": "the |king\nthe\n", "00000300-baseline.txt": "    \n"}
	for name, body := range samples {
		if err := os.WriteFile(filepath.Join(dir, "samples", name), []byte(body),
			0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAggregateText(t *testing.T) {
	run := writeTextRun(t)
	out := t.TempDir()
	var stdout strings.Builder
	if err := textRuns([]string{"-out", out, run}, &stdout); err != nil {
		t.Fatal(err)
	}
	md := stdout.String()
	for _, want := range []string{
		"Iterations 0 to 300, evaluated every 100.",
		"| G0 | 40 | 100 | 200 | 0.167 | 0.600 | 0.650 | 0.690 |",
		"| baseline | 40 | 100 | not by 300 | 0.500 |",
		"| 100 | `eeee`<br>`eeee` | - | - |",
		"| 300 | `the \\|king`<br>`the` | - | `    ` |",
		// "the |king" and "the": e, h and t twice of 12, e first on the tie.
		"| generator | 0 | 100 | 200 | 300 |",
		"| G0 | - | `e` 1.00 | - | `e` 0.17 |",
		"| baseline | - | - | - | ` ` 1.00 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("text.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "\n| 200 |") {
		t.Errorf("a sample row for iteration 200, which has no samples:\n%s", md)
	}
	saved, err := os.ReadFile(filepath.Join(out, "text.md"))
	if err != nil || string(saved) != md {
		t.Errorf("text.md differs from stdout (%v)", err)
	}
	if fi, err := os.Stat(filepath.Join(out, "jsd.png")); err != nil || fi.Size() == 0 {
		t.Errorf("jsd.png: %v", err)
	}
}

func TestAggregateTextErrors(t *testing.T) {
	var stdout strings.Builder
	if err := run([]string{"text", "-out", t.TempDir()}, &stdout); err == nil {
		t.Error("text without a run: no error")
	}
	if err := run([]string{"text", t.TempDir()}, &stdout); err == nil {
		t.Error("text of a folder without evals.jsonl: no error")
	}
}

// TestAggregateTextRuns: several runs give a section and a picture each,
// named by the runs' folders.
func TestAggregateTextRuns(t *testing.T) {
	a, b := writeTextRun(t), writeTextRun(t)
	out := t.TempDir()
	var stdout strings.Builder
	if err := textRuns([]string{"-out", out, a, b}, &stdout); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{a, b} {
		setting := filepath.Base(filepath.Dir(dir))
		if !strings.Contains(stdout.String(), "### "+setting+"/0001-play-2-S-wgan-gp") {
			t.Errorf("no section for %s", setting)
		}
		if _, err := os.Stat(filepath.Join(out, "jsd-"+setting+".png")); err != nil {
			t.Error(err)
		}
	}
}
