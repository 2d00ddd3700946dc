package nn

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// reference is testdata/reference.json, written by make_reference.py with
// Debian's python3-torch 1.13.1.
type reference struct {
	Counts []struct {
		Spec        Spec      `json:"spec"`
		Params      int64     `json:"params"`
		Buffers     int64     `json:"buffers"`
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
	MLPInit struct {
		Seed   uint64 `json:"seed"`
		Spec   Spec   `json:"spec"`
		Params []struct {
			Shape []int64   `json:"shape"`
			Data  []float64 `json:"data"`
		} `json:"params"`
	} `json:"mlp_init"`
}

func loadReference(t testing.TB) reference {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatalf("testdata/reference.json: %v", err)
	}
	return ref
}

// TestParamCountsMatchPyTorch compares the parameter and buffer counts and
// the parameter shapes, in order, with PyTorch's modules at full size.
func TestParamCountsMatchPyTorch(t *testing.T) {
	for _, c := range loadReference(t).Counts {
		t.Run(c.Spec.String(), func(t *testing.T) {
			got, err := NumParams(c.Spec)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.Params {
				t.Errorf("NumParams = %d, want %d", got, c.Params)
			}
			net, err := New(c.Spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := CountParams(net.Parameters()); got != c.Params {
				t.Errorf("CountParams(Parameters) = %d, want %d", got, c.Params)
			}
			if got := CountParams(net.Buffers()); got != c.Buffers {
				t.Errorf("CountParams(Buffers) = %d, want %d", got, c.Buffers)
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
		})
	}
}

// TestForwardMatchesPyTorch loads PyTorch's weights through LoadNew and
// compares outputs in training and evaluation mode, BatchNorm's running
// statistics after the training-mode pass, the loss mean(out^2) and the
// norms of its gradients.
func TestForwardMatchesPyTorch(t *testing.T) {
	const tol = 1e-5
	for _, c := range loadReference(t).Cases {
		t.Run(c.Name, func(t *testing.T) {
			net, err := LoadNew(filepath.Join("testdata", c.Net))
			if err != nil {
				t.Fatal(err)
			}
			want, err := c.Spec.Resolve()
			if err != nil {
				t.Fatal(err)
			}
			if net.Spec() != want {
				t.Fatalf("spec %s, want %s", net.Spec(), want)
			}
			ts := readTensors(t, filepath.Join("testdata", c.Bin), c.Tensors)

			out := net.Forward(ts["x"])
			assertShape(t, "out", out, c.OutShape)
			assertClose(t, "out_train", out, ts["out_train"], tol)
			for i, b := range net.Buffers() {
				name := fmt.Sprintf("buffer_after_%d", i)
				assertClose(t, name, b, ts[name], tol)
			}
			loss := torchx.Mean(torchx.Square(out))
			assertNear(t, "loss", float64(torchx.Float32s(loss)[0]), c.Loss, tol)
			if err := torchx.Backward(loss, false); err != nil {
				t.Fatal(err)
			}
			for i, p := range net.Parameters() {
				norm := torchx.Float32s(torchx.Norm(torchx.Reshape(p.Grad(), -1), 2, 0, false))
				assertNear(t, fmt.Sprintf("grad norm %d", i), float64(norm[0]),
					c.GradNorms[i], 1e-4)
			}

			net.SetTraining(false)
			assertClose(t, "out_eval", net.Forward(ts["x"]), ts["out_eval"], tol)
		})
	}
}

// readTensors reads a .bin file of make_reference.py, naming its tensors.
func readTensors(t *testing.T, path string, names []string) map[string]torch.Tensor {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	var n uint32
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if int(n) != len(names) {
		t.Fatalf("%s: %d tensors, reference.json names %d", path, n, len(names))
	}
	ts := make(map[string]torch.Tensor, n)
	for _, name := range names {
		x, err := readTensor(r)
		if err != nil {
			t.Fatalf("%s: %s: %v", path, name, err)
		}
		ts[name] = x
	}
	return ts
}

func readTensor(r io.Reader) (torch.Tensor, error) {
	var ndim uint32
	if err := binary.Read(r, binary.LittleEndian, &ndim); err != nil {
		return torch.Tensor{}, err
	}
	shape := make([]int64, ndim)
	if err := binary.Read(r, binary.LittleEndian, shape); err != nil {
		return torch.Tensor{}, err
	}
	data := make([]float32, numel(shape))
	if err := binary.Read(r, binary.LittleEndian, data); err != nil {
		return torch.Tensor{}, err
	}
	return torchx.FromFloat32(data, shape...), nil
}

func assertShape(t *testing.T, name string, x torch.Tensor, want []int64) {
	t.Helper()
	if got := x.Shape(); !equalShape(got, want) {
		t.Fatalf("%s: shape %v, want %v", name, got, want)
	}
}

// assertClose fails unless got and want have the same shape and values
// within tol relative to max(1, |want|).
func assertClose(t *testing.T, name string, got, want torch.Tensor, tol float64) {
	t.Helper()
	assertShape(t, name, got, want.Shape())
	w := torchx.Float32s(want)
	for i, v := range torchx.Float32s(got) {
		if d := math.Abs(float64(v - w[i])); d > tol*math.Max(1, math.Abs(float64(w[i]))) {
			t.Fatalf("%s[%d] = %.9g, want %.9g (diff %.3g > tol %g)", name, i, v, w[i], d, tol)
		}
	}
}

// assertNear fails unless |got - want| <= tol * max(1, |want|).
func assertNear(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if d := math.Abs(got - want); d > tol*math.Max(1, math.Abs(want)) {
		t.Fatalf("%s = %.9g, want %.9g (diff %.3g > tol %g)", name, got, want, d, tol)
	}
}
