package torchx

import (
	"strings"
	"testing"
)

// TestStreamsWithoutCUDA checks the CPU build's behaviour: streams fail
// with a message that says how to get CUDA. On a CUDA build with a device,
// a stream is entered and left instead.
func TestStreams(t *testing.T) {
	if !CUDACompiled() {
		if CUDAAvailable() || CUDADeviceCount() != 0 {
			t.Fatal("CPU build reports CUDA devices")
		}
		_, err := NewStream(0)
		if err == nil || !strings.Contains(err.Error(), "built without CUDA") ||
			!strings.Contains(err.Error(), "--device cpu") {
			t.Fatalf("NewStream on a CPU build: err = %v", err)
		}
		return
	}
	if CUDADeviceCount() == 0 {
		_, err := NewStream(0)
		if err == nil || !strings.Contains(err.Error(), "no CUDA device") {
			t.Fatalf("NewStream without a device: err = %v", err)
		}
		return
	}
	s, err := NewStream(0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	exit, err := s.Enter()
	if err != nil {
		t.Fatal(err)
	}
	if err := exit(); err != nil {
		t.Fatal(err)
	}
	if err := s.Synchronize(); err != nil {
		t.Fatal(err)
	}
	if _, err := NewStream(CUDADeviceCount()); err == nil {
		t.Fatal("stream on a device past the last: no error")
	}
}
