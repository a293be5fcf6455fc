"""Compiled AR fits of R's ``ar.ols`` (with intercept, order by AIC) and the rolling ARCH test.

One window of ``n`` points is rescaled to unit standard deviation and demeaned,
as R does before it fits. Order ``m`` regresses ``y_t`` (``t = m .. n-1``) on
``1, y_{t-1}, ..., y_{t-m}``; every entry of its normal equations is a
difference of two cumulative sums of lagged products ``y_k y_{k-d}``, built
once per window (``O(n * order_max)``), so all orders of a window cost
``O(n * order_max + order_max^4)`` instead of one least-squares fit of the
whole design matrix per order. Only the chosen order's residuals are formed
explicitly.
"""

from __future__ import annotations

import math

import numpy as np

from tsdyn._numba import jit

#: R's ``qr()`` tolerance, with which ``ar.ols`` decides that an order's normal
#: equations are rank deficient (and stops its order search there).
QR_TOL = 1e-7


@jit
def _norm(a, lo, hi, j):
    s = 0.0
    for i in range(lo, hi):
        s += a[i, j] * a[i, j]
    return math.sqrt(s)


@jit
def qr_rank(a, tol):
    """The rank of the square matrix ``a`` (overwritten) by LINPACK ``dqrdc2``, R's ``qr()$rank``.

    Householder QR with limited column pivoting: a column whose norm, after
    the reflections of the columns before it, falls below ``tol`` times its
    original norm is moved to the end and not counted.
    """
    n = a.shape[0]
    p = a.shape[1]
    qraux = np.empty(p)
    work1 = np.empty(p)
    work2 = np.empty(p)
    for j in range(p):
        qraux[j] = _norm(a, 0, n, j)
        work1[j] = qraux[j]
        work2[j] = qraux[j] if qraux[j] != 0.0 else 1.0
    k = p  # columns k.. have been moved out as negligible
    for col in range(min(n, p)):
        while col < k and qraux[col] < work2[col] * tol:
            for i in range(n):
                t = a[i, col]
                for j in range(col + 1, p):
                    a[i, j - 1] = a[i, j]
                a[i, p - 1] = t
            t, tt, ttt = qraux[col], work1[col], work2[col]
            for j in range(col + 1, p):
                qraux[j - 1] = qraux[j]
                work1[j - 1] = work1[j]
                work2[j - 1] = work2[j]
            qraux[p - 1], work1[p - 1], work2[p - 1] = t, tt, ttt
            k -= 1
        if col == n - 1:
            break
        nrm = _norm(a, col, n, col)
        if nrm == 0.0:
            continue
        if a[col, col] != 0.0:
            nrm = math.copysign(nrm, a[col, col])
        for i in range(col, n):
            a[i, col] /= nrm
        a[col, col] += 1.0
        for j in range(col + 1, p):
            dot = 0.0
            for i in range(col, n):
                dot += a[i, col] * a[i, j]
            t = -dot / a[col, col]
            for i in range(col, n):
                a[i, j] += t * a[i, col]
            if qraux[j] == 0.0:
                continue
            tt = max(1.0 - (abs(a[col, j]) / qraux[j]) ** 2, 0.0)
            if abs(tt) < 1e-6:
                # the downdated norm has lost its digits: recompute it
                qraux[j] = _norm(a, col + 1, n, j)
                work1[j] = qraux[j]
            else:
                qraux[j] *= math.sqrt(tt)
        qraux[col] = a[col, col]
        a[col, col] = -nrm
    return min(k, n)


@jit
def _cholesky_solve(g, r, coef):
    """Solve the symmetric positive definite system ``g coef = r`` (``g`` overwritten)."""
    p = g.shape[0]
    for j in range(p):
        s = g[j, j]
        for k in range(j):
            s -= g[j, k] * g[j, k]
        if not s > 0.0:
            return False
        d = math.sqrt(s)
        g[j, j] = d
        for i in range(j + 1, p):
            s = g[i, j]
            for k in range(j):
                s -= g[i, k] * g[j, k]
            g[i, j] = s / d
    for i in range(p):
        s = r[i]
        for k in range(i):
            s -= g[i, k] * coef[k]
        coef[i] = s / g[i, i]
    for i in range(p - 1, -1, -1):
        s = coef[i]
        for k in range(i + 1, p):
            s -= g[k, i] * coef[k]
        coef[i] = s / g[i, i]
    return True


