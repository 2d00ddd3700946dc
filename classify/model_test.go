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
