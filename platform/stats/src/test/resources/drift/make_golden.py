#!/usr/bin/env python3
"""Golden values for dev.mlcycle.stats.drift, computed with scipy (the independent implementation).

Run from this directory:

    python3 make_golden.py > golden.json

Made with Python 3.11, numpy 2.4.6 and scipy 1.17.1 (the versions are written into the file).
Every case is drawn from numpy's PCG64 with the seed below, so the file is reproducible.
Numbers are written with repr(), which round-trips a float64 exactly.
"""
import json
import math
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from scipy.stats import contingency

SEED = 20261207
rng = np.random.default_rng(SEED)

UNSEEN = "(unseen)"
MISSING = "(missing)"
OTHER = "(other)"


def floats(a):
    return [float(v) for v in a]


# ---------------------------------------------------------------- Kolmogorov-Smirnov
def ks_case(name, x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    r = stats.ks_2samp(x, y, alternative="two-sided", method="auto")
    return {"name": name, "x": floats(x), "y": floats(y), "statistic": float(r.statistic),
            "p_value": float(r.pvalue), "exact": bool(max(len(x), len(y)) <= 10000)}


def normal(n, shift=0.0, decimals=5):
    # rounded so that the JSON stays short; the rounded values are the data both sides read
    return np.round(rng.normal(loc=shift, size=n), decimals)


ks = []
for n, m, shift in [(2, 2, 0.0), (2, 3, 5.0), (5, 7, 0.0), (5, 7, 1.0), (10, 10, 0.5), (20, 35, 0.0),
                    (20, 35, 0.8), (50, 50, 0.3), (100, 80, 0.2), (300, 200, 0.1), (1000, 1200, 0.1),
                    (1000, 1000, 0.05), (2000, 3000, 0.0), (4000, 2500, 0.08), (10000, 7000, 0.05),
                    (10001, 5000, 0.05), (12000, 3000, 0.0), (11000, 11000, 0.03), (10500, 9000, 0.02)]:
    ks.append(ks_case(f"normal n={n} m={m} shift={shift}", normal(n), normal(m, shift)))
# ties: integers from a small range
ks.append(ks_case("ties small", rng.integers(0, 5, 30), rng.integers(0, 6, 40)))
ks.append(ks_case("ties exact region", rng.integers(0, 20, 3000), rng.integers(1, 21, 2000)))
ks.append(ks_case("ties asymptotic region", rng.integers(0, 50, 11000), rng.integers(0, 50, 4000)))
# equal samples, identical values, separated samples, n != m
same = normal(500)
ks.append(ks_case("equal samples", same, same.copy()))
ks.append(ks_case("one value in both", np.full(10, 3.0), np.full(14, 3.0)))
ks.append(ks_case("separated small", normal(8), normal(9) + 100.0))
ks.append(ks_case("separated large", normal(10500), normal(300) + 100.0))
ks.append(ks_case("tiny p exact", normal(3000), normal(3000, 0.5)))
ks.append(ks_case("tiny p asymptotic", normal(10500), normal(8000, 0.3)))
ks.append(ks_case("infinities", np.concatenate([normal(40), [-np.inf, np.inf]]), normal(30, 0.2)))
# one value on a side (Commons Statistics refuses it; scipy does not)
ks.append(ks_case("single value vs 7", normal(1), normal(7)))
ks.append(ks_case("9 vs single value far right", normal(9), normal(1, 3.0)))
ks.append(ks_case("single vs single", [0.3], [0.7]))
ks.append(ks_case("single vs single tied", [1.0], [1.0]))
tied = normal(20)
ks.append(ks_case("single value tied in the other", [tied[3]], tied))
ks.append(ks_case("single vs 10000 exact", normal(1, 0.5), normal(10000)))
ks.append(ks_case("10001 vs single asymptotic", normal(10001), normal(1, 0.2)))

# ---------------------------------------------------------------- chi-square homogeneity


def merge(categories, reference, current):
    """The merge rule, written independently of the Java code (see ChiSquareHomogeneity's javadoc)."""
    cols = [(c, r, k) for c, r, k in zip(categories, reference, current) if r + k > 0]
    if len(cols) < 2:
        return cols
    R = sum(c[1] for c in cols)
    C = sum(c[2] for c in cols)
    N = R + C
    small = min(R, C)
    protected = [c for c in cols if c[0] in (UNSEEN, MISSING)]
    free = [c for c in cols if c[0] not in (UNSEEN, MISSING)]
    order = sorted(range(len(free)), key=lambda i: (free[i][1] + free[i][2], i))

    def sparse(total):
        return total * small / N < 5

    other = []
    remaining = list(order)
    while remaining:
        smallest = free[remaining[0]]
        other_total = sum(free[i][1] + free[i][2] for i in other)
        if not sparse(smallest[1] + smallest[2]) and not (other and sparse(other_total)):
            break
        other.append(remaining.pop(0))
    kept = [free[i] for i in sorted(remaining)]
    if len(other) == 1:
        kept = [free[i] for i in sorted(remaining + other)]
    elif other:
        kept.append((OTHER, sum(free[i][1] for i in other), sum(free[i][2] for i in other)))
    return kept + protected


def chi_case(name, categories, reference, current):
    cols = merge(categories, reference, current)
    out = {"name": name, "categories": categories, "reference": [int(v) for v in reference],
           "current": [int(v) for v in current], "columns": [c[0] for c in cols],
           "merged_reference": [int(c[1]) for c in cols], "merged_current": [int(c[2]) for c in cols]}
    if len(cols) < 2:
        out.update(statistic=0.0, p_value=1.0, dof=0, cramers_v=0.0)
        return out
    table = np.array([[c[1] for c in cols], [c[2] for c in cols]], dtype=np.int64)
    r = stats.chi2_contingency(table)  # Yates only when dof == 1, as scipy does by default
    v = contingency.association(table, method="cramer")  # uses the uncorrected statistic
    out.update(statistic=float(r.statistic), p_value=float(r.pvalue), dof=int(r.dof), cramers_v=float(v))
    return out


chi = []
cats4 = ["north", "south", "east", "west"]
chi.append(chi_case("dense 4 columns", cats4, [400, 300, 200, 100], [380, 330, 190, 100]))
chi.append(chi_case("dense shifted", cats4, [400, 300, 200, 100], [200, 300, 300, 200]))
chi.append(chi_case("dof 1 with Yates", ["no", "yes"], [190, 60], [170, 80]))
chi.append(chi_case("dof 1 Yates capped by the difference", ["no", "yes"], [10, 10], [10, 11]))
chi.append(chi_case("sparse merged into other", ["a", "b", "c", "d", "e", "f"],
                    [500, 300, 3, 2, 1, 150], [480, 320, 1, 4, 0, 160]))
chi.append(chi_case("unseen and missing kept", ["a", "b", "c", UNSEEN, MISSING],
                    [600, 350, 2, 0, 1], [550, 380, 1, 3, 2]))
chi.append(chi_case("zero columns dropped", ["a", "b", "c", "d", UNSEEN, MISSING],
                    [300, 0, 200, 100, 0, 0], [280, 0, 240, 90, 0, 0]))
chi.append(chi_case("single column left", ["a", "b", UNSEEN, MISSING], [1000, 0, 0, 0], [900, 0, 0, 0]))
chi.append(chi_case("all sparse collapse", ["a", "b", "c"], [2, 1, 1], [1, 2, 1]))
chi.append(chi_case("lone sparse column joins the next", ["a", "b", "c"], [500, 400, 2], [520, 390, 1]))
chi.append(chi_case("tiny p", cats4, [100000, 80000, 60000, 40000], [90000, 90000, 60000, 45000]))
chi.append(chi_case("many categories", [f"c{i}" for i in range(30)],
                    [int(v) for v in rng.poisson(40, 30)], [int(v) for v in rng.poisson(42, 30)]))
chi.append(chi_case("many sparse categories", [f"k{i}" for i in range(40)] + [UNSEEN, MISSING],
                    [int(v) for v in rng.poisson(3, 40)] + [0, 4], [int(v) for v in rng.poisson(3, 40)] + [5, 1]))
chi.append(chi_case("unseen only in current", ["a", "b", UNSEEN], [700, 300, 0], [600, 300, 100]))

# ---------------------------------------------------------------- Jensen-Shannon, PSI
def js_case(name, p, q):
    p = np.asarray(p, dtype=np.int64)
    q = np.asarray(q, dtype=np.int64)
    if p.sum() == 0 and q.sum() == 0:
        d = 0.0
    else:
        d = float(distance.jensenshannon(p.astype(np.float64), q.astype(np.float64), base=2))
    return {"name": name, "p": [int(v) for v in p], "q": [int(v) for v in q], "distance": d}


def psi(reference, current):
    """PSI = sum (c_i - r_i) ln(c_i / r_i), shares smoothed by adding 0.5 to every count."""
    r = np.asarray(reference, dtype=np.float64) + 0.5
    c = np.asarray(current, dtype=np.float64) + 0.5
    r = r / r.sum()
    c = c / c.sum()
    return float(np.sum((c - r) * np.log(c / r)))


def psi_case(name, reference, current):
    return {"name": name, "reference": [int(v) for v in reference], "current": [int(v) for v in current],
            "psi": psi(reference, current)}


dist = []
bins10 = [int(v) for v in rng.multinomial(10000, [0.1] * 10)]
pairs = [
    ("equal counts", bins10, bins10),
    ("scaled counts", [10, 20, 30, 40], [100, 200, 300, 400]),
    ("close", bins10, [int(v) for v in rng.multinomial(10000, [0.1] * 10)]),
    ("shifted", [100, 200, 400, 200, 100], [50, 100, 300, 350, 200]),
    ("empty bins", [0, 50, 0, 30, 20], [10, 40, 0, 0, 50]),
    ("disjoint", [10, 0, 0], [0, 0, 7]),
    ("one bin", [42], [17]),
    ("large counts", [10**9, 2 * 10**9, 3 * 10**9], [10**9 + 1, 2 * 10**9, 3 * 10**9 - 1]),
    ("many bins", [int(v) for v in rng.poisson(100, 50)], [int(v) for v in rng.poisson(110, 50)]),
]
js = [js_case(n, p, q) for n, p, q in pairs] + [js_case("both empty", [0, 0, 0], [0, 0, 0])]
psis = [psi_case(n, p, q) for n, p, q in pairs] + [psi_case("both empty", [0, 0], [0, 0])]

# ---------------------------------------------------------------- Benjamini-Hochberg
def bh_case(name, ps):
    ps = np.asarray(ps, dtype=np.float64)
    return {"name": name, "p_values": floats(ps), "adjusted": floats(stats.false_discovery_control(ps, method="bh"))}


bh = [
    bh_case("empty", []),
    bh_case("single", [0.03]),
    bh_case("textbook", [0.01, 0.04, 0.03, 0.005, 0.5, 0.2]),
    bh_case("ties and ones", [0.02, 0.02, 0.02, 1.0, 1.0, 0.001, 0.0]),
    bh_case("uniform 200", rng.uniform(size=200)),
    bh_case("tiny", [1e-300, 5e-200, 1e-12, 0.3]),
]

json.dump({"generator": "make_golden.py", "seed": SEED, "python": sys.version.split()[0],
           "numpy": np.__version__, "scipy": scipy.__version__,
           "ks_2samp": ks, "chi2_contingency": chi, "jensenshannon": js, "psi": psis,
           "false_discovery_control": bh}, sys.stdout, indent=None, separators=(",", ":"))
sys.stdout.write("\n")
