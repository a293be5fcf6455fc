"""The data model: every series becomes a DataArray with a ``time`` dimension.

Engines never convert by hand. They write a kernel that works on a 2-D
contiguous float64 array (one series per row, time along the row) and call
:func:`apply_along_time`, which converts the input, checks it, broadcasts over
every other dimension, keeps dask arrays lazy and hands the result back in the
caller's family: numpy in, numpy out; pandas in, pandas out; xarray in, xarray
out with the parameters recorded in ``attrs``.

>>> import numpy as np
>>> from tsdyn.data import Output, apply_along_time
>>> def mean_kernel(a, *, parallel):
...     return a.mean(axis=1)
>>> apply_along_time(mean_kernel, [1.0, 2.0, 6.0], outputs=Output("mean"))
3.0
>>> apply_along_time(mean_kernel, np.ones((2, 5)), outputs=Output("mean"))
array([1., 1.])
"""

from __future__ import annotations

import collections
import functools
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn.errors import (
    InputError,
    check_dims,
    check_finite,
    check_length,
    check_not_empty,
    check_numeric,
    check_time_coordinate,
)

__all__ = [
    "Family",
    "Output",
    "apply_along_time",
    "as_series",
    "from_series",
    "netcdf_safe",
    "series_and_family",
]

TIME = "time"


@dataclass(frozen=True)
class Output:
    """One quantity a kernel returns.

    Parameters
    ----------
    name : str
        Name of the quantity (a Dataset variable, a DataFrame column).
    long_name : str
        Human-readable description stored in ``attrs["long_name"]``.
    core_dims : tuple of str
        ``()`` for a reduction over time, ``("time",)`` for one value per
        sample (rolling indicators), or new dimensions such as ``("pattern",)``.
        ``"time"`` always means the input's time dimension, whatever ``dim`` is.
    sizes : mapping
        Length of every new core dimension.
    coords : mapping
        Coordinate values of new core dimensions (optional).
    """

    name: str
    long_name: str = ""
    core_dims: tuple[str, ...] = ()
    sizes: Mapping[str, int] = field(default_factory=dict)
    coords: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    """Which kind of object the caller passed, and what is needed to give one back."""

    kind: str  # "numpy", "series", "frame", "dataarray", "dataset"
    index: Any = None
    columns: Any = None
    name: Any = None


def as_series(x, *, dim: str = TIME, name: str = "x") -> xr.DataArray:
    """Convert any supported input to a DataArray with a ``dim`` dimension.

    Parameters
    ----------
    x : array-like, pandas.Series, pandas.DataFrame, xarray.DataArray or xarray.Dataset
        Lists and numpy arrays have time on the last axis; the other axes
        become ``dim_0``, ``dim_1`` … A Series' index and a DataFrame's
        index become the time coordinate, DataFrame columns (and Dataset
        variables) the ``variable`` dimension.
    dim : str
        Name of the time dimension.

    Returns
    -------
    xarray.DataArray

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=[0.1, 0.2])
    >>> as_series(df).dims
    ('time', 'variable')
    """
    return series_and_family(x, dim=dim, name=name)[0]


def series_and_family(x, *, dim: str = TIME, name: str = "x") -> tuple[xr.DataArray, Family]:
    """:func:`as_series` plus the :class:`Family` to answer in (see :func:`from_series`).

    For functions of several inputs (a forecast and its truth): read the first
    with its family, the others in its layout, and answer in that family.

    >>> da, family = series_and_family([1.0, 2.0])
    >>> family.kind, da.dims
    ('numpy', ('time',))
    """
    if isinstance(x, xr.Dataset):
        if not x.data_vars:
            raise InputError(f"{name} is a Dataset with no data variables")
        for var in x.data_vars:
            check_dims(x[var], [dim], name=f"{name}[{var!r}]")
        return x.to_dataarray(dim="variable"), Family("dataset")
    if isinstance(x, xr.DataArray):
        check_dims(x, [dim], name=name)
        return x, Family("dataarray", name=x.name)
    if isinstance(x, pd.Series):
        da = xr.DataArray(x.to_numpy(), dims=(dim,), coords={dim: _index_values(x.index)})
        return da, Family("series", index=x.index, name=x.name)
    if isinstance(x, pd.DataFrame):
        values = x.to_numpy()
        if values.dtype.kind == "O":
            values = _frame_values(x)
        da = xr.DataArray(
            values,
            dims=(dim, "variable"),
            coords={dim: _index_values(x.index), "variable": np.asarray(x.columns, dtype=object)},
        )
        return da, Family("frame", index=x.index, columns=x.columns)
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:
        raise InputError(f"{name} cannot be read as an array: {err}") from None
    if arr.ndim == 0:
        raise InputError(f"{name} is a scalar; a series needs a time axis (got {x!r})")
    dims = tuple(f"dim_{i}" for i in range(arr.ndim - 1)) + (dim,)
    return xr.DataArray(arr, dims=dims), Family("numpy")


