"""Compiled kernels of the chaos engine: pair-distance histograms for correlation sums.

The correlation sum C(r) of Grassberger & Procaccia is the fraction of point
pairs closer than r, so it is the empirical distribution function of the pair
distances. One pass over the pairs fills a histogram of log-distances on a
fixed grid; C(r) at every grid radius is its cumulative sum. A pair is binned by
comparing its distance with the grid's edges (found once per grid, a lookup
table on the float's bits), not by a log per pair, and the pairs are split into
fixed blocks that numba's threads may share.
"""

from __future__ import annotations

import math

import numpy as np

from tsdyn._numba import jit, over_rows, use_parallel


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


#: The pairs of one series are split into this many blocks (block ``k`` holds the rows
#: ``k, k + PAIR_BLOCKS, ...`` of the upper triangle: equal work), each counted into its own
#: histogram and summed in block order, so the sums are the same on any number of threads.
PAIR_BLOCKS = 64
#: The bin lookup table has about this many cells per bin (fewer cells that straddle an edge
#: and need a second comparison; 2000-4000 cells for 6 decades, a few kB in L1).
_CELLS_PER_BIN = 16


@jit
def _grid(a, emb_dim, lag, stride, n_pts, decades, n_bins):
    # (log r0, bin width) of the logarithmic grid: `decades` below the max-norm diameter;
    # NaN when every point is the same.
    diameter = _max_norm_diameter(a, emb_dim, lag, stride, n_pts)
    if not diameter > 0.0:
        return np.nan, np.nan
    log_top = math.log(diameter)
    log_r0 = log_top - decades * math.log(10.0)
    return log_r0, (log_top - log_r0) / n_bins


@jit
def _bits(d):
    # The IEEE bits of a float as an int64: for d >= 0 they grow with d.
    return np.float64(d).view(np.int64)


@jit
def _bin_edges(log_r0, inv_width, n_bins):
    # edges[b] (b = 1 .. n_bins - 1) = the smallest float d with (log d - log r0) / width >= b,
    # found by bisection over the floats' bits: a distance d falls in bin b of
    # floor((log d - log r0) / width), clipped to 0 .. n_bins - 1, exactly when
    # edges[b] <= d < edges[b + 1] (edges[0] = 0, edges[n_bins] = inf), so the pair loop
    # bins by comparison, without a log per pair, and bins as that formula does.
    edges = np.empty(n_bins + 1)
    edges[0] = 0.0
    edges[n_bins] = np.inf
    top = _bits(np.inf)
    for b in range(1, n_bins):
        lo, hi = 0, top  # bin(lo) < b <= bin(hi); bits 0 is d = 0, below every bin
        while hi - lo > 1:
            mid = lo + (hi - lo) // 2
            if (math.log(np.int64(mid).view(np.float64)) - log_r0) * inv_width >= b:
                hi = mid
            else:
                lo = mid
        edges[b] = np.int64(hi).view(np.float64)
    return edges


def _bin_table(edges: np.ndarray, width: float):
    # Cells of the floats' bits (exponent and the top `keep` bits of the mantissa) from the
    # first edge's cell to the last one's; base[c] = how many edges lie at or below the smallest
    # float of cell c, a lower bound of the bin of every d in it (the pair loop steps up while
    # d >= the next edge: once in about _CELLS_PER_BIN pairs). Distances below the first cell
    # are in bin 0 and above the last in the last bin, where the clipped cells put them.
    octaves = width / math.log(2.0)
    keep = min(52, max(0, math.ceil(math.log2(_CELLS_PER_BIN / octaves))))
    shift = 52 - keep
    inner = edges[1:-1]
    if inner.size == 0:  # one bin: every distance is in it
        return 63, 0, np.zeros(1, dtype=np.int64)
    key0 = int(inner[0].view(np.int64)) >> shift
    key1 = int(inner[-1].view(np.int64)) >> shift
    smallest = (np.arange(key0, key1 + 1, dtype=np.int64) << shift).view(np.float64)
    base = np.searchsorted(inner, smallest, side="right").astype(np.int64)
    return shift, key0, base


