"""Reference for packages/fitters/src/beta-binomial.test.ts.

Deterministic data (reproduced bit-for-bit in the test): problem i = 0..199 has
n_i = 20 + 10*(i % 5) attempts and c_i = floor(n_i * u_i**3) successes, u_i = frac(0.1 + i*0.6180339887498949).
MLE of Beta(a, b) with scipy.stats.betabinom (Nelder-Mead then BFGS polish), log-likelihood, and
standard errors from the inverse observed information (analytic Hessian with scipy.special.polygamma).
Also the implied pass@k = 1 - B(a, b+k)/B(a, b) by numerical integration of E[1-(1-q)^k] (scipy quad).
"""
import math
import numpy as np
from scipy import optimize, stats, special, integrate

n = np.array([20 + 10 * (i % 5) for i in range(200)])
u = np.array([math.fmod(0.1 + i * 0.6180339887498949, 1.0) for i in range(200)])
c = np.floor(n * u ** 3).astype(int)
nll = lambda t: -stats.betabinom.logpmf(c, n, math.exp(t[0]), math.exp(t[1])).sum()
r = optimize.minimize(nll, [0, 0], method='Nelder-Mead', options=dict(xatol=1e-12, fatol=1e-14, maxiter=20000))
r = optimize.minimize(nll, r.x, method='BFGS', options=dict(gtol=1e-10))
a, b = np.exp(r.x)
tg = lambda x: special.polygamma(1, x)
haa = -(tg(c + a) - tg(a) - tg(n + a + b) + tg(a + b)).sum()
hbb = -(tg(n - c + b) - tg(b) - tg(n + a + b) + tg(a + b)).sum()
hab = -(-tg(n + a + b) + tg(a + b)).sum()
cov = np.linalg.inv(np.array([[haa, hab], [hab, hbb]]))
print('sum c', c.sum(), 'zeros', (c == 0).sum())
print('a', repr(a), 'b', repr(b), 'logLik', repr(-r.fun))
print('se', repr(math.sqrt(cov[0, 0])), repr(math.sqrt(cov[1, 1])))
for k in [1, 10, 1000]:
    v, _ = integrate.quad(lambda q: (1 - (1 - q) ** k) * stats.beta.pdf(q, 0.4, 2.0), 0, 1, limit=200, epsabs=1e-14, epsrel=1e-12)
    print('passAtK a=0.4 b=2 k', k, repr(v))
