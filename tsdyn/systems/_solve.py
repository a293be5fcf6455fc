"""The integration schemes: each runs every member of a :class:`~tsdyn.systems._request.Request`.

A scheme's ``solve(system, request)`` returns the trajectories ``(members,
time, variable)`` and the name of the integrator that ran (recorded in the
result's attrs), and raises :class:`~tsdyn.errors.IntegrationError` naming the
first member that failed. Which scheme a system runs on is a row of the kind
table (:mod:`tsdyn.systems._kinds`). The compiled solvers load on first use
(:mod:`tsdyn.systems._integrate`), so importing the engine does not import numba.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tsdyn.errors import InputError, IntegrationError
from tsdyn.systems._request import Request

if TYPE_CHECKING:  # the System sits above the solvers: named in annotations only
    from tsdyn.systems.system import System

__all__ = ["DDE", "DETERMINISTIC_ATTRS", "EULER_MARUYAMA", "MAP", "ODE", "Scheme"]

# Attributes of a deterministic run with a tolerance-controlled solver, in the order they are recorded.
DETERMINISTIC_ATTRS = ("integrator", "method", "rtol", "atol", "noise", "multiplicative_noise", "obs_noise")

_SCIPY_NAMES = {"radau": "Radau", "bdf": "BDF", "lsoda": "LSODA", "dop853": "DOP853", "dopri5": "RK45"}


@dataclass(frozen=True)
class Scheme:
    """One way of integrating: its solver, its compiled kernels and the attrs that describe a run."""

    name: str
    solve: Callable[[System, Request], tuple[np.ndarray, str]]
    kernels: Callable[[bool], tuple[Any, ...]]  # the compiled solvers (serial or parallel) precompile fills
    attrs: tuple[str, ...]


def _solvers():
    # The compiled solvers, imported on first use: importing the engine stays free of numba.
    from tsdyn.systems import _integrate

    return _integrate


def iterate(system: System, req: Request) -> tuple[np.ndarray, str]:
    """Maps: every member iterated in one compiled call."""
    step = system.compiled("rhs")
    if step is None:
        raise InputError(f"numba cannot compile the map {system.name}; maps need a numba-compilable step")
    out, fail = _solvers().iterate_map(
        step, req.y0s, req.p0s, req.n, transient=int(req.transient), rate=req.rate, k_ramp=req.t_ramp,
        max_abs=req.max_abs, parallel=req.parallel,
    )  # fmt: skip
    bad = np.flatnonzero(fail >= 0)
    if bad.size:
        i = int(bad[0])
        raise IntegrationError(
            f"{system.name}: the orbit of {req.describe(i)} left |x| <= {req.max_abs:g} at iteration {fail[i]}"
        )
    return out, "map iteration"


def euler_maruyama(system: System, req: Request) -> tuple[np.ndarray, str]:
    """Itô SDEs (an SDE's own diffusion, or a flow's additive or multiplicative noise)."""
    I = _solvers()
    if system.compiled("rhs") is None:
        raise InputError(f"noise needs a numba-compilable right-hand side; {system.name}'s does not compile")
    if system.behaviour.noise == "own":
        diffusion = system.compiled("noise")
    else:
        diffusion = I.compile_rhs(I.linear_diffusion if req.multiplicative else I.unit_diffusion)
    sigma = req.sigma
    sig = np.full(system.dimension, sigma[0]) if sigma.size == 1 else np.ascontiguousarray(sigma)
    out = I.em_members(
        system.compiled("rhs"), diffusion, sig, req.y0s, req.p0s, [np.random.default_rng(c) for c in req.children(0)],
        dt=req.dt, n=req.n, substeps=req.substeps, t0=0.0, transient=req.transient, rate=req.rate,
        t_ramp=req.t_ramp, parallel=req.parallel,
    )  # fmt: skip
    # the deterministic solvers stop where the state leaves |y| <= max_abs; so does this one, on
    # the samples (a geometric Brownian motion at noise 100 reached -9.5e32 and came back)
    over = ~(np.abs(out) <= req.max_abs)
    if over.any():
        member, row, _ = np.unravel_index(int(np.argmax(over)), out.shape)
        raise IntegrationError(
            f"{system.name}: the noisy orbit of {req.describe(int(member))} left |x| <= {req.max_abs:g} "
            f"at sample {int(row)} (blow-up); reduce dt or the noise, or raise max_abs"
        )
    return out, "euler-maruyama"


def method_of_steps(system: System, req: Request) -> tuple[np.ndarray, str]:
    """Delay equations: Dormand-Prince 5(4) reading delayed states from the stored dense output."""
    I = _solvers()
    f = system.compiled("rhs")
    if f is None:
        raise InputError(
            f"delay equations need a numba-compilable right-hand side; {system.name}'s does not compile"
        )
    name = system.spec.extra.get("delay_param")
    taus: float | np.ndarray | None
    if name is None:
        taus = system.delay_time
    else:
        # The delay is a parameter: each member (of a sweep over it, too) runs with its own.
        j = list(system.params).index(name)
        if req.rate[j] != 0.0:
            raise InputError(f"the delay {name!r} of {system.name} cannot be ramped (sweep it instead)")
        taus = req.p0s[:, j]
    out, status, info = I.solve_dde(
        f, req.y0s, req.p0s, req.ts, tau=taus, history=req.history, rate=req.rate, t_ramp=req.t_ramp,
        rtol=req.rtol, atol=req.atol, max_steps=req.max_steps, max_abs=req.max_abs, parallel=req.parallel,
    )  # fmt: skip
    failed = np.flatnonzero(status)
    if failed.size:
        i = int(failed[0])
        msg = I.status_message(
            int(status[i]), t=info[i, 3], t_end=req.ts[-1], max_abs=req.max_abs, max_steps=req.max_steps,
            growth=I.divergence(np.r_[0.0, req.ts], np.vstack([req.y0s[i], out[i]])),
        )  # fmt: skip
        raise IntegrationError(f"{system.name} (dopri5 method of steps), {req.describe(i)}: {msg}")
    return out, "dopri5 method of steps"


#: ``"auto"``'s first step budget per member: a diverging orbit tells itself within it (:func:`runge_kutta`).
PROBE_STEPS = 10**6
#: The least step budget of ``"auto"``'s Radau fallback, which otherwise gets a thousandth of ``max_steps``:
#: a Radau step (implicit, in Python) costs several hundred compiled DOP853 steps.
FALLBACK_STEPS = 10**5


def runge_kutta(system: System, req: Request) -> tuple[np.ndarray, str]:
    """Flows: compiled Dormand-Prince, with scipy for stiff choices, plain-Python systems and stiff members.

    ``"auto"`` runs DOP853 with :data:`PROBE_STEPS` steps per member first. A
    diverging orbit can shrink its steps as fast as it grows (Lorenz at
    ``sigma=-10`` turns its y-z plane at the rate ``|x|``), so it spent the
    whole ``max_steps`` (1e8: half a minute) short of ``max_abs``, then hung in
    the Radau fallback, which turned as slowly; now a member that stops
    within the probe and appears to diverge (:func:`_growth`) is an error at
    once, one that is out of the probe's steps only runs again with the whole
    budget (the same steps from the start: the results do not depend on the
    probe), and the fallback has a budget of its own.
    """
    I = _solvers()
    f = system.compiled("rhs")
    method = req.method
    if method == "auto":
        method = system.spec.extra.get("method", "auto")
    if method == "rodas4":
        from tsdyn.systems import _stiff

        return _stiff.rosenbrock(system, req)
    if f is None or method in ("radau", "bdf", "lsoda"):
        # Plain-Python systems and explicit stiff choices go through scipy, member by member.
        name = _SCIPY_NAMES["dop853" if method == "auto" else method]
        return _scipy(system, req, name), f"scipy {name}"
    code = I.DOPRI5 if method == "dopri5" else I.DOP853
    solve = functools.partial(
        I.solve_rk, f, t0=0.0, method=code, rate=req.rate, t_ramp=req.t_ramp, rtol=req.rtol, atol=req.atol,
        max_abs=req.max_abs, parallel=req.parallel,
        time_scale=system.period or (100 * system.dt if system.dt else None),  # no period: 100 suggested steps
    )  # fmt: skip
    auto = method == "auto"
    first = min(req.max_steps, PROBE_STEPS) if auto else req.max_steps
    budget = np.full(req.members, first)
    out, status, info = solve(req.y0s, req.p0s, req.ts, max_steps=first)
    growth: dict[int, str | None] = {}

    def grew(i: int) -> str | None:
        # the stops a diverging orbit makes before it reaches max_abs (its steps shrink as it grows)
        if i not in growth:
            stuck = status[i] in (I.MAX_STEPS, I.STEP_COLLAPSE, I.NONFINITE)
            growth[i] = _growth(solve, req, i, out[i], info[i]) if stuck else None
        return growth[i]

    again = [
        int(i)
        for i in np.flatnonzero((status == I.MAX_STEPS) & (budget < req.max_steps))
        if grew(int(i)) is None
    ]
    if again:
        out[again], status[again], info[again] = solve(
            req.y0s[again], req.p0s[again], req.ts, max_steps=req.max_steps
        )
        budget[again] = req.max_steps
        for i in again:
            del growth[i]
    integrator = "dopri5" if code == I.DOPRI5 else "dop853"
    for i in map(int, np.flatnonzero(status != I.OK)):
        msg = I.status_message(
            int(status[i]), t=info[i, 3], t_end=req.ts[-1], max_abs=req.max_abs, max_steps=int(budget[i]),
            growth=grew(i),
        )  # fmt: skip
        if auto and grew(i) is None and status[i] not in (I.BLOW_UP, I.NONFINITE_START):
            # Explicit stepping failed: the stiff fallback takes this member (not one that starts on NaN).
            out[i] = _fallback(system, req, i, msg)
            integrator = "dop853+radau"
            continue
        raise IntegrationError(f"{system.name} ({integrator}), {req.describe(i)}: {msg}")
    return out, integrator


#: How many points trace an orbit up to where its solver stopped, for :func:`_growth`.
GROWTH_POINTS = 17


def _growth(solve, req: Request, i: int, samples: np.ndarray, info: np.ndarray) -> str | None:
    """How member ``i``'s orbit grew up to where ``solve`` stopped it, if it appears to diverge (else None).

    Read from the samples where at least half of :data:`GROWTH_POINTS` fall in
    the second half of the run. Too few (``t=[0, 100]``): a run that stopped
    within :data:`PROBE_STEPS` steps is run again to the stop, sampled evenly
    there (the same steps, so it costs as much again).
    """
    I = _solvers()
    times, states = np.r_[0.0, req.ts], np.vstack([req.y0s[i], samples])
    late = np.isfinite(states).all(axis=1) & (times >= 0.5 * info[3])
    steps = int(info[0])
    if np.count_nonzero(late) >= GROWTH_POINTS // 2 or steps > PROBE_STEPS:
        return I.divergence(times, states)
    times = np.linspace(0.0, float(info[3]), GROWTH_POINTS)
    trace = solve(req.y0s[i : i + 1], req.p0s[i : i + 1], times, max_steps=steps + 1)[0]
    return I.divergence(times, trace[0])


def _fallback(system, req: Request, i: int, failure: str) -> np.ndarray:
    """Member ``i`` integrated by scipy's Radau, where explicit stepping failed with ``failure``."""
    steps = max(FALLBACK_STEPS, req.max_steps // 1000)
    try:
        return _scipy_member(system, req, "Radau", i, steps)
    except IntegrationError as err:
        raise IntegrationError(
            f"{system.name} (dop853), {req.describe(i)}: {failure}; tried instead, {err}"
        ) from None


def _scipy(system, req: Request, name: str) -> np.ndarray:
    """Every member integrated by scipy's ``name``."""
    out = np.empty((req.members, req.n, system.dimension))
    for i in range(req.members):
        try:
            out[i] = _scipy_member(system, req, name, i, req.max_steps)
        except IntegrationError as err:
            raise IntegrationError(f"{system.name}, {req.describe(i)}: {err}") from None
    return out


def _scipy_member(system, req: Request, name: str, i: int, max_steps: int) -> np.ndarray:
    f = system.compiled("rhs") or system.spec.func
    jac = (system.compiled("jac") or system.spec.jac) if system.spec.jac is not None else None
    return _solvers().solve_scipy(
        f, req.y0s[i], req.p0s[i], req.ts, t0=0.0, method=name, rtol=req.rtol, atol=req.atol, rate=req.rate,
        t_ramp=req.t_ramp, jac=jac, max_steps=max_steps, max_abs=req.max_abs,
    )  # fmt: skip


ODE = Scheme(
    "dop853",
    runge_kutta,
    # Small calls run on the compact kernel (_integrate.compact_fits): the serial solvers are both.
    lambda parallel: (
        (_solvers().RK_KERNELS[_solvers().DOP853, parallel],) + (() if parallel else (_solvers().RK_COMPACT,))
    ),
    DETERMINISTIC_ATTRS,
)
MAP = Scheme(
    "map", iterate, lambda parallel: (_solvers().MAP_KERNELS[parallel],), ("integrator", "obs_noise")
)
DDE = Scheme(
    "dde5", method_of_steps, lambda parallel: (_solvers().DDE_KERNELS[parallel],), DETERMINISTIC_ATTRS
)
EULER_MARUYAMA = Scheme(
    "euler-maruyama",
    euler_maruyama,
    lambda parallel: (_solvers().EM_KERNELS[parallel],),
    ("integrator", "noise", "multiplicative_noise", "substeps", "obs_noise"),
)
