"""Reference for the 'scaled' and 'mixture' beta-binomial likelihoods (packages/fitters/src/beta-binomial.test.ts):
P(c | n) = int C(n,c) (s r)^c (1 - s r)^(n-c) Beta(r; a, b) dr by mpmath tanh-sinh quadrature at 30 digits
(s = pmax; handles the r^(a-1) endpoint singularity), and the
mixture A*betabinom + (1-A)*[c = 0]."""
import math
import mpmath as mp
mp.mp.dps = 30
from scipy import integrate, stats, special
for n, c, s, a, b in [(10, 3, 0.6, 1.2, 0.8), (40, 0, 0.6, 1.2, 0.8), (40, 24, 0.6, 1.2, 0.8), (100, 7, 0.9, 0.3, 2.0), (5, 5, 0.99, 2.0, 0.5)]:
    S, A_, B_ = mp.mpf(s), mp.mpf(a), mp.mpf(b)
    f = lambda r: mp.binomial(n, c) * (S * r) ** c * (1 - S * r) ** (n - c) * r ** (A_ - 1) * (1 - r) ** (B_ - 1) / mp.beta(A_, B_)
    v = mp.quad(f, [0, mp.mpf('0.001'), mp.mpf('0.5'), 1])
    print(f"[{n}, {c}, {s}, {a}, {b}, {float(mp.log(v))!r}],")
A = 0.7
for n, c in [(10, 0), (10, 4)]:
    v = A * stats.betabinom.pmf(c, n, 0.8, 1.5) + (1 - A) * (c == 0)
    print('mixture', n, c, repr(math.log(v)))
