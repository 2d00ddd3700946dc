#!/usr/bin/python3
"""Reference numbers for package metrics, computed with numpy and torch.

Run from this folder with Debian's interpreter (python3-torch 1.13.1 and
numpy; scipy and scikit-learn are not needed):

    /usr/bin/python3 make_reference.py

It writes reference.json (inputs and expected values of every formula) and
three TorchScript networks with their outputs on fixed images:
tiny_inception.pt (returns (features, logits)), tiny_classifier.pt (returns
logits) and tiny_wrapped.pt (a stand-in for stylegan2-ada's Inception file,
wrapped by wrap_inception.py). The
Go tests read these files; rerun only when a test changes. Every expected value
is computed here independently of the Go code, by the definitions in the
metrics package's documentation.
"""
import json

import numpy as np
import torch
import torch.nn.functional as F

import wrap_inception

RNG = np.random.default_rng(6)


def f32(a):
    """Rounds to float32 and returns float64, the values the Go side reads."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def flat(a):
    return [float(v) for v in np.asarray(a).reshape(-1)]


def circle(m, radius):
    angles = 2 * np.pi * np.arange(m) / m
    return np.stack([radius * np.cos(angles), radius * np.sin(angles)], 1)


# Toy mixtures: high quality, modes captured, non-coverage, AdaGAN coverage.

def toy_quality(points, means, std, threshold, min_samples):
    d = np.sqrt(((points[:, None, :] - means[None, :, :]) ** 2).sum(-1))
    nearest, dist = d.argmin(1), d.min(1)
    hq = dist <= threshold * std
    per_mode = np.bincount(nearest[hq], minlength=len(means))
    return {"high_quality": int(hq.sum()), "share": float(hq.mean()),
            "per_mode": [int(v) for v in per_mode],
            "captured": int((per_mode >= min_samples).sum())}


def near_modes(means, modes, n, std):
    idx = RNG.choice(modes, n)
    return means[idx] + RNG.normal(0, std, (n, 2))


def toy(ref):
    means, std = circle(8, 2.0), 0.02
    points = np.concatenate([near_modes(means, [0, 1, 2, 3, 4, 5], 450, 0.03),
                             means[6] + RNG.normal(0, 0.02, (2, 2)),
                             RNG.uniform(-3, 3, (48, 2))])
    real = means[RNG.integers(0, 8, 1000)] + RNG.normal(0, std, (1000, 2))
    gens = [near_modes(means, [0, 1], 100, 0.02),
            np.concatenate([near_modes(means, [1, 2, 3], 90, 0.02),
                            means[7] + RNG.normal(0, 0.02, (3, 2))]),
            near_modes(means, [0], 50, 0.1)]
    ref["toy"] = {
        "means": flat(means), "std": std, "points": flat(points), "real": flat(real),
        "generators": [flat(g) for g in gens],
        "default": toy_quality(points, means, std, 3, 1),
        "strict": toy_quality(points, means, std, 2, 5),
        "non_coverage": non_coverage(gens, means, std, 3, 1),
        "non_coverage_strict": non_coverage(gens, means, std, 3, 5),
        "adagan": adagan(points, real, means, std),
    }


def non_coverage(gens, means, std, threshold, min_samples):
    coverers = np.zeros(len(means), dtype=int)
    for g in gens:
        per_mode = toy_quality(g, means, std, threshold, min_samples)["per_mode"]
        coverers += np.asarray(per_mode) >= min_samples
    return {"coverers": [int(v) for v in coverers],
            "non_coverage": float((coverers == 0).mean())}


def mixture_density(points, means, std):
    d2 = ((points[:, None, :] - means[None, :, :]) ** 2).sum(-1)
    return np.exp(-d2 / (2 * std ** 2)).sum(1) / (2 * np.pi * std ** 2 * len(means))


def adagan(points, real, means, std):
    beta = np.quantile(mixture_density(real, means, std), 0.05)
    return float((mixture_density(points, means, std) > beta).mean())


# Gaussian KDE with a cross-validated bandwidth.

def kde_logpdf(x, samples, h):
    d2 = ((x[:, None, :] - samples[None, :, :]) ** 2).sum(-1)
    a = -d2 / (2 * h * h)
    top = a.max(1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(a - top).sum(1))
    return lse - np.log(len(samples)) - np.log(2 * np.pi * h * h)


def fold_bounds(n, k):
    sizes = [n // k + (1 if f < n % k else 0) for f in range(k)]
    ends = np.cumsum(sizes)
    return list(zip(ends - sizes, ends))


def cv_scores(samples, bandwidths, k):
    scores = np.zeros(len(bandwidths))
    for lo, hi in fold_bounds(len(samples), k):
        train = np.concatenate([samples[:lo], samples[hi:]])
        for b, h in enumerate(bandwidths):
            scores[b] += kde_logpdf(samples[lo:hi], train, h).sum()
    return scores / len(samples)


def kde_case(samples, held_out, bandwidths, k):
    scores = cv_scores(samples, bandwidths, k)
    h = bandwidths[int(np.argmax(scores))]
    return {"samples": flat(samples), "held_out": flat(held_out),
            "bandwidths": flat(bandwidths), "folds": k, "cv_scores": flat(scores),
            "bandwidth": float(h),
            "log_likelihood": float(kde_logpdf(held_out, samples, h).mean())}


def default_bandwidths(samples):
    s = np.sqrt(samples.var(0).mean())
    return s * 10.0 ** ((np.arange(31) - 30) / 10)


def kde(ref):
    means = circle(8, 2.0)
    samples = near_modes(means, range(8), 300, 0.05)
    held_out = means[RNG.integers(0, 8, 200)] + RNG.normal(0, 0.02, (200, 2))
    ref["kde"] = {
        "default": kde_case(samples, held_out, default_bandwidths(samples), 5),
        "uneven_folds": kde_case(samples[:103], held_out[:50],
                                 np.array([0.01, 0.03, 0.1, 0.3, 1.0]), 4),
    }


# Classifier score, class histogram.

def inception_score(p, splits):
    size = len(p) // splits
    scores = []
    for s in range(splits):
        part = p[s * size:(s + 1) * size]
        py = part.mean(0, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(part > 0, part * (np.log(part) - np.log(py)), 0.0)
        scores.append(np.exp(terms.sum(1).mean()))
    return {"mean": float(np.mean(scores)), "std": float(np.std(scores)),
            "parts": flat(scores)}


def softmax(logits):
    z = logits - logits.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def histogram(logits):
    counts = np.bincount(logits.argmax(1), minlength=logits.shape[1])
    q = counts / counts.sum()
    nz = q[q > 0]
    return {"counts": [int(c) for c in counts], "entropy": float(-(nz * np.log(nz)).sum()),
            "total_variation": float(0.5 * np.abs(q - 1 / len(q)).sum())}


def classifier(ref):
    k = 10
    bias = RNG.normal(0, 1, k)
    logits = f32(RNG.normal(0, 3, (233, k)) + bias)
    probs = f32(softmax(logits))
    ref["classifier"] = {
        "rows": 233, "cols": k, "logits": flat(logits), "probabilities": flat(probs),
        "logits_10": inception_score(softmax(logits), 10),
        "logits_3": inception_score(softmax(logits), 3),
        "probabilities_10": inception_score(probs, 10),
        "histogram": histogram(logits),
    }


# FID and KID.

def sym_sqrt_trace(s1, s2):
    """tr((s1 s2)^1/2) by two symmetric eigendecompositions."""
    lam, v = np.linalg.eigh(s1)
    w = v * np.sqrt(np.clip(lam, 0, None))
    m = w.T @ s2 @ w
    return np.sqrt(np.clip(np.linalg.eigvalsh((m + m.T) / 2), 0, None)).sum()


def fid(f1, f2):
    mu1, mu2 = f1.mean(0), f2.mean(0)
    s1, s2 = np.cov(f1, rowvar=False), np.cov(f2, rowvar=False)
    base = ((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2)
    value = base - 2 * sym_sqrt_trace(s1, s2)
    # The same trace from the eigenvalues of the non-symmetric product.
    other = base - 2 * np.sqrt(np.clip(np.linalg.eigvals(s1 @ s2).real, 0, None)).sum()
    assert abs(value - other) < 1e-8 * base, (value, other)
    return float(value)


def features(n, d, shift, scale):
    mix = RNG.normal(0, 1, (d, d)) * scale / np.sqrt(d)
    return f32(np.abs(RNG.normal(0, 1, (n, d)) @ mix + shift))


def mmd2_unbiased(x, y):
    d = x.shape[1]
    k = lambda a, b: (a @ b.T / d + 1) ** 3
    m = len(x)
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    within = (kxx.sum() - np.trace(kxx) + kyy.sum() - np.trace(kyy)) / (m * (m - 1))
    return float(within - 2 * kxy.sum() / (m * m))


def fid_kid(ref):
    a, b = features(100, 24, 0.5, 1.0), features(90, 24, 0.8, 1.5)
    small = features(16, 24, 0.5, 1.0)
    offset = f32(1000 + RNG.normal(0, 0.01, (40, 6)))
    x, y = features(50, 24, 0.5, 1.0), features(50, 24, 0.6, 1.2)
    ref["fid"] = {
        "dim": 24, "a": flat(a), "b": flat(b), "small": flat(small),
        "mean_a": flat(a.mean(0)), "cov_a": flat(np.cov(a, rowvar=False)),
        "fid_ab": fid(a, b), "fid_small_b": fid(small, b), "fid_aa": fid(a, a),
        "offset": flat(offset), "cov_offset": flat(np.cov(offset, rowvar=False)),
    }
    ref["kid"] = {"dim": 24, "x": flat(x), "y": flat(y), "full": mmd2_unbiased(x, y),
                  "first20": mmd2_unbiased(x[:20], y[:20])}


# Networks.

class TinyInception(torch.nn.Module):
    """An Inception-like toy: (pool features (N, 8, 1, 1), logits (N, 10))."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=2)
        self.fc = torch.nn.Linear(8, 10)

    def forward(self, x):
        pool = F.adaptive_avg_pool2d(F.relu(self.conv(x)), 1)
        return pool, self.fc(pool.flatten(1))


