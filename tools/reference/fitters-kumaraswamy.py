"""Reference values for packages/fitters/src/kumaraswamy.test.ts (Kumaraswamy(a, b) success probabilities).

Density f(p) = a*b*p^(a-1)*(1-p^a)^(b-1) on (0, 1) (Kumaraswamy 1980; Jones 2009 Eq. 1.1).
1. I(c, m) = int_0^1 p^c (1-p)^m f(p) dp by mpmath tanh-sinh quadrature at 25 digits (derivative rows, by
   mpmath.diff of log I), and for the hard rows by mpmath in p at 40 digits with a dense split AND by scipy quad in
   u = p^a (printed after //, with the relative difference). For a = 0.05 the p-space split cannot resolve mass
   spread over p in [1e-300, 1e-5] and the smooth u-space value is the reference (see the test's header).
2. pass@k = int_0^1 (1 - (1-p)^k) f(p) dp, the same quadrature ("brute force": the integral as defined).
3. The alternating series sum_i C(m,i)(-1)^i b B(1 + (c+i)/a, b) at 60 digits for small m (independent check).
4. MLE on deterministic counts (reproduced in the test): problem i = 0..59, n_i = 12 + 4*(i % 3),
   c_i = floor(n_i * u_i^2.5), u_i = frac(0.3 + i*0.6180339887498949). Log-likelihood by scipy quad (epsrel 1e-12),
   maximised by Nelder-Mead then polished; standard errors from the inverse of a finite-difference Hessian.
Run: python3 tools/reference/fitters-kumaraswamy.py
"""
import math
import mpmath as mp
import numpy as np
from scipy import integrate, optimize

mp.mp.dps = 25


def breaks(c, m, a):
    """Split points in u = p^a: images of a log grid in p towards 0 and of points around the peak c/(c+m)."""
    pts = {mp.mpf(10) ** -j for j in (1, 2, 4, 8, 16, 32, 64, 128, 256)}
    if c + m > 0:
        mu = mp.mpf(c) / (c + m)
        sd = mp.sqrt(mu * (1 - mu) / (c + m)) + mp.mpf(10) ** -12
        for z in (-12, -6, -3, -1, 0, 1, 3, 6, 12):
            x = mu + z * sd
            if 0 < x < 1:
                pts.add(x)
        if c == 0:
            for z in (0.01, 0.1, 1, 10, 100):
                pts.add(min(mp.mpf(z) / m if m else mp.mpf('0.5'), mp.mpf('0.5')))
    us = sorted({mp.mpf(0), mp.mpf(1), mp.mpf('0.5')} | {x ** a for x in pts})
    return [u for u in us if 0 <= u <= 1]


def integral(g, c, m, a, b):
    """int_0^1 g(p) f(p) dp = b int_0^1 g(u^(1/a)) (1-u)^(b-1) du (u = p^a, so f(p) dp = b (1-u)^(b-1) du, the
    Beta(1, b) density): no singularity left at 0; on [1/2, 1] the integrand is written in v = 1 - u so that
    p = (1-v)^(1/a) and 1 - p = -expm1(log1p(-v)/a) keep their digits next to 1."""
    a, b = mp.mpf(a), mp.mpf(b)
    lo = lambda u: g(u ** (1 / a), -mp.expm1(mp.log(u) / a)) * b * (1 - u) ** (b - 1)
    hi = lambda v: g(mp.exp(mp.log1p(-v) / a), -mp.expm1(mp.log1p(-v) / a)) * b * v ** (b - 1)
    pts = breaks(c, m, a)
    left = [u for u in pts if u <= mp.mpf('0.5')]
    right = sorted({1 - u for u in pts if u >= mp.mpf('0.5')} | {mp.mpf(0)} | {mp.mpf(10) ** -j for j in (2, 4, 8, 16)})
    right = [v for v in right if v <= mp.mpf('0.5')]
    return mp.quad(lo, left, maxdegree=10) + mp.quad(hi, right, maxdegree=10)


