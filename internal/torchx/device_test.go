package torchx

import (
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

func TestParseDevice(t *testing.T) {
	good := []struct {
		in   string
		want Device
		str  string
	}{
		{"cpu", Device{Kind: "cpu"}, "cpu"},
		{"cuda", Device{Kind: "cuda"}, "cuda:0"},
		{"cuda:0", Device{Kind: "cuda"}, "cuda:0"},
		{"cuda:3", Device{Kind: "cuda", Index: 3}, "cuda:3"},
		{"meta", Device{Kind: "meta"}, "meta"},
	}
	for _, tc := range good {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDevice(tc.in)
			if err != nil || got != tc.want || got.String() != tc.str {
				t.Fatalf("ParseDevice(%q) = %+v (%q), %v; want %+v (%q)", tc.in, got,
					got.String(), err, tc.want, tc.str)
			}
		})
	}
	for _, in := range []string{"", "gpu", "cuda:", "cuda:-1", "cuda:x", "cuda:01", "cpu:0",
		"CUDA"} {
		t.Run("bad "+in, func(t *testing.T) {
			if d, err := ParseDevice(in); err == nil {
				t.Fatalf("ParseDevice(%q) = %+v, want an error", in, d)
			}
		})
	}
	if (Device{}).String() != "cpu" || !(Device{}).IsCPU() {
		t.Errorf("the zero Device is %q, want the cpu", Device{})
	}
}

func TestDeviceUsable(t *testing.T) {
	if err := CPU.Usable(); err != nil {
		t.Fatalf("cpu: %v", err)
	}
	if CUDACompiled() {
		t.Skip("a CUDA build: the messages below are for CPU builds")
	}
	err := Device{Kind: "cuda", Index: 1}.Usable()
	if err == nil || !strings.Contains(err.Error(), "built without CUDA") ||
		!strings.Contains(err.Error(), "cuda:1") {
		t.Fatalf("cuda:1 in a CPU build: %v, want a message naming it and the fix", err)
	}
	if AutoDevice() != CPU {
		t.Fatalf("AutoDevice() = %v in a CPU build, want cpu", AutoDevice())
	}
}

// TestMoveToDevice moves a leaf to the meta device (shapes without data,
// which every libtorch build has): it stays a leaf that requires a gradient,
// of the same shape, now on meta; ToDevice and FullLike follow.
func TestMoveToDevice(t *testing.T) {
	meta := Device{Kind: "meta"}
	p := FromFloat32([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	if err := SetRequiresGrad(p, true); err != nil {
		t.Fatal(err)
	}
	if got := DeviceOf(p); got != CPU {
		t.Fatalf("device of a new tensor %v, want cpu", got)
	}
	if err := MoveToDevice(nil, meta); err != nil {
		t.Fatalf("moving nothing: %v", err)
	}
	if err := MoveToDevice([]torch.Tensor{p}, meta); err != nil {
		t.Fatal(err)
	}
	if got := DeviceOf(p); got != meta {
		t.Fatalf("device after the move %v, want meta", got)
	}
	if on, err := RequiresGrad(p); err != nil || !on {
		t.Fatalf("requires grad after the move: %v, %v; want true", on, err)
	}
	if s := p.Shape(); len(s) != 2 || s[0] != 2 || s[1] != 3 {
		t.Fatalf("shape after the move %v, want [2 3]", s)
	}
	if got := DeviceOf(FullLike(p, 1)); got != meta {
		t.Fatalf("FullLike of a meta tensor on %v, want meta", got)
	}
	c := FromFloat32([]float32{1, 2}, 2)
	if got := DeviceOf(ToDevice(c, meta)); got != meta {
		t.Fatalf("ToDevice(meta) on %v", got)
	}
	if ToDevice(c, CPU).T != c.T {
		t.Fatal("ToDevice(cpu) of a CPU tensor is a new tensor, want the same")
	}
	if !CUDACompiled() {
		if err := MoveToDevice([]torch.Tensor{c}, Device{Kind: "cuda"}); err == nil {
			t.Fatal("moving to CUDA in a CPU build succeeded")
		}
	}
}

func TestFullLike(t *testing.T) {
	x := FromFloat32([]float32{1, 2, 3}, 3, 1)
	got := Float32s(FullLike(x, 0.25))
	if len(got) != 3 || got[0] != 0.25 || got[1] != 0.25 || got[2] != 0.25 {
		t.Fatalf("FullLike(x, 0.25) = %v", got)
	}
}

// TestGeneratorDevice: a generator whose tensors go to another device draws
// the same CPU stream as one that stays on the CPU.
func TestGeneratorDevice(t *testing.T) {
	a, b := NewGenerator(7), NewGenerator(7)
	a.SetDevice(Device{Kind: "meta"})
	if got := DeviceOf(a.RandN(4, 2)); got.Kind != "meta" {
		t.Fatalf("RandN on %v, want meta", got)
	}
	if got := DeviceOf(a.Rand(3)); got.Kind != "meta" {
		t.Fatalf("Rand on %v, want meta", got)
	}
	b.RandN(4, 2)
	b.Rand(3)
	a.SetDevice(CPU)
	x, y := Float32s(a.RandN(5)), Float32s(b.RandN(5))
	for i := range x {
		if x[i] != y[i] {
			t.Fatalf("draw %d after meta draws: %g, want the CPU stream's %g", i, x[i], y[i])
		}
	}
}
