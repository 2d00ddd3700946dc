package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/sirupsen/logrus"

	"github.com/sgan-dev/sgan/data"
	"github.com/sgan-dev/sgan/internal/torchx"
	"github.com/sgan-dev/sgan/metrics"
)

// Real-data statistics for FID and KID: the mean and covariance of the
// Inception pool features of a data set's training images, and a random
// sample of realSampleRows of the features themselves for KID, in a
// metrics statistics file keyed by the Inception file's sha256 and the
// sha256 of the images' pixels.
const (
	// realSampleRows is the number of real feature vectors kept for KID
	// (41 MB at D = 2048; KID's subsets are 1000 rows).
	realSampleRows = 5000
	// realChunk is the number of real images turned into a tensor at once.
	realChunk = 500
	// statsDirName is the folder of the data directory holding the cache.
	statsDirName = "fid-stats"
)

// realSpec names the real images whose statistics are wanted.
type realSpec struct {
	Dataset string // a data set name or path, as --dataset takes
	DataDir string // where named data sets and the statistics cache are
	N       int    // the first N training images; 0: all of them
}

// openReal opens the training split of spec's data set and keeps its first
// N images. A missing or unknown data set is a usage error.
func openReal(spec realSpec) (*data.Images, error) {
	src, err := data.Open(spec.Dataset, data.OpenOptions{DataDir: spec.DataDir})
	if err != nil {
		return nil, usageError{fmt.Errorf("real statistics of %s: %w", spec.Dataset, err)}
	}
	set, ok := src.(*data.Images)
	if !ok {
		return nil, usageError{fmt.Errorf("real statistics of %s: not an image data set: "+
			"FID and KID are for images", spec.Dataset)}
	}
	if spec.N > 0 && spec.N < set.Len() {
		set = set.Slice(0, spec.N)
	}
	if set.Len() < 2 {
		return nil, usageError{fmt.Errorf("real statistics of %s: %d images, want at "+
			"least 2", spec.Dataset, set.Len())}
	}
	return set, nil
}

// imagesKey is the sha256 (hex) of the shape and pixels of set: the data
// key of its statistics, so another data set, another split or another
// number of images never passes for this one.
func imagesKey(set *data.Images) string {
	h := sha256.New()
	for _, d := range set.Shape() {
		binary.Write(h, binary.LittleEndian, d)
	}
	h.Write(set.Pix())
	return hex.EncodeToString(h.Sum(nil))
}

// defaultStatsPath is the cache file of spec's statistics by the network
// with sha256 model: DataDir/fid-stats/NAME-train-N-SHA12.stats, where NAME
// is the data set's name (a path's last element) and SHA12 the first 12
// hex digits of model.
func defaultStatsPath(spec realSpec, n int, model string) (string, error) {
	dir := spec.DataDir
	if dir == "" {
		var err error
		if dir, err = data.DefaultDataDir(); err != nil {
			return "", usageError{err}
		}
	}
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ' ' {
			return '_'
		}
		return r
	}, filepath.Base(filepath.Clean(spec.Dataset)))
	file := fmt.Sprintf("%s-train-%d-%.12s.stats", name, n, model)
	return filepath.Join(dir, statsDirName, file), nil
}

