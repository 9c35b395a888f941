"""Reference N and k grids of workload W1 as the numpy peer builds them (lidref.log_grid):
N = unique(round(logspace(log10 32, log10 16384, 16))), k = logspace(0, 4, 40).
Used by tools/bench/src/w1.test.ts (the bench must run the same workload as the peer)."""
import numpy as np

N = np.unique(np.round(np.logspace(np.log10(32), np.log10(16384), 16))).astype(np.int64)
Nq = np.unique(np.round(np.logspace(np.log10(16), np.log10(1024), 8))).astype(np.int64)
k = np.logspace(0, 4, 40)
print("N_W1", N.tolist())
print("N_quick", Nq.tolist())
print("k[1], k[20], k[39]", repr(k[1]), repr(k[20]), repr(k[39]))
