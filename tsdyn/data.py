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
import sys
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from tsdyn._numba import use_parallel
from tsdyn.errors import (
    InputError,
    NonFiniteInput,
    check_dims,
    check_finite,
    check_length,
    check_magnitude,
    check_not_empty,
    check_numeric,
    check_time_coordinate,
)

if TYPE_CHECKING:  # pandas and xarray load only when an input or result needs them
    import pandas as pd
    import xarray as xr

__all__ = [
    "Family",
    "Output",
    "apply_along_time",
    "as_series",
    "check_time_last",
    "check_values",
    "checked_series",
    "checks_finite",
    "from_series",
    "import_xarray",
    "map_series",
    "netcdf_safe",
    "one_series",
    "per_window",
    "read_like",
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
    units : str
        The quantity's unit, stored in ``attrs["units"]`` (optional). Among several
        quantities only those that give one carry a unit; the function's ``attrs``
        ``units`` then goes to the Dataset alone.

    See Also
    --------
    apply_along_time

    Examples
    --------
    >>> Output("entropy", "permutation entropy")
    Output(name='entropy', long_name='permutation entropy', core_dims=(), sizes={}, coords={}, units='')
    >>> Output("probability", core_dims=("pattern",), sizes={"pattern": 6}).sizes
    {'pattern': 6}
    """

    name: str
    long_name: str = ""
    core_dims: tuple[str, ...] = ()
    sizes: Mapping[str, int] = field(default_factory=dict)
    coords: Mapping[str, Any] = field(default_factory=dict)
    units: str = ""


@dataclass(frozen=True)
class Family:
    """Which kind of object the caller passed, and what is needed to give one back.

    Parameters
    ----------
    kind : {"numpy", "series", "frame", "dataarray", "dataset"}
        The input's family.
    index, columns, name
        The pandas labels to restore (pandas input only).

    See Also
    --------
    series_and_family, from_series

    Examples
    --------
    >>> import pandas as pd
    >>> series_and_family(pd.Series([1.0, 2.0], name="flow"))[1].kind
    'series'
    """

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
    name : str
        How error messages call the input.

    Returns
    -------
    xarray.DataArray

    See Also
    --------
    series_and_family : the same, with the family to answer in.

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

    Parameters
    ----------
    x, dim, name
        As in :func:`as_series`.

    Returns
    -------
    (xarray.DataArray, Family)

    See Also
    --------
    read_like : the other inputs, in the first one's layout.

    Examples
    --------
    >>> da, family = series_and_family([1.0, 2.0])
    >>> family.kind, da.dims
    ('numpy', ('time',))
    """
    import pandas as pd

    xr = import_xarray()

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
    arr = as_array(x, name)
    return xr.DataArray(arr, dims=numpy_dims(arr, dim)), Family("numpy")


def import_xarray():
    """``import xarray``, without xarray importing dask.array on the first DataArray.

    xarray asks whether each new array is a dask array by importing
    ``dask.array`` (a second on a cold start) when dask is installed. No dask
    array can exist before ``dask.array`` is imported, so until then the
    question is answered without it; once imported, xarray's own answer is used.

    Returns
    -------
    module
        The ``xarray`` module.

    See Also
    --------
    as_series : The usual way in.

    Examples
    --------
    >>> import_xarray().__name__
    'xarray'
    """
    import xarray as xr

    _defer_dask_probe()
    return xr


@functools.cache
def _defer_dask_probe() -> None:
    try:
        from xarray.namedarray import pycompat, utils
    except ImportError:  # another xarray layout: leave it alone
        return
    cache = getattr(pycompat, "_cached_duck_array_modules", None)
    if isinstance(cache, dict) and "dask" not in cache and hasattr(pycompat, "DuckArrayModule"):
        cache["dask"] = _DaskProbe(pycompat.DuckArrayModule)
    asks_dask = getattr(utils, "is_dask_collection", None)
    if callable(asks_dask):
        # every dask collection is made by an imported dask
        def is_dask_collection(x: object) -> bool:
            return "dask" in sys.modules and asks_dask(x)

        utils.is_dask_collection = functools.wraps(asks_dask)(is_dask_collection)  # type: ignore[assignment]  # same contract as xarray's TypeGuard


class _DaskProbe:
    """Stands for xarray's record of the dask module until ``dask.array`` is imported."""

    def __init__(self, real):
        self._real, self._module = real, None

    def _resolved(self):
        if self._module is None and "dask.array" in sys.modules:
            self._module = self._real("dask")
        return self._module

    @property
    def type(self):
        real = self._resolved()
        return () if real is None else real.type

    @property
    def version(self):
        real = self._resolved() or self._real("dask")  # a version check may import dask
        return real.version

    @property
    def module(self):
        real = self._resolved()
        return None if real is None else real.module

    @property
    def available(self):
        return self._resolved() is not None


def is_labelled(x) -> bool:
    """Whether ``x`` is a pandas or xarray object (neither is imported to find out)."""
    pd, xr = sys.modules.get("pandas"), sys.modules.get("xarray")
    return (xr is not None and isinstance(x, xr.DataArray | xr.Dataset)) or (
        pd is not None and isinstance(x, pd.Series | pd.DataFrame)
    )


def as_array(x, name: str) -> np.ndarray:
    """A plain input as a numpy array with at least a time axis."""
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as err:
        raise InputError(f"{name} cannot be read as an array: {err}") from None
    if arr.ndim == 0:
        raise InputError(f"{name} is a scalar; a series needs a time axis (got {x!r})")
    return arr


def one_series(x, function: str, *, hint: str = "", squares: bool = True) -> np.ndarray:
    """The one series a 1-D helper takes, as a float64 array.

    Parameters
    ----------
    x : array-like, pandas.Series, 1-D DataArray or Dataset of one variable
        The series.
    function : str
        The helper's name, for the messages.
    hint : str
        Appended to the message for input of another shape.
    squares : bool
        The helper squares or subtracts the values: magnitudes float64 cannot
        square are refused (:func:`tsdyn.errors.check_magnitude`).

    Returns
    -------
    numpy.ndarray
        1-D, float64.

    Raises
    ------
    InputError
        More or fewer than one axis, a Dataset of several variables, values
        that are not numbers, NaN or infinite values, or (``squares``) such
        magnitudes.

    Examples
    --------
    >>> one_series([1, 2, 3], "f").dtype
    dtype('float64')
    """
    xr = sys.modules.get("xarray")
    if xr is not None and isinstance(x, xr.Dataset):
        if len(x.data_vars) != 1:
            raise InputError(
                f"{function} takes one series (1-D), got a Dataset of {len(x.data_vars)} variables; pass one"
            )
        x = next(iter(x.data_vars.values()))
    raw = np.asarray(x)
    if raw.dtype.kind in "USO":  # numpy reads "1.5" as 1.5: text is refused as every engine refuses it
        raise InputError(f"{function} needs a numeric series, got values of type {raw.dtype}")
    a = raw.astype(np.float64)
    if a.ndim != 1:
        raise InputError(f"{function} takes one series (1-D), got shape {a.shape}{hint}")
    bad = ~np.isfinite(a)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"{function} needs a gap-free series: x has {a[i]} at index {i}")
    if squares:
        view: Any = _Plain(a, (TIME,))  # the DataArray attributes the check reads
        check_magnitude(view, name="x")
    return a


