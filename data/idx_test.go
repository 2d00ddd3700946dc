package data

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestReadIDX(t *testing.T) {
	data := []byte{1, 2, 3, 4, 5, 6}
	got, err := ReadIDX(bytes.NewReader(idxBytes([]int{1, 2, 3}, data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Dims) != 3 || got.Dims[0] != 1 || got.Dims[1] != 2 || got.Dims[2] != 3 {
		t.Errorf("dims %v, want [1 2 3]", got.Dims)
	}
	if !bytes.Equal(got.Data, data) {
		t.Errorf("data %v, want %v", got.Data, data)
	}
}

func TestReadIDXErrors(t *testing.T) {
	good := idxBytes([]int{2, 2}, []byte{1, 2, 3, 4})
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "no header"},
		{"short header", []byte{0, 0}, "no header"},
		{"wrong magic", append([]byte{1, 2, 8, 2}, good[4:]...), "wrong magic number"},
		{"zero dimensions", []byte{0, 0, 8, 0}, "wrong magic number"},
		{"float type", append([]byte{0, 0, 0x0d, 2}, good[4:]...), "element type 0x0d (float)"},
		{"dimensions cut", good[:9], "header of 2 dimensions cut short"},
		{"truncated data", good[:len(good)-1], "truncated: 3 bytes of data, want 4"},
		{"trailing data", append(append([]byte{}, good...), 9), "more data than the header"},
		{"huge declared size", idxBytes([]int{1 << 20, 1 << 20}, nil), "declare more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadIDX(bytes.NewReader(tt.in))
			wantErr(t, err, ErrFormat, "idx: ", tt.want)
		})
	}
}

func TestLoadIDX(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(map[bool]string{false: "plain", true: "gzipped"}[gz], func(t *testing.T) {
			dir := t.TempDir()
			pix, labels := fakeMNIST(t, dir, 12, 4, 3, gz)
			ext := map[bool]string{false: "", true: ".gz"}[gz]
			m, err := LoadIDX(filepath.Join(dir, "train-images-idx3-ubyte"+ext),
				filepath.Join(dir, "train-labels-idx1-ubyte"+ext))
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Shape(); got[0] != 1 || got[1] != 4 || got[2] != 3 {
				t.Errorf("shape %v, want [1 4 3]", got)
			}
			if !bytes.Equal(m.Pix(), pix) {
				t.Error("pixels differ from those written")
			}
			for i, l := range m.Labels() {
				if l != labels[i] {
					t.Fatalf("label %d = %d, want %d", i, l, labels[i])
				}
			}
			if len(m.Classes()) != 10 || m.Classes()[9] != "9" {
				t.Errorf("classes %v, want 0..9", m.Classes())
			}
		})
	}
}

func TestLoadIDXUnlabelled(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "x.idx", idxBytes([]int{2, 1, 1}, []byte{0, 255}))
	m, err := LoadIDX(p, "")
	if err != nil {
		t.Fatal(err)
	}
	if m.Labels() != nil || m.Classes() != nil || m.Len() != 2 {
		t.Errorf("got %d images, labels %v, classes %v; want 2 unlabelled",
			m.Len(), m.Labels(), m.Classes())
	}
}

func TestLoadIDXErrors(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "img", idxBytes([]int{3, 2, 2}, make([]byte, 12)))
	flat := writeFile(t, dir, "flat", idxBytes([]int{12}, make([]byte, 12)))
	lab2 := writeFile(t, dir, "lab2", idxBytes([]int{2}, []byte{0, 1}))
	lab2d := writeFile(t, dir, "lab2d", idxBytes([]int{3, 1}, []byte{0, 1, 2}))
	gz := gzipBytes(idxBytes([]int{3, 2, 2}, make([]byte, 12)))
	cut := writeFile(t, dir, "cut.gz", gz[:len(gz)-6])
	bad := append([]byte{}, gz...)
	bad[len(bad)-5] ^= 0xff // the stored length of the gzip trailer
	badsum := writeFile(t, dir, "badsum.gz", bad)
	tests := []struct {
		name           string
		images, labels string
		target         error
		want           []string
	}{
		{"missing images", filepath.Join(dir, "none"), lab2, ErrNotFound,
			[]string{"none", "no such file"}},
		{"directory", dir, lab2, nil, []string{dir, "is a directory"}},
		{"images not 3-D", flat, "", ErrFormat, []string{"flat", "want images (N, H, W)"}},
		{"count mismatch", img, lab2, ErrFormat, []string{"lab2", "2 labels for 3 images"}},
		{"labels not 1-D", img, lab2d, ErrFormat, []string{"lab2d", "want labels (N)"}},
		{"truncated gzip", cut, "", ErrFormat, []string{"cut.gz", "truncated"}},
		{"corrupt gzip", badsum, "", ErrFormat, []string{"badsum.gz", "corrupt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadIDX(tt.images, tt.labels)
			wantErr(t, err, tt.target, tt.want...)
		})
	}
}

// FuzzIDX checks that no input makes ReadIDX panic and that what it accepts
// is consistent.
func FuzzIDX(f *testing.F) {
	f.Add(idxBytes([]int{2, 2, 2}, make([]byte, 8)))
	f.Add(idxBytes([]int{3}, []byte{1, 2, 3}))
	f.Add(gzipBytes(idxBytes([]int{1, 2}, []byte{7, 8})))
	f.Add([]byte{0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0, 0, 8, 4, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		idx, err := ReadIDX(bytes.NewReader(b))
		if err != nil {
			return
		}
		n := 1
		for _, d := range idx.Dims {
			n *= d
		}
		if n != len(idx.Data) {
			t.Fatalf("dims %v hold %d bytes, got %d", idx.Dims, n, len(idx.Data))
		}
		// The same bytes gzipped and in a file load the same way.
		p := filepath.Join(t.TempDir(), "f.gz")
		if err := os.WriteFile(p, gzipBytes(b), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readIDXFile(p); err != nil {
			t.Fatalf("gzipped copy fails: %v", err)
		}
	})
}
