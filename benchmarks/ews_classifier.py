"""A small trained classifier through tsdyn.ews.classify_transition, scored like the indicator atlas.

For each scenario of tsdyn.ews.scenarios (fold, transcritical, pitchfork, hopf), a
scikit-learn pipeline (hand-made features of the normalised window: log ratio of the
late to the early half's variance and the change of their lag-1 autocorrelation,
then a logistic regression) is trained on 40 transition and 40 null runs (seed 0),
and its probability of "transition" on 40 + 40 fresh runs (seed 1) gives a ROC AUC.
The indicator atlas scores the same fresh runs' Kendall taus of variance and lag-1
autocorrelation (tsdyn.ews.indicator_atlas, seed 1): both columns are AUCs of
transition runs vs null runs. scikit-learn is needed here only (the
``classify`` extra); tsdyn itself depends on no machine-learning library.

Run from benchmarks/: PYTHONPATH=.. python ews_classifier.py [--write]
"""

import sys

import numpy as np
from harness import write_block
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from tsdyn.ews import classify_transition, indicator_atlas
from tsdyn.ews.roc import roc_auc
from tsdyn.ews.scenarios import scenario

KINDS = ("fold", "transcritical", "pitchfork", "hopf")
N_RUNS, N_TIME = 40, 500


def features(w: np.ndarray) -> np.ndarray:
    a, b = w[:, : w.shape[1] // 2], w[:, w.shape[1] // 2 :]

    def ac(v):
        return np.sum(v[:, 1:] * v[:, :-1], axis=1) / np.sum(v * v, axis=1)

    return np.c_[np.log(b.var(axis=1) / a.var(axis=1)), ac(b) - ac(a)]


def runs(kind: str, seed: int, null: bool) -> list[np.ndarray]:
    """Each run up to 5 time units before its transition (the atlas' cut), as in indicator_atlas."""
    alt = scenario(kind, n_members=N_RUNS, n_time=N_TIME, seed=seed)
    da = scenario(kind, n_members=N_RUNS, n_time=N_TIME, seed=seed, null=True) if null else alt
    t = alt["time"].values
    out = []
    for m in range(N_RUNS):
        tt = float(alt["transition_time"][m])
        n_use = int(np.searchsorted(t, (tt if np.isfinite(tt) else t[-1]) - 5.0, side="right"))
        if n_use >= 100:
            out.append(da.values[:n_use, m])
    return out


def probabilities(model, series: list[np.ndarray]) -> np.ndarray:
    return np.array([classify_transition(x, model, length=N_TIME)[1] for x in series])


def main(write: bool) -> None:
    lines = ["| scenario | classifier AUC | atlas AUC variance | atlas AUC ac1 |", "|---|---|---|---|"]
    atlas = indicator_atlas(kinds=list(KINDS), indicators=["variance", "ac1"], n_runs=N_RUNS, n_time=N_TIME,
                            likelihood=False, seed=1)  # fmt: skip
    for kind in KINDS:
        model = make_pipeline(FunctionTransformer(features), LogisticRegression())
        train_alt, train_null = runs(kind, 0, False), runs(kind, 0, True)
        windows = [
            np.asarray(classify_transition(x, lambda w: w, length=N_TIME)) for x in train_alt + train_null
        ]
        labels = np.r_[np.ones(len(train_alt)), np.zeros(len(train_null))]
        model.fit(np.vstack(windows), labels)
        test_alt, test_null = runs(kind, 1, False), runs(kind, 1, True)
        auc = roc_auc(probabilities(model, test_null), probabilities(model, test_alt))
        a = atlas["auc"].sel(kind=kind)
        line = f"| {kind} | {auc:.2f} | {float(a.sel(indicator='variance')):.2f} | {float(a.sel(indicator='ac1')):.2f} |"
        print(line, flush=True)
        lines.append(line)
    if write:
        write_block("ews_classifier", "\n".join(lines))


if __name__ == "__main__":
    main("--write" in sys.argv)
