"""Compiled kernels of the early-warning engine.

Each kernel loops over one series row by row and writes into ``out``; the
rolling ones update their state in O(1) per step, so the cost does not grow
with the window. Every rolling kernel puts the value of the window
``[i - window + 1, i]`` at index ``i`` (the right edge) and writes NaN where
the window is incomplete or holds a NaN.

Numerical stability of the rolling moments: the window's central moments are
updated by adding the new point and removing the old one with the exact
inverse of the one-point update (Welford's update generalised to third and
fourth moments, Pébay 2008), and every ``window`` steps the state is rebuilt
from scratch with a two-pass sum over the current window. Round-off therefore
never accumulates over more than ``2 * window`` updates, and the rebuild costs
O(window) once per ``window`` steps: O(1) per step amortised. A window whose
sum of squares collapses (a huge value just left it) is rebuilt at once, so
its round-off cannot swamp what is left.
"""

from __future__ import annotations

import numpy as np

from tsdyn._numba import jit, over_rows

# --- rolling mean (compensated running sum) --------------------------------------------


@over_rows
def _move_mean(x, window, min_count, out):
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


def move_mean(a: np.ndarray, *, window: int, min_count: int, parallel: bool) -> np.ndarray:
    """Rolling mean of each row of ``a`` with the value at the window's right edge."""
    out = np.empty_like(a)
    _move_mean(a, window, min_count, out, parallel=parallel)
    return out


# A window whose sum of squares fell below _DROP times its largest value since
# the last rebuild (a spike left it) is rebuilt at once: the round-off of the
# spike, ~1e-16 of its size, would otherwise swamp what is left. Relative
# error stays below ~1e-16 / _DROP**2 in the fourth moment.
_DROP = 1e-3

# --- rolling central moments -----------------------------------------------------------


@jit(inline="always")
def _add_point(n, mean, m2, m3, m4, x):
    n1 = n + 1.0
    d = x - mean
    dn = d / n1
    dn2 = dn * dn
    t1 = d * dn * n
    mean += dn
    m4 += t1 * dn2 * (n1 * n1 - 3.0 * n1 + 3.0) + 6.0 * dn2 * m2 - 4.0 * dn * m3
    m3 += t1 * dn * (n1 - 2.0) - 3.0 * dn * m2
    m2 += t1
    return n1, mean, m2, m3, m4


@jit(inline="always")
def _remove_point(n, mean, m2, m3, m4, x):
    # exact inverse of _add_point: recover the state before x was added
    n0 = n - 1.0
    if n0 <= 0.0:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    d = (x - mean) * n / n0
    dn = d / n
    dn2 = dn * dn
    t1 = d * dn * n0
    mean0 = mean - dn
    m2_0 = m2 - t1
    m3_0 = m3 - (t1 * dn * (n - 2.0) - 3.0 * dn * m2_0)
    m4_0 = m4 - (t1 * dn2 * (n * n - 3.0 * n + 3.0) + 6.0 * dn2 * m2_0 - 4.0 * dn * m3_0)
    return n0, mean0, m2_0, m3_0, m4_0


@jit
def _window_moments(x, lo, hi):
    # two-pass central moments of the non-NaN values of x[lo:hi]
    n = 0.0
    s = 0.0
    for j in range(lo, hi):
        if not np.isnan(x[j]):
            n += 1.0
            s += x[j]
    if n == 0.0:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    mean = s / n
    c = 0.0
    m2 = 0.0
    m3 = 0.0
    m4 = 0.0
    for j in range(lo, hi):
        if not np.isnan(x[j]):
            d = x[j] - mean
            c += d
            d2 = d * d
            m2 += d2
            m3 += d2 * d
            m4 += d2 * d2
    mean += c / n  # second-pass correction of the mean's round-off
    return n, mean, m2, m3, m4


@over_rows(outputs=4)
def _moments(x, window, mean_o, m2_o, m3_o, m4_o):
    peak = 0.0
    n = 0.0
    mean = 0.0
    m2 = 0.0
    m3 = 0.0
    m4 = 0.0
    for i in range(x.shape[0]):
        v = x[i]
        if not np.isnan(v):
            n, mean, m2, m3, m4 = _add_point(n, mean, m2, m3, m4, v)
        if i >= window:
            old = x[i - window]
            if not np.isnan(old):
                n, mean, m2, m3, m4 = _remove_point(n, mean, m2, m3, m4, old)
        peak = max(peak, m2)
        if (i + 1) % window == 0 or m2 < _DROP * peak:
            n, mean, m2, m3, m4 = _window_moments(x, max(i + 1 - window, 0), i + 1)
            peak = m2
        if i >= window - 1 and n == window:
            mean_o[i] = mean
            m2_o[i] = m2
            m3_o[i] = m3
            m4_o[i] = m4
        else:
            mean_o[i] = np.nan
            m2_o[i] = np.nan
            m3_o[i] = np.nan
            m4_o[i] = np.nan


