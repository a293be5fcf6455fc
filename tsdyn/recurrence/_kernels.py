"""Numba kernels of the recurrence engine: neighbour search and line-length histograms.

Points are the rows of a C-contiguous float64 array ``(n, d)``. Two points
``i, j`` recur when their distance is ``<= eps`` and ``|i - j| > theiler`` (the
Theiler band, line of identity included, is never recurrent). Neighbours are
found on a **grid** over the points' (up to) three widest coordinates, cells
at least ``eps`` wide: a coordinate difference never exceeds the distance in
any of the three metrics, so the partners of a point lie in its cell and the
26 around it. The points are stored sorted by cell (``sets.Points.grid``), so
those cells are nine contiguous stretches of memory.

Every kernel is compiled through :mod:`tsdyn._numba` (the house options).

Two ways to the histograms of diagonal, vertical and white vertical lines:

- :func:`stream_lines` walks the rows in time order and extends every
  diagonal's and column's current run in O(1) per recurrent pair; it keeps
  O(n) state and never stores the recurrence set (one threshold).
- :func:`scan_lines` takes stored pairs with a threshold *level* each (the
  first threshold of a grid at which the pair recurs) and gives the
  histograms at every threshold of the grid in O(pairs + levels * n): a run of
  recurrent points at level ``t`` is born at the largest level inside it and
  dies at the smallest level next to it (a max-Cartesian tree), so each run is
  added once to a difference array over levels.
"""

from __future__ import annotations

import numpy as np

from tsdyn._numba import jit, over_chunks

#: metric codes of the kernels, keyed by the glossary's names
METRICS = {"euclidean": 0, "chebyshev": 1, "manhattan": 2}


@jit
def _distance(points, i, j, metric):
    d = 0.0
    if metric == 1:
        for c in range(points.shape[1]):
            v = abs(points[i, c] - points[j, c])
            if v > d:
                d = v
        return d
    if metric == 2:
        for c in range(points.shape[1]):
            d += abs(points[i, c] - points[j, c])
        return d
    for c in range(points.shape[1]):
        v = points[i, c] - points[j, c]
        d += v * v
    return np.sqrt(d)


@jit
def _reach(points, i, j, metric, bound):
    """The distance (its square for euclidean), given up once it exceeds ``bound``."""
    d = 0.0
    for c in range(points.shape[1]):
        v = abs(points[i, c] - points[j, c])
        if metric == 0:
            d += v * v
        elif metric == 1:
            d = max(d, v)
        else:
            d += v
        if d > bound:
            return d
    return d


