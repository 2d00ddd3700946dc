package data

import (
	"image"
	"slices"
	"testing"
)

func TestImagesFill(t *testing.T) {
	m, err := NewImages([]uint8{0, 255, 128, 64, 10, 20, 30, 40}, [3]int{1, 2, 2},
		[]int{0, 1}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]float32, 8)
	labels := make([]int, 2)
	m.Fill(dst, labels, []int{1, 0}, nil)
	want := []float32{10/127.5 - 1, 20/127.5 - 1, 30/127.5 - 1, 40/127.5 - 1,
		-1, 1, 128/127.5 - 1, 64/127.5 - 1}
	for i := range want {
		if d := dst[i] - want[i]; d > 1e-6 || d < -1e-6 {
			t.Errorf("value %d = %g, want %g", i, dst[i], want[i])
		}
	}
	if !slices.Equal(labels, []int{1, 0}) {
		t.Errorf("labels %v, want [1 0]", labels)
	}
}

func TestNewImagesErrors(t *testing.T) {
	tests := []struct {
		name    string
		pix     []uint8
		shape   [3]int
		labels  []int
		classes []string
		want    string
	}{
		{"two channels", make([]uint8, 8), [3]int{2, 2, 2}, nil, nil, "want (1 or 3, H, W)"},
		{"partial image", make([]uint8, 5), [3]int{1, 2, 2}, nil, nil, "not whole images"},
		{"no images", nil, [3]int{1, 2, 2}, nil, nil, "not whole images"},
		{"label count", make([]uint8, 8), [3]int{1, 2, 2}, []int{0}, []string{"a"},
			"1 labels for 2 examples"},
		{"label range", make([]uint8, 8), [3]int{1, 2, 2}, []int{0, 2}, []string{"a", "b"},
			"label 2 of example 1 is outside [0, 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewImages(tt.pix, tt.shape, tt.labels, tt.classes)
			wantErr(t, err, nil, tt.want)
		})
	}
}

func TestImagesSliceAndImage(t *testing.T) {
	pix := make([]uint8, 3*3*2*1)
	for i := range pix {
		pix[i] = uint8(i)
	}
	m, err := NewImages(pix, [3]int{3, 2, 1}, []int{0, 1, 0}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	s := m.Slice(1, 3)
	if s.Len() != 2 || s.Pix()[0] != 6 || !slices.Equal(s.Labels(), []int{1, 0}) {
		t.Errorf("Slice(1, 3): %d images from byte %d, labels %v; want 2 from 6, [1 0]",
			s.Len(), s.Pix()[0], s.Labels())
	}
	// Image 1 has planes R = {6, 7}, G = {8, 9}, B = {10, 11}; pixel (0, 1)
	// is the second of each.
	img := m.Image(1).(*image.RGBA)
	if c := img.RGBAAt(0, 1); c.R != 7 || c.G != 9 || c.B != 11 || c.A != 255 {
		t.Errorf("pixel (0, 1) = %v, want {7 9 11 255}", c)
	}
	g, _ := NewImages([]uint8{5, 6}, [3]int{1, 1, 2}, nil, nil)
	if v := g.Image(0).(*image.Gray).GrayAt(1, 0).Y; v != 6 {
		t.Errorf("grey pixel (1, 0) = %d, want 6", v)
	}
}