def _frame_values(df: pd.DataFrame) -> np.ndarray:
    """Values of a mixed-dtype frame; numeric columns as float so only bad cells stay objects."""
    cols = []
    for col in df.columns:
        s = df[col]
        cols.append(s.to_numpy(dtype=np.float64) if s.dtype.kind in "biuf" else s.to_numpy(object))
    return np.column_stack(cols).astype(object) if cols else df.to_numpy()


def _index_values(index: pd.Index) -> np.ndarray:
    if isinstance(index, pd.DatetimeIndex):
        return index.tz_localize(None).to_numpy() if index.tz is not None else index.to_numpy()
    return index.to_numpy()


def from_series(result, family: Family, *, dim: str = TIME):
    """Give a DataArray (one quantity) or Dataset (several) back in the caller's family.

    ``result`` has the layout :func:`apply_along_time` produces. Engines use
    this when they compute outside :func:`apply_along_time` but must still
    answer in the caller's family.
    """
    if family.kind == "dataarray":
        return result
    if family.kind == "dataset":
        if isinstance(result, xr.DataArray) and "variable" in result.dims:
            return result.to_dataset(dim="variable")
        return result
    if isinstance(result, xr.Dataset):
        names = list(result.data_vars)
        if family.kind == "numpy":
            cls = _result_type(tuple(names))
            return cls(*(_to_numpy(result[n]) for n in names))
        return _dataset_to_pandas(result, family, dim)
    if family.kind == "numpy":
        return _to_numpy(result)
    return _dataarray_to_pandas(result, family, dim)


def _to_numpy(da: xr.DataArray):
    values = da.values
    return float(values) if values.ndim == 0 and values.dtype.kind == "f" else values


@functools.cache
def _result_type(names: tuple[str, ...]):
    return collections.namedtuple("Result", names)


def _dataarray_to_pandas(da: xr.DataArray, family: Family, dim: str):
    if da.ndim == 0:
        return float(da.values)
    if family.kind == "series":
        index = family.index if da.dims == (dim,) else _coord_index(da, da.dims[0])
        return pd.Series(da.values, index=index, name=family.name)
    # frame: variable is one dim; the other is time or a new dim
    if da.dims == ("variable",):
        return pd.Series(da.values, index=family.columns)
    other = [d for d in da.dims if d != "variable"]
    if len(other) != 1:
        return da
    row = other[0]
    index = family.index if row == dim else _coord_index(da, row)
    return pd.DataFrame(da.transpose(row, "variable").values, index=index, columns=family.columns)


def _dataset_to_pandas(ds: xr.Dataset, family: Family, dim: str):
    names = list(ds.data_vars)
    if family.kind == "series":
        if all(ds[n].ndim == 0 for n in names):
            return pd.Series({n: float(ds[n].values) for n in names}, name=family.name)
        if all(ds[n].dims == (dim,) for n in names):
            return pd.DataFrame({n: ds[n].values for n in names}, index=family.index)
        return {n: _dataarray_to_pandas(ds[n], family, dim) for n in names}
    if all(ds[n].dims == ("variable",) for n in names):
        return pd.DataFrame({n: ds[n].values for n in names}, index=pd.Index(family.columns, name="variable"))
    if all(set(ds[n].dims) == {dim, "variable"} for n in names):
        columns = pd.MultiIndex.from_product([family.columns, names], names=["variable", "quantity"])
        stacked = np.stack([ds[n].transpose(dim, "variable").values for n in names], axis=-1)
        return pd.DataFrame(stacked.reshape(stacked.shape[0], -1), index=family.index, columns=columns)
    return {n: _dataarray_to_pandas(ds[n], family, dim) for n in names}


def _coord_index(da: xr.DataArray, d: str) -> pd.Index:
    return pd.Index(da.coords[d].values, name=d) if d in da.coords else pd.RangeIndex(da.sizes[d])


def netcdf_safe(params: Mapping[str, Any]) -> dict[str, Any]:
    """Turn parameters into attrs that netCDF can store (str, numbers, 1-D numeric arrays).

    >>> netcdf_safe({"d": 3, "normalize": True, "q": [1, 2], "detrend": None})
    {'d': 3, 'normalize': 1, 'q': array([1, 2]), 'detrend': 'none'}
    """
    safe = {}
    for key, value in params.items():
        if value is None:
            safe[key] = "none"
        elif isinstance(value, bool | np.bool_):
            safe[key] = int(value)
        elif isinstance(value, numbers.Number | str):
            safe[key] = value
        elif isinstance(value, np.datetime64 | pd.Timestamp):
            safe[key] = str(value)
        else:
            arr = np.asarray(value)
            safe[key] = arr if arr.ndim == 1 and arr.dtype.kind in "biuf" else str(value)
    return safe