def rolling_moments(a: np.ndarray, *, window: int, parallel: bool):
    """Rolling mean and central sums ``M_p = sum (x - mean)^p`` (p = 2, 3, 4) of each row.

    Returns four arrays shaped like ``a``; NaN where the window is incomplete or holds NaN.
    """
    outs = tuple(np.empty_like(a) for _ in range(4))
    _moments(a, window, *outs, parallel=parallel)
    return outs


# --- rolling lagged pairs (autocorrelation, AR(1)) -------------------------------------


@jit(inline="always")
def _add_pair(p, ma, mb, sa, sb, c, a, b):
    p1 = p + 1.0
    da = a - ma
    db = b - mb
    ma += da / p1
    mb += db / p1
    sa += da * (a - ma)
    sb += db * (b - mb)
    c += da * (b - mb)
    return p1, ma, mb, sa, sb, c


@jit(inline="always")
def _remove_pair(p, ma, mb, sa, sb, c, a, b):
    p0 = p - 1.0
    if p0 <= 0.0:
        return 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    ma0 = ma - (a - ma) / p0
    mb0 = mb - (b - mb) / p0
    sa -= (a - ma0) * (a - ma)
    sb -= (b - mb0) * (b - mb)
    c -= (a - ma0) * (b - mb)
    return p0, ma0, mb0, sa, sb, c


@jit
def _window_pairs(x, lag, lo, hi):
    # two-pass statistics of the pairs (x[j - lag], x[j]) for j in [lo + lag, hi)
    p = 0.0
    sa_ = 0.0
    sb_ = 0.0
    for j in range(lo + lag, hi):
        a = x[j - lag]
        b = x[j]
        if not (np.isnan(a) or np.isnan(b)):
            p += 1.0
            sa_ += a
            sb_ += b
    if p == 0.0:
        return 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    ma = sa_ / p
    mb = sb_ / p
    sa = 0.0
    sb = 0.0
    c = 0.0
    for j in range(lo + lag, hi):
        a = x[j - lag]
        b = x[j]
        if not (np.isnan(a) or np.isnan(b)):
            sa += (a - ma) * (a - ma)
            sb += (b - mb) * (b - mb)
            c += (a - ma) * (b - mb)
    return p, ma, mb, sa, sb, c


@over_rows(outputs=5)
def _pairs(x, window, lag, ma_o, mb_o, sa_o, sb_o, c_o):
    p = 0.0
    ma = 0.0
    mb = 0.0
    sa = 0.0
    sb = 0.0
    c = 0.0
    peak = 0.0
    full = window - lag
    for i in range(x.shape[0]):
        if i >= lag:
            a = x[i - lag]
            b = x[i]
            if not (np.isnan(a) or np.isnan(b)):
                p, ma, mb, sa, sb, c = _add_pair(p, ma, mb, sa, sb, c, a, b)
        if i >= window:
            a = x[i - window]
            b = x[i - window + lag]
            if not (np.isnan(a) or np.isnan(b)):
                p, ma, mb, sa, sb, c = _remove_pair(p, ma, mb, sa, sb, c, a, b)
        peak = max(peak, sa, sb)
        if (i + 1) % window == 0 or min(sa, sb) < _DROP * peak:
            p, ma, mb, sa, sb, c = _window_pairs(x, lag, max(i + 1 - window, 0), i + 1)
            peak = max(sa, sb)
        if i >= window - 1 and p == full:
            ma_o[i] = ma
            mb_o[i] = mb
            sa_o[i] = sa
            sb_o[i] = sb
            c_o[i] = c
        else:
            ma_o[i] = np.nan
            mb_o[i] = np.nan
            sa_o[i] = np.nan
            sb_o[i] = np.nan
            c_o[i] = np.nan


def rolling_pairs(a: np.ndarray, *, window: int, lag: int, parallel: bool):
    """Rolling statistics of the lagged pairs ``(x[j - lag], x[j])`` inside each window.

    Returns the pair means ``ma``, ``mb``, the central sums of squares ``sa``,
    ``sb`` and the central cross sum ``c``, each shaped like ``a``.
    """
    outs = tuple(np.empty_like(a) for _ in range(5))
    _pairs(a, window, lag, *outs, parallel=parallel)
    return outs


# --- Kendall tau-b against time ---------------------------------------------------------


@jit
def _inversions(v, buf):
    # number of pairs i < j with v[i] > v[j] (strictly), by bottom-up merge sort
    n = v.shape[0]
    count = 0
    width = 1
    src = v
    dst = buf
    while width < n:
        for lo in range(0, n, 2 * width):
            mid = min(lo + width, n)
            hi = min(lo + 2 * width, n)
            i = lo
            j = mid
            k = lo
            while i < mid and j < hi:
                if src[i] <= src[j]:
                    dst[k] = src[i]
                    i += 1
                else:
                    dst[k] = src[j]
                    count += mid - i
                    j += 1
                k += 1
            while i < mid:
                dst[k] = src[i]
                i += 1
                k += 1
            while j < hi:
                dst[k] = src[j]
                j += 1
                k += 1
        src, dst = dst, src
        width *= 2
    return count, src


