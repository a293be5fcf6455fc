"""Delay embedding: the delay vectors of a series and the choice of their delay and dimension.

A scalar series :math:`x_t` is turned into points of an ``m``-dimensional space,
the delay vectors

.. math:: \\mathbf{y}_t = (x_{t-(m-1)\\tau}, \\dots, x_{t-\\tau}, x_t),

``tau`` samples apart (Takens 1981). :func:`embed` builds them;
:func:`optimal_delay` chooses ``tau`` (first minimum of the average mutual
information, or autocorrelation criteria) and :func:`embedding_dimension`
chooses ``m`` (false nearest neighbours or Cao's E1/E2), each returning the
curve behind its choice.

>>> import numpy as np
>>> from tsdyn.chaos import embed
>>> embed(np.arange(6.0), m=3, tau=2)
array([[0., 2., 4.],
       [1., 3., 5.]])
"""

from __future__ import annotations

import collections
import math

import numpy as np
import pandas as pd
import xarray as xr
from scipy.spatial import cKDTree
from scipy.stats import rankdata

from tsdyn._naming import public_name
from tsdyn._numba import use_parallel
from tsdyn.data import Output, apply_along_time, from_series, series_and_family
from tsdyn.errors import (
    InputError,
    check_choice,
    check_finite,
    check_int,
    check_length,
    check_nan_policy,
    check_not_empty,
    check_numeric,
    check_real,
    check_time_coordinate,
)

__all__ = ["DELAY_METHODS", "DIMENSION_METHODS", "embed", "embedding_dimension", "optimal_delay"]

DELAY_METHODS = ("ami", "acf_zero", "acf_e")
DIMENSION_METHODS = ("fnn", "cao")
_METRICS = {"euclidean": 2.0, "chebyshev": np.inf, "manhattan": 1.0}
#: The metric each dimension method uses unless told otherwise: Kennel et al. used
#: Euclidean distances, Cao the maximum norm.
_DEFAULT_METRIC = {"fnn": "euclidean", "cao": "chebyshev"}
_CURVE_NAMES = {
    "ami": "average mutual information (nats)",
    "acf": "autocorrelation",
    "fnn": "fraction of false nearest neighbours",
    "e1": "Cao's E1",
    "e2": "Cao's E2",
}
_DEFAULT_MAX_TAU = 100
# A series whose autocorrelation falls to 1/e within this many samples is decorrelated at its
# sampling scale (a map's series, a flow sampled under about ten times a period): its AMI sinks
# to the estimator's bias floor within a few lags, and a "first minimum" is a wiggle of it.
_DECORRELATED_LAG = 2
# A delay estimate needs a few samples per lag and per bin; fewer than this is no series.
_MIN_DELAY_SAMPLES = 16
# Fewest delay vectors a nearest-neighbour statistic is computed on.
_MIN_VECTORS = 10

DelayChoice = collections.namedtuple("DelayChoice", "tau fallback ami acf")
DelayChoice.__doc__ = """Result of :func:`optimal_delay` for numpy or pandas.Series input.

tau : int (array for several series)
    The chosen delay in samples.
fallback : bool (array)
    True where the criterion was not met within ``max_tau`` and the
    documented fallback chose ``tau``.
ami : array over ``tau_scan`` = 0..max_tau, or None
    Average mutual information in nats (``method="ami"``).
acf : array over ``tau_scan``, or None
    Autocorrelation (``method="acf_zero"`` or ``"acf_e"``).
"""
DimensionChoice = collections.namedtuple("DimensionChoice", "m tau fallback fnn e1 e2")
DimensionChoice.__doc__ = """Result of :func:`embedding_dimension` for numpy or pandas.Series input.

m : int (array)
    The chosen embedding dimension.
tau : int (array)
    The delay used (given or chosen by :func:`optimal_delay`).
fallback : bool (array)
    True where the criterion was not met up to ``max_m``.
fnn : array over ``m_scan`` = 1..max_m, or None
    Fraction of false nearest neighbours (``method="fnn"``).
e1, e2 : arrays over ``m_scan``, or None
    Cao's E1(m) and E2(m) (``method="cao"``).
"""


