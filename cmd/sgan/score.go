package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"
	torch "github.com/wangkuiyi/gotorch"

	"github.com/sgan-dev/sgan/classify"
	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/metrics"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

// scoreFile is the file `sgan score` writes in the run directory.
const scoreFile = "score.json"

func scoreCommand() *cli.Command {
	return &cli.Command{
		Name:  "score",
		Usage: "score G0, every G_i and the baseline of a run's checkpoints",
		Description: "Draws --n samples of every generator of each --checkpoint (default: the\n" +
			"newest of --run) and scores them: modes captured and high-quality share\n" +
			"for toy mixtures; the character n-gram JSDs and distinct characters for\n" +
			"text; classifier score, entropy and total variation of the\n" +
			"predicted classes with --classifier, and the Inception Score, FID and KID\n" +
			"with --inception, for images. FID and KID compare with the statistics of\n" +
			"the run's training images, cached in DATA-DIR/" + statsDirName + "/ (or\n" +
			"--real-stats, made by `sgan data stats`). Prints a table and writes\n" +
			scoreFile + " in the run directory. Example:\n\n" +
			"   sgan score --run runs/0001-mnist-5-S-gan --classifier mnist.cls",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "run", Usage: "the run directory"},
			&cli.StringSliceFlag{Name: "checkpoint", Usage: "checkpoint files to score " +
				"(repeatable; default: the newest complete one of --run)"},
			&cli.StringFlag{Name: "classifier", Usage: "a file of `sgan classifier train` " +
				"(image runs)"},
			&cli.StringFlag{Name: "inception", Usage: "a TorchScript Inception network " +
				"returning (features, logits), for the Inception Score, FID and KID " +
				"(image runs)"},
			&cli.StringFlag{Name: "real-stats", Usage: "real-data statistics made by " +
				"`sgan data stats` (default: computed once and cached in the data dir)"},
			&cli.IntFlag{Name: "real-n", Usage: "real training images the statistics " +
				"are of (0: all)"},
			&cli.StringFlag{Name: "data-dir", EnvVars: env("data-dir"), Usage: "where the " +
				"run's data set and the statistics cache are (default: the run's)"},
			&cli.IntFlag{Name: "kid-subsets", Value: 100, Usage: "KID's subset pairs " +
				"of 1000 features"},
			&cli.IntFlag{Name: "n", Usage: "samples per generator (0: 2500 for toy " +
				"data, 10000 for images)"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of the noise, the " +
				"same for every generator"},
		},
		Action: scoreAction,
	}
}

// scoreRow is the scores of one generator at one checkpoint; absent
// figures are nil.
type scoreRow struct {
	Checkpoint     string   `json:"checkpoint"`
	Iteration      int      `json:"iteration"`
	Generator      string   `json:"generator"`
	Samples        int      `json:"samples"`
	ModesCaptured  *int     `json:"modes_captured,omitempty"`
	Modes          *int     `json:"modes,omitempty"`
	HighQuality    *float64 `json:"high_quality_share,omitempty"`
	ClassScore     *float64 `json:"classifier_score,omitempty"`
	ClassScoreStd  *float64 `json:"classifier_score_std,omitempty"`
	Entropy        *float64 `json:"entropy,omitempty"`
	TotalVariation *float64 `json:"total_variation,omitempty"`
	Inception      *float64 `json:"inception_score,omitempty"`
	InceptionStd   *float64 `json:"inception_score_std,omitempty"`
	FID            *float64 `json:"fid,omitempty"`
	KID            *float64 `json:"kid,omitempty"`
	KIDStd         *float64 `json:"kid_std,omitempty"`
	// JSD is a text run's n-gram JSDs (nats), n = 1 to 4.
	JSD           []float64 `json:"jsd,omitempty"`
	DistinctChars *int      `json:"distinct_chars,omitempty"`
}

// scorers are what scores one generator's samples.
type scorers struct {
	toy        *metrics.Mixture
	classifier *classify.Model
	inception  *metrics.Network
	real       *metrics.Stats // the real images' Inception statistics, for FID and KID
	kidSubsets int            // KID's subset pairs
	text       *data.Text     // a text run's data, for the n-gram JSD
}

