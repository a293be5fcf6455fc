"""Compiled Benettin/QR kernels for Lyapunov spectra of flows (variational equations) and maps.

Like the solvers, they take the system's functions as typed first-class
functions, so they compile once for every system, and call them only in their
own bodies.
"""

from __future__ import annotations

import numpy as np
from numba import types

from tsdyn._numba import jit, lazy_jit
from tsdyn.systems._integrate import JAC_TYPE, MAP_TYPE, MAPJAC_SIG, RHS_TYPE
from tsdyn.systems._tableaus import DP5_A, DP5_C, DP5_E

_f8, _i8 = types.float64, types.int64
_v, _m = types.float64[::1], types.float64[:, ::1]
MAPJAC_TYPE = types.FunctionType(MAPJAC_SIG)


@jit
def _fd_jac(f, t, y, p, out, tmp, f1, f2):
    # Central differences, step scaled to each component (used when no analytic Jacobian exists).
    d = y.shape[0]
    for j in range(d):
        h = 1e-6 * max(1.0, abs(y[j]))
        for i in range(d):
            tmp[i] = y[i]
        tmp[j] = y[j] + h
        f(t, tmp, p, f1)
        tmp[j] = y[j] - h
        f(t, tmp, p, f2)
        for i in range(d):
            out[i, j] = (f1[i] - f2[i]) / (2 * h)


@jit
def map_jacobian(step, y, p, J, tmp, f1, f2):
    """Jacobian of the map ``step`` at ``y`` into ``J`` by central differences (step 1e-7 scaled
    to each component): for maps without an analytic one (Lyapunov spectra, orbit-diagram exponents)."""
    d = y.shape[0]
    for j in range(d):
        hh = 1e-7 * max(1.0, abs(y[j]))
        for r in range(d):
            tmp[r] = y[r]
        tmp[j] = y[j] + hh
        step(tmp, p, f1)
        tmp[j] = y[j] - hh
        step(tmp, p, f2)
        for r in range(d):
            J[r, j] = (f1[r] - f2[r]) / (2 * hh)


@jit
def _orthogonalize(Q, i):
    # Remove from column i its components along columns 0..i-1; return the norm left.
    d = Q.shape[0]
    for m in range(i):
        dot = 0.0
        for r in range(d):
            dot += Q[r, i] * Q[r, m]
        for r in range(d):
            Q[r, i] -= dot * Q[r, m]
    norm = 0.0
    for r in range(d):
        norm += Q[r, i] * Q[r, i]
    return np.sqrt(norm)


@jit
def _gram_schmidt(Q, k, logs, row):
    # Modified Gram-Schmidt on the first k columns of Q; adds log|R_ii| to logs[row, i].
    d = Q.shape[0]
    for i in range(k):
        norm = _orthogonalize(Q, i)
        logs[row, i] += np.log(norm)
        if norm == 0.0:
            # A singular Jacobian (an orbit through a critical point, e.g. a map started
            # at x = 0) annihilated this direction: its log is -inf, and the column
            # restarts along the first basis vector outside the span of the others.
            for j in range(d):
                for r in range(d):
                    Q[r, i] = 0.0
                Q[j, i] = 1.0
                norm = _orthogonalize(Q, i)
                if norm > 0.5:
                    break
        for r in range(d):
            Q[r, i] /= norm