def per_window(
    x, fields: Mapping[str, np.ndarray], start: np.ndarray, stop: np.ndarray, *, dim: str, attrs=None
):
    """Per-window results of a one-series function, labelled as the caller's input.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The caller's input (one series).
    fields : mapping of str to numpy.ndarray
        One array over the windows per result (object arrays of text allowed).
    start, stop : numpy.ndarray
        Each window's first sample and one past its last.
    dim : str
        The time dimension.
    attrs : mapping, optional
        The Dataset's attrs (xarray input).

    Returns
    -------
    None, DataFrame or Dataset
        ``None`` for plain (numpy) input, whose caller answers with its own
        named result; for xarray input a Dataset over ``window`` with
        coordinates ``start``, ``stop`` and ``dim`` (the time of each window's
        last sample); for pandas input a DataFrame indexed by that time, with
        ``start`` and ``stop`` as columns.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([1.0, 2.0, 3.0, 4.0], index=[0.0, 0.5, 1.0, 1.5])
    >>> per_window(s, {"mean": np.array([1.5, 3.5])}, np.array([0, 2]), np.array([2, 4]), dim="time")
         mean  start  stop
    0.5   1.5      0     2
    1.5   3.5      2     4
    """
    if not is_labelled(x):
        return None
    da = as_series(x, dim=dim)
    end = da.coords[dim].values[stop - 1] if dim in da.coords else stop - 1
    columns = {k: v.astype(str) if v.dtype == object else v for k, v in fields.items()}
    xr = sys.modules.get("xarray")
    if xr is not None and isinstance(x, xr.DataArray | xr.Dataset):
        coords = {"window": np.arange(start.size), "start": ("window", start), "stop": ("window", stop)}
        ds = xr.Dataset(
            {k: ("window", v) for k, v in columns.items()}, coords={**coords, dim: ("window", end)}
        )
        ds.attrs = netcdf_safe(attrs or {})
        return ds
    import pandas as pd

    index = pd.Index(end, name=x.index.name)
    return pd.DataFrame({**fields, "start": start, "stop": stop}, index=index)


def checked_series(x, *, dim: str = TIME, lazy: bool = True) -> xr.DataArray:
    """The input of a per-series procedure (:func:`map_series`), checked as a DataArray.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The input (see :func:`as_series`).
    dim : str
        The time dimension.
    lazy : bool
        Leave dask input lazy: :func:`map_series` checks its chunks as they are
        computed. False computes it here, for procedures that need it whole.

    Returns
    -------
    xarray.DataArray

    Raises
    ------
    InputError
        Empty or non-numeric input; in memory also NaN or inf values, or
        magnitudes float64 cannot square (:func:`tsdyn.errors.check_magnitude`).

    Examples
    --------
    >>> checked_series([1.0, 2.0, 4.0]).dims
    ('time',)
    """
    da = as_series(x, dim=dim)
    if da.size == 0:
        raise InputError("x is empty; a series needs samples")
    check_numeric(da)
    if da.chunks is not None:
        if lazy:
            return da
        da = da.compute()
    if not np.isfinite(np.asarray(da.values, dtype=np.float64)).all():
        raise InputError(
            "x contains NaN or infinite values; this analysis needs a gap-free series (fill or cut the gaps first)"
        )
    check_magnitude(da, dim=dim)
    return da


