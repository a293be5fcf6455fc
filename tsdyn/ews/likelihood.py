r"""Model-based detection of critical slowing down (Boettiger & Hastings 2012).

Two Gaussian Markov models are fitted by maximum likelihood to a series
observed at times :math:`t_0 < t_1 < \dots < t_n`, conditioning on the first
value, and compared by their likelihood ratio.

**Null: Ornstein-Uhlenbeck (OU).**
:math:`dX = \rho\,(\theta - X)\,dt + \sigma\,dW` with a constant stability
(rate) :math:`\rho > 0`. Its transition density is exactly Gaussian with

.. math::

    E[X_{i+1} \mid x_i] = \theta + (x_i - \theta) e^{-\rho \Delta_i}, \qquad
    \mathrm{Var}[X_{i+1} \mid x_i] = \sigma^2 \frac{1 - e^{-2\rho\Delta_i}}{2\rho}.

**Alternative: linearized saddle-node (LSN).** The saddle-node normal form
with additive noise, :math:`dX = [r(t) - (X - \theta)^2]\,dt + \sigma\,dW`,
whose bifurcation parameter changes linearly, :math:`r(t) = r_0 + m (t - t_0)`.
While :math:`r > 0` the stable branch is :math:`x^*(t) = \theta + \sqrt{r(t)}`
with slope :math:`f'(x^*) = -2\sqrt{r}`; linearizing around it gives
:math:`dX = -\lambda(t)\,(X - x^*(t))\,dt + \sigma\,dW` with
:math:`\lambda = 2\sqrt{r}`. Its mean :math:`E` and variance :math:`V` solve
(Itô's formula applied to :math:`(X - E)^2`, then expectation)

.. math::

    \frac{dE}{dt} = 2\sqrt{r}\,(\theta + \sqrt{r} - E), \qquad
    \frac{dV}{dt} = -4\sqrt{r}\,V + \sigma^2,

from :math:`E(t_i) = x_i`, :math:`V(t_i) = 0` to :math:`t_{i+1}`. tsdyn
integrates them with the exponential midpoint rule on ``n_sub`` substeps per
interval (coefficients frozen at the substep midpoint, linear equations solved
exactly): second order, and exact when :math:`m = 0`, where the LSN *is* the
OU process with :math:`\rho = 2\sqrt{r_0}`, mean :math:`\theta + \sqrt{r_0}`
and the same :math:`\sigma`. The models are therefore nested, the LSN fit
starts from the point equal to the OU optimum, and the likelihood ratio
:math:`2(\ell_{LSN} - \ell_{OU})` is never negative. :math:`r > 0` is
required over the whole observed span (the stable branch must exist), which
the fit enforces by optimising :math:`\log r_0` and :math:`\log r(t_n)`.

**Units.** In the normal form the distance of the stable branch from the
bifurcation, :math:`\sqrt{r}`, is at once a rate (:math:`\lambda = 2\sqrt{r}`,
per time unit) and a position (in the units of :math:`X`), so the LSN fit,
and with it the likelihood ratio, depends on the series' units, where the OU
fit is equivariant: the same AR(1) slowing down gives a ratio of 117 in its
own units and 18 divided by 1000 (Boettiger & Hastings' model, as
their ``earlywarning`` package fits it). Compare ratios in one unit, or
standardise the series first.

Both means are linear in :math:`\theta` and both variances proportional to
:math:`\sigma^2`, so :math:`\theta` (weighted least squares) and
:math:`\sigma` are profiled out in closed form: the OU fit is a 1-D search over
:math:`\log\rho`, the LSN fit a 2-D Nelder-Mead over
:math:`(\log r_0, \log r(t_n))`.

**How this differs from R earlywarning** (``LSN.R``, ``stability_model.R``):

1. *Variance equation.* R integrates :math:`dV/dt = -2\sqrt{R}\,V + \dots`;
   for a linear SDE whose mean relaxes at rate :math:`2\sqrt{R}` the variance
   relaxes at twice that rate, :math:`-4\sqrt{R}\,V` (above). With R's
   equation the stationary variance is twice the process' and the LSN at
   :math:`m = 0` is not the OU model, so the two are not nested and the
   deviance can be negative.
2. *Noise.* R's noise term is :math:`\sigma^2(\sqrt{R} + \theta)`, demographic
   noise :math:`\sigma\sqrt{x}` evaluated at the equilibrium, which needs a
   positive equilibrium and ties the noise to the level of the series. tsdyn
   uses the normal form's additive noise :math:`\sigma^2`: valid for residuals
   and anomalies of any sign, translation invariant, and it keeps the nesting.
3. *Time origin.* R uses :math:`R(t) = R_0 + m t` on the raw time stamps, so
   :math:`R_0` depends on where the clock starts; here :math:`t` runs from the
   first observation and :math:`r_0` is the stability at the first sample.
4. *Start and domain.* R starts the LSN from a rescaling of the OU estimates
   that is not the equivalent LSN point, and marks :math:`R(t_1) < 0` with an
   infinite variance; tsdyn starts from the equivalent point (plus a second
   start closer to the bifurcation) and parametrizes the domain away.

Time comes from the ``time`` coordinate (datetimes in days since the first
sample); plain arrays use the sample index.
"""

