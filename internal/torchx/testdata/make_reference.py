#!/usr/bin/python3
"""Reference numbers for package torchx, computed with Debian's python3-torch.

Run from this folder with Debian's interpreter (python3-torch 1.13.1):

    /usr/bin/python3 make_reference.py

It writes reference.json (inputs, weights and expected outputs) and tiny.pt (a
TorchScript module). The Go tests read both; rerun only when a test changes.
"""
import json

import torch
import torch.nn.functional as F


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def entry(t):
    return {"shape": list(t.shape), "data": flat(t)}


def gradient_penalty(ref):
    """WGAN-GP's penalty on a tiny fixed discriminator, by double backprop."""
    g = torch.Generator().manual_seed(1)
    w1 = torch.randn(4, 3, generator=g, requires_grad=True)
    b1 = torch.randn(4, generator=g, requires_grad=True)
    w2 = torch.randn(1, 4, generator=g, requires_grad=True)
    b2 = torch.randn(1, generator=g, requires_grad=True)
    real = torch.randn(5, 3, generator=g)
    fake = torch.randn(5, 3, generator=g)
    alpha = torch.rand(5, 1, generator=g)

    x = (alpha * real + (1 - alpha) * fake).requires_grad_(True)
    out = F.linear(F.leaky_relu(F.linear(x, w1, b1), 0.2), w2, b2)
    (grad_x,) = torch.autograd.grad(out, x, torch.ones_like(out), create_graph=True)
    penalty = ((grad_x.norm(2, dim=1) - 1) ** 2).mean()
    penalty.backward()
    ref["gp"] = {
        "w1": entry(w1), "b1": entry(b1), "w2": entry(w2), "b2": entry(b2),
        "real": entry(real), "fake": entry(fake), "alpha": entry(alpha),
        "grad_x": entry(grad_x), "penalty": float(penalty),
        "grad_w1": entry(w1.grad), "grad_b1": entry(b1.grad),
        "grad_w2": entry(w2.grad),  # b2 does not reach grad_x: no gradient
    }


def ops(ref):
    g = torch.Generator().manual_seed(2)
    a = torch.randn(3, 4, generator=g)
    b = torch.randn(3, 4, generator=g)
    target = torch.rand(3, 4, generator=g)
    pos = a.abs() + 0.1
    ref["ops"] = {
        "a": entry(a), "b": entry(b), "target": entry(target), "pos": entry(pos),
        "exp": entry(a.exp()), "log": entry(pos.log()), "sqrt": entry(pos.sqrt()),
        "abs": entry(a.abs()), "neg": entry(-a), "square": entry(a.square()),
        "softplus": entry(F.softplus(a * 10)),  # also past softplus' threshold 20
        "sum": float(a.sum()), "mean": float(a.mean()),
        "add_scalar": entry(a + 1.5), "mul_scalar": entry(a * -2.0),
        "pow_scalar": entry(pos ** 2.5),
        "maximum": entry(torch.maximum(a, b)), "minimum": entry(torch.minimum(a, b)),
        "clamp": entry(a.clamp(-0.5, 0.5)),
        "norm_dim1": entry(a.norm(2, dim=1)), "norm1_dim0": entry(a.norm(1, dim=0)),
        "cat0": entry(torch.cat([a, b], 0)), "cat1": entry(torch.cat([a, b], 1)),
        "bce_with_logits": float(F.binary_cross_entropy_with_logits(a, target)),
        "mse": float(F.mse_loss(a, b)),
        "ema_0_9": entry(a.clone().lerp_(b, 1 - 0.9)),
    }


def rng(ref):
    torch.manual_seed(42)
    state = torch.get_rng_state()
    ref["rng"] = {
        "seed": 42,
        "randn": entry(torch.randn(2, 3)),
        "state_len": state.numel(),
        "state_sum": int(state.long().sum()),
    }


class Tiny(torch.nn.Module):
    """An Inception-like toy: returns (pool features, logits)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.fc = torch.nn.Linear(4, 3)

    def forward(self, x):
        features = F.adaptive_avg_pool2d(F.relu(self.conv(x)), 1).flatten(1)
        return features, self.fc(features)


def jit(ref):
    torch.manual_seed(3)
    model = Tiny().eval()
    scripted = torch.jit.script(model)
    scripted.save("tiny.pt")
    x = torch.randn(2, 3, 8, 8)
    features, logits = scripted(x)
    ref["jit"] = {"input": entry(x), "features": entry(features), "logits": entry(logits)}


def main():
    ref = {"torch_version": torch.__version__}
    gradient_penalty(ref)
    ops(ref)
    rng(ref)
    jit(ref)
    with open("reference.json", "w") as f:
        json.dump(ref, f, indent=1)


if __name__ == "__main__":
    main()
