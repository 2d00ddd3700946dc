// Package nn holds the networks of sgan: the generators and discriminators
// of every local pair, of the global pair and of the messenger
// discriminators (Algorithm 1 of the paper), with the state copies and the
// weight sharing the algorithm needs.
//
// Architectures (the paper's appendix, A.1 and B.1), chosen with a Spec:
//
//   - MLP: the toy networks, 4 fully connected layers of 512 units with
//     LeakyReLU 0.01, noise dimension 100, data dimension 2, initialised
//     like PyTorch's nn.Linear.
//   - DCGAN28: MNIST and Fashion-MNIST, the DCGAN generator cut to four
//     transposed convolutions (1 -> 4 -> 7 -> 14 -> 28) and the mirrored
//     discriminator.
//   - DCGAN32: CIFAR-10 at 32x32, four (transposed) convolutions each.
//   - DCGAN64: the published DCGAN (Radford et al.) at 64x64.
//   - ResNet1d: character-level text (4.2, Table 2; A.1), the language model of
//     WGAN-GP (Gulrajani et al. 2017): G maps z through a linear layer,
//     viewed as (dim, L), and residual blocks of two 1-D convolutions
//     (kernel 5, x + 0.3 branch) to a softmax over the vocabulary at each
//     of L positions; D mirrors it from one-hot or softmax input to a
//     logit. Defaults dim 512, L 32, nz 128, 4 blocks; PyTorch's default
//     initialisation of nn.Linear and nn.Conv1d.
//
// The DCGAN networks use BatchNorm in every hidden layer (not after the
// discriminator's first convolution), ReLU in G, LeakyReLU 0.2 in D, tanh on
// G's output, convolutions without bias as in PyTorch's DCGAN example, and
// the DCGAN initialisation: convolution weights from N(0, 0.02), BatchNorm
// weights from N(1, 0.02) and biases 0. Every draw comes from libtorch's
// global CPU generator, so torchx.ManualSeed makes construction
// reproducible.
//
// Shapes. A generator maps z of shape (N, nz) to (N, DataDim) (MLP),
// (N, C, H, W) (DCGAN) or (N, V, L) (ResNet1d). A discriminator maps
// (N, ...) samples to logits of shape (N): no final sigmoid, so
// BCE-with-logits and the WGAN critics use the same network.
//
// Layers are explicit structs (Linear, Conv2d, ConvTranspose2d, Conv1d,
// ResBlock1d, BatchNorm2d) whose parameters and buffers are listed in a
// fixed order; there is no reflection. CopyState refreshes a messenger discriminator
// from its local discriminator; NewShared builds the N-SW variant's
// networks (Section 4 and appendix B.1), whose shared layers are the same
// tensors; Save, Load and Encode, Decode store a network's state with its
// Spec.
//
// New builds on the CPU, drawing from libtorch's CPU generator (so the
// weights are the same wherever a run trains); ToDevice then moves a
// network's parameters and buffers to a CUDA device in place.
//
// Known limitation: networks that share layers (NewShared) must not run
// their forward passes concurrently in training mode, since a shared
// BatchNorm's running statistics are updated in place without a lock.
package nn
