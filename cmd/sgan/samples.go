package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

const (
	toyPoints   = 1000 // points of each generator in a toy picture
	gridSide    = 8    // images per side of an image grid
	panelPixels = 400
)

// fixedNoise is the noise every picture of a run is drawn from, so that
// pictures at different iterations compare.
func fixedNoise(n, nz int) torch.Tensor {
	return torchx.NewGenerator(20180618).RandN(int64(n), int64(nz))
}

// drawSamples writes the pictures of the current iteration into samples/:
// for 2-D data one picture of every generator's points over the real data
// (local generators left, G0 and the baseline right, as the paper's Figures
// 3 and 4); for images an 8x8 grid of each generator; for text 64
// sequences of each generator, NNNNNNNN-NAME.txt.
func (r *runDir) drawSamples(tr *train.Trainer) error {
	if txt, ok := r.src.(*data.Text); ok {
		return r.writeTextSamples(tr, txt.Vocab())
	}
	names, gens := tr.Generators()
	cfg := tr.Config()
	if cfg.G.Arch == nn.MLP && cfg.G.DataDim == 2 {
		return r.drawToy(tr.Iteration(), names, gens, cfg)
	}
	z := fixedNoise(gridSide*gridSide, cfg.G.NZ)
	for i, g := range gens {
		values, shape, err := train.Sample(g, z)
		if err != nil {
			return fmt.Errorf("sample %s: %w", names[i], err)
		}
		img := imageGrid(values, shape)
		name := fmt.Sprintf("%08d-%s.png", tr.Iteration(), names[i])
		path := filepath.Join(r.dir, "samples", name)
		if err := writePNG(path, img); err != nil {
			return err
		}
	}
	return nil
}

func (r *runDir) drawToy(it int, names []string, gens []nn.Network, cfg train.Config) error {
	real, points, err := r.toySamples(names, gens, cfg)
	if err != nil {
		return err
	}
	lo, hi := bounds(real)
	left := newPanel(lo, hi)
	right := newPanel(lo, hi)
	left.points(real, color.RGBA{200, 200, 200, 255})
	right.points(real, color.RGBA{200, 200, 200, 255})
	local := 0 // G_i has the i-th colour, as in plots/ and the curves
	for _, name := range names {
		switch name {
		case "G0":
			right.points(points[name], color.RGBA{220, 30, 30, 255})
		case "baseline":
			right.points(points[name], color.RGBA{30, 30, 220, 255})
		default:
			left.points(points[name], palette(local))
			local++
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, 2*panelPixels+10, panelPixels))
	fill(img, color.RGBA{255, 255, 255, 255})
	paste(img, left.img, 0)
	paste(img, right.img, panelPixels+10)
	return writePNG(filepath.Join(r.dir, "samples", fmt.Sprintf("%08d-toy.png", it)), img)
}

// toySamples are the real points of a toy picture (none without a data
// set) and every generator's points by name, from the fixed noise.
func (r *runDir) toySamples(names []string, gens []nn.Network, cfg train.Config) (
	real []float32, points map[string][]float32, err error) {
	if r.src != nil {
		real = make([]float32, 2*toyPoints)
		r.src.Fill(real, nil, make([]int, toyPoints), rand.New(rand.NewPCG(1, 2)))
	}
	z := fixedNoise(toyPoints, cfg.G.NZ)
	points = map[string][]float32{}
	for i, g := range gens {
		values, _, err := train.Sample(g, z)
		if err != nil {
			return nil, nil, fmt.Errorf("sample %s: %w", names[i], err)
		}
		points[names[i]] = values
	}
	return real, points, nil
}

// bounds is a square around the real points with a margin.
func bounds(pts []float32) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range pts {
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
	}
	if math.IsInf(lo, 0) || hi <= lo {
		return -3, 3
	}
	m := 0.25 * (hi - lo)
	return lo - m, hi + m
}

type panel struct {
	img    *image.RGBA
	lo, hi float64
}

func newPanel(lo, hi float64) *panel {
	p := &panel{img: image.NewRGBA(image.Rect(0, 0, panelPixels, panelPixels)), lo: lo, hi: hi}
	fill(p.img, color.RGBA{255, 255, 255, 255})
	return p
}

// points plots (x, y) pairs as 3x3 dots; points outside the panel are
// drawn on its border.
func (p *panel) points(pts []float32, c color.RGBA) {
	scale := float64(panelPixels-1) / (p.hi - p.lo)
	for i := 0; i+1 < len(pts); i += 2 {
		x := clampInt(int((float64(pts[i])-p.lo)*scale), 1, panelPixels-2)
		y := clampInt(panelPixels-1-int((float64(pts[i+1])-p.lo)*scale), 1, panelPixels-2)
		for dx := -1; dx <= 1; dx++ {
			for dy := -1; dy <= 1; dy++ {
				p.img.SetRGBA(x+dx, y+dy, c)
			}
		}
	}
}

func clampInt(v, lo, hi int) int {
	if v < lo || v != v {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// palette is the k-th local generator's colour: the colours of the plots
// (report), Tableau's ten without the red that G0 has.
func palette(k int) color.RGBA {
	colors := []color.RGBA{{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255},
		{148, 103, 189, 255}, {140, 86, 75, 255}, {227, 119, 194, 255}, {127, 127, 127, 255},
		{188, 189, 34, 255}, {23, 190, 207, 255}}
	return colors[k%len(colors)]
}

// imageGrid tiles the first 64 images of values, shaped (N, C, H, W) in
// [-1, 1], into an 8x8 grid with 2-pixel gaps.
func imageGrid(values []float32, shape []int64) image.Image {
	n, c, h, w := int(shape[0]), int(shape[1]), int(shape[2]), int(shape[3])
	const gap = 2
	img := image.NewRGBA(image.Rect(0, 0, gridSide*(w+gap)+gap, gridSide*(h+gap)+gap))
	fill(img, color.RGBA{40, 40, 40, 255})
	for k := 0; k < n && k < gridSide*gridSide; k++ {
		ox, oy := gap+(k%gridSide)*(w+gap), gap+(k/gridSide)*(h+gap)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var rgb [3]uint8
				for ch := 0; ch < 3; ch++ {
					src := ch
					if c == 1 {
						src = 0
					}
					v := values[((k*c+src)*h+y)*w+x]
					rgb[ch] = uint8(math.Max(0, math.Min(255, (float64(v)+1)*127.5+0.5)))
				}
				img.SetRGBA(ox+x, oy+y, color.RGBA{rgb[0], rgb[1], rgb[2], 255})
			}
		}
	}
	return img
}

func fill(img *image.RGBA, c color.RGBA) {
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
}

func paste(dst, src *image.RGBA, x0 int) {
	b := src.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			dst.SetRGBA(x0+x, y, src.RGBAAt(x, y))
		}
	}
}

// writePNG writes img to path through a temporary file.
func writePNG(path string, img image.Image) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write picture: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write picture %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write picture %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}
