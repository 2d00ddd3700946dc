#!/usr/bin/python3
"""Reference numbers for torchx's metric operations (metricops.go).

Run from this folder with Debian's interpreter (python3-torch 1.13.1), after
make_reference.py (it reads tiny.pt):

    /usr/bin/python3 make_metricops_reference.py

It writes metricops_reference.json: an image batch, its bilinear resizes by
torch.nn.functional.interpolate, its preparation for a network (clamp,
channel repeat, resize, range), tiny.pt's outputs on it, and float64
eigenvalues and matrix products. The Go test
metricops_test.go reads it; rerun only when that test changes.
"""
import json

import torch
import torch.nn.functional as F


def entry(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def resizes(x):
    out = []
    for h, w, align in [(7, 9, False), (7, 9, True), (3, 2, False), (4, 5, False)]:
        y = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=align)
        out.append({"height": h, "width": w, "align_corners": align, "output": entry(y)})
    return out


def resize299(x):
    """The Inception size: a summary and a few values of the output."""
    y = F.interpolate(x, size=(299, 299), mode="bilinear", align_corners=False)
    return {"sum": float(y.double().sum()),
            "corner": [float(v) for v in y[1, 2, :3, :3].reshape(-1)],
            "middle": float(y[0, 1, 150, 200])}


def prepare(images, start, length, channels, size, low, high):
    """What tx_prepare_images does, step by step."""
    x = images[start:start + length].float()
    if channels and x.shape[1] != channels:
        x = x.expand(-1, channels, -1, -1)
    x = x.clamp(-1, 1)
    if size and tuple(x.shape[2:]) != (size, size):
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return (x + 1) / 2 * (high - low) + low


def preps(gray, color):
    tiny = torch.jit.load("tiny.pt")
    cases = [
        ("gray to 3 channels, 6 px, [0, 1]", gray, 1, 2, 3, 6, 0.0, 1.0),
        ("color, kept size, [0, 255]", color, 0, 3, 0, 0, 0.0, 255.0),
        ("color to 299, [-1, 1]", color, 2, 1, 3, 299, -1.0, 1.0),
    ]
    out = []
    for name, images, start, length, channels, size, low, high in cases:
        x = prepare(images, start, length, channels, size, low, high)
        features, logits = tiny(x)
        case = {"name": name, "gray": images is gray, "start": start, "length": length,
                "channels": channels, "size": size, "low": low, "high": high,
                "features": entry(features), "logits": entry(logits)}
        case["prepared"] = entry(x) if size != 299 else {"sum": float(x.double().sum())}
        out.append(case)
    return out


def linalg():
    g = torch.Generator().manual_seed(7)
    a = torch.randn(5, 5, generator=g, dtype=torch.float64)
    sym = a @ a.T - 2 * torch.eye(5, dtype=torch.float64)  # some negative eigenvalues
    b = torch.randn(3, 5, generator=g, dtype=torch.float64)
    c = torch.randn(4, 3, generator=g, dtype=torch.float64)
    return {"sym": entry(sym), "eigenvalues": entry(torch.linalg.eigvalsh(sym)),
            "b": entry(b), "c": entry(c),
            "b_sym": entry(b @ sym), "bt_c": entry(b.T @ c.T),
            "c_b": entry(c @ b), "b_bt": entry(b @ b.T)}


def main():
    g = torch.Generator().manual_seed(6)
    x = torch.rand(2, 3, 4, 5, generator=g) * 2 - 1
    # Images slightly outside [-1, 1], as a generator's output may be.
    gray = torch.rand(4, 1, 5, 5, generator=g) * 2.2 - 1.1
    color = torch.rand(3, 3, 5, 4, generator=g) * 2.2 - 1.1
    ref = {"input": entry(x), "resize": resizes(x), "resize299": resize299(x),
           "gray": entry(gray), "color": entry(color), "prep": preps(gray, color),
           "linalg": linalg()}
    with open("metricops_reference.json", "w") as f:
        json.dump(ref, f)


if __name__ == "__main__":
    main()
