package metrics

import (
	"encoding/json"
	"math"
	"os"
	"sync"
	"testing"
)

// reference holds testdata/reference.json, made by make_reference.py with
// numpy and Debian's python3-torch 1.13.1.
type reference struct {
	Toy struct {
		Means, Points, Real []float64
		Std                 float64
		Generators          [][]float64
		Default, Strict     toyWant
		NonCoverage         coverageWant `json:"non_coverage"`
		NonCoverageStrict   coverageWant `json:"non_coverage_strict"`
		AdaGAN              float64      `json:"adagan"`
	}
	KDE struct {
		Default     kdeWant
		UnevenFolds kdeWant `json:"uneven_folds"`
	}
	Classifier struct {
		Rows, Cols      int
		Logits          []float64
		Probabilities   []float64
		Logits10        scoreWant `json:"logits_10"`
		Logits3         scoreWant `json:"logits_3"`
		Probabilities10 scoreWant `json:"probabilities_10"`
		Histogram       struct {
			Counts         []int
			Entropy        float64
			TotalVariation float64 `json:"total_variation"`
		}
	}
	FID struct {
		Dim                 int
		A, B, Small, Offset []float64
		MeanA               []float64 `json:"mean_a"`
		CovA                []float64 `json:"cov_a"`
		CovOffset           []float64 `json:"cov_offset"`
		FIDAB               float64   `json:"fid_ab"`
		FIDSmallB           float64   `json:"fid_small_b"`
		FIDAA               float64   `json:"fid_aa"`
	}
	KID struct {
		Dim           int
		X, Y          []float64
		Full, First20 float64
	}
	Networks []networkWant
}

type toyWant struct {
	HighQuality int `json:"high_quality"`
	Share       float64
	PerMode     []int `json:"per_mode"`
	Captured    int
}

type coverageWant struct {
	Coverers    []int
	NonCoverage float64 `json:"non_coverage"`
}

type kdeWant struct {
	Samples       []float64
	HeldOut       []float64 `json:"held_out"`
	Bandwidths    []float64
	Folds         int
	CVScores      []float64 `json:"cv_scores"`
	Bandwidth     float64
	LogLikelihood float64 `json:"log_likelihood"`
}

type scoreWant struct {
	Mean, Std float64
	Parts     []float64
}

type tensorWant struct {
	Shape []int64
	Data  []float64
}

type networkWant struct {
	Name      string
	Images    tensorWant
	Outputs   []tensorWant
	Channels  int
	Size      int
	Low, High float64
	Layout    string
}

var (
	refOnce sync.Once
	ref     reference
	refErr  error
)

// loadReference reads testdata/reference.json once for all tests.
func loadReference(t testing.TB) *reference {
	t.Helper()
	refOnce.Do(func() {
		raw, err := os.ReadFile("testdata/reference.json")
		if err != nil {
			refErr = err
			return
		}
		refErr = json.Unmarshal(raw, &ref)
	})
	if refErr != nil {
		t.Fatalf("testdata/reference.json: %v", refErr)
	}
	return &ref
}

// points turns x0, y0, x1, y1, ... into points.
func points(flat []float64) [][2]float64 {
	p := make([][2]float64, len(flat)/2)
	for i := range p {
		p[i] = [2]float64{flat[2*i], flat[2*i+1]}
	}
	return p
}

// matrix turns row-major values (float32 values stored as float64) into a
// Matrix of the given width.
func matrix(t testing.TB, flat []float64, cols int) Matrix {
	t.Helper()
	data := make([]float32, len(flat))
	for i, v := range flat {
		data[i] = float32(v)
		if float64(data[i]) != v {
			t.Fatalf("value %d, %v, is not a float32", i, v)
		}
	}
	m, err := NewMatrix(len(flat)/cols, cols, data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// near reports whether got is within tol of want, relative to
// max(1, |want|).
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// relClose reports whether got is within tol of want relative to |want|.
func relClose(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Abs(want)
}
