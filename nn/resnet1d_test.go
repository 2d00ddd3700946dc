package nn

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// resnet1dReference is testdata/resnet1d.json, written by
// make_resnet1d.py with Debian's python3-torch 1.13.1.
type resnet1dReference struct {
	Counts []struct {
		Spec        Spec      `json:"spec"`
		Params      int64     `json:"params"`
		ParamShapes [][]int64 `json:"param_shapes"`
		OutShape    []int64   `json:"out_shape"`
	} `json:"counts"`
	Sharing []struct {
		Spec     Spec    `json:"spec"`
		Layers   int     `json:"layers"`
		Fraction float64 `json:"fraction"`
	} `json:"sharing"`
	Cases []struct {
		Name      string    `json:"name"`
		Spec      Spec      `json:"spec"`
		Net       string    `json:"net"`
		Bin       string    `json:"bin"`
		Tensors   []string  `json:"tensors"`
		Loss      float64   `json:"loss"`
		GradNorms []float64 `json:"grad_norms"`
		OutShape  []int64   `json:"out_shape"`
	} `json:"cases"`
	Init []struct {
		Seed   uint64 `json:"seed"`
		Spec   Spec   `json:"spec"`
		Params []struct {
			Shape []int64   `json:"shape"`
			Data  []float64 `json:"data"`
		} `json:"params"`
	} `json:"init"`
}

func loadResNet1dReference(t testing.TB) resnet1dReference {
	t.Helper()
	raw, err := os.ReadFile("testdata/resnet1d.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref resnet1dReference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatalf("testdata/resnet1d.json: %v", err)
	}
	return ref
}

func TestResNet1dParamsMatchPyTorch(t *testing.T) {
	for _, c := range loadResNet1dReference(t).Counts {
		t.Run(c.Spec.String(), func(t *testing.T) {
			got, err := NumParams(c.Spec)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.Params {
				t.Errorf("NumParams = %d, want %d", got, c.Params)
			}
			net := mustNew(t, c.Spec)
			if got := CountParams(net.Parameters()); got != c.Params {
				t.Errorf("CountParams = %d, want %d", got, c.Params)
			}
			if n := len(net.Buffers()); n != 0 {
				t.Errorf("%d buffers, want none", n)
			}
			shapes := shapesOf(net.Parameters())
			if len(shapes) != len(c.ParamShapes) {
				t.Fatalf("%d parameters, want %d", len(shapes), len(c.ParamShapes))
			}
			for i, s := range shapes {
				if !equalShape(s, c.ParamShapes[i]) {
					t.Errorf("parameter %d: shape %v, want %v", i, s, c.ParamShapes[i])
				}
			}
			out := net.Forward(input(net.Spec(), 2))
			assertShape(t, "out", out, c.OutShape)
		})
	}
}

// TestResNet1dForwardMatchesPyTorch loads PyTorch's weights and compares
// the outputs, the loss mean(out^2) and its gradients' norms.
func TestResNet1dForwardMatchesPyTorch(t *testing.T) {
	const tol = 1e-5
	for _, c := range loadResNet1dReference(t).Cases {
		t.Run(c.Name, func(t *testing.T) {
			net, err := LoadNew(filepath.Join("testdata", c.Net))
			if err != nil {
				t.Fatal(err)
			}
			ts := readTensors(t, filepath.Join("testdata", c.Bin), c.Tensors)
			out := net.Forward(ts["x"])
			assertShape(t, "out", out, c.OutShape)
			assertClose(t, "out_train", out, ts["out_train"], tol)
			loss := torchx.Mean(torchx.Square(out))
			assertNear(t, "loss", float64(torchx.Float32s(loss)[0]), c.Loss, tol)
			if err := torchx.Backward(loss, false); err != nil {
				t.Fatal(err)
			}
			ps := net.Parameters()
			if len(ps) != len(c.GradNorms) {
				t.Fatalf("%d parameters, want %d", len(ps), len(c.GradNorms))
			}
			for i, p := range ps {
				norm := torchx.Float32s(torchx.Norm(torchx.Reshape(p.Grad(), -1), 2, 0, false))
				assertNear(t, fmt.Sprintf("grad norm %d", i), float64(norm[0]),
					c.GradNorms[i], 1e-4)
			}
			net.SetTraining(false) // no BatchNorm: the same function
			assertClose(t, "out_eval", net.Forward(ts["x"]), ts["out_eval"], tol)
		})
	}
}

func TestResNet1dInitMatchesPyTorch(t *testing.T) {
	for _, ref := range loadResNet1dReference(t).Init {
		t.Run(ref.Spec.String(), func(t *testing.T) {
			torchx.ManualSeed(ref.Seed)
			net := mustNew(t, ref.Spec)
			params := net.Parameters()
			if len(params) != len(ref.Params) {
				t.Fatalf("%d parameters, want %d", len(params), len(ref.Params))
			}
			for i, p := range params {
				assertShape(t, fmt.Sprintf("param %d", i), p, ref.Params[i].Shape)
				for j, v := range torchx.Float32s(p) {
					if w := float32(ref.Params[i].Data[j]); v != w {
						t.Fatalf("param %d [%d] = %.9g, want %.9g (bit-identical)", i, j,
							v, w)
					}
				}
			}
		})
	}
}

// TestResNet1dSharing checks the N-SW sharing against make_resnet1d.py and
// against the tensors NewShared shares, and logs the fraction.
func TestResNet1dSharing(t *testing.T) {
	for _, c := range loadResNet1dReference(t).Sharing {
		t.Run(c.Spec.String(), func(t *testing.T) {
			layers, fraction, err := SharedLayers(c.Spec, ShareOptions{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d shared stages, %.4f of the parameters", layers, fraction)
			if layers != c.Layers {
				t.Errorf("layers = %d, want %d", layers, c.Layers)
			}
			assertNear(t, "fraction", fraction, c.Fraction, 1e-12)
			if fraction < 0.4 || fraction > 0.6 {
				t.Errorf("fraction %.4f: want about half (0.4 to 0.6)", fraction)
			}
			nets, err := NewShared(c.Spec, 2, ShareOptions{})
			if err != nil {
				t.Fatal(err)
			}
			total := CountParams(nets[0].Parameters())
			shared := 2*total - CountParams(UniqueParameters(nets...))
			assertNear(t, "fraction of shared tensors", float64(shared)/float64(total),
				c.Fraction, 1e-12)
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
			nets, err := NewShared(tc.spec, 3, ShareOptions{Layers: tc.layers})
			if err != nil {
				t.Fatal(err)
			}
			p0 := nets[0].Parameters()
			if len(p0) != len(tc.shared) {
				t.Fatalf("%d parameters, want %d", len(p0), len(tc.shared))
			}
			for _, other := range nets[1:] {
				for i, p := range other.Parameters() {
					if got := *p.T == *p0[i].T; got != tc.shared[i] {
						t.Errorf("parameter %d: shared %v, want %v", i, got, tc.shared[i])
					}
				}
			}
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
