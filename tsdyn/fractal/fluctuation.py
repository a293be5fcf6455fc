r"""Detrended fluctuation analysis (Peng et al. 1994) of any order.

The profile :math:`Y(t) = \sum_{s \le t} (x_s - \bar x)` is cut into
:math:`\lfloor N/n \rfloor` consecutive windows of n samples from the start;
in each a polynomial of degree ``degree`` is fitted by least squares
(DFA-1 removes linear trends, DFA-q polynomials of degree q), and

.. math:: F(n) = \sqrt{\frac{1}{\lfloor N/n \rfloor} \sum_w \frac{1}{n} \sum_{t \in w} (Y_t - \hat Y_t)^2}

grows as :math:`n^\alpha`; ``alpha`` is the least-squares slope of
:math:`\log F` against :math:`\log n`. For fractional Gaussian noise of Hurst
exponent H, alpha = H; for its cumulative sum (fractional Brownian motion),
H + 1; 0.5 for white noise. With the default scales and ``degree=1`` the
result equals antropy's ``detrended_fluctuation``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.errors import InputError, check_int, check_nan_policy
from tsdyn.fractal import _kernels as K
from tsdyn.fractal._fit import log_slope, refuse_constant
from tsdyn.ordinal.multiscale import int_list

__all__ = ["dfa", "dfa_scales"]

GROWTH = 1.2
LARGEST = 0.1


def dfa_scales(n: int, *, degree: int = 1) -> np.ndarray:
    """The default window lengths of :func:`dfa` for a series of ``n`` samples.

    Integers ``floor(s0 * 1.2**i)`` without repeats, from ``s0 = degree + 3``
    (4 for DFA-1) up to ``0.1 * n``: about 12 per decade, windows long enough
    to fit the polynomial and numerous enough to average.

    Parameters
    ----------
    n : int
        Length of the series.
    degree : int
        Degree of the detrending polynomial (1: DFA-1).

    Returns
    -------
    numpy.ndarray
        Increasing integer window lengths.

    See Also
    --------
    dfa : Uses them.

    Examples
    --------
    >>> dfa_scales(100)
    array([4, 5, 6, 8, 9])
    """
    n = check_int(n, "n", minimum=1)
    degree = check_int(degree, "degree", minimum=0)
    first = degree + 3
    top = LARGEST * n
    scales = [first]
    i = 1
    while first * GROWTH**i <= top:
        s = math.floor(first * GROWTH**i)
        if s > scales[-1]:
            scales.append(s)
        i += 1
    return np.array(scales, dtype=np.int64)


def shortest(degree: int) -> int:
    """Fewest samples for which the default scales hold two window lengths."""
    first = degree + 3
    i = 1
    while math.floor(first * GROWTH**i) <= first:
        i += 1
    return math.ceil(first * GROWTH**i / LARGEST)


def dfa(
    x: SeriesLike,
    *,
    dim: str = "time",
    degree: int = 1,
    scales: Iterable[int] | None = None,
    nan_policy: str = "raise",
) -> SeriesResult:
    """Detrended fluctuation analysis: the fluctuation curve F(n) and its scaling exponent alpha.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    degree : int
        Degree of the polynomial removed in each window (DFA-``degree``, >= 0).
    scales : sequence of int or None
        Window lengths n (each > ``degree + 1`` and at most the series'
        length); None: :func:`dfa_scales`. They become the dimension ``scale``.
    nan_policy : {"raise", "propagate"}
        ``"propagate"``: a series with NaN gives NaN.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Dataset, named tuple or dict
        Two quantities (a Dataset for xarray, a named tuple
        ``(alpha, fluctuation)`` for numpy and a pandas.Series, whose
        ``fluctuation`` is then a Series over ``scale``, a dict of pandas objects
        for a DataFrame):
        ``alpha`` without ``dim``, and ``fluctuation`` along ``scale`` (the
        coordinate holds the window lengths; numpy callers get them from
        :func:`dfa_scales` or pass ``scales``). A constant series raises
        ``InputError``: its fluctuation is zero at every scale; a fluctuation
        that vanishes at some scales only (below ``1e-10`` of the largest: a
        profile the windows' polynomials fit exactly there, as a step signal's
        whose steps the windows align with) gives ``alpha`` NaN.

    See Also
    --------
    dfa_scales : The default window lengths.
    rolling_dfa : The exponent in rolling windows.
    hurst : Rescaled-range analysis.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=10_000)
    >>> round(dfa(x).alpha, 1)
    0.5
    >>> round(dfa(np.cumsum(x), degree=2).alpha, 1)
    1.5
    """
    degree = check_int(degree, "degree", minimum=0)
    check_nan_policy(nan_policy, ("raise", "propagate"))
    if scales is None:
        chosen = None
        minimum = shortest(degree)
        reason = f"DFA-{degree} with the default scales (two window lengths up to a tenth of the series)"
    else:
        chosen = int_list(scales, "scales")
        if chosen[0] < degree + 2:
            raise InputError(f"scales must be at least degree + 2 = {degree + 2} samples, got {chosen[0]}")
        if chosen.size < 2:
            raise InputError(f"scales needs at least two window lengths to fit alpha, got {chosen.tolist()}")
        minimum = int(chosen[-1])
        reason = f"DFA with a window of {minimum} samples"
    n = _time_length(x, dim)
    use = chosen if chosen is not None else dfa_scales(max(n, minimum), degree=degree)
    return apply_along_time(
        _dfa_kernel,
        x,
        outputs=[
            Output("alpha", long_name="DFA scaling exponent"),
            Output(
                "fluctuation",
                long_name="DFA fluctuation function F(n)",
                core_dims=("scale",),
                sizes={"scale": use.size},
                coords={"scale": use},
            ),
        ],
        dim=dim,
        kwargs={"scales": use, "degree": degree},
        attrs={"degree": degree, "scales": use, "nan_policy": nan_policy},
        function=public_name(dfa),
        min_length=minimum,
        length_reason=reason,
        nan_policy=nan_policy,
    )


def _time_length(x, dim: str) -> int:
    return as_series(x, dim=dim).sizes[dim]


def _dfa_kernel(a, *, parallel, scales, degree):
    refuse_constant(a, "DFA")
    flucts = np.empty((a.shape[0], scales.size))
    K.fluctuations(a, scales, degree, flucts, parallel=parallel)
    return log_slope(scales, flucts), flucts
