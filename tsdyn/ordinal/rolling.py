"""Rolling (windowed) permutation entropy and complexity along time, in O(n) total.

The pattern counts of a trailing window are updated as it slides (one pattern
enters, one leaves), and with them the sums that entropy and complexity need,
so the cost per sample does not depend on the window length. The value at
time t describes the ``window`` samples ending at t (the right edge, as
pandas and ewstools); the first ``window - 1`` values are NaN. With
``nan_policy="omit"`` the windows holding NaN are left out of the counts (a
window with no pattern left gives NaN).
"""

from __future__ import annotations

import math
import numbers

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output
from tsdyn.errors import InputError, window_points
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.entropy import log_base
from tsdyn.ordinal.patterns import setup, time_length

__all__ = ["rolling_complexity_entropy", "rolling_permutation_entropy"]


def _window(window: float | int, cfg, x, dim: str) -> int:
    # the engine-wide rule: an int is points, a float in (0, 1) a fraction of the series
    n = 0 if isinstance(window, numbers.Integral) else time_length(x, dim)
    points = window_points(window, n, minimum=cfg.span)
    if points < cfg.needed():
        # each window is the series a value is computed from: the engine's minimum applies to it
        raise InputError(f"window must be at least {cfg.needed()} points for {cfg.reason}, got {points}")
    return points


def rolling_permutation_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: float | int = 100,
    m: int = 3,
    tau: int = 1,
    normalize: bool = True,
    base: str | float = "e",
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Permutation entropy of every trailing window of ``window`` samples.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    window : int or float
        Samples per window (an int, at least (m-1)*tau + 1), or a fraction of
        the series (a float in (0, 1)); the window holds ``window - (m-1) tau``
        patterns. Other floats (``1.0``, ``50.0``) are refused as ambiguous.
    m, tau, ties, nan_policy, allow_short
        See :mod:`tsdyn.ordinal.patterns`.
    normalize, base
        See :func:`tsdyn.ordinal.permutation_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family and shape as ``x``.

    See Also
    --------
    permutation_entropy : The whole series.
    rolling_complexity_entropy : With the complexity.

    Examples
    --------
    >>> rolling_permutation_entropy([1.0, 2.0, 3.0, 4.0, 3.0, 2.0, 1.0], window=4, allow_short=True).round(3)
    array([  nan,   nan,   nan, 0.   , 0.387, 0.387, 0.   ])
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    window = _window(window, cfg, x, dim)
    log_base(base)  # checked even where normalize makes it moot (base=0 passed)
    scale = 1.0 if normalize else log_base(base) / math.log(cfg.n_patterns)
    return cfg.run(
        _rolling_kernel,
        x,
        dim=dim,
        outputs=Output("permutation_entropy", long_name="rolling permutation entropy", core_dims=("time",)),
        kwargs={"cfg": cfg, "window": window, "scale": scale, "complexity": False},
        attrs={"window": window, "normalize": normalize, "base": str(base)},
        function=public_name(rolling_permutation_entropy),
        extra_length=window - cfg.span,
    )


def rolling_complexity_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: float | int = 100,
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Normalized permutation entropy and Jensen-Shannon complexity of every trailing window.

    Parameters
    ----------
    x, window, m, tau, ties, nan_policy, allow_short
        See :func:`rolling_permutation_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    ``entropy`` and ``complexity`` along time: a named tuple (numpy), a
    DataFrame (pandas) or a Dataset (xarray).

    See Also
    --------
    complexity_entropy : The whole series.
    tsdyn.ews.rolling_indicators : Indicators ``permutation_entropy`` and ``complexity``.

    Examples
    --------
    >>> res = rolling_complexity_entropy([1.0, 2.0, 3.0, 4.0, 3.0, 2.0, 1.0], window=4, allow_short=True)
    >>> res.complexity.round(3)
    array([  nan,   nan,   nan, 0.   , 0.271, 0.271, 0.   ])
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    window = _window(window, cfg, x, dim)
    outputs = (
        Output("entropy", long_name="rolling normalized permutation entropy", core_dims=("time",)),
        Output("complexity", long_name="rolling Jensen-Shannon statistical complexity", core_dims=("time",)),
    )
    return cfg.run(
        _rolling_kernel,
        x,
        dim=dim,
        outputs=outputs,
        kwargs={"cfg": cfg, "window": window, "scale": 1.0, "complexity": True},
        attrs={"window": window},
        function=public_name(rolling_complexity_entropy),
        extra_length=window - cfg.span,
    )


def _rolling_kernel(a, *, parallel, cfg, window, scale, complexity):
    res = K.rolling(
        a,
        window=window,
        d=cfg.m,
        tau=cfg.tau,
        ties=cfg.ties,
        omit=cfg.omit,
        complexity=complexity,
        parallel=parallel,
    )
    return res if complexity else res / scale
