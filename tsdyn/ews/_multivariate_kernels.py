"""Compiled kernels of the multivariate early-warning indicators (:mod:`tsdyn.ews.multivariate`).

One kernel walks the windows of a ``(time, variable)`` array and keeps the
window's sums :math:`\\sum x`, :math:`\\sum x x^T` and the lag-1 cross sum
:math:`\\sum x_{t-1} x_t^T` up to date in O(p^2) per step (p variables), so
a window of any length costs the same. The sums are taken about a shift (the
mean of the window where they were last rebuilt) and rebuilt from scratch
every ``window`` steps, so rounding errors cannot pile up along a long series
(amortised O(p^2) per step as well).

The largest eigenvalue of each window's covariance matrix comes from a
Lanczos iteration started from the previous window's leading Ritz vectors
(which change little from one window to the next), with full
reorthogonalisation (classical Gram-Schmidt, twice). A dense eigensolver
costs O(p^3) per window; this costs a few O(p^2) products (a handful when one
direction dominates, as near a bifurcation; about twenty for white noise,
whose top eigenvalues crowd together).

Precision. The iteration stops when the error bound of the Ritz value theta,
its residual norm r or, once the Ritz vector is close, r^2 / gap (gap: the
distance to the next Ritz value), is below ``_VALUE_TOL = 1e-8`` of theta.
That is what the indicators need: adding one sample to a window of w changes
its covariance eigenvalue by about theta / w, at least 1e-5 theta for any
window up to 1e5 points, so an error a thousand times smaller cannot reorder
the windows in a trend test, and it is orders of magnitude below the sampling
error of the eigenvalue itself (about sqrt(2 / w) theta). The explained
variance inherits the same relative bound, and the variance of the PC1
projection is theta itself (the Rayleigh quotient of the Ritz vector). The
lag-1 autocorrelation of the projection depends on the direction, whose
error is first order in the residual (the angle to the leading eigenvector
is at most r / gap, Davis-Kahan) where the eigenvalue's is second order:
when ``pc1_ac1`` is asked for, the iteration also runs until
r / gap <= ``_ANGLE_TOL = 1e-6`` (crowded spectra then cost more steps).
"""

from __future__ import annotations

import numpy as np

from tsdyn._numba import jit

# indicator slots of the output array (rows of ``out``)
EIG, EXPLAINED, ABS_CORR, PC1_VAR, PC1_AC1, JACOBIAN = range(6)
N_SLOTS = 6

# Stopping rule (see the module docstring): the Ritz value's error bound below _VALUE_TOL of it, and
# when the leading direction itself is used (pc1_ac1), its angle bound below _ANGLE_TOL
_VALUE_TOL = 1e-8
_ANGLE_TOL = 1e-6
_EXPAND = 3  # Lanczos steps between two Ritz checks
_TRACKED = 6  # Ritz vectors carried from one window to the next


@jit
def leading_eigen(c, basis, kmax, angle_tol):
    """Largest eigenvalue of the symmetric matrix ``c``, from a subspace started at ``basis``.

    ``basis`` (m x p, orthonormal rows: the previous window's top Ritz vectors)
    is extended by residual directions (Lanczos steps, orthogonalised twice)
    until the Ritz value's error bound is below ``_VALUE_TOL`` of it and, if
    ``angle_tol`` > 0, the Ritz vector's angle bound below ``angle_tol``; on
    return it holds this matrix's top ``m`` Ritz vectors, the start of the
    next call.
    """
    p = c.shape[0]
    m = basis.shape[0]
    kmax = min(max(kmax, m), p)
    q = np.empty((kmax, p))  # basis vectors as rows (contiguous)
    cq = np.empty((kmax, p))
    h = np.zeros((kmax, kmax))
    scale = 0.0
    for i in range(p):
        scale = max(scale, abs(c[i, i]))
    b = 0
    for j in range(m):
        w = basis[j].copy()
        for _ in range(2):
            if b > 0:
                w -= (q[:b] @ w) @ q[:b]
        nrm = np.sqrt(np.sum(w * w))
        if nrm > 1e-8:
            _put(q[b], w / nrm)
            _put(cq[b], c @ q[b])
            b += 1
    if b == 0:
        q[0] = 1.0 / np.sqrt(float(p))
        _put(cq[0], c @ q[0])
        b = 1
    for i in range(b):
        _put(h[i, : i + 1], q[: i + 1] @ cq[i])
        _put(h[: i + 1, i], h[i, : i + 1])
    checked = b - _EXPAND  # check the carried subspace first: it may already be enough
    while True:
        if b - checked < _EXPAND and b < kmax and b > 1:
            # a Lanczos step without the (relatively costly) Ritz check: grow the Krylov space
            w = cq[b - 1].copy()
            for _ in range(2):
                w -= (q[:b] @ w) @ q[:b]
            nrm = np.sqrt(np.sum(w * w))
            if nrm > 1e-13 * max(scale, 1e-300):
                _extend(c, q, cq, h, b, w / nrm)
                b += 1
                continue
        checked = b
        evals, evecs = np.linalg.eigh(h[:b, :b])
        theta = evals[b - 1]
        y = np.ascontiguousarray(evecs[:, b - 1])
        vec = y @ q[:b]
        r = y @ cq[:b] - theta * vec
        rn = np.sqrt(np.sum(r * r))
        # |lambda_1 - theta| <= rn always, and <= rn^2 / gap once the Ritz vector is close;
        # the gap is estimated by the distance to the second Ritz value
        gap = evals[b - 1] - evals[b - 2] if b > 1 else 0.0
        bound = rn if gap <= rn else rn * rn / gap
        # sin(angle to the leading eigenvector) <= rn / gap (Davis-Kahan)
        aligned = angle_tol == 0.0 or rn <= angle_tol * gap
        if (bound <= _VALUE_TOL * max(abs(theta), 1e-300) and aligned) or b == kmax:
            break
        w = r
        for _ in range(2):
            w -= (q[:b] @ w) @ q[:b]
        nrm = np.sqrt(np.sum(w * w))
        if nrm <= 1e-13 * max(scale, 1e-300):
            break  # the basis spans an invariant subspace: its Ritz values are exact
        _extend(c, q, cq, h, b, w / nrm)
        b += 1
    for j in range(min(m, b)):
        _put(basis[j], np.ascontiguousarray(evecs[:, b - 1 - j]) @ q[:b])
    return theta


