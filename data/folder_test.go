package data

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"path/filepath"
	"testing"

	"golang.org/x/image/draw"
)

// encodeJPEG encodes img as a JPEG of quality 90.
func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encodeImage encodes img as PNG or JPEG (quality 100).
func encodeImage(t *testing.T, img image.Image, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	var err error
	if format == "png" {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 100})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uniform is a w x h image of one colour.
func uniform(w, h int, c color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), &image.Uniform{c}, image.Point{}, draw.Src)
	return img
}

func TestLoadImageFolderResizeAndCrop(t *testing.T) {
	dir := t.TempDir()
	// A wide image: a red square in the middle, blue bands left and right
	// that the centre crop must cut away.
	wide := uniform(300, 100, color.RGBA{0, 0, 255, 255})
	draw.Draw(wide, image.Rect(100, 0, 200, 100), &image.Uniform{color.RGBA{255, 0, 0, 255}},
		image.Point{}, draw.Src)
	writeFile(t, dir, "a.png", encodeImage(t, wide, "png"))
	// A tall green JPEG.
	writeFile(t, dir, "b.JPG", encodeImage(t, uniform(40, 90, color.RGBA{0, 200, 0, 255}), "jpeg"))
	writeFile(t, dir, "notes.txt", []byte("not an image"))

	m, err := LoadImageFolder(dir, FolderOptions{Size: 16})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Shape(); m.Len() != 2 || got[0] != 3 || got[1] != 16 || got[2] != 16 {
		t.Fatalf("got %d images of %v, want 2 of [3 16 16]", m.Len(), got)
	}
	if m.Labels() != nil {
		t.Errorf("labels %v, want none for images at the top level", m.Labels())
	}
	tests := []struct {
		name    string
		i       int
		r, g, b float64
		tol     float64
	}{
		{"centre crop keeps only red", 0, 255, 0, 0, 0},
		{"tall green JPEG", 1, 0, 200, 0, 3}, // JPEG's colour conversion rounds
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, g, b := planeMeans(m, tt.i)
			if math.Abs(r-tt.r) > tt.tol || math.Abs(g-tt.g) > tt.tol ||
				math.Abs(b-tt.b) > tt.tol {
				t.Errorf("mean colour (%.1f, %.1f, %.1f), want (%g, %g, %g) within %g",
					r, g, b, tt.r, tt.g, tt.b, tt.tol)
			}
		})
	}
}

// planeMeans is the mean byte of each plane of image i.
func planeMeans(m *Images, i int) (float64, float64, float64) {
	size := exampleSize(m.Shape())
	plane := size / 3
	var s [3]float64
	for j, v := range m.Pix()[i*size : (i+1)*size] {
		s[j/plane] += float64(v)
	}
	return s[0] / float64(plane), s[1] / float64(plane), s[2] / float64(plane)
}

// TestLoadImageFolderAntialias shrinks by 8 an image with one white column
// in eight: an antialiasing resizer gives a grey of 255/8 everywhere, one
// that samples a few pixels (ApproxBiLinear) lands between the white columns
// and gives black.
func TestLoadImageFolderAntialias(t *testing.T) {
	const n, factor = 256, 8
	stripes := image.NewGray(image.Rect(0, 0, n, n))
	for y := 0; y < n; y++ {
		for x := 0; x < n; x += factor {
			stripes.Pix[y*n+x] = 255
		}
	}
	dir := t.TempDir()
	writeFile(t, dir, "stripes.png", encodeImage(t, stripes, "png"))
	m, err := LoadImageFolder(dir, FolderOptions{Size: n / factor, Gray: true})
	if err != nil {
		t.Fatal(err)
	}
	// The first and last columns see a kernel cut by the border.
	const want, tol, side = 255.0 / factor, 2, n / factor
	for j, v := range m.Pix() {
		if x := j % side; x > 0 && x < side-1 && math.Abs(float64(v)-want) > tol {
			t.Fatalf("pixel %d = %d, want %.1f within %d (aliasing)", j, v, want, tol)
		}
	}
	// The check can fail: ApproxBiLinear does not average.
	aliased := image.NewGray(image.Rect(0, 0, n/factor, n/factor))
	draw.ApproxBiLinear.Scale(aliased, aliased.Bounds(), stripes, stripes.Bounds(),
		draw.Src, nil)
	if v := float64(aliased.Pix[0]); math.Abs(v-want) <= tol {
		t.Errorf("ApproxBiLinear gave %g too: the test cannot tell the resizers apart", v)
	}
}

