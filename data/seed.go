package data

// DeriveSeed derives the seed of one stream from a run's seed and the
// stream's path, for example DeriveSeed(seed, k) for the sampler of local
// pair k and DeriveSeed(seed, 0, 1) for a second stream of the global pair.
// It chains SplitMix64's finaliser over the seed and every path element, so
// different paths give unrelated seeds and the same path the same seed.
func DeriveSeed(seed uint64, path ...uint64) uint64 {
	h := mix64(seed ^ 0x5347414e5345454e) // "SGANSEEN"
	for _, p := range path {
		h = mix64(h + 0x9e3779b97f4a7c15 + p)
	}
	return h
}

// mix64 is SplitMix64's output function (Steele, Lea and Flood 2014).
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
