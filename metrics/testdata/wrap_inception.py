#!/usr/bin/python3
"""Wraps stylegan2-ada's Inception TorchScript file for sgan's metrics.Network.

The file inception-2015-12-05.pt of stylegan2-ada-pytorch (also clean-fid's)
has forward(img, return_features=False, use_fp16=False, no_output_bias=False):
img is (N, 3, H, W) in [0, 255], resized inside to 299x299; it returns the
2048 pool features when return_features is set, else the 1008 class
probabilities. metrics.Network passes only image tensors, so this script saves
a module whose forward(img) returns (features, probabilities), the latter
without the output bias, as the original Inception Score code computes them.
It runs the network twice per batch (once for each output). Known
limitation: one pass would need the file's inner layer names, which cannot
be checked without the real file (not to be had on the build machines).

    /usr/bin/python3 wrap_inception.py inception-2015-12-05.pt inception-sgan.pt

Then load inception-sgan.pt with
metrics.NetworkOptions{Range: metrics.RangeByte, Size: metrics.NoResize,
Probabilities: true}. make_reference.py tests the wrapper on a stand-in with
the same forward signature.
"""
import sys

import torch


class Wrapped(torch.nn.Module):
    """forward(img) -> (pool features, class probabilities)."""

    def __init__(self, base):
        super().__init__()
        self.base = base

    def forward(self, img):
        features = self.base(img, True, False, False)
        probabilities = self.base(img, False, False, True)
        return features, probabilities


def wrap(base):
    """Returns the scripted wrapper of a loaded Inception module."""
    return torch.jit.script(Wrapped(base).eval())


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: wrap_inception.py inception-2015-12-05.pt out.pt")
    wrap(torch.jit.load(sys.argv[1]).eval()).save(sys.argv[2])


if __name__ == "__main__":
    main()
