package data

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Source is a data set that the Sampler draws minibatches from: a finite
// set held in memory (Len > 0) or an endless distribution (Len == 0).
type Source interface {
	// Shape is the shape of one example: (C, H, W) for images, (2) for toy
	// points, (V, L) for one-hot text.
	Shape() []int64

	// Len is the number of examples of a finite data set, 0 for an endless
	// distribution.
	Len() int

	// Classes names the classes that labels index, nil for unlabelled data.
	Classes() []string

	// Fill writes len(idx) examples one after another into dst, which holds
	// exactly len(idx) times the product of Shape, and their labels into
	// labels when it is not nil (len(labels) == len(idx)). A finite source
	// writes the examples at the indices idx and gets a nil rng; an endless
	// source ignores the values of idx and draws fresh examples with rng.
	Fill(dst []float32, labels []int, idx []int, rng *rand.Rand)
}

var (
	// ErrNotFound marks errors about data that is not where it was looked
	// for; the message says where it was looked for and how to get it.
	ErrNotFound = errors.New("not found")

	// ErrFormat marks errors about a file that is not what it claims to be:
	// truncated, a wrong magic number, inconsistent sizes, an undecodable
	// image.
	ErrFormat = errors.New("bad format")
)

// exampleSize is the number of values of one example of shape.
func exampleSize(shape []int64) int {
	n := 1
	for _, d := range shape {
		n *= int(d)
	}
	return n
}

// checkFill panics when Fill's arguments disagree: a programmer error.
func checkFill(src Source, dst []float32, labels []int, idx []int) {
	if len(dst) != len(idx)*exampleSize(src.Shape()) {
		panic(fmt.Sprintf("data: Fill: dst holds %d values for %d examples of shape %v",
			len(dst), len(idx), src.Shape()))
	}
	if labels != nil && len(labels) != len(idx) {
		panic(fmt.Sprintf("data: Fill: %d labels for %d examples", len(labels), len(idx)))
	}
}

// kindError is an error of a kind (ErrFormat, ErrNotFound) whose message
// does not repeat the kind's name.
type kindError struct {
	kind, err error
}

func (e *kindError) Error() string   { return e.err.Error() }
func (e *kindError) Unwrap() []error { return []error{e.kind, e.err} }

// formatErr is fmt.Errorf(format, a...) marked ErrFormat.
func formatErr(format string, a ...any) error {
	return &kindError{kind: ErrFormat, err: fmt.Errorf(format, a...)}
}

// notFoundErr is fmt.Errorf(format, a...) marked ErrNotFound.
func notFoundErr(format string, a ...any) error {
	return &kindError{kind: ErrNotFound, err: fmt.Errorf(format, a...)}
}
