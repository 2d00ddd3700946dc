// Command sgan trains Generative Adversarial Networks with SGAN, the
// training of Chavdarova and Fleuret (CVPR 2018): N local pairs and one
// global pair whose generator, G0, is the product.
//
// Usage:
//
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
		logrus.SetFormatter(&logrus.TextFormatter{DisableSorting: true, FullTimestamp: true})
	case "json":
		logrus.SetFormatter(&logrus.JSONFormatter{})
	default:
		return usageError{fmt.Errorf("--log-format %q: want text or json", format)}
	}
	return nil
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