@jit
def _extend(c, q, cq, h, b, v):
    """Append the unit vector ``v`` as basis row ``b``, its product with ``c`` and its column of ``h``."""
    _put(q[b], v)
    _put(cq[b], c @ q[b])
    _put(h[: b + 1, b], q[: b + 1] @ cq[b])
    _put(h[b, : b + 1], h[: b + 1, b])


@jit
def _put(dst, src):
    """``dst[:] = src`` element by element.

    Assigning an array to a slice makes numba compile its shape-mismatch
    message (string formatting: about 4 s of a cold first call, once per
    dimensionality) for an error that cannot occur here.
    """
    for i in range(dst.shape[0]):
        dst[i] = src[i]


@jit
def _rebuild(a, lo, hi, shift, s1, s2, sl, pairs):
    """Sums over samples ``lo:hi`` about ``shift``: ``s2`` upper triangle; ``sl`` (pairs) if asked."""
    p = a.shape[1]
    s1[:] = 0.0
    s2[:, :] = 0.0
    sl[:, :] = 0.0
    d = np.empty(p)
    dl = np.empty(p)
    for t in range(lo, hi):
        for i in range(p):
            d[i] = a[t, i] - shift[i]
        s1 += d
        for i in range(p):
            for j in range(i, p):
                s2[i, j] += d[i] * d[j]
        if pairs and t > lo:
            for i in range(p):
                for j in range(p):
                    sl[i, j] += dl[i] * d[j]
        _put(dl, d)


@jit
def _slide(a, old, new, shift, s1, s2, sl, pairs):
    """Move the window one sample: drop sample ``old``, add sample ``new``."""
    p = a.shape[1]
    do = a[old] - shift
    dn = a[new] - shift
    s1 += dn - do
    for i in range(p):
        for j in range(i, p):
            s2[i, j] += dn[i] * dn[j] - do[i] * do[j]
    if pairs:
        # the pair (new - 1, new) enters, (old, old + 1) leaves
        dl = a[new - 1] - shift
        do1 = a[old + 1] - shift
        for i in range(p):
            for j in range(p):
                sl[i, j] += dl[i] * dn[j] - do[i] * do1[j]


@jit
def _pair_covariances(a, lo, hi, shift, s1, s2, sl, caa, cbb, cab):
    """Covariances of the lag-1 pairs ``(x_{t-1}, x_t)`` inside window ``lo:hi`` (pair means, ddof 1)."""
    p = a.shape[1]
    m = hi - lo - 1.0
    first = a[lo] - shift
    last = a[hi - 1] - shift
    sa = s1 - last
    sb = s1 - first
    for i in range(p):
        for j in range(p):
            sij = s2[i, j] if i <= j else s2[j, i]  # upper triangle kept
            caa[i, j] = (sij - last[i] * last[j] - sa[i] * sa[j] / m) / (m - 1.0)
            cbb[i, j] = (sij - first[i] * first[j] - sb[i] * sb[j] / m) / (m - 1.0)
            cab[i, j] = (sl[i, j] - sa[i] * sb[j] / m) / (m - 1.0)


