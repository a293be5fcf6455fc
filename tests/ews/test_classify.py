"""The classifier hook: what the model sees, what it may return, and a trained scikit-learn model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ews.classify import classify_transition


class _Recorder:
    """A model that remembers its input and answers with two fixed columns."""

    def __call__(self, windows):
        self.windows = windows
        return np.c_[np.zeros(len(windows)), np.ones(len(windows))]


def test_the_model_sees_normalised_zero_padded_residual_windows():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(120) + 5.0
    rec = _Recorder()
    out = classify_transition(x, rec, length=150, detrend="none", transition=99)
    assert out.tolist() == [0.0, 1.0]
    seen = rec.windows[0]
    np.testing.assert_array_equal(seen[:50], 0.0)  # 100 samples up to the transition, left-padded
    np.testing.assert_allclose(seen[50:], x[:100] / np.mean(np.abs(x[:100])))
    rec2 = _Recorder()
    classify_transition(x, rec2, length=30, detrend="linear", step=40)
    assert rec2.windows.shape == (3, 30)
    resid = x - np.polyval(np.polyfit(np.arange(120.0), x, 1), np.arange(120.0))
    np.testing.assert_allclose(rec2.windows[1], resid[50:80] / np.mean(np.abs(resid[50:80])), rtol=1e-9)


def test_families_and_dims():
    rng = np.random.default_rng(1)
    da = xr.DataArray(rng.standard_normal((2, 100)), dims=("member", "time"))
    half = lambda w: np.full((len(w), 3), 1 / 3)  # noqa: E731
    out = classify_transition(da, half, step=25)
    assert out.dims == ("member", "window_end", "class") and out["window_end"].values.tolist() == [
        24,
        49,
        74,
        99,
    ]
    s = classify_transition(pd.Series(rng.standard_normal(80)), half)
    assert s.index.name == "class" and len(s) == 3
    one_column = classify_transition(rng.standard_normal(80), lambda w: w.mean(axis=1))
    assert one_column.shape == (1,)


@pytest.mark.parametrize(
    ("model", "match"),
    [
        (lambda w: np.ones((len(w) + 1, 2)), "expected"),
        (lambda w: np.ones((len(w), 2, 2)), "expected"),
        (lambda w: "yes", "non-numeric|expected"),
        (object(), "predict_proba or predict"),
    ],
)
def test_a_model_with_the_wrong_output_is_refused(model, match):
    with pytest.raises(InputError, match=match):
        classify_transition(np.random.default_rng(2).standard_normal(60), model)


def test_a_trained_scikit_learn_pipeline_separates_fold_runs_from_null_runs():
    pytest.importorskip("sklearn")
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    from tsdyn.ews.classify import classifier_windows
    from tsdyn.ews.detrending import detrend
    from tsdyn.ews.roc import roc_auc
    from tsdyn.ews.scenarios import scenario

    def features(w):
        # late / early variance and lag-1 autocorrelation of the window's halves
        a, b = w[:, : w.shape[1] // 2], w[:, w.shape[1] // 2 :]
        ac = lambda v: np.sum(v[:, 1:] * v[:, :-1], axis=1) / np.sum(v * v, axis=1)  # noqa: E731
        return np.c_[np.log(b.var(axis=1) / a.var(axis=1)), ac(b) - ac(a)]

    def runs(seed):
        alt = scenario("fold", n_members=30, n_time=300, seed=seed, transition=0.9).values.T[:, :260]
        null = scenario("fold", n_members=30, n_time=300, seed=seed, null=True).values.T[:, :260]
        return alt, null

    alt, null = runs(0)
    resid = np.asarray(detrend(np.r_[alt, null], method="gaussian", bandwidth=0.2).residuals)
    train = classifier_windows(resid, np.array([260]), 260)
    labels = np.r_[np.ones(30), np.zeros(30)]
    model = make_pipeline(FunctionTransformer(features), LogisticRegression()).fit(train, labels)
    alt, null = runs(1)
    p_alt = classify_transition(alt, model)[:, 1]
    p_null = classify_transition(null, model)[:, 1]
    assert roc_auc(p_null, p_alt) > 0.8
