package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// imageFigures are the figures of an image run's score.json that images
// sums up, as named there, with how they read.
var imageFigures = []struct{ key, title string }{
	{"classifier_score", "classifier score (higher is better)"},
	{"entropy", "entropy of the classes (higher is better)"},
	{"total_variation", "total variation from uniform (lower is better)"},
}

// variantColors colour the variants of the images plot, in run order.
var variantColors = []color.Color{
	color.NRGBA{215, 25, 28, 255}, color.NRGBA{30, 60, 220, 255},
	color.NRGBA{26, 150, 65, 255}, color.NRGBA{150, 80, 190, 255},
}

// imageRun is what images reads of one run directory: its variant, and
// for each iteration and generator group (G0, baseline, local (mean)) the
// figures of imageFigures.
type imageRun struct {
	dir      string
	variant  string // the SGAN run, e.g. "5-S-gan, 10 messenger steps"
	standard string // its baseline pair, the bare variant: "gan"
	its      []int
	figs     map[string]map[string]map[int]float64 // [key][group][iteration]
}

// images sums up image runs of scripts/reproduce/images.sh, one run a GAN
// variant, each scored at every checkpoint with a classifier: G0 (the
// N-S-variant), the baseline (the standard variant) and the mean of the
// local generators, by iteration, as DIR/images-NAME.md and a picture
// like the paper's Figure 5, DIR/images-NAME.png.
func images(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("images", flag.ContinueOnError)
	out := fs.String("out", ".", "folder to write into")
	name := fs.String("name", "", "name of the experiment")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" || fs.NArg() == 0 {
		return errors.New("images: give -name and run directories")
	}
	runs := make([]imageRun, fs.NArg())
	for i, dir := range fs.Args() {
		var err error
		if runs[i], err = readImageRun(dir); err != nil {
			return err
		}
	}
	md := imagesTable(runs)
	fmt.Fprint(stdout, md)
	if err := os.WriteFile(filepath.Join(*out, "images-"+*name+".md"), []byte(md),
		0o644); err != nil {
		return err
	}
	return plotImages(runs, *name, filepath.Join(*out, "images-"+*name+".png"))
}

// legend names group (G0 or baseline) of r in a plot's legend. The
// baseline is a standard pair: it takes no messenger steps, so its name is
// the bare variant's.
func (r imageRun) legend(group string) string {
	if group == "baseline" {
		return r.standard + " (baseline)"
	}
	return r.variant + " (G0)"
}

// readImageRun reads dir/config.json's variant and dir/score.json.
func readImageRun(dir string) (imageRun, error) {
	r := imageRun{dir: dir, figs: map[string]map[string]map[int]float64{}}
	var file struct {
		Config struct {
			Variant        string `json:"variant"`
			Pairs          int    `json:"pairs"`
			NDis           int    `json:"n_dis"`
			MessengerSteps int    `json:"messenger_steps"`
		} `json:"config"`
	}
	if err := readJSON(filepath.Join(dir, "config.json"), &file); err != nil {
		return r, err
	}
	cfg := file.Config
	if cfg.Pairs == 0 || cfg.Variant == "" {
		return r, fmt.Errorf("%s: no run configuration (a run directory of sgan train?)",
			filepath.Join(dir, "config.json"))
	}
	r.variant = fmt.Sprintf("%d-S-%s", cfg.Pairs, cfg.Variant)
	r.standard = cfg.Variant
	if cfg.MessengerSteps != cfg.NDis {
		r.variant += fmt.Sprintf(", %d messenger steps", cfg.MessengerSteps)
	}
	var score struct {
		Scores []map[string]any `json:"scores"`
	}
	p := filepath.Join(dir, "score.json")
	if err := readJSON(p, &score); err != nil {
		return r, err
	}
	// sums[key][group][iteration] lists the values of the group's generators.
	sums := map[string]map[string]map[int][]float64{}
	for _, row := range score.Scores {
		g, _ := row["generator"].(string)
		it, _ := row["iteration"].(float64)
		for _, f := range imageFigures {
			v, ok := row[f.key].(float64)
			if !ok {
				continue
			}
			for _, cg := range curveGroups {
				if !cg.match(g) {
					continue
				}
				if sums[f.key] == nil {
					sums[f.key] = map[string]map[int][]float64{}
				}
				if sums[f.key][cg.name] == nil {
					sums[f.key][cg.name] = map[int][]float64{}
				}
				sums[f.key][cg.name][int(it)] = append(sums[f.key][cg.name][int(it)], v)
			}
		}
		if !slices.Contains(r.its, int(it)) {
			r.its = append(r.its, int(it))
		}
	}
	if sums["classifier_score"] == nil {
		return r, fmt.Errorf("%s: no classifier scores (score the run with "+
			"sgan score --classifier)", p)
	}
	slices.Sort(r.its)
	for key, groups := range sums {
		r.figs[key] = map[string]map[int]float64{}
		for g, byIt := range groups {
			r.figs[key][g] = map[int]float64{}
			for it, vs := range byIt {
				r.figs[key][g][it], _ = meanStd(vs)
			}
		}
	}
	return r, nil
}

