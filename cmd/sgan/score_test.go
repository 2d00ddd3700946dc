package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/classify"
	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/metrics"
	"github.com/sgan-dev/sgan/train"
)

func TestScoreToyRun(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"train", "--iterations", "4", "--checkpoint-every", "2",
		"--baseline", "--out", out}, tiny...)
	if code, _, e := sgan(t, args...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, e)
	}
	dir := onlyRun(t, out)
	ck2 := train.CheckpointPath(filepath.Join(dir, "checkpoints"), 2)
	ck4 := train.CheckpointPath(filepath.Join(dir, "checkpoints"), 4)
	code, stdout, e := sgan(t, "score", "--run", dir, "--checkpoint", ck2,
		"--checkpoint", ck4, "--n", "300")
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, e)
	}
	if n := strings.Count(stdout, "\n"); n != 1+2*4+2 {
		t.Errorf("output has %d lines, want a header, 8 rows and 2 of coverage:\n%s", n,
			stdout)
	}
	if !strings.Contains(stdout, "iteration 4: non-coverage of the 2 local generators") {
		t.Errorf("no coverage line for iteration 4:\n%s", stdout)
	}
	var got struct {
		Scores    []scoreRow
		Ensembles []ensembleRow
	}
	b, err := os.ReadFile(filepath.Join(dir, scoreFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Ensembles) != 2 || got.Ensembles[1].Iteration != 4 ||
		len(got.Ensembles[1].ByPairs) != 2 || got.Ensembles[1].Pairs != 2 {
		t.Errorf("ensembles %+v, want iterations 2 and 4 of 2 pairs each", got.Ensembles)
	}
	want := []string{"G0", "G1", "G2", "baseline", "G0", "G1", "G2", "baseline"}
	if len(got.Scores) != len(want) {
		t.Fatalf("%d rows in %s, want %d", len(got.Scores), scoreFile, len(want))
	}
	for i, r := range got.Scores {
		if r.Generator != want[i] || r.Samples != 300 || r.ModesCaptured == nil ||
			*r.Modes != 8 || r.Iteration != 2+2*(i/4) {
			t.Errorf("row %d: %+v, want %s, 300 samples, 8 modes", i, r, want[i])
		}
	}
	// G0 at iteration 4, scored independently from the same noise.
	names, gens, cfg, err := train.LoadGenerators(ck4)
	if err != nil || names[0] != "G0" {
		t.Fatalf("LoadGenerators: %v %v", names, err)
	}
	vals, _, err := train.Sample(gens[0], torchx.NewGenerator(1).RandN(300, int64(cfg.G.NZ)))
	if err != nil {
		t.Fatal(err)
	}
	pts, _ := metrics.Points2D(vals)
	q, err := metrics.EvaluateToy(pts, ring8(t), metrics.ToyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r := got.Scores[4]; *r.ModesCaptured != q.ModesCaptured ||
		*r.HighQuality != q.HighQualityShare {
		t.Errorf("G0 at 4: %d modes, share %v; want %d, %v", *r.ModesCaptured,
			*r.HighQuality, q.ModesCaptured, q.HighQualityShare)
	}
}

func ring8(t *testing.T) metrics.Mixture {
	t.Helper()
	src, err := data.Open("ring8", data.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := src.(*data.Mixture)
	return metrics.Mixture{Means: m.Modes(), Std: m.Std()}
}

// TestScoreToyReal: real ring8 points capture every mode, almost all of
// them high quality (99.7% lie within 3 std per axis or closer).
func TestScoreToyReal(t *testing.T) {
	mix := ring8(t)
	src, _ := data.Open("ring8", data.OpenOptions{})
	pts := src.(*data.Mixture).Sample(2500, rand.New(rand.NewPCG(1, 2)))
	var row scoreRow
	if err := (scorers{toy: &mix}).score(&row, pts, []int64{2500, 2}); err != nil {
		t.Fatal(err)
	}
	if *row.ModesCaptured != 8 || *row.HighQuality < 0.97 {
		t.Errorf("real points: %d modes, share %v; want 8, >= 0.97", *row.ModesCaptured,
			*row.HighQuality)
	}
}

// TestScoreImages: the classifier scores equal those of the classifier's
// own predictions over the same images.
func TestScoreImages(t *testing.T) {
	m, err := classify.NewModel([3]int64{1, 8, 8}, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	n := 40
	vals := make([]float32, n*64)
	for i := range vals {
		vals[i] = float32((i*37)%200)/100 - 1
	}
	var row scoreRow
	if err := (scorers{classifier: m}).score(&row, vals, []int64{int64(n), 1, 8, 8}); err != nil {
		t.Fatal(err)
	}
	p, err := classify.Predict(m, func(idx []int) torch.Tensor {
		return torchx.FromFloat32(vals[idx[0]*64:(idx[len(idx)-1]+1)*64], int64(len(idx)),
			1, 8, 8)
	}, n)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := metrics.ClassHistogram(p)
	s, _ := metrics.ClassifierScore(p, metrics.ScoreOptions{Probabilities: true})
	if row.Entropy == nil || *row.Entropy != h.Entropy || *row.ClassScore != s.Mean ||
		*row.TotalVariation != h.TotalVariation {
		t.Errorf("row %+v, want entropy %v score %v TV %v", row, h.Entropy, s.Mean,
			h.TotalVariation)
	}
	if err := (scorers{classifier: m}).score(&row, vals, []int64{int64(n), 64}); err == nil {
		t.Error("samples of shape (n, 64) scored as images, want an error")
	}
}

func TestScoreBadInput(t *testing.T) {
	out := t.TempDir()
	args := append([]string{"train", "--iterations", "2", "--out", out}, tiny...)
	if code, _, e := sgan(t, args...); code != 0 {
		t.Fatalf("train: exit %d: %s", code, e)
	}
	dir := onlyRun(t, out)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no run", []string{"score"}, "--run"},
		{"missing run", []string{"score", "--run", filepath.Join(out, "none")}, "none"},
		{"missing checkpoint", []string{"score", "--run", dir, "--checkpoint",
			filepath.Join(out, "none.sgan")}, "none.sgan"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, e := sgan(t, tc.args...)
			if code != exitUsage || !strings.Contains(e, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d mentioning %q", code, e, exitUsage,
					tc.want)
			}
		})
	}
}