@jit
def _kendall_row(y, lo, hi):
    # tau-b of y[lo:hi] (NaN dropped) against its strictly increasing position
    m = 0
    for j in range(lo, hi):
        if not np.isnan(y[j]):
            m += 1
    if m < 2:
        return np.nan
    v = np.empty(m)
    k = 0
    for j in range(lo, hi):
        if not np.isnan(y[j]):
            v[k] = y[j]
            k += 1
    inv, s = _inversions(v, np.empty(m))
    # s is sorted: count tied pairs in y
    ties = 0
    run = 1
    for j in range(1, m):
        if s[j] == s[j - 1]:
            run += 1
        else:
            ties += run * (run - 1) // 2
            run = 1
    ties += run * (run - 1) // 2
    n0 = m * (m - 1) // 2
    if n0 == ties:
        return np.nan
    return (n0 - ties - 2.0 * inv) / np.sqrt(float(n0 - ties) * float(n0))


@over_rows(inputs=3)
def _kendall(y, lo, hi, out):
    out[0] = _kendall_row(y, lo, hi)


def kendall_tau(a: np.ndarray, *, lo, hi, parallel: bool) -> np.ndarray:
    """Kendall tau-b of each row of ``a`` over ``[lo, hi)`` against time (NaN dropped).

    ``lo`` and ``hi`` are integers or one integer per row. Time has no ties,
    so tau-b = (n0 - n1 - 2 * discordant) / sqrt((n0 - n1) * n0), with n1 the
    tied pairs of the indicator; the discordant pairs are the inversions a
    merge sort counts in O(n log n).
    """
    rows = a.shape[0]
    lo = np.broadcast_to(np.asarray(lo, dtype=np.int64), (rows,)).copy()
    hi = np.broadcast_to(np.asarray(hi, dtype=np.int64), (rows,)).copy()
    out = np.empty((rows, 1))
    _kendall(a, lo, hi, out, parallel=parallel)
    return out[:, 0]


# --- loess: local polynomial fits at every sample -------------------------------------------


@jit
def loess_fit(t, y, points, q, degree, boost):
    """R ``loess`` local fits at the sorted ``points``: value and slope at each.

    At a point z: weighted least squares of a polynomial of ``degree`` in
    ``u = (t - z) / h`` over the ``q`` nearest samples (a contiguous run of the
    sorted times ``t``), tricube weights ``(1 - |u|^3)^3``, ``h`` the distance
    to the q-th nearest times ``boost``; ``out[i] = (value, slope)`` of the
    fitted polynomial at z. ``u`` is scaled to [-1, 1] so that the normal
    equations stay well conditioned.
    """
    n = t.shape[0]
    k = degree + 1
    out = np.zeros((points.shape[0], 2))
    moments = np.empty(2 * degree + 1)
    rhs = np.empty(k)
    mat = np.empty((k, k))
    lo = 0
    for i in range(points.shape[0]):
        z = points[i]
        # slide the run of q nearest samples: drop the left end while the next right one is closer
        while lo + q < n and t[lo + q] - z < z - t[lo]:
            lo += 1
        h = max(abs(z - t[lo]), abs(t[lo + q - 1] - z)) * boost
        moments[:] = 0.0
        rhs[:] = 0.0
        for j in range(lo, lo + q):
            u = (t[j] - z) / h
            a = abs(u)
            if a >= 1.0:
                continue
            c = 1.0 - a * a * a
            p = c * c * c
            for m in range(2 * degree + 1):
                moments[m] += p
                if m < k:
                    rhs[m] += p * y[j]
                p *= u
        for r in range(k):
            for c2 in range(k):
                mat[r, c2] = moments[r + c2]
        coef = np.linalg.solve(mat, rhs)
        out[i, 0] = coef[0]
        if degree >= 1:
            out[i, 1] = coef[1] / h
    return out


# --- drift-diffusion-jump nonparametrics (Bandi & Nguyen / Johannes kernel moments) ----------


#: Levels per block of :func:`ddj_moments`: one ``exp`` per sample and block, products within it.
DDJ_BLOCK = 16


