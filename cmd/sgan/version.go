package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/sgan-dev/sgan/internal/torchx"
)

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print sgan's version, libtorch's, CUDA, threads and the BLAS in use",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "config", Usage: "also print libtorch's build configuration"},
		},
		Action: func(c *cli.Context) error {
			return printVersion(c.App.Writer, c.Bool("config"))
		},
	}
}

func printVersion(w io.Writer, config bool) error {
	cuda := "not compiled in (CPU build)"
	if torchx.CUDACompiled() {
		cuda = fmt.Sprintf("compiled in, %d device(s) visible", torchx.CUDADeviceCount())
	}
	rows := [][2]string{
		{"sgan", version},
		{"go", runtime.Version()},
		{"libtorch", torchx.Version() + " (version of the headers compiled against)"},
		{"cuda", cuda},
		{"intra-op threads", fmt.Sprint(torchx.NumThreads())},
		{"cpus", fmt.Sprint(runtime.NumCPU())},
		{"blas", blasInUse("/proc/self/maps")},
	}
	for _, r := range rows {
		if _, err := fmt.Fprintf(w, "%-17s %s\n", r[0]+":", r[1]); err != nil {
			return err
		}
	}
	if config {
		_, err := fmt.Fprintf(w, "\n%s", torchx.Config())
		return err
	}
	return nil
}

// blasInUse names the BLAS library mapped into the process, read from a
// /proc/<pid>/maps file, with symbolic links resolved: Debian's libtorch calls
// libblas.so.3, which is the reference BLAS unless OpenBLAS provides it.
func blasInUse(mapsPath string) string {
	f, err := os.Open(mapsPath)
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	defer f.Close()
	var found []string
	seen := map[string]bool{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) < 6 {
			continue
		}
		path := fields[len(fields)-1]
		base := filepath.Base(path)
		if !strings.Contains(base, "blas") || seen[path] {
			continue
		}
		seen[path] = true
		d := describeBLAS(path)
		kind := strings.SplitN(d, " (", 2)[0]
		if seen[kind] {
			continue
		}
		seen[kind] = true
		found = append(found, d)
	}
	if len(found) == 0 {
		return "none mapped"
	}
	return strings.Join(found, ", ")
}

func describeBLAS(path string) string {
	switch {
	case strings.Contains(path, "openblas-pthread"):
		return "OpenBLAS, pthread build (" + path + ")"
	case strings.Contains(path, "openblas-openmp"):
		return "OpenBLAS, OpenMP build (" + path + ")"
	case strings.Contains(path, "openblas"):
		return "OpenBLAS (" + path + ")"
	case strings.Contains(path, "/blas/"):
		return "reference BLAS, slow: run scripts/setup.sh (" + path + ")"
	}
	return path
}