#: Sub-histograms per block, taken in turn by consecutive pairs: neighbours in time are often
#: in the same bin, and one counter would make each increment wait for the previous one.
_SUB_HISTOGRAMS = 4


@over_rows(outputs=2)
def _pair_histograms(block, points, skip, n_blocks, shift, key0, base, edges, logs_wanted, counts, log_sums):
    # counts[b] = pairs of this block whose max-norm distance falls in bin b (see _bin_edges);
    # log_sums[b] (when logs_wanted) = the sum of their log distances (pairs at distance 0,
    # in bin 0, add none). points[:, k] is point k; rows k = block, block + n_blocks, ... pair
    # with the points q > k + skip. A row's distances are computed first, coordinate by
    # coordinate over contiguous memory (vectorised), then binned.
    emb_dim, n_pts = points.shape
    nb = counts.size
    last = base.size - 1
    sub = np.zeros((_SUB_HISTOGRAMS, nb), dtype=np.int64)
    log_sums[:] = 0.0
    dist = np.empty(n_pts)
    for k in range(block, n_pts, n_blocks):
        q0 = k + 1 + skip
        n = n_pts - q0
        if n <= 0:
            break
        for m in range(emb_dim):
            xm = points[m, k]
            row = points[m, q0:]
            if m == 0:
                for t in range(n):
                    dist[t] = abs(xm - row[t])
            else:
                for t in range(n):
                    dist[t] = max(dist[t], abs(xm - row[t]))
        for t in range(n):
            d = dist[t]
            # the cell of d's exponent and leading mantissa bits, clipped to the table (d = 0: bits 0)
            c = min(max((_bits(d) >> shift) - key0, 0), last)
            b = base[c]
            while d >= edges[b + 1]:
                b += 1
            sub[t % _SUB_HISTOGRAMS, b] += 1
            if logs_wanted and d > 0.0:
                log_sums[b] += math.log(d)
    for b in range(nb):
        counts[b] = 0
        for h in range(_SUB_HISTOGRAMS):
            counts[b] += sub[h, b]


