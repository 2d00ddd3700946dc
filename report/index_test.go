package report

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testRunDir is a run directory with two iterations of pictures, plots,
// checkpoints, config.json and metrics.jsonl; the PNGs are real pictures.
func testRunDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "0001-ring8-2-S-gan")
	for _, sub := range []string{SamplesDir, PlotsDir, CheckpointsDir} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	toy, err := testToyFigure().Canvas()
	if err != nil {
		t.Fatal(err)
	}
	curves, err := CurvesCanvas("0001-ring8-2-S-gan", testRecords(20))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"00000100-G0.png", "00000200-G1.png", "00000200-baseline.png",
		"00000200-G0.png", "00000200-G10.png", "00000200-G2.png"} {
		if err := SavePNG(filepath.Join(dir, SamplesDir, name), toy); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"00000100-levels.png", "00000200-levels.png"} {
		if err := SavePNG(filepath.Join(dir, PlotsDir, name), toy); err != nil {
			t.Fatal(err)
		}
	}
	if err := SavePNG(filepath.Join(dir, PlotsDir, CurvesFile), curves); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"config.json":                       `{"sgan":"dev","config":{"pairs":2}}`,
		"metrics.jsonl":                     twoRecords,
		"checkpoints/ckpt-00000100.sgan":    "x",
		"checkpoints/ckpt-00000200.sgan":    "x",
		"checkpoints/.ckpt-00000300.sgan.1": "partial",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestWriteIndex(t *testing.T) {
	dir := testRunDir(t)
	if err := WriteIndex(dir, IndexOptions{Status: "running: iteration 200 of 300",
		Refresh: 10 * time.Second}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(raw)
	for _, want := range []string{
		"<h1>0001-ring8-2-S-gan</h1>",
		"running: iteration 200 of 300",
		`<meta http-equiv="refresh" content="10">`,
		"<td>G1</td><td>1.0000</td>", // the last record's table
		"G1 reinitialised",
		`<a href="checkpoints/ckpt-00000100.sgan">`,
		`<a href="checkpoints/ckpt-00000200.sgan">`,
		`&#34;pairs&#34;: 2`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "ckpt-00000300") {
		t.Error("page links a hidden partial checkpoint")
	}
	srcs := regexp.MustCompile(`<img src="([^"?]*)`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, m := range srcs {
		got = append(got, m[1])
	}
	want := []string{"samples/00000200-G0.png", "samples/00000200-G1.png",
		"samples/00000200-G2.png", "samples/00000200-G10.png",
		"samples/00000200-baseline.png", "plots/00000200-levels.png", "plots/curves.png"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("images\n%v\nwant\n%v", got, want)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".index.html*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestWriteIndexOfFinishedRunDoesNotRefresh(t *testing.T) {
	dir := testRunDir(t)
	for _, o := range []IndexOptions{{Status: "running", Refresh: time.Second},
		{Status: "done: 300 iterations"}} {
		if err := WriteIndex(dir, o); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "refresh") {
		t.Error("a finished run's page still refreshes itself")
	}
	if !strings.Contains(string(raw), "done: 300 iterations") {
		t.Error("page lacks the final status")
	}
}

func TestWriteIndexOfEmptyRunDir(t *testing.T) {
	dir := t.TempDir()
	if err := WriteIndex(dir, IndexOptions{Status: "starting"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "<img") {
		t.Error("page of an empty directory shows images")
	}
}

func TestWriteIndexShowsABadMetricsFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "metrics.jsonl"),
		[]byte("{\"iteration\":7}\n{bad\n{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteIndex(dir, IndexOptions{}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"metrics line 2", "iteration 7"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
