"""The one set of compiled solvers: SDE (Euler-Maruyama), ODE (Dormand-Prince), DDE, maps.

Compile once, not once per system (docs/systems.md, "Compile once"): every solver takes the
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

import dis
import functools
from collections.abc import Callable

import numba
import numpy as np
from numba import types
from numpy.typing import ArrayLike

from tsdyn._numba import Lazy
from tsdyn.errors import InputError, IntegrationError, check_int
from tsdyn.rng import Seed, as_generator
from tsdyn.systems import _rk_kernels

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

#: Signature of an analytic Jacobian ``jac(t, y, p, out)`` filling the (dim, dim) matrix ``out``.
JAC_SIG = types.none(_f8, _v, _v, _m)
JAC_TYPE = types.FunctionType(JAC_SIG)
#: Signature of a delay equation's right-hand side ``rhs(t, y, y_delayed, p, out)``.
DELAY_SIG = types.none(_f8, _v, _v, _v, _v)
DELAY_TYPE = types.FunctionType(DELAY_SIG)
#: Signature of a map's Jacobian ``jac(y, p, out)`` (maps have no time argument).
MAPJAC_SIG = types.none(_v, _v, _m)
#: The signature of each kind of compiled function, by :func:`compile_rhs`'s ``kind``.
SIGNATURES = {
    "rhs": RHS_SIG,
    "jac": JAC_SIG,
    "map": types.none(_v, _v, _v),
    "mapjac": MAPJAC_SIG,
    "delay": DELAY_SIG,
}


@functools.cache
def compile_rhs(func, kind: str = "rhs") -> numba.core.dispatcher.Dispatcher:
    """Compile ``func(t, y, p, out)`` with the solvers' explicit signature.

    ``kind`` picks the signature: ``"rhs"`` (also drifts and diffusions),
    ``"jac"`` (``out`` is a C-contiguous matrix), ``"map"`` (``step(y, p, out)``),
    ``"mapjac"`` (``jac(y, p, out)``) or ``"delay"`` (``rhs(t, y, y_delayed, p, out)``).

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
    py = _index_unpacking(getattr(func, "py_func", func))
    try:
        try:
            return numba.njit(SIGNATURES[kind], cache=True, nogil=True)(py)
        except Exception:
            # No source file to cache against (interactive sessions, doctests) or an
            # unusable cache entry (e.g. written when the module had another name):
            # compile afresh without the cache; a real typing error raises again.
            return numba.njit(SIGNATURES[kind], cache=False, nogil=True)(py)
    except Exception as err:  # numba raises several error types; all mean "cannot compile"
        name = getattr(py, "__qualname__", repr(py))
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputError(
            f"numba cannot compile the {kind} function {name} with the signature {SIGNATURES[kind]}: {first}"
        ) from err


def _index_unpacking(py):
    """``py`` with every ``a, b, c = arg`` (an argument unpacked into names) written ``a = arg[0]`` ...

    numba unpacks an array through an iterator with a run-time length check,
    which costs about 45 ns a call: fifteen times a whole Lorenz right-hand
    side, and most of an integration's time when a user writes ``x, y, z = X``
    (the catalog indexes: ``x, y, z = X[0], X[1], X[2]``, so it needs no rewrite
    and loads without parsing source). Indexing reads the same values, so
    results are bit for bit the same. The rewritten function keeps the original's file, name and line
    numbers (numba's on-disk cache finds it; its key includes the bytecode).
    Functions without source or with closures are returned unchanged.
    """
    import ast
    import inspect
    import textwrap

    if getattr(py, "__closure__", None) or not hasattr(py, "__code__") or not _unpacks_argument(py.__code__):
        return py
    try:
        source = textwrap.dedent(inspect.getsource(py))
        filename = inspect.getsourcefile(py)
    except (OSError, TypeError):
        return py
    tree = ast.parse(source)
    fn = tree.body[0] if len(tree.body) == 1 else None
    if not isinstance(fn, ast.FunctionDef) or fn.name != py.__name__ or filename is None:
        return py
    args = {a.arg for a in fn.args.args}

    class Unpack(ast.NodeTransformer):
        def visit_Assign(self, node):
            target = node.targets[0] if len(node.targets) == 1 else None
            if (
                isinstance(target, ast.Tuple)
                and all(isinstance(e, ast.Name) for e in target.elts)
                and isinstance(node.value, ast.Name)
                and node.value.id in args
            ):
                return [
                    ast.copy_location(
                        ast.Assign(
                            targets=[ast.Name(e.id, ast.Store())],  # type: ignore[attr-defined]  # all() checked Names
                            value=ast.Subscript(
                                ast.Name(node.value.id, ast.Load()), ast.Constant(i), ast.Load()
                            ),
                        ),
                        node,
                    )
                    for i, e in enumerate(target.elts)
                ]
            return node

    Unpack().visit(fn)
    # The decorators registered the function already; the rewrite is only compiled.
    fn.decorator_list = []
    tree = ast.fix_missing_locations(tree)
    ast.increment_lineno(tree, py.__code__.co_firstlineno - 1)
    namespace = dict(py.__globals__)
    exec(compile(tree, filename, "exec"), namespace)  # our own rewrite of py's source
    new = namespace[py.__name__]
    new.__qualname__, new.__module__, new.__doc__ = py.__qualname__, py.__module__, py.__doc__
    return new