// TestScoreImageRun scores a one-iteration MNIST run with an untrained
// classifier of the right shape, and refuses it without a classifier.
func TestScoreImageRun(t *testing.T) {
	needMNIST(t)
	out := t.TempDir()
	code, _, e := sgan(t, "train", "--dry-run", "--dataset", "mnist", "--pairs", "1",
		"--width", "8", "--out", out)
	if code != 0 {
		t.Fatalf("train: exit %d: %s", code, e)
	}
	dir := onlyRun(t, out)
	if code, _, e := sgan(t, "score", "--run", dir); code != exitUsage ||
		!strings.Contains(e, "--classifier") {
		t.Errorf("no classifier: exit %d, stderr %q; want %d naming --classifier", code, e,
			exitUsage)
	}
	cifar, err := classify.NewModel([3]int64{3, 32, 32}, data.CIFAR10Classes)
	if err != nil {
		t.Fatal(err)
	}
	wrong := filepath.Join(out, "cifar.cls")
	if err := classify.Save(wrong, cifar, classify.Info{}); err != nil {
		t.Fatal(err)
	}
	if code, _, e := sgan(t, "score", "--run", dir, "--classifier", wrong); code != exitUsage ||
		!strings.Contains(e, "shape") {
		t.Errorf("CIFAR classifier on MNIST: exit %d, stderr %q; want %d naming the shape",
			code, e, exitUsage)
	}
	m, err := classify.NewModel([3]int64{1, 28, 28}, data.FashionClasses)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(out, "c.cls")
	if err := classify.Save(file, m, classify.Info{}); err != nil {
		t.Fatal(err)
	}
	if code, _, e := sgan(t, "score", "--run", dir, "--classifier", file, "--n", "100"); code != 0 {
		t.Fatalf("score: exit %d: %s", code, e)
	}
	var got struct{ Scores []scoreRow }
	b, err := os.ReadFile(filepath.Join(dir, scoreFile))
	if err == nil {
		err = json.Unmarshal(b, &got)
	}
	if err != nil {
		t.Fatal(err)
	}
	ck, err := train.LatestCheckpoint(filepath.Join(dir, "checkpoints"))
	if err != nil {
		t.Fatal(err)
	}
	names, _, _, err := train.LoadGenerators(ck)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Scores) != len(names) {
		t.Fatalf("%d rows, want one per generator %v", len(got.Scores), names)
	}
	for _, r := range got.Scores {
		if r.ClassScore == nil || *r.ClassScore < 1 || r.Entropy == nil || r.ModesCaptured != nil {
			t.Errorf("row %+v: want a classifier score >= 1, an entropy and no toy figures", r)
		}
	}
}

// TestPrefixNonCoverage: G1's points sit on modes 0 and 1 of the 8-mode
// ring, G2's on mode 2 and one of mode 1, G3's nowhere near a mode.
func TestPrefixNonCoverage(t *testing.T) {
	m := ring8(t)
	at := func(modes ...int) [][2]float64 {
		var pts [][2]float64
		for _, k := range modes {
			pts = append(pts, m.Means[k])
		}
		return pts
	}
	local := [][][2]float64{at(0, 1, 1), at(2, 1), {{0, 0}, {10, 10}}}
	got, err := prefixNonCoverage(local, m)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{6.0 / 8, 5.0 / 8, 5.0 / 8}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("non-coverage of the first k = %v, want %v", got, want)
	}
}
