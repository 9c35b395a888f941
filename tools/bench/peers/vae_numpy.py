#!/usr/bin/env python3
"""numpy peer of passk-lab's VAE training loop (Levi 2024 §4 / App. A; packages/source-vae/src/vae-model.ts).

Same network (784-400-20-400-784, ReLU, sigmoid output), same loss (BCE from logits as softplus(l) - x*l,
summed over pixels and batch, plus KL = -1/2 sum(1 + log s^2 - mu^2 - s^2)), same init (PyTorch Linear default
U(+-1/sqrt(fan_in)) for weights and biases), same optimiser (Adam, lr 1e-3, betas (0.9, 0.999), eps 1e-8, bias
correction), same data (the first 400 Fashion-MNIST training images, pixels / 255), batch 128 with a shuffled
permutation per epoch and the last partial batch kept, float64 throughout. Random streams differ from ours
(numpy's PCG64), so losses agree in magnitude, not bit for bit.

Prints one JSON document: per-epoch wall and CPU seconds, the losses, and the BLAS thread setting. Threads are
set with --threads before numpy is imported (OPENBLAS_NUM_THREADS / OMP_NUM_THREADS); 0 = numpy's default.

  python3 tools/bench/peers/vae_numpy.py --data ../shared/data/fashion-mnist --epochs 5 --threads 1
"""
import argparse
import gzip
import json
import os
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument('--data', required=True, help='folder with train-images-first400-idx3-ubyte.gz')
ap.add_argument('--epochs', type=int, default=5)
ap.add_argument('--batch', type=int, default=128)
ap.add_argument('--threads', type=int, default=1, help='BLAS threads (0 = numpy default)')
ap.add_argument('--seed', type=int, default=1)
a = ap.parse_args()
if a.threads > 0:
    for v in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
        os.environ[v] = str(a.threads)
import numpy as np  # noqa: E402  (after the thread setting)


def read_idx_images(path):
    with gzip.open(path, 'rb') as f:
        b = f.read()
    magic, n, rows, cols = np.frombuffer(b[:16], dtype='>u4')
    if magic != 2051:
        sys.exit(f'{path}: not an IDX image file (magic {magic})')
    return np.frombuffer(b[16:], dtype=np.uint8).reshape(n, rows * cols).astype(np.float64) / 255.0


X = read_idx_images(os.path.join(a.data, 'train-images-first400-idx3-ubyte.gz'))
n, I = X.shape
H, L = 400, 20
rng = np.random.default_rng(a.seed)


def lin(o, i):
    bound = 1.0 / np.sqrt(i)
    return rng.uniform(-bound, bound, (o, i)), rng.uniform(-bound, bound, o)


W1, b1 = lin(H, I)
W2, b2 = lin(2 * L, H)
W3, b3 = lin(H, L)
W4, b4 = lin(I, H)
params = [W1, b1, W2, b2, W3, b3, W4, b4]
m = [np.zeros_like(p) for p in params]
v = [np.zeros_like(p) for p in params]
t = 0


def softplus(x):
    return np.where(x > 0, x + np.log1p(np.exp(-np.abs(x))), np.log1p(np.exp(np.minimum(x, 0))))


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def loss_and_grad(x, eps):
    h1p = x @ W1.T + b1
    h1 = np.maximum(h1p, 0)
    e = h1 @ W2.T + b2
    mu, lv = e[:, :L], e[:, L:]
    s = np.exp(0.5 * lv)
    z = mu + s * eps
    kld = -0.5 * np.sum(1 + lv - mu * mu - s * s)
    h3p = z @ W3.T + b3
    h3 = np.maximum(h3p, 0)
    logits = h3 @ W4.T + b4
    bce = np.sum(softplus(logits) - x * logits)
    dl = sigmoid(logits) - x
    gW4, gb4 = dl.T @ h3, dl.sum(0)
    dh3 = (dl @ W4) * (h3p > 0)
    gW3, gb3 = dh3.T @ z, dh3.sum(0)
    dz = dh3 @ W3
    de = np.empty_like(e)
    de[:, :L] = dz + mu
    de[:, L:] = dz * eps * 0.5 * s + 0.5 * (s * s - 1)
    gW2, gb2 = de.T @ h1, de.sum(0)
    dh1 = (de @ W2) * (h1p > 0)
    gW1, gb1 = dh1.T @ x, dh1.sum(0)
    return bce + kld, [gW1, gb1, gW2, gb2, gW3, gb3, gW4, gb4]


def adam(grads, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    global t
    t += 1
    c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
    for p, g, mi, vi in zip(params, grads, m, v):
        mi *= beta1
        mi += (1 - beta1) * g
        vi *= beta2
        vi += (1 - beta2) * g * g
        p -= (lr / c1) * mi / (np.sqrt(vi) / np.sqrt(c2) + eps)


walls, cpus, losses = [], [], []
for ep in range(a.epochs):
    w0, c0 = time.perf_counter(), time.process_time()
    perm = rng.permutation(n)
    total = 0.0
    for s0 in range(0, n, a.batch):
        idx = perm[s0:s0 + a.batch]
        xb = X[idx]
        eps = rng.standard_normal((len(idx), L))
        loss, grads = loss_and_grad(xb, eps)
        total += loss
        adam(grads)
    walls.append(time.perf_counter() - w0)
    cpus.append(time.process_time() - c0)
    losses.append(total / n)

print(json.dumps({
    'peer': 'numpy', 'numpy': np.__version__, 'threads': a.threads or 'default', 'epochs': a.epochs,
    'batch': a.batch, 'images': int(n), 'epoch_wall_s': walls, 'epoch_cpu_s': cpus, 'loss_per_image': losses,
}))
