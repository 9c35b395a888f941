"""Reference numbers for packages/source-beta tests (Levi 2024 Eq. 6, 7, 9-10, 12).

Independent of our code: scipy.special.betaln for <p^s> = B(alpha+s, beta)/B(alpha, beta),
H_k(kappa) by brute-force math.fsum of i^-kappa (cross-checked against
scipy.special.zeta(kappa, 1) - zeta(kappa, k+1) where kappa > 1). Run: python3 tools/reference/levi-beta.py
"""
import numpy as np
import math
from scipy.special import betaln, gammaln, zeta

def H(k, kappa):
    return math.fsum(i ** -kappa for i in range(1, k + 1))

A, a, b = 0.9, 5.0, 0.35
ks = [1, 2, 10, 100, 1000, 10000]
print("# Eq. 6 pass@k = A(1 - B(a+k,b)/B(a,b)), A=0.9, alpha=5, beta=0.35")
for k in ks:
    print(k, float(A * (1 - np.exp(betaln(a + k, b) - betaln(a, b)))))
print("# Eq. 7 L_inf(k) = A B(a+k,b)/B(a,b)")
for k in ks:
    print(k, float(A * np.exp(betaln(a + k, b) - betaln(a, b))))
print("# Eq. 9 H_k(kappa) via Hurwitz zeta, kappa = 0.5 and 1.5")
for kappa in (0.5, 1.5):
    for k in ks:
        if kappa > 1:
            assert abs(H(k, kappa) - (zeta(kappa, 1) - zeta(kappa, k + 1))) < 1e-12
        print(kappa, k, float(H(k, kappa)))
print("# Eq. 10 averaged over Beta: A(1 - B(a+H_k,b)/B(a,b)), kappa = 0.5")
for k in ks:
    h = H(k, 0.5)
    print(k, float(A * (1 - np.exp(betaln(a + h, b) - betaln(a, b)))))
print("# Eq. 12 large-k law A(1 - Gamma(a+b)/Gamma(a) k^-b) at k=1000")
print(float(A * (1 - np.exp(gammaln(a + b) - gammaln(a)) * 1000.0 ** -b)))
