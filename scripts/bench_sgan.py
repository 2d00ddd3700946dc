"""bench_sgan.py times the SGAN schedule in PyTorch, the reference for the
Go benchmarks BenchmarkPairStep and BenchmarkSGANIteration (train/bench_test.go).

Rerun with Debian's PyTorch (python3-torch 1.13.1), normally through
scripts/bench-sgan.sh:

    /usr/bin/python3 scripts/bench_sgan.py --config PairStep/mlp --iters 20

Configs: PairStep/<net> (one local pair: one D step and one G step) and
SGANIteration/<net> (5 local pairs, messengers, G0 and D0: Algorithm 1),
net mlp (4x512 LeakyReLU 0.01, nz 100, the 8-mode ring) or dcgan32 (the
project's DCGAN32, 256 random 3x32x32 images). Non-saturating GAN, Adam
(lr 1e-4, betas 0.5 and 0.999), batch 64, one intra-op thread (libtorch's
default on the benchmark machine; --threads), in the default memory format
(--channels-last: channels-last weights and images). After --warmup iterations it times
--iters iterations and prints one line per config:

    <config> median_ms=<ms> iters=<n> threads=<t>
"""

import argparse
import math
import statistics
import time

import torch
from torch import nn

BATCH, NZ = 64, 100
# MEMORY is the memory format of the networks' 4-D weights and of the real
# images: torch.channels_last with --channels-last.
MEMORY = torch.contiguous_format


def mlp(n_in, n_out, hidden=512, layers=4, slope=0.01):
    mods = []
    for i in range(layers):
        a = n_in if i == 0 else hidden
        b = n_out if i == layers - 1 else hidden
        mods.append(nn.Linear(a, b))
        if i < layers - 1:
            mods.append(nn.LeakyReLU(slope))
    return nn.Sequential(*mods)


def dcgan32_g(ngf=64, ch=3):
    def up(a, b, k, s, p):
        return [nn.ConvTranspose2d(a, b, k, s, p, bias=False), nn.BatchNorm2d(b),
                nn.ReLU()]
    return nn.Sequential(
        nn.Unflatten(1, (NZ, 1, 1)),
        *up(NZ, 4 * ngf, 4, 1, 0), *up(4 * ngf, 2 * ngf, 4, 2, 1),
        *up(2 * ngf, ngf, 4, 2, 1),
        nn.ConvTranspose2d(ngf, ch, 4, 2, 1, bias=False), nn.Tanh())


def dcgan32_d(ndf=64, ch=3, slope=0.2):
    def down(a, b, norm):
        mods = [nn.Conv2d(a, b, 4, 2, 1, bias=False)]
        if norm:
            mods.append(nn.BatchNorm2d(b))
        return mods + [nn.LeakyReLU(slope)]
    return nn.Sequential(
        *down(ch, ndf, False), *down(ndf, 2 * ndf, True), *down(2 * ndf, 4 * ndf, True),
        nn.Conv2d(4 * ndf, 1, 4, 1, 0, bias=False), nn.Flatten(0))


def ring_batch():
    """64 points of 8 Gaussians (std 0.02) on a circle of radius 2."""
    k = torch.randint(0, 8, (BATCH,)).float() * (2 * math.pi / 8)
    centers = torch.stack([2 * torch.cos(k), 2 * torch.sin(k)], 1)
    return centers + 0.02 * torch.randn(BATCH, 2)


class Images:
    """256 random images in [-1, 1]; batches drawn at random."""

    def __init__(self):
        self.x = torch.randint(0, 256, (256, 3, 32, 32)).float() / 127.5 - 1

    def __call__(self):
        return self.x[torch.randint(0, 256, (BATCH,))].contiguous(memory_format=MEMORY)


NETS = {
    "mlp": (lambda: nn.Sequential(mlp(NZ, 2)),
            lambda: nn.Sequential(mlp(2, 1), nn.Flatten(0)), lambda: ring_batch),
    "dcgan32": (dcgan32_g, dcgan32_d, Images),
}


def adam(params):
    return torch.optim.Adam(params, lr=1e-4, betas=(0.5, 0.999), eps=1e-8)


def loss_d(d, real, fake):
    """BCE-with-logits of d on real (label 1) and fake (label 0), with the
    mean probabilities the Go trainer records."""
    lr, lf = d(real), d(fake)
    bce = nn.functional.binary_cross_entropy_with_logits
    loss = bce(lr, torch.ones_like(lr)) + bce(lf, torch.zeros_like(lf))
    return loss, torch.sigmoid(lr).mean().detach(), torch.sigmoid(lf).mean().detach()


