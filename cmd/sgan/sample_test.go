package main

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trainImages makes a dry run on a folder of 10 40x40 PNGs and returns
// its run directory.
func trainImages(t *testing.T) string {
	t.Helper()
	folder := t.TempDir()
	for i := 0; i < 10; i++ {
		writeTestPNG(t, filepath.Join(folder, string(rune('a'+i))+".png"))
	}
	out := t.TempDir()
	code, _, stderr := sgan(t, "train", "--dry-run", "--baseline", "--dataset", folder,
		"--nz", "8", "--out", out)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	return onlyRun(t, out)
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// TestSampleImages: with the default seed and 64 samples, the grid of each
// generator is the picture training drew at the checkpoint's iteration;
// --single writes one PNG of the images' size per sample.
func TestSampleImages(t *testing.T) {
	dir := trainImages(t)
	for _, g := range []string{"G0", "G2", "baseline"} {
		t.Run(g, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "grid.png")
			code, stdout, stderr := sgan(t, "sample", "--run", dir, "--generator", g,
				"--out", out)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.TrimSpace(stdout) != out {
				t.Errorf("stdout = %q, want the path %s", stdout, out)
			}
			want := readPNG(t, filepath.Join(dir, "samples", "00000001-"+g+".png"))
			if got := readPNG(t, out); !samePixels(got, want) {
				t.Errorf("grid %v differs from the run's picture %v", got.Bounds(),
					want.Bounds())
			}
		})
	}
	t.Run("single", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "singles")
		code, stdout, stderr := sgan(t, "sample", "--run", dir, "--single", "--n", "3",
			"--out", out)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if n := len(strings.Fields(stdout)); n != 3 {
			t.Errorf("%d paths printed, want 3:\n%s", n, stdout)
		}
		for _, name := range []string{"0000.png", "0001.png", "0002.png"} {
			img := readPNG(t, filepath.Join(out, name))
			if b := img.Bounds(); b.Dx() != 64 || b.Dy() != 64 {
				t.Errorf("%s is %dx%d, want 64x64", name, b.Dx(), b.Dy())
			}
		}
	})
	t.Run("other seed", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "grid.png")
		if code, _, stderr := sgan(t, "sample", "--run", dir, "--seed", "5", "--out",
			out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		want := readPNG(t, filepath.Join(dir, "samples", "00000001-G0.png"))
		if samePixels(readPNG(t, out), want) {
			t.Error("--seed 5 drew the pictures of the default noise")
		}
	})
}

// TestSampleToy: toy samples are one picture of points, of a fixed size.
func TestSampleToy(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := sgan(t, append([]string{"train", "--dry-run", "--out", out},
		tiny...)...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	dir := onlyRun(t, out)
	png := filepath.Join(t.TempDir(), "toy.png")
	code, _, stderr := sgan(t, "sample", "--run", dir, "--generator", "G1", "--n", "500",
		"--out", png)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b := readPNG(t, png).Bounds(); b.Dx() != panelPixels || b.Dy() != panelPixels {
		t.Errorf("picture %v, want %dx%d", b, panelPixels, panelPixels)
	}
	code, _, stderr = sgan(t, "sample", "--run", dir, "--single", "--out", t.TempDir())
	if code != exitUsage || !strings.Contains(stderr, "--single") {
		t.Errorf("--single on toy data: exit %d, stderr %q; want %d naming --single",
			code, stderr, exitUsage)
	}
}

func TestSampleBadInput(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := sgan(t, append([]string{"train", "--dry-run", "--out", out},
		tiny...)...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, stderr)
	}
	dir := onlyRun(t, out)
	empty := t.TempDir()
	if err := os.Mkdir(filepath.Join(empty, "checkpoints"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(empty, "config.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no run", nil, "--run: give a run directory"},
		{"missing run", []string{"--run", filepath.Join(out, "nope")},
			"--run " + filepath.Join(out, "nope") + ": not a run directory"},
		{"no checkpoint", []string{"--run", empty}, "no complete checkpoint"},
		{"unknown generator", []string{"--run", dir, "--generator", "G7"},
			"--generator G7: not in"},
		{"lists generators", []string{"--run", dir, "--generator", "G7"}, "G0, G1, G2"},
		{"bad n", []string{"--run", dir, "--n", "0"}, "--n 0"},
		{"grid and single", []string{"--run", dir, "--grid", "--single"}, "--grid and --single"},
		{"not a checkpoint", []string{"--checkpoint", filepath.Join(dir, "config.json")},
			"not an sgan checkpoint"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := sgan(t, append([]string{"sample", "--out",
				filepath.Join(t.TempDir(), "x.png")}, tc.args...)...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Fatalf("stderr lacks %q:\n%s", tc.want, stderr)
			}
		})
	}
}
