package nn

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// TestResNet1dParamsMatchPyTorch compares the parameter counts and shapes
// and the output shape with make_resnet1d.py's modules (no buffers).
func TestResNet1dParamsMatchPyTorch(t *testing.T) {
	for _, c := range loadReference(t, "resnet1d.json").Counts {
		t.Run(c.Spec.String(), func(t *testing.T) { checkCounts(t, c) })
	}
}

// TestResNet1dForwardMatchesPyTorch loads PyTorch's weights and compares
// the outputs, the loss mean(out^2) and its gradients' norms (checkForward;
// without BatchNorm, evaluation mode is the same function).
func TestResNet1dForwardMatchesPyTorch(t *testing.T) {
	for _, c := range loadReference(t, "resnet1d.json").Cases {
		t.Run(c.Name, func(t *testing.T) { checkForward(t, c) })
	}
}

func TestResNet1dInitMatchesPyTorch(t *testing.T) {
	for _, ref := range loadReference(t, "resnet1d.json").Init {
		t.Run(ref.Spec.String(), func(t *testing.T) { checkInit(t, ref) })
	}
}

// TestResNet1dSharing checks the N-SW sharing against make_resnet1d.py and
// against the tensors NewShared shares: about half the parameters.
func TestResNet1dSharing(t *testing.T) {
	for _, c := range loadReference(t, "resnet1d.json").Sharing {
		t.Run(c.Spec.String(), func(t *testing.T) {
			if f := checkSharing(t, c); f < 0.4 || f > 0.6 {
				t.Errorf("fraction %.4f: want about half (0.4 to 0.6)", f)
			}
		})
	}
}

// TestResNet1dSharesTheRightStages: G shares its last stages (output
// convolution, then blocks), D its first (input convolution, then blocks).
func TestResNet1dSharesTheRightStages(t *testing.T) {
	tests := []struct {
		spec   Spec
		layers int
		shared []bool // per parameter
	}{
		// Stages: linear (2); block (4); block (4); conv (2).
		{Spec{Arch: ResNet1d, Role: Generator, NZ: 4, Vocab: 5, SeqLen: 6, Dim: 3, Blocks: 2},
			2, []bool{false, false, false, false, false, false, true, true, true, true,
				true, true}},
		// Stages: conv (2); block (4); block (4); linear (2).
		{Spec{Arch: ResNet1d, Role: Discriminator, Vocab: 5, SeqLen: 6, Dim: 3, Blocks: 2},
			2, []bool{true, true, true, true, true, true, false, false, false, false,
				false, false}},
	}
	for _, tc := range tests {
		t.Run(tc.spec.String(), func(t *testing.T) {
			checkSharedParams(t, tc.spec, tc.layers, tc.shared)
		})
	}
}

func TestResNet1dResolve(t *testing.T) {
	tests := []struct {
		in   Spec
		want Spec
	}{
		{Spec{Arch: ResNet1d, Role: Generator},
			Spec{Arch: ResNet1d, Role: Generator, NZ: 128, Vocab: 96, SeqLen: 32, Dim: 512,
				Blocks: 4}},
		{Spec{Arch: ResNet1d, Role: Discriminator, Vocab: 60, Dim: 128},
			Spec{Arch: ResNet1d, Role: Discriminator, Vocab: 60, SeqLen: 32, Dim: 128,
				Blocks: 4}},
	}
	for _, tc := range tests {
		t.Run(tc.in.String(), func(t *testing.T) {
			got, err := tc.in.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Resolve = %s, want %s", got, tc.want)
			}
			if shape := got.SampleShape(); !equalShape(shape,
				[]int64{int64(tc.want.Vocab), int64(tc.want.SeqLen)}) {
				t.Errorf("SampleShape = %v, want (V, L)", shape)
			}
		})
	}
}

func TestResNet1dResolveErrors(t *testing.T) {
	g, d := Generator, Discriminator
	tests := []struct {
		spec Spec
		want string
	}{
		{Spec{Arch: ResNet1d, Role: d, NZ: 8}, "nz applies to generators only"},
		{Spec{Arch: ResNet1d, Role: g, Vocab: 1}, "vocab 1: want at least 2"},
		{Spec{Arch: ResNet1d, Role: g, Vocab: -3}, "vocab -3"},
		{Spec{Arch: ResNet1d, Role: g, Blocks: 65}, "blocks 65: want 1 to 64"},
		{Spec{Arch: ResNet1d, Role: g, Dim: -1}, "dim -1"},
		{Spec{Arch: ResNet1d, Role: g, SeqLen: 1 << 17}, "seq_len 131072"},
		{Spec{Arch: ResNet1d, Role: g, SeqLen: 1 << 16, Dim: 1 << 16}, "want at most"},
		{Spec{Arch: ResNet1d, Role: g, Hidden: 8}, "option hidden does not apply"},
		{Spec{Arch: ResNet1d, Role: d, Slope: 0.2}, "option slope does not apply"},
		{Spec{Arch: ResNet1d, Role: g, Channels: 3}, "option channels does not apply"},
		{Spec{Arch: MLP, Role: g, Vocab: 10}, "option vocab does not apply"},
		{Spec{Arch: DCGAN32, Role: d, Dim: 10}, "option dim does not apply"},
		{Spec{Arch: DCGAN28, Role: g, SeqLen: 10}, "option seq_len does not apply"},
	}
	for _, tc := range tests {
		t.Run(tc.spec.String(), func(t *testing.T) {
			_, err := tc.spec.Resolve()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Resolve error = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestResNet1dStateRoundTrips: CopyState makes an equal copy and Save,
// LoadNew restore the same function.
func TestResNet1dStateRoundTrips(t *testing.T) {
	for _, role := range []Role{Generator, Discriminator} {
		s := Spec{Arch: ResNet1d, Role: role, Vocab: 7, SeqLen: 6, Dim: 4, Blocks: 2}
		t.Run(string(role), func(t *testing.T) {
			src, dst := mustNew(t, s), mustNew(t, s)
			x := input(src.Spec(), 3)
			if err := CopyState(dst, src); err != nil {
				t.Fatal(err)
			}
			assertClose(t, "copy", dst.Forward(x), src.Forward(x), 0)
			path := filepath.Join(t.TempDir(), "net")
			if err := Save(path, src); err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadNew(path)
			if err != nil {
				t.Fatal(err)
			}
			if loaded.Spec() != src.Spec() {
				t.Fatalf("loaded spec %s, want %s", loaded.Spec(), src.Spec())
			}
			assertClose(t, "loaded", loaded.Forward(x), src.Forward(x), 0)
		})
	}
}

// TestResNet1dGeneratorOutputsDistributions: every position of G's output
// is a distribution over the vocabulary.
func TestResNet1dGeneratorOutputsDistributions(t *testing.T) {
	g := mustNew(t, Spec{Arch: ResNet1d, Role: Generator, NZ: 8, Vocab: 9, SeqLen: 5,
		Dim: 6, Blocks: 1})
	out := g.Forward(input(g.Spec(), 4)) // (4, 9, 5)
	v := torchx.Float32s(out)
	for n := 0; n < 4; n++ {
		for p := 0; p < 5; p++ {
			var sum float64
			for c := 0; c < 9; c++ {
				x := float64(v[(n*9+c)*5+p])
				if x < 0 || x > 1 {
					t.Fatalf("out[%d, %d, %d] = %g: not a probability", n, c, p, x)
				}
				sum += x
			}
			assertNear(t, fmt.Sprintf("sum over V at (%d, %d)", n, p), sum, 1, 1e-5)
		}
	}
}
