r"""Multivariate early-warning indicators: several observed variables, one warning.

Near a bifurcation one direction of the state space (the slowest eigenvector
of the Jacobian) recovers ever more slowly, so fluctuations line up along it:
the variables become more correlated, the covariance matrix's largest
eigenvalue grows and its first principal component explains more of the
variance (Weinans et al. 2021, Sci. Rep. 11:9148; Dakos 2018). Every
indicator is computed over a rolling window of ``w`` samples of all variables
and placed at the window's last sample, like :func:`tsdyn.ews.rolling_indicators`:

========================== =========================================================
``covariance_eigenvalue``  :math:`\lambda_1`, the largest eigenvalue of the window's
                           covariance matrix :math:`C_0` (ddof 1)
``explained_variance``     :math:`\lambda_1 / \operatorname{tr} C_0`, the share of PC1
``mean_abs_correlation``   mean of :math:`|r_{ij}|` over the pairs :math:`i < j`
``pc1_variance``           variance of the projection :math:`y_t = v^T x_t` on PC1
``pc1_ac1``                lag-1 autocorrelation of :math:`y_t` (Pearson correlation
                           of its lag-1 pairs, as tsdyn's ``ac1``)
``jacobian_eigenvalue``    :math:`|\mu|_{\max}` of the discrete-time Jacobian
                           :math:`J = C_1 C_0^{-1}` reconstructed from the lag-1
                           cross-covariance (Williamson & Lenton 2015; ewstools'
                           ``eval_recon_rolling``, whose estimators it reproduces)
``dynamic_eigenvalue``     :math:`|\mu|_{\max}` of the S-map Jacobian at the window's
                           last state (the "dynamical eigenvalue" of Grziwotz et al.
                           2023, Sci. Adv. 9:eabq4558)
========================== =========================================================

``pca="window"`` (default) takes :math:`v` as each window's own PC1, so that
``pc1_variance`` equals ``covariance_eigenvalue``; ``pca="series"`` fixes
:math:`v` as the PC1 of the whole analysed series, whose projection is then
followed through time. Both eigenvalues of a Jacobian tend to 1 at a
bifurcation of a sampled continuous system (:math:`|\mu| = e^{\mathrm{Re}\,s\,\Delta t}`).

The S-map (Sugihara 1994) regresses :math:`x_{t+1}` on :math:`[1, x_t - x^*]`
over the window's pairs with weights :math:`\exp(-\theta d_t / \bar d)`,
:math:`d_t = \lVert x_t - x^* \rVert`, :math:`x^*` the window's last state; the
slopes are the local Jacobian. ``theta = 0`` gives the linear (VAR(1)) fit.
``theta="auto"`` chooses it once per series, as Grziwotz et al. do, by the
leave-one-out forecast skill of the S-map over the candidates
``tsdyn.ews.multivariate.SMAP_THETAS`` (:func:`smap_theta`): a linear system keeps ``theta`` near
0, a nonlinear one picks a larger value.

Covariance-based indicators update the window's sums in O(p^2) per step for
p variables (see :mod:`tsdyn.ews._multivariate_kernels`); the largest
eigenvalue is tracked from one window to the next by a warm-started Lanczos
iteration instead of a dense O(p^3) eigensolver.

Trends and significance: :func:`analyze_multivariate` adds Kendall's tau of
every indicator and, with ``n_surrogates``, one-sided surrogate p-values from
multivariate phase-randomised surrogates of the residuals
(:func:`tsdyn.surrogates.multivariate_phase`: the same random phases for every
variable, so the surrogates keep the cross-correlations and only lose the
trend), computed exactly as in :mod:`tsdyn.ews.significance`.

>>> sorted(MULTIVARIATE_INDICATORS)[:3]
['covariance_eigenvalue', 'dynamic_eigenvalue', 'explained_variance']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.data import as_series
from tsdyn.errors import (
    InputError,
    check_choice,
    check_finite,
    check_int,
    check_magnitude,
    check_nan_policy,
    check_numeric,
    check_real,
    window_points,
)
from tsdyn.rng import Seed, as_seed_sequence

__all__ = [
    "DEFAULT_MULTIVARIATE",
    "MULTIVARIATE_INDICATORS",
    "MultivariateResult",
    "SMAP_THETAS",
    "SmapTheta",
    "analyze_multivariate",
    "multivariate_rows",
    "rolling_multivariate",
    "smap_theta",
]


@dataclass(frozen=True)
class _Row:
    long_name: str
    slot: int  # the kernel's output slot; -1: computed after the kernel (jacobian, S-map)
    min_window: Callable[[int], int]  # fewest points for p variables


def _kernels():
    from tsdyn.ews import _multivariate_kernels as k

    return k


# the registry: one row per indicator (slot numbers are those of _multivariate_kernels)
MULTIVARIATE_INDICATORS: dict[str, _Row] = {
    "covariance_eigenvalue": _Row("largest eigenvalue of the rolling covariance matrix", 0, lambda p: 2),
    "explained_variance": _Row("share of the variance along the first principal component", 1, lambda p: 2),
    "mean_abs_correlation": _Row("mean absolute cross-correlation of the variables", 2, lambda p: 2),
    "pc1_variance": _Row("variance of the projection on the first principal component", 3, lambda p: 2),
    "pc1_ac1": _Row("lag-1 autocorrelation of the first principal component", 4, lambda p: 4),
    "jacobian_eigenvalue": _Row(
        "modulus of the dominant eigenvalue of the reconstructed Jacobian", 5, lambda p: p + 3
    ),
    "dynamic_eigenvalue": _Row(
        "modulus of the dominant eigenvalue of the S-map Jacobian", -1, lambda p: p + 3
    ),
}

DEFAULT_MULTIVARIATE = ("covariance_eigenvalue", "explained_variance", "mean_abs_correlation", "pc1_ac1")
PCA = ("window", "series")
_CHUNK = 4_000_000  # most entries of the per-window matrices kept at once (Jacobian, S-map)
#: The S-map nonlinearities ``theta="auto"`` tries (rEDM's ``PredictNonlinear`` list).
SMAP_THETAS = (
    0.0,
    1e-4,
    3e-4,
    1e-3,
    3e-3,
    0.01,
    0.03,
    0.1,
    0.3,
    0.5,
    0.75,
    1.0,
    1.5,
    2.0,
    3.0,
    4.0,
    6.0,
    8.0,
)
_SMAP_TARGETS = 250  # leave-one-out targets scored (evenly spaced); every pair stays in the library


class SmapTheta(NamedTuple):
    """The S-map nonlinearity chosen by :func:`smap_theta` and the skill of every candidate."""

    theta: float
    thetas: np.ndarray
    error: np.ndarray  # mean squared leave-one-out error, each variable scaled by its variance


def smap_theta(
    a: np.ndarray, *, thetas: Sequence[float] = SMAP_THETAS, targets: int = _SMAP_TARGETS
) -> SmapTheta:
    r"""Choose the S-map nonlinearity ``theta`` by leave-one-out forecast skill.

    Every pair :math:`(x_t, x_{t+1})` of the ``(variable, time)`` array is a
    library point. For up to ``targets`` evenly spaced pairs ``i``, the S-map
    centred at :math:`x_i` (weights :math:`\exp(-\theta d_{ij} / \bar d_i)`
    over the other pairs, regressors :math:`[1, x_j - x_i]`, as the
    ``dynamic_eigenvalue`` fit) predicts :math:`x_{i+1}` by its intercept,
    without pair ``i``. The error is the mean squared prediction error, each
    variable divided by its variance. The chosen ``theta`` is the smallest
    candidate whose error exceeds the smallest error by at most one standard
    error of their paired difference over the targets (the one-standard-error
    rule of cross-validation): forecast skill decides, as in Grziwotz et al.
    2023, but a linear system's flat error curve does not pick a ``theta`` > 0
    from noise.

    The weighted sums come from matrix products of the weights with the
    library's moments, so one candidate costs O(targets x N x p^2).

    Parameters
    ----------
    a : numpy.ndarray
        ``(variable, time)`` array (residuals), at least 2 variables.
    thetas : sequence of float
        Candidates (>= 0); default ``tsdyn.ews.multivariate.SMAP_THETAS``.
    targets : int
        Most pairs scored (>= 10).

    Returns
    -------
    SmapTheta
        ``theta``, and ``thetas`` with their ``error``.

    See Also
    --------
    rolling_multivariate : ``theta="auto"`` calls this once per series.

    Examples
    --------
    >>> x = np.zeros((2, 600)); x[:, 0] = 0.1
    >>> for t in range(599):  # the Henon map: strongly nonlinear
    ...     x[0, t + 1] = 1 - 1.4 * x[0, t] ** 2 + x[1, t]
    ...     x[1, t + 1] = 0.3 * x[0, t]
    >>> smap_theta(x).theta > 1
    True
    """
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] < 2:
        raise InputError(f"smap_theta needs a (variable, time) array of at least 2 variables, got {a.shape}")
    if not np.isfinite(a).all():
        bad = np.argwhere(~np.isfinite(a))[0]
        raise InputError(
            f"smap_theta needs finite values; variable {bad[0]} is {a[tuple(bad)]} at sample {bad[1]}"
        )
    cands = np.asarray([check_real(t, "theta", minimum=0) for t in thetas], dtype=np.float64)
    if cands.size == 0:
        raise InputError("thetas is empty; give at least one candidate")
    n_targets = check_int(targets, "targets", minimum=10)
    p, n = a.shape
    if n < p + 4:
        raise InputError(f"smap_theta needs more than p + 3 = {p + 3} samples, got {n}")
    scale = a.std(axis=1, ddof=0)
    if not (scale > 0).any():
        # every forecast is exact and every candidate scores 0: no skill to choose theta by
        raise InputError("smap_theta needs a series that varies; every variable is constant")
    scale[scale == 0] = 1.0
    z = ((a - a.mean(axis=1, keepdims=True)) / scale[:, None]).T  # (time, p): centred, unit variance
    lib_x, lib_y = z[:-1], z[1:]
    idx = np.unique(np.linspace(0, n - 2, min(n_targets, n - 1)).round().astype(np.int64))
    xi = lib_x[idx]
    dist = np.sqrt(((xi[:, None, :] - lib_x[None, :, :]) ** 2).sum(axis=-1))  # (targets, library)
    dbar = dist.sum(axis=1) / (n - 2)  # mean distance to the other pairs
    dbar[dbar == 0] = 1.0
    # library moments: the weighted Gram matrix of [1, x_j - x_i] and its right-hand side follow
    # from sums of w, w x, w x x^T, w y, w x y^T (expanded around the target)
    moments = np.concatenate(
        [np.ones((n - 1, 1)), lib_x, (lib_x[:, :, None] * lib_x[:, None, :]).reshape(n - 1, -1), lib_y,
         (lib_x[:, :, None] * lib_y[:, None, :]).reshape(n - 1, -1)], axis=1,
    )  # fmt: skip
    per_target = np.empty((cands.size, idx.size))
    rows = np.arange(idx.size)
    for k, theta in enumerate(cands):
        w = np.exp(-theta * dist / dbar[:, None])
        w[rows, idx] = 0.0  # leave the target's own pair out
        m = w @ moments
        s0 = m[:, 0]
        s1 = m[:, 1 : 1 + p]
        s2 = m[:, 1 + p : 1 + p + p * p].reshape(-1, p, p)
        sy = m[:, 1 + p + p * p : 1 + 2 * p + p * p]
        sxy = m[:, 1 + 2 * p + p * p :].reshape(-1, p, p)
        c1 = s1 - s0[:, None] * xi  # sum w (x_j - x_i)
        gram = np.empty((idx.size, p + 1, p + 1))
        gram[:, 0, 0] = s0
        gram[:, 0, 1:] = gram[:, 1:, 0] = c1
        gram[:, 1:, 1:] = (
            s2 - xi[:, :, None] * s1[:, None, :] - s1[:, :, None] * xi[:, None, :]
            + s0[:, None, None] * xi[:, :, None] * xi[:, None, :]
        )  # fmt: skip
        rhs = np.empty((idx.size, p + 1, p))
        rhs[:, 0] = sy
        rhs[:, 1:] = sxy - xi[:, :, None] * sy[:, None, :]
        coef = np.linalg.pinv(gram) @ rhs  # pinv: a target far from all others may leave few neighbours
        per_target[k] = np.mean((coef[:, 0, :] - lib_y[idx]) ** 2, axis=1)
    error = per_target.mean(axis=1)
    best = int(np.argmin(np.where(np.isfinite(error), error, np.inf)))
    diff = per_target - per_target[best]
    se = diff.std(axis=1, ddof=1) / np.sqrt(idx.size)  # of the paired differences to the best
    within = np.flatnonzero(error <= error[best] + se)
    chosen = min(within, key=lambda k: (cands[k], k))
    return SmapTheta(theta=float(cands[chosen]), thetas=cands, error=error)


def _check_names(indicators) -> tuple[str, ...]:
    names = (indicators,) if isinstance(indicators, str) else tuple(indicators)
    if not names:
        raise InputError("indicators is empty; name at least one, e.g. ('covariance_eigenvalue',)")
    for name in names:
        if name not in MULTIVARIATE_INDICATORS:
            raise InputError(
                f"unknown multivariate indicator {name!r}; choose from {', '.join(MULTIVARIATE_INDICATORS)}"
            )
    if len(set(names)) != len(names):
        raise InputError(f"indicators lists a name twice: {names}")
    return names


def multivariate_rows(
    a: np.ndarray,
    *,
    window: int,
    indicators: Sequence[str] = DEFAULT_MULTIVARIATE,
    step: int = 1,
    pca: str = "window",
    theta: float | str = 1.0,
) -> dict[str, np.ndarray]:
    """Rolling multivariate indicators of one ``(variable, time)`` array (the array core).

    ``window`` is a number of points; ``theta="auto"`` is :func:`smap_theta` of ``a``. Returns ``{name: array over time}``,
    each value at its window's last sample, NaN elsewhere (before the first
    full window and between the windows ``step`` apart).

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((3, 200))
    >>> out = multivariate_rows(x, window=50, indicators=["covariance_eigenvalue"])
    >>> bool(np.isclose(out["covariance_eigenvalue"][-1], np.linalg.eigvalsh(np.cov(x[:, -50:]))[-1]))
    True
    """
    k = _kernels()
    names = _check_names(indicators)
    a = np.ascontiguousarray(np.asarray(a, dtype=np.float64).T)  # (time, variable) for the kernel
    n, p = a.shape
    if p < 2:
        raise InputError(f"multivariate indicators need at least 2 variables, got {p}")
    need = max(MULTIVARIATE_INDICATORS[name].min_window(p) for name in names)
    if window < need or window > n:
        raise InputError(
            f"window of {window} points does not fit: {', '.join(names)} on {p} variables need at least "
            f"{need} points, and the series has {n}"
        )
    ends = np.arange(window - 1, n, step, dtype=np.int64)
    want = np.zeros(k.N_SLOTS, dtype=np.bool_)
    for name in names:
        if MULTIVARIATE_INDICATORS[name].slot >= 0:
            want[MULTIVARIATE_INDICATORS[name].slot] = True
    fixed = np.zeros(p)
    if pca == "series":
        fixed = np.linalg.eigh(np.cov(a.T))[1][:, -1].copy()
    values = np.full((k.N_SLOTS, ends.size), np.nan)
    jac = np.full(ends.size, np.nan)
    if want.any():
        # windows in chunks so that the per-window matrices of the Jacobian stay small
        per = max(1, _CHUNK // (p * p)) if want[k.JACOBIAN] else ends.size
        for lo in range(0, ends.size, per):
            part = ends[lo : lo + per]
            shape = (part.size, p, p) if want[k.JACOBIAN] else (0, p, p)
            c0s, cabs = np.empty(shape), np.empty(shape)
            out = np.full((k.N_SLOTS, part.size), np.nan)
            k.rolling_multivariate(a, int(window), part, want, fixed, out, c0s, cabs)
            values[:, lo : lo + part.size] = out
            if want[k.JACOBIAN]:
                # J = C1 C0^-1 (ewstools: autocovariance times the inverse covariance)
                jmat = np.swapaxes(_solve(c0s, np.swapaxes(cabs, 1, 2), "covariance", part), 1, 2)
                jac[lo : lo + part.size] = np.abs(np.linalg.eigvals(jmat)).max(axis=1)
    values[k.JACOBIAN] = jac
    dynamic = np.full(ends.size, np.nan)
    if "dynamic_eigenvalue" in names:
        if theta == "auto":
            theta = smap_theta(a.T).theta
        per = max(1, _CHUNK // ((p + 1) * (p + 1)))
        for lo in range(0, ends.size, per):
            part = ends[lo : lo + per]
            gram = np.empty((part.size, p + 1, p + 1))
            rhs = np.empty((part.size, p + 1, p))
            k.smap_normal_equations(a, int(window), part, float(theta), gram, rhs)
            coef = _solve(gram, rhs, "S-map design", part)  # (window, p + 1, p): column j predicts variable j
            jmat = np.swapaxes(coef[:, 1:, :], 1, 2)
            dynamic[lo : lo + part.size] = np.abs(np.linalg.eigvals(jmat)).max(axis=1)
    result = {}
    for name in names:
        row = np.full(n, np.nan)
        slot = MULTIVARIATE_INDICATORS[name].slot
        row[ends] = dynamic if slot < 0 else values[slot]
        result[name] = row
    return result


def _solve(a: np.ndarray, b: np.ndarray, what: str, ends: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        bad = next(k for k in range(len(a)) if np.linalg.matrix_rank(a[k]) < a.shape[-1])
        raise InputError(
            f"the {what} matrix of the window ending at sample {int(ends[bad])} is singular (a constant or "
            "collinear variable in that window); drop the redundant variables or widen the window"
        ) from None


# --------------------------------------------------------------------------- the public wrappers


@dataclass(frozen=True)
class _Spec:
    """The choices of one multivariate pipeline (detrending + indicators), reused on surrogates."""

    window: float | int
    indicators: tuple[str, ...]
    detrend: str
    bandwidth: float | int
    span: float | int
    step: int
    pca: str
    theta: float | str

    def residuals(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Trend and residuals of every row of ``rows`` (variable, time)."""
        if self.detrend == "none":
            return np.zeros_like(rows), rows
        from tsdyn.ews.detrending import detrend

        out = detrend(rows, method=self.detrend, bandwidth=self.bandwidth, span=self.span)
        return np.asarray(out.trend), np.asarray(out.residuals)

    def compute(self, rows: np.ndarray) -> dict[str, np.ndarray]:
        w = window_points(self.window, rows.shape[-1])
        resid = self.residuals(rows)[1]
        return multivariate_rows(
            resid, window=w, indicators=self.indicators, step=self.step, pca=self.pca, theta=self.theta
        )


