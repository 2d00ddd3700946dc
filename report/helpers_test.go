package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// decodePNG reads the PNG at path and checks its size.
func decodePNG(t *testing.T, path string, width, height int) image.Image {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); width > 0 && (b.Dx() != width || b.Dy() != height) {
		t.Fatalf("%s is %dx%d, want %dx%d", path, b.Dx(), b.Dy(), width, height)
	}
	return img
}

// assertNotBlank fails unless img has at least minColors distinct colours
// and no colour covers more than 99% of it.
func assertNotBlank(t *testing.T, img image.Image, minColors int) {
	t.Helper()
	count := map[color.RGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			count[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	most := 0
	for _, n := range count {
		most = max(most, n)
	}
	if len(count) < minColors || float64(most) > 0.99*float64(b.Dx()*b.Dy()) {
		t.Fatalf("picture looks blank: %d colours (want %d or more), the commonest "+
			"covers %d of %d pixels", len(count), minColors, most, b.Dx()*b.Dy())
	}
}

// countNear counts the pixels of the region r within tol of c in every
// channel.
func countNear(img image.Image, r image.Rectangle, c color.NRGBA, tol int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			p := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if abs(int(p.R)-int(c.R)) <= tol && abs(int(p.G)-int(c.G)) <= tol &&
				abs(int(p.B)-int(c.B)) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// ring is n points around each of modes modes on a circle of radius 2,
// with standard deviation 0.05; offset turns the modes.
func ring(n, modes int, offset float64, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	xy := make([]float32, 0, 2*n)
	for i := 0; i < n; i++ {
		a := 2*math.Pi*float64(rng.IntN(modes))/float64(modes) + offset
		xy = append(xy, float32(2*math.Cos(a)+0.05*rng.NormFloat64()),
			float32(2*math.Sin(a)+0.05*rng.NormFloat64()))
	}
	return xy
}

func nrgba(c any) color.NRGBA {
	return color.NRGBAModel.Convert(c.(color.Color)).(color.NRGBA)
}
