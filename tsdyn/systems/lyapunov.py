"""Lyapunov spectra of catalog systems from their equations (Benettin et al. 1980, QR method).

Flows integrate the variational equations ``dQ/dt = J(y) Q`` alongside the
state, with fixed-step RK4 (re-orthonormalising ``Q`` by Gram-Schmidt every
``renorm`` steps) or, for stiff systems, adaptive Dormand-Prince 5(4) whose
error control covers ``Q`` too (re-orthonormalising after every step); ``J Q``
comes from the Jacobian or, for large grids, from central differences of the
right-hand side along each tangent vector (``tangent="directional"``); maps multiply by the map's Jacobian and re-orthonormalise at
every iteration. Delay equations (an infinite-dimensional state: the
history over the last delay) get their largest exponent from two nearby
trajectories restarted every delay, and so do flows whose right-hand side jumps
(catalog flag ``discontinuous``: the variational equations miss the jumps). The exponents are the time averages of ``log |R_ii|``. The
run is cut into ``blocks`` equal pieces; the standard error of the block
means is the error estimate (blocks longer than the correlation time make it
honest).

>>> import tsdyn.systems as ts
>>> res = ts.lyapunov_spectrum(ts.get("Lorenz"), t=100.0, dt=0.01)
>>> bool(0.7 < res.exponents[0] < 1.1), round(float(res.exponents.sum()), 2)
(True, -13.67)
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from tsdyn.errors import InputError, IntegrationError, check_choice, check_int
from tsdyn.systems._request import check_state, non_negative, parameter_vector, positive
from tsdyn.systems.base import Spec

if TYPE_CHECKING:  # the System sits above this module: it is read, never imported here
    from tsdyn.systems.system import System

__all__ = ["LyapunovResult", "kaplan_yorke", "lyapunov_spectrum"]


@dataclass(frozen=True)
class LyapunovResult:
    """Lyapunov exponents (descending), their standard errors and the Kaplan-Yorke dimension.

    Attributes
    ----------
    exponents : numpy.ndarray
        The exponents, largest first, per time unit (per iteration for maps).
    stderr : numpy.ndarray
        Standard error of each, from the spread of the block means.
    kaplan_yorke : float
        :func:`kaplan_yorke` of the exponents.
    time : float
        Length of the averaging run (time units; iterations for maps).
    dt : float
        Integration step.
    jacobian : str
        How the tangent dynamics were computed (``"analytic"``, finite
        differences, ...).

    See Also
    --------
    lyapunov_spectrum : Computes it.

    Examples
    --------
    The Henon map contracts areas by ``b = 0.3`` per step, so its exponents
    sum to ``ln 0.3``:

    >>> import tsdyn.systems as ts
    >>> res = ts.lyapunov_spectrum(ts.get("Henon"), n=20000)
    >>> round(float(res.exponents.sum()), 3), round(float(np.log(0.3)), 3)
    (-1.204, -1.204)
    >>> round(float(res.exponents[0]), 2), round(res.kaplan_yorke, 2)
    (0.42, 1.26)
    """

    exponents: np.ndarray
    stderr: np.ndarray
    kaplan_yorke: float
    time: float
    dt: float
    jacobian: str


@dataclass(frozen=True)
class LyapunovRun:
    """The options of one :func:`lyapunov_spectrum` call, as given (each kind's procedure checks its own)."""

    t: float | None
    n: int | None
    dt: float | None
    transient: float | None
    k: int | None
    ic: ArrayLike | None
    renorm: int
    blocks: int
    method: str
    rtol: float | None
    atol: float | None
    tangent: str
    max_steps: int
    max_abs: float
    history: Callable | None = None


def _refuse(system: System, run: LyapunovRun, names: tuple[str, ...], procedure: str) -> None:
    """An ``InputError`` naming the options of ``names`` given to ``run`` though ``procedure`` ignores them."""
    given = [f"{n}={getattr(run, n)!r}" for n in names if getattr(run, n) != _UNSET[n]]
    if given:
        verb = "does" if len(given) == 1 else "do"
        raise InputError(f"{system.name}: {', '.join(given)} {verb} not apply to {procedure}")


def kaplan_yorke(exponents: ArrayLike) -> float:
    """Kaplan-Yorke dimension ``j + sum(l_1..l_j) / |l_{j+1}|`` of a spectrum.

    ``j`` is the largest number of exponents (largest first) whose sum is not
    negative; 0 when the largest is negative, the spectrum's length when the
    whole sum is not negative.

    Parameters
    ----------
    exponents : array-like
        Lyapunov exponents, in any order.

    Returns
    -------
    float
        The dimension.

    See Also
    --------
    lyapunov_spectrum : The exponents of a system of the catalog.

    Examples
    --------
    >>> kaplan_yorke([0.9056, 0.0, -14.5723])
    2.0621...
    """
    lam = np.sort(np.asarray(exponents, dtype=np.float64))[::-1]
    cums = np.cumsum(lam)
    if cums[0] < 0:
        return 0.0
    j = int(np.flatnonzero(cums >= 0)[-1])
    if j == lam.size - 1:
        return float(lam.size)
    return float(j + 1 + cums[j] / abs(lam[j + 1]))


def lyapunov_spectrum(
    system: System,
    *,
    t: float | None = None,
    n: int | None = None,
    dt: float | None = None,
    transient: float | None = None,
    k: int | None = None,
    ic: ArrayLike | None = None,
    renorm: int = 1,
    blocks: int = 10,
    method: str = "rk4",
    rtol: float | None = None,
    atol: float | None = None,
    tangent: str = "auto",
    max_steps: int = 10**8,
    max_abs: float = 1e12,
    history: Callable | None = None,
) -> LyapunovResult:
    """The ``k`` largest Lyapunov exponents of ``system`` at its current parameters.

    Parameters
    ----------
    system : System
        A flow, a map or a delay equation (``tsdyn.systems.get(...)``). A delay
        equation gives its largest exponent only (``k=1``), from two
        trajectories at an RMS distance of 1e-6 over the sampled history,
        restarted and rescaled every delay (``t`` and ``transient`` apply;
        ``n``, ``dt`` and ``method`` do not). So does a flow whose right-hand
        side jumps (``system.spec.extra["discontinuous"]``: StickSlipOscillator,
        SprottMore), whose tangent equations miss the jumps: its pair is
        integrated by the adaptive solver, 1e-6 of the orbit's RMS size apart,
        and renormalised every ``dt`` (default the period).
    t, n : optional
        Averaging time (flows, default 1000 time units) or iterations (maps,
        default 100 000); give one.
    dt : float, optional
        RK4 step of flows, or the first step of ``"dopri5"`` (default: the
        system's ``dt`` guidance, else period / 200, else 0.01); a
        discontinuous flow's renormalisation interval.
    transient : float, optional
        Time (iterations) run first to reach the attractor and align the tangent
        vectors (default 10 % of the run).
    k : int, optional
        How many exponents (default all).
    ic : array_like, optional
        Starting state (default the catalog's).
    renorm : int
        Steps between re-orthonormalisations (RK4; ``"dopri5"`` does it after every step).
    blocks : int
        Pieces the run is split into for the standard error.
    method : {"rk4", "dopri5"}
        Flows: fixed-step RK4, or adaptive Dormand-Prince 5(4) with error
        control (``rtol``, ``atol``) on the state and the tangent vectors. A
        stiff flow (RK4 blows up unless ``dt`` is below its stability limit
        everywhere on the orbit) needs ``"dopri5"``: its step follows the
        stability limit along the orbit.
    rtol, atol : float, optional
        Tolerances of ``"dopri5"`` (default 1e-6 and 1e-8), or of a
        discontinuous flow's pair (default 1e-9 and 1e-12).
    tangent : {"auto", "jacobian", "directional"}
        How ``"dopri5"`` forms ``J Q``: from the Jacobian (analytic, else
        central differences), or from central differences of the rhs along
        each of the ``k`` tangent vectors (2 k rhs calls instead of a dense
        ``dim x dim`` matrix: the way for grids with a few exponents).
        ``"auto"``: directional when the dimension exceeds 128.
    max_steps : int
        Cap on the steps (accepted and rejected) of ``"dopri5"``. An option
        given where it does not apply (``rtol`` to RK4, ``renorm`` to
        ``"dopri5"``, ``method`` to a map, ...) is an ``InputError``, not ignored.
    max_abs : float
        Bound whose crossing by the state is a blow-up.
    history : callable, optional
        Delay equations: start from the state ``history(t)`` over the past
        delay (``-delay <= t <= 0``, sampled at 257 times; ``history(0)`` is
        the starting state and must equal ``ic`` if that is given) instead of
        the constant history at ``ic``. The two trajectories then start at
        once, and ``transient`` (default 0, in whole delays) aligns their
        difference with the growing direction before the averaging: the
        exponent of a given stretch of an orbit.

    Returns
    -------
    LyapunovResult
        ``exponents`` (per unit time, or per iteration for maps), ``stderr``,
        ``kaplan_yorke`` (NaN when ``k`` exponents do not reach a negative
        sum), the averaging ``time``, ``dt`` (the RK4 step, or the mean step
        of ``"dopri5"``), and how ``J Q`` was formed: ``"analytic"``,
        ``"finite differences"`` or ``"directional differences"``.

    See Also
    --------
    LyapunovResult : What it returns.
    kaplan_yorke : The dimension from the exponents.
    tsdyn.chaos.lyapunov_spectrum : The exponents of a measured series.

    Examples
    --------
    A stiff flow: the Oregonator's limit cycle, adaptive steps (RK4 at the
    period / 200 blows up).

    >>> import tsdyn.systems as ts
    >>> res = ts.lyapunov_spectrum(ts.get("Oregonator"), t=30.0, method="dopri5")
    >>> abs(float(res.exponents[0])) < 0.2, bool(res.exponents[1] < -0.2)
    (True, True)
    """
    if not isinstance(getattr(system, "spec", None), Spec):
        raise InputError(
            f"system must be a tsdyn.systems.System (tsdyn.systems.get(name)); got {type(system).__name__}"
        )
    procedure = system.behaviour.lyapunov
    if procedure is None:
        raise InputError(
            f"Lyapunov spectra are computed for flows, maps and delay equations; {system.name} is a {system.kind}"
        )
    return procedure(
        system,
        LyapunovRun(
            t=t, n=n, dt=dt, transient=transient, k=k, ic=ic, renorm=renorm, blocks=blocks, method=method,
            rtol=rtol, atol=atol, tangent=tangent, max_steps=max_steps, max_abs=max_abs, history=history,
        ),
    )  # fmt: skip


# lyapunov_spectrum's defaults: an option still at its default was not given (_refuse)
_UNSET = {name: p.default for name, p in inspect.signature(lyapunov_spectrum).parameters.items()}


def two_trajectories(system: System, run: LyapunovRun) -> LyapunovResult:
    """Delay equations: the largest exponent only, by two nearby trajectories (:func:`lyapunov_spectrum`)."""
    if run.k not in (None, 1) or run.n is not None or run.dt is not None or run.method != "rk4":
        raise InputError(
            f"{system.name} is a delay equation: only its largest exponent (k=1), over a time t, "
            "by two nearby trajectories (no n, dt or method)"
        )
    _refuse(system, run, ("renorm", "rtol", "atol", "tangent", "max_steps"),
            "a delay equation's two trajectories (tolerances 1e-12)")  # fmt: skip
    t = positive(1000.0 if run.t is None else run.t, "t")
    blocks = check_int(run.blocks, "blocks", minimum=2)
    if run.history is None:
        y0 = system.ic if run.ic is None else check_state(system, run.ic, "ic")
        transient = 0.1 * t if run.transient is None else non_negative(run.transient, "transient")
        return _delay_largest(system, y0, t, transient, blocks, run.max_abs)
    if not callable(run.history):
        raise InputError(f"history must be a callable history(t), got {type(run.history).__name__}")
    from tsdyn.systems._integrate import HISTORY_POINTS

    tau = float(system.delay_time or 0.0)  # a delay equation has one
    try:
        past = np.array(
            [np.asarray(run.history(float(s)), dtype=np.float64).ravel() for s in np.linspace(-tau, 0.0, HISTORY_POINTS + 1)]
        )  # fmt: skip
    except Exception as err:
        raise InputError(f"the history function failed at a past time: {err}") from err
    if past.shape != (HISTORY_POINTS + 1, system.dimension) or not np.isfinite(past).all():
        raise InputError(
            f"history(t) must return {system.dimension} finite values for every t in [-{tau:g}, 0]"
        )
    if run.ic is not None and not np.allclose(
        check_state(system, run.ic, "ic"), past[-1], rtol=1e-12, atol=1e-12
    ):
        raise InputError(f"history(0) = {past[-1].tolist()} must equal the initial condition")
    transient = 0.0 if run.transient is None else non_negative(run.transient, "transient")
    return _delay_largest(system, past[-1], t, transient, blocks, run.max_abs, past=past)


def qr_spectrum(system: System, run: LyapunovRun) -> LyapunovResult:
    """Flows and maps: the ``k`` largest exponents by the QR method (:func:`lyapunov_spectrum`)."""
    # The compiled kernels load on first use, so importing the engine does not import numba.
    from tsdyn.systems import _lyapunov_kernels as K

    if run.history is not None:
        raise InputError(f"{system.name} is a {system.kind}: a history applies to delay equations only")
    iterated = system.behaviour.iterated
    if not iterated and system.spec.extra.get("discontinuous"):
        return _jump_largest(system, run)
    d = system.dimension
    k = d if run.k is None else check_int(run.k, "k", minimum=1, maximum=d)
    blocks = check_int(run.blocks, "blocks", minimum=2)
    renorm = check_int(run.renorm, "renorm", minimum=1)
    y0 = system.ic if run.ic is None else check_state(system, run.ic, "ic")
    t, n, dt, transient, max_abs = run.t, run.n, run.dt, run.transient, run.max_abs
    p = parameter_vector(system.params)
    f = system.compiled("rhs")
    if f is None:
        raise InputError(
            f"{system.name}'s right-hand side does not compile with numba; Lyapunov spectra need it"
        )
    method = check_choice(str(run.method).lower(), "method", ("rk4", "dopri5"))
    tangent = check_choice(str(run.tangent).lower(), "tangent", ("auto", "jacobian", "directional"))
    if tangent == "auto":
        tangent = "directional" if d > 128 else "jacobian"
    if method == "rk4" and tangent == "directional":
        raise InputError('tangent="directional" needs method="dopri5"')
    jac, has_jac = tangent_jacobian(system)
    logs = np.zeros((blocks, k))
    if iterated:
        if t is not None or dt is not None:
            raise InputError(f"{system.name} is a map: give n (iterations), not t or dt")
        _refuse(system, run, ("renorm", "rtol", "atol", "max_steps", "method"), "a map's iterated tangents")
        n = check_int(100_000 if n is None else n, "n", minimum=blocks)
        n_tr = check_int(n // 10 if transient is None else transient, "transient (iterations)", minimum=0)
        fail = K.lyapunov_map(f, jac, has_jac, y0, p, n_tr, n, _initial_frame(d, k), logs, float(max_abs))
        total, h = float(n), 1.0
    else:
        if n is not None:
            raise InputError(f"{system.name} is a flow: give the averaging time t, not n")
        h = (
            positive(dt, "dt")
            if dt is not None
            else system.dt or (system.period / 200 if system.period else 0.01)
        )
        t = positive(1000.0 if t is None else t, "t")
        transient = 0.1 * t if transient is None else non_negative(transient, "transient")
        if method == "dopri5":
            _refuse(system, run, ("renorm",), '"dopri5" (it re-orthonormalises after every step)')
            return _adaptive(system, f, jac, has_jac, tangent, y0, p, h, transient, t, k, logs, run.rtol,
                             run.atol, run.max_steps, max_abs)  # fmt: skip
        _refuse(system, run, ("rtol", "atol", "max_steps"), "fixed-step RK4")
        n_steps = _intervals(t, h, blocks * renorm, f"{blocks} blocks of at least renorm={renorm} steps")
        fail = K.lyapunov_flow(
            f,
            jac,
            has_jac,
            y0,
            p,
            h,
            round(transient / h),
            n_steps,
            renorm,
            _initial_frame(d, k),
            logs,
            float(max_abs),
        )
        total = n_steps * h
    if fail >= 0:
        raise IntegrationError(
            f"{system.name}: the orbit left |x| <= {max_abs:g} at step {fail}; reduce dt, or "
            'method="dopri5" if the system is stiff'
        )
    # Whole steps per block (a map's step is one iteration); the last block also holds the remainder.
    steps = round(total / h)
    lengths = np.full(blocks, (steps // blocks) * h)
    lengths[-1] = (steps - (blocks - 1) * (steps // blocks)) * h
    return _result(logs, lengths, total, h, d, "analytic" if has_jac else "finite differences")


def _jump_largest(system: System, run: LyapunovRun) -> LyapunovResult:
    """A flow whose right-hand side jumps: the largest exponent by two nearby trajectories.

    The variational equations ``dQ/dt = J(y) Q`` miss what a jump does to a tangent vector (a
    saltation at every crossing of the switching surface, and the collapse onto it while the
    orbit slides along it), so the QR exponents of a discontinuous flow describe none of its
    orbits: StickSlipOscillator's friction ``sign(v - vs)`` gave 0.0215 that way, while at the
    catalog's parameters its orbit is a cycle of three forcing periods. Here the adaptive
    solver steps across every jump for both trajectories; the second starts ``delta`` away
    (1e-6 of the orbit's RMS size over its bounded variables) and is brought back to that distance
    along their difference every ``dt`` (default the period), through the transient (which aligns
    their difference with the growing direction) and the run; the exponent is the mean of
    ``log(growth) / dt`` over the run. At tolerances 1e-9 / 1e-12 the pair's difference after one
    period of SprottMore carries an integration error of 0.16 ``delta`` in the median (up to 5
    where the two cross the jump at differently localised times; 3e-8 on the smooth Lorenz),
    against a growth of about 4.6 ``delta`` a period; lambda1 moves within its error with the
    tolerance (1e-11 / 1e-14: 0.243 +- 0.018 against 0.231 +- 0.011 over 3000 time units) and
    with ``delta`` (1e-4: 0.228 +- 0.011). Renormalising often lets those errors add growth
    (one orbit of 3000 time units: 0.222, 0.232, 0.237, 0.244 renormalised every 1, 1/10, 1/100
    and 1/400 of a period), hence the period by default.
    """
    if run.k not in (None, 1) or run.n is not None or run.method != "rk4" or run.history is not None:
        raise InputError(
            f"{system.name}'s right-hand side jumps: only its largest exponent (k=1), over a time t, "
            "by two nearby trajectories (no n, method or history)"
        )
    # (the pair runs on the integrator's "auto", whose stiff fallback has no step budget)
    _refuse(
        system,
        run,
        ("renorm", "tangent", "max_steps"),
        f"{system.name}'s two trajectories (renormalised every dt)",
    )
    rtol = positive(1e-9 if run.rtol is None else run.rtol, "rtol")
    atol = positive(1e-12 if run.atol is None else run.atol, "atol")
    t = positive(1000.0 if run.t is None else run.t, "t")
    transient = 0.1 * t if run.transient is None else non_negative(run.transient, "transient")
    blocks = check_int(run.blocks, "blocks", minimum=2)
    h = positive(run.dt, "dt") if run.dt is not None else system.period or 1.0
    n_int = _intervals(t, h, blocks, f"{blocks} blocks of at least one renormalisation interval")
    y = system.ic if run.ic is None else check_state(system, run.ic, "ic")

    def advance(states, span, n=2):
        out = system.integrate(n=n, dt=span / (n - 1), ic=states, rtol=rtol, atol=atol,
                               max_abs=run.max_abs, parallel=False)  # fmt: skip
        return np.asarray(out.values)

    # the orbit's size over the transient (bounded variables: a forcing phase grows) sets delta
    settle = advance(y, max(transient, h), n=201)
    bounded = [i for i in range(system.dimension) if i not in (system.spec.unbounded or ())]
    delta = 1e-6 * float(np.linalg.norm(settle[:, bounded].std(axis=0)) or 1.0)
    direction = np.random.default_rng(0).standard_normal(system.dimension)
    pair = np.stack([y, y + delta * direction / np.linalg.norm(direction)])
    # the pair runs through the transient too, so their difference is aligned when the count starts
    n_align = math.ceil(transient / h - 1e-9)
    growth = np.empty(n_align + n_int)
    for i in range(growth.size):
        pair = advance(pair, h)[-1].T
        gap = float(np.linalg.norm(pair[1] - pair[0]))
        if not gap > 0:
            raise IntegrationError(f"{system.name} (Lyapunov exponent): the two trajectories met")
        growth[i] = math.log(gap / delta)
        pair[1] = pair[0] + (delta / gap) * (pair[1] - pair[0])
    return _pair_result(growth[n_align:], blocks, h, system.dimension)


def _intervals(t: float, h: float, least: int, what: str) -> int:
    """The steps of ``h`` in ``t``; at least ``least`` (was: silently lengthened to ``blocks``)."""
    n = round(t / h)
    if n < least:
        raise InputError(
            f"t={t:g} holds {n} steps of dt={h:g}: {what} need at least {least} (t >= {least * h:g}); "
            "pass a longer t, or fewer blocks"
        )
    return n


def _pair_result(growth, blocks, interval, d) -> LyapunovResult:
    """The largest exponent from a pair's log-growths over equal ``interval``s, cut into ``blocks``
    (consecutive intervals) for its standard error; ``d`` the state's dimension."""
    n = growth.size
    block = np.arange(n) * blocks // n  # the block each interval belongs to
    logs = np.bincount(block, weights=growth, minlength=blocks)[:, None]
    lengths = np.bincount(block, minlength=blocks) * interval
    return _result(logs, lengths, n * interval, interval, d, "two trajectories")


def _delay_largest(system, y0, t, transient, blocks, max_abs, past=None) -> LyapunovResult:
    """The largest exponent of a delay equation by two nearby trajectories (Benettin's first method).

    A delay equation's state is its history over the last delay ``tau``,
    here sampled at ``HISTORY_POINTS + 1`` times. Both trajectories restart
    every ``tau`` from their sampled histories (the same cubic Hermite
    interpolation for both: it is linear, so their difference is the
    interpolated difference), and the perturbed one is brought back to the
    distance ``delta`` (RMS over the history) after each interval; the
    exponent is the mean of ``log(growth) / tau``.

    ``delta`` is 1e-6 (relative) and the tolerances 1e-12: the two runs take
    different adaptive steps (a third of the tries rejected at the history's knots),
    so each carries its own integration error, and at the former 1e-8 and
    1e-10 that error was as large as their distance (VossDelay: one delay's
    growth 2.04 instead of 0.83, 155 % off linear). Its noise inflated every
    exponent (IkedaDelay 0.736 instead of 0.45, MackeyGlass 0.0040 for a
    limit cycle); now the growth is linear within 0.02 % and the exponents
    agree with a fixed-step tangent run (tools/check_delay_lyapunov.py).
    """
    from tsdyn.systems._integrate import HISTORY_POINTS

    run, grid = _delay_runner(system, max_abs)
    tau = system.delay_time
    if past is None:
        # The transient (at least one delay) starts from the constant history at y0.
        start = max(transient, tau)
        ref = run(np.asarray(y0, dtype=np.float64)[None, :], start - tau + grid)
        n_align = 0
    else:
        # A given history: the pair starts at once, and whole delays of transient align it.
        ref, n_align = past, math.ceil(transient / tau - 1e-9)
    direction = np.random.default_rng(0).standard_normal(ref.shape)
    # (a given history's t is whole delays: 12 * 5.1 / 5.1 is 12.000000000000002)
    n_int = math.ceil(t / tau if past is None else t / tau - 1e-9)
    if n_int < blocks:
        raise InputError(
            f"t={t:g} holds {n_int} delays of {tau:g}: {blocks} blocks need at least {blocks} "
            f"(t >= {blocks * tau:g}), or pass fewer blocks"
        )
    growth, _ = delay_pair_growth(system, ref, direction, n_align + n_int, max_abs)
    # The sampled history is the state: a single exponent fixes no Kaplan-Yorke dimension unless negative.
    return _pair_result(growth[n_align:], blocks, tau, (HISTORY_POINTS + 1) * system.dimension)


def _delay_runner(system, max_abs):
    """``run(history, ts)``: the delay equation from a sampled history (or a constant state) at ``ts``."""
    from tsdyn.systems._integrate import HISTORY_POINTS, solve_dde, status_message

    f = system.compiled("rhs")
    if f is None:
        raise InputError(
            f"{system.name}'s right-hand side does not compile with numba; Lyapunov exponents need it"
        )
    tau, p = system.delay_time, parameter_vector(system.params)[None, :]
    grid = np.linspace(0.0, tau, HISTORY_POINTS + 1)

    def run(history, ts):
        out, status, info = solve_dde(
            f, history[-1][None, :], p, ts, tau=tau, rtol=1e-12, atol=1e-12, max_abs=max_abs, parallel=False,
            history=None if history.shape[0] == 1 else lambda s: history[round((s + tau) / tau * HISTORY_POINTS)],
        )  # fmt: skip
        if status[0]:
            msg = status_message(int(status[0]), t=info[0, 3], t_end=ts[-1], max_abs=max_abs, max_steps=10**8)
            raise IntegrationError(f"{system.name} (Lyapunov exponent): {msg}")
        return out[0]

    return run, grid


def delay_pair_growth(system, past, direction, delays: int, max_abs: float = 1e12):
    """The pair of :func:`_delay_largest` from the sampled history ``past`` for ``delays`` delays.

    ``past`` holds the state at ``HISTORY_POINTS + 1`` times over the last delay, ``direction``
    the second trajectory's offset there (scaled to the same ``delta``). Returns the log-growth
    of their distance over each delay and their last difference, to carry into the next
    stretch: ``tools/validate_chaos.py`` follows a record piece by piece this way, restarting
    the first trajectory on the record and keeping the aligned difference.
    """
    run, grid = _delay_runner(system, max_abs)
    ref = np.asarray(past, dtype=np.float64)
    direction = np.asarray(direction, dtype=np.float64)
    delta = 1e-6 * max(1.0, float(np.sqrt(np.mean(ref**2))))
    pert = ref + direction * (delta / np.sqrt(np.mean(direction**2)))
    logs = np.zeros(delays)
    gap = direction
    for i in range(delays):
        ref, moved = run(ref, grid), run(pert, grid)
        gap = moved - ref
        size = float(np.sqrt(np.mean(gap**2)))
        logs[i] = math.log(size / delta)
        pert = ref + gap * (delta / size)
    return logs, gap


def _initial_frame(d: int, k: int) -> np.ndarray:
    """The ``k`` starting tangent vectors: orthonormal, in general position (a fixed seed).

    The identity's first ``k`` columns can miss a direction for good: a forced flow's phase has a
    zero row in the Jacobian, so a frame without it never gains it, and ``k < d`` exponents of a
    forced cycle left out its zero (CircadianRhythm's first three: -0.0002, -0.088, -0.33 for 0,
    -0.00002, -0.088 of all five).
    """
    # drawn a column at a time, so the first j vectors are the same for every k >= j (and the first
    # j exponents of a run with k vectors equal those of the run with j)
    q = np.linalg.qr(np.random.default_rng(0).standard_normal((k, d)).T)[0]
    return np.ascontiguousarray(q)


def _result(logs, lengths, total, h, d, jacobian) -> LyapunovResult:
    k = logs.shape[1]
    exponents = logs.sum(axis=0) / total
    block_means = logs / lengths[:, None]
    stderr = block_means.std(axis=0, ddof=1) / math.sqrt(logs.shape[0])
    # QR orders the directions by growth only on average: nearly equal exponents
    # (quasi-periodic and forced systems) can come out swapped, so sort them.
    order = np.argsort(-exponents, kind="stable")
    exponents, stderr = exponents[order], stderr[order]
    # The first k exponents fix the Kaplan-Yorke dimension once their sum is negative.
    known = k == d or exponents.sum() < 0
    return LyapunovResult(
        exponents=exponents,
        stderr=stderr,
        kaplan_yorke=kaplan_yorke(exponents) if known else float("nan"),
        time=total,
        dt=h,
        jacobian=jacobian,
    )


def _adaptive(
    system, f, jac, has_jac, tangent, y0, p, h0, transient, t, k, logs, rtol, atol, max_steps, max_abs
):
    from tsdyn.systems import _lyapunov_kernels as K

    rtol = positive(1e-6 if rtol is None else rtol, "rtol")
    atol = positive(1e-8 if atol is None else atol, "atol")
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    if tangent == "directional":
        mode, how = K.TANGENT_DIRECTIONAL, "directional differences"
    elif has_jac:
        mode, how = K.TANGENT_JACOBIAN, "analytic"
    else:
        mode, how = K.TANGENT_FD_MATRIX, "finite differences"
    info = np.zeros(4)
    status = K.lyapunov_flow_adaptive(
        f,
        jac,
        mode,
        y0,
        p,
        h0,
        transient,
        t,
        rtol,
        atol,
        max_steps,
        _initial_frame(y0.size, k),
        logs,
        info,
        float(max_abs),
    )
    if status != K.ADAPTIVE_OK:
        why = {
            K.ADAPTIVE_BLOW_UP: f"the orbit left |x| <= {max_abs:g}",
            K.ADAPTIVE_MAX_STEPS: f"max_steps={max_steps} steps were not enough",
            K.ADAPTIVE_STEP_UNDERFLOW: f"the step fell to {info[3]:.3g}",
        }[status]
        raise IntegrationError(f"{system.name} (dopri5 variational): {why} at t = {info[0]:g}")
    blocks = logs.shape[0]
    # The kernel lands on the blocks' boundaries, so every block spans t / blocks.
    return _result(logs, np.full(blocks, t / blocks), t, float((transient + t) / info[1]), y0.size, how)


def tangent_jacobian(system: System) -> tuple[Any, bool]:
    """The compiled Jacobian the tangent kernels take, and whether it is the system's own.

    Without an analytic Jacobian the kernels get a compiled placeholder of
    the right signature (never called: they difference the rhs instead).
    """
    from tsdyn.systems._integrate import compile_rhs

    if system.spec.jac is not None:
        return system.compiled("jac"), True
    zero = _zero_jac if system.behaviour.timed else _zero_map_jac
    return compile_rhs(zero, system.behaviour.compile_as["jac"]), False


def _zero_jac(t, y, p, out):
    # Placeholder handed to the kernels when the system has no analytic Jacobian (never called).
    out[0, 0] = 0.0


def _zero_map_jac(y, p, out):
    # The same placeholder with a map Jacobian's signature.
    out[0, 0] = 0.0
