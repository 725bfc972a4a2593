#!/usr/bin/env python3
"""Golden values for dev.mlcycle.stats.metrics, from an independent numpy/scipy implementation.

Regenerate (from platform/stats):
    python3 src/test/resources/golden/metrics_golden.py
which rewrites src/test/resources/golden/metrics.json next to this script. Made with numpy 2.4 and
scipy 1.17. No scikit-learn: every metric is written out here from its definition.

- ROC-AUC: scipy.stats.mannwhitneyu(scores of positives, scores of negatives).statistic / (P * N);
  the U statistic counts ties as one half. Undefined (left out) without positives or negatives.
- PR-AUC: average precision, sum over distinct thresholds t (descending) of (R(t) - R(prev)) * P(t),
  with P and R of "score >= t", recomputed by brute force for each threshold.
- Precision, recall, F1 from boolean masks; an undefined ratio (0/0) is left out. Macro F1 averages
  F1 over the classes that occur in the actuals or the predictions.
- Log loss: mean of -log(clip(p_actual, 1e-15, 1 - 1e-15)).
- Brier: binary mean (p_pos - y)^2; macro (positive_class -1) mean over rows of sum over classes.
- Predicted class: numpy.argmax (first maximum, i.e. ties to the lowest index).
- Regression: RMSE, MAE, R^2 = 1 - SS_res / SS_tot, R^2 left out when the actuals are constant.
"""
import json
import os

import numpy as np
from scipy.stats import mannwhitneyu


def roc_auc(scores, is_pos):
    pos, neg = scores[is_pos], scores[~is_pos]
    if len(pos) == 0 or len(neg) == 0:
        return None
    u = mannwhitneyu(pos, neg, alternative="two-sided", method="asymptotic").statistic
    return float(u) / (len(pos) * len(neg))


def average_precision(scores, is_pos):
    total = int(is_pos.sum())
    if total == 0:
        return None
    result, prev_recall = 0.0, 0.0
    for t in np.unique(scores)[::-1]:
        chosen = scores >= t
        tp = int((chosen & is_pos).sum())
        fp = int((chosen & ~is_pos).sum())
        recall = tp / total
        result += (recall - prev_recall) * (tp / (tp + fp))
        prev_recall = recall
    return result


def classification(classes, actual, probabilities, positive):
    y = np.asarray(actual)
    p = np.asarray(probabilities, dtype=float)
    n, k = p.shape
    pred = np.argmax(p, axis=1)
    out = {"accuracy": float(np.mean(pred == y))}
    scored = [positive] if positive >= 0 else list(range(k))
    rocs, prs = {}, {}
    for c in scored:
        r = roc_auc(p[:, c], y == c)
        a = average_precision(p[:, c], y == c)
        if r is not None:
            rocs[classes[c]] = r
        if a is not None:
            prs[classes[c]] = a
    if rocs:
        out["roc_auc"] = float(np.mean(list(rocs.values())))
    if prs:
        out["pr_auc"] = float(np.mean(list(prs.values())))
    clipped = np.clip(p[np.arange(n), y], 1e-15, 1 - 1e-15)
    out["log_loss"] = float(np.mean(-np.log(clipped)))
    if positive >= 0:
        out["brier"] = float(np.mean((p[:, positive] - (y == positive)) ** 2))
    else:
        onehot = np.eye(k)[y]
        out["brier"] = float(np.mean(np.sum((p - onehot) ** 2, axis=1)))
    f1s = []
    for c, name in enumerate(classes):
        tp = int(np.sum((pred == c) & (y == c)))
        fp = int(np.sum((pred == c) & (y != c)))
        fn = int(np.sum((pred != c) & (y == c)))
        if tp + fp > 0:
            out["precision." + name] = tp / (tp + fp)
        if tp + fn > 0:
            out["recall." + name] = tp / (tp + fn)
        if 2 * tp + fp + fn > 0:
            f1 = 2 * tp / (2 * tp + fp + fn)
            out["f1." + name] = f1
            f1s.append(f1)
    out["f1_macro"] = float(np.mean(f1s))
    if positive < 0:
        for name, v in rocs.items():
            out["roc_auc." + name] = v
        for name, v in prs.items():
            out["pr_auc." + name] = v
    return out


def regression(actual, predicted):
    y = np.asarray(actual, dtype=float)
    f = np.asarray(predicted, dtype=float)
    out = {
        "rmse": float(np.sqrt(np.mean((y - f) ** 2))),
        "mae": float(np.mean(np.abs(y - f))),
    }
    if np.ptp(y) > 0:
        out["r2"] = float(1 - np.sum((y - f) ** 2) / np.sum((y - np.mean(y)) ** 2))
    return out