def integral_p(g, c, m, a, b):
    """The same integral directly in p (split at a log grid near 0 and the peak); on [1/2, 1] in q = 1 - p so that
    1 - p^a = -expm1(a*log1p(-q)) keeps its digits next to 1."""
    a, b = mp.mpf(a), mp.mpf(b)
    lo = lambda p: g(p, 1 - p) * a * b * p ** (a - 1) * (-mp.expm1(a * mp.log(p))) ** (b - 1)
    hi = lambda q: g(1 - q, q) * a * b * (1 - q) ** (a - 1) * (-mp.expm1(a * mp.log1p(-q))) ** (b - 1)
    pts = {mp.mpf(0), mp.mpf('0.5')} | {mp.mpf(10) ** -j for j in (1, 2, 4, 8, 16, 32, 64)}
    if c + m > 0:
        mu = mp.mpf(c) / (c + m)
        sd = mp.sqrt(mu * (1 - mu) / (c + m)) + mp.mpf(10) ** -12
        pts |= {mu + z * sd for z in (-12, -6, -3, -1, 0, 1, 3, 6, 12) if 0 < mu + z * sd < 1}
    left = sorted(x for x in pts if x <= mp.mpf('0.5'))
    right = sorted({1 - x for x in pts if x >= mp.mpf('0.5')} | {mp.mpf(0)} | {mp.mpf(10) ** -j for j in (2, 4, 8, 16)})
    right = [x for x in right if x <= mp.mpf('0.5')]
    return mp.quad(lo, left, maxdegree=10) + mp.quad(hi, right, maxdegree=10)


def logI(c, m, a, b, how=integral_p):
    return mp.log(how(lambda p, q: p ** c * q ** m, c, m, a, b))


def passk(k, a, b, how=integral_p):
    return how(lambda p, q: 1 - q ** k, 0, k, a, b)


# Each value by two quadratures in different variables (p and u = p^a); only values on which they agree to 1e-11
# relative are used in the test (printed last on each line: the relative difference).
print('// [c, m, a, b, logI, d/da, d/db, d2/da2, d2/dadb, d2/db2] (derivatives: mpmath.diff of log I in p)')
for c, m, a, b in [(3, 7, 0.5, 2), (0, 100, 0.3, 0.7), (10, 0, 0.2, 0.3)]:
    g = lambda x, y: logI(c, m, x, y)
    v = g(a, b)
    ds = [mp.diff(g, (a, b), o) for o in ((1, 0), (0, 1), (2, 0), (1, 1), (0, 2))]
    print('[' + ', '.join(repr(x) for x in [c, m, a, b] + [float(t) for t in [v] + ds]) + '],')


def dense_p(c, m, a, b):
    """log I in p at 40 digits with a dense split: 10^-j and 1 - 10^-j (j = 1..15), 25 points around the peak."""
    with mp.workdps(40):
        A, B = mp.mpf(a), mp.mpf(b)
        lo = lambda p: p ** c * (1 - p) ** m * A * B * p ** (A - 1) * (-mp.expm1(A * mp.log(p))) ** (B - 1)
        hi = lambda q: (1 - q) ** c * q ** m * A * B * (1 - q) ** (A - 1) * (-mp.expm1(A * mp.log1p(-q))) ** (B - 1)
        pts = {mp.mpf(0), mp.mpf('0.5')} | {mp.mpf(10) ** -j for j in range(1, 16)}
        mu = mp.mpf(c) / (c + m)
        sd = mp.sqrt(mu * (1 - mu) / (c + m)) + mp.mpf(10) ** -12
        pts |= {mu + z * sd / 2 for z in range(-12, 13) if 0 < mu + z * sd / 2 < 1}
        left = sorted(x for x in pts if x <= mp.mpf('0.5'))
        right = sorted({1 - x for x in pts if x >= mp.mpf('0.5')} | {mp.mpf(0)} | {mp.mpf(10) ** -j for j in range(1, 16)})
        right = [x for x in right if x <= mp.mpf('0.5')]
        return mp.log(mp.quad(lo, left) + mp.quad(hi, right))