def map_series(
    block: Callable[..., Mapping[str, np.ndarray]],
    da: xr.DataArray,
    fields: Mapping[str, tuple[Any, tuple[str, ...]]],
    *,
    dim: str = TIME,
    seed: Any = None,
    sizes: Mapping[str, int] | None = None,
    name: str = "x",
    squares: bool = True,
    core: Sequence[str] = (),
    extras: Sequence[xr.DataArray] = (),
    allow_nan: bool = False,
) -> dict[str, xr.DataArray]:
    """Run a per-series Python procedure on every series of ``da``; lazily for dask input.

    For procedures that :func:`apply_along_time`'s numeric row kernels do not
    carry: several results of mixed types (text among them) or a seeded draw
    per series. Series ``i`` (its position in ``da`` flattened over the other
    dimensions) gets :func:`tsdyn.rng.child_seed` ``(root, i)``, so its answer
    does not depend on how a dask array is chunked or on the other series.

    Parameters
    ----------
    block : callable
        ``block(rows, index, seeds) -> {field: array}``: ``rows`` is a 2-D
        float64 array (one series per row, time along the row), ``index`` each
        row's position in the whole input (for messages) and ``seeds`` its
        child SeedSequence; every array has one entry per row first, then the
        field's own dimensions.
    da : xarray.DataArray
        The checked input. In-memory input is the caller's to check; dask
        chunks are checked here for NaN and inf (and, with ``squares``, for
        magnitudes that overflow when squared) as they are computed.
    fields : mapping of str to (dtype, dims)
        Each field's dtype (``object`` for text) and its own dimensions.
    dim : str
        The time dimension.
    seed : None, int, SeedSequence or Generator
        The root of the series' seeds.
    sizes : mapping of str to int, optional
        The length of each of the fields' own dimensions (needed for dask input).
    name : str
        How messages call the input.
    squares : bool
        Whether the procedure squares the values (the magnitude check).
    core : sequence of str
        Dimensions that belong to each series besides time (a multivariate
        series' ``variable``): ``rows`` is then ``(series, *core, time)``.
    extras : sequence of xarray.DataArray
        Values per series (over ``da``'s other dimensions, without ``core``),
        given to ``block`` after ``seeds``, one flat array each.
    allow_nan : bool
        Let NaN reach ``block`` (under a ``nan_policy="propagate"``).

    Returns
    -------
    dict of str to xarray.DataArray
        Each field over ``da``'s other dimensions (with their coordinates) and
        its own; dask-backed for dask input.

    See Also
    --------
    apply_along_time : For numeric row kernels.

    Examples
    --------
    >>> import xarray as xr
    >>> def block(rows, index, seeds):
    ...     return {"sign": np.where(rows.mean(axis=1) > 0, "up", "down").astype(object)}
    >>> da = xr.DataArray([[1.0, 2.0], [-1.0, 0.0]], dims=("site", "time"))
    >>> map_series(block, da, {"sign": (object, ())})["sign"].values.tolist()
    ['up', 'down']
    """
    xr = import_xarray()
    from tsdyn.rng import as_seed_sequence

    lazy = da.chunks is not None
    if lazy:
        da = da.chunk({dim: -1, **dict.fromkeys(core, -1)})
    index = _positions(da, [dim, *core])
    names = list(fields)
    run = functools.partial(
        _series_block,
        block=block,
        names=names,
        root=as_seed_sequence(seed),
        check=(dim, name, squares, allow_nan) if lazy else None,
        core=len(core),
    )
    result = xr.apply_ufunc(
        run,
        da,
        index,
        *extras,
        input_core_dims=[[*core, dim], [], *[[] for _ in extras]],
        output_core_dims=[list(fields[k][1]) for k in names],
        dask="parallelized",
        output_dtypes=[fields[k][0] for k in names],
        dask_gufunc_kwargs={"output_sizes": dict(sizes)} if sizes else None,
        keep_attrs=False,
    )
    results = [result] if len(names) == 1 else list(result)
    return {k: r.rename(k) for k, r in zip(names, results, strict=True)}


def _series_block(arr, index, *extras, block, names, root, check, core):
    from tsdyn.rng import child_seed

    split = arr.ndim - 1 - core
    lead, each = arr.shape[:split], arr.shape[split:]
    rows = np.ascontiguousarray(arr.reshape(-1, *each), dtype=np.float64)
    index = np.asarray(index).reshape(-1)
    if check is not None:  # a dask chunk, seen only now
        dim, name, squares, allow_nan = check
        _check_chunk(rows, name, dim, index=index, allow_nan=allow_nan, squares=squares)
    flat_extras = [np.asarray(e).reshape(-1) for e in extras]
    out = block(rows, index, [child_seed(root, int(i)) for i in index], *flat_extras)
    return tuple(np.asarray(out[k]).reshape(lead + np.shape(out[k])[1:]) for k in names)[
        slice(None) if len(names) > 1 else 0
    ]


def _positions(da: xr.DataArray, core: Sequence[str]) -> xr.DataArray:
    """Each series' position in the whole of ``da`` (flattened over the dims besides ``core``),
    chunked as ``da`` is: what a dask chunk does not know of itself."""
    xr = import_xarray()
    other = [d for d in da.dims if d not in core]
    shape = [da.sizes[d] for d in other]
    index = xr.DataArray(np.arange(int(np.prod(shape, dtype=np.int64))).reshape(shape), dims=other)
    return index.chunk({d: da.chunksizes[d] for d in other}) if da.chunks is not None else index


