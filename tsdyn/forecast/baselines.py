"""Baseline forecasters that run in seconds: naive, mean, AR(p) and the method of analogues.

Every baseline has the shape ``f(x, *, horizon, context=None, dim="time", ...)``:
it learns from the training series ``x`` and forecasts the ``horizon``
samples that follow ``context`` (default: ``x`` itself, so the forecast
continues ``x``). A separate ``context`` is how a benchmark scores a model
trained on one trajectory on another one started elsewhere on the attractor.
Each series (row, column, member, variable) is forecast on its own.

The forecast has the family of ``x``: numpy in, an array with a last axis
of length ``horizon``; pandas or xarray in, the ``time`` labels continue the
context's sampling.

>>> import numpy as np
>>> from tsdyn.forecast.baselines import naive, mean
>>> naive([1.0, 2.0, 4.0], horizon=2)
array([4., 4.])
>>> mean([1.0, 2.0, 6.0], horizon=2, context=[0.0, 5.0])
array([3., 3.])
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import TIME, Output, apply_along_time, check_values, from_series, read_like, series_and_family
from tsdyn.errors import check_choice, check_int, check_length
from tsdyn.forecast import _forecasters

__all__ = ["analogues", "ar", "mean", "naive"]


def _forecast(func, kernel, x, *, horizon, context, dim, kwargs, min_train, min_context, reason, attrs=None):
    name = func.__name__
    horizon = check_int(horizon, "horizon", minimum=1)
    train, family = series_and_family(x, dim=dim, name="x")
    check_values(train, name="x")
    ctx = (
        train
        if context is None
        else read_like(context, train, dim=dim, name="context", ref_name="x", same_time=False)
    )
    check_values(ctx, name="context")
    n = train.sizes[dim]
    check_length(n, min_train, what=reason, dim=dim, name="x")
    check_length(ctx.sizes[dim], min_context, what=reason, dim=dim, name="context")
    future = _future_times(ctx, dim, horizon)
    # One kernel call sees the training part and the context side by side along time.
    both = xr.concat([train.drop_vars(dim, errors="ignore"), ctx.drop_vars(dim, errors="ignore")], dim=dim)
    out = Output(
        "forecast", long_name=f"{name} forecast", core_dims=("horizon",), sizes={"horizon": horizon},
        coords={"horizon": future},
    )  # fmt: skip
    res = apply_along_time(
        kernel, both, outputs=out, dim=dim, kwargs={"n": n, "horizon": horizon, **kwargs},
        attrs={"forecaster": name, "horizon": horizon, **(kwargs if attrs is None else attrs)},
        function=public_name(func), name="x",
    )  # fmt: skip
    res = res.rename(horizon=dim)
    # The forecast's time labels are new: tell from_series not to reuse the input's index.
    return from_series(res, family, dim="horizon")


def _future_times(ctx: xr.DataArray, dim: str, horizon: int) -> np.ndarray:
    """Time labels after the context: its last step repeated, or sample positions without labels."""
    steps = np.arange(1, horizon + 1)
    if dim not in ctx.coords or ctx.sizes[dim] < 2:
        return ctx.sizes[dim] - 1 + steps
    t = ctx[dim].values
    return t[-1] + (t[-1] - t[-2]) * steps


def naive(x: SeriesLike, *, horizon: int, context: SeriesLike | None = None, dim: str = TIME) -> SeriesResult:
    """Naive (persistence) forecast: the last value of the context, repeated.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Training series (numpy: time on the last axis).
    horizon : int
        Number of samples to forecast.
    context : same layout as ``x``, optional
        Series whose continuation is forecast; default ``x``.
    dim : str
        The time dimension.

    Returns
    -------
    Same family as ``x``: the forecast, ``horizon`` samples along ``dim``
    (numpy: the last axis) for every series of the context.

    See Also
    --------
    mean, ar, analogues : The other baselines.
    load : A benchmark series to forecast.

    Examples
    --------
    >>> naive(np.array([[1.0, 2.0], [3.0, 5.0]]), horizon=3)
    array([[2., 2., 2.],
           [5., 5., 5.]])
    """
    return _forecast(naive, _forecasters.naive_kernel, x, horizon=horizon, context=context, dim=dim,
                     kwargs={}, min_train=1, min_context=1, reason="a naive forecast")  # fmt: skip


def mean(x: SeriesLike, *, horizon: int, context: SeriesLike | None = None, dim: str = TIME) -> SeriesResult:
    """Climatology forecast: the mean of the training series, repeated.

    Parameters
    ----------
    x, horizon, context, dim
        As in :func:`naive`.

    Returns
    -------
    Same family as ``x``: the forecast, ``horizon`` samples along ``dim``
    (numpy: the last axis) for every series of the context.

    See Also
    --------
    naive, ar, analogues : The other baselines.
    load : A benchmark series to forecast.

    Examples
    --------
    >>> mean([1.0, 2.0, 6.0], horizon=2)
    array([3., 3.])
    """
    return _forecast(mean, _forecasters.mean_forecast_kernel, x, horizon=horizon, context=context, dim=dim,
                     kwargs={}, min_train=1, min_context=1, reason="a mean forecast")  # fmt: skip


def ar(
    x: SeriesLike,
    *,
    horizon: int,
    order: int = 5,
    trend: str = "c",
    context: SeriesLike | None = None,
    dim: str = TIME,
) -> SeriesResult:
    r"""Autoregressive AR(p) forecast, fitted by least squares with statsmodels ``AutoReg``.

    .. math:: \hat x_{t+1} = c + \sum_{k=1}^{p} \phi_k x_{t+1-k}

    is fitted to the training series and iterated from the last ``p`` values
    of the context, feeding each forecast back in.

    Parameters
    ----------
    x, horizon, context, dim :
        As in :func:`naive`. ``x`` needs at least ``2 p + 2`` samples, the
        context at least ``p``.
    order : int
        The number of lags ``p``.
    trend : {"c", "n"}
        With a constant ``c`` or without.

    Returns
    -------
    Same family as ``x``: the forecast, ``horizon`` samples along ``dim``
    (numpy: the last axis) for every series of the context.

    See Also
    --------
    naive, mean, analogues : The other baselines.
    load : A benchmark series to forecast.

    Examples
    --------
    >>> x = 0.5 ** np.arange(12.0)   # exactly AR(1) with phi = 0.5
    >>> np.round(ar(x, horizon=2, order=1, trend="n") * 2**12, 6)
    array([1. , 0.5])
    """
    order = check_int(order, "order", minimum=1)
    check_choice(trend, "trend", ("c", "n"))
    return _forecast(ar, _forecasters.ar_kernel, x, horizon=horizon, context=context, dim=dim,
                     kwargs={"order": order, "trend": trend}, min_train=2 * order + 2, min_context=order,
                     reason=f"an AR({order}) fit")  # fmt: skip


def analogues(
    x: SeriesLike,
    *,
    horizon: int,
    m: int = 3,
    tau: int = 1,
    neighbors: int = 1,
    context: SeriesLike | None = None,
    dim: str = TIME,
) -> SeriesResult:
    """Method of analogues (Lorenz 1969): nearest neighbours in delay-embedding space.

    The training series is embedded in delay vectors
    :math:`(x_t, x_{t-\\tau}, \\dots, x_{t-(m-1)\\tau})`. At every step the
    ``neighbors`` vectors nearest (Euclidean, k-d tree) to the current delay
    vector of the context give the forecast as the mean of their successors,
    which then enters the delay vector for the next step.

    Parameters
    ----------
    x, horizon, context, dim :
        As in :func:`naive`.
    m : int
        Embedding dimension.
    tau : int
        Embedding delay in samples.
    neighbors : int
        Number of analogues averaged at each step.

    Returns
    -------
    Same family as ``x``: the forecast, ``horizon`` samples along ``dim``
    (numpy: the last axis) for every series of the context.

    See Also
    --------
    naive, mean, ar : The other baselines.
    load : A benchmark series to forecast.

    Examples
    --------
    >>> x = np.tile([0.0, 1.0, 3.0, 2.0], 5)   # a period-4 cycle is continued exactly
    >>> analogues(x, horizon=5, m=2)
    array([0., 1., 3., 2., 0.])
    """
    m = check_int(m, "m", minimum=1)
    tau = check_int(tau, "tau", minimum=1)
    neighbors = check_int(neighbors, "neighbors", minimum=1)
    span = (m - 1) * tau
    # n - 1 - span training delay vectors have a successor: at least `neighbors` of them
    return _forecast(
        analogues, _forecasters.analogues_kernel, x, horizon=horizon, context=context, dim=dim,
        kwargs={"dimension": m, "delay": tau, "neighbors": neighbors},
        attrs={"m": m, "tau": tau, "metric": "euclidean", "neighbors": neighbors},
        min_train=span + 1 + neighbors, min_context=span + 1,
        reason=f"analogues with m={m}, tau={tau}, neighbors={neighbors}",
    )  # fmt: skip
