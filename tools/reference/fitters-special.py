"""Reference values for trigamma/digamma/logGammaRatio in packages/stats/src/special.test.ts (mpmath, 40 digits; moved there from packages/fitters)."""
import mpmath as mp
mp.mp.dps = 40
for x in [0.01, 0.5, 1, 3.7, 10, 123.4, 1e6]:
    print('psi', x, repr(float(mp.digamma(x))), repr(float(mp.polygamma(1, x))))
for x, d in [(1e6 + 0.3, 2.5), (12.5, 0.7), (3.2, 4.1), (1e4, 0.01), (50, 100)]:
    print('lgr', x, d, repr(float(mp.loggamma(mp.mpf(x)) - mp.loggamma(mp.mpf(x) + mp.mpf(d)))))  # x + d in mpf: the function receives d, not a rounded x + d
