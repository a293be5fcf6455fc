"""Rolling DFA: the scaling exponent of every trailing window, for early-warning analysis.

Each window of ``window`` samples gets the DFA exponent ``alpha`` of its own
values (:func:`~tsdyn.fractal.dfa`), placed at the window's right edge; the
first ``window - 1`` values, and every window holding a NaN, are NaN. A
rising alpha signals growing memory, as critical slowing down does.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.entropy.rolling import each_window
from tsdyn.errors import InputError, check_int, check_nan_policy, window_points
from tsdyn.fractal import _kernels as K
from tsdyn.fractal._fit import log_slope
from tsdyn.fractal.fluctuation import dfa_scales, shortest
from tsdyn.ordinal.multiscale import int_list

__all__ = ["ewstools_scales", "rolling_dfa"]


def ewstools_scales(window: int) -> np.ndarray:
    """The window lengths of ewstools' DFA for a window of ``window`` samples.

    20 log-spaced lengths from 4 to ``window // 2``, rounded, without repeats.

    >>> ewstools_scales(40)
    array([ 4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 16, 17, 18, 20])
    """
    top = max(window // 2, 5)
    return np.unique(np.round(np.logspace(np.log10(4), np.log10(top), 20)).astype(np.int64))


def rolling_dfa(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: int | float = 100,
    degree: int = 1,
    scales: Iterable[int] | None = None,
    nan_policy: str = "raise",
) -> SeriesResult:
    """DFA exponent alpha of every trailing window of ``window`` samples.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    window : int or float
        Samples per window (an int) or a fraction of the series (a float in
        (0, 1)), the glossary's window rule.
    degree : int
        Degree of the detrending polynomial (DFA-``degree``).
    scales : sequence of int or None
        Window lengths of the DFA inside each window (at most ``window``);
        None: :func:`~tsdyn.fractal.dfa_scales` of the window length.
    nan_policy : {"raise", "omit"}
        ``"omit"``: windows holding a NaN are NaN.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family and shape as ``x``, named ``alpha``. A constant window gives
    NaN (its fluctuation is zero).

    See Also
    --------
    dfa : The whole series, with its fluctuation curve.
    tsdyn.ews.rolling_indicators : Indicator ``dfa``, with the others.

    Examples
    --------
    >>> noise = np.random.default_rng(0).normal(size=300)
    >>> res = rolling_dfa(np.r_[noise, np.cumsum(noise)], window=200)
    >>> bool(np.isnan(res[198])), bool(res[299] < 1.0 < res[-1])
    (True, True)
    """
    degree = check_int(degree, "degree", minimum=0)
    check_nan_policy(nan_policy, ("raise", "omit"))
    n = as_series(x, dim=dim).sizes[dim]
    if scales is None:
        window = window_points(window, n, minimum=shortest(degree))
        use = dfa_scales(window, degree=degree)
    else:
        use = int_list(scales, "scales")
        window = window_points(window, n, minimum=int(use[-1]))
        if use[0] < degree + 2 or use.size < 2:
            raise InputError(
                f"scales needs two window lengths of at least degree + 2 = {degree + 2}, got {use}"
            )
    return apply_along_time(
        _rolling_kernel,
        x,
        outputs=Output("alpha", long_name="rolling DFA exponent", core_dims=("time",)),
        dim=dim,
        kwargs={"window": window, "scales": use, "degree": degree},
        attrs={"window": window, "degree": degree, "scales": use, "nan_policy": nan_policy},
        function=public_name(rolling_dfa),
        min_length=window,
        length_reason=f"a window of {window} samples",
        nan_policy="propagate" if nan_policy == "omit" else nan_policy,
    )


def _rolling_kernel(a, *, parallel, window, scales, degree):
    # a loop over windows in Python, not a driver: the exponent of each window is numpy's
    # log_slope, which the compiled kernels cannot call
    flucts = np.empty(scales.size)

    def alpha(w):
        if np.ptp(w) == 0:  # the profile of a constant window is rounding noise: no exponent
            return np.nan
        K.fluctuations.row(w, scales, degree, flucts)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = log_slope(scales, flucts)
        return value if np.isfinite(value) else np.nan

    return each_window(a, window, alpha)
