// Package classify trains and runs the data-set classifiers whose outputs
// the classifier score, the predicted-class entropy and the total variation
// from uniform are computed on (paper Section 4, Table 1 and Figure 5): a
// small convolutional network per data set (MNIST, Fashion-MNIST, CIFAR-10)
// that labels real and generated images. Two architectures: ArchCNN2 (two
// convolutions) for the digits and clothes, ArchCNN3BN (three convolutions
// with BatchNorm) for colour images (CIFAR-10).
//
// Model is the network, Train fits it with Adam on a labelled image set,
// Evaluate measures its accuracy, Predict turns image batches into the
// class-probability matrix that metrics.ClassifierScore and
// metrics.ClassHistogram take, and Save and Load keep it in a file with a
// header naming its architecture, input shape and classes.
//
// Threads: Train and Probabilities lock their goroutine to its OS thread
// while they build graphs (see internal/torchx's note on threads) and
// collect garbage each iteration so libtorch memory stays bounded.
//
// The package is silent: it returns values and errors and logs nothing.
package classify