@dataclass(frozen=True)
class MultivariateResult:
    """What :func:`analyze_multivariate` returns.

    Attributes
    ----------
    data : xarray.Dataset
        One variable per indicator along time (and the other dims of the input).
    ktau : pandas.DataFrame
        Kendall tau (``tau``) of each indicator, and ``pvalue`` when surrogates ran;
        indexed by indicator, or by (indicator, other dims...) for several groups.
    """

    data: xr.Dataset
    ktau: pd.DataFrame


def _groups(x, *, dim: str, variable: str, transition, nan_policy: str):
    """The input as (groups, variable, time) float64, its DataArray, the other dims and the samples used."""
    from tsdyn.ews._input import check_not_constant, fill_gaps, prepare

    check_nan_policy(nan_policy, ("raise", "interpolate"))
    da = as_series(x, dim=dim)
    if not isinstance(x, xr.DataArray | xr.Dataset | pd.DataFrame) and da.ndim >= 2:
        da = da.rename({da.dims[-2]: variable})  # numpy: (..., variable, time)
    if variable not in da.dims:
        raise InputError(
            f"x has no '{variable}' dimension (dims {tuple(da.dims)}): multivariate indicators need "
            "several variables (numpy: shape (..., variable, time); pandas: one column per variable)"
        )
    if da.sizes[variable] < 2:
        raise InputError(
            f"x has {da.sizes[variable]} variable along '{variable}'; multivariate indicators need at "
            "least 2 (for one series use tsdyn.ews.analyze)"
        )
    check_numeric(da)
    prep = prepare(da, dim=dim, transition=transition, nan_policy=nan_policy, check_constant=False)
    if nan_policy == "raise":
        check_finite(da.isel({dim: slice(0, prep.n_use)}), policy="raise")
    # each variable on its own, named by its label (the detrending saw numpy rows: "dim_0 index 1")
    check_not_constant(da, dim=dim, n_use=prep.n_use, name="x")
    check_magnitude(da, dim=dim)
    others = [d for d in da.dims if d not in (variable, dim)]
    values = np.asarray(da.transpose(*others, variable, dim).values, dtype=np.float64)
    groups = values.reshape(-1, *values.shape[-2:])[..., : prep.n_use]
    if nan_policy == "interpolate":
        groups = np.stack([fill_gaps(g) for g in groups])
        if np.isnan(groups).any():
            raise InputError("x has NaN at its start or end, which interpolation cannot fill; cut them off")
    return groups, da, others, prep


