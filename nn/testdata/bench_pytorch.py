#!/usr/bin/python3
"""PyTorch's time for the networks of BenchmarkForwardBackward (bench_test.go).

Run from this folder with Debian's interpreter (python3-torch 1.13.1):

    /usr/bin/python3 bench_pytorch.py [threads] [repeats]

It builds every default architecture with make_reference.py's definitions and
prints, per network, the median and minimum milliseconds of one forward and
backward pass at batch 64 with loss mean(out), after two warm-up passes.
threads (default 1, gotorch's default on 2 cores) is torch.set_num_threads;
repeats defaults to 10. It writes no file: the figures go into the report.
"""
import statistics
import sys
import time

import torch

import make_reference as ref

BATCH = 64


def default_specs():
    return ref.full_specs()[:2] + ref.full_specs()[4:10]


def time_pass(spec, repeats):
    model = ref.build(spec)
    x = ref.input_for(spec, BATCH, torch.Generator().manual_seed(0))
    times = []
    for i in range(repeats + 2):
        start = time.perf_counter()
        ref.forward(model, spec, x).mean().backward()
        model.zero_grad(set_to_none=True)
        if i >= 2:
            times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), min(times)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    torch.set_num_threads(threads)
    print("torch %s, %d thread(s), batch %d" % (torch.__version__, threads, BATCH))
    for spec in default_specs():
        med, low = time_pass(spec, repeats)
        print("%-8s %-14s median %8.2f ms  min %8.2f ms" % (
            spec["arch"], spec["role"], med, low))


if __name__ == "__main__":
    main()
