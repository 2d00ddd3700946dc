package report

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Points are one generator's samples, (x, y) pairs, under its name.
type Points struct {
	Name string
	XY   []float32
}

// ToyFigure is the picture of a 2-D run at one iteration, as the paper's
// Figures 3 and 4: left the local generators over the local
// discriminators' levels, right G0 (and the baseline) over D0's.
type ToyFigure struct {
	// Title heads the picture, e.g. "ring8, 3-S-GAN, iteration 300".
	Title string
	// Box is the region shown; the zero Box means BoundingBox(Real, 0.25).
	Box Box
	// Real are real points, drawn in grey in both panels.
	Real []float32
	// Local are the local generators' samples (G1..GN), a colour each.
	Local []Points
	// Global are G0's samples (red) and the baseline's (blue), if any.
	Global []Points
	// LocalLevels and GlobalLevels are the discriminators' levels under
	// each panel (Levels); nil draws none.
	LocalLevels, GlobalLevels *Grid
	// Probabilities says the levels are probabilities in [0, 1], shaded on
	// that fixed scale; otherwise (critic values) on each grid's own range.
	Probabilities bool
	// LevelName names the levels in the panels' titles, e.g. "σ(D(x))"
	// (LevelName), which reads "σ(D_i(x))" on the left, "σ(D0(x))" on
	// the right.
	LevelName string
}

// Toy picture sizes at 96 dots per inch: 1100x560 pixels.
const (
	dpi        = 96
	toyWidth   = 1100 * vg.Inch / dpi
	toyHeight  = 560 * vg.Inch / dpi
	pointSize  = 1.6
	realSize   = 1.2
	legendSize = 4
)

var (
	realColor     = color.NRGBA{150, 150, 150, 200}
	g0Color       = color.NRGBA{215, 25, 28, 255}
	baselineColor = color.NRGBA{30, 60, 220, 255}
	levelLine     = color.NRGBA{90, 90, 90, 255}
)

// localColor is the k-th local generator's colour (Tableau's ten, without
// their red, which G0 has).
func localColor(k int) color.Color {
	colors := []color.NRGBA{{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255},
		{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
		{188, 189, 34, 255}, {23, 190, 207, 255}}
	return colors[k%len(colors)]
}

// globalColor is the colour of a right-panel generator by its name.
func globalColor(name string, k int) color.Color {
	switch name {
	case "G0":
		return g0Color
	case "baseline":
		return baselineColor
	}
	return localColor(k)
}

// Canvas draws the figure on a new canvas of 1100x560 pixels.
func (f ToyFigure) Canvas() (*vgimg.Canvas, error) {
	box := f.Box
	if box == (Box{}) {
		box = BoundingBox(f.Real, 0.25)
	}
	left, err := f.panel("local pairs over the mean "+f.levelName("D_i"), box, f.Local,
		f.LocalLevels, localColor)
	if err != nil {
		return nil, err
	}
	right, err := f.panel("global pair over "+f.levelName("D0"), box, f.Global, f.GlobalLevels,
		func(k int) color.Color { return globalColor(f.Global[k].Name, k) })
	if err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(toyWidth, toyHeight), vgimg.UseDPI(dpi),
		vgimg.UseBackgroundColor(color.White))
	dc := draw.New(c)
	title := vg.Points(22)
	drawTitle(dc, f.Title, title)
	body := draw.Crop(dc, 0, 0, 0, -title)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(12), PadTop: vg.Points(4),
		PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	canvases := plot.Align([][]*plot.Plot{{left, right}}, tiles, body)
	left.Draw(canvases[0][0])
	right.Draw(canvases[0][1])
	return c, nil
}

// drawTitle writes text centred along the top height of dc.
func drawTitle(dc draw.Canvas, text string, height vg.Length) {
	sty := plot.New().Title.TextStyle
	sty.Font.Size = vg.Points(14)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - height/2}, text)
}

