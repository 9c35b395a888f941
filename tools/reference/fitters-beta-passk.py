"""Reference values for packages/fitters/src/beta-pass-at-k.test.ts: Levi 2024 Eq. 6-7,
pass@k = A(1 - B(k+alpha, beta)/B(alpha, beta)), evaluated with mpmath at 50 digits."""
import mpmath as mp
mp.mp.dps = 50
cases = [(1, 0.9, 3, 0.35), (10, 0.9, 3, 0.35), (1e6, 1, 0.01, 0.01), (1e6, 1, 100, 100), (1e6, 0.8, 0.01, 100),
         (1e6, 1, 100, 0.01), (1, 1, 0.01, 100), (1, 1, 100, 0.01), (1000, 0.5, 5, 0.5), (2.5, 1, 1, 1)]
for k, A, a, b in cases:
    k, A, a, b = map(mp.mpf, (k, A, a, b))
    fail = mp.beta(k + a, b) / mp.beta(a, b)
    print(f"[{float(k)}, {float(A)}, {float(a)}, {float(b)}, {float(A * (1 - fail))!r}, {float(A * fail)!r}, {float(mp.log(fail))!r}],")
print('gamma(3.35) =', repr(float(mp.gamma(mp.mpf('3.35')))))
