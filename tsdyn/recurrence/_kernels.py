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
``border`` is a code of :data:`BORDERS`: what happens to the black lines that
touch the plot's edge (Kraemer & Marwan 2019).

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
#: border codes of the kernels: lines touching the plot's edge counted as any other, left
#: out, or left out but for the longest of them (one per histogram)
BORDERS = {"keep": 0, "discard": 1, "longest": 2}


@jit
def _count(hist, length, touches, border, longest):
    """Count a black line of ``length`` in ``hist`` by the border rule; return the longest line
    touching the edge held back so far (``border`` 2 counts it once, at the end)."""
    if touches and border != 0:
        return max(longest, length) if border == 2 else longest
    hist[length] += 1
    return longest


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
    recurrent points on each diagonal ``k = j - i``.
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
    edge_d = edge_v = 0  # the longest lines touching the edge, held back
    for i in range(n):
        count = _row_neighbours(grid, i, eps, metric, theiler, idx, dist)
        for q in range(count):
            j = idx[q]
            last, length = col[j, 0], col[j, 1]
            if last == i - 1:
                col[j, 1] = length + 1
            else:
                if last >= 0:
                    edge_v = _count(vertical, length, last - length + 1 == 0, border, edge_v)
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
                    if last >= 0:
                        edge_d = _count(diagonal, length, last - length + 1 == 0, border, edge_d)
                    diag[k, 1] = 1
                diag[k, 0] = i
    for j in range(n):
        last, length = col[j, 0], col[j, 1]
        if last >= 0:
            edge_v = _count(vertical, length, last == n - 1 or last - length + 1 == 0, border, edge_v)
    for k in range(1, n):
        last, length = diag[k, 0], diag[k, 1]
        if last >= 0:
            edge_d = _count(diagonal, length, last + k == n - 1 or last - length + 1 == 0, border, edge_d)
    if edge_d > 0:
        diagonal[edge_d] += 1
    if edge_v > 0:
        vertical[edge_v] += 1
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
def _black_lines(keys, start, stop, shift, n_levels, low, high, border, diff, edge, stack):
    """Add the black lines of ``keys[start:stop]`` at every level to ``diff``; return the longest.

    ``keys``: packed ``position << shift | level``, positions ascending. A
    line at level ``t`` is a maximal stretch of consecutive positions whose
    levels are all ``<= t``: the span of a node of the max-Cartesian tree of
    a stretch of consecutive positions (a gap is never recurrent). It is born
    at the node's level and dies at the smaller level of the two elements
    bounding the span (never, where the stretch ends). One pass with a stack
    of non-increasing levels: an element leaves the stack when a higher one
    arrives (its right bound) and the element under it is its left bound.
    Equal levels: the left neighbour bounds with ``>=``, the right one with
    ``>``, so a span shared by equal levels is counted once. A line touches
    the edge when its first position is ``low`` or its last ``high``; with
    ``border`` 2 ``edge[t]`` keeps the longest of those at level ``t``
    (one spine of the tree at each end: their levels do not overlap).
    """
    mask = (1 << shift) - 1
    longest = 0
    top = 0
    seg = start  # first element of the current stretch of consecutive positions
    for e in range(start, stop + 1):
        # a new stretch (or the end) closes every span of the current one
        ends = e == stop or (e > start and keys[e] >> shift != (keys[e - 1] >> shift) + 1)
        level = n_levels if ends else keys[e] & mask
        # stack[0]: elements, stack[1]: their levels
        while top > 0 and (ends or stack[1, top - 1] < level):
            node_level = stack[1, top - 1]
            top -= 1
            first = seg if top == 0 else stack[0, top - 1] + 1
            death = level if top == 0 else min(level, stack[1, top - 1])
            if death > node_level:
                length = e - first
                p = keys[first] >> shift
                if border != 0 and (p == low or p + length - 1 == high):
                    if border == 2:
                        for t in range(node_level, death):
                            edge[t] = max(edge[t], length)
                        longest = max(longest, length)
                else:
                    diff[length, node_level] += 1
                    if death < n_levels:
                        diff[length, death] -= 1
                    longest = max(longest, length)
        if ends:
            seg = e
        if e < stop:
            stack[0, top] = e
            stack[1, top] = keys[e] & mask
            top += 1
    return longest


