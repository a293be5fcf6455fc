r"""Fitted patch-size distributions (R spatialwarnings' ``patchdistr_sews``).

Near a transition the patches of a vegetation map lose their scale-free
size distribution (Kéfi et al. 2007, Nature 449:213; Kéfi et al. 2011): a
power law (PL) becomes a truncated power law (TPL), then an exponential. The
four discrete distributions of the sizes :math:`x \ge x_{\min}` (integers) are
fitted by maximum likelihood, with the definitions of spatialwarnings 3.1:

=========  ====================================================================  ==========
type       :math:`\log p(x)`                                                     parameters
=========  ====================================================================  ==========
``pl``     :math:`-\alpha \log x - \log \zeta(\alpha, x_{\min})` (Hurwitz zeta)   ``plexpo``
``tpl``    :math:`-\alpha \log x - \lambda x - \log C(\alpha, \lambda)`,         ``plexpo``,
           :math:`C = \sum_{k \ge x_{\min}} k^{-\alpha} e^{-\lambda k}`          ``cutoff``
``exp``    :math:`\log(1 - e^{-\lambda}) - \lambda (x - x_{\min})`               ``cutoff``
``lnorm``  :math:`\log(S(x - 1/2) - S(x + 1/2)) - \log S(x_{\min} - 1/2)`,       ``meanlog``,
           :math:`S` the log-normal survival function                            ``sdlog``
=========  ====================================================================  ==========

Parameter ranges are spatialwarnings': :math:`\alpha \in [1, 10]` (PL),
:math:`[-1, 10]` (TPL), :math:`\lambda \in [2^{-26}, 10]`. :math:`C` is exact to
round-off (its first 1000 terms, then the Euler-Maclaurin tail through the
incomplete gamma function), where spatialwarnings stops the series at the
first term below :math:`10^{-8}` of the sum: for a nearly untruncated shallow power
law R's constant is low (by 7e-4 at :math:`\alpha = 1.31, \lambda = 9 \cdot 10^{-6}`).
The exponential's
maximum is closed form (:math:`\lambda = \ln(1 + 1/\overline{(x - x_{\min})})`, a
geometric distribution); the others are found numerically, from
spatialwarnings' starting points.

Model choice: ``AIC`` :math:`= 2k - 2\ell`, ``AICc`` :math:`= \mathrm{AIC} +
2k(k+1)/(n-k-1)`, ``BIC`` :math:`= 2k\ln n - 2\ell` (spatialwarnings' form, twice the
usual penalty), and the best model by ``best_by``. :math:`x_{\min}` can be chosen by
the Kolmogorov-Smirnov distance of the PL fit (Clauset et al. 2009), as
spatialwarnings' ``xmin_estim``, and ``plrange`` is the share of the sizes'
log range above it.

>>> sizes = np.array([1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 7, 9, 14, 30])
>>> fit = patch_distribution(sizes, fit_lnorm=True)
>>> fit.psd_type in ("pl", "tpl", "exp", "lnorm"), list(fit.table.index)
(True, ['pl', 'tpl', 'exp', 'lnorm'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special

from tsdyn.errors import InputError, check_choice, check_int

__all__ = ["PatchDistribution", "patch_distribution", "plrange", "xmin_estimate"]

PL_BOUNDS = (1.0, 10.0)
TPL_EXPO_BOUNDS = (-1.0, 10.0)
RATE_BOUNDS = (2.0**-26, 10.0)  # sqrt of double precision epsilon, as spatialwarnings
_TAIL_START = 1000  # terms summed one by one before the Euler-Maclaurin tail
_BEST_BY = ("AIC", "AICc", "BIC")


@dataclass(frozen=True)
class PatchDistribution:
    """What :func:`patch_distribution` returns.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per model (``pl``, ``tpl``, ``exp``, and ``lnorm`` when fitted):
        ``npars``, ``ll``, ``AIC``, ``AICc``, ``BIC``, ``best``, ``plexpo``,
        ``cutoff``, ``meanlog``, ``sdlog`` (NaN where a model has no such parameter).
    psd_type : str or None
        The best model's type (None when there are too few distinct sizes).
    xmin : int
        The smallest size fitted.

    Examples
    --------
    >>> res = patch_distribution([1, 1, 1, 1, 2, 2, 3, 4, 6, 9, 15, 30])
    >>> list(res.table.index[:3]), res.xmin
    (['pl', 'tpl', 'exp'], 1)
    """

    table: pd.DataFrame
    psd_type: str | None
    xmin: int


def _sizes(sizes) -> np.ndarray:
    x = np.asarray(sizes)
    if x.ndim != 1 or x.size == 0:
        raise InputError(f"patch sizes must be a non-empty 1-D array, got shape {x.shape}")
    if not np.isfinite(x).all() or (x != np.round(x)).any() or (x < 1).any():
        raise InputError("patch sizes must be whole numbers >= 1 (tsdyn.ews.spatial.patch_sizes)")
    return x.astype(np.float64)


def _upper_gamma(a: float, x: float) -> float:
    """Upper incomplete gamma function for any real ``a`` and ``x > 0`` (scipy's needs ``a > 0``)."""
    if a > 0:
        return float(special.gammaincc(a, x) * special.gamma(a))
    # down from a + n in (0, 1] (or from Gamma(0, x) = E1(x) for whole a) by
    # Gamma(b, x) = (Gamma(b + 1, x) - x^b e^-x) / b; x is small here, so nothing cancels
    n = int(np.floor(-a)) + 1
    b = a + n
    if b >= 1.0:  # whole a
        b -= 1.0
        n -= 1
        value = float(special.exp1(x))
    else:
        value = float(special.gammaincc(b, x) * special.gamma(b))
    for _ in range(n):
        b -= 1.0
        value = (value - x**b * np.exp(-x)) / b
    return value


def _tpl_constant(expo: float, rate: float, xmin: float) -> float:
    """The TPL normalising sum over k >= xmin of k^-expo e^(-rate k), to round-off."""
    if rate * _TAIL_START > 1.0:
        # the terms fall by e^-40 within 40 / rate further samples: sum them all
        k = xmin + np.arange(int(np.ceil(40.0 / rate)) + 1, dtype=np.float64)
        return float(np.exp(-expo * np.log(k) - rate * k).sum())
    # the first terms directly, the smooth tail from K by Euler-Maclaurin: the integral
    # rate^(expo-1) Gamma(1 - expo, rate K), then f(K)/2, -f1(K)/12 and +f3(K)/720 (f1, f3: first and third derivatives)
    big_k = xmin + _TAIL_START
    k = xmin + np.arange(_TAIL_START, dtype=np.float64)
    head = np.exp(-expo * np.log(k) - rate * k).sum()
    f = np.exp(-expo * np.log(big_k) - rate * big_k)
    g1 = -expo / big_k - rate  # derivatives of log f
    g2 = expo / big_k**2
    g3 = -2.0 * expo / big_k**3
    integral = rate ** (expo - 1.0) * _upper_gamma(1.0 - expo, rate * big_k)
    tail = integral + f / 2.0 - f * g1 / 12.0 + f * (g1**3 + 3.0 * g1 * g2 + g3) / 720.0
    return float(head + tail)


def _ll_pl(x, expo, xmin):
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(-expo * np.log(x).sum() - x.size * np.log(special.zeta(expo, xmin)))


def _ll_tpl(x, expo, rate, xmin):
    c = _tpl_constant(expo, rate, xmin)
    return float(-expo * np.log(x).sum() - rate * x.sum() - x.size * np.log(c))


def _ll_exp(x, rate, xmin):
    return float(x.size * (np.log(-np.expm1(-rate)) + rate * xmin) - rate * x.sum())


def _ll_lnorm(x, meanlog, sdlog, xmin):
    def survival(y):  # of the log-normal: Phi(-(ln y - meanlog) / sdlog)
        return special.ndtr(-(np.log(y) - meanlog) / sdlog)

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        prob = survival(x - 0.5) - survival(x + 0.5)
        return float(np.sum(np.log(prob)) - x.size * np.log(survival(xmin - 0.5)))


def _fit_pl(x, xmin):
    res = optimize.minimize_scalar(
        lambda a: -_ll_pl(x, a, xmin) if a > 1 else np.inf, bounds=PL_BOUNDS, method="bounded",
        options={"xatol": 1e-12},
    )  # fmt: skip
    return float(res.x), -float(res.fun)


def _fit_exp(x, xmin):
    gap = float(np.mean(x - xmin))
    rate = np.log1p(1.0 / gap) if gap > 0 else RATE_BOUNDS[1]
    rate = float(np.clip(rate, *RATE_BOUNDS))
    return rate, _ll_exp(x, rate, xmin)


def _fit_tpl(x, xmin, expo0):
    # spatialwarnings' start: the PL exponent, and the best of 128 log-spaced rates
    rates = 10.0 ** np.linspace(-7, 2, 128)
    nll = np.array([-_ll_tpl(x, expo0, r, xmin) for r in rates])
    rate0 = rates[np.nanargmin(np.where(np.isfinite(nll), nll, np.nan))]

    def objective(p):
        value = -_ll_tpl(x, p[0], np.exp(p[1]), xmin)
        return value if np.isfinite(value) else 1e300

    res = optimize.minimize(
        objective, [expo0, np.log(rate0)], method="L-BFGS-B",
        bounds=[TPL_EXPO_BOUNDS, tuple(np.log(RATE_BOUNDS))], options={"ftol": 1e-15, "gtol": 1e-10},
    )  # fmt: skip
    return float(res.x[0]), float(np.exp(res.x[1])), -float(res.fun)


def _fit_lnorm(x, xmin, start):
    def objective(p):
        if p[1] <= 0:
            return 1e10
        value = -_ll_lnorm(x, p[0], p[1], xmin)
        return value if np.isfinite(value) else 1e10

    # stop on the spread of the simplex's values alone, as R's optim (reltol 1e-8; here 1e-10):
    # with few distinct sizes the maximum lies at meanlog -> -inf along a ridge where the
    # parameters drift without changing the likelihood
    scale = max(1.0, abs(objective(start)))
    res = optimize.minimize(
        objective,
        start,
        method="Nelder-Mead",
        options={"xatol": np.inf, "fatol": 1e-10 * scale, "maxiter": 10_000},
    )
    return float(res.x[0]), float(res.x[1]), -float(res.fun)


def patch_distribution(
    sizes, *, xmin: int = 1, best_by: str = "BIC", fit_lnorm: bool = False
) -> PatchDistribution:
    """Fit PL, TPL, exponential (and log-normal) distributions to patch sizes; pick the best.

    Parameters
    ----------
    sizes : array-like of int
        Patch sizes (``tsdyn.ews.spatial.patch_sizes`` of a frame).
    xmin : int
        Smallest size fitted (sizes below are left out); :func:`xmin_estimate` chooses one.
    best_by : {"BIC", "AIC", "AICc"}
        Criterion of the best model (spatialwarnings' default BIC, in its form
        :math:`2k \\ln n - 2\\ell`).
    fit_lnorm : bool
        Also fit the discrete log-normal.

    Returns
    -------
    PatchDistribution
        ``table`` (one row per model), ``psd_type``, ``xmin``. With three or fewer
        distinct sizes at or above ``xmin`` nothing is fitted: the table's values
        are NaN and ``psd_type`` is None (as spatialwarnings' NA row).

    See Also
    --------
    plrange : The power-law range indicator.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> sizes = rng.geometric(0.3, size=400)  # exponential sizes
    >>> patch_distribution(sizes).psd_type
    'exp'
    """
    x_all = _sizes(sizes)
    xmin = check_int(xmin, "xmin", minimum=1)
    check_choice(best_by, "best_by", _BEST_BY)
    x = x_all[x_all >= xmin]
    types = ["pl", "tpl", "exp"] + (["lnorm"] if fit_lnorm else [])
    columns = ["npars", "ll", "AIC", "AICc", "BIC", "best", "plexpo", "cutoff", "meanlog", "sdlog"]
    table = pd.DataFrame(np.nan, index=pd.Index(types, name="type"), columns=columns)
    table["npars"] = [1, 2, 1, 2][: len(types)]
    if np.unique(x).size <= 3:
        table["best"] = False
        return PatchDistribution(table=table, psd_type=None, xmin=xmin)
    expo, ll = _fit_pl(x, xmin)
    table.loc["pl", ["plexpo", "ll"]] = expo, ll
    table.loc["tpl", ["plexpo", "cutoff", "ll"]] = _fit_tpl(x, xmin, expo)
    table.loc["exp", ["cutoff", "ll"]] = _fit_exp(x, xmin)
    if fit_lnorm:
        # spatialwarnings starts from the log sizes of all patches, also those below xmin
        logs = np.log(x_all)
        table.loc["lnorm", ["meanlog", "sdlog", "ll"]] = _fit_lnorm(x, xmin, [logs.mean(), logs.std(ddof=1)])
    k, n, ll = table["npars"].to_numpy(float), x.size, table["ll"].to_numpy()
    table["AIC"] = 2 * k - 2 * ll
    table["AICc"] = table["AIC"] + 2 * k * (k + 1) / (n - k - 1)
    table["BIC"] = 2 * k * np.log(n) - 2 * ll
    crit = table[best_by]
    table["best"] = crit == crit.min()
    return PatchDistribution(table=table, psd_type=str(crit.idxmin()), xmin=xmin)


def xmin_estimate(sizes) -> float:
    """The ``xmin`` whose PL fit is closest to the sizes above it (Kolmogorov-Smirnov distance).

    Candidates are the distinct sizes but the largest three; for each, the
    PL is fitted to the sizes at or above it and compared, at every size, by
    the complementary CDFs (empirical :math:`P(X \\ge x)` and
    :math:`\\zeta(\\alpha, x) / \\zeta(\\alpha, x_{\\min})`), as spatialwarnings'
    ``xmin_estim``. NaN with three or fewer distinct sizes.

    Parameters
    ----------
    sizes : array-like of int
        Patch sizes (positive).

    Returns
    -------
    float
        The estimated ``xmin`` (NaN with three or fewer distinct sizes).

    Examples
    --------
    >>> xmin_estimate([1, 1, 1, 2, 2, 3, 5, 8, 13, 40])
    2.0
    """
    x = np.sort(_sizes(sizes))
    distinct = np.unique(x)
    if distinct.size <= 3:
        return float("nan")
    best, best_ks = float("nan"), np.inf
    for xmin in distinct[:-3]:
        tail = x[x >= xmin]
        expo, _ = _fit_pl(tail, xmin)
        empirical = 1.0 - np.searchsorted(tail, tail, side="left") / tail.size
        fitted = special.zeta(expo, tail) / special.zeta(expo, xmin)
        ks = float(np.max(np.abs(empirical - fitted)))
        if ks < best_ks:
            best, best_ks = float(xmin), ks
    return best


def plrange(sizes) -> tuple[float, float]:
    """``(xmin, plrange)``: the estimated ``xmin`` and the power-law range above it.

    :math:`1 - (\\log_{10} x_{\\min} - \\log_{10} x_{(1)}) / (\\log_{10} x_{(n)} -
    \\log_{10} x_{(1)})`, the share of the sizes' log range over which the PL
    holds (spatialwarnings' ``plrange``; Berdugo et al. 2017). NaN with one
    distinct size, or three or fewer.

    Parameters
    ----------
    sizes : array-like of int
        Patch sizes (positive).

    Returns
    -------
    (float, float)
        ``xmin`` from :func:`xmin_estimate` and the share of the log range above it.

    Examples
    --------
    >>> xmin, share = plrange([1, 1, 1, 2, 2, 3, 5, 8, 13, 40])
    >>> xmin, round(share, 4)  # 1 - log10(2) / log10(40)
    (2.0, 0.8121)
    """
    x = _sizes(sizes)
    if np.unique(x).size <= 1:
        return float("nan"), float("nan")
    xmin = xmin_estimate(x)
    lo, hi = np.log10(x.min()), np.log10(x.max())
    return xmin, float(1.0 - (np.log10(xmin) - lo) / (hi - lo))
