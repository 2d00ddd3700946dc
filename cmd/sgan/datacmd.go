package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sirupsen/logrus"
	"github.com/urfave/cli/v2"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/metrics"
)

func dataCommand() *cli.Command {
	return &cli.Command{
		Name:  "data",
		Usage: "describe or download data sets",
		Subcommands: []*cli.Command{
			{
				Name:  "info",
				Usage: "print a data set's size, shape, classes and per-channel mean and std",
				Description: "Example:\n\n   sgan data info --dataset mnist\n\n" +
					"Figures are on the scale training sees (images in [-1, 1]); an endless\n" +
					"toy distribution is described by a sample of 10000 points.",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "dataset", EnvVars: env("dataset"),
						Usage: "a name (" + strings.Join(data.Names(), ", ") + ") or a path"},
					&cli.StringFlag{Name: "data-dir", EnvVars: env("data-dir"),
						Usage: "where named data sets are looked for " +
							"(default: the user cache dir)"},
					&cli.BoolFlag{Name: "test",
						Usage: "the test split instead of the training one"},
				},
				Action: dataInfoAction,
			},
			{
				Name:      "fetch",
				Usage:     "download a data set, checking its checksums; resumes partial files",
				ArgsUsage: "NAME",
				Description: "NAME is one of " + strings.Join(data.Fetchable(), ", ") +
					". Files already there are only\nchecked. Example:\n\n" +
					"   sgan data fetch fashion-mnist --data-dir ~/data",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "data-dir", EnvVars: env("data-dir"),
						Usage: "where to put the files (default: the user cache dir)"},
				},
				Action: dataFetchAction,
			},
			{
				Name: "stats",
				Usage: "compute the Inception statistics of a data set's training images " +
					"(for FID and KID)",
				Description: "Runs --inception over the first --n training images of " +
					"--dataset (all by\ndefault) and writes the mean and covariance of the " +
					"pool features, and a\nsample of " + fmt.Sprint(realSampleRows) +
					" of them for KID, to --out (default: the cache file\n`sgan score` " +
					"looks for in DATA-DIR/" + statsDirName + "/). Example:\n\n" +
					"   sgan data stats --dataset cifar10 --inception inception.pt",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "dataset", EnvVars: env("dataset"),
						Usage: "mnist, fashion-mnist, cifar10 or an image folder"},
					&cli.StringFlag{Name: "data-dir", EnvVars: env("data-dir"),
						Usage: "where named data sets and the cache are (default: the user " +
							"cache dir)"},
					&cli.StringFlag{Name: "inception", Usage: "a TorchScript Inception " +
						"network returning (features, logits)"},
					&cli.IntFlag{Name: "n", Usage: "the first N training images (0: all)"},
					&cli.StringFlag{Name: "out", Usage: "the statistics file to write " +
						"(default: the cache file of `sgan score`)"},
				},
				Action: dataStatsAction,
			},
		},
	}
}

func dataInfoAction(c *cli.Context) error {
	name := c.String("dataset")
	if name == "" {
		return usageError{fmt.Errorf("data info: give --dataset (%s or a path)",
			strings.Join(data.Names(), ", "))}
	}
	src, err := data.Open(name, data.OpenOptions{DataDir: c.String("data-dir"),
		Test: c.Bool("test")})
	if err != nil {
		return usageError{fmt.Errorf("--dataset %s: %w", name, err)}
	}
	printInfo(c.App.Writer, name, data.Describe(src, data.DescribeOptions{}))
	return nil
}

// printInfo writes info as aligned lines: examples, shape, classes with
// their counts, and each channel's mean and std.
func printInfo(w io.Writer, name string, info data.Info) {
	fmt.Fprintf(w, "dataset   %s\n", name)
	if info.Len == 0 {
		fmt.Fprintf(w, "examples  endless (figures over %d draws)\n", info.Covered)
	} else {
		fmt.Fprintf(w, "examples  %d\n", info.Len)
	}
	dims := make([]string, len(info.Shape))
	for i, d := range info.Shape {
		dims[i] = fmt.Sprint(d)
	}
	fmt.Fprintf(w, "shape     %s\n", strings.Join(dims, "x"))
	if info.Classes == nil {
		fmt.Fprintln(w, "classes   none (unlabelled)")
	} else {
		fmt.Fprintf(w, "classes   %d\n", len(info.Classes))
		for i, cl := range info.Classes {
			fmt.Fprintf(w, "  %-20s %d\n", cl, info.Counts[i])
		}
	}
	fmt.Fprintln(w, "channel   mean      std")
	for i := range info.Mean {
		fmt.Fprintf(w, "  %-7d %8.4f  %8.4f\n", i, info.Mean[i], info.Std[i])
	}
}

func dataFetchAction(c *cli.Context) error {
	name, dataDir, err := fetchArgs(c)
	if err != nil {
		return err
	}
	if _, ok := data.Remotes(name); !ok {
		return usageError{fmt.Errorf("data fetch %s: not a data set with a known URL; "+
			"those are %s", name, strings.Join(data.Fetchable(), ", "))}
	}
	logrus.WithField("dataset", name).Info("fetching")
	paths, err := data.Fetch(c.Context, name, dataDir, data.DownloadOptions{})
	if errors.Is(err, data.ErrNotFound) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(c.App.Writer, p)
	}
	return nil
}

// fetchArgs is the data set name and --data-dir of `sgan data fetch`.
// urfave/cli stops parsing flags at the name, so --data-dir after it (as in
// `sgan data fetch mnist --data-dir DIR`) is parsed here.
func fetchArgs(c *cli.Context) (name, dataDir string, err error) {
	if c.NArg() < 1 {
		return "", "", usageError{fmt.Errorf("data fetch: give one data set name (%s)",
			strings.Join(data.Fetchable(), ", "))}
	}
	fs := flag.NewFlagSet("fetch", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := fs.String("data-dir", c.String("data-dir"), "")
	if err := fs.Parse(c.Args().Tail()); err != nil {
		return "", "", usageError{fmt.Errorf("data fetch: %w", err)}
	}
	if fs.NArg() > 0 {
		return "", "", usageError{fmt.Errorf("data fetch: one data set at a time, not %s",
			strings.Join(append([]string{c.Args().First()}, fs.Args()...), " "))}
	}
	return c.Args().First(), *dir, nil
}

func dataStatsAction(c *cli.Context) error {
	spec := realSpec{Dataset: c.String("dataset"), DataDir: c.String("data-dir"),
		N: c.Int("n")}
	if spec.Dataset == "" || c.String("inception") == "" || spec.N < 0 {
		return usageError{errors.New("data stats: give --dataset and --inception " +
			"(and --n >= 0)")}
	}
	net, err := metrics.LoadNetwork(c.String("inception"), metrics.NetworkOptions{})
	if err != nil {
		return usageError{fmt.Errorf("--inception %s: %w: give a TorchScript file "+
			"(torch.jit.save) returning (features, logits)", c.String("inception"), err)}
	}
	defer net.Close()
	set, err := openReal(spec)
	if err != nil {
		return err
	}
	path := c.String("out")
	if path == "" {
		if path, err = defaultStatsPath(spec, set.Len(), net.SHA256()); err != nil {
			return err
		}
	}
	s, err := writeRealStats(net, set, spec, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: %d images, features of dimension %d, %d kept for KID\n",
		path, s.N, s.Dim(), s.Sample.Rows)
	return nil
}
