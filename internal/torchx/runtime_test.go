package torchx

import (
	"bytes"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

func TestNumThreads(t *testing.T) {
	old := NumThreads()
	defer SetNumThreads(old)
	for _, n := range []int{1, 2, 3} {
		SetNumThreads(n)
		if got := NumThreads(); got != n {
			t.Fatalf("after SetNumThreads(%d): NumThreads = %d", n, got)
		}
	}
	SetNumThreads(0)
	if got := NumThreads(); got != 1 {
		t.Fatalf("after SetNumThreads(0): NumThreads = %d, want 1", got)
	}
}

// TestManualSeedMatchesPyTorch checks that the same seed draws the same
// normal numbers as torch.manual_seed in python3-torch (same generator).
func TestManualSeedMatchesPyTorch(t *testing.T) {
	ref := loadReference(t)
	ManualSeed(ref.RNG.Seed)
	state, err := CPURNGState()
	if err != nil {
		t.Fatal(err)
	}
	if len(state) != ref.RNG.StateLen {
		t.Fatalf("state has %d bytes, PyTorch's %d", len(state), ref.RNG.StateLen)
	}
	var sum int64
	for _, b := range state {
		sum += int64(b)
	}
	if sum != ref.RNG.StateSum {
		t.Fatalf("state byte sum %d, PyTorch's %d", sum, ref.RNG.StateSum)
	}
	assertClose(t, "randn", torch.RandN([]int64{2, 3}, false), ref.RNG.Randn, 0)
}

func TestRNGStateRoundTrip(t *testing.T) {
	ManualSeed(7)
	torch.RandN([]int64{10}, false)
	state, err := CPURNGState()
	if err != nil {
		t.Fatal(err)
	}
	first := Float32s(torch.RandN([]int64{5}, false))
	if err := SetCPURNGState(state); err != nil {
		t.Fatal(err)
	}
	again := Float32s(torch.RandN([]int64{5}, false))
	for i := range first {
		if first[i] != again[i] {
			t.Fatalf("draw %d after restoring: %g, want %g", i, again[i], first[i])
		}
	}
	if back, _ := CPURNGState(); bytes.Equal(back, state) {
		t.Fatal("state unchanged after drawing")
	}
	if err := SetCPURNGState(state[:10]); err == nil {
		t.Fatal("truncated state: no error")
	}
	if err := SetCPURNGState(nil); err == nil {
		t.Fatal("empty state: no error")
	}
}

func TestVersionAndConfig(t *testing.T) {
	if v := Version(); !strings.HasPrefix(v, "1.") && !strings.HasPrefix(v, "2.") {
		t.Fatalf("Version = %q, want a libtorch version", v)
	}
	if c := Config(); !strings.Contains(c, "ATen/Parallel") {
		t.Fatalf("Config lacks the parallel settings:\n%s", c)
	}
}
