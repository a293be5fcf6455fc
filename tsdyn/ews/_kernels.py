"""Compiled rolling kernels of the early-warning engine.

Each kernel loops over one series row by row and writes into ``out``; the
rolling ones update running sums in O(1) per step, so the cost does not grow
with the window.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def _move_mean_row(x, window, min_count, out):
    # Neumaier-compensated running sum: a long series does not accumulate drift.
    total = 0.0
    comp = 0.0
    count = 0
    for i in range(x.shape[0]):
        v = x[i]
        if not np.isnan(v):
            t = total + v
            comp += (total - t) + v if abs(total) >= abs(v) else (v - t) + total
            total = t
            count += 1
        if i >= window:
            old = x[i - window]
            if not np.isnan(old):
                t = total - old
                comp += (total - t) - old if abs(total) >= abs(old) else (-old - t) + total
                total = t
                count -= 1
        out[i] = (total + comp) / count if count >= min_count and count > 0 else np.nan


@numba.njit(cache=True, nogil=True, parallel=True)
def _move_mean_parallel(a, window, min_count, out):
    for r in numba.prange(a.shape[0]):
        _move_mean_row(a[r], window, min_count, out[r])


@numba.njit(cache=True, nogil=True)
def _move_mean_serial(a, window, min_count, out):
    for r in range(a.shape[0]):
        _move_mean_row(a[r], window, min_count, out[r])


def move_mean(a: np.ndarray, *, window: int, min_count: int, parallel: bool) -> np.ndarray:
    """Rolling mean of each row of ``a`` with the value at the window's right edge."""
    out = np.empty_like(a)
    (_move_mean_parallel if parallel else _move_mean_serial)(a, window, min_count, out)
    return out
