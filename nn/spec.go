package nn

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Arch names a family of networks.
type Arch string

// The architectures of the paper's appendix.
const (
	MLP     Arch = "mlp"     // fully connected, the toy experiments (A.1)
	DCGAN28 Arch = "dcgan28" // 28x28 images, four transposed convolutions in G
	DCGAN32 Arch = "dcgan32" // 32x32 images (CIFAR-10)
	DCGAN64 Arch = "dcgan64" // 64x64 images, the published DCGAN
	// ResNet1d is the character-level text networks (4.2, B.1): residual
	// blocks of 1-D convolutions, as WGAN-GP's language model.
	ResNet1d Arch = "resnet1d"
)

// Archs lists every architecture, in a fixed order.
var Archs = []Arch{MLP, DCGAN28, DCGAN32, DCGAN64, ResNet1d}

// ImageSize is the side of the images of a DCGAN architecture, 0 for MLP and
// unknown architectures.
func (a Arch) ImageSize() int64 {
	switch a {
	case DCGAN28:
		return 28
	case DCGAN32:
		return 32
	case DCGAN64:
		return 64
	}
	return 0
}

// Role says whether a network generates or discriminates.
type Role string

// The two roles.
const (
	Generator     Role = "generator"
	Discriminator Role = "discriminator"
)

// Output is the activation of an MLP generator's last layer.
type Output string

// The MLP generator's outputs.
const (
	OutputLinear Output = "linear" // no activation: the toy data (default)
	OutputTanh   Output = "tanh"   // data in [-1, 1], e.g. flattened MNIST
)

// Spec names an architecture and its options; it is stored in file headers
// and builds networks with New. The zero value of every option means its
// default, and an option that does not apply to the architecture and role
// must stay zero. A network's Spec method returns the resolved spec, with
// every default filled in.
type Spec struct {
	Arch Arch `json:"arch"`
	Role Role `json:"role"`

	// NZ is the noise dimension of a generator; default 100.
	NZ int `json:"nz,omitempty"`

	// DataDim is the MLP's data dimension (G's output, D's input; a D
	// flattens its input); default 2.
	DataDim int `json:"data_dim,omitempty"`
	// Hidden is the width of the MLP's hidden layers; default 512.
	Hidden int `json:"hidden,omitempty"`
	// Layers is the MLP's number of fully connected layers, at least 2;
	// default 4.
	Layers int `json:"layers,omitempty"`
	// Output is the MLP generator's output activation; default OutputLinear.
	Output Output `json:"output,omitempty"`

	// Slope is the negative slope of the LeakyReLUs: MLP (default 0.01, as
	// the paper) and DCGAN discriminators (default 0.2). DCGAN generators
	// use ReLU and take no slope.
	Slope float64 `json:"slope,omitempty"`

	// Channels is the DCGAN image channel count; default 1 for DCGAN28 and
	// 3 for DCGAN32 and DCGAN64.
	Channels int `json:"channels,omitempty"`
	// NGF is the DCGAN generator's base width (its last hidden layer's
	// channels); default 64.
	NGF int `json:"ngf,omitempty"`
	// NDF is the DCGAN discriminator's base width (its first layer's
	// channels); default 64.
	NDF int `json:"ndf,omitempty"`

	// Vocab is the resnet1d vocabulary size V, the one-hot length of the
	// data; default 96 (package data's default).
	Vocab int `json:"vocab,omitempty"`
	// SeqLen is the resnet1d sequence length L; default 32.
	SeqLen int `json:"seq_len,omitempty"`
	// Dim is the channels of the resnet1d residual blocks; default 512.
	Dim int `json:"dim,omitempty"`
	// Blocks is the number of resnet1d residual blocks; default 4.
	Blocks int `json:"blocks,omitempty"`
}

// Defaults of Spec's options.
const (
	DefaultNZ         = 100
	DefaultDataDim    = 2
	DefaultHidden     = 512
	DefaultLayers     = 4
	DefaultMLPSlope   = 0.01
	DefaultDCGANSlope = 0.2
	DefaultWidth      = 64 // NGF and NDF
)

// maxDim bounds every size of a Spec, so that a corrupt file header cannot
// ask for an absurd network.
const maxDim = 1 << 16

// Resolve validates s and returns it with every default filled in.
func (s Spec) Resolve() (Spec, error) {
	if s.Role != Generator && s.Role != Discriminator {
		return s, fmt.Errorf("nn: spec: role %q: want %q or %q", s.Role, Generator,
			Discriminator)
	}
	var err error
	switch s.Arch {
	case MLP:
		err = s.resolveMLP()
	case DCGAN28, DCGAN32, DCGAN64:
		err = s.resolveDCGAN()
	case ResNet1d:
		err = s.resolveResNet1d()
	default:
		return s, fmt.Errorf("nn: spec: unknown architecture %q (known: %v)", s.Arch, Archs)
	}
	if err != nil {
		return s, fmt.Errorf("nn: spec %s %s: %w", s.Arch, s.Role, err)
	}
	return s, nil
}

