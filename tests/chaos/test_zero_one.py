"""0-1 test for chaos: chaotic maps and flows near 1, periodic and quasi-periodic signals near 0."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import tsdyn.systems as ts
from tsdyn.chaos import zero_one_test
from tsdyn.errors import InputError

_T = np.arange(10_000) * 0.01


@pytest.fixture(scope="module")
def lorenz():
    return ts.get("Lorenz").integrate(n=10_000, dt=0.01, transient=50).sel(variable="x0")


@pytest.mark.parametrize("name, params", [("Logistic", {"r": 4.0}), ("Henon", {})], ids=["logistic", "henon"])
def test_chaotic_maps(name, params):
    x = ts.get(name, **params).integrate(n=5000, transient=100).isel(variable=0)
    res = zero_one_test(x)
    assert float(res.k) > 0.9 and int(res.subsample) == 1  # a map's series is not subsampled


def test_finely_sampled_lorenz(lorenz):
    # 80 samples per oscillation: unsubsampled, the walk looks bounded (K ~ 0); the automatic
    # subsampling (mutual-information delay, here capped to keep 1000 samples) restores K ~ 1.
    assert abs(zero_one_test(lorenz, subsample=1).k) < 0.1
    res = zero_one_test(lorenz)
    assert float(res.k) > 0.9 and int(res.subsample) == 10
    assert res.k_c.dims == ("c",) and res.k_c.size == 100
    assert res.k.attrs["tsdyn_function"] and res.attrs["n_c"] == 100


@pytest.mark.parametrize(
    "x",
    [np.sin(2 * np.pi * _T / 1.3), np.sin(2 * np.pi * _T / 1.3) + np.sin(2 * np.pi * np.sqrt(2) * _T / 1.3)],
    ids=["sine", "quasi-periodic"],
)
def test_regular_signals(x):
    assert abs(zero_one_test(x).k) < 0.1


def test_seeded_and_families(lorenz):
    x = lorenz.values
    one = zero_one_test(x)
    assert zero_one_test(x).k == one.k  # same seed, same frequencies
    assert zero_one_test(x, seed=1).c[0] != one.c[0]
    both = zero_one_test(np.stack([x, x]))
    np.testing.assert_allclose(both.k, [one.k, one.k])
    assert zero_one_test(pd.Series(x)).k == pytest.approx(one.k)
    da = xr.DataArray(np.stack([x, x]), dims=("member", "time"))
    assert zero_one_test(da).k.dims == ("member",)


@pytest.mark.parametrize("scale", [1e-100, 2.0**-40, 1e80])
def test_k_does_not_depend_on_the_series_scale(lorenz, scale):
    # K is a correlation; its sums of squares overflowed (K = 0 for white noise at 1e80) or
    # underflowed (K = inf at 1e-100) before the series was brought to unit magnitude
    noise = np.random.default_rng(0).normal(size=3000)
    assert zero_one_test(noise * scale).k == pytest.approx(zero_one_test(noise).k, rel=1e-12)
    assert zero_one_test(lorenz.values * scale).k == pytest.approx(zero_one_test(lorenz.values).k, rel=1e-12)


@pytest.mark.parametrize("offset", [-3.0, 1e3, 1e6])
def test_k_does_not_depend_on_an_offset(offset):
    # the mean's cross term with the fluctuations stayed in Gottwald & Melbourne's modified
    # displacement and grew with the offset: the logistic map's K was 0.93 at +1e3, -0.47 at +1e6.
    # Offsets exact in floating point (a quarter's multiples), so only the test can move K
    x = np.empty(2000)
    x[0] = 0.3
    for i in range(1, x.size):
        x[i] = 4.0 * x[i - 1] * (1.0 - x[i - 1])
    x = np.round(x * 4096) / 4096
    k = zero_one_test(x).k
    assert k > 0.99 and zero_one_test(x + offset).k == pytest.approx(k, abs=1e-9)


def test_bad_input():
    x = np.random.default_rng(0).normal(size=300)
    with pytest.raises(InputError, match="needs at least 100 samples, got 99"):
        zero_one_test(x[:99], subsample=1)
    with pytest.raises(InputError, match="needs at least 400 samples"):
        zero_one_test(x, subsample=4)
    with pytest.raises(InputError, match="constant"):
        zero_one_test(np.ones(500))
    with pytest.raises(InputError, match="NaN"):
        zero_one_test(np.r_[x, np.nan])
    with pytest.raises(InputError, match="n_c"):
        zero_one_test(x, n_c=0)
    with pytest.raises(InputError, match="subsample"):
        zero_one_test(x, subsample=0)
