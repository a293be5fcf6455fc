"""Windowed RQA: each window equals RQA of its slice; windowed determinism finds the periodic window."""

import numpy as np
import pandas as pd
import pytest

from tsdyn.errors import InputError
from tsdyn.recurrence import rolling_rqa, rqa
from tsdyn.recurrence.quantification import MEASURES


@pytest.mark.parametrize(
    "kwargs", [{"threshold": 0.6}, {"recurrence_rate": 0.08}, {"threshold": 0.3, "relative_to": "std"}]
)
def test_each_window_is_the_rqa_of_its_slice(kwargs):
    x = np.random.default_rng(11).normal(size=600)
    res = rolling_rqa(x, window=200, step=70, m=2, tau=3, theiler=1, **kwargs)
    assert res.window_end.tolist() == list(range(199, 600, 70))
    for w, end in enumerate(res.window_end):
        one = rqa(x[end - 199 : end + 1], m=2, tau=3, theiler=1, **kwargs)
        for name in MEASURES:
            np.testing.assert_allclose(getattr(res, name)[w], getattr(one, name), rtol=1e-12, err_msg=name)


def test_windowed_determinism_finds_the_period_three_window_under_a_ramp():
    # r ramps from 3.80 to 3.90: the stable period-3 orbit lives in 3.8284 < r < 3.8415
    # (then period doubling and chaos from ~3.857). Embedded in m = 3 a period-3 window recurs
    # along whole diagonals (DET = 1); the chaotic windows on either side stay below ~0.93.
    n = 20_000
    r = np.linspace(3.8, 3.9, n)
    x = np.empty(n)
    x[0] = 0.4
    for i in range(1, n):
        x[i] = r[i] * x[i - 1] * (1.0 - x[i - 1])
    res = rolling_rqa(x, window=500, step=500, m=3, tau=1, recurrence_rate=0.05)
    middle = r[res.window_end - 250]
    periodic = (middle > 3.830) & (middle < 3.841)
    chaotic = (middle < 3.82) | (middle > 3.875)
    assert periodic.sum() >= 3 and chaotic.sum() >= 10
    assert res.determinism[periodic].min() >= 0.99
    assert res.determinism[chaotic].max() < 0.95


def test_pandas_result_is_indexed_by_window_end():
    x = pd.Series(np.random.default_rng(1).normal(size=300))
    res = rolling_rqa(x, window=100, step=100, m=1, threshold=0.3)
    assert isinstance(res, pd.DataFrame) and list(res.index) == [99, 199, 299]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"window": 500}, "longer than the series"),
        ({"window": 1.0}, "window"),
        ({"window": 6, "l_min": 5}, "l_min=5 is longer than any diagonal line"),
        ({"window": 6, "theiler": 4}, "too few for a recurrence outside theiler=4"),
    ],
)
def test_bad_windows(kwargs, match):
    with pytest.raises(InputError, match=match):
        rolling_rqa(np.arange(300.0), m=2, tau=1, threshold=0.5, **kwargs)


def test_a_rate_finer_than_one_pair_is_refused():
    # 3 points have 3 pairs: a rate of 0.05 came back as one pair's, RR 0.33
    x = np.sin(np.arange(300.0))
    with pytest.raises(InputError, match="recurrence_rate=0.05 asks for under one of the 3 pairs"):
        rolling_rqa(x, m=1, tau=1, recurrence_rate=0.05, window=3)
    assert rolling_rqa(x, m=1, tau=1, recurrence_rate=0.05, window=10).recurrence_rate[0] < 0.1


def test_ews_indicators_are_windowed_rqa_at_each_right_edge():
    # The registered indicators equal rolling_rqa of every trailing window (EWS_OPTIONS), NaN where
    # a window holds a NaN or is not full yet.
    from tsdyn.ews import rolling_indicators
    from tsdyn.recurrence.rolling import EWS_INDICATORS, EWS_OPTIONS

    x = np.random.default_rng(2).normal(size=160)
    x[100] = np.nan
    ind = rolling_indicators(x, window=40, indicators=list(EWS_INDICATORS), nan_policy="omit")
    for end in (39, 99, 140, 159):
        one = rqa(x[end - 39 : end + 1], EWS_OPTIONS)
        for name in EWS_INDICATORS:
            assert getattr(ind, name)[end] == pytest.approx(getattr(one, name), rel=1e-12), (name, end)
    assert np.isnan(ind.determinism[:39]).all() and np.isnan(ind.determinism[100:139]).all()


def test_ews_recurrence_rate_rises_with_critical_slowing_down():
    # AR(1) residuals whose coefficient rises from 0 to 0.95: delay vectors (x_t, x_t+1) crowd
    # along the diagonal, so at a threshold relative to the window's spread more pairs recur.
    from scipy.stats import kendalltau

    from tsdyn.ews import rolling_indicators

    rng = np.random.default_rng(3)
    n = 2000
    phi = np.linspace(0.0, 0.95, n)
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = phi[t] * x[t - 1] + rng.normal()
    ind = rolling_indicators(x, window=400, indicators=["recurrence_rate", "determinism"])
    ends = np.arange(399, n, 100)
    assert kendalltau(ends, ind.recurrence_rate[ends]).statistic > 0.8
    assert kendalltau(ends, ind.determinism[ends]).statistic > 0.8