func (s *Spec) resolveMLP() error {
	if err := s.resolveNZ(); err != nil {
		return err
	}
	if err := zeroOptions(s.textOptions()); err != nil {
		return err
	}
	if err := zeroOptions(map[string]bool{"channels": s.Channels != 0, "ngf": s.NGF != 0,
		"ndf": s.NDF != 0}); err != nil {
		return err
	}
	if s.Role == Discriminator && s.Output != "" {
		return fmt.Errorf("output applies to generators only")
	}
	if s.Role == Generator && s.Output == "" {
		s.Output = OutputLinear
	}
	if s.Output != "" && s.Output != OutputLinear && s.Output != OutputTanh {
		return fmt.Errorf("output %q: want %q or %q", s.Output, OutputLinear, OutputTanh)
	}
	defaultInt(&s.DataDim, DefaultDataDim)
	defaultInt(&s.Hidden, DefaultHidden)
	defaultInt(&s.Layers, DefaultLayers)
	if s.Layers < 2 || s.Layers > 64 {
		return fmt.Errorf("layers %d: want 2 to 64", s.Layers)
	}
	if err := checkSizes(map[string]int{"data_dim": s.DataDim, "hidden": s.Hidden}); err != nil {
		return err
	}
	return s.resolveSlope(DefaultMLPSlope)
}

func (s *Spec) resolveDCGAN() error {
	if err := s.resolveNZ(); err != nil {
		return err
	}
	if err := zeroOptions(s.textOptions()); err != nil {
		return err
	}
	if err := zeroOptions(map[string]bool{"data_dim": s.DataDim != 0, "hidden": s.Hidden != 0,
		"layers": s.Layers != 0, "output": s.Output != ""}); err != nil {
		return err
	}
	if s.Arch == DCGAN28 {
		defaultInt(&s.Channels, 1)
	}
	defaultInt(&s.Channels, 3)
	if s.Channels > 64 {
		return fmt.Errorf("channels %d: want at most 64", s.Channels)
	}
	if s.Role == Generator {
		if err := zeroOptions(map[string]bool{"ndf": s.NDF != 0,
			"slope (G uses ReLU)": s.Slope != 0}); err != nil {
			return err
		}
		defaultInt(&s.NGF, DefaultWidth)
		return checkSizes(map[string]int{"channels": s.Channels, "ngf": s.NGF})
	}
	if s.NGF != 0 {
		return fmt.Errorf("ngf applies to generators only (use ndf)")
	}
	defaultInt(&s.NDF, DefaultWidth)
	if err := checkSizes(map[string]int{"channels": s.Channels, "ndf": s.NDF}); err != nil {
		return err
	}
	return s.resolveSlope(DefaultDCGANSlope)
}

// resolveNZ defaults a generator's NZ and rejects one on a discriminator.
func (s *Spec) resolveNZ() error {
	if s.Role == Discriminator {
		if s.NZ != 0 {
			return fmt.Errorf("nz applies to generators only")
		}
		return nil
	}
	defaultInt(&s.NZ, DefaultNZ)
	return checkSizes(map[string]int{"nz": s.NZ})
}

func (s *Spec) resolveSlope(def float64) error {
	if s.Slope == 0 {
		s.Slope = def
	}
	if !(s.Slope > 0 && s.Slope <= 1) {
		return fmt.Errorf("slope %g: want a value in (0, 1]", s.Slope)
	}
	return nil
}

func defaultInt(v *int, def int) {
	if *v == 0 {
		*v = def
	}
}

// zeroOptions reports the first set option (in name order) that must not be.
func zeroOptions(set map[string]bool) error {
	for _, name := range sortedKeys(set) {
		if set[name] {
			return fmt.Errorf("option %s does not apply", name)
		}
	}
	return nil
}

func checkSizes(sizes map[string]int) error {
	for _, name := range sortedKeys(sizes) {
		if v := sizes[name]; v < 1 || v > maxDim {
			return fmt.Errorf("%s %d: want 1 to %d", name, v, maxDim)
		}
	}
	return nil
}

// String is a compact description of s with its options, for messages.
func (s Spec) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s (", s.Arch, s.Role)
	opts := []struct {
		name string
		v    any
		set  bool
	}{
		{"nz", s.NZ, s.NZ != 0}, {"data_dim", s.DataDim, s.DataDim != 0},
		{"hidden", s.Hidden, s.Hidden != 0}, {"layers", s.Layers, s.Layers != 0},
		{"output", s.Output, s.Output != ""}, {"channels", s.Channels, s.Channels != 0},
		{"ngf", s.NGF, s.NGF != 0}, {"ndf", s.NDF, s.NDF != 0},
		{"slope", s.Slope, s.Slope != 0}, {"vocab", s.Vocab, s.Vocab != 0},
		{"seq_len", s.SeqLen, s.SeqLen != 0}, {"dim", s.Dim, s.Dim != 0},
		{"blocks", s.Blocks, s.Blocks != 0},
	}
	sep := ""
	for _, o := range opts {
		if o.set {
			fmt.Fprintf(&b, "%s%s=%v", sep, o.name, o.v)
			sep = " "
		}
	}
	b.WriteString(")")
	return b.String()
}

// SampleShape is the shape of one sample that the generator makes or the
// discriminator judges: (DataDim) for MLP, (C, H, W) for DCGAN, (V, L) for
// resnet1d. s must be resolved.
func (s Spec) SampleShape() []int64 {
	switch s.Arch {
	case MLP:
		return []int64{int64(s.DataDim)}
	case ResNet1d:
		return []int64{int64(s.Vocab), int64(s.SeqLen)}
	}
	side := s.Arch.ImageSize()
	return []int64{int64(s.Channels), side, side}
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
