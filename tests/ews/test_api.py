"""analyze(): the one-call pipeline, its outputs, the significance hook and bad input."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy import stats

from tsdyn.errors import InputError
from tsdyn.ews import EWSSpec, analyze, detrend, kendall_trend, rolling_indicators


def _rising(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(n) * np.linspace(1.0, 3.0, n) + np.linspace(0, 5, n)


def test_analyze_is_detrend_then_indicators_then_tau():
    x = _rising(400)
    res = analyze(x, window=0.4, detrend="gaussian", bandwidth=0.15, indicators=["variance", "ac1"])
    d = detrend(x, bandwidth=0.15)
    np.testing.assert_allclose(res.data.residuals, d.residuals)
    ind = rolling_indicators(d.residuals, window=160, indicators=["variance", "ac1"])
    np.testing.assert_allclose(res.data.variance, ind.variance)
    np.testing.assert_allclose(res.data.state, x)
    assert res.ktau.loc["variance", "tau"] == pytest.approx(kendall_trend(ind.variance))
    assert res.ktau.loc["variance", "tau"] > 0.5
    assert res.data.attrs["window"] == 0.4 and res.data.attrs["detrend"] == "gaussian"


def test_several_series_give_a_long_table():
    da = xr.DataArray(np.vstack([_rising(200, 1), -_rising(200, 2)]), dims=("member", "time"),
                      coords={"member": ["a", "b"]})  # fmt: skip
    res = analyze(da, window=50, indicators=["variance", "std"])
    assert res.data.variance.dims == ("member", "time")
    assert list(res.ktau.index.names) == ["indicator", "member"]
    assert res.ktau.loc[("variance", "a"), "tau"] == pytest.approx(res.ktau.loc[("std", "a"), "tau"])


def test_tmin_tmax_and_transition_with_datetimes():
    idx = pd.date_range("2000-01-01", periods=300, freq="D")
    s = pd.Series(_rising(300, 3), index=idx)
    res = analyze(s, window=0.5, transition="2000-09-01", tmin="2000-06-01")
    n_use = int((idx <= "2000-09-01").sum())
    assert np.isnan(res.data.variance.values[n_use:]).all()
    var = res.data.variance.values
    lo = int(np.searchsorted(idx, pd.Timestamp("2000-06-01")))
    ok = ~np.isnan(var[lo:n_use])
    ref = stats.kendalltau(np.flatnonzero(ok), var[lo:n_use][ok]).statistic
    assert res.ktau.loc["variance", "tau"] == pytest.approx(ref, abs=1e-12)


def test_significance_hook_receives_spec_and_data():
    x = _rising(200, 4)
    seen = {}

    def fake_test(spec, series, observed, *, lo, hi):
        seen.update(shape=series.shape, lo=lo, hi=hi, spec=spec)
        surrogates = np.random.default_rng(0).permutation(np.repeat(series, 20, axis=0), axis=1)
        null = spec.taus(surrogates, lo=lo, hi=hi)
        return {n: (np.sum(null[n] >= observed[n][0]) + 1) / 21 for n in spec.indicators}

    res = analyze(x, window=0.5, detrend="none", significance=fake_test)
    assert seen["shape"] == (1, 200) and (seen["lo"], seen["hi"]) == (0, 200)
    assert list(res.ktau.columns) == ["tau", "pvalue"]
    assert res.ktau.loc["variance", "pvalue"] == pytest.approx(1 / 21)


def test_spec_taus_over_many_series_equal_one_by_one(monkeypatch):
    import tsdyn.ews.api

    monkeypatch.setattr(tsdyn.ews.api, "_BLOCK", 3 * 150)  # three series per block: blocks join up right
    a = np.random.default_rng(5).standard_normal((8, 150)).cumsum(axis=1)
    spec = EWSSpec(window=0.3, detrend="gaussian", bandwidth=0.25, indicators=("variance", "ac1", "kurtosis"))
    many = spec.taus(a)
    assert many["variance"].shape == (8,)
    for r in (0, 7):
        one = analyze(a[r], window=0.3, bandwidth=0.25, indicators=["variance", "ac1", "kurtosis"])
        for n in spec.indicators:
            assert many[n][r] == pytest.approx(one.ktau.loc[n, "tau"], abs=1e-12)


def test_nan_skip_windows_and_interpolate():
    x = _rising(300, 6)
    x[100] = np.nan
    with pytest.raises(InputError, match="contains 1 NaN"):
        analyze(x)
    skip = analyze(x, window=50, detrend="linear", nan_policy="omit")
    v = skip.data.variance.values
    assert np.isnan(v[100:150]).all() and np.isfinite(v[150:]).all() and np.isfinite(v[49:100]).all()
    interp = analyze(x, window=50, detrend="linear", nan_policy="interpolate")
    assert np.isfinite(interp.data.variance.values[49:]).all()


def test_first_difference_window_starts_after_the_lost_sample():
    x = _rising(100, 7)
    res = analyze(x, window=20, detrend="first_difference", indicators=["variance"])
    v = res.data.variance.values
    assert np.isnan(v[:20]).all()
    assert v[20] == pytest.approx(np.var(np.diff(x)[:20], ddof=1))


@pytest.mark.parametrize(
    ("x", "kwargs", "match"),
    [
        (np.ones(50), {}, "constant"),
        (np.full(50, np.nan), {"nan_policy": "omit"}, "all NaN"),
        (_rising(50), {"nan_policy": "propagate"}, "accepts 'raise', 'interpolate', 'omit'"),
        (_rising(50), {"nan_policy": "skip"}, "nan_policy must be one of"),
        (_rising(50), {"window": 1.0}, "ambiguous"),
        (_rising(50), {"window": 25.0}, "ambiguous"),
        (_rising(50), {"window": True}, "must be a number"),
        (_rising(50), {"window": 1}, "at least 2 points"),
        (_rising(50), {"window": -0.5}, "not a window size"),
        (_rising(50), {"window": 51}, r"must lie in \(0, N\] with N = 50"),
        (_rising(50), {"window": 2, "indicators": ["skewness"]}, "too short for skewness"),
        (_rising(50), {"transition": 60}, "transition 60 is outside the series"),
        (_rising(50), {"detrend": "spline"}, "detrend must be one of"),
        (pd.Series(_rising(50), index=np.r_[0.0, np.arange(1.0, 50.0) ** 1.1]), {}, "irregular time spacing"),
    ],
)
def test_bad_input(x, kwargs, match):
    with pytest.raises(InputError, match=match):
        analyze(x, **kwargs)


def test_spec_is_hashable_and_spectral_options_reach_the_spectra():
    spec = EWSSpec(window=100, detrend="none", indicators=("smax",), spectral={"step": 10, "seg_len": 20})
    assert hash(spec) == hash(
        EWSSpec(window=100, detrend="none", indicators=("smax",), spectral={"seg_len": 20, "step": 10})
    )
    out = spec.compute(np.random.default_rng(9).standard_normal((1, 200)))
    assert np.flatnonzero(np.isfinite(out["smax"][0])).tolist() == list(range(99, 200, 10))


@pytest.mark.parametrize("freq", ["D", "h", "MS", "ME", "QS", "YS", "YE", "B", "W-SUN"])
def test_regular_calendar_time_is_normal_input(freq):
    # months, quarters and years have unequal lengths in seconds but one sample per period
    x = _rising(120)
    s = pd.Series(x, index=pd.date_range("1950-01-01", periods=120, freq=freq))
    res = analyze(s, window=40, detrend="gaussian", bandwidth=0.2)
    plain = analyze(x, window=40, detrend="gaussian", bandwidth=0.2)
    np.testing.assert_array_equal(res.ktau["tau"].values, plain.ktau["tau"].values)
    np.testing.assert_array_equal(res.data["variance"].values, plain.data["variance"].values)


def test_irregular_calendar_time_stays_an_error():
    rng = np.random.default_rng(3)
    days = np.cumsum(rng.integers(1, 40, 120))
    s = pd.Series(_rising(120), index=pd.Timestamp("2000-01-01") + pd.to_timedelta(days, unit="D"))
    with pytest.raises(InputError, match="irregular time spacing"):
        analyze(s, window=40)
    # a monthly series with a missing month is irregular too
    months = pd.date_range("1950-01-01", periods=121, freq="MS").delete([60, 90])
    monthly = pd.Series(_rising(119), index=months)
    with pytest.raises(InputError, match="irregular time spacing"):
        rolling_indicators(monthly, window=40)
    # resampling puts the missing months back on the calendar grid; the others keep their values
    state = analyze(monthly, window=40, resample="linear").data["state"]
    assert pd.DatetimeIndex(state["time"].values).equals(pd.date_range("1950-01-01", periods=121, freq="MS"))
    np.testing.assert_array_equal(state.sel(time=months).values, monthly.values)
    res = analyze(s, window=0.3, resample="linear")  # onto a grid of the median step
    step = np.diff(res.data["time"].values)
    assert (step == np.median(np.diff(s.index.values))).all()
    assert np.isfinite(res.ktau["tau"]).all()
