package data

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestBuildVocab(t *testing.T) {
	counts := map[rune]int{'a': 5, 'b': 9, 'c': 5, 'd': 1, utf8.RuneError: 100}
	tests := []struct {
		size  int
		chars string
	}{
		{10, "bacd"}, // ties (a, c) by code point; U+FFFD never enters
		{4, "ba"},
		{2, ""},
	}
	for _, tt := range tests {
		v := BuildVocab(counts, tt.size)
		if got := v.Chars(); got != tt.chars {
			t.Errorf("size %d: chars %q, want %q", tt.size, got, tt.chars)
		}
		if v.Size() != len(tt.chars)+2 {
			t.Errorf("size %d: Size() = %d, want %d", tt.size, v.Size(), len(tt.chars)+2)
		}
	}
}

func TestVocabEncodeDecode(t *testing.T) {
	v, err := NewVocab("ab\n")
	if err != nil {
		t.Fatal(err)
	}
	ids := v.Encode("ba\nz")
	want := []int{3, 2, 4, UnkID}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("Encode = %v, want %v", ids, want)
		}
	}
	if got := v.Decode(append(ids, PadID, PadID, 99)); got != "ba\n\uFFFD\uFFFD" {
		t.Errorf("Decode = %q, want %q (pads vanish, unknown ids are U+FFFD)",
			got, "ba\n\uFFFD\uFFFD")
	}
}

func TestNewVocabErrors(t *testing.T) {
	for _, chars := range []string{"aba", "\xff", "a\uFFFD"} {
		if _, err := NewVocab(chars); err == nil {
			t.Errorf("NewVocab(%q) accepted it", chars)
		}
	}
}

func TestVocabJSON(t *testing.T) {
	v, _ := NewVocab("xyz é")
	b, err := json.Marshal(struct{ V *Vocab }{v})
	if err != nil {
		t.Fatal(err)
	}
	var back struct{ V *Vocab }
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.V.Chars() != v.Chars() || back.V.ID('é') != v.ID('é') {
		t.Errorf("round trip gave %q, want %q", back.V.Chars(), v.Chars())
	}
}

func TestDecodeOneHot(t *testing.T) {
	v, _ := NewVocab("ab")
	// Two sequences of length 3 over 4 symbols (pad, unk, a, b), (N, V, L).
	x := make([]float32, 2*4*3)
	set := func(n, sym, pos int, p float32) { x[n*12+sym*3+pos] = p }
	set(0, 2, 0, 0.9)
	set(0, 3, 1, 0.6)
	set(0, 2, 1, 0.4)
	set(0, 0, 2, 1) // pad
	set(1, 3, 0, 1)
	set(1, 1, 1, 1) // unknown
	set(1, 3, 2, 1)
	got := v.DecodeOneHot(x, []int64{2, 4, 3})
	if got[0] != "ab" || got[1] != "b\uFFFDb" {
		t.Errorf("DecodeOneHot = %q, want [ab b\uFFFDb]", got)
	}
}
