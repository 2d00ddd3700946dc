package data

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticImages is n random images of shape (c, h, w), labelled.
func syntheticImages(b *testing.B, n, c, h, w int) *Images {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 1))
	pix := make([]uint8, n*c*h*w)
	for i := range pix {
		pix[i] = uint8(rng.Uint32())
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = i % 10
	}
	m, err := NewImages(pix, [3]int{c, h, w}, labels, CIFAR10Classes)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// benchSampler measures Next (and Tensor when tensor) on src.
func benchSampler(b *testing.B, src Source, batch int, tensor bool) {
	s, err := NewSampler(src, SamplerOptions{BatchSize: batch})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bt := s.Next()
		if tensor {
			bt.Tensor()
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "examples/s")
}

// BenchmarkSampler measures the sampler on CIFAR-10-sized images (random
// bytes: the cost does not depend on the content), MNIST-sized images, one-hot
// text and the ring of 8 Gaussians, batch 64; "+tensor" also copies each
// batch into a libtorch tensor in the benchmark's goroutine.
func BenchmarkSampler(b *testing.B) {
	text, err := ReadText(strings.NewReader(strings.Repeat("to be or not to be, ", 5000)),
		TextOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ring, _ := Ring(RingOptions{})
	sources := []struct {
		name string
		src  func() Source
	}{
		{"cifar10", func() Source { return syntheticImages(b, 10000, 3, 32, 32) }},
		{"mnist", func() Source { return syntheticImages(b, 10000, 1, 28, 28) }},
		{"text", func() Source { return text }},
		{"ring8", func() Source { return ring }},
	}
	for _, s := range sources {
		src := s.src()
		for _, tensor := range []bool{false, true} {
			name := s.name
			if tensor {
				name += "+tensor"
			}
			b.Run(name, func(b *testing.B) { benchSampler(b, src, 64, tensor) })
		}
	}
}

// BenchmarkLoadCIFAR10Test loads CIFAR-10's test set from the shared
// archive (it gunzips all 170 MB).
func BenchmarkLoadCIFAR10Test(b *testing.B) {
	p := sharedFile(b, "cifar-10-binary.tar.gz")
	for i := 0; i < b.N; i++ {
		if _, err := LoadCIFAR10(p, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadMNISTTrain loads MNIST's 60 000 training images.
func BenchmarkLoadMNISTTrain(b *testing.B) {
	dir, err := FindMNIST(b.TempDir())
	if err != nil {
		b.Skipf("real MNIST absent: %v", err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := LoadMNIST(dir, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadImageFolder decodes, crops and resizes CelebA-sized JPEGs
// (178 x 218) to 64 x 64.
func BenchmarkLoadImageFolder(b *testing.B) {
	dir := b.TempDir()
	const n = 64
	rng := rand.New(rand.NewPCG(2, 2))
	for i := 0; i < n; i++ {
		img := image.NewRGBA(image.Rect(0, 0, 178, 218))
		for j := range img.Pix {
			img.Pix[j] = uint8(rng.Uint32()>>28) * 16
		}
		writeFile(b, dir, fmt.Sprintf("%03d.jpg", i), encodeJPEG(b, img))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := LoadImageFolder(dir, FolderOptions{Size: 64}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "images/s")
}
