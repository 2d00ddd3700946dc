// Command sgan trains Generative Adversarial Networks with SGAN, the
// training of Chavdarova and Fleuret (CVPR 2018): N local pairs and one
// global pair whose generator, G0, is the product.
//
// Usage:
//
//	sgan train --dataset ring8 --pairs 5
//	sgan sample --run runs/0001-ring8-5-S-gan
//	sgan score --run runs/0001-ring8-5-S-gan
//	sgan score --run runs/0002-cifar10-5-S-gan --inception inception.pt
//	sgan classifier train --dataset mnist --out mnist.cls
//	sgan classifier eval --classifier mnist.cls --class 3
//	sgan data info --dataset cifar10
//	sgan data stats --dataset cifar10 --inception inception.pt
//	sgan version
//	sgan help
//
// Run `sgan help COMMAND` for a command's flags.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/sirupsen/logrus"
	"github.com/urfave/cli/v2"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// exitUsage is the exit status for bad flags or input, exitFailure for a
// failure while working.
const (
	exitUsage   = 2
	exitFailure = 1
)

// usageError marks an error the user can fix by changing a flag or a file.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:      "sgan",
		Usage:     "train GANs that do not collapse, with SGAN (CVPR 2018) on libtorch",
		Version:   version,
		Writer:    stdout,
		ErrWriter: stderr,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "log-level", Value: "info", EnvVars: []string{"SGAN_LOG_LEVEL"},
				Usage: "debug, info, warn or error"},
			&cli.StringFlag{Name: "log-format", Value: "text", EnvVars: []string{"SGAN_LOG_FORMAT"},
				Usage: "text or json"},
		},
		Before: func(c *cli.Context) error {
			return configureLogging(stderr, c.String("log-level"), c.String("log-format"))
		},
		Commands: []*cli.Command{
			withConfigFile(trainCommand()),
			classifierCommand(),
			scoreCommand(),
			sampleCommand(),
			dataCommand(),
			versionCommand(),
		},
		HideVersion:     false,
		HideHelpCommand: false,
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err}
		},
		ExitErrHandler: func(*cli.Context, error) {},
	}
	markUsageErrors(app.Commands)
	return app
}

// markUsageErrors makes flag errors of every command usage errors (exit 2).
func markUsageErrors(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return usageError{err}
		}
		markUsageErrors(c.Subcommands)
	}
}

func configureLogging(w io.Writer, level, format string) error {
	l, err := logrus.ParseLevel(level)
	if err != nil {
		return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", level)}
	}
	logrus.SetLevel(l)
	logrus.SetOutput(w)
	switch format {
	case "text":
		logrus.SetFormatter(&logrus.TextFormatter{FullTimestamp: true, SortingFunc: fieldOrder})
	case "json":
		logrus.SetFormatter(&logrus.JSONFormatter{})
	default:
		return usageError{fmt.Errorf("--log-format %q: want text or json", format)}
	}
	return nil
}

// fieldOrder sorts log fields into a fixed order: the iteration, G0, the
// local pairs in order, the baseline, then the rest (time, message and
// level, which logrus adds, and any other field) alphabetically.
func fieldOrder(keys []string) {
	rank := func(k string) (int, int) {
		switch {
		case k == "iteration":
			return 0, 0
		case k == "G0":
			return 1, 0
		case len(k) > 1 && k[0] == 'G':
			n := 0
			fmt.Sscanf(k[1:], "%d", &n)
			return 2, n
		case k == "baseline":
			return 3, 0
		case k == "ms/it":
			return 4, 0
		case k == "rss_mb":
			return 5, 0
		}
		return 6, 0
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ri, ni := rank(keys[i])
		rj, nj := rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		if ni != nj {
			return ni < nj
		}
		return keys[i] < keys[j]
	})
}

// run executes the command line and returns the process's exit status.
func run(args []string, stdout, stderr io.Writer) int {
	err := newApp(stdout, stderr).Run(args)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "sgan:", err)
	var u usageError
	if errors.As(err, &u) {
		return exitUsage
	}
	return exitFailure
}

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
