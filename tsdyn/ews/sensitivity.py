"""Sensitivity of the Kendall tau trends to the rolling window and the detrending bandwidth.

R earlywarnings' ``sensitivity_ews``: the whole pipeline (detrend, rolling
indicators, Kendall tau) is run on a grid of window sizes x bandwidths, so a
user sees whether a trend survives reasonable choices or appears only for
one of them. Each bandwidth's detrending is done once and shared by every
window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, TimePoint
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.errors import InputError
from tsdyn.ews._input import fill_gaps, prepare, time_range
from tsdyn.ews.api import DEFAULT_INDICATORS, EWSSpec
from tsdyn.ews.conventions import Convention, get_convention
from tsdyn.ews.detrending import detrend_rows, resolve_detrend
from tsdyn.ews.indicators import compute_indicators
from tsdyn.ews.trend import kendall_rows

__all__ = ["sensitivity_grid"]


def sensitivity_grid(
    x: SeriesLike,
    *,
    dim: str = "time",
    windows: Sequence[float | int] = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75),
    bandwidths: Sequence[float | int] = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5),
    detrend: str = "gaussian",
    indicators: str | Sequence[str] = DEFAULT_INDICATORS,
    convention: str | Convention = "tsdyn",
    transition: TimePoint | None = None,
    tmin: TimePoint | None = None,
    tmax: TimePoint | None = None,
    nan_policy: str = "raise",
) -> xr.DataArray:
    """Kendall tau of each indicator over a grid of windows x bandwidths.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (other dims broadcast).
    dim : str
        The time dimension.
    windows, bandwidths : sequences
        Rolling windows and Gaussian bandwidths (LOWESS spans for
        ``detrend="lowess"``), read as in :func:`tsdyn.ews.analyze`.
        Methods without a bandwidth ("linear", "first_difference", "none")
        give the same taus along ``bandwidth``.
    detrend, indicators, convention, transition, tmin, tmax, nan_policy
        As in :func:`tsdyn.ews.analyze`.

    Returns
    -------
    xarray.DataArray
        ``ktau`` with dims ``(..., indicator, window, bandwidth)``.

    See Also
    --------
    analyze : One point of the grid.
    trend_test : The significance of one point's trends.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(200) * np.linspace(1, 2, 200)
    >>> da = sensitivity_grid(x, windows=[0.3, 0.5], bandwidths=[0.1, 0.2], indicators=["variance"])
    >>> da.dims, bool((da > 0).all())
    (('indicator', 'window', 'bandwidth'), True)
    """
    windows, bandwidths = list(windows), list(bandwidths)
    if not windows or not bandwidths:
        raise InputError("windows and bandwidths must each hold at least one value")
    spec = EWSSpec(
        window=windows[0], detrend=detrend, bandwidth=bandwidths[0], span=bandwidths[0], indicators=indicators,
        convention=convention,
    )  # fmt: skip
    prep = prepare(x, dim=dim, transition=transition, nan_policy=nan_policy)
    lo, hi = time_range(prep.time, tmin=tmin, tmax=tmax, n_use=prep.n_use, dim=dim)
    for w in windows:  # validate every window before any work
        replace(spec, window=w).window_points(prep.n_use)
    sizes = {"indicator": len(spec.indicators), "window": len(windows), "bandwidth": len(bandwidths)}
    out = apply_along_time(
        _grid_kernel,
        as_series(prep.x, dim=dim),  # always a DataArray: the grid is labelled
        outputs=Output(
            "ktau",
            "Kendall tau of the indicator against time",
            core_dims=("indicator", "window", "bandwidth"),
            sizes=sizes,
            coords={"indicator": list(spec.indicators), "window": windows, "bandwidth": bandwidths},
        ),
        dim=dim,
        kwargs={"spec": spec, "windows": windows, "bandwidths": bandwidths, "n_use": prep.n_use, "exog": prep.time,
                "nan_fill": nan_policy == "interpolate", "lo": lo, "hi": hi},
        attrs={"detrend": detrend, "convention": get_convention(spec.convention).name, "transition": transition},
        function=public_name(sensitivity_grid),
        nan_policy=prep.nan_policy,
    )  # fmt: skip
    return out


def _grid_kernel(a, *, parallel, spec, windows, bandwidths, n_use, exog, nan_fill, lo, hi):
    b = a[:, :n_use]
    if nan_fill:
        b = fill_gaps(b)
    conv = spec.convention
    out = np.full((a.shape[0], len(spec.indicators), len(windows), len(bandwidths)), np.nan)
    for j, bw in enumerate(bandwidths):
        params = resolve_detrend(spec.detrend, bw, bw, conv, n_use)
        _, resid = detrend_rows(b, exog=exog[:n_use], parallel=parallel, **params)
        resid = np.ascontiguousarray(resid)
        for i, w in enumerate(windows):
            points = replace(spec, window=w, bandwidth=bw, span=bw).window_points(n_use)
            ind = compute_indicators(
                resid, window=points, names=spec.indicators, conv=conv, raw=b, parallel=parallel
            )
            for k, name in enumerate(spec.indicators):
                out[:, k, i, j] = kendall_rows(ind[name], lo=lo, hi=hi, parallel=parallel)
    return out