@jit
def smap_normal_equations(a, window, ends, theta, gram, rhs):
    """Weighted normal equations of the S-map at the last state of each window ending at ``ends``.

    Library: the pairs ``(x_t, x_{t+1})`` inside the window; weights
    ``exp(-theta d / mean d)``, ``d`` the distance of ``x_t`` to the target
    ``x_end`` (the window's last state); regressors ``[1, x_t - x_end]``, so
    the coefficients of the last ``p`` regressors are the local Jacobian.
    ``gram[k]`` is ``Z^T W Z`` and ``rhs[k]`` is ``Z^T W Y`` of window ``k``.
    """
    p = a.shape[1]
    z = np.empty(p + 1)
    for k in range(ends.size):
        end = ends[k]
        lo = end - window + 1
        n = window - 1
        d = np.empty(n)
        for t in range(n):
            acc = 0.0
            for j in range(p):
                acc += (a[lo + t, j] - a[end, j]) ** 2
            d[t] = np.sqrt(acc)
        dbar = np.mean(d)
        gram[k] = 0.0
        rhs[k] = 0.0
        for t in range(n):
            wt = np.exp(-theta * d[t] / dbar) if dbar > 0.0 else 1.0
            z[0] = 1.0
            for j in range(p):
                z[j + 1] = a[lo + t, j] - a[end, j]
            for i in range(p + 1):
                for j in range(p + 1):
                    gram[k, i, j] += wt * z[i] * z[j]
                for j in range(p):
                    rhs[k, i, j] += wt * z[i] * a[lo + t + 1, j]


@jit
def rolling_multivariate(a, window, ends, want, pc1_fixed, out, c0s, cabs):
    """Indicators of the windows of ``a`` (time, variable) ending at ``ends`` (ascending).

    ``want[k]`` says whether slot ``k`` is asked for; ``out[k, i]`` gets its
    value for window ``i``. ``pc1_fixed`` is a unit vector to project on
    (``pca="series"``) or all zeros (the window's own PC1). With
    ``want[JACOBIAN]``, ``c0s[i]`` and ``cabs[i]`` receive window ``i``'s
    covariance and lag-1 pair cross-covariance (ewstools' autocovariance).
    """
    n, p = a.shape
    shift = np.empty(p)
    s1 = np.empty(p)
    s2 = np.empty((p, p))
    sl = np.empty((p, p))
    c0 = np.empty((p, p))
    caa = np.empty((p, p))
    cbb = np.empty((p, p))
    cab = np.empty((p, p))
    inv_sd = np.empty(p)
    need_pairs = want[PC1_AC1] or want[JACOBIAN]
    fixed = np.sum(pc1_fixed * pc1_fixed) > 0.0
    need_eig = want[EIG] or want[EXPLAINED] or ((want[PC1_VAR] or want[PC1_AC1]) and not fixed)
    ritz = np.zeros((min(p, _TRACKED), p))
    for j in range(ritz.shape[0]):
        ritz[j, j] = 1.0
    built = -1
    prev = -1
    for k in range(ends.size):
        end = ends[k]
        lo = end - window + 1
        if built < 0 or end - built >= window or end - prev >= window:
            for i in range(p):
                shift[i] = np.mean(a[lo : end + 1, i])
            _rebuild(a, lo, end + 1, shift, s1, s2, sl, need_pairs)
            built = end
        else:
            for e in range(prev + 1, end + 1):
                _slide(a, e - window, e, shift, s1, s2, sl, need_pairs)
        prev = end
        for i in range(p):
            for j in range(i, p):
                c0[i, j] = (s2[i, j] - s1[i] * s1[j] / window) / (window - 1.0)
                c0[j, i] = c0[i, j]
        lam = np.nan
        if need_eig:
            lam = leading_eigen(c0, ritz, p, _ANGLE_TOL if want[PC1_AC1] and not fixed else 0.0)
        if want[EIG]:
            out[EIG, k] = lam
        if want[EXPLAINED]:
            out[EXPLAINED, k] = lam / np.trace(c0)
        if want[ABS_CORR]:
            acc = 0.0
            for i in range(p):
                inv_sd[i] = 1.0 / np.sqrt(c0[i, i])
            for i in range(p):
                row = 0.0
                for j in range(i + 1, p):
                    row += abs(c0[i, j]) * inv_sd[j]
                acc += row * inv_sd[i]
            out[ABS_CORR, k] = acc / (p * (p - 1) / 2.0)
        v = pc1_fixed if fixed else ritz[0]
        if want[PC1_VAR]:
            out[PC1_VAR, k] = v @ (c0 @ v)
        if need_pairs:
            _pair_covariances(a, lo, end + 1, shift, s1, s2, sl, caa, cbb, cab)
            if want[PC1_AC1]:
                out[PC1_AC1, k] = (v @ (cab @ v)) / np.sqrt((v @ (caa @ v)) * (v @ (cbb @ v)))
            if want[JACOBIAN]:
                for i in range(p):
                    _put(c0s[k, i], c0[i])
                    _put(cabs[k, i], cab[i])
