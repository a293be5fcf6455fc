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
        # no state within about 37 bandwidths of the level (every weight underflows): no moment
        inv_s0 = 1.0 / s0 if s0 > 0.0 else np.nan
        out[i, 0] = a[1] * inv_s0
        out[i, 1] = a[2] * inv_s0
        out[i, 2] = a[3] * inv_s0
        out[i, 3] = a[4] * inv_s0
        out[i, 4] = a[5] * inv_s0
        out[i, 5] = a[6] * inv_s0
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