func scoreAction(c *cli.Context) error {
	dir := c.String("run")
	if dir == "" {
		return usageError{errors.New("--run: give a run directory")}
	}
	run, opt, err := openRunDir(dir)
	if err != nil {
		return usageError{errors.New(strings.Replace(err.Error(), "--resume", "--run", 1))}
	}
	ckpts := c.StringSlice("checkpoint")
	if len(ckpts) == 0 {
		latest, err := train.LatestCheckpoint(run.checkpoints())
		if err != nil {
			return usageError{fmt.Errorf("--run %s: %w", dir, err)}
		}
		ckpts = []string{latest}
	}
	s, err := newScorers(c, opt)
	if err != nil {
		return err
	}
	if s.inception != nil {
		defer s.inception.Close()
	}
	n := c.Int("n")
	if n <= 0 {
		n = 10000
		if s.toy != nil {
			n = metrics.DefaultToySamples
		}
		if s.text != nil {
			n = textEvalSamples
		}
	}
	var rows []scoreRow
	var ensembles []ensembleRow
	for _, ck := range ckpts {
		r, ens, err := scoreCheckpoint(ck, s, n, c.Uint64("seed"))
		if err != nil {
			return err
		}
		rows = append(rows, r...)
		if ens != nil {
			ensembles = append(ensembles, *ens)
		}
	}
	if err := printScores(c.App.Writer, rows); err != nil {
		return err
	}
	printEnsembles(c.App.Writer, ensembles)
	out := map[string]any{"run": dir, "dataset": opt.Dataset, "seed": c.Uint64("seed"),
		"scores": rows}
	if len(ensembles) > 0 {
		out["ensembles"] = ensembles
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, scoreFile), append(b, '\n'), 0o644)
}

// newScorers picks the scores for the run's data set: toy metrics for a
// mixture, the classifier and Inception networks the flags name otherwise.
func newScorers(c *cli.Context, opt runOptions) (scorers, error) {
	var s scorers
	src, openErr := data.Open(opt.Dataset, opt.openOptions())
	if openErr != nil && opt.Vocab != nil {
		return s, usageError{fmt.Errorf("--run: the run's text %s: %w", opt.Dataset,
			openErr)}
	}
	var err error
	if openErr == nil {
		if mix, ok := src.(*data.Mixture); ok {
			s.toy = &metrics.Mixture{Means: mix.Modes(), Std: mix.Std()}
			return s, nil
		}
		if txt, ok := src.(*data.Text); ok {
			s.text = txt
			return s, nil
		}
		if len(src.Shape()) != 3 {
			return s, usageError{fmt.Errorf("--run: data set %q has no modes and is not "+
				"images: nothing to score it with", opt.Dataset)}
		}
	}
	if p := c.String("classifier"); p != "" {
		if s.classifier, _, err = classify.Load(p); err != nil {
			return s, usageError{fmt.Errorf("--classifier: %w", err)}
		}
	}
	if p := c.String("inception"); p != "" {
		if s.inception, err = metrics.LoadNetwork(p, metrics.NetworkOptions{}); err != nil {
			return s, usageError{fmt.Errorf("--inception %s: %w: give a TorchScript file "+
				"(torch.jit.save) returning (features, logits)", p, err)}
		}
		if s.real, err = scoreRealStats(c, s.inception, opt); err != nil {
			s.inception.Close()
			return s, err
		}
		s.kidSubsets = c.Int("kid-subsets")
	}
	if s.classifier != nil && openErr == nil {
		want, got := s.classifier.Shape, src.Shape()
		if got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			return s, usageError{fmt.Errorf("--classifier: it takes images of shape %v, "+
				"the run's %s has %v: train one on %s", want, opt.Dataset, got, opt.Dataset)}
		}
	}
	if s.classifier == nil && s.inception == nil {
		return s, usageError{fmt.Errorf("--run: %q is an image data set: give --classifier "+
			"FILE (from `sgan classifier train`) or --inception FILE", opt.Dataset)}
	}
	return s, nil
}

// scoreRealStats returns the statistics of the run's training images by
// the Inception network net, from --real-stats or the cache.
func scoreRealStats(c *cli.Context, net *metrics.Network, opt runOptions) (
	*metrics.Stats, error) {
	if c.Int("kid-subsets") < 1 || c.Int("real-n") < 0 {
		return nil, usageError{fmt.Errorf("--kid-subsets %d, --real-n %d: want at "+
			"least 1 and 0", c.Int("kid-subsets"), c.Int("real-n"))}
	}
	spec := realSpec{Dataset: opt.Dataset, DataDir: opt.DataDir, N: c.Int("real-n")}
	if c.IsSet("data-dir") {
		spec.DataDir = c.String("data-dir")
	}
	return realStats(net, spec, c.String("real-stats"), "--real-stats")
}

