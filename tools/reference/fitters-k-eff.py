"""Reference for packages/fitters/src/k-eff.test.ts: Levi 2024 Eq. 9-10,
pass@k = A (1 - p^{H_k(kappa)}), H_k(kappa) = sum_{i<=k} i^-kappa (exact sums, mpmath 30 digits)."""
import mpmath as mp
mp.mp.dps = 30
for k, A, p, kap in [(1, 0.85, 0.8, 0.5), (10, 0.85, 0.8, 0.5), (1000, 0.85, 0.8, 0.5), (10000, 1.0, 0.99, 1.3), (500, 0.7, 0.95, 0.0)]:
    H = mp.fsum(mp.mpf(i) ** -kap for i in range(1, k + 1))
    print(f"[{k}, {A}, {p}, {kap}, {float(A * (1 - mp.mpf(p) ** H))!r}],")
