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
    """The rows themselves: per-step metrics already hold one value per sample."""
    return a.copy()


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
