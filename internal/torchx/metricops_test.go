package torchx

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"
)

// metricopsReference holds testdata/metricops_reference.json, made by
// make_metricops_reference.py with Debian's python3-torch 1.13.1.
type metricopsReference struct {
	Input  array `json:"input"`
	Resize []struct {
		Height       int64 `json:"height"`
		Width        int64 `json:"width"`
		AlignCorners bool  `json:"align_corners"`
		Output       array `json:"output"`
	} `json:"resize"`
	Resize299 struct {
		Sum    float64   `json:"sum"`
		Corner []float64 `json:"corner"`
		Middle float64   `json:"middle"`
	} `json:"resize299"`
	Gray, Color array
	Prep        []struct {
		Name                          string
		Gray                          bool
		Start, Length, Channels, Size int64
		Low, High                     float64
		Features, Logits              array
		Prepared                      struct {
			array
			Sum float64 `json:"sum"`
		}
	} `json:"prep"`
	Linalg struct {
		Sym, Eigenvalues, B, C array
		BSym                   array `json:"b_sym"`
		BtC                    array `json:"bt_c"`
		CB                     array `json:"c_b"`
		BBt                    array `json:"b_bt"`
	} `json:"linalg"`
}

func loadMetricopsReference(t *testing.T) metricopsReference {
	t.Helper()
	raw, err := os.ReadFile("testdata/metricops_reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref metricopsReference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatalf("testdata/metricops_reference.json: %v", err)
	}
	return ref
}

func TestResizeBilinearMatchesPyTorch(t *testing.T) {
	ref := loadMetricopsReference(t)
	x := ref.Input.tensor()
	for _, tc := range ref.Resize {
		name := fmt.Sprintf("%dx%d align=%v", tc.Height, tc.Width, tc.AlignCorners)
		t.Run(name, func(t *testing.T) {
			y, err := ResizeBilinear(x, tc.Height, tc.Width, tc.AlignCorners)
			if err != nil {
				t.Fatal(err)
			}
			assertClose(t, name, y, tc.Output, 1e-6)
		})
	}
	t.Run("299", func(t *testing.T) {
		y, err := ResizeBilinear(x, 299, 299, false)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := y.Shape(), []int64{2, 3, 299, 299}; !equalShape(got, want) {
			t.Fatalf("shape %v, want %v", got, want)
		}
		v := Float32s(y)
		if got, want := sum(v), ref.Resize299.Sum; math.Abs(got-want) > 1e-3 {
			t.Errorf("sum = %.9g, want %.9g", got, want)
		}
		at := func(n, c, h, w int) float64 {
			return float64(v[((n*3+c)*299+h)*299+w])
		}
		got := []float64{at(0, 1, 150, 200)}
		want := []float64{ref.Resize299.Middle}
		for i := 0; i < 9; i++ {
			got = append(got, at(1, 2, i/3, i%3))
			want = append(want, ref.Resize299.Corner[i])
		}
		for i := range got {
			if d := math.Abs(got[i] - want[i]); d > 1e-6 {
				t.Errorf("value %d = %.9g, want %.9g", i, got[i], want[i])
			}
		}
	})
}

func sum(v []float32) float64 {
	s := 0.0
	for _, e := range v {
		s += float64(e)
	}
	return s
}

// TestPrepareAndForwardImages checks the preparation against PyTorch's
// step-by-step version and ForwardImages against tiny.pt run in PyTorch on
// that input.
func TestPrepareAndForwardImages(t *testing.T) {
	ref := loadMetricopsReference(t)
	m, err := LoadModule("testdata/tiny.pt", "cpu")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	gray, color := ref.Gray.tensor(), ref.Color.tensor()
	for _, tc := range ref.Prep {
		t.Run(tc.Name, func(t *testing.T) {
			images := color
			if tc.Gray {
				images = gray
			}
			p := ImagePrep{Start: tc.Start, Length: tc.Length, Channels: tc.Channels,
				Size: tc.Size, Low: tc.Low, High: tc.High}
			x, err := PrepareImages(images, p)
			if err != nil {
				t.Fatal(err)
			}
			if tc.Size == 299 {
				if got, want := sum(Float32s(x)), tc.Prepared.Sum; math.Abs(got-want) > 1e-2 {
					t.Errorf("prepared sum = %.9g, want %.9g", got, want)
				}
			} else {
				assertClose(t, "prepared", x, tc.Prepared.array, 1e-5)
			}
			outs, err := m.ForwardImages(images, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(outs) != 2 {
				t.Fatalf("%d outputs, want 2", len(outs))
			}
			assertHostClose(t, "features", outs[0], tc.Features, 1e-5)
			assertHostClose(t, "logits", outs[1], tc.Logits, 1e-5)
		})
	}
}

func assertHostClose(t *testing.T, name string, got HostTensor, want array, tol float64) {
	t.Helper()
	if !equalShape(got.Shape, want.Shape) {
		t.Fatalf("%s: shape %v, want %v", name, got.Shape, want.Shape)
	}
	for i, v := range got.Data {
		w := want.Data[i]
		if d := math.Abs(float64(v) - w); d > tol*math.Max(1, math.Abs(w)) {
			t.Fatalf("%s[%d] = %.9g, want %.9g", name, i, v, w)
		}
	}
}

// TestImagePrepDefaults checks that the zero ImagePrep keeps every image,
// its channels, size and range (values clamped to [-1, 1]).
func TestImagePrepDefaults(t *testing.T) {
	x := FromFloat32([]float32{-2, -0.5, 0.25, 3}, 2, 1, 1, 2) // (2, 1, 1, 2)
	y, err := PrepareImages(x, ImagePrep{})
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "zero prep", y, array{Shape: []int64{2, 1, 1, 2},
		Data: []float64{-1, -0.5, 0.25, 1}}, 0)
}

