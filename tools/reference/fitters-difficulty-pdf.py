"""Reference for packages/fitters/src/difficulty-pdf.test.ts: Levi 2024 Eq. 8,
f(sigma) = Beta.pdf(exp(-sigma); alpha, beta) * exp(-sigma)  (change of variables p = e^-sigma)."""
import math
from scipy import stats
for s, a, b in [(0.01, 3, 0.35), (1.0, 3, 0.35), (5.0, 0.5, 2.0), (0.2, 5, 1.0)]:
    print(f"[{s}, {a}, {b}, {stats.beta.pdf(math.exp(-s), a, b) * math.exp(-s)!r}],")