from __future__ import annotations

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.errors import InputError, check_int
from tsdyn.ews import _model_kernels as mk
from tsdyn.rng import Seed, as_seed_sequence, child_seed, spawn

__all__ = ["bootstrap_lr", "fit_lsn", "fit_ou", "likelihood_ratio"]

_MIN_LENGTH = 10
_OU_FIELDS = ("rate", "theta", "sigma", "loglik")
_LSN_FIELDS = ("r0", "m", "theta", "sigma", "loglik")

_LONG = {
    "rate": "OU relaxation rate rho",
    "theta": "OU mean theta",
    "sigma": "noise intensity sigma",
    "loglik": "maximised log-likelihood",
    "r0": "LSN bifurcation parameter r at the first sample",
    "m": "LSN rate of change of r per time unit",
    "lr": "likelihood ratio 2 (loglik_LSN - loglik_OU)",
}


# --------------------------------------------------------------------------- fitting one row


def _elapsed(t: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(t - t[0], dtype=np.float64)


def _ou_profile(x: np.ndarray, t: np.ndarray, log_rate: float):
    n = x.shape[0] - 1
    phi, g, v = np.empty(n), np.empty(n), np.empty(n)
    mk.ou_coefficients(t, np.exp(log_rate), phi, g, v)
    return mk.profile_loglik(x, phi, g, v)


def _fit_ou_row(x: np.ndarray, t: np.ndarray) -> tuple[float, float, float, float]:
    """OU maximum likelihood: grid then bounded Brent on log(rate); theta, sigma profiled."""
    from scipy.optimize import minimize_scalar

    d = np.diff(t)
    # from a random walk over the whole span to decorrelation within the shortest step
    lo, hi = np.log(1e-3 / t[-1]), np.log(30.0 / d.min())
    grid = np.linspace(lo, hi, 41)
    values = np.array([_ou_profile(x, t, lr)[0] for lr in grid])
    k = int(np.argmax(values))
    a, b = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]
    res = minimize_scalar(
        lambda lr: -_ou_profile(x, t, lr)[0], bounds=(a, b), method="bounded", options={"xatol": 1e-10}
    )
    best = res.x if -res.fun >= values[k] else grid[k]
    ll, theta, sigma = _ou_profile(x, t, best)
    return float(np.exp(best)), float(theta), float(sigma), float(ll)


def _lsn_profile(x: np.ndarray, t: np.ndarray, log_r0: float, log_r1: float, n_sub: int):
    n = x.shape[0] - 1
    r0, r1 = np.exp(log_r0), np.exp(log_r1)
    m = (r1 - r0) / t[-1]
    phi, g, v = np.empty(n), np.empty(n), np.empty(n)
    mk.lsn_coefficients(t, r0, m, n_sub, phi, g, v)
    return mk.profile_loglik(x, phi, g, v), m


