package report

import "math"

// Box is a rectangle of the plane, the region a toy picture shows.
type Box struct {
	XMin, XMax, YMin, YMax float64
}

// BoundingBox is the smallest square around the points xy (x, y pairs),
// centred on them and widened by margin times its side on every side. With
// no finite point it is the square [-1, 1]^2; a single point gets a side of
// 1.
func BoundingBox(xy []float32, margin float64) Box {
	b := Box{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for i := 0; i+1 < len(xy); i += 2 {
		x, y := float64(xy[i]), float64(xy[i+1])
		if math.IsNaN(x+y) || math.IsInf(x+y, 0) {
			continue
		}
		b.XMin, b.XMax = math.Min(b.XMin, x), math.Max(b.XMax, x)
		b.YMin, b.YMax = math.Min(b.YMin, y), math.Max(b.YMax, y)
	}
	if b.XMin > b.XMax {
		return Box{-1, 1, -1, 1}
	}
	cx, cy := (b.XMin+b.XMax)/2, (b.YMin+b.YMax)/2
	side := math.Max(b.XMax-b.XMin, b.YMax-b.YMin)
	if side == 0 {
		side = 1
	}
	half := side * (0.5 + margin)
	return Box{cx - half, cx + half, cy - half, cy + half}
}

// Union is the smallest box holding b and o.
func (b Box) Union(o Box) Box {
	return Box{math.Min(b.XMin, o.XMin), math.Max(b.XMax, o.XMax),
		math.Min(b.YMin, o.YMin), math.Max(b.YMax, o.YMax)}
}

// Intersect is the part of b inside o; b itself when they do not overlap.
func (b Box) Intersect(o Box) Box {
	r := Box{math.Max(b.XMin, o.XMin), math.Min(b.XMax, o.XMax),
		math.Max(b.YMin, o.YMin), math.Min(b.YMax, o.YMax)}
	if r.XMin >= r.XMax || r.YMin >= r.YMax {
		return b
	}
	return r
}

// Grid is a function of the plane sampled at the centres of the Cols x Rows
// cells of a Box. It is a gonum plotter.GridXYZ, for heat maps and
// contours.
type Grid struct {
	Box        Box
	Cols, Rows int
	// Values holds the value at the centre of the cell in column c and row
	// r (rows go up the y axis) at Values[r*Cols+c].
	Values []float64
}

// NewGrid is a grid of cols x rows cells over box with every value 0.
func NewGrid(box Box, cols, rows int) *Grid {
	return &Grid{Box: box, Cols: cols, Rows: rows, Values: make([]float64, cols*rows)}
}

// EvalGrid is f sampled on a cols x rows grid over box.
func EvalGrid(box Box, cols, rows int, f func(x, y float64) float64) *Grid {
	g := NewGrid(box, cols, rows)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			g.Values[r*cols+c] = f(g.X(c), g.Y(r))
		}
	}
	return g
}

// Dims is the number of columns and rows.
func (g *Grid) Dims() (c, r int) { return g.Cols, g.Rows }

// Z is the value of column c, row r.
func (g *Grid) Z(c, r int) float64 { return g.Values[r*g.Cols+c] }

// X is the x coordinate of column c's centres.
func (g *Grid) X(c int) float64 {
	return g.Box.XMin + (float64(c)+0.5)*(g.Box.XMax-g.Box.XMin)/float64(g.Cols)
}

// Y is the y coordinate of row r's centres.
func (g *Grid) Y(r int) float64 {
	return g.Box.YMin + (float64(r)+0.5)*(g.Box.YMax-g.Box.YMin)/float64(g.Rows)
}

// Points are the cell centres as (x, y) pairs in the order of Values: the
// batch (Cols*Rows, 2) to evaluate a 2-D discriminator on.
func (g *Grid) Points() []float32 {
	xy := make([]float32, 0, 2*g.Cols*g.Rows)
	for r := 0; r < g.Rows; r++ {
		for c := 0; c < g.Cols; c++ {
			xy = append(xy, float32(g.X(c)), float32(g.Y(r)))
		}
	}
	return xy
}

// Range is the smallest and largest finite value; (NaN, NaN) when there is
// none.
func (g *Grid) Range() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range g.Values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}

// finite reports whether every value is a finite number.
func (g *Grid) finite() bool {
	for _, v := range g.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