def loss_g(logits):
    return nn.functional.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))


def frozen(d, x):
    """d(x) with d's parameters frozen: the graph reaches x only."""
    for p in d.parameters():
        p.requires_grad_(False)
    out = d(x)
    for p in d.parameters():
        p.requires_grad_(True)
    return out


class Pair:
    def __init__(self, net, real):
        mk_g, mk_d, _ = NETS[net]
        self.g, self.d = mk_g().to(memory_format=MEMORY), mk_d().to(memory_format=MEMORY)
        self.real = real
        self.opt_g, self.opt_d = adam(self.g.parameters()), adam(self.d.parameters())
        self.fake = None

    def d_step(self):
        self.opt_d.zero_grad()
        with torch.no_grad():
            fake = self.g(torch.randn(BATCH, NZ))
        loss_d(self.d, self.real(), fake)[0].backward()
        self.opt_d.step()

    def g_step(self):
        self.opt_g.zero_grad()
        fake = self.g(torch.randn(BATCH, NZ))
        loss_g(frozen(self.d, fake)).backward()
        self.opt_g.step()
        self.fake = fake.detach()


def refresh(m, m_opt, p):
    """Make messenger m a copy of p's discriminator, Adam state included."""
    m.load_state_dict(p.d.state_dict())
    for mp, pp in zip(m.parameters(), p.d.parameters()):
        src = p.opt_d.state[pp]
        dst = m_opt.state[mp]
        if not dst:
            for k, v in src.items():
                dst[k] = v.clone()
        else:
            for k, v in src.items():
                dst[k].copy_(v)


class SGAN:
    def __init__(self, net, pairs):
        self.src = NETS[net][2]()
        self.local = [Pair(net, NETS[net][2]()) for _ in range(pairs)]
        self.glob = Pair(net, self.src) if pairs > 1 else None
        if self.glob:
            self.msg = [NETS[net][1]().to(memory_format=MEMORY) for _ in range(pairs)]
            self.msg_opt = [adam(m.parameters()) for m in self.msg]

    def iterate(self):
        for p in self.local:
            p.d_step()
        for p in self.local:
            p.g_step()
        if self.glob:
            self.global_steps()

    def global_steps(self):
        g0, d0 = self.glob, self.glob.d
        real, z, z_g = self.src(), torch.randn(BATCH, NZ), torch.randn(BATCH, NZ)
        # Messengers: copies of D_i, one step against G0's samples.
        for m, opt, p in zip(self.msg, self.msg_opt, self.local):
            refresh(m, opt, p)
        with torch.no_grad():
            fake = g0.g(z)
        for m, opt in zip(self.msg, self.msg_opt):
            opt.zero_grad()
            loss_d(m, real, fake)[0].backward()
            opt.step()
        # G0 against the sum of the messengers' losses.
        g0.opt_g.zero_grad()
        fake = g0.g(z_g)
        sum(loss_g(frozen(m, fake)) for m in self.msg).backward()
        g0.opt_g.step()
        # D0 against every local generator's samples.
        g0.opt_d.zero_grad()
        for p in self.local:
            loss_d(d0, real, p.fake)[0].backward()
        g0.opt_d.step()


def bench(config, iters, warmup):
    kind, net = config.split("/")
    s = SGAN(net, 1 if kind == "PairStep" else 5)
    for _ in range(warmup):
        s.iterate()
    # No gc.collect(): reference counting frees PyTorch's tensors, as in any
    # training script; a full collection would add ~50 ms an iteration here.
    # (Go's runtime.GC is needed for gotorch's finalizers, so Go pays it.)
    times = []
    for _ in range(iters):
        start = time.perf_counter()
        s.iterate()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", action="append", required=True,
                    help="PairStep/<net> or SGANIteration/<net>, net mlp or dcgan32")
    ap.add_argument("--iters", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--channels-last", action="store_true",
                    help="networks and images in the channels-last memory format")
    args = ap.parse_args()
    global MEMORY
    if args.channels_last:
        MEMORY = torch.channels_last
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    for c in args.config:
        ms = bench(c, args.iters, args.warmup)
        print(f"{c} median_ms={ms:.2f} iters={args.iters} threads={torch.get_num_threads()}",
              flush=True)


if __name__ == "__main__":
    main()