def _fit_lsn_row(x: np.ndarray, t: np.ndarray, n_sub: int, ou_rate: float):
    """LSN maximum likelihood by Nelder-Mead on (log r0, log r_end), from the OU-equivalent point."""
    from scipy.optimize import minimize

    def negll(p):
        (ll, _, _), _ = _lsn_profile(x, t, p[0], p[1], n_sub)
        return -ll if np.isfinite(ll) else np.inf

    start = np.log((ou_rate / 2.0) ** 2)
    best = None
    # m = 0 (the OU optimum itself) and a start already heading for the bifurcation
    for end in (start, start - np.log(10.0)):
        p0 = np.array([start, end])
        simplex = np.array([p0, p0 + [0.5, 0.0], p0 + [0.0, -0.5]])
        res = minimize(
            negll,
            p0,
            method="Nelder-Mead",
            options={"initial_simplex": simplex, "xatol": 1e-7, "fatol": 1e-9, "maxiter": 2000},
        )
        if best is None or res.fun < best.fun:
            best = res
    assert best is not None  # both starts ran
    (ll, theta, sigma), m = _lsn_profile(x, t, best.x[0], best.x[1], n_sub)
    return float(np.exp(best.x[0])), float(m), float(theta), float(sigma), float(ll)


# --------------------------------------------------------------------------- kernels


def _check_rows(a: np.ndarray) -> None:
    flat = np.ptp(a, axis=1) == 0
    if flat.any():
        raise InputError(
            f"x is constant (series {int(np.argmax(flat))}); a stochastic model cannot be fitted to it"
        )


def _ou_kernel(a, *, parallel, t):
    _check_rows(a)
    out = np.array([_fit_ou_row(row, t) for row in a]).reshape(a.shape[0], 4)
    return tuple(out.T)


def _lsn_kernel(a, *, parallel, t, n_sub):
    _check_rows(a)
    rows = []
    for row in a:
        rate = _fit_ou_row(row, t)[0]
        rows.append(_fit_lsn_row(row, t, n_sub, rate))
    return tuple(np.array(rows).reshape(a.shape[0], 5).T)


def _lr_row(x, t, n_sub):
    ou = _fit_ou_row(x, t)
    lsn = _fit_lsn_row(x, t, n_sub, ou[0])
    # the LSN search starts at the OU optimum; max() only removes round-off below zero
    return ou, lsn, max(2.0 * (lsn[4] - ou[3]), 0.0)


def _lr_kernel(a, *, parallel, t, n_sub):
    _check_rows(a)
    return np.array([_lr_row(row, t, n_sub)[2] for row in a])


def _coefficients(model: str, params, t: np.ndarray, n_sub: int):
    n = t.shape[0] - 1
    phi, g, v = np.empty(n), np.empty(n), np.empty(n)
    if model == "ou":
        mk.ou_coefficients(t, params[0], phi, g, v)
    else:
        mk.lsn_coefficients(t, params[0], params[1], n_sub, phi, g, v)
    return phi, g, v


def _simulate(model: str, params, x0: float, t: np.ndarray, n: int, n_sub: int, rng) -> np.ndarray:
    phi, g, v = _coefficients(model, params, t, n_sub)
    theta, sigma = params[-3], params[-2]
    out = np.empty((n, t.shape[0]))
    mk.simulate_gaussian(x0, phi, g, v, theta, sigma, rng.standard_normal((n, t.shape[0] - 1)), out)
    return out


def _lrs(series: np.ndarray, t: np.ndarray, n_sub: int) -> np.ndarray:
    return np.array([_lr_row(row, t, n_sub)[2] for row in series])


def _bootstrap_kernel(a, *, parallel, positions, t, n_sub, n_boot, root):
    _check_rows(a)
    from tsdyn.ews.roc import mann_whitney_auc

    rows = a.shape[0]
    lr = np.empty(rows)
    p = np.empty(rows)
    auc = np.empty(rows)
    null = np.empty((rows, n_boot))
    alt = np.empty((rows, n_boot))
    for r in range(rows):
        rng_null, rng_alt = spawn(np.random.default_rng(child_seed(root, positions[r])), 2)
        ou, lsn, lr[r] = _lr_row(a[r], t, n_sub)
        null[r] = _lrs(_simulate("ou", ou, a[r, 0], t, n_boot, n_sub, rng_null), t, n_sub)
        alt[r] = _lrs(_simulate("lsn", lsn, a[r, 0], t, n_boot, n_sub, rng_alt), t, n_sub)
        p[r] = (1.0 + np.sum(null[r] >= lr[r])) / (n_boot + 1.0)
        auc[r] = mann_whitney_auc(null[r], alt[r])
    return lr, p, auc, null, alt


