"""Comparing ordinal distributions: permutation Jensen-Shannon distance and pattern contrasts.

>>> import numpy as np
>>> from tsdyn.ordinal.distance import permutation_js_distance
>>> t = np.arange(200.0)
>>> bool(permutation_js_distance(np.sin(t / 5), np.sin(t / 5 + 1.0), m=3) < 0.05)
True
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Family, Output, as_series, from_series
from tsdyn.errors import InputError, check_choice
from tsdyn.ordinal.patterns import ordinal_distribution, pattern_counts, setup

__all__ = ["permutation_contrasts", "permutation_js_distance"]

BASES = {"e": np.log, 2: np.log2}


def _entropy(p: xr.DataArray, log, dim: str) -> xr.DataArray:
    return -(p * log(p.where(p > 0, 1.0))).sum(dim)


def permutation_js_distance(
    x: SeriesLike,
    y: SeriesLike | None = None,
    *,
    dim: str = "time",
    across: str | None = None,
    m: int = 3,
    tau: int = 1,
    base: str | float = "e",
    normalized: bool = True,
    ties: str = "stable",
    allow_short: bool = False,
) -> SeriesResult:
    """Permutation Jensen-Shannon distance between the ordinal distributions of several series.

    For M series with pattern distributions :math:`P_1 \\dots P_M` (Zunino et al. 2022)

    .. math::
        D = \\sqrt{S\\Big(\\tfrac1M \\sum_k P_k\\Big) - \\tfrac1M \\sum_k S(P_k)}

    divided inside the root by :math:`\\log M` when ``normalized`` (so 0 <= D <= 1).
    Tiny negative values from rounding count as 0. Equals
    ``ordpy.permutation_js_distance``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series, one per entry of ``across``. With ``y`` given, ``x`` and
        ``y`` are the two series (any shape that broadcasts).
    y : optional
        A second series (or set of series) to compare with ``x``.
    dim : str
        The time dimension.
    across : str
        Dimension that lists the series to compare: default ``"dim_0"`` (the
        first axis) for numpy input, ``"variable"`` for pandas frames and
        xarray objects.
    m, tau, ties, allow_short
        Ordinal parameters (:mod:`tsdyn.ordinal.patterns`).
    base : {"e", 2}
        Logarithm base.
    normalized : bool
        Divide by :math:`\\log M` inside the square root.

    Returns
    -------
    float for one comparison; otherwise one value per remaining entry, in
    the caller's family (numpy array, pandas Series, DataArray).

    See Also
    --------
    ordinal_distribution : The distributions compared.
    statistical_complexity : Built on the Jensen-Shannon divergence from the uniform distribution.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> noise = rng.standard_normal((2, 5000))
    >>> bool(permutation_js_distance(noise) < 0.05)
    True
    >>> round(permutation_js_distance(np.arange(50.0), np.arange(50.0)[::-1]), 6)
    1.0
    """
    check_choice(base, "base", tuple(BASES))
    log = BASES[base]
    numpy_in = not isinstance(x, xr.DataArray | xr.Dataset | pd.Series | pd.DataFrame)
    if y is not None:
        xa, ya = as_series(x, dim=dim), as_series(y, dim=dim, name="y")
        if xa.sizes[dim] != ya.sizes[dim] and numpy_in:
            raise InputError(
                f"x and y must have the same length along '{dim}' as arrays, got {xa.sizes[dim]} and "
                f"{ya.sizes[dim]}; compare series of different lengths as two xarray objects"
            )
        xa, ya = xa.drop_vars(dim, errors="ignore"), ya.drop_vars(dim, errors="ignore")
        pair = [
            ordinal_distribution(s, dim=dim, m=m, tau=tau, ties=ties, allow_short=allow_short)
            for s in (xa, ya)
        ]
        p = xr.concat(pair, dim="_series")
        across = "_series"
    else:
        da = as_series(x, dim=dim)
        if across is None:
            across = "dim_0" if numpy_in else "variable"
        if across not in da.dims or across == dim:
            raise InputError(
                f"x has no dimension {across!r} listing the series to compare (its dimensions: {da.dims}); "
                "pass across=... or a second series y"
            )
        p = ordinal_distribution(da, dim=dim, m=m, tau=tau, ties=ties, allow_short=allow_short)
    n_series = p.sizes[across]
    divergence = _entropy(p.mean(across), log, "pattern") - _entropy(p, log, "pattern").mean(across)
    divergence = divergence.clip(min=0.0)
    if normalized and n_series > 1:
        divergence = divergence / log(n_series)
    out = cast(xr.DataArray, np.sqrt(divergence)).rename("permutation_js_distance")
    out.attrs = {
        "long_name": "permutation Jensen-Shannon distance",
        "tsdyn_function": public_name(permutation_js_distance),
        "m": m,
        "tau": tau,
        "base": str(base),
        "normalized": int(bool(normalized)),
    }
    if numpy_in:
        return from_series(out, Family("numpy"), dim=dim)
    if isinstance(x, pd.Series | pd.DataFrame):
        return float(out) if out.ndim == 0 else out.to_pandas()
    return out


_CONTRASTS = (
    Output("up_down_balance", long_name="up-down balance p123 - p321"),
    Output("persistence", long_name="persistence p123 + p321"),
    Output("rotational_asymmetry", long_name="rotational asymmetry p213 + p231 - p132 - p312"),
    Output("up_down_scaling", long_name="up-down scaling p132 + p213 - p231 - p312"),
)


def _contrast_kernel(a, *, parallel, cfg):
    counts, totals = pattern_counts(a, cfg, order="rank", parallel=parallel)
    # rank order for m = 3: the rank vectors 012, 021, 102, 120, 201, 210, i.e. Bandt's
    # patterns 123, 132, 213, 231, 312, 321
    p = counts / totals[:, None]
    p123, p132, p213, p231, p312, p321 = p.T
    return p123 - p321, p123 + p321, p213 + p231 - p132 - p312, p132 + p213 - p231 - p312


def permutation_contrasts(
    x: SeriesLike, *, dim: str = "time", tau: int = 1, allow_short: bool = False
) -> SeriesResult:
    """Bandt's four pattern contrasts of every series (m = 3).

    With Bandt's names of the six patterns of three values (``p132``: the
    first value smallest, the second largest)

    .. math::
        \\beta = p_{123} - p_{321}, \\quad
        \\tau = p_{123} + p_{321}, \\quad
        \\gamma = p_{213} + p_{231} - p_{132} - p_{312}, \\quad
        \\delta = p_{132} + p_{213} - p_{231} - p_{312}

    (up-down balance, persistence, rotational asymmetry, up-down scaling;
    Bandt 2023). Persistence is given without Bandt's ``- 1/3`` offset, as in
    ``ordpy.permutation_contrasts``, which these numbers equal.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    dim : str
        The time dimension.
    tau : int
        Delay between the three values of a window.
    allow_short : bool
        Accept a series shorter than 2 tau + 6 samples (:mod:`tsdyn.ordinal.patterns`).

    Returns
    -------
    Named tuple (numpy), DataFrame/Series (pandas) or Dataset (xarray) of the four contrasts.

    See Also
    --------
    ordinal_distribution : The pattern frequencies they are made of.

    Examples
    --------
    >>> c = permutation_contrasts([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True)
    >>> [round(v, 6) for v in c]
    [0.4, 0.4, 0.6, -0.2]
    """
    cfg = setup(3, tau, allow_short=allow_short)
    return cfg.run(
        _contrast_kernel,
        x,
        dim=dim,
        outputs=_CONTRASTS,
        kwargs={"cfg": cfg},
        function=public_name(permutation_contrasts),
    )
