#!/usr/bin/python3
"""Reference networks for package nn, built with Debian's python3-torch.

Run from this folder with Debian's interpreter (python3-torch 1.13.1):

    /usr/bin/python3 make_reference.py

It builds every architecture of package nn in PyTorch, independently of the
Go code, and writes:

  reference.json   parameter counts and shapes at full size; the N-SW sharing
                   of each default architecture; for each forward
                   case its spec, the names of the tensors in its .bin file,
                   the loss and the gradient norms; the MLP's default
                   initialisation for a fixed seed
  <case>.net       the case's weights and buffers in package nn's state format
                   (see codec.go), which the Go tests load
  <case>.bin       the case's input and outputs: uint32 count, then per
                   tensor uint32 ndim, int64 sizes, float32 values

Forward cases use reduced widths (nz 8 or 16, ngf/ndf 4, hidden 16) and a
batch of 2 to keep the files small. Rerun only when an architecture changes.
"""
import json
import struct
import zlib

import torch
import torch.nn as tnn

MAGIC = b"SGANNET\x00"
VERSION = 1


def mlp(spec):
    """Fully connected layers with LeakyReLU between them (appendix A.1)."""
    g = spec["role"] == "generator"
    dims = [spec["nz"] if g else spec["data_dim"]]
    dims += [spec["hidden"]] * (spec["layers"] - 1)
    dims += [spec["data_dim"] if g else 1]
    mods = []
    for i in range(spec["layers"]):
        mods.append(tnn.Linear(dims[i], dims[i + 1]))
        if i < spec["layers"] - 1:
            mods.append(tnn.LeakyReLU(spec["slope"]))
    if g and spec.get("output") == "tanh":
        mods.append(tnn.Tanh())
    return tnn.Sequential(*mods)


# Convolutions as (in, out, kernel, stride, padding); g/d is the base width,
# nz the noise dimension, c the image channels.
def g_layers(arch, nz, g, c):
    return {
        "dcgan28": [(nz, 4 * g, 4, 1, 0), (4 * g, 2 * g, 3, 2, 1),
                    (2 * g, g, 4, 2, 1), (g, c, 4, 2, 1)],
        "dcgan32": [(nz, 4 * g, 4, 1, 0), (4 * g, 2 * g, 4, 2, 1),
                    (2 * g, g, 4, 2, 1), (g, c, 4, 2, 1)],
        "dcgan64": [(nz, 8 * g, 4, 1, 0), (8 * g, 4 * g, 4, 2, 1),
                    (4 * g, 2 * g, 4, 2, 1), (2 * g, g, 4, 2, 1),
                    (g, c, 4, 2, 1)],
    }[arch]


def d_layers(arch, d, c):
    return {
        "dcgan28": [(c, d, 4, 2, 1), (d, 2 * d, 4, 2, 1),
                    (2 * d, 4 * d, 3, 2, 1), (4 * d, 1, 4, 1, 0)],
        "dcgan32": [(c, d, 4, 2, 1), (d, 2 * d, 4, 2, 1),
                    (2 * d, 4 * d, 4, 2, 1), (4 * d, 1, 4, 1, 0)],
        "dcgan64": [(c, d, 4, 2, 1), (d, 2 * d, 4, 2, 1),
                    (2 * d, 4 * d, 4, 2, 1), (4 * d, 8 * d, 4, 2, 1),
                    (8 * d, 1, 4, 1, 0)],
    }[arch]


def dcgan(spec):
    """PyTorch's DCGAN example, resized as in appendix B.1."""
    mods = []
    if spec["role"] == "generator":
        layers = g_layers(spec["arch"], spec["nz"], spec["ngf"], spec["channels"])
        for i, (a, b, k, s, p) in enumerate(layers):
            mods.append(tnn.ConvTranspose2d(a, b, k, s, p, bias=False))
            if i < len(layers) - 1:
                mods += [tnn.BatchNorm2d(b), tnn.ReLU()]
        mods.append(tnn.Tanh())
    else:
        layers = d_layers(spec["arch"], spec["ndf"], spec["channels"])
        for i, (a, b, k, s, p) in enumerate(layers):
            mods.append(tnn.Conv2d(a, b, k, s, p, bias=False))
            if 0 < i < len(layers) - 1:
                mods.append(tnn.BatchNorm2d(b))
            if i < len(layers) - 1:
                mods.append(tnn.LeakyReLU(spec["slope"]))
    return tnn.Sequential(*mods)


