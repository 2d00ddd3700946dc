package data

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
)

// Remote is a file of a data set at a public URL, with its checksums.
type Remote struct {
	URL    string
	File   string // where it goes, relative to the data directory
	MD5    string
	SHA256 string
}

// remotes lists the files of the data sets Fetch knows. MNIST is served by
// PyTorch's mirror (the original site often refuses downloads); the
// checksums are those of the original files.
var remotes = map[string][]Remote{
	"mnist": {
		{mnistURL + "train-images-idx3-ubyte.gz", "mnist/train-images-idx3-ubyte.gz",
			"f68b3c2dcbeaaa9fbdd348bbdeb94873",
			"440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"},
		{mnistURL + "train-labels-idx1-ubyte.gz", "mnist/train-labels-idx1-ubyte.gz",
			"d53e105ee54ea40749a09fcbcd1e9432",
			"3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"},
		{mnistURL + "t10k-images-idx3-ubyte.gz", "mnist/t10k-images-idx3-ubyte.gz",
			"9fb629c4189551a2d022fa330f9573f3",
			"8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"},
		{mnistURL + "t10k-labels-idx1-ubyte.gz", "mnist/t10k-labels-idx1-ubyte.gz",
			"ec29112dd5afa0611ce80d1b7f02629c",
			"f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"},
	},
	"fashion-mnist": {
		{fashionURL + "train-images-idx3-ubyte.gz", "fashion-mnist/train-images-idx3-ubyte.gz",
			"8d4fb7e6c68d591d4c3dfef9ec88bf0d", ""},
		{fashionURL + "train-labels-idx1-ubyte.gz", "fashion-mnist/train-labels-idx1-ubyte.gz",
			"25c81989df183df01b3e8a0aad5dffbe", ""},
		{fashionURL + "t10k-images-idx3-ubyte.gz", "fashion-mnist/t10k-images-idx3-ubyte.gz",
			"bef4ecab320f06d8554ea6380940ec79", ""},
		{fashionURL + "t10k-labels-idx1-ubyte.gz", "fashion-mnist/t10k-labels-idx1-ubyte.gz",
			"bb300cfdad3c16e7a12a480ee83cd310", ""},
	},
	"cifar10": {
		{"https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "cifar-10-binary.tar.gz",
			"c32a1d4ab5d03f1284b67883e8d87530",
			"c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"},
	},
	"tinyshakespeare": {
		{"https://raw.githubusercontent.com/karpathy/char-rnn/master/data/" +
			"tinyshakespeare/input.txt", "tinyshakespeare.txt",
			"6fb458f1232090904fb40fe944165e91",
			"86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"},
	},
}

const (
	mnistURL   = "https://ossci-datasets.s3.amazonaws.com/mnist/"
	fashionURL = "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/" +
		"master/data/fashion/"
)

// Fetchable names the data sets Fetch can download, sorted.
func Fetchable() []string {
	names := make([]string, 0, len(remotes))
	for n := range remotes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Remotes is the files of the data set name and whether Fetch knows it.
func Remotes(name string) ([]Remote, bool) {
	r, ok := remotes[name]
	return append([]Remote(nil), r...), ok
}

// Fetch downloads the files of the data set name (one of Fetchable) into
// dataDir (DefaultDataDir when empty), where Open looks for them, with
// Download: files already there are only checked, partial ones resumed.
// opts's checksums are ignored (each file has its own). It returns the
// paths of the files.
func Fetch(ctx context.Context, name, dataDir string, opts DownloadOptions) ([]string, error) {
	files, ok := remotes[name]
	if !ok {
		return nil, notFoundErr("data: fetch %q: not a data set with a known URL; "+
			"those are %s", name, strings.Join(Fetchable(), ", "))
	}
	return fetchRemotes(ctx, files, dataDir, opts)
}

// fetchRemotes downloads files into dataDir.
func fetchRemotes(ctx context.Context, files []Remote, dataDir string,
	opts DownloadOptions) ([]string, error) {
	if dataDir == "" {
		var err error
		if dataDir, err = DefaultDataDir(); err != nil {
			return nil, err
		}
	}
	var paths []string
	for _, f := range files {
		o := opts
		o.MD5, o.SHA256 = f.MD5, f.SHA256
		p := filepath.Join(dataDir, filepath.FromSlash(f.File))
		if err := Download(ctx, f.URL, p, o); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}
