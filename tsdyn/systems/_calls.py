"""The right-hand-side call every compiled solver makes, with the parameter ramp applied.

Parameters may change linearly in time: ``p(t) = p0 + rate * max(t - t_ramp, 0)``,
evaluated at every stage time so ramps are exact inside a step.
"""

import numba


@numba.njit(cache=True, nogil=True, inline="always")
def ramp(p0, rate, t_ramp, t, p):
    # Constant before the ramp starts.
    s = t - t_ramp
    if s < 0.0:
        s = 0.0
    for j in range(p0.shape[0]):
        p[j] = p0[j] + rate[j] * s


@numba.njit(cache=True, nogil=True, inline="always")
def call(f, t, y, p0, rate, t_ramp, ramped, p, out):
    # Without a ramp the parameters go straight through (no copy per call).
    if ramped:
        ramp(p0, rate, t_ramp, t, p)
        f(t, y, p, out)
    else:
        f(t, y, p0, out)
