package classify

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"

	torch "github.com/wangkuiyi/gotorch"
	F "github.com/wangkuiyi/gotorch/nn/functional"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
)

// TrainOptions configure Train. The zero value trains for DefaultEpochs
// epochs with batches of 64, Adam at learning rate 1e-3 and seed 1. The
// epochs after the first two thirds (rounded up) run at a tenth of LR.
type TrainOptions struct {
	Epochs    int     // passes over the training set; default DefaultEpochs
	BatchSize int     // default 64
	LR        float64 // Adam's learning rate; default 1e-3
	Seed      uint64  // initialisation and shuffling; default 1
	// Flip mirrors each training image left to right with probability 1/2
	// (data augmentation for CIFAR-10; wrong for digits).
	Flip bool
	// Arch is the architecture, ArchCNN2 or ArchCNN3BN; default
	// DefaultArch of the images' shape.
	Arch string
	// Limit uses only the first Limit training images when positive.
	Limit int
	// Context stops training early with its error when done; default none.
	Context context.Context
	// Progress, when not nil, is called after every epoch.
	Progress func(Progress)
}

// DefaultEpochs is TrainOptions' default number of epochs.
const DefaultEpochs = 3

// Progress reports one finished epoch.
type Progress struct {
	Epoch int     // 1-based
	Loss  float64 // mean cross-entropy over the epoch's batches
	LR    float64 // the epoch's learning rate
}

func (o TrainOptions) withDefaults() TrainOptions {
	if o.Epochs <= 0 {
		o.Epochs = DefaultEpochs
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 64
	}
	if o.LR <= 0 {
		o.LR = 1e-3
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	return o
}

// Train fits a new Model to the labelled images set with Adam (betas 0.9 and
// 0.999) on the cross-entropy loss, reshuffling every epoch. It locks the
// calling goroutine to its OS thread while it runs.
func Train(set *data.Images, opt TrainOptions) (*Model, error) {
	opt = opt.withDefaults()
	if set.Labels() == nil {
		return nil, fmt.Errorf("classify: training set has no labels: " +
			"use MNIST, Fashion-MNIST, CIFAR-10 or a folder of class folders")
	}
	if opt.Limit > 0 && opt.Limit < set.Len() {
		set = set.Slice(0, opt.Limit)
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	torchx.ManualSeed(opt.Seed)
	shape := set.Shape()
	in := [3]int64{shape[0], shape[1], shape[2]}
	if opt.Arch == "" {
		opt.Arch = DefaultArch(in)
	}
	m, err := NewModelArch(opt.Arch, in, set.Classes())
	if err != nil {
		return nil, err
	}
	adam, err := torchx.NewAdam(m.Parameters(), torchx.AdamOptions{
		LR: opt.LR, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x636c6173))
	lr, decayAfter := opt.LR, (2*opt.Epochs+2)/3
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		if epoch == decayAfter+1 {
			lr = opt.LR / 10
			if adam, err = withLR(adam, lr); err != nil {
				return nil, err
			}
		}
		loss, err := trainEpoch(m, adam, set, rng, opt)
		if err != nil {
			return nil, err
		}
		if opt.Progress != nil {
			opt.Progress(Progress{Epoch: epoch, Loss: loss, LR: lr})
		}
	}
	return m, nil
}

// withLR returns an Adam optimizer at learning rate lr that continues old:
// same parameters, moments and step count.
func withLR(old *torchx.Adam, lr float64) (*torchx.Adam, error) {
	a, err := torchx.NewAdam(old.Params(), torchx.AdamOptions{
		LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
	if err != nil {
		return nil, fmt.Errorf("classify: %w", err)
	}
	for i := range old.Params() {
		if err := torchx.Copy(a.ParamState(i), old.ParamState(i)); err != nil {
			return nil, fmt.Errorf("classify: %w", err)
		}
	}
	a.SetSteps(old.Steps())
	return a, nil
}

// trainEpoch runs one shuffled pass over set and returns the mean loss.
func trainEpoch(m *Model, adam *torchx.Adam, set *data.Images,
	rng *rand.Rand, opt TrainOptions) (float64, error) {
	perm := rng.Perm(set.Len())
	var sum float64
	var batches int
	for i := 0; i < len(perm); i += opt.BatchSize {
		if err := opt.Context.Err(); err != nil {
			return 0, fmt.Errorf("classify: training stopped: %w", err)
		}
		idx := perm[i:min(i+opt.BatchSize, len(perm))]
		var flip *rand.Rand
		if opt.Flip {
			flip = rng
		}
		loss, err := step(m, adam, set, idx, flip)
		if err != nil {
			return 0, err
		}
		sum += loss
		batches++
		runtime.GC()
	}
	return sum / float64(batches), nil
}

// step takes one Adam step on the images at idx and returns the loss.
// A non-nil flip mirrors each image with probability 1/2.
func step(m *Model, adam *torchx.Adam, set *data.Images, idx []int,
	flip *rand.Rand) (float64, error) {
	x, y := batch(set, idx, flip)
	if err := adam.ZeroGrad(); err != nil {
		return 0, fmt.Errorf("classify: %w", err)
	}
	loss := F.CrossEntropy(m.forward(x, true), y, torch.Tensor{}, -100, "mean")
	if err := torchx.Backward(loss, false); err != nil {
		return 0, fmt.Errorf("classify: backward: %w", err)
	}
	if err := adam.Step(); err != nil {
		return 0, fmt.Errorf("classify: %w", err)
	}
	v := float64(torchx.Float32s(loss)[0])
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("classify: loss is %v: lower the learning rate", v)
	}
	return v, nil
}

// batch returns the images at idx as (N, C, H, W) and their labels as int64;
// a non-nil flip mirrors each image left to right with probability 1/2.
func batch(set *data.Images, idx []int, flip *rand.Rand) (torch.Tensor, torch.Tensor) {
	s := set.Shape()
	per := int(s[0] * s[1] * s[2])
	pix := make([]float32, len(idx)*per)
	labels := make([]int, len(idx))
	set.Fill(pix, labels, idx, nil)
	if flip != nil {
		for i := range idx {
			if flip.IntN(2) == 1 {
				mirror(pix[i*per:(i+1)*per], int(s[2]))
			}
		}
	}
	lf := make([]float32, len(idx))
	for i, l := range labels {
		lf[i] = float32(l)
	}
	x := torchx.FromFloat32(pix, int64(len(idx)), s[0], s[1], s[2])
	y := torchx.FromFloat32(lf, int64(len(idx))).CastTo(torch.Long)
	return x, y
}

// mirror reverses every row of width w of img in place.
func mirror(img []float32, w int) {
	for r := 0; r < len(img); r += w {
		row := img[r : r+w]
		for i, j := 0, w-1; i < j; i, j = i+1, j-1 {
			row[i], row[j] = row[j], row[i]
		}
	}
}
