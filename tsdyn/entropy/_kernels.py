"""Numba kernels of the entropy engine: template matching on one 1-D float64 series, row drivers.

Template matching (sample and approximate entropy) never forms the pair
matrix: templates are binned on a grid of cells of side at least ``r`` over
their first one or two coordinates, sorted by cell, and each template is
compared only with the templates of its own and the eight neighbouring
cells (a match within ``r`` in every coordinate cannot lie further away).
Memory is a few arrays of the series' length, and the work is proportional
to the number of near pairs rather than to all N² pairs.
"""

from __future__ import annotations

import math

import numpy as np

from tsdyn._numba import jit, over_rows

CHEBYSHEV, EUCLIDEAN, MANHATTAN = 0, 1, 2
METRICS = {"chebyshev": CHEBYSHEV, "euclidean": EUCLIDEAN, "manhattan": MANHATTAN}

# a cell index per axis stays below 2**24, so the cell key fits an int64
_MAX_CELLS = float(2**24)


@jit
def _templates(x, m, tau, n_templates, need_next):
    """Starts of the templates without NaN, and their m + 1 coordinates (one row per coordinate).

    Coordinate ``m`` (the sample after the template) is +inf where it is
    missing or NaN, so that it never matches; with ``need_next`` such
    templates are left out altogether (sample entropy compares the same
    templates at both lengths).
    """
    n = x.size
    keep = np.empty(n_templates, np.int64)
    k = 0
    for i in range(n_templates):
        ok = True
        for j in range(m):
            if math.isnan(x[i + j * tau]):
                ok = False
        if need_next and (i + m * tau >= n or math.isnan(x[i + m * tau])):
            ok = False
        if ok:
            keep[k] = i
            k += 1
    y = np.empty((m + 1, k))
    for t in range(k):
        i = keep[t]
        for j in range(m):
            y[j, t] = x[i + j * tau]
        nxt = x[i + m * tau] if i + m * tau < n else np.nan
        y[m, t] = np.inf if math.isnan(nxt) else nxt
    return y


@jit
def _cells(y, r, axes):
    """Sort order of the templates by grid cell, their sorted keys and the key row width."""
    k = y.shape[1]
    h = r
    lows = np.zeros(2)
    for a in range(axes):
        lo = y[a].min()
        span = y[a].max() - lo
        lows[a] = lo
        # a cell wider than r is still correct (more candidates); it keeps the keys small
        h = max(h, span / _MAX_CELLS)
    if h <= 0.0:
        h = 1.0
    ga = np.empty(k, np.int64)
    gb = np.ones(k, np.int64)
    width = np.int64(3)
    for t in range(k):
        ga[t] = np.int64((y[0, t] - lows[0]) / h)
    if axes == 2:
        for t in range(k):
            gb[t] = np.int64((y[1, t] - lows[1]) / h) + 1
        width = gb.max() + 2
    keys = ga * width + gb
    order = np.argsort(keys)
    return order, keys[order], width