def correlation_sums(
    a, *, parallel, emb_dim, lag, max_points, theiler, decades, n_bins, point_step=1, log_sums=None
):
    """C(r) on a log grid for every row of ``a``: ``(n_series, 2 + n_bins)`` (log r0, width, C...).

    Row ``r`` holds ``log r0``, the log-bin width and C(r) at the bins' upper edges: the
    fraction of the pairs of embedded points (pairs within ``theiler`` samples left out)
    closer than r in the max norm; NaN for a row whose points all coincide. Points start
    every ``point_step`` samples (1 for a delay embedding; the state dimension for a
    flattened (time, variable) trajectory read with lag 1, whose points are then the
    states), every k-th of them so that at most ``max_points`` are used. ``theiler`` is in
    samples of ``a`` (with ``point_step`` > 1, in flattened samples). ``log_sums``, an
    optional ``(n_series, n_bins)`` array, receives the sum of the log distances of the pairs
    closer than each bin's upper edge, divided by the number of pairs (what Takens'
    estimator needs beside C(r); a log per pair, so only when asked for). ``parallel``:
    the pairs of a row are counted on numba's threads (:data:`PAIR_BLOCKS` blocks; the same
    sums on any number of threads).
    """
    out = np.empty((a.shape[0], 2 + n_bins))
    blocks = np.arange(PAIR_BLOCKS)
    counts = np.empty((PAIR_BLOCKS, n_bins), dtype=np.int64)
    logs = np.empty((PAIR_BLOCKS, n_bins))
    for r, x in enumerate(a):
        n_emb = (x.size - (emb_dim - 1) * lag + point_step - 1) // point_step
        stride = point_step * max(1, (n_emb + max_points - 1) // max_points)
        n_pts = (x.size - (emb_dim - 1) * lag + stride - 1) // stride
        log_r0, width = _grid(x, emb_dim, lag, stride, n_pts, float(decades), n_bins)
        if not width > 0.0:
            out[r] = np.nan
            if log_sums is not None:
                log_sums[r] = np.nan
            continue
        edges = _bin_edges(log_r0, 1.0 / width, n_bins)
        shift, key0, base = _bin_table(edges, width)
        # the points' coordinates, one contiguous row per coordinate
        points = np.stack([x[m * lag : m * lag + (n_pts - 1) * stride + 1 : stride] for m in range(emb_dim)])
        # pairs more than theiler samples apart: (q - k) * stride > theiler  <=>  q - k > theiler // stride
        _pair_histograms(
            blocks, points, theiler // stride, PAIR_BLOCKS, shift, key0, base, edges,
            log_sums is not None, counts, logs, parallel=parallel,
        )  # fmt: skip
        total = counts.sum()
        out[r, 0] = log_r0
        out[r, 1] = width
        with np.errstate(invalid="ignore", divide="ignore"):  # no pairs: NaN
            out[r, 2:] = np.cumsum(counts.sum(axis=0)) / total
            if log_sums is not None:
                log_sums[r] = np.cumsum(logs.sum(axis=0)) / total
    return out


@jit
def _vector_distance(x, i, j, emb_dim, lag):
    # Euclidean distance between the delay vectors that start at samples i and j.
    s = 0.0
    for m in range(emb_dim):
        diff = x[i + m * lag] - x[j + m * lag]
        s += diff * diff
    return math.sqrt(s)


@over_rows(outputs=2)
def _divergence_block(block, x, emb_dim, lag, starts, indptr, neighbours, bounds, n_steps, sums, counts):
    # The reference points bounds[block] .. bounds[block + 1] - 1 of divergence_sums, in order.
    last = x.size - (emb_dim - 1) * lag  # delay vectors start at 0 .. last - 1
    square = np.empty(n_steps)
    for p in range(bounds[block], bounds[block + 1]):
        i = starts[p]
        if indptr[p + 1] - indptr[p] == 1:
            # one neighbour (Rosenstein): log d = log(d^2) / 2, no sqrt and no mean; this
            # loop is most of lyapunov_exponent's time. The squared distances of all steps
            # first, coordinate by coordinate over contiguous samples (vectorised), then the
            # logs: the same sums in the same order as step by step, in 0.6x the time.
            j = neighbours[indptr[p]]
            n = min(n_steps, last - max(i, j))
            square[:n] = 0.0
            for m in range(emb_dim):
                a = x[i + m * lag : i + m * lag + n]
                b = x[j + m * lag : j + m * lag + n]
                for k in range(n):
                    diff = a[k] - b[k]
                    square[k] += diff * diff
            for k in range(n):
                if square[k] > 0.0:
                    sums[k] += 0.5 * math.log(square[k])
                    counts[k] += 1
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
                sums[k] += math.log(total / used)
                counts[k] += 1


def divergence_sums(x, emb_dim, lag, starts, indptr, neighbours, block, n_blocks, n_steps, sums, counts):
    """Sums of log separations ``k`` steps on, per block of reference points.

    Reference point ``starts[p]`` (the first sample of its delay vector) is followed
    with its neighbours ``neighbours[indptr[p]:indptr[p + 1]]`` (Rosenstein: one, Kantz:
    all within a radius). For each step ``k`` the log of their mean distance (Rosenstein:
    the log of the one distance) is added to ``sums[block[p], k]`` and ``counts`` counts
    the terms; pairs that run past the end of the series stop contributing. ``block``
    does not decrease with ``p`` (blocks of consecutive reference points): each block is
    summed in the order of its points, so numba's threads (one block each, when the work
    is worth them) give the same sums as one thread.
    """
    if np.any(np.diff(block) < 0):
        raise ValueError("divergence_sums: block must not decrease with the reference point")
    bounds = np.searchsorted(block, np.arange(n_blocks + 1), side="left")
    _divergence_block(
        np.arange(n_blocks), x, emb_dim, lag, starts, indptr, neighbours, bounds, n_steps, sums, counts,
        parallel=use_parallel(n_blocks, int(indptr[-1]) * n_steps // max(n_blocks, 1)),
    )  # fmt: skip
