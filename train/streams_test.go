package train

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// TestStreams checks how an iteration queues its work on device streams,
// on torchx's recording backend (the networks stay on the CPU, where
// streams change nothing): every local pair's steps on a stream of its
// own, after the caller's stream and the last iteration's global steps;
// the global pair's and the baseline's on another stream, after every local
// pair's; the caller's stream after the global one; no host
// synchronisation. The networks are bit-identical to a run without
// streams, with one worker and with two.
func TestStreams(t *testing.T) {
	runtime.LockOSThread() // the current stream belongs to the OS thread
	defer runtime.UnlockOSThread()
	dev, err := torchx.RecordingStreams()
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			c := tinyConfig(GAN)
			c.Pairs, c.Baseline, c.Workers = 2, true, workers
			plain := train(t, c, 2)

			tr := streamTrainer(t, c, dev)
			pairs := []int64{tr.local[0].queue.ID(), tr.local[1].queue.ID()}
			global, caller := tr.globalQueue.ID(), tr.callerQueue.ID()
			for it := 1; it <= 2; it++ {
				if _, err := torchx.RecordedStreamOps(); err != nil {
					t.Fatal(err)
				}
				if err := tr.Iterate(); err != nil {
					t.Fatal(err)
				}
				ops, err := torchx.RecordedStreamOps()
				if err != nil {
					t.Fatal(err)
				}
				checkStreamOps(t, ops, pairs, global, caller, workers)
			}
			assertEqualTensors(t, "networks with streams", allState(tr), allState(plain))
		})
	}
}

// streamTrainer is a trainer of c on the ring whose steps are queued on
// streams of dev.
func streamTrainer(t *testing.T, c Config, dev torchx.Device) *Trainer {
	t.Helper()
	tr, err := New(c, ring(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.Close)
	if err := tr.useStreams(dev); err != nil {
		t.Fatal(err)
	}
	return tr
}

// checkStreamOps checks one iteration's stream operations (see
// torchx.RecordedStreamOps).
func checkStreamOps(t *testing.T, ops []string, pairs []int64, global, caller int64,
	workers int) {
	t.Helper()
	recordedOn := map[string]int64{} // event -> the stream it was recorded on
	waited := map[int64][]int64{}    // stream -> the streams it waited for so far
	entered := map[int64]int{}
	firstEnter, lastEnter := map[int64]int{}, map[int64]int{}
	for i, op := range ops {
		f := strings.Fields(op)
		var s int64
		switch f[0] {
		case "record":
			fmt.Sscanf(f[2], "s%d", &s)
			recordedOn[f[1]] = s
		case "wait":
			fmt.Sscanf(f[1], "s%d", &s)
			waited[s] = append(waited[s], recordedOn[f[2]])
		case "enter":
			fmt.Sscanf(f[1], "s%d", &s)
			if s == caller {
				continue
			}
			if _, ok := firstEnter[s]; !ok {
				firstEnter[s] = i
				// Before its first step, a stream has waited for what it must.
				var want []int64
				if slices.Contains(pairs, s) {
					want = []int64{caller, global}
				} else if s == global {
					want = pairs
				}
				for _, w := range want {
					if !slices.Contains(waited[s], w) {
						t.Errorf("s%d entered (operation %d) before waiting for s%d: %q",
							s, i, w, ops)
					}
				}
			}
			lastEnter[s] = i
			entered[s]++
		case "sync":
			t.Errorf("host synchronisation %q in an iteration", op)
		}
	}
	// A pair's 7 runs: zero, step, clip D's gradients; zero, step G's; and
	// its D and G step (with workers, its work runs on a thread of its own).
	for _, p := range pairs {
		if entered[p] != 7 {
			t.Errorf("pair stream s%d entered %d times, want 7", p, entered[p])
		}
		if lastEnter[p] > firstEnter[global] {
			t.Errorf("pair stream s%d entered after the global stream: %q", p, ops)
		}
	}
	if entered[global] != 2 {
		t.Errorf("global stream entered %d times, want 2 (the quarantine check, the "+
			"global and baseline steps)", entered[global])
	}
	n := len(ops)
	if n < 2 || !strings.HasSuffix(ops[n-2], fmt.Sprintf(" s%d", global)) ||
		!strings.HasPrefix(ops[n-1], fmt.Sprintf("wait s%d ", caller)) {
		t.Errorf("an iteration ends with %q, want the caller's stream waiting for the "+
			"global one", ops[max(0, n-2):])
	}
}

// TestDeferredQuarantine checks the checks of a run with device streams:
// a local pair that turns non-finite between two host reads is masked out
// of the global steps on the device, so that G0 and D0 stay finite, and is
// quarantined and reported at the next read (Config.CheckEvery).
func TestDeferredQuarantine(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	dev, err := torchx.RecordingStreams()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []Variant{GAN, WGANGP} {
		t.Run(string(v), func(t *testing.T) {
			c := tinyConfig(v)
			c.CheckEvery = 2
			tr := streamTrainer(t, c, dev)
			// Pair 2's G too, so that its samples are NaN from the first
			// iteration on.
			poison(t, tr, 1)
			poisonNet(t, tr.local[1].g)
			g0 := append(tr.global.g.Parameters(), tr.global.d.Parameters()...)
			for it, wantEvents := range []int{0, 1} {
				if err := tr.Iterate(); err != nil {
					t.Fatalf("iteration %d: %v", it+1, err)
				}
				if !finite(t, g0) {
					t.Fatalf("iteration %d: G0 or D0 not finite", it+1)
				}
				f := tr.Figures()
				if len(f.Events) != wantEvents || f.Local[1].Quarantined != (wantEvents == 1) {
					t.Fatalf("iteration %d: events %q, pair 2 quarantined %v; want %d event(s)",
						it+1, f.Events, f.Local[1].Quarantined, wantEvents)
				}
			}
			if !strings.Contains(tr.Figures().Events[0], "local pair 2 quarantined") {
				t.Errorf("event %q, want pair 2's quarantine", tr.Figures().Events[0])
			}
		})
	}
}
