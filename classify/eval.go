package classify

import (
	"fmt"
	"math"
	"runtime"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/metrics"
)

// evalBatch is the number of images Evaluate and Predict run at once.
const evalBatch = 500

// Evaluate returns the share of the labelled images set that m classifies
// correctly. It locks the calling goroutine to its OS thread while it runs.
func Evaluate(m *Model, set *data.Images) (float64, error) {
	labels := set.Labels()
	if labels == nil || set.Len() == 0 {
		return 0, fmt.Errorf("classify: evaluation set is empty or unlabelled")
	}
	if err := m.checkShape(set.Shape()); err != nil {
		return 0, err
	}
	probs, err := Predict(m, func(idx []int) torch.Tensor {
		x, _ := batch(set, idx, nil)
		return x
	}, set.Len())
	if err != nil {
		return 0, err
	}
	correct := 0
	for i := range probs.Rows {
		if argmax(probs.Row(i)) == labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(set.Len()), nil
}

// Predict returns the class probabilities (n, classes) of n images that
// images yields batch by batch: images(idx) is the (len(idx), C, H, W)
// tensor of the images at idx, in [-1, 1]; idx are consecutive, from 0 to
// n-1 over the calls. The result is what
// metrics.ClassifierScore and metrics.ClassHistogram take.
func Predict(m *Model, images func(idx []int) torch.Tensor, n int) (
	metrics.Matrix, error) {
	k := len(m.Classes)
	out := make([]float32, 0, n*k)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for i := 0; i < n; i += evalBatch {
		idx := make([]int, min(evalBatch, n-i))
		for j := range idx {
			idx[j] = i + j
		}
		var p []float32
		var err error
		torchx.NoGrad(func() {
			x := images(idx)
			if err = m.checkShape(x.Shape()[1:]); err != nil {
				return
			}
			p = torchx.Float32s(torchx.Exp(m.Forward(x).LogSoftmax(1)))
		})
		if err != nil {
			return metrics.Matrix{}, err
		}
		out = append(out, p...)
		runtime.GC()
	}
	return metrics.NewMatrix(n, k, out)
}

// PredictImages is Predict over every image of set.
func PredictImages(m *Model, set *data.Images) (metrics.Matrix, error) {
	if err := m.checkShape(set.Shape()); err != nil {
		return metrics.Matrix{}, err
	}
	return Predict(m, func(idx []int) torch.Tensor {
		x, _ := batch(set, idx, nil)
		return x
	}, set.Len())
}

func (m *Model) checkShape(s []int64) error {
	if len(s) != 3 || s[0] != m.Shape[0] || s[1] != m.Shape[1] || s[2] != m.Shape[2] {
		return fmt.Errorf("classify: images of shape %v, the classifier takes %v: "+
			"use a classifier trained on this data set", s, m.Shape)
	}
	return nil
}

func argmax(v []float32) int {
	best, bi := float32(math.Inf(-1)), -1
	for i, x := range v {
		if x > best {
			best, bi = x, i
		}
	}
	return bi
}
