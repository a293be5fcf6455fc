"""Conditional heteroskedasticity in rolling windows: R earlywarnings' ``ch_ews``.

Seekell et al. (2011, Ecosphere 2: 1) noted that the variance of a system's
residuals clusters in time before a regime shift. In each rolling window an
autoregressive model is fitted by least squares (with intercept; its order
picked by AIC up to ``floor(10 log10 w)``, R's ``ar(method = "ols")``, or
fixed), and the squared residuals ``e_t^2`` are regressed on ``e_{t-1}^2``
(Engle's ARCH Lagrange-multiplier regression with one lag). Its R² beside the
critical value ``chi2_{1-alpha}(1) / (n_e - 1)`` (``n_e`` residuals) tests for
conditional heteroskedasticity; the value sits at the window's right edge.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy import stats

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike
from tsdyn.errors import InputError, check_int, check_real, window_points
from tsdyn.ews._input import one_series

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
    n = x.size
    sd = np.std(x, ddof=1)
    # R rescales to unit sd and demeans, then solves the normal equations; the same steps keep
    # the residuals of its (often ill-conditioned: 9 lags on 20 points) fits within round-off
    x = x / (sd if sd > 0 else 1.0)
    x = x - x.mean()
    orders = range(min(n - 1, int(np.floor(10 * np.log10(n)))) + 1) if order is None else [order]
    best: tuple[float, np.ndarray, int] | None = None
    for m in orders:
        design = np.ones((n - m, m + 1))
        for k in range(1, m + 1):
            design[:, k] = x[m - k : n - k]
        if n - m < m + 1 or np.linalg.matrix_rank(design) < m + 1:
            if order is not None:
                raise InputError(f"an AR({m}) fit of {n} points is singular (fewer rows than coefficients)")
            break  # R: "results are only valid up to model order m - 1"
        target = x[m:]
        coef = (target @ design) @ np.linalg.inv(design.T @ design)  # R: Y X solve(X'X)
        resid = target - design @ coef
        aic = n * np.log(np.dot(resid, resid) / (n - m)) + 2.0 * (m + 1)
        if best is None or aic < best[0]:
            best = (aic, resid, m)
    assert best is not None
    return best[1] * (sd if sd > 0 else 1.0), best[2]


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
        default chosen by AIC in each window (``optim = TRUE``).

    Returns
    -------
    xarray.Dataset
        ``r_squared``, ``critical_value``, ``significant`` (1.0 where the R²
        exceeds the critical value, else 0.0) and ``ar_order`` along time
        (NaN before the first full window).

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
    values, _, da = one_series(x, dim=dim, min_length=4)
    n = values.size
    w = window_points(window, n, minimum=4)
    if w > n:
        raise InputError(f"window {window!r} gives {w} points; the series has {n}")
    check_real(alpha, "alpha", minimum=0.0, maximum=1.0, inclusive=(False, False))
    if order is not None:
        order = check_int(order, "order", minimum=0)
        if order > w - 4:
            raise InputError(f"order {order} leaves fewer than 3 squared residuals in a window of {w}")
    out = np.full((4, n), np.nan)
    chi2 = stats.chi2.ppf(1.0 - alpha, df=1)
    for end in range(w - 1, n):
        resid, m = ar_ols_residuals(values[end - w + 1 : end + 1], order)
        sq = resid * resid
        r = np.corrcoef(sq[:-1], sq[1:])[0, 1]  # R² of a one-regressor lm with intercept
        out[0, end] = r * r
        out[1, end] = chi2 / (sq.size - 1)
        out[2, end] = float(r * r > out[1, end])
        out[3, end] = m
    coords = {dim: da.coords[dim].values} if dim in da.coords else None
    names = ("r_squared", "critical_value", "significant", "ar_order")
    return xr.Dataset(
        {name: (dim, out[k]) for k, name in enumerate(names)},
        coords=coords,
        attrs={"window": window, "alpha": alpha, "order": "aic" if order is None else order,
               "tsdyn_function": public_name(conditional_heteroskedasticity)},
    )  # fmt: skip
