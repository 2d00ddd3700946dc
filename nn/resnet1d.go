package nn

import "fmt"

// Defaults of the resnet1d options: WGAN-GP's language model (Gulrajani et
// al. 2017), whose generator and discriminator the SGAN paper's text
// experiment uses, with the paper's four residual blocks.
const (
	DefaultTextNZ = 128 // noise dimension of a resnet1d generator
	DefaultSeqLen = 32  // characters per sequence
	DefaultDim    = 512 // channels of the residual blocks
	DefaultBlocks = 4   // residual blocks
	// DefaultVocab is package data's default vocabulary size (pad and
	// unknown included); training sets Vocab from the data.
	DefaultVocab = 96
	resKernel    = 5 // kernel of the blocks' convolutions (padding 2)
)

// maxTextUnits bounds Dim times SeqLen, the width of the linear layer of a
// resnet1d network, so that a corrupt header cannot ask for an absurd one.
const maxTextUnits = 1 << 22

// resolveResNet1d fills in the defaults of a resnet1d spec and checks it.
func (s *Spec) resolveResNet1d() error {
	if s.Role == Generator {
		defaultInt(&s.NZ, DefaultTextNZ)
	}
	if err := s.resolveNZ(); err != nil {
		return err
	}
	if err := zeroOptions(map[string]bool{"data_dim": s.DataDim != 0, "hidden": s.Hidden != 0,
		"layers": s.Layers != 0, "output": s.Output != "", "channels": s.Channels != 0,
		"ngf": s.NGF != 0, "ndf": s.NDF != 0, "slope": s.Slope != 0}); err != nil {
		return err
	}
	defaultInt(&s.Vocab, DefaultVocab)
	if s.Vocab < 2 {
		return fmt.Errorf("vocab %d: want at least 2", s.Vocab)
	}
	defaultInt(&s.SeqLen, DefaultSeqLen)
	defaultInt(&s.Dim, DefaultDim)
	defaultInt(&s.Blocks, DefaultBlocks)
	if s.Blocks < 1 || s.Blocks > 64 {
		return fmt.Errorf("blocks %d: want 1 to 64", s.Blocks)
	}
	err := checkSizes(map[string]int{"vocab": s.Vocab, "seq_len": s.SeqLen, "dim": s.Dim})
	if err != nil {
		return err
	}
	if int64(s.Dim)*int64(s.SeqLen) > maxTextUnits {
		return fmt.Errorf("dim %d times seq_len %d: want at most %d", s.Dim, s.SeqLen,
			maxTextUnits)
	}
	return nil
}

// textOptions are the options of resnet1d, which other architectures
// reject.
func (s Spec) textOptions() map[string]bool {
	return map[string]bool{"vocab": s.Vocab != 0, "seq_len": s.SeqLen != 0,
		"dim": s.Dim != 0, "blocks": s.Blocks != 0}
}

// resnet1dPlan: the character-level networks of WGAN-GP's language model.
// Stages of G: Linear(nz, dim L) viewed as (dim, L), Blocks residual
// blocks, a 1x1 convolution to the vocabulary with a softmax over it: (N,
// V, L). Stages of D: a 1x1 convolution from the vocabulary, Blocks
// residual blocks (the last flattens to dim L), Linear(dim L, 1).
func resnet1dPlan(s Spec) []stagePlan {
	dim, l, v := int64(s.Dim), int64(s.SeqLen), int64(s.Vocab)
	block := stagePlan{kind: resBlockLayer, in: dim, out: dim, kernel: resKernel,
		padding: resKernel / 2, bias: true}
	blocks := make([]stagePlan, s.Blocks)
	for i := range blocks {
		blocks[i] = block
	}
	if s.Role == Generator {
		stages := []stagePlan{{kind: linearLayer, in: int64(s.NZ), out: dim * l, bias: true,
			view: []int64{dim, l}}}
		stages = append(stages, blocks...)
		return append(stages, stagePlan{kind: conv1dLayer, in: dim, out: v, kernel: 1,
			bias: true, act: actSoftmax})
	}
	stages := []stagePlan{{kind: conv1dLayer, in: v, out: dim, kernel: 1, bias: true}}
	stages = append(stages, blocks...)
	stages[len(stages)-1].view = []int64{dim * l} // (N, dim, L) -> (N, dim L)
	return append(stages, stagePlan{kind: linearLayer, in: dim * l, out: 1, bias: true})
}
