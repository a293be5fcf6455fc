"""Fuzzy entropy against EntropyHub's FuzzEn and its own defining properties."""

import numpy as np
import pytest
import xarray as xr

from tsdyn.entropy import fuzzy_entropy
from tsdyn.errors import InputError


def brute_force(x, m, tau, r, n):
    """The definition, written out with the full pair matrix (small N only)."""

    def phi(k):
        count = x.size - m * tau
        t = np.stack([x[i : i + (k - 1) * tau + 1 : tau] for i in range(count)])
        t = t - t.mean(axis=1, keepdims=True)
        d = np.abs(t[:, None, :] - t[None, :, :]).max(axis=2)
        sim = np.exp(-(d**n) / r)
        return (sim.sum() - count) / (count * (count - 1))

    return np.log(phi(m)) - np.log(phi(m + 1))


@pytest.mark.parametrize(("m", "tau", "n"), [(2, 1, 2.0), (3, 2, 2.0), (1, 1, 1.5)])
def test_matches_the_definition(m, tau, n):
    x = np.random.default_rng(m).standard_normal(300).cumsum()
    r = (0.2 * x.std()) ** n  # the default divisor
    assert fuzzy_entropy(x, m=m, tau=tau, n=n) == pytest.approx(brute_force(x, m, tau, r, n), abs=1e-10)


@pytest.mark.peer
def test_equals_entropyhub():
    eh = pytest.importorskip("EntropyHub")
    x = np.random.default_rng(1).standard_normal(400)
    for m, tau, r in [(2, 1, 0.2), (3, 1, 0.3), (2, 2, 0.15)]:
        fuzz, _, _ = eh.FuzzEn(x, m=m, tau=tau, r=(r, 2.0))
        assert fuzzy_entropy(x, m=m, tau=tau, r=r) == pytest.approx(fuzz[-1], abs=1e-10)


def test_order_regular_below_noise_and_families():
    rng = np.random.default_rng(0)
    sine = np.sin(np.arange(800) / 5.0)
    noise = rng.standard_normal(800)
    assert fuzzy_entropy(sine) < 0.5 < fuzzy_entropy(noise)
    # mean-removed templates and r in SDs: shift and scale do not matter
    assert fuzzy_entropy(3 * noise + 7) == pytest.approx(fuzzy_entropy(noise), rel=1e-9)
    both = fuzzy_entropy(np.stack([sine, noise]))
    np.testing.assert_allclose(both, [fuzzy_entropy(sine), fuzzy_entropy(noise)])
    da = xr.DataArray(np.stack([sine, noise]), dims=("member", "time"))
    out = fuzzy_entropy(da)
    assert out.dims == ("member",) and out.attrs["tsdyn_function"] == "tsdyn.entropy.fuzzy_entropy"
    assert fuzzy_entropy(np.full(50, 2.0)) == 0.0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"x": np.arange(3.0), "m": 2}, "at least 4"),
        ({"x": np.r_[np.arange(20.0), np.nan]}, "NaN"),
        ({"x": np.arange(20.0), "r": 0.0}, "r must be"),
        ({"x": np.arange(20.0), "n": -1.0}, "n must be"),
        ({"x": np.arange(20.0), "nan_policy": "omit"}, "nan_policy"),
        ({"x": np.arange(20.0), "m": 0}, "m must be"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        fuzzy_entropy(**kwargs)
