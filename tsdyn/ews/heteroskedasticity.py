"""Conditional heteroskedasticity in rolling windows: R earlywarnings' ``ch_ews``.

Seekell et al. (2011, Ecosphere 2: 1) noted that the variance of a system's
residuals clusters in time before a regime shift. In each rolling window an
autoregressive model is fitted by least squares (with intercept; its order
picked by AIC up to ``floor(10 log10 w)``, R's ``ar(method = "ols")``, or
fixed), and the squared residuals ``e_t^2`` are regressed on ``e_{t-1}^2``
(Engle's ARCH Lagrange-multiplier regression with one lag). Its R² beside the
critical value ``chi2_{1-alpha}(1) / (n_e - 1)`` (``n_e`` residuals) tests for
conditional heteroskedasticity; the value sits at the window's right edge.

As in R, the order search stops at the first order whose normal equations
``qr()`` finds rank deficient (LINPACK's limited pivoting, tolerance 1e-7): on
a smooth series that happens after a few lags. The fits of all orders share one
set of cumulative lagged products per window (``tsdyn.ews._ar_kernels``), so a
window costs ``O(w * order_max + order_max^4)``, not one least-squares fit per
order.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy import stats

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike
from tsdyn.errors import InputError, check_int, check_real, window_points
from tsdyn.ews import _ar_kernels
from tsdyn.ews._input import whole_series

__all__ = ["conditional_heteroskedasticity", "ar_ols_residuals"]


def ar_ols_residuals(x: np.ndarray, order: int | None = None) -> tuple[np.ndarray, int]:
    """Residuals of R's ``ar.ols(x, aic = order is None, order.max = order)`` (with intercept).

    The order is chosen by AIC ``n log(RSS_m / (n - m)) + 2 (m + 1)`` over
    ``m = 0 .. min(n - 1, floor(10 log10 n))`` (the first minimum; orders
    from the first singular fit on are skipped, as R does) unless given.
    The residuals are in units of the series' standard deviation (R fits the
    rescaled, demeaned series).

    Parameters
    ----------
    x : array-like
        The series (1-D, no NaN).
    order : int, optional
        The AR order; ``None`` picks it by AIC.

    Returns
    -------
    residuals : numpy.ndarray
        The ``n - m`` residuals.
    m : int
        The order used.

    See Also
    --------
    conditional_heteroskedasticity : Tests these residuals in rolling windows.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal(300)
    >>> e, m = ar_ols_residuals(x, order=1)
    >>> e.shape, m
    ((299,), 1)
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size < 2 or not np.isfinite(x).all():
        raise InputError(
            f"ar_ols_residuals needs a finite 1-D series of 2 or more points, got shape {x.shape}"
        )
    if order is not None:
        # the kernel indexes its scratch by the order: a negative or oversized one must not reach it
        order = check_int(order, "order", minimum=0)
        if x.size - order < order + 1:
            raise InputError(f"an AR({order}) fit needs at least {2 * order + 1} points, got {x.size}")
    lo, hi = _orders(x.size, order)
    scratch = _scratch(x.size, hi)
    m = _ar_kernels.ar_ols_window(x, 0, x.size, lo, hi, *scratch)
    if m < 0:
        raise InputError(f"an AR({lo}) fit of {x.size} points is singular (rank deficient normal equations)")
    return scratch[2][: x.size - m].copy(), m


def _orders(n: int, order: int | None) -> tuple[int, int]:
    """The orders R's ``ar.ols`` tries on ``n`` points: 0 .. min(n - 1, floor(10 log10 n)), or one."""
    if order is not None:
        return order, order
    return 0, min(n - 1, int(np.floor(10 * np.log10(n))))


