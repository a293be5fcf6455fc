"""Poincaré sections and return maps of flows, located on a continuous trajectory (not between samples).

Two sources of crossings:

- a trajectory already integrated (the DataArray of
  :meth:`~tsdyn.systems.System.integrate`): between two samples the orbit is
  the Hermite polynomial that matches the states and the right-hand side
  there (quintic, also matching ``y'' = J f``, when the system has an analytic
  Jacobian and is autonomous; cubic otherwise); a crossing is bracketed by a
  sign change between samples and found by bisection on that polynomial to
  rounding, so its error is the interpolant's, ``O(dt^6)`` or ``O(dt^4)``,
  not the ``O(dt^2)`` of linear interpolation;
- during integration (a :class:`~tsdyn.systems.System`):
  :func:`scipy.integrate.solve_ivp` with DOP853 and event location, which
  root-finds on the solver's 7th-order dense output at the integration's
  tolerance (tsdyn's compiled solvers do not expose their dense output to
  Python).

A crossing that enters and leaves within one sampling interval changes no
sign at the samples and is missed: sample finely enough to resolve the
orbit (integrate's default of 100 points per period does).

>>> import tsdyn.systems as ts
>>> x = ts.get("VanDerPol").integrate(n=3000, dt=0.01, transient=50.0)
>>> sec = ts.poincare_section(x, plane=("x0", 0.0), direction=1)
>>> bool(abs(float(sec.time.diff("crossing").mean()) - 6.6633) < 1e-3)
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tsdyn.errors import InputError, check_int
from tsdyn.systems._phase import Equations, Plane, check_system, result_attrs, with_params
from tsdyn.systems._request import check_state, non_negative, positive
from tsdyn.systems.base import Spec

if TYPE_CHECKING:  # the System sits above this module: it is read, never imported here
    import xarray as xr

    from tsdyn.systems.system import System

__all__ = ["poincare_section", "return_map"]

# Hermite bases on [0, 1]: row j holds the coefficients of theta^0, theta^1, ... of the basis
# function multiplying data item j (cubic: y0, h f0, y1, h f1; quintic adds h^2 y'' at both ends).
_CUBIC = np.array([[1, 0, -3, 2], [0, 1, -2, 1], [0, 0, 3, -2], [0, 0, -1, 1]], dtype=np.float64)
_QUINTIC = np.array(
    [
        [1, 0, 0, -10, 15, -6],
        [0, 1, 0, -6, 8, -3],
        [0, 0, 0.5, -1.5, 1.5, -0.5],
        [0, 0, 0, 10, -15, 6],
        [0, 0, 0, -4, 7, -3],
        [0, 0, 0, 0.5, -1, 0.5],
    ]
)


@dataclass(frozen=True)
class Surface:
    """Where events happen: a plane, or the zeros of one component of the vector field (extrema)."""

    plane: Plane | None = None
    variable: int = 0
    sign: int = -1  # extrema: -1 maxima (f_k goes + to -), +1 minima

    @property
    def direction(self) -> int:
        return self.plane.direction if self.plane is not None else self.sign


def poincare_section(
    x: System | xr.DataArray,
    *,
    plane,
    direction: int = 1,
    system: System | None = None,
    params: Mapping[str, float] | None = None,
    t: float | None = None,
    transient: float = 0.0,
    ic=None,
    rtol: float = 1e-10,
    atol: float = 1e-10,
) -> xr.Dataset:
    """Where a flow's orbit crosses a hyperplane, in one direction or both.

    Parameters
    ----------
    x : System or xarray.DataArray
        A flow (integrated here, crossings located during integration) or a
        trajectory ``(time, variable)`` from its ``integrate`` (crossings
        located on its Hermite interpolant; one member, no ramp).
    plane : tuple
        ``(variable, value)``: the plane ``variable = value`` (a name such as
        ``"x2"`` or an index); or ``(normal, value)``: ``normal . y = value``.
    direction : {1, -1, 0}
        Keep crossings where ``normal . y`` increases (1), decreases (-1), or both (0).
    system : System, optional
        The trajectory's system (default: the catalog system named in its
        attrs, at the parameters recorded there); needed for user systems.
    params : mapping, optional
        System input: parameter values instead of the system's.
    t, transient, ic : optional
        System input: the time to integrate after ``transient`` (default 100
        periods, or 1000 time units when the period is unknown) and the initial
        condition (default the system's).
    rtol, atol : float
        System input: the integration's tolerances.

    Returns
    -------
    xarray.Dataset
        Along ``crossing``: ``state`` (crossing, variable) and ``sign`` (+1
        upward, -1 downward), with the crossing times as the ``time``
        coordinate. attrs: the system, the plane, ``method`` (``"quintic
        Hermite"``, ``"cubic Hermite"`` or ``"scipy DOP853 events"``) and a
        ``message`` when the orbit never crosses (an empty ``crossing``
        dimension, not an error).

    See Also
    --------
    return_map : Successive values at the crossings.
    orbit_diagram : Crossings over a parameter.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> sec = ts.poincare_section(ts.get("Lorenz"), plane=("x2", 27.0), direction=-1, t=20.0)
    >>> sec.attrs["method"], bool(abs(sec.state.sel(variable="x2") - 27.0).max() < 1e-9)
    ('scipy DOP853 events', True)
    """
    sys_ = _system_of(x, system, params)
    surface = Surface(plane=Plane.parse(sys_, plane, direction))
    times, states, signs, method = _events(x, sys_, surface, t, transient, ic, rtol, atol)
    ds = _dataset(sys_, times, {"state": (("crossing", "variable"), states), "sign": ("crossing", signs)})
    settings = {**surface.plane.attrs(), "method": method}  # type: ignore[union-attr]
    if times.size == 0:
        settings["message"] = (
            f"the orbit never crosses the plane {surface.plane.label} in direction {direction}"  # type: ignore[union-attr]
        )
    ds.attrs = result_attrs(sys_, poincare_section, **settings)
    return ds


def return_map(
    x: System | xr.DataArray,
    *,
    variable,
    plane=None,
    direction: int = 1,
    minima: bool = False,
    lag: int = 1,
    system: System | None = None,
    params: Mapping[str, float] | None = None,
    t: float | None = None,
    transient: float = 0.0,
    ic=None,
    rtol: float = 1e-10,
    atol: float = 1e-10,
) -> xr.Dataset:
    """Successive values of a variable at events: its local maxima (Lorenz's map) or a section's crossings.

    Without ``plane`` the events are the variable's local maxima (``minima=True``:
    minima), located where its derivative in the vector field changes sign, on
    the same continuous representation as :func:`poincare_section`; with
    ``plane`` they are that section's crossings in ``direction``.

    Parameters
    ----------
    x, system, params, t, transient, ic, rtol, atol
        As in :func:`poincare_section`.
    variable : str or int
        The variable whose values are mapped.
    plane, direction : optional
        A section (as in :func:`poincare_section`) instead of extrema.
    minima : bool
        Extrema only: successive minima instead of maxima.
    lag : int
        Pair each event with the one ``lag`` events later.

    Returns
    -------
    xarray.Dataset
        Along ``event``: ``value`` (the variable at event n) and ``next`` (at
        event n + lag), with the time of event n as the ``time`` coordinate.
        Empty, with a ``message`` in attrs, when fewer than ``lag + 1`` events occur.

    See Also
    --------
    poincare_section : The crossings themselves.
    orbit_diagram : The same over a parameter.

    Examples
    --------
    Lorenz's (1963) map of successive maxima of z:

    >>> import tsdyn.systems as ts
    >>> x = ts.get("Lorenz").integrate(n=5000, dt=0.01, transient=10.0)
    >>> zmap = ts.return_map(x, variable="x2")
    >>> bool(zmap.value.min() > 28), bool(zmap.value.max() < 49)
    (True, True)
    """
    sys_ = _system_of(x, system, params)
    names = sys_.variables
    if isinstance(variable, str):
        if variable not in names:
            raise InputError(f"{sys_.name} has no variable {variable!r} (its variables: {', '.join(names)})")
        k = names.index(variable)
    else:
        k = check_int(variable, "variable", minimum=0, maximum=sys_.dimension - 1)
    lag = check_int(lag, "lag", minimum=1)
    if plane is not None:
        if minima:
            raise InputError("minima=True picks extrema; with a plane the events are its crossings: give one")
        surface = Surface(plane=Plane.parse(sys_, plane, direction))
    else:
        if direction != 1:
            raise InputError("direction applies to a plane's crossings; extrema take minima=True or False")
        surface = Surface(variable=k, sign=1 if minima else -1)
    times, states, _, method = _events(x, sys_, surface, t, transient, ic, rtol, atol)
    v = states[:, k]
    n = max(v.size - lag, 0)
    ds = _dataset(sys_, times[:n], {"value": ("event", v[:n]), "next": ("event", v[lag : lag + n])}, "event")
    what = surface.plane.label if surface.plane is not None else ("minima" if minima else "maxima")
    settings: dict[str, Any] = {"variable": names[k], "events": what, "lag": lag, "method": method}
    if surface.plane is not None:
        settings.update(surface.plane.attrs())
    if n == 0:
        settings["message"] = f"fewer than {lag + 1} events ({what}) of {names[k]}: no pairs to map"
    ds.attrs = result_attrs(sys_, return_map, **settings)
    return ds


def _dataset(system, times: np.ndarray, data: dict, dim: str = "crossing") -> xr.Dataset:
    import xarray as xr

    coords: dict[str, Any] = {"time": (dim, times)}
    if any("variable" in v[0] for v in data.values() if isinstance(v[0], tuple)):
        coords["variable"] = system.variables
    return xr.Dataset(data, coords=coords)


def _system_of(x, system, params):
    """The system whose equations locate the events (InputError for maps and other kinds)."""
    if isinstance(getattr(x, "spec", None), Spec):
        if system is not None:
            raise InputError("system= is for a trajectory; x is already a system")
        check_system(x, "a Poincaré section")
        sys_ = with_params(x, params)
    else:
        if params is not None:
            raise InputError("params= is for a system; a trajectory was integrated at its own parameters")
        if system is None:
            attrs = getattr(x, "attrs", {})
            if "system" not in attrs:
                raise InputError(
                    "x must be a tsdyn.systems.System or a trajectory from its integrate (attrs name the "
                    "system); for other data pass system="
                )
            from tsdyn.systems._api import get

            try:
                sys_ = get(
                    attrs["system"],
                    **{k[6:]: float(v) for k, v in attrs.items() if k.startswith("param_")},
                )
            except InputError as err:
                raise InputError(f"{err}; pass system= for a trajectory of a user-defined system") from None
        else:
            sys_ = system
        check_system(sys_, "a Poincaré section")
    if sys_.behaviour.iterated:
        raise InputError(
            f"{sys_.name} is a map: its orbit is already a sequence of points, with no crossings between "
            "iterates to locate; Poincaré sections and return maps are for flows"
        )
    return sys_


def _events(x, system, surface, t, transient, ic, rtol, atol):
    """The events' times, states and signs, and how they were located (``system``: from :func:`_system_of`)."""
    if isinstance(getattr(x, "spec", None), Spec):
        return _events_during(system, surface, t, transient, ic, rtol, atol)
    for name, value in (("t", t), ("ic", ic)):
        if value is not None:
            raise InputError(f"{name}= is for a system; a trajectory is already integrated")
    if transient:
        raise InputError("transient= is for a system; drop the start of a trajectory with .sel(time=...)")
    return events_on_trajectory(x, system, surface)


def _events_during(system, surface, t, transient, ic, rtol, atol):
    from scipy.integrate import solve_ivp

    transient = non_negative(transient, "transient")
    if t is None:
        t = 100 * system.period if system.period else 1000.0
    t = positive(t, "t")
    y0 = system.ic if ic is None else check_state(system, ic, "ic")
    rtol, atol = positive(rtol, "rtol"), positive(atol, "atol")
    eq = Equations(system)
    if surface.plane is not None:
        normal, value = surface.plane.normal, surface.plane.value

        def event(t, y):
            return float(normal @ y) - value
    else:
        k = surface.variable

        def event(t, y):
            return float(eq.rhs(y, t)[k])

    event.direction = surface.direction  # type: ignore[attr-defined]
    res = solve_ivp(
        lambda t, y: eq.rhs(y, t), (0.0, transient + t), y0, method="DOP853", events=event, rtol=rtol,
        atol=atol,
    )  # fmt: skip
    if res.status < 0:
        from tsdyn.errors import IntegrationError

        raise IntegrationError(f"{system.name}: scipy DOP853 failed: {res.message}")
    times, states = res.t_events[0], res.y_events[0].reshape(-1, system.dimension)
    keep = times >= transient
    times, states = times[keep], states[keep]
    signs = _signs(eq, surface, times, states)
    return times, states, signs, "scipy DOP853 events"


def _signs(eq: Equations, surface: Surface, times, states) -> np.ndarray:
    if surface.plane is None:
        return np.full(times.size, surface.sign, dtype=np.int8)
    rates = np.array([surface.plane.normal @ eq.rhs(y, tt) for tt, y in zip(times, states, strict=True)])
    return np.where(rates.reshape(-1) >= 0, 1, -1).astype(np.int8)


def events_on_trajectory(x, system, surface):
    """Events on the Hermite interpolant of a sampled trajectory ``x`` (time, variable)."""
    import xarray as xr

    if not isinstance(x, xr.DataArray):
        raise InputError(
            f"x must be a System or a trajectory DataArray (time, variable), got {type(x).__name__}"
        )
    if set(x.dims) != {"time", "variable"}:
        raise InputError(
            f"one trajectory at a time: x must have dims (time, variable), got {x.dims}; "
            "select a member or swept value first (x.isel(member=0))"
        )
    if any(k.startswith("ramp_") for k in x.attrs):
        raise InputError(
            "x was integrated with a ramp: its parameters change along it, so no fixed section map"
        )
    x = x.transpose("time", "variable")
    if x.sizes["variable"] != system.dimension:
        raise InputError(f"x has {x.sizes['variable']} variables, {system.name} has {system.dimension}")
    ts = np.asarray(x["time"].values, dtype=np.float64)
    ys = np.ascontiguousarray(x.values, dtype=np.float64)
    if ts.size < 2 or not (np.diff(ts) > 0).all() or not np.isfinite(ys).all():
        raise InputError("x must hold at least two finite samples at increasing times")
    eq = Equations(system)
    fs = np.array([eq.rhs(y, tt) for tt, y in zip(ts, ys, strict=True)])
    k = surface.variable
    s = ys @ surface.plane.normal - surface.plane.value if surface.plane is not None else fs[:, k]
    up = (s[:-1] < 0) & (s[1:] >= 0)
    down = (s[:-1] > 0) & (s[1:] <= 0)
    direction = surface.direction
    idx = np.flatnonzero(up if direction > 0 else down if direction < 0 else up | down)
    quintic = eq.analytic and _autonomous(eq, ts, ys)
    coef = _coefficients(eq, ts, ys, fs, idx, quintic)  # (m, degree + 1, d)
    if surface.plane is not None:
        g = coef @ surface.plane.normal
        g[:, 0] -= surface.plane.value
    else:
        # The derivative of component k in theta: its zero is the extremum (h > 0 does not change its sign).
        ck = coef[:, :, k]
        g = ck[:, 1:] * np.arange(1, ck.shape[1])
    theta = _bisect(g, sign=s[idx + 1] > s[idx])
    h = ts[idx + 1] - ts[idx]
    powers = theta[:, None] ** np.arange(coef.shape[1])
    states = np.einsum("mk,mkd->md", powers, coef)
    times = ts[idx] + theta * h
    signs = np.where(s[idx + 1] > s[idx], 1, -1).astype(np.int8)
    return times, states, signs, "quintic Hermite" if quintic else "cubic Hermite"


def _autonomous(eq: Equations, ts, ys) -> bool:
    # y'' = J f holds only if f has no explicit time dependence: check it at a few samples.
    picks = np.unique(np.linspace(0, ts.size - 1, 3).astype(int))
    return all(np.array_equal(eq.rhs(ys[i], ts[i]), eq.rhs(ys[i], ts[i] + 1.0)) for i in picks)


def _coefficients(eq: Equations, ts, ys, fs, idx, quintic: bool) -> np.ndarray:
    """Polynomial coefficients in theta of the Hermite interpolant on each interval ``idx``."""
    h = (ts[idx + 1] - ts[idx])[:, None]
    if quintic:
        acc = np.array([eq.jac(ys[i], ts[i]) @ fs[i] for i in np.union1d(idx, idx + 1)]).reshape(-1, eq.d)
        where = {int(i): r for r, i in enumerate(np.union1d(idx, idx + 1))}
        a0 = acc[[where[int(i)] for i in idx]].reshape(-1, eq.d)
        a1 = acc[[where[int(i) + 1] for i in idx]].reshape(-1, eq.d)
        data = np.stack([ys[idx], h * fs[idx], h**2 * a0, ys[idx + 1], h * fs[idx + 1], h**2 * a1], axis=1)
        basis = _QUINTIC
    else:
        data = np.stack([ys[idx], h * fs[idx], ys[idx + 1], h * fs[idx + 1]], axis=1)
        basis = _CUBIC
    return np.einsum("jk,mjd->mkd", basis, data)


def _bisect(g: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """A root in [0, 1] of each polynomial ``g[m]`` (coefficients by power) that changes sign there.

    ``sign`` is True where ``g`` goes from negative to positive. Bisection to
    rounding: 60 halvings of [0, 1] are below the spacing of doubles near 1.
    """
    lo, hi = np.zeros(g.shape[0]), np.ones(g.shape[0])
    powers = np.arange(g.shape[1])
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        val = np.einsum("mk,mk->m", g, mid[:, None] ** powers)
        right = (val < 0) == sign  # the root lies above mid
        lo = np.where(right, mid, lo)
        hi = np.where(right, hi, mid)
    return 0.5 * (lo + hi)
