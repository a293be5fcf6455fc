"""The one set of compiled solvers: SDE (Euler-Maruyama), ODE (Dormand-Prince), DDE, maps.

Compile once, not once per system (DESIGN.md): every solver takes the
right-hand side as a numba first-class function of the explicit type
:data:`RHS_TYPE`, ``(t, y, p, out) -> None`` on contiguous float64 arrays, and
is compiled with an explicit signature and ``cache=True``. The solver's
machine code therefore does not depend on the system; a new system costs only
the compile of its own right-hand side (:func:`compile_rhs`), and a second
process loads the solvers from numba's on-disk cache.

Parameters may change linearly in time (a *ramp*, for bifurcation scenarios):
every solver evaluates ``p(t) = p0 + rate * max(t - t_ramp, 0)`` at each
right-hand-side call, so the parameters are exact at every stage time.

No solver uses fast-math: the same input gives bit-identical output on the
same machine type.
"""

from __future__ import annotations

import functools

import numba
import numpy as np
from numba import types

from tsdyn.errors import InputError, IntegrationError, check_int
from tsdyn.rng import Seed, as_generator

__all__ = [
    "RHS_SIG",
    "RHS_TYPE",
    "compile_rhs",
    "euler_maruyama",
]

_f8 = types.float64
_i8 = types.int64
_v = types.float64[::1]
_m = types.float64[:, ::1]

#: Signature of every compiled right-hand side, Jacobian and diffusion: ``(t, y, p, out)``.
RHS_SIG = types.none(_f8, _v, _v, _v)
#: The numba type under which solvers receive a right-hand side.
RHS_TYPE = types.FunctionType(RHS_SIG)

# Rows of random normals drawn per chunk: bounds the memory of long SDE runs
# while keeping the per-chunk Python overhead negligible.
_CHUNK_STEPS = 1 << 15


def _jit(sig, **kw):
    return numba.njit(sig, cache=True, nogil=True, **kw)


@functools.cache
def compile_rhs(func) -> numba.core.registry.CPUDispatcher:
    """Compile ``func(t, y, p, out)`` with the solvers' explicit signature.

    ``func`` is a plain Python function in numba's subset (or an ``njit``
    dispatcher, whose Python function is recompiled with the signature).
    Compiled code goes to numba's on-disk cache when the function lives in a
    file; functions typed in an interactive session compile without it.
    Raises :class:`~tsdyn.errors.InputError` if numba cannot compile it.

    >>> def decay(t, y, p, out):
    ...     out[0] = -p[0] * y[0]
    >>> f = compile_rhs(decay)
    >>> out = np.zeros(1); f(0.0, np.ones(1), np.array([2.0]), out); out
    array([-2.])
    """
    py = getattr(func, "py_func", func)
    try:
        try:
            return numba.njit(RHS_SIG, cache=True, nogil=True)(py)
        except RuntimeError as err:
            # Functions without a source file (interactive sessions, doctests) cannot be cached.
            if "cannot cache" not in str(err):
                raise
            return numba.njit(RHS_SIG, cache=False, nogil=True)(py)
    except Exception as err:  # numba raises several error types; all mean "cannot compile"
        name = getattr(py, "__qualname__", repr(py))
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(
            f"numba cannot compile the right-hand side {name} with the signature "
            f"(t: float64, y: float64[::1], p: float64[::1], out: float64[::1]) -> None: {first}"
        ) from err


# --------------------------------------------------------------------------- shared helpers


@numba.njit(cache=True, nogil=True, inline="always")
def _ramp(p0, rate, t_ramp, t, p):
    # p(t) = p0 + rate * max(t - t_ramp, 0): constant before the ramp starts.
    s = t - t_ramp
    if s < 0.0:
        s = 0.0
    for j in range(p0.shape[0]):
        p[j] = p0[j] + rate[j] * s


def _ramp_arrays(params, rate, t_ramp):
    p0 = np.ascontiguousarray(params, dtype=np.float64)
    rate = np.zeros_like(p0) if rate is None else np.ascontiguousarray(rate, dtype=np.float64)
    if rate.shape != p0.shape:
        raise InputError(f"ramp rate must have one value per parameter ({p0.size}), got {rate.size}")
    return p0, rate, float(t_ramp)


# --------------------------------------------------------------------------- Euler-Maruyama


@_jit(types.int64(RHS_TYPE, RHS_TYPE, _v, _v, _f8, _f8, _i8, _v, _v, _f8, _m, _m))
def _em_chunk(drift, diffusion, sigma, y, t0, h, every, p0, rate, t_ramp, z, out):
    """Advance ``y`` in place by ``out.shape[0] * every`` steps, one output row per ``every`` steps.

    ``z`` holds one standard normal per step and component. Returns -1 on
    success, else the index of the first output row whose state is not finite.
    """
    d = y.shape[0]
    f = np.empty(d)
    g = np.empty(d)
    p = np.empty(p0.shape[0])
    sq = np.sqrt(h)
    k = 0
    for row in range(out.shape[0]):
        for _ in range(every):
            t = t0 + k * h
            _ramp(p0, rate, t_ramp, t, p)
            drift(t, y, p, f)
            diffusion(t, y, p, g)
            for j in range(d):
                y[j] += f[j] * h + sigma[j] * g[j] * sq * z[k, j]
            k += 1
        ok = True
        for j in range(d):
            out[row, j] = y[j]
            if not np.isfinite(y[j]):
                ok = False
        if not ok:
            return row
    return -1


def _unit_diffusion(t, y, p, out):
    # Additive noise: the amplitude lives in ``sigma``.
    for j in range(out.shape[0]):
        out[j] = 1.0


