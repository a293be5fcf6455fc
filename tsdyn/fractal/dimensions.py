r"""Fractal dimensions of a series' graph: Higuchi (1988) and Katz (1988).

Both read the series as a curve; they lie between 1 (a smooth line) and 2
(a curve that fills the plane, white noise for Higuchi). With the defaults
they equal antropy's ``higuchi_fd`` and ``katz_fd``.
"""

from __future__ import annotations

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time
from tsdyn.errors import check_int, check_nan_policy
from tsdyn.fractal import _kernels as K
from tsdyn.fractal._fit import log_slope, refuse_constant

__all__ = ["higuchi_dimension", "katz_dimension"]


def higuchi_dimension(
    x: SeriesLike, *, dim: str = "time", k_max: int = 10, nan_policy: str = "raise"
) -> SeriesResult:
    r"""Higuchi's fractal dimension (Higuchi 1988, Physica D 31, 277).

    For each k = 1..``k_max`` and offset m < k, the curve length of the
    sub-series :math:`x_m, x_{m+k}, x_{m+2k}, \dots` is normalised to the
    whole series, :math:`L_m(k) = \frac{N-1}{\lfloor (N-m-1)/k \rfloor k^2}
    \sum_j |x_{m+jk} - x_{m+(j-1)k}|`; :math:`L(k)` is its mean over m and
    :math:`L(k) \propto k^{-D}`: D is the least-squares slope of
    :math:`\log L(k)` against :math:`\log(1/k)`.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    k_max : int
        Largest step (>= 2); the series needs ``2 k_max`` samples (every offset
        m < k needs at least one step of k).
    nan_policy : {"raise", "propagate"}
        ``"propagate"``: a series with NaN gives NaN.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, ``dim`` removed, named ``higuchi_dimension``.
    A constant series raises ``InputError`` (every length is zero); a series
    whose length vanishes at some k (below ``1e-10`` of the largest: exactly
    periodic with a period that divides k, e.g. a period-3 orbit with
    ``k_max >= 3``) gives NaN: the log-log fit is undefined.

    See Also
    --------
    katz_dimension : Katz's dimension of the same curve.

    Examples
    --------
    >>> round(higuchi_dimension(np.random.default_rng(0).normal(size=5000)), 2)
    2.0
    >>> round(higuchi_dimension(np.sin(np.arange(5000) / 50.0)), 2)
    1.0
    """
    k_max = check_int(k_max, "k_max", minimum=2)
    check_nan_policy(nan_policy, ("raise", "propagate"))
    return apply_along_time(
        _higuchi_kernel,
        x,
        outputs=Output("higuchi_dimension", long_name="Higuchi fractal dimension"),
        dim=dim,
        kwargs={"k_max": k_max},
        attrs={"k_max": k_max, "nan_policy": nan_policy},
        function=public_name(higuchi_dimension),
        min_length=2 * k_max,
        length_reason=f"Higuchi's dimension with k_max={k_max}",
        nan_policy=nan_policy,
    )


def _higuchi_kernel(a, *, parallel, k_max):
    refuse_constant(a, "Higuchi's dimension")
    lengths = np.empty((a.shape[0], k_max))
    K.higuchi_lengths(a, k_max, lengths, parallel=parallel)
    # L(k) ~ k^-D
    return -log_slope(np.arange(1, k_max + 1), lengths)


def katz_dimension(x: SeriesLike, *, dim: str = "time", nan_policy: str = "raise") -> SeriesResult:
    r"""Katz's fractal dimension (Katz 1988, Comput. Biol. Med. 18, 145).

    .. math:: D = \frac{\log n}{\log n + \log(d / L)}

    with :math:`L` the total length of the curve (the sum of
    :math:`|x_{t+1} - x_t|`), :math:`n = N - 1` the number of steps (L over
    the mean step) and :math:`d` the largest distance from the first sample,
    :math:`\max_t |x_t - x_0|`. Distances are taken along the amplitude only,
    as antropy and mne-features do (Katz's planar curve would also count
    the time step).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    nan_policy : {"raise", "propagate"}
        ``"propagate"``: a series with NaN gives NaN.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, ``dim`` removed, named ``katz_dimension``. A
    constant series raises ``InputError`` (L = d = 0). A series that never
    gets farther than a mean step from its first sample (:math:`d \\le L / n`:
    an alternation between two values gives infinity, a swing past the start
    a negative value, as in antropy) has no dimension: NaN.

    See Also
    --------
    higuchi_dimension : Higuchi's dimension of the same curve.

    Examples
    --------
    >>> katz_dimension(np.arange(1000.0))
    1.0
    """
    check_nan_policy(nan_policy, ("raise", "propagate"))
    return apply_along_time(
        _katz_kernel,
        x,
        outputs=Output("katz_dimension", long_name="Katz fractal dimension"),
        dim=dim,
        attrs={"nan_policy": nan_policy},
        function=public_name(katz_dimension),
        min_length=3,
        length_reason="Katz's dimension (two steps: one gives log n = 0)",
        nan_policy=nan_policy,
    )


def _katz_kernel(a, *, parallel):
    refuse_constant(a, "Katz's dimension")
    steps = np.abs(np.diff(a, axis=1))
    length = steps.sum(axis=1)
    mean_step = steps.mean(axis=1)
    far = np.abs(a - a[:, :1]).max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.log10(length / mean_step) / np.log10(far / mean_step)
    # no farther than a mean step from the start: the formula's infinity or negative value
    return np.where(far > mean_step, d, np.nan)