@lazy_jit(types.int64(RHS_TYPE, JAC_TYPE, types.boolean, _v, _v, _f8, _i8, _i8, _i8, _m, _m, _f8))
def lyapunov_flow(f, jac, has_jac, y0, p, h, n_transient, n_steps, renorm, q0, logs, max_abs):
    """RK4 on the state and its tangent vectors, QR every ``renorm`` steps.

    ``logs`` has one row per block of steps (n_steps is split evenly) and
    receives the sums of log |R_ii|. Returns -1, or the step where the state
    left ``max_abs`` (blow-up).
    """
    d = y0.shape[0]
    y = y0.copy()
    k = q0.shape[1]
    Q = q0.copy()
    ys = np.empty(d)
    Qs = np.empty((d, k))
    ky = np.zeros((4, d))
    kQ = np.zeros((4, d, k))
    J = np.zeros((d, d))
    tmp, f1, f2 = np.empty(d), np.empty(d), np.empty(d)
    n_blocks = logs.shape[0]
    per_block = n_steps // n_blocks
    t = 0.0
    c = (0.0, 0.5, 0.5, 1.0)
    for step in range(n_transient + n_steps):
        for s in range(4):
            for r in range(d):
                ys[r] = y[r] + (h * c[s] * ky[s - 1, r] if s > 0 else 0.0)
                for col in range(k):
                    Qs[r, col] = Q[r, col] + (h * c[s] * kQ[s - 1, r, col] if s > 0 else 0.0)
            # d/dt (y, Q) = (f(y), J(y) Q), evaluated here: the system's functions are called
            # only in this body (through a nested compiled function they are much slower).
            ts_ = t + c[s] * h
            f(ts_, ys, p, ky[s])
            if has_jac:
                jac(ts_, ys, p, J)
            else:
                _fd_jac(f, ts_, ys, p, J, tmp, f1, f2)
            for r in range(d):
                for col in range(k):
                    acc = 0.0
                    for m in range(d):
                        acc += J[r, m] * Qs[m, col]
                    kQ[s, r, col] = acc
        for r in range(d):
            y[r] += h / 6.0 * (ky[0, r] + 2 * ky[1, r] + 2 * ky[2, r] + ky[3, r])
            if not abs(y[r]) <= max_abs:
                return step
            for col in range(k):
                Q[r, col] += h / 6.0 * (kQ[0, r, col] + 2 * kQ[1, r, col] + 2 * kQ[2, r, col] + kQ[3, r, col])
        t += h
        if step < n_transient:
            if (step + 1) % renorm == 0:
                # Align the tangent vectors during the transient, recording nothing.
                _gram_schmidt(Q, k, np.zeros((1, k)), 0)
            continue
        i = step - n_transient
        if (i + 1) % renorm == 0 or i == n_steps - 1:
            _gram_schmidt(Q, k, logs, min(i // per_block, n_blocks - 1))
    return -1


@lazy_jit(types.int64(MAP_TYPE, MAPJAC_TYPE, types.boolean, _v, _v, _i8, _i8, _m, _m, _f8))
def lyapunov_map(step, jac, has_jac, y0, p, n_transient, n_steps, q0, logs, max_abs):
    """Tangent map with QR at every iteration (products of map Jacobians over- or underflow fast)."""
    d = y0.shape[0]
    y = y0.copy()
    ynew = np.empty(d)
    k = q0.shape[1]
    Q = q0.copy()
    Qn = np.empty((d, k))
    J = np.zeros((d, d))
    tmp, f1, f2 = np.empty(d), np.empty(d), np.empty(d)
    n_blocks = logs.shape[0]
    per_block = n_steps // n_blocks
    scratch = np.zeros((1, k))
    for it in range(n_transient + n_steps):
        if has_jac:
            jac(y, p, J)
        else:
            map_jacobian(step, y, p, J, tmp, f1, f2)
        step(y, p, ynew)
        for r in range(d):
            y[r] = ynew[r]
            if not abs(y[r]) <= max_abs:
                return it
        for r in range(d):
            for col in range(k):
                acc = 0.0
                for m in range(d):
                    acc += J[r, m] * Q[m, col]
                Qn[r, col] = acc
        for r in range(d):
            for col in range(k):
                Q[r, col] = Qn[r, col]
        if it < n_transient:
            _gram_schmidt(Q, k, scratch, 0)
        else:
            i = it - n_transient
            _gram_schmidt(Q, k, logs, min(i // per_block, n_blocks - 1))
    return -1


#: How the adaptive kernel forms J(y) Q: the analytic Jacobian, a central-difference
#: Jacobian matrix, or central differences of the rhs along each tangent vector.
TANGENT_JACOBIAN, TANGENT_FD_MATRIX, TANGENT_DIRECTIONAL = 0, 1, 2
#: Status of the adaptive kernel (``info`` holds t reached, accepted and rejected steps, last h).
ADAPTIVE_OK, ADAPTIVE_BLOW_UP, ADAPTIVE_MAX_STEPS, ADAPTIVE_STEP_UNDERFLOW = 0, 1, 2, 3


@lazy_jit(
    types.int64(
        RHS_TYPE, JAC_TYPE, _i8, _v, _v, _f8, _f8, _f8, _f8, _f8, _i8, _m, _m, _v, _f8
    )
)  # fmt: skip
def lyapunov_flow_adaptive(
    f, jac, tangent, y0, p, h0, t_transient, t_total, rtol, atol, max_steps, q0, logs, info, max_abs
):
    """Dormand-Prince 5(4) with error control on the state and its ``k`` tangent vectors.

    The step follows the local error of both, so a stiff system (KS's fourth
    derivative, the Oregonator's fast relaxations) gets the step its stability
    allows at each moment instead of one fixed step that blows up. Steps are
    cut to land on the end of the transient and on the blocks' boundaries (the
    run after the transient, ``t_total``, is split into ``logs.shape[0]``
    equal blocks); tangent vectors are re-orthonormalised after every accepted
    step. ``tangent`` picks how J Q is formed (``TANGENT_*``): the directional
    form costs 2 k rhs calls per stage instead of a dense d x d Jacobian, the
    way to do large sparse systems (grids).
    """
    d = y0.shape[0]
    n_blocks = logs.shape[0]
    y = y0.copy()
    k = q0.shape[1]
    Q = q0.copy()
    ys = np.empty(d)
    Qs = np.empty((d, k))
    ky = np.zeros((7, d))
    kQ = np.zeros((7, d, k))
    ynew = np.empty(d)
    Qnew = np.empty((d, k))
    J = np.zeros((d, d)) if tangent != TANGENT_DIRECTIONAL else np.zeros((1, 1))
    tmp, f1, f2 = np.empty(d), np.empty(d), np.empty(d)
    scratch = np.zeros((1, k))
    t = 0.0
    t_end = t_transient + t_total
    h = h0
    block = -1  # -1: transient; then the block being filled
    stop = t_transient if t_transient > 0 else t_total / n_blocks
    if t_transient <= 0:
        block = 0
    accepted = 0
    rejected = 0
    status = ADAPTIVE_OK
    h_try = h
    while block < n_blocks:
        if accepted + rejected >= max_steps:
            status = ADAPTIVE_MAX_STEPS
            break
        h_try = h
        last = h >= stop - t
        if last:
            h = stop - t
        for s in range(7):
            for r in range(d):
                acc = y[r]
                for j in range(s):
                    acc += h * DP5_A[s, j] * ky[j, r]
                ys[r] = acc
                for col in range(k):
                    acc = Q[r, col]
                    for j in range(s):
                        acc += h * DP5_A[s, j] * kQ[j, r, col]
                    Qs[r, col] = acc
            ts_ = t + DP5_C[s] * h
            f(ts_, ys, p, ky[s])
            if tangent == TANGENT_DIRECTIONAL:
                # J q = (f(y + e q) - f(y - e q)) / 2e: error e^2 |f'''| + roundoff |f| / e ~ 1e-10.
                ynorm = 0.0
                for r in range(d):
                    ynorm = max(ynorm, abs(ys[r]))
                for col in range(k):
                    qnorm = 0.0
                    for r in range(d):
                        qnorm = max(qnorm, abs(Qs[r, col]))
                    e = 1e-6 * (1.0 + ynorm) / max(qnorm, 1e-300)
                    for r in range(d):
                        tmp[r] = ys[r] + e * Qs[r, col]
                    f(ts_, tmp, p, f1)
                    for r in range(d):
                        tmp[r] = ys[r] - e * Qs[r, col]
                    f(ts_, tmp, p, f2)
                    for r in range(d):
                        kQ[s, r, col] = (f1[r] - f2[r]) / (2.0 * e)
            else:
                if tangent == TANGENT_JACOBIAN:
                    jac(ts_, ys, p, J)
                else:
                    _fd_jac(f, ts_, ys, p, J, tmp, f1, f2)
                for r in range(d):
                    for col in range(k):
                        acc = 0.0
                        for m in range(d):
                            acc += J[r, m] * Qs[m, col]
                        kQ[s, r, col] = acc
        # Stage 6 sits at the new point (its A row is the 5th-order weights): ys, Qs are the step.
        err = 0.0
        for r in range(d):
            ynew[r] = ys[r]
            e = 0.0
            for j in range(7):
                e += DP5_E[j] * ky[j, r]
            sc = atol + rtol * max(abs(y[r]), abs(ynew[r]))
            err += (h * e / sc) ** 2
            for col in range(k):
                Qnew[r, col] = Qs[r, col]
                e = 0.0
                for j in range(7):
                    e += DP5_E[j] * kQ[j, r, col]
                sc = atol + rtol * max(abs(Q[r, col]), abs(Qnew[r, col]))
                err += (h * e / sc) ** 2
        err = np.sqrt(err / (d * (k + 1)))
        if not np.isfinite(err):
            err = 1e300
        if err <= 1.0:
            for r in range(d):
                if not abs(ynew[r]) <= max_abs:
                    info[0], info[1], info[2], info[3] = t, accepted, rejected, h
                    return ADAPTIVE_BLOW_UP
                y[r] = ynew[r]
                for col in range(k):
                    Q[r, col] = Qnew[r, col]
            t = stop if last else t + h
            accepted += 1
            if block < 0:
                _gram_schmidt(Q, k, scratch, 0)
            else:
                _gram_schmidt(Q, k, logs, block)
            if last:
                block += 1
                stop = t_transient + (block + 1) * t_total / n_blocks
                if block == n_blocks - 1:
                    stop = t_end
        else:
            rejected += 1
        # Standard controller (Hairer, Norsett & Wanner II.4): safety 0.9, exponent 1/5, factor in [0.2, 5].
        h = h * (5.0 if err == 0.0 else min(5.0, max(0.2, 0.9 * err**-0.2)))
        if last and err <= 1.0:
            # A step cut to land on a boundary says little about the step the dynamics allows.
            h = max(h, h_try)
        if h < 1e-14 * max(1.0, abs(t)):
            status = ADAPTIVE_STEP_UNDERFLOW
            break
    info[0], info[1], info[2], info[3] = t, accepted, rejected, h
    return status
