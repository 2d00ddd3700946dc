package main

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

// noiseSeed is the seed of fixedNoise, the default of `sgan sample --seed`:
// with it, sample pictures match those the run drew.
const noiseSeed = 20180618

func sampleCommand() *cli.Command {
	return &cli.Command{
		Name:  "sample",
		Usage: "draw samples of a generator of a run's checkpoint into PNG files",
		Description: "Loads the newest complete checkpoint of --run (or --checkpoint) and\n" +
			"draws --n samples of --generator from fixed noise: a grid (the default)\n" +
			"or one PNG per sample (--single). Toy 2-D data is drawn as points over\n" +
			"the real data; text is printed, a sample a line (newlines as ⏎), or\n" +
			"written to --out. Example:\n\n" +
			"   sgan sample --run runs/0001-ring8-5-S-gan --generator G2 --out g2.png",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "run", Usage: "the run directory (required unless --checkpoint)"},
			&cli.StringFlag{Name: "checkpoint", Usage: "a checkpoint file (default: the " +
				"newest complete one of --run)"},
			&cli.StringFlag{Name: "generator", Value: "G0", Usage: "G0, G1..GN or baseline"},
			&cli.IntFlag{Name: "n", Value: 64, Usage: "samples to draw (points for toy data)"},
			&cli.BoolFlag{Name: "grid", Usage: "one picture tiling every sample (the default)"},
			&cli.BoolFlag{Name: "single", Usage: "one PNG per sample, in the folder --out"},
			&cli.StringFlag{Name: "out", Usage: "the PNG file, or the folder with --single " +
				"(default: GEN-ITERATION.png or GEN-ITERATION/ in the current folder)"},
			&cli.Uint64Flag{Name: "seed", Value: noiseSeed, Usage: "seed of the noise " +
				"(the default gives the run's own sample pictures)"},
		},
		Action: sampleAction,
	}
}

// sampleRequest is the validated flags of `sgan sample`.
type sampleRequest struct {
	checkpoint, generator, out, dataset string
	n                                   int
	single                              bool
	seed                                uint64
	vocab                               *data.Vocab // a text run's
}

func parseSampleFlags(c *cli.Context) (sampleRequest, error) {
	r := sampleRequest{checkpoint: c.String("checkpoint"), generator: c.String("generator"),
		out: c.String("out"), n: c.Int("n"), single: c.Bool("single"), seed: c.Uint64("seed")}
	if c.Bool("grid") && r.single {
		return r, usageError{errors.New("--grid and --single: give one of them")}
	}
	if r.n < 1 {
		return r, usageError{fmt.Errorf("--n %d: want at least 1", r.n)}
	}
	dir := c.String("run")
	if dir == "" && r.checkpoint == "" {
		return r, usageError{errors.New("--run: give a run directory (or --checkpoint FILE)")}
	}
	if dir != "" {
		run, opt, err := openRunDir(dir)
		if err != nil {
			return r, usageError{fmt.Errorf("--run %s: not a run directory of sgan train "+
				"(%w)", dir, errors.Unwrap(err))}
		}
		r.dataset, r.vocab = opt.Dataset, opt.Vocab
		if r.checkpoint == "" {
			if r.checkpoint, err = train.LatestCheckpoint(run.checkpoints()); err != nil {
				return r, usageError{fmt.Errorf("--run %s: %w", dir, err)}
			}
		}
	}
	return r, nil
}

func sampleAction(c *cli.Context) error {
	r, err := parseSampleFlags(c)
	if err != nil {
		return err
	}
	names, gens, cfg, err := train.LoadGenerators(r.checkpoint)
	if err != nil {
		return usageError{fmt.Errorf("--checkpoint %s: %w", r.checkpoint, err)}
	}
	_, it, err := train.ReadConfig(r.checkpoint)
	if err != nil {
		return err
	}
	var g nn.Network
	for i, name := range names {
		if name == r.generator {
			g = gens[i]
		}
	}
	if g == nil {
		return usageError{fmt.Errorf("--generator %s: not in %s; its generators are %s",
			r.generator, r.checkpoint, strings.Join(names, ", "))}
	}
	if r.out == "" {
		r.out = fmt.Sprintf("%s-%08d", r.generator, it)
		if !r.single {
			r.out += ".png"
		}
	}
	z := torchx.NewGenerator(r.seed).RandN(int64(r.n), int64(cfg.G.NZ))
	values, shape, err := train.Sample(g, z)
	if err != nil {
		return fmt.Errorf("sample %s: %w", r.generator, err)
	}
	if isText(cfg) {
		return writeTexts(c, r, values, shape)
	}
	paths, err := writeSamples(r, values, shape)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(c.App.Writer, p)
	}
	return nil
}

