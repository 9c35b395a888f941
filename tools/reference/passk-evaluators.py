"""Reference numbers for packages/evaluators (passk-unbiased, coverage-at-cost internals).

Run: python3 tools/reference/passk-evaluators.py
Exact pass@k from integer binomials (math.comb, fractions), intervals and special functions from scipy.
"""
import json
from fractions import Fraction
from math import comb

import numpy as np
from scipy import special, stats

out = {}

# Unbiased pass@k, exact rational arithmetic: 1 - C(n-c, k)/C(n, k)
cases = [(10, 3, 1), (10, 3, 2), (10, 3, 5), (10, 3, 8), (200, 1, 100), (1000, 3, 500), (1000, 999, 1), (100000, 2, 1000), (50, 25, 25)]
out["passAtK"] = [[n, c, k, float(1 - Fraction(comb(n - c, k), comb(n, k)))] for n, c, k in cases]

# Normal quantile
ps = [1e-12, 0.001, 0.025, 0.3, 0.5, 0.975, 0.999999]
out["normQuantile"] = [[p, float(stats.norm.ppf(p))] for p in ps]

# Regularized incomplete beta and its inverse
ib = [(0.3, 2.5, 3.5), (0.01, 0.5, 10.5), (0.9, 30.5, 0.5), (0.5, 100.0, 100.0)]
out["betaInc"] = [[x, a, b, float(special.betainc(a, b, x))] for x, a, b in ib]
out["betaQuantile"] = [[p, a, b, float(special.betaincinv(a, b, p))] for p, a, b in [(0.025, 3.5, 7.5), (0.975, 0.5, 10.5), (0.5, 2.0, 2.0), (1e-6, 1.5, 1.5)]]

# Jeffreys and Wilson intervals at 95%
z = stats.norm.ppf(0.975)
def wilson(n, c):
    p = c / n
    center = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return [max(0.0, center - half), min(1.0, center + half)]
def jeffreys(n, c):
    lo = 0.0 if c == 0 else stats.beta.ppf(0.025, c + 0.5, n - c + 0.5)
    hi = 1.0 if c == n else stats.beta.ppf(0.975, c + 0.5, n - c + 0.5)
    return [float(lo), float(hi)]
iv = [(10, 0), (10, 3), (10, 10), (164, 80), (7, 1)]
out["wilson"] = [[n, c, *wilson(n, c)] for n, c in iv]
out["jeffreys"] = [[n, c, *jeffreys(n, c)] for n, c in iv]

# Posterior-predictive pass@k under q ~ Beta(a, b), mixture with A
def post(n, c, k, a, b, A):
    a1, b1 = a + c, b + n - c
    pss = -np.expm1(special.betaln(a1, b1 + k) - special.betaln(a1, b1))
    if c > 0 or A >= 1:
        return float(pss)
    s = A * np.exp(special.betaln(a, b + n) - special.betaln(a, b))
    return float(pss * s / (s + 1 - A))
pc = [(10, 3, 100, 0.4, 1.3, 1.0), (10, 0, 1000, 0.4, 1.3, 1.0), (10, 0, 1000, 0.4, 1.3, 0.8), (5, 5, 50, 2.0, 0.5, 0.9)]
out["posteriorPassAtK"] = [[*x, post(*x)] for x in pc]

print(json.dumps(out, indent=1))
