"""Atomic writers: a crash leaves either the old file or the new one, never half of one.

Each writer writes to a temporary name in the target's folder (same file
system, so the final ``os.replace`` is atomic) and renames it into place.

>>> import pandas as pd, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_csv(pd.DataFrame({"a": [1, 2]}), folder / "out.csv")
>>> path.read_text().splitlines()
['a', '1', '2']
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import xarray as xr

from tsdyn.errors import InputError

__all__ = ["atomic_path", "write", "write_csv", "write_netcdf", "write_parquet", "write_zarr"]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, directory: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it onto ``path``.

    On an exception the temporary file or folder is removed and ``path`` is
    left as it was. ``directory=True`` is for formats stored as folders (zarr):
    the old folder is moved aside first, then removed once the new one is in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    target = tmp / path.name
    try:
        yield target
        if directory and path.exists():
            old = tmp / ".old"
            os.replace(path, old)
            os.replace(target, path)
        else:
            os.replace(target, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_csv(df: pd.DataFrame, path, **kwargs) -> Path:
    """Write a DataFrame to CSV atomically (``kwargs`` go to ``DataFrame.to_csv``)."""
    kwargs.setdefault("index", False)
    with atomic_path(path) as tmp:
        df.to_csv(tmp, **kwargs)
    return Path(path)


def write_parquet(df: pd.DataFrame, path, **kwargs) -> Path:
    """Write a DataFrame to Parquet (pyarrow) atomically."""
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, **kwargs)
    return Path(path)


def write_netcdf(obj: xr.DataArray | xr.Dataset, path, **kwargs) -> Path:
    """Write a DataArray or Dataset to netCDF (h5netcdf engine) atomically."""
    kwargs.setdefault("engine", "h5netcdf")
    with atomic_path(path) as tmp:
        _as_dataset(obj).to_netcdf(tmp, **kwargs)
    return Path(path)


#: The zarr format tsdyn writes (see :func:`write_zarr`).
ZARR_FORMAT = 2


def write_zarr(obj: xr.DataArray | xr.Dataset, path, **kwargs) -> Path:
    """Write a DataArray or Dataset to a zarr store atomically (needs the ``distributed`` extra).

    The store is zarr format 2 unless ``zarr_format`` says otherwise: every
    zarr library reads it, and it holds string coordinates (variable names)
    and consolidated metadata, which format 3 does not yet specify (zarr warns
    on both).
    """
    kwargs.setdefault("zarr_format", ZARR_FORMAT)
    try:
        import zarr  # noqa: F401
    except ImportError:
        raise InputError("writing zarr needs the zarr package: pip install 'tsdyn[distributed]'") from None
    with atomic_path(path, directory=True) as tmp:
        _as_dataset(obj).to_zarr(tmp, **kwargs)
    return Path(path)


def write(obj, path, **kwargs) -> Path:
    """Write ``obj`` in the format its suffix names: .csv, .parquet, .nc or .zarr."""
    suffix = "".join(Path(path).suffixes[-1:]).lower()
    if suffix in (".csv", ".parquet"):
        df = obj if isinstance(obj, pd.DataFrame) else _as_dataset(obj).to_dataframe().reset_index()
        return (write_csv if suffix == ".csv" else write_parquet)(df, path, **kwargs)
    if suffix == ".nc":
        return write_netcdf(obj, path, **kwargs)
    if suffix == ".zarr":
        return write_zarr(obj, path, **kwargs)
    raise InputError(f"cannot tell the format of {str(path)!r}: use .csv, .parquet, .nc or .zarr")


def _as_dataset(obj) -> xr.Dataset:
    if isinstance(obj, xr.Dataset):
        return obj
    if isinstance(obj, xr.DataArray):
        return obj.to_dataset(name=obj.name or "value")
    raise InputError(f"expected an xarray DataArray or Dataset, got {type(obj).__name__}")
