"""Orbit (bifurcation) diagrams over a parameter, and period-doubling points located by root finding.

:func:`orbit_diagram` integrates the system at every parameter value in one
compiled, parallel call (the engine's ``sweep``), drops a transient and keeps
what an orbit diagram plots: the iterates of a map, or a flow's crossings of a
Poincaré section (located as :func:`~tsdyn.systems.poincare_section` does),
with the largest Lyapunov exponent at each value alongside.

:func:`period_doubling` does not read a bifurcation off a grid: it follows a
period-``k`` orbit in the parameter (Newton from the orbit at the previous
value, :func:`~tsdyn.systems.periodic_orbit`) and finds where its multiplier
crosses -1 by Brent's method.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tsdyn.errors import InputError, IntegrationError, check_int
from tsdyn.systems._phase import Plane, check_system, parameter_values, result_attrs
from tsdyn.systems._request import check_params, check_state, non_negative, parameter_vector, positive
from tsdyn.systems.sections import Surface, events_on_trajectory

if TYPE_CHECKING:  # the System sits above this module: it is read, never imported here
    import xarray as xr

    from tsdyn.systems.system import System

__all__ = ["locate_bifurcation", "orbit_diagram", "period_doubling"]


def orbit_diagram(
    system: System,
    param: str,
    values: Sequence[float],
    *,
    n: int = 1000,
    transient: float = 1000,
    plane=None,
    direction: int = 1,
    dt: float | None = None,
    ic=None,
    lyapunov: bool = True,
    parallel: bool = True,
) -> xr.Dataset:
    """The attractor's points at each value of one parameter: a map's iterates or a flow's section crossings.

    Parameters
    ----------
    system : System
        A flow or a map.
    param : str
        The parameter swept.
    values : sequence of float
        Its values.
    n : int
        Maps: iterates kept per value. Flows: samples integrated per value
        after the transient (at ``dt``), whose section crossings are kept.
    transient : float
        Iterations (maps) or time (flows) dropped first.
    plane, direction
        Flows: the section (as in :func:`~tsdyn.systems.poincare_section`);
        default the variable with the largest spread at its mean over a run at
        the first value, crossed upwards. Not for maps.
    dt : float, optional
        Flows: the sampling step (default: the system's period / 100, else its ``dt``).
    ic : array_like, optional
        Initial condition at every value (default the system's).
    lyapunov : bool
        Add the largest Lyapunov exponent at each value
        (:func:`~tsdyn.systems.lyapunov_spectrum` with ``k=1`` over ``n``
        iterations for maps, ``n * dt`` time for flows, after the transient),
        the chaos indicator printed under orbit diagrams. Maps carry the tangent
        vector along in the same compiled pass as the iterates.
    parallel : bool
        Integrate the values in parallel (numba threads).

    Returns
    -------
    xarray.Dataset
        ``state`` (``param``, point, variable): the iterates, or the crossings
        padded with NaN to the longest; ``n_points`` (``param``): how many are
        real; ``lyapunov`` (``param``) when asked; NaN rows where the orbit left
        every bound (``escaped``, ``param``). attrs: the system, the sweep, the
        settings, the plane for flows.

    See Also
    --------
    return_map : The values at events along one orbit.
    period_doubling : Where the orbit doubles.

    Examples
    --------
    >>> import numpy as np
    >>> import tsdyn.systems as ts
    >>> od = ts.orbit_diagram(ts.get("Logistic"), "r", [2.8, 2.9, 3.1, 3.2], n=64, transient=5000)
    >>> [np.unique(od.state.sel(r=r).round(6)).size for r in od.r.values]  # a fixed point, then a 2-cycle
    [1, 1, 2, 2]
    """
    import xarray as xr

    check_system(system, "orbit_diagram")
    vals = parameter_values(system, param, values)
    n = check_int(n, "n", minimum=1)
    iterated = system.behaviour.iterated
    settings: dict[str, Any] = {"swept": param, "n": n}
    if iterated:
        if plane is not None or direction != 1 or dt is not None:
            raise InputError(
                f"{system.name} is a map: its orbit diagram records iterates, so plane, direction and dt do not apply"
            )
        steps = check_int(
            int(transient) if float(transient).is_integer() else transient, "transient", minimum=0
        )
        states, escaped, exponents = _map_sweep(system, param, vals, n, steps, ic, lyapunov, parallel)
        counts = np.where(escaped, 0, n)
        settings["transient"] = steps
    else:
        h = (
            positive(dt, "dt")
            if dt is not None
            else system.period / 100
            if system.period
            else system.dt or 0.01
        )
        transient = non_negative(transient, "transient")
        runs, escaped = _sweep(
            system, param, vals, dict(n=n, dt=h, transient=transient, ic=ic, parallel=parallel)
        )
        if plane is None:
            first = runs[:, :, int(np.flatnonzero(~escaped)[0])] if (~escaped).any() else runs[:, :, 0]
            sec = Plane.through_spread(system, first, direction)
        else:
            sec = Plane.parse(system, plane, direction)
        times = transient + h * np.arange(n)
        found = []
        for j in range(vals.size):
            if escaped[j]:
                found.append(np.empty((0, system.dimension)))
                continue
            da = xr.DataArray(runs[:, :, j], dims=("time", "variable"), coords={"time": times})
            _, pts, _, _ = events_on_trajectory(
                da, system.with_params(**{param: vals[j]}), Surface(plane=sec)
            )
            found.append(pts)
        counts = np.array([p.shape[0] for p in found])
        states = np.full((vals.size, max(1, int(counts.max())), system.dimension), np.nan)
        for j, pts in enumerate(found):
            states[j, : pts.shape[0]] = pts
        settings.update({"dt": h, "transient": transient, **sec.attrs()})
    data: dict[str, Any] = {
        "state": ((param, "point", "variable"), states),
        "n_points": (param, counts.astype(np.int64)),
        "escaped": (param, escaped),
    }
    if lyapunov:
        if not iterated:
            exponents = _largest_exponents(system, param, vals, escaped, n, transient, settings)
        data["lyapunov"] = (param, exponents)
    ds = xr.Dataset(data, coords={param: vals, "variable": system.variables})
    ds.attrs = result_attrs(system, orbit_diagram, **settings)
    return ds


def _sweep(system, param, vals, kwargs) -> tuple[np.ndarray, np.ndarray]:
    """(time, variable, value) runs at every value, NaN where the orbit escaped, and which did."""
    try:
        x = system.integrate(sweep={param: vals}, **kwargs)
        return x.transpose("time", "variable", param).values, np.zeros(vals.size, dtype=bool)
    except IntegrationError:
        # Some values escape: run them one by one and mark those.
        runs, escaped = [], []
        for v in vals:
            try:
                runs.append(system.with_params(**{param: v}).integrate(**kwargs).values)
                escaped.append(False)
            except IntegrationError:
                runs.append(np.full((kwargs["n"], system.dimension), np.nan))
                escaped.append(True)
        return np.stack(runs, axis=-1), np.array(escaped)


def _map_sweep(system, param, vals, n, steps, ic, lyapunov, parallel):
    """A map's iterates (value, point, variable) at every value, which escaped, and the largest exponents.

    One compiled call iterates all values (in parallel) and carries the
    tangent vector of the largest exponent along with the orbit.
    """
    from tsdyn.systems._phase_kernels import MAP_ORBITS
    from tsdyn.systems.lyapunov import tangent_jacobian

    step = system.compiled("rhs")
    if step is None:
        raise InputError(f"{system.name}'s step does not compile with numba; orbit_diagram needs it")
    y0 = system.ic if ic is None else check_state(system, ic, "ic")
    p0s = np.tile(parameter_vector(system.params), (vals.size, 1))
    p0s[:, list(system.params).index(param)] = vals
    jac, has_jac = tangent_jacobian(system)
    out = np.full((vals.size, n, system.dimension), np.nan)
    exponents = np.full(vals.size, np.nan)
    fail = np.full(vals.size, -1, dtype=np.int64)
    MAP_ORBITS[bool(parallel and vals.size > 1)](
        step, jac, has_jac, bool(lyapunov), np.tile(y0, (vals.size, 1)), p0s, steps,
        1e12, out, exponents, fail,
    )  # fmt: skip
    escaped = fail >= 0
    out[escaped] = np.nan
    return out, escaped, exponents


def _largest_exponents(system, param, vals, escaped, n, transient, settings) -> np.ndarray:
    """A flow's largest exponent at every value (RK4 tangent run over the orbit diagram's time)."""
    from tsdyn.systems.lyapunov import lyapunov_spectrum

    out = np.full(vals.size, np.nan)
    for j, v in enumerate(vals):
        if escaped[j]:
            continue
        s = system.with_params(**{param: v})
        try:
            res = lyapunov_spectrum(s, k=1, t=n * settings["dt"], dt=settings["dt"], transient=transient)
        except IntegrationError:
            continue
        out[j] = res.exponents[0]
    return out


def period_doubling(
    system: System,
    param: str,
    bracket: tuple[float, float],
    *,
    period: int = 1,
    plane=None,
    direction: int = 1,
    transient: int = 100_000,
    xtol: float = 1e-12,
) -> float:
    """The parameter value in ``bracket`` where a periodic orbit doubles its period.

    The orbit is found at ``bracket[0]``, where it must be the attractor (a
    map: iterated from the system's initial condition for ``transient``
    iterations, then refined by Newton; a flow:
    :func:`~tsdyn.systems.periodic_orbit`'s search), followed to any value by
    Newton in steps of at most 1/32 of the bracket (flows 1/8) from the
    nearest value already solved, and the value where its multiplier (the real eigenvalue
    of ``D(F^period)`` or of the monodromy matrix nearest -1, the trivial
    multiplier 1 of a flow left out) equals -1 is found by Brent's method to
    ``xtol``.

    Parameters
    ----------
    system : System
        A map or a flow.
    param : str
        The parameter.
    bracket : (float, float)
        Values where the orbit is stable (multiplier > -1) and where it has
        doubled (multiplier < -1).
    period : int
        Maps: the period of the orbit that doubles (1, 2, 4, ...). Flows: its
        crossings of the section per period (``returns`` of
        :func:`~tsdyn.systems.periodic_orbit`).
    plane, direction
        Flows: the section (default as in :func:`~tsdyn.systems.periodic_orbit`).
    transient : int
        Maps: iterations to reach the orbit at ``bracket[0]``.
    xtol : float
        Brent's tolerance on the parameter.

    Returns
    -------
    float
        The period-doubling value.

    See Also
    --------
    orbit_diagram : The cascade drawn.
    periodic_orbit : The orbit and its multipliers.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> r2 = ts.period_doubling(ts.get("Logistic"), "r", (3.3, 3.5), period=2)
    >>> round(r2, 10)  # 1 + sqrt(6)
    3.4494897428
    """
    from scipy.optimize import brentq

    from tsdyn.systems.periodic_orbits import periodic_orbit

    check_system(system, "period_doubling")
    iterated = system.behaviour.iterated
    if iterated and (plane is not None or direction != 1):
        raise InputError(f"{system.name} is a map: plane and direction are for flows")
    if not isinstance(param, str):
        raise InputError(f"param must be a parameter's name, got {param!r}")
    check_params(system.spec, {param: 0.0})
    period = check_int(period, "period", minimum=1)
    try:
        lo, hi = (float(v) for v in bracket)
    except (TypeError, ValueError):
        raise InputError(f"bracket must be a pair (low, high), got {bracket!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise InputError(f"bracket must be two finite values, low < high, got {bracket!r}")
    first = system.with_params(**{param: lo})
    # The orbit's point and (flows) period where it is followed from.
    start: tuple[np.ndarray, float | None]
    if iterated:
        start = (first.integrate(n=1, transient=transient).values[0], None)
        kwargs: dict[str, Any] = {}
    else:
        po = periodic_orbit(first, plane=plane, direction=direction, returns=period)
        if po.sizes["time"] == 0:
            raise InputError(f"no periodic orbit of {system.name} at {param}={lo:g}: {po.attrs['message']}")
        start = (po.state.values[0], float(po.period))
        plane_found = (po.attrs["plane_normal"], po.attrs["plane_value"])
        kwargs = {"plane": plane_found, "direction": direction, "returns": period}
    solved: dict[float, tuple[np.ndarray, float | None]] = {}
    # A map's orbit of high period moves fast with the parameter; a flow's shooting reaches farther.
    max_step = (hi - lo) / (32 if iterated else 8)

    def multiplier(v: float) -> float:
        # Walk from the nearest value solved in steps of at most max_step, so Newton stays on the orbit.
        near = min(solved, key=lambda w: abs(w - v)) if solved else lo
        guess = solved.get(near, start)
        path = np.linspace(near, v, int(np.ceil(abs(v - near) / max_step)) + 1)[1:] if v != near else [v]
        for w in path:
            at = system.with_params(**{param: float(w)})
            po = periodic_orbit(at, period=period if iterated else guess[1], guess=guess[0], **kwargs)
            if po.sizes["time"] == 0:
                raise InputError(
                    f"the period-{period} orbit of {system.name} was lost at {param}={w:g}: "
                    "give a narrower bracket, starting where the orbit is the attractor"
                )
            guess = solved[float(w)] = (po.state.values[0], float(po.period))
        mult = po.multipliers.values
        if not iterated:
            mult = np.delete(mult, int(np.argmin(np.abs(mult - 1))))
        # The multiplier that crosses -1: the real one nearest to it.
        real = mult[np.abs(mult.imag) <= 1e-9 * np.maximum(1.0, np.abs(mult))].real
        return float(real[np.argmin(np.abs(real + 1))] + 1) if real.size else float("nan")

    g_lo, g_hi = multiplier(lo), multiplier(hi)
    if not (g_lo > 0 > g_hi):
        raise InputError(
            f"no period doubling of the period-{period} orbit in {param} in [{lo:g}, {hi:g}]: its multiplier "
            f"is {g_lo - 1:.4g} at {lo:g} and {g_hi - 1:.4g} at {hi:g} (it must cross -1)"
        )
    return float(brentq(multiplier, lo, hi, xtol=xtol, rtol=4 * np.finfo(float).eps))


#: What :func:`locate_bifurcation` can look for, by kind of system.
TOWARDS = {"flow": ("fold", "hopf", "branch point", "period-doubling"),
           "map": ("fold", "period-doubling", "neimark-sacker", "branch point")}  # fmt: skip


def locate_bifurcation(
    system: System,
    param: str,
    towards: str,
    *,
    limit: float,
    n_values: int = 41,
) -> float:
    """The first bifurcation of type ``towards`` met when ``param`` moves from its value to ``limit``.

    Folds, Hopf points and branch points (and, for maps, the period doubling
    and Neimark-Sacker bifurcations of fixed points) are found by
    :func:`~tsdyn.systems.continuation` of every stable equilibrium at the
    start, the nearest one met winning. The period doubling of a flow's
    limit cycle is bracketed on an :func:`orbit_diagram` of ``n_values``
    values (where the number of distinct section crossings doubles) and
    refined by :func:`period_doubling`; it needs ``limit`` above the start.

    Parameters
    ----------
    system : System
        A flow or a map, at the parameter values where the ramp starts.
    param : str
        The parameter moved.
    towards : str
        ``"fold"``, ``"hopf"`` (flows), ``"branch point"``,
        ``"period-doubling"`` or ``"neimark-sacker"`` (maps).
    limit : float
        How far to look.
    n_values : int
        Flows' period doubling: values on the orbit diagram that brackets it.

    Returns
    -------
    float
        The parameter value of the bifurcation.

    See Also
    --------
    continuation : The branch and all bifurcations on it.
    period_doubling : Where a periodic orbit doubles.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> round(ts.locate_bifurcation(ts.get("Brusselator", b=1.0), "b", "hopf", limit=3.0), 8)  # 1 + a^2
    2.0
    """
    from tsdyn.systems.branches import continuation
    from tsdyn.systems.equilibria import fixed_points

    check_system(system, "locate_bifurcation")
    if not isinstance(param, str):
        raise InputError(f"param must be a parameter's name, got {param!r}")
    check_params(system.spec, {param: 0.0})
    kinds = TOWARDS[system.kind]
    if towards not in kinds:
        raise InputError(
            f"towards must be one of {', '.join(map(repr, kinds))} for a {system.kind}, got {towards!r}"
        )
    p0 = float(system.params[param])
    limit = float(limit)
    if not np.isfinite(limit) or limit == p0:
        raise InputError(
            f"limit must be a finite value of {param} other than its start {p0:g}, got {limit!r}"
        )
    if towards == "period-doubling" and not system.behaviour.iterated:
        return _flow_period_doubling(system, param, p0, limit, check_int(n_values, "n_values", minimum=3))
    fp = fixed_points(system)
    stable = fp.state.values[fp.stable.values]
    if stable.size == 0:
        raise InputError(
            f"{system.name} has no stable equilibrium at {param} = {p0:g} to follow towards a {towards}"
        )
    bounds = (min(p0, limit), max(p0, limit))
    direction = 1 if limit > p0 else -1
    met = []
    for state in stable:
        br = continuation(system, param, bounds=bounds, start=state, direction=direction)
        hits = br.bifurcation_param.values[br.bifurcation_type.values == towards]
        met.extend(hits[:1])
    if not met:
        raise InputError(
            f"no {towards} of {system.name}'s stable equilibria with {param} between {p0:g} and {limit:g}"
        )
    return float(min(met, key=lambda v: abs(v - p0)))


def _flow_period_doubling(system, param, p0, limit, n_values) -> float:
    """A limit cycle's first period doubling between ``p0`` and ``limit``: bracketed on a grid, then refined."""
    if limit < p0:
        raise InputError(
            "a flow's period doubling is looked for with the parameter increasing: limit above the start"
        )
    vals = np.linspace(p0, limit, n_values)
    od = orbit_diagram(
        system, param, vals.tolist(), n=4000, transient=200 * (system.period or 1.0), lyapunov=False
    )
    counts = [_distinct(od.state.values[j, : int(od.n_points[j])]) for j in range(vals.size)]
    for j in range(1, vals.size):
        if 0 < counts[j - 1] < counts[j] == 2 * counts[j - 1]:
            return period_doubling(system.with_params(**{param: vals[j - 1]}), param, (vals[j - 1], vals[j]),
                                   period=counts[j - 1])  # fmt: skip
    raise InputError(
        f"no period doubling of {system.name}'s limit cycle with {param} between {p0:g} and {limit:g} "
        f"(distinct section crossings on the way: {counts})"
    )


def _distinct(points: np.ndarray) -> int:
    """How many distinct points a section holds (clusters 1e-3 of their extent apart; 0 if none)."""
    if points.shape[0] == 0:
        return 0
    spread = np.ptp(points, axis=0)
    k = int(np.argmax(spread))
    x = np.sort(points[:, k])
    gap = 1e-3 * max(float(np.abs(x).max()), 1e-12)
    return 1 + int((np.diff(x) > gap).sum())
