"""Issue 18 D2/D3: noiseless curves for the fitter tests, with mpmath at 50 digits and rounded once to double.
D2: Levi 2024 Eq. 6, pass@k = A(1 - B(k+alpha, beta)/B(alpha, beta)), (A, alpha, beta) = (0.8, 20, 0.1) on
    k = 1..16 (an ill-conditioned short curve: both optimisers stalled with 'no downhill step').
D3: Levi 2024 Eq. 10, pass@k = A(1 - p^H_k(kappa)), H_k(kappa) = sum_{i<=k} i^-kappa, for
    (A, p, kappa) = (0.7, 0.5, 1) and (1, 0.9, 0.7) on k = 1..100.
Used by packages/fitters/src/beta-passk.test.ts and k-eff.test.ts."""
import mpmath as mp
mp.mp.dps = 50

def eq6(k, A, a, b):
    return A * (1 - mp.beta(k + a, b) / mp.beta(a, b))

def eq10(k, A, p, kappa):
    H = mp.fsum(mp.power(i, -kappa) for i in range(1, k + 1))
    return A * (1 - mp.power(p, H))

print('D2 =', [float(eq6(k, mp.mpf('0.8'), 20, mp.mpf('0.1'))) for k in range(1, 17)])
for A, p, kappa in [('0.7', '0.5', '1'), ('1', '0.9', '0.7')]:
    print(f'D3 {A} {p} {kappa} =', [float(eq10(k, mp.mpf(A), mp.mpf(p), mp.mpf(kappa))) for k in range(1, 101)])
