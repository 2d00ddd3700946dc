package main

import (
	"bufio"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/train"
)

// sgan runs the command line in-process and returns its exit status and
// output.
func sgan(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"sgan"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// tiny are flags that make a toy run take a second.
var tiny = []string{"--dataset", "ring8", "--pairs", "2", "--batch-size", "8", "--hidden", "16",
	"--nz", "4"}

func onlyRun(t *testing.T, out string) string {
	t.Helper()
	runs, err := filepath.Glob(filepath.Join(out, "0001-*"))
	if err != nil || len(runs) != 1 {
		t.Fatalf("run directories %v, %v: want one", runs, err)
	}
	return runs[0]
}

func TestTrainDryRun(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := sgan(t, "train", "--dry-run", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dir := onlyRun(t, out)
	for _, f := range []string{"config.json", "metrics.jsonl", "samples/00000000-toy.png",
		"samples/00000001-toy.png", "checkpoints/ckpt-00000001.sgan"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("run directory lacks %s", f)
		}
	}
	if !strings.Contains(stderr, "iteration=1 G0=") {
		t.Errorf("no log line for iteration 1 in:\n%s", stderr)
	}
	// A second run never overwrites the first.
	if code, _, stderr := sgan(t, "train", "--dry-run", "--out", out); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "0002-ring8-2-S-gan")); err != nil {
		t.Fatalf("second run directory: %v", err)
	}
}

// TestTrainCheckEvery: a run checks its pairs' finiteness on the host (on
// a GPU) at the log interval, and says so in config.json.
func TestTrainCheckEvery(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"train", "--iterations", "2", "--log-every", "2", "--out", out},
		tiny...)
	if code, _, stderr := sgan(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(onlyRun(t, out), "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"check_every": 2`) {
		t.Errorf("config.json lacks \"check_every\": 2:\n%s", raw)
	}
}

// TestTrainResume: 2 iterations, then --resume to 4, give the networks of
// a straight 4-iteration run.
func TestTrainResume(t *testing.T) {
	straight, split := t.TempDir(), t.TempDir()
	args := append([]string{"train", "--checkpoint-every", "2", "--log-every", "1"}, tiny...)
	if code, _, e := sgan(t, append(args, "--iterations", "4", "--out", straight)...); code != 0 {
		t.Fatalf("straight run: exit %d: %s", code, e)
	}
	if code, _, e := sgan(t, append(args, "--iterations", "2", "--out", split)...); code != 0 {
		t.Fatalf("first half: exit %d: %s", code, e)
	}
	dir := onlyRun(t, split)
	code, _, e := sgan(t, "train", "--resume", dir, "--iterations", "4")
	if code != 0 || !strings.Contains(e, "resuming at iteration 2") {
		t.Fatalf("resume: exit %d: %s", code, e)
	}
	lines := metricLines(t, dir)
	if len(lines) != 4 {
		t.Fatalf("metrics.jsonl has %d lines, want 4 (iterations 1 to 4)", len(lines))
	}
	a := loadG0(t, train.CheckpointPath(filepath.Join(onlyRun(t, straight), "checkpoints"), 4))
	b := loadG0(t, train.CheckpointPath(filepath.Join(dir, "checkpoints"), 4))
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("G0 has %d and %d values", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("G0 value %d: resumed %g, straight %g", i, b[i], a[i])
		}
	}
}

func metricLines(t *testing.T, dir string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "metrics.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(raw)), "\n")
}

func loadG0(t *testing.T, path string) []float32 {
	t.Helper()
	src, err := data.Open("ring8", data.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := train.Resume(path, src)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	var vals []float32
	for _, p := range tr.G0().Parameters() {
		vals = append(vals, torchx.Float32s(p)...)
	}
	return vals
}

func TestTrainBadInput(t *testing.T) {
	folder := t.TempDir()
	for i := 0; i < 3; i++ {
		writeTestPNG(t, filepath.Join(folder, string(rune('a'+i))+".png"))
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown data set", []string{"--dataset", "no-such-set"}, "--dataset no-such-set"},
		{"no pairs", []string{"--pairs", "0"}, "--pairs 0"},
		{"negative lr", []string{"--lr", "-1"}, "--lr -1"},
		{"bad variant", []string{"--variant", "lsgan"}, "variant \"lsgan\""},
		{"negative messenger steps", []string{"--messenger-steps", "-2"}, "--messenger-steps -2"},
		{"batch too large", []string{"--dataset", folder, "--batch-size", "8"},
			"--batch-size 8 is larger than the data set (3 examples)"},
		{"missing resume", []string{"--resume", filepath.Join(folder, "nope")}, "--resume"},
		{"resume a non-run", []string{"--resume", folder}, "not a run directory"},
		{"cuda", []string{"--device", "cuda"}, "--device cuda"},
		{"bad device", []string{"--device", "tpu"}, "--device \"tpu\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			code, _, stderr := sgan(t, append([]string{"train", "--out", out}, tc.args...)...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Fatalf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			if strings.Contains(stderr, "goroutine ") {
				t.Fatalf("stack trace in stderr:\n%s", stderr)
			}
		})
	}
}

func writeTestPNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	for i := range img.Pix {
		img.Pix[i] = uint8(i)
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestTrainSignal runs the built binary and interrupts it: it finishes the
// iteration, writes a checkpoint, says how to resume and exits non-zero.
func TestTrainSignal(t *testing.T) {
	bin := sganBinary(t)
	out := t.TempDir()
	cmd := exec.Command(bin, append([]string{"train", "--iterations", "100000",
		"--log-every", "1", "--checkpoint-every", "100000", "--out", out}, tiny...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "iteration=3 ") {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
		}
		done <- cmd.Wait()
	}()
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("no exit 60 s after SIGINT")
	}
	if err == nil {
		t.Fatalf("exit 0 after SIGINT, want non-zero; log:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "continue with sgan train --resume") {
		t.Fatalf("no resume hint in:\n%s", log.String())
	}
	cks, _ := train.Checkpoints(filepath.Join(onlyRun(t, out), "checkpoints"))
	if len(cks) != 1 {
		t.Fatalf("checkpoints %v, want the one written on the signal", cks)
	}
}
