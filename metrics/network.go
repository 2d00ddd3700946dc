package metrics

import (
	"fmt"

	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/internal/torchx"
)

// Layout says what a scoring network's forward returns.
type Layout int

const (
	// FeaturesLogits is a tuple (features, logits): the pool features (N,
	// 2048) or (N, 2048, 1, 1) of an Inception network for FID and KID, and
	// its logits (N, 1000 or 1008) for the Inception Score. The default.
	FeaturesLogits Layout = iota
	// LogitsOnly is one tensor of logits (N, K): a data-set classifier.
	LogitsOnly
	// FeaturesOnly is one tensor of features (N, D, ...).
	FeaturesOnly
)

// InputRange is the range of values a network takes.
type InputRange int

const (
	// RangeSigned is [-1, 1], the range of the generators and of the
	// loaders' images. The default.
	RangeSigned InputRange = iota
	// RangeUnit is [0, 1], as pytorch-fid's InceptionV3 takes.
	RangeUnit
	// RangeByte is [0, 255], as the Inception file of stylegan2-ada and
	// clean-fid takes.
	RangeByte
)

// NoResize as NetworkOptions.Size feeds images at their own size: for a
// classifier of the data's size, or a network that resizes inside.
const NoResize = -1

// NetworkOptions says how to run a scoring network. The zero value suits an
// Inception network returning (features, logits) on 299x299 RGB in [-1, 1].
type NetworkOptions struct {
	// Device is where the network runs ("cpu", "cuda:0"). Default "cpu".
	Device string
	// Size is the side of the square the images are resized to,
	// bilinearly with align_corners false and no antialiasing, as
	// pytorch-fid. Default 299; NoResize keeps the images' size.
	Size int
	// Channels is the number of channels the network takes; images with a
	// single channel (MNIST) are repeated to it. Default 3.
	Channels int
	// BatchSize is the number of images per forward. Default 50.
	BatchSize int
	// Range is the range the images are mapped to from [-1, 1], after
	// clamping them to [-1, 1]. Default RangeSigned.
	Range InputRange
	// Layout says which outputs are the features and the logits. Default
	// FeaturesLogits.
	Layout Layout
	// Probabilities says the class output holds probabilities (softmax
	// applied), as the forward of stylegan2-ada's Inception file returns;
	// Activations pass it on to ScoreOptions.
	Probabilities bool
}

func (o NetworkOptions) withDefaults() (NetworkOptions, error) {
	if o.Device == "" {
		o.Device = "cpu"
	}
	if o.Size == 0 {
		o.Size = 299
	}
	if o.Channels == 0 {
		o.Channels = 3
	}
	if o.BatchSize == 0 {
		o.BatchSize = 50
	}
	switch {
	case o.Size < NoResize || o.Channels < 0 || o.BatchSize < 0:
		return o, fmt.Errorf("metrics: network options: size %d, channels %d, batch size %d; "+
			"want positive numbers", o.Size, o.Channels, o.BatchSize)
	case o.Range < RangeSigned || o.Range > RangeByte:
		return o, fmt.Errorf("metrics: network options: unknown input range %d", o.Range)
	case o.Layout < FeaturesLogits || o.Layout > FeaturesOnly:
		return o, fmt.Errorf("metrics: network options: unknown layout %d", o.Layout)
	}
	return o, nil
}

// Network is a TorchScript scoring network: an Inception network for the
// Inception Score, FID and KID, or a data-set classifier for the classifier
// score.
type Network struct {
	module *torchx.Module
	opt    NetworkOptions
	sha256 string
	path   string
}

// LoadNetwork loads the TorchScript file at path (made by torch.jit.save)
// and computes its sha256, the key of cached statistics.
//
// Inception files. stylegan2-ada's and clean-fid's inception-2015-12-05.pt
// returns features only when a bool argument asks for them, which a forward
// over tensors cannot pass: wrap it first with testdata/wrap_inception.py
// and load the wrapper with RangeByte, NoResize (it resizes inside) and
// Probabilities. pytorch-fid's InceptionV3, scripted with torch.jit.script
// for the 2048 pool block, returns a list holding (N, 2048, 1, 1) features:
// load it with FeaturesOnly and RangeUnit.
func LoadNetwork(path string, opt NetworkOptions) (*Network, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	sum, err := FileSHA256(path)
	if err != nil {
		return nil, err
	}
	m, err := torchx.LoadModule(path, opt.Device)
	if err != nil {
		return nil, fmt.Errorf("metrics: load network: %w", err)
	}
	return &Network{module: m, opt: opt, sha256: sum, path: path}, nil
}

// SHA256 is the sha256 of the network's file, in hex.
func (n *Network) SHA256() string { return n.sha256 }

