"""A stiff solver: the L-stable Rosenbrock method RODAS4 with the system's analytic Jacobian.

Explicit Runge-Kutta methods are stable only while the step times the
Jacobian's spectral radius stays below a few units, so a stiff system (the
Kuramoto-Sivashinsky equation on 64 points: spectral radius ~1 100 from its
fourth derivative) forces steps far below what accuracy needs. A Rosenbrock
method solves one linear system with ``I / (h gamma) - J`` per stage instead
of iterating a nonlinear one, so each step costs one Jacobian and one LU
factorisation, and L-stability lets the step follow the slow dynamics.

RODAS4 (Hairer & Wanner, *Solving Ordinary Differential Equations II*, 2nd
ed., Springer 1996, section IV.7): six stages, order 4 with an embedded
order-3 solution for step control, stiffly accurate. The coefficients below
are the method's published values in the form

.. math::

    (I / (h \\gamma) - J) k_i = f(t + \\alpha_i h, y + \\sum_{j<i} a_{ij} k_j)
        + \\sum_{j<i} \\frac{c_{ij}}{h} k_j + h \\gamma_i \\partial_t f,
    \\qquad y_{n+1} = y_n + \\sum_j m_j k_j,

where the last stage ``k_6`` is the error estimate. ``partial_t f`` is a
forward difference, exactly zero for autonomous systems. Samples between
steps come from the cubic Hermite interpolant through both ends of a step
(order 3, like the error estimate). Like every tsdyn solver the right-hand
side and Jacobian are numba first-class functions, so the solver compiles
once for every system, and no fast-math is used.

``System.integrate(method="rodas4")`` runs it; the default method does not
change. The corpus generator picks it by a measured rule
(:func:`tsdyn.forecast.corpus`).
"""

from __future__ import annotations

import numpy as np
from numba import prange, types

from tsdyn._numba import Lazy, jit
from tsdyn.systems._helpers import dense_eval, ramp, rms_scaled
from tsdyn.systems._integrate import JAC_TYPE, NONFINITE_START, RHS_TYPE

__all__ = ["METHOD", "rosenbrock", "solve_rosenbrock"]

#: The name ``System.integrate(method=...)`` takes and the attrs record.
METHOD = "rodas4"

# RODAS4: gamma, stage times alpha_i, gamma_i (sum_j gamma_ij), A and C below the diagonal.
_GAMMA = 0.25
_ALPHA = (0.0, 0.386, 0.21, 0.63, 1.0, 1.0)
_GAMMAS = (0.25, -0.1043, 0.1035, -0.0362, 0.0, 0.0)
_A21 = 1.544
_A31, _A32 = 0.9466785280815826, 0.2557011698983284
_A41, _A42, _A43 = 3.314825187068521, 2.896124015972201, 0.9986419139977817
_A51, _A52, _A53, _A54 = 1.221224509226641, 6.019134481288629, 12.53708332932087, -0.687886036105895
_C21 = -5.6688
_C31, _C32 = -2.430093356833875, -0.2063599157091915
_C41, _C42, _C43 = -0.1073529058151375, -9.594562251023355, -20.47028614809616
_C51, _C52, _C53, _C54 = 7.496443313967647, -10.24680431464352, -33.99990352819905, 11.7089089320616
_C61, _C62, _C63, _C64, _C65 = (
    8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136, -6.058818238834054
)  # fmt: skip


@jit
def _lu(a, piv):
    """In-place LU factorisation with partial pivoting; False when the matrix is singular."""
    n = a.shape[0]
    for k in range(n):
        p = k
        big = abs(a[k, k])
        for i in range(k + 1, n):
            if abs(a[i, k]) > big:
                big, p = abs(a[i, k]), i
        piv[k] = p
        if big == 0.0 or not np.isfinite(big):
            return False
        if p != k:
            for j in range(n):
                a[k, j], a[p, j] = a[p, j], a[k, j]
        inv = 1.0 / a[k, k]
        for i in range(k + 1, n):
            a[i, k] *= inv
            m = a[i, k]
            if m != 0.0:
                for j in range(k + 1, n):
                    a[i, j] -= m * a[k, j]
    return True


