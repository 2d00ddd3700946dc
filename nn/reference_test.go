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

// reference is a JSON file of testdata written with Debian's python3-torch
// 1.13.1: reference.json by make_reference.py (the DCGAN and MLP networks),
// resnet1d.json by make_resnet1d.py. Each file holds the sections its
// script writes; the others stay empty.
type reference struct {
	Counts  []refCount   `json:"counts"`
	Sharing []refSharing `json:"sharing"`
	Cases   []refCase    `json:"cases"`
	MLPInit refInit      `json:"mlp_init"`
	Init    []refInit    `json:"init"`
}

// refCount is a network at full size: its parameter and buffer counts, the
// parameter shapes in order and the output shape of a batch of 2.
type refCount struct {
	Spec        Spec      `json:"spec"`
	Params      int64     `json:"params"`
	Buffers     int64     `json:"buffers"`
	ParamShapes [][]int64 `json:"param_shapes"`
	OutShape    []int64   `json:"out_shape"`
}

// refSharing is the default weight sharing of a network: the layers (or
// stages) shared and the fraction of the parameters they hold.
type refSharing struct {
	Spec     Spec    `json:"spec"`
	Layers   int     `json:"layers"`
	Fraction float64 `json:"fraction"`
}

// refCase is a network saved by PyTorch (Net) with its input and outputs
// (Bin, tensors named by Tensors), the loss mean(out^2) and the norms of
// its gradients.
type refCase struct {
	Name      string    `json:"name"`
	Spec      Spec      `json:"spec"`
	Net       string    `json:"net"`
	Bin       string    `json:"bin"`
	Tensors   []string  `json:"tensors"`
	Loss      float64   `json:"loss"`
	GradNorms []float64 `json:"grad_norms"`
	OutShape  []int64   `json:"out_shape"`
}

// refInit is the parameters PyTorch's modules draw after
// torch.manual_seed(Seed).
type refInit struct {
	Seed   uint64 `json:"seed"`
	Spec   Spec   `json:"spec"`
	Params []struct {
		Shape []int64   `json:"shape"`
		Data  []float64 `json:"data"`
	} `json:"params"`
}

// loadReference reads testdata/name.
func loadReference(t testing.TB, name string) reference {
	t.Helper()
	path := filepath.Join("testdata", name)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return ref
}

// checkCounts compares a network built from c.Spec with PyTorch's.
func checkCounts(t *testing.T, c refCount) {
	t.Helper()
	got, err := NumParams(c.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if got != c.Params {
		t.Errorf("NumParams = %d, want %d", got, c.Params)
	}
	net := mustNew(t, c.Spec)
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
	assertShape(t, "out", net.Forward(input(net.Spec(), 2)), c.OutShape)
}

// checkForward loads PyTorch's weights through LoadNew and compares the
// outputs in training and evaluation mode, BatchNorm's running statistics
// after the training-mode pass, the loss mean(out^2) and the norms of its
// gradients.
func checkForward(t *testing.T, c refCase) {
	t.Helper()
	const tol = 1e-5
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
	ps := net.Parameters()
	if len(ps) != len(c.GradNorms) {
		t.Fatalf("%d parameters, want %d", len(ps), len(c.GradNorms))
	}
	for i, p := range ps {
		norm := torchx.Float32s(torchx.Norm(torchx.Reshape(p.Grad(), -1), 2, 0, false))
		assertNear(t, fmt.Sprintf("grad norm %d", i), float64(norm[0]), c.GradNorms[i], 1e-4)
	}

	net.SetTraining(false)
	assertClose(t, "out_eval", net.Forward(ts["x"]), ts["out_eval"], tol)
}

// checkInit checks that a network drawn after ManualSeed(ref.Seed) holds
// exactly the values PyTorch drew.
func checkInit(t *testing.T, ref refInit) {
	t.Helper()
	torchx.ManualSeed(ref.Seed)
	params := mustNew(t, ref.Spec).Parameters()
	if len(params) != len(ref.Params) {
		t.Fatalf("%d parameters, want %d", len(params), len(ref.Params))
	}
	for i, p := range params {
		assertShape(t, fmt.Sprintf("param %d", i), p, ref.Params[i].Shape)
		for j, v := range torchx.Float32s(p) {
			if w := float32(ref.Params[i].Data[j]); v != w {
				t.Fatalf("param %d [%d] = %.9g, want %.9g (bit-identical)", i, j, v, w)
			}
		}
	}
}

// checkSharing compares the default sharing with the reference's, and the
// fraction with the tensors NewShared actually shares. It returns the
// fraction.
func checkSharing(t *testing.T, c refSharing) float64 {
	t.Helper()
	layers, fraction, err := SharedLayers(c.Spec, ShareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d shared layers, %.4f of the parameters", layers, fraction)
	if layers != c.Layers {
		t.Errorf("layers = %d, want %d", layers, c.Layers)
	}
	assertNear(t, "fraction", fraction, c.Fraction, 1e-12)
	nets, err := NewShared(c.Spec, 2, ShareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	total := CountParams(nets[0].Parameters())
	shared := 2*total - CountParams(UniqueParameters(nets...))
	assertNear(t, "fraction of shared tensors", float64(shared)/float64(total), c.Fraction,
		1e-12)
	return fraction
}

// checkSharedParams builds 3 networks of spec sharing layers and checks,
// parameter by parameter, which tensors they share. It returns the networks.
func checkSharedParams(t *testing.T, spec Spec, layers int, shared []bool) []Network {
	t.Helper()
	nets, err := NewShared(spec, 3, ShareOptions{Layers: layers})
	if err != nil {
		t.Fatal(err)
	}
	p0 := nets[0].Parameters()
	if len(p0) != len(shared) {
		t.Fatalf("%d parameters, want %d", len(p0), len(shared))
	}
	for _, other := range nets[1:] {
		for i, p := range other.Parameters() {
			if got := *p.T == *p0[i].T; got != shared[i] {
				t.Errorf("parameter %d: shared %v, want %v", i, got, shared[i])
			}
		}
	}
	return nets
}

// TestParamCountsMatchPyTorch compares the parameter and buffer counts, the
// parameter shapes, in order, and the output shape with PyTorch's modules
// at full size.
func TestParamCountsMatchPyTorch(t *testing.T) {
	for _, c := range loadReference(t, "reference.json").Counts {
		t.Run(c.Spec.String(), func(t *testing.T) { checkCounts(t, c) })
	}
}

// TestForwardMatchesPyTorch: see checkForward.
func TestForwardMatchesPyTorch(t *testing.T) {
	for _, c := range loadReference(t, "reference.json").Cases {
		t.Run(c.Name, func(t *testing.T) { checkForward(t, c) })
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