@jit
def _white_lines(keys, start, stop, shift, n_levels, diff, stack):
    """Add the gaps between recurrent positions of ``keys[start:stop]`` (packed as for
    :func:`_black_lines`) at every level to ``diff``; return the longest.

    Two elements ``a < b`` are consecutive recurrent points at level ``t`` when
    both levels are ``<= t`` and every element between is above ``t``: for
    ``t`` from ``max(lev[a], lev[b])`` up to the smallest level between them.
    Those pairs are the ones a stack of increasing levels meets (O(n) in all).
    """
    mask = (1 << shift) - 1
    longest = 0
    top = 0
    for b in range(start, stop):
        level_b = keys[b] & mask
        pos_b = keys[b] >> shift
        between = n_levels
        # stack[0]: positions, stack[1]: their levels
        while top > 0:
            level_a = stack[1, top - 1]
            popped = level_a >= level_b
            born = level_a if popped else level_b
            gap = pos_b - stack[0, top - 1] - 1
            if between > born and gap > 0:
                diff[gap, born] += 1
                if between < n_levels:
                    diff[gap, between] -= 1
                longest = max(longest, gap)
            if not popped:
                break
            top -= 1
            between = level_a
        stack[0, top] = pos_b
        stack[1, top] = level_b
        top += 1
    return longest


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
def _by_diagonal(n_diagonals, d_lo, rows, cols, levels, shift, out):
    """Write the pairs grouped by diagonal ``d = j - i`` (``d_lo`` the first) into ``out`` as
    ``row << shift | level``, rows ascending within a diagonal; return each diagonal's offset.

    Pairs come in row order, so a counting sort by ``d`` keeps the rows
    ascending. One packed value per pair: one scattered write instead of two.
    """
    start = np.zeros(n_diagonals + 1, np.int64)
    for e in range(rows.size):
        start[cols[e] - rows[e] - d_lo + 1] += 1
    for q in range(n_diagonals):
        start[q + 1] += start[q]
    fill = start[:-1].copy()
    for e in range(rows.size):
        q = cols[e] - rows[e] - d_lo
        out[fill[q]] = (rows[e] << shift) | levels[e]
        fill[q] += 1
    return start


@jit
def _root(parent, a):
    while parent[a] != a:
        parent[a] = parent[parent[a]]  # path halving
        a = parent[a]
    return a


@jit
def skeleton_lines(n_x, n_y, d_lo, rows, cols, border):
    """Diagonal-line histogram after the tangential-motion correction.

    The pairs ``(rows, cols)`` (row order) lie on the diagonals ``d = j - i``
    from ``d_lo`` to ``n_y - 1`` of an ``(n_x, n_y)`` plot: the upper
    triangle of a recurrence plot (``d_lo = 1``) or a whole cross plot.
    Kraemer & Marwan (2019): lines on neighbouring diagonals that touch
    (a point of one is the horizontal or vertical neighbour of a point of
    the other) stem from one stretch of tangential motion; deleting, from
    the longest line on, every line that touches a kept one (and,
    recursively, the lines touching those) keeps one line per connected
    cluster of touching lines: its longest (the first of equal ones by
    diagonal, then row). A line ``[a, b]`` (rows) on diagonal ``d`` touches
    one ``[c, e]`` on diagonal ``d + 1`` when ``[a - 1, b]`` and ``[c, e]``
    overlap. ``border`` then applies to the kept lines.
    """
    n_diagonals = n_y - d_lo
    pos = np.empty(rows.size, np.int32)
    start = _by_diagonal(n_diagonals, d_lo, rows, cols, np.zeros(rows.size, np.int32), 0, pos)
    # the lines: first row and length, grouped by diagonal in row order
    first = np.empty(rows.size, np.int64)
    length = np.empty(rows.size, np.int64)
    line_d = np.empty(rows.size, np.int64)
    line_start = np.zeros(n_diagonals + 1, np.int64)
    count = 0
    for q in range(n_diagonals):
        line_start[q] = count
        e = start[q]
        while e < start[q + 1]:
            f = e + 1
            while f < start[q + 1] and pos[f] == pos[f - 1] + 1:
                f += 1
            first[count], length[count], line_d[count] = pos[e], f - e, q + d_lo
            count += 1
            e = f
    line_start[n_diagonals] = count
    parent = np.arange(count)
    for q in range(n_diagonals - 1):
        p, p_end = line_start[q], line_start[q + 1]
        o, o_end = line_start[q + 1], line_start[q + 2]
        while p < p_end and o < o_end:
            a, b = first[p] - 1, first[p] + length[p] - 1
            c, d = first[o], first[o] + length[o] - 1
            if max(a, c) <= min(b, d):
                ra, rb = _root(parent, p), _root(parent, o)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            if b < d:
                p += 1
            else:
                o += 1
    best = np.full(count, -1, np.int64)
    for e in range(count):
        r = _root(parent, e)
        if best[r] < 0 or length[e] > length[best[r]]:
            best[r] = e
    diagonal = np.zeros(max(n_x, n_y) + 1, np.int64)
    edge = 0
    for r in range(count):
        e = best[r]
        if e >= 0:
            a, b, d = first[e], first[e] + length[e] - 1, line_d[e]
            touches = a == 0 or a + d == 0 or b == n_x - 1 or b + d == n_y - 1
            edge = _count(diagonal, length[e], touches, border, edge)
    if edge > 0:
        diagonal[edge] += 1
    return diagonal


