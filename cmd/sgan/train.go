package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/urfave/cli/v2"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/nn"
	"github.com/sgan-dev/sgan/train"
)

// runOptions are what a run needs besides train.Config; they are saved in
// the run directory so that --resume finds its data again.
type runOptions struct {
	Dataset         string `json:"dataset"`
	DataDir         string `json:"data_dir,omitempty"`
	Iterations      int    `json:"iterations"`
	LogEvery        int    `json:"log_every"`
	SampleEvery     int    `json:"sample_every"`
	CheckpointEvery int    `json:"checkpoint_every"`
	KeepCheckpoints int    `json:"keep_checkpoints"`
	Device          string `json:"device"`
	Threads         int    `json:"threads,omitempty"`
	// Lines, SeqLen and Vocab are how a text data set is read: a sequence
	// a line, characters a sequence (0: 32), and the vocabulary, set when
	// the run starts.
	Lines  bool        `json:"lines,omitempty"`
	SeqLen int         `json:"seq_len,omitempty"`
	Vocab  *data.Vocab `json:"vocab,omitempty"`
}

func trainCommand() *cli.Command {
	return &cli.Command{
		Name:  "train",
		Usage: "train N local pairs and the global pair (G0, D0) with SGAN",
		Description: "Trains on --dataset and writes a numbered run directory under --out:\n" +
			"config.json, metrics.jsonl, samples/, plots/, checkpoints/ and index.html.\n" +
			"Example:\n\n" +
			"   sgan train --dataset ring8 --pairs 5 --iterations 2000",
		Flags:  trainFlags(),
		Action: trainAction,
	}
}

func env(name string) []string {
	return []string{"SGAN_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))}
}

func trainFlags() []cli.Flag {
	s := func(name, value, usage string) cli.Flag {
		return &cli.StringFlag{Name: name, Value: value, Usage: usage, EnvVars: env(name)}
	}
	i := func(name string, value int, usage string) cli.Flag {
		return &cli.IntFlag{Name: name, Value: value, Usage: usage, EnvVars: env(name)}
	}
	b := func(name, usage string) cli.Flag {
		return &cli.BoolFlag{Name: name, Usage: usage, EnvVars: env(name)}
	}
	return []cli.Flag{
		s("dataset", "ring8", "ring8, ring10, grid25, swissroll, mnist, fashion-mnist, "+
			"cifar10, tinyshakespeare, an image folder, a CIFAR-10 archive or a text file"),
		b("lines", "text: one sequence a line (One Billion Word), not windows of the text"),
		i("seq-len", 0, "text: characters a sequence (0: 32, the paper's)"),
		s("data-dir", "", "where named data sets are looked for (default: the user cache dir)"),
		i("pairs", 5, "N, the number of local pairs"),
		s("variant", "gan", "gan, wgan, wgan-gp or dragan (text: wgan-gp unless given)"),
		s("arch", "auto", "networks: auto (mlp for toy data, dcgan28/32/64 by image size, "+
			"resnet1d for text), mlp, dcgan28, dcgan32, dcgan64 or resnet1d"),
		i("hidden", 0, "MLP hidden units (0: 512, the paper's)"),
		i("nz", 0, "noise dimension (0: 100, 128 for resnet1d)"),
		i("width", 0, "DCGAN ngf and ndf (0: 64); resnet1d channels (0: 512)"),
		i("iterations", 1000, "total iterations of the run (a resumed run continues to it)"),
		i("batch-size", 64, "minibatch size"),
		&cli.Float64Flag{Name: "lr", Usage: "learning rate (0: 1e-4, 5e-5 for wgan)",
			EnvVars: env("lr")},
		i("n-dis", 0, "discriminator steps per generator step (0: 1, or 5 for wgan and wgan-gp)"),
		i("messenger-steps", 0, "steps of each messenger discriminator against G0 an "+
			"iteration (0: n-dis, as Algorithm 1)"),
		s("optimizer", "", "adam or rmsprop (default: adam, rmsprop for wgan)"),
		&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "seed of every random stream",
			EnvVars: env("seed")},
		s("out", "runs", "directory of the numbered run directories"),
		s("resume", "", "a run directory to continue from its newest complete checkpoint"),
		b("baseline", "also train one standard pair on the global pair's draws"),
		b("simplified", "simplified SGAN: G0 learns against the D_i, no messengers"),
		b("g0-every-local", "update G0 after each local pair (appendix, Figure 11)"),
		b("no-global", "train the local pairs only"),
		b("share-weights", "N-SW: share about half of the parameters among local networks"),
		b("shared-real", "local pairs share one stream of real minibatches"),
		i("log-every", 50, "iterations between log lines and metrics.jsonl records"),
		i("sample-every", 500, "iterations between sample pictures"),
		i("checkpoint-every", 500, "iterations between checkpoints"),
		i("keep-checkpoints", 3, "checkpoints kept (0: all)"),
		s("device", "auto", "auto, cpu, cuda or cuda:K"),
		i("threads", 0, "libtorch intra-op threads (0: chosen by the network, "+
			"see README)"),
		i("workers", 1, "local pairs stepped at once, each on its own thread "+
			"(results are identical for any value)"),
		b("dry-run", "one iteration at tiny sizes, to check a setup"),
	}
}