def _spec(window, indicators, detrend, bandwidth, span, step, pca, theta) -> _Spec:
    from tsdyn.ews.detrending import METHODS

    check_choice(detrend, "detrend", METHODS)
    check_choice(pca, "pca", PCA)
    if not (isinstance(theta, str) and theta == "auto"):
        theta = float(check_real(theta, "theta", minimum=0))
    return _Spec(
        window=window, indicators=_check_names(indicators), detrend=detrend, bandwidth=bandwidth,
        span=span, step=check_int(step, "step", minimum=1), pca=pca, theta=theta,
    )  # fmt: skip


def _dataset(
    per_group: list[dict[str, np.ndarray]], spec: _Spec, da, others, dim, n_use, attrs
) -> xr.Dataset:
    n = da.sizes[dim]
    shape = tuple(da.sizes[d] for d in others)
    data = {}
    for name in spec.indicators:
        arr = np.full((len(per_group), n), np.nan)
        for g, out in enumerate(per_group):
            arr[g, :n_use] = out[name]
        data[name] = (
            (*others, dim),
            arr.reshape(*shape, n),
            {"long_name": MULTIVARIATE_INDICATORS[name].long_name},
        )
    coords = {c: v for c, v in da.coords.items() if set(v.dims) <= {*others, dim}}
    ds = xr.Dataset(data, coords=coords)
    ds.attrs = attrs
    return ds


