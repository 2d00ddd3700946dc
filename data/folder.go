package data

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register the JPEG decoder
	_ "image/png"  // register the PNG decoder
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/image/draw"
)

// FolderOptions configures LoadImageFolder.
type FolderOptions struct {
	// Size is the side of the square images made; default 64. The paper uses
	// 28 (MNIST), 32 (CIFAR-10) and 64 (CelebA, LSUN, ImageNet).
	Size int
	// Gray makes one-channel (luma) images instead of RGB.
	Gray bool
	// Limit keeps only the first Limit images in path order; 0 keeps all.
	Limit int
	// Workers is the number of decoding goroutines; default GOMAXPROCS.
	Workers int
}

// maxImagePixels bounds the pixels of one input image (a 16k x 16k photo).
const maxImagePixels = 1 << 28

// LoadImageFolder reads every JPEG and PNG file under dir (recursively, by
// extension, case-insensitive, in path order), crops the largest centred
// square of each and resizes it to Size x Size with x/image/draw's
// Catmull-Rom kernel. That kernel is widened by the shrink factor, so
// downscaling (CelebA's 178x218 or LSUN's 256 px to 64) averages every source
// pixel instead of aliasing, like PIL's antialiased bicubic resize (the same
// cubic, a = -0.5); ApproxBiLinear samples four pixels whatever the factor
// and aliases. When every image lies in a first-level subfolder, the
// subfolders are the classes (sorted by name) and label the images.
//
// Known limitation: nothing is cached, so a CelebA-sized folder (200 000
// JPEGs) is decoded again at every start, a few minutes on two cores; use
// Limit for quick runs. Caching the resized bytes in the data directory,
// keyed by the folder, Size and Gray, would lift this.
func LoadImageFolder(dir string, opts FolderOptions) (*Images, error) {
	if opts.Size == 0 {
		opts.Size = 64
	}
	if opts.Size < 1 || opts.Limit < 0 {
		return nil, fmt.Errorf("data: image folder %s: size %d, limit %d: want "+
			"positive values", dir, opts.Size, opts.Limit)
	}
	paths, err := listImages(dir)
	if err != nil {
		return nil, err
	}
	if opts.Limit > 0 && len(paths) > opts.Limit {
		paths = paths[:opts.Limit]
	}
	c := 3
	if opts.Gray {
		c = 1
	}
	pix, err := decodeAll(paths, c, opts)
	if err != nil {
		return nil, err
	}
	labels, classes := folderLabels(dir, paths)
	return NewImages(pix, [3]int{c, opts.Size, opts.Size}, labels, classes)
}

// listImages lists the JPEG and PNG files under dir in path order.
func listImages(dir string) ([]string, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFoundErr("data: image folder %s (no such folder)", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("data: image folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("data: image folder %s is a file: want a folder of "+
			"JPEG or PNG images", dir)
	}
	var paths []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".jpg", ".jpeg", ".png":
			if d.Type().IsRegular() {
				paths = append(paths, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("data: image folder %s: %w", dir, err)
	}
	if len(paths) == 0 {
		return nil, notFoundErr("data: image folder %s: no .jpg, .jpeg or .png files",
			dir)
	}
	return paths, nil
}

// decodeAll decodes and resizes every image into (N, c, Size, Size) bytes
// with opts.Workers goroutines; the error is the first in path order.
func decodeAll(paths []string, c int, opts FolderOptions) ([]uint8, error) {
	workers := opts.Workers
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	size := c * opts.Size * opts.Size
	pix := make([]uint8, len(paths)*size)
	errs := make([]error, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(paths)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = loadSquare(paths[i], pix[i*size:(i+1)*size], c, opts.Size)
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return pix, nil
}

// loadSquare decodes the image at path, crops its centred square, resizes it
// to side x side and writes it as c planes into dst.
func loadSquare(path string, dst []uint8, c, side int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return formatErr("data: %s: not a readable JPEG or PNG image: %v",
			path, err)
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width*cfg.Height > maxImagePixels {
		return formatErr("data: %s: %s image of %dx%d pixels: want 1 to %d pixels",
			path, format, cfg.Width, cfg.Height, maxImagePixels)
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return formatErr("data: %s: cannot decode %s image: %v", path,
			format, err)
	}
	planes(resizeSquare(src, side), dst, c)
	return nil
}

// resizeSquare crops the largest centred square of src and resizes it to
// side x side with the Catmull-Rom kernel.
func resizeSquare(src image.Image, side int) *image.RGBA {
	b := src.Bounds()
	s := min(b.Dx(), b.Dy())
	x0 := b.Min.X + (b.Dx()-s)/2
	y0 := b.Min.Y + (b.Dy()-s)/2
	dst := image.NewRGBA(image.Rect(0, 0, side, side))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, image.Rect(x0, y0, x0+s, y0+s),
		draw.Src, nil)
	return dst
}

// planes writes img as c planes, (R, G, B) or luma, into dst.
func planes(img *image.RGBA, dst []uint8, c int) {
	n := len(img.Pix) / 4
	for p := 0; p < n; p++ {
		r, g, b := img.Pix[4*p], img.Pix[4*p+1], img.Pix[4*p+2]
		if c == 1 {
			// ITU-R BT.601 luma, as image/color's GrayModel.
			y := (19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16
			dst[p] = uint8(y)
			continue
		}
		dst[p], dst[n+p], dst[2*n+p] = r, g, b
	}
}

// folderLabels labels the images by their first-level subfolder of dir when
// every image has one; otherwise the images are unlabelled (nil, nil).
func folderLabels(dir string, paths []string) ([]int, []string) {
	sub := make([]string, len(paths))
	index := map[string]int{}
	for i, p := range paths {
		rel, err := filepath.Rel(dir, p)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if err != nil || len(parts) < 2 {
			return nil, nil
		}
		sub[i] = parts[0]
		index[parts[0]] = 0
	}
	classes := make([]string, 0, len(index))
	for name := range index {
		classes = append(classes, name)
	}
	sort.Strings(classes)
	for k, name := range classes {
		index[name] = k
	}
	labels := make([]int, len(paths))
	for i, s := range sub {
		labels[i] = index[s]
	}
	return labels, classes
}
