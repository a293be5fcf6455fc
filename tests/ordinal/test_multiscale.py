import numpy as np
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ordinal import (
    complexity_entropy,
    multiscale_complexity_entropy,
    multiscale_permutation_entropy,
    permutation_entropy,
)


def test_delays_equal_single_delay_calls():
    x = np.random.default_rng(0).standard_normal((2, 300)).cumsum(axis=1)
    res = multiscale_complexity_entropy(x, m=4, taus=[1, 3, 7])
    for i, tau in enumerate([1, 3, 7]):
        one = complexity_entropy(x, m=4, tau=tau)
        np.testing.assert_allclose(res.entropy[:, i], one.entropy, atol=1e-14)
        np.testing.assert_allclose(res.complexity[:, i], one.complexity, atol=1e-14)


def test_coarse_graining_by_hand():
    x = np.random.default_rng(1).standard_normal(301)
    res = multiscale_permutation_entropy(x, m=3, scales=[1, 2, 5])
    for i, s in enumerate([1, 2, 5]):
        m = x.size // s
        y = x[: m * s].reshape(m, s).mean(axis=1)
        assert res[i] == pytest.approx(permutation_entropy(y, m=3), abs=1e-14)


def test_sine_entropy_rises_with_delay_and_xarray_dims():
    t = np.arange(2000)
    da = xr.DataArray(np.sin(2 * np.pi * t / 100), dims="time", coords={"time": t * 0.1})
    res = multiscale_complexity_entropy(da, m=4, taus=range(1, 30, 4))
    assert res.entropy.dims == ("tau",) and list(res.tau.values) == list(range(1, 30, 4))
    assert res.entropy[0] < res.entropy[-1]
    assert res.attrs["m"] == 4


def test_bad_input():
    with pytest.raises(InputError, match="taus has repeated values"):
        multiscale_complexity_entropy(np.arange(50.0), taus=[1, 1])
    with pytest.raises(InputError, match="taus must be an integer >= 1"):
        multiscale_complexity_entropy(np.arange(50.0), taus=[0, 2])
    # the largest delay sets the minimum, (m-1)*tau + m!; with allow_short one pattern
    with pytest.raises(InputError, match="needs at least 26 samples"):
        multiscale_complexity_entropy(np.arange(20.0), taus=[1, 10])
    with pytest.raises(InputError, match="needs at least 21 samples"):
        multiscale_complexity_entropy(np.arange(20.0), taus=[1, 10], allow_short=True)
    # the coarsest series (one sample per 10) must hold (m-1)*tau + m! = 8 samples, or one pattern
    with pytest.raises(InputError, match="needs at least 80 samples"):
        multiscale_permutation_entropy(np.arange(20.0), scales=[1, 10])
    with pytest.raises(InputError, match="needs at least 30 samples"):
        multiscale_permutation_entropy(np.arange(20.0), scales=[1, 10], allow_short=True)
    with pytest.raises(InputError, match="scales must be"):
        multiscale_permutation_entropy(np.arange(20.0), scales="ab")
