package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/metrics"
)

// tinyInception is the toy Inception network of package metrics' tests:
// 8 pool features and 10 logits (metrics/testdata/make_reference.py).
const tinyInception = "../../metrics/testdata/tiny_inception.pt"

// TestScoreFIDRun scores a one-iteration MNIST run with the toy Inception
// network: the real statistics are computed and cached on the first call,
// read from the cache (unchanged) on the second, taken from --real-stats
// when given, and recomputed when the cache is damaged.
func TestScoreFIDRun(t *testing.T) {
	needMNIST(t)
	out, dd := t.TempDir(), t.TempDir()
	code, _, e := sgan(t, "train", "--dry-run", "--dataset", "mnist", "--pairs", "1",
		"--width", "8", "--out", out)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, e)
	}
	dir := onlyRun(t, out)
	score := func(extra ...string) ([]scoreRow, string) {
		t.Helper()
		args := append([]string{"score", "--run", dir, "--inception", tinyInception,
			"--n", "100", "--real-n", "300", "--kid-subsets", "5", "--data-dir", dd}, extra...)
		code, _, e := sgan(t, args...)
		if code != 0 {
			t.Fatalf("score %v: exit %d: %s", extra, code, e)
		}
		return scoreRows(t, dir), e
	}

	first, e := score()
	cache := filepath.Join(dd, statsDirName)
	files, _ := filepath.Glob(filepath.Join(cache, "mnist-train-300-*.stats"))
	if !strings.Contains(e, "real statistics written") || len(files) != 1 {
		t.Fatalf("first score: cache files %v, log %q; want one written", files, e)
	}
	for _, r := range first {
		if r.FID == nil || *r.FID < 0 || r.KID == nil || r.Inception == nil {
			t.Errorf("row %+v: want FID >= 0, KID and IS", r)
		}
	}
	before, _ := os.Stat(files[0])

	time.Sleep(10 * time.Millisecond)
	second, e := score()
	after, _ := os.Stat(files[0])
	if !strings.Contains(e, "read from the cache") || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("second score: log %q, cache mtime %v then %v; want it read, unchanged", e,
			before.ModTime(), after.ModTime())
	}
	if *second[0].FID != *first[0].FID || *second[0].KID != *first[0].KID {
		t.Errorf("G0: FID %v, KID %v from the cache; computed %v, %v", *second[0].FID,
			*second[0].KID, *first[0].FID, *first[0].KID)
	}

	copied := filepath.Join(t.TempDir(), "real.stats")
	raw, _ := os.ReadFile(files[0])
	if err := os.WriteFile(copied, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if third, e := score("--real-stats", copied); !strings.Contains(e, copied) ||
		*third[0].FID != *first[0].FID {
		t.Errorf("--real-stats: FID %v, log %q; want %v, the file read", *third[0].FID, e,
			*first[0].FID)
	}

	if err := os.WriteFile(files[0], []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fourth, e := score(); !strings.Contains(e, "recomputing") ||
		*fourth[0].FID != *first[0].FID {
		t.Errorf("damaged cache: FID %v, log %q; want it recomputed to %v", *fourth[0].FID,
			e, *first[0].FID)
	}
}

func scoreRows(t *testing.T, dir string) []scoreRow {
	t.Helper()
	var got struct{ Scores []scoreRow }
	b, err := os.ReadFile(filepath.Join(dir, scoreFile))
	if err == nil {
		err = json.Unmarshal(b, &got)
	}
	if err != nil || len(got.Scores) == 0 {
		t.Fatalf("%s: %v, %d rows", scoreFile, err, len(got.Scores))
	}
	return got.Scores
}

// TestScoreFIDBadInput: a missing or damaged --inception, --real-stats or
// --classifier, and statistics of other images, are one line naming the flag and the fix,
// exit status 2.
func TestScoreFIDBadInput(t *testing.T) {
	needMNIST(t)
	out, tmp := t.TempDir(), t.TempDir()
	code, _, e := sgan(t, "train", "--dry-run", "--dataset", "mnist", "--pairs", "1",
		"--width", "8", "--out", out)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, e)
	}
	dir := onlyRun(t, out)
	other := filepath.Join(tmp, "other.stats")
	if code, _, e := sgan(t, "data", "stats", "--dataset", "mnist", "--n", "200",
		"--inception", tinyInception, "--out", other); code != 0 {
		t.Fatalf("data stats: exit %d: %s", code, e)
	}
	garbage := filepath.Join(tmp, "garbage")
	if err := os.WriteFile(garbage, []byte("not a model\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"score", "--run", dir, "--n", "50", "--real-n", "300", "--data-dir", tmp}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"missing inception", []string{"--inception", filepath.Join(tmp, "none.pt")},
			[]string{"--inception", "none.pt", "TorchScript"}},
		{"damaged inception", []string{"--inception", garbage},
			[]string{"--inception", "garbage", "TorchScript"}},
		{"missing real stats", []string{"--inception", tinyInception, "--real-stats",
			filepath.Join(tmp, "none.stats")},
			[]string{"--real-stats", "none.stats", "sgan data stats"}},
		{"damaged real stats", []string{"--inception", tinyInception, "--real-stats",
			garbage}, []string{"--real-stats", "not a statistics file", "sgan data stats"}},
		{"other images", []string{"--inception", tinyInception, "--real-stats", other},
			[]string{"--real-stats", "other images", "first 200 images", "--n 300"}},
		{"damaged classifier", []string{"--classifier", garbage},
			[]string{"--classifier", "garbage", "sgan classifier train"}},
		{"bad kid subsets", []string{"--inception", tinyInception, "--kid-subsets", "0"},
			[]string{"--kid-subsets"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, e := sgan(t, append(base, tc.args...)...)
			lines := strings.Count(strings.TrimSpace(e), "\n") + 1
			if code != exitUsage || lines != 1 || strings.Contains(e, "panic") {
				t.Fatalf("exit %d, stderr %q; want %d and one line", code, e, exitUsage)
			}
			for _, w := range tc.want {
				if !strings.Contains(e, w) {
					t.Errorf("stderr %q does not mention %q", e, w)
				}
			}
		})
	}
}

