package data

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestReadTextWindows(t *testing.T) {
	in := "abcabcaab\nxyz"
	tests := []struct {
		name string
		opts TextOptions
		want []string
	}{
		{"consecutive", TextOptions{SeqLen: 4}, []string{"abca", "bcaa", "b\nxy"}},
		{"stride 3", TextOptions{SeqLen: 4, Stride: 3},
			[]string{"abca", "abca", "aab\n", "\nxyz"}},
		{"max examples", TextOptions{SeqLen: 4, MaxExamples: 2}, []string{"abca", "bcaa"}},
		// a (5 times) and b (3) are kept, c (2), \n, x and y are not.
		{"small vocabulary", TextOptions{SeqLen: 4, VocabSize: 4},
			[]string{"ab\uFFFDa", "b\uFFFDaa", "b\uFFFD\uFFFD\uFFFD"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txt, err := ReadText(strings.NewReader(in), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			checkExamples(t, txt, tt.want)
		})
	}
}

func TestReadTextLines(t *testing.T) {
	in := "Hello world\r\n\nab\né" + "\xff" + "z\n"
	txt, err := ReadText(strings.NewReader(in), TextOptions{SeqLen: 5, Lines: true})
	if err != nil {
		t.Fatal(err)
	}
	// Lines cut to 5 characters, empty lines skipped, \r dropped, short
	// lines padded (pads decode to nothing), bad UTF-8 unknown.
	checkExamples(t, txt, []string{"Hello", "ab", "é\uFFFDz"})
	if ids := txt.IDs(1); ids[2] != PadID || ids[4] != PadID {
		t.Errorf("ids of a short line %v, want pads after it", ids)
	}
}

func checkExamples(t *testing.T, txt *Text, want []string) {
	t.Helper()
	if txt.Len() != len(want) {
		var got []string
		for i := 0; i < txt.Len(); i++ {
			got = append(got, txt.Example(i))
		}
		t.Fatalf("got %d examples %q, want %q", txt.Len(), got, want)
	}
	for i, w := range want {
		if got := txt.Example(i); got != w {
			t.Errorf("example %d = %q, want %q", i, got, w)
		}
	}
}

func TestTextFillOneHot(t *testing.T) {
	txt, err := ReadText(strings.NewReader("aab\nab"), TextOptions{SeqLen: 3, Lines: true})
	if err != nil {
		t.Fatal(err)
	}
	v := txt.Vocab()
	if got := txt.Shape(); got[0] != int64(v.Size()) || got[1] != 3 {
		t.Fatalf("shape %v, want [%d 3]", got, v.Size())
	}
	dst := make([]float32, 2*v.Size()*3)
	for i := range dst {
		dst[i] = 7 // Fill must clear what was there
	}
	labels := []int{5, 5}
	txt.Fill(dst, labels, []int{1, 0}, nil)
	got := v.DecodeOneHot(dst, []int64{2, int64(v.Size()), 3})
	if got[0] != "ab" || got[1] != "aab" {
		t.Errorf("decoded %q, want [ab aab]", got)
	}
	ones := 0
	for _, x := range dst {
		if x != 0 && x != 1 {
			t.Fatalf("value %g in a one-hot batch", x)
		}
		ones += int(x)
	}
	if ones != 6 || labels[0] != -1 {
		t.Errorf("%d ones (want 6, one per position), labels %v (want -1)", ones, labels)
	}
}

func TestReadTextGivenVocab(t *testing.T) {
	v, _ := NewVocab("xy")
	txt, err := ReadText(strings.NewReader("xyzxyz"), TextOptions{SeqLen: 3, Vocab: v})
	if err != nil {
		t.Fatal(err)
	}
	if txt.Vocab() != v || txt.Example(0) != "xy\uFFFD" {
		t.Errorf("example %q, want xy and an unknown with the given vocabulary",
			txt.Example(0))
	}
}

func TestReadTextErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opts TextOptions
		want string
	}{
		{"empty", "", TextOptions{}, "no example of 32 characters"},
		{"blank lines", "\n\n\r\n", TextOptions{Lines: true}, "no example"},
		{"too short", "abc", TextOptions{SeqLen: 4}, "no example of 4 characters"},
		{"bad options", "abc", TextOptions{SeqLen: -1}, "sequence length -1"},
		{"vocabulary too small", "abc", TextOptions{VocabSize: 2}, "vocabulary 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadText(strings.NewReader(tt.in), tt.opts)
			wantErr(t, err, nil, "text: ", tt.want)
		})
	}
}

func TestLoadTextErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadText(dir, TextOptions{})
	wantErr(t, err, nil, dir, "is a directory")
	p := writeFile(t, dir, "short.txt", []byte("hi"))
	_, err = LoadText(p, TextOptions{})
	wantErr(t, err, ErrFormat, "short.txt", "no example")
}

func TestLoadTextGzipped(t *testing.T) {
	p := writeFile(t, t.TempDir(), "t.txt.gz", gzipBytes([]byte("one\ntwo\n")))
	txt, err := LoadText(p, TextOptions{SeqLen: 3, Lines: true})
	if err != nil {
		t.Fatal(err)
	}
	checkExamples(t, txt, []string{"one", "two"})
}

// FuzzText checks that no input makes ReadText panic and that accepted
// text gives whole sequences of valid ids.
func FuzzText(f *testing.F) {
	f.Add([]byte("First Citizen:\nBefore we proceed any further, hear me speak."), false)
	f.Add([]byte("a\nbb\n\nccc\r\n"), true)
	f.Add([]byte("\xff\xfe\x00é€😀"), false)
	f.Fuzz(func(t *testing.T, b []byte, lines bool) {
		txt, err := ReadText(bytes.NewReader(b), TextOptions{SeqLen: 4, VocabSize: 8,
			Lines: lines})
		if err != nil {
			return
		}
		size := txt.Vocab().Size()
		for i := 0; i < txt.Len(); i++ {
			for _, id := range txt.IDs(i) {
				if int(id) >= size {
					t.Fatalf("id %d outside a vocabulary of %d", id, size)
				}
			}
			if s := txt.Example(i); !utf8.ValidString(s) {
				t.Fatalf("example %q is not valid UTF-8", s)
			}
		}
		dst := make([]float32, txt.Len()*size*4)
		idx := make([]int, txt.Len())
		for i := range idx {
			idx[i] = i
		}
		txt.Fill(dst, nil, idx, nil)
	})
}

func TestTinyShakespeare(t *testing.T) {
	p := sharedFile(t, "tinyshakespeare.txt")
	ref := loadRef(t).TinyShakespeare
	txt, err := LoadText(p, TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if txt.Len() != ref.Windows || txt.Example(0) != ref.First {
		t.Errorf("%d windows starting %q, want %d starting %q", txt.Len(), txt.Example(0),
			ref.Windows, ref.First)
	}
	// The default vocabulary (96) holds every one of the 65 characters.
	if got := txt.Vocab().Size(); got != ref.Distinct+2 {
		t.Errorf("vocabulary of %d, want %d characters + pad + unknown", got, ref.Distinct)
	}
	if got := txt.Vocab().Chars()[:10]; got != ref.Top10 {
		t.Errorf("10 most frequent characters %q, want %q", got, ref.Top10)
	}
	lines, err := LoadText(p, TextOptions{Lines: true})
	if err != nil {
		t.Fatal(err)
	}
	if lines.Len() != ref.Lines {
		t.Errorf("%d non-empty lines, want %d", lines.Len(), ref.Lines)
	}
}
