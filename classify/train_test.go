package classify

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/sgan-dev/sgan/data"
)

func TestTrainLearnsHalves(t *testing.T) {
	var losses, lrs []float64
	m, err := Train(halves(t, 256), TrainOptions{Epochs: 3, BatchSize: 32,
		Progress: func(p Progress) {
			losses = append(losses, p.Loss)
			lrs = append(lrs, p.LR)
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(lrs) != 3 || lrs[0] != 1e-3 || lrs[1] != 1e-3 || lrs[2] != 1e-4 {
		t.Errorf("epoch learning rates %v, want [0.001 0.001 0.0001]", lrs)
	}
	if len(losses) != 3 || !(losses[2] < losses[0]) {
		t.Errorf("epoch losses %v, want 3 decreasing", losses)
	}
	acc, err := Evaluate(m, halves(t, 100))
	if err != nil {
		t.Fatal(err)
	}
	if acc != 1 {
		t.Errorf("accuracy %v on a separable set, want 1", acc)
	}
	probs, err := PredictImages(m, halves(t, 10))
	if err != nil {
		t.Fatal(err)
	}
	for i := range probs.Rows {
		var sum float64
		for _, p := range probs.Row(i) {
			sum += float64(p)
		}
		if math.Abs(sum-1) > 1e-5 {
			t.Errorf("row %d sums to %v, want 1 (tolerance 1e-5)", i, sum)
		}
	}
}

func TestTrainErrors(t *testing.T) {
	unlabelled, err := data.NewImages(make([]uint8, 4*64), [3]int{1, 8, 8}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		set  *data.Images
		opt  TrainOptions
		want string
	}{
		{"unlabelled", unlabelled, TrainOptions{}, "no labels"},
		{"cancelled", halves(t, 8), TrainOptions{Context: cancelled}, "stopped"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Train(tc.set, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Train error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestTrainLimitAndSeed(t *testing.T) {
	a, err := Train(halves(t, 64), TrainOptions{Epochs: 1, Limit: 32, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(halves(t, 32), TrainOptions{Epochs: 1, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	pa, _ := PredictImages(a, halves(t, 4))
	pb, _ := PredictImages(b, halves(t, 4))
	for i := range pa.Data {
		if pa.Data[i] != pb.Data[i] {
			t.Fatalf("Limit 32 of 64 and 32 images differ at %d: %v vs %v",
				i, pa.Data[i], pb.Data[i])
		}
	}
}

func TestMirror(t *testing.T) {
	cases := []struct {
		name string
		in   []float32
		w    int
		want []float32
	}{
		{"two rows of 3", []float32{1, 2, 3, 4, 5, 6}, 3, []float32{3, 2, 1, 6, 5, 4}},
		{"width 1", []float32{1, 2}, 1, []float32{1, 2}},
		{"one row of 4", []float32{1, 2, 3, 4}, 4, []float32{4, 3, 2, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := append([]float32(nil), tc.in...)
			mirror(got, tc.w)
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("mirror(%v, %d) = %v, want %v", tc.in, tc.w, got, tc.want)
				}
			}
		})
	}
}

// TestTrainFlip: flipping changes the batches, so the weights after one
// epoch differ from those without it.
func TestTrainFlip(t *testing.T) {
	a, err := Train(halves(t, 32), TrainOptions{Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(halves(t, 32), TrainOptions{Epochs: 1, Flip: true})
	if err != nil {
		t.Fatal(err)
	}
	pa, _ := PredictImages(a, halves(t, 4))
	pb, _ := PredictImages(b, halves(t, 4))
	same := true
	for i := range pa.Data {
		same = same && pa.Data[i] == pb.Data[i]
	}
	if same {
		t.Error("training with Flip gave the same classifier as without it")
	}
}
