"""Dask-backed ensembles: ``System.integrate(ic=many, chunks=k)`` is lazy and equals the eager call."""

import numpy as np
import pytest
import xarray as xr

import tsdyn.systems as ts
from tsdyn.errors import InputError
from tsdyn.io.writers import ZARR_FORMAT

pytest.importorskip("dask")


@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_chunks_give_the_eager_numbers(noise):
    s = ts.get("Lorenz")
    ic = s.ic + np.random.default_rng(0).normal(size=(5, 3))
    kwargs = {"n": 30, "dt": 0.01, "noise": noise, "seed": 4}
    lazy = s.integrate(ic=ic, chunks=2, **kwargs)
    assert lazy.chunks == ((30,), (3,), (2, 2, 1))  # nothing integrated yet but the template
    eager = s.integrate(ic=ic, **kwargs)
    np.testing.assert_array_equal(lazy.values, eager.values)  # seeds follow the member index
    xr.testing.assert_identical(lazy.compute(), eager)


def test_a_lazy_ensemble_streams_to_zarr(tmp_path):
    pytest.importorskip("zarr")
    s = ts.get("Henon")
    ic = s.ic + 1e-3 * np.random.default_rng(1).normal(size=(7, 2))
    lazy = s.integrate(ic=ic, n=25, chunks=3)
    lazy.to_dataset().to_zarr(tmp_path / "ens.zarr", zarr_format=ZARR_FORMAT)
    back = xr.open_zarr(tmp_path / "ens.zarr")["Henon"]
    np.testing.assert_array_equal(back.values, s.integrate(ic=ic, n=25).values)


def test_chunks_need_an_ensemble():
    with pytest.raises(InputError, match="ensembles"):
        ts.get("Lorenz").integrate(n=10, dt=0.01, chunks=2)
