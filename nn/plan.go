package nn

// layerKind is the affine layer of a stage.
type layerKind int

const (
	linearLayer layerKind = iota
	convLayer
	convTLayer
	conv1dLayer   // Conv1d
	resBlockLayer // ResBlock1d: two Conv1d of kernel `kernel`, with bias
)

// actKind is the activation that ends a stage.
type actKind int

const (
	actNone actKind = iota
	actReLU
	actLeakyReLU
	actTanh
	actSoftmax // over dimension 1, the vocabulary of (N, V, L)
)

// stagePlan describes one stage of a network: an affine layer, an optional
// BatchNorm, an activation and an optional reshape of each example. New
// builds networks from plans, and NumParams counts parameters without
// allocating any tensor.
type stagePlan struct {
	kind                    layerKind
	in, out                 int64
	kernel, stride, padding int64
	bias                    bool
	norm                    bool
	act                     actKind
	slope                   float64
	view                    []int64 // shape of each output example; nil: as is
}

// paramShapes are the shapes of the stage's parameters, in the order of
// its Parameters: the layer's weight and bias, then BatchNorm's weight and
// bias.
func (p stagePlan) paramShapes() [][]int64 {
	var shapes [][]int64
	switch p.kind {
	case linearLayer:
		shapes = append(shapes, []int64{p.out, p.in})
	case convLayer:
		shapes = append(shapes, []int64{p.out, p.in, p.kernel, p.kernel})
	case convTLayer:
		shapes = append(shapes, []int64{p.in, p.out, p.kernel, p.kernel})
	case conv1dLayer:
		shapes = append(shapes, []int64{p.out, p.in, p.kernel})
	case resBlockLayer:
		w := []int64{p.out, p.in, p.kernel}
		return [][]int64{w, {p.out}, w, {p.out}}
	}
	if p.bias {
		shapes = append(shapes, []int64{p.out})
	}
	if p.norm {
		shapes = append(shapes, []int64{p.out}, []int64{p.out})
	}
	return shapes
}

// bufferShapes are the shapes of BatchNorm's running mean and variance.
func (p stagePlan) bufferShapes() [][]int64 {
	if !p.norm {
		return nil
	}
	return [][]int64{{p.out}, {p.out}}
}

// numParams is the number of trainable values of the stage.
func (p stagePlan) numParams() int64 {
	var n int64
	for _, s := range p.paramShapes() {
		n += numel(s)
	}
	return n
}

func numel(shape []int64) int64 {
	n := int64(1)
	for _, d := range shape {
		n *= d
	}
	return n
}

// plan returns the stages of the resolved spec s.
func plan(s Spec) []stagePlan {
	switch s.Arch {
	case MLP:
		return mlpPlan(s)
	case ResNet1d:
		return resnet1dPlan(s)
	}
	if s.Role == Generator {
		return dcganGPlan(s)
	}
	return dcganDPlan(s)
}

// mlpPlan: Layers fully connected layers with bias, LeakyReLU between them.
func mlpPlan(s Spec) []stagePlan {
	in, out := int64(s.DataDim), int64(1) // discriminator
	if s.Role == Generator {
		in, out = int64(s.NZ), int64(s.DataDim)
	}
	stages := make([]stagePlan, s.Layers)
	for i := range stages {
		st := stagePlan{kind: linearLayer, in: int64(s.Hidden), out: int64(s.Hidden),
			bias: true, act: actLeakyReLU, slope: s.Slope}
		if i == 0 {
			st.in = in
		}
		if i == len(stages)-1 {
			st.out, st.act, st.slope = out, actNone, 0
			if s.Output == OutputTanh {
				st.act = actTanh
			}
		}
		stages[i] = st
	}
	return stages
}

// conv is one (transposed) convolution of a DCGAN plan: kernel k, stride
// st, padding pad, and the multiples of the base width on either side (0
// for the image channels or the single logit).
type conv struct{ inMul, outMul, k, st, pad int64 }

// dcganLayers are the convolutions of the DCGAN generators, from z to the
// image; the discriminators mirror them. Sizes: 28: 1-4-7-14-28; 32:
// 1-4-8-16-32; 64: 1-4-8-16-32-64.
var dcganLayers = map[Arch][]conv{
	DCGAN28: {{0, 4, 4, 1, 0}, {4, 2, 3, 2, 1}, {2, 1, 4, 2, 1}, {1, 0, 4, 2, 1}},
	DCGAN32: {{0, 4, 4, 1, 0}, {4, 2, 4, 2, 1}, {2, 1, 4, 2, 1}, {1, 0, 4, 2, 1}},
	DCGAN64: {{0, 8, 4, 1, 0}, {8, 4, 4, 2, 1}, {4, 2, 4, 2, 1}, {2, 1, 4, 2, 1},
		{1, 0, 4, 2, 1}},
}

// dcganGPlan: transposed convolutions, BatchNorm and ReLU, tanh at the end.
func dcganGPlan(s Spec) []stagePlan {
	layers := dcganLayers[s.Arch]
	ngf := int64(s.NGF)
	stages := make([]stagePlan, len(layers))
	for i, c := range layers {
		st := stagePlan{kind: convTLayer, in: c.inMul * ngf, out: c.outMul * ngf,
			kernel: c.k, stride: c.st, padding: c.pad, norm: true, act: actReLU}
		if i == 0 {
			st.in = int64(s.NZ)
		}
		if i == len(layers)-1 {
			st.out, st.norm, st.act = int64(s.Channels), false, actTanh
		}
		stages[i] = st
	}
	return stages
}

// dcganDPlan: G's layers mirrored as convolutions, LeakyReLU, BatchNorm in
// all but the first and last, a single logit at the end.
func dcganDPlan(s Spec) []stagePlan {
	layers := dcganLayers[s.Arch]
	ndf := int64(s.NDF)
	n := len(layers)
	stages := make([]stagePlan, n)
	for i := range stages {
		c := layers[n-1-i]
		st := stagePlan{kind: convLayer, in: c.outMul * ndf, out: c.inMul * ndf,
			kernel: c.k, stride: c.st, padding: c.pad, norm: i > 0, act: actLeakyReLU,
			slope: s.Slope}
		if i == 0 {
			st.in = int64(s.Channels)
		}
		if i == n-1 {
			st.out, st.norm, st.act, st.slope = 1, false, actNone, 0
		}
		stages[i] = st
	}
	return stages
}

// NumParams is the number of trainable values of a network built from
// spec, computed without building it.
func NumParams(spec Spec) (int64, error) {
	s, err := spec.Resolve()
	if err != nil {
		return 0, err
	}
	var n int64
	for _, p := range plan(s) {
		n += p.numParams()
	}
	return n, nil
}

// stateShapes are the shapes of a network's parameters, then its buffers,
// in the order of Parameters and Buffers.
func stateShapes(s Spec) (params, buffers [][]int64) {
	for _, p := range plan(s) {
		params = append(params, p.paramShapes()...)
		buffers = append(buffers, p.bufferShapes()...)
	}
	return params, buffers
}