# --------------------------------------------------------------------------- public API


def _elapsed_time(x, dim: str) -> tuple[np.ndarray, str]:
    da = as_series(x, dim=dim)
    if dim not in da.coords:
        return np.arange(da.sizes[dim], dtype=np.float64), "sample"
    t = da.coords[dim].values
    if t.dtype.kind == "M":
        days = (t - t[0]) / np.timedelta64(1, "D")
        return _elapsed(days.astype(np.float64)), "day"
    if t.dtype.kind not in "iuf":
        raise InputError(f"x has a {dim} coordinate of dtype {t.dtype}; expected numbers or datetimes")
    return _elapsed(np.asarray(t, dtype=np.float64)), "time coordinate"


def _run(kernel, x, dim, fields, kwargs, attrs, function, extra_outputs=()):
    t, unit = _elapsed_time(x, dim)
    outputs = [Output(f, long_name=_LONG.get(f, f)) for f in fields] + list(extra_outputs)
    return apply_along_time(
        kernel,
        x,
        outputs=outputs if len(outputs) > 1 else outputs[0],
        dim=dim,
        kwargs={"t": t, **kwargs},
        attrs={**attrs, "time_unit": unit},
        function=public_name(function),
        min_length=_MIN_LENGTH,
        length_reason="a likelihood fit",
    )


def fit_ou(x: SeriesLike, *, dim: str = "time") -> SeriesResult:
    r"""Maximum-likelihood fit of the Ornstein-Uhlenbeck null :math:`dX = \rho(\theta - X)dt + \sigma dW`.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: last axis). Irregular sampling
        is allowed: the exact transition density uses each interval's length.
    dim : str
        The time dimension.

    Returns
    -------
    Dataset / DataFrame / named tuple
        ``rate`` (:math:`\rho`, per time unit), ``theta``, ``sigma`` and
        ``loglik`` (conditional on the first value). A series that does not
        revert to a level (a random walk, a trend, a slow oscillation sampled
        over a fraction of its period) has its ``rate`` near 0, and ``theta``
        then carries the drift :math:`\rho\theta`: it can lie far outside the
        data (a 500-step random walk from 0 to -36: ``theta`` -35 881, ``rate``
        2e-6, drift -0.07 per step) and is no level of the series. ``loglik``
        stays the likelihood of that fit.

    See Also
    --------
    fit_lsn : The alternative model.
    likelihood_ratio : The two compared.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.empty(2000); x[0] = 0.0
    >>> z = np.random.default_rng(0).standard_normal(1999)
    >>> for i in range(1999):
    ...     x[i + 1] = 0.5 * x[i] + z[i]
    >>> fit = fit_ou(x)
    >>> round(float(np.exp(-fit.rate)), 2)
    0.5
    """
    return _run(_ou_kernel, x, dim, _OU_FIELDS, {}, {"model": "OU"}, fit_ou)


def fit_lsn(x: SeriesLike, *, dim: str = "time", n_sub: int = 4) -> SeriesResult:
    r"""Maximum-likelihood fit of the linearized saddle-node model (see the module docstring).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series.
    dim : str
        The time dimension.
    n_sub : int
        Substeps per sampling interval for the moment equations (exact for
        :math:`m = 0`; second order in the substep otherwise).

    Returns
    -------
    Dataset / DataFrame / named tuple
        ``r0`` (:math:`r` at the first sample), ``m`` (change of :math:`r`
        per time unit; negative means approaching the bifurcation), ``theta``
        (the stable branch is :math:`\theta + \sqrt{r}`), ``sigma`` and ``loglik``.

    See Also
    --------
    fit_ou : The null model.
    likelihood_ratio : The two compared.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(np.arange(50.0)) + np.random.default_rng(1).standard_normal(50)
    >>> fit = fit_lsn(x)
    >>> bool(fit.r0 + fit.m * 49 > 0)
    True
    """
    n_sub = check_int(n_sub, "n_sub", minimum=1)
    return _run(_lsn_kernel, x, dim, _LSN_FIELDS, {"n_sub": n_sub}, {"model": "LSN", "n_sub": n_sub}, fit_lsn)


