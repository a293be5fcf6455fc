"""Compiled kernels of the chaos engine: pair-distance histograms for correlation sums.

The correlation sum C(r) of Grassberger & Procaccia is the fraction of point
pairs closer than r, so it is the empirical distribution function of the pair
distances. One pass over the pairs fills a histogram of log-distances on a
fixed grid; C(r) at every grid radius is its cumulative sum. Points are the
rows of a delay embedding built on the fly (no copy of the embedded series).
"""

from __future__ import annotations

import math

import numpy as np

from tsdyn._numba import jit, over_rows


@jit
def _max_norm_diameter(a, emb_dim, lag, stride, n_pts):
    # Largest coordinate range: an upper bound on every pair distance (max norm).
    hi = -np.inf
    lo = np.inf
    for k in range(n_pts):
        i = k * stride
        for m in range(emb_dim):
            v = a[i + m * lag]
            hi = max(hi, v)
            lo = min(lo, v)
    return hi - lo


@jit
def _pair_histogram(a, emb_dim, lag, stride, n_pts, theiler, log_r0, inv_width, counts, log_sums):
    # counts[b] += pairs whose log max-norm distance falls in bin b (clipped at both ends), and
    # log_sums[b] += their log distances (pairs at distance 0 are counted in bin 0 without a log);
    # returns how many pairs were compared.
    nb = counts.size
    total = 0
    for k in range(n_pts):
        i = k * stride
        for q in range(k + 1, n_pts):
            j = q * stride
            if j - i <= theiler:
                continue
            d = 0.0
            for m in range(emb_dim):
                diff = abs(a[i + m * lag] - a[j + m * lag])
                if diff > d:
                    d = diff
            total += 1
            if d <= 0.0:
                counts[0] += 1
                continue
            log_d = math.log(d)
            b = int(math.floor((log_d - log_r0) * inv_width))
            if b < 0:
                b = 0
            elif b >= nb:
                b = nb - 1
            counts[b] += 1
            log_sums[b] += log_d
    return total


@over_rows(outputs=2)
def _correlation_sums(x, emb_dim, lag, point_step, max_points, theiler, decades, n_bins, out, logs):
    # out[0] = log r0, out[1] = log-bin width, out[2:] = C(r) at the bins' upper edges;
    # logs[b] = sum of the log distances of the pairs in bins 0..b, divided by all pairs.
    # Points start every point_step samples: 1 for a delay embedding; the state dimension for
    # a flattened (time, variable) trajectory read with lag 1, whose points are then the states.
    n_emb = (x.size - (emb_dim - 1) * lag + point_step - 1) // point_step
    stride = point_step * max(1, (n_emb + max_points - 1) // max_points)
    n_pts = (x.size - (emb_dim - 1) * lag + stride - 1) // stride
    diameter = _max_norm_diameter(x, emb_dim, lag, stride, n_pts)
    if not diameter > 0.0:
        out[:] = np.nan
        logs[:] = np.nan
        return
    log_top = math.log(diameter)
    log_r0 = log_top - decades * math.log(10.0)
    width = (log_top - log_r0) / n_bins
    counts = np.zeros(n_bins, dtype=np.int64)
    log_sums = np.zeros(n_bins)
    total = _pair_histogram(x, emb_dim, lag, stride, n_pts, theiler, log_r0, 1.0 / width, counts, log_sums)
    out[0] = log_r0
    out[1] = width
    run = 0
    run_log = 0.0
    for b in range(n_bins):
        run += counts[b]
        run_log += log_sums[b]
        out[2 + b] = run / total if total > 0 else np.nan
        logs[b] = run_log / total if total > 0 else np.nan


def correlation_sums(
    a, *, parallel, emb_dim, lag, max_points, theiler, decades, n_bins, point_step=1, log_sums=None
):
    """C(r) on a log grid for every row of ``a``: ``(n_series, 2 + n_bins)`` (log r0, width, C...).

    ``theiler`` is in samples of ``a`` (with ``point_step`` > 1, in flattened samples).
    ``log_sums``, an optional ``(n_series, n_bins)`` array, receives the sum of the log
    distances of the pairs closer than each bin's upper edge, divided by the number of
    pairs (what Takens' estimator needs beside C(r)).
    """
    out = np.empty((a.shape[0], 2 + n_bins))
    logs = np.empty((a.shape[0], n_bins)) if log_sums is None else log_sums
    _correlation_sums(
        a, emb_dim, lag, point_step, max_points, theiler, float(decades), n_bins, out, logs, parallel=parallel
    )
    return out


@jit
def _vector_distance(x, i, j, emb_dim, lag):
    # Euclidean distance between the delay vectors that start at samples i and j.
    s = 0.0
    for m in range(emb_dim):
        diff = x[i + m * lag] - x[j + m * lag]
        s += diff * diff
    return math.sqrt(s)


@jit
def divergence_sums(x, emb_dim, lag, starts, indptr, neighbours, block, n_blocks, n_steps, sums, counts):
    """Sums of log separations ``k`` steps on, per block of reference points.

    Reference point ``starts[p]`` (the first sample of its delay vector) is followed
    with its neighbours ``neighbours[indptr[p]:indptr[p + 1]]`` (Rosenstein: one, Kantz:
    all within a radius). For each step ``k`` the log of their mean distance (Rosenstein:
    the log of the one distance) is added to ``sums[block[p], k]`` and ``counts`` counts
    the terms; pairs that run past the end of the series stop contributing.
    """
    last = x.size - (emb_dim - 1) * lag  # delay vectors start at 0 .. last - 1
    for p in range(starts.size):
        i = starts[p]
        b = block[p]
        if indptr[p + 1] - indptr[p] == 1:
            # one neighbour (Rosenstein): log d = log(d^2) / 2, no sqrt and no mean; this
            # loop is most of lyapunov_exponent's time
            j = neighbours[indptr[p]]
            for k in range(min(n_steps, last - max(i, j))):
                s = 0.0
                for m in range(emb_dim):
                    diff = x[i + k + m * lag] - x[j + k + m * lag]
                    s += diff * diff
                if s > 0.0:
                    sums[b, k] += 0.5 * math.log(s)
                    counts[b, k] += 1
            continue
        for k in range(n_steps):
            if i + k >= last:
                break
            total = 0.0
            used = 0
            for q in range(indptr[p], indptr[p + 1]):
                j = neighbours[q]
                if j + k >= last:
                    continue
                total += _vector_distance(x, i + k, j + k, emb_dim, lag)
                used += 1
            if used > 0 and total > 0.0:
                sums[b, k] += math.log(total / used)
                counts[b, k] += 1
