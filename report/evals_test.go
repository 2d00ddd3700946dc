package report

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testEvals are n evaluation records of G0, two local generators and a
// baseline, with the ensemble's non-coverage.
func testEvals(n int) []EvalRecord {
	var recs []EvalRecord
	for i := 1; i <= n; i++ {
		gen := func(name string, k int) GeneratorEval {
			return GeneratorEval{Name: name, Figures: map[string]float64{
				"modes_captured": float64(min(8, i*k%9)), "high_quality": 0.1 * float64(k)}}
		}
		recs = append(recs, EvalRecord{Iteration: 50 * i,
			Generators: []GeneratorEval{gen("G0", 3), gen("G1", 1), gen("G2", 2),
				gen("baseline", 4)},
			Ensemble: map[string]float64{"non_coverage": 1 / float64(i)}})
	}
	return recs
}

func TestAppendAndReadEvals(t *testing.T) {
	path := filepath.Join(t.TempDir(), EvalsFile)
	want := testEvals(3)
	for _, r := range want {
		if err := AppendEval(path, r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ReadEvalsFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("read back\n%v\nwant\n%v", got, want)
	}

	// A damaged line is an error naming it, with the records before it.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{\"iteration\": 200, \"gener\n")
	f.Close()
	got, err = ReadEvalsFile(path)
	if err == nil || !strings.Contains(err.Error(), "line 4") || len(got) != 3 {
		t.Fatalf("damaged file: %d records, %v; want 3 and an error naming line 4",
			len(got), err)
	}
}

func TestEvalsCanvas(t *testing.T) {
	for _, n := range []int{1, 30} {
		t.Run(fmt.Sprintf("%d records", n), func(t *testing.T) {
			c, err := EvalsCanvas("ring8-2-S-gan", testEvals(n))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), EvalsPlot)
			if err := SavePNG(path, c); err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, path, 1100, 720)
			assertNotBlank(t, img, 20)
			// Three figures: two panels above, one below; G0's red is in the
			// generators' panels.
			for _, r := range []image.Rectangle{image.Rect(0, 0, 550, 360),
				image.Rect(550, 0, 1100, 360)} {
				if got := countNear(img, r, g0Color, 10); got < 10 {
					t.Errorf("panel %v: %d pixels of G0's red, want 10 or more", r, got)
				}
			}
		})
	}
	if _, err := EvalsCanvas("x", nil); err == nil {
		t.Error("no records: no error")
	}
}

func TestEvalKeys(t *testing.T) {
	recs := []EvalRecord{{Generators: []GeneratorEval{{Name: "G0", Figures: map[string]float64{
		"jsd_2": 1, "high_quality": 1, "jsd_1": 1}}},
		Ensemble: map[string]float64{"non_coverage": 0}}}
	got := fmt.Sprint(evalKeys(recs))
	if want := "[high_quality non_coverage jsd_1 jsd_2]"; got != want {
		t.Errorf("evalKeys = %s, want %s (known keys first, then the others by name)", got, want)
	}
}
