"""Why examples/levi-beta.json uses 50 000 problems x 200 attempts (test/paper/levi-beta.test.ts).

Simulates the sources/beta design in numpy (p_i ~ Beta(alpha, beta), round((1-A) n) unsolvable problems,
c_i ~ Binomial(m, 1 - p_i)), computes the unbiased pass@k = 1 - C(n-c,k)/C(n,k) on 30 log-spaced k,
fits A(1 - B(k+alpha, beta)/B(alpha, beta)) by scipy least squares, and prints the worst and RMS relative
errors over 12 seeds. Measured (2026-11-25): P=50000, M=200, A=0.9, alpha=3, beta=0.35:
max |rel err| = [0.012 0.025 0.030] for (A, alpha, beta); P=1000, M=100: errors above 0.3.
Run: python3 tools/reference/levi-beta-identifiability.py
"""
import numpy as np
from scipy.special import gammaln
from scipy.optimize import least_squares


def model(k, A, a, b):
    return A * (1 - np.exp(gammaln(k + a) - gammaln(k + a + b) + gammaln(a + b) - gammaln(a)))


def passk_all(n, c, ks):
    res = []
    for k in ks:
        ok = n - c >= k
        lv = np.where(ok, gammaln(np.maximum(n - c, 0) + 1) - gammaln(np.maximum(n - c - k, 0) + 1) - gammaln(n + 1) + gammaln(n - k + 1), -np.inf)
        res.append(np.mean(1 - np.exp(lv)))
    return np.array(res)


rng = np.random.default_rng(1)
for (P, M, A, a, b) in [(50000, 200, 0.9, 3, 0.35), (1000, 100, 0.9, 5, 0.35)]:
    errs = []
    for rep in range(12):
        p = rng.beta(a, b, P)
        p[rng.permutation(P)[:round((1 - A) * P)]] = 1
        c = rng.binomial(M, 1 - p)
        ks = np.unique(np.round(np.logspace(0, np.log10(M), 30)).astype(int))
        y = passk_all(M, c, ks)
        r = least_squares(lambda th: model(ks, *th) - y, [0.7, 2, 0.5], bounds=([0, 1e-3, 1e-3], [1, 1e3, 10]))
        errs.append(r.x / np.array([A, a, b]) - 1)
    e = np.array(errs)
    print(P, M, A, a, b, 'max|rel err|', np.abs(e).max(0).round(3), 'rms', np.sqrt((e ** 2).mean(0)).round(3))
