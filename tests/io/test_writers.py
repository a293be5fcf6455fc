import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.io import atomic_path, write, write_csv, write_netcdf, write_parquet, write_zarr


@pytest.fixture
def frame():
    return pd.DataFrame({"t": [0.0, 1.0, 2.0], "x": [1.5, -2.0, 3.25]})


@pytest.fixture
def dataset():
    return xr.Dataset({"x": ("time", np.arange(4.0))}, coords={"time": np.linspace(0, 1, 4)}, attrs={"d": 3})


def test_csv_and_parquet_round_trip(tmp_path, frame):
    pd.testing.assert_frame_equal(pd.read_csv(write_csv(frame, tmp_path / "a.csv")), frame)
    pd.testing.assert_frame_equal(pd.read_parquet(write_parquet(frame, tmp_path / "a.parquet")), frame)


def test_netcdf_and_zarr_round_trip(tmp_path, dataset):
    pytest.importorskip("zarr")
    back = xr.open_dataset(write_netcdf(dataset, tmp_path / "a.nc"), engine="h5netcdf").load()
    xr.testing.assert_identical(back, dataset)
    write_zarr(dataset, tmp_path / "a.zarr")
    write_zarr(dataset * 2, tmp_path / "a.zarr")  # replaces the old store whole
    back = xr.open_zarr(tmp_path / "a.zarr").load()
    np.testing.assert_array_equal(back.x.values, 2 * dataset.x.values)


@pytest.mark.filterwarnings("error")
def test_zarr_with_string_coordinates_writes_and_reads_without_warnings(tmp_path):
    # Variable names are strings; zarr format 3 warns that it has no specification for them.
    pytest.importorskip("zarr")
    da = xr.DataArray(np.ones((3, 2)), dims=("time", "variable"), coords={"variable": ["x", "y"]}, name="a")
    back = xr.open_zarr(write_zarr(da, tmp_path / "a.zarr")).load()
    assert back["variable"].values.tolist() == ["x", "y"]
    np.testing.assert_array_equal(back["a"].values, da.values)


def test_failed_write_leaves_old_file_and_no_temporaries(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half of a new fi")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_write_by_suffix(tmp_path, dataset, frame):
    assert write(frame, tmp_path / "f.csv").exists()
    assert pd.read_parquet(write(dataset, tmp_path / "d.parquet")).shape == (4, 2)
    with pytest.raises(InputError, match=r"cannot tell the format of .*\.txt"):
        write(frame, tmp_path / "f.txt")
