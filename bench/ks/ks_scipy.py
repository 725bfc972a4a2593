#!/usr/bin/env python3
"""The scipy side of bench/ks.sh.

    ks_scipy.py write DIR N M SHIFT SEED   writes DIR/x.f64 and DIR/y.f64 (little-endian float64):
                                           N standard normal values and M normal values shifted by SHIFT,
                                           numpy PCG64 seeded with SEED
    ks_scipy.py time DIR ROUNDS            times scipy.stats.ks_2samp(x, y, method="auto") ROUNDS times on
                                           those files and prints each round, the median and best, D and p
"""
import statistics
import sys
import time

import numpy as np
import scipy
from scipy import stats


def write(directory, n, m, shift, seed):
    rng = np.random.default_rng(seed)
    rng.normal(size=n).astype("<f8").tofile(f"{directory}/x.f64")
    (rng.normal(size=m) + shift).astype("<f8").tofile(f"{directory}/y.f64")


def time_scipy(directory, rounds):
    x = np.fromfile(f"{directory}/x.f64", dtype="<f8")
    y = np.fromfile(f"{directory}/y.f64", dtype="<f8")
    times = []
    for i in range(rounds):
        t0 = time.perf_counter()
        r = stats.ks_2samp(x, y, method="auto")
        t1 = time.perf_counter()
        times.append(t1 - t0)
        print(f"  scipy round {i + 1}: {(t1 - t0) * 1000:.1f} ms")
    # where scipy spends it: the p-value alone (kstwo.sf at N = round(nm / (n + m))), best of 3
    en = round(len(x) * len(y) / (len(x) + len(y)))
    t_p = []
    for _ in range(3):
        t0 = time.perf_counter()
        stats.kstwo.sf(r.statistic, en)
        t_p.append(time.perf_counter() - t0)
    print(f"scipy {scipy.__version__} (numpy {np.__version__}) ks_2samp: median {statistics.median(times) * 1000:.1f} ms"
          f" (best {min(times) * 1000:.1f}); kstwo.sf p-value alone best {min(t_p) * 1000:.1f} ms;"
          f" D = {float(r.statistic)!r}, p = {float(r.pvalue)!r}")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == "time":
        time_scipy(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)
