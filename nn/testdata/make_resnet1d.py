#!/usr/bin/python3
"""Reference numbers for package nn's resnet1d networks (the text GAN).

Run from this folder with Debian's interpreter (python3-torch 1.13.1):

    /usr/bin/python3 make_resnet1d.py

It builds the character-level networks in PyTorch, independently of the Go
code, after the language model of WGAN-GP (Gulrajani et al. 2017, "Improved
Training of Wasserstein GANs", appendix), which the SGAN paper's text
experiment follows:

  G: Linear(nz, dim*L), reshape (N, dim, L), residual blocks, Conv1d 1x1
     dim -> V, softmax over V: (N, V, L).
  D: Conv1d 1x1 V -> dim, residual blocks, flatten, Linear(dim*L, 1): (N).
  A residual block is x + 0.3 * conv(relu(conv(relu(x)))), both convolutions
  dim -> dim, kernel 5, padding 2, with bias.

It writes resnet1d.json (parameter counts and shapes, the N-SW sharing, the
forward cases and PyTorch's default initialisation for a seed) and, per
forward case, a .net (package nn's state format) and a .bin (input and
outputs), with make_reference.py's writers.
"""
import json

import torch
import torch.nn as tnn

import make_reference as ref


class Block(tnn.Module):
    def __init__(self, dim, kernel):
        super().__init__()
        self.conv1 = tnn.Conv1d(dim, dim, kernel, padding=kernel // 2)
        self.conv2 = tnn.Conv1d(dim, dim, kernel, padding=kernel // 2)

    def forward(self, x):
        h = self.conv1(torch.relu(x))
        h = self.conv2(torch.relu(h))
        return x + 0.3 * h


class Generator(tnn.Module):
    def __init__(self, s):
        super().__init__()
        self.dim, self.seq_len = s["dim"], s["seq_len"]
        self.fc = tnn.Linear(s["nz"], s["dim"] * s["seq_len"])
        self.blocks = tnn.ModuleList(Block(s["dim"], 5) for _ in range(s["blocks"]))
        self.out = tnn.Conv1d(s["dim"], s["vocab"], 1)

    def stages(self):
        return [self.fc] + list(self.blocks) + [self.out]

    def forward(self, z):
        x = self.fc(z).reshape(z.shape[0], self.dim, self.seq_len)
        for b in self.blocks:
            x = b(x)
        return torch.softmax(self.out(x), dim=1)


class Discriminator(tnn.Module):
    def __init__(self, s):
        super().__init__()
        self.inp = tnn.Conv1d(s["vocab"], s["dim"], 1)
        self.blocks = tnn.ModuleList(Block(s["dim"], 5) for _ in range(s["blocks"]))
        self.fc = tnn.Linear(s["dim"] * s["seq_len"], 1)

    def stages(self):
        return [self.inp] + list(self.blocks) + [self.fc]

    def forward(self, x):
        x = self.inp(x)
        for b in self.blocks:
            x = b(x)
        return self.fc(x.reshape(x.shape[0], -1)).reshape(x.shape[0])


def build(spec):
    g = spec["role"] == "generator"
    return Generator(spec) if g else Discriminator(spec)


def input_for(spec, n, gen):
    """z for G; for D a softmax over V (what G makes), not one-hot, so that
    every input value matters."""
    if spec["role"] == "generator":
        return torch.randn(n, spec["nz"], generator=gen)
    logits = torch.randn(n, spec["vocab"], spec["seq_len"], generator=gen)
    return torch.softmax(2 * logits, dim=1)


def randomise(model, gen):
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0.0, 0.1, generator=gen)


def forward_case(spec, seed):
    name = "resnet1d-" + spec["role"]
    gen = torch.Generator().manual_seed(seed)
    model = build(spec)
    randomise(model, gen)
    ref.write_state(name + ".net", spec, model)
    x = input_for(spec, 3, gen)
    out = model(x)
    loss = out.square().mean()
    loss.backward()
    grad_norms = [float(p.grad.norm()) for p in model.parameters()]
    with torch.no_grad():
        out_eval = model(x)
    ref.write_tensors(name + ".bin", [x, out, out_eval])
    return {"name": name, "spec": spec, "net": name + ".net", "bin": name + ".bin",
            "tensors": ["x", "out_train", "out_eval"], "loss": float(loss),
            "grad_norms": grad_norms, "out_shape": list(out.shape)}


def full_specs():
    """The defaults (WGAN-GP's language model: dim 512, L 32, nz 128, four
    blocks as the SGAN paper), V 96 (package data's default), and a small
    CPU-sized variant."""
    return [
        {"arch": "resnet1d", "role": "generator", "nz": 128, "vocab": 96,
         "seq_len": 32, "dim": 512, "blocks": 4},
        {"arch": "resnet1d", "role": "discriminator", "vocab": 96, "seq_len": 32,
         "dim": 512, "blocks": 4},
        {"arch": "resnet1d", "role": "generator", "nz": 64, "vocab": 60,
         "seq_len": 32, "dim": 128, "blocks": 4},
        {"arch": "resnet1d", "role": "discriminator", "vocab": 60, "seq_len": 16,
         "dim": 128, "blocks": 2},
    ]


def count(spec):
    model = build(spec)
    x = input_for(spec, 2, torch.Generator().manual_seed(0))
    with torch.no_grad():
        shape = list(model(x).shape)
    return {"spec": spec, "params": sum(p.numel() for p in model.parameters()),
            "buffers": 0,
            "param_shapes": [list(p.shape) for p in model.parameters()],
            "out_shape": shape}


def sharing(spec):
    """N-SW: the number of stages (the input layer, each block, the output
    layer) closest to half of the parameters, fewer on a tie: the last of
    G, the first of D."""
    stages = [sum(p.numel() for p in m.parameters()) for m in build(spec).stages()]
    if spec["role"] == "generator":
        stages.reverse()
    total = sum(stages)
    best = None
    for k in range(1, len(stages)):
        frac = sum(stages[:k]) / total
        if best is None or abs(frac - 0.5) < abs(best[1] - 0.5):
            best = (k, frac)
    return {"spec": spec, "layers": best[0], "fraction": best[1],
            "stage_params": stages}


def init(seed):
    """PyTorch's default initialisation of a small G and D for a seed."""
    out = []
    for spec in ({"arch": "resnet1d", "role": "generator", "nz": 4, "vocab": 5,
                  "seq_len": 6, "dim": 3, "blocks": 2},
                 {"arch": "resnet1d", "role": "discriminator", "vocab": 5,
                  "seq_len": 6, "dim": 3, "blocks": 2}):
        torch.manual_seed(seed)
        model = build(spec)
        out.append({"seed": seed, "spec": spec,
                    "params": [{"shape": list(p.shape),
                                "data": [float(v) for v in p.detach().reshape(-1)]}
                               for p in model.parameters()]})
    return out


def main():
    torch.set_num_threads(1)
    cases = [
        {"arch": "resnet1d", "role": "generator", "nz": 8, "vocab": 7,
         "seq_len": 6, "dim": 5, "blocks": 2},
        {"arch": "resnet1d", "role": "discriminator", "vocab": 7, "seq_len": 6,
         "dim": 5, "blocks": 2},
    ]
    out = {"torch": torch.__version__,
           "counts": [count(s) for s in full_specs()],
           "sharing": [sharing(s) for s in full_specs()],
           "cases": [forward_case(s, 200 + i) for i, s in enumerate(cases)],
           "init": init(11)}
    with open("resnet1d.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