// writeSamples writes the samples as r asks and returns the files written.
func writeSamples(r sampleRequest, values []float32, shape []int64) ([]string, error) {
	switch {
	case len(shape) == 2 && shape[1] == 2:
		if r.single {
			return nil, usageError{errors.New("--single: toy samples are points, drawn " +
				"together in one picture: leave out --single")}
		}
		return []string{r.out}, writePNG(r.out, toyPicture(r.dataset, values))
	case len(shape) != 4:
		return nil, usageError{fmt.Errorf("--checkpoint %s: samples of shape %v are neither "+
			"images nor 2-D points: nothing to draw", r.checkpoint, shape[1:])}
	case !r.single:
		cols := int(math.Ceil(math.Sqrt(float64(r.n))))
		return []string{r.out}, writePNG(r.out, tileImages(values, shape, cols))
	}
	if err := os.MkdirAll(r.out, 0o755); err != nil {
		return nil, usageError{fmt.Errorf("--out %s: %w", r.out, err)}
	}
	var paths []string
	for k := 0; k < int(shape[0]); k++ {
		p := filepath.Join(r.out, fmt.Sprintf("%04d.png", k))
		if err := writePNG(p, sampleImage(values, shape, k)); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// toyPicture draws 2-D samples in red over points of the run's data set in
// grey (left out when the data set cannot be opened).
func toyPicture(dataset string, pts []float32) image.Image {
	var real []float32
	if src, err := openToyData(dataset); err == nil {
		real = make([]float32, 2*toyPoints)
		src.Fill(real, nil, make([]int, toyPoints), rand.New(rand.NewPCG(1, 2)))
	}
	lo, hi := bounds(append(append([]float32(nil), real...), pts...))
	p := newPanel(lo, hi)
	p.points(real, color.RGBA{200, 200, 200, 255})
	p.points(pts, color.RGBA{220, 30, 30, 255})
	return p.img
}

// openToyData opens the run's data set when it is a toy distribution.
func openToyData(dataset string) (data.Source, error) {
	if dataset == "" {
		return nil, errors.New("no data set")
	}
	return data.Open(dataset, data.OpenOptions{})
}

// tileImages tiles images shaped (N, C, H, W) in [-1, 1] into rows of cols
// with 2-pixel gaps on a dark ground, as the run's own grids.
func tileImages(values []float32, shape []int64, cols int) image.Image {
	n, h, w := int(shape[0]), int(shape[2]), int(shape[3])
	rows := (n + cols - 1) / cols
	const gap = 2
	img := image.NewRGBA(image.Rect(0, 0, cols*(w+gap)+gap, rows*(h+gap)+gap))
	fill(img, color.RGBA{40, 40, 40, 255})
	for k := 0; k < n; k++ {
		ox, oy := gap+(k%cols)*(w+gap), gap+(k/cols)*(h+gap)
		one := sampleImage(values, shape, k)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				img.SetRGBA(ox+x, oy+y, one.RGBAAt(x, y))
			}
		}
	}
	return img
}

// sampleImage is image k of values shaped (N, C, H, W) in [-1, 1]; one
// channel is drawn grey.
func sampleImage(values []float32, shape []int64, k int) *image.RGBA {
	c, h, w := int(shape[1]), int(shape[2]), int(shape[3])
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var rgb [3]uint8
			for ch := 0; ch < 3; ch++ {
				src := min(ch, c-1)
				v := float64(values[((k*c+src)*h+y)*w+x])
				rgb[ch] = uint8(math.Max(0, math.Min(255, (v+1)*127.5+0.5)))
			}
			img.SetRGBA(x, y, color.RGBA{rgb[0], rgb[1], rgb[2], 255})
		}
	}
	return img
}