func TestLoadImageFolderClassesAndLimit(t *testing.T) {
	dir := t.TempDir()
	colours := map[string]color.RGBA{"cats": {255, 0, 0, 255}, "dogs": {0, 0, 255, 255}}
	for _, name := range []string{"dogs/1.png", "cats/2.png", "cats/1.png", "dogs/x/3.png"} {
		c := colours[filepath.Dir(name)]
		if c.A == 0 {
			c = colours["dogs"]
		}
		writeFile(t, dir, name, encodeImage(t, uniform(8, 8, c), "png"))
	}
	m, err := LoadImageFolder(dir, FolderOptions{Size: 4, Gray: true})
	if err != nil {
		t.Fatal(err)
	}
	wantLabels := []int{0, 0, 1, 1} // cats/1, cats/2, dogs/1, dogs/x/3
	for i, l := range m.Labels() {
		if l != wantLabels[i] {
			t.Errorf("labels %v, want %v", m.Labels(), wantLabels)
			break
		}
	}
	if c := m.Classes(); len(c) != 2 || c[0] != "cats" || c[1] != "dogs" {
		t.Errorf("classes %v, want [cats dogs]", c)
	}
	// Luma of pure red by BT.601: 0.299 * 255.
	if got, want := float64(m.Pix()[0]), 0.299*255; math.Abs(got-want) > 1 {
		t.Errorf("grey of red %g, want %.1f", got, want)
	}
	lim, err := LoadImageFolder(dir, FolderOptions{Size: 4, Limit: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if lim.Len() != 3 || lim.Shape()[0] != 3 {
		t.Errorf("Limit 3 gave %d images of %v, want 3 RGB", lim.Len(), lim.Shape())
	}
}

func TestLoadImageFolderErrors(t *testing.T) {
	root := t.TempDir()
	bad := t.TempDir()
	writeFile(t, bad, "good.png", encodeImage(t, uniform(4, 4, color.RGBA{A: 255}), "png"))
	writeFile(t, bad, "zbroken.png", []byte("\x89PNG\r\n\x1a\nnot really"))
	cut := t.TempDir()
	noise := image.NewGray(image.Rect(0, 0, 128, 128))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(i * 7919 % 251)
	}
	j := encodeImage(t, noise, "jpeg")
	writeFile(t, cut, "cut.jpg", j[:len(j)/2])
	tests := []struct {
		name   string
		dir    string
		opts   FolderOptions
		target error
		want   []string
	}{
		{"missing", filepath.Join(root, "none"), FolderOptions{}, ErrNotFound,
			[]string{"none", "no such folder"}},
		{"empty", t.TempDir(), FolderOptions{}, ErrNotFound, []string{"no .jpg, .jpeg or .png"}},
		{"a file", writeFile(t, root, "f.png", []byte("x")), FolderOptions{}, nil,
			[]string{"f.png", "is a file"}},
		{"unreadable image", bad, FolderOptions{}, ErrFormat,
			[]string{"zbroken.png", "not a readable JPEG or PNG"}},
		{"truncated JPEG", cut, FolderOptions{}, ErrFormat,
			[]string{"cut.jpg", "cannot decode jpeg"}},
		{"negative size", bad, FolderOptions{Size: -1}, nil, []string{"size -1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadImageFolder(tt.dir, tt.opts)
			wantErr(t, err, tt.target, tt.want...)
		})
	}
}