def apply_along_time(
    kernel: Callable[..., Any],
    x,
    *,
    outputs: Output | Sequence[Output],
    dim: str = TIME,
    kwargs: Mapping[str, Any] | None = None,
    attrs: Mapping[str, Any] | None = None,
    function: str | None = None,
    min_length: int = 1,
    length_reason: str = "this analysis",
    nan_policy: str = "raise",
    name: str = "x",
):
    """Run ``kernel`` on every series of ``x`` along ``dim``.

    Parameters
    ----------
    kernel : callable
        ``kernel(a, *, parallel, **kwargs)`` where ``a`` is a C-contiguous
        float64 array of shape ``(n_series, n_time)``. It returns one array
        per output, each with ``n_series`` rows followed by the output's core
        dimensions (none for a reduction, ``n_time`` for same-length output).
        ``parallel`` is False under dask (its threads already use the cores)
        and when there is a single series.
    x : array-like, pandas or xarray object
        The input (see :func:`as_series`).
    outputs : Output or sequence of Output
        What the kernel returns, in order. Several outputs give a Dataset
        (xarray), a DataFrame (pandas) or a named tuple (numpy).
    dim : str
        The time dimension.
    kwargs : mapping
        Parameters passed to the kernel.
    attrs : mapping
        Parameters to record in the result's attrs (netCDF-safe conversion applied).
    function : str
        Name recorded as ``attrs["tsdyn_function"]``.
    min_length : int
        Fewest samples along ``dim`` the analysis accepts; ``length_reason``
        says what needs them in the error message.
    nan_policy : {"raise", "propagate", "omit"}
        ``"raise"`` refuses NaN with its position; the other two let the
        kernel see NaN (it decides what ``"omit"`` means and must be told
        through ``kwargs``).

    Returns
    -------
    Same family as ``x``.
    """
    outs = [outputs] if isinstance(outputs, Output) else list(outputs)
    da, family = series_and_family(x, dim=dim, name=name)
    check_not_empty(da, dim=dim, name=name)
    check_numeric(da, name=name)
    check_time_coordinate(da, dim=dim, name=name)
    check_length(da.sizes[dim], min_length, what=length_reason, dim=dim, name=name)
    lazy = da.chunks is not None
    if lazy:
        da = da.chunk({dim: -1})
    else:
        check_finite(da, policy=nan_policy, name=name)
    n_series = int(np.prod([n for d, n in da.sizes.items() if d != dim], dtype=np.int64))
    core_out = [tuple(dim if c == TIME else c for c in o.core_dims) for o in outs]
    sizes = {d: n for o in outs for d, n in o.sizes.items()}
    block = functools.partial(
        _run_block,
        kernel=kernel,
        kwargs=dict(kwargs or {}),
        parallel=not lazy and n_series > 1,
        check_nan=lazy and nan_policy == "raise",
        n_out=len(outs),
        name=name,
    )
    result = xr.apply_ufunc(
        block,
        da,
        input_core_dims=[[dim]],
        output_core_dims=core_out,
        dask="parallelized",
        output_dtypes=[np.float64] * len(outs),
        dask_gufunc_kwargs={"output_sizes": sizes} if sizes else None,
        keep_attrs=False,
    )
    results = [result] if len(outs) == 1 else list(result)
    common = {"tsdyn_function": function or getattr(kernel, "__name__", "kernel")}
    common.update(netcdf_safe(attrs or {}))
    named = []
    for out, res, dims in zip(outs, results, core_out, strict=True):
        coords = {d: out.coords[d] for d in dims if d in out.coords}
        res = res.assign_coords(coords) if coords else res
        if dim in dims:
            # same-length output: keep the input's dim order and coordinates
            res = res.transpose(*da.dims, ...)
        res.attrs = {"long_name": out.long_name or out.name, **common}
        named.append(res.rename(out.name))
    if len(named) == 1:
        return from_series(named[0], family, dim=dim)
    ds = xr.Dataset({r.name: r for r in named})
    ds.attrs = dict(common)
    return from_series(ds, family, dim=dim)


def _run_block(arr, *, kernel, kwargs, parallel, check_nan, n_out, name):
    lead, n = arr.shape[:-1], arr.shape[-1]
    a = np.ascontiguousarray(arr.reshape(-1, n), dtype=np.float64)
    if check_nan and np.isnan(a).any():
        row, col = np.unravel_index(int(np.argmax(np.isnan(a))), a.shape)
        raise InputError(
            f"{name} contains NaN (in a dask chunk: series {row}, time index {col}); "
            "pass nan_policy='omit' to skip the affected windows or fill the gaps first"
        )
    res = kernel(a, parallel=parallel, **kwargs)
    res = (res,) if n_out == 1 else tuple(res)
    shaped = tuple(np.asarray(r, dtype=np.float64).reshape(lead + np.shape(r)[1:]) for r in res)
    return shaped[0] if n_out == 1 else shaped
