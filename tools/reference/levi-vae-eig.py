"""Reference eigenvalues for packages/source-vae/src/internal/sym-eig.test.ts.

A_ij = 1/(i + j + 1) + (i == j) * (i + 1) / 7 for n = 6 (a shifted Hilbert matrix), and
B_ij = cos(i * j + 1) + cos(j * i + 1) for n = 5 (symmetric, indefinite). numpy.linalg.eigvalsh,
printed in descending order. Run: python3 tools/reference/levi-vae-eig.py
"""
import numpy as np
n = 6
A = np.array([[1.0 / (i + j + 1) + (i == j) * (i + 1) / 7 for j in range(n)] for i in range(n)])
print([float(x) for x in np.sort(np.linalg.eigvalsh(A))[::-1]])
n = 5
B = np.array([[np.cos(i * j + 1) * 2 for j in range(n)] for i in range(n)])
print([float(x) for x in np.sort(np.linalg.eigvalsh(B))[::-1]])
