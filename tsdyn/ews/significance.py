r"""Surrogate significance of early-warning trends.

The Kendall tau of a rolling indicator has no usable analytic null
distribution: overlapping windows make its values strongly dependent. The
test here builds that distribution from the data instead:

1. detrend the series with the same pipeline (:class:`tsdyn.ews.EWSSpec`);
2. draw ``n_surrogates`` surrogates of the residuals from a null model fitted
   to them (``ar1``, best-AIC ``arma``, ``phase``-randomized or ``iaaft``):
   stationary series with the residuals' short-term dependence but no trend
   in it. The draws, and the taus of step 3, go through the one generic
   :func:`tsdyn.surrogates.surrogate_test` (with one statistic per indicator,
   evaluated on all draws at once);
3. add the trend back (so the coefficient of variation sees the same mean)
   and run every surrogate through the same detrending, indicators and tau
   range as the data;
4. the p-value of indicator :math:`k` is
   :math:`p_k = (1 + \#\{j: \tau^{(j)}_k \ge \tau_k\}) / (n + 1)` (one-sided,
   "the indicator rises"; ``alternative="less"`` or ``"two-sided"`` on
   :math:`|\tau|` otherwise), which is exact for exchangeable surrogates.

**Combined evidence.** Indicators computed from the same residuals are
correlated (variance and lag-1 autocorrelation both rise under slowing
down), so Fisher's :math:`-2\sum\log p_k` does not follow
:math:`\chi^2_{2K}`. The same surrogates calibrate it instead: every
surrogate gets its own per-indicator p-values (its rank among the pooled
observed + surrogate taus), the combined statistic is computed for each, and
the observed statistic is ranked among them. ``p_fisher`` combines by
Fisher's statistic, ``p_min`` by the smallest p-value (a Westfall-Young
min-p test); both keep their level whatever the correlation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._numba import use_parallel
from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.errors import check_choice, check_int
from tsdyn.rng import Seed, as_seed_sequence

if TYPE_CHECKING:
    from tsdyn.ews.api import Significance

__all__ = ["TrendTest", "surrogate_significance", "trend_test"]

ALTERNATIVES = ("greater", "less", "two-sided")
NULL_MODELS = ("ar1", "arma", "phase", "iaaft")


@dataclass(frozen=True)
class TrendTest:
    """Result of :func:`trend_test` for numpy or pandas input (one row per series).

    Attributes
    ----------
    indicators : tuple of str
    tau : ndarray (..., indicator)
        Observed Kendall tau.
    p_value : ndarray (..., indicator)
        Surrogate p-value per indicator.
    p_fisher, p_min : ndarray (...), float for one series
        Combined p-values across indicators (surrogate-calibrated).
    tau_null : ndarray (..., indicator, surrogate)
        Kendall tau of every surrogate.

    See Also
    --------
    trend_test : Computes it.

    Examples
    --------
    Variance rising threefold, lag-1 autocorrelation unchanged:

    >>> x = np.random.default_rng(0).standard_normal(150) * np.linspace(1, 3, 150)
    >>> res = trend_test(x, n_surrogates=19, seed=0, detrend="none", window=50)
    >>> res.indicators, res.p_value.tolist(), res.tau_null.shape
    (('variance', 'ac1'), [0.05, 0.65], (2, 19))
    """

    indicators: tuple[str, ...]
    tau: np.ndarray
    p_value: np.ndarray
    p_fisher: np.ndarray | float
    p_min: np.ndarray | float
    tau_null: np.ndarray


def _exceed_counts(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """For each entry of ``values``, how many of ``reference`` are >= it (NaN never counts)."""
    ref = np.sort(reference[np.isfinite(reference)])
    counts = (ref.size - np.searchsorted(ref, values, side="left")).astype(np.float64)
    return np.where(np.isfinite(values), counts, np.nan)


def _oriented(tau: np.ndarray, alternative: str) -> np.ndarray:
    if alternative == "less":
        return -tau
    if alternative == "two-sided":
        return np.abs(tau)
    return tau


def rank_pvalues(observed: np.ndarray, null: np.ndarray, alternative: str):
    """Per-indicator p-values of one series and the surrogate-calibrated combinations.

    ``observed`` (K,), ``null`` (K, n). Returns ``p (K,), p_fisher, p_min``.
    """
    obs = _oriented(observed, alternative)
    nul = _oriented(null, alternative)
    k, n = nul.shape
    p_obs = np.empty(k)
    # pooled p-values of the surrogates themselves: (count of the pool >= value) / (n + 1)
    p_sur = np.empty((k, n))
    for i in range(k):
        pool = np.r_[obs[i], nul[i]]
        p_obs[i] = _exceed_counts(obs[i : i + 1], pool)[0] / (n + 1)
        p_sur[i] = _exceed_counts(nul[i], pool) / (n + 1)
    usable = np.isfinite(p_obs)
    if not usable.any():
        return p_obs, np.nan, np.nan
    fisher_obs = -2.0 * np.sum(np.log(p_obs[usable]))
    # a surrogate with a NaN tau adds no evidence for that indicator (its p counts as 1)
    fisher_sur = -2.0 * np.sum(np.log(np.where(np.isfinite(p_sur[usable]), p_sur[usable], 1.0)), axis=0)
    min_obs = np.min(p_obs[usable])
    min_sur = np.min(np.where(np.isfinite(p_sur[usable]), p_sur[usable], 1.0), axis=0)
    p_fisher = (1.0 + np.sum(fisher_sur >= fisher_obs)) / (n + 1)
    p_min = (1.0 + np.sum(min_sur <= min_obs)) / (n + 1)
    return p_obs, p_fisher, p_min


def _null_taus(spec, series: np.ndarray, n: int, method: str, seed, options, lo, hi) -> np.ndarray:
    """Kendall taus of ``n`` surrogates of every row of ``series``: shape (rows, indicators, n).

    The surrogates are drawn, and their taus computed, by the generic
    :func:`tsdyn.surrogates.surrogate_test`, on the residuals (the increments
    for first differences); the statistic rebuilds each series from its
    trend (its first value) before running the pipeline, all draws at once.
    """
    from tsdyn.surrogates import surrogate_test

    if spec.detrend == "first_difference":
        # residuals are the increments (however a convention labels them): rebuild a path from x[0]
        base = np.diff(series, axis=1)
        start = series[:, None, :1]

        def rebuild(steps):
            begin = np.broadcast_to(start, steps.shape[:2] + (1,))
            return np.concatenate([begin, start + np.cumsum(steps, axis=2)], axis=2)
    else:
        parts = spec.compute(series, parallel=use_parallel(*series.shape))
        base, trend = parts["residuals"], parts["trend"]

        def rebuild(resid):
            return trend[:, None, :] + resid

    def taus(block):  # (rows, draws, time) -> (rows, draws, indicators)
        rows, draws, _ = block.shape
        flat = np.ascontiguousarray(rebuild(block).reshape(rows * draws, -1))
        got = spec.taus(flat, lo=lo, hi=hi, parallel=use_parallel(*flat.shape))
        return np.stack([got[k].reshape(rows, draws) for k in spec.indicators], axis=2)

    res = surrogate_test(
        np.ascontiguousarray(base), taus, method=method, n_surrogates=n, seed=seed, batch=True, **options
    )
    return np.asarray(res.null).reshape(series.shape[0], len(spec.indicators), n)


class _Hook:
    """The ``significance`` callable of :func:`tsdyn.ews.analyze`; keeps what it computed."""

    # set by each call: rows x indicators (x surrogates for null), rows for the combined p-values
    tau: np.ndarray
    p: np.ndarray
    null: np.ndarray
    p_fisher: np.ndarray
    p_min: np.ndarray

    def __init__(self, method, n, seed, alternative, options):
        self.method, self.n, self.alternative = method, n, alternative
        self.seed = as_seed_sequence(seed)
        self.options = options

    def __call__(self, spec, series, observed, *, lo, hi):
        rows = series.shape[0]
        names = spec.indicators
        self.null = _null_taus(spec, series, self.n, self.method, self.seed, self.options, lo, hi)
        self.tau = np.stack([np.asarray(observed[k], dtype=np.float64) for k in names], axis=1)
        self.p = np.empty((rows, len(names)))
        self.p_fisher = np.empty(rows)
        self.p_min = np.empty(rows)
        for r in range(rows):
            self.p[r], self.p_fisher[r], self.p_min[r] = rank_pvalues(
                self.tau[r], self.null[r], self.alternative
            )
        return {k: self.p[:, i] for i, k in enumerate(names)}


def surrogate_significance(
    method: str = "ar1",
    *,
    n_surrogates: int = 1000,
    seed: Seed = None,
    alternative: str = "greater",
    pmax: int = 2,
    qmax: int = 2,
    max_iter: int = 1000,
) -> Significance:
    """A ``significance=`` callable for :func:`tsdyn.ews.analyze` (surrogate p-values per indicator).

    The test of the module docstring: surrogates of the detrended series run
    through the same pipeline, and each indicator's p-value is the rank of its
    observed Kendall tau among theirs.

    Parameters
    ----------
    method : {"ar1", "arma", "phase", "iaaft"}
        Null model fitted to the residuals.
    n_surrogates : int
        Surrogates per series; p-values are multiples of ``1 / (n + 1)``.
    seed : int, Generator or SeedSequence
        Randomness.
    alternative : {"greater", "less", "two-sided"}
        Direction of the trend tested (``"greater"``: the indicator rises).
    pmax, qmax : int
        Largest ARMA orders tried (``method="arma"``).
    max_iter : int
        Most IAAFT iterations per surrogate (``method="iaaft"``).

    Returns
    -------
    callable
        ``significance(spec, series, observed, lo=, hi=) -> {indicator: p-values}``;
        after the call it also holds the surrogates' taus and the combined
        p-values (what :func:`trend_test` reports).

    See Also
    --------
    trend_test : The same test, returning everything it computed.
    tsdyn.surrogates.surrogates : The null models.

    Examples
    --------
    >>> import numpy as np
    >>> import tsdyn.ews
    >>> x = np.random.default_rng(0).standard_normal(200) * np.linspace(1, 3, 200)
    >>> test = surrogate_significance("ar1", n_surrogates=49, seed=1)
    >>> res = tsdyn.ews.analyze(x, detrend="none", indicators=["variance"], significance=test)
    >>> float(res.ktau.loc["variance", "pvalue"])
    0.02
    """
    check_choice(method, "method", NULL_MODELS)
    check_choice(alternative, "alternative", ALTERNATIVES)
    n = check_int(n_surrogates, "n_surrogates", minimum=1)
    options = {
        "pmax": check_int(pmax, "pmax", minimum=0),
        "qmax": check_int(qmax, "qmax", minimum=0),
        "max_iter": check_int(max_iter, "max_iter", minimum=1),
    }
    return _Hook(method, n, seed, alternative, options)


def trend_test(
    x: SeriesLike,
    *,
    dim: str = "time",
    method: str = "ar1",
    n_surrogates: int = 1000,
    seed: Seed = None,
    alternative: str = "greater",
    indicators: str | Sequence[str] = ("variance", "ac1"),
    window: float | int | None = None,
    detrend: str | None = None,
    bandwidth: float | int | None = None,
    span: float | int | None = None,
    transition: TimePoint | None = None,
    tmin: TimePoint | None = None,
    tmax: TimePoint | None = None,
    convention: str = "tsdyn",
    pmax: int = 2,
    qmax: int = 2,
    max_iter: int = 1000,
) -> SeriesResult:
    """Kendall-tau trends of early-warning indicators and their surrogate p-values.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time on the last axis for numpy input).
    dim : str
        The time dimension.
    method : {"ar1", "arma", "phase", "iaaft"}
        Null model fitted to the residuals (see the module docstring).
    n_surrogates : int
        Surrogates per series; p-values are multiples of ``1 / (n + 1)``.
    seed : int, Generator or SeedSequence
        Randomness (series ``i`` uses the i-th child seed).
    alternative : {"greater", "less", "two-sided"}
        Direction of the trend tested (``"greater"``: the indicator rises).
    indicators, window, detrend, bandwidth, span, transition, tmin, tmax, convention
        The pipeline, as in :func:`tsdyn.ews.analyze` (left out: the convention's
        defaults, R's under ``convention="earlywarnings"``).
    pmax, qmax : int
        Largest ARMA orders tried (``method="arma"``); R earlywarnings'
        ``surrogates_ews`` uses 4 and 4.
    max_iter : int
        Most IAAFT iterations per surrogate (``method="iaaft"``; fewer is
        faster and leaves the spectrum less exact).

    Returns
    -------
    xarray.Dataset (xarray input) or :class:`TrendTest`
        ``tau`` and ``p_value`` per indicator, ``p_fisher`` and ``p_min``
        combined across indicators, ``tau_null`` per indicator and surrogate.

    See Also
    --------
    surrogate_significance : The test as a ``significance=`` of :func:`tsdyn.ews.analyze`.
    tsdyn.surrogates.surrogate_test : The generic test that draws the surrogates and their taus.
    bootstrap_lr : A model-based alternative (likelihood ratio of fold against null).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(3).standard_normal(300)
    >>> res = trend_test(x, n_surrogates=99, seed=0, detrend="linear")
    >>> res.indicators, res.tau_null.shape
    (('variance', 'ac1'), (2, 99))
    >>> bool(((res.p_value > 0) & (res.p_value <= 1)).all())
    True
    """
    from tsdyn.ews.api import analyze

    # the hook is a _Hook, which keeps what it computed
    hook = cast(
        _Hook,
        surrogate_significance(
            method,
            n_surrogates=n_surrogates,
            seed=seed,
            alternative=alternative,
            pmax=pmax,
            qmax=qmax,
            max_iter=max_iter,
        ),
    )
    res = analyze(
        x,
        dim=dim,
        window=window,
        detrend=detrend,
        bandwidth=bandwidth,
        span=span,
        indicators=indicators,
        transition=transition,
        tmin=tmin,
        tmax=tmax,
        convention=convention,
        significance=hook,
    )
    names = tuple(res.spec.indicators)
    state = res.data["state"]
    others = [d for d in state.dims if d != dim]
    shape = tuple(state.sizes[d] for d in others)
    # the hook saw the series as rows in C order over the other dims
    tau = hook.tau.reshape(*shape, len(names))
    pval = hook.p.reshape(*shape, len(names))
    null = hook.null.reshape(*shape, len(names), n_surrogates)
    p_fisher = hook.p_fisher.reshape(shape)
    p_min = hook.p_min.reshape(shape)
    if not isinstance(x, xr.DataArray | xr.Dataset):
        squeeze = (lambda a: a) if shape else (lambda a: a if np.ndim(a) else float(a))
        return TrendTest(names, tau, pval, squeeze(p_fisher), squeeze(p_min), null)
    coords = {d: state.coords[d] for d in others if d in state.coords}
    ind = pd.Index(list(names), name="indicator")
    ds = xr.Dataset(
        {
            "tau": ((*others, "indicator"), tau, {"long_name": "Kendall tau of the indicator"}),
            "p_value": ((*others, "indicator"), pval, {"long_name": "surrogate p-value of the trend"}),
            "p_fisher": (others, p_fisher, {"long_name": "combined p-value (Fisher, surrogate-calibrated)"}),
            "p_min": (others, p_min, {"long_name": "combined p-value (min-p, surrogate-calibrated)"}),
            "tau_null": (
                (*others, "indicator", "surrogate"),
                null,
                {"long_name": "Kendall tau of each surrogate"},
            ),
        },
        coords={**coords, "indicator": ind, "surrogate": np.arange(n_surrogates)},
    )
    ds.attrs = {
        **res.data.attrs,
        "tsdyn_function": public_name(trend_test),
        "method": method,
        "n_surrogates": n_surrogates,
        "alternative": alternative,
        "seed": seed if isinstance(seed, int) else "none",
    }
    return ds