def _linear_diffusion(t, y, p, out):
    # Multiplicative (geometric) noise: amplitude proportional to the state.
    for j in range(out.shape[0]):
        out[j] = y[j]


def euler_maruyama(
    drift,
    y0,
    *,
    dt: float,
    n: int,
    params=(),
    diffusion=None,
    sigma=1.0,
    multiplicative: bool = False,
    substeps: int = 1,
    t0: float = 0.0,
    transient: float = 0.0,
    ramp_rate=None,
    t_ramp: float | None = None,
    seed: Seed = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Integrate the Itô SDE :math:`dY = f(t, Y)\,dt + \sigma\,g(t, Y)\,dW` by Euler-Maruyama.

    The noise is diagonal: component ``j`` is driven by its own Wiener process
    with amplitude ``sigma[j] * g_j(t, Y)``. The scheme

    .. math:: Y_{k+1} = Y_k + f(t_k, Y_k)\,h + \sigma\,g(t_k, Y_k)\,\sqrt{h}\,Z_k,
              \quad Z_k \sim N(0, I)

    has strong order 0.5 in general and strong order 1.0 for additive noise
    (``g`` independent of ``Y``, where it coincides with Milstein); weak order 1.

    Parameters
    ----------
    drift : callable
        ``f(t, y, p, out)`` in numba's subset (compiled by :func:`compile_rhs`).
    y0 : array_like
        Initial state.
    dt : float
        Sampling interval of the output; the internal step is ``dt / substeps``.
    n : int
        Number of output samples (the first is the state after the transient).
    params : array_like
        Parameters ``p`` handed to ``drift`` and ``diffusion``.
    diffusion : callable, optional
        ``g(t, y, p, out)``. Default: additive noise ``g = 1`` or, with
        ``multiplicative=True``, geometric noise ``g = y``.
    sigma : float or array_like
        Noise amplitude per component (multiplies ``g``).
    substeps : int
        Internal steps per output sample.
    t0, transient : float
        Start time; the first ``transient`` time units are integrated and dropped.
    ramp_rate : array_like, optional
        Rate of change of each parameter per unit time; parameters are
        ``params + ramp_rate * max(t - t_ramp, 0)``.
    t_ramp : float, optional
        When the ramp starts; default the end of the transient.
    seed : int, SeedSequence or Generator
        The normals are drawn from ``numpy.random.default_rng(seed)`` in time
        order, so the same seed gives the same path bit for bit.

    Returns
    -------
    t, y : ndarray
        Times ``(n,)`` and states ``(n, dim)``.

    Examples
    --------
    >>> def ou(t, y, p, out):
    ...     out[0] = -p[0] * y[0]
    >>> t, y = euler_maruyama(ou, [1.0], dt=0.01, n=5, params=[1.0], sigma=0.1, seed=0)
    >>> y.shape, float(t[-1])
    ((5, 1), 0.04)
    """
    y = np.array(y0, dtype=np.float64, ndmin=1).ravel().copy()
    d = y.size
    if not np.isfinite(y).all():
        raise InputError(f"initial condition must be finite, got {y.tolist()}")
    if not (np.isfinite(dt) and dt > 0):
        raise InputError(f"dt must be a finite number > 0, got {dt!r}")
    n = _positive_int(n, "n")
    substeps = _positive_int(substeps, "substeps")
    if transient < 0 or not np.isfinite(transient):
        raise InputError(f"transient must be a finite time >= 0, got {transient!r}")
    sig = np.array(sigma, dtype=np.float64, ndmin=1).ravel()
    if sig.size == 1:
        sig = np.full(d, sig[0])
    if sig.size != d or not np.isfinite(sig).all():
        raise InputError(f"sigma must be a finite scalar or one value per component ({d}), got {sigma!r}")
    if diffusion is None:
        diffusion = _linear_diffusion if multiplicative else _unit_diffusion
    f = compile_rhs(drift)
    g = compile_rhs(diffusion)
    h = float(dt) / substeps
    t_start = float(t0) + float(transient)
    p0, rate, tr = _ramp_arrays(params, ramp_rate, t_start if t_ramp is None else t_ramp)
    rng = as_generator(seed)

    # Transient: whole internal steps up to the nearest step of t_start.
    n_trans = round(float(transient) / h)
    scratch = np.empty((1, d))
    done = 0
    while done < n_trans:
        steps = min(_CHUNK_STEPS, n_trans - done)
        z = rng.standard_normal((steps, d))
        bad = _em_chunk(f, g, sig, y, float(t0) + done * h, h, steps, p0, rate, tr, z, scratch)
        if bad >= 0:
            raise IntegrationError(
                f"Euler-Maruyama blew up during the transient before t={t0 + (done + steps) * h:g}"
            )
        done += steps
    out = np.empty((n, d))
    out[0] = y
    rows_per_chunk = max(1, _CHUNK_STEPS // substeps)
    row = 1
    while row < n:
        rows = min(rows_per_chunk, n - row)
        z = rng.standard_normal((rows * substeps, d))
        t_chunk = t_start + (row - 1) * dt
        bad = _em_chunk(f, g, sig, y, t_chunk, h, substeps, p0, rate, tr, z, out[row : row + rows])
        if bad >= 0:
            raise IntegrationError(
                f"Euler-Maruyama produced a non-finite state at t={t_start + (row + bad) * dt:g}; "
                "reduce dt (or raise substeps) or check the parameters"
            )
        row += rows
    t = t_start + dt * np.arange(n)
    return t, out


def _positive_int(value, name: str) -> int:
    return check_int(value, name, minimum=1)