// computeRealStats runs net over every image of set and returns the
// statistics of the pool features, with a sample of realSampleRows of them
// drawn without replacement (seed 1), keyed by the network and the images.
func computeRealStats(net *metrics.Network, set *data.Images, spec realSpec) (
	*metrics.Stats, error) {
	n := set.Len()
	keep := make([]bool, n)
	for _, i := range rand.New(rand.NewPCG(1, 0x72656174)).Perm(n)[:min(n, realSampleRows)] {
		keep[i] = true
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var acc metrics.StatsAccumulator
	var sample metrics.Matrix
	for start := 0; start < n; start += realChunk {
		f, err := realFeatures(net, set, start, min(realChunk, n-start))
		if err != nil {
			return nil, err
		}
		if err := acc.Add(f); err != nil {
			return nil, err
		}
		for i := range f.Rows {
			if keep[start+i] {
				sample.Data = append(sample.Data, f.Row(i)...)
				sample.Rows, sample.Cols = sample.Rows+1, f.Cols
			}
		}
		runtime.GC()
	}
	s, err := acc.Stats()
	if err != nil {
		return nil, err
	}
	s.Model, s.Data, s.Sample = net.SHA256(), imagesKey(set), sample
	s.Source = fmt.Sprintf("%s train, first %d images", filepath.Base(spec.Dataset), n)
	return s, nil
}

// realFeatures returns the pool features of images start to start+count-1
// of set.
func realFeatures(net *metrics.Network, set *data.Images, start, count int) (
	metrics.Matrix, error) {
	shape := set.Shape()
	per := int(shape[0] * shape[1] * shape[2])
	idx := make([]int, count)
	for i := range idx {
		idx[i] = start + i
	}
	pix := make([]float32, count*per)
	set.Fill(pix, nil, idx, nil)
	var acts metrics.Activations
	var err error
	torchx.NoGrad(func() {
		acts, err = net.Run(torchx.FromFloat32(pix, int64(count), shape[0], shape[1],
			shape[2]))
	})
	if err != nil {
		return metrics.Matrix{}, fmt.Errorf("real statistics: images %d to %d: %w",
			start, start+count-1, err)
	}
	if acts.Features.Rows != count {
		return metrics.Matrix{}, usageError{fmt.Errorf("--inception: the network " +
			"returns no pool features: FID and KID need a network returning " +
			"(features, logits)")}
	}
	return acts.Features, nil
}

// realStats returns the statistics of spec's images by net. From explicit
// when given (made by `sgan data stats`): it must exist and match the
// network and the images, or it is a usage error naming flag. Otherwise
// from the cache file defaultStatsPath, which is computed and written when
// absent, and recomputed and replaced when damaged or made from other
// images; each case is logged.
func realStats(net *metrics.Network, spec realSpec, explicit, flag string) (
	*metrics.Stats, error) {
	set, err := openReal(spec)
	if err != nil {
		return nil, err
	}
	want := metrics.StatsKey{Model: net.SHA256(), Data: imagesKey(set)}
	if explicit != "" {
		s, err := metrics.LoadStats(explicit, want)
		if err != nil {
			return nil, usageError{fmt.Errorf("%s %s: %w; make the file with `sgan data "+
				"stats --dataset %s --n %d --inception FILE --out %s`, or leave out %s "+
				"to use the cache in the data directory", flag, explicit, err,
				spec.Dataset, set.Len(), explicit, flag)}
		}
		logrus.WithField("file", explicit).Info("real statistics read")
		return s, nil
	}
	path, err := defaultStatsPath(spec, set.Len(), net.SHA256())
	if err != nil {
		return nil, err
	}
	s, err := metrics.LoadStats(path, want)
	if err == nil {
		logrus.WithField("file", path).Info("real statistics read from the cache")
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		logrus.WithError(err).Warn("real statistics cache unusable: recomputing it")
	}
	return writeRealStats(net, set, spec, path)
}

// writeRealStats computes the statistics of set by net and saves them to
// path, making its folder.
func writeRealStats(net *metrics.Network, set *data.Images, spec realSpec, path string) (
	*metrics.Stats, error) {
	logrus.WithFields(logrus.Fields{"dataset": spec.Dataset, "images": set.Len()}).
		Info("computing real statistics")
	s, err := computeRealStats(net, set, spec)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("real statistics: %w", err)
	}
	if err := metrics.SaveStats(path, s); err != nil {
		return nil, err
	}
	logrus.WithFields(logrus.Fields{"file": path, "n": s.N, "dim": s.Dim(),
		"sample": s.Sample.Rows}).Info("real statistics written")
	return s, nil
}
