// Package metrics scores generators: the evaluation of the paper's Section 4
// and Appendix A.
//
// Toy mixtures (Section 4.1, Figure 2, Appendix A.2): the share of
// high-quality samples and the number of modes captured as VEEGAN and PacGAN
// define them (EvaluateToy), the share of modes that no local generator
// covers (NonCoverage, Figure 2d), AdaGAN's coverage C (AdaGANCoverage,
// Figure 8) and the log-likelihood of held-out real points under a Gaussian
// kernel density estimate of generated samples with a cross-validated
// bandwidth (KDELogLikelihood, Figure 10).
//
// Images (Section 4, Table 1, Figure 5): the Inception-Score formula over any
// classifier's outputs (ClassifierScore), the entropy and total variation
// from uniform of the predicted-class distribution (ClassHistogram), the
// Fréchet Inception Distance over feature statistics (FID, Stats, with a
// cache file, SaveStats and LoadStats, keyed by the network and the data and
// keeping a sample of the features) and the Kernel Inception Distance (KID)
// over features. Network runs a user-supplied TorchScript network (an Inception file
// as pytorch-fid, clean-fid and stylegan2-ada use, or a data-set classifier)
// over image batches, resized to 299x299 bilinearly by default, and returns
// its pool features and logits.
//
// Text (Section 4.2, Table 2): the Jensen-Shannon divergence, in nats,
// between the character n-gram distributions (n = 1 to 4) of generated and
// real texts (NGramJSD), the measure of WGAN-GP's language model.
//
// The package is silent: it returns values and errors and logs nothing.
package metrics
