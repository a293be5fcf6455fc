"""Numba kernels of the fractal engine: row kernels over the series of a 2-D float64 array.

Each row kernel writes one series' curve (a value per scale) into its row of
``out``; a series with NaN gets NaN throughout.
"""

from __future__ import annotations

import math

import numpy as np

from tsdyn._numba import jit, over_rows


@jit
def polynomial_basis(n, degree):
    """Orthonormal polynomials of degree 0..``degree`` sampled at n equally spaced points, one per row.

    Gram-Schmidt (twice, for orthogonality to working precision) on powers
    of the time scaled to [-1, 1]; projecting on these rows is the least
    squares polynomial fit without forming normal equations.
    """
    basis = np.empty((degree + 1, n))
    half = max((n - 1) / 2.0, 0.5)
    for t in range(n):
        u = (t - (n - 1) / 2.0) / half
        for k in range(degree + 1):
            basis[k, t] = u**k
    for k in range(degree + 1):
        for _ in range(2):
            for j in range(k):
                dot = 0.0
                for t in range(n):
                    dot += basis[k, t] * basis[j, t]
                for t in range(n):
                    basis[k, t] -= dot * basis[j, t]
        norm = 0.0
        for t in range(n):
            norm += basis[k, t] ** 2
        norm = math.sqrt(norm)
        for t in range(n):
            basis[k, t] /= norm
    return basis


@over_rows
def fluctuations(x, scales, degree, out):
    """Fluctuation F(n) of one series at every scale n: RMS residual of polynomial fits to its profile.

    The profile is the cumulative sum of ``x - mean(x)``, cut into
    ``len(x) // n`` consecutive windows from the start.
    """
    if np.isnan(x).any():
        out[:] = np.nan
        return
    size = x.size
    profile = np.empty(size)
    mean = x.mean()
    acc = 0.0
    for t in range(size):
        acc += x[t] - mean
        profile[t] = acc
    coef = np.empty(degree + 1)
    for s in range(scales.size):
        n = scales[s]
        basis = polynomial_basis(n, degree)
        windows = size // n
        total = 0.0
        for w in range(windows):
            seg = profile[w * n : (w + 1) * n]
            for k in range(degree + 1):
                dot = 0.0
                row = basis[k]
                for t in range(n):
                    dot += row[t] * seg[t]
                coef[k] = dot
            ss = 0.0
            for t in range(n):
                res = seg[t]
                for k in range(degree + 1):
                    res -= coef[k] * basis[k, t]
                ss += res * res
            total += ss / n
        out[s] = math.sqrt(total / windows)


@over_rows
def rescaled_ranges(x, scales, out):
    """Mean rescaled range R/S of one series' consecutive windows of each length n.

    Per window: R is the range of the cumulative sum of deviations from the
    window's mean, S its standard deviation (``ddof=0``); windows with
    S = 0 are left out (NaN when all are).
    """
    if np.isnan(x).any():
        out[:] = np.nan
        return
    for s in range(scales.size):
        n = scales[s]
        total = 0.0
        used = 0
        for w in range(x.size // n):
            seg = x[w * n : (w + 1) * n]
            mean = seg.mean()
            acc = 0.0
            hi = 0.0
            lo = 0.0
            ss = 0.0
            for t in range(n):
                dev = seg[t] - mean
                acc += dev
                hi = max(hi, acc)
                lo = min(lo, acc)
                ss += dev * dev
            sd = math.sqrt(ss / n)
            if sd > 0.0:
                total += (hi - lo) / sd
                used += 1
        out[s] = total / used if used else np.nan


@over_rows
def higuchi_lengths(x, k_max, out):
    """Higuchi's curve lengths L(k), k = 1..k_max, each the mean over the k offsets."""
    if np.isnan(x).any():
        out[:] = np.nan
        return
    size = x.size
    for k in range(1, k_max + 1):
        total = 0.0
        for start in range(k):
            steps = (size - start - 1) // k
            length = 0.0
            for j in range(1, steps + 1):
                length += abs(x[start + j * k] - x[start + (j - 1) * k])
            # normalise to the length of the whole series, then per step of k
            total += length * (size - 1) / (steps * k) / k
        out[k - 1] = total / k