def scipy_u(c, m, a, b):
    """log I in u = p^a by scipy quad (double precision, epsrel 1e-13), split at u-images of the peak and a log grid."""
    f = lambda u: b * (1 - u) ** (b - 1) * math.exp(c / a * math.log(u) + m * math.log1p(-u ** (1 / a))) if 0 < u < 1 else 0.0
    mu = c / (c + m) if c else min(1.0 / max(m, 1), 0.5)
    pts = sorted({x ** a for x in (mu / 3, mu, 3 * mu, 1e-16, 1e-8, 1e-4, 0.5) if 0 < x < 1})
    return math.log(integrate.quad(f, 0, 1, points=pts, limit=2000, epsabs=0, epsrel=1e-13)[0])


print('// [c, m, a, b, logI] — mpmath (p, 40 digits, dense split) | scipy (u) | relative difference')
for c, m, a, b in [(500, 500, 2, 3), (0, 100000, 0.05, 5), (1, 99999, 0.7, 0.4), (0, 10, 0.05, 0.05), (20, 80, 20, 20)]:
    v1, v2 = dense_p(c, m, a, b), scipy_u(c, m, a, b)
    print(f'[{c}, {m}, {a}, {b}, {float(v1)!r}], // {v2!r} {float(abs(v1 - v2) / abs(v1)):.1e}')

print('// [k, a, b, pass@k] | relative difference p vs u quadrature')
for k, a, b in [(1, 1, 1), (1, 0.5, 2), (10, 0.5, 2), (1000, 0.5, 2), (100000, 0.2, 3), (3, 0.05, 0.5), (50, 4, 0.3),
                (1000000, 0.3, 1.5), (2.5, 1.3, 0.8)]:
    v1, v2 = passk(k, a, b), passk(k, a, b, integral)
    print(f'[{k}, {a}, {b}, {float(v1)!r}], // {float(abs(v1 - v2) / abs(v1)):.1e}')

mp.mp.dps = 60
print('// series check [c, m, a, b, log I]')
for c, m, a, b in [(2, 5, 0.7, 1.6), (0, 12, 0.4, 3.0)]:
    A, B = mp.mpf(a), mp.mpf(b)
    s = mp.fsum(mp.binomial(m, i) * (-1) ** i * B * mp.beta(1 + (c + i) / A, B) for i in range(m + 1))
    print(f'[{c}, {m}, {a}, {b}, {float(mp.log(s))!r}],')

# 4. MLE on deterministic data
n = np.array([12 + 4 * (i % 3) for i in range(60)])
u = np.array([math.fmod(0.3 + i * 0.6180339887498949, 1.0) for i in range(60)])
c = np.floor(n * u ** 2.5).astype(int)
pairs = {}
for ni, ci in zip(n, c):
    pairs[(ni, ci)] = pairs.get((ni, ci), 0) + 1


def ll(t):
    a, b = math.exp(t[0]), math.exp(t[1])
    s = 0.0
    for (ni, ci), w in pairs.items():
        f = lambda p: p ** ci * (1 - p) ** (ni - ci) * a * b * p ** (a - 1) * (1 - p ** a) ** (b - 1)
        v = integrate.quad(f, 0, 1, limit=400, epsabs=0, epsrel=1e-13, points=[ci / ni] if 0 < ci < ni else None)[0]
        s += w * (math.log(math.comb(int(ni), int(ci))) + math.log(v))
    return s


r = optimize.minimize(lambda t: -ll(t), [0, 0], method='Nelder-Mead', options=dict(xatol=1e-10, fatol=1e-13, maxiter=4000))
a, b = np.exp(r.x)
h = 1e-4
th = np.array([a, b])
L = lambda x: ll(np.log(x))
H = np.zeros((2, 2))
for i in range(2):
    for j in range(2):
        ei = np.eye(2)[i] * h * th[i]
        ej = np.eye(2)[j] * h * th[j]
        H[i, j] = (L(th + ei + ej) - L(th + ei - ej) - L(th - ei + ej) + L(th - ei - ej)) / (4 * ei[i] * ej[j])
cov = np.linalg.inv(-H)
print('// MLE sum c', c.sum(), 'zeros', (c == 0).sum(), 'full', (c == n).sum())
print('mle', repr(a), repr(b), 'logLik', repr(-r.fun), 'se', repr(math.sqrt(cov[0, 0])), repr(math.sqrt(cov[1, 1])))
