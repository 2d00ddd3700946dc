package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeScore writes a score.json of G0, G1 and the baseline at iterations
// 100 and 200, with the non-coverage of the first k of two local pairs.
func writeScore(t *testing.T, dir string, g0Modes int, hq float64, byPairs string) string {
	t.Helper()
	row := func(it int, gen string, modes int, hq float64) string {
		return fmt.Sprintf(`{"iteration": %d, "generator": %q, "modes_captured": %d, `+
			`"modes": 8, "high_quality_share": %g}`, it, gen, modes, hq)
	}
	body := `{"scores": [` + row(100, "G0", 1, 0.1) + `, ` + row(200, "G1", 2, 0.5) + `, ` +
		row(200, "baseline", 3, 0.25) + `, ` + row(200, "G0", g0Modes, hq) + `],
	 "ensembles": [{"iteration": 100, "non_coverage_by_pairs": [1, 1]},
	  {"iteration": 200, "non_coverage_by_pairs": ` + byPairs + `}]}`
	path := filepath.Join(dir, "score.json")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAggregate(t *testing.T) {
	a := writeScore(t, t.TempDir(), 8, 0.9, "[0.5, 0.25]")
	b := writeScore(t, t.TempDir(), 6, 0.7, "[0.75, 0.25]")
	out := t.TempDir()
	var stdout strings.Builder
	if err := run([]string{"coverage", "-out", out, a, b}, &stdout); err != nil {
		t.Fatal(err)
	}
	// N=1: mean of 0.5 and 0.75 is 0.625, sample std 0.177; N=2: 0.25, 0.
	for _, want := range []string{"| 1 | 0.625 | 0.177 | 2 |", "| 2 | 0.250 | 0.000 | 2 |"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("coverage table lacks %q:\n%s", want, stdout.String())
		}
	}
	if fi, err := os.Stat(filepath.Join(out, "coverage.png")); err != nil || fi.Size() == 0 {
		t.Errorf("coverage.png: %v", err)
	}

	stdout.Reset()
	if err := run([]string{"modes", "-out", out, "-name", "ring8", a, b}, &stdout); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(out, "modes-ring8.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The newest iteration's rows only, G0 first: modes 8 and 6, HQ 90% and
	// 70% (std 1.4 and 14.1).
	lines := strings.Split(strings.TrimSpace(string(md)), "\n")
	if len(lines) != 5 ||
		!strings.HasPrefix(lines[2], "| G0 (SGAN) | 7.0 ± 1.4 | 80.0% ± 14.1 | 2 |") ||
		!strings.HasPrefix(lines[3], "| baseline") {
		t.Errorf("modes table:\n%s", md)
	}
}

func TestAggregateErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{"), 0o644)
	for _, args := range [][]string{nil, {"coverage"}, {"nonsense", bad}, {"coverage", bad},
		{"modes", filepath.Join(dir, "missing.json")}} {
		if err := run(args, &strings.Builder{}); err == nil {
			t.Errorf("run(%q): no error", args)
		}
	}
}