_UNPACK_SEQUENCE = dis.opmap["UNPACK_SEQUENCE"]


def _unpacks_argument(code) -> bool:
    """Whether ``code`` unpacks one of its arguments (``LOAD_FAST arg`` then ``UNPACK_SEQUENCE``).

    Reading the bytecode costs microseconds; parsing the source costs
    milliseconds, which every catalog system (written with indexing) would
    otherwise pay at each load.
    """
    if _UNPACK_SEQUENCE not in code.co_code[::2]:
        return False  # the common case, without building dis's instruction objects
    args = set(code.co_varnames[: code.co_argcount])
    previous = None
    for ins in dis.get_instructions(code):
        if (
            ins.opname == "UNPACK_SEQUENCE"
            and previous is not None
            and previous.opname.startswith("LOAD_FAST")
            and previous.argval in args
        ):
            return True
        previous = ins
    return False


# --------------------------------------------------------------------------- shared helpers


def _ramp_arrays(params, rate, t_ramp):
    p0 = np.ascontiguousarray(params, dtype=np.float64)
    rate = np.zeros_like(p0) if rate is None else np.ascontiguousarray(rate, dtype=np.float64)
    if rate.shape != p0.shape:
        raise InputError(f"ramp rate must have one value per parameter ({p0.size}), got {rate.size}")
    return p0, rate, float(t_ramp)


# --------------------------------------------------------------------------- Euler-Maruyama


_EM_SIG = types.none(
    RHS_TYPE, RHS_TYPE, _v, _m, _f8, _f8, _i8, _m, _v, _f8, types.float64[:, :, ::1], types.float64[:, :, ::1],
    types.int64[::1],
)  # fmt: skip
EM_KERNELS = {
    parallel: Lazy(
        getattr(_rk_kernels, f"em_{'parallel' if parallel else 'serial'}"), _EM_SIG, parallel=parallel
    )
    for parallel in (False, True)
}


def unit_diffusion(t, y, p, out):
    # Additive noise: the amplitude lives in ``sigma``.
    for j in range(out.shape[0]):
        out[j] = 1.0


def linear_diffusion(t, y, p, out):
    # Multiplicative (geometric) noise: amplitude proportional to the state.
    for j in range(out.shape[0]):
        out[j] = y[j]