// parseTrainFlags validates every flag before any tensor is allocated and
// returns the resolved configuration.
func parseTrainFlags(c *cli.Context) (train.Config, runOptions, error) {
	opt := runOptions{Dataset: c.String("dataset"), DataDir: c.String("data-dir"),
		Iterations: c.Int("iterations"), LogEvery: c.Int("log-every"),
		SampleEvery: c.Int("sample-every"), CheckpointEvery: c.Int("checkpoint-every"),
		KeepCheckpoints: c.Int("keep-checkpoints"), Device: c.String("device"),
		Threads: c.Int("threads"), Lines: c.Bool("lines"), SeqLen: c.Int("seq-len")}
	cfg := train.Config{Pairs: c.Int("pairs"), BatchSize: c.Int("batch-size"),
		NDis: c.Int("n-dis"), MessengerSteps: c.Int("messenger-steps"),
		Variant:   train.Variant(c.String("variant")),
		Optimizer: train.OptimizerKind(c.String("optimizer")), LR: c.Float64("lr"),
		NoGlobal: c.Bool("no-global"), Simplified: c.Bool("simplified"),
		G0EveryLocal: c.Bool("g0-every-local"), Baseline: c.Bool("baseline"),
		SharedReal: c.Bool("shared-real"), ShareWeights: c.Bool("share-weights"),
		Workers: c.Int("workers"), Seed: c.Uint64("seed")}
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	if c.IsSet("pairs") && cfg.Pairs < 1 {
		bad("--pairs %d: want at least 1", cfg.Pairs)
	}
	if c.IsSet("batch-size") && cfg.BatchSize < 1 {
		bad("--batch-size %d: want at least 1", cfg.BatchSize)
	}
	if cfg.MessengerSteps < 0 {
		bad("--messenger-steps %d: want at least 1 (or 0 for --n-dis)", cfg.MessengerSteps)
	}
	if cfg.Workers < 1 {
		bad("--workers %d: want at least 1", cfg.Workers)
	}
	if cfg.LR < 0 {
		bad("--lr %g: want a positive learning rate (or 0 for the default)", cfg.LR)
	}
	if opt.Iterations < 1 {
		bad("--iterations %d: want at least 1", opt.Iterations)
	}
	for name, v := range map[string]int{"log-every": opt.LogEvery,
		"sample-every": opt.SampleEvery, "checkpoint-every": opt.CheckpointEvery} {
		if v < 1 {
			bad("--%s %d: want at least 1", name, v)
		}
	}
	if opt.KeepCheckpoints < 0 || opt.Threads < 0 || opt.SeqLen < 0 {
		bad("--keep-checkpoints, --threads and --seq-len: want 0 or more")
	}
	if dev, err := resolveDevice(opt.Device); err != nil {
		bad("%v", err)
	} else {
		cfg.Device = dev
	}
	if c.Bool("dry-run") {
		opt.Iterations, opt.LogEvery, opt.SampleEvery, opt.CheckpointEvery = 1, 1, 1, 1
		cfg.Pairs, cfg.BatchSize = 2, 8
	}
	// On a GPU the host reads the pairs' finiteness when it logs, not
	// between (train.Config.CheckEvery).
	cfg.CheckEvery = max(opt.LogEvery, 1)
	if len(errs) > 0 {
		return cfg, opt, usageError{errors.New(strings.Join(errs, "; "))}
	}
	return cfg, opt, nil
}

// resolveDevice turns --device into the device the run trains on: auto is
// CUDA device 0 where this build and machine have one, the CPU otherwise.
// A device this build or machine lacks is an error that says what to do.
func resolveDevice(flag string) (string, error) {
	if flag == "auto" {
		return torchx.AutoDevice().String(), nil
	}
	d, err := torchx.ParseDevice(flag)
	if err != nil || d.Kind == "meta" {
		return "", fmt.Errorf("--device %q: want auto, cpu, cuda or cuda:K", flag)
	}
	if err := d.Usable(); err != nil {
		return "", fmt.Errorf("--%v", err)
	}
	return d.String(), nil
}

