package data

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// OpenOptions configures Open.
type OpenOptions struct {
	// DataDir is where named data sets are looked for (see Open); default
	// DefaultDataDir.
	DataDir string
	// Test picks the test split of MNIST, Fashion-MNIST and CIFAR-10
	// instead of the training split.
	Test bool
	// Folder configures image folders.
	Folder FolderOptions
	// Text configures text files.
	Text TextOptions
}

// Names lists the named data sets Open knows, for help texts. "ringM" and
// "gridM" also accept other counts (gridM for a square M).
func Names() []string {
	return []string{"ring8", "ring10", "grid25", "swissroll", "mnist", "fashion-mnist",
		"cifar10", "tinyshakespeare"}
}

// Open returns the data set name, which is one of Names or a path:
//
//   - ringM, gridM, swissroll: the toy distributions with their default
//     radius, spacing and std (Ring, Grid, NewSwissRoll);
//   - mnist: FindMNIST(DataDir), then LoadMNIST;
//   - fashion-mnist: FindFashionMNIST(DataDir), then LoadFashionMNIST;
//   - cifar10: DataDir/cifar-10-binary.tar.gz or DataDir/cifar-10-batches-bin;
//   - tinyshakespeare: DataDir/tinyshakespeare.txt, as text;
//   - a folder: LoadImageFolder;
//   - a .tar.gz, .tgz or .tar file: LoadCIFAR10;
//   - any other file: LoadText.
func Open(name string, opts OpenOptions) (Source, error) {
	if src, ok, err := openToy(name); ok {
		return src, err
	}
	dir := opts.DataDir
	if dir == "" {
		var err error
		if dir, err = DefaultDataDir(); err != nil {
			return nil, err
		}
	}
	switch name {
	case "mnist":
		return openIDX(FindMNIST, LoadMNIST, dir, !opts.Test)
	case "fashion-mnist":
		return openIDX(FindFashionMNIST, LoadFashionMNIST, dir, !opts.Test)
	case "cifar10":
		return openCIFAR(dir, !opts.Test)
	case "tinyshakespeare":
		return LoadText(filepath.Join(dir, "tinyshakespeare.txt"), opts.Text)
	}
	return openPath(name, opts)
}

// openToy opens ringM, gridM and swissroll; ok is false for other names.
func openToy(name string) (src Source, ok bool, err error) {
	if name == "swissroll" {
		src, err := NewSwissRoll(SwissRollOptions{})
		return src, true, err
	}
	for _, kind := range []string{"ring", "grid"} {
		s, found := strings.CutPrefix(name, kind)
		m, perr := strconv.Atoi(s)
		if !found || perr != nil || m < 1 {
			continue
		}
		if kind == "ring" {
			src, err := Ring(RingOptions{Modes: m})
			return src, true, err
		}
		side := int(math.Round(math.Sqrt(float64(m))))
		if side*side != m {
			return nil, true, fmt.Errorf("data: %s: a grid has a square number of modes "+
				"(grid9, grid25, grid49, ...)", name)
		}
		src, err := Grid(GridOptions{Side: side})
		return src, true, err
	}
	return nil, false, nil
}

// openIDX finds an IDX data set in dataDir and loads one split.
func openIDX(find func(string) (string, error), load func(string, bool) (*Images, error),
	dataDir string, train bool) (Source, error) {
	dir, err := find(dataDir)
	if err != nil {
		return nil, err
	}
	return load(dir, train)
}

// openCIFAR loads CIFAR-10 from dataDir.
func openCIFAR(dataDir string, train bool) (Source, error) {
	for _, name := range []string{"cifar-10-binary.tar.gz", "cifar-10-batches-bin"} {
		p := filepath.Join(dataDir, name)
		if _, err := os.Stat(p); err == nil {
			return LoadCIFAR10(p, train)
		}
	}
	return nil, notFoundErr("data: cifar10: no cifar-10-binary.tar.gz or "+
		"cifar-10-batches-bin in %s: run `sgan data fetch cifar10` or pass the data "+
		"directory that holds it", dataDir)
}

// openPath opens a folder of images, a CIFAR-10 archive or a text file.
func openPath(p string, opts OpenOptions) (Source, error) {
	st, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFoundErr("data: %q: not a known data set (%s) nor an existing "+
			"file or folder", p, strings.Join(Names(), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("data: %w", err)
	}
	lower := strings.ToLower(p)
	switch {
	case st.IsDir():
		return LoadImageFolder(p, opts.Folder)
	case strings.HasSuffix(lower, ".tar.gz") || strings.HasSuffix(lower, ".tgz") ||
		strings.HasSuffix(lower, ".tar"):
		return LoadCIFAR10(p, !opts.Test)
	default:
		return LoadText(p, opts.Text)
	}
}