def _check_chunk(
    rows: np.ndarray, name: str, dim: str, *, index=None, finite: bool = True, allow_nan: bool = False,
    squares: bool = True, hint: str = "",
) -> None:  # fmt: skip
    """The input checks of a dask chunk (series along the first axis, time last): non-finite
    values (NaN allowed with ``allow_nan``; none checked without ``finite``) named by the
    series' position (``index``, else its row in the chunk), and magnitudes for ``squares``."""
    flat = rows.reshape(rows.shape[0], -1)
    if finite:
        bad = np.isinf(flat) if allow_nan else ~np.isfinite(flat)
        if bad.any():
            row, col = np.unravel_index(int(np.argmax(bad)), flat.shape)
            series = row if index is None else index[row]
            raise InputError(
                f"{name} contains {'inf' if allow_nan else 'NaN or inf'} (in a dask chunk: series {series}, "
                f"{dim} index {col % rows.shape[-1]}); fill or cut the gaps first{hint}"
            )
    if squares:
        chunk: Any = _Plain(flat, ("series", dim))  # the DataArray attributes the check reads
        check_magnitude(chunk, dim=dim, name=f"{name} (in a dask chunk)")


def numpy_dims(arr: np.ndarray, dim: str) -> tuple[str, ...]:
    return tuple(f"dim_{i}" for i in range(arr.ndim - 1)) + (dim,)


# _Plain and _Spec are built on every call: plain slotted classes, not frozen dataclasses, whose
# __init__ goes through object.__setattr__ per field (measured: the costliest part of the numpy
# path with cold caches, when the call follows other work)
@dataclass(slots=True)
class _Plain:
    """A numpy array seen through the DataArray attributes the input checks read."""

    values: np.ndarray
    dims: tuple[str, ...]
    # no labels: positions are named by index
    coords: ClassVar[collections.OrderedDict] = collections.OrderedDict()
    chunks = None

    @property
    def shape(self):
        return self.values.shape

    @property
    def size(self):
        return self.values.size

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def sizes(self):
        return dict(zip(self.dims, self.values.shape, strict=True))


def _frame_values(df: pd.DataFrame) -> np.ndarray:
    """Values of a mixed-dtype frame; numeric columns as float so only bad cells stay objects."""
    cols = []
    for col in df.columns:
        s = df[col]
        cols.append(s.to_numpy(dtype=np.float64) if s.dtype.kind in "biuf" else s.to_numpy(object))
    return np.column_stack(cols).astype(object) if cols else df.to_numpy()


def _index_values(index: pd.Index) -> np.ndarray:
    import pandas as pd

    if isinstance(index, pd.DatetimeIndex):
        return index.tz_localize(None).to_numpy() if index.tz is not None else index.to_numpy()
    return index.to_numpy()


def from_series(result, family: Family, *, dim: str = TIME):
    """Give a DataArray (one quantity) or Dataset (several) back in the caller's family.

    ``result`` has the layout :func:`apply_along_time` produces. Engines use
    this when they compute outside :func:`apply_along_time` but must still
    answer in the caller's family.

    Parameters
    ----------
    result : xarray.DataArray or xarray.Dataset
        What was computed, with the input's dims (``dim`` dropped by a reduction).
    family : Family
        From :func:`series_and_family`.
    dim : str
        The time dimension.

    Returns
    -------
    float, numpy array, pandas object or xarray object
        In ``family``.

    See Also
    --------
    apply_along_time : Does this itself.
    series_and_family : The input side.

    Examples
    --------
    >>> import pandas as pd
    >>> da, family = series_and_family(pd.Series([1.0, 2.0, 4.0]))
    >>> round(from_series(da.mean("time"), family), 4)
    2.3333
    """
    xr = import_xarray()

    if family.kind == "dataarray":
        return result
    if family.kind == "dataset":
        if isinstance(result, xr.DataArray) and "variable" in result.dims:
            return result.to_dataset(dim="variable")
        return result
    if isinstance(result, xr.Dataset):
        names = list(result.data_vars)
        if family.kind == "numpy":
            cls = result_type(tuple(names))
            return cls(*(_to_numpy(result[n]) for n in names))
        return _dataset_to_pandas(result, family, dim)
    if family.kind == "numpy":
        return _to_numpy(result)
    return _dataarray_to_pandas(result, family, dim)


def _numpy_result(values: np.ndarray):
    return float(values) if values.ndim == 0 and values.dtype.kind == "f" else values


def _to_numpy(da: xr.DataArray):
    return _numpy_result(da.values)


@functools.cache
def result_type(names: tuple[str, ...]):
    return collections.namedtuple("Result", names)


def _dataarray_to_pandas(da: xr.DataArray, family: Family, dim: str):
    import pandas as pd

    if da.ndim == 0:
        return _scalar(da.values)
    labels = {dim: family.index}
    if family.kind == "series":
        if da.ndim == 1:
            index = family.index if da.dims == (dim,) else _coord_index(da, da.dims[0])
            return pd.Series(da.values, index=index, name=family.name)
        return _table(da, da.dims, labels)
    # frame: variable is one dim; the others are time or new dims
    if da.dims == ("variable",):
        return pd.Series(da.values, index=family.columns)
    other = [d for d in da.dims if d != "variable"]
    if len(other) == 1:
        row = other[0]
        index = family.index if row == dim else _coord_index(da, row)
        return pd.DataFrame(da.transpose(row, "variable").values, index=index, columns=family.columns)
    return _table(da, ("variable", *other), {**labels, "variable": family.columns})