def build(spec):
    return mlp(spec) if spec["arch"] == "mlp" else dcgan(spec)


def forward(model, spec, x):
    """Package nn's shapes: G takes (N, nz); D returns logits (N)."""
    n = x.shape[0]
    if spec["role"] == "generator":
        if spec["arch"] != "mlp":
            x = x.reshape(n, -1, 1, 1)
        return model(x)
    if spec["arch"] == "mlp":
        x = x.reshape(n, -1)
    return model(x).reshape(n)


def buffers(model):
    return [b for name, b in model.named_buffers()
            if not name.endswith("num_batches_tracked")]


def image_size(arch):
    return {"dcgan28": 28, "dcgan32": 32, "dcgan64": 64}[arch]


def input_for(spec, n, gen):
    if spec["role"] == "generator":
        return torch.randn(n, spec["nz"], generator=gen)
    if spec["arch"] == "mlp":
        return torch.randn(n, spec["data_dim"], generator=gen)
    side = image_size(spec["arch"])
    return torch.rand(n, spec["channels"], side, side, generator=gen) * 2 - 1


def tensor_bytes(t):
    t = t.detach().contiguous().float()
    out = struct.pack("<I", t.dim())
    out += b"".join(struct.pack("<q", d) for d in t.shape)
    return out + t.numpy().astype("<f4").tobytes()


def write_state(path, spec, model):
    params, bufs = list(model.parameters()), buffers(model)
    js = json.dumps(spec).encode()
    body = MAGIC + struct.pack("<II", VERSION, len(js)) + js
    body += struct.pack("<II", len(params), len(bufs))
    body += b"".join(tensor_bytes(t) for t in params + bufs)
    with open(path, "wb") as f:
        f.write(body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF))


def write_tensors(path, tensors):
    with open(path, "wb") as f:
        f.write(struct.pack("<I", len(tensors)))
        for t in tensors:
            f.write(tensor_bytes(t))