@over_rows
def ddj_moments(levels, x0, dx, bw, step, out):
    """Kernel-weighted moments of the increments ``dx`` at a block of equally spaced states.

    Gaussian weights ``K_j = exp(-(x0_j - a)^2 / (2 bw^2))`` of the states
    ``x0_j`` before each increment, at each state ``a = levels[i]`` (spacing
    ``step``); ``out[i]`` gets, each divided by ``sum K``: ``sum K dx^p`` for
    p = 1, 2, 4, 6, then ``sum K x0_{j+1}`` and ``sum K x0_{j+1}^2`` (the
    state after the step), then ``sum K`` itself.

    One ``exp`` per sample and block: along equally spaced states the weight
    obeys ``K(a + step) = K(a) exp(step d / bw^2 - step^2 / (2 bw^2))``
    (``d = x0_j - a``), and that factor itself shrinks by ``exp(-step^2 / bw^2)``
    per step. Within a block (``step <= bw / 4``, at most 16 steps) the
    products lose a few ulps, far below the 1e-10 agreement with R's direct
    ``exp``. A weight below 1e-300 at the block's first state (a sample more
    than 37 bandwidths away, or a denormal) is evaluated directly at each
    state instead, so no sample is lost to underflow.
    """
    nb = levels.shape[0]
    inv = 1.0 / (bw * bw)
    scale = -0.5 * inv
    recur = 16.0 * step * step <= bw * bw
    shrink = np.empty(nb)  # shrink[i] = exp(-i step^2 / bw^2): one rounding per factor
    for i in range(nb):
        shrink[i] = np.exp(-i * step * step * inv)
    acc = np.zeros((nb, 7))
    for j in range(dx.shape[0]):
        e = dx[j]
        e2 = e * e
        e4 = e2 * e2
        e6 = e4 * e2
        nxt = x0[j + 1]
        nxt2 = nxt * nxt
        d = x0[j] - levels[0]
        k = np.exp(scale * d * d)
        direct = not recur or k < 1e-300
        r = 0.0 if direct else np.exp(step * d * inv + scale * step * step)
        for i in range(nb):
            if i > 0:
                if direct:
                    d = x0[j] - levels[i]
                    arg = scale * d * d
                    k = np.exp(arg) if arg > -746.0 else 0.0
                else:
                    k *= r * shrink[i - 1]
            a = acc[i]
            a[0] += k
            a[1] += k * e
            a[2] += k * e2
            a[3] += k * e4
            a[4] += k * e6
            a[5] += k * nxt
            a[6] += k * nxt2
    for i in range(nb):
        a = acc[i]
        s0 = a[0]
        out[i, 0] = a[1] / s0
        out[i, 1] = a[2] / s0
        out[i, 2] = a[3] / s0
        out[i, 3] = a[4] / s0
        out[i, 4] = a[5] / s0
        out[i, 5] = a[6] / s0
        out[i, 6] = s0


# --- the BDS test's correlation integrals (Brock, Dechert, Scheinkman & LeBaron 1996) -------


@jit
def bds_counts(x, max_m, eps):
    """BDS correlation sums of ``x`` as tseries' ``bds.test`` counts them.

    Over the first ``nobs = n - max_m + 1`` samples: ``count`` ordered close
    pairs (``|x_i - x_j| <= eps``, i != j), ``phi = sum_i d_i (d_i - 1)`` (d_i
    the close neighbours of i, Dechert's k), and for m = 2..max_m the number
    of pairs i < j whose m-histories are all close. Returns
    ``(c1, k, c)`` with ``c[m]`` the m-dimensional correlation integral.
    """
    n = x.shape[0]
    nobs = n - max_m + 1
    degree = np.zeros(nobs)
    runs = np.zeros(max_m + 1)
    for i in range(nobs):
        for j in range(i + 1, nobs):
            length = 0
            while length < max_m and abs(x[i + length] - x[j + length]) <= eps:
                length += 1
            if length >= 1:
                degree[i] += 1.0
                degree[j] += 1.0
            for m in range(2, length + 1):
                runs[m] += 1.0
    count = 0.0
    phi = 0.0
    for i in range(nobs):
        count += degree[i]
        phi += degree[i] * (degree[i] - 1.0)
    dn = float(nobs)
    k = phi / (dn * (dn - 1.0) * (dn - 2.0))
    c1 = count / (dn * (dn - 1.0))
    c = np.empty(max_m + 1)
    c[0] = 1.0
    c[1] = c1
    for m in range(2, max_m + 1):
        c[m] = 2.0 * runs[m] / (dn * (dn - 1.0))
    return c1, k, c


# --- R earlywarnings' find.maxima -------------------------------------------------------------


@jit
def find_maxima(f):
    """Local maxima of ``f`` as R earlywarnings' ``find.maxima`` (1-based, plateaus at their middle).

    R walks ``f2 = c(Inf, -f, Inf)``: a run of non-increasing steps, then of
    equal ones, then an increase closes a maximum of ``f`` at the rounded
    (half to even) middle of the plateau.
    """
    size = f.shape[0] + 2
    f2 = np.empty(size)
    f2[0] = np.inf
    f2[size - 1] = np.inf
    for i in range(f.shape[0]):
        f2[i + 1] = -f[i]
    ops = np.empty(size, dtype=np.int64)
    count = 0
    cnt = 1
    while cnt < size:
        if f2[cnt] - f2[cnt - 1] <= 0:
            while f2[cnt] - f2[cnt - 1] <= 0:
                cnt += 1
            ind1 = cnt - 1
            while f2[cnt] - f2[cnt - 1] == 0:
                cnt += 1
            if f2[cnt] - f2[cnt - 1] > 0:
                ops[count] = round((ind1 + cnt - 1) / 2.0)
                count += 1
        cnt += 1
    return ops[:count]


