// Package torchx is sgan's own small layer over libtorch, for what the Go
// binding gotorch lacks: autograd.grad with create_graph (the WGAN-GP and
// DRAGAN gradient penalties of the paper's Section 4), state copies under
// no-grad (the messenger refresh of Algorithm 1), element-wise operations and
// losses, the intra-op thread count, seeds and random state, CUDA streams, and
// TorchScript modules (Inception and classifier scores).
//
// Tensors are gotorch's: a gotorch Tensor holds a pointer to an at::Tensor,
// and so do the tensors this package returns, which gotorch's finalizers free
// (torch.GC in the main goroutine waits for them like for its own).
//
// Errors. Every libtorch exception comes back as an *Error, never as an abort.
// Functions whose failure a user can cause (a file, a device, autograd over a
// graph built from their input) return it. The element-wise operations of
// ops.go panic with it instead, like gotorch's own operations: a shape
// mismatch there is a programmer error. The trainer recovers such a panic at
// the step boundary.
//
// Threads. Build and back-propagate each graph from one OS thread (lock the
// goroutine with runtime.LockOSThread around it). libtorch numbers autograd
// nodes with a per-thread counter, and the backward pass orders the nodes
// that are ready by that number; a goroutine that moves to another thread
// between two operations of one graph can change the order in which
// gradients are summed into a tensor used several times (a discriminator's
// weights in D(x), D(G(z)) and a gradient penalty), and so the result's
// last bits (ATen/SequenceNumber.cpp: the counter is thread_local).
// Measured: the same SGAN iteration with WGAN-GP diverged between two runs
// within a few iterations when the goroutine was free to move, and never in
// 240 iterations when it was locked. Grad mode is per thread too, which
// NoGrad handles.
package torchx
