"""Recurrence sets: which pairs of states recur, found without an N x N matrix.

Two states :math:`\\mathbf{y}_i, \\mathbf{y}_j` (delay vectors of a series, or
the rows of a multivariate one) **recur** when

.. math:: \\lVert \\mathbf{y}_i - \\mathbf{y}_j \\rVert \\le \\varepsilon
          \\quad\\text{and}\\quad |i - j| > \\texttt{theiler}.

The pairs inside the Theiler band :math:`|i - j| \\le` ``theiler`` never recur;
with the default ``theiler=0`` that band is the line of identity alone, so
**the line of identity never counts** (neither in the recurrence rate nor as a
diagonal line). The threshold :math:`\\varepsilon` is given

- as a value (``threshold=0.3``),
- relative to the spread of the points (``threshold=0.1, relative_to="std"``
  or ``"diameter"``), or
- through a fixed recurrence rate (``recurrence_rate=0.05``): the distance
  below which that fraction of the pairs outside the Theiler band lies.

Neighbours are found on a grid of cells at least as wide as the threshold
over the points' two widest coordinates, so memory stays O(N) and time grows
with the number of recurrent pairs, not with N².

>>> import numpy as np
>>> from tsdyn.recurrence import recurrence_matrix
>>> r = recurrence_matrix(np.sin(np.arange(8.0)), m=1, threshold=0.5)
>>> r.shape, r.nnz, r.indices.dtype
((8, 8), 8, dtype('int32'))
"""

from __future__ import annotations

import collections
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse
import xarray as xr

from tsdyn._naming import public_name
from tsdyn.data import Family, from_series, map_series, netcdf_safe, series_and_family
from tsdyn.errors import (
    InputError,
    check_choice,
    check_finite,
    check_int,
    check_magnitude,
    check_nan_policy,
    check_not_empty,
    check_numeric,
    check_real,
    check_time_coordinate,
)

__all__ = ["RELATIVE_TO", "recurrence_matrix"]

RELATIVE_TO = ("std", "diameter")
#: A fixed recurrence rate is the quantile of the pair distances among at most this
#: many points spread evenly in time (all points below it: the rate is then exact).
SAMPLE_POINTS = 4000
#: The diameter is the largest distance among at most this many points (exact below).
_DIAMETER_POINTS = 10_000
_DEFAULT_MAX_BYTES = 2**30
#: grid cells are eps / _REACH wide and a point looks _REACH cells each way: a finer grid
#: wastes fewer candidates at the corners (measured at N = 1e5, Lorenz, RR 1 %: 3 takes half
#: the search time of 1, 4 no less than 3)
_REACH = 3