@jit
def _lu_solve(a, piv, b):
    """Solve ``a x = b`` in place with the factors of :func:`_lu`."""
    n = a.shape[0]
    for k in range(n):
        p = piv[k]
        if p != k:
            b[k], b[p] = b[p], b[k]
    for i in range(n):
        s = b[i]
        for j in range(i):
            s -= a[i, j] * b[j]
        b[i] = s
    for i in range(n - 1, -1, -1):
        s = b[i]
        for j in range(i + 1, n):
            s -= a[i, j] * b[j]
        b[i] = s / a[i, i]


def _member(f, jac, y0, t0, ts, p0, rate, t_ramp, rtol, atol, hmax, max_steps, max_abs, o, inf):
    """Integrate one member from ``(t0, y0)``, writing ``o[k] = y(ts[k])``; returns the status code."""
    d = y0.shape[0]
    n = ts.shape[0]
    ramped = False
    for j in range(rate.shape[0]):
        if rate[j] != 0.0:
            ramped = True
    p = p0.copy()
    y = y0.copy()
    ynew = np.empty(d)
    tmp = np.empty(d)
    f0 = np.empty(d)
    f1 = np.empty(d)
    dfdt = np.empty(d)
    K = np.empty((6, d))
    J = np.empty((d, d))
    G = np.empty((d, d))
    piv = np.empty(d, dtype=np.int64)
    F = np.empty((3, d))
    t = t0
    k = 0
    while k < n and ts[k] <= t0:
        for j in range(d):
            o[k, j] = y[j]
        k += 1
    inf[:] = 0.0
    if k == n:
        inf[3] = t
        return 0
    if ramped:
        ramp(p0, rate, t_ramp, t, p)
    f(t, y, p, f0)
    for j in range(d):
        if not np.isfinite(f0[j]):  # no step size can be estimated from a non-finite derivative
            inf[3] = t
            return NONFINITE_START
    # First step as in the explicit solvers (Hairer, Norsett & Wanner 1993, II.4), for order 4.
    d0 = rms_scaled(y, y, y, rtol, atol)
    d1 = rms_scaled(f0, y, y, rtol, atol)
    h = 1e-6 if d0 < 1e-5 or d1 < 1e-5 else 0.01 * d0 / d1
    h = min(h, hmax, ts[n - 1] - t)
    inf[2] = 1.0
    steps = 0
    code = 0
    rejected = False
    while True:
        if steps >= max_steps:
            code = 3
            break
        t_new = ts[n - 1] if h >= ts[n - 1] - t else t + h
        if ramped:
            ramp(p0, rate, t_ramp, t, p)
        jac(t, y, p, J)
        # The time derivative by a forward difference: exactly zero when f does not read t.
        delta = 1.4901161193847656e-08 * max(1e-5, abs(t))
        if ramped:
            ramp(p0, rate, t_ramp, t + delta, p)
        f(t + delta, y, p, dfdt)
        for j in range(d):
            dfdt[j] = (dfdt[j] - f0[j]) / delta
        inv = 1.0 / (h * _GAMMA)
        for i in range(d):
            for j in range(d):
                G[i, j] = -J[i, j]
            G[i, i] += inv
        if not _lu(G, piv):
            rejected = True
            inf[1] += 1.0
            h *= 0.5
            if h <= 16.0 * 2.220446049250313e-16 * max(abs(t), 1e-300):
                code = 2
                break
            continue
        inf[2] += 1.0
        for s in range(6):
            if s == 0:
                for j in range(d):
                    tmp[j] = f0[j]
            else:
                for j in range(d):
                    if s == 1:
                        ynew[j] = y[j] + _A21 * K[0, j]
                    elif s == 2:
                        ynew[j] = y[j] + _A31 * K[0, j] + _A32 * K[1, j]
                    elif s == 3:
                        ynew[j] = y[j] + _A41 * K[0, j] + _A42 * K[1, j] + _A43 * K[2, j]
                    elif s == 4:
                        ynew[j] = y[j] + _A51 * K[0, j] + _A52 * K[1, j] + _A53 * K[2, j] + _A54 * K[3, j]
                    else:  # stiffly accurate: stage 6 starts from stage 5's state plus k_5
                        ynew[j] += K[4, j]
                ts_ = t + _ALPHA[s] * h
                if ramped:
                    ramp(p0, rate, t_ramp, ts_, p)
                f(ts_, ynew, p, tmp)
                inf[2] += 1.0
            for j in range(d):
                if s == 1:
                    c = _C21 * K[0, j]
                elif s == 2:
                    c = _C31 * K[0, j] + _C32 * K[1, j]
                elif s == 3:
                    c = _C41 * K[0, j] + _C42 * K[1, j] + _C43 * K[2, j]
                elif s == 4:
                    c = _C51 * K[0, j] + _C52 * K[1, j] + _C53 * K[2, j] + _C54 * K[3, j]
                elif s == 5:
                    c = _C61 * K[0, j] + _C62 * K[1, j] + _C63 * K[2, j] + _C64 * K[3, j] + _C65 * K[4, j]
                else:
                    c = 0.0
                K[s, j] = tmp[j] + c / h + h * _GAMMAS[s] * dfdt[j]
            _lu_solve(G, piv, K[s])
        for j in range(d):
            ynew[j] += K[5, j]  # y + sum_j m_j k_j: stage 6's state plus k_6
        e = rms_scaled(K[5], y, ynew, rtol, atol)  # k_6: the order-3 solution's difference
        if e <= 1.0:
            if ramped:
                ramp(p0, rate, t_ramp, t_new, p)
            f(t_new, ynew, p, f1)
            inf[2] += 1.0
            if k < n and ts[k] <= t_new:
                # Cubic Hermite through (y, f0) and (ynew, f1), in dense_eval's nested form.
                hh = t_new - t
                for j in range(d):
                    dy = ynew[j] - y[j]
                    F[0, j] = dy
                    F[1, j] = hh * f0[j] - dy
                    F[2, j] = dy - hh * f1[j] - F[1, j]
                while k < n and ts[k] <= t_new:
                    dense_eval(F, 3, y, (ts[k] - t) / hh, o[k])
                    k += 1
            big = False
            for j in range(d):
                y[j] = ynew[j]
                f0[j] = f1[j]
                if not abs(y[j]) <= max_abs:  # also NaN
                    big = True
            t = t_new
            steps += 1
            inf[0] = steps
            if big:
                code = 1
                break
            if k == n:
                break
            fac = 6.0 if e == 0.0 else min(6.0, max(0.2, 0.9 * e**-0.25))
            if rejected:
                fac = min(fac, 1.0)  # no growth right after a rejection (avoids reject cascades)
            rejected = False
            h = min(h * fac, hmax, ts[n - 1] - t)
        else:
            rejected = True
            inf[1] += 1.0
            h *= 0.2 if not np.isfinite(e) else max(0.2, 0.9 * e**-0.25)
        if not h > 16.0 * 2.220446049250313e-16 * max(abs(t), 1e-300) or h < 1e-300:  # NaN too
            code = 2
            break
    inf[3] = t
    return code


