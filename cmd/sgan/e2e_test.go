package main

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binOut  []byte
)

// TestMain removes the binary that sganBinary built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// sganBinary builds the sgan binary once for the package's tests.
func sganBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sgan-e2e-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "sgan")
		binOut, binErr = exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
	})
	if binErr != nil {
		t.Fatalf("go build: %v\n%s", binErr, binOut)
	}
	return binPath
}

// runBinary runs the built sgan with args and fails the test unless it
// exits 0; it returns stdout.
func runBinary(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(sganBinary(t), args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sgan %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// wantFiles fails the test for every file of names missing from dir, and
// decodes those that end in .png.
func wantFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		path := filepath.Join(dir, n)
		f, err := os.Open(path)
		if err != nil {
			t.Errorf("run directory lacks %s", n)
			continue
		}
		if strings.HasSuffix(n, ".png") {
			if _, err := png.Decode(f); err != nil {
				t.Errorf("%s: %v", n, err)
			}
		}
		f.Close()
	}
}

// TestEndToEndToy builds the binary, trains 5-S-GAN's tiny cousin on the
// 8-mode ring with a baseline, resumes it, then samples and scores it.
func TestEndToEndToy(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"train", "--iterations", "4", "--baseline", "--log-every", "1",
		"--sample-every", "2", "--checkpoint-every", "2", "--out", out}, tiny...)
	runBinary(t, args...)
	dir := onlyRun(t, out)
	wantFiles(t, dir, "config.json", "metrics.jsonl", "index.html",
		"samples/00000000-toy.png", "samples/00000004-toy.png",
		"plots/00000004-levels.png", "plots/curves.png",
		"checkpoints/ckpt-00000002.sgan", "checkpoints/ckpt-00000004.sgan")

	runBinary(t, "train", "--resume", dir, "--iterations", "6")
	wantFiles(t, dir, "samples/00000006-toy.png", "checkpoints/ckpt-00000006.sgan")
	if n := len(metricLines(t, dir)); n != 6 {
		t.Errorf("metrics.jsonl has %d lines after the resume, want 6", n)
	}

	pic := filepath.Join(out, "g0.png")
	runBinary(t, "sample", "--run", dir, "--out", pic)
	wantFiles(t, out, "g0.png")
	table := runBinary(t, "score", "--run", dir, "--n", "200")
	for _, gen := range []string{"G0", "G1", "G2", "baseline"} {
		if !strings.Contains(table, gen) {
			t.Errorf("score table lacks %s:\n%s", gen, table)
		}
	}
	wantFiles(t, dir, "score.json")
}

// TestEndToEndMNIST builds the binary and trains two tiny DCGAN28 pairs and
// a baseline on MNIST for two iterations, then resumes to three.
func TestEndToEndMNIST(t *testing.T) {
	needMNIST(t)
	out := t.TempDir()
	runBinary(t, "train", "--dataset", "mnist", "--pairs", "2", "--baseline", "--batch-size",
		"16", "--width", "8", "--nz", "8", "--iterations", "2", "--log-every", "1",
		"--sample-every", "2", "--checkpoint-every", "1", "--out", out)
	dir := onlyRun(t, out)
	wantFiles(t, dir, "config.json", "metrics.jsonl", "index.html", "plots/curves.png",
		"samples/00000002-G0.png", "samples/00000002-G1.png", "samples/00000002-G2.png",
		"samples/00000002-baseline.png", "checkpoints/ckpt-00000002.sgan")
	runBinary(t, "train", "--resume", dir, "--iterations", "3")
	wantFiles(t, dir, "samples/00000003-G0.png", "checkpoints/ckpt-00000003.sgan")
	if n := len(metricLines(t, dir)); n != 3 {
		t.Errorf("metrics.jsonl has %d lines after the resume, want 3", n)
	}
}