def scan_lines(n, rows, cols, levels, n_levels, border):
    """Histograms at every level of pairs ``rows < cols`` given in row order, with their level.

    Returns ``(diagonal, vertical, white, per_diagonal)`` shaped ``(n_levels, L + 1)``
    (``L`` the longest line or gap at any level; ``per_diagonal``: ``(n_levels, n)``),
    each row the histogram of :func:`stream_lines` at that level.
    """
    shift = max(1, int(n_levels - 1).bit_length())
    # a position and its level packed into one int32 where they fit
    dtype = np.int32 if (n << shift) < 2**31 else np.int64
    return _scan_lines(n, rows, cols, levels, n_levels, shift, border, np.empty(rows.size, dtype))


@jit
def _scan_lines(n, rows, cols, levels, n_levels, shift, border, work):
    size = rows.size
    # (length, level) layouts: the short lines that dominate stay in a few cache lines
    diff_d = np.zeros((n + 1, n_levels), np.int64)
    diff_v = np.zeros((n + 1, n_levels), np.int64)
    diff_w = np.zeros((n + 1, n_levels), np.int64)
    per_diagonal = np.zeros((n, n_levels), np.int64)
    stack = np.empty((2, n + 1), np.int64)
    edge_d = np.zeros(n_levels, np.int64)
    edge_v = np.zeros(n_levels, np.int64)
    mask = (1 << shift) - 1
    longest = 0
    start = _by_diagonal(n, 0, rows, cols, levels, shift, work)
    for k in range(1, n):
        for e in range(start[k], start[k + 1]):
            per_diagonal[k, work[e] & mask] += 1
        longest = max(
            longest,
            _black_lines(
                work, start[k], start[k + 1], shift, n_levels, 0, n - 1 - k, border, diff_d, edge_d, stack
            ),
        )
    # The columns of the symmetric plot. The Theiler band (the line of identity at least) splits
    # column c into rows r < c, the pairs (r, c), and rows r > c, the pairs (c, r), and no line or
    # recurrence time crosses it: each part on its own. Row c's partners sorted by column come from
    # the pairs grouped by diagonal (k ascending, so columns ascending within a row) ...
    by_row = _offsets(rows, n)
    fill = by_row[:-1].copy()
    part = np.empty(size, work.dtype)
    for k in range(1, n):
        for e in range(start[k], start[k + 1]):
            r = work[e] >> shift
            part[fill[r]] = ((r + k) << shift) | (work[e] & mask)
            fill[r] += 1
    for r in range(n):
        lo, hi = by_row[r], by_row[r + 1]
        longest = max(
            longest, _black_lines(part, lo, hi, shift, n_levels, 0, n - 1, border, diff_v, edge_v, stack)
        )
        longest = max(longest, _white_lines(part, lo, hi, shift, n_levels, diff_w, stack))
    # ... and column c's rows r < c from the pairs in row order, grouped by column
    by_col = _offsets(cols, n)
    fill = by_col[:-1].copy()
    for e in range(size):
        part[fill[cols[e]]] = (rows[e] << shift) | levels[e]
        fill[cols[e]] += 1
    for c in range(n):
        lo, hi = by_col[c], by_col[c + 1]
        longest = max(
            longest, _black_lines(part, lo, hi, shift, n_levels, 0, n - 1, border, diff_v, edge_v, stack)
        )
        longest = max(longest, _white_lines(part, lo, hi, shift, n_levels, diff_w, stack))
    # running sums over the levels, in place along the contiguous axis
    for length in range(longest + 1):
        for t in range(1, n_levels):
            diff_d[length, t] += diff_d[length, t - 1]
            diff_v[length, t] += diff_v[length, t - 1]
            diff_w[length, t] += diff_w[length, t - 1]
    for k in range(n):
        for t in range(1, n_levels):
            per_diagonal[k, t] += per_diagonal[k, t - 1]
    for t in range(n_levels):
        if edge_d[t] > 0:
            diff_d[edge_d[t], t] += 1
        if edge_v[t] > 0:
            diff_v[edge_v[t], t] += 1
    top = longest + 1
    return diff_d[:top].T, diff_v[:top].T, diff_w[:top].T, per_diagonal.T


