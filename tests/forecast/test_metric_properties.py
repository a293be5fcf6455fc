"""Invariances of the metrics (hypothesis): they follow from the definitions, not from our code."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tsdyn.forecast.metrics import correlation, mae, mase, mse, smape, valid_prediction_time

# values on a 1e-3 grid: an affine map cannot merge two of them by rounding
finite = st.integers(-(10**6), 10**6).map(lambda k: k / 1000)
pairs = st.integers(3, 30).flatmap(lambda n: st.tuples(arrays(np.float64, n, elements=finite),
                                                          arrays(np.float64, n, elements=finite)))  # fmt: skip
scales = st.floats(1e-2, 1e2)


@settings(max_examples=20, deadline=None)
@given(pairs)
def test_mse_bounds_mae_squared_and_per_step_means_agree(tp):
    t, p = tp
    assert mse(t, p) >= mae(t, p) ** 2 * (1 - 1e-12)  # Jensen
    for metric in (mse, mae, smape):
        assert metric(t, p) == pytest.approx(np.mean(metric(t, p, per_step=True)), rel=1e-12, abs=1e-12)


@settings(max_examples=20, deadline=None)
@given(pairs, scales)
def test_smape_is_symmetric_bounded_and_scale_free(tp, c):
    t, p = tp
    s = smape(t, p)
    assert 0 <= s <= 200 + 1e-9
    assert smape(p, t) == pytest.approx(s, abs=1e-9)
    assert smape(c * t, c * p) == pytest.approx(s, rel=1e-9, abs=1e-9)


@settings(max_examples=20, deadline=None)
@given(pairs, scales)
def test_mase_is_scale_free(tp, c):
    t, p = tp
    train = np.arange(10.0) ** 1.5  # never constant
    assert mase(c * t, c * p, y_train=c * train) == pytest.approx(mase(t, p, y_train=train), rel=1e-9)


@settings(max_examples=20, deadline=None)
@given(pairs, scales, st.floats(-1e3, 1e3))
def test_correlation_ignores_a_positive_affine_change_of_the_forecast(tp, a, b):
    t, p = tp
    if np.ptp(t) < 1e-6 or np.ptp(p) < 1e-6:
        return  # undefined for a constant series (NaN), tested elsewhere
    for method in ("pearson", "spearman"):
        r = correlation(t, p, method=method)
        assert correlation(t, a * p + b, method=method) == pytest.approx(r, abs=1e-7)


@settings(max_examples=20, deadline=None)
@given(pairs, st.floats(0.05, 2.0), st.floats(0.05, 2.0))
def test_valid_prediction_time_grows_with_the_threshold(tp, e1, e2):
    t, p = tp
    if np.std(t) == 0:
        return
    lo, hi = sorted((e1, e2))
    assert valid_prediction_time(t, p, threshold=lo) <= valid_prediction_time(t, p, threshold=hi)
    assert 0 <= valid_prediction_time(t, p, threshold=hi) <= len(t)
