// Package train is SGAN's training schedule: Algorithm 1 of Chavdarova and
// Fleuret, "SGAN: An Alternative Training of Generative Adversarial
// Networks" (CVPR 2018), Section 3 and Appendix A.
//
// N local pairs (G_i, D_i) train as ordinary GANs, each against its own
// opponent only, with NDis discriminator steps per generator step. After the
// local steps of an iteration, every D_i is copied into a messenger
// discriminator Dmsg_i (weights, buffers and optimizer state); each
// messenger takes NDis steps against G0 (Config.MessengerSteps changes this
// count, and only this); G0 takes one step against the sum
// of the losses of all messengers; and D0 takes one step against real data
// and the samples that the local generators made in their own generator
// steps. Nothing of the global pair or the messengers flows back into a local
// pair: with the same seed, the local pairs' parameters are bit-identical
// whether or not the global pair (or the baseline) is trained.
//
// The GAN variant (non-saturating GAN, WGAN with clipping, WGAN-GP, DRAGAN)
// is a Loss: it changes the losses and penalties, never the schedule.
//
// Randomness. Every pair draws its noise from a torchx.Generator of its own
// and its real minibatches from a data.Sampler of its own, both seeded from
// Config.Seed with data.DeriveSeed, and every network is initialised right
// after seeding libtorch's global generator with a seed of its own. The
// global pair's draws are its own stream, which the baseline pair shares, so
// the baseline sees the identical real minibatches and noise (Section 4.1).
//
// Devices. On a GPU (Config.Device "cuda") each local pair's steps are
// queued on a stream of its own and the global pair's and the baseline's on
// another, ordered by events only: the local streams wait for the last
// iteration's global steps, the global stream for every local pair. The
// host never waits inside an iteration: a local pair's finiteness is a
// device flag, read every Config.CheckEvery iterations, and until then it
// masks a non-finite pair out of G0's and D0's steps.
//
// The package is silent: a Recorder receives each iteration's figures.
package train