@jit
def match_counts(x, m, tau, r, metric, n_templates, need_next, per_template):
    """Template matches at lengths m and m + 1; a match is a distance ``<= r``.

    With ``per_template`` (approximate entropy) every template is compared
    with its whole neighbourhood, itself included, and the result is
    ``(k, k1, log_m, log_m1)``: the numbers of templates of length m and
    m + 1 (those whose next sample exists) and the sums over them of
    ``log(matches / templates)``. Without it (sample entropy) each pair is
    visited once and the result is ``(k, k1, pairs_m, pairs_m1)``.
    """
    y0 = _templates(x, m, tau, n_templates, need_next)
    k = y0.shape[1]
    if k == 0:
        return 0, 0, 0.0, 0.0
    axes = 2 if m >= 2 else 1
    order, keys, width = _cells(y0, r, axes)
    y = np.empty_like(y0)
    for j in range(m + 1):
        for t in range(k):
            y[j, t] = y0[j, order[t]]
    k1 = 0
    for t in range(k):
        k1 += y[m, t] != np.inf
    rr = r * r if metric == EUCLIDEAN else r
    total_m = 0.0
    total_m1 = 0.0
    start = 0
    while start < k:
        stop = start
        while stop < k and keys[stop] == keys[start]:
            stop += 1
        a = keys[start] // width
        b = keys[start] % width
        # the three cells b-1, b, b+1 of a row have consecutive keys: one run each
        lows = np.empty(3, np.int64)
        highs = np.empty(3, np.int64)
        for da in range(-1, 2):
            lows[da + 1] = np.searchsorted(keys, (a + da) * width + b - 1)
            highs[da + 1] = np.searchsorted(keys, (a + da) * width + b + 1, side="right")
        for i in range(start, stop):
            if per_template:
                c_m = 0
                c_m1 = 0
                for run in range(3):
                    s_m, s_m1 = _scan(y, i, lows[run], highs[run], m, rr, metric)
                    c_m += s_m
                    c_m1 += s_m1
                total_m += math.log(c_m / k)
                if y[m, i] != np.inf:
                    total_m1 += math.log(c_m1 / k1)
            else:
                # each pair once: the later templates of this cell and the next one, and the next row
                s_m, s_m1 = _scan(y, i, i + 1, highs[1], m, rr, metric)
                total_m += s_m
                total_m1 += s_m1
                s_m, s_m1 = _scan(y, i, lows[2], highs[2], m, rr, metric)
                total_m += s_m
                total_m1 += s_m1
        start = stop
    return k, k1, total_m, total_m1


@jit(inline="always")
def _step(d, e, metric):
    """Fold the distance ``e`` of one more coordinate into the distance ``d``."""
    if metric == CHEBYSHEV:
        return e if e > d else d
    if metric == EUCLIDEAN:
        return d + e * e
    return d + e


@jit
def _scan(y, i, lo, hi, m, rr, metric):
    """Matches of template ``i`` among templates ``lo:hi`` at lengths m and m + 1.

    One fused loop over the candidates: the first two coordinates always,
    further ones only for candidates still within ``r``. The default case
    (Chebyshev, m <= 2) takes a loop without branches that LLVM vectorises,
    several times faster.
    """
    if metric == CHEBYSHEV and m <= 2:
        return _scan_chebyshev(y[0], y[min(1, m)], y[m], y[0, i], y[min(1, m), i], y[m, i], lo, hi, rr)
    v0 = y[0, i]
    v1 = y[min(1, m), i]
    vm = y[m, i]
    first = y[0, lo:hi]
    second = y[min(1, m), lo:hi]
    last = y[m, lo:hi]
    s_m = 0
    s_m1 = 0
    for t in range(max(hi - lo, 0)):
        d = _step(0.0, abs(first[t] - v0), metric)
        if m >= 2:
            d = _step(d, abs(second[t] - v1), metric)
            if m >= 3 and d <= rr:
                for j in range(2, m):
                    d = _step(d, abs(y[j, lo + t] - y[j, i]), metric)
        s_m += d <= rr
        # an infinite next sample makes this inf (or NaN against itself): never a match
        s_m1 += _step(d, abs(last[t] - vm), metric) <= rr
    return s_m, s_m1


@jit
def _scan_chebyshev(first, second, last, v0, v1, vm, lo, hi, r):
    """:func:`_scan` for the Chebyshev distance and m <= 2 (m = 1 passes the first coordinate twice)."""
    s_m = 0
    s_m1 = 0
    # slices indexed from 0: a loop from lo would keep numba's negative-index check and not vectorise
    a, b, c = first[lo:hi], second[lo:hi], last[lo:hi]
    for t in range(max(hi - lo, 0)):
        d = max(abs(a[t] - v0), abs(b[t] - v1))
        s_m += d <= r
        s_m1 += max(d, abs(c[t] - vm)) <= r
    return s_m, s_m1


@jit
def sample_entropy_row(x, m, tau, r, metric):
    """Sample entropy of one series: ``-log(B / A)``, A and B the matching pairs at lengths m and m + 1."""
    _, _, pairs_m, pairs_m1 = match_counts(x, m, tau, r, metric, x.size - m * tau, True, False)
    if pairs_m == 0:
        return np.nan
    if pairs_m1 == 0:
        return np.inf
    # log(A / B) rather than -log(B / A): a constant series gives 0.0, not -0.0
    return math.log(pairs_m / pairs_m1)


