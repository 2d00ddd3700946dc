package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/report"
)

// writeText writes a small English text of about 3,000 characters, lines
// of a few words, and returns its path.
func writeText(t *testing.T) string {
	t.Helper()
	words := []string{"the", "king", "shall", "speak", "to", "his", "men", "and", "all",
		"will", "hear", "him", "now"}
	var b strings.Builder
	for i := 0; b.Len() < 3000; i++ {
		for k := 0; k < 5; k++ {
			b.WriteString(words[(i*7+k*3)%len(words)])
			b.WriteByte(' ')
		}
		b.WriteString("then.\n")
	}
	path := filepath.Join(t.TempDir(), "play.txt")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readEvals reads a run's evals.jsonl.
func readEvals(t *testing.T, dir string) []report.EvalRecord {
	t.Helper()
	recs, err := report.ReadEvalsFile(filepath.Join(dir, report.EvalsFile))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestTextDryRun trains a tiny text GAN in-process, then samples and
// scores it: text samples of every generator, n-gram JSDs in evals.jsonl
// and on the page, the vocabulary in config.json.
func TestTextDryRun(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := sgan(t, "train", "--dataset", writeText(t), "--dry-run",
		"--baseline", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := onlyRun(t, out)
	if base := filepath.Base(dir); base != "0001-play-2-S-wgan-gp" {
		t.Errorf("run %s: want 0001-play-2-S-wgan-gp (wgan-gp is the text default)", base)
	}
	for _, name := range []string{"G0", "G1", "G2", "baseline"} {
		raw, err := os.ReadFile(filepath.Join(dir, "samples", "00000001-"+name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(raw), "\n"); n != textShown {
			t.Errorf("%s: %d samples, want %d", name, n, textShown)
		}
	}
	recs := readEvals(t, dir)
	if len(recs) != 2 {
		t.Fatalf("%d records in evals.jsonl, want 2 (iterations 0 and 1)", len(recs))
	}
	for _, g := range recs[1].Generators {
		for _, key := range []string{"jsd1", "jsd2", "jsd3", "jsd4", "distinct_chars"} {
			v, ok := g.Figures[key]
			if !ok || math.IsNaN(v) || v < 0 {
				t.Errorf("%s: %s = %v (present %v): want a figure", g.Name, key, v, ok)
			}
		}
		if v := g.Figures["jsd4"]; v > math.Ln2+1e-9 {
			t.Errorf("%s: jsd4 %g above ln 2", g.Name, v)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "Text samples") ||
		!strings.Contains(string(page), "plots/evals.png") {
		t.Error("index.html lacks the text samples or the JSD curves")
	}
	var cfg runFile
	raw, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Run.Vocab == nil || cfg.Run.Vocab.Size() != cfg.Config.G.Vocab {
		t.Errorf("config.json vocabulary %v, want one of %d symbols", cfg.Run.Vocab,
			cfg.Config.G.Vocab)
	}

	code, stdout, stderr := sgan(t, "sample", "--run", dir, "--n", "5", "--generator", "G2")
	if code != 0 {
		t.Fatalf("sample: exit %d: %s", code, stderr)
	}
	if n := strings.Count(stdout, "\n"); n != 5 {
		t.Errorf("sample printed %d lines, want 5:\n%s", n, stdout)
	}
	code, stdout, stderr = sgan(t, "score", "--run", dir, "--n", "40")
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "JSD 1/2/3/4-grams") || !strings.Contains(stdout, "baseline") {
		t.Errorf("score table lacks the JSDs or the baseline:\n%s", stdout)
	}
}

// TestTextBadInput: text a run cannot use exits 2 with one line.
func TestTextBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string { return writeFile(t, dir, name, body) }
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"empty file", []string{"--dataset", write("empty.txt", "")}, "no example of 32"},
		{"too short", []string{"--dataset", write("short.txt", "to be\n")},
			"no example of 32 characters"},
		{"blank lines", []string{"--dataset", write("blank.txt", "\n\n\r\n"), "--lines"},
			"no example"},
		{"negative seq-len", []string{"--dataset", write("ok.txt", "abc"), "--seq-len", "-1"},
			"--seq-len"},
		{"fewer lines than a batch", []string{"--dataset", write("two.txt", "a b\nc d\n"),
			"--lines"}, "--batch-size 64 is larger than the data set (2 examples)"},
		{"image arch on text", []string{"--dataset", write("t.txt",
			strings.Repeat("abc ", 40)), "--seq-len", "8", "--batch-size", "2", "--arch",
			"dcgan28"}, "--arch dcgan28: examples of shape [6 8] do not fit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := sgan(t, append([]string{"train", "--out", t.TempDir()},
				tc.args...)...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
				t.Errorf("stderr has %d lines, want one:\n%s", n+1, stderr)
			}
		})
	}
}

