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

    Parameters
    ----------
    path : str or path
        The file (or folder) to write; its parent folder is created if missing.
    directory : bool
        ``path`` is a folder (a zarr store) rather than a file.

    Yields
    ------
    pathlib.Path
        The temporary path to write to, in a hidden folder beside ``path``.

    See Also
    --------
    write : Writes any format through it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> target = pathlib.Path(tmp.name) / "notes.txt"
    >>> with atomic_path(target) as part:
    ...     _ = part.write_text("done")
    ...     target.exists()  # nothing at the target until the block ends
    False
    >>> target.read_text()
    'done'
    >>> tmp.cleanup()
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
    """Write a DataFrame to CSV atomically (``kwargs`` go to ``DataFrame.to_csv``).

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    path : str or path
        Where to write it.
    **kwargs
        Passed to ``DataFrame.to_csv`` (``index`` defaults to False).

    Returns
    -------
    pathlib.Path
        ``path``.

    See Also
    --------
    write : Picks the writer from the suffix.
    read_series : Reads a series back.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = write_csv(pd.DataFrame({"time": [0, 1], "x": [0.5, 0.25]}), pathlib.Path(tmp.name) / "x.csv")
    >>> path.read_text().splitlines()
    ['time,x', '0,0.5', '1,0.25']
    >>> tmp.cleanup()
    """
    kwargs.setdefault("index", False)
    with atomic_path(path) as tmp:
        df.to_csv(tmp, **kwargs)
    return Path(path)


def write_parquet(df: pd.DataFrame, path, **kwargs) -> Path:
    """Write a DataFrame to Parquet (pyarrow) atomically.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    path : str or path
        Where to write it.
    **kwargs
        Passed to ``DataFrame.to_parquet``.

    Returns
    -------
    pathlib.Path
        ``path``.

    See Also
    --------
    write : Picks the writer from the suffix.
    write_long : A series as a long table.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = write_parquet(pd.DataFrame({"x": [0.5, 0.25]}), pathlib.Path(tmp.name) / "x.parquet")
    >>> pd.read_parquet(path)["x"].tolist()
    [0.5, 0.25]
    >>> tmp.cleanup()
    """
    with atomic_path(path) as tmp:
        df.to_parquet(tmp, **kwargs)
    return Path(path)


def write_netcdf(obj: xr.DataArray | xr.Dataset, path, **kwargs) -> Path:
    """Write a DataArray or Dataset to netCDF (h5netcdf engine) atomically.

    Parameters
    ----------
    obj : xarray.DataArray or xarray.Dataset
        The data (a DataArray is stored under its name, else ``value``).
    path : str or path
        Where to write it.
    **kwargs
        Passed to ``Dataset.to_netcdf`` (``engine`` defaults to ``"h5netcdf"``).

    Returns
    -------
    pathlib.Path
        ``path``.

    See Also
    --------
    write : Picks the writer from the suffix.
    write_zarr : The same data as a zarr store.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> da = xr.DataArray([1.0, 2.0], dims="time", name="x")
    >>> path = write_netcdf(da, pathlib.Path(tmp.name) / "x.nc")
    >>> with xr.open_dataset(path, engine="h5netcdf") as ds:
    ...     ds["x"].values.tolist()
    [1.0, 2.0]
    >>> tmp.cleanup()
    """
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

    Parameters
    ----------
    obj : xarray.DataArray or xarray.Dataset
        The data (a DataArray is stored under its name, else ``value``).
    path : str or path
        The store's folder; an existing store is replaced whole.
    **kwargs
        Passed to ``Dataset.to_zarr`` (``zarr_format`` defaults to 2).

    Returns
    -------
    pathlib.Path
        ``path``.

    See Also
    --------
    write : Picks the writer from the suffix.
    write_netcdf : The same data as one netCDF file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> da = xr.DataArray([1.0, 2.0], dims="time", name="x")
    >>> path = write_zarr(da, pathlib.Path(tmp.name) / "x.zarr")
    >>> xr.open_zarr(path)["x"].values.tolist()
    [1.0, 2.0]
    >>> tmp.cleanup()
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
    """Write ``obj`` in the format its suffix names: .csv, .parquet, .nc or .zarr.

    A DataArray or Dataset written to a table (.csv, .parquet) becomes one row
    per coordinate combination (``to_dataframe().reset_index()``); a DataFrame
    goes to a table as it is.

    Parameters
    ----------
    obj : pandas.DataFrame, xarray.DataArray or xarray.Dataset
        The data (.nc and .zarr take xarray objects only).
    path : str or path
        Where to write it; its suffix picks the format.
    **kwargs
        Passed to the writer.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputError
        For another suffix.

    See Also
    --------
    write_csv, write_parquet, write_netcdf, write_zarr : The writers.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> da = xr.DataArray([1.0, 2.0], dims="time", coords={"time": [0, 1]}, name="x")
    >>> write(da, pathlib.Path(tmp.name) / "x.csv").read_text().splitlines()
    ['time,x', '0,1.0', '1,2.0']
    >>> tmp.cleanup()
    """
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
