"""Issue 18 D1: log grids {from, to, num} as numpy.geomspace computes them (and the intended decade points,
exact as decimal literals), for packages/core/src/grid.test.ts."""
import numpy as np
for a, b, n in [(1, 1e5, 41), (3, 3e4, 9), (1e-3, 1e3, 13), (1, 7499, 30)]:
    print(f'[{a!r}, {b!r}, {n}, {[float(v) for v in np.geomspace(a, b, n)]!r}],')
