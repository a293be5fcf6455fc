r"""Normalised Lempel-Ziv complexity of a series made symbolic.

The series becomes a sequence of symbols (by default 1 where ``x >=
median(x)``, 0 elsewhere), whose Lempel-Ziv (1976) complexity :math:`c(n)`
is the number of phrases of its exhaustive parsing, each phrase the
shortest piece that is not a copy of something starting earlier. Normalised,

.. math:: \mathrm{LZ} = \frac{c(n)}{n / \log_k n}

with :math:`k` the size of the alphabet (2 after a threshold; the number of
distinct symbols, at least 2, for symbols given as they are): about 1 for a
random sequence, near 0 for a regular one. This equals antropy's
``lziv_complexity(symbols, normalize=True)``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time
from tsdyn.entropy import _kernels as K
from tsdyn.errors import InputError, check_nan_policy, check_real

__all__ = ["lempel_ziv"]

THRESHOLDS = ("median", "mean")


def lempel_ziv(
    x: SeriesLike,
    *,
    dim: str = "time",
    threshold: str | float | None = "median",
    normalize: bool = True,
    nan_policy: str = "raise",
) -> SeriesResult:
    """Lempel-Ziv complexity (Lempel & Ziv 1976), normalised as Zhang et al. (2009).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    threshold : "median", "mean", float or None
        Symbol 1 where ``x >= threshold`` (the series' median or mean, or a
        number), 0 elsewhere. None: the values are the symbols already
        (integers, labels coded as numbers). A series at its minimum at least
        half the time (a spike train, a 0/1 series with more 0s) has its
        minimum as median, where ``x >= median`` holds everywhere: there
        symbol 1 is ``x > median``, so the symbols are constant only where
        ``x`` is.
    normalize : bool
        Divide the number of phrases by :math:`n / \\log_k n`.
    nan_policy : {"raise", "propagate", "omit"}
        ``"propagate"``: a series with NaN gives NaN; ``"omit"``: NaN samples
        are dropped before the parsing.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, ``dim`` removed, named ``lempel_ziv``. A constant
    series has two phrases (normalised: ``2 log2(n) / n``).

    See Also
    --------
    tsdyn.ordinal.permutation_entropy : The entropy of the series' ordinal patterns.

    Examples
    --------
    >>> lempel_ziv([1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0], threshold=None, normalize=False)
    6.0
    >>> round(lempel_ziv(np.random.default_rng(0).normal(size=10_000)), 2)
    1.02
    """
    if isinstance(threshold, numbers.Real) and not isinstance(threshold, bool | np.bool_):
        threshold = check_real(threshold, "threshold")
    elif threshold is not None and not (isinstance(threshold, str) and threshold in THRESHOLDS):
        raise InputError(f"threshold must be 'median', 'mean', a number or None, got {threshold!r}")
    check_nan_policy(nan_policy, ("raise", "propagate", "omit"))
    return apply_along_time(
        _lz_kernel,
        x,
        outputs=Output(
            "lempel_ziv",
            long_name="normalised Lempel-Ziv complexity" if normalize else "Lempel-Ziv complexity",
        ),
        dim=dim,
        kwargs={"threshold": threshold, "normalize": bool(normalize), "omit": nan_policy == "omit"},
        attrs={"threshold": threshold, "normalize": normalize, "nan_policy": nan_policy},
        function=public_name(lempel_ziv),
        min_length=2,
        length_reason="Lempel-Ziv complexity",
        nan_policy="propagate" if nan_policy == "omit" else nan_policy,
        squares=False,  # symbols from comparisons alone
    )


def _lz_kernel(a, *, parallel, threshold, normalize, omit):
    # a loop over rows in Python, not a driver: a row's symbols are ragged (NaN left out) and
    # need numpy per row (median, np.unique for the alphabet)
    out = np.full(a.shape[0], np.nan)
    for i, series in enumerate(a):
        nan = np.isnan(series)
        if nan.any():
            if not omit:
                continue
            series = series[~nan]
        n = series.size
        if n < 2:
            continue
        if threshold is None:
            symbols = series
            alphabet = max(np.unique(series).size, 2)
        else:
            if threshold == "median":
                level = float(np.median(series))
            elif threshold == "mean":
                level = float(np.mean(series))
            else:
                level = float(threshold)
            symbols = (series >= level).astype(np.float64)
            if threshold == "median" and symbols.all():
                symbols = (series > level).astype(np.float64)
            alphabet = 2
        count = K.lempel_ziv_row(np.ascontiguousarray(symbols))
        out[i] = count / (n / math.log(n, alphabet)) if normalize else count
    return out
