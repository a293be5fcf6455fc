"""tsdyn.io.long: long tables of trajectories, checked against xarray's own to_dataframe."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.io import to_long, write_long


def ensemble():
    rng = np.random.default_rng(0)
    return xr.DataArray(
        rng.standard_normal((5, 3, 2)),
        dims=("time", "variable", "member"),
        coords={"time": 0.1 * np.arange(5), "variable": ["x", "y", "z"], "member": [10, 11]},
        name="Lorenz",
    )


def test_rows_equal_xarray_dataframe_sorted_by_series_then_time():
    da = ensemble()
    df = to_long(da)
    assert list(df.columns) == ["series_id", "time", "variable", "member", "value"]
    ref = da.to_dataframe().reset_index().sort_values(["variable", "member", "time"], kind="stable")
    np.testing.assert_array_equal(df.value, ref.Lorenz)
    np.testing.assert_array_equal(df.time, ref.time)
    np.testing.assert_array_equal(df.member, ref.member)
    assert df.variable.astype(str).tolist() == ref.variable.tolist()
    # One id per univariate series, its rows contiguous and in time order.
    assert df.series_id.nunique() == 6 and df.series_id.iloc[0] == "Lorenz/member=10/x"
    one = df[df.series_id == "Lorenz/member=11/z"]
    np.testing.assert_array_equal(one.value, da.sel(variable="z", member=11).values)
    assert one.index.is_monotonic_increasing and (np.diff(one.index) == 1).all()


def test_parquet_round_trip_and_plain_inputs(tmp_path):
    da = ensemble()
    path = write_long(da, tmp_path / "ens.parquet")
    back = pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, to_long(da), check_categorical=False)
    csv = pd.read_csv(write_long(da, tmp_path / "ens.csv"))
    np.testing.assert_allclose(csv.value, to_long(da).value, rtol=1e-15)
    # numpy input: time on the last axis, no names; one unnamed series.
    df = to_long(np.arange(3.0), id_column=None)
    assert list(df.columns) == ["time", "value"] and df.value.tolist() == [0.0, 1.0, 2.0]
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=[0.5, 1.0])
    assert to_long(frame).series_id.astype(str).tolist() == ["a", "a", "b", "b"]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: to_long(ensemble(), value="member"), "column names must differ"),
        (lambda: to_long(ensemble(), id_column="time"), "column names must differ"),
        (lambda: write_long(ensemble(), "x.nc"), "written to .parquet or .csv"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()
