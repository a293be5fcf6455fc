"""Sensitivity grid: every cell is the full pipeline run with that window and bandwidth."""

import numpy as np
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ews import analyze, sensitivity_grid


def test_each_cell_equals_analyze():
    x = np.random.default_rng(0).standard_normal(240).cumsum() * 0.1 + np.random.default_rng(
        1
    ).standard_normal(240)
    windows, bandwidths = [0.3, 60], [0.1, 30, 0.5]
    da = sensitivity_grid(
        x, windows=windows, bandwidths=bandwidths, indicators=["variance", "ac1", "skewness"]
    )
    assert da.dims == ("indicator", "window", "bandwidth") and da.shape == (3, 2, 3)
    for w in windows:
        for b in bandwidths:
            ref = analyze(x, window=w, bandwidth=b, indicators=["variance", "ac1", "skewness"]).ktau["tau"]
            got = da.sel(window=w, bandwidth=b).to_series()
            np.testing.assert_allclose(got[ref.index].to_numpy(), ref.to_numpy(), atol=1e-12)


def test_broadcasts_over_members_and_respects_transition():
    da = xr.DataArray(np.random.default_rng(2).standard_normal((2, 150)), dims=("member", "time"),
                      coords={"time": np.arange(150.0)})  # fmt: skip
    out = sensitivity_grid(da, windows=[0.5], bandwidths=[0.2], transition=100.0)
    assert out.dims == ("member", "indicator", "window", "bandwidth")
    ref = analyze(da.isel(member=1), window=0.5, bandwidth=0.2, transition=100.0).ktau["tau"]
    np.testing.assert_allclose(out.isel(member=1, window=0, bandwidth=0).values, ref.to_numpy(), atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"windows": []}, "at least one value"), ({"windows": [0.5, 2.0]}, r"window=2.0 is ambiguous")],
)
def test_bad_grid(kwargs, match):
    with pytest.raises(InputError, match=match):
        sensitivity_grid(np.random.default_rng(3).standard_normal(100), **kwargs)
