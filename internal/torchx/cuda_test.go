package torchx

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestStreamsCUDA checks streams on CUDA: on a CPU build they fail with a
// message that says how to get CUDA; on a CUDA build with a device, a
// stream is entered, waited for and synchronised.
func TestStreamsCUDA(t *testing.T) {
	cuda := Device{Kind: "cuda"}
	if !CUDACompiled() && !CUDAAvailable() {
		if CUDADeviceCount() != 0 {
			t.Fatal("CPU build reports CUDA devices")
		}
		_, err := NewStream(cuda)
		if err == nil || !strings.Contains(err.Error(), "has no CUDA") ||
			!strings.Contains(err.Error(), "--device cpu") {
			t.Fatalf("NewStream(cuda) on a CPU build: err = %v", err)
		}
		return
	}
	if CUDADeviceCount() == 0 {
		_, err := NewStream(cuda)
		if err == nil || !strings.Contains(err.Error(), "no CUDA device") {
			t.Fatalf("NewStream without a device: err = %v", err)
		}
		return
	}
	a, err := NewStream(cuda)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := NewStream(cuda)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	x := FullLike(ToDevice(FromFloat32([]float32{1}, 1), cuda), 2)
	var y []float32
	if err := a.Run(func() error {
		x = MulScalar(x, 3)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.WaitFor(a); err != nil {
		t.Fatal(err)
	}
	if err := b.Run(func() error {
		y = Float32s(ToDevice(MulScalar(x, 2), CPU))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Synchronize(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(y, []float32{12}) {
		t.Errorf("2*3*2 on two streams = %v, want 12", y)
	}
	if _, err := NewStream(Device{Kind: "cuda", Index: CUDADeviceCount()}); err == nil {
		t.Fatal("stream on a device past the last: no error")
	}
}

// TestStreamsRecorded checks, on the recording backend, which stream
// operations Stream's methods queue: Run enters the stream and the previous
// one again, nested runs included, WaitFor records an event on the stream
// waited for and blocks the waiter on it, and nil streams do nothing.
func TestStreamsRecorded(t *testing.T) {
	dev, err := RecordingStreams()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RecordedStreamOps(); err != nil { // forget other tests' operations
		t.Fatal(err)
	}
	a, err := NewStream(dev)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := NewStream(dev)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = a.Run(func() error {
		return b.Run(func() error {
			cur, err := CurrentStream(dev)
			if err == nil && cur.ID() != b.ID() {
				t.Errorf("current stream inside b's Run: s%d, want s%d", cur.ID(), b.ID())
			}
			return err
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.WaitFor(a); err != nil {
		t.Fatal(err)
	}
	if err := b.Synchronize(); err != nil {
		t.Fatal(err)
	}
	var none *Stream
	if err := none.Run(func() error { return none.WaitFor(a) }); err != nil {
		t.Fatal(err)
	}
	got, err := RecordedStreamOps()
	if err != nil {
		t.Fatal(err)
	}
	sa, sb := a.ID(), b.ID()
	if sa == sb || sa == 0 || sb == 0 {
		t.Fatalf("stream ids %d and %d: want two pool streams", sa, sb)
	}
	want := []string{
		fmt.Sprintf("new s%d", sa), fmt.Sprintf("new s%d", sb),
		fmt.Sprintf("enter s%d", sa), fmt.Sprintf("enter s%d", sb),
		fmt.Sprintf("enter s%d", sa), "enter s0",
	}
	if len(got) != len(want)+3 || !slices.Equal(got[:len(want)], want) {
		t.Fatalf("operations %q, want %q, then WaitFor's and Synchronize's", got, want)
	}
	// WaitFor: an event recorded on a, then b waits for it.
	var event int
	if _, err := fmt.Sscanf(got[len(want)], "record e%d s"+fmt.Sprint(sa), &event); err != nil {
		t.Fatalf("WaitFor's first operation %q, want an event recorded on s%d", got[len(want)],
			sa)
	}
	rest := got[len(want)+1:]
	w := []string{fmt.Sprintf("wait s%d e%d", sb, event), fmt.Sprintf("sync s%d", sb)}
	if !slices.Equal(rest, w) {
		t.Errorf("operations after the record %q, want %q", rest, w)
	}
	if _, err := NewStream(CPU); err == nil {
		t.Error("a CPU stream from the pool: no error")
	}
}