// TestRealStatsSelfFID: the real images scored as if generated, against
// their own cached statistics, give FID ~0. Both sides run the same images
// through the same network, so their features agree to float32 rounding
// (relative 1e-7; the batches differ) and the statistics to float64
// rounding after the round trip through the file; FID is quadratic in the
// difference of the two Gaussians, so a pipeline that resized, scaled or
// ordered channels differently on one side would give far more than the
// tolerance, 1e-6 of tr(S).
func TestRealStatsSelfFID(t *testing.T) {
	needMNIST(t)
	net, err := metrics.LoadNetwork(tinyInception, metrics.NetworkOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer net.Close()
	spec := realSpec{Dataset: "mnist", DataDir: t.TempDir(), N: 200}
	if _, err := realStats(net, spec, "", "--real-stats"); err != nil {
		t.Fatal(err)
	}
	real, err := realStats(net, spec, "", "--real-stats") // from the file
	if err != nil {
		t.Fatal(err)
	}
	set, err := openReal(spec)
	if err != nil {
		t.Fatal(err)
	}
	values := make([]float32, 200*28*28)
	idx := make([]int, 200)
	for i := range idx {
		idx[i] = i
	}
	set.Fill(values, nil, idx, nil)
	var row scoreRow
	s := scorers{inception: net, real: real, kidSubsets: 5}
	if err := s.score(&row, values, []int64{200, 1, 28, 28}); err != nil {
		t.Fatal(err)
	}
	tol := 1e-6 * mat.Trace(real.Cov)
	if row.FID == nil || *row.FID > tol || *row.FID < -tol {
		t.Errorf("FID of the real images against their own statistics %v, want |FID| <= %g",
			row.FID, tol)
	}
	if real.N != 200 || real.Sample.Rows != 200 || real.Dim() != 8 {
		t.Errorf("statistics of %d vectors of dimension %d, %d kept; want 200, 8, 200",
			real.N, real.Dim(), real.Sample.Rows)
	}
	t.Logf("FID %.3g (tolerance %.3g), KID %.3g", *row.FID, tol, *row.KID)
}

// TestImagesKey: the key changes with the pixels, the number of images
// and the shape.
func TestImagesKey(t *testing.T) {
	needMNIST(t)
	set, err := openReal(realSpec{Dataset: "mnist", N: 10})
	if err != nil {
		t.Fatal(err)
	}
	nine, _ := openReal(realSpec{Dataset: "mnist", N: 9})
	keys := map[string]bool{imagesKey(set): true, imagesKey(nine): true}
	pix := bytes.Clone(set.Pix())
	pix[0]++
	if len(keys) != 2 || imagesKey(set) == keyOf(t, pix) {
		t.Errorf("keys %v: want 10 and 9 images, and a changed pixel, to differ", keys)
	}
}

func keyOf(t *testing.T, pix []uint8) string {
	t.Helper()
	set, err := data.NewImages(pix, [3]int{1, 28, 28}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return imagesKey(set)
}
