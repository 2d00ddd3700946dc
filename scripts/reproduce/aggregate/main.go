// Command aggregate sums up the score.json files that sgan score wrote for
// several runs (seeds) of one experiment of scripts/reproduce/, as a
// Markdown table and a picture:
//
//	go run ./scripts/reproduce/aggregate coverage -out DIR RUN/score.json...
//	go run ./scripts/reproduce/aggregate modes -out DIR -name ring8 RUN/score.json...
//
// coverage: the share of the modes that no local generator covers against
// the number of local pairs (the paper's Figure 2d), mean and standard
// deviation over the files, from each file's newest checkpoint; it writes
// DIR/coverage.md and DIR/coverage.png.
//
// modes: each generator's modes captured and share of high-quality samples
// at each file's newest checkpoint (the paper's Figure 3 and the tables of
// PacGAN), mean and standard deviation over the files; it writes
// DIR/modes-NAME.md.
//
// text: text runs of scripts/reproduce/text.sh, from their run directories
// (see textRuns):
//
//	go run ./scripts/reproduce/aggregate text -out DIR RUN...
//
// images: image runs of scripts/reproduce/images.sh scored at every
// checkpoint with a classifier (the paper's Figure 5 and Table 1's trend),
// from their run directories (see images):
//
//	go run ./scripts/reproduce/aggregate images -out DIR -name mnist RUN...
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "aggregate:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("want a mode: coverage, modes, curves, text or images")
	}
	switch args[0] {
	case "text":
		return textRuns(args[1:], stdout)
	case "curves":
		return curves(args[1:], stdout)
	case "images":
		return images(args[1:], stdout)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	out := fs.String("out", ".", "folder to write into")
	name := fs.String("name", "", "name of the experiment (modes)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("no score.json files given")
	}
	files := make([]scoreFile, fs.NArg())
	for i, p := range fs.Args() {
		var err error
		if files[i], err = readScore(p); err != nil {
			return err
		}
	}
	switch args[0] {
	case "coverage":
		return coverage(files, *out, stdout)
	case "modes":
		if *name == "" {
			return errors.New("modes: give -name")
		}
		return modes(files, *out, *name, stdout)
	}
	return fmt.Errorf("unknown mode %q: want coverage, modes, curves, text or images", args[0])
}

// scoreFile is what aggregate reads of a score.json.
type scoreFile struct {
	Path   string
	Scores []struct {
		Iteration     int      `json:"iteration"`
		Generator     string   `json:"generator"`
		ModesCaptured *int     `json:"modes_captured"`
		Modes         *int     `json:"modes"`
		HighQuality   *float64 `json:"high_quality_share"`
	} `json:"scores"`
	Ensembles []struct {
		Iteration int       `json:"iteration"`
		ByPairs   []float64 `json:"non_coverage_by_pairs"`
	} `json:"ensembles"`
}

func readScore(path string) (scoreFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return scoreFile{}, err
	}
	f := scoreFile{Path: path}
	if err := json.Unmarshal(raw, &f); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// meanStd is the mean and the sample standard deviation of vs (0 for one).
func meanStd(vs []float64) (mean, std float64) {
	for _, v := range vs {
		mean += v
	}
	mean /= float64(len(vs))
	if len(vs) < 2 {
		return mean, 0
	}
	for _, v := range vs {
		std += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(std / float64(len(vs)-1))
}

// coverage writes the non-coverage against the number of pairs.
func coverage(files []scoreFile, out string, stdout io.Writer) error {
	var byK [][]float64 // byK[k]: the non-coverage of k+1 pairs, one per file
	for _, f := range files {
		if len(f.Ensembles) == 0 {
			return fmt.Errorf("%s: no non-coverage (a toy run with local pairs?)", f.Path)
		}
		last := f.Ensembles[len(f.Ensembles)-1]
		for k, v := range last.ByPairs {
			if k == len(byK) {
				byK = append(byK, nil)
			}
			byK[k] = append(byK[k], v)
		}
	}
	var md strings.Builder
	fmt.Fprintf(&md, "| local pairs N | non-coverage, mean | std | runs |\n|---|---|---|---|\n")
	pts := make(plotter.XYs, len(byK))
	errs := make(plotter.YErrors, len(byK))
	for k, vs := range byK {
		m, s := meanStd(vs)
		fmt.Fprintf(&md, "| %d | %.3f | %.3f | %d |\n", k+1, m, s, len(vs))
		pts[k] = plotter.XY{X: float64(k + 1), Y: m}
		errs[k].Low, errs[k].High = s, s
	}
	if err := os.WriteFile(filepath.Join(out, "coverage.md"), []byte(md.String()),
		0o644); err != nil {
		return err
	}
	fmt.Fprint(stdout, md.String())
	p := plot.New()
	p.Title.Text = fmt.Sprintf("modes no local generator covers (%d runs)", len(files))
	p.X.Label.Text = "local pairs N"
	p.Y.Label.Text = "non-coverage"
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(plotter.NewGrid())
	line, points, err := plotter.NewLinePoints(pts)
	if err != nil {
		return err
	}
	line.Color, points.Color = color.Black, color.Black
	bars, err := plotter.NewYErrorBars(struct {
		plotter.XYer
		plotter.YErrorer
	}{pts, errs})
	if err != nil {
		return err
	}
	p.Add(line, points, bars)
	return p.Save(6*vg.Inch, 4*vg.Inch, filepath.Join(out, "coverage.png"))
}

// modes writes each generator's modes captured and high-quality share.
func modes(files []scoreFile, out, name string, stdout io.Writer) error {
	type figs struct{ modes, hq []float64 }
	by := map[string]*figs{}
	var order []string
	total := 0
	for _, f := range files {
		newest := 0
		for _, r := range f.Scores {
			newest = max(newest, r.Iteration)
		}
		for _, r := range f.Scores {
			if r.Iteration != newest || r.ModesCaptured == nil || r.HighQuality == nil {
				continue
			}
			if by[r.Generator] == nil {
				by[r.Generator] = &figs{}
				order = append(order, r.Generator)
			}
			by[r.Generator].modes = append(by[r.Generator].modes, float64(*r.ModesCaptured))
			by[r.Generator].hq = append(by[r.Generator].hq, *r.HighQuality)
			total = *r.Modes
		}
	}
	if len(order) == 0 {
		return errors.New("modes: no toy scores in the files")
	}
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	var md strings.Builder
	fmt.Fprintf(&md, "| %s | modes captured (of %d) | high-quality share | runs |\n"+
		"|---|---|---|---|\n", name, total)
	for _, g := range order {
		mm, ms := meanStd(by[g].modes)
		hm, hs := meanStd(by[g].hq)
		fmt.Fprintf(&md, "| %s | %.1f ± %.1f | %.1f%% ± %.1f | %d |\n", label(g), mm, ms,
			100*hm, 100*hs, len(by[g].modes))
	}
	fmt.Fprint(stdout, md.String())
	return os.WriteFile(filepath.Join(out, "modes-"+name+".md"), []byte(md.String()), 0o644)
}

// rank orders G0 first, then the baseline, then the local generators.
func rank(g string) int {
	switch g {
	case "G0":
		return 0
	case "baseline":
		return 1
	}
	return 2
}

// label names a generator in a table: G0 is the SGAN's product, the
// baseline a standard pair of the same variant trained on the same
// minibatches.
func label(g string) string {
	switch g {
	case "G0":
		return "G0 (SGAN)"
	case "baseline":
		return "baseline (standard pair)"
	}
	return g
}
