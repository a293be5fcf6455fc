"""ROC curve and AUC against the Mann-Whitney statistic, the binormal formula and scikit-learn."""

import numpy as np
import pytest
from scipy.stats import mannwhitneyu, norm

from tsdyn.errors import InputError
from tsdyn.ews.roc import roc_auc, roc_curve


def test_auc_is_the_mann_whitney_u_with_ties():
    rng = np.random.default_rng(0)
    null = rng.integers(0, 5, 40).astype(float)
    alt = rng.integers(1, 6, 30).astype(float)
    u = mannwhitneyu(alt, null).statistic
    assert roc_auc(null, alt) == pytest.approx(u / (40 * 30), rel=1e-12)


def test_binormal_auc():
    rng = np.random.default_rng(1)
    d = 1.0
    auc = roc_auc(rng.standard_normal(20_000), rng.standard_normal(20_000) + d)
    assert auc == pytest.approx(norm.cdf(d / np.sqrt(2)), abs=0.01)


def test_curve_area_equals_auc_and_ends_at_corners():
    rng = np.random.default_rng(2)
    c = roc_curve(rng.standard_normal(50), rng.standard_normal(60) + 0.5)
    assert (c.fpr[0], c.tpr[0], c.fpr[-1], c.tpr[-1]) == (0, 0, 1, 1)
    assert np.all(np.diff(c.fpr) >= 0) and np.all(np.diff(c.tpr) >= 0)
    assert np.trapezoid(c.tpr, c.fpr) == pytest.approx(c.auc, rel=1e-12)


@pytest.mark.peer
def test_against_scikit_learn():
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    null, alt = np.round(rng.standard_normal(70), 1), np.round(rng.standard_normal(50) + 0.7, 1)
    y = np.r_[np.zeros(70), np.ones(50)]
    s = np.r_[null, alt]
    assert roc_auc(null, alt) == pytest.approx(metrics.roc_auc_score(y, s), rel=1e-12)
    fpr, tpr, _ = metrics.roc_curve(y, s, drop_intermediate=False)
    c = roc_curve(null, alt)
    np.testing.assert_allclose(c.fpr, fpr)
    np.testing.assert_allclose(c.tpr, tpr)


def test_nan_policy():
    assert roc_auc([0.0, np.nan, 1.0], [2.0], nan_policy="omit") == 1.0
    with pytest.raises(InputError, match="NaN score"):
        roc_auc([0.0, np.nan], [1.0])


@pytest.mark.parametrize(
    ("null", "alt", "kwargs", "match"),
    [
        ([], [1.0], {}, "null has no scores"),
        ([[1.0]], [1.0], {}, "1-D"),
        ([1.0, np.inf], [1.0], {}, "infinite"),
        (["a"], [1.0], {}, "real-valued"),
        ([1.0], [1.0], {"nan_policy": "skip"}, "nan_policy"),
        ([1.0], [1.0], {"nan_policy": "interpolate"}, "accepts 'raise', 'omit'"),
    ],
)
def test_bad_input(null, alt, kwargs, match):
    with pytest.raises(InputError, match=match):
        roc_curve(null, alt, **kwargs)