def _attrs(spec: _Spec, function, **extra) -> dict[str, Any]:
    return {
        "tsdyn_function": public_name(function),
        "window": spec.window,
        "indicators": ",".join(spec.indicators),
        "detrend": spec.detrend,
        "bandwidth": spec.bandwidth,
        "span": spec.span,
        "step": spec.step,
        "pca": spec.pca,
        "theta": spec.theta,
        "placement": "right edge",
        **{k: ("none" if v is None else v) for k, v in extra.items()},
    }


def rolling_multivariate(
    x: SeriesLike,
    *,
    dim: str = "time",
    variable: str = "variable",
    window: float | int = 0.5,
    indicators: str | Sequence[str] = DEFAULT_MULTIVARIATE,
    detrend: str = "none",
    bandwidth: float | int = 0.2,
    span: float | int = 0.2,
    transition: TimePoint | None = None,
    step: int = 1,
    pca: str = "window",
    theta: float | str = 1.0,
    nan_policy: str = "raise",
) -> SeriesResult:
    """Rolling multivariate early-warning indicators (see the module docstring).

    Parameters
    ----------
    x : array-like, pandas.DataFrame or xarray object
        Several variables: numpy ``(..., variable, time)``, a DataFrame with one
        column per variable, a DataArray with a ``variable`` dimension, or a
        Dataset (its data variables). Other dims are broadcast over.
    dim, variable : str
        The time and the variable dimensions.
    window : int or float
        Rolling window: points (int) or a fraction of the series (float in (0, 1)).
    indicators : sequence of str
        Names of :data:`MULTIVARIATE_INDICATORS`.
    detrend, bandwidth, span
        Detrending of every variable first (:func:`tsdyn.ews.detrend`; default none).
    transition : number or datetime, optional
        Analyse data at times <= ``transition`` only.
    step : int
        Samples between consecutive windows (values in between stay NaN).
    pca : {"window", "series"}
        PC1 of each window, or of the whole analysed series (``pc1_*`` indicators).
    theta : float or "auto"
        S-map nonlinearity (``dynamic_eigenvalue``); ``"auto"`` chooses it once per
        series (after detrending) by leave-one-out forecast skill over
        ``tsdyn.ews.multivariate.SMAP_THETAS`` (:func:`smap_theta`). Left out: 1.
    nan_policy : {"raise", "interpolate"}
        NaN handling.

    Returns
    -------
    xarray.Dataset (xarray input; dims: time and the other dims), pandas.DataFrame
    (one column per indicator, index = time) or a named tuple of arrays (numpy).

    See Also
    --------
    analyze_multivariate : With detrending, trends and p-values.
    rolling_indicators : One variable at a time.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> common = rng.standard_normal(400) * np.linspace(0, 2, 400)
    >>> x = rng.standard_normal((4, 400)) + common  # variables line up over time
    >>> out = rolling_multivariate(x, window=100, indicators=["mean_abs_correlation"])
    >>> bool(out[0][-1] > out[0][99])
    True
    """
    spec = _spec(window, indicators, detrend, bandwidth, span, step, pca, theta)
    groups, da, others, prep = _groups(
        x, dim=dim, variable=variable, transition=transition, nan_policy=nan_policy
    )
    per_group = [spec.compute(g) for g in groups]
    ds = _dataset(
        per_group, spec, da, others, dim, prep.n_use,
        _attrs(spec, rolling_multivariate, transition=transition, nan_policy=nan_policy),
    )  # fmt: skip
    return _answer(ds, x, dim)


