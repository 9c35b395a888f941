"""Reference for packages/fitters/src/local-slope.test.ts: OLS slope of log L on log k (LID Eq. 55)
for L = k^-0.7 * exp(0.05 sin(3k)) on k = 1..2000 (integers on a 40-per-decade log grid), window [10, 1000]."""
import numpy as np
k = np.unique(np.round(10 ** (np.arange(0, 3.31, 0.025))))
L = k ** -0.7 * np.exp(0.05 * np.sin(3 * k))
m = (k >= 10) & (k <= 1000)
p, cov = np.polyfit(np.log(k[m]), np.log(L[m]), 1, cov='unscaled')
res = np.log(L[m]) - np.polyval(p, np.log(k[m]))
s2 = (res ** 2).sum() / (m.sum() - 2)
print('points', m.sum(), 'beta_eff', repr(-p[0]), 'se', repr(float(np.sqrt(s2 * cov[0, 0]))))