func TestImagePrepErrors(t *testing.T) {
	images := FromFloat32(make([]float32, 2*2*3*3), 2, 2, 3, 3) // (2, 2, 3, 3)
	flat := FromFloat32(make([]float32, 6), 2, 3)
	m, err := LoadModule("testdata/tiny.pt", "cpu")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		images torch.Tensor
		p      ImagePrep
		want   string
	}{
		{"not images", flat, ImagePrep{}, "want 4 dimensions"},
		{"rows past the end", images, ImagePrep{Start: 1, Length: 2}, "rows 1 to 3 of 2"},
		{"2 channels to 3", images, ImagePrep{Channels: 3}, "only 1 channel"},
		{"empty range", images, ImagePrep{Low: 1, High: 1}, "is empty"},
		{"bad device", images, ImagePrep{Device: "tpu:9"}, "tpu"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PrepareImages(tc.images, tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("PrepareImages: err = %v, want it to contain %q", err, tc.want)
			}
			_, err = m.ForwardImages(tc.images, tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ForwardImages: err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	// tiny.pt takes 3 channels: a wrong input is an error naming the file.
	if _, err := m.ForwardImages(images, ImagePrep{}); err == nil ||
		!strings.Contains(err.Error(), "tiny.pt") {
		t.Fatalf("forward of 2 channels: err = %v, want one naming tiny.pt", err)
	}
	m.Close()
	if _, err := m.ForwardImages(images, ImagePrep{}); err == nil {
		t.Fatal("ForwardImages after Close: no error")
	}
}

func (a array) float64Matrix() Float64Matrix {
	return Float64Matrix{Rows: int(a.Shape[0]), Cols: int(a.Shape[1]), Data: a.Data}
}

func assertFloat64s(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i, w := range want {
		if math.Abs(got[i]-w) > tol*math.Max(1, math.Abs(w)) {
			t.Fatalf("%s[%d] = %.15g, want %.15g", name, i, got[i], w)
		}
	}
}

// TestSymEigFloat64 compares the eigenvalues with torch.linalg.eigvalsh and
// checks the eigenvectors by A V = V diag(values) and V^T V = I (their
// signs are arbitrary).
func TestSymEigFloat64(t *testing.T) {
	l := loadMetricopsReference(t).Linalg
	a := l.Sym.float64Matrix()
	vals, vecs, err := SymEigFloat64(a, true)
	if err != nil {
		t.Fatal(err)
	}
	assertFloat64s(t, "eigenvalues", vals, l.Eigenvalues.Data, 1e-12)
	onlyVals, none, err := SymEigFloat64(a, false)
	if err != nil || none.Data != nil {
		t.Fatalf("values only: vectors %v, err %v", none.Data, err)
	}
	assertFloat64s(t, "eigenvalues without vectors", onlyVals, l.Eigenvalues.Data, 1e-12)
	av, _ := MatMulFloat64(a, false, vecs, false)
	vtv, _ := MatMulFloat64(vecs, true, vecs, false)
	n := a.Rows
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if d := av.Data[i*n+j] - vecs.Data[i*n+j]*vals[j]; math.Abs(d) > 1e-12 {
				t.Fatalf("(A V - V L)[%d][%d] = %g, want 0", i, j, d)
			}
			want := 0.0
			if i == j {
				want = 1
			}
			if d := vtv.Data[i*n+j] - want; math.Abs(d) > 1e-12 {
				t.Fatalf("(V^T V - I)[%d][%d] = %g, want 0", i, j, d)
			}
		}
	}
}

func TestMatMulFloat64(t *testing.T) {
	l := loadMetricopsReference(t).Linalg
	b, c, sym := l.B.float64Matrix(), l.C.float64Matrix(), l.Sym.float64Matrix()
	cases := []struct {
		name string
		x    Float64Matrix
		tx   bool
		y    Float64Matrix
		ty   bool
		want array
	}{
		{"b sym", b, false, sym, false, l.BSym},
		{"b^T c^T", b, true, c, true, l.BtC},
		{"c b", c, false, b, false, l.CB},
		{"b b^T", b, false, b, true, l.BBt},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := MatMulFloat64(tc.x, tc.tx, tc.y, tc.ty)
			if err != nil {
				t.Fatal(err)
			}
			if got.Rows != int(tc.want.Shape[0]) || got.Cols != int(tc.want.Shape[1]) {
				t.Fatalf("%dx%d, want %v", got.Rows, got.Cols, tc.want.Shape)
			}
			assertFloat64s(t, tc.name, got.Data, tc.want.Data, 1e-12)
		})
	}
}

func TestFloat64LinalgErrors(t *testing.T) {
	l := loadMetricopsReference(t).Linalg
	b := l.B.float64Matrix()
	if _, _, err := SymEigFloat64(b, false); err == nil || !strings.Contains(err.Error(),
		"want a square one") {
		t.Errorf("eig of 3x5: err = %v", err)
	}
	if _, _, err := SymEigFloat64(Float64Matrix{Rows: 2, Cols: 2, Data: []float64{1}},
		false); err == nil {
		t.Error("eig of 1 value for 2x2: no error")
	}
	if _, err := MatMulFloat64(b, false, b, false); err == nil ||
		!strings.Contains(err.Error(), "3x5 (transposed false) and 3x5") {
		t.Errorf("3x5 by 3x5: err = %v", err)
	}
}
