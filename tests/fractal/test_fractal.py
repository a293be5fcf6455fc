"""DFA, Hurst R/S, Higuchi and Katz: exact fractional Gaussian noise, peers, bad input."""

import warnings

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import tsdyn.fractal as tf
from tsdyn.errors import InputError


def fgn(hurst, n, seed):
    """Fractional Gaussian noise generated exactly (Davies & Harte 1987, circulant embedding)."""
    k = np.arange(n + 1, dtype=np.float64)
    gamma = 0.5 * (np.abs(k + 1) ** (2 * hurst) - 2 * k ** (2 * hurst) + np.abs(k - 1) ** (2 * hurst))
    row = np.concatenate([gamma, gamma[-2:0:-1]])
    eig = np.fft.fft(row).real
    assert eig.min() > -1e-9  # the embedding is valid for every H in (0, 1)
    rng = np.random.default_rng(seed)
    z = rng.normal(size=row.size) + 1j * rng.normal(size=row.size)
    return np.ascontiguousarray(np.fft.fft(np.sqrt(np.clip(eig, 0, None) / row.size) * z).real[:n])


N = 2**14


@pytest.mark.parametrize("hurst", [0.3, 0.5, 0.7, 0.9])
def test_dfa_alpha_is_the_hurst_exponent_of_fgn_and_one_more_for_its_sum(hurst):
    x = fgn(hurst, N, seed=int(hurst * 10))
    assert x.std() == pytest.approx(1.0, abs=0.1)
    assert tf.dfa(x).alpha == pytest.approx(hurst, abs=0.05)
    assert tf.dfa(np.cumsum(x)).alpha == pytest.approx(hurst + 1, abs=0.05)
    assert tf.dfa(np.cumsum(x), degree=2).alpha == pytest.approx(hurst + 1, abs=0.05)


def test_dfa_white_noise_and_curve():
    x = np.random.default_rng(3).normal(size=N)
    res = tf.dfa(xr.DataArray(x, dims="time"))
    assert float(res.alpha) == pytest.approx(0.5, abs=0.05)
    assert res.fluctuation.dims == ("scale",)
    assert res.scale.values.tolist() == tf.dfa_scales(N).tolist()
    assert res.attrs["tsdyn_function"] == "tsdyn.fractal.dfa" and res.attrs["degree"] == 1
    # F(n) of white noise grows as sqrt(n)
    f = res.fluctuation.values
    assert f[-1] / f[0] == pytest.approx(np.sqrt(res.scale.values[-1] / res.scale.values[0]), rel=0.2)


def test_dfa_removes_polynomial_trends_of_its_degree():
    t = np.arange(4000.0)
    noise = np.random.default_rng(5).normal(size=t.size)
    trend = 1e-6 * t**2
    assert tf.dfa(noise + trend, degree=2).alpha == pytest.approx(tf.dfa(noise, degree=2).alpha, abs=0.02)
    assert tf.dfa(noise + trend, degree=1).alpha > 0.7


@pytest.mark.parametrize("hurst", [0.3, 0.5, 0.7])
def test_hurst_rescaled_range_on_fgn(hurst):
    x = fgn(hurst, N, seed=7)
    res = tf.hurst(x)
    assert res.hurst == pytest.approx(hurst, abs=0.1)
    assert res.rescaled_range.shape == (16,)
    # without the correction small windows bias white noise upwards
    assert tf.hurst(fgn(0.5, N, seed=8), corrected=False).hurst > tf.hurst(fgn(0.5, N, seed=8)).hurst


def test_higuchi_and_katz_on_known_curves():
    noise = np.random.default_rng(2).normal(size=5000)
    assert tf.higuchi_dimension(noise) == pytest.approx(2.0, abs=0.05)
    assert tf.higuchi_dimension(np.sin(np.arange(5000) / 50.0)) == pytest.approx(1.0, abs=0.02)
    assert tf.higuchi_dimension(np.cumsum(noise)) == pytest.approx(1.5, abs=0.1)
    assert tf.katz_dimension(np.arange(100.0)) == 1.0
    assert tf.katz_dimension(noise) > tf.katz_dimension(np.cumsum(noise))
    # never farther than a mean step from the start: the formula's inf (an alternation) or a
    # negative value (a swing past the start) means nothing
    assert np.isnan(tf.katz_dimension(np.tile([0.0, 1.0], 50)))
    assert np.isnan(tf.katz_dimension([0.0, 1.0, -1.0]))