// fitNetworks sets the networks' specs from the data's example shape and
// the --arch, --hidden, --nz and --width flags.
func fitNetworks(c *cli.Context, cfg *train.Config, src data.Source) error {
	shape := src.Shape()
	arch := nn.Arch(c.String("arch"))
	if arch == "auto" {
		switch {
		case len(shape) == 1:
			arch = nn.MLP
		case len(shape) == 3 && shape[1] == shape[2] && shape[1] <= 28:
			arch = nn.DCGAN28
		case len(shape) == 3 && shape[1] == shape[2] && shape[1] <= 32:
			arch = nn.DCGAN32
		case len(shape) == 3:
			arch = nn.DCGAN64
		case len(shape) == 2:
			arch = nn.ResNet1d
		default:
			return usageError{fmt.Errorf("--dataset %s: examples of shape %v: no network "+
				"for them", c.String("dataset"), shape)}
		}
	}
	cfg.G = nn.Spec{Arch: arch, NZ: c.Int("nz")}
	cfg.D = nn.Spec{Arch: arch}
	if arch == nn.MLP {
		n := 1
		for _, d := range shape {
			n *= int(d)
		}
		cfg.G.DataDim, cfg.D.DataDim = n, n
		cfg.G.Hidden, cfg.D.Hidden = c.Int("hidden"), c.Int("hidden")
		if n != 2 {
			cfg.G.Output = nn.OutputTanh
		}
	} else if arch == nn.ResNet1d {
		fitText(c, cfg, shape)
	} else if len(shape) == 3 {
		cfg.G.Channels, cfg.D.Channels = int(shape[0]), int(shape[0])
		cfg.G.NGF, cfg.D.NDF = c.Int("width"), c.Int("width")
	}
	if c.Bool("dry-run") {
		switch arch {
		case nn.MLP:
			cfg.G.Hidden, cfg.D.Hidden = 16, 16
		case nn.ResNet1d:
			cfg.G.Dim, cfg.D.Dim, cfg.G.Blocks, cfg.D.Blocks = 8, 8, 1, 1
		default:
			cfg.G.NGF, cfg.D.NDF = 4, 4
		}
	}
	return nil
}

func trainAction(c *cli.Context) error {
	cfg, opt, err := parseTrainFlags(c)
	if err != nil {
		return err
	}
	var run *runDir
	var tr *train.Trainer
	if dir := c.String("resume"); dir != "" {
		device := "" // the checkpoint's, unless --device is given
		if c.IsSet("device") {
			device = cfg.Device
		}
		run, tr, opt, err = resumeRun(dir, opt.Iterations, device)
	} else {
		run, tr, err = startRun(c, cfg, opt)
	}
	if err != nil {
		return err
	}
	defer tr.Close()
	applyThreads(opt.Threads, tr.Config())
	logrus.WithField("run", run.dir).Info("training")
	return diskFull(loop(run, tr, opt), run.dir)
}

// diskFull turns a write that failed for want of space into a usage error
// that says what to do; other errors pass through. The atomic checkpoint
// writes leave the checkpoints already saved intact, so the run resumes
// from the newest of them once space is freed.
func diskFull(err error, dir string) error {
	if err == nil || !errors.Is(err, syscall.ENOSPC) {
		return err
	}
	return usageError{fmt.Errorf("%w: the disk of %s is full; the checkpoints already "+
		"saved are intact: free space there, then continue with sgan train --resume %s",
		err, dir, dir)}
}

// startRun opens the data set, builds the trainer and makes the run
// directory.
func startRun(c *cli.Context, cfg train.Config, opt runOptions) (*runDir, *train.Trainer, error) {
	src, err := data.Open(opt.Dataset, opt.openOptions())
	if err != nil {
		return nil, nil, usageError{fmt.Errorf("--dataset %s: %w", opt.Dataset, err)}
	}
	if txt, ok := src.(*data.Text); ok {
		opt.Vocab = txt.Vocab()
	}
	if n := src.Len(); n > 0 && cfg.BatchSize > n {
		return nil, nil, usageError{fmt.Errorf("--batch-size %d is larger than the data set "+
			"(%d examples)", cfg.BatchSize, n)}
	}
	if err := fitNetworks(c, &cfg, src); err != nil {
		return nil, nil, err
	}
	resolved, err := cfg.Resolve()
	if err != nil {
		return nil, nil, usageError{err}
	}
	if want := resolved.G.SampleShape(); resolved.G.Arch != nn.MLP &&
		!slices.Equal(want, src.Shape()) {
		return nil, nil, usageError{fmt.Errorf("--arch %s: examples of shape %v do not fit "+
			"it (it makes %v): leave out --arch", resolved.G.Arch, src.Shape(), want)}
	}
	tr, err := train.New(resolved, src)
	if err != nil {
		return nil, nil, err
	}
	run, err := newRunDir(c.String("out"), runName(opt.Dataset, resolved), resolved, opt, src)
	if err != nil {
		tr.Close()
		return nil, nil, err
	}
	return run, tr, nil
}