@jit
def ar_ols_window(v, lo, hi, orders_lo, orders_hi, y, prods, resid):
    """Fit ``v[lo:hi]`` as R's ``ar.ols`` over the orders ``orders_lo .. orders_hi``.

    ``y`` (length ``>= hi - lo``) and ``prods`` (``(orders_hi + 2, hi - lo + 1)``)
    are scratch space; the chosen order's ``n - m`` residuals, in the units of
    ``v``, go to ``resid[:n - m]``. Returns the chosen order, or ``-1`` when
    ``orders_lo`` itself is rank deficient (R stops with an error there).
    """
    n = hi - lo
    mean = 0.0
    for i in range(n):
        mean += v[lo + i]
    mean /= n
    var = 0.0
    for i in range(n):
        var += (v[lo + i] - mean) ** 2
    sd = math.sqrt(var / (n - 1))
    scale = sd if sd > 0.0 else 1.0
    ym = 0.0
    for i in range(n):
        y[i] = v[lo + i] / scale
        ym += y[i]
    ym /= n
    for i in range(n):
        y[i] -= ym
    cum = prods[orders_hi + 1]
    cum[0] = 0.0
    for k in range(n):
        cum[k + 1] = cum[k] + y[k]
    for d in range(orders_hi + 1):
        prods[d, 0] = 0.0
        for k in range(n):
            prods[d, k + 1] = prods[d, k] + (y[k] * y[k - d] if k >= d else 0.0)
    best_aic = np.inf
    best = -1
    size = orders_hi + 1
    gram = np.empty((size, size))
    work = np.empty((size, size))
    rhs = np.empty(size)
    coef = np.empty(size)
    best_coef = np.zeros(size)
    for m in range(orders_lo, orders_hi + 1):
        rows = n - m
        if rows < m + 1:
            break
        g = gram[: m + 1, : m + 1]
        g[0, 0] = rows  # the intercept's column
        for a in range(1, m + 1):
            g[0, a] = cum[n - a] - cum[m - a]
            g[a, 0] = g[0, a]
            for b in range(a, m + 1):
                d = b - a
                g[a, b] = prods[d, n - a] - prods[d, m - a]
                g[b, a] = g[a, b]
        rhs[0] = cum[n] - cum[m]
        for a in range(1, m + 1):
            rhs[a] = prods[a, n] - prods[a, m]
        w = work[: m + 1, : m + 1]
        w[:, :] = g
        if qr_rank(w, QR_TOL) < m + 1:
            break  # R: "results are only valid up to model order m - 1"
        w[:, :] = g
        if not _cholesky_solve(w, rhs[: m + 1], coef[: m + 1]):
            break
        rss = prods[0, n] - prods[0, m]
        for a in range(m + 1):
            rss -= coef[a] * rhs[a]
        aic = n * math.log(rss / rows) + 2.0 * (m + 1) if rss > 0.0 else -np.inf
        if best < 0 or aic < best_aic:
            best_aic = aic
            best = m
            best_coef[: m + 1] = coef[: m + 1]
    if best < 0:
        return -1
    for t in range(best, n):
        e = y[t] - best_coef[0]
        for a in range(1, best + 1):
            e -= best_coef[a] * y[t - a]
        resid[t - best] = e * scale
    return best


@jit
def rolling_arch_lm(v, w, orders_lo, orders_hi, r_squared, order):
    """R² of the squared AR residuals on their first lag in every window of ``w`` points.

    The value of the window ending at ``i`` goes to ``r_squared[i]`` and its AR
    order to ``order[i]`` (``-1`` where the first order tried is rank deficient).
    """
    y = np.empty(w)
    prods = np.empty((orders_hi + 2, w + 1))
    resid = np.empty(w)
    for end in range(w - 1, v.shape[0]):
        m = ar_ols_window(v, end - w + 1, end + 1, orders_lo, orders_hi, y, prods, resid)
        order[end] = m
        if m < 0:
            continue
        n_e = w - m
        # R² of lm(e2[-1] ~ e2[-n]) is the squared correlation of consecutive squared residuals
        mx = 0.0
        my = 0.0
        for i in range(n_e - 1):
            mx += resid[i] * resid[i]
            my += resid[i + 1] * resid[i + 1]
        mx /= n_e - 1
        my /= n_e - 1
        sxx = 0.0
        syy = 0.0
        sxy = 0.0
        for i in range(n_e - 1):
            dx = resid[i] * resid[i] - mx
            dy = resid[i + 1] * resid[i + 1] - my
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        r_squared[end] = sxy * sxy / (sxx * syy) if sxx > 0.0 and syy > 0.0 else np.nan
