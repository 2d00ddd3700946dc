package data

import (
	"bytes"
	"path/filepath"
	"testing"
)

// fakeCIFAR returns the members of a small CIFAR-10 layout: five training
// batches of 3 records, a test batch of 4 and the class names, and the
// expected training and test images and labels.
func fakeCIFAR() (map[string][]byte, [2][]byte, [2][]int) {
	files := map[string][]byte{}
	var pix [2][]byte
	var labels [2][]int
	for k, name := range cifarFiles(true) {
		b, p, l := cifarBatch(3*k, 3)
		files[name] = b
		pix[0], labels[0] = append(pix[0], p...), append(labels[0], l...)
	}
	b, p, l := cifarBatch(100, 4)
	files["test_batch.bin"], pix[1], labels[1] = b, p, l
	files[cifarMeta] = []byte("a0\na1\na2\na3\na4\na5\na6\na7\na8\na9\n\n")
	return files, pix, labels
}

// cifarOrder lists the members in a shuffled order, as the real archive.
var cifarOrder = []string{"data_batch_4.bin", "data_batch_5.bin", "data_batch_2.bin",
	cifarMeta, "data_batch_1.bin", "data_batch_3.bin", "test_batch.bin"}

func TestLoadCIFAR10Layouts(t *testing.T) {
	files, pix, labels := fakeCIFAR()
	root := t.TempDir()
	prefixed := map[string][]byte{}
	var names []string
	for _, n := range cifarOrder {
		prefixed["cifar-10-batches-bin/"+n] = files[n]
		names = append(names, "cifar-10-batches-bin/"+n)
		writeFile(t, root, filepath.Join("folder", "cifar-10-batches-bin", n), files[n])
	}
	tarball := tarBytes(t, names, prefixed)
	paths := map[string]string{
		"tar.gz":       writeFile(t, root, "c.tar.gz", gzipBytes(tarball)),
		"tar":          writeFile(t, root, "c.tar", tarball),
		"batches dir":  filepath.Join(root, "folder", "cifar-10-batches-bin"),
		"parent dir":   filepath.Join(root, "folder"),
		"gz, odd name": writeFile(t, root, "archive.bin", gzipBytes(tarball)),
	}
	for name, p := range paths {
		for split, train := range map[int]bool{0: true, 1: false} {
			t.Run(name+map[bool]string{true: " train", false: " test"}[train], func(t *testing.T) {
				m, err := LoadCIFAR10(p, train)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(m.Pix(), pix[split]) {
					t.Errorf("pixels differ (got %d images, want %d)", m.Len(),
						len(labels[split]))
				}
				for i, l := range m.Labels() {
					if l != labels[split][i] {
						t.Fatalf("label %d = %d, want %d", i, l, labels[split][i])
					}
				}
				if c := m.Classes(); len(c) != 10 || c[3] != "a3" {
					t.Errorf("classes %v, want a0..a9 from %s", c, cifarMeta)
				}
			})
		}
	}
}