def test_higuchi_of_a_length_that_vanishes_is_nan_without_a_warning():
    # a period-3 orbit's sub-series at k = 3, 6, 9 are constant: log L(k) = -inf
    orbit = np.tile([0.1, 0.5, 0.9], 300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(tf.higuchi_dimension(orbit))
        assert np.isfinite(tf.higuchi_dimension(orbit, k_max=2))


def test_dfa_of_fluctuations_that_vanish_in_rounding_is_nan():
    # windows of 64 samples align with the steps: DFA-1 fits the profile exactly there and
    # its fluctuation is rounding (1e-14), which gave alpha = 3.9
    steps = np.repeat(np.random.default_rng(0).standard_normal(64), 64)
    res = tf.dfa(steps)
    assert res.fluctuation.min() < 1e-10 * res.fluctuation.max()
    assert np.isnan(res.alpha)
    noise = np.random.default_rng(0).standard_normal(4096)
    assert tf.dfa(noise).alpha == pytest.approx(0.5, abs=0.1)


@pytest.mark.peer
@pytest.mark.parametrize("n", [200, 3000, 20000])
def test_fractal_measures_equal_antropy(n):
    antropy = pytest.importorskip("antropy")
    rng = np.random.default_rng(n)
    for x in (rng.normal(size=n), np.cumsum(rng.normal(size=n)), fgn(0.8, n, seed=n)):
        # antropy adds 1e-9 to the denominators of its regressions: agreement to about 1e-9
        assert tf.dfa(x).alpha == pytest.approx(antropy.detrended_fluctuation(x), abs=1e-8)
        assert tf.higuchi_dimension(x) == pytest.approx(antropy.higuchi_fd(x), abs=1e-8)
        assert tf.higuchi_dimension(x, k_max=20) == pytest.approx(antropy.higuchi_fd(x, kmax=20), abs=1e-8)
        assert tf.katz_dimension(x) == pytest.approx(antropy.katz_fd(x), rel=1e-12)


def test_families():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"a": rng.normal(size=600), "b": np.cumsum(rng.normal(size=600))})
    res = tf.dfa(df)  # a reduction and a curve: one pandas object each
    assert list(res["alpha"].index) == ["a", "b"]
    assert res["alpha"]["b"] > res["alpha"]["a"]
    assert list(res["fluctuation"].index) == tf.dfa_scales(600).tolist()
    assert list(tf.higuchi_dimension(df).index) == ["a", "b"]
    alpha, fluct = tf.dfa(df.to_numpy().T)
    assert alpha.shape == (2,) and fluct.shape == (2, tf.dfa_scales(600).size)
    # one pandas.Series: the numpy caller's named tuple, the curve as a Series over scale
    one = tf.dfa(df["b"])
    assert one.alpha == pytest.approx(res["alpha"]["b"]) and one.fluctuation.index.name == "scale"
    assert tf.hurst(df["a"]).hurst == pytest.approx(tf.hurst(df["a"].to_numpy()).hurst)


@pytest.mark.parametrize(
    "func",
    [tf.dfa, tf.hurst, tf.higuchi_dimension, tf.katz_dimension],
)
def test_constant_series_is_refused_with_a_reason(func):
    with pytest.raises(InputError, match="x is constant.*undefined for a constant series"):
        func(np.full(500, 3.0))
    with pytest.raises(InputError, match=r"x is constant \(series 1 of 2\)"):
        func(np.stack([np.random.default_rng(0).normal(size=500), np.zeros(500)]))


@pytest.mark.parametrize("func", [tf.dfa, tf.hurst, tf.higuchi_dimension, tf.katz_dimension])
def test_nan_policy(func):
    x = np.random.default_rng(1).normal(size=(2, 500))
    x[0, 10] = np.nan
    with pytest.raises(InputError, match="NaN"):
        func(x)
    res = func(x, nan_policy="propagate")
    first = np.asarray(res[0] if isinstance(res, tuple) else res)
    assert np.isnan(first[0]) and np.isfinite(first[1])
    with pytest.raises(InputError, match="accepts 'raise', 'propagate'"):
        func(x, nan_policy="omit")


def test_too_short_and_bad_scales():
    with pytest.raises(InputError, match="DFA-1 with the default scales.*needs at least 58 samples, got 50"):
        tf.dfa(np.random.default_rng(0).normal(size=50))
    with pytest.raises(InputError, match="scales must be at least degree \\+ 2 = 4 samples, got 3"):
        tf.dfa(np.arange(100.0) % 7, degree=2, scales=[3, 10])
    with pytest.raises(InputError, match="at least two window lengths"):
        tf.dfa(np.arange(100.0) % 7, scales=[10])
    with pytest.raises(InputError, match="a window of 200 samples: needs at least 200 samples, got 100"):
        tf.hurst(np.arange(100.0) % 7, scales=[10, 200])
    with pytest.raises(InputError, match="k_max must be an integer >= 2"):
        tf.higuchi_dimension(np.arange(100.0) % 7, k_max=1)
    with pytest.raises(InputError, match="k_max=10: needs at least 20 samples, got 5"):
        tf.higuchi_dimension([1.0, 2.0, 0.0, 4.0, 3.0])
    # 19 samples leave the offset 9 no step of 10 (its curve length would divide by zero)
    with pytest.raises(InputError, match="k_max=10: needs at least 20 samples, got 19"):
        tf.higuchi_dimension(np.random.default_rng(0).normal(size=19))
    assert np.isfinite(tf.higuchi_dimension(np.random.default_rng(0).normal(size=20)))
    with pytest.raises(InputError, match="degree must be an integer >= 0"):
        tf.dfa(np.arange(100.0) % 7, degree=-1)