func TestTextFigures(t *testing.T) {
	real := []string{"to be or", "not to b"}
	tests := []struct {
		name     string
		fake     []string
		distinct int
		jsd1     float64
	}{
		{"the real texts", real, 7, 0},
		{"one character", []string{"        ", "      "}, 1, -1},
		{"newlines count", []string{"a\nb", "ab"}, 3, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := textFigures(tc.fake, real)
			if err != nil {
				t.Fatal(err)
			}
			if got := int(f["distinct_chars"]); got != tc.distinct {
				t.Errorf("distinct_chars = %d, want %d", got, tc.distinct)
			}
			if tc.jsd1 >= 0 && math.Abs(f["jsd1"]-tc.jsd1) > 1e-12 {
				t.Errorf("jsd1 = %g, want %g", f["jsd1"], tc.jsd1)
			}
			for n := 1; n <= 4; n++ {
				if _, ok := f[fmt.Sprintf("jsd%d", n)]; !ok {
					t.Errorf("no jsd%d", n)
				}
			}
		})
	}
}

func TestRealTextsAreSpreadOverTheData(t *testing.T) {
	var b strings.Builder
	for i := range 10 {
		fmt.Fprintf(&b, "line%d\n", i)
	}
	txt, err := data.ReadText(strings.NewReader(b.String()), data.TextOptions{Lines: true,
		SeqLen: 5})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		k    int
		want string
	}{
		{3, "line0 line3 line6"},
		{5, "line0 line2 line4 line6 line8"},
		{20, "line0 line1 line2 line3 line4 line5 line6 line7 line8 line9"},
	}
	for _, tc := range tests {
		if got := strings.Join(realTexts(txt, tc.k), " "); got != tc.want {
			t.Errorf("realTexts(%d) = %q, want %q", tc.k, got, tc.want)
		}
	}
}

func TestOneLine(t *testing.T) {
	if got, want := oneLine("to be\nor not\n"), "to be⏎or not⏎"; got != want {
		t.Errorf("oneLine = %q, want %q", got, want)
	}
}

// TestEndToEndText builds the binary and trains 2-SW-WGAN-GP with RMSProp
// on a text file read a line a sequence, then resumes it.
func TestEndToEndText(t *testing.T) {
	out := t.TempDir()
	runBinary(t, "train", "--dataset", writeText(t), "--lines", "--seq-len", "16",
		"--pairs", "2", "--baseline", "--share-weights", "--optimizer", "rmsprop",
		"--batch-size", "8", "--width", "8", "--nz", "8", "--iterations", "2",
		"--log-every", "1", "--sample-every", "1", "--checkpoint-every", "1", "--out", out)
	dir := onlyRun(t, out)
	if base := filepath.Base(dir); base != "0001-play-2-SW-wgan-gp" {
		t.Errorf("run %s, want 0001-play-2-SW-wgan-gp", base)
	}
	wantFiles(t, dir, "samples/00000002-G0.txt", "samples/00000002-baseline.txt",
		"plots/evals.png", "plots/curves.png", "checkpoints/ckpt-00000002.sgan")
	runBinary(t, "train", "--resume", dir, "--iterations", "3")
	wantFiles(t, dir, "samples/00000003-G1.txt", "checkpoints/ckpt-00000003.sgan")
	recs := readEvals(t, dir)
	if last := recs[len(recs)-1]; last.Iteration != 3 || len(last.Generators) != 4 {
		t.Errorf("last evals record: iteration %d with %d generators, want 3 and 4",
			last.Iteration, len(last.Generators))
	}
	lines := runBinary(t, "sample", "--run", dir, "--n", "4")
	for _, l := range strings.Split(strings.TrimSuffix(lines, "\n"), "\n") {
		if n := len([]rune(l)); n > 16 {
			t.Errorf("sample %q has %d characters, want at most 16", l, n)
		}
	}
}

// TestScoreTextRunWithoutItsText: a text run whose file is gone cannot be
// scored; the error names the file.
func TestScoreTextRunWithoutItsText(t *testing.T) {
	text := writeText(t)
	out := t.TempDir()
	if code, _, stderr := sgan(t, "train", "--dataset", text, "--dry-run", "--out",
		out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := os.Remove(text); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := sgan(t, "score", "--run", onlyRun(t, out))
	if code != exitUsage || !strings.Contains(stderr, "the run's text "+text) {
		t.Errorf("exit %d, stderr %q: want %d and the text's name", code, stderr, exitUsage)
	}
}
