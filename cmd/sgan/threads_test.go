package main

import (
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
		cpus int
		want threadPolicy
	}{
		{"mlp: OpenBLAS on every core", 0, mlp, 2, threadPolicy{Intra: 1, BLAS: 2}},
		{"dcgan: intra-op on every core", 0, dcgan, 2, threadPolicy{Intra: 2, BLAS: 1}},
		{"dcgan on 8 cores", 0, dcgan, 8, threadPolicy{Intra: 8, BLAS: 1}},
		{"text is convolutional", 0, text, 4, threadPolicy{Intra: 4, BLAS: 1}},
		{"--threads 1", 1, dcgan, 2, threadPolicy{Intra: 1, BLAS: 2}},
		{"--threads 3", 3, mlp, 2, threadPolicy{Intra: 3, BLAS: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := chooseThreads(tc.flag, tc.cfg, tc.cpus); got != tc.want {
				t.Errorf("chooseThreads(%d, %s, %d) = %+v, want %+v", tc.flag, tc.cfg.G.Arch,
					tc.cpus, got, tc.want)
			}
		})
	}
}

// TestTrainSetsThreads: a run sets the threads it logs.
func TestTrainSetsThreads(t *testing.T) {
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
