package classify

import (
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/data"
)

func TestEvaluateErrors(t *testing.T) {
	m, err := NewModel([3]int64{1, 8, 8}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := data.NewImages(make([]uint8, 2*3*8*8), [3]int{3, 8, 8},
		[]int{0, 1}, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	unlabelled, err := data.NewImages(make([]uint8, 64), [3]int{1, 8, 8}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		set  *data.Images
		want string
	}{
		{"wrong shape", wrong, "shape"},
		{"unlabelled", unlabelled, "unlabelled"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Evaluate(m, tc.set)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Evaluate error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestArgmax(t *testing.T) {
	cases := []struct {
		v    []float32
		want int
	}{
		{[]float32{0.1, 0.7, 0.2}, 1},
		{[]float32{0.5, 0.5}, 0},
		{[]float32{-3, -1, -2}, 1},
	}
	for _, tc := range cases {
		if got := argmax(tc.v); got != tc.want {
			t.Errorf("argmax(%v) = %d, want %d", tc.v, got, tc.want)
		}
	}
}
