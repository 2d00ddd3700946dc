package data

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"unicode/utf8"
)

// TextOptions configures LoadText and ReadText.
type TextOptions struct {
	// SeqLen is the number of characters of an example; default 32, the
	// paper's (and WGAN-GP's language model's) sequence length.
	SeqLen int
	// VocabSize is the length of the one-hot vectors, pad and unknown
	// included; default 96. The VocabSize-2 most frequent characters are
	// kept, the others map to UnkID.
	VocabSize int
	// Lines makes each non-empty line an example, cut to SeqLen characters
	// and padded with PadID (the One Billion Word layout, one sentence a
	// line). Otherwise the whole text, newlines included, is cut into
	// windows of SeqLen characters.
	Lines bool
	// Stride is the distance between the starts of consecutive windows when
	// Lines is false; default SeqLen (windows do not overlap).
	Stride int
	// MaxExamples keeps only the first MaxExamples examples; 0 keeps all.
	MaxExamples int
	// Vocab, when set, is used instead of building a vocabulary (a held-out
	// file, a resumed run); VocabSize is then ignored.
	Vocab *Vocab
}

// Text is a finite set of character sequences held as symbol ids. Fill
// yields one-hot examples of shape (V, L): V = Vocab().Size() symbols by
// L = SeqLen positions, value 1 at (id, t) and 0 elsewhere.
type Text struct {
	ids    []uint16 // example after example, SeqLen ids each
	seqLen int
	vocab  *Vocab
}

// LoadText reads the UTF-8 text file at path (undecodable bytes map to
// UnkID) into sequences; see TextOptions.
func LoadText(path string, opts TextOptions) (*Text, error) {
	f, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := ReadText(f, opts)
	if err != nil {
		return nil, fmt.Errorf("data: read %s: %w", path, err)
	}
	return t, nil
}

// ReadText reads all of r into sequences; see TextOptions. Its errors start
// with "text:".
//
// Known limitation: the text is held in memory whole while it is cut, about
// 5 bytes a character: give it one shard of the One Billion Word benchmark
// (about 40 MB), not all 100. Reading in two passes (vocabulary, then
// sequences) would lift this.
func ReadText(r io.Reader, opts TextOptions) (*Text, error) {
	opts, err := textDefaults(opts)
	if err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("text: %w", readError(err))
	}
	var ex [][]rune
	if opts.Lines {
		ex = lineExamples(b, opts.SeqLen, opts.MaxExamples)
	} else {
		ex = windowExamples(b, opts.SeqLen, opts.Stride, opts.MaxExamples)
	}
	if len(ex) == 0 {
		return nil, formatErr("text: no example of %d characters (lines: %v) in "+
			"%d bytes", opts.SeqLen, opts.Lines, len(b))
	}
	vocab := opts.Vocab
	if vocab == nil {
		vocab = BuildVocab(countRunes(ex), opts.VocabSize)
	}
	return encodeText(ex, opts.SeqLen, vocab), nil
}

// textDefaults fills in the defaults of opts and checks it.
func textDefaults(opts TextOptions) (TextOptions, error) {
	if opts.SeqLen == 0 {
		opts.SeqLen = 32
	}
	if opts.VocabSize == 0 {
		opts.VocabSize = 96
	}
	if opts.Stride == 0 {
		opts.Stride = opts.SeqLen
	}
	if opts.SeqLen < 1 || opts.Stride < 1 || opts.MaxExamples < 0 ||
		opts.VocabSize < 3 || opts.VocabSize > maxVocab {
		return opts, fmt.Errorf("sequence length %d, stride %d, max examples %d, "+
			"vocabulary %d: want positive values and a vocabulary of 3 to %d",
			opts.SeqLen, opts.Stride, opts.MaxExamples, opts.VocabSize, maxVocab)
	}
	return opts, nil
}

// lineExamples is the first seqLen characters of every non-empty line.
func lineExamples(b []byte, seqLen, limit int) [][]rune {
	var ex [][]rune
	for len(b) > 0 && (limit == 0 || len(ex) < limit) {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			continue
		}
		rs := make([]rune, 0, seqLen)
		for len(line) > 0 && len(rs) < seqLen {
			r, n := utf8.DecodeRune(line)
			rs, line = append(rs, r), line[n:]
		}
		ex = append(ex, rs)
	}
	return ex
}

// windowExamples cuts the characters of b into windows of seqLen starting
// every stride characters.
func windowExamples(b []byte, seqLen, stride, limit int) [][]rune {
	rs := make([]rune, 0, len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		rs, b = append(rs, r), b[n:]
	}
	var ex [][]rune
	for s := 0; s+seqLen <= len(rs) && (limit == 0 || len(ex) < limit); s += stride {
		ex = append(ex, rs[s:s+seqLen])
	}
	return ex
}

// countRunes counts the characters of the examples.
func countRunes(ex [][]rune) map[rune]int {
	counts := map[rune]int{}
	for _, e := range ex {
		for _, r := range e {
			counts[r]++
		}
	}
	return counts
}

// encodeText stores the examples as ids, padded to seqLen.
func encodeText(ex [][]rune, seqLen int, vocab *Vocab) *Text {
	ids := make([]uint16, len(ex)*seqLen) // zero is PadID
	for i, e := range ex {
		for t, r := range e {
			ids[i*seqLen+t] = uint16(vocab.ID(r))
		}
	}
	return &Text{ids: ids, seqLen: seqLen, vocab: vocab}
}

// Vocab is the vocabulary of the one-hot vectors.
func (t *Text) Vocab() *Vocab { return t.vocab }

// Shape is (V, L): vocabulary size by sequence length.
func (t *Text) Shape() []int64 { return []int64{int64(t.vocab.Size()), int64(t.seqLen)} }

// Len is the number of sequences.
func (t *Text) Len() int { return len(t.ids) / t.seqLen }

// Classes is nil: text has no labels.
func (t *Text) Classes() []string { return nil }

// IDs is the ids of sequence i; do not modify them.
func (t *Text) IDs(i int) []uint16 { return t.ids[i*t.seqLen : (i+1)*t.seqLen] }

// Example is sequence i decoded back to text.
func (t *Text) Example(i int) string {
	ids := make([]int, t.seqLen)
	for k, id := range t.IDs(i) {
		ids[k] = int(id)
	}
	return t.vocab.Decode(ids)
}

// Fill writes the one-hot sequences at idx, (V, L) each; labels, when
// asked for, are -1. rng is unused.
func (t *Text) Fill(dst []float32, labels []int, idx []int, _ *rand.Rand) {
	checkFill(t, dst, labels, idx)
	l := t.seqLen
	size := t.vocab.Size() * l
	clear(dst)
	for k, i := range idx {
		out := dst[k*size : (k+1)*size]
		for p, id := range t.IDs(i) {
			out[int(id)*l+p] = 1
		}
		if labels != nil {
			labels[k] = -1
		}
	}
}
