"""Spectral indicators: Welch spectra against scipy.signal.welch, smax and AIC weights against ewstools."""

import numpy as np
import pytest
from scipy import signal

from tsdyn.ews import analyze
from tsdyn.ews.spectral import aic_weights, welch_windows


def _ar1(n, phi, seed):
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    for i in range(1, n):
        x[i] = phi * x[i - 1] + rng.standard_normal()
    return x


@pytest.mark.parametrize(("window", "step"), [(200, 20), (130, 7), (30, 20)])
def test_windows_equal_scipy_welch(window, step):
    x = _ar1(400, 0.4, 0)
    ends, f, power = welch_windows(x, window=window, step=step)
    seg = min(40, window)
    for j in (0, len(ends) // 2, len(ends) - 1):
        seg_x = x[ends[j] - window + 1 : ends[j] + 1]
        fr, p = signal.welch(
            seg_x, nperseg=seg, noverlap=int(0.5 * seg), return_onesided=False, scaling="spectrum"
        )
        order = np.argsort(fr)
        np.testing.assert_allclose(f, fr[order])
        np.testing.assert_allclose(power[j], p[order], rtol=1e-10, atol=1e-14)


def test_aic_weights_pick_the_right_spectrum():
    w = 2 * np.pi * np.fft.fftshift(np.fft.fftfreq(40))
    fold = 1 / (2 * np.pi) / (w**2 + 0.3**2)
    hopf = 1 / (4 * np.pi) * (1 / ((w + 1.5) ** 2 + 0.2**2) + 1 / ((w - 1.5) ** 2 + 0.2**2))
    flat = np.full_like(w, 0.5) * (1 + 0.01 * np.cos(7 * w))
    assert aic_weights(w, fold)["fold"] > 0.99
    assert aic_weights(w, hopf)["hopf"] > 0.99
    assert aic_weights(w, flat)["null"] > 0.5


@pytest.mark.peer
def test_smax_and_aic_weights_match_ewstools():
    ewstools = pytest.importorskip("ewstools")
    import pandas as pd

    x = pd.Series(_ar1(240, 0.6, 1), index=np.arange(240) * 0.5)  # frequencies in the series' time unit
    ts = ewstools.TimeSeries(x)
    ts.detrend(bandwidth=0.2)
    ts.compute_spectrum(rolling_window=0.5)
    ts.compute_smax()
    ts.compute_spec_type()
    ts.compute_var(rolling_window=0.5)  # compute_ktau needs a rolling indicator
    ts.compute_ktau()
    names = ["smax", "aic_fold", "aic_hopf", "aic_null"]
    res = analyze(x, window=0.5, bandwidth=0.2, convention="ewstools", indicators=names)
    at = np.searchsorted(x.index, ts.ews_spec.index.to_numpy())
    assert np.isfinite(res.data.smax.values).sum() == len(at)
    np.testing.assert_allclose(res.data.smax.values[at], ts.ews_spec["smax"], rtol=1e-10)
    assert res.ktau.loc["smax", "tau"] == pytest.approx(ts.ktau["smax"], abs=1e-10)
    for name in names[1:]:
        np.testing.assert_allclose(res.data[name].values[at], ts.ews_spec[name[4:]], rtol=1e-10, atol=1e-10)


def test_gaps_blank_only_the_windows_that_hold_them():
    x = _ar1(300, 0.5, 2)
    res = analyze(x, window=100, detrend="first_difference", indicators=["smax"], spectral={"step": 10})
    ends = np.flatnonzero(np.isfinite(res.data.smax.values))
    # the NaN first difference sits in the first window only
    assert ends[0] == 109 and ends[-1] == 299
    _, _, power = welch_windows(np.diff(x)[9:109], window=100, step=10)
    assert res.data.smax.values[109] == pytest.approx(power[0].max(), rel=1e-12)
