package main

import (
	"os"
	"runtime"

	"github.com/sirupsen/logrus"

	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

// threadPolicy is how many threads libtorch's intra-op pool and OpenBLAS
// use for a run on the CPU.
type threadPolicy struct {
	Intra, BLAS int
}

// chooseThreads picks the threads of a CPU run of cfg on cpus cores; flag
// (--threads) > 0 fixes the intra-op threads: 1 leaves OpenBLAS on every
// core, more put it on one, so that the two pools do not fight. The
// automatic choice follows what was measured on the 2-core build machine (BENCHMARKS.md, "Threads"): the toy MLPs spend
// their time in OpenBLAS's matrix products, which run fastest with
// OpenBLAS's own threads on every core and one intra-op thread; the
// convolutional networks spend it in oneDNN's convolutions, driven by
// libtorch's intra-op threads, which run fastest on every core with
// OpenBLAS on one (its threads would fight them for the cores).
func chooseThreads(flag int, cfg train.Config, cpus int) threadPolicy {
	switch {
	case flag == 1:
		return threadPolicy{Intra: 1, BLAS: cpus}
	case flag > 1:
		return threadPolicy{Intra: flag, BLAS: 1}
	case cfg.G.Arch == nn.MLP:
		return threadPolicy{Intra: 1, BLAS: cpus}
	}
	return threadPolicy{Intra: cpus, BLAS: 1}
}

// applyThreads sets the threads of chooseThreads for this machine and logs
// them. On a GPU the choice hardly matters and is left as it is.
func applyThreads(flag int, cfg train.Config) {
	if dev, err := torchx.ParseDevice(cfg.Device); err == nil && dev.IsCUDA() {
		return
	}
	p := chooseThreads(flag, cfg, runtime.NumCPU())
	torchx.SetNumThreads(p.Intra)
	fields := logrus.Fields{"intra_op": torchx.NumThreads()}
	// OpenBLAS's thread count from the environment wins.
	if os.Getenv("OPENBLAS_NUM_THREADS") != "" || torchx.SetBLASThreads(p.BLAS) {
		fields["openblas"] = torchx.BLASThreads()
	}
	logrus.WithFields(fields).Info("threads")
}