@jit
def find_optima(f, deth, detl):
    """R earlywarnings' ``find.optima`` on one density ``f``: (maxima, minima), 1-based.

    ``detl`` is the lowest density of a maximum, ``deth`` the smallest drop
    from a maximum to a neighbouring minimum (both absolute). The steps and
    their order are R's, documented in :func:`tsdyn.ews.find_optima`; where
    R indexes merged maxima with the deletion flags of the unmerged ones,
    this does too (recycled, as R does).
    """
    found = find_maxima(f)
    maxima = np.empty(found.size, dtype=np.int64)
    nmax = 0
    for m in found:
        if f[m - 1] >= detl:
            maxima[nmax] = m
            nmax += 1
    maxima = maxima[:nmax]
    troughs = find_maxima(-f)
    minima = np.empty(max(nmax - 1, 0), dtype=np.int64)
    nmin = 0
    if nmax > 1:
        # the deepest minimum between two neighbouring maxima (the middle one of equal ones)
        for i in range(1, nmax):
            low = np.inf
            for m in troughs:
                if maxima[i - 1] <= m <= maxima[i] and f[m - 1] < low:
                    low = f[m - 1]
            if low < np.inf:
                total = 0.0
                count = 0
                for m in troughs:
                    if maxima[i - 1] <= m <= maxima[i] and f[m - 1] == low:
                        total += m
                        count += 1
                minima[nmin] = np.int64(np.rint(total / count))  # R's round: half to even
                nmin += 1
        first, last = maxima.min(), maxima.max()
        kept = 0
        for k in range(nmin):
            if first < minima[k] < last:
                minima[kept] = minima[k]
                kept += 1
        nmin = kept
    minima = minima[:nmin]
    delmini = np.zeros(nmin, dtype=np.bool_)
    delmaxi = np.zeros(nmax, dtype=np.bool_)
    for j in range(nmax):
        mx = maxima[j]
        above = -1  # the nearest kept minimum above mx, and below it
        below = -1
        for k in range(nmin):
            if not delmini[k]:
                if minima[k] > mx and (above < 0 or minima[k] < above):
                    above = minima[k]
                if minima[k] < mx and (below < 0 or minima[k] > below):
                    below = minima[k]
        if above < 0:
            above = below
        if below < 0:
            below = above
        if above >= 0 and min(f[mx - 1] - f[above - 1], f[mx - 1] - f[below - 1]) < deth:
            delmaxi[j] = True
            drop = above if f[above - 1] > f[below - 1] else below
            for k in range(nmin):
                if minima[k] == drop:
                    delmini[k] = True
    # explicit loops here and below, not array expressions: each of those compiles a loop of its own
    kept = 0
    for k in range(nmin):
        if not delmini[k]:
            minima[kept] = minima[k]
            kept += 1
    minima = minima[:kept]
    if nmax > 1:  # maxima with no minimum between them merge into one
        merged = np.empty(nmax, dtype=np.int64)
        nmerged = 0
        for i in range(nmax - 1):
            cnt = 0
            none_between = True
            while none_between and i + cnt < nmax - 1:
                cnt += 1
                for m in minima:
                    if maxima[i] < m < maxima[i + cnt]:
                        none_between = False
            top = -np.inf
            for m in maxima[i : i + cnt]:
                top = max(top, f[m - 1])
            total = 0.0
            count = 0
            for m in maxima[i : i + cnt]:
                if f[m - 1] == top:
                    total += m
                    count += 1
            merged[nmerged] = np.int64(np.rint(total / count))
            nmerged += 1
        last = True
        for k in range(nmerged):
            last = last and merged[k] != maxima[nmax - 1]
        if last:
            merged[nmerged] = maxima[nmax - 1]
            nmerged += 1
        maxima = merged[:nmerged]
    if maxima.size > 0:
        kept = 0
        for k in range(maxima.size):
            if not delmaxi[k % nmax]:
                maxima[kept] = maxima[k]
                kept += 1
        maxima = maxima[:kept]
    return maxima, minima


# --- R's density(): linear binning (BinDist) of weighted samples ------------------------------


@jit
def _bin_point(v, weight, lo, delta, m, out):
    # R's BinDist: the weight splits between the two grid neighbours of v; a point whose lower
    # neighbour is just outside (bin -1 or m - 1) keeps only the half that falls inside
    pos = (v - lo) / delta
    ix = np.floor(pos)
    fx = pos - ix
    i = int(ix)
    if 0 <= i <= m - 1:
        out[i] += weight * (1.0 - fx)
    if -1 <= i <= m - 2:
        out[i + 1] += weight * fx


