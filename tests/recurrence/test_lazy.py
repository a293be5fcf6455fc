"""Dask input to the per-series recurrence quantifications stays lazy and gives the eager numbers."""

import numpy as np
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.recurrence import recurrence_network, rqa, rqa_scan

dask = pytest.importorskip("dask")


def sites(n=3, length=300, seed=0):
    x = np.random.default_rng(seed).standard_normal((n, length)).cumsum(axis=1)
    return xr.DataArray(x, dims=("site", "time"), coords={"site": list("abcdefgh"[:n])})


@pytest.mark.parametrize(
    "call",
    [
        lambda x: rqa(x, m=2, tau=3, recurrence_rate=0.05),
        lambda x: rqa_scan(x, m=2, tau=3, recurrence_rate=[0.02, 0.05]),
        lambda x: recurrence_network(x, m=2, tau=3, recurrence_rate=0.05),
    ],
    ids=["rqa", "rqa_scan", "recurrence_network"],
)
def test_lazy_until_computed_and_the_eager_numbers(call):
    da = sites()
    eager = call(da)
    lazy = call(da.chunk({"site": 2}))
    assert all(isinstance(v.data, dask.array.Array) for v in lazy.data_vars.values())
    xr.testing.assert_identical(lazy.compute(), eager)


def test_a_multivariate_series_is_one_series_of_states():
    x = np.random.default_rng(1).standard_normal((2, 2, 300)).cumsum(axis=2)
    states = xr.DataArray(x, dims=("member", "variable", "time"), coords={"variable": ["u", "v"]})
    eager = rqa(states, recurrence_rate=0.05)
    lazy = rqa(states.chunk({"member": 1}), recurrence_rate=0.05)
    assert lazy.determinism.dims == ("member",) and lazy.determinism.chunks == ((1, 1),)
    xr.testing.assert_identical(lazy.compute(), eager)


def test_a_chosen_embedding_is_chosen_per_series_lazily():
    da = sites()
    eager = rqa(da, recurrence_rate=0.05)
    lazy = rqa(da.chunk({"site": 1}), recurrence_rate=0.05)
    xr.testing.assert_equal(lazy.compute(), eager)
    # the choice is known only once computed: the attrs say how it is made
    assert lazy.attrs["m"] == "chosen per series by tsdyn.chaos.embedding_dimension (m)"


def test_nan_in_a_chunk_follows_the_nan_policy():
    x = sites().values
    x[1, 40] = np.nan
    da = xr.DataArray(x, dims=("site", "time")).chunk({"site": 1})
    lazy = rqa(da, m=2, tau=3, recurrence_rate=0.05)
    with pytest.raises(InputError, match=r"NaN or inf \(in a dask chunk: series 1, time index 40\)"):
        lazy.compute()
    kept = rqa(da, m=2, tau=3, recurrence_rate=0.05, nan_policy="propagate").compute()
    assert np.isnan(kept.determinism.values[1]) and np.isfinite(kept.determinism.values[[0, 2]]).all()
