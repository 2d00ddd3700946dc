package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/report"
)

// writeEvals writes a run directory whose evals.jsonl has G0, two local
// generators and the baseline at the given iterations, G0 capturing g0
// modes at each.
func writeEvals(t *testing.T, its []int, g0 float64) string {
	t.Helper()
	dir := t.TempDir()
	for _, it := range its {
		gen := func(name string, modes float64) report.GeneratorEval {
			return report.GeneratorEval{Name: name, Figures: map[string]float64{
				"modes_captured": modes, "high_quality": modes / 10}}
		}
		rec := report.EvalRecord{Iteration: it, Generators: []report.GeneratorEval{
			gen("G0", g0), gen("G1", 2), gen("G2", 4), gen("baseline", 3)}}
		if err := report.AppendEval(filepath.Join(dir, report.EvalsFile), rec); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAggregateCurves(t *testing.T) {
	a := writeEvals(t, []int{0, 500, 1000}, 8)
	// b stopped early (only 0 and 500 are shared) and was resumed at 500,
	// which it evaluated twice: the second record counts.
	b := writeEvals(t, []int{0, 500, 500}, 6)
	out := t.TempDir()
	var stdout strings.Builder
	if err := run([]string{"curves", "-out", out, "-name", "ring8", a, b}, &stdout); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, "curves-ring8.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| | 0 | 500 |\n", "| G0 | 7.00 | 7.00 |",
		"| baseline | 3.00 | 3.00 |", "| local (mean) | 3.00 | 3.00 |", "| G0 | 0.70 | 0.70 |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("curves-ring8.md lacks %q:\n%s", want, md)
		}
	}
	if fi, err := os.Stat(filepath.Join(out, "curves-ring8.png")); err != nil || fi.Size() == 0 {
		t.Errorf("curves-ring8.png: %v", err)
	}
	if err := run([]string{"curves", "-out", out, a}, &stdout); err == nil {
		t.Error("no -name: no error")
	}
	if err := run([]string{"curves", "-name", "x", t.TempDir()}, &stdout); err == nil {
		t.Error("a folder without evals.jsonl: no error")
	}
}
