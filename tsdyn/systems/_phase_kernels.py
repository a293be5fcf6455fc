"""Compiled kernels of the phase-space functions: map sweeps with their Lyapunov exponent, basins of maps.

Each kernel is written once with ``numba.prange`` over its members and
compiled twice, serial and parallel (``prange`` is a plain ``range`` in a
function compiled without ``parallel``). Like the solvers, they take the
system's functions as typed first-class functions, so they compile once for
every system, and call them only in their own bodies.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import types

from tsdyn._numba import Lazy
from tsdyn.systems._helpers import accept_step
from tsdyn.systems._integrate import MAP_TYPE, MAPJAC_SIG
from tsdyn.systems._lyapunov_kernels import map_jacobian

_f8, _i8, _b1 = types.float64, types.int64, types.boolean
_v, _m = types.float64[::1], types.float64[:, ::1]
_MAPJAC_TYPE = types.FunctionType(MAPJAC_SIG)


def _map_orbits(step, jac, has_jac, lyap, y0s, p0s, n_trans, max_abs, out, exponent, fail):
    """Iterate member ``i`` (state ``y0s[i]``, parameters ``p0s[i]``) ``n_trans + n`` times, keeping the last ``n``.

    With ``lyap``, a tangent vector is carried along (``DF`` analytic, else
    central differences of the step) and renormalised at every iteration, and
    ``exponent[i]`` is the mean of ``log |DF v|`` over the kept iterations: the
    largest Lyapunov exponent, in the same pass as the orbit. ``fail[i]`` is
    -1, or the iteration where the state left ``|y| <= max_abs``.
    """
    members, d = y0s.shape
    n = out.shape[1]
    for i in numba.prange(members):
        p = p0s[i]
        o = out[i]
        y = y0s[i].copy()
        ynew = np.empty(d)
        v = np.zeros(d)
        vnew = np.empty(d)
        v[0] = 1.0
        J = np.zeros((d, d))
        tmp, f1, f2 = np.empty(d), np.empty(d), np.empty(d)
        logsum = 0.0
        fail[i] = -1
        for it in range(n_trans + n):
            if it >= n_trans:
                # element by element: a row assignment compiles numba's shape-mismatch message
                for j in range(d):
                    o[it - n_trans, j] = y[j]
            if lyap:
                if has_jac:
                    jac(y, p, J)
                else:
                    map_jacobian(step, y, p, J, tmp, f1, f2)
                norm = 0.0
                for r in range(d):
                    acc = 0.0
                    for m in range(d):
                        acc += J[r, m] * v[m]
                    vnew[r] = acc
                    norm += acc * acc
                norm = np.sqrt(norm)
                if it >= n_trans:
                    logsum += np.log(norm)
                if norm > 0.0:
                    for r in range(d):
                        v[r] = vnew[r] / norm
                else:
                    # A critical point annihilated the vector (its log is -inf): restart it.
                    for r in range(d):
                        v[r] = 1.0 / np.sqrt(d)
            step(y, p, ynew)
            if accept_step(y, ynew, max_abs):
                fail[i] = it + 1
                break
        exponent[i] = logsum / n if lyap and fail[i] < 0 else np.nan


_MAP_ORBITS_SIG = types.none(
    MAP_TYPE, _MAPJAC_TYPE, _b1, _b1, _m, _m, _i8, _f8, types.float64[:, :, ::1], _v, types.int64[::1]
)
MAP_ORBITS = {parallel: Lazy(_map_orbits, _MAP_ORBITS_SIG, parallel=parallel) for parallel in (False, True)}
