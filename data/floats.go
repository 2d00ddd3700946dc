package data

import (
	"fmt"
	"math/rand/v2"
)

// Floats is a finite set of float32 examples held in memory as they are,
// for data made in code (tests, a fixed sample of a toy mixture).
type Floats struct {
	data    []float32
	shape   []int64
	labels  []int
	classes []string
}

// NewFloats wraps data, whole examples of shape one after another. labels
// is nil (unlabelled) or holds one label per example in [0, len(classes)).
// NewFloats keeps the slices without copying them.
func NewFloats(data []float32, shape []int64, labels []int, classes []string) (*Floats, error) {
	size := exampleSize(shape)
	if len(shape) == 0 || size < 1 {
		return nil, fmt.Errorf("data: examples of shape %v: want positive sizes", shape)
	}
	for _, d := range shape {
		if d < 1 {
			return nil, fmt.Errorf("data: examples of shape %v: want positive sizes", shape)
		}
	}
	if len(data) == 0 || len(data)%size != 0 {
		return nil, fmt.Errorf("data: %d values are not whole examples of shape %v",
			len(data), shape)
	}
	if labels != nil {
		if err := checkLabels(labels, len(data)/size, len(classes)); err != nil {
			return nil, err
		}
	}
	return &Floats{data: data, shape: shape, labels: labels, classes: classes}, nil
}

// Shape is the shape of one example.
func (f *Floats) Shape() []int64 { return f.shape }

// Len is the number of examples.
func (f *Floats) Len() int { return len(f.data) / exampleSize(f.shape) }

// Classes names the classes of the labels; nil when unlabelled.
func (f *Floats) Classes() []string { return f.classes }

// Fill copies the examples at idx and their labels (-1 when unlabelled).
func (f *Floats) Fill(dst []float32, labels []int, idx []int, _ *rand.Rand) {
	checkFill(f, dst, labels, idx)
	size := exampleSize(f.shape)
	for k, i := range idx {
		copy(dst[k*size:(k+1)*size], f.data[i*size:(i+1)*size])
		if labels != nil {
			labels[k] = -1
			if f.labels != nil {
				labels[k] = f.labels[i]
			}
		}
	}
}
