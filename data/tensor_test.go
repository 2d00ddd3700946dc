package data

import (
	"slices"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
)

func TestBatchTensor(t *testing.T) {
	m, err := NewImages([]uint8{0, 51, 102, 153, 204, 255, 1, 2}, [3]int{1, 2, 2},
		[]int{1, 0}, []string{"x", "y"})
	if err != nil {
		t.Fatal(err)
	}
	s := newSampler(t, m, SamplerOptions{BatchSize: 2, Seed: 1})
	b := s.Next()
	x := b.Tensor()
	if got := x.Shape(); !slices.Equal(got, []int64{2, 1, 2, 2}) {
		t.Errorf("tensor shape %v, want [2 1 2 2]", got)
	}
	if got := torchx.Float32s(x); !slices.Equal(got, b.Data) {
		t.Errorf("tensor values %v, want the batch's %v", got, b.Data)
	}
	l := b.LabelTensor()
	got := torchx.Float32s(l)
	for i, v := range b.Labels {
		if got[i] != float32(v) {
			t.Errorf("label tensor %v, want %v", got, b.Labels)
		}
	}
	if l.Dtype() != 4 { // torch.Long
		t.Errorf("label dtype %d, want int64 (4)", l.Dtype())
	}
}

func TestLabelTensorWithoutLabels(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("LabelTensor of an unlabelled batch did not panic")
		}
	}()
	Batch{Data: []float32{1}, Shape: []int64{1, 1}}.LabelTensor()
}