def _scratch(n: int, order_max: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.empty(n), np.empty((order_max + 2, n + 1)), np.empty(n)


def conditional_heteroskedasticity(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: float | int = 0.1,
    alpha: float = 0.1,
    order: int | None = None,
) -> xr.Dataset:
    """Rolling ARCH Lagrange-multiplier R² and its critical value (R's ``ch_ews``).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        One series.
    dim : str
        The time dimension.
    window : int or float
        Rolling window: points (int) or a fraction of the series (float in
        (0, 1)); R's ``winsize = 10`` (%) is ``window=0.1``.
    alpha : float
        Significance level of the critical value.
    order : int, optional
        AR order of every window (R's ``optim = FALSE, lags = order``); by
        default chosen by AIC in each window (``optim = TRUE``), from 0 to
        ``floor(10 log10 w)`` lags as R, but at most ``w - 4`` so that 3 pairs
        of squared residuals remain (this changes windows under 15 points
        only, where R's search leaves one residual).

    Returns
    -------
    xarray.Dataset
        ``r_squared``, ``critical_value``, ``significant`` (1.0 where the R²
        exceeds the critical value, else 0.0) and ``ar_order`` along time
        (NaN before the first full window; ``r_squared`` and ``significant``
        also NaN in a window whose squared residuals do not vary, inside a
        constant stretch). A constant series is refused.

    See Also
    --------
    ar_ols_residuals : The residuals whose squares it regresses.
    bds_test : Nonlinearity left in the residuals.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> ds = conditional_heteroskedasticity(rng.standard_normal(400), window=100)
    >>> int(ds.r_squared.notnull().sum()), bool(ds.r_squared.max() < 0.2)
    (301, True)
    """
    values, _, da = whole_series(x, dim=dim, min_length=4)
    if np.ptp(values) == 0:
        # every window's squared residuals vanish: no R^2, and no test (was NaN beside "not significant")
        raise InputError("x is constant: its residuals have no variance to cluster")
    n = values.size
    w = window_points(window, n, minimum=4)
    if w > n:
        raise InputError(f"window {window!r} gives {w} points; the series has {n}")
    check_real(alpha, "alpha", minimum=0.0, maximum=1.0, inclusive=(False, False))
    if order is not None:
        order = check_int(order, "order", minimum=0)
        if order > w - 4:
            raise InputError(f"order {order} leaves fewer than 3 squared residuals in a window of {w}")
    lo, hi = _orders(w, order)
    # the AIC search stops where 4 residuals (3 pairs of squares) are left: R's ar.ols goes up
    # to 10 log10(w) lags, which leaves one residual in windows under 15 points (a division by
    # zero here, nonsense in R); windows of 15 points or more are unchanged
    hi = min(hi, w - 4)
    r_squared = np.full(n, np.nan)
    orders = np.full(n, -2, dtype=np.int64)
    _ar_kernels.rolling_arch_lm(values, w, lo, hi, r_squared, orders)
    if (orders == -1).any():
        end = int(np.argmax(orders == -1))
        raise InputError(
            f"the AR({lo}) fit of the window ending at position {end} is singular (rank deficient normal equations)"
        )
    out = np.full((4, n), np.nan)
    done = orders >= 0
    chi2 = stats.chi2.ppf(1.0 - alpha, df=1)
    out[0] = r_squared
    # the ARCH regression has n_e - 1 pairs of squared residuals, n_e = w - order
    out[1, done] = chi2 / (w - orders[done] - 1)
    # a window whose squared residuals do not vary (a constant stretch) has no R^2 and no test
    out[2, done] = np.where(np.isnan(r_squared[done]), np.nan, r_squared[done] > out[1, done])
    out[3, done] = orders[done]
    coords = {dim: da.coords[dim].values} if dim in da.coords else None
    names = ("r_squared", "critical_value", "significant", "ar_order")
    return xr.Dataset(
        {name: (dim, out[k]) for k, name in enumerate(names)},
        coords=coords,
        attrs={"window": window, "alpha": alpha, "order": "aic" if order is None else order,
               "tsdyn_function": public_name(conditional_heteroskedasticity)},
    )  # fmt: skip