def _answer(ds: xr.Dataset, x, dim: str):
    if isinstance(x, xr.DataArray | xr.Dataset):
        return ds
    if isinstance(x, pd.DataFrame) and all(ds[n].dims == (dim,) for n in ds.data_vars):
        return pd.DataFrame({n: ds[n].values for n in ds.data_vars}, index=x.index)
    from tsdyn.data import Family, from_series

    return from_series(ds, Family("numpy"), dim=dim)


def analyze_multivariate(
    x: SeriesLike,
    *,
    dim: str = "time",
    variable: str = "variable",
    window: float | int = 0.5,
    indicators: str | Sequence[str] = DEFAULT_MULTIVARIATE,
    detrend: str = "gaussian",
    bandwidth: float | int = 0.2,
    span: float | int = 0.2,
    transition: TimePoint | None = None,
    tmin: TimePoint | None = None,
    tmax: TimePoint | None = None,
    step: int = 1,
    pca: str = "window",
    theta: float | str = 1.0,
    nan_policy: str = "raise",
    n_surrogates: int = 0,
    alternative: str = "greater",
    seed: Seed = None,
) -> MultivariateResult:
    """Detrend every variable, compute multivariate indicators, their Kendall taus and p-values.

    Parameters
    ----------
    x, dim, variable, window, indicators, detrend, bandwidth, span, transition, step, pca, theta, nan_policy
        As in :func:`rolling_multivariate` (here ``detrend`` defaults to ``"gaussian"``).
    tmin, tmax : number or datetime, optional
        Time range of the Kendall tau (default: first full window to the end).
    n_surrogates : int
        Multivariate phase surrogates of the residuals (trend added back, then
        the same pipeline); 0 (default) skips the test. p-values are
        :math:`(1 + \\#\\{\\tau_{sur} \\ge \\tau\\}) / (n + 1)`.
    alternative : {"greater", "less", "two-sided"}
        Direction tested.
    seed : int, Generator or SeedSequence
        Surrogate randomness.

    Returns
    -------
    MultivariateResult
        ``data`` (Dataset of indicators) and ``ktau`` (DataFrame: ``tau`` and ``pvalue``).

    See Also
    --------
    rolling_multivariate : The indicators alone.
    analyze : One variable at a time.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> common = rng.standard_normal(300) * np.linspace(0.2, 2, 300)
    >>> x = rng.standard_normal((3, 300)) + common
    >>> res = analyze_multivariate(x, window=0.4, detrend="none", n_surrogates=19, seed=0)
    >>> bool(res.ktau.loc["covariance_eigenvalue", "tau"] > 0.8)
    True
    """
    from tsdyn.ews._input import time_range
    from tsdyn.ews.significance import ALTERNATIVES, rank_pvalues
    from tsdyn.ews.trend import kendall_rows

    spec = _spec(window, indicators, detrend, bandwidth, span, step, pca, theta)
    n_sur = check_int(n_surrogates, "n_surrogates", minimum=0)
    check_choice(alternative, "alternative", ALTERNATIVES)
    groups, da, others, prep = _groups(
        x, dim=dim, variable=variable, transition=transition, nan_policy=nan_policy
    )
    lo, hi = time_range(prep.time, tmin=tmin, tmax=tmax, n_use=prep.n_use, dim=dim)
    per_group = [spec.compute(g) for g in groups]
    names = spec.indicators

    def taus(out: dict[str, np.ndarray]) -> np.ndarray:
        return np.array([kendall_rows(out[name][None, :], lo=lo, hi=hi)[0] for name in names])

    observed = np.stack([taus(out) for out in per_group])  # groups x indicators
    pvalues = None
    if n_sur:
        from tsdyn.surrogates import multivariate_phase

        root = as_seed_sequence(seed)
        pvalues = np.empty_like(observed)
        for g, rows in enumerate(groups):
            trend, resid = spec.residuals(rows)
            child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, g))
            sur = multivariate_phase(resid, n_surrogates=n_sur, seed=child)
            null = np.stack([taus(spec.compute(trend + s)) for s in sur], axis=1)  # indicators x n
            pvalues[g] = rank_pvalues(observed[g], null, alternative)[0]
    attrs = _attrs(
        spec, analyze_multivariate, transition=transition, tmin=tmin, tmax=tmax, nan_policy=nan_policy,
        n_surrogates=n_sur, alternative=alternative, seed=seed if isinstance(seed, int) else None,
    )  # fmt: skip
    ds = _dataset(per_group, spec, da, others, dim, prep.n_use, attrs)
    shape = tuple(da.sizes[d] for d in others)
    if shape:
        levels = [list(names)] + [da[d].values if d in da.coords else np.arange(da.sizes[d]) for d in others]
        index = pd.MultiIndex.from_product(levels, names=["indicator", *others])
    else:
        index = pd.Index(list(names), name="indicator")
    table = pd.DataFrame({"tau": observed.T.reshape(-1)}, index=index)
    if pvalues is not None:
        table["pvalue"] = pvalues.T.reshape(-1)
    return MultivariateResult(data=ds, ktau=table)