// ensembleRow is the coverage of a toy mixture's modes by the local
// generators of one checkpoint (the paper's Figure 2d).
type ensembleRow struct {
	Checkpoint string `json:"checkpoint"`
	Iteration  int    `json:"iteration"`
	Pairs      int    `json:"pairs"`
	// NonCoverage is the share of modes that no local generator covers.
	NonCoverage float64 `json:"non_coverage"`
	// ByPairs[k] is the non-coverage of the first k+1 local generators
	// alone: since local pairs never depend on each other, the non-coverage
	// an ensemble of k+1 pairs trained with the same seed would have.
	ByPairs []float64 `json:"non_coverage_by_pairs"`
}

// scoreCheckpoint scores every generator of the checkpoint at path and, on
// a toy mixture, the coverage of the local generators (nil otherwise).
func scoreCheckpoint(path string, s scorers, n int, seed uint64) ([]scoreRow, *ensembleRow,
	error) {
	names, gens, cfg, err := train.LoadGenerators(path)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("--checkpoint %s: %w", path, err)}
	}
	_, it, err := train.ReadConfig(path)
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("--checkpoint %s: %w", path, err)}
	}
	var rows []scoreRow
	var local [][][2]float64
	for i, g := range gens {
		values, shape, err := drawSamples(g, n, cfg.G.NZ, seed)
		if err != nil {
			return nil, nil, fmt.Errorf("score %s of %s: %w", names[i], path, err)
		}
		row := scoreRow{Checkpoint: path, Iteration: it, Generator: names[i], Samples: n}
		if err := s.score(&row, values, shape); err != nil {
			return nil, nil, fmt.Errorf("score %s of %s: %w", names[i], path, err)
		}
		rows = append(rows, row)
		if s.toy != nil && isLocal(names[i]) {
			pts, err := metrics.Points2D(values)
			if err != nil {
				return nil, nil, err
			}
			local = append(local, pts)
		}
	}
	if len(local) == 0 {
		return rows, nil, nil
	}
	byPairs, err := prefixNonCoverage(local, *s.toy)
	if err != nil {
		return nil, nil, fmt.Errorf("score the local generators of %s: %w", path, err)
	}
	return rows, &ensembleRow{Checkpoint: path, Iteration: it, Pairs: len(local),
		NonCoverage: byPairs[len(byPairs)-1], ByPairs: byPairs}, nil
}

// prefixNonCoverage is the non-coverage of m's modes by the first k sample
// sets of local, for k = 1 to len(local).
func prefixNonCoverage(local [][][2]float64, m metrics.Mixture) ([]float64, error) {
	var out []float64
	for k := 1; k <= len(local); k++ {
		cov, err := metrics.NonCoverage(local[:k], m, metrics.ToyOptions{})
		if err != nil {
			return nil, err
		}
		out = append(out, cov.NonCoverage)
	}
	return out, nil
}

// samplingBatch is the number of samples drawn per forward.
const samplingBatch = 500

// drawSamples draws n samples of g from the noise stream seed, batch by
// batch, on one OS thread.
func drawSamples(g nn.Network, n, nz int, seed uint64) ([]float32, []int64, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	noise := torchx.NewGenerator(seed)
	var values []float32
	var shape []int64
	for done := 0; done < n; done += samplingBatch {
		b := min(samplingBatch, n-done)
		v, s, err := train.Sample(g, noise.RandN(int64(b), int64(nz)))
		if err != nil {
			return nil, nil, err
		}
		values, shape = append(values, v...), s
		runtime.GC()
	}
	shape = append([]int64{int64(n)}, shape[1:]...)
	return values, shape, nil
}

// score fills row with the scores of the samples values of shape (n, ...).
func (s scorers) score(row *scoreRow, values []float32, shape []int64) error {
	if s.toy != nil {
		return s.scoreToy(row, values)
	}
	if s.text != nil {
		return s.scoreText(row, values, shape)
	}
	if len(shape) != 4 {
		return fmt.Errorf("samples of shape %v are not images", shape)
	}
	if s.classifier != nil {
		if err := s.scoreClasses(row, values, shape); err != nil {
			return err
		}
	}
	if s.inception != nil {
		return s.scoreInception(row, values, shape)
	}
	return nil
}

func (s scorers) scoreToy(row *scoreRow, values []float32) error {
	pts, err := metrics.Points2D(values)
	if err != nil {
		return err
	}
	q, err := metrics.EvaluateToy(pts, *s.toy, metrics.ToyOptions{})
	if err != nil {
		return err
	}
	modes := len(s.toy.Means)
	row.ModesCaptured, row.Modes, row.HighQuality = &q.ModesCaptured, &modes,
		&q.HighQualityShare
	return nil
}

