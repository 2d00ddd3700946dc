package data

import (
	"errors"
	"io"
	"testing"
)

func TestKindErrors(t *testing.T) {
	f := formatErr("data: %s: wrong magic: %w", "x.idx", io.ErrUnexpectedEOF)
	if !errors.Is(f, ErrFormat) || errors.Is(f, ErrNotFound) ||
		!errors.Is(f, io.ErrUnexpectedEOF) {
		t.Errorf("formatErr is ErrFormat %v, ErrNotFound %v, its cause %v; want true, "+
			"false, true", errors.Is(f, ErrFormat), errors.Is(f, ErrNotFound),
			errors.Is(f, io.ErrUnexpectedEOF))
	}
	if got, want := f.Error(), "data: x.idx: wrong magic: unexpected EOF"; got != want {
		t.Errorf("message %q, want %q (without the kind's name)", got, want)
	}
	if n := notFoundErr("data: none"); !errors.Is(n, ErrNotFound) || errors.Is(n, ErrFormat) {
		t.Error("notFoundErr is not ErrNotFound only")
	}
}

func TestFillPanicsOnWrongSizes(t *testing.T) {
	m, _ := NewImages(make([]uint8, 4), [3]int{1, 2, 2}, nil, nil)
	defer func() {
		if recover() == nil {
			t.Error("Fill with a short dst did not panic")
		}
	}()
	m.Fill(make([]float32, 3), nil, []int{0}, nil)
}
