package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/urfave/cli/v2"

	"github.com/sgan-dev/sgan/classify"
	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/metrics"
)

func classifierCommand() *cli.Command {
	return &cli.Command{
		Name:  "classifier",
		Usage: "train or evaluate a data-set classifier (for the classifier score)",
		Subcommands: []*cli.Command{
			{
				Name:  "train",
				Usage: "train a CNN classifier on a labelled data set and save it",
				Description: "Example:\n\n" +
					"   sgan classifier train --dataset mnist --out mnist.cls",
				Flags: []cli.Flag{
					clsDatasetFlag(), clsDataDirFlag(),
					&cli.StringFlag{Name: "out",
						Usage: "the classifier file to write"},
					&cli.IntFlag{Name: "epochs", Value: classify.DefaultEpochs,
						Usage: "passes over the training set"},
					&cli.IntFlag{Name: "limit", Usage: "use only the first N training images"},
					&cli.StringFlag{Name: "arch", Value: "auto", Usage: "cnn2, cnn3-bn or " +
						"auto (cnn3-bn for colour images, cnn2 otherwise)"},
					&cli.BoolFlag{Name: "flip", Usage: "mirror training images at random " +
						"(augmentation for cifar10, not for digits)"},
					&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "initialisation and shuffling"},
					&cli.IntFlag{Name: "threads", Usage: "libtorch intra-op threads (0: default)"},
				},
				Action: classifierTrainAction,
			},
			{
				Name:  "eval",
				Usage: "test accuracy and classifier score of the real test set",
				Description: "Example:\n\n" +
					"   sgan classifier eval --classifier mnist.cls --dataset mnist --class 3",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "classifier",
						Usage: "a file that `sgan classifier train` wrote"},
					&cli.StringFlag{Name: "dataset", Usage: "the data set whose test " +
						"split is scored (default: the classifier's own)"},
					clsDataDirFlag(),
					&cli.IntFlag{Name: "class", Value: -1,
						Usage: "score only the test images of this class (-1: all)"},
				},
				Action: classifierEvalAction,
			},
		},
	}
}

func clsDatasetFlag() cli.Flag {
	return &cli.StringFlag{Name: "dataset", Value: "mnist",
		Usage: "mnist, fashion-mnist, cifar10 or a labelled image folder"}
}

func clsDataDirFlag() cli.Flag {
	return &cli.StringFlag{Name: "data-dir", EnvVars: env("data-dir"),
		Usage: "where named data sets are looked for (default: the user cache dir)"}
}

// clsOpenImages opens the training or test split of a labelled image data set.
func clsOpenImages(c *cli.Context, name string, test bool) (*data.Images, error) {
	src, err := data.Open(name, data.OpenOptions{DataDir: c.String("data-dir"), Test: test})
	if err != nil {
		if errors.Is(err, data.ErrNotFound) || errors.Is(err, data.ErrFormat) {
			return nil, usageError{err}
		}
		return nil, err
	}
	set, ok := src.(*data.Images)
	if !ok || set.Labels() == nil {
		return nil, usageError{fmt.Errorf("sgan: data set %q is not labelled images: "+
			"use mnist, fashion-mnist, cifar10 or a folder of class folders", name)}
	}
	return set, nil
}

func classifierTrainAction(c *cli.Context) error {
	if c.String("out") == "" {
		return usageError{errors.New("--out: give the classifier file to write")}
	}
	arch := c.String("arch")
	switch arch {
	case "auto":
		arch = ""
	case classify.ArchCNN2, classify.ArchCNN3BN:
	default:
		return usageError{fmt.Errorf("--arch %q: want auto, %s or %s",
			arch, classify.ArchCNN2, classify.ArchCNN3BN)}
	}
	if c.Int("threads") > 0 {
		torchx.SetNumThreads(c.Int("threads"))
	}
	trainSet, err := clsOpenImages(c, c.String("dataset"), false)
	if err != nil {
		return err
	}
	testSet, err := clsOpenImages(c, c.String("dataset"), true)
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := classify.Train(trainSet, classify.TrainOptions{
		Epochs: c.Int("epochs"), Seed: c.Uint64("seed"), Limit: c.Int("limit"),
		Flip: c.Bool("flip"), Arch: arch, Context: c.Context,
		Progress: func(p classify.Progress) {
			logrus.WithFields(logrus.Fields{"epoch": p.Epoch, "loss": p.Loss, "lr": p.LR,
				"elapsed_s": time.Since(start).Seconds()}).Info("classifier epoch")
		}})
	if err != nil {
		return err
	}
	took := time.Since(start)
	acc, err := classify.Evaluate(m, testSet)
	if err != nil {
		return err
	}
	info := classify.Info{Dataset: c.String("dataset"), Accuracy: acc}
	if err := classify.Save(c.String("out"), m, info); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: test accuracy %.4f (%d images), training %.1f s, "+
		"saved %s\n", m.Arch, acc, testSet.Len(), took.Seconds(), c.String("out"))
	return nil
}

func classifierEvalAction(c *cli.Context) error {
	if c.String("classifier") == "" {
		return usageError{errors.New("--classifier: give a file of `sgan classifier train`")}
	}
	m, info, err := classify.Load(c.String("classifier"))
	if err != nil {
		return usageError{err}
	}
	name := c.String("dataset")
	if !c.IsSet("dataset") && info.Dataset != "" {
		name = info.Dataset
	}
	set, err := clsOpenImages(c, name, true)
	if err != nil {
		return err
	}
	if k := c.Int("class"); k >= 0 {
		if set, err = clsOneClass(set, k); err != nil {
			return err
		}
	}
	acc, err := classify.Evaluate(m, set)
	if err != nil {
		return usageError{err}
	}
	probs, err := classify.PredictImages(m, set)
	if err != nil {
		return usageError{err}
	}
	s, err := metrics.ClassifierScore(probs, metrics.ScoreOptions{Probabilities: true})
	if err != nil {
		return err
	}
	h, err := metrics.ClassHistogram(probs)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "classifier %s (trained on %s), test set of %s\n",
		c.String("classifier"), info.Dataset, name)
	fmt.Fprintf(c.App.Writer, "images %d  accuracy %.4f  classifier score %.3f ± %.3f  "+
		"entropy %.4f  TV %.4f\n", set.Len(), acc, s.Mean, s.Std, h.Entropy, h.TotalVariation)
	return nil
}

// clsOneClass returns the images of set labelled k.
func clsOneClass(set *data.Images, k int) (*data.Images, error) {
	if k >= len(set.Classes()) {
		return nil, usageError{fmt.Errorf("sgan: --class %d: the data set has %d classes",
			k, len(set.Classes()))}
	}
	s := set.Shape()
	per := int(s[0] * s[1] * s[2])
	var pix []uint8
	var labels []int
	for i, l := range set.Labels() {
		if l == k {
			pix = append(pix, set.Pix()[i*per:(i+1)*per]...)
			labels = append(labels, l)
		}
	}
	return data.NewImages(pix, [3]int{int(s[0]), int(s[1]), int(s[2])}, labels, set.Classes())
}
