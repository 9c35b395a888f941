#!/usr/bin/env python3
"""Reference values for @passk/stats at large k and n (mpmath, 50 significant digits).

Paste targets:
  packages/source-beta/src/beta-moments.test.ts   MOMENTS   <p^k> = B(alpha + k, beta)/B(alpha, beta)  (Levi 2024 Eq. 6)
  packages/stats/src/large-n.test.ts               CHOOSE    log C(n - c, k)/C(n, k)  (Chen et al. 2021 Eq. 1)
                                                   SCALED    log P(c | n) of the 'scaled' Beta-Binomial, q = s*r,
                                                             r ~ Beta(a, b), by direct quadrature of
                                                             C(n,c) * int (s r)^c (1 - s r)^(n-c) r^(a-1) (1-r)^(b-1) dr / B(a,b)
Run: python3 tools/reference/stats_large_n.py
"""
from mpmath import mp, mpf, loggamma, log, exp, quad, beta as B, binomial

mp.dps = 50


def moment(k, alpha, beta):
    k, alpha, beta = mpf(k), mpf(alpha), mpf(beta)
    return exp(loggamma(alpha + k) - loggamma(alpha + k + beta) + loggamma(alpha + beta) - loggamma(alpha))


def log_choose_ratio(n, c, k):
    n, c, k = mpf(n), mpf(c), mpf(k)
    return loggamma(n - c + 1) - loggamma(n - c - k + 1) - loggamma(n + 1) + loggamma(n - k + 1)


def log_scaled(n, c, s, a, b):
    n, c, s, a, b = mpf(n), mpf(c), mpf(s), mpf(a), mpf(b)
    m = n - c
    # log-integrand; find its peak to centre the quadrature
    def h(r):
        return c * log(s * r) + m * log(1 - s * r) + (a - 1) * log(r) + (b - 1) * log(1 - r)
    # peak of c log r + m log(1 - s r): r0 = c/(s n), clamped inside (0, 1)
    r0 = min(max(c / (s * n), mpf('1e-30')), 1 - mpf('1e-30'))
    H = h(r0)
    width = 1 / (s * mp.sqrt(n))  # scale of the peak
    pts = [mpf(0)] + [x for x in (r0 - 40 * width, r0 - 8 * width, r0 - width, r0, r0 + width, r0 + 8 * width, r0 + 40 * width) if 0 < x < 1] + [mpf(1)]
    pts = sorted(set(pts))
    I = quad(lambda r: exp(h(r) - H), pts, maxdegree=12)
    return loggamma(n + 1) - loggamma(c + 1) - loggamma(m + 1) + H + log(I) - log(B(a, b))


print('MOMENTS = [  // [k, alpha, beta, <p^k>]')
for alpha, beta in ((5, 0.35), (3, 0.35), (0.8, 2.5)):
    for k in (1e4, 1e8, 1e10, 1e12):
        print(f'  [{k:.0e}, {alpha}, {beta}, {mp.nstr(moment(k, alpha, beta), 17)}],')
print(']')

print('CHOOSE = [  // [n, c, k, log C(n-c, k)/C(n, k)]')
for n, c, k in ((1e9, 5e8, 1e8), (1e9, 3e3, 5e5), (1e9, 2e6, 1e6), (1e9, 1001, 1001), (1e9, 1e5, 7e4),
                (1e12, 1e6, 1e6), (1e12, 3e11, 2e3), (2e4, 1e4, 5e3), (1e6, 4e5, 5e5), (5000, 1500, 2000)):
    print(f'  [{int(n)}, {int(c)}, {int(k)}, {mp.nstr(log_choose_ratio(n, c, k), 17)}],')
print(']')

# Check of the quadrature against the exact Pfaff sum (all terms positive) at small n.
for n, c, s_, a, b in ((60, 20, 0.6, 2.0, 1.5), (200, 0, 0.5, 0.6, 0.8), (300, 7, 0.3, 1.3, 2.2)):
    m = n - c
    t = mpf(s_) / (1 - mpf(s_))
    S = mp.fsum(binomial(m, j) * mp.rf(b, j) / mp.rf(a + b + c, j) * t**j for j in range(m + 1))
    exact = (log(binomial(n, c)) + c * log(s_) + log(B(a + c, b)) - log(B(a, b)) + m * log(1 - mpf(s_)) + log(S))
    q = log_scaled(n, c, s_, a, b)
    assert abs(q - exact) < mpf('1e-14') * abs(exact), (n, c, q, exact)  # tanh-sinh at a = 0.6 < 1 (c = 0): ~2e-16

print('SCALED = [  // [n, c, s, a, b, log P(c | n)]')
for n, c, s, a, b in ((1e9, 3e8, 0.6, 2.0, 1.5), (1e9, 123456789, 0.8, 0.7, 0.4), (1e9, 999, 0.3, 1.3, 2.2),
                      (1e9, 0, 0.5, 0.6, 0.8)):
    print(f'  [{int(n)}, {int(c)}, {s}, {a}, {b}, {mp.nstr(log_scaled(n, c, s, a, b), 17)}],')
print(']')

print('PASSK_1E9 = [  // [n, c, k, pass@k = 1 - C(n-c, k)/C(n, k)]')
for c in (1, 3000, 2000000):
    for k in (1, 1000, 1000000, 100000000):
        print(f'  [1000000000, {c}, {k}, {mp.nstr(-mp.expm1(log_choose_ratio(1e9, c, k)), 17)}],')
print(']')
