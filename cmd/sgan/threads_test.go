package main

import (
	"math"
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
	tests := []struct {
		cpus int
		busy float64
		want int
	}{
		{2, 0.08, 2}, {2, 1.12, 1}, {2, 8.15, 1}, {8, 2.6, 5}, {4, 0, 4},
	}
	for _, tc := range tests {
		if got := freeCores(tc.cpus, tc.busy); got != tc.want {
			t.Errorf("freeCores(%d, %g) = %d, want %d", tc.cpus, tc.busy, got, tc.want)
		}
	}
}

// stat is a /proc/stat of the given jiffies, user to steal, with guest
// counters after them (which user already holds) and a per-cpu line.
func stat(counters string) string {
	return "cpu  " + counters + " 500 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 12345\n"
}

func TestBusyCores(t *testing.T) {
	tests := []struct {
		name          string
		cpus          int
		before, after string
		want          float64
	}{
		// 200 jiffies over 2 cores: 100 user, 100 idle.
		{"one core busy", 2, stat("1000 0 0 5000 0 0 0 0"), stat("1100 0 0 5100 0 0 0 0"), 1},
		{"idle", 2, stat("1000 0 0 5000 0 0 0 0"), stat("1000 0 0 5180 20 0 0 0"), 0},
		// system, irq, softirq and steal are busy; nice too.
		{"all busy", 4, stat("1 2 3 4 5 6 7 8"), stat("11 12 13 4 5 16 17 18"), 4},
		{"a quarter busy", 4, stat("0 0 0 0 0 0 0 0"), stat("0 25 0 60 15 0 0 0"), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := busyCores(tc.cpus, []byte(tc.before), []byte(tc.after))
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("busyCores = %g, want %g", got, tc.want)
			}
		})
	}
	for _, bad := range [][2]string{
		{stat("1 2 3 4 5 6 7 8"), stat("1 2 3 4 5 6 7 8")},  // no time passed
		{"cpu0 1 2 3 4 5 6 7 8\n", stat("1 2 3 4 5 6 7 8")}, // no aggregate line
		{"cpu  1 2 3\n", stat("1 2 3 4 5 6 7 8")},           // too few counters
		{stat("1 2 3 x 5 6 7 8"), stat("1 2 3 4 5 6 7 8")},  // not a number
	} {
		if got, err := busyCores(2, []byte(bad[0]), []byte(bad[1])); err == nil {
			t.Errorf("busyCores(%q, %q) = %g, want an error", bad[0], bad[1], got)
		}
	}
}

// TestMachineBusy: the busy cores are those of now, measured over the
// pause, not the 1-minute load average, which still counts work that has
// just ended; the load average is the fallback.
func TestMachineBusy(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeFile(t, dir, name, text) }
	loadavg := write("loadavg", "1.97 1.20 0.50 1/300 42")
	statFile := write("stat", stat("1000 0 0 5000 0 0 0 0"))
	idle := func() { write("stat", stat("1005 0 0 5195 0 0 0 0")) }
	if got := machineBusy(2, statFile, loadavg, idle); math.Abs(got-0.05) > 1e-9 {
		t.Errorf("an idle machine after busy minutes: %g busy cores, want 0.05", got)
	}
	nothing := func() {}
	if got := machineBusy(2, statFile, loadavg, nothing); got != 1.97 {
		t.Errorf("counters that did not advance: %g busy cores, want the load average 1.97",
			got)
	}
	missing := filepath.Join(dir, "missing")
	if got := machineBusy(2, missing, loadavg, nothing); got != 1.97 {
		t.Errorf("no /proc/stat: %g busy cores, want the load average 1.97", got)
	}
	if got := machineBusy(2, missing, missing, nothing); got != 0 {
		t.Errorf("neither file: %g busy cores, want 0", got)
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
