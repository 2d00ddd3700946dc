// Package report draws what a run of sgan leaves for people to look at: the
// toy pictures of the paper's Figures 3 and 4 (Chavdarova and Fleuret,
// "SGAN: An Alternative Training of Generative Adversarial Networks", CVPR
// 2018, Section 4.1) with the discriminators' levels under the samples, the
// loss curves of every pair, and the run's index.html page.
//
// A toy picture (ToyFigure) has two panels side by side: left, the N local
// generators' samples (a colour each) over the levels of the local
// discriminators (the mean of their outputs, Levels); right, G0's samples
// (and the baseline's) over D0's levels. The levels are a function of the
// plane evaluated at the nodes of a Grid over the data's bounding box: a
// probability sigma(D(x)) for GAN and DRAGAN, a critic value for the
// Wasserstein variants.
//
// Curves (DrawCurves) are lossD, lossG and the mean discriminator outputs
// on real and fake data of G0/D0, every local pair and the baseline against
// the iteration, read from a run's metrics.jsonl (ReadMetrics).
//
// WriteIndex writes a run directory's index.html: its name and status, the
// last record of metrics.jsonl as a table, the newest sample pictures, the
// plots, links to the checkpoints and the resolved configuration, all by
// relative paths, so that the directory can be copied elsewhere.
//
// The package is silent: it returns values and errors and logs nothing.
package report
