package data

import (
	"image/color"
	"path/filepath"
	"testing"
)

func TestOpenToy(t *testing.T) {
	tests := []struct {
		name  string
		modes int
		std   float64
	}{
		{"ring8", 8, 0.02}, {"ring10", 10, 0.02}, {"ring12", 12, 0.02},
		{"grid25", 25, 0.05}, {"grid9", 9, 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Open(tt.name, OpenOptions{DataDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			m, ok := src.(*Mixture)
			if !ok || len(m.Modes()) != tt.modes || m.Std() != tt.std {
				t.Errorf("got %T, want a mixture of %d modes with std %g", src, tt.modes, tt.std)
			}
		})
	}
	if src, err := Open("swissroll", OpenOptions{}); err != nil || src.Len() != 0 {
		t.Errorf("swissroll: %v, %v; want an endless source", src, err)
	}
	_, err := Open("grid10", OpenOptions{})
	wantErr(t, err, nil, "grid10", "square number")
}

func TestOpenFromDataDir(t *testing.T) {
	dir := t.TempDir()
	fakeMNIST(t, filepath.Join(dir, "mnist"), 7, 28, 28, true)
	fakeMNIST(t, filepath.Join(dir, "fashion-mnist"), 9, 28, 28, true)
	files, _, _ := fakeCIFAR()
	for name, b := range files {
		writeFile(t, dir, filepath.Join("cifar-10-batches-bin", name), b)
	}
	writeFile(t, dir, "tinyshakespeare.txt", []byte("To be, or not to be: that is the question"))
	tests := []struct {
		name string
		opts OpenOptions
		len  int
	}{
		{"mnist", OpenOptions{}, 7},
		{"fashion-mnist", OpenOptions{Test: true}, 9},
		{"cifar10", OpenOptions{}, 15},
		{"cifar10", OpenOptions{Test: true}, 4},
		{"tinyshakespeare", OpenOptions{Text: TextOptions{SeqLen: 8}}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.DataDir = dir
			src, err := Open(tt.name, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if src.Len() != tt.len {
				t.Errorf("%d examples, want %d", src.Len(), tt.len)
			}
		})
	}
}

func TestOpenPaths(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "img")
	writeFile(t, img, "x.png", encodeImage(t, uniform(5, 5, color.RGBA{A: 255}), "png"))
	files, _, _ := fakeCIFAR()
	tgz := writeFile(t, dir, "c.tgz", gzipBytes(tarBytes(t, cifarOrder, files)))
	txt := writeFile(t, dir, "news.en", []byte("one sentence\nanother one\n"))
	tests := []struct {
		path  string
		opts  OpenOptions
		shape []int64
	}{
		{img, OpenOptions{Folder: FolderOptions{Size: 28, Gray: true}}, []int64{1, 28, 28}},
		{tgz, OpenOptions{Test: true}, []int64{3, 32, 32}},
		{txt, OpenOptions{Text: TextOptions{Lines: true, SeqLen: 5, VocabSize: 10}},
			[]int64{10, 5}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			src, err := Open(tt.path, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got := src.Shape()
			for i := range tt.shape {
				if got[i] != tt.shape[i] {
					t.Fatalf("shape %v, want %v", got, tt.shape)
				}
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Open("cifar10", OpenOptions{DataDir: dir})
	wantErr(t, err, ErrNotFound, dir, "sgan data fetch cifar10")
	_, err = Open("celeba", OpenOptions{DataDir: dir})
	wantErr(t, err, ErrNotFound, `"celeba"`, "ring8", "cifar10")
	_, err = Open("tinyshakespeare", OpenOptions{DataDir: dir})
	wantErr(t, err, ErrNotFound, filepath.Join(dir, "tinyshakespeare.txt"))
}