def _table(da: xr.DataArray, dims: tuple, labels: Mapping) -> pd.DataFrame:
    """A DataFrame of a result with two or more dims: rows over all but the last (a
    MultiIndex over several), columns over the last (a transition matrix per column)."""
    import pandas as pd

    def index(d):
        return pd.Index(labels[d], name=d) if d in labels else _coord_index(da, d)

    values = da.transpose(*dims).values
    rows = [index(d) for d in dims[:-1]]
    rows_index = rows[0] if len(rows) == 1 else pd.MultiIndex.from_product(rows, names=list(dims[:-1]))
    return pd.DataFrame(values.reshape(-1, values.shape[-1]), index=rows_index, columns=index(dims[-1]))


def _scalar(value: np.ndarray):
    """A 0-d result as a Python number, integers and flags kept as such."""
    return value.item() if value.dtype.kind in "iub" else float(value)


def _dataset_to_pandas(ds: xr.Dataset, family: Family, dim: str):
    import pandas as pd

    names = list(ds.data_vars)
    if family.kind == "series":
        if all(ds[n].ndim == 0 for n in names):
            return pd.Series({n: _scalar(ds[n].values) for n in names}, name=family.name)
        if all(ds[n].dims == (dim,) for n in names):
            return pd.DataFrame({n: ds[n].values for n in names}, index=family.index)
        # a value beside a curve: the numpy caller's named tuple, curves as pandas objects
        return result_type(tuple(names))(*(_dataarray_to_pandas(ds[n], family, dim) for n in names))
    if all(ds[n].dims == ("variable",) for n in names):
        return pd.DataFrame({n: ds[n].values for n in names}, index=pd.Index(family.columns, name="variable"))
    if all(set(ds[n].dims) == {dim, "variable"} for n in names):
        columns = pd.MultiIndex.from_product([family.columns, names], names=["variable", "quantity"])
        stacked = np.stack([ds[n].transpose(dim, "variable").values for n in names], axis=-1)
        return pd.DataFrame(stacked.reshape(stacked.shape[0], -1), index=family.index, columns=columns)
    return {n: _dataarray_to_pandas(ds[n], family, dim) for n in names}


def _coord_index(da: xr.DataArray, d: Hashable) -> pd.Index:
    import pandas as pd

    return pd.Index(da.coords[d].values, name=d) if d in da.coords else pd.RangeIndex(da.sizes[d])


def _is_timestamp(value) -> bool:
    pd = sys.modules.get("pandas")  # a Timestamp exists only once pandas is loaded
    return pd is not None and isinstance(value, pd.Timestamp)


def netcdf_safe(params: Mapping[str, Any]) -> dict[str, Any]:
    """Turn parameters into attrs that netCDF can store (str, numbers, 1-D numeric arrays).

    Parameters
    ----------
    params : mapping
        Parameter names and values as the caller gave them.

    Returns
    -------
    dict
        Booleans as 0/1, None as ``"none"``, sequences as arrays, the rest as text.

    See Also
    --------
    apply_along_time : Passes its ``attrs`` through it.

    Examples
    --------
    >>> netcdf_safe({"d": 3, "normalize": True, "q": [1, 2], "detrend": None})
    {'d': 3, 'normalize': 1, 'q': array([1, 2]), 'detrend': 'none'}
    """
    safe: dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            safe[key] = "none"
        elif isinstance(value, bool | np.bool_):
            safe[key] = int(value)
        elif isinstance(value, numbers.Number | str):
            safe[key] = value
        elif isinstance(value, np.datetime64) or _is_timestamp(value):
            safe[key] = str(value)
        else:
            arr = np.asarray(value)
            safe[key] = arr if arr.ndim == 1 and arr.dtype.kind in "biuf" else str(value)
    return safe


def check_values(da, *, name: str = "x") -> None:
    """Refuse non-numeric and (for in-memory data) non-finite values, naming where.

    For inputs read outside :func:`apply_along_time` (a training series beside
    its context). Dask-backed data is left lazy.

    Parameters
    ----------
    da : xarray.DataArray
        The input, read with :func:`as_series` or :func:`read_like`.
    name : str
        How the message calls it.

    See Also
    --------
    checks_finite : Lets a kernel do the finiteness check itself.
    apply_along_time : Checks its inputs the same way.

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> try:
    ...     check_values(xr.DataArray([1.0, np.nan], dims="time"), name="y_train")
    ... except InputError as err:
    ...     print(str(err).split(";")[0])
    y_train contains 1 NaN value(s), the first at time index 1
    """
    check_numeric(da, name=name)
    if da.chunks is None:
        check_finite(da, name=name)


def checks_finite(kernel):
    """Mark a kernel that refuses NaN and inf itself, raising :class:`~tsdyn.errors.NonFiniteInput`.

    :func:`apply_along_time` then skips its own scan of the input under
    ``nan_policy="raise"`` (a whole extra pass over memory) and, should the
    kernel raise, scans only then to name the first bad value's position.

    Parameters
    ----------
    kernel : callable
        A row driver given to :func:`apply_along_time`.

    Returns
    -------
    callable
        ``kernel`` itself, marked (a decorator).

    See Also
    --------
    apply_along_time : Honours the mark.
    check_values : The check it skips.

    Examples
    --------
    >>> @checks_finite
    ... def kernel(a, *, parallel):
    ...     return a.sum(axis=1)
    >>> kernel.checks_finite
    True
    """
    kernel.checks_finite = True
    return kernel