def embed(x, *, m: int, tau: int, dim: str = "time", nan_policy: str = "raise"):
    """Delay vectors of ``x``: ``m`` coordinates ``tau`` samples apart.

    The vector at sample ``t`` is :math:`(x_{t-(m-1)\\tau}, \\dots, x_{t-\\tau}, x_t)`,
    oldest coordinate first, and carries the time of its **last** coordinate, so
    a series of ``N`` samples gives ``N - (m - 1) * tau`` vectors, the first at
    time index ``(m - 1) * tau``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Numpy: time on the last axis, every other axis an independent series.
        A ``pandas.DataFrame``, an ``xarray.Dataset`` or a DataArray with a
        ``variable`` dimension is **multivariate**: every variable is embedded
        with the same ``m`` and ``tau`` and the coordinates are concatenated,
        variable by variable (all ``m`` coordinates of the first variable,
        then those of the second ...), giving ``n_variables * m`` coordinates.
    m : int
        Embedding dimension (>= 1).
    tau : int
        Embedding delay in samples (>= 1).
    dim : str
        The time dimension.
    nan_policy : {"raise", "propagate"}
        ``"propagate"`` lets NaN into the vectors that contain a NaN sample.
        Dask-backed input is not scanned (that would compute it): its NaN propagate.

    Returns
    -------
    numpy.ndarray
        Numpy input: shape ``(..., N - (m - 1) * tau, m)``, the leading axes
        those of ``x`` without time, one vector per row (the layout
        ``scipy.spatial.cKDTree`` takes).
    pandas.DataFrame
        pandas input: indexed by the time of each vector's last coordinate;
        columns are the offsets in samples of the coordinates (``-(m-1)*tau``
        ... ``0``), under the variable name for a DataFrame (a
        ``(variable, offset)`` MultiIndex).
    xarray.DataArray
        xarray input: dims ``(<other dims>, time, embedding)`` named
        ``"delay_vectors"``; ``time`` holds the time of each vector's last
        coordinate (the sample index where ``x`` has no time coordinate),
        ``embedding`` is numbered 0.. with the coordinates ``offset`` (samples
        relative to the vector's time) and, for multivariate input,
        ``variable``. attrs record ``m``, ``tau`` and ``nan_policy``.

    Raises
    ------
    InputError
        ``m`` or ``tau`` not an integer >= 1, or ``x`` shorter than
        ``(m - 1) * tau + 1`` samples (the message gives the minimum).

    See Also
    --------
    optimal_delay : A delay.
    embedding_dimension : A dimension.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from tsdyn.chaos import embed
    >>> embed(np.arange(5.0), m=2, tau=3)
    array([[0., 3.],
           [1., 4.]])
    >>> embed(pd.Series([1.0, 2.0, 4.0], index=[0.1, 0.2, 0.3]), m=2, tau=1)
    offset   -1    0
    0.2     1.0  2.0
    0.3     2.0  4.0
    """
    m = check_int(m, "m", minimum=1)
    tau = check_int(tau, "tau", minimum=1)
    check_nan_policy(nan_policy, ("raise", "propagate"))
    da, family = series_and_family(x, dim=dim)
    check_not_empty(da, dim=dim)
    check_numeric(da)
    check_time_coordinate(da, dim=dim)
    span = (m - 1) * tau
    check_length(da.sizes[dim], span + 1, what=f"an embedding with m={m}, tau={tau}", dim=dim)
    if da.chunks is None:
        check_finite(da, policy=nan_policy)
    multivariate = family.kind != "numpy" and "variable" in da.dims
    n_vec = da.sizes[dim] - span
    time = da.coords[dim].values[span:] if dim in da.coords else np.arange(span, span + n_vec)
    offsets = np.arange(-span, 1, tau)
    parts = [
        da.isel({dim: slice(k * tau, k * tau + n_vec)}).drop_vars(dim, errors="ignore") for k in range(m)
    ]
    stacked = xr.concat(parts, dim="embedding", coords="minimal", compat="override")
    lead = [d for d in da.dims if d not in (dim, "variable")]
    inner = ("variable", "embedding") if multivariate else ("embedding",)
    stacked = stacked.transpose(*lead, dim, *inner)
    n_var = da.sizes["variable"] if multivariate else 1
    data = stacked.data.reshape(stacked.shape[: len(lead) + 1] + (n_var * m,))
    coords = {d: da.coords[d] for d in lead if d in da.coords}
    coords[dim] = time
    for name, c in da.coords.items():
        # the series' other labels: a member's name, a scalar run id, a second time label
        if name in coords or name == dim:
            continue
        if set(c.dims) <= set(lead):
            coords[name] = c
        elif c.dims == (dim,):
            coords[name] = (dim, c.values[span:])
    coords["embedding"] = np.arange(n_var * m)
    coords["offset"] = ("embedding", np.tile(offsets, n_var))
    if multivariate:
        names = da.coords["variable"].values if "variable" in da.coords else np.arange(n_var)
        coords["variable"] = ("embedding", np.repeat(names, m))
    attrs = {
        "long_name": "delay vectors",
        "m": m,
        "tau": tau,
        "nan_policy": nan_policy,
        "tsdyn_function": public_name(embed),
    }
    out = xr.DataArray(data, dims=(*lead, dim, "embedding"), coords=coords, name="delay_vectors", attrs=attrs)
    if family.kind in ("dataarray", "dataset"):
        return out
    if family.kind == "numpy":
        return out.values
    index = family.index[span:]
    if multivariate:
        columns = pd.MultiIndex.from_product([family.columns, offsets], names=["variable", "offset"])
    else:
        columns = pd.Index(offsets, name="offset")
    return pd.DataFrame(out.values, index=index, columns=columns)


