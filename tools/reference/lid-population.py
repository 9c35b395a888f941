#!/usr/bin/env python3
"""Reference population pass@k failure L_inf(k) = E_{tau,B}[p(B, sigma/sqrt(tau))^k] (LID Eq. 13),
B ~ N(0, v), tau ~ Gamma(a, 1), by nested adaptive scipy quad (independent of the TS quadrature:
different variables, adaptive instead of fixed rules).  Also the bias-free 1-D values for the C1 check
(LID Eq. 15/45).  Used by packages/evaluators/src/internal/population.test.ts.
Run: python3 tools/reference/lid-population.py   (takes ~1-2 minutes)
"""
import math
import numpy as np
from scipy import integrate, special

SQ2 = math.sqrt(2.0)


def q_success(b, s, d):
    u, l = (d - b) / s, (-d - b) / s
    if u > 0:
        return 0.5 * (special.erf(u / SQ2) - special.erf(l / SQ2))
    return special.ndtr(u) - special.ndtr(l)


def pk(b, s, d, k):
    q = q_success(abs(b), s, d)
    if q < 0.5:
        return math.exp(k * math.log1p(-q))
    u, l = (d - abs(b)) / s, (-d - abs(b)) / s
    return math.exp(k * np.logaddexp(special.log_ndtr(l), special.log_ndtr(-u)))


def inner(tau, v, sigma, d, k):
    s = sigma / math.sqrt(tau)
    if v == 0:
        return pk(0.0, s, d, k)
    sv = math.sqrt(v)
    f = lambda z: 2.0 * math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi) * pk(z * sv, s, d, k)
    pts = sorted({min(max(x / sv, 0.0), 40.0) for x in (d - 4 * s, d, d + 4 * s, d + 12 * s)} - {0.0, 40.0})
    return integrate.quad(f, 0.0, 40.0, points=pts or None, epsabs=0, epsrel=1e-11, limit=400)[0]


def linf(v, a, sigma, d, k):
    g = lambda t: math.exp(a * t - math.exp(t) - special.gammaln(a)) * inner(math.exp(t), v, sigma, d, k)
    edges = [math.log(1e-30), -40, -30, -20, -12, -6, -3, 0, 2, 4, math.log(800.0)]
    return sum(integrate.quad(g, lo, hi, epsabs=0, epsrel=1e-10, limit=400)[0] for lo, hi in zip(edges[:-1], edges[1:]))


CASES = [  # v, a (= beta/2), sigma_eta, delta, ks
    (0.0, 1.5, 1.0, 1.0, [1, 10, 100, 1000, 10000]),
    (0.09, 1.5, 1.0, 0.1, [1, 10, 100, 1000]),
    (4.0, 1.5, 0.5, 1.0, [1, 10, 100, 1000]),
    (0.01, 0.5, 1.0, 0.05, [1, 100, 10000]),
    (1.0, 1.5, 1.0, 0.01, [1, 100, 10000]),
]

if __name__ == '__main__':
    for v, a, sg, d, ks in CASES:
        vals = [linf(v, a, sg, d, k) for k in ks]
        print(f"  {{ v: {v!r}, a: {a!r}, sigma: {sg!r}, delta: {d!r}, k: {ks!r}, L: [{', '.join(repr(float(x)) for x in vals)}] }},")
    # bias-free k^beta L(k) -> C1 (beta = 3, delta = sigma = 1): C1 and k^3 L(k) at large k
    cd = math.sqrt(2 / math.pi)
    C1 = 2 * math.gamma(3) / (math.gamma(1.5) * cd ** 3)
    print('  C1(beta=3, delta=sigma=1) =', repr(C1))
