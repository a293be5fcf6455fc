"""The ``recurrence`` measure set of ``tsdyn analyze``: RQA scalars per series."""

import numpy as np
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.io.measures import get_measure, resolve_params
from tsdyn.recurrence import rqa


def test_recurrence_set_gives_the_engines_values():
    ms = get_measure("recurrence")
    x = np.sin(np.arange(600) / 4.0) + 0.1 * np.random.default_rng(0).normal(size=600)
    params = resolve_params(["recurrence"], {"recurrence": {"m": 3, "tau": 2}})["recurrence"]
    res = ms.compute(xr.DataArray(x, dims="time"), params, None)
    want = rqa(x, m=3, tau=2, recurrence_rate=0.05)
    assert res.scalars["determinism"] == want.determinism
    assert res.scalars["recurrence_rate"] == pytest.approx(0.05, abs=1e-3)
    assert ms.min_length(params) == 8
    # a threshold given replaces the default rate
    params = resolve_params(["recurrence"], {"recurrence": {"m": 3, "tau": 2, "threshold": 0.2}})[
        "recurrence"
    ]
    res = ms.compute(xr.DataArray(x, dims="time"), params, None)
    assert res.scalars["threshold"] == 0.2
    assert res.scalars["laminarity"] == rqa(x, m=3, tau=2, threshold=0.2).laminarity


def test_recurrence_set_refuses_bad_parameters():
    ms = get_measure("recurrence")
    params = resolve_params(["recurrence"], {"recurrence": {"metric": "cosine"}})["recurrence"]
    with pytest.raises(InputError, match="metric"):
        ms.compute(xr.DataArray(np.arange(100.0), dims="time"), params, None)
    with pytest.raises(InputError, match="recurrence m"):
        ms.min_length({**params, "m": 0, "tau": 1})
