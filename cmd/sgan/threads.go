package main

import (
	"fmt"
	"math"
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

// chooseThreads picks the threads of a CPU run of cfg when free cores are
// not busy with other work; flag (--threads) > 0 fixes the intra-op
// threads: 1 leaves OpenBLAS on the free cores, more put it on one, so
// that the two pools do not fight. The automatic choice follows what was
// measured on the 2-core build machine (BENCHMARKS.md, "Threads"): the toy
// MLPs spend their time in OpenBLAS's matrix products, which run fastest
// with OpenBLAS's own threads on the cores and one intra-op thread; the
// convolutional networks spend it in oneDNN's convolutions, driven by
// libtorch's intra-op threads, which run fastest with a thread per core and
// OpenBLAS on one. Both ask only for the free cores: a thread without a
// core of its own makes the others wait for it at every operation (3.5x
// slower, measured).
func chooseThreads(flag int, cfg train.Config, free int) threadPolicy {
	switch {
	case flag == 1:
		return threadPolicy{Intra: 1, BLAS: free}
	case flag > 1:
		return threadPolicy{Intra: flag, BLAS: 1}
	case cfg.G.Arch == nn.MLP:
		return threadPolicy{Intra: 1, BLAS: free}
	}
	return threadPolicy{Intra: free, BLAS: 1}
}

// freeCores is the number of the cpus cores that other work leaves free,
// by the 1-minute load average of loadavg (Linux's /proc/loadavg), at
// least 1; all of them when loadavg cannot be read.
func freeCores(cpus int, loadavg string) int {
	raw, err := os.ReadFile(loadavg)
	if err != nil {
		return cpus
	}
	var load float64
	if _, err := fmt.Sscan(string(raw), &load); err != nil {
		return cpus
	}
	return max(1, min(cpus, cpus-int(math.Round(load))))
}

// applyThreads sets the threads of chooseThreads for this machine and logs
// them. On a GPU the choice hardly matters and is left as it is.
func applyThreads(flag int, cfg train.Config) {
	if dev, err := torchx.ParseDevice(cfg.Device); err == nil && dev.IsCUDA() {
		return
	}
	p := chooseThreads(flag, cfg, freeCores(runtime.NumCPU(), "/proc/loadavg"))
	torchx.SetNumThreads(p.Intra)
	fields := logrus.Fields{"intra_op": torchx.NumThreads()}
	// OpenBLAS's thread count from the environment wins.
	if os.Getenv("OPENBLAS_NUM_THREADS") != "" || torchx.SetBLASThreads(p.BLAS) {
		fields["openblas"] = torchx.BLASThreads()
	}
	logrus.WithFields(fields).Info("threads")
}
