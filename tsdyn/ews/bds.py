"""The BDS test for nonlinearity, with ARMA and GARCH filtering: R earlywarnings' ``bdstest_ews``.

Brock, Dechert, Scheinkman & LeBaron (1996, Econometric Rev. 15: 197) test
whether a series is i.i.d.: under independence the correlation integral of
m-histories is the m-th power of that of single points, ``C_m = C_1^m``. The
statistic ``sqrt(n) (C_m - C_1^m) / sigma_m`` is asymptotically standard
normal (sigma_m from Dechert's k, Brock, Hsieh & LeBaron 1991, p. 43);
:func:`bds_statistic` computes it exactly as tseries' ``bds.test`` (the first
``n - m_max + 1`` samples for every m, ``|x_i - x_j| <= eps``).

:func:`bds_test` runs R earlywarnings' diagnosis (Dakos et al. 2012): the
test on the first differences, on the residuals of an ARMA model (by default
AR(1) with mean; ``arma_order="aic"`` picks the best of ARMA(1..4, 0..4) by
AIC) and on the standardised residuals of a GARCH model (default ARCH(1),
R's ``garch(order = c(0, 1))``, fitted by maximum likelihood to the series
itself), with normal and bootstrap p-values (residuals resampled with
replacement). Nonlinearity left after the linear ARMA filter, removed by the
GARCH filter, points to conditional heteroskedasticity: the flickering or
variance change before a transition. The ARMA and GARCH fits are numerical
optimisations (statsmodels' exact-likelihood ARIMA; L-BFGS-B on the GARCH
likelihood); they agree with R's ``arima`` and ``tseries::garch`` to the
optimisers' tolerances, not to round-off.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr
from scipy import optimize, stats

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike
from tsdyn.errors import InputError, check_int
from tsdyn.ews._input import whole_series
from tsdyn.rng import as_generator

__all__ = ["arma_residuals", "bds_statistic", "bds_test", "garch_residuals"]


def bds_statistic(x, *, m: int = 3, eps: float | Sequence[float]) -> np.ndarray:
    """BDS statistics for embedding dimensions 2..m at each ``eps`` (tseries' ``bds.test``).

    The same first ``len(x) - m + 1`` samples serve every embedding dimension,
    and two samples are close when ``|x_i - x_j| <= eps``.

    Parameters
    ----------
    x : array-like
        The series (1-D, no NaN).
    m : int
        Largest embedding dimension (at least 2).
    eps : float or sequence of float
        Distances, in the units of ``x`` (positive).

    Returns
    -------
    numpy.ndarray
        Shape ``(m - 1, len(eps))``: row ``k`` the statistic for dimension
        ``k + 2``; asymptotically standard normal under i.i.d., so the
        p-values are ``2 Phi(-|stat|)``. NaN (or infinite) where the
        statistic's variance vanishes: an ``eps`` beyond the series' range
        (every pair close), or a series of a few samples.

    See Also
    --------
    bds_test : The test on differences, ARMA and GARCH residuals, with p-values.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal(500)
    >>> s = bds_statistic(x, m=3, eps=[0.5, 1.0])
    >>> s.shape, bool((np.abs(s) < 3).all())
    ((2, 2), True)
    """
    from tsdyn.ews._kernels import bds_counts

    x = np.ascontiguousarray(x, dtype=np.float64)
    m = check_int(m, "m", minimum=2)
    eps_list = np.atleast_1d(np.asarray(eps, dtype=np.float64))
    if (eps_list <= 0).any() or not np.isfinite(eps_list).all():
        raise InputError(f"eps must be positive distances, got {eps_list.tolist()}")
    nobs = x.size - m + 1
    if nobs < 3:
        raise InputError(f"the BDS test with m = {m} needs at least {m + 2} samples, got {x.size}")
    out = np.empty((m - 1, eps_list.size))
    for col, e in enumerate(eps_list):
        c1, k, c = bds_counts(x, m, float(e))
        for dim in range(2, m + 1):
            sigma = sum(2.0 * k ** (dim - j) * c1 ** (2 * j) for j in range(1, dim))
            sigma += k**dim + (dim - 1) ** 2 * c1 ** (2 * dim) - dim * dim * k * c1 ** (2 * dim - 2)
            with np.errstate(divide="ignore", invalid="ignore"):  # the documented NaN / inf
                out[dim - 2, col] = (c[dim] - c1**dim) / np.sqrt(4.0 * sigma / nobs)
    return out


def arma_residuals(x: np.ndarray, order: tuple[int, int] | str = (1, 0)) -> tuple[np.ndarray, dict]:
    """Residuals of an ARMA(p, q) model with mean fitted by exact maximum likelihood.

    Scaled as R's ``arima`` reports them: each one-step prediction error
    over its standard deviation, times the innovation standard deviation (the
    first is ``(x_1 - mu) sqrt(1 - phi^2)`` for an AR(1)). ``order="aic"``
    tries p = 1..4, q = 0..4 and keeps the lowest AIC, as ``bdstest_ews``.
    The fit is statsmodels' ``ARIMA(x, order=(p, 0, q), trend="c")``.

    Parameters
    ----------
    x : array-like
        The series (1-D).
    order : (p, q) or "aic"
        The ARMA orders, or ``"aic"`` to pick them.

    Returns
    -------
    residuals : numpy.ndarray
        One per sample.
    params : dict
        The fitted parameters under statsmodels' names (``const``,
        ``ar.L1``.., ``ma.L1``.., ``sigma2``).

    See Also
    --------
    garch_residuals : The other filter of :func:`bds_test`.
    bds_test : Tests these residuals for nonlinearity.

    Examples
    --------
    >>> e = np.random.default_rng(0).standard_normal(300)
    >>> x = np.zeros(300)
    >>> for t in range(1, 300):
    ...     x[t] = 0.6 * x[t - 1] + e[t]
    >>> resid, params = arma_residuals(x)
    >>> resid.shape, sorted(params), round(float(params["ar.L1"]), 1)
    ((300,), ['ar.L1', 'const', 'sigma2'], 0.6)
    """
    from statsmodels.tsa.arima.model import ARIMA

    orders = [(p, q) for p in range(1, 5) for q in range(5)] if order == "aic" else [tuple(order)]
    best = None
    for p, q in orders:
        fit = ARIMA(x, order=(p, 0, q), trend="c").fit()
        if best is None or fit.aic < best.aic:
            best = fit
    assert best is not None
    fr = best.filter_results
    err = np.asarray(fr.forecasts_error)[0]
    var = np.asarray(fr.forecasts_error_cov)[0, 0]
    sigma2 = float(best.params[-1])
    return err / np.sqrt(var) * np.sqrt(sigma2), dict(zip(best.param_names, best.params, strict=True))


def garch_residuals(x: np.ndarray, order: tuple[int, int] = (0, 1)) -> tuple[np.ndarray, np.ndarray]:
    """Standardised residuals ``x_t / sqrt(h_t)`` of a GARCH(p, q) fitted by maximum likelihood.

    ``order = (p, q)`` as tseries' ``garch``: ``h_t = a_0 + sum_{j<=q} a_j
    x_{t-j}^2 + sum_{j<=p} b_j h_{t-j}``, the first ``max(p, q)`` ``h`` the
    unconditional variance; the likelihood (Gaussian) is over the rest, from
    tseries' starting values.

    Parameters
    ----------
    x : array-like
        The series (1-D, around zero: no mean is fitted).
    order : (p, q)
        GARCH and ARCH orders (``q >= 1``); the default ``(0, 1)`` is ARCH(1).

    Returns
    -------
    residuals : numpy.ndarray
        ``x_t / sqrt(h_t)``, NaN for the first ``max(p, q)`` samples.
    coef : numpy.ndarray
        The coefficients ``(a_0, a_1..a_q, b_1..b_p)``.

    See Also
    --------
    arma_residuals : The other filter of :func:`bds_test`.
    bds_test : Tests these residuals for nonlinearity.

    Examples
    --------
    An ARCH(1) series with ``a_0 = 0.2``, ``a_1 = 0.5``:

    >>> z = np.random.default_rng(0).standard_normal(1000)
    >>> x = np.zeros(1000)
    >>> for t in range(1, 1000):
    ...     x[t] = np.sqrt(0.2 + 0.5 * x[t - 1] ** 2) * z[t]
    >>> resid, coef = garch_residuals(x)
    >>> bool(np.isnan(resid[0])), coef.round(1).tolist()
    (True, [0.2, 0.4])
    """
    p, q = (check_int(v, "garch order", minimum=0) for v in order)
    if q == 0 and p > 0:
        raise InputError("a GARCH model needs at least one ARCH term (q >= 1)")
    x = np.asarray(x, dtype=np.float64)
    ncoef = p + q + 1
    start = np.r_[np.var(x, ddof=1) * (1.0 - 0.05 * (ncoef - 1)), np.full(ncoef - 1, 0.05)]
    scale = start[0]  # optimise a_0 in units of the variance: all coefficients O(1)

    def negloglik(theta):
        coef = theta.copy()
        coef[0] *= scale
        h = _garch_variance(x, coef, p, q)
        return 0.5 * np.sum(np.log(h[max(p, q) :]) + x[max(p, q) :] ** 2 / h[max(p, q) :])

    theta0 = start / np.r_[scale, np.ones(ncoef - 1)]
    bounds = [(1e-10, None)] + [(0.0, None)] * (ncoef - 1)
    fit = optimize.minimize(negloglik, theta0, method="L-BFGS-B", bounds=bounds,
                            options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 2000})  # fmt: skip
    # L-BFGS-B's finite-difference gradient can stop on the likelihood's flat ridge short of
    # the optimum (scipy 1.17, the fold series: a_0 0.3 % from R's tseries, a likelihood 6e-8
    # worse); Nelder-Mead from there reaches it
    fit = optimize.minimize(negloglik, fit.x, method="Nelder-Mead", bounds=bounds,
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000})  # fmt: skip
    coef = fit.x.copy()
    coef[0] *= scale
    h = _garch_variance(x, coef, p, q)
    resid = x / np.sqrt(h)
    resid[: max(p, q)] = np.nan
    return resid, coef


def _garch_variance(x, coef, p, q):
    n = x.size
    start = max(p, q)
    h = np.empty(n)
    total = np.sum(coef[1:])
    h[:start] = coef[0] / (1.0 - total) if total < 1 else np.var(x)
    sq = x * x
    for t in range(start, n):
        v = coef[0]
        for j in range(1, q + 1):
            v += coef[j] * sq[t - j]
        for j in range(1, p + 1):
            v += coef[q + j] * h[t - j]
        h[t] = v
    return h


def bds_test(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    epsilon: Sequence[float] = (0.5, 0.75, 1.0),
    arma_order: tuple[int, int] | str = (1, 0),
    garch_order: tuple[int, int] = (0, 1),
    n_boot: int = 1000,
    seed=None,
) -> xr.Dataset:
    """BDS tests of the first differences, ARMA and GARCH residuals (R's ``bdstest_ews``).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        One series (already detrended or log-transformed as wanted).
    dim : str
        The time dimension.
    m : int
        Largest embedding dimension (statistics for 2..m).
    epsilon : sequence of float
        Distances in standard deviations of each residual series (each rounded
        to 6 decimals, as R does).
    arma_order : (p, q) or "aic"
        The ARMA filter (R: ``ARMAoptim = TRUE`` is ``"aic"``; R's default).
    garch_order : (p, q)
        The GARCH filter, tseries' order convention (R's default ``(0, 1)``).
    n_boot : int
        Bootstrap resamples for ``p_bootstrap`` (0: none).
    seed : None, int, SeedSequence or Generator
        Seeds the bootstrap.

    Returns
    -------
    xarray.Dataset
        ``statistic``, ``p_normal`` and ``p_bootstrap`` (fraction of resamples
        with a larger statistic, as R's) with dims ``(residuals, m, eps)``;
        ``residuals`` is ``first_difference``, ``arma``, ``garch``.
        ``p_normal`` is the statistic's asymptotic normal p-value, which Brock,
        Hsieh and LeBaron (1991) find adequate from about 500 samples with
        ``m`` <= 5; on short series it is far too small (8 white-noise samples
        give 1e-23), so read ``p_bootstrap`` there, as R's users should too.
        An ``epsilon`` beyond a residual series' range gives NaN there (every
        pair is close: the statistic has no variance).

    See Also
    --------
    bds_statistic : The statistic alone.
    arma_residuals, garch_residuals : The two filters.
    conditional_heteroskedasticity : Variance clustering in rolling windows.

    Examples
    --------
    >>> x = np.cumsum(np.random.default_rng(0).standard_normal(300))
    >>> ds = bds_test(x, n_boot=0)
    >>> ds.statistic.dims
    ('residuals', 'm', 'eps')
    """
    m = check_int(m, "m", minimum=2)
    scales = np.atleast_1d(np.asarray(epsilon, dtype=np.float64))
    if not (np.isfinite(scales) & (scales > 0)).all():
        raise InputError(
            f"epsilon must be positive, in standard deviations of the residuals, got {scales.tolist()}"
        )
    values, _, _ = whole_series(x, dim=dim, min_length=m + 3)
    if np.ptp(values) == 0:
        raise InputError("x is constant: its residuals have no spread to test")
    n_boot = check_int(n_boot, "n_boot", minimum=0)
    rng = as_generator(seed)
    arma, _ = arma_residuals(values, arma_order)
    garch, _ = garch_residuals(values, garch_order)
    series = {"first_difference": np.diff(values), "arma": arma, "garch": garch[max(garch_order) :]}
    stat = np.empty((3, m - 1, scales.size))
    pboot = np.full_like(stat, np.nan)
    for r, (name, resid) in enumerate(series.items()):
        eps = np.round(np.std(resid, ddof=1) * scales, 6)
        if not (eps > 0).all():
            raise InputError(
                f"the {name} residuals of x have a spread of {np.std(resid, ddof=1):.3g}: epsilon "
                f"{scales.tolist()} standard deviations rounds to 0 at R's 6 decimals (GARCH is "
                "fitted without a mean: an offset far from 0 leaves it no variance; subtract the mean)"
            )
        stat[r] = bds_statistic(resid, m=m, eps=eps)
        if n_boot:
            above = np.zeros_like(stat[r])
            for _ in range(n_boot):
                above += bds_statistic(rng.choice(resid, resid.size, replace=True), m=m, eps=eps) > stat[r]
            pboot[r] = above / n_boot
    dims = ("residuals", "m", "eps")
    return xr.Dataset(
        {"statistic": (dims, stat), "p_normal": (dims, 2.0 * stats.norm.sf(np.abs(stat))),
         "p_bootstrap": (dims, pboot)},
        coords={"residuals": list(series), "m": np.arange(2, m + 1), "eps": np.asarray(epsilon, dtype=np.float64)},
        attrs={"arma_order": str(arma_order), "garch_order": str(garch_order), "n_boot": n_boot,
               "tsdyn_function": public_name(bds_test)},
    )  # fmt: skip
