"""The baseline forecasters' computations, in plain numpy (nothing here is compiled).

Each function takes a C-contiguous float64 array with one series per row
(time along the row), as :func:`tsdyn.data.apply_along_time` hands it over;
the method of analogues loops over forecast steps but each step is one
vectorised k-d tree query.
"""

from __future__ import annotations

import numpy as np

from tsdyn.errors import InputError

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
        train = a[row, :n]
        if np.ptp(train) == 0:
            raise InputError(f"the training part of series {row} is constant: an AR fit has no lags to weigh")
        # with a constant the fit is shift-equivariant: it is made on the centred series, whose
        # normal equations stay well conditioned far from 0 (at +1e9 the forecast was off by 50)
        shift = train.mean() if trend == "c" else 0.0
        params = AutoReg(train - shift, lags=order, trend=trend).fit().params
        const, phi = (params[0], params[1:]) if trend == "c" else (0.0, params)
        # state[k] = x_{t-k}: the newest value first, as the lag coefficients are ordered
        state = a[row, -order:][::-1] - shift
        for h in range(horizon):
            value = const + phi @ state
            state[1:] = state[:-1]
            state[0] = value
            out[row, h] = value + shift
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
