"""Small compiled helpers shared by the solvers (none of them takes a system's function).

A right-hand side handed down to a nested compiled function is called
several times slower than in the function that received it, so the solvers
call the system's functions only in their own bodies and use these helpers
for everything else.
"""

import numpy as np

from tsdyn._numba import jit


@jit
def ramp(p0, rate, t_ramp, t, p):
    """Parameters at time ``t``: ``p0 + rate * max(t - t_ramp, 0)`` (constant before the ramp starts)."""
    s = t - t_ramp
    if s < 0.0:
        s = 0.0
    for j in range(p0.shape[0]):
        p[j] = p0[j] + rate[j] * s


@jit
def accept_step(y, ynew, max_abs):
    """Copy ``ynew`` into ``y``; whether a component left ``|y| <= max_abs`` (or is NaN): a map's step."""
    bad = False
    for j in range(y.shape[0]):
        y[j] = ynew[j]
        if not abs(y[j]) <= max_abs:  # also NaN
            bad = True
    return bad


@jit
def rms_scaled(v, y, ynew, rtol, atol):
    """Root mean square of ``v`` in units of the local tolerance ``atol + rtol * max(|y|, |ynew|)``."""
    s = 0.0
    for j in range(v.shape[0]):
        sc = atol + rtol * max(abs(y[j]), abs(ynew[j]))
        s += (v[j] / sc) ** 2
    return np.sqrt(s / v.shape[0])


@jit
def dense_eval(F, ncoef, y, theta, out):
    """Evaluate a step's interpolant: ``y + th (F0 + (1 - th) (F1 + th (F2 + (1 - th) (F3 + ...))))``."""
    for j in range(y.shape[0]):
        v = 0.0
        for i in range(ncoef - 1, -1, -1):
            v += F[i, j]
            v *= theta if i % 2 == 0 else 1.0 - theta
        out[j] = y[j] + v


# The history of a delay equation: one interpolation segment per step (start ``seg_t``, length
# ``seg_h``, start value ``seg_y``, coefficients ``seg_F`` of dense_eval with 4 terms), in time order;
# rows ``[0, count)`` are in use.


@jit
def history_at(tq, seg_t, seg_h, seg_y, seg_F, count, out):
    """The stored history at time ``tq``: binary search for the segment holding it, then its interpolant."""
    a, b = 0, count - 1
    while a < b:
        mid = (a + b + 1) // 2
        if seg_t[mid] <= tq:
            a = mid
        else:
            b = mid - 1
    theta = (tq - seg_t[a]) / seg_h[a]
    dense_eval(seg_F[a], 4, seg_y[a], min(max(theta, 0.0), 1.0), out)


@jit
def _move_segments(src_t, src_h, src_y, src_F, start, stop, seg_t, seg_h, seg_y, seg_F):
    """Copy segments ``[start, stop)`` of the ``src_*`` buffers to rows ``[0, stop - start)`` of ``seg_*``.

    Explicit loops: numba compiles slice assignment of 3-D arrays in seconds
    (this helper in a tenth of that), and the history is on every delay
    equation's first-call path.
    """
    d = src_y.shape[1]
    for r in range(start, stop):
        q = r - start
        seg_t[q] = src_t[r]
        seg_h[q] = src_h[r]
        for j in range(d):
            seg_y[q, j] = src_y[r, j]
            for m in range(4):
                seg_F[q, m, j] = src_F[r, m, j]


@jit
def history_init(h_t, h_h, h_y, h_F):
    """Buffers holding the given segments with room for as many steps again (at least 64 rows)."""
    count, d = h_y.shape
    cap = max(64, 2 * count)
    seg_t = np.empty(cap)
    seg_h = np.empty(cap)
    seg_y = np.empty((cap, d))
    seg_F = np.empty((cap, 4, d))
    _move_segments(h_t, h_h, h_y, h_F, 0, count, seg_t, seg_h, seg_y, seg_F)
    return seg_t, seg_h, seg_y, seg_F, count


@jit
def history_room(seg_t, seg_h, seg_y, seg_F, count, t_old):
    """Room for one more segment in full buffers: drop the segments that end before ``t_old``
    (no delayed argument reaches them again) if that frees more than half, else double the buffers."""
    cap = seg_t.shape[0]
    keep = 0
    while keep < count - 1 and seg_t[keep] + seg_h[keep] < t_old:
        keep += 1
    if keep > cap // 2:
        # Rows move towards the front, so copying in increasing order reads each before it is overwritten.
        _move_segments(seg_t, seg_h, seg_y, seg_F, keep, count, seg_t, seg_h, seg_y, seg_F)
        return seg_t, seg_h, seg_y, seg_F, count - keep
    d = seg_y.shape[1]
    nt = np.empty(2 * cap)
    nh = np.empty(2 * cap)
    ny = np.empty((2 * cap, d))
    nF = np.empty((2 * cap, 4, d))
    _move_segments(seg_t, seg_h, seg_y, seg_F, 0, count, nt, nh, ny, nF)
    return nt, nh, ny, nF, count