@jit
def approximate_entropy_row(x, m, tau, r, metric):
    """Approximate entropy of one series: ``phi_m - phi_{m+1}``, phi the mean log fraction of matches."""
    k, k1, log_m, log_m1 = match_counts(x, m, tau, r, metric, x.size - (m - 1) * tau, False, True)
    if k == 0 or k1 == 0:
        return np.nan
    return log_m / k - log_m1 / k1


# the radius is an input by row (0.2 std of each series by default); NaN marks a row to
# leave NaN (a series with NaN under nan_policy="propagate")
@over_rows(inputs=2)
def sample_entropy_rows(x, radius, m, tau, metric, out):
    """:func:`sample_entropy_row` of every row with its own radius, into ``out[:, 0]``."""
    out[0] = np.nan if math.isnan(radius) else sample_entropy_row(x, m, tau, radius, metric)


@over_rows(inputs=2)
def approximate_entropy_rows(x, radius, m, tau, metric, out):
    """:func:`approximate_entropy_row` of every row with its own radius, into ``out[:, 0]``."""
    out[0] = np.nan if math.isnan(radius) else approximate_entropy_row(x, m, tau, radius, metric)


@jit
def lempel_ziv_row(s):
    """Lempel-Ziv (1976) complexity of a symbol sequence: the number of phrases of its parsing.

    The scan of Kaspar & Schuster (1987, Phys. Rev. A 36, 842): phrase by
    phrase, the longest copy of the coming symbols that starts in the part
    already parsed is found; a phrase ends one symbol after it.
    """
    n = s.size
    if n < 2:
        return float(n)
    count = 1
    parsed = 1  # length of the parsed prefix
    start = 0  # start of the candidate copy in the prefix
    length = 1  # length of the current match
    longest = 1
    while True:
        if s[start + length - 1] == s[parsed + length - 1]:
            length += 1
            if parsed + length > n:
                count += 1
                break
        else:
            longest = max(longest, length)
            start += 1
            if start == parsed:
                count += 1
                parsed += longest
                if parsed + 1 > n:
                    break
                start = 0
                longest = 1
            length = 1
    return float(count)


@jit
def _fuzzy_similarity(x, m, tau, n_templates, r, power):
    """Mean fuzzy similarity exp(-d**power / r) over pairs of the first ``n_templates`` templates.

    ``d`` is the Chebyshev distance of the templates after each has its own mean
    removed (Chen et al. 2007). All N² / 2 pairs: the membership has no cut-off.
    """
    base = np.empty((n_templates, m))
    for i in range(n_templates):
        mean = 0.0
        for k in range(m):
            mean += x[i + k * tau]
        mean /= m
        for k in range(m):
            base[i, k] = x[i + k * tau] - mean
    total = 0.0
    for i in range(n_templates - 1):
        for j in range(i + 1, n_templates):
            d = 0.0
            for k in range(m):
                e = abs(base[i, k] - base[j, k])
                if e > d:
                    d = e
            total += math.exp(-(d**power) / r)
    return total / (n_templates * (n_templates - 1) / 2.0)


@jit
def fuzzy_entropy_row(x, m, tau, r, power):
    """Fuzzy entropy of one series: ``log phi_m - log phi_{m+1}`` over the same N - m tau templates."""
    n_templates = x.size - m * tau
    if r == 0.0:
        return 0.0  # a constant series: every pair is identical at both lengths
    phi_m = _fuzzy_similarity(x, m, tau, n_templates, r, power)
    phi_m1 = _fuzzy_similarity(x, m + 1, tau, n_templates, r, power)
    return math.log(phi_m) - math.log(phi_m1)


@over_rows(inputs=2)
def fuzzy_entropy_rows(x, radius, m, tau, power, out):
    """:func:`fuzzy_entropy_row` of every row with its own ``r``, into ``out[:, 0]``."""
    out[0] = np.nan if math.isnan(radius) else fuzzy_entropy_row(x, m, tau, radius, power)
