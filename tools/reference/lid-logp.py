#!/usr/bin/env python3
"""Reference values of the LID single-trial failure log p (LID Eq. 13) at 60-digit precision.

p = 1 - [Phi((delta - B)/s) - Phi((-delta - B)/s)], computed with mpmath (independent of our kernels).
Used by packages/evaluators/src/internal/log-fail.test.ts.   Run: python3 tools/reference/lid-logp.py
"""
import mpmath as mp

mp.mp.dps = 60
CASES = [  # (B, s, delta): typical, p -> 1 (tiny window), p -> 0 (tight noise), far tails
    (0.0, 1.0, 1.0), (0.3, 1.0, 0.1), (-0.3, 1.0, 0.1), (2.0, 0.5, 1.0), (0.0, 1e3, 1.0),
    (5.0, 1e4, 1e-3), (0.0, 0.01, 1.0), (0.5, 0.01, 1.0), (0.99, 0.01, 1.0), (1.01, 0.01, 1.0),
    (1.5, 0.01, 1.0), (30.0, 1.0, 1.0), (40.0, 1.0, 0.5), (0.0, 1.0, 40.0), (3.0, 1.0, 0.01),
    (0.2, 0.3, 0.25), (1e-3, 1e-3, 1e-3), (12.0, 1.0, 1e-6), (0.0, 0.02, 1.0), (2.0, 1.0, 2.5),
]


def logp(B, s, d):
    B, s, d = mp.mpf(B), mp.mpf(s), mp.mpf(d)
    b = abs(B)
    u, l = (d - b) / s, (-d - b) / s
    q = mp.ncdf(u) - mp.ncdf(l)          # success; both terms keep full relative precision in mpmath
    if q < 0.5:
        return mp.log1p(-q)              # p near 1: log1p of the directly computed q
    return mp.log(mp.ncdf(l) + mp.ncdf(-u))  # p small: the two failure tails


if __name__ == '__main__':
    for B, s, d in CASES:
        print(f"  [{B!r}, {s!r}, {d!r}, {mp.nstr(logp(B, s, d), 17, min_fixed=-1, max_fixed=1)}],")
