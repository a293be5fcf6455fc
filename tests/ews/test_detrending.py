"""Detrending against scipy.ndimage, R ksmooth's formula written out, least squares and the NaN policies."""

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import ndimage

from tsdyn.errors import InputError
from tsdyn.ews import detrend
from tsdyn.ews.conventions import get_convention
from tsdyn.ews.detrending import gaussian_smooth, resolve_detrend


def _walk(n, seed=0):
    return np.random.default_rng(seed).standard_normal(n).cumsum()


def test_gaussian_quartiles_at_quarter_bandwidth():
    # the R ksmooth convention: kernel quartiles at +/- 0.25 bandwidth
    p = resolve_detrend("gaussian", 400, 0.2, get_convention("tsdyn"), 1000)
    from scipy.stats import norm

    assert norm.ppf(0.75, scale=p["sigma"]) == pytest.approx(0.25 * 400, rel=1e-12)


def test_gaussian_equals_scipy_gaussian_filter():
    x = _walk(500)
    sigma = 0.25 * 100 / 0.6744897501960817
    ref = ndimage.gaussian_filter1d(x, sigma, mode="reflect", truncate=4.0)
    out = detrend(x, bandwidth=100)
    np.testing.assert_allclose(out.trend, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(out.residuals, x - ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize(("n", "sigma"), [(1000, 74.1), (257, 300.0), (40, 3.0), (7, 0.5), (1, 2.0)])
def test_direct_sum_is_scipy_ndimage_to_round_off(n, sigma):
    # ewstools smooths with scipy.ndimage.gaussian_filter; tsdyn's direct sum does not
    # import ndimage but makes the same sums in the same order (equal bits today; the
    # tolerance allows an ulp of reordering). 257 points under a 1200-point kernel:
    # reflection repeated; NaN: the zero-padded sums of the renormalised edge.
    radius = int(4 * sigma + 0.5)
    rng = np.random.default_rng(n)
    x = rng.standard_normal((3, n)).cumsum(axis=1) * 10
    ref = ndimage.gaussian_filter1d(x, sigma, axis=-1, mode="reflect", truncate=4.0)
    out = gaussian_smooth(x, sigma=sigma, radius=radius, method="direct")
    np.testing.assert_allclose(out, ref, rtol=0, atol=2e-16 * np.abs(x).max())
    x[:, n // 2] = np.nan
    mask = ~np.isnan(x)
    w = ndimage.gaussian_filter1d(mask.astype(float), sigma, mode="constant", truncate=4.0)
    num = ndimage.gaussian_filter1d(np.where(mask, x, 0.0), sigma, mode="constant", truncate=4.0)
    ref = np.where(w > 1e-13, num / np.where(w > 1e-13, w, 1.0), np.nan)
    out = gaussian_smooth(x, sigma=sigma, radius=radius, edge="renormalize", method="direct")
    np.testing.assert_allclose(out, ref, rtol=1e-15, atol=0)


def test_gaussian_detrending_does_not_import_scipy_ndimage():
    # scipy.ndimage costs about 0.2 s of a first call (issue 12's first-call target)
    code = (
        "import sys, numpy as np\n"
        "from tsdyn.ews import detrend\n"
        "detrend(np.random.default_rng(0).standard_normal(500).cumsum(), bandwidth=100)\n"
        "print([m for m in ('scipy.ndimage', 'scipy.signal', 'scipy.stats', 'statsmodels', 'dask') "
        "if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("n", "bw"), [(4000, 0.2), (300, 0.9), (257, 2000), (1009, 0.5)])
def test_fft_path_equals_direct_sum(n, bw):
    # 2000 points on 257 samples: the kernel is wider than the series (repeated reflection)
    x = _walk(n, 1)[None, :] * 10
    p = resolve_detrend("gaussian", bw, 0.2, get_convention("tsdyn"), n)
    direct = gaussian_smooth(x, sigma=p["sigma"], radius=p["radius"], method="direct")
    for method in ("fft", "dct"):
        fast = gaussian_smooth(x, sigma=p["sigma"], radius=p["radius"], method=method)
        np.testing.assert_allclose(fast, direct, rtol=0, atol=1e-12 * np.abs(x).max(), err_msg=method)


def _ksmooth(y, bw):
    """R's ksmooth(kernel="normal") at the sample points, written from its C code's formula."""
    sd = 0.3706506 * bw
    t = np.arange(len(y))
    out = np.empty(len(y))
    for j in range(len(y)):
        near = np.abs(t - j) <= 4 * sd
        wts = np.exp(-0.5 * ((t[near] - j) / sd) ** 2)
        out[j] = np.sum(wts * y[near]) / np.sum(wts)
    return out


@pytest.mark.parametrize("bandwidth", [5, 10, 30])
def test_earlywarnings_gaussian_is_ksmooth(bandwidth):
    y = _walk(300, 2)
    bw = round(300 * bandwidth / 100)  # generic_ews: bandwidth in % of the length, rounded
    out = detrend(y, method="gaussian", bandwidth=bandwidth, convention="earlywarnings")
    np.testing.assert_allclose(out.trend, _ksmooth(y, bw), rtol=0, atol=1e-12)


def test_linear_is_least_squares():
    x = _walk(120, 3)
    t = np.arange(120.0)
    coef = np.polyfit(t, x, 1)
    out = detrend(x, method="linear")
    np.testing.assert_allclose(out.trend, np.polyval(coef, t), atol=1e-10)


def test_first_difference_and_none():
    x = _walk(20, 4)
    d = detrend(x, method="first_difference")
    assert np.isnan(d.residuals[0]) and np.isnan(d.trend[0])
    np.testing.assert_allclose(d.residuals[1:], np.diff(x))
    n = detrend(x, method="none")
    np.testing.assert_array_equal(n.residuals, x)
    np.testing.assert_array_equal(n.trend, 0.0)


def test_nan_policies():
    x = _walk(200, 5)
    gap = x.copy()
    gap[50:55] = np.nan
    with pytest.raises(InputError, match=r"contains 5 NaN value\(s\), the first at time index 50"):
        detrend(gap)
    filled = detrend(gap, nan_policy="interpolate")
    ref = detrend(pd.Series(gap).interpolate().to_numpy())
    np.testing.assert_allclose(filled.trend, ref.trend, atol=1e-12)
    skipped = detrend(gap, nan_policy="omit", bandwidth=0.2)
    assert np.isnan(skipped.residuals[50:55]).all() and np.isfinite(skipped.trend).all()
    # skip = kernel weights of the missing points dropped and the rest renormalised
    p = resolve_detrend("gaussian", 0.2, 0.2, get_convention("tsdyn"), 200)
    w = np.exp(-0.5 * (np.arange(-p["radius"], p["radius"] + 1) / p["sigma"]) ** 2)
    padded = np.pad(gap, p["radius"], mode="symmetric")
    win = padded[100 : 100 + 2 * p["radius"] + 1]
    ok = ~np.isnan(win)
    assert skipped.trend[100] == pytest.approx(np.sum(w[ok] * win[ok]) / np.sum(w[ok]), abs=1e-12)


def test_datetime_series_and_transition():
    idx = pd.date_range("2020-01-01", periods=100, freq="D")
    s = pd.Series(_walk(100, 6), index=idx)
    out = detrend(s, bandwidth=0.3, transition="2020-03-01")
    assert isinstance(out, pd.DataFrame) and out.index.equals(idx)
    n_use = int((idx <= "2020-03-01").sum())
    assert np.isnan(out["trend"].to_numpy()[n_use:]).all()
    np.testing.assert_allclose(
        out["trend"].to_numpy()[:n_use], detrend(s.iloc[:n_use], bandwidth=0.3)["trend"]
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "spline"}, "method must be one of"),
        ({"bandwidth": 2.0}, r"bandwidth=2.0 is ambiguous: pass an int"),
        ({"method": "lowess", "span": 1000}, "span 1000 must cover between 1 point and the whole series"),
        ({"transition": 500.0}, "transition 500.0 is outside the series"),
        ({"nan_policy": "drop"}, "nan_policy must be one of"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(InputError, match=match):
        detrend(_walk(100, 7), **kwargs)


def test_bad_series():
    with pytest.raises(InputError, match="all NaN"):
        detrend(np.full(10, np.nan), nan_policy="omit")
    with pytest.raises(InputError, match=r"constant \(2\) in series"):
        detrend(np.full(10, 2.0))
    with pytest.raises(InputError, match=r"member='b'"):
        import xarray as xr

        da = xr.DataArray(
            np.vstack([_walk(10), np.ones(10)]), dims=("member", "time"), coords={"member": ["a", "b"]}
        )
        detrend(da)


def test_irregular_time_needs_resample():
    t = np.r_[np.arange(50.0), 50.5 + np.arange(50.0)]
    s = pd.Series(_walk(100, 8), index=t)
    with pytest.raises(
        InputError, match=r"irregular time spacing along 'time' \(first at time index 49: step 1.5"
    ):
        detrend(s)
    out = detrend(s, resample="linear")
    assert out.sizes["time"] == 100 and float(out.time[1] - out.time[0]) == 1.0
    # regular datetimes are ordinary input
    detrend(pd.Series(_walk(30), index=pd.date_range("2000", periods=30, freq="h")))


@pytest.mark.parametrize("convention", ["tsdyn", "ewstools"])
@pytest.mark.parametrize(("detrend", "what"), [("gaussian", "bandwidth"), ("lowess", "span")])
def test_a_default_size_below_three_points_is_refused(convention, detrend, what):
    # the default 0.2 of a 7-sample series is 1.4 points: no smoothing that means anything
    from tsdyn.ews import analyze

    x = np.random.default_rng(0).standard_normal(7)
    with pytest.raises(InputError, match=rf"default {what} 0.2 gives 1.4 points on a series of 7 samples"):
        analyze(x, detrend=detrend, convention=convention)
    # an explicit size is the user's call, down to what the method can smooth: lowess through
    # fewer than 4 points interpolates the data (all-zero residuals) and is refused
    analyze(x, detrend=detrend, convention=convention, **{what: 3 if detrend == "gaussian" else 4})
    # 0.2 of 20 samples is 4 points, the least lowess smooths with (3 gave all-zero residuals)
    y = np.random.default_rng(0).standard_normal(20)
    ktau = analyze(y, detrend=detrend, window=5, convention=convention).ktau
    assert np.isfinite(np.asarray(ktau, dtype=float)).all()
