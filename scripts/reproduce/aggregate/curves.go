package main

import (
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
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/sgan-dev/sgan/report"
)

// curveGroups are the lines of curves: G0, the baseline and the mean of
// the local generators, by how a generator's name is read.
var curveGroups = []struct {
	name  string
	match func(string) bool
	style draw.LineStyle
}{
	{"G0", func(g string) bool { return g == "G0" },
		draw.LineStyle{Color: color.NRGBA{215, 25, 28, 255}, Width: vg.Points(2)}},
	{"baseline", func(g string) bool { return g == "baseline" },
		draw.LineStyle{Color: color.NRGBA{30, 60, 220, 255}, Width: vg.Points(1.5),
			Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}},
	{"local (mean)", func(g string) bool { return strings.HasPrefix(g, "G") && g != "G0" },
		draw.LineStyle{Color: color.Gray{Y: 120}, Width: vg.Points(1)}},
}

// curves sums up the evals.jsonl of several runs (seeds) of one setting:
// at each iteration they all evaluated, the mean over runs of G0's, the
// baseline's and the local generators' (averaged) modes captured and
// high-quality share, as DIR/curves-NAME.md and DIR/curves-NAME.png.
func curves(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("curves", flag.ContinueOnError)
	out := fs.String("out", ".", "folder to write into")
	name := fs.String("name", "", "name of the setting")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *name == "" || fs.NArg() == 0 {
		return errors.New("curves: give -name and run directories")
	}
	// by[key][group][iteration] lists one value a run.
	by := map[string]map[string]map[int][]float64{}
	var its []int
	for k, dir := range fs.Args() {
		recs, err := report.ReadEvalsFile(filepath.Join(dir, report.EvalsFile))
		if err != nil {
			return err
		}
		var mine []int
		for _, r := range lastOfEachIteration(recs) { // a resumed run repeats one
			mine = append(mine, r.Iteration)
			addRecord(by, r)
		}
		if k == 0 {
			its = mine
		} else {
			its = slices.DeleteFunc(its, func(i int) bool { return !slices.Contains(mine, i) })
		}
	}
	runs := fs.NArg()
	var md strings.Builder
	for _, key := range []string{"modes_captured", "high_quality"} {
		fmt.Fprintf(&md, "%s, mean of %d runs, by iteration:\n\n| |", key, runs)
		for _, it := range its {
			fmt.Fprintf(&md, " %d |", it)
		}
		md.WriteString("\n|---|" + strings.Repeat("---|", len(its)) + "\n")
		for _, g := range curveGroups {
			fmt.Fprintf(&md, "| %s |", g.name)
			for _, it := range its {
				m, _ := meanStd(by[key][g.name][it])
				fmt.Fprintf(&md, " %.2f |", m)
			}
			md.WriteString("\n")
		}
		md.WriteString("\n")
	}
	fmt.Fprint(stdout, md.String())
	if err := os.WriteFile(filepath.Join(*out, "curves-"+*name+".md"), []byte(md.String()),
		0o644); err != nil {
		return err
	}
	return plotCurves(by, its, runs, filepath.Join(*out, "curves-"+*name+".png"), *name)
}

// addRecord adds one run's record to by: a generator's value, or the mean
// over the local generators for their group.
func addRecord(by map[string]map[string]map[int][]float64, r report.EvalRecord) {
	for _, key := range []string{"modes_captured", "high_quality"} {
		if by[key] == nil {
			by[key] = map[string]map[int][]float64{}
		}
		for _, g := range curveGroups {
			var vs []float64
			for _, ge := range r.Generators {
				if v, ok := ge.Figures[key]; ok && g.match(ge.Name) {
					vs = append(vs, v)
				}
			}
			if len(vs) == 0 {
				continue
			}
			if by[key][g.name] == nil {
				by[key][g.name] = map[int][]float64{}
			}
			m, _ := meanStd(vs)
			by[key][g.name][r.Iteration] = append(by[key][g.name][r.Iteration], m)
		}
	}
}

func plotCurves(by map[string]map[string]map[int][]float64, its []int, runs int, path,
	name string) error {
	if len(its) == 0 {
		return errors.New("curves: the runs share no evaluated iteration")
	}
	plots := make([][]*plot.Plot, 1)
	for _, key := range []string{"modes_captured", "high_quality"} {
		p := plot.New()
		p.Title.Text = fmt.Sprintf("%s: %s, mean of %d runs", name, key, runs)
		p.X.Label.Text = "iteration"
		p.Add(plotter.NewGrid())
		for _, g := range curveGroups {
			var pts plotter.XYs
			for _, it := range its {
				if vs := by[key][g.name][it]; len(vs) > 0 {
					m, _ := meanStd(vs)
					pts = append(pts, plotter.XY{X: float64(it), Y: m})
				}
			}
			if len(pts) == 0 {
				continue
			}
			l, err := plotter.NewLine(pts)
			if err != nil {
				return err
			}
			l.LineStyle = g.style
			p.Add(l)
			p.Legend.Add(g.name, l)
		}
		p.Legend.Top = false // bottom right: the curves rise to the top right
		plots[0] = append(plots[0], p)
	}
	return saveRow(plots, path)
}

// saveRow writes the row of plots, side by side, as a PNG file at path.
func saveRow(plots [][]*plot.Plot, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := rowCanvas(plots).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// rowCanvas draws the row of plots side by side as a PNG canvas.
func rowCanvas(plots [][]*plot.Plot) vgimg.PngCanvas {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(len(plots[0]))*6*vg.Inch, 4*vg.Inch),
		vgimg.UseBackgroundColor(color.White))
	tiles := draw.Tiles{Rows: 1, Cols: len(plots[0]), PadX: vg.Points(12), PadY: vg.Points(8),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4),
		PadRight: vg.Points(8)}
	canvases := plot.Align(plots, tiles, draw.New(c))
	for i, p := range plots[0] {
		p.Draw(canvases[0][i])
	}
	return vgimg.PngCanvas{Canvas: c}
}