// Close frees the network.
func (n *Network) Close() { n.module.Close() }

// Activations are a network's outputs for a set of images, one row each.
type Activations struct {
	Features Matrix // pool features, flattened; empty for LogitsOnly
	Logits   Matrix // logits or probabilities; empty for FeaturesOnly
	// Probabilities says Logits holds probabilities: pass it to
	// ScoreOptions.Probabilities.
	Probabilities bool
}

// Append adds the rows of b below those of a.
func (a *Activations) Append(b Activations) error {
	if b.Logits.Rows > 0 {
		if a.Logits.Rows > 0 && a.Probabilities != b.Probabilities {
			return fmt.Errorf("metrics: append probabilities to logits or back")
		}
		a.Probabilities = b.Probabilities
	}
	if err := a.Features.Append(b.Features); err != nil {
		return fmt.Errorf("metrics: append features: %w", err)
	}
	if err := a.Logits.Append(b.Logits); err != nil {
		return fmt.Errorf("metrics: append logits: %w", err)
	}
	return nil
}

// Run feeds images (N, C, H, W) with values in [-1, 1], on any device, to
// the network in batches of BatchSize, prepared as the options say, and
// returns its outputs. Memory stays flat however many batches: no tensor of
// a batch is left to Go's collector.
func (n *Network) Run(images torch.Tensor) (Activations, error) {
	if images.T == nil || *images.T == nil {
		return Activations{}, fmt.Errorf("metrics: run %s: undefined images", n.path)
	}
	shape := images.Shape()
	if len(shape) != 4 || shape[0] == 0 {
		return Activations{}, fmt.Errorf("metrics: run %s: images of shape %v, want "+
			"(N, C, H, W) with N > 0", n.path, shape)
	}
	var acts Activations
	for start := int64(0); start < shape[0]; start += int64(n.opt.BatchSize) {
		length := min(int64(n.opt.BatchSize), shape[0]-start)
		b, err := n.batch(images, start, length)
		if err != nil {
			return Activations{}, err
		}
		if err := acts.Append(b); err != nil {
			return Activations{}, fmt.Errorf("metrics: run %s: batch at %d: %w",
				n.path, start, err)
		}
	}
	return acts, nil
}

// batch runs images start to start+length-1.
func (n *Network) batch(images torch.Tensor, start, length int64) (Activations, error) {
	lo, hi := n.opt.Range.bounds()
	size := int64(n.opt.Size)
	if n.opt.Size == NoResize {
		size = 0
	}
	outs, err := n.module.ForwardImages(images, torchx.ImagePrep{
		Start: start, Length: length, Channels: int64(n.opt.Channels), Size: size,
		Low: lo, High: hi, Device: n.opt.Device,
	})
	if err != nil {
		return Activations{}, fmt.Errorf("metrics: run network: %w", err)
	}
	want := map[Layout]int{FeaturesLogits: 2, LogitsOnly: 1, FeaturesOnly: 1}[n.opt.Layout]
	if len(outs) != want {
		return Activations{}, fmt.Errorf("metrics: run %s: %d outputs, layout %s wants %d: "+
			"set NetworkOptions.Layout", n.path, len(outs), n.opt.Layout, want)
	}
	mats := make([]Matrix, len(outs))
	for i, o := range outs {
		if mats[i], err = rowsOf(o, length); err != nil {
			return Activations{}, fmt.Errorf("metrics: run %s: output %d: %w", n.path, i, err)
		}
	}
	switch n.opt.Layout {
	case LogitsOnly:
		return Activations{Logits: mats[0], Probabilities: n.opt.Probabilities}, nil
	case FeaturesOnly:
		return Activations{Features: mats[0]}, nil
	}
	return Activations{Features: mats[0], Logits: mats[1],
		Probabilities: n.opt.Probabilities}, nil
}

// rowsOf views an output (rows, ...) as a matrix with its trailing
// dimensions flattened.
func rowsOf(t torchx.HostTensor, rows int64) (Matrix, error) {
	if len(t.Shape) < 2 || t.Shape[0] != rows {
		return Matrix{}, fmt.Errorf("shape %v, want (%d, ...)", t.Shape, rows)
	}
	return NewMatrix(int(rows), len(t.Data)/int(rows), t.Data)
}

func (r InputRange) bounds() (float64, float64) {
	switch r {
	case RangeUnit:
		return 0, 1
	case RangeByte:
		return 0, 255
	}
	return -1, 1
}

func (l Layout) String() string {
	switch l {
	case FeaturesLogits:
		return "FeaturesLogits"
	case LogitsOnly:
		return "LogitsOnly"
	case FeaturesOnly:
		return "FeaturesOnly"
	}
	return fmt.Sprintf("Layout(%d)", int(l))
}
