"""A one-call early-warning report: R earlywarnings' ``qda_ews``.

:func:`quick_detection` runs, on one series, what ``qda_ews`` runs: the rolling
indicators and their Kendall trends (:func:`tsdyn.ews.analyze`), their
significance against ARMA surrogates of the residuals
(:func:`tsdyn.ews.surrogate_significance`, best-AIC ARMA up to (4, 4) as
``surrogates_ews``) and the moving potential landscape
(:func:`tsdyn.ews.moving_potential`), and draws them on one dashboard
figure, written to ``path`` when given. Under the default
``convention="earlywarnings"`` the arguments left out mean what R's mean
(window 50 %, no detrending, ``bw.nrd0`` bandwidth).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from tsdyn._typing import SeriesLike
from tsdyn.ews._input import whole_series

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from tsdyn.ews.api import EWSResult

__all__ = ["QuickDetection", "quick_detection"]

QDA_INDICATORS = ("ar1", "std", "skewness", "kurtosis", "cv", "return_rate", "density_ratio", "ac1")


@dataclass(frozen=True)
class QuickDetection:
    """What :func:`quick_detection` returns.

    Attributes
    ----------
    analysis : EWSResult
        Indicators and their Kendall taus, with surrogate p-values in ``ktau["pvalue"]``.
    null : dict
        ``{indicator: Kendall taus of the surrogates}``.
    potential : xarray.Dataset
        The moving potential landscape (:func:`tsdyn.ews.moving_potential`).
    figure : matplotlib.figure.Figure
        The dashboard.

    See Also
    --------
    quick_detection : Computes it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> x = np.random.default_rng(0).standard_normal(120)
    >>> rep = quick_detection(x, indicators=["std"], n_surrogates=9, method="ar1", grid_size=10, seed=1)
    >>> sorted(rep.null), rep.null["std"].shape, rep.potential.sizes["param"]
    (['std'], (9,), 10)
    """

    analysis: EWSResult
    null: dict[str, np.ndarray]
    potential: xr.Dataset
    figure: Figure


def quick_detection(
    x: SeriesLike,
    *,
    dim: str = "time",
    param: Sequence[float] | np.ndarray | None = None,
    window: float | int | None = None,
    detrend: str | None = None,
    bandwidth: float | int | None = None,
    indicators: Sequence[str] = QDA_INDICATORS,
    n_surrogates: int = 100,
    method: str = "arma",
    grid_size: int = 50,
    detection_threshold: float = 1.0,
    convention: str = "earlywarnings",
    seed: Any = None,
    path: str | os.PathLike | None = None,
) -> QuickDetection:
    """Indicators, their surrogate significance and the potential landscape in one call.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        One series.
    dim : str
        The time dimension of an xarray input.
    param : array, optional
        Driver for the potential landscape (default: time, as R).
    window, detrend, bandwidth, indicators, convention
        The indicator pipeline (:func:`tsdyn.ews.analyze`).
    n_surrogates, method, seed
        The surrogate test (:func:`tsdyn.ews.surrogate_significance`; R uses 100 ARMA surrogates).
    grid_size, detection_threshold
        The potential landscape (:func:`tsdyn.ews.moving_potential`). R's
        ``qda_ews`` takes ``detection.threshold = 0.002`` but its
        ``movpotential_ews`` never passes it on, so R finds wells at
        ``livpotential_ews``' default 1: the default here.
    path : str or path, optional
        Write the dashboard there (any format matplotlib knows by the suffix).

    Returns
    -------
    QuickDetection

    See Also
    --------
    analyze : The indicators and their trends.
    surrogate_significance : The surrogate test used.
    moving_potential : The potential landscape.
    tsdyn.plot.ews_dashboard : The figure, without the landscape.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(200) * np.linspace(0.5, 2, 200)
    >>> rep = quick_detection(x, indicators=["std", "ac1"], n_surrogates=19, method="ar1", seed=1)
    >>> list(rep.analysis.ktau.columns), len(rep.figure.axes)
    (['tau', 'pvalue'], 7)
    """
    from tsdyn.ews.api import analyze
    from tsdyn.ews.potential import moving_potential
    from tsdyn.ews.significance import surrogate_significance
    from tsdyn.plot import ews_dashboard

    if isinstance(x, xr.DataArray | xr.Dataset) and x.chunks:
        x = x.compute()  # one series drawn several ways: read it once, not once per panel
    whole_series(x, dim=dim)  # one series: refuse others before the work
    hook = surrogate_significance(method, n_surrogates=n_surrogates, seed=seed, pmax=4, qmax=4)
    result = analyze(
        x, dim=dim, window=window, detrend=detrend, bandwidth=bandwidth, indicators=list(indicators),
        convention=convention, significance=hook,
    )  # fmt: skip
    null = {name: hook.null[0, k] for k, name in enumerate(result.spec.indicators)}  # type: ignore[attr-defined]
    landscape = moving_potential(
        x, dim=dim, param=param, grid_size=grid_size, detection_threshold=detection_threshold
    )
    fig = ews_dashboard(result, null=null)
    _add_landscape(fig, landscape)
    if path is not None:
        fig.savefig(path)
    return QuickDetection(analysis=result, null=null, potential=landscape, figure=fig)


def _add_landscape(fig: Figure, landscape: xr.Dataset) -> None:
    # the dashboard takes the left 62 %; the potential landscape the right
    width, height = fig.get_size_inches()
    fig.set_size_inches(width / 0.62, height)
    for ax in fig.axes:
        box = ax.get_position()
        ax.set_position((box.x0 * 0.62, box.y0, box.width * 0.62, box.height))
    ax = fig.add_axes((0.68, 0.1, 0.28, 0.8))
    pot = landscape.potential.values
    finite = np.isfinite(pot)
    # like R's plot: clip the potential above the highest well so the wells stay visible
    cut = np.nanmax(np.nanmin(np.where(finite, pot, np.nan), axis=1)) * 1.5 if finite.any() else 0.0
    mesh = ax.pcolormesh(landscape.param.values, landscape.level.values, np.minimum(pot, cut).T,
                         cmap="gray", shading="nearest")  # fmt: skip
    rows, cols = np.nonzero(landscape.well.values)
    ax.plot(landscape.param.values[rows], landscape.level.values[cols], "o", ms=3, color="C1", label="wells")
    ax.set_xlabel("driver (time)")
    ax.set_ylabel("state")
    ax.set_title("moving potential", fontsize="small")
    ax.legend(fontsize="small", frameon=False, loc="upper right")
    fig.colorbar(mesh, ax=ax, label="potential")
