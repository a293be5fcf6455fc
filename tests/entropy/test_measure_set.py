"""The ``chaos`` measure set of ``tsdyn analyze``: entropy and fractal scalars per series."""

import numpy as np
import pytest
import xarray as xr

import tsdyn.entropy as te
import tsdyn.fractal as tf
from tsdyn.errors import InputError
from tsdyn.io.measures import get_measure, resolve_params


def test_chaos_set_gives_the_engines_values():
    ms = get_measure("chaos")
    x = np.random.default_rng(0).normal(size=800)
    params = resolve_params(["chaos"], {"chaos": {"m": 3}})["chaos"]
    res = ms.compute(xr.DataArray(x, dims="time"), params, None)
    assert res.scalars["sample_entropy"] == te.sample_entropy(x, m=3)
    assert res.scalars["dfa_alpha"] == tf.dfa(x).alpha
    assert res.scalars["hurst"] == tf.hurst(x).hurst
    assert set(res.scalars) == {
        "sample_entropy",
        "approximate_entropy",
        "lempel_ziv",
        "dfa_alpha",
        "hurst",
        "higuchi_dimension",
        "katz_dimension",
    }
    assert ms.min_length(params) == 58


def test_chaos_set_refuses_a_constant_series_with_the_reason():
    ms = get_measure("chaos")
    with pytest.raises(InputError, match="constant"):
        ms.compute(xr.DataArray(np.ones(200), dims="time"), ms.defaults, None)
