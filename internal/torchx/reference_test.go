package torchx

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

// array is a tensor as testdata/make_reference.py writes it.
type array struct {
	Shape []int64   `json:"shape"`
	Data  []float64 `json:"data"`
}

func (a array) tensor() torch.Tensor {
	data := make([]float32, len(a.Data))
	for i, v := range a.Data {
		data[i] = float32(v)
	}
	shape := a.Shape
	if len(shape) == 0 {
		shape = []int64{1}
	}
	return FromFloat32(data, shape...)
}

// reference holds testdata/reference.json, made by make_reference.py with
// Debian's python3-torch 1.13.1.
type reference struct {
	GP struct {
		W1, B1, W2, B2, Real, Fake, Alpha array
		GradX                             array   `json:"grad_x"`
		GradW1                            array   `json:"grad_w1"`
		GradB1                            array   `json:"grad_b1"`
		GradW2                            array   `json:"grad_w2"`
		Penalty                           float64 `json:"penalty"`
	} `json:"gp"`
	Ops map[string]json.RawMessage `json:"ops"`
	RNG struct {
		Seed     uint64 `json:"seed"`
		Randn    array  `json:"randn"`
		StateLen int    `json:"state_len"`
		StateSum int64  `json:"state_sum"`
	} `json:"rng"`
	JIT struct {
		Input, Features, Logits array
	} `json:"jit"`
}

func loadReference(t *testing.T) reference {
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

func (r reference) op(t *testing.T, name string) array {
	t.Helper()
	var a array
	if err := json.Unmarshal(r.Ops[name], &a); err != nil {
		t.Fatalf("ops.%s: %v", name, err)
	}
	return a
}

func (r reference) opScalar(t *testing.T, name string) float64 {
	t.Helper()
	var v float64
	if err := json.Unmarshal(r.Ops[name], &v); err != nil {
		t.Fatalf("ops.%s: %v", name, err)
	}
	return v
}

// assertClose fails unless got has want's shape and values within tol,
// relative to max(1, |want|).
func assertClose(t *testing.T, name string, got torch.Tensor, want array, tol float64) {
	t.Helper()
	shape := got.Shape()
	if len(want.Shape) > 0 && !equalShape(shape, want.Shape) {
		t.Fatalf("%s: shape %v, want %v", name, shape, want.Shape)
	}
	values := Float32s(got)
	if len(values) != len(want.Data) {
		t.Fatalf("%s: %d values, want %d", name, len(values), len(want.Data))
	}
	for i, v := range values {
		w := want.Data[i]
		if d := math.Abs(float64(v) - w); d > tol*math.Max(1, math.Abs(w)) {
			t.Fatalf("%s[%d] = %.9g, want %.9g (diff %.3g > tol %g)", name, i, v, w, d, tol)
		}
	}
}

func assertScalar(t *testing.T, name string, got torch.Tensor, want, tol float64) {
	t.Helper()
	assertClose(t, name, got, array{Data: []float64{want}}, tol)
}

func equalShape(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