func runName(dataset string, c train.Config) string {
	base := filepath.Base(strings.TrimRight(dataset, "/"))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	kind := fmt.Sprintf("%d-S", c.Pairs)
	if c.ShareWeights {
		kind = fmt.Sprintf("%d-SW", c.Pairs)
	}
	if c.NoGlobal {
		kind = fmt.Sprintf("%d-local", c.Pairs)
	}
	return fmt.Sprintf("%s-%s-%s", base, kind, c.Variant)
}

// resumeRun continues the run in dir from its newest complete checkpoint,
// on device (or the checkpoint's device when device is "").
func resumeRun(dir string, iterations int, device string) (*runDir, *train.Trainer,
	runOptions, error) {
	run, opt, err := openRunDir(dir)
	if err != nil {
		return nil, nil, opt, usageError{err}
	}
	if iterations > 0 {
		opt.Iterations = iterations
	}
	ck, err := train.LatestCheckpoint(run.checkpoints())
	if err != nil {
		return nil, nil, opt, usageError{fmt.Errorf("--resume %s: %w", dir, err)}
	}
	src, err := data.Open(opt.Dataset, opt.openOptions())
	if err != nil {
		return nil, nil, opt, usageError{fmt.Errorf("--resume %s: dataset %s: %w", dir,
			opt.Dataset, err)}
	}
	tr, err := train.ResumeWith(ck, src, train.ResumeOptions{Device: device})
	if err != nil {
		return nil, nil, opt, err
	}
	run.src = src
	logrus.WithField("checkpoint", ck).Infof("resuming at iteration %d", tr.Iteration())
	return run, tr, opt, nil
}

// loop trains until opt.Iterations, logging, drawing and checkpointing at
// their intervals, with a progress bar on a terminal; index.html is
// rewritten at each sample interval and at the end. SIGINT or SIGTERM ends
// it after the current iteration with a checkpoint; a second signal exits
// at once.
func loop(run *runDir, tr *train.Trainer, opt runOptions) (err error) {
	stop := make(chan os.Signal, 2)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(stop)
	defer func() { err = run.finishPage(tr, opt, err) }()
	if err := run.startPictures(tr, opt); err != nil {
		return err
	}
	bar := terminalProgress(tr.Iteration(), opt.Iterations)
	defer bar.stop()
	last := time.Now()
	for tr.Iteration() < opt.Iterations {
		if err := tr.Iterate(); err != nil {
			return fmt.Errorf("%w (resume from the last checkpoint with sgan train "+
				"--resume %s)", err, run.dir)
		}
		// Free the iteration's tensors: libtorch's memory is invisible to Go's
		// collector, which would otherwise run too seldom. (gotorch's
		// torch.GC waits for every tensor made since its first call, and the
		// trainer keeps some across iterations: it would wait forever.)
		runtime.GC()
		it := tr.Iteration()
		bar.update(it, time.Now())
		if it%opt.LogEvery == 0 || it == opt.Iterations {
			elapsed := time.Since(last)
			last = time.Now()
			if err := run.record(tr.Figures(), elapsed/time.Duration(opt.LogEvery)); err != nil {
				return err
			}
		}
		sample := it%opt.SampleEvery == 0 || it == opt.Iterations
		if sample {
			if err := run.drawPictures(tr); err != nil {
				return err
			}
		}
		if it%opt.CheckpointEvery == 0 || it == opt.Iterations {
			if err := run.checkpoint(tr, opt.KeepCheckpoints); err != nil {
				return err
			}
		}
		if sample && it < opt.Iterations {
			if err := run.writePage(runningStatus(tr, opt), true); err != nil {
				return err
			}
		}
		select {
		case s := <-stop:
			go func() { <-stop; os.Exit(130) }()
			if err := run.checkpoint(tr, opt.KeepCheckpoints); err != nil {
				return err
			}
			return fmt.Errorf("stopped by %v at iteration %d; checkpoint written: continue "+
				"with sgan train --resume %s", s, it, run.dir)
		default:
		}
	}
	bar.stop()
	logrus.WithField("run", run.dir).Infof("done: %d iterations", tr.Iteration())
	return nil
}
