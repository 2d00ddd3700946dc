package data

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Ids of the two symbols every Vocab starts with.
const (
	PadID = 0 // padding after the end of a short line
	UnkID = 1 // any character outside the vocabulary
)

// Vocab is a character vocabulary: PadID, UnkID, then characters, most
// frequent first. It is immutable.
type Vocab struct {
	chars []rune       // chars[id-2] is the character of id
	index map[rune]int // character -> id
}

// BuildVocab returns the vocabulary of at most size symbols (pad and unknown
// included) over the characters of counts, most frequent first, ties broken
// by code point. utf8.RuneError (undecodable bytes) never enters it.
func BuildVocab(counts map[rune]int, size int) *Vocab {
	if size < 2 {
		panic(fmt.Sprintf("data: BuildVocab: size %d, want at least 2", size))
	}
	chars := make([]rune, 0, len(counts))
	for r := range counts {
		if r != utf8.RuneError {
			chars = append(chars, r)
		}
	}
	sort.Slice(chars, func(i, j int) bool {
		ci, cj := counts[chars[i]], counts[chars[j]]
		return ci > cj || ci == cj && chars[i] < chars[j]
	})
	if len(chars) > size-2 {
		chars = chars[:size-2]
	}
	return newVocab(chars)
}

func newVocab(chars []rune) *Vocab {
	index := make(map[rune]int, len(chars))
	for i, r := range chars {
		index[r] = i + 2
	}
	return &Vocab{chars: chars, index: index}
}

// NewVocab is the vocabulary whose characters, after pad and unknown, are
// those of chars in order (what Chars returns), for reloading a saved one.
func NewVocab(chars string) (*Vocab, error) {
	if !utf8.ValidString(chars) {
		return nil, fmt.Errorf("data: vocabulary %q is not valid UTF-8", chars)
	}
	runes := []rune(chars)
	seen := map[rune]bool{}
	for _, r := range runes {
		if seen[r] || r == utf8.RuneError {
			return nil, fmt.Errorf("data: vocabulary %q holds %q twice or holds U+FFFD",
				chars, r)
		}
		seen[r] = true
	}
	if len(runes)+2 > maxVocab {
		return nil, fmt.Errorf("data: vocabulary of %d characters: at most %d",
			len(runes), maxVocab-2)
	}
	return newVocab(runes), nil
}

// maxVocab is the largest vocabulary: ids are stored as uint16.
const maxVocab = 1 << 16

// Size is the number of symbols, pad and unknown included: the length of a
// one-hot vector.
func (v *Vocab) Size() int { return len(v.chars) + 2 }

// Chars is the vocabulary's characters in id order from id 2; NewVocab(Chars)
// rebuilds the vocabulary.
func (v *Vocab) Chars() string { return string(v.chars) }

// MarshalText encodes the vocabulary as Chars, for JSON configurations.
func (v *Vocab) MarshalText() ([]byte, error) { return []byte(v.Chars()), nil }

// UnmarshalText is NewVocab into v.
func (v *Vocab) UnmarshalText(b []byte) error {
	w, err := NewVocab(string(b))
	if err != nil {
		return err
	}
	*v = *w
	return nil
}

// ID is the id of character r, UnkID when r is outside the vocabulary.
func (v *Vocab) ID(r rune) int {
	if id, ok := v.index[r]; ok {
		return id
	}
	return UnkID
}

// Encode is the id of every character of s.
func (v *Vocab) Encode(s string) []int {
	ids := make([]int, 0, len(s))
	for _, r := range s {
		ids = append(ids, v.ID(r))
	}
	return ids
}

// Decode is the text of ids: pad writes nothing and unknown (or an id
// outside the vocabulary) writes U+FFFD.
func (v *Vocab) Decode(ids []int) string {
	var b strings.Builder
	for _, id := range ids {
		switch {
		case id == PadID:
		case id >= 2 && id < v.Size():
			b.WriteRune(v.chars[id-2])
		default:
			b.WriteRune(utf8.RuneError)
		}
	}
	return b.String()
}

// DecodeOneHot decodes a batch of one-hot or softmax sequences, data of
// shape (N, V, L) with V = Size(), taking the most likely symbol at each
// position (the first on ties).
func (v *Vocab) DecodeOneHot(data []float32, shape []int64) []string {
	if len(shape) != 3 || int(shape[1]) != v.Size() ||
		len(data) != int(shape[0]*shape[1]*shape[2]) {
		panic(fmt.Sprintf("data: DecodeOneHot: %d values of shape %v, want (N, %d, L)",
			len(data), shape, v.Size()))
	}
	n, vs, l := int(shape[0]), int(shape[1]), int(shape[2])
	out := make([]string, n)
	ids := make([]int, l)
	for i := range out {
		x := data[i*vs*l : (i+1)*vs*l]
		for t := range ids {
			best := 0
			for s := 1; s < vs; s++ {
				if x[s*l+t] > x[best*l+t] {
					best = s
				}
			}
			ids[t] = best
		}
		out[i] = v.Decode(ids)
	}
	return out
}