// panel is one side of the figure: levels, real points, then each
// generator's points, with a legend.
func (f ToyFigure) panel(title string, box Box, sets []Points, levels *Grid,
	colorOf func(int) color.Color) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	if levels != nil && levels.finite() {
		lo, hi := f.shadeRange(levels)
		p.Title.Text += fmt.Sprintf("\nshading and contours: white %.3g, blue %.3g", lo, hi)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = box.XMin, box.XMax, box.YMin, box.YMax
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	if levels != nil && levels.finite() {
		heat, contour := f.levelPlotters(levels)
		p.Add(heat, contour)
	}
	real, err := scatter(f.Real, realColor, realSize)
	if err != nil {
		return nil, err
	}
	p.Add(real)
	p.Legend.Add("real", newLegendGlyph(realColor))
	for k, s := range sets {
		sc, err := scatter(s.XY, colorOf(k), pointSize)
		if err != nil {
			return nil, fmt.Errorf("report: points of %s: %w", s.Name, err)
		}
		p.Add(sc)
		p.Legend.Add(s.Name, newLegendGlyph(colorOf(k)))
	}
	// The axes are fixed to box: plotters must not widen them.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = box.XMin, box.XMax, box.YMin, box.YMax
	return p, nil
}

// levelPlotters shade the levels from white (low) to blue (high) and draw
// contour lines at nine levels between the shading's ends.
func (f ToyFigure) levelPlotters(g *Grid) (*plotter.HeatMap, *plotter.Contour) {
	lo, hi := f.shadeRange(g)
	heat := plotter.NewHeatMap(g, shades(32))
	heat.Min, heat.Max = lo, hi
	heat.Rasterized = true
	var levels []float64
	for k := 1; k <= 9; k++ {
		levels = append(levels, lo+float64(k)*(hi-lo)/10)
	}
	contour := plotter.NewContour(g, levels, nil)
	contour.LineStyles = []draw.LineStyle{{Color: levelLine, Width: vg.Points(0.6)}}
	return heat, contour
}

// shadeRange is the values shaded white and full blue: 0 and 1 for
// probabilities, the grid's range for critic values.
func (f ToyFigure) shadeRange(g *Grid) (lo, hi float64) {
	lo, hi = g.Range()
	if f.Probabilities {
		lo, hi = 0, 1
	}
	if hi <= lo {
		hi = lo + 1
	}
	return lo, hi
}

// levelName is LevelName for the discriminator named d: "σ(D(x))" becomes
// "σ(D_i(x))" for d "D_i".
func (f ToyFigure) levelName(d string) string {
	if f.LevelName == "" {
		return "levels of " + d
	}
	return strings.ReplaceAll(f.LevelName, "D(", d+"(")
}

// shadePalette is n shades from white to a pale blue.
type shadePalette []color.Color

func (s shadePalette) Colors() []color.Color { return s }

func shades(n int) palette.Palette {
	s := make(shadePalette, n)
	for i := range s {
		t := float64(i) / float64(n-1)
		s[i] = color.NRGBA{uint8(math.Round(255 - 120*t)), uint8(math.Round(255 - 80*t)),
			255, 255}
	}
	return s
}

// scatter draws xy as dots of radius size points; non-finite points are
// left out.
func scatter(xy []float32, c color.Color, size float64) (*plotter.Scatter, error) {
	pts := make(plotter.XYs, 0, len(xy)/2)
	for i := 0; i+1 < len(xy); i += 2 {
		x, y := float64(xy[i]), float64(xy[i+1])
		if math.IsNaN(x+y) || math.IsInf(x+y, 0) {
			continue
		}
		pts = append(pts, plotter.XY{X: x, Y: y})
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(size), Shape: draw.CircleGlyph{}}
	return s, nil
}

// legendGlyph is a large dot of colour c for a legend entry.
type legendGlyph color.NRGBA

func (l legendGlyph) Thumbnail(c *draw.Canvas) {
	center := vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.NRGBA(l), Radius: vg.Points(legendSize),
		Shape: draw.CircleGlyph{}}, center)
}

func newLegendGlyph(c color.Color) legendGlyph {
	return legendGlyph(color.NRGBAModel.Convert(c).(color.NRGBA))
}
