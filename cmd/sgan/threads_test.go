package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

func TestChooseThreads(t *testing.T) {
	mlp := train.Config{G: nn.Spec{Arch: nn.MLP}}
	dcgan := train.Config{G: nn.Spec{Arch: nn.DCGAN32}}
	text := train.Config{G: nn.Spec{Arch: nn.ResNet1d}}
	tests := []struct {
		name string
		flag int
		cfg  train.Config
		free int
		want threadPolicy
	}{
		{"mlp: OpenBLAS on every core", 0, mlp, 2, threadPolicy{Intra: 1, BLAS: 2}},
		{"dcgan: intra-op on every core", 0, dcgan, 2, threadPolicy{Intra: 2, BLAS: 1}},
		{"dcgan on 8 free cores", 0, dcgan, 8, threadPolicy{Intra: 8, BLAS: 1}},
		{"dcgan on a busy machine", 0, dcgan, 1, threadPolicy{Intra: 1, BLAS: 1}},
		{"text is convolutional", 0, text, 4, threadPolicy{Intra: 4, BLAS: 1}},
		{"--threads 1", 1, dcgan, 2, threadPolicy{Intra: 1, BLAS: 2}},
		{"--threads 3", 3, mlp, 2, threadPolicy{Intra: 3, BLAS: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := chooseThreads(tc.flag, tc.cfg, tc.free); got != tc.want {
				t.Errorf("chooseThreads(%d, %s, %d) = %+v, want %+v", tc.flag, tc.cfg.G.Arch,
					tc.free, got, tc.want)
			}
		})
	}
}

func TestFreeCores(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, loadavg string
		cpus, want    int
	}{
		{"idle", "0.08 0.10 0.20 1/300 42", 2, 2},
		{"one busy core", "1.12 0.90 0.50 3/300 42", 2, 1},
		{"overloaded", "8.15 8.07 7.68 9/300 42", 2, 1},
		{"half busy", "2.6 1 1 1/1 1", 8, 5},
		{"unreadable", "", 4, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "loadavg")
			if tc.loadavg == "" {
				path = filepath.Join(dir, "missing")
			} else if err := os.WriteFile(path, []byte(tc.loadavg), 0o644); err != nil {
				t.Fatal(err)
			}
			if got := freeCores(tc.cpus, path); got != tc.want {
				t.Errorf("freeCores(%d, %q) = %d, want %d", tc.cpus, tc.loadavg, got, tc.want)
			}
		})
	}
}

// TestTrainSetsThreads: a run sets the threads it logs. libtorch keeps the
// intra-op thread count of each OS thread that has run an operation, so the
// test stays on one, as sgan's main goroutine does (gotorch locks it).
func TestTrainSetsThreads(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer torchx.SetNumThreads(torchx.NumThreads())
	code, _, stderr := sgan(t, append([]string{"train", "--iterations", "1", "--threads", "2",
		"--out", t.TempDir()}, tiny...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if torchx.NumThreads() != 2 {
		t.Errorf("intra-op threads %d after --threads 2", torchx.NumThreads())
	}
	if !strings.Contains(stderr, "intra_op=2") {
		t.Errorf("no threads line with intra_op=2 in:\n%s", stderr)
	}
}
