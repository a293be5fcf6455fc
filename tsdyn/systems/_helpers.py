"""Small compiled helpers shared by the solvers (none of them takes a system's function).

A right-hand side handed down to a nested compiled function is called
several times slower than in the function that received it, so the solvers
call the system's functions only in their own bodies and use these helpers
for everything else.
"""

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def ramp(p0, rate, t_ramp, t, p):
    """Parameters at time ``t``: ``p0 + rate * max(t - t_ramp, 0)`` (constant before the ramp starts)."""
    s = t - t_ramp
    if s < 0.0:
        s = 0.0
    for j in range(p0.shape[0]):
        p[j] = p0[j] + rate[j] * s


@numba.njit(cache=True, nogil=True)
def rms_scaled(v, y, ynew, rtol, atol):
    """Root mean square of ``v`` in units of the local tolerance ``atol + rtol * max(|y|, |ynew|)``."""
    s = 0.0
    for j in range(v.shape[0]):
        sc = atol + rtol * max(abs(y[j]), abs(ynew[j]))
        s += (v[j] / sc) ** 2
    return np.sqrt(s / v.shape[0])


@numba.njit(cache=True, nogil=True)
def dense_eval(F, ncoef, y, theta, out):
    """Evaluate a step's interpolant: ``y + th (F0 + (1 - th) (F1 + th (F2 + (1 - th) (F3 + ...))))``."""
    for j in range(y.shape[0]):
        v = 0.0
        for i in range(ncoef - 1, -1, -1):
            v += F[i, j]
            v *= theta if i % 2 == 0 else 1.0 - theta
        out[j] = y[j] + v
