package data

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// idxBytes encodes an IDX file of unsigned bytes with the given dimensions.
func idxBytes(dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 0x08, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}

// gzipBytes compresses b.
func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// writeFile writes b to dir/name and returns the path.
func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fakeMNIST writes n images of h x w whose pixel j of image i is (i+j)%256
// and whose label is i%10, as MNIST's four files (gzipped when gz), to dir.
func fakeMNIST(t testing.TB, dir string, n, h, w int, gz bool) ([]byte, []int) {
	t.Helper()
	pix := make([]byte, n*h*w)
	for i := 0; i < n; i++ {
		for j := 0; j < h*w; j++ {
			pix[i*h*w+j] = byte(i + j)
		}
	}
	labels := make([]int, n)
	lab := make([]byte, n)
	for i := range labels {
		labels[i], lab[i] = i%10, byte(i%10)
	}
	ext, enc := "", func(b []byte) []byte { return b }
	if gz {
		ext, enc = ".gz", gzipBytes
	}
	for _, split := range []string{"train", "t10k"} {
		writeFile(t, dir, split+"-images-idx3-ubyte"+ext, enc(idxBytes([]int{n, h, w}, pix)))
		writeFile(t, dir, split+"-labels-idx1-ubyte"+ext, enc(idxBytes([]int{n}, lab)))
	}
	return pix, labels
}

// cifarBatch makes n CIFAR-10 records: label (first+i)%10 and pixel j equal
// to (first+i+j)%256. It returns the file bytes and the expected images.
func cifarBatch(first, n int) ([]byte, []byte, []int) {
	var file, pix []byte
	var labels []int
	for i := 0; i < n; i++ {
		l := (first + i) % 10
		file = append(file, byte(l))
		for j := 0; j < 3072; j++ {
			file = append(file, byte(first+i+j))
			pix = append(pix, byte(first+i+j))
		}
		labels = append(labels, l)
	}
	return file, pix, labels
}

// tarBytes makes a tar of the named members, in the given order.
func tarBytes(t testing.TB, names []string, files map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, name := range names {
		body := files[name]
		hdr := &tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)),
			Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sharedFile returns the path of name in the shared data folder or skips.
func sharedFile(t testing.TB, name string) string {
	t.Helper()
	dir, err := SharedDataDir()
	if err != nil {
		t.Skipf("real data absent: %v", err)
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("real data absent: %s: %v", p, err)
	}
	return p
}

// refStats are the figures testdata/make_stats.py computed with numpy.
type refStats struct {
	N             int       `json:"n"`
	Mean          []float64 `json:"mean"`
	Std           []float64 `json:"std"`
	Counts        []int     `json:"counts"`
	FirstLabel    int       `json:"first_label"`
	PixelSumFirst int       `json:"pixel_sum_first"`
}

type refText struct {
	Chars    int    `json:"chars"`
	Distinct int    `json:"distinct"`
	Top10    string `json:"top10"`
	Windows  int    `json:"windows"`
	First    string `json:"first"`
	Lines    int    `json:"lines"`
}

type refFile struct {
	MNISTTrain      refStats `json:"mnist_train"`
	MNISTTest       refStats `json:"mnist_test"`
	FashionTrain    refStats `json:"fashion_train"`
	CIFAR10Test     refStats `json:"cifar10_test"`
	TinyShakespeare refText  `json:"tinyshakespeare"`
}

func loadRef(t testing.TB) refFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "stats.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r refFile
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// wantErr checks that err is not nil, matches target (when not nil) and
// mentions every fragment.
func wantErr(t *testing.T, err, target error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one mentioning %q", fragments)
	}
	if target != nil && !errors.Is(err, target) {
		t.Errorf("error %q is not %v", err, target)
	}
	for _, f := range fragments {
		if !bytes.Contains([]byte(err.Error()), []byte(f)) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}

// checkImageStats compares the Describe figures of m, turned to the [0, 1]
// scale, with ref.
func checkImageStats(t *testing.T, m *Images, ref refStats) {
	t.Helper()
	if m.Len() != ref.N {
		t.Fatalf("got %d images, want %d", m.Len(), ref.N)
	}
	info := Describe(m, DescribeOptions{})
	const tol = 1e-6
	for c := range ref.Mean {
		mean, std := (info.Mean[c]+1)/2, info.Std[c]/2
		if d := mean - ref.Mean[c]; d > tol || d < -tol {
			t.Errorf("channel %d: mean %.7f, want %.7f", c, mean, ref.Mean[c])
		}
		if d := std - ref.Std[c]; d > tol || d < -tol {
			t.Errorf("channel %d: std %.7f, want %.7f", c, std, ref.Std[c])
		}
	}
	for k, want := range ref.Counts {
		if info.Counts[k] != want {
			t.Errorf("class %d: %d images, want %d", k, info.Counts[k], want)
		}
	}
	if m.Labels()[0] != ref.FirstLabel {
		t.Errorf("first label %d, want %d", m.Labels()[0], ref.FirstLabel)
	}
	sum := 0
	size := exampleSize(m.Shape())
	for _, v := range m.Pix()[:size] {
		sum += int(v)
	}
	if sum != ref.PixelSumFirst {
		t.Errorf("pixel sum of the first image %d, want %d", sum, ref.PixelSumFirst)
	}
}