func TestLoadCIFAR10DefaultClasses(t *testing.T) {
	files, _, _ := fakeCIFAR()
	dir := t.TempDir()
	writeFile(t, dir, "test_batch.bin", files["test_batch.bin"])
	m, err := LoadCIFAR10(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if m.Classes()[9] != "truck" {
		t.Errorf("classes %v, want CIFAR10Classes without a meta file", m.Classes())
	}
}

func TestLoadCIFAR10Errors(t *testing.T) {
	files, _, _ := fakeCIFAR()
	root := t.TempDir()
	cut := tarBytes(t, []string{"test_batch.bin"}, files)
	badLabel := append([]byte{}, files["test_batch.bin"]...)
	badLabel[cifarRecord] = 10
	noTest := tarBytes(t, []string{"data_batch_1.bin"}, files)
	gz := gzipBytes(tarBytes(t, []string{"test_batch.bin"}, files))
	tests := []struct {
		name   string
		path   string
		target error
		want   []string
	}{
		{"missing", filepath.Join(root, "nothing.tar.gz"), ErrNotFound,
			[]string{"nothing.tar.gz", "sgan data fetch cifar10"}},
		{"empty folder", t.TempDir(), ErrNotFound, []string{"no test_batch.bin"}},
		{"truncated record", filepath.Dir(writeFile(t, root, "short/test_batch.bin",
			files["test_batch.bin"][:cifarRecord+100])), ErrFormat,
			[]string{"test_batch.bin", "not whole records of 3073 bytes"}},
		{"label out of range", filepath.Dir(writeFile(t, root, "label/test_batch.bin", badLabel)),
			ErrFormat, []string{"record 1 has label 10"}},
		{"cut tar", writeFile(t, root, "cut.tar", cut[:2000]), ErrFormat,
			[]string{"cut.tar", "test_batch.bin", "truncated"}},
		{"cut gzip", writeFile(t, root, "cut.tar.gz", gz[:len(gz)/2]), ErrFormat,
			[]string{"cut.tar.gz", "truncated"}},
		{"not a tar", writeFile(t, root, "text.tar", []byte("hello, world")), ErrFormat,
			[]string{"text.tar", "not a tar archive", "cifar-10-batches-bin"}},
		{"no test batch", writeFile(t, root, "notest.tar", noTest), ErrNotFound,
			[]string{"notest.tar", "no test_batch.bin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCIFAR10(tt.path, false)
			wantErr(t, err, tt.target, tt.want...)
		})
	}
}

// FuzzCIFAR checks that no input makes the batch parser or the archive
// reader panic, and that accepted batches are whole records.
func FuzzCIFAR(f *testing.F) {
	files, _, _ := fakeCIFAR()
	b, _, _ := cifarBatch(0, 1)
	f.Add(b)
	f.Add(tarBytes(f, []string{"test_batch.bin"}, map[string][]byte{"test_batch.bin": b}))
	f.Add(tarBytes(f, []string{cifarMeta}, files))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, in []byte) {
		pix, labels, err := ParseCIFAR10(in, 10)
		if err == nil && (len(pix) != 3072*len(labels) || len(in) != cifarRecord*len(labels)) {
			t.Fatalf("%d bytes gave %d pixels and %d labels", len(in), len(pix), len(labels))
		}
		got, err := readCIFAR10Archive(bytes.NewReader(in), false)
		if err != nil {
			return
		}
		if _, err := assembleCIFAR(got, false); err == nil && got["test_batch.bin"] == nil {
			t.Fatal("assembled a test set without test_batch.bin")
		}
	})
}

func TestCIFAR10RealStatistics(t *testing.T) {
	p := sharedFile(t, "cifar-10-binary.tar.gz")
	m, err := LoadCIFAR10(p, false)
	if err != nil {
		t.Fatal(err)
	}
	ref := loadRef(t).CIFAR10Test
	checkImageStats(t, m, ref)
	// The figures data/README.md quotes.
	for c, want := range []float64{0.4942, 0.4851, 0.4504} {
		if !near(ref.Mean[c], want, 5e-5) {
			t.Errorf("reference mean of channel %d %.4f, want %.4f", c, ref.Mean[c], want)
		}
	}
}

func TestCIFAR10RealTrain(t *testing.T) {
	if testing.Short() {
		t.Skip("loads all of CIFAR-10's training set")
	}
	p := sharedFile(t, "cifar-10-binary.tar.gz")
	m, err := LoadCIFAR10(p, true)
	if err != nil {
		t.Fatal(err)
	}
	info := Describe(m, DescribeOptions{})
	if m.Len() != 50000 {
		t.Errorf("got %d training images, want 50000", m.Len())
	}
	for k, n := range info.Counts {
		if n != 5000 {
			t.Errorf("class %d: %d images, want 5000", k, n)
		}
	}
}