def euler_maruyama(
    drift: Callable,
    y0: ArrayLike,
    *,
    dt: float,
    n: int,
    params: ArrayLike = (),
    diffusion: Callable | None = None,
    sigma: ArrayLike = 1.0,
    multiplicative: bool = False,
    substeps: int = 1,
    t0: float = 0.0,
    transient: float = 0.0,
    ramp_rate: ArrayLike | None = None,
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
        ``f(t, y, p, out)`` in numba's subset (compiled by ``compile_rhs``).
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
    multiplicative : bool
        Without ``diffusion``: geometric noise ``g = y`` instead of additive
        ``g = 1`` (ignored when ``diffusion`` is given).
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

    See Also
    --------
    define : An SDE as a system of its own (``kind="sde"``), integrated the same way.

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
        diffusion = linear_diffusion if multiplicative else unit_diffusion
    t_start = float(t0) + float(transient)
    p0, rate, tr = _ramp_arrays(params, ramp_rate, t_start if t_ramp is None else t_ramp)
    out = em_members(
        compile_rhs(drift), compile_rhs(diffusion), sig, y[None, :], p0[None, :], [as_generator(seed)], dt=float(dt),
        n=n, substeps=substeps, t0=float(t0), transient=float(transient), rate=rate, t_ramp=tr, parallel=False,
    )[0]  # fmt: skip
    t = t_start + dt * np.arange(n)
    return t, out


def em_members(
    f, g, sigma, y0s, p0s, rngs, *, dt, n, substeps, t0, transient, rate, t_ramp, parallel=True
) -> np.ndarray:
    """Euler-Maruyama for every member (compiled ``f``, ``g``; one Generator per member); ``(members, n, dim)``.

    Member ``i`` draws its normals from ``rngs[i]`` in time order, chunk by chunk, so its path
    is the same whether it runs alone or in an ensemble.
    """
    m, d = y0s.shape
    ys = np.array(y0s, dtype=np.float64, order="C")
    p0s = np.ascontiguousarray(p0s, dtype=np.float64)
    kernel = EM_KERNELS[bool(parallel and m > 1)]
    h = dt / substeps
    # Normals drawn per chunk: about 2**20 values in all, whatever the ensemble size.
    chunk_steps = max(substeps, (1 << 20) // (m * d))
    bad = np.empty(m, dtype=np.int64)

    def advance(start_t, every, rows_out):
        steps = rows_out.shape[1] * every
        z = np.stack([r.standard_normal((steps, d)) for r in rngs])
        kernel(f, g, sigma, ys, start_t, h, every, p0s, rate, t_ramp, z, rows_out, bad)
        return np.flatnonzero(bad >= 0)

    # Transient: whole internal steps up to the nearest step of its end.
    n_trans = round(transient / h)
    done = 0
    while done < n_trans:
        steps = min(chunk_steps, n_trans - done)
        failed = advance(t0 + done * h, steps, np.empty((m, 1, d)))
        if failed.size:
            raise IntegrationError(
                f"Euler-Maruyama blew up during the transient before t={t0 + (done + steps) * h:g} "
                f"(member {failed[0]})"
            )
        done += steps
    t_start = t0 + transient
    out = np.empty((m, n, d))
    out[:, 0] = ys
    rows_per_chunk = max(1, chunk_steps // substeps)
    row = 1
    while row < n:
        rows = min(rows_per_chunk, n - row)
        chunk = np.empty((m, rows, d))
        failed = advance(t_start + (row - 1) * dt, substeps, chunk)
        if failed.size:
            i = int(failed[0])
            raise IntegrationError(
                f"Euler-Maruyama produced a non-finite state at t={t_start + (row + bad[i]) * dt:g} (member {i}); "
                "reduce dt (or raise substeps) or check the parameters"
            )
        out[:, row : row + rows] = chunk
        row += rows
    return out


def _positive_int(value, name: str) -> int:
    return check_int(value, name, minimum=1)


# --------------------------------------------------------------------------- explicit Runge-Kutta

#: Integer codes the compiled solvers return (``info`` holds where it happened).
OK, BLOW_UP, STEP_COLLAPSE, MAX_STEPS = 0, 1, 2, 3
#: The right-hand side is NaN or inf at the start, or on non-finite error norms the step shrank to nothing.
NONFINITE_START, NONFINITE = 4, 5
#: Solver codes: Dormand-Prince 5(4) and 8(5,3).
DOPRI5, DOP853 = 0, 1


_RK_SIG = types.none(
    RHS_TYPE,
    _m,
    _f8,
    _v,
    _m,
    _v,
    _f8,
    _f8,
    _f8,
    _f8,
    _i8,
    _f8,
    types.float64[:, :, ::1],
    _m,
    types.int64[::1],
)
# The generated kernels (tools/gen_rk_kernels.py), compiled on first use. numpy's error model: no division
# can be by zero but one, the first-step probe's by h0 = 0 when the derivative at the start is infinite, which
# raised ZeroDivisionError; now that start ends as NONFINITE_START. Elsewhere only the machine code shrinks.
RK_KERNELS = {
    (method, parallel): Lazy(
        getattr(_rk_kernels, f"{name}_{'parallel' if parallel else 'serial'}"),
        _RK_SIG,
        parallel=parallel,
        error_model="numpy",
    )
    for method, name in ((DOPRI5, "dopri5"), (DOP853, "dop853"))
    for parallel in (False, True)
}
#: dop853 for small calls: the same steps and bits as ``dop853_serial`` from about half the machine code
#: (stages as a loop over the tableau), so a cold first call compiles in about half the time; 15-40 %
#: slower per step (Lorenz: 9 us more per period). It takes two more arguments, scratch arrays (no
#: allocation inside: numba compiles ``np.empty`` as a function of its own).
RK_COMPACT = Lazy(
    _rk_kernels.dop853_compact, types.none(*_RK_SIG.args, _m, _v), parallel=False, error_model="numpy"
)
#: The largest call (members x periods x variables) run on :data:`RK_COMPACT`: at most about 0.5 ms more
#: than ``dop853_serial``. The default ``integrate()`` (10 periods) of a flow of up to 10 variables is
#: below it; 100 periods of Lorenz (benchmarks/systems.py) are above (benchmarks/README.md, "First calls").
COMPACT_WORK = 100.0


def compact_fits(members: int, dimension: int, span: float, time_scale: float | None) -> bool:
    """Whether a dop853 call is small enough for :data:`RK_COMPACT`: members x periods x variables <= COMPACT_WORK.

    ``span`` is the integrated time and ``time_scale`` the system's period (None: unknown, never compact).

    >>> compact_fits(1, 3, 10.0, 1.0), compact_fits(1, 3, 1000.0, 1.0), compact_fits(1, 3, 10.0, None)
    (True, False, False)
    """
    return (
        time_scale is not None and time_scale > 0 and members * dimension * span / time_scale <= COMPACT_WORK
    )


_STATUS_TEXT = {
    BLOW_UP: "the state left the bound |y| <= {max_abs:g} (blow-up) at t={t:g}",
    STEP_COLLAPSE: "the step size collapsed to round-off at t={t:g} (a singularity or a stiff system)",
    MAX_STEPS: "max_steps={max_steps} steps were not enough to reach t={t_end:g} (stopped at t={t:g}; stiff?)",
    NONFINITE_START: "the right-hand side is not finite (NaN or inf) at the start t={t:g}: the initial state "
    "or the parameters lie outside the system's domain",
    NONFINITE: "the right-hand side turned non-finite (NaN or inf) at t={t:g} and smaller steps did not help",
}


#: The same stops where the orbit appears to diverge (:func:`divergence`): no stiffness to suggest.
_DIVERGING_TEXT = {
    STEP_COLLAPSE: "the step size collapsed to round-off at t={t:g}",
    MAX_STEPS: "its steps shrank as it grew: {max_steps} steps reached only t={t:g} of {t_end:g}, "
    "short of |y| = max_abs={max_abs:g}",
    NONFINITE: "the right-hand side turned non-finite (NaN or inf) at t={t:g}",
}


def status_message(
    code: int, *, t: float, t_end: float, max_abs: float, max_steps: int, growth: str | None = None
) -> str:
    """The message for a solver status code (see :data:`BLOW_UP` and friends).

    ``growth`` (from :func:`divergence`) says how an orbit that appears to
    diverge grew; the message then says so instead of blaming stiffness.

    >>> status_message(MAX_STEPS, t=1.5, t_end=10.0, max_abs=1e12, max_steps=100)
    'max_steps=100 steps were not enough to reach t=10 (stopped at t=1.5; stiff?)'
    >>> status_message(MAX_STEPS, t=1.5, t_end=10.0, max_abs=1e12, max_steps=100,
    ...                growth="|y| grew from 1 at t=0 to 1e+06 at t=1.4")  # doctest: +NORMALIZE_WHITESPACE
    'the orbit appears to diverge: |y| grew from 1 at t=0 to 1e+06 at t=1.4, and its steps shrank as it grew:
     100 steps reached only t=1.5 of 10, short of |y| = max_abs=1e+12'
    """
    if growth is not None and code in _DIVERGING_TEXT:
        text = "the orbit appears to diverge: {growth}, and " + _DIVERGING_TEXT[code]
    else:
        text = _STATUS_TEXT[code]
    return text.format(t=t, t_end=t_end, max_abs=max_abs, max_steps=max_steps, growth=growth)


#: How far |y| must rise over the second half of an orbit's span to read as divergence (:func:`divergence`).
DIVERGENCE_GROWTH = 100.0


def divergence(times: np.ndarray, states: np.ndarray) -> str | None:
    """How an orbit grew, where it appears to diverge at its end; None where it does not.

    ``times`` ``(k,)`` and ``states`` ``(k, dim)`` trace the orbit up to where
    a solver stopped; rows that are not finite (the samples past the stop) are
    left out. An orbit that grows without bound can shrink the adaptive steps
    as fast as it grows (Lorenz at ``sigma=-10`` turns its y-z plane at the
    rate ``|x|``), so the solvers run out of steps or of step size long before
    ``|y|`` reaches ``max_abs``, and the stop looks like stiffness. It appears
    to diverge where ``|y|`` (its largest component) rose at every point of the
    span's second half, to more than :data:`DIVERGENCE_GROWTH` times its
    largest over the first half. Three points at least: two cannot tell a
    divergence from a rise onto an attractor.

    >>> t = np.linspace(0.0, 2.0, 9)
    >>> divergence(t, np.exp(5 * t)[:, None])
    '|y| grew from 1 at t=0 to 2.2e+04 at t=2'
    >>> divergence(t, np.cos(50 * t)[:, None]) is None
    True
    """
    finite = np.isfinite(states).all(axis=1)
    times, norms = times[finite], np.abs(states[finite]).max(axis=1)
    if times.size < 3:
        return None
    middle = times[0] + 0.5 * (times[-1] - times[0])
    rising = bool(np.all(np.diff(norms[times >= middle]) > 0))
    if not (rising and norms[-1] > DIVERGENCE_GROWTH * norms[times <= middle].max()):
        return None
    return f"|y| grew from {norms[0]:.3g} at t={times[0]:g} to {norms[-1]:.3g} at t={times[-1]:g}"


def solve_rk(
    f,
    y0s: np.ndarray,
    p0s: np.ndarray,
    ts: np.ndarray,
    *,
    t0: float,
    method: int = DOP853,
    rate: np.ndarray | None = None,
    t_ramp: float = 0.0,
    rtol: float = 1e-9,
    atol: float = 1e-9,
    hmax: float = np.inf,
    max_steps: int = 10**8,
    max_abs: float = 1e12,
    parallel: bool = True,
    time_scale: float | None = None,
    compact: bool | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Integrate every member (rows of ``y0s`` and ``p0s``) and sample at ``ts``.

    Returns ``out (members, len(ts), dim)``, ``status (members,)`` and
    ``info (members, 4)`` (accepted, rejected, evaluations, time reached).
    Members that fail keep NaN rows from the failure on; the caller decides.
    ``time_scale`` (the system's period) lets a small dop853 call run on
    :data:`RK_COMPACT` (:func:`compact_fits`); ``compact`` True or False
    forces the choice. The output is the same bit for bit either way.

    >>> def decay(t, y, p, out):
    ...     out[0] = -p[0] * y[0]
    >>> out, status, info = solve_rk(compile_rhs(decay), np.ones((1, 1)), np.ones((1, 1)),
    ...                              np.array([0.0, 1.0]), t0=0.0)
    >>> bool(abs(out[0, -1, 0] - np.exp(-1)) < 1e-8), int(status[0])
    (True, 0)
    """
    m, d = y0s.shape
    rate = np.zeros(p0s.shape[1]) if rate is None else np.ascontiguousarray(rate, dtype=np.float64)
    out = np.full((m, ts.size, d), np.nan)
    info = np.zeros((m, 4))
    status = np.zeros(m, dtype=np.int64)
    if compact is None:
        compact = method == DOP853 and compact_fits(
            m, d, float(ts[-1]) - float(t0) if ts.size else 0.0, time_scale
        )
    elif compact and method != DOP853:
        raise InputError("the compact kernel is dop853's; method must be DOP853")
    args = (
        f, np.ascontiguousarray(y0s, dtype=np.float64), float(t0), np.ascontiguousarray(ts, dtype=np.float64),
        np.ascontiguousarray(p0s, dtype=np.float64), rate, float(t_ramp), float(rtol), float(atol), float(hmax),
        int(max_steps), float(max_abs), out, info, status,
    )  # fmt: skip
    if compact:
        RK_COMPACT(*args, np.empty((_rk_kernels.DOP853_SCRATCH_ROWS, d)), np.empty(p0s.shape[1]))
    else:
        RK_KERNELS[method, bool(parallel and m > 1)](*args)
    return out, status, info


def solve_scipy(
    fun, y0: np.ndarray, p0: np.ndarray, ts: np.ndarray, *, t0: float, method: str, rtol: float, atol: float,
    rate: np.ndarray | None = None, t_ramp: float = 0.0, jac=None, max_steps: int = 10**8, max_abs: float = np.inf,
) -> np.ndarray:  # fmt: skip
    """Integrate with one of scipy's solvers (``"Radau"``, ``"BDF"``, ``"LSODA"``, ``"DOP853"``, ``"RK45"``).

    The stiff fallback and plain-Python systems. ``fun(t, y, p, out)`` may be
    compiled or plain Python; ``jac(t, y, p, out)`` fills a matrix. Steps as
    :func:`scipy.integrate.solve_ivp` does, and samples ``ts`` from each step's
    dense output as it does, but at most ``max_steps`` steps and only while
    ``|y| <= max_abs``, as the compiled solvers (solve_ivp has neither: a
    fallback on a diverging orbit ran for hours). Raises
    :class:`~tsdyn.errors.IntegrationError` on failure, saying why.

    >>> def decay(t, y, p, out):
    ...     out[0] = -p[0] * y[0]
    >>> y = solve_scipy(decay, np.ones(1), np.ones(1), np.array([0.0, 1.0]), t0=0.0, method="Radau",
    ...                 rtol=1e-10, atol=1e-10)
    >>> bool(abs(y[-1, 0] - np.exp(-1)) < 1e-8)
    True
    >>> solve_scipy(decay, np.ones(1), -np.ones(1), np.array([0.0, 50.0]), t0=0.0, method="Radau",
    ...             rtol=1e-6, atol=1e-6, max_abs=1e6)
    Traceback (most recent call last):
    ...
    tsdyn.errors.IntegrationError: scipy Radau: the state left the bound |y| <= 1e+06 (blow-up) at t=13.9...
    """
    import scipy.integrate

    p0 = np.asarray(p0, dtype=np.float64)
    rate = np.zeros_like(p0) if rate is None else np.asarray(rate, dtype=np.float64)
    d = y0.size

    def params(t):
        return p0 + rate * max(t - t_ramp, 0.0)

    def rhs(t, y):
        out = np.empty(d)
        fun(float(t), np.ascontiguousarray(y, dtype=np.float64), params(t), out)
        return out

    def jacobian(t, y):
        out = np.empty((d, d))
        jac(float(t), np.ascontiguousarray(y, dtype=np.float64), params(t), out)
        return out

    kw = {"jac": jacobian} if jac is not None and method in ("Radau", "BDF", "LSODA") else {}
    t_end = float(ts[-1])
    out = np.empty((ts.size, d))
    solver = None
    # Near float64's range (an ic of 1e200) scipy's steps overflow: its RuntimeWarnings said nothing useful
    # and its errors (an LU of a non-finite matrix) named no time; both end as an IntegrationError here.
    with np.errstate(all="ignore"):
        try:
            solver = getattr(scipy.integrate, method)(rhs, t0, y0, t_end, rtol=rtol, atol=atol, **kw)
            k = steps = 0
            while k < ts.size:
                if steps >= max_steps:
                    raise IntegrationError(
                        f"scipy {method}: max_steps={max_steps} steps were not enough to reach t={t_end:g} "
                        f"(stopped at t={solver.t:g})"
                    )
                message = solver.step()
                steps += 1
                if solver.status == "failed":
                    raise IntegrationError(f"scipy {method} failed at t={solver.t:g}: {message}")
                if not (np.abs(solver.y) <= max_abs).all():  # also NaN
                    blow_up = status_message(
                        BLOW_UP, t=solver.t, t_end=t_end, max_abs=max_abs, max_steps=max_steps
                    )
                    raise IntegrationError(f"scipy {method}: {blow_up}")
                # the samples up to the step's end, from its dense output (solve_ivp's t_eval)
                j = int(np.searchsorted(ts, solver.t, side="right"))
                if j > k:
                    out[k:j] = solver.dense_output()(ts[k:j]).T
                    k = j
        except (ValueError, ArithmeticError) as err:
            where = t0 if solver is None else solver.t
            raise IntegrationError(f"scipy {method} failed at t={where:g}: {err}") from err
    if not np.isfinite(out).all():
        raise IntegrationError(f"scipy {method} gave non-finite samples before t={t_end:g}")
    return out


# --------------------------------------------------------------------------- maps

#: Signature of a map's step ``step(y, p, out)`` (``out`` = next state).
MAP_SIG = SIGNATURES["map"]
MAP_TYPE = types.FunctionType(MAP_SIG)


_MAP_SIG = types.none(MAP_TYPE, _m, _i8, _m, _v, _f8, _f8, types.float64[:, :, ::1], types.int64[::1])
MAP_KERNELS = {
    parallel: Lazy(
        getattr(_rk_kernels, f"map_{'parallel' if parallel else 'serial'}"), _MAP_SIG, parallel=parallel
    )
    for parallel in (False, True)
}


def iterate_map(
    step, y0s: np.ndarray, p0s: np.ndarray, n: int, *, transient: int = 0, rate=None, k_ramp: float = 0.0,
    max_abs: float = 1e12, parallel: bool = True,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Iterate a compiled map for every member; returns ``out (members, n, dim)`` and the failing iteration (or -1).

    >>> def doubling(y, p, out):
    ...     out[0] = (2.0 * y[0]) % 1.0
    >>> out, fail = iterate_map(compile_rhs(doubling, "map"), np.array([[0.1]]), np.zeros((1, 0)), 3)
    >>> out[0, :, 0].round(6).tolist(), int(fail[0])
    ([0.1, 0.2, 0.4], -1)
    """
    m, d = y0s.shape
    rate = np.zeros(p0s.shape[1]) if rate is None else np.ascontiguousarray(rate, dtype=np.float64)
    out = np.full((m, n, d), np.nan)
    fail = np.full(m, -1, dtype=np.int64)
    MAP_KERNELS[bool(parallel and m > 1)](
        step, np.ascontiguousarray(y0s, dtype=np.float64), int(transient), np.ascontiguousarray(p0s, dtype=np.float64),
        rate, float(k_ramp), float(max_abs), out, fail,
    )  # fmt: skip
    return out, fail


# --------------------------------------------------------------------------- delay equations

_DDE_SIG = types.none(
    DELAY_TYPE, _m, _v, _m, _m, types.float64[:, :, ::1], types.float64[:, :, :, ::1], _f8, _v, _m, _v, _f8, _f8,
    _f8, _f8, _i8, _f8, types.float64[:, :, ::1], _m, types.int64[::1],
)  # fmt: skip
# The generated method-of-steps kernels: dopri5's body with the history read before every call.
DDE_KERNELS = {
    parallel: Lazy(
        getattr(_rk_kernels, f"dde5_{'parallel' if parallel else 'serial'}"), _DDE_SIG, parallel=parallel
    )
    for parallel in (False, True)
}


#: Samples of a history function over the delay interval (``points`` of :func:`history_segments`).
HISTORY_POINTS = 256


def history_segments(y0: np.ndarray, tau: float, history=None, *, points: int = HISTORY_POINTS):
    """Interpolation segments covering ``[-tau, 0]`` for the delay kernels (``dde5_*``).

    Returns the segments' starts, lengths, start values and the coefficients of
    their interpolants (the form of ``tsdyn.systems._helpers.dense_eval``, 4 terms).
    ``history=None`` holds the state at ``y0``; a callable ``history(t)``
    (returning the state at each past time ``t``) is sampled at ``points + 1``
    times and joined by cubic Hermite pieces with slopes from central
    differences (error ~ (tau / points)^3 times the third derivative).
    """
    d = y0.size
    if history is None:
        return np.array([-tau]), np.array([tau]), y0[None, :].copy(), np.zeros((1, 4, d))
    tt = np.linspace(-tau, 0.0, points + 1)
    try:
        Y = np.array([np.asarray(history(float(s)), dtype=np.float64).ravel() for s in tt])
    except Exception as err:
        raise InputError(f"the history function failed at a past time: {err}") from err
    if Y.shape != (points + 1, d) or not np.isfinite(Y).all():
        raise InputError(f"history(t) must return {d} finite values for every t in [-{tau:g}, 0]")
    if not np.allclose(Y[-1], y0, rtol=1e-12, atol=1e-12):
        raise InputError(f"history(0) = {Y[-1].tolist()} must equal the initial condition {y0.tolist()}")
    h = tt[1] - tt[0]
    slope = np.gradient(Y, h, axis=0, edge_order=2)
    dy = Y[1:] - Y[:-1]
    F = np.zeros((points, 4, d))
    F[:, 0] = dy
    F[:, 1] = h * slope[:-1] - dy
    F[:, 2] = dy - h * slope[1:] - F[:, 1]
    return tt[:-1].copy(), np.full(points, h), np.ascontiguousarray(Y[:-1]), F


def solve_dde(
    f, y0s: np.ndarray, p0s: np.ndarray, ts: np.ndarray, *, tau, history=None, rate=None, t_ramp: float = 0.0,
    rtol: float = 1e-9, atol: float = 1e-9, hmax: float = np.inf, max_steps: int = 10**8, max_abs: float = 1e12,
    parallel: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Integrate ``y' = f(t, y, y(t - tau), p)`` from 0 for every member and sample at ``ts``.

    Members are the rows of ``y0s`` and ``p0s``; ``tau`` is one delay or one
    per member. The history before 0 is constant at the member's initial
    state, or the callable ``history(t)`` (see :func:`history_segments`).
    Dormand-Prince 5(4) by the method of steps: steps never exceed the delay,
    and delayed states come from the stored dense output. All members run in
    one compiled call (``prange`` over members when ``parallel``); member
    ``i``'s result does not depend on the others, nor on ``parallel``.

    Returns ``out (members, len(ts), dim)``, ``status (members,)`` and
    ``info (members, 4)`` as :func:`solve_rk` does (members that fail keep NaN
    rows from the failure on).

    >>> def delayed_decay(t, y, yd, p, out):
    ...     out[0] = -yd[0]
    >>> out, status, _ = solve_dde(compile_rhs(delayed_decay, "delay"), np.ones((1, 1)), np.zeros((1, 0)),
    ...                            np.array([0.0, 1.0]), tau=1.0)
    >>> round(float(out[0, -1, 0]), 9), int(status[0])   # y = 1 - t on [0, 1] (history 1)
    (0.0, 0)
    """
    y0s = np.ascontiguousarray(y0s, dtype=np.float64)
    p0s = np.ascontiguousarray(p0s, dtype=np.float64)
    if y0s.ndim != 2 or p0s.ndim != 2 or p0s.shape[0] != y0s.shape[0]:
        raise InputError(
            f"y0s (members, dim) and p0s (members, params) must have one row per member; got {y0s.shape}, "
            f"{p0s.shape}"
        )
    m, d = y0s.shape
    taus = np.array(tau, dtype=np.float64, ndmin=1).ravel()
    if taus.size == 1:
        taus = np.full(m, taus[0])
    if taus.size != m or not (np.isfinite(taus) & (taus > 0)).all():
        raise InputError(f"the delay must be a finite time > 0 (one, or one per member of {m}), got {tau!r}")
    ts = np.ascontiguousarray(ts, dtype=np.float64)
    # One history per member; a history function is sampled once per distinct delay and start.
    sampled = {}
    for i in range(m):
        key = (float(taus[i]), y0s[i].tobytes())
        if key not in sampled:
            sampled[key] = history_segments(y0s[i], key[0], history)
    segs = [sampled[float(taus[i]), y0s[i].tobytes()] for i in range(m)]
    h_t, h_h, h_y, h_F = (np.ascontiguousarray(np.stack([s[k] for s in segs])) for k in range(4))
    rate = np.zeros(p0s.shape[1]) if rate is None else np.ascontiguousarray(rate, dtype=np.float64)
    out = np.full((m, ts.size, d), np.nan)
    info = np.zeros((m, 4))
    status = np.zeros(m, dtype=np.int64)
    DDE_KERNELS[bool(parallel and m > 1)](
        f, y0s, taus, h_t, h_h, h_y, h_F, 0.0, ts, p0s, rate, float(t_ramp), float(rtol), float(atol), float(hmax),
        int(max_steps), float(max_abs), out, info, status,
    )  # fmt: skip
    return out, status, info