def apply_along_time(
    kernel: Callable[..., Any],
    x,
    *others,
    outputs: Output | Sequence[Output],
    dim: str = TIME,
    kwargs: Mapping[str, Any] | None = None,
    attrs: Mapping[str, Any] | None = None,
    function: str | None = None,
    min_length: int = 1,
    length_reason: str = "this analysis",
    expected_length: int | None = None,
    nan_policy: str = "raise",
    name: str | Sequence[str] = "x",
    squares: bool = True,
    positions: bool = False,
):
    """Run ``kernel`` on every series of ``x`` (and of ``others``, side by side) along ``dim``.

    Parameters
    ----------
    kernel : callable
        ``kernel(a, *bs, *, parallel, **kwargs)`` where ``a`` (and each of
        ``bs``, one per input of ``others``) is a C-contiguous float64 array
        of shape ``(n_series, n_time)``. It returns one array per output, each
        with ``n_series`` rows followed by the output's core dimensions (none
        for a reduction, ``n_time`` for same-length output). ``parallel`` says
        whether to use numba's threads (``tsdyn._numba.use_parallel``:
        several series with enough work, never under dask).
    x : array-like, pandas or xarray object
        The input (see :func:`as_series`); the result has its family.
    *others : array-like, pandas or xarray objects
        Further inputs of the same shape, read in the layout of ``x`` (see
        :func:`read_like`): a forecast beside its truth.
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
        Fewest samples along ``dim`` the analysis accepts.
    length_reason : str
        What needs those samples, for the error message.
    expected_length : int, optional
        Fewest samples the analysis is meaningful with. A numpy input whose
        time (last) axis is shorter than this while another axis is longer is
        refused with a hint to transpose it (numpy input is time-last; a
        trajectory's ``.values`` is time-first).
    nan_policy : {"raise", "propagate", "omit"}
        ``"raise"`` refuses NaN with its position; the other two let the
        kernel see NaN (it decides what ``"omit"`` means and must be told
        through ``kwargs``).
    name : str or sequence of str
        Name of each input in error messages.
    squares : bool
        The kernel squares the values (variances, distances, spectra): values
        float64 cannot square are refused (:func:`tsdyn.errors.check_magnitude`).
        False for estimators of order and symbols alone (ordinal patterns).
    positions : bool
        Also pass the kernel ``positions``: each row's position in the whole
        input (flattened over the other dimensions), the same whatever the
        dask chunks, for seeds per series (:func:`tsdyn.rng.child_seed`).

    Returns
    -------
    Same family as ``x``.

    See Also
    --------
    as_series : The DataArray view of any input it starts from.
    from_series : The caller's family for results computed elsewhere.

    Examples
    --------
    >>> def diff_kernel(a, b, *, parallel):
    ...     return (b - a).mean(axis=1)
    >>> apply_along_time(diff_kernel, [1.0, 2.0], [2.0, 4.0], outputs=Output("bias"), name=("y", "yhat"))
    1.5
    """
    outs = [outputs] if isinstance(outputs, Output) else list(outputs)
    names = [name] if isinstance(name, str) else list(name)
    if len(names) != 1 + len(others):
        names = [names[0]] + [f"{names[0]}[{i + 1}]" for i in range(len(others))]
    spec = _Spec(
        kernel,
        outs,
        dim,
        dict(kwargs or {}),
        min_length,
        length_reason,
        expected_length or 0,
        nan_policy,
        names,
        squares,
        positions,
    )
    if not is_labelled(x) and not any(is_labelled(o) for o in others):
        return _apply_numpy(spec, [as_array(v, n) for v, n in zip((x, *others), names, strict=True)])
    return _apply_xarray(spec, x, others, attrs, function)


@dataclass(slots=True)
class _Spec:
    kernel: Callable[..., Any]
    outs: list
    dim: str
    kwargs: dict
    min_length: int
    length_reason: str
    expected_length: int
    nan_policy: str
    names: list
    squares: bool
    positions: bool

    def check(self, views) -> None:
        """The input checks every path makes, in the same order, on DataArrays or :class:`_Plain` views."""
        first = views[0]
        for v, n in zip(views, self.names, strict=True):
            check_not_empty(v, dim=self.dim, name=n)
            check_numeric(v, name=n)
        needed = max(self.min_length, self.expected_length)
        if isinstance(first, _Plain):  # no coordinates; time is the last axis
            n = first.values.shape[-1]
            if n < needed < max(first.values.shape):
                _refuse_time_not_last(first, needed, self.names[0])
        else:
            check_time_coordinate(first, dim=self.dim, name=self.names[0])
            n = first.sizes[self.dim]
        check_length(n, self.min_length, what=self.length_reason, dim=self.dim, name=self.names[0])

    def scan(self, views, parallel: bool) -> None:
        """The NaN/inf policy, unless the kernel checks finiteness itself in its own pass, and
        the magnitudes a kernel that squares needs."""
        for v, n in zip(views, self.names, strict=True):
            if self.nan_policy != "raise" or parallel or not getattr(self.kernel, "checks_finite", False):
                check_finite(v, policy=self.nan_policy, name=n)
            if self.squares:
                check_magnitude(v, dim=self.dim, name=n)

    def run(self, blocks, views, parallel: bool):
        try:
            where = {"positions": np.arange(blocks[0].shape[0])} if self.positions else {}
            return self.kernel(*blocks, parallel=parallel, **where, **self.kwargs)
        except NonFiniteInput:
            for v, n in zip(views, self.names, strict=True):
                check_finite(v, policy="raise", name=n)  # names the first bad value's position
            raise