@jit
def bin_weighted(x, weights, lo, delta, m, out):
    """Bin ``x`` with ``weights`` linearly onto ``m`` points from ``lo`` (spacing ``delta``) into ``out``.

    One weight (``weights`` of length 1) is every sample's weight.
    """
    stride = 1 if weights.shape[0] > 1 else 0
    for j in range(x.shape[0]):
        _bin_point(x[j], weights[j * stride], lo, delta, m, out)


@jit
def bin_moving(x, driver, first, step, lo, delta, m, out):
    """Bin ``x`` once per driver value ``first + i step`` (row ``i`` of ``out``), Gaussian-weighted.

    Sample ``j`` weighs ``exp(-z^2 / 2)``, ``z = (driver_j - first) / step - i``,
    in row ``i``; each row is then divided by its total weight (binning is
    linear, so this equals binning normalised weights). The weights are
    products from the nearest driver value outward (``K_{i+1} / K_i =
    exp(z_i - 1/2)``, that factor shrinking by ``e^-1`` per row), one ``exp``
    pair per sample; a weight that underflows to 0 stays 0 further out.
    """
    k = out.shape[0]
    total = np.zeros(k)
    shrink = np.empty(k)  # shrink[s] = exp(-s): one rounding per factor
    for s in range(k):
        shrink[s] = np.exp(-1.0 * s)
    for j in range(x.shape[0]):
        z0 = (driver[j] - first) / step
        near = min(max(int(np.rint(z0)), 0), k - 1)
        z = z0 - near
        top = np.exp(-0.5 * z * z)
        total[near] += top
        _bin_point(x[j], top, lo, delta, m, out[near])
        w = top
        up = np.exp(z - 0.5)
        for s in range(near + 1, k):
            w *= up * shrink[s - near - 1]
            if w == 0.0:
                break
            total[s] += w
            _bin_point(x[j], w, lo, delta, m, out[s])
        w = top
        down = np.exp(-z - 0.5)
        for s in range(near - 1, -1, -1):
            w *= down * shrink[near - 1 - s]
            if w == 0.0:
                break
            total[s] += w
            _bin_point(x[j], w, lo, delta, m, out[s])
    for s in range(k):
        out[s] /= total[s]


# --- R's bw.nrd and density range in two passes (no sort) ----------------------------------------


