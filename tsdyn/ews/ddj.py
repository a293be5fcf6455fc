"""Drift-diffusion-jump nonparametrics: R earlywarnings' ``ddjnonparam_ews``.

Carpenter & Brock (2011, Ecol. Lett. 14: 1271) read the increments
``dx_j = x_{j+1} - x_j`` of a series as a jump-diffusion and estimate, at
each level ``a`` of the state, kernel-weighted conditional moments
(Bandi & Nguyen 2003; Johannes 2004) with Gaussian weights
``K_j = exp(-(x_j - a)^2 / (2 b^2))``, ``b = bandwidth * sd(x)``:

.. math::

    M_p(a) = \\frac{1}{\\Delta t} \\frac{\\sum_j K_j\\, dx_j^p}{\\sum_j K_j},\\quad
    \\sigma_Z^2 = \\frac{1}{5} \\overline{M_6 / M_4},\\quad
    \\lambda(a) = \\frac{M_4}{3 \\sigma_Z^4},\\quad
    D(a) = \\max(M_2 - \\lambda \\sigma_Z^2, 0)

``drift`` is :math:`M_1`, ``total_variance`` :math:`M_2`, ``diffusion``
:math:`D`, ``jump_intensity`` :math:`\\lambda` and ``conditional_variance``
the kernel-weighted variance of the state after each step. Rising
conditional variance or diffusion towards a level flags a nearby
transition. Each curve is also read along time, at the level the series
had at each sample (linear interpolation, as R's ``approx``).

The ``n_levels x N`` kernel sums run compiled and in parallel over blocks of
levels, one pass per block for all moments and one ``exp`` per sample and block
(the Gaussian weights of equally spaced levels are products of each other).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._numba import use_parallel
from tsdyn._typing import SeriesLike
from tsdyn.errors import InputError, check_int, check_real
from tsdyn.ews._input import whole_series

__all__ = ["DDJResult", "ddj_nonparametric"]

_NAMES = ("conditional_variance", "total_variance", "diffusion", "jump_intensity", "drift")


@dataclass(frozen=True)
class DDJResult:
    """What :func:`ddj_nonparametric` returns.

    Attributes
    ----------
    by_level : xarray.Dataset
        ``conditional_variance``, ``total_variance``, ``diffusion``,
        ``jump_intensity`` and ``drift`` along ``level`` (the state grid).
    by_time : xarray.Dataset
        The same curves read at the state of each sample, along time.
    jump_variance : float
        :math:`\\sigma_Z^2`, the variance of the jumps.

    See Also
    --------
    ddj_nonparametric : Computes it.

    Examples
    --------
    >>> x = np.cumsum(np.random.default_rng(0).standard_normal(300)) * 0.1
    >>> res = ddj_nonparametric(x, n_levels=20)
    >>> sorted(res.by_time.data_vars) == sorted(res.by_level.data_vars), res.by_time.sizes["time"]
    (True, 300)
    """

    by_level: xr.Dataset
    by_time: xr.Dataset
    jump_variance: float


def ddj_nonparametric(
    x: SeriesLike,
    *,
    dim: str = "time",
    bandwidth: float = 0.6,
    n_levels: int = 500,
    log_transform: bool = False,
) -> DDJResult:
    """Drift, diffusion, jump intensity and conditional variance of one series.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        One series (time step from its time coordinate, else 1).
    dim : str
        The time dimension.
    bandwidth : float
        Kernel bandwidth in standard deviations of ``x`` (R's ``bandwidth``, 0.6).
    n_levels : int
        Points of the state grid from ``min(x)`` to ``max(x)`` (R's ``na``, 500).
    log_transform : bool
        Analyse ``log(x + 1)`` (R's ``logtransform``, whose default is True;
        pass True to reproduce ``ddjnonparam_ews(x)``).

    Returns
    -------
    DDJResult
        A level with no state of the series within about 37 bandwidths (every
        kernel weight underflows: a bandwidth far below the states' spacing)
        has NaN moments. The conditional variance is clipped at 0 (rounding
        took it to -1e-14 at a bandwidth of 0.01).

    See Also
    --------
    potential_analysis : The states of the series from its density.
    conditional_heteroskedasticity : Variance clustering in rolling windows.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.cumsum(np.random.default_rng(0).standard_normal(500)) * 0.1
    >>> res = ddj_nonparametric(x, n_levels=50)
    >>> res.by_level.sizes["level"], bool((res.by_level.diffusion >= 0).all())
    (50, True)
    """
    values, time, da = whole_series(x, dim=dim, min_length=3)
    check_real(bandwidth, "bandwidth", minimum=0.0, inclusive=(False, True))
    n_levels = check_int(n_levels, "n_levels", minimum=2)
    if log_transform:
        if (values <= -1).any():
            raise InputError(f"log_transform takes log(x + 1); x has values <= -1 (min {values.min():g})")
        values = np.log(values + 1.0)
    spread = float(np.std(values, ddof=1))
    if not spread > 0:
        raise InputError("x is constant: the kernel bandwidth (a multiple of its sd) would be 0")
    dt = float(time[1] - time[0]) if np.asarray(time).dtype.kind in "iuf" else 1.0
    levels = np.linspace(values.min(), values.max(), n_levels)
    moments = _moments(values, levels, bandwidth * spread, dt)
    by_level = xr.Dataset(
        {name: ("level", moments[name]) for name in _NAMES},
        coords={"level": levels},
    )
    by_time = xr.Dataset(
        {name: (dim, np.interp(values, levels, moments[name])) for name in _NAMES},
        coords={dim: da.coords[dim].values} if dim in da.coords else None,
    )
    attrs = {"bandwidth": bandwidth, "n_levels": n_levels, "log_transform": log_transform,
             "tsdyn_function": public_name(ddj_nonparametric)}  # fmt: skip
    by_level.attrs.update(attrs)
    by_time.attrs.update(attrs)
    return DDJResult(by_level=by_level, by_time=by_time, jump_variance=float(moments["jump_variance"]))


def _moments(x: np.ndarray, levels: np.ndarray, bw: float, dt: float) -> dict:
    from tsdyn.ews._kernels import DDJ_BLOCK, ddj_moments

    # the levels in blocks (the last one padded further along the grid, then dropped)
    n_blocks = -(-levels.size // DDJ_BLOCK)
    step = (levels[-1] - levels[0]) / (levels.size - 1)
    blocks = np.empty(n_blocks * DDJ_BLOCK)
    blocks[: levels.size] = levels
    blocks[levels.size :] = levels[-1] + step * np.arange(1, blocks.size - levels.size + 1)
    out = np.empty((n_blocks, DDJ_BLOCK, 7))
    x = np.ascontiguousarray(x)
    ddj_moments(
        blocks.reshape(n_blocks, DDJ_BLOCK), x, np.diff(x), bw, step, out,
        parallel=use_parallel(n_blocks, x.size * DDJ_BLOCK),
    )  # fmt: skip
    out = out.reshape(-1, 7)[: levels.size]
    m1, m2, m4, m6 = (out[:, k] / dt for k in range(4))
    with np.errstate(invalid="ignore", divide="ignore"):
        jump_variance = np.mean(m6 / m4) / 5.0
        intensity = m4 / (3.0 * jump_variance * jump_variance)
        diffusion = m2 - intensity * jump_variance
    return {
        # E[x^2] - E[x]^2 rounds below 0 where the kernel holds one state (bandwidth 0.01)
        "conditional_variance": np.maximum(out[:, 5] - out[:, 4] ** 2, 0.0),
        "total_variance": m2,
        "diffusion": np.where(diffusion > 0, diffusion, np.where(np.isnan(diffusion), np.nan, 0.0)),
        "jump_intensity": intensity,
        "drift": m1,
        "jump_variance": jump_variance,
    }
