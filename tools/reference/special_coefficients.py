"""Coefficient tables embedded in packages/stats/src/special.ts (mpmath, 50 digits).

1. ERFCX_CHEB: Chebyshev coefficients of h(s) = log(erfcx(z) / u), u = 2/(2+z), s = 2u - 1, so that
   erfcx(z) = u * exp(c0/2 + sum_k c_k T_k(s)) for z >= 0 (the transform of Schonfelder 1978,
   Math. Comp. 32:1232).  Coefficients decay below 1e-18 by k = 30.
2. LGAMMA2: (zeta(k) - 1)/k, k = 2..40, the Taylor coefficients of
   lgamma(2 + t) = (1 - gamma) t + sum_k (-1)^k (zeta(k) - 1)/k t^k   (|t| < 2; used for |t| <= 0.5).
Run: python3 tools/reference/special_coefficients.py
"""
import mpmath as mp

mp.mp.dps = 50


def erfcx_cheb(n_nodes=80, n_keep=32):
    vals = []
    for j in range(n_nodes):
        s = mp.cos(mp.pi * (j + mp.mpf(1) / 2) / n_nodes)
        u = (s + 1) / 2
        z = 2 / u - 2
        vals.append(mp.log(mp.erfc(z) * mp.exp(z * z) / u))
    return [2 * mp.fsum(vals[j] * mp.cos(mp.pi * k * (j + mp.mpf(1) / 2) / n_nodes) for j in range(n_nodes)) / n_nodes
            for k in range(n_keep)]


if __name__ == '__main__':
    print('ERFCX_CHEB = [' + ', '.join(repr(float(c)) for c in erfcx_cheb()) + ']')
    print('LGAMMA2 = [' + ', '.join(repr(float((mp.zeta(k) - 1) / k)) for k in range(2, 41)) + ']')
    print('ONE_MINUS_EULER =', repr(float(1 - mp.euler)))
