"""Kendall tau trend against scipy, on ranges given as numbers, datetimes or a transition."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tsdyn.errors import InputError
from tsdyn.ews import kendall_trend
from tsdyn.ews.trend import kendall_rows


def test_tau_b_with_ties_and_nan_equals_scipy():
    rng = np.random.default_rng(0)
    a = np.round(rng.standard_normal((5, 301)), 1)  # many ties
    a[:, :40] = np.nan
    a[2, 100] = np.nan
    taus = kendall_rows(a, parallel=True)
    for r in range(5):
        ok = ~np.isnan(a[r])
        assert taus[r] == pytest.approx(stats.kendalltau(np.flatnonzero(ok), a[r, ok]).statistic, abs=1e-14)


def test_undefined_tau_is_nan_for_the_documented_reasons():
    # a constant indicator ties every pair; one value left after the NaN has no pair
    assert np.isnan(kendall_trend([2.0, 2.0, 2.0, 2.0]))
    assert np.isnan(kendall_trend([np.nan, np.nan, np.nan, 1.0]))
    assert kendall_trend([np.nan, np.nan, 1.0, 2.0]) == 1.0


def test_range_by_time_values_and_datetimes():
    rng = np.random.default_rng(1)
    y = rng.standard_normal(100)
    s = pd.Series(y, index=np.arange(100) * 0.5)
    ref = stats.kendalltau(np.arange(21), y[20:41]).statistic
    assert kendall_trend(s, tmin=10.0, tmax=20.0) == pytest.approx(ref, abs=1e-14)
    d = pd.Series(y, index=pd.date_range("2001-01-01", periods=100, freq="D"))
    assert kendall_trend(d, tmin="2001-01-21", tmax=pd.Timestamp("2001-02-10")) == pytest.approx(
        ref, abs=1e-14
    )
    assert kendall_trend(d, transition="2001-02-10") == pytest.approx(
        stats.kendalltau(np.arange(41), y[:41]).statistic, abs=1e-14
    )


def test_pvalue_is_scipys():
    y = np.random.default_rng(2).standard_normal(50) + np.linspace(0, 1, 50)
    out = kendall_trend(y, pvalue=True)
    ref = stats.kendalltau(np.arange(50), y)
    assert out.tau == pytest.approx(ref.statistic) and out.pvalue == pytest.approx(ref.pvalue)


def test_broadcasts_over_columns():
    df = pd.DataFrame({"up": np.arange(10.0), "down": -np.arange(10.0)})
    out = kendall_trend(df)
    assert out["up"] == 1.0 and out["down"] == -1.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"tmin": -5.0}, "tmin -5.0 is outside the series"),
        ({"tmax": 50}, "tmax 50 is outside the series"),
        ({"tmin": 5, "tmax": 3}, "leave 0 sample"),
        ({"transition": 11.0}, "transition 11.0 is outside the series"),
        ({"tmin": "2001-01-01"}, "tmin must be a number"),
    ],
)
def test_bad_ranges(kwargs, match):
    with pytest.raises(InputError, match=match):
        kendall_trend(np.arange(10.0), **kwargs)
