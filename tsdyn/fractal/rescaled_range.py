r"""Hurst exponent by rescaled range, with the Anis-Lloyd-Peters correction.

For each window length n the series is cut into consecutive windows; in
each, R is the range of the cumulative deviations from the window's mean
and S the standard deviation; (R/S)_n is the mean over windows. Small
windows bias R/S upwards, so the corrected estimate (Weron 2002) compares
(R/S)_n with its expectation for independent noise (Anis & Lloyd 1976, with
Peters' 1994 factor :math:`(n - 1/2)/n`):

.. math:: E(R/S)_n = \frac{n - 1/2}{n} \frac{\Gamma(\frac{n-1}{2})}{\sqrt\pi\, \Gamma(\frac n2)}
          \sum_{i=1}^{n-1} \sqrt{\frac{n-i}{i}}

and ``hurst`` is 0.5 plus the least-squares slope of
:math:`\log (R/S)_n - \log E(R/S)_n` against :math:`\log n`. Uncorrected,
it is the slope of :math:`\log (R/S)_n` itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy.special import gammaln

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.errors import InputError, check_nan_policy
from tsdyn.fractal import _kernels as K
from tsdyn.fractal._fit import log_slope, refuse_constant
from tsdyn.ordinal.multiscale import int_list

__all__ = ["hurst"]

SMALLEST = 8
N_SCALES = 16


def expected_rescaled_range(scales: np.ndarray) -> np.ndarray:
    """Anis-Lloyd-Peters expectation of R/S for independent noise, per window length.

    >>> expected_rescaled_range(np.array([10, 100])).round(3)
    array([ 2.872, 11.396])
    """
    out = np.empty(len(scales))
    for j, n in enumerate(np.asarray(scales, dtype=np.int64)):
        i = np.arange(1, n)
        total = np.sqrt((n - i) / i).sum()
        # the gamma ratio tends to 1/sqrt(n pi / 2); gammaln keeps it finite for any n
        ratio = np.exp(gammaln((n - 1) / 2) - gammaln(n / 2)) / np.sqrt(np.pi)
        out[j] = (n - 0.5) / n * ratio * total
    return out


def hurst(
    x: SeriesLike,
    *,
    dim: str = "time",
    scales: Iterable[int] | None = None,
    corrected: bool = True,
    nan_policy: str = "raise",
) -> SeriesResult:
    """Hurst exponent by rescaled-range (R/S) analysis.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series (increments: noise, returns) with time on the last axis
        (numpy) or along ``dim``.
    scales : sequence of int or None
        Window lengths (>= 2); None: 16 log-spaced lengths from 8 to a
        quarter of the series (at least four windows at the largest).
        They become the dimension ``scale``.
    corrected : bool
        Subtract the Anis-Lloyd-Peters expectation (see the module docstring).
    nan_policy : {"raise", "propagate"}
        ``"propagate"``: a series with NaN gives NaN.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Two quantities: ``hurst`` without ``dim`` and ``rescaled_range``, the
    mean R/S along ``scale`` (a Dataset for xarray, a named tuple for numpy and
    a pandas.Series, a dict of pandas objects for a DataFrame). A constant
    series raises ``InputError``.

    See Also
    --------
    dfa : Detrended fluctuation analysis.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=10_000)
    >>> round(hurst(x).hurst, 1)
    0.5
    """
    check_nan_policy(nan_policy, ("raise", "propagate"))
    n = as_series(x, dim=dim).sizes[dim]
    if scales is None:
        use = np.unique(np.geomspace(SMALLEST, max(n // 4, SMALLEST + 1), N_SCALES).astype(np.int64))
        minimum = 4 * (SMALLEST + 2)
        reason = "R/S analysis with the default scales (windows from 8 to a quarter of the series)"
    else:
        use = int_list(scales, "scales")
        if use[0] < 2 or use.size < 2:
            raise InputError(f"scales needs at least two window lengths >= 2, got {use.tolist()}")
        minimum = int(use[-1])
        reason = f"R/S analysis with a window of {minimum} samples"
    return apply_along_time(
        _hurst_kernel,
        x,
        outputs=[
            Output("hurst", long_name="Hurst exponent (rescaled range)"),
            Output(
                "rescaled_range",
                long_name="mean rescaled range R/S",
                core_dims=("scale",),
                sizes={"scale": use.size},
                coords={"scale": use},
            ),
        ],
        dim=dim,
        kwargs={"scales": use, "corrected": bool(corrected)},
        attrs={"scales": use, "corrected": corrected, "nan_policy": nan_policy},
        function=public_name(hurst),
        min_length=minimum,
        length_reason=reason,
        nan_policy=nan_policy,
    )


def _hurst_kernel(a, *, parallel, scales, corrected):
    refuse_constant(a, "the rescaled range")
    rs = np.empty((a.shape[0], scales.size))
    K.rescaled_ranges(a, scales, rs, parallel=parallel)
    if corrected:
        return 0.5 + log_slope(scales, rs / expected_rescaled_range(scales)), rs
    return log_slope(scales, rs), rs