class TinyClassifier(torch.nn.Module):
    """A data-set classifier toy on 1 x 12 x 12 images: logits (N, 10)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 4, 3)
        self.fc = torch.nn.Linear(4 * 10 * 10, 10)

    def forward(self, x):
        return self.fc(torch.tanh(self.conv(x)).flatten(1))


class StandIn(torch.nn.Module):
    """The forward signature of stylegan2-ada's Inception file: images in
    [0, 255] of any size, resized inside; features or probabilities."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 6, 5, stride=4)
        self.output = torch.nn.Linear(6, 7)

    def forward(self, img, return_features: bool = False, use_fp16: bool = False,
                no_output_bias: bool = False):
        x = F.interpolate(img.float(), size=(299, 299), mode="bilinear",
                          align_corners=False)
        features = F.adaptive_avg_pool2d(F.relu(self.conv((x - 128) / 128)), 1).flatten(1)
        if return_features:
            return features
        if no_output_bias:
            logits = F.linear(features, self.output.weight)
        else:
            logits = self.output(features)
        return F.softmax(logits, 1)


def prepare(x, channels, size, low, high):
    """The preparation metrics.Network documents, step by step."""
    x = x.float()
    if x.shape[1] != channels:
        x = x.expand(-1, channels, -1, -1)
    x = x.clamp(-1, 1)
    if size and tuple(x.shape[2:]) != (size, size):
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return (x + 1) / 2 * (high - low) + low