_f8, _i8, _v, _m = types.float64, types.int64, types.float64[::1], types.float64[:, ::1]
_member_jit = jit(_member)


def _serial(f, jac, y0s, t0, ts, p0s, rate, t_ramp, rtol, atol, hmax, max_steps, max_abs, out, info, status):
    for i in range(y0s.shape[0]):
        status[i] = _member_jit(f, jac, y0s[i], t0, ts, p0s[i], rate, t_ramp, rtol, atol, hmax, max_steps,
                                max_abs, out[i], info[i])  # fmt: skip


def _parallel(f, jac, y0s, t0, ts, p0s, rate, t_ramp, rtol, atol, hmax, max_steps, max_abs, out, info, status):  # fmt: skip
    for i in prange(y0s.shape[0]):
        status[i] = _member_jit(f, jac, y0s[i], t0, ts, p0s[i], rate, t_ramp, rtol, atol, hmax, max_steps,
                                max_abs, out[i], info[i])  # fmt: skip


_SIG = types.none(
    RHS_TYPE, JAC_TYPE, _m, _f8, _v, _m, _v, _f8, _f8, _f8, _f8, _i8, _f8, types.float64[:, :, ::1], _m,
    types.int64[::1],
)  # fmt: skip
KERNELS = {False: Lazy(_serial, _SIG), True: Lazy(_parallel, _SIG, parallel=True)}


