#!/usr/bin/env python3
"""Golden bin edges, bin counts and moments for dev.mlcycle.stats.profile.NumericProfile.

Regenerate (from platform/stats):
    python3 src/test/resources/golden/profile_golden.py
which rewrites src/test/resources/golden/profile.json next to this script. Made with numpy 2.4.

Edges: numpy's quantile with method="inverted_cdf" (Hyndman and Fan definition 1, the empirical
quantile function Q(p) = inf{x : F(x) >= p}), taken at q + 1e-9 for q = j/b, j = 1..b-1: the right
limit Q(q+), which is the order statistic x[floor(n q)] and pairs with bins closed on the left
([e_j, e_j+1), a value equal to an edge going right). The 1e-9 nudge is exact for n * 1e-9 < 1/b,
true for every case here. Then duplicates are removed (np.unique) and edges equal to the minimum are
dropped. Counts: np.searchsorted(edges, x, side="right") (the number of edges <= x) and np.bincount.
Moments: np.mean and np.std (population, ddof=0).
"""
import json
import os

import numpy as np


def profile(x, bins):
    x = np.asarray(x, dtype=float)
    q = np.arange(1, bins) / bins
    cuts = np.quantile(x, q + 1e-9, method="inverted_cdf") if bins > 1 else np.array([])
    edges = [float(e) for e in np.unique(cuts) if e > x.min()]
    idx = np.searchsorted(np.asarray(edges), x, side="right")
    counts = np.bincount(idx, minlength=len(edges) + 1)
    return {
        "edges": edges,
        "counts": [int(c) for c in counts],
        "min": float(x.min()),
        "max": float(x.max()),
        "mean": float(np.mean(x)),
        "std": float(np.std(x)),
    }


def main():
    rng = np.random.default_rng(7)
    cases = []

    def add(name, values, bins):
        assert len(values) * 1e-9 < 1 / bins
        values = [float(v) for v in values]
        cases.append({"name": name, "values": values, "bins": bins, "expected": profile(values, bins)})

    add("normal_deciles", rng.normal(50, 10, size=1000), 10)
    add("integers_with_many_ties", rng.integers(0, 6, size=500), 10)
    add("one_to_ten", np.arange(1, 11), 10)
    add("one_to_twenty", np.arange(1, 21), 10)
    add("fewer_values_than_bins", [3.0, -1.0, 7.5, 2.0, 2.0, 9.0, 0.5], 10)
    add("constant", np.full(50, 2.5), 10)
    add("single_value", [42.0], 10)
    add("two_values_two_bins", [1.0, 2.0], 2)
    add("one_bin", rng.normal(size=20), 1)
    zeros = np.zeros(700)
    add("zero_inflated", rng.permutation(np.concatenate([zeros, rng.exponential(3, size=300)])), 10)
    add("lognormal_twenty_bins", np.round(rng.lognormal(0, 1, size=5000), 3), 20)
    add("mixed_sign_seven_bins", rng.normal(-2, 5, size=999), 7)
    add("large_magnitudes", rng.normal(0, 1, size=100) * 1e150, 10)
    add("small_magnitudes", rng.normal(0, 1, size=100) * 1e-150, 10)
    add("heavy_tie_at_top", np.concatenate([rng.normal(size=40), np.full(60, 5.0)]), 4)

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "profile.json"), "w") as f:
        json.dump({"generated_by": "profile_golden.py", "numpy": np.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