@dataclass(frozen=True)
class Points:
    """The states of one series, ``(n, d)`` C-contiguous float64."""

    points: np.ndarray

    @property
    def n(self) -> int:
        return self.points.shape[0]

    def grid(self, eps: float) -> tuple:
        """The neighbour-search grid for threshold ``eps`` (see ``_kernels``).

        ``(sorted points, order, rank, cell of each sorted point, cell starts, nx, ny, nz)``:
        cells at least ``eps`` wide over the three widest coordinates (fewer
        for fewer coordinates: the others get one cell), at most ``2 n^(1/3)``
        along each so that the cell table stays O(n).
        """
        spread = np.ptp(self.points, axis=0)
        widest = np.argsort(spread)[::-1][:3]
        cap = 2 * round(self.n ** (1 / 3)) + 1
        sizes, key, reach = [], np.zeros(self.n, dtype=np.int64), 1
        for c in widest:
            # a hair wider than eps / REACH: two points eps apart never land more than REACH
            # cells apart by rounding
            width = max(eps / _REACH, spread[c] / cap) * (1.0 + 1e-9) or 1.0
            # cells wider than eps / REACH (the cap): fewer of them hold every partner
            reach = max(reach, math.ceil(eps / width * (1.0 + 1e-9)))
            cell = ((self.points[:, c] - self.points[:, c].min()) / width).astype(np.int64)
            sizes.append(int(cell.max()) + 1)
            key = key * sizes[-1] + cell
        sizes += [1] * (3 - len(sizes))
        order = np.argsort(key, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(order.size)
        start = np.zeros(int(np.prod(sizes)) + 1, dtype=np.int64)
        np.cumsum(np.bincount(key, minlength=start.size - 1), out=start[1:])
        sorted_points = np.ascontiguousarray(self.points[order])
        return sorted_points, order, rank, np.ascontiguousarray(key[order]), start, *sizes, reach


@dataclass(frozen=True)
class Prepared:
    """Every series of a checked input, how to embed each, and what is needed to answer in the
    caller's family. Dask-backed input stays lazy until :func:`iterate` or :func:`per_series`."""

    da: xr.DataArray
    dim: str
    multivariate: bool  # each series is (variable, time): its states are the points
    m_of: xr.DataArray  # each series' embedding (over the lead dims)
    tau_of: xr.DataArray
    theiler: int
    nan_policy: str
    lead: tuple[str, ...]
    shape: tuple[int, ...]
    coords: dict
    family: Family
    m: object
    tau: object
    n_time: int  # samples along the time dimension

    @property
    def count(self) -> int:
        """How many series."""
        return int(np.prod(self.shape, dtype=np.int64))


def check_threshold(threshold, recurrence_rate, relative_to, *, grid: bool) -> tuple[str, np.ndarray]:
    """``("threshold" | "recurrence_rate", values)`` after checking the threshold parameters."""
    if (threshold is None) == (recurrence_rate is None):
        raise InputError(
            "give exactly one of threshold= (a distance) and recurrence_rate= (a fraction of pairs), "
            f"got threshold={threshold!r}, recurrence_rate={recurrence_rate!r}"
        )
    if recurrence_rate is not None:
        if relative_to is not None:
            raise InputError("relative_to= applies to threshold=, not to recurrence_rate=")
        kind, value = "recurrence_rate", recurrence_rate
        bounds: dict[str, Any] = {"minimum": 0, "maximum": 1, "inclusive": (False, False)}
    else:
        if relative_to is not None:
            check_choice(relative_to, "relative_to", RELATIVE_TO)
        kind, value = "threshold", threshold
        bounds = {"minimum": 0, "inclusive": (False, True)}
    if not grid:
        return kind, np.array([check_real(value, kind, **bounds)])
    try:
        values = [float(v) for v in np.atleast_1d(np.asarray(value, dtype=object))]
    except (TypeError, ValueError):
        raise InputError(f"{kind} must be a 1-D sequence of numbers, got {value!r}") from None
    if np.ndim(value) != 1 or not values:
        raise InputError(f"{kind} must be a non-empty 1-D sequence for a scan, got {value!r}")
    checked = np.array([check_real(v, f"{kind}[{k}]", **bounds) for k, v in enumerate(values)])
    if np.any(np.diff(checked) <= 0):
        raise InputError(f"{kind} must increase strictly along the scan, got {checked.tolist()}")
    return kind, checked


def check_common(metric: str, theiler) -> tuple[int, int]:
    """The kernels' metric code and the checked Theiler window."""
    from tsdyn.recurrence._kernels import METRICS

    check_choice(metric, "metric", tuple(METRICS))
    return METRICS[metric], check_int(theiler, "theiler", minimum=0)


def absolute_thresholds(pts: Points, kind: str, values: np.ndarray, relative_to, metric: int, theiler: int):
    """The thresholds as distances for one series (increasing where ``values`` increase)."""
    from tsdyn.recurrence import _kernels as K

    if kind == "threshold":
        if relative_to is None:
            return values.copy()
        if relative_to == "std":
            return values * float(np.std(pts.points))
        if metric == K.METRICS["chebyshev"]:
            return values * float(np.ptp(pts.points, axis=0).max())
        step = math.ceil(pts.n / _DIAMETER_POINTS)
        return values * K.max_distance(pts.points, step, metric)
    step = math.ceil(pts.n / SAMPLE_POINTS)
    distances = K.pair_distances(pts.points, step, theiler, metric)
    if values.min() * distances.size < 1:
        # the rate's resolution is one pair: a lower rate would come back as that pair's
        raise InputError(
            f"recurrence_rate={values.min():g} asks for under one of the {distances.size} pairs of "
            f"{pts.n} points outside the Theiler band: too few points for that rate (a window or "
            "series of about sqrt(2 / rate) points or more, or a larger rate)"
        )
    rank = np.clip(np.rint(values * distances.size).astype(np.int64), 1, distances.size) - 1
    distances.partition(rank)  # in place: the sample is the engine's largest array at large N
    selected = distances[rank]
    return np.sqrt(selected) if metric == K.METRICS["euclidean"] else selected


def prepare(x, *, m, tau, dim: str, nan_policy: str, theiler: int) -> Prepared:
    """Check ``x`` and settle how every series becomes points: delay vectors (univariate) or
    states (multivariate).

    A univariate series without ``m`` or ``tau`` gets the chaos engine's
    choice (:func:`tsdyn.chaos.embedding_dimension` with its defaults); a
    multivariate one (a DataFrame, a Dataset, a DataArray with a ``variable``
    dimension) is used as it is (``m = tau = 1``) unless told otherwise.
    """
    from tsdyn.chaos import embedding_dimension

    check_nan_policy(nan_policy, ("raise", "propagate"))
    if m is not None:
        m = check_int(m, "m", minimum=1)
    if tau is not None:
        tau = check_int(tau, "tau", minimum=1)
    da, family = series_and_family(x, dim=dim)
    check_not_empty(da, dim=dim)
    check_numeric(da)
    check_time_coordinate(da, dim=dim)
    lazy = da.chunks is not None
    if not lazy:  # dask chunks are checked as they are computed
        check_finite(da, policy=nan_policy)
        check_magnitude(da, dim=dim)
    multivariate = family.kind != "numpy" and "variable" in da.dims
    lead = tuple(d for d in da.dims if d not in (dim, "variable"))
    shape = tuple(da.sizes[d] for d in lead)

    def fixed(value: int) -> xr.DataArray:
        return xr.DataArray(np.full(shape, value), dims=lead)

    m_attr: object
    tau_attr: object
    if multivariate:
        m_of, tau_of = fixed(1 if m is None else m), fixed(1 if tau is None else tau)
        m_attr, tau_attr = int(m_of.values.flat[0]), int(tau_of.values.flat[0])
    elif m == 1 and tau is None:
        # one coordinate has no delay
        m_of, tau_of = fixed(1), fixed(1)
        m_attr, tau_attr = 1, 1
    elif m is None or tau is None:
        choice = embedding_dimension(da.fillna(0.0) if nan_policy == "propagate" else da, dim=dim, tau=tau)
        m_of = choice["m"] if m is None else fixed(m)
        tau_of = choice["tau"] if tau is None else fixed(tau)
        m_attr = m if m is not None else _uniform(m_of, "m")
        tau_attr = tau if tau is not None else _uniform(tau_of, "tau")
    else:
        m_of, tau_of = fixed(m), fixed(tau)
        m_attr, tau_attr = m, tau
    coords = {d: da.coords[d] for d in lead if d in da.coords}
    return Prepared(
        da,
        dim,
        multivariate,
        m_of,
        tau_of,
        theiler,
        nan_policy,
        tuple(map(str, lead)),
        shape,
        coords,
        family,
        m_attr,
        tau_attr,
        da.sizes[dim],
    )


def _uniform(values: xr.DataArray, name: str):
    # attrs hold one value when every series got the same choice (known only once computed)
    if values.chunks is not None:
        return f"chosen per series by tsdyn.chaos.embedding_dimension ({name})"
    distinct = np.unique(values.values)
    if distinct.size == 1:
        return int(distinct[0])
    return f"chosen per series by tsdyn.chaos.embedding_dimension ({name} from {distinct.min()} to {distinct.max()})"


def _points(values: np.ndarray, m: int, tau: int, prep: Prepared) -> Points | None:
    """One series' points (``values``: time last, variables first for a multivariate one); None
    where it holds NaN (``nan_policy="propagate"``)."""
    from tsdyn.chaos import embed

    m, tau = int(m), int(tau)
    if prep.multivariate:
        one = xr.DataArray(values, dims=("variable", prep.dim))
        points = np.asarray(embed(one, m=m, tau=tau, dim=prep.dim, nan_policy="propagate").values)
    else:
        points = np.asarray(embed(values, m=m, tau=tau, nan_policy="propagate"))
    n = points.shape[0]
    if n < prep.theiler + 2:
        raise InputError(
            f"x gives {n} points after embedding (m={m}, tau={tau}): a recurrence needs two points "
            f"more than theiler={prep.theiler} samples apart, so at least {prep.theiler + 2}"
        )
    if np.isnan(points).any():
        return None
    return Points(np.ascontiguousarray(points, dtype=np.float64))


def iterate(prep: Prepared) -> Iterator[tuple[tuple[int, ...], Points | None]]:
    """``(index over the lead dims, Points)`` of every series; None for a series with NaN.

    For the procedures that need several series or windows of one at once: dask input is
    computed here.
    """
    da = prep.da
    if da.chunks is not None:  # prepare() checked in-memory input only
        da = da.compute()
        check_finite(da, policy=prep.nan_policy)
        check_magnitude(da, dim=prep.dim)
    m_of, tau_of = (np.asarray(a.values) for a in (prep.m_of, prep.tau_of))
    order = (*prep.lead, *(("variable",) if prep.multivariate else ()), prep.dim)
    values = np.asarray(da.transpose(*order).values, dtype=np.float64)
    for index in np.ndindex(*prep.shape):
        yield index, _points(values[index], int(m_of[index]), int(tau_of[index]), prep)


def per_series(prep: Prepared, fn, fields: dict, sizes: dict | None = None) -> dict[str, xr.DataArray]:
    """``fn(points) -> {field: value}`` on every series (NaN fields for a series with NaN), lazily
    for dask input (:func:`tsdyn.data.map_series`); ``fields`` maps each name to its own dims."""
    lengths = dict(sizes or {})

    def block(rows, index, seeds, m_of, tau_of):
        out = {k: np.full((rows.shape[0], *(lengths[d] for d in dims)), np.nan) for k, dims in fields.items()}
        for i, row in enumerate(rows):
            pts = _points(row, m_of[i], tau_of[i], prep)
            if pts is not None:
                for k, v in fn(pts).items():
                    out[k][i] = v
        return out

    return map_series(
        block,
        prep.da,
        {k: (np.float64, tuple(dims)) for k, dims in fields.items()},
        dim=prep.dim,
        sizes=lengths,
        core=("variable",) if prep.multivariate else (),
        extras=(prep.m_of, prep.tau_of),
        allow_nan=prep.nan_policy == "propagate",
    )


def recurrence_matrix(
    x,
    *,
    threshold: float | None = None,
    recurrence_rate: float | None = None,
    relative_to: str | None = None,
    m: int | None = None,
    tau: int | None = None,
    metric: str = "euclidean",
    theiler: int = 0,
    sparse: bool = True,
    max_bytes: int = _DEFAULT_MAX_BYTES,
    dim: str = "time",
    nan_policy: str = "raise",
):
    """The recurrence set of one series: a sparse upper triangle, or a dense matrix on request.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        One series (time along ``dim``): univariate (delay-embedded) or
        multivariate (a DataFrame, a Dataset, a DataArray with a ``variable``
        dimension: the states as they are unless ``m``/``tau`` are given).
    threshold : float, optional
        The distance :math:`\\varepsilon` (> 0), or a fraction of the spread
        with ``relative_to``. Exactly one of ``threshold`` and
        ``recurrence_rate`` is given.
    recurrence_rate : float, optional
        Fixed recurrence rate in (0, 1): :math:`\\varepsilon` is the distance of
        the ``round(rate * P)``-th closest of the ``P`` pairs outside the
        Theiler band, so the recurrence rate is the requested one up to half a
        pair (and ties). Above 4000 points the distances are those of 4000
        points spread evenly in time, and the rate is met to a few parts in a
        thousand.
    relative_to : {None, "std", "diameter"}
        ``threshold`` as a fraction of the standard deviation of all the
        points' coordinates together, or of the largest distance between two
        points (the attractor's diameter: exact for ``"chebyshev"``, among
        10 000 points spread evenly in time above that many for the others).
    m, tau : int, optional
        Embedding dimension and delay (see :func:`tsdyn.chaos.embed`); default
        for a univariate series: :func:`tsdyn.chaos.embedding_dimension`'s choice.
    metric : {"euclidean", "chebyshev", "manhattan"}
    theiler : int
        Pairs with :math:`|i - j| \\le` ``theiler`` never recur (0: the line of
        identity only).
    sparse : bool
        True (the default): a ``scipy.sparse.csr_matrix`` of booleans holding
        the upper triangle (``i < j``) only, int32 indices. False: a dense
        symmetric ``(n, n)`` boolean array with both triangles.
    max_bytes : int
        A dense request larger than this (``n * n`` bytes) is refused.
    dim : str
        The time dimension.
    nan_policy : {"raise"}
        NaN is refused.

    Returns
    -------
    scipy.sparse.csr_matrix or numpy.ndarray
        Row and column ``i`` are the ``i``-th point (the delay vector ending at
        sample ``(m - 1) * tau + i``).

    Raises
    ------
    InputError
        Bad threshold parameters, more than one series, an embedding longer
        than the series, or a dense matrix above ``max_bytes`` (the message
        gives its size and suggests ``sparse=True``).

    See Also
    --------
    rqa : Its measures, streamed without storing it.
    recurrence_network : The measures of the network it is the adjacency of.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.recurrence import recurrence_matrix
    >>> x = np.array([0.0, 1.0, 0.1, 1.1, 0.0])
    >>> recurrence_matrix(x, m=1, threshold=0.2, sparse=False).astype(int)
    array([[0, 0, 1, 0, 1],
           [0, 0, 0, 1, 0],
           [1, 0, 0, 0, 1],
           [0, 1, 0, 0, 0],
           [1, 0, 1, 0, 0]])
    """
    from tsdyn.recurrence import _kernels as K

    kind, values = check_threshold(threshold, recurrence_rate, relative_to, grid=False)
    metric_code, theiler = check_common(metric, theiler)
    max_bytes = check_int(max_bytes, "max_bytes", minimum=1)
    check_nan_policy(nan_policy, ("raise",))
    prep = prepare(x, m=m, tau=tau, dim=dim, nan_policy=nan_policy, theiler=theiler)
    if prep.count != 1:
        raise InputError(
            f"recurrence_matrix takes one series, x holds {prep.count} (dims {prep.lead}); select one"
        )
    ((_, pts),) = iterate(prep)
    assert pts is not None  # nan_policy="raise" refused NaN above
    n = pts.n
    if not sparse and n * n > max_bytes:
        raise InputError(
            f"a dense recurrence matrix of {n} points takes {_size(n * n)} (n * n bytes), above "
            f"max_bytes={_size(max_bytes)}: pass sparse=True for the upper triangle of the recurrent pairs only"
        )
    eps = absolute_thresholds(pts, kind, values, relative_to, metric_code, theiler)[0]
    rows, cols, _ = K.recurrent_pairs(pts.grid(eps), np.array([eps]), metric_code, theiler)
    if not sparse:
        out = np.zeros((n, n), dtype=bool)
        out[rows, cols] = True
        out[cols, rows] = True
        return out
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    out = scipy.sparse.csr_matrix((np.ones(rows.size, dtype=bool), cols, indptr), shape=(n, n))
    out.sort_indices()
    return out


def _size(n_bytes: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.1f} {unit}"
    return f"{n_bytes} bytes"


def to_family(prep: Prepared, values: dict, long_names: dict, attrs: dict, function, extra=None):
    """Results of every series (arrays over ``prep.shape`` + the scan) in the caller's family.

    ``extra`` is ``(dim, coordinate)`` of a threshold scan or of windows. numpy: a
    named tuple (with the coordinate as a last field); pandas: a Series of measures
    (a DataFrame over ``extra``); xarray: a Dataset.
    """
    dims = prep.lead + ((extra[0],) if extra else ())
    coords = dict(prep.coords)
    if extra:
        coords[extra[0]] = extra[1]
    common = {"tsdyn_function": public_name(function), **netcdf_safe(attrs)}
    ds = xr.Dataset(
        {
            name: (arr if isinstance(arr, xr.DataArray) else xr.DataArray(arr, dims=dims)).assign_attrs(
                long_name=long_names[name], **common
            )
            for name, arr in values.items()
        },
        coords=coords,
        attrs=common,
    )
    if prep.family.kind in ("series", "frame"):
        # a pandas input is one series: its measures as a Series, a scan as a frame over the grid
        if extra:
            return ds.to_dataframe()[list(values)]
        return pd.Series({name: float(ds[name].values) for name in values})
    result = from_series(ds, prep.family)
    if extra and prep.family.kind == "numpy":
        # numpy has no coordinates: the scan's grid or the windows' ends come as one more field
        make: Any = collections.namedtuple  # its fields are known at run time only
        with_grid = make("Result", (*result._fields, extra[0]))
        return with_grid(*result, np.asarray(extra[1]))
    return result
