package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/metrics"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/report"
	"github.com/sgan-dev/sgan/train"
)

// Text runs (issue #9): the samples of every generator are written as text,
// and the generators are scored by the Jensen-Shannon divergence between
// their character n-gram distributions and the data's.
const (
	// textEvalSamples is the number of sequences of each generator, and of
	// real sequences, that the n-gram JSD of a run's evals.jsonl and of
	// sgan score (by default) compares.
	textEvalSamples = 1000
	// textShown is the number of sequences of each generator written to
	// samples/NNNNNNNN-NAME.txt, from the run's fixed noise.
	textShown = 64
	// newlineMark stands for a newline inside a sample in the text files
	// and on the page, so that every sample is one line.
	newlineMark = "⏎"
)

// openOptions are the data.Open options of a run: --lines and
// --seq-len, and the vocabulary of the run once it has one, so that a
// resumed or scored run encodes its text as it was trained.
func (o runOptions) openOptions() data.OpenOptions {
	return data.OpenOptions{DataDir: o.DataDir, Text: data.TextOptions{Lines: o.Lines,
		SeqLen: o.SeqLen, Vocab: o.Vocab}}
}

// isText reports whether the run trains on text.
func isText(cfg train.Config) bool { return cfg.G.Arch == nn.ResNet1d }

// decodeTexts turns generated sequences of shape (N, V, L) into text by
// the most likely character of each position; it fails when V is not the
// vocabulary's size.
func decodeTexts(v *data.Vocab, values []float32, shape []int64) ([]string, error) {
	if len(shape) != 3 || int(shape[1]) != v.Size() {
		return nil, fmt.Errorf("samples of shape %v do not fit the vocabulary of %d "+
			"symbols", shape, v.Size())
	}
	return v.DecodeOneHot(values, shape), nil
}

// oneLine writes a sample's newlines as newlineMark.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", newlineMark) }

// writeTextSamples writes samples/NNNNNNNN-NAME.txt for every generator:
// textShown sequences from the fixed noise, one a line.
func (r *runDir) writeTextSamples(tr *train.Trainer, v *data.Vocab) error {
	names, gens := tr.Generators()
	z := fixedNoise(textShown, tr.Config().G.NZ)
	for i, g := range gens {
		values, shape, err := train.Sample(g, z)
		if err != nil {
			return fmt.Errorf("sample %s: %w", names[i], err)
		}
		texts, err := decodeTexts(v, values, shape)
		if err != nil {
			return fmt.Errorf("sample %s: %w", names[i], err)
		}
		var b strings.Builder
		for _, s := range texts {
			b.WriteString(oneLine(s))
			b.WriteByte('\n')
		}
		path := filepath.Join(r.dir, report.SamplesDir, fmt.Sprintf("%08d-%s.txt",
			tr.Iteration(), names[i]))
		if err := writeFileAtomic(path, []byte(b.String())); err != nil {
			return err
		}
	}
	return nil
}

// writeFileAtomic writes path through a temporary file and a rename.
func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

// realTexts are k sequences of txt spread evenly over it (all when it has
// fewer), decoded: the real side of the n-gram JSD.
func realTexts(txt *data.Text, k int) []string {
	n := txt.Len()
	k = min(k, n)
	out := make([]string, k)
	for i := range out {
		out[i] = txt.Example(int(int64(i) * int64(n) / int64(k)))
	}
	return out
}

// textFigures are a generator's text figures: the n-gram JSDs, keys jsd1
// to jsd4, and distinct_chars, the number of distinct characters in its
// samples (1 when it emits one character only, as young WGAN generators
// do in the paper's Table 2).
func textFigures(fake, real []string) (map[string]float64, error) {
	jsd, err := metrics.NGramJSD(fake, real, metrics.NGramOptions{})
	if err != nil {
		return nil, err
	}
	f := map[string]float64{"distinct_chars": float64(distinctChars(fake))}
	for n, d := range jsd {
		f[fmt.Sprintf("jsd%d", n+1)] = d
	}
	return f, nil
}

// distinctChars counts the distinct characters of texts.
func distinctChars(texts []string) int {
	seen := map[rune]bool{}
	for _, s := range texts {
		for _, r := range s {
			seen[r] = true
		}
	}
	return len(seen)
}