func (s scorers) scoreClasses(row *scoreRow, values []float32, shape []int64) error {
	per := int(shape[1] * shape[2] * shape[3])
	probs, err := classify.Predict(s.classifier, func(idx []int) torch.Tensor {
		lo, hi := idx[0]*per, (idx[len(idx)-1]+1)*per
		return torchx.FromFloat32(values[lo:hi], int64(len(idx)), shape[1], shape[2], shape[3])
	}, int(shape[0]))
	if err != nil {
		return err
	}
	cs, err := metrics.ClassifierScore(probs, metrics.ScoreOptions{Probabilities: true})
	if err != nil {
		return err
	}
	h, err := metrics.ClassHistogram(probs)
	if err != nil {
		return err
	}
	row.ClassScore, row.ClassScoreStd = &cs.Mean, &cs.Std
	row.Entropy, row.TotalVariation = &h.Entropy, &h.TotalVariation
	return nil
}

func (s scorers) scoreInception(row *scoreRow, values []float32, shape []int64) error {
	var acts metrics.Activations
	var err error
	func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		acts, err = s.inception.Run(torchx.FromFloat32(values, shape...))
	}()
	if err != nil {
		return err
	}
	is, err := metrics.ClassifierScore(acts.Logits,
		metrics.ScoreOptions{Probabilities: acts.Probabilities})
	if err != nil {
		return err
	}
	row.Inception, row.InceptionStd = &is.Mean, &is.Std
	if s.real == nil {
		return nil
	}
	return s.scoreDistances(row, acts.Features)
}

// scoreDistances fills FID and, when the real statistics keep a sample of
// features, KID between the samples' features and the real ones.
func (s scorers) scoreDistances(row *scoreRow, features metrics.Matrix) error {
	gen, err := metrics.NewStats(features)
	if err != nil {
		return err
	}
	gen.Model = s.inception.SHA256()
	fid, err := metrics.FID(gen, s.real)
	if err != nil {
		return err
	}
	row.FID = &fid
	if s.real.Sample.Rows < 2 {
		return nil
	}
	kid, err := metrics.KID(features, s.real.Sample,
		metrics.KIDOptions{Subsets: s.kidSubsets, Seed: 1})
	if err != nil {
		return err
	}
	row.KID, row.KIDStd = &kid.Mean, &kid.Std
	return nil
}

// printScores writes rows as an aligned table, "-" for absent figures.
func printScores(w io.Writer, rows []scoreRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "iteration\tgenerator\tsamples\tmodes\thigh-quality\t"+
		"class-score\tentropy\tTV\tIS\tFID\tKID\tJSD 1/2/3/4-grams\tchars")
	for _, r := range rows {
		modes := "-"
		if r.ModesCaptured != nil {
			modes = fmt.Sprintf("%d/%d", *r.ModesCaptured, *r.Modes)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			r.Iteration, r.Generator, r.Samples, modes, fig(r.HighQuality, nil),
			fig(r.ClassScore, r.ClassScoreStd), fig(r.Entropy, nil), fig(r.TotalVariation, nil),
			fig(r.Inception, r.InceptionStd), fig(r.FID, nil), kidFig(r.KID, r.KIDStd),
			jsdFig(r.JSD), intFig(r.DistinctChars))
	}
	return tw.Flush()
}

// printEnsembles writes, for each checkpoint of a toy run, the share of
// modes that no local generator covers, and that of the first k pairs.
func printEnsembles(w io.Writer, ens []ensembleRow) {
	for _, e := range ens {
		parts := make([]string, len(e.ByPairs))
		for k, v := range e.ByPairs {
			parts[k] = fmt.Sprintf("%d:%.3f", k+1, v)
		}
		fmt.Fprintf(w, "iteration %d: non-coverage of the %d local generators %.3f; "+
			"of the first k: %s\n", e.Iteration, e.Pairs, e.NonCoverage,
			strings.Join(parts, " "))
	}
}

// fig formats v (± std when given), "-" when v is nil.
func fig(v, std *float64) string {
	switch {
	case v == nil:
		return "-"
	case std == nil:
		return fmt.Sprintf("%.4f", *v)
	default:
		return fmt.Sprintf("%.3f±%.3f", *v, *std)
	}
}

// kidFig formats KID ± std with five decimals (KID is often below 0.01).
func kidFig(v, std *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.5f±%.5f", *v, *std)
}