def likelihood_ratio(x: SeriesLike, *, dim: str = "time", n_sub: int = 4) -> SeriesResult:
    """Likelihood-ratio statistic :math:`2(\\ell_{LSN} - \\ell_{OU})` (>= 0; large = slowing down).

    The models are nested (see the module docstring), so the statistic is never
    negative; its null distribution is not chi-squared at these sample sizes:
    :func:`bootstrap_lr` calibrates it.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: last axis).
    dim : str
        The time dimension.
    n_sub : int
        Substeps of the LSN moment equations (see :func:`fit_lsn`).

    Returns
    -------
    float, or one per series
        ``lr``: a float for one numpy series; an array, Series or DataArray
        over the other dims otherwise.

    See Also
    --------
    fit_ou, fit_lsn : The two fits.
    bootstrap_lr : Its p-value and ROC area by parametric bootstrap.

    Examples
    --------
    >>> import numpy as np
    >>> lr = likelihood_ratio(np.random.default_rng(2).standard_normal(100))
    >>> lr >= 0
    True
    """
    n_sub = check_int(n_sub, "n_sub", minimum=1)
    return _run(_lr_kernel, x, dim, ("lr",), {"n_sub": n_sub}, {"n_sub": n_sub}, likelihood_ratio)


def bootstrap_lr(
    x: SeriesLike, *, dim: str = "time", n_boot: int = 200, n_sub: int = 4, seed: Seed = None
) -> SeriesResult:
    """Parametric bootstrap of the likelihood ratio under both fitted models (Boettiger & Hastings).

    Fits the OU and LSN models, simulates ``n_boot`` series from each fit
    (same times, same first value, exact Gaussian transitions), refits both
    models to every simulated series and records its likelihood ratio. The
    replicates from the OU fit are the null distribution, those from the LSN
    fit the distribution under the alternative; their overlap is the ROC
    curve (:func:`tsdyn.ews.roc.roc_curve` on ``lr_null`` and ``lr_alt``).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series.
    dim : str
        The time dimension.
    n_boot : int
        Replicates per model.
    n_sub : int
        Substeps of the LSN moment equations (see :func:`fit_lsn`).
    seed : int, Generator or SeedSequence
        Randomness; series ``i`` (C order over the other dims) gets the i-th
        child seed. Dask input is loaded first, so chunking does not matter.

    Returns
    -------
    Dataset / named tuple
        ``lr`` (observed), ``p_value`` ((1 + #null >= observed) / (n_boot + 1)),
        ``auc`` (ROC area of the two bootstrap distributions), ``lr_null`` and
        ``lr_alt`` (dim ``replicate``).

    See Also
    --------
    likelihood_ratio : The statistic alone.
    roc_curve : The ROC curve of ``lr_null`` against ``lr_alt``.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(3).standard_normal(60)
    >>> res = bootstrap_lr(x, n_boot=5, seed=0)
    >>> res.lr_null.shape, bool(0 < res.p_value <= 1)
    ((5,), True)
    """
    n_boot = check_int(n_boot, "n_boot", minimum=1)
    n_sub = check_int(n_sub, "n_sub", minimum=1)
    root = as_seed_sequence(seed)
    rep = {"replicate": n_boot}
    extra = [
        Output("lr_null", "likelihood ratio of series simulated from the OU fit", ("replicate",), rep),
        Output("lr_alt", "likelihood ratio of series simulated from the LSN fit", ("replicate",), rep),
    ]
    outs = [
        Output("lr", _LONG["lr"]),
        Output("p_value", "bootstrap p-value of the likelihood ratio under the OU fit"),
        Output("auc", "ROC AUC of the likelihood ratio, LSN vs OU replicates"),
    ]
    t, unit = _elapsed_time(x, dim)
    return apply_along_time(
        _bootstrap_kernel,
        x,
        outputs=outs + extra,
        dim=dim,
        kwargs={"t": t, "n_sub": n_sub, "n_boot": n_boot, "root": root},
        attrs={"n_boot": n_boot, "n_sub": n_sub, "time_unit": unit},
        function=public_name(bootstrap_lr),
        min_length=_MIN_LENGTH,
        length_reason="a likelihood fit",
        positions=True,  # series i draws from child i of the seed, whatever the dask chunks
    )
