package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

// TestToyPictureColours: in a toy samples picture the local generator G_i
// has the i-th colour of the palette, as in plots/ and the curves, whether
// or not G0 comes first.
func TestToyPictureColours(t *testing.T) {
	cfg := train.Config{G: nn.Spec{Arch: nn.MLP, Role: nn.Generator, NZ: 4, Hidden: 8}}
	var gens []nn.Network
	for range 4 {
		g, err := nn.New(cfg.G)
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, g)
	}
	r := &runDir{dir: t.TempDir()}
	if err := os.MkdirAll(filepath.Join(r.dir, "samples"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := r.drawToy(7, []string{"G0", "G1", "G2", "baseline"}, gens, cfg); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(r.dir, "samples", "00000007-toy.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	count := map[[3]uint32]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Min.X+panelPixels; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			count[[3]uint32{r >> 8, g >> 8, bl >> 8}]++
		}
	}
	key := func(k int) [3]uint32 {
		c := palette(k)
		return [3]uint32{uint32(c.R), uint32(c.G), uint32(c.B)}
	}
	if count[key(0)] == 0 || count[key(1)] == 0 || count[key(2)] != 0 {
		t.Fatalf("left panel: %d pixels of colour 0 (G1), %d of colour 1 (G2), %d of colour 2; "+
			"want G1 and G2 in the first two colours only", count[key(0)], count[key(1)],
			count[key(2)])
	}
}