def check_time_last(x, needed: int, name: str = "x") -> None:
    """Refuse numpy input whose last axis (time) is shorter than ``needed`` while another is not.

    For functions that read their input outside :func:`apply_along_time` (which makes this
    check itself): ``System.integrate(...).values`` is ``(time, variable)``, and read as
    numpy it is many series of a few samples.

    Parameters
    ----------
    x : object
        The caller's input; labelled (pandas, xarray) input passes.
    needed : int
        The fewest samples the function can use.
    name : str
        How the message calls the input.

    Raises
    ------
    InputError
        With the hint to pass ``x.T``.

    Examples
    --------
    >>> check_time_last(np.zeros((3, 100)), 50)  # three series of 100 samples
    """
    if is_labelled(x):
        return
    shape = np.shape(x)
    if len(shape) > 1 and shape[-1] < needed <= max(shape):
        view = np.broadcast_to(0.0, shape)  # the shape is all the message reads
        _refuse_time_not_last(_Plain(view, numpy_dims(view, TIME)), needed, name)


def _refuse_time_not_last(view: _Plain, expected: int, name: str) -> None:
    """The numpy time-axis trap: a short last axis beside a longer one is most likely transposed."""
    axis = int(np.argmax(view.shape))
    raise InputError(
        f"{name} has {view.shape[-1]} samples along its last axis, which numpy input has as time, "
        f"fewer than the {expected} this analysis needs, but {view.shape[axis]} along axis {axis}: "
        f"if time runs along axis {axis}, pass {name}.T (System.integrate(...).values is (time, variable))"
    )


def _apply_numpy(spec: _Spec, arrays: list[np.ndarray]):
    """The path of plain arrays: the same checks and results as the xarray path, without xarray."""
    first = arrays[0]
    dims = numpy_dims(first, spec.dim)
    for arr, n in zip(arrays[1:], spec.names[1:], strict=True):
        _check_layout(arr, dims, first.shape, dim=None, name=n, ref_name=spec.names[0])
    views = [_Plain(arr, dims) for arr in arrays]
    spec.check(views)
    n = first.shape[-1]
    lead = first.shape[:-1]
    blocks = [np.ascontiguousarray(arr.reshape(-1, n), dtype=np.float64) for arr in arrays]
    parallel = use_parallel(blocks[0].shape[0], n)
    spec.scan(views, parallel)
    res = spec.run(blocks, views, parallel)
    res = (res,) if len(spec.outs) == 1 else tuple(res)
    values = []
    for r in res:
        r = np.asarray(r, dtype=np.float64)
        values.append(_numpy_result(r.reshape(lead + r.shape[1:])))
    if len(values) == 1:
        return values[0]
    return result_type(tuple(o.name for o in spec.outs))(*values)


def _apply_xarray(spec: _Spec, x, others, attrs, function):
    xr = import_xarray()

    dim, outs = spec.dim, spec.outs
    da, family = series_and_family(x, dim=dim, name=spec.names[0])
    das = [da] + [
        read_like(o, da, dim=dim, name=n, ref_name=spec.names[0])
        for o, n in zip(others, spec.names[1:], strict=True)
    ]
    spec.check(das)
    lazy = any(d.chunks is not None for d in das)
    if lazy:
        das = [d.chunk({dim: -1}) for d in das]
    n_series = int(np.prod([n for d, n in da.sizes.items() if d != dim], dtype=np.int64))
    parallel = use_parallel(n_series, da.sizes[dim], lazy=lazy)
    if not lazy:
        spec.scan(das, parallel)
    core_out = [tuple(dim if c == TIME else c for c in o.core_dims) for o in outs]
    sizes = {d: n for o in outs for d, n in o.sizes.items()}
    inputs = list(das)
    if spec.positions or lazy:  # a dask chunk's messages name its series by their positions too
        inputs.append(_positions(das[0], [dim]))
    block = functools.partial(_run_block, spec=spec, parallel=parallel, lazy=lazy)
    try:
        result = xr.apply_ufunc(
            block,
            *inputs,
            input_core_dims=[[dim]] * len(das) + [[]] * (len(inputs) - len(das)),
            output_core_dims=core_out,
            dask="parallelized",
            output_dtypes=[np.float64] * len(outs),
            dask_gufunc_kwargs={"output_sizes": sizes} if sizes else None,
            keep_attrs=False,
        )
    except NonFiniteInput:
        # a kernel that checks finiteness in its own pass found some: name the first by its labels
        for d, n in zip(das, spec.names, strict=True):
            check_finite(d, policy="raise", name=n)
        raise
    results = [result] if len(outs) == 1 else list(result)
    common = {"tsdyn_function": function or getattr(spec.kernel, "__name__", "kernel")}
    common.update(netcdf_safe(attrs or {}))
    named = []
    for out, res, dims in zip(outs, results, core_out, strict=True):
        coords = {d: out.coords[d] for d in dims if d in out.coords}
        res = res.assign_coords(coords) if coords else res
        if dim in dims:
            # same-length output: keep the input's dim order and coordinates
            res = res.transpose(*da.dims, ...)
        res.attrs = {"long_name": out.long_name or out.name, **common}
        if len(outs) > 1:
            res.attrs.pop("units", None)  # an integer or a flag beside a rate has no unit
        if out.units:
            res.attrs["units"] = out.units
        named.append(res.rename(out.name))
    if len(named) == 1:
        return from_series(named[0], family, dim=dim)
    ds = xr.Dataset({r.name: r for r in named})
    ds.attrs = dict(common)
    return from_series(ds, family, dim=dim)


