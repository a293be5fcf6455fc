"""Choosing the sampling timescale (the delay) of ordinal analysis, as in PECCARY.

Two criteria users meet in PECCARY (Schaffner et al.; Hyman, Daniel &
Schaffner 2025):

- **timescale**: make the pattern timescale :math:`t_{pat} = (m-1)\\,\\tau\\,dt`
  a fixed fraction (0.3 to 0.5; default 0.4) of the series' natural timescale
  :math:`t_{nat}`, estimated from the data by :func:`natural_timescale`;
- **complexity peak**: the delay at which the statistical complexity
  :math:`C(\\tau)` is largest over a range of delays.

>>> import numpy as np
>>> from tsdyn.ordinal.tau import choose_delay, natural_timescale
>>> x = np.sin(2 * np.pi * np.arange(1000) / 50)
>>> round(natural_timescale(x))
50
>>> choose_delay(x, m=5).tau
5.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.errors import InputError, check_choice, check_int, check_real
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.multiscale import int_list, multiscale_complexity_entropy

__all__ = ["TIMESCALE_METHODS", "choose_delay", "natural_timescale", "sample_interval"]

TIMESCALE_METHODS = ("crossings", "minima", "maxima")
DELAY_METHODS = ("timescale", "complexity_peak")


def crossing_period(a: np.ndarray) -> np.ndarray:
    """Samples per cycle from the crossings of the mean: two crossings make one cycle.

    PECCARY divides the whole duration by half the crossing count; measuring
    from the first to the last crossing instead removes the end effects (a
    bias of up to one cycle over the series), so a sampled sine gives its period.
    """
    above = a > a.mean(axis=1, keepdims=True)
    out = np.full(a.shape[0], np.nan)
    for row in range(a.shape[0]):
        where = np.flatnonzero(above[row, 1:] != above[row, :-1])
        if where.size >= 2:
            out[row] = 2.0 * (where[-1] - where[0]) / (where.size - 1)
    return out


def _extrema_spacing(a: np.ndarray, sign: float) -> np.ndarray:
    """Mean spacing (in samples) of strict local minima (sign=1) or maxima (sign=-1)."""
    v = sign * a
    is_ext = (v[:, 1:-1] < v[:, :-2]) & (v[:, 1:-1] < v[:, 2:])
    out = np.full(a.shape[0], np.nan)
    for row in range(a.shape[0]):
        where = np.flatnonzero(is_ext[row])
        if where.size >= 2:
            out[row] = (where[-1] - where[0]) / (where.size - 1)
    return out


def _timescale_kernel(a, *, parallel, method, dt=1.0):
    if method == "crossings":
        return dt * crossing_period(a)
    return dt * _extrema_spacing(a, 1.0 if method == "minima" else -1.0)


def sample_interval(x: SeriesLike, *, dim: str = "time") -> float:
    """Sampling interval of ``x``: the median step of a numeric ``dim`` coordinate, else 1.

    Datetime coordinates give seconds.

    >>> import xarray as xr
    >>> sample_interval(xr.DataArray([1.0, 2.0, 3.0], dims="time", coords={"time": [0.0, 0.5, 1.0]}))
    0.5
    """
    da = as_series(x, dim=dim)
    if dim not in da.coords or da.sizes[dim] < 2:
        return 1.0
    t = da.coords[dim].values
    if t.dtype.kind == "M":
        return float(np.median(np.diff(t.astype("datetime64[ns]").astype(np.int64)))) / 1e9
    if t.dtype.kind in "iuf":
        return float(np.median(np.diff(t.astype(np.float64))))
    return 1.0


def natural_timescale(
    x: SeriesLike, *, dim: str = "time", method: str = "crossings", dt: float | None = None
) -> SeriesResult:
    """Natural timescale of every series, estimated from the data.

    - ``"crossings"`` (PECCARY's default): twice the mean spacing of the
      crossings of the mean (one excursion above and one below make a cycle),
      measured between the first and last crossing;
    - ``"minima"`` / ``"maxima"``: mean spacing of strict local minima / maxima.

    NaN where the estimate does not exist (fewer than two crossings or extrema).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    method : {"crossings", "minima", "maxima"}
    dt : float, optional
        Sampling interval; default: from the time coordinate (``tsdyn.ordinal.tau.sample_interval``),
        1 (samples) for numpy input.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    float per series, in the unit of ``dt``.

    See Also
    --------
    choose_delay : The delay set from it.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * np.arange(2000) / 40)
    >>> round(natural_timescale(x, method="maxima"), 1), round(natural_timescale(x, dt=0.1), 1)
    (40.0, 4.0)
    """
    check_choice(method, "method", TIMESCALE_METHODS)
    if dt is None:
        dt = sample_interval(x, dim=dim)
    check_real(dt, "dt", minimum=0, inclusive=(False, True))
    return apply_along_time(
        _timescale_kernel,
        x,
        outputs=Output("natural_timescale", long_name=f"natural timescale ({method})"),
        dim=dim,
        kwargs={"method": method, "dt": float(dt)},
        attrs={"method": method, "dt": dt},
        function=public_name(natural_timescale),
        min_length=3,
        length_reason="a natural timescale",
        # only for the time-axis hint: (time, variable) numpy read along its 3-sample last axis
        expected_length=10,
    )


def choose_delay(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 5,
    method: str = "timescale",
    ratio: float = 0.4,
    timescale: str = "crossings",
    taus: int | Iterable[int] = range(1, 101),
) -> SeriesResult:
    """Delay (in samples) for ordinal analysis with embedding dimension ``m``.

    - ``method="timescale"``: :math:`\\tau = \\max(1, \\mathrm{round}(r\\, t_{nat} / (m-1)))`
      with :math:`t_{nat}` in samples (:func:`natural_timescale`, ``timescale``)
      and ``r = ratio`` (PECCARY recommends 0.3 to 0.5);
    - ``method="complexity_peak"``: the delay in ``taus`` of largest complexity,
      among those whose patterns span at most half the series.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m : int
        Embedding dimension.
    method : {"timescale", "complexity_peak"}
    ratio : float
        Target pattern timescale over natural timescale.
    timescale : {"crossings", "minima", "maxima"}
        Estimator of the natural timescale.
    taus : sequence of int
        Delays scanned by ``complexity_peak``.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    ``tau`` (NaN where undefined: no natural timescale) and ``natural_timescale``
    (samples): a named tuple (numpy), pandas or a Dataset.

    See Also
    --------
    natural_timescale : The timescale the delay is set from.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * np.arange(3000) / 80)
    >>> choose_delay(x, m=5, ratio=0.3).tau
    6.0
    """
    # the delay is for ordinal measures of m: an m they refuse (m = 20 got tau = 1) is refused here
    m = K.check_d(check_int(m, "m", minimum=2), K.STABLE)
    check_choice(method, "method", DELAY_METHODS)
    check_choice(timescale, "timescale", TIMESCALE_METHODS)
    check_real(ratio, "ratio", minimum=0, inclusive=(False, True))
    taus = int_list(taus, "taus")
    outputs = (
        Output("tau", long_name=f"ordinal delay in samples ({method})"),
        Output("natural_timescale", long_name=f"natural timescale in samples ({timescale})"),
    )
    return apply_along_time(
        _delay_kernel,
        x,
        outputs=outputs,
        dim=dim,
        kwargs={"m": m, "method": method, "ratio": float(ratio), "timescale": timescale, "taus": taus},
        attrs={"m": m, "method": method, "ratio": ratio, "timescale": timescale},
        function=public_name(choose_delay),
        min_length=2 * m,
        # only for the time-axis hint: the delay is chosen first, so the measures' own minimum cannot apply
        expected_length=m - 1 + math.factorial(m),
        length_reason=f"choosing a delay for m={m}",
    )


def _delay_kernel(a, *, parallel, m, method, ratio, timescale, taus):
    t_nat = _timescale_kernel(a, parallel=parallel, method=timescale)
    if method == "timescale":
        tau = np.where(np.isfinite(t_nat), np.maximum(1.0, np.round(ratio * t_nat / (m - 1))), np.nan)
        too_long = (m - 1) * tau >= a.shape[1]
        if too_long.any():
            row = int(np.argmax(too_long))
            raise InputError(
                f"ratio={ratio:g} of the natural timescale {t_nat[row]:.4g} gives tau={tau[row]:.0f}, whose "
                f"window of m={m} patterns spans {(m - 1) * tau[row]:.0f} samples, beyond the series' "
                f"{a.shape[1]}: use a smaller ratio"
            )
        return tau, t_nat
    usable = taus[(m - 1) * taus <= a.shape[1] // 2]
    if usable.size == 0:
        raise InputError(
            f"x is too short for a complexity peak: the smallest delay {taus[0]} with m={m} needs "
            f"{2 * (m - 1) * taus[0]} samples, got {a.shape[1]}"
        )
    curves = multiscale_complexity_entropy(a, m=m, taus=usable, allow_short=True)
    return usable[np.argmax(curves.complexity, axis=-1)].astype(np.float64), t_nat