@jit
def _row_neighbours(grid, i, eps, metric, theiler, idx, dist, upper=False):
    """Write the recurrent partners ``j`` of point ``i`` (any order) into ``idx``/``dist``; return their count.

    ``upper``: only the partners ``j > i`` (the upper triangle), skipped before
    their distance is computed.
    """
    points, order, rank, keys, cell_start, nx, ny, nz, reach = grid
    count = 0
    r = rank[i]
    cz = keys[r] % nz
    cy = (keys[r] // nz) % ny
    cx = keys[r] // (ny * nz)
    z_lo, z_hi = max(cz - reach, 0), min(cz + reach, nz - 1)
    bound = eps * eps * (1.0 + 1e-12) if metric == 0 else eps
    for x in range(max(cx - reach, 0), min(cx + reach + 1, nx)):
        for y in range(max(cy - reach, 0), min(cy + reach + 1, ny)):
            # the cells along z are one contiguous stretch of the sorted points
            base = (x * ny + y) * nz
            for k in range(cell_start[base + z_lo], cell_start[base + z_hi + 1]):
                j = order[k]
                if (j - i if upper else abs(j - i)) > theiler:
                    d = _reach(points, r, k, metric, bound)
                    if d <= bound:
                        # squares compared first, the distance itself decides
                        d = np.sqrt(d) if metric == 0 else d
                        if d <= eps:
                            idx[count] = j
                            dist[count] = d
                            count += 1
    return count


@jit
def stream_lines(grid, eps, metric, theiler, border):
    """Line-length histograms at one threshold, rows visited in time order.

    Returns ``(diagonal, vertical, white, per_diagonal)``: histograms indexed
    by length (diagonal lines of the upper triangle; vertical and white
    vertical lines of every column of the symmetric plot, white lines only
    between two recurrent points and not across the Theiler band) and the number of
    recurrent points on each diagonal ``k = j - i``. ``border`` True leaves out
    the black lines that touch the edge of the plot.
    """
    n = grid[0].shape[0]
    diagonal = np.zeros(n + 1, np.int64)
    vertical = np.zeros(n + 1, np.int64)
    white = np.zeros(n + 1, np.int64)
    # per column j: (last row seen recurrent, current run's length); per diagonal k the same
    # and its count of recurrent points. One row each: one cache line per random access.
    col = np.zeros((n, 2), np.int64)
    col[:, 0] = -2
    diag = np.zeros((n, 3), np.int64)
    diag[:, 0] = -2
    idx = np.empty(n, np.int64)
    dist = np.empty(n)
    for i in range(n):
        count = _row_neighbours(grid, i, eps, metric, theiler, idx, dist)
        for q in range(count):
            j = idx[q]
            last, length = col[j, 0], col[j, 1]
            if last == i - 1:
                col[j, 1] = length + 1
            else:
                if last >= 0:
                    if not (border and last - length + 1 == 0):
                        vertical[length] += 1
                    if not last < j < i:
                        white[i - last - 1] += 1
                col[j, 1] = 1
            col[j, 0] = i
            if j > i:
                k = j - i
                last, length = diag[k, 0], diag[k, 1]
                diag[k, 2] += 1
                if last == i - 1:
                    diag[k, 1] = length + 1
                else:
                    if last >= 0 and not (border and last - length + 1 == 0):
                        diagonal[length] += 1
                    diag[k, 1] = 1
                diag[k, 0] = i
    for j in range(n):
        last, length = col[j, 0], col[j, 1]
        if last >= 0 and not (border and (last == n - 1 or last - length + 1 == 0)):
            vertical[length] += 1
    for k in range(1, n):
        last, length = diag[k, 0], diag[k, 1]
        if last >= 0 and not (border and (last + k == n - 1 or last - length + 1 == 0)):
            diagonal[length] += 1
    per_diagonal = diag[:, 2].copy()
    return diagonal, vertical, white, per_diagonal


@jit
def recurrent_pairs(grid, thresholds, metric, theiler, expected=0):
    """Every pair ``i < j`` recurrent at the largest of the increasing ``thresholds``, in row order.

    Returns int32 arrays ``(i, j, level)``, ``level`` the first threshold at
    which the pair recurs (all 0 for a single threshold). ``expected``: the
    number of pairs foreseen (a fixed recurrence rate knows it), so the
    arrays are sized once instead of grown.
    """
    n = grid[0].shape[0]
    eps = thresholds[-1]
    n_levels = thresholds.size
    # levels by table: bucket b of width eps / n_buckets starts its search at the first level
    # not below the bucket's lower edge (all lower ones are below every distance in it), so a
    # pair's level costs a step or two instead of a binary search
    n_buckets = 16 * n_levels
    width = eps / n_buckets
    first = np.searchsorted(thresholds, np.arange(n_buckets + 1) * width)
    cap = max(16, 4 * n, expected + expected // 16 + 1024)
    rows = np.empty(cap, np.int32)
    cols = np.empty(cap, np.int32)
    levels = np.empty(cap, np.int32)
    idx = np.empty(n, np.int64)
    dist = np.empty(n)
    total = 0
    for i in range(n):
        count = _row_neighbours(grid, i, eps, metric, theiler, idx, dist, True)
        for q in range(count):
            if total == cap:
                cap *= 2
                rows = _grown(rows, cap, total)
                cols = _grown(cols, cap, total)
                levels = _grown(levels, cap, total)
            d = dist[q]
            level = first[min(int(d / width), n_buckets)] if width > 0 else 0
            while level < n_levels - 1 and thresholds[level] < d:
                level += 1
            rows[total] = i
            cols[total] = idx[q]
            levels[total] = level
            total += 1
    return rows[:total], cols[:total], levels[:total]


@jit
def _grown(a, cap, used):
    out = np.empty(cap, a.dtype)
    out[:used] = a[:used]
    return out


@jit
def pair_distances(points, step, theiler, metric):
    """Distances of every pair of the points ``0, step, 2 step ...`` more than ``theiler`` samples apart.

    Euclidean distances come **squared** (the same order, no root per pair):
    take the root of the ones selected. They equal :func:`_distance`'s
    squares bit for bit (the same sum in the same order).
    """
    m = (points.shape[0] + step - 1) // step
    gap = theiler // step + 1  # (b - a) * step > theiler
    count = 0
    for a in range(m):
        count += max(0, m - a - gap)
    out = np.empty(count)
    dim = points.shape[1]
    c = 0
    for a in range(m):
        pa = a * step
        for b in range(a + gap, m):
            pb = b * step
            d = 0.0
            for k in range(dim):
                v = points[pa, k] - points[pb, k]
                if metric == 0:
                    d += v * v
                elif metric == 1:
                    d = max(d, abs(v))
                else:
                    d += abs(v)
            out[c] = d
            c += 1
    return out


@jit
def max_distance(points, step, metric):
    """Largest distance between the points ``0, step, 2 step ...``."""
    best = 0.0
    n = points.shape[0]
    for a in range(0, n, step):
        for b in range(a + step, n, step):
            d = _distance(points, a, b, metric)
            if d > best:
                best = d
    return best


@jit
def _black_runs(pos, lev, start, stop, n_levels, low, high, border, diff, stack):
    """Add the runs of consecutive positions ``pos[start:stop]`` at every level to ``diff``.

    A run at level ``t`` is a maximal stretch of consecutive positions whose
    levels are all ``<= t``: the span of a node of the max-Cartesian tree. It
    is born at the node's level and dies at the smaller level of the two
    elements bounding the span (``n_levels`` where the stretch ends). One pass
    with a stack of non-increasing levels: an element leaves the stack when a
    higher one arrives (its right bound) and the element under it is its left
    bound. Equal levels: the left neighbour bounds with ``>=``, the right one
    with ``>``, so a span shared by equal levels is counted once.
    """
    top = 0
    for e in range(start, stop + 1):
        while top > 0 and (e == stop or lev[stack[top - 1]] < lev[e]):
            node = stack[top - 1]
            top -= 1
            below = stack[top - 1] if top > 0 else -1
            first = start if below < 0 else below + 1
            death = n_levels if e == stop else lev[e]
            if below >= 0 and lev[below] < death:
                death = lev[below]
            if death > lev[node] and not (border and (pos[first] == low or pos[e - 1] == high)):
                length = pos[e - 1] - pos[first] + 1
                diff[length, lev[node]] += 1
                diff[length, death] -= 1
        if e < stop:
            stack[top] = e
            top += 1


@jit
def _black_segments(pos, lev, start, stop, n_levels, low, high, border, diff, stack):
    # split a sorted sequence into stretches of consecutive positions: a gap is never recurrent
    seg = start
    for e in range(start + 1, stop + 1):
        if e == stop or pos[e] != pos[e - 1] + 1:
            _black_runs(pos, lev, seg, e, n_levels, low, high, border, diff, stack)
            seg = e


@jit
def _white_runs(pos, lev, start, stop, col, n_levels, diff, stack):
    """Add the white gaps between recurrent positions of ``pos[start:stop]`` at every level.

    Gaps that cross the Theiler band around ``col`` are not recurrence times and are left out.

    Two elements ``a < b`` are consecutive recurrent points at level ``t`` when
    both levels are ``<= t`` and every element between is above ``t``: for
    ``t`` from ``max(lev[a], lev[b])`` up to the smallest level between them.
    Those pairs are the ones a stack of increasing levels meets (O(n) in all).
    """
    top = 0
    for b in range(start, stop):
        between = n_levels
        while top > 0 and lev[stack[top - 1]] >= lev[b]:
            a = stack[top - 1]
            top -= 1
            if between > lev[a] and pos[b] - pos[a] > 1 and not pos[a] < col < pos[b]:
                diff[pos[b] - pos[a] - 1, lev[a]] += 1
                diff[pos[b] - pos[a] - 1, between] -= 1
            between = lev[a]
        if top > 0:
            a = stack[top - 1]
            if between > lev[b] and pos[b] - pos[a] > 1 and not pos[a] < col < pos[b]:
                diff[pos[b] - pos[a] - 1, lev[b]] += 1
                diff[pos[b] - pos[a] - 1, between] -= 1
        stack[top] = b
        top += 1


@jit
def _offsets(keys, n_keys):
    # start of each key's stretch in a counting sort by key
    start = np.zeros(n_keys + 1, np.int64)
    for key in keys:
        start[key + 1] += 1
    for key in range(n_keys):
        start[key + 1] += start[key]
    return start


@jit
def _by_diagonal(n, rows, cols, levels):
    """Rows and levels of the pairs grouped by diagonal ``k = j - i`` (offsets ``start``), rows ascending.

    Pairs come in row order, so a counting sort by ``k`` keeps the rows
    ascending within each diagonal. (int32: with the columns, these are the
    engine's largest arrays.)
    """
    k_of = cols - rows
    start = _offsets(k_of, n)
    fill = start[:-1].copy()
    pos = np.empty(rows.size, np.int32)
    lev = np.empty(rows.size, np.int32)
    for e in range(rows.size):
        k = k_of[e]
        pos[fill[k]] = rows[e]
        lev[fill[k]] = levels[e]
        fill[k] += 1
    return start, pos, lev


@jit
def _root(parent, a):
    while parent[a] != a:
        parent[a] = parent[parent[a]]  # path halving
        a = parent[a]
    return a


@jit
def skeleton_lines(n, rows, cols, border):
    """Diagonal-line histogram of the upper triangle after the tangential-motion correction.

    Kraemer & Marwan (2019): lines on neighbouring diagonals that touch
    (a point of one is the horizontal or vertical neighbour of a point of
    the other) stem from one stretch of tangential motion; deleting, from
    the longest line on, every line that touches a kept one (and,
    recursively, the lines touching those) keeps one line per connected
    cluster of touching lines: its longest (the first of equal ones by
    diagonal, then row). A line ``[a, b]`` on diagonal ``k`` touches one
    ``[c, d]`` on diagonal ``k + 1`` when ``[a - 1, b]`` and ``[c, d]``
    overlap. ``border`` True then leaves out kept lines touching the plot's edge.
    """
    start, pos, _ = _by_diagonal(n, rows, cols, np.zeros(rows.size, np.int32))
    # the lines: first row and length, grouped by diagonal in row order
    first = np.empty(rows.size, np.int64)
    length = np.empty(rows.size, np.int64)
    line_k = np.empty(rows.size, np.int64)
    line_start = np.zeros(n + 1, np.int64)
    count = 0
    for k in range(1, n):
        line_start[k] = count
        e = start[k]
        while e < start[k + 1]:
            f = e + 1
            while f < start[k + 1] and pos[f] == pos[f - 1] + 1:
                f += 1
            first[count], length[count], line_k[count] = pos[e], f - e, k
            count += 1
            e = f
    line_start[n] = count
    parent = np.arange(count)
    for k in range(1, n - 1):
        p, p_end = line_start[k], line_start[k + 1]
        q, q_end = line_start[k + 1], line_start[k + 2]
        while p < p_end and q < q_end:
            a, b = first[p] - 1, first[p] + length[p] - 1
            c, d = first[q], first[q] + length[q] - 1
            if max(a, c) <= min(b, d):
                ra, rb = _root(parent, p), _root(parent, q)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            if b < d:
                p += 1
            else:
                q += 1
    best = np.full(count, -1, np.int64)
    for e in range(count):
        r = _root(parent, e)
        if best[r] < 0 or length[e] > length[best[r]]:
            best[r] = e
    diagonal = np.zeros(n + 1, np.int64)
    for r in range(count):
        e = best[r]
        if e >= 0:
            touches = first[e] == 0 or first[e] + length[e] - 1 + line_k[e] == n - 1
            if not (border and touches):
                diagonal[length[e]] += 1
    return diagonal


@jit
def scan_lines(n, rows, cols, levels, n_levels, border):
    """Histograms at every level of pairs ``rows < cols`` given in row order, with their level.

    Returns ``(diagonal, vertical, white, per_diagonal)`` shaped ``(n_levels, n + 1)``
    (``per_diagonal``: ``(n_levels, n)``), each row the histogram of :func:`stream_lines`
    at that level.
    """
    size = rows.size
    # (length, level) layouts: the short lines that dominate stay in a few cache lines
    diff_d = np.zeros((n + 1, n_levels + 1), np.int64)
    diff_v = np.zeros((n + 1, n_levels + 1), np.int64)
    diff_w = np.zeros((n + 1, n_levels + 1), np.int64)
    per_diagonal = np.zeros((n, n_levels + 1), np.int64)
    stack = np.empty(n + 1, np.int64)
    start, pos, lev = _by_diagonal(n, rows, cols, levels)
    for k in range(1, n):
        for e in range(start[k], start[k + 1]):
            per_diagonal[k, lev[e]] += 1
        _black_segments(pos, lev, start[k], start[k + 1], n_levels, 0, n - 1 - k, border, diff_d, stack)
    # Columns of the symmetric plot, rows ascending. Column c holds the rows r < c of the pairs
    # (r, c), ascending once the pairs are grouped by column (they come in row order), then the
    # rows r > c of the pairs (c, r): row c's own partners, sorted here. Each column is
    # assembled in a buffer of its own, so only the grouping by column scatters in memory.
    by_col = _offsets(cols, n)
    fill = by_col[:-1].copy()
    col_rows = np.empty(size, np.int32)
    col_lev = np.empty(size, np.int32)
    for e in range(size):
        j = cols[e]
        col_rows[fill[j]] = rows[e]
        col_lev[fill[j]] = levels[e]
        fill[j] += 1
    by_row = _offsets(rows, n)
    buf_pos = np.empty(n, np.int32)
    buf_lev = np.empty(n, np.int32)
    keys = np.empty(n, np.int64)
    for c in range(n):
        m = 0
        for e in range(by_col[c], by_col[c + 1]):
            buf_pos[m] = col_rows[e]
            buf_lev[m] = col_lev[e]
            m += 1
        lo, hi = by_row[c], by_row[c + 1]
        for e in range(lo, hi):
            # (column, level) in one key: the columns of a row are distinct, so this sorts by column
            keys[e - lo] = np.int64(cols[e]) * n_levels + levels[e]
        part = keys[: hi - lo]
        part.sort()
        for q in range(hi - lo):
            buf_pos[m] = part[q] // n_levels
            buf_lev[m] = part[q] % n_levels
            m += 1
        _black_segments(buf_pos, buf_lev, 0, m, n_levels, 0, n - 1, border, diff_v, stack)
        _white_runs(buf_pos, buf_lev, 0, m, c, n_levels, diff_w, stack)
    # running sums over the levels, in place along the contiguous axis
    for length in range(n + 1):
        for t in range(1, n_levels):
            diff_d[length, t] += diff_d[length, t - 1]
            diff_v[length, t] += diff_v[length, t - 1]
            diff_w[length, t] += diff_w[length, t - 1]
            if length < n:
                per_diagonal[length, t] += per_diagonal[length, t - 1]
    return (
        diff_d[:, :n_levels].T,
        diff_v[:, :n_levels].T,
        diff_w[:, :n_levels].T,
        per_diagonal[:, :n_levels].T,
    )


@jit
def cross_pairs(grid, n_x, eps, metric):
    """Pairs of a point ``i < n_x`` and a point ``j >= n_x`` of the grid within ``eps``.

    The grid holds the points of two series one after the other. Returns int32
    ``(i, j - n_x)``, rows ascending and columns ascending within a row.
    """
    n = grid[0].shape[0]
    cap = max(16, 4 * n)
    rows = np.empty(cap, np.int32)
    cols = np.empty(cap, np.int32)
    idx = np.empty(n, np.int64)
    dist = np.empty(n)
    total = 0
    for i in range(n_x):
        # theiler -1: every partner counts, i itself is one of the first series
        count = _row_neighbours(grid, i, eps, metric, -1, idx, dist)
        first = total
        for q in range(count):
            if idx[q] >= n_x:
                if total == cap:
                    cap *= 2
                    rows = _grown(rows, cap, total)
                    cols = _grown(cols, cap, total)
                rows[total] = i
                cols[total] = idx[q] - n_x
                total += 1
        cols[first:total] = np.sort(cols[first:total])
    return rows[:total], cols[:total]


@jit
def cross_lines(n_x, n_y, rows, cols, border):
    """Diagonal, vertical and white vertical line histograms of an ``(n_x, n_y)`` plot.

    ``rows``/``cols``: the recurrent points, rows ascending. Every diagonal of
    the plot counts (a cross plot has no symmetry and no line of identity);
    white lines are the gaps between two recurrent points of a column.
    ``border`` True leaves out the black lines that touch the plot's edge.
    """
    size = max(n_x, n_y) + 1
    diagonal = np.zeros(size, np.int64)
    vertical = np.zeros(size, np.int64)
    white = np.zeros(size, np.int64)
    col = np.zeros((n_y, 2), np.int64)
    col[:, 0] = -2
    # diagonal d = j - i, stored at d + n_x - 1
    diag = np.zeros((n_x + n_y - 1, 2), np.int64)
    diag[:, 0] = -2
    for e in range(rows.size):
        i, j = rows[e], cols[e]
        last, length = col[j, 0], col[j, 1]
        if last == i - 1:
            col[j, 1] = length + 1
        else:
            if last >= 0:
                if not (border and last - length + 1 == 0):
                    vertical[length] += 1
                white[i - last - 1] += 1
            col[j, 1] = 1
        col[j, 0] = i
        d = j - i
        k = d + n_x - 1
        last, length = diag[k, 0], diag[k, 1]
        if last == i - 1:
            diag[k, 1] = length + 1
        else:
            if last >= 0:
                start = last - length + 1
                if not (border and (start == 0 or start + d == 0)):
                    diagonal[length] += 1
            diag[k, 1] = 1
        diag[k, 0] = i
    for j in range(n_y):
        last, length = col[j, 0], col[j, 1]
        if last >= 0 and not (border and (last == n_x - 1 or last - length + 1 == 0)):
            vertical[length] += 1
    for k in range(n_x + n_y - 1):
        last, length = diag[k, 0], diag[k, 1]
        d = k - (n_x - 1)
        start = last - length + 1
        edge = last == n_x - 1 or last + d == n_y - 1 or start == 0 or start + d == 0
        if last >= 0 and not (border and edge):
            diagonal[length] += 1
    return diagonal, vertical, white


@jit
def neighbour_triangles(indptr, indices):
    """For each node of a symmetric CSR graph: ordered pairs of its neighbours that are linked (2 x its triangles)."""
    n = indptr.size - 1
    mark = np.zeros(n, np.bool_)
    out = np.zeros(n, np.int64)
    for i in range(n):
        for e in range(indptr[i], indptr[i + 1]):
            mark[indices[e]] = True
        t = 0
        for e in range(indptr[i], indptr[i + 1]):
            j = indices[e]
            for f in range(indptr[j], indptr[j + 1]):
                if mark[indices[f]]:
                    t += 1
        out[i] = t
        for e in range(indptr[i], indptr[i + 1]):
            mark[indices[e]] = False
    return out


@jit
def cross_distances(points, n_x, step, metric):
    """Distances between the points ``0, step ... < n_x`` and ``n_x, n_x + step ...`` (two series one after the other)."""
    a = np.arange(0, n_x, step)
    b = np.arange(n_x, points.shape[0], step)
    out = np.empty(a.size * b.size)
    for p in range(a.size):
        for q in range(b.size):
            out[p * b.size + q] = _distance(points, a[p], b[q], metric)
    return out


@over_chunks
def path_sums(sources, lo, hi, indptr, indices, total, reached):
    """Breadth-first search from ``sources[lo:hi]`` over a CSR graph.

    Writes, per source, the sum of the shortest path lengths (in links) to
    every node it reaches into ``total`` and the number of those nodes (itself
    included, at length 0) into ``reached``. Scratch space is allocated once
    per chunk of sources.
    """
    n = indptr.size - 1
    dist = np.full(n, -1, np.int64)
    queue = np.empty(n, np.int64)
    for s in range(lo, hi):
        src = sources[s]
        dist[src] = 0
        queue[0] = src
        head, tail, acc = 0, 1, 0
        while head < tail:
            u = queue[head]
            head += 1
            du = dist[u]
            acc += du
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                if dist[v] < 0:
                    dist[v] = du + 1
                    queue[tail] = v
                    tail += 1
        total[s] = acc
        reached[s] = tail
        for q in range(tail):
            dist[queue[q]] = -1
