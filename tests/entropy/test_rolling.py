"""Rolling sample entropy and DFA, and the EWS indicators built on them (ewstools parity)."""

import numpy as np
import pytest
import xarray as xr

import tsdyn.entropy as te
import tsdyn.fractal as tf
from tsdyn.errors import InputError
from tsdyn.ews import analyze


def test_rolling_values_are_the_window_values():
    x = np.random.default_rng(0).normal(size=260)
    res = te.rolling_sample_entropy(x, window=100)
    assert np.isnan(res[:99]).all()
    assert res[150] == te.sample_entropy(x[51:151])
    alpha = tf.rolling_dfa(x, window=120)
    assert np.isnan(alpha[:119]).all()
    assert alpha[200] == pytest.approx(tf.dfa(x[81:201]).alpha, abs=1e-12)
    da = tf.rolling_dfa(xr.DataArray(x, dims="time"), window=0.5)
    assert da.attrs["window"] == 130 and da.name == "alpha"


@pytest.mark.parametrize("level", [3.7, 0.1])
def test_a_constant_window_has_no_dfa_exponent(level):
    # its profile is the rounding noise of the window's mean (alpha 0.35 at 3.7, 1.16 at 0.1)
    x = np.r_[np.random.default_rng(2).normal(size=200), np.full(200, level)]
    alpha = tf.rolling_dfa(x, window=100)
    assert np.isfinite(alpha[99:200]).all() and np.isnan(alpha[299:]).all()


def test_rolling_nan_windows_and_bad_windows():
    x = np.random.default_rng(1).normal(size=200)
    x[120] = np.nan
    with pytest.raises(InputError, match="NaN"):
        te.rolling_sample_entropy(x, window=50)
    res = te.rolling_sample_entropy(x, window=50, nan_policy="omit")
    assert np.isnan(res[120:170]).all() and not np.isnan(res[[119, 170]]).any()
    with pytest.raises(InputError, match="window=1.0 is ambiguous"):
        te.rolling_sample_entropy(x, window=1.0)
    with pytest.raises(InputError, match="window must be at least 58 points, got 30"):
        tf.rolling_dfa(x, window=30, nan_policy="omit")


@pytest.mark.peer
@pytest.mark.parametrize(("seed", "window"), [(0, 0.4), (1, 80)])
def test_sample_entropy_and_dfa_indicators_equal_ewstools(seed, window):
    ewstools = pytest.importorskip("ewstools")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(300).cumsum() * 0.1 + rng.standard_normal(300) + 5
    ts = ewstools.TimeSeries(x)
    ts.detrend(method="Gaussian", bandwidth=0.2)
    ts.compute_entropy(rolling_window=window)
    ts.compute_dfa(rolling_window=window)
    res = analyze(
        x, window=window, bandwidth=0.2, indicators=["sample_entropy", "dfa"], convention="ewstools"
    )
    for ours, col in (("sample_entropy", "sample-entropy-2"), ("dfa", "dfa")):
        np.testing.assert_allclose(res.data[ours].values, ts.ews[col].values, rtol=1e-10, atol=1e-12)
    # under the default convention DFA uses its own scales, still on the same windows
    default = analyze(x, window=window, bandwidth=0.2, indicators=["dfa"])
    assert np.isfinite(default.data["dfa"].values[-1])
