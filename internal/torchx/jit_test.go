package torchx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModuleForwardMatchesPyTorch runs testdata/tiny.pt, a TorchScript module
// saved by make_reference.py, and compares both of its outputs.
func TestModuleForwardMatchesPyTorch(t *testing.T) {
	ref := loadReference(t)
	m, err := LoadModule("testdata/tiny.pt", "cpu")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	outs, err := m.Forward(ref.JIT.Input.tensor())
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 2 {
		t.Fatalf("%d outputs, want 2 (features, logits)", len(outs))
	}
	assertClose(t, "features", outs[0], ref.JIT.Features, 1e-5)
	assertClose(t, "logits", outs[1], ref.JIT.Logits, 1e-5)
}

func TestModuleErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.pt")
	if err := os.WriteFile(garbage, []byte("not a zip archive"), 0o644); err != nil {
		t.Fatal(err)
	}
	loads := []struct {
		name, path, device, want string
	}{
		{"missing", filepath.Join(dir, "none.pt"), "cpu", "no such file"},
		{"directory", dir, "cpu", "is a directory"},
		{"garbage", garbage, "cpu", garbage},
		{"bad device", "testdata/tiny.pt", "tpu:9", "tpu"},
	}
	for _, tc := range loads {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadModule(tc.path, tc.device)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}

	m, err := LoadModule("testdata/tiny.pt", "cpu")
	if err != nil {
		t.Fatal(err)
	}
	// A wrong input shape is the user's file or data: an error, not a crash.
	_, err = m.Forward(FromFloat32([]float32{1, 2, 3}, 3))
	if err == nil || !strings.Contains(err.Error(), "tiny.pt") {
		t.Fatalf("forward of a wrong shape: err = %v", err)
	}
	m.Close()
	if _, err := m.Forward(FromFloat32([]float32{1}, 1)); err == nil {
		t.Fatal("forward after Close: no error")
	}
}