// evaluateText appends every generator's text figures, on textEvalSamples
// sequences from sgan score's default noise, to evals.jsonl and redraws
// plots/evals.png.
func (r *runDir) evaluateText(tr *train.Trainer, txt *data.Text) error {
	real := realTexts(txt, textEvalSamples)
	rec := report.EvalRecord{Iteration: tr.Iteration()}
	names, gens := tr.Generators()
	for i, g := range gens {
		values, shape, err := drawSamples(g, textEvalSamples, tr.Config().G.NZ, evalSeed)
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", names[i], err)
		}
		fake, err := decodeTexts(txt.Vocab(), values, shape)
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", names[i], err)
		}
		f, err := textFigures(fake, real)
		if err != nil {
			return fmt.Errorf("evaluate %s: %w", names[i], err)
		}
		rec.Generators = append(rec.Generators, report.GeneratorEval{Name: names[i],
			Figures: f})
	}
	if err := report.AppendEval(filepath.Join(r.dir, report.EvalsFile), rec); err != nil {
		return err
	}
	return r.drawEvals()
}

// fitText sets resnet1d specs for text examples of shape (V, L), with
// --width as the channels, and makes WGAN-GP the variant unless --variant
// is given: the paper trains its text GANs as WGAN, and WGAN-GP's language
// model is what its networks come from.
func fitText(c *cli.Context, cfg *train.Config, shape []int64) {
	spec := nn.Spec{Arch: nn.ResNet1d, Vocab: int(shape[0]), SeqLen: int(shape[1]),
		Dim: c.Int("width")}
	cfg.G, cfg.D = spec, spec
	cfg.G.NZ = c.Int("nz")
	if !c.IsSet("variant") {
		cfg.Variant = train.WGANGP
	}
}

// writeTexts decodes the samples of `sgan sample` on a text run and prints
// them, a sample a line with newlines as newlineMark, or writes them to
// --out and prints its path.
func writeTexts(c *cli.Context, r sampleRequest, values []float32, shape []int64) error {
	if r.vocab == nil {
		return usageError{fmt.Errorf("--checkpoint %s: a text run's samples need its "+
			"vocabulary: give --run DIR", r.checkpoint)}
	}
	if r.single {
		return usageError{errors.New("--single: text samples are lines of one file: " +
			"leave out --single")}
	}
	texts, err := decodeTexts(r.vocab, values, shape)
	if err != nil {
		return fmt.Errorf("--checkpoint %s: %w", r.checkpoint, err)
	}
	var b strings.Builder
	for _, s := range texts {
		b.WriteString(oneLine(s))
		b.WriteByte('\n')
	}
	if out := c.String("out"); out != "" {
		if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
			return usageError{fmt.Errorf("--out %s: %w", out, err)}
		}
		fmt.Fprintln(c.App.Writer, out)
		return nil
	}
	_, err = fmt.Fprint(c.App.Writer, b.String())
	return err
}

// scoreText fills row with the n-gram JSDs of the samples against as many
// real sequences, spread over the run's text, and their distinct
// characters.
func (s scorers) scoreText(row *scoreRow, values []float32, shape []int64) error {
	fake, err := decodeTexts(s.text.Vocab(), values, shape)
	if err != nil {
		return err
	}
	f, err := textFigures(fake, realTexts(s.text, len(fake)))
	if err != nil {
		return err
	}
	row.JSD = make([]float64, metrics.DefaultMaxN)
	for n := range row.JSD {
		row.JSD[n] = f[fmt.Sprintf("jsd%d", n+1)]
	}
	chars := int(f["distinct_chars"])
	row.DistinctChars = &chars
	return nil
}

// jsdFig formats n-gram JSDs as a/b/c/d, "-" when there are none.
func jsdFig(jsd []float64) string {
	if len(jsd) == 0 {
		return "-"
	}
	parts := make([]string, len(jsd))
	for i, d := range jsd {
		parts[i] = fmt.Sprintf("%.3f", d)
	}
	return strings.Join(parts, "/")
}

// intFig formats v, "-" when nil.
func intFig(v *int) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprint(*v)
}