def randomise(model, gen):
    """Weights and running statistics away from their initial values, so
    that every parameter and buffer matters."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (tnn.Conv2d, tnn.ConvTranspose2d)):
                m.weight.normal_(0.0, 0.1, generator=gen)
            elif isinstance(m, tnn.Linear):
                m.weight.normal_(0.0, 0.3, generator=gen)
                m.bias.normal_(0.0, 0.1, generator=gen)
            elif isinstance(m, tnn.BatchNorm2d):
                m.weight.normal_(1.0, 0.2, generator=gen)
                m.bias.normal_(0.0, 0.2, generator=gen)
                m.running_mean.normal_(0.0, 0.1, generator=gen)
                m.running_var.uniform_(0.5, 1.5, generator=gen)


def forward_case(spec, seed):
    """Weights, input and outputs in training and evaluation mode."""
    name = spec["arch"] + "-" + spec["role"]
    gen = torch.Generator().manual_seed(seed)
    model = build(spec)
    randomise(model, gen)
    write_state(name + ".net", spec, model)
    x = input_for(spec, 2, gen)

    model.train()
    out_train = forward(model, spec, x)
    loss = out_train.square().mean()
    loss.backward()
    grad_norms = [float(p.grad.norm()) for p in model.parameters()]
    bufs_after = [b.clone() for b in buffers(model)]
    model.eval()
    with torch.no_grad():
        out_eval = forward(model, spec, x)

    names = ["x", "out_train", "out_eval"]
    names += ["buffer_after_%d" % i for i in range(len(bufs_after))]
    write_tensors(name + ".bin", [x, out_train, out_eval] + bufs_after)
    return {"name": name, "spec": spec, "net": name + ".net", "bin": name + ".bin",
            "tensors": names, "loss": float(loss), "grad_norms": grad_norms,
            "out_shape": list(out_train.shape)}


def full_specs():
    """Every architecture and role with package nn's defaults, plus a few
    non-default options."""
    specs = [
        {"arch": "mlp", "role": "generator", "nz": 100, "data_dim": 2,
         "hidden": 512, "layers": 4, "output": "linear", "slope": 0.01},
        {"arch": "mlp", "role": "discriminator", "data_dim": 2, "hidden": 512,
         "layers": 4, "slope": 0.01},
        {"arch": "mlp", "role": "generator", "nz": 100, "data_dim": 784,
         "hidden": 512, "layers": 4, "output": "tanh", "slope": 0.01},
        {"arch": "mlp", "role": "discriminator", "data_dim": 784, "hidden": 256,
         "layers": 3, "slope": 0.2},
    ]
    for arch, c in (("dcgan28", 1), ("dcgan32", 3), ("dcgan64", 3)):
        specs.append({"arch": arch, "role": "generator", "nz": 100, "channels": c,
                      "ngf": 64})
        specs.append({"arch": arch, "role": "discriminator", "channels": c,
                      "ndf": 64, "slope": 0.2})
    specs.append({"arch": "dcgan32", "role": "generator", "nz": 128,
                  "channels": 1, "ngf": 32})
    specs.append({"arch": "dcgan64", "role": "discriminator", "channels": 1,
                  "ndf": 96, "slope": 0.2})
    return specs


def count(spec):
    model = build(spec)
    side = image_size(spec["arch"]) if spec["arch"] != "mlp" else 0
    x = input_for(spec, 2, torch.Generator().manual_seed(0))
    with torch.no_grad():
        shape = list(forward(model, spec, x).shape)
    if spec["role"] == "generator" and side:
        assert shape == [2, spec["channels"], side, side], (spec, shape)
    return {"spec": spec, "params": sum(p.numel() for p in model.parameters()),
            "buffers": sum(b.numel() for b in buffers(model)),
            "param_shapes": [list(p.shape) for p in model.parameters()],
            "out_shape": shape}


def sharing(spec):
    """N-SW sharing: the number of stages (a layer with its BatchNorm) whose
    parameters come closest to half of the network's, fewer on a tie: the
    last stages of G, the first of D; and the fraction they hold."""
    model = build(spec)
    stages = []
    for m in model:
        n = sum(p.numel() for p in m.parameters())
        if isinstance(m, (tnn.Linear, tnn.Conv2d, tnn.ConvTranspose2d)):
            stages.append(n)
        elif n:
            stages[-1] += n  # BatchNorm joins its layer's stage
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


def case_specs():
    return [
        {"arch": "mlp", "role": "generator", "nz": 16, "data_dim": 3,
         "hidden": 16, "layers": 3, "output": "tanh", "slope": 0.05},
        {"arch": "mlp", "role": "discriminator", "data_dim": 2, "hidden": 16,
         "layers": 4, "slope": 0.01},
        {"arch": "dcgan28", "role": "generator", "nz": 8, "channels": 1, "ngf": 4},
        {"arch": "dcgan28", "role": "discriminator", "channels": 1, "ndf": 4,
         "slope": 0.2},
        {"arch": "dcgan32", "role": "generator", "nz": 8, "channels": 3, "ngf": 4},
        {"arch": "dcgan32", "role": "discriminator", "channels": 3, "ndf": 4,
         "slope": 0.2},
        {"arch": "dcgan64", "role": "generator", "nz": 8, "channels": 1, "ngf": 4},
        {"arch": "dcgan64", "role": "discriminator", "channels": 1, "ndf": 4,
         "slope": 0.2},
    ]


def mlp_init(seed):
    """PyTorch's default nn.Linear initialisation of a small MLP G."""
    spec = {"arch": "mlp", "role": "generator", "nz": 8, "data_dim": 2,
            "hidden": 16, "layers": 4, "output": "linear", "slope": 0.01}
    torch.manual_seed(seed)
    model = build(spec)
    return {"seed": seed, "spec": spec,
            "params": [{"shape": list(p.shape),
                        "data": [float(v) for v in p.detach().reshape(-1)]}
                       for p in model.parameters()]}


def main():
    torch.set_num_threads(1)
    ref = {"torch": torch.__version__,
           "counts": [count(s) for s in full_specs()],
           "sharing": [sharing(s) for s in full_specs()[:2] + full_specs()[4:10]],
           "cases": [forward_case(s, 100 + i) for i, s in enumerate(case_specs())],
           "mlp_init": mlp_init(7)}
    with open("reference.json", "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
