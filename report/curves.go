package report

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Curves picture sizes at 96 dots per inch: 1100x760 pixels.
const (
	curvesWidth  = 1100 * vg.Inch / dpi
	curvesHeight = 760 * vg.Inch / dpi
)

// figure picks one of a pair's figures for a curve.
type figure struct {
	title string
	value func(PairRecord) float64
}

var curveFigures = []figure{
	{"lossD", func(p PairRecord) float64 { return p.LossD }},
	{"lossG", func(p PairRecord) float64 { return p.LossG }},
	{"mean D(x) on real data", func(p PairRecord) float64 { return p.DReal }},
	{"mean D(G(z)) on fake data", func(p PairRecord) float64 { return p.DFake }},
}

// CurvesCanvas draws four panels against the iteration, lossD, lossG and
// the mean discriminator outputs on real and on fake data, with a line for
// G0/D0 (red, thick), each local pair and the baseline (blue, dashed).
// Non-finite figures leave gaps. title heads the picture, above one row of
// legend.
func CurvesCanvas(title string, recs []Record) (*vgimg.Canvas, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("report: curves: no records")
	}
	recs = Superseded(recs)
	names := pairNames(recs)
	plots := [][]*plot.Plot{make([]*plot.Plot, 2), make([]*plot.Plot, 2)}
	for k, fig := range curveFigures {
		p := plot.New()
		p.Title.Text = fig.title
		p.X.Label.Text = "iteration"
		p.Add(plotter.NewGrid())
		for i, name := range names {
			lines, err := curve(recs, name, fig.value, lineStyle(name, i))
			if err != nil {
				return nil, fmt.Errorf("report: curve %s of %s: %w", fig.title, name, err)
			}
			p.Add(lines...)
		}
		plots[k/2][k%2] = p
	}
	return drawPanels(title, names, plots, curvesHeight), nil
}

// drawPanels draws the rows of plots, aligned, on a white canvas of the
// curves' width and the given height, under title and one row of legend
// for the pairs' names.
func drawPanels(title string, names []string, plots [][]*plot.Plot,
	height vg.Length) *vgimg.Canvas {
	c := vgimg.NewWith(vgimg.UseWH(curvesWidth, height), vgimg.UseDPI(dpi),
		vgimg.UseBackgroundColor(color.White))
	dc := draw.New(c)
	head := vg.Points(22)
	drawTitle(dc, title, head)
	drawLegendRow(draw.Crop(dc, 0, 0, 0, -head), names, vg.Points(16))
	head += vg.Points(16)
	tiles := draw.Tiles{Rows: len(plots), Cols: len(plots[0]), PadX: vg.Points(14),
		PadY: vg.Points(10), PadTop: vg.Points(4), PadBottom: vg.Points(4),
		PadLeft: vg.Points(4), PadRight: vg.Points(8)}
	canvases := plot.Align(plots, tiles, draw.Crop(dc, 0, 0, 0, -head))
	for r := range plots {
		for col := range plots[r] {
			plots[r][col].Draw(canvases[r][col])
		}
	}
	return c
}

// Superseded drops the records that a resumed run wrote again: a run that
// failed after its last checkpoint and was resumed from it logs those
// iterations twice, and the later records are the run's history. The
// records left have increasing iterations.
func Superseded(recs []Record) []Record {
	return superseded(recs, func(r Record) int { return r.Iteration })
}

// superseded drops from recs, in the order written, every record whose
// iteration a later record repeats or precedes.
func superseded[R any](recs []R, iteration func(R) int) []R {
	var out []R
	for _, r := range recs {
		for len(out) > 0 && iteration(out[len(out)-1]) >= iteration(r) {
			out = out[:len(out)-1]
		}
		out = append(out, r)
	}
	return out
}

// pairNames are the pairs' names in the order of their first appearance.
func pairNames(recs []Record) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range recs {
		for _, p := range r.Pairs() {
			if !seen[p.Name] {
				seen[p.Name] = true
				names = append(names, p.Name)
			}
		}
	}
	return names
}

// curve is the lines of one pair's figure: one per run of finite values,
// a dot for a run of one value.
func curve(recs []Record, name string, value func(PairRecord) float64,
	sty draw.LineStyle) ([]plot.Plotter, error) {
	var lines []plot.Plotter
	var run plotter.XYs
	flush := func() error {
		defer func() { run = nil }()
		if len(run) == 0 {
			return nil
		}
		if len(run) == 1 {
			s, err := plotter.NewScatter(run)
			if err != nil {
				return err
			}
			s.GlyphStyle = draw.GlyphStyle{Color: sty.Color, Radius: vg.Points(2.5),
				Shape: draw.CircleGlyph{}}
			lines = append(lines, s)
			return nil
		}
		l, err := plotter.NewLine(run)
		if err != nil {
			return err
		}
		l.LineStyle = sty
		lines = append(lines, l)
		return nil
	}
	for _, r := range recs {
		v, ok := math.NaN(), false
		for _, p := range r.Pairs() {
			if p.Name == name {
				v, ok = value(p), true
			}
		}
		if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		run = append(run, plotter.XY{X: float64(r.Iteration), Y: v})
	}
	return lines, flush()
}

// lineStyle is G0's thick red, the baseline's dashed blue, and for a local
// pair Gi the colour of its points in the toy pictures (the k-th pair's
// colour for another name).
func lineStyle(name string, k int) draw.LineStyle {
	switch name {
	case "G0":
		return draw.LineStyle{Color: g0Color, Width: vg.Points(2)}
	case "baseline":
		return draw.LineStyle{Color: baselineColor, Width: vg.Points(1.5),
			Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	}
	var i int
	if _, err := fmt.Sscanf(name, "G%d", &i); err == nil && i > 0 {
		k = i - 1
	}
	return draw.LineStyle{Color: localColor(k), Width: vg.Points(1)}
}

// drawLegendRow writes the pairs' names, each after a stretch of its line,
// in one row centred along the top height of dc.
func drawLegendRow(dc draw.Canvas, names []string, height vg.Length) {
	sty := plot.New().Legend.TextStyle
	sty.Font.Size = vg.Points(10)
	sty.YAlign = draw.YCenter
	thumb, gap := vg.Points(22), vg.Points(5)
	var width vg.Length
	for _, name := range names {
		width += thumb + gap + sty.Width(name) + 3*gap
	}
	x := (dc.Min.X+dc.Max.X)/2 - width/2
	y := dc.Max.Y - height/2
	for i, name := range names {
		dc.StrokeLine2(lineStyle(name, i), x, y, x+thumb, y)
		x += thumb + gap
		dc.FillText(sty, vg.Point{X: x, Y: y}, name)
		x += sty.Width(name) + 3*gap
	}
}
