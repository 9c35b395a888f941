#!/usr/bin/env python3
"""w1_numpy_cpu.py -- runs the W1 numpy peer and adds each run's process CPU time (all threads).

  python3 w1_numpy_cpu.py ../shared/bench/lid_w1_numpy.py --threads 1 --repeats 1 --no-extras

The peer (lid_w1_numpy.py, not ours) times each W1 run with perf_counter only. This wrapper imports it
as a module, with sys.argv set so that its --threads handling runs before numpy is imported, wraps
lidref.lid_sim with os.times() (user + system CPU of the whole process: every OpenBLAS thread counts),
and prints the peer's JSON with W1.cpu_s (one entry per run, the same span as its "total" wall time)
and the wrapper process's own CPU and wall (interpreter start and imports included).
"""
import json
import os
import sys
import time

W0 = time.perf_counter()
T0 = os.times()


def cpu(t):
    return t.user + t.system


def main():
    peer = os.path.abspath(sys.argv[1])
    sys.argv = [peer] + sys.argv[2:]
    sys.path.insert(0, os.path.dirname(peer))
    import lid_w1_numpy as P  # noqa: E402  (sets the BLAS thread variables from sys.argv, then imports numpy)

    spans = []
    orig = P.L.lid_sim

    def timed(*a, **k):
        t = os.times()
        r = orig(*a, **k)
        spans.append(cpu(os.times()) - cpu(t))
        return r

    P.L.lid_sim = timed
    res = P.worker()
    res["W1"]["cpu_s"] = spans
    res["wrapper"] = {"process_cpu_s": cpu(os.times()) - cpu(T0), "process_wall_s": time.perf_counter() - W0}
    json.dump(res, sys.stdout)
    print()


if __name__ == "__main__":
    main()
