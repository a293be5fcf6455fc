"""With convention="ewstools", every indicator, the residuals and the Kendall taus equal ewstools'."""

import numpy as np
import pandas as pd
import pytest

from tsdyn.ews import analyze, detrend

pytestmark = pytest.mark.peer
ewstools = pytest.importorskip("ewstools")

# tsdyn indicator -> (ewstools method, its column)
TABLE = {
    "variance": ("compute_var", "variance"),
    "std": ("compute_std", "std"),
    "cv": ("compute_cv", "cv"),
    "skewness": ("compute_skew", "skew"),
    "excess_kurtosis": ("compute_kurt", "kurtosis"),
    "ac1": ("compute_auto", "ac1"),
    "ac4": ("compute_auto", "ac4"),
}


def _series(seed, n, offset=5.0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(n).cumsum() * 0.1 + rng.standard_normal(n) + offset


def _ewstools(x, *, window, bandwidth=None, method="Gaussian", span=0.2, transition=None):
    ts = ewstools.TimeSeries(x, transition=transition)
    if bandwidth is not None:
        ts.detrend(method=method, bandwidth=bandwidth, span=span)
    for fn, col in TABLE.values():
        if fn == "compute_auto":
            ts.compute_auto(rolling_window=window, lag=int(col[2:]))
        else:
            getattr(ts, fn)(rolling_window=window)
    ts.compute_ktau()
    return ts


@pytest.mark.parametrize(
    ("seed", "n", "window", "bandwidth"),
    [(0, 400, 0.5, 0.2), (1, 333, 0.25, 0.1), (2, 250, 60, 40), (3, 500, 0.95, 0.9), (4, 300, 0.3, None)],
)
def test_indicators_and_taus_equal_ewstools(seed, n, window, bandwidth):
    x = _series(seed, n)
    ts = _ewstools(x, window=window, bandwidth=bandwidth)
    res = analyze(
        x,
        window=window,
        detrend="none" if bandwidth is None else "gaussian",
        bandwidth=bandwidth or 0.2,
        indicators=list(TABLE),
        convention="ewstools",
    )
    if bandwidth is not None:
        np.testing.assert_allclose(res.data.residuals, ts.state.residuals, rtol=0, atol=1e-10)
    for name, (_, col) in TABLE.items():
        ours, ref = res.data[name].values, ts.ews[col].values
        np.testing.assert_array_equal(np.isnan(ours), np.isnan(ref), err_msg=name)
        np.testing.assert_allclose(ours, ref, rtol=1e-10, atol=1e-10, err_msg=name)
        assert res.ktau.loc[name, "tau"] == pytest.approx(ts.ktau[col], abs=1e-10), name


def test_transition_matches_ewstools():
    x = pd.Series(_series(5, 300), index=np.arange(300) * 0.5)
    ts = _ewstools(x, window=0.4, bandwidth=0.2, transition=100.0)
    res = analyze(
        x, window=0.4, bandwidth=0.2, indicators=list(TABLE), convention="ewstools", transition=100.0
    )
    pre = x.index <= 100.0
    np.testing.assert_allclose(res.data.residuals.values[pre], ts.state.residuals.values[pre], atol=1e-10)
    assert np.isnan(res.data.variance.values[~pre]).all()
    for name, (_, col) in TABLE.items():
        np.testing.assert_allclose(
            res.data[name].values[pre], ts.ews[col].values[pre], rtol=1e-10, atol=1e-10
        )
        assert res.ktau.loc[name, "tau"] == pytest.approx(ts.ktau[col], abs=1e-10)


@pytest.mark.parametrize("span", [0.2, 0.5, 80])
def test_lowess_residuals_equal_ewstools(span):
    x = _series(6, 240)
    ts = ewstools.TimeSeries(x)
    ts.detrend(method="Lowess", span=span)
    out = detrend(x, method="lowess", span=span, convention="ewstools")
    np.testing.assert_allclose(out.residuals, ts.state.residuals, rtol=0, atol=1e-10)


def test_large_offset_keeps_moments_accurate():
    # a mean far from zero is where naive running power sums lose digits
    x = _series(7, 2000, offset=1e4)
    ts = _ewstools(x, window=0.5)
    res = analyze(x, window=0.5, detrend="none", indicators=["variance", "skewness"], convention="ewstools")
    np.testing.assert_allclose(res.data.variance, ts.ews["variance"], rtol=1e-9)
    np.testing.assert_allclose(res.data.skewness, ts.ews["skew"], rtol=1e-6, atol=1e-8)
