package classify

import (
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
)

func TestNewModelShapes(t *testing.T) {
	two := []string{"a", "b"}
	cases := []struct {
		name    string
		shape   [3]int64
		classes []string
		ok      bool
	}{
		{"mnist", [3]int64{1, 28, 28}, two, true},
		{"cifar", [3]int64{3, 32, 32}, two, true},
		{"not multiple of 4", [3]int64{1, 30, 30}, two, false},
		{"no channels", [3]int64{0, 8, 8}, two, false},
		{"one class", [3]int64{1, 8, 8}, []string{"a"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewModel(tc.shape, tc.classes)
			if got := err == nil; got != tc.ok {
				t.Fatalf("NewModel(%v, %d classes) error %v, want ok %v",
					tc.shape, len(tc.classes), err, tc.ok)
			}
		})
	}
}

func TestForwardShape(t *testing.T) {
	m, err := NewModel([3]int64{3, 12, 8}, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	x := torchx.FromFloat32(make([]float32, 5*3*12*8), 5, 3, 12, 8)
	got := m.Forward(x).Shape()
	if len(got) != 2 || got[0] != 5 || got[1] != 3 {
		t.Errorf("Forward shape %v, want [5 3]", got)
	}
	// 4 layers, each a weight and a bias.
	if n := len(m.Parameters()); n != 8 {
		t.Errorf("%d parameters, want 8", n)
	}
}

func TestArchitectures(t *testing.T) {
	ten := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	cases := []struct {
		name   string
		arch   string
		shape  [3]int64
		params int // tensors of Parameters
		bufs   int // tensors of Buffers
		ok     bool
	}{
		{"digits", ArchCNN2, [3]int64{1, 28, 28}, 8, 0, true},
		{"colour", ArchCNN3BN, [3]int64{3, 32, 32}, 16, 6, true},
		{"cnn3-bn on 28 px", ArchCNN3BN, [3]int64{1, 28, 28}, 0, 0, false},
		{"unknown", "resnet", [3]int64{3, 32, 32}, 0, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := NewModelArch(tc.arch, tc.shape, ten)
			if (err == nil) != tc.ok {
				t.Fatalf("NewModelArch(%q, %v) error %v, want ok %v", tc.arch, tc.shape,
					err, tc.ok)
			}
			if !tc.ok {
				return
			}
			if p, b := len(m.Parameters()), len(m.Buffers()); p != tc.params || b != tc.bufs {
				t.Errorf("%d parameters and %d buffers, want %d and %d", p, b,
					tc.params, tc.bufs)
			}
			x := torchx.FromFloat32(make([]float32, 2*tc.shape[0]*tc.shape[1]*tc.shape[2]),
				2, tc.shape[0], tc.shape[1], tc.shape[2])
			if got := m.Forward(x).Shape(); got[0] != 2 || got[1] != 10 {
				t.Errorf("Forward shape %v, want [2 10]", got)
			}
		})
	}
	if a := DefaultArch([3]int64{3, 32, 32}); a != ArchCNN3BN {
		t.Errorf("DefaultArch(3x32x32) = %q, want %q", a, ArchCNN3BN)
	}
	if a := DefaultArch([3]int64{1, 28, 28}); a != ArchCNN2 {
		t.Errorf("DefaultArch(1x28x28) = %q, want %q", a, ArchCNN2)
	}
}
