"""Kernels of the forecasting engine.

Each kernel takes a C-contiguous float64 array with one series per row (time
along the row), as :func:`tsdyn.data.apply_along_time` hands it over. The
metrics are whole-array numpy reductions (no Python loop over samples), so
they need no compilation; the method of analogues loops over forecast steps
but each step is one vectorised k-d tree query.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def mean_kernel(a, *, parallel):
    """Mean of every row."""
    return a.mean(axis=1)


def copy_kernel(a, *, parallel):
    """The rows themselves: the normalized error already holds one value per step."""
    return a.copy()


def error_kernel(a, *, parallel, n, what, per_step):
    """Pointwise error of ``a[:, n:]`` (forecast) against ``a[:, :n]`` (truth), or its row mean.

    ``what``: ``"squared"``, ``"absolute"`` or ``"symmetric percentage"``
    (``200 |e| / (|y| + |yhat|)``, 0 where both are 0).
    """
    t, p = a[:, :n], a[:, n:]
    e = p - t
    if what == "squared":
        e *= e
    elif what == "absolute":
        np.abs(e, out=e)
    else:
        denom = np.abs(t) + np.abs(p)
        np.abs(e, out=e)
        np.divide(200.0 * e, denom, out=e, where=denom > 0)
    return e if per_step else e.mean(axis=1)


def correlation_kernel(a, *, parallel, n, method):
    """Correlation of ``a[:, :n]`` (truth) with ``a[:, n:]`` (forecast), row by row.

    A constant row has no correlation: its result is NaN.
    """
    t, p = a[:, :n], a[:, n:]
    if method == "spearman":
        t = stats.rankdata(t, axis=1)
        p = stats.rankdata(p, axis=1)
    t = t - t.mean(axis=1, keepdims=True)
    p = p - p.mean(axis=1, keepdims=True)
    denom = np.sqrt((t * t).sum(axis=1) * (p * p).sum(axis=1))
    num = (t * p).sum(axis=1)
    out = np.full(a.shape[0], np.nan)
    ok = denom > 0
    out[ok] = num[ok] / denom[ok]
    return out


def valid_steps_kernel(a, *, parallel, threshold):
    """Number of leading samples of each row whose value stays at or below ``threshold``.

    A row that never exceeds the threshold was valid over the whole horizon.
    """
    above = a > threshold
    first = np.argmax(above, axis=1)
    return np.where(above.any(axis=1), first, a.shape[1]).astype(np.float64)


def naive_difference_kernel(a, *, parallel, m):
    """Mean absolute ``m``-step difference of every row: the scale of MASE."""
    return np.abs(a[:, m:] - a[:, :-m]).mean(axis=1)


# Forecasters: ``a`` holds the training part ``a[:, :n]`` followed by the
# context ``a[:, n:]`` whose continuation is forecast (the same data twice
# when a series is forecast from its own end).


def naive_kernel(a, *, parallel, n, horizon):
    """Repeat the last value of the context."""
    return np.repeat(a[:, -1:], horizon, axis=1)


def mean_forecast_kernel(a, *, parallel, n, horizon):
    """Repeat the mean of the training part (climatology)."""
    return np.repeat(a[:, :n].mean(axis=1, keepdims=True), horizon, axis=1)


def ar_kernel(a, *, parallel, n, horizon, order, trend):
    """Fit AR(order) to each training row (statsmodels OLS) and iterate it from the context."""
    from statsmodels.tsa.ar_model import AutoReg

    out = np.empty((a.shape[0], horizon))
    for row in range(a.shape[0]):
        params = AutoReg(a[row, :n], lags=order, trend=trend).fit().params
        const, phi = (params[0], params[1:]) if trend == "c" else (0.0, params)
        # state[k] = x_{t-k}: the newest value first, as the lag coefficients are ordered
        state = a[row, -order:][::-1].copy()
        for h in range(horizon):
            value = const + phi @ state
            state[1:] = state[:-1]
            state[0] = value
            out[row, h] = value
    return out


def analogues_kernel(a, *, parallel, n, horizon, dimension, delay, neighbors):
    """Method of analogues: follow the nearest delay vectors of the training part, one step at a time.

    The library holds every training delay vector that has a successor; the
    forecast of each step is the mean successor of the ``neighbors`` library
    vectors nearest to the current delay vector, which then shifts to include it.
    """
    from scipy.spatial import cKDTree

    span = (dimension - 1) * delay
    out = np.empty((a.shape[0], horizon))
    for row in range(a.shape[0]):
        train = a[row, :n]
        ends = np.arange(span, n - 1)
        library = np.stack([train[ends - k * delay] for k in range(dimension)], axis=1)
        tree = cKDTree(library)
        history = np.concatenate([a[row, n:][-(span + 1) :], np.empty(horizon)])
        last = span
        for h in range(horizon):
            query = history[last - np.arange(dimension) * delay]
            _, idx = tree.query(query, k=neighbors)
            last += 1
            history[last] = train[ends[np.atleast_1d(idx)] + 1].mean()
            out[row, h] = history[last]
    return out
