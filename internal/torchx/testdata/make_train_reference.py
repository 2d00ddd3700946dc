#!/usr/bin/python3
"""Reference numbers for torchx's generators and optimizers (train.cc).

Run from this folder with Debian's python3-torch 1.13.1:

    /usr/bin/python3 make_train_reference.py

It writes train_reference.json, read by random_test.go and optim_test.go.
"""
import json

import torch


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def entry(t):
    return {"shape": list(t.shape), "data": flat(t)}


def generator(ref):
    g = torch.Generator().manual_seed(5)
    ref["generator"] = {
        "seed": 5,
        "randn": entry(torch.randn(2, 3, generator=g)),
        "rand": entry(torch.rand(4, generator=g)),
        "state_len": g.get_state().numel(),
    }


def trajectory(make_opt, steps=3):
    """Params after each step of make_opt on loss = sum((x @ w + b)^2)."""
    g = torch.Generator().manual_seed(6)
    x = torch.randn(4, 3, generator=g)
    w = torch.randn(3, 2, generator=g).requires_grad_(True)
    b = torch.randn(2, generator=g).requires_grad_(True)
    w0, b0 = w.detach().clone(), b.detach().clone()
    opt = make_opt([w, b])
    after = []
    for _ in range(steps):
        opt.zero_grad()
        ((x @ w + b) ** 2).sum().backward()
        opt.step()
        after.append({"w": entry(w), "b": entry(b)})
    return {"x": entry(x), "w0": entry(w0), "b0": entry(b0), "after": after}


def main():
    ref = {"torch_version": torch.__version__}
    generator(ref)
    ref["adam"] = trajectory(lambda p: torch.optim.Adam(
        p, lr=0.01, betas=(0.5, 0.999), eps=1e-8, weight_decay=0.01))
    ref["rmsprop"] = trajectory(lambda p: torch.optim.RMSprop(
        p, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0))
    with open("train_reference.json", "w") as f:
        json.dump(ref, f, indent=1)


if __name__ == "__main__":
    main()
