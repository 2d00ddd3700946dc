package data

import (
	"slices"
	"testing"
)

func TestFloats(t *testing.T) {
	f, err := NewFloats([]float32{1, 2, 3, 4, 5, 6}, []int64{3}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]float32, 3)
	labels := []int{9}
	f.Fill(dst, labels, []int{1}, nil)
	if !slices.Equal(dst, []float32{4, 5, 6}) || labels[0] != -1 {
		t.Errorf("Fill gave %v, label %d; want [4 5 6], -1", dst, labels[0])
	}
	for _, shape := range [][]int64{nil, {0}, {4}} {
		if _, err := NewFloats([]float32{1, 2, 3, 4, 5, 6}, shape, nil, nil); err == nil {
			t.Errorf("shape %v accepted for 6 values", shape)
		}
	}
}