@jit
def line_stats(hist, minimum):
    """The statistics of each row of a ``(levels, lengths)`` line-length histogram (index = length).

    Returns ``(4, levels)``: the fraction of the points on lines ``>= minimum``,
    the mean length of those lines, the longest line (any length) and the
    Shannon entropy (nats) of the lengths of the lines ``>= minimum``; NaN
    where there is nothing to count. Lengths outer, levels inner: the
    histograms of :func:`scan_lines` are ``(lengths, levels)`` arrays transposed.
    """
    levels, size = hist.shape
    points = np.zeros(levels)
    on_long = np.zeros(levels)
    count = np.zeros(levels)
    longest = np.zeros(levels)
    for length in range(1, size):
        for r in range(levels):
            h = hist[r, length]
            if h > 0:
                points[r] += length * h
                longest[r] = length
                if length >= minimum:
                    on_long[r] += length * h
                    count[r] += h
    entropy = np.zeros(levels)
    for length in range(max(minimum, 1), size):
        for r in range(levels):
            h = hist[r, length]
            if h > 0:
                p = h / count[r]
                entropy[r] -= p * np.log(p)
    out = np.full((4, levels), np.nan)
    for r in range(levels):
        if points[r] > 0:
            out[0, r] = on_long[r] / points[r]
            out[2, r] = longest[r]
        if count[r] > 0:
            out[1, r] = on_long[r] / count[r]
            out[3, r] = entropy[r]
    return out


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
    """Diagonal, vertical and white vertical line histograms of an ``(n_x, n_y)`` plot, and the
    recurrent points of each diagonal ``d = j - i`` (at ``d + n_x - 1``).

    ``rows``/``cols``: the recurrent points, rows ascending. Every diagonal of
    the plot counts (a cross plot has no symmetry and no line of identity);
    white lines are the gaps between two recurrent points of a column.
    """
    size = max(n_x, n_y) + 1
    diagonal = np.zeros(size, np.int64)
    vertical = np.zeros(size, np.int64)
    white = np.zeros(size, np.int64)
    col = np.zeros((n_y, 2), np.int64)
    col[:, 0] = -2
    # diagonal d = j - i, stored at d + n_x - 1: last row, run length, recurrent points
    diag = np.zeros((n_x + n_y - 1, 3), np.int64)
    diag[:, 0] = -2
    edge_d = edge_v = 0
    for e in range(rows.size):
        i, j = rows[e], cols[e]
        last, length = col[j, 0], col[j, 1]
        if last == i - 1:
            col[j, 1] = length + 1
        else:
            if last >= 0:
                edge_v = _count(vertical, length, last - length + 1 == 0, border, edge_v)
                white[i - last - 1] += 1
            col[j, 1] = 1
        col[j, 0] = i
        d = j - i
        k = d + n_x - 1
        diag[k, 2] += 1
        last, length = diag[k, 0], diag[k, 1]
        if last == i - 1:
            diag[k, 1] = length + 1
        else:
            if last >= 0:
                start = last - length + 1
                edge_d = _count(diagonal, length, start == 0 or start + d == 0, border, edge_d)
            diag[k, 1] = 1
        diag[k, 0] = i
    for j in range(n_y):
        last, length = col[j, 0], col[j, 1]
        if last >= 0:
            edge_v = _count(vertical, length, last == n_x - 1 or last - length + 1 == 0, border, edge_v)
    for k in range(n_x + n_y - 1):
        last, length = diag[k, 0], diag[k, 1]
        d = k - (n_x - 1)
        start = last - length + 1
        if last >= 0:
            touches = last == n_x - 1 or last + d == n_y - 1 or start == 0 or start + d == 0
            edge_d = _count(diagonal, length, touches, border, edge_d)
    if edge_d > 0:
        diagonal[edge_d] += 1
    if edge_v > 0:
        vertical[edge_v] += 1
    return diagonal, vertical, white, diag[:, 2].copy()


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
