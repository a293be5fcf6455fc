"""Periodic orbits: shooting from a Poincaré return for flows, Newton on ``F^k`` for maps.

Flows: the unknowns are a point ``x`` on a section plane and the period
``T``; Newton solves ``phi_T(x) = x`` with ``x`` held on the plane, using the
monodromy matrix ``M = d phi_T / d x`` from the variational equations
``dM/dt = J M`` integrated alongside the orbit (scipy's DOP853, since the
compiled solvers do not integrate tangent matrices to a free end time). The
Floquet multipliers are the eigenvalues of ``M``; one of them is 1 (along
the orbit) and the orbit is stable when the others lie inside the unit
circle. Without a guess, the starts are the closest returns of a long
trajectory to the plane after ``returns`` crossings. Newton keeps the period
within a factor 2 of its start (``T -> 0`` solves ``phi_T(x) = x``
trivially), and an orbit that crosses the plane another number of times is
rejected.

Maps: Newton on ``F^k(y) - y`` with ``D(F^k)`` from the chain rule; the
multipliers are the eigenvalues of ``D(F^k)``.

>>> import tsdyn.systems as ts
>>> po = ts.periodic_orbit(ts.get("VanDerPol"))
>>> round(float(po.period), 4), bool(po.stable)
(6.6633, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from tsdyn.errors import InputError, check_int, check_real
from tsdyn.systems._phase import (
    Equations,
    Plane,
    check_system,
    newton,
    parameter_values,
    result_attrs,
    with_params,
)
from tsdyn.systems._request import check_state, positive
from tsdyn.systems.sections import Surface, events_on_trajectory

if TYPE_CHECKING:  # the System sits above this module: it is read, never imported here
    import xarray as xr

    from tsdyn.systems.system import System

__all__ = ["cycle_continuation", "periodic_orbit"]


def periodic_orbit(
    system: System,
    *,
    period: float | None = None,
    guess=None,
    plane=None,
    direction: int = 1,
    returns: int = 1,
    params: Mapping[str, float] | None = None,
    t_search: float | None = None,
    n_candidates: int = 20,
    n_points: int = 200,
    tol: float = 1e-10,
    max_iter: int = 30,
) -> xr.Dataset:
    """A periodic orbit of a flow or a map, with its period, Floquet multipliers and stability.

    Parameters
    ----------
    system : System
        A flow or a map.
    period : float or int, optional
        Flows: a guess of the period, given with ``guess`` (and only then). Maps: the period
        ``k`` in iterations (required; the orbit's least period is ``k``).
    guess : array_like, optional
        A state near the orbit. Default: searched for (closest returns of a
        trajectory from the system's initial condition).
    plane, direction : optional
        Flows: the section the orbit's point is held on (as in
        :func:`~tsdyn.systems.poincare_section`). Default: through ``guess``
        normal to the flow there; without a guess, the variable with the largest
        spread at its mean, crossed upwards.
    returns : int
        Flows: how many times the orbit crosses the section (in ``direction``)
        per period; Lorenz's LR orbit crosses ``z = 27`` downwards twice.
    params : mapping, optional
        Parameter values instead of the system's.
    t_search : float, optional
        Length of the search trajectory (default 200 periods or 200 time
        units; maps: 5000 iterations).
    n_candidates : int
        How many of the closest returns Newton starts from before giving up.
    n_points : int
        Flows: samples of the orbit over one period in ``state``.
    tol : float
        Newton's tolerance (relative step and residual).
    max_iter : int
        Newton iterations per candidate.

    Returns
    -------
    xarray.Dataset
        ``state`` (time, variable): one period of the orbit (``n_points``
        samples of a flow from its point on the section; the ``k`` points of a
        map's orbit); ``period``; ``multipliers`` (complex, by decreasing
        modulus); ``stable`` (every multiplier but the trivial one of a flow
        inside the unit circle); ``residual`` (``|phi_T(x) - x|`` or
        ``|F^k(y) - y|``). attrs: the system, the settings and, when no
        candidate converged, a ``message`` (``state`` is then empty and
        ``period`` NaN: not an error).

    See Also
    --------
    cycle_continuation : Follows it in a parameter.
    fixed_points : Equilibria and fixed points.

    Examples
    --------
    Lorenz's shortest unstable periodic orbit, LR (Viswanath 2003: T = 1.5587):

    >>> import tsdyn.systems as ts
    >>> lr = ts.periodic_orbit(ts.get("Lorenz"), plane=("x2", 27.0), direction=-1, returns=2)
    >>> round(float(lr.period), 4), bool(lr.stable)
    (1.5587, False)
    """
    check_system(system, "periodic_orbit")
    system = with_params(system, params)
    n_candidates = check_int(n_candidates, "n_candidates", minimum=1)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    tol = check_real(tol, "tol", minimum=0, maximum=1, inclusive=(False, False))
    eq = Equations(system)
    if system.behaviour.iterated:
        given = [n for n, v, default in (("plane", plane, None), ("direction", direction, 1),
                                         ("returns", returns, 1)) if v != default]  # fmt: skip
        if given:
            raise InputError(
                f"{given[0]} is for flows (their section); {system.name} is a map: give its period in iterations"
            )
        if period is None or isinstance(period, bool) or not float(period).is_integer():
            raise InputError(
                f"{system.name} is a map: give period, its orbit's length in iterations, got {period!r}"
            )
        k = check_int(int(period), "period", minimum=1)
        found, settings = _map_orbit(eq, k, guess, t_search, n_candidates, tol, max_iter)
    else:
        returns = check_int(returns, "returns", minimum=1)
        n_points = check_int(n_points, "n_points", minimum=2)
        found, settings = _flow_orbit(
            eq, period, guess, plane, direction, returns, t_search, n_candidates, n_points, tol, max_iter
        )
    return _dataset(system, found, settings)


def _dataset(system, found: dict[str, Any] | None, settings: dict[str, Any]) -> xr.Dataset:
    import xarray as xr

    d = system.dimension
    if found is None:
        found = {"times": np.empty(0), "states": np.empty((0, d)), "period": np.nan,
                 "multipliers": np.full(d, np.nan + 0j), "stable": False, "residual": np.nan}  # fmt: skip
    ds = xr.Dataset(
        {
            "state": (("time", "variable"), found["states"]),
            "period": ((), float(found["period"])),
            "multipliers": ("multiplier", found["multipliers"]),
            "stable": ((), bool(found["stable"])),
            "residual": ((), float(found["residual"])),
        },
        coords={"time": found["times"], "variable": system.variables, "multiplier": np.arange(d)},
    )
    ds.attrs = result_attrs(system, periodic_orbit, **settings)
    return ds


def _by_modulus(ev: np.ndarray) -> np.ndarray:
    return ev[np.lexsort((-ev.imag, -np.abs(ev)))]


def _candidates(points: np.ndarray, lag: int, n: int) -> list[int]:
    """Indices ``i`` of the ``n`` closest returns ``|points[i + lag] - points[i]|``, relative to the spread."""
    if points.shape[0] <= lag:
        return []
    scale = np.maximum(points.std(axis=0), 1e-12)
    dist = np.linalg.norm((points[lag:] - points[:-lag]) / scale, axis=1)
    return [int(i) for i in np.argsort(dist, kind="stable")[:n]]


# ------------------------------------------------------------------ maps


def _map_orbit(eq: Equations, k: int, guess, t_search, n_candidates, tol, max_iter):
    system = eq.system
    d = eq.d
    if guess is not None:
        starts = [check_state(system, guess, "guess")]
    else:
        n = check_int(5000 if t_search is None else t_search, "t_search (iterations of a map)", minimum=k + 1)
        x = system.integrate(n=n, transient=100).values
        starts = [x[i] for i in _candidates(x, k, n_candidates)]

    def residual(y):
        fy, m = eq.iterate(y, k)
        return fy - y, m - np.eye(d)

    settings: dict[str, Any] = {"period": k, "method": "Newton on F^k"}
    for y0 in starts:
        y, norm, ok = newton(residual, y0, tol=tol, max_iter=max_iter)
        if not ok:
            continue
        points = [y]
        for _ in range(k - 1):
            points.append(eq.rhs(points[-1]))
        states = np.array(points)
        # Newton lands within rounding of the orbit: points closer than 1e-8 of the state's size are one.
        close = 1e-8 * max(1.0, float(np.abs(states).max()))
        if k > 1 and any((np.abs(states[j] - y) <= close).all() for j in range(1, k)):
            continue  # a shorter orbit repeated: not of least period k
        _, m = eq.iterate(y, k)
        mult = _by_modulus(np.linalg.eigvals(m))
        found = {"times": np.arange(k, dtype=np.float64), "states": states, "period": float(k),
                 "multipliers": mult, "stable": bool((np.abs(mult) < 1).all()), "residual": norm}  # fmt: skip
        return found, settings
    settings["message"] = (
        f"no period-{k} orbit of {system.name} found: Newton converged to none of least period {k} "
        f"from {len(starts)} start(s)"
    )
    return None, settings


# ------------------------------------------------------------------ flows


class _Shooting:
    """``phi_T(x)`` and the monodromy matrix of a flow, by scipy's DOP853 on the variational equations."""

    def __init__(self, eq: Equations, rtol: float = 1e-12, atol: float = 1e-12):
        self.eq, self.rtol, self.atol = eq, rtol, atol

    def _augmented(self, t, z):
        d = self.eq.d
        y = z[:d]
        m = z[d:].reshape(d, d)
        return np.concatenate([self.eq.rhs(y, t), (self.eq.jac(y, t) @ m).ravel()])

    def flow(self, x: np.ndarray, period: float) -> tuple[np.ndarray, np.ndarray]:
        from scipy.integrate import solve_ivp

        d = self.eq.d
        z0 = np.concatenate([x, np.eye(d).ravel()])
        if period <= 0:
            return np.full(d, np.nan), np.full((d, d), np.nan)
        res = solve_ivp(self._augmented, (0.0, period), z0, method="DOP853", rtol=self.rtol, atol=self.atol)
        if res.status != 0:
            return np.full(d, np.nan), np.full((d, d), np.nan)
        z = res.y[:, -1]
        return z[:d], z[d:].reshape(d, d)

    def crossings(self, x: np.ndarray, period: float, plane: Plane, n_points: int):
        """Samples over one period and the number of crossings of ``plane`` in its direction."""
        from scipy.integrate import solve_ivp

        normal, value = plane.normal, plane.value

        def event(t, y):
            return float(normal @ y) - value

        event.direction = plane.direction  # type: ignore[attr-defined]
        times = np.linspace(0.0, period, n_points)
        res = solve_ivp(
            lambda t, y: self.eq.rhs(y, t), (0.0, period), x, method="DOP853", t_eval=times, events=event,
            rtol=self.rtol, atol=self.atol,
        )  # fmt: skip
        # The start lies on the plane: crossings at either end of the period are that one point.
        te = res.t_events[0]
        inner = te[(te > 1e-9 * period) & (te < period * (1 - 1e-9))]
        return times, res.y.T.copy(), inner.size + 1


def _flow_orbit(eq: Equations, period, guess, plane, direction, returns, t_search, n_candidates, n_points,
                tol, max_iter):  # fmt: skip
    system = eq.system
    d = eq.d
    if guess is not None:
        y0 = check_state(system, guess, "guess")
        if period is None:
            raise InputError("a guess of a flow's orbit needs a guess of its period: give period")
        t0 = positive(period, "period")
        if plane is None:
            f0 = eq.rhs(y0)
            sec = Plane.parse(system, (f0, float(f0 @ y0)), direction)
        else:
            sec = Plane.parse(system, plane, direction)
        starts = [(y0, t0)]
    else:
        if period is not None:
            raise InputError(
                "period (a guess of a flow's period) goes with guess=; without a guess the search finds both"
            )
        base = system.period or 1.0
        t_search = positive(200 * base if t_search is None else t_search, "t_search")
        dt = system.period / 100 if system.period else (system.dt or 0.01)
        x = system.integrate(n=max(2, round(t_search / dt)), dt=dt, transient=20 * base)
        sec = (
            Plane.through_spread(system, x.values, direction)
            if plane is None
            else Plane.parse(system, plane, direction)
        )
        if sec.direction == 0:
            raise InputError("the search counts crossings in one direction: give direction 1 or -1")
        times, points, _, _ = events_on_trajectory(x, system, Surface(plane=sec))
        idx = _candidates(points, returns, n_candidates)
        starts = [(points[i], times[i + returns] - times[i]) for i in idx]
    shoot = _Shooting(eq)
    normal, value = sec.normal, sec.value
    scale = np.append(np.ones(d), 1.0)

    def residual(z, t0):
        x, t = z[:d], z[d]
        if not 0.5 * t0 <= t <= 2 * t0:
            # Newton's line search backs off: the period stays within a factor 2 of its start, so a
            # step can neither integrate for ages nor slide to T -> 0 (where phi_T(x) = x trivially).
            return np.full(d + 1, np.nan), np.full((d + 1, d + 1), np.nan)
        xt, m = shoot.flow(x, t)
        g = np.append(xt - x, normal @ x - value)
        dg = np.zeros((d + 1, d + 1))
        dg[:d, :d] = m - np.eye(d)
        dg[:d, d] = eq.rhs(xt)
        dg[d, :d] = normal
        return g, dg

    settings: dict[str, Any] = {
        **sec.attrs(),
        "returns": returns,
        "method": "shooting, scipy DOP853 variational",
    }
    for y0, t0 in starts:
        z, norm, ok = newton(
            partial(residual, t0=t0), np.append(y0, t0), tol=tol, max_iter=max_iter, scale=scale
        )
        x, t = z[:d], float(z[d])
        if not ok or np.linalg.norm(eq.rhs(x)) <= tol * max(1.0, float(np.linalg.norm(x))):
            continue  # diverged, or an equilibrium
        times, states, crossed = shoot.crossings(x, t, sec, n_points)
        if sec.direction != 0 and crossed != returns:
            continue  # another orbit (a multiple, or one that crosses the plane more often)
        _, m = shoot.flow(x, t)
        mult = _by_modulus(np.linalg.eigvals(m))
        trivial = int(np.argmin(np.abs(mult - 1)))
        others = np.delete(mult, trivial)
        found = {"times": times, "states": states, "period": t, "multipliers": mult,
                 "stable": bool((np.abs(others) < 1).all()), "residual": norm}  # fmt: skip
        return found, settings
    settings["message"] = (
        f"no periodic orbit of {system.name} crossing {sec.label} {returns} time(s) per period found: "
        f"Newton converged from none of {len(starts)} start(s)"
    )
    return None, settings


def cycle_continuation(
    system: System,
    param: str,
    values: Sequence[float],
    *,
    plane=None,
    direction: int = 1,
    returns: int = 1,
) -> xr.Dataset:
    """Follow a flow's periodic orbit through a sequence of parameter values (natural-parameter continuation).

    The orbit is found at ``values[0]`` by :func:`periodic_orbit`'s search
    (there it must attract, or be found from the search's closest returns),
    then at each next value by shooting from the orbit at the previous one
    (its point on the section and its period as the guess). The run stops
    where shooting fails (a fold of cycles, an orbit that shrinks onto its
    equilibrium at a Hopf point, or a period doubling that changes the
    crossings), with a ``message``; the values reached are kept.

    Parameters
    ----------
    system : System
        A flow.
    param : str
        The parameter.
    values : sequence of float
        Its values, in the order followed (small steps: each orbit is the
        guess of the next).
    plane, direction, returns
        The section, as in :func:`periodic_orbit`; the section found at the
        first value is kept for all.

    Returns
    -------
    xarray.Dataset
        Along ``param``: ``period``, ``minimum`` and ``maximum`` (``param``,
        variable: the orbit's extent over its ``n_points`` samples, for
        bifurcation diagrams), ``state`` (``param``, phase, variable: the
        samples, starting on the section), ``multipliers``
        (``param``, multiplier; complex, trivial 1 included) and ``stable``.
        attrs: the section, ``message`` where the run stopped early.

    See Also
    --------
    periodic_orbit : One orbit at one parameter value.
    continuation : Branches of equilibria.

    Examples
    --------
    The Stuart-Landau cycle (r' = r (mu - r^2), phase' = omega + b r^2), born
    at the supercritical Hopf point mu = 0: radius sqrt(mu), period
    2 pi / (omega + b mu).

    >>> import numpy as np
    >>> import tsdyn.systems as ts
    >>> cyc = ts.cycle_continuation(ts.get("StuartLandau"), "mu", [1.0, 0.5, 0.25])
    >>> np.round(cyc.maximum.sel(variable="x0").values, 3).tolist()  # sqrt(mu), over the samples
    [1.0, 0.707, 0.5]
    >>> np.round(cyc.period.values * (1 + cyc.mu.values) / (2 * np.pi), 6).tolist()
    [1.0, 1.0, 1.0]
    """
    import xarray as xr

    check_system(system, "cycle_continuation")
    if system.behaviour.iterated:
        raise InputError(f"{system.name} is a map: follow its period-k orbits with periodic_orbit(period=k)")
    vals = parameter_values(system, param, values)
    po = periodic_orbit(
        system.with_params(**{param: vals[0]}), plane=plane, direction=direction, returns=returns
    )
    if po.sizes["time"] == 0:
        raise InputError(
            f"no periodic orbit of {system.name} at {param} = {vals[0]:g}: {po.attrs['message']}"
        )
    section = (po.attrs["plane_normal"], po.attrs["plane_value"])
    rows = [po]
    message = ""
    for v in vals[1:]:
        nxt = periodic_orbit(
            system.with_params(**{param: float(v)}), period=float(rows[-1].period), guess=rows[-1].state.values[0],
            plane=section, direction=direction, returns=returns,
        )  # fmt: skip
        if nxt.sizes["time"] == 0:
            message = f"lost the orbit at {param} = {v:g} (shooting from the orbit at {vals[len(rows) - 1]:g} failed)"
            break
        rows.append(nxt)
    n = len(rows)
    ds = xr.Dataset(
        {
            "period": (param, np.array([float(r.period) for r in rows])),
            "minimum": ((param, "variable"), np.array([r.state.values.min(axis=0) for r in rows])),
            "maximum": ((param, "variable"), np.array([r.state.values.max(axis=0) for r in rows])),
            "multipliers": ((param, "multiplier"), np.array([r.multipliers.values for r in rows])),
            "stable": (param, np.array([bool(r.stable) for r in rows])),
            "state": ((param, "phase", "variable"), np.array([r.state.values for r in rows])),
        },
        coords={param: vals[:n], "variable": system.variables, "multiplier": np.arange(system.dimension)},
    )
    settings = {
        k: po.attrs[k] for k in ("plane", "plane_normal", "plane_value", "direction") if k in po.attrs
    }
    ds.attrs = result_attrs(system, cycle_continuation, continued=param, returns=returns, **settings)
    if message:
        ds.attrs["message"] = message
    return ds
