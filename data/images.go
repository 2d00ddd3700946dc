package data

import (
	"fmt"
	"image"
	"math/rand/v2"
)

// Images is a finite set of images held in memory as bytes, image after
// image in (C, H, W) order, with optional labels. Fill yields values in
// [-1, 1]: byte v becomes v/127.5 - 1.
type Images struct {
	pix     []uint8
	c, h, w int
	labels  []int
	classes []string
}

// byteToUnit maps a pixel byte to [-1, 1].
var byteToUnit = func() (t [256]float32) {
	for v := range t {
		t[v] = float32(v)/127.5 - 1
	}
	return t
}()

// NewImages wraps pix, which holds whole images of shape (C, H, W) =
// shape, C = 1 or 3. labels is nil (unlabelled) or holds one label per image
// in [0, len(classes)). NewImages keeps the slices without copying them.
func NewImages(pix []uint8, shape [3]int, labels []int, classes []string) (*Images, error) {
	c, h, w := shape[0], shape[1], shape[2]
	if (c != 1 && c != 3) || h < 1 || w < 1 {
		return nil, fmt.Errorf("data: images of shape %v: want (1 or 3, H, W)", shape)
	}
	size := c * h * w
	if len(pix) == 0 || len(pix)%size != 0 {
		return nil, fmt.Errorf("data: %d bytes are not whole images of %v", len(pix), shape)
	}
	n := len(pix) / size
	if labels != nil {
		if err := checkLabels(labels, n, len(classes)); err != nil {
			return nil, err
		}
	}
	return &Images{pix: pix, c: c, h: h, w: w, labels: labels, classes: classes}, nil
}

// checkLabels checks that there are n labels in [0, k).
func checkLabels(labels []int, n, k int) error {
	if len(labels) != n {
		return fmt.Errorf("data: %d labels for %d examples", len(labels), n)
	}
	for i, l := range labels {
		if l < 0 || l >= k {
			return fmt.Errorf("data: label %d of example %d is outside [0, %d)", l, i, k)
		}
	}
	return nil
}

// Shape is (C, H, W).
func (m *Images) Shape() []int64 { return []int64{int64(m.c), int64(m.h), int64(m.w)} }

// Len is the number of images.
func (m *Images) Len() int { return len(m.pix) / (m.c * m.h * m.w) }

// Classes names the classes of the labels; nil when unlabelled.
func (m *Images) Classes() []string { return m.classes }

// Labels is the label of every image, nil when unlabelled. Do not modify it.
func (m *Images) Labels() []int { return m.labels }

// Pix is the bytes of every image, (N, C, H, W). Do not modify it.
func (m *Images) Pix() []uint8 { return m.pix }

// Fill writes the images at idx, in [-1, 1], and their labels (-1 when
// unlabelled). rng is unused.
func (m *Images) Fill(dst []float32, labels []int, idx []int, _ *rand.Rand) {
	checkFill(m, dst, labels, idx)
	size := m.c * m.h * m.w
	for k, i := range idx {
		src := m.pix[i*size : (i+1)*size]
		out := dst[k*size : (k+1)*size]
		for j, v := range src {
			out[j] = byteToUnit[v]
		}
		if labels != nil {
			labels[k] = m.label(i)
		}
	}
}

func (m *Images) label(i int) int {
	if m.labels == nil {
		return -1
	}
	return m.labels[i]
}

// Slice is images i to j-1, sharing memory with m.
func (m *Images) Slice(i, j int) *Images {
	if i < 0 || j > m.Len() || i >= j {
		panic(fmt.Sprintf("data: Images.Slice(%d, %d) of %d images", i, j, m.Len()))
	}
	size := m.c * m.h * m.w
	s := *m
	s.pix = m.pix[i*size : j*size]
	if m.labels != nil {
		s.labels = m.labels[i:j]
	}
	return &s
}

// Image is image i as an *image.Gray (C = 1) or *image.RGBA (C = 3), for
// pictures of the real data.
func (m *Images) Image(i int) image.Image {
	size := m.c * m.h * m.w
	src := m.pix[i*size : (i+1)*size]
	r := image.Rect(0, 0, m.w, m.h)
	if m.c == 1 {
		g := image.NewGray(r)
		copy(g.Pix, src)
		return g
	}
	img := image.NewRGBA(r)
	plane := m.h * m.w
	for p := 0; p < plane; p++ {
		img.Pix[4*p] = src[p]
		img.Pix[4*p+1] = src[plane+p]
		img.Pix[4*p+2] = src[2*plane+p]
		img.Pix[4*p+3] = 255
	}
	return img
}