def _run_block(*arrs, spec: _Spec, parallel: bool, lazy: bool):
    located = spec.positions or lazy  # the last input holds the series' positions (_apply_xarray)
    index = np.asarray(arrs[-1]).reshape(-1) if located else None
    arrs = arrs[:-1] if located else arrs
    lead, n = arrs[0].shape[:-1], arrs[0].shape[-1]
    blocks = [np.ascontiguousarray(arr.reshape(-1, n), dtype=np.float64) for arr in arrs]
    if lazy:  # a dask chunk, seen only now
        for a, name in zip(blocks, spec.names, strict=True):
            _check_chunk(
                a, name, spec.dim, index=index, squares=spec.squares, finite=spec.nan_policy == "raise",
                hint=" (or pass nan_policy='omit' where the function offers it)",
            )  # fmt: skip
    where = {"positions": index} if spec.positions else {}
    res = spec.kernel(*blocks, parallel=parallel, **where, **spec.kwargs)
    res = (res,) if len(spec.outs) == 1 else tuple(res)
    shaped = tuple(np.asarray(r, dtype=np.float64).reshape(lead + np.shape(r)[1:]) for r in res)
    return shaped[0] if len(spec.outs) == 1 else shaped


def read_like(
    x,
    ref: xr.DataArray,
    *,
    dim: str = TIME,
    name: str = "x",
    ref_name: str = "the first input",
    same_time: bool = True,
) -> xr.DataArray:
    """``x`` as a DataArray with the dims of ``ref``, its labels checked against ``ref``'s.

    For functions of several inputs: the first is read with
    :func:`series_and_family`, the others with this. Labelled inputs are
    matched by dimension name, plain arrays are read in ``ref``'s layout.
    ``ref`` may lack ``dim`` (a per-series value such as a scale).
    ``same_time=False`` lets the length along ``dim`` differ (a training
    series beside a forecast). Where both have labels they must be equal;
    the result keeps none but its own ``dim`` labels when ``same_time=False``,
    so arithmetic with ``ref`` takes ``ref``'s.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The other input.
    ref : xarray.DataArray
        The first input, as read by :func:`series_and_family`.
    dim : str
        The time dimension.
    name, ref_name : str
        How error messages call ``x`` and ``ref``.
    same_time : bool
        Require the same length (and labels) along ``dim``.

    Returns
    -------
    xarray.DataArray
        With the dims of ``ref``.

    See Also
    --------
    as_series : One input on its own.

    Examples
    --------
    >>> import xarray as xr
    >>> t = xr.DataArray([[1.0, 2.0]], dims=("variable", "time"), coords={"variable": ["a"]})
    >>> read_like([[3.0, 4.0]], t, name="y_pred").dims
    ('variable', 'time')
    """
    import pandas as pd

    xr = import_xarray()

    if isinstance(x, xr.DataArray | xr.Dataset | pd.Series | pd.DataFrame):
        other = as_series(x, dim=dim, name=name) if dim in ref.dims else _per_series(x, name)
        if set(other.dims) != set(ref.dims):
            raise InputError(
                f"{name} has dimensions {other.dims} but {ref_name} has {ref.dims}; they must match"
            )
        other = other.transpose(*ref.dims)
    else:
        try:
            values = np.asarray(x)
        except (ValueError, TypeError) as err:
            raise InputError(f"{name} cannot be read as an array: {err}") from None
        _check_layout(
            values, ref.dims, ref.shape, dim=None if same_time else dim, name=name, ref_name=ref_name
        )
        other = xr.DataArray(values, dims=ref.dims)
    for d in ref.dims:
        if d == dim and not same_time:
            continue
        if other.sizes[d] != ref.sizes[d]:
            raise InputError(
                f"{name} has {other.sizes[d]} samples along {d!r} but {ref_name} has {ref.sizes[d]}"
            )
        if d in ref.coords and d in other.coords and not np.array_equal(ref[d].values, other[d].values):
            raise InputError(f"{name} and {ref_name} have different {d!r} coordinates; align them first")
    # Coordinates that must agree were checked: drop them (ref carries them), which spares xarray
    # re-indexing; a context keeps its own time labels, the forecast continues them.
    checked = [d for d in ref.dims if same_time or d != dim]
    return other.drop_vars([c for c in other.coords if c in checked or c not in other.dims])


def _check_layout(values: np.ndarray, dims, shape, *, dim, name: str, ref_name: str) -> None:
    """Refuse a plain array that does not have the reference's number of axes (and, except
    along ``dim`` when it is given, its lengths)."""
    if values.ndim != len(dims):
        raise InputError(
            f"{name} is a {values.ndim}-d array but {ref_name} has {len(dims)} dimension(s) {tuple(dims)}; "
            f"a plain array is read in {ref_name}'s layout"
        )
    for d, n, m in zip(dims, values.shape, shape, strict=True):
        if n != m and d != dim:
            raise InputError(f"{name} has {n} samples along {d!r} but {ref_name} has {m}")


def _per_series(x, name: str) -> xr.DataArray:
    """A labelled per-series value (no time dimension) as a DataArray."""
    import pandas as pd

    xr = import_xarray()

    if isinstance(x, xr.Dataset):
        return x.to_dataarray(dim="variable")
    if isinstance(x, pd.Series):
        return xr.DataArray(
            x.to_numpy(), dims=("variable",), coords={"variable": np.asarray(x.index, dtype=object)}
        )
    if isinstance(x, pd.DataFrame):
        raise InputError(f"{name} must hold one value per series (a Series by column), not a DataFrame")
    return x
