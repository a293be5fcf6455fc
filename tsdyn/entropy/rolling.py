"""Rolling sample entropy: the value of every trailing window, for early-warning analysis.

Each window of ``window`` samples gets :func:`~tsdyn.entropy.sample_entropy`
of its own values (with ``r=None``, 0.2 of the window's own standard
deviation, as ewstools' rolling entropy computes it through EntropyHub),
placed at the window's right edge; the first ``window - 1`` values, and
every window holding a NaN, are NaN.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.entropy import _kernels as K
from tsdyn.entropy.templates import templates
from tsdyn.errors import check_nan_policy, window_points

__all__ = ["each_window", "rolling_sample_entropy"]


def each_window(a: np.ndarray, window: int, func: Callable[[np.ndarray], float]) -> np.ndarray:
    """``func`` of every trailing window of every row of ``a``, at the window's right edge.

    Windows holding a NaN, and the first ``window - 1`` positions, are NaN.

    >>> each_window(np.array([[1.0, 2.0, np.nan, 4.0, 5.0, 6.0]]), 2, np.sum)
    array([[nan,  3., nan, nan,  9., 11.]])
    """
    out = np.full(a.shape, np.nan)
    gaps = np.cumsum(np.c_[np.zeros(a.shape[0]), np.isnan(a)], axis=1)
    for i, row in enumerate(a):
        for end in range(window, a.shape[1] + 1):
            if gaps[i, end] == gaps[i, end - window]:
                out[i, end - 1] = func(row[end - window : end])
    return out


def rolling_sample_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: int | float = 100,
    m: int = 2,
    tau: int = 1,
    r: float | None = None,
    metric: str = "chebyshev",
    nan_policy: str = "raise",
) -> SeriesResult:
    """Sample entropy of every trailing window of ``window`` samples.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    window : int or float
        Samples per window (an int, at least ``m * tau + 2``) or a fraction
        of the series (a float in (0, 1)), the glossary's window rule.
    m, tau, r, metric
        See :func:`~tsdyn.entropy.sample_entropy`; ``r=None`` takes 0.2
        standard deviations of each window.
    nan_policy : {"raise", "omit"}
        ``"omit"``: windows holding a NaN are NaN.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family and shape as ``x``, named ``entropy``.

    See Also
    --------
    sample_entropy : The whole series.
    tsdyn.ews.rolling_indicators : Indicator ``sample_entropy``, with the others.

    Examples
    --------
    >>> x = np.r_[np.sin(np.arange(200) / 4.0), np.random.default_rng(0).normal(size=200)]
    >>> res = rolling_sample_entropy(x, window=100)
    >>> bool(res[199] < 0.5 < res[-1])
    True
    """
    cfg = templates(m, tau, r, metric, "raise")
    check_nan_policy(nan_policy, ("raise", "omit"))
    minimum = cfg.m * cfg.tau + 2
    n = as_series(x, dim=dim).sizes[dim]
    window = window_points(window, n, minimum=minimum)
    return apply_along_time(
        _rolling_kernel,
        x,
        outputs=Output("entropy", long_name="rolling sample entropy", core_dims=("time",)),
        dim=dim,
        kwargs={"cfg": cfg, "window": window},
        attrs={**cfg.attrs(), "window": window, "nan_policy": nan_policy},
        function=public_name(rolling_sample_entropy),
        min_length=window,
        length_reason=f"a window of {window} samples",
        nan_policy="propagate" if nan_policy == "omit" else nan_policy,
    )


def _rolling_kernel(a, *, parallel, cfg, window):
    # a loop over windows in Python, not a driver: each window's default radius is numpy's std
    # (pairwise summation), which numba's np.std would not reproduce to the last bit
    code = K.METRICS[cfg.metric]
    return each_window(a, window, lambda w: K.sample_entropy_row(w, cfg.m, cfg.tau, cfg.radius(w), code))
