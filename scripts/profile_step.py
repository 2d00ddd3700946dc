"""profile_step.py breaks one DCGAN32 pair step (one D step and one G step,
batch 64, Adam: the step of scripts/bench_sgan.py) into libtorch operator
times with torch.profiler, grouped by kind, to see what keeps the step from
the convolutions' peak (issue #10). Debian's python3-torch runs the same
libtorch kernels as the Go trainer, except that Go computes the transposed
convolutions as conv2d's input gradient (torchx.ConvTranspose2d).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/profile_step.py [threads] [steps]
"""

import collections
import sys

import torch
from torch.profiler import ProfilerActivity, profile

import bench_sgan

GROUPS = [  # (group, substrings of operator names), first match wins
    ("transposed convolution", ("convolution_backward_input", "conv_transpose",
                                "slow_conv_transpose")),
    ("convolution", ("conv", "mkldnn_convolution")),
    ("batch norm", ("batch_norm",)),
    ("Adam", ("addcdiv", "addcmul", "lerp", "sqrt", "_foreach", "add_", "mul_", "div")),
    ("activations and loss", ("leaky_relu", "relu", "tanh", "sigmoid", "binary_cross",
                              "threshold")),
]


def group(name):
    for g, keys in GROUPS:
        if any(k in name for k in keys):
            return g
    return "other"


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    s = bench_sgan.SGAN("dcgan32", 1)
    s.iterate()
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(steps):
            s.iterate()
    by = collections.Counter()
    total = 0.0
    for e in prof.key_averages():
        # self time: an operator's own time, without the operators it calls
        by[group(e.key)] += e.self_cpu_time_total
        total += e.self_cpu_time_total
    print(f"threads={threads} steps={steps} ms/step={total / steps / 1e3:.1f}")
    for g, us in by.most_common():
        print(f"{g:24s} {us / steps / 1e3:8.1f} ms {100 * us / total:5.1f}%")


if __name__ == "__main__":
    main()