@jit
def sample_summary(x, out):
    """``out = (min, max, spread, distinct)`` of ``x`` (R's ``bw.nrd`` and range); False if not finite.

    ``spread`` is ``bw.nrd``'s ``min(sd, IQR / 1.34)``: ``sd`` with
    ``ddof=1`` (a two-pass sum with its rounding correction, over four
    interleaved partial sums), the IQR from R's type-7 quantiles;
    ``distinct`` is the number of distinct values capped at 3. The
    quantiles' order statistics are exact without a sort: the values are
    counted into ``len(x)`` equal bins (the bin of a value never decreases
    as it grows, rounding included), the cumulative counts name the bins of
    the wanted ranks, and only those bins' few values are sorted; where
    those bins alone prove ``IQR / 1.34 > sd`` (by more than a bin and the
    quantiles' round-off), ``spread = sd`` without them. A NaN or infinite
    value (or a sum that overflows) makes the first pass's sum not finite:
    the call returns False there, with ``out`` unset.
    """
    n = x.shape[0]
    # four scalar accumulators of each kind (by index mod 4), so that the additions do not
    # wait on each other; the tail goes to the first ones
    s0, s1, s2, s3 = 0.0, 0.0, 0.0, 0.0
    lo0, lo1, hi0, hi1 = x[0], x[0], x[0], x[0]
    full = n - n % 4
    for j in range(0, full, 4):
        a, b, c, d = x[j], x[j + 1], x[j + 2], x[j + 3]
        s0, s1, s2, s3 = s0 + a, s1 + b, s2 + c, s3 + d
        lo0, hi0 = min(lo0, min(a, c)), max(hi0, max(a, c))
        lo1, hi1 = min(lo1, min(b, d)), max(hi1, max(b, d))
    for j in range(full, n):
        s0 += x[j]
        lo0, hi0 = min(lo0, x[j]), max(hi0, x[j])
    total = s0 + s1 + (s2 + s3)
    if not np.isfinite(total):
        return False
    lo, hi = min(lo0, lo1), max(hi0, hi1)
    mean = total / n
    q0, q1, q2, q3 = 0.0, 0.0, 0.0, 0.0
    r0, r1, r2, r3 = 0.0, 0.0, 0.0, 0.0
    for j in range(0, full, 4):
        a, b, c, d = x[j] - mean, x[j + 1] - mean, x[j + 2] - mean, x[j + 3] - mean
        q0, q1, q2, q3 = q0 + a * a, q1 + b * b, q2 + c * c, q3 + d * d
        r0, r1, r2, r3 = r0 + a, r1 + b, r2 + c, r3 + d
    for j in range(full, n):
        d = x[j] - mean
        q0, r0 = q0 + d * d, r0 + d
    residual = r0 + r1 + (r2 + r3)
    sd = np.sqrt((q0 + q1 + (q2 + q3) - residual * residual / n) / (n - 1))
    scale = n / (hi - lo) if hi > lo else 0.0
    counts = np.zeros(n, dtype=np.int32)
    inside = 0
    for j in range(n):
        v = x[j]
        inside += (lo < v) & (v < hi)
        counts[min(int((v - lo) * scale), n - 1)] += 1
    out[0], out[1] = lo, hi
    out[3] = 1.0 if hi == lo else (2.0 if inside == 0 else 3.0)
    # the ranks of the two order statistics each quantile interpolates between, and their bins
    # (whole blocks of 64 bins skipped at a time)
    pos = (0.25 * (n - 1), 0.75 * (n - 1))
    ranks = np.empty(4, dtype=np.int64)
    for k in range(2):
        ranks[2 * k] = int(np.floor(pos[k]))
        ranks[2 * k + 1] = min(ranks[2 * k] + 1, n - 1)
    bins = np.empty(4, dtype=np.int64)
    before = np.empty(4, dtype=np.int64)
    b, cum = 0, 0
    for k in range(4):
        while b + 64 <= n:
            block = 0
            for i in range(b, b + 64):
                block += counts[i]
            if cum + block > ranks[k]:
                break
            cum += block
            b += 64
        while cum + counts[b] <= ranks[k]:
            cum += counts[b]
            b += 1
        bins[k], before[k] = b, cum
    # q25 lies at or below bin bins[1]'s top, q75 at or above bin bins[2]'s bottom; a bin of
    # margin covers the rounding of the bin numbers, 8 ulps the quantiles' arithmetic
    iqr_floor = (bins[2] - bins[1] - 2) / scale - 8 * 2.0**-52 * max(abs(lo), abs(hi)) if scale > 0 else 0.0
    if iqr_floor > 1.34 * sd * (1.0 + 1e-12):
        out[2] = sd
        return True
    # the values of the bins from each quantile's first rank's to its second's, in one pass
    # without branches (every value is written, the count only grows for those that belong)
    sizes = np.zeros(2, dtype=np.int64)
    for k in range(2):
        for b in range(bins[2 * k], bins[2 * k + 1] + 1):
            sizes[k] += counts[b]
    low_bins, high_bins = np.empty(sizes[0] + 1), np.empty(sizes[1] + 1)
    k0, k1 = 0, 0
    for j in range(n):
        v = x[j]
        b = min(int((v - lo) * scale), n - 1)
        low_bins[k0] = v
        k0 += (bins[0] <= b) & (b <= bins[1])
        high_bins[k1] = v
        k1 += (bins[2] <= b) & (b <= bins[3])
    quartiles = np.empty(2)
    for k in range(2):
        chosen = low_bins[:k0] if k == 0 else high_bins[:k1]
        chosen.sort()
        low = chosen[ranks[2 * k] - before[2 * k]]
        high = chosen[ranks[2 * k + 1] - before[2 * k]]
        quartiles[k] = low + (pos[k] - ranks[2 * k]) * (high - low)
    out[2] = min(sd, (quartiles[1] - quartiles[0]) / 1.34)
    return True


# --- R's density(): the FFT convolution of the binned weights with the Gaussian kernel ----------

#: Reach of the kernel in bandwidths: exp(-REACH^2 / 2) = 2^-61 of its peak
_REACH = np.sqrt(122.0 * np.log(2.0))
#: Fewest kernel samples per bandwidth for the analytic transform (aliasing <= 2^-60 of the peak)
_ANALYTIC_MIN = 3.0


@jit
def _fast_length(target):
    # the smallest even 2^a 3^b 5^c >= target: a size pocketfft transforms fast
    best = 2
    while best < target:
        best *= 2
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            size = 2 * p35
            while size < target:
                size *= 2
            best = min(best, size)
            p35 *= 3
        p5 *= 5
    return best