def binary_rows(p_yes):
    return [[float(1 - v), float(v)] for v in p_yes]


def integer_weight_rows(rng, n, k):
    w = rng.integers(0, 5, size=(n, k)).astype(float)
    w[w.sum(axis=1) == 0, 0] = 1.0
    return (w / w.sum(axis=1, keepdims=True)).tolist()


def main():
    rng = np.random.default_rng(20240601)
    yes_no = ["no", "yes"]
    cases = []

    def add_c(name, classes, actual, probabilities, positive):
        cases.append({
            "name": name,
            "kind": "classification",
            "classes": classes,
            "actual": [int(a) for a in actual],
            "probabilities": probabilities,
            "positive_class": positive,
            "expected": classification(classes, actual, probabilities, positive),
        })

    def add_r(name, actual, predicted):
        cases.append({
            "name": name,
            "kind": "regression",
            "actual": [float(a) for a in actual],
            "predicted": [float(a) for a in predicted],
            "expected": regression(actual, predicted),
        })

    # Binary, scores on a 0.01 grid (ties), labels drawn from the scores.
    p = np.round(rng.uniform(size=300), 2)
    y = (rng.uniform(size=300) < 0.2 + 0.6 * p).astype(int)
    add_c("binary_random_with_ties", yes_no, y, binary_rows(p), 1)
    add_c("binary_positive_class_zero", yes_no, y, binary_rows(p), 0)
    add_c("binary_as_macro", yes_no, y, binary_rows(p), -1)
    # Coarse grid: very many ties.
    p = np.round(rng.uniform(size=2000), 1)
    y = (rng.uniform(size=2000) < p).astype(int)
    add_c("binary_many_ties", yes_no, y, binary_rows(p), 1)
    # Perfect and inverted rankings.
    p = np.linspace(0.05, 0.95, 20)
    y = (p > 0.5).astype(int)
    add_c("binary_perfect_ranking", yes_no, y, binary_rows(p), 1)
    add_c("binary_inverted_ranking", yes_no, 1 - y, binary_rows(p), 1)
    # Every score tied: AUC 1/2, AP = prevalence, argmax ties to "no".
    y = np.array([0, 1, 1, 0, 1, 0, 0, 1, 1, 1])
    add_c("binary_all_scores_tied", yes_no, y, binary_rows(np.full(10, 0.5)), 1)
    # One class only in the actuals.
    p = np.round(rng.uniform(size=15), 2)
    add_c("binary_all_positive", yes_no, np.ones(15, dtype=int), binary_rows(p), 1)
    add_c("binary_all_negative", yes_no, np.zeros(15, dtype=int), binary_rows(p), 1)
    add_c("single_row", yes_no, [1], binary_rows([0.7]), 1)
    # Confident and wrong: probabilities of exactly 0 and 1, clipped in the log loss.
    add_c("binary_certain_and_wrong", yes_no, [1, 0, 1, 0], binary_rows([0.0, 1.0, 1.0, 0.0]), 1)
    # Multiclass, macro one-vs-rest, integer weights normalised (ties in scores and in the argmax).
    abc = ["a", "b", "c"]
    probs = integer_weight_rows(rng, 400, 3)
    y = np.array([rng.choice(3, p=np.array(r) * 0.6 + 0.4 / 3) for r in probs])
    add_c("multiclass_macro", abc, y, probs, -1)
    add_c("multiclass_positive_class_two", abc, y, probs, 2)
    # A class never in the actuals: no AUC for it, left out of the macro mean.
    abcd = ["north", "south", "east", "west"]
    probs = integer_weight_rows(rng, 120, 4)
    y = rng.choice(3, size=120)
    add_c("multiclass_class_absent_from_actuals", abcd, y, probs, -1)
    # Multiclass with a class neither actual nor predicted (its F1 is undefined).
    probs = [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0.1, 0.8, 0.1]]
    add_c("multiclass_class_never_seen", abc, [0, 1, 1, 0], probs, -1)

    y = rng.normal(10, 3, size=200)
    add_r("regression_random", y, y + rng.normal(0, 1.5, size=200))
    add_r("regression_constant_actuals", np.full(12, 4.25), rng.normal(4, 1, size=12))
    add_r("regression_single_row", [3.5], [2.0])
    y = rng.normal(0, 1, size=30)
    add_r("regression_perfect", y, y)
    y = rng.normal(1e6, 2e5, size=100)
    add_r("regression_large_values", y, y + rng.normal(0, 1e4, size=100))
    add_r("regression_worse_than_mean", [1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0])

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "metrics.json"), "w") as f:
        json.dump({"generated_by": "metrics_golden.py", "numpy": np.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
