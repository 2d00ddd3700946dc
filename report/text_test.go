package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIndexShowsNewestTextSamples: the page shows the newest text files,
// G0 first, the first lines of each, escaped.
func TestIndexShowsNewestTextSamples(t *testing.T) {
	dir := t.TempDir()
	samples := filepath.Join(dir, SamplesDir)
	if err := os.Mkdir(samples, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"00000010-G1.txt":       "old samples\n",
		"00000020-baseline.txt": "baseline line\n",
		"00000020-G2.txt":       "second generator\n",
		"00000020-G0.txt":       "<b>global</b>\n",
		"00000020-G10.txt":      "tenth\n",
	}
	var many strings.Builder
	for i := range 20 {
		fmt.Fprintf(&many, "line %d\n", i)
	}
	files["00000020-G1.txt"] = many.String()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(samples, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	texts, err := newestTexts(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range texts {
		got = append(got, s.Name)
	}
	if want := "G0 G1 G2 G10 baseline"; strings.Join(got, " ") != want {
		t.Errorf("generators %q, want %q", strings.Join(got, " "), want)
	}
	if n := len(texts[1].Lines); n != textShownLines {
		t.Errorf("G1: %d lines shown, want %d", n, textShownLines)
	}
	if err := WriteIndex(dir, IndexOptions{Status: "done"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(raw)
	for _, want := range []string{"Text samples", "&lt;b&gt;global&lt;/b&gt;",
		`href="samples/00000020-G2.txt"`, "line 7", "iteration 20"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, unwanted := range []string{"old samples", "line 8", "<b>global"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("page shows %q", unwanted)
		}
	}
}