@jit
def convolution_plan(m, span, bandwidth, used):
    """How to convolve ``m`` binned points spanning ``span`` with R's Gaussian kernel.

    R's ``density`` samples the kernel at ``step = 2 span / (2m - 1)``
    (``seq(0, 2 (up - lo), length = 2m)``, mirrored) and convolves it with
    the bins, zero-padded to ``2m``, by FFT. The same numbers, to a bound far
    below R's own FFT round-off (about ``2^-53`` of the peak), come cheaper:

    - where every weighted bin and every bin read back lie within ``used``
      bins of each other (``m - 1`` at most), the padding only has to hold
      the kernel's reach ``9.2 bw``, beyond which it is below ``2^-61`` of
      its peak: the circular size is the smallest even ``2^a 3^b 5^c`` at
      least ``used + reach + 1`` and ``2 reach`` (R's ``2m`` if not less);
      the pairs that wrap around lose or gain at most ``2^-60`` of the peak
      per unit weight;
    - with at least 3 samples per bandwidth (``s = bw / step >= 3``), the
      sampled kernel's transform is the Gaussian's own, ``exp(-2 pi^2 s^2
      (f / size)^2) / step`` (Poisson summation): the first alias is
      ``exp(-pi^2 s^2 / 2)`` at the Nyquist frequency, which moves an
      output by at most ``2 s sqrt(2 pi) exp(-pi^2 s^2 / 2) <= 2^-60`` of
      the peak per unit weight; narrower kernels are sampled and
      transformed as R does.

    Returns ``(size, values, analytic)``: the circular size, and the
    kernel's (real) transform at frequencies ``0 .. size / 2`` if
    ``analytic``, else the sampled kernel (``size`` values, in the real
    parts) to transform.
    """
    step = 2.0 * span / (2 * m - 1)
    samples = bandwidth / step
    size = 2 * m
    reach = np.ceil(_REACH * samples)
    if max(used + reach + 1, 2 * reach) < size:
        size = _fast_length(int(max(used + reach + 1, 2 * reach)))
    if samples >= _ANALYTIC_MIN:
        spectrum = np.zeros(size // 2 + 1, dtype=np.complex128)
        rate = 2.0 * (np.pi * samples / size) ** 2
        for f in range(size // 2 + 1):
            if rate * f * f > 745.0:  # exp underflows to 0 from here on
                break
            spectrum[f] = np.exp(-rate * f * f) / step
        return size, spectrum, True
    kernel = np.zeros(size, dtype=np.complex128)  # real: complex only to share the spectrum's type
    for k in range(size // 2 + 1):
        kernel[k] = np.exp(-0.5 * (k * step / bandwidth) ** 2) / (bandwidth * np.sqrt(2.0 * np.pi))
    for k in range(size // 2 + 1, size):
        kernel[k] = kernel[size - k]
    return size, kernel, False


@jit
def density_layout(start, stop, n, bandwidth, inside):
    """R's density() grids from ``start`` to ``stop``: ``(at, m, lo, up, size, spectrum, analytic)``.

    ``at``: the ``n`` points the density is read at (``numpy.linspace``'s
    numbers); ``m = max(512, 2^k >= n)`` bins from ``lo = start - 4 bw`` to
    ``up = stop + 4 bw``; then :func:`convolution_plan`'s circular size and
    kernel values.
    ``inside``: every sample lies in ``[start, stop]``, so the bins in use
    (weighted or read) are those of that range and a neighbour each side.
    """
    at = np.empty(n)
    for i in range(n - 1):
        at[i] = i * ((stop - start) / (n - 1)) + start
    at[n - 1] = stop
    m = 512
    while m < n:
        m *= 2
    lo, up = start - 4.0 * bandwidth, stop + 4.0 * bandwidth
    used = m - 1
    if inside:
        used = min(used, int((stop - start) / ((up - lo) / (m - 1))) + 4)
    size, values, analytic = convolution_plan(m, up - lo, bandwidth, used)
    return at, m, lo, up, size, values, analytic


@jit
def read_density(conv, m, lo, up, at, smoothing, normalise, out):
    """R's density read off each convolved row of ``conv`` at the points ``at`` into ``out``'s rows.

    The first ``m`` values (on the grid from ``lo`` to ``up``, which holds
    the ascending ``at`` inside) with negative round-off clipped to 0,
    interpolated linearly at ``at`` (``numpy.interp``'s formula, its
    intervals found by one walk along both grids); if ``normalise``,
    ``smoothing / (at[-1] - at[0])`` is added and each row scaled to unit
    area on the (equally spaced) ``at``.
    """
    coarse = np.empty(m)
    for i in range(m - 1):
        coarse[i] = i * ((up - lo) / (m - 1)) + lo
    coarse[m - 1] = up
    extra = smoothing / (at[-1] - at[0]) if normalise else 0.0
    dx = at[1] - at[0]
    for r in range(conv.shape[0]):
        row = out[r]
        j = 0
        total = 0.0
        for i in range(at.shape[0]):
            a = at[i]
            while j < m - 2 and coarse[j + 1] <= a:
                j += 1
            left, right = max(conv[r, j], 0.0), max(conv[r, j + 1], 0.0)
            row[i] = (right - left) / (coarse[j + 1] - coarse[j]) * (a - coarse[j]) + left + extra
            total += dx * row[i]
        if normalise:
            row /= total


@jit
def potential_of(f, scale, pot):
    """``pot = -log(f) * scale``: the potential of the density ``f`` (``scale = sigma^2 / 2``; ``-log 0 = inf``)."""
    for i in range(f.shape[0]):
        pot[i] = -np.log(f[i]) * scale