def optimal_delay(
    x,
    *,
    method: str = "ami",
    max_tau: int | None = None,
    dim: str = "time",
    nan_policy: str = "raise",
):
    """Embedding delay ``tau`` (in samples) of each series, and the curve it was read from.

    - ``"ami"`` (the default): the first local minimum of the average mutual
      information :math:`I(\\tau)` between :math:`x_t` and :math:`x_{t+\\tau}`
      (Fraser & Swinney 1986): the delay at which a new coordinate says least
      about the previous one while the dynamics still links them. The
      probabilities come from an **equiprobable (adaptive) binning**: each
      marginal is cut at its quantiles into :math:`B = \\max(2, \\lfloor\\sqrt{N/5}\\rfloor)`
      bins of equal occupation (Cellucci, Albano & Rapp 2005; equal values
      share a bin), so the partition adapts to the distribution of ``x`` and
      the estimate does not depend on its scale or on outliers. ``I`` is in
      nats; :math:`I(0)` is the entropy of the binned series.
    - ``"acf_zero"``: the first lag at which the autocorrelation is <= 0.
    - ``"acf_e"``: the first lag at which the autocorrelation is <= 1/e.

    **Fallback** when the criterion is not met within ``max_tau`` (the result's
    ``fallback`` is then True, and no warning is issued):

    - ``"ami"`` without a local minimum: the first lag at which
      :math:`I(\\tau) \\le I(0)/e`, else ``max_tau``. A series whose
      autocorrelation falls to 1/e within 2 samples (a map's series, a flow
      sampled under about ten times a period) gets 1: its AMI sinks to the
      estimator's bias floor within a few lags, and its first minimum is a
      wiggle of that floor (16 for Hénon ``x``, 8 for the logistic map's);
    - ``"acf_zero"`` without a zero crossing (Lorenz ``x`` sampled at
      ``dt = 0.01`` keeps a positive autocorrelation over 100 lags, from its
      slow switching between the wings): the first 1/e crossing, else ``max_tau``;
    - ``"acf_e"`` without a 1/e crossing: ``max_tau``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis).
    method : {"ami", "acf_zero", "acf_e"}
    max_tau : int, optional
        Largest delay considered; the series needs at least ``2 * max_tau``
        samples. Default: ``min(100, N // 2)``.
    dim : str
        The time dimension.
    nan_policy : {"raise", "omit"}
        ``"omit"`` leaves out the pairs :math:`(x_t, x_{t+\\tau})` that
        contain a NaN.

    Returns
    -------
    ``tau`` (int), ``fallback`` (bool) and the curve over ``tau_scan`` = 0..max_tau,
    named ``ami`` or ``acf``: a ``DelayChoice`` named tuple (numpy;
    pandas.Series input gives the curve as a Series), a dict of pandas objects
    (DataFrame), a Dataset (xarray) with the parameters in attrs.

    Raises
    ------
    InputError
        A constant series, a series shorter than ``max(16, 2 * max_tau)``
        samples (the message gives the minimum), a bad ``method`` or ``max_tau``.

    See Also
    --------
    embedding_dimension : The dimension for this delay.
    embed : The delay vectors.

    References
    ----------
    Fraser, A. M. & Swinney, H. L. (1986). Independent coordinates for strange
    attractors from mutual information. Phys. Rev. A 33, 1134-1140.
    Cellucci, C. J., Albano, A. M. & Rapp, P. E. (2005). Statistical validation of
    mutual information calculations. Phys. Rev. E 71, 066208.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.chaos import optimal_delay
    >>> x = np.sin(2 * np.pi * np.arange(2000) / 50)  # period of 50 samples
    >>> optimal_delay(x, method="acf_zero").tau  # the first lag past a quarter period
    13
    >>> res = optimal_delay(x, method="acf_e", max_tau=5)
    >>> res.tau, res.fallback
    (5, True)
    """
    check_choice(method, "method", DELAY_METHODS)
    check_nan_policy(nan_policy, ("raise", "omit"))
    da, family = series_and_family(x, dim=dim)
    n_time = da.sizes[dim]
    if max_tau is None:
        max_tau = max(1, min(_DEFAULT_MAX_TAU, n_time // 2))
        reason = "a delay estimate"
    else:
        max_tau = check_int(max_tau, "max_tau", minimum=1)
        reason = f"delays up to max_tau={max_tau} (twice as many samples)"
    curve = "ami" if method == "ami" else "acf"
    scan = {"tau_scan": max_tau + 1}
    outputs = (
        Output("tau", f"embedding delay in samples ({method})"),
        Output(curve, _CURVE_NAMES[curve], ("tau_scan",), scan, {"tau_scan": np.arange(max_tau + 1)}),
        Output("fallback", "criterion not met within max_tau: fallback used"),
    )
    attrs = {"method": method, "max_tau": max_tau, "nan_policy": nan_policy}
    if method == "ami":
        attrs["binning"] = "equiprobable, max(2, floor(sqrt(N/5))) bins"
    ds = apply_along_time(
        _delay_kernel,
        da,
        outputs=outputs,
        dim=dim,
        kwargs={"method": method, "max_tau": max_tau},
        attrs=attrs,
        function=public_name(optimal_delay),
        min_length=max(_MIN_DELAY_SAMPLES, 2 * max_tau),
        length_reason=reason,
        nan_policy=nan_policy,
    )
    return _finish(ds, family, DelayChoice, dim=dim, ints=("tau",), scan="tau_scan")


def embedding_dimension(
    x,
    *,
    method: str = "fnn",
    tau: int | None = None,
    max_m: int = 10,
    metric: str | None = None,
    theiler: int = 0,
    rtol: float = 10.0,
    atol: float = 2.0,
    threshold: float = 0.01,
    tol: float = 0.2,
    dim: str = "time",
    nan_policy: str = "raise",
):
    """Embedding dimension ``m`` of each series, and the curve it was read from.

    Both methods follow the nearest neighbour of every delay vector from
    dimension ``m`` to ``m + 1`` (``scipy.spatial.cKDTree``; vectors with
    identical coordinates and neighbours closer than ``theiler`` samples in
    time are skipped in favour of the next nearest).

    - ``"fnn"``, false nearest neighbours (Kennel, Brown & Abarbanel 1992),
      with **both** criteria: a neighbour at distance :math:`R_m` is false when
      the added coordinate separates them by more than ``rtol`` times
      :math:`R_m` (:math:`|x_{i+m\\tau} - x_{j+m\\tau}| / R_m > R_{tol}`), or
      when their distance in ``m + 1`` dimensions exceeds ``atol`` times the
      standard deviation of ``x`` (:math:`R_{m+1} / R_A > A_{tol}`; a nearest
      neighbour that is not close is not a neighbour). **Choice**: the first
      ``m`` whose fraction of false neighbours is below ``threshold``.
    - ``"cao"`` (Cao 1997): :math:`E(m)` is the mean over vectors of
      :math:`R_{m+1}/R_m` for the ``m``-dimensional nearest neighbour,
      :math:`E1(m) = E(m+1)/E(m)`; :math:`E^*(m)` the mean of
      :math:`|x_{i+m\\tau} - x_{j+m\\tau}|` and :math:`E2(m) = E^*(m+1)/E^*(m)`.
      E1 rises to its saturation value 1 and stays there once ``m`` is large
      enough; E2 stays near 1 at every ``m`` for a random series, which is
      what tells it apart from a deterministic one. **Choice**: the first
      ``m`` at which E1 has reached its plateau, :math:`E1(m) \\ge 1 - tol`.
      A level is steadier on finite samples than the change between two
      consecutive E1 values, which a single noisy value can flip (measured in
      ``benchmarks/embedding.py``: the logistic map, Hénon, Rössler and Lorenz
      get 1, 2, 3 and 3 with it).

    **Fallback** when the criterion is not met up to ``max_m`` (``fallback``
    True): the ``m`` that comes closest (the smallest fraction of false
    neighbours; the largest E1).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis).
    method : {"fnn", "cao"}
    tau : int, optional
        Embedding delay in samples; default: :func:`optimal_delay` with its
        defaults (first minimum of the average mutual information), per
        series, except for a map's series (xarray input whose attrs say
        ``kind="map"``, as the trajectories of ``tsdyn.systems`` maps do),
        which gets 1: a map's step is its natural delay, and the mutual
        information of a map's series falls to its estimation floor without a
        meaningful minimum. A series without such attrs gets 1 where it
        decorrelates within 2 samples (:func:`optimal_delay`; most maps); pass
        ``tau=1`` for a map's series whose autocorrelation decays slowly.
    max_m : int
        Largest dimension considered (>= 2).
    metric : {"euclidean", "chebyshev", "manhattan"}, optional
        Distance between delay vectors; default ``"euclidean"`` for FNN (as
        Kennel et al.) and ``"chebyshev"`` for Cao (as Cao).
    theiler : int
        Neighbours closer than this many samples in time are left out
        (default 0, as in both papers).
    rtol, atol : float
        Kennel's :math:`R_{tol}` and :math:`A_{tol}` (FNN only).
    threshold : float
        FNN fraction below which ``m`` is accepted (FNN only).
    tol : float
        E1 within ``tol`` of 1 counts as saturated (Cao only).
    dim : str
        The time dimension.
    nan_policy : {"raise", "omit"}
        ``"omit"`` leaves out the delay vectors that contain a NaN.

    Returns
    -------
    ``m``, ``tau`` (int), ``fallback`` (bool) and the curves over ``m_scan`` =
    1..max_m: ``fnn`` (method ``"fnn"``) or ``e1`` and ``e2`` (``"cao"``): a
    ``DimensionChoice`` named tuple (numpy; the curves of a
    pandas.Series as Series), a dict of pandas objects (DataFrame), a
    Dataset (xarray) with the parameters in attrs.

    Raises
    ------
    InputError
        A constant series; a series too short for ``max_m`` and ``tau``
        (FNN needs ``max_m * tau + max(10, 2 * theiler + 2)`` samples, Cao
        ``tau`` more; the message gives the minimum); bad parameters.

    See Also
    --------
    optimal_delay : The delay it uses by default.
    embed : The delay vectors.

    References
    ----------
    Kennel, M. B., Brown, R. & Abarbanel, H. D. I. (1992). Determining embedding
    dimension for phase-space reconstruction using a geometrical construction.
    Phys. Rev. A 45, 3403-3411.
    Cao, L. (1997). Practical method for determining the minimum embedding
    dimension of a scalar time series. Physica D 110, 43-50.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.chaos import embedding_dimension
    >>> x = np.empty(2000)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):  # the logistic map: one coordinate determines the next
    ...     x[i] = 4.0 * x[i - 1] * (1.0 - x[i - 1])
    >>> embedding_dimension(x, tau=1).m
    1
    """
    check_choice(method, "method", DIMENSION_METHODS)
    if tau is not None:
        tau = check_int(tau, "tau", minimum=1)
    max_m = check_int(max_m, "max_m", minimum=2)
    metric = _DEFAULT_METRIC[method] if metric is None else check_choice(metric, "metric", tuple(_METRICS))
    theiler = check_int(theiler, "theiler", minimum=0)
    rtol = check_real(rtol, "rtol", minimum=0, inclusive=(False, True))
    atol = check_real(atol, "atol", minimum=0, inclusive=(False, True))
    threshold = check_real(threshold, "threshold", minimum=0, maximum=1, inclusive=(False, True))
    tol = check_real(tol, "tol", minimum=0, maximum=1, inclusive=(False, False))
    check_nan_policy(nan_policy, ("raise", "omit"))
    da, family = series_and_family(x, dim=dim)
    tau_attr: int | str | None = tau
    if tau is None and da.attrs.get("kind") == "map":
        tau, tau_attr = 1, "1 (a map's series: attrs kind='map')"
    elif tau is None:
        tau_attr = "optimal_delay (ami)"
    coords = {"m_scan": np.arange(1, max_m + 1)}
    sizes = {"m_scan": max_m}
    curves = ("fnn",) if method == "fnn" else ("e1", "e2")
    outputs = (
        Output("m", f"embedding dimension ({method})"),
        Output("tau", "embedding delay in samples"),
        Output("fallback", "criterion not met up to max_m: fallback used"),
        *(Output(c, _CURVE_NAMES[c], ("m_scan",), sizes, coords) for c in curves),
    )
    params = {"method": method, "max_m": max_m, "metric": metric, "theiler": theiler}
    params |= {"rtol": rtol, "atol": atol, "threshold": threshold} if method == "fnn" else {"tol": tol}
    kwargs = {**params, "tau": tau}
    attrs = {**params, "tau": tau_attr, "nan_policy": nan_policy}
    minimum = _dimension_min_length(method, max_m, tau or 1, theiler)
    ds = apply_along_time(
        _dimension_kernel,
        da,
        outputs=outputs,
        dim=dim,
        kwargs=kwargs,
        attrs=attrs,
        function=public_name(embedding_dimension),
        min_length=max(minimum, _MIN_DELAY_SAMPLES) if tau is None else minimum,
        # estimators that choose their m call this one: the message names it
        length_reason=f"embedding_dimension (method={method!r} up to max_m={max_m}"
        + (")" if tau is None else f") with tau={tau}"),
        nan_policy=nan_policy,
    )
    return _finish(ds, family, DimensionChoice, dim=dim, ints=("m", "tau"), scan="m_scan")


def _dimension_min_length(method: str, max_m: int, tau: int, theiler: int) -> int:
    # Vectors of max_m + 1 coordinates (Cao: max_m + 2, for E(max_m + 1)), enough of them to
    # have neighbours outside the Theiler window.
    span = (max_m + (method == "cao")) * tau
    return span + max(_MIN_VECTORS, 2 * theiler + 2)


def _finish(ds: xr.Dataset, family, cls, *, dim: str, ints: tuple[str, ...], scan: str):
    # Integer choices and a boolean flag, in the caller's family; numpy and a single pandas
    # Series get the named tuple with Python scalars, ready to pass on as m= or tau=.
    for name in ints:
        ds[name] = ds[name].astype(np.int64)
    ds["fallback"] = ds["fallback"].astype(bool)
    if family.kind not in ("numpy", "series"):
        return from_series(ds, family, dim=dim)
    fields: dict = {}
    for name in cls._fields:
        if name not in ds:
            fields[name] = None
        elif scan in ds[name].dims:
            values = ds[name].values
            if family.kind == "series":
                values = pd.Series(values, index=pd.Index(ds[scan].values, name=scan), name=name)
            fields[name] = values
        else:
            values = ds[name].values
            fields[name] = values.item() if values.ndim == 0 else values
    return cls(**fields)


def check_varies(a: np.ndarray) -> None:
    with np.errstate(invalid="ignore"):
        flat = np.nanmax(a, axis=1) == np.nanmin(a, axis=1)
    if flat.any():
        where = "" if a.shape[0] == 1 else f" (series {int(np.argmax(flat))} of {a.shape[0]})"
        raise InputError(
            f"x is constant{where}: a delay or an embedding dimension needs a series that varies"
        )


def default_delay(x: np.ndarray) -> int:
    """:func:`optimal_delay`'s default choice for one 1-D series (AMI, default ``max_tau``).

    The delay every estimator of the chaos engine uses when the caller gives none.
    """
    return _delay_row(x, "ami", max(1, min(_DEFAULT_MAX_TAU, x.size // 2)), until_minimum=True)[0]


def check_theiler(theiler: int, n_vectors: int) -> None:
    """Refuse a Theiler window that leaves too few delay vectors a neighbour outside it.

    Every vector needs ``_MIN_VECTORS`` others beyond ``theiler`` samples on some side;
    a wider window leaves the estimators NaN without a reason.

    >>> check_theiler(5, 100)
    """
    if 2 * theiler + _MIN_VECTORS > n_vectors:
        raise InputError(
            f"theiler={theiler} leaves no neighbours outside the window among {n_vectors} delay "
            f"vectors: it must be at most {max(0, (n_vectors - _MIN_VECTORS) // 2)} here"
        )


def decorrelated(x: np.ndarray) -> bool:
    """Whether a 1-D series' autocorrelation falls to 1/e within 2 samples.

    A map's series, or a flow sampled under about ten times a period: the chaos
    engine's delay is then 1 (:func:`optimal_delay`'s ``"ami"``).

    >>> decorrelated(np.sin(0.1 * np.arange(1000))), decorrelated(np.sin(2.0 * np.arange(1000)))
    (False, True)
    """
    lag = _first_at_or_below(_autocorrelation(x, min(_DECORRELATED_LAG, x.size - 1)), 1.0 / math.e)
    return lag is not None


def autocorrelation_time(x: np.ndarray) -> int | None:
    """First lag at which the autocorrelation of a 1-D series falls to 1/e (None within N/4).

    The chaos engine's default Theiler window: neighbours closer in time lie on the
    same stretch of orbit.

    >>> autocorrelation_time(np.sin(0.1 * np.arange(1000)))
    12
    """
    return _first_at_or_below(_autocorrelation(x, x.size // 4), 1.0 / math.e)


def _delay_kernel(a, *, parallel, method, max_tau):
    check_varies(a)
    taus = np.empty(a.shape[0])
    curves = np.empty((a.shape[0], max_tau + 1))
    fallback = np.empty(a.shape[0])
    for row in range(a.shape[0]):
        taus[row], curves[row], fallback[row] = _delay_row(a[row], method, max_tau)
    return taus, curves, fallback


def _delay_row(
    x: np.ndarray, method: str, max_tau: int, until_minimum: bool = False
) -> tuple[int, np.ndarray, bool]:
    # until_minimum: the AMI curve may stop at its first minimum (only the delay is wanted)
    if method == "ami":
        curve = _mutual_information(x, max_tau, until_minimum)
        if decorrelated(x):
            return 1, curve, True
        first = _first_minimum(curve)
        second = _first_at_or_below(curve, curve[0] / math.e)
    else:
        curve = _autocorrelation(x, max_tau)
        first = _first_at_or_below(curve, 0.0 if method == "acf_zero" else 1.0 / math.e)
        second = _first_at_or_below(curve, 1.0 / math.e) if method == "acf_zero" else None
    if first is not None:
        return first, curve, False
    return (max_tau if second is None else second), curve, True


def _first_minimum(curve: np.ndarray) -> int | None:
    inner = (curve[1:-1] < curve[:-2]) & (curve[1:-1] <= curve[2:])
    return int(np.argmax(inner)) + 1 if inner.any() else None


def _first_at_or_below(curve: np.ndarray, level: float) -> int | None:
    below = curve[1:] <= level
    return int(np.argmax(below)) + 1 if below.any() else None


def _mutual_information(x: np.ndarray, max_tau: int, until_minimum: bool = False) -> np.ndarray:
    """Average mutual information (nats) of (x_t, x_{t+k}), k = 0..max_tau, equiprobable bins.

    ``until_minimum``: stop at the lag after the first local minimum (the curve up to
    there is the same; the lags beyond cost time when only the first minimum is wanted).
    """
    valid = np.isfinite(x)
    n = int(valid.sum())
    bins = max(2, math.isqrt(n // 5))
    codes = np.full(x.size, -1, dtype=np.int64)
    # rank "min": equal values get one rank, so a tie is never split across two bins
    codes[valid] = ((rankdata(x[valid], method="min").astype(np.int64) - 1) * bins) // n
    out = np.empty(max_tau + 1)
    for k in range(max_tau + 1):
        first, second = codes[: x.size - k], codes[k:]
        keep = (first >= 0) & (second >= 0)
        joint = np.bincount(first[keep] * bins + second[keep], minlength=bins * bins).astype(np.float64)
        joint = joint.reshape(bins, bins) / keep.sum()
        outer = np.outer(joint.sum(axis=1), joint.sum(axis=0))
        nz = joint > 0
        out[k] = float(np.sum(joint[nz] * np.log(joint[nz] / outer[nz])))
        if until_minimum and k >= 2 and out[k - 1] < out[k - 2] and out[k - 1] <= out[k]:
            return out[: k + 1]  # _first_minimum's test, first met at k - 1
    return out


def _autocorrelation(x: np.ndarray, max_tau: int) -> np.ndarray:
    """Autocorrelation at lags 0..max_tau (biased estimator; NaN samples count as absent)."""
    valid = np.isfinite(x)
    y = np.where(valid, x - x[valid].mean(), 0.0)
    size = 1 << (2 * x.size - 1).bit_length()
    spectrum = np.fft.rfft(y, size)
    cov = np.fft.irfft(spectrum * np.conj(spectrum), size)[: max_tau + 1]
    return cov / cov[0]


def _dimension_kernel(a, *, parallel, method, tau, max_m, metric, theiler, **criteria):
    check_varies(a)
    n_rows = a.shape[0]
    chosen, taus, fallback = np.empty(n_rows), np.empty(n_rows), np.empty(n_rows)
    n_curves = 1 if method == "fnn" else 2
    curves = np.empty((n_curves, n_rows, max_m))
    for row in range(n_rows):
        x = a[row]
        row_tau = tau
        if row_tau is None:
            row_tau = default_delay(x)
            needed = _dimension_min_length(method, max_m, row_tau, theiler)
            if x.size < needed:
                raise InputError(
                    f"x is too short for embedding_dimension (method={method!r} up to max_m={max_m}) "
                    f"with the chosen tau={row_tau}: needs at least {needed} samples, got {x.size}; "
                    "pass a smaller max_m or tau (or m, to an estimator that chooses it)"
                )
        taus[row] = row_tau
        stats = _neighbour_statistics(x, row_tau, max_m + (method == "cao"), _METRICS[metric], theiler)
        if method == "fnn":
            curves[0, row] = _fnn_fraction(stats, x, criteria["rtol"], criteria["atol"])
            passed = curves[0, row] < criteria["threshold"]
            closest = int(np.nanargmin(curves[0, row]))
        else:
            curves[0, row], curves[1, row] = _cao(stats)
            level = np.nan_to_num(curves[0, row], nan=-np.inf)
            passed = level >= 1.0 - criteria["tol"]
            closest = int(np.argmax(level))
        fallback[row] = not passed.any()
        chosen[row] = (closest if fallback[row] else int(np.argmax(passed))) + 1
    return (chosen, taus, fallback, *curves)


def _neighbour_statistics(x: np.ndarray, tau: int, top: int, p: float, theiler: int) -> list:
    """For m = 1..top: (R_m, |x_{i+m tau} - x_{j+m tau}|) of every vector and its nearest neighbour."""
    out = []
    for m in range(1, top + 1):
        n = x.size - m * tau
        vectors = np.column_stack([x[k * tau : k * tau + n] for k in range(m + 1)])
        keep = np.isfinite(vectors).all(axis=1)
        points, added, index = vectors[keep, :m], vectors[keep, m], np.flatnonzero(keep)
        dist, nb = nearest_neighbours(points, index, theiler, p)
        found = nb >= 0
        out.append((dist[found], np.abs(added[found] - added[nb[found]]), p))
    return out


def nearest_neighbours(points: np.ndarray, index: np.ndarray, theiler: int, p: float, rows=None):
    """Nearest neighbour of every point at a non-zero distance and more than ``theiler`` samples away.

    ``rows`` (positions in ``points``): answer for these points only (default: all),
    among all points. Asks the tree for few neighbours first and for more only for
    the points whose candidates were all excluded, so the Theiler window costs
    little. Large queries use every core (``use_parallel``; each point's answer is
    the same on any number).
    """
    n = points.shape[0]
    rows = np.arange(n) if rows is None else np.asarray(rows)
    tree = cKDTree(points)
    dist = np.full(rows.size, np.nan)
    nb = np.full(rows.size, -1, dtype=np.int64)
    todo = np.arange(rows.size)  # positions in rows still without a neighbour
    k = 4
    while todo.size:
        k = min(k, n)
        asked = rows[todo]
        # threads for the large first round only (a few hundred points would not pay their start)
        workers = -1 if use_parallel(todo.size, 16 * k) else 1
        d, j = tree.query(points[asked], k=k, p=p, workers=workers)
        d, j = d.reshape(todo.size, -1), j.reshape(todo.size, -1)
        exists = j < n
        gap = np.abs(index[np.where(exists, j, 0)] - index[asked][:, None])
        ok = exists & (gap > theiler) & (d > 0)
        has = ok.any(axis=1)
        first = np.argmax(ok, axis=1)[has]
        dist[todo[has]] = d[has, first]
        nb[todo[has]] = j[has, first]
        todo = todo[~has]
        if k == n:
            break
        k *= 4
    return dist, nb


def _grown(dist: np.ndarray, added: np.ndarray, p: float) -> np.ndarray:
    # Distance in m + 1 dimensions from the distance in m and the added coordinate's difference.
    if p == np.inf:
        return np.maximum(dist, added)
    return (dist**p + added**p) ** (1.0 / p)


def _fnn_fraction(stats: list, x: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    spread = np.nanstd(x)
    out = np.full(len(stats), np.nan)
    for i, (dist, added, p) in enumerate(stats):
        if dist.size:
            false = (added > rtol * dist) | (_grown(dist, added, p) > atol * spread)
            out[i] = false.mean()
    return out


def _cao(stats: list) -> tuple[np.ndarray, np.ndarray]:
    e = np.array([np.mean(_grown(d, a, p) / d) if d.size else np.nan for d, a, p in stats])
    e_star = np.array([np.mean(a) if a.size else np.nan for _, a, _ in stats])
    with np.errstate(divide="ignore", invalid="ignore"):
        return e[1:] / e[:-1], e_star[1:] / e_star[:-1]