def network_case(net, name, images, channels, size, low, high, outputs):
    out = net(prepare(images, channels, size, low, high))
    out = out if isinstance(out, tuple) else (out,)
    return {"name": name, "images": {"shape": list(images.shape), "data": flat(images)},
            "outputs": [{"shape": list(o.shape), "data": flat(o.detach())} for o in out],
            "channels": channels, "size": size, "low": low, "high": high,
            "layout": outputs}


def networks(ref):
    torch.manual_seed(6)
    inception = torch.jit.script(TinyInception().eval())
    inception.save("tiny_inception.pt")
    classifier = torch.jit.script(TinyClassifier().eval())
    classifier.save("tiny_classifier.pt")
    g = torch.Generator().manual_seed(6)
    color = torch.rand(5, 3, 10, 10, generator=g) * 2.2 - 1.1
    gray = torch.rand(4, 1, 12, 12, generator=g) * 2.2 - 1.1
    standin = torch.jit.script(StandIn().eval())
    wrapped = wrap_inception.wrap(standin)
    wrapped.save("tiny_wrapped.pt")
    ref["networks"] = [
        network_case(inception, "color, 16 px, [0, 1]", color, 3, 16, 0.0, 1.0, "both"),
        network_case(inception, "color, 299 px, [0, 255]", color[:2], 3, 299, 0.0, 255.0,
                     "both"),
        network_case(inception, "gray to 3 channels, 16 px", gray, 3, 16, -1.0, 1.0, "both"),
        network_case(classifier, "classifier, own size", gray, 1, 0, -1.0, 1.0, "logits"),
        network_case(wrapped, "wrapped stand-in, own size, [0, 255]", color[:3], 3, 0, 0.0,
                     255.0, "wrapped"),
    ]


def main():
    ref = {}
    toy(ref)
    kde(ref)
    classifier(ref)
    fid_kid(ref)
    networks(ref)
    with open("reference.json", "w") as f:
        json.dump(ref, f)


if __name__ == "__main__":
    main()