def solve_rosenbrock(
    f, jac, y0s: np.ndarray, p0s: np.ndarray, ts: np.ndarray, *, t0: float, rate: np.ndarray | None = None,
    t_ramp: float = 0.0, rtol: float = 1e-9, atol: float = 1e-9, hmax: float = np.inf, max_steps: int = 10**8,
    max_abs: float = 1e12, parallel: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """RODAS4 for every member (rows of ``y0s`` and ``p0s``), sampled at ``ts``.

    ``f`` and ``jac`` are compiled (:func:`~tsdyn.systems._integrate.compile_rhs`,
    kinds ``"rhs"`` and ``"jac"``). Returns ``out``, ``status`` and ``info``
    as :func:`~tsdyn.systems._integrate.solve_rk` does (same status codes).

    >>> from tsdyn.systems._integrate import compile_rhs
    >>> def fast(t, y, p, out):  # y' = -1000 (y - cos t): stiff, y follows cos t
    ...     out[0] = -p[0] * (y[0] - np.cos(t))
    >>> def fast_jac(t, y, p, out):
    ...     out[0, 0] = -p[0]
    >>> out, status, info = solve_rosenbrock(compile_rhs(fast), compile_rhs(fast_jac, "jac"), np.zeros((1, 1)),
    ...                                      np.array([[1000.0]]), np.array([0.0, 10.0]), t0=0.0, rtol=1e-6, atol=1e-9)
    >>> int(status[0]), bool(abs(out[0, -1, 0] - np.cos(10.0)) < 1e-3), int(info[0, 0]) < 1000  # dop853: 1 719 steps and 653 rejected
    (0, True, True)
    """
    m, d = y0s.shape
    rate = np.zeros(p0s.shape[1]) if rate is None else np.ascontiguousarray(rate, dtype=np.float64)
    out = np.full((m, ts.size, d), np.nan)
    info = np.zeros((m, 4))
    status = np.zeros(m, dtype=np.int64)
    KERNELS[bool(parallel and m > 1)](
        f, jac, np.ascontiguousarray(y0s, dtype=np.float64), float(t0), np.ascontiguousarray(ts, dtype=np.float64),
        np.ascontiguousarray(p0s, dtype=np.float64), rate, float(t_ramp), float(rtol), float(atol), float(hmax),
        int(max_steps), float(max_abs), out, info, status,
    )  # fmt: skip
    return out, status, info


def rosenbrock(system, req) -> tuple[np.ndarray, str]:
    """The scheme for ``System.integrate(method="rodas4")``: every member of the request, or IntegrationError."""
    from tsdyn.errors import InputError, IntegrationError
    from tsdyn.systems._integrate import status_message

    f, jac = system.compiled("rhs"), system.compiled("jac") if system.spec.jac is not None else None
    if f is None or jac is None:
        raise InputError(
            f"method='rodas4' needs a numba-compilable right-hand side and analytic Jacobian; {system.name} "
            "lacks one (use method='radau')"
        )
    out, status, info = solve_rosenbrock(
        f, jac, req.y0s, req.p0s, req.ts, t0=0.0, rate=req.rate, t_ramp=req.t_ramp, rtol=req.rtol, atol=req.atol,
        max_steps=req.max_steps, max_abs=req.max_abs, parallel=req.parallel,
    )  # fmt: skip
    failed = np.flatnonzero(status)
    if failed.size:
        i = int(failed[0])
        msg = status_message(
            int(status[i]), t=info[i, 3], t_end=req.ts[-1], max_abs=req.max_abs, max_steps=req.max_steps
        )
        raise IntegrationError(f"{system.name} ({METHOD}), {req.describe(i)}: {msg}")
    return out, METHOD