func readJSON(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// imagesTable is one Markdown table a figure: a row an iteration, for each
// run G0, the baseline and the local generators' mean.
func imagesTable(runs []imageRun) string {
	var md strings.Builder
	for _, f := range imageFigures {
		fmt.Fprintf(&md, "%s, by iteration (G0 / baseline / local mean):\n\n| iteration |",
			f.title)
		for _, r := range runs {
			fmt.Fprintf(&md, " %s |", r.variant)
		}
		md.WriteString("\n|---|" + strings.Repeat("---|", len(runs)) + "\n")
		for _, it := range unionIterations(runs) {
			fmt.Fprintf(&md, "| %d |", it)
			for _, r := range runs {
				var cells []string
				for _, g := range curveGroups {
					v, ok := r.figs[f.key][g.name][it]
					if !ok {
						cells = append(cells, "-")
						continue
					}
					cells = append(cells, fmt.Sprintf("%.3f", v))
				}
				fmt.Fprintf(&md, " %s |", strings.Join(cells, " / "))
			}
			md.WriteString("\n")
		}
		md.WriteString("\n")
	}
	return md.String()
}

func unionIterations(runs []imageRun) []int {
	var its []int
	for _, r := range runs {
		for _, it := range r.its {
			if !slices.Contains(its, it) {
				its = append(its, it)
			}
		}
	}
	slices.Sort(its)
	return its
}

// plotImages draws a panel a figure: for each run, G0 as a solid line and
// the baseline dashed, in the run's colour.
func plotImages(runs []imageRun, name, path string) error {
	plots := make([][]*plot.Plot, 1)
	for _, f := range imageFigures {
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s: %s", name, f.title)
		p.X.Label.Text = "iteration"
		p.Add(plotter.NewGrid())
		for i, r := range runs {
			for _, g := range curveGroups[:2] { // G0 and the baseline
				var pts plotter.XYs
				for _, it := range r.its {
					if v, ok := r.figs[f.key][g.name][it]; ok {
						pts = append(pts, plotter.XY{X: float64(it), Y: v})
					}
				}
				if len(pts) == 0 {
					continue
				}
				l, err := plotter.NewLine(pts)
				if err != nil {
					return err
				}
				l.LineStyle = draw.LineStyle{Color: variantColors[i%len(variantColors)],
					Width: vg.Points(2)}
				if g.name == "baseline" {
					l.LineStyle.Width = vg.Points(1.5)
					l.LineStyle.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				}
				p.Add(l)
				if len(plots[0]) == 0 {
					p.Legend.Add(r.legend(g.name), l)
				}
			}
		}
		// One legend, top left of the score panel: scores start low.
		// Offset from the corner so that the title and the y axis stay clear.
		p.Legend.Top, p.Legend.Left = true, true
		p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), -vg.Points(8)
		plots[0] = append(plots[0], p)
	}
	return saveRow(plots, path)
}
