package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

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
// OpenBLAS on one. Both ask only for the free cores (the cores that
// other work left idle over the first quarter second): a thread without a
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

// freeCores is the number of the cpus cores that busy cores of other work
// leave free, at least 1.
func freeCores(cpus int, busy float64) int {
	return max(1, min(cpus, cpus-int(math.Round(busy))))
}

// cpuTimes reads the jiffies that all cores spent idle (idle and iowait)
// and in all (user to steal) from the first line of Linux's /proc/stat,
// "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
// (guest time is counted in user time already).
func cpuTimes(stat []byte) (idle, total uint64, err error) {
	line, _, _ := strings.Cut(string(stat), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return 0, 0, fmt.Errorf("no cpu line of 8 counters in %q", line)
	}
	for i, f := range fields[1:9] {
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("cpu counter %d: %w", i+1, err)
		}
		total += v
		if i == 3 || i == 4 {
			idle += v
		}
	}
	return idle, total, nil
}

// busyCores is how many of cpus cores were busy between two snapshots of
// /proc/stat.
func busyCores(cpus int, before, after []byte) (float64, error) {
	idle0, total0, err := cpuTimes(before)
	if err != nil {
		return 0, err
	}
	idle1, total1, err := cpuTimes(after)
	if err != nil {
		return 0, err
	}
	if total1 <= total0 || idle1 < idle0 {
		return 0, fmt.Errorf("cpu counters did not advance")
	}
	return float64(cpus) * float64((total1-total0)-(idle1-idle0)) / float64(total1-total0), nil
}

// loadAverage is the 1-minute load average of loadavg (Linux's
// /proc/loadavg).
func loadAverage(loadavg string) (float64, error) {
	raw, err := os.ReadFile(loadavg)
	if err != nil {
		return 0, err
	}
	var load float64
	_, err = fmt.Sscan(string(raw), &load)
	return load, err
}

// machineBusy is how many of cpus cores other work keeps busy now: the
// share of time they were not idle between two readings of stat
// (/proc/stat), one before pause and one after. The 1-minute load average
// of loadavg is the fallback where stat cannot be read; it lags: a run
// started just after another ended would see that one's load for a minute
// and take too few threads (it did, after the CIFAR-10 classifier of
// scripts/reproduce/images.sh: 2.3 s an iteration on one thread instead of
// 1.4 s on two). 0 when neither can be read.
func machineBusy(cpus int, stat, loadavg string, pause func()) float64 {
	if busy, err := statBusy(cpus, stat, pause); err == nil {
		return busy
	}
	load, err := loadAverage(loadavg)
	if err != nil {
		return 0
	}
	return load
}

// statBusy is busyCores between a reading of stat before pause and one
// after.
func statBusy(cpus int, stat string, pause func()) (float64, error) {
	before, err := os.ReadFile(stat)
	if err != nil {
		return 0, err
	}
	pause()
	after, err := os.ReadFile(stat)
	if err != nil {
		return 0, err
	}
	return busyCores(cpus, before, after)
}

// applyThreads sets the threads of chooseThreads for this machine and logs
// them. On a GPU the choice hardly matters and is left as it is.
func applyThreads(flag int, cfg train.Config) {
	if dev, err := torchx.ParseDevice(cfg.Device); err == nil && dev.IsCUDA() {
		return
	}
	free := runtime.NumCPU()
	if flag <= 1 {
		quarter := func() { time.Sleep(250 * time.Millisecond) }
		free = freeCores(free, machineBusy(free, "/proc/stat", "/proc/loadavg", quarter))
	}
	p := chooseThreads(flag, cfg, free)
	torchx.SetNumThreads(p.Intra)
	fields := logrus.Fields{"intra_op": torchx.NumThreads()}
	// OpenBLAS's thread count from the environment wins.
	if os.Getenv("OPENBLAS_NUM_THREADS") != "" || torchx.SetBLASThreads(p.BLAS) {
		fields["openblas"] = torchx.BLASThreads()
	}
	logrus.WithFields(fields).Info("threads")
}
