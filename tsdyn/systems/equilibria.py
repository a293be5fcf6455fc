"""Fixed points of flows and maps, and periodic points of maps, with their stability.

Newton's method with the system's Jacobian (analytic where the catalog has
it) runs from many seeded starts spread uniformly over a box around the
attractor; the roots inside the box are deduplicated and classified by the
eigenvalues of the Jacobian there (flows: real parts against 0; maps: moduli
against 1).

>>> import tsdyn.systems as ts
>>> fp = ts.fixed_points(ts.get("Henon"), seed=0)
>>> fp.sizes["fixed_point"], fp.type.values.tolist()
(2, ['saddle', 'saddle'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from tsdyn.errors import InputError, IntegrationError, check_int, check_real
from tsdyn.rng import Seed, as_generator
from tsdyn.systems._phase import Equations, check_system, classify, newton, result_attrs, with_params

if TYPE_CHECKING:  # the System sits above this module: it is read, never imported here
    import xarray as xr

    from tsdyn.systems.system import System

__all__ = ["fixed_points"]


def fixed_points(
    system: System,
    *,
    box: Sequence[Sequence[float]] | None = None,
    n_starts: int = 100,
    seed: Seed = 0,
    period: int = 1,
    params: Mapping[str, float] | None = None,
    tol: float = 1e-10,
    max_iter: int = 50,
) -> xr.Dataset:
    """Equilibria of a flow, fixed (or period-``k``) points of a map, with eigenvalues, type and stability.

    Parameters
    ----------
    system : System
        A flow or a map (``tsdyn.systems.get(...)``).
    box : array_like of shape (dim, 2), optional
        ``(low, high)`` per variable: Newton starts are drawn uniformly in it
        and only roots inside it are kept. Default: the range of a short
        integration from the system's initial condition, widened by that range
        on each side (so equilibria off the attractor, as Rössler's outer one,
        are inside it).
    n_starts : int
        Number of seeded starts (the box's centre is one of them).
    seed : int, SeedSequence or Generator
        Where the starts come from; the same seed gives the same result.
    period : int
        Maps: find the points with ``F^period(y) = y`` (their least period, a
        divisor of ``period``, is recorded). Flows: 1 only (their periodic
        orbits come from :func:`~tsdyn.systems.periodic_orbit`).
    params : mapping, optional
        Parameter values to use instead of the system's.
    tol : float
        Newton's tolerance (relative step and residual).
    max_iter : int
        Newton iterations per start.

    Returns
    -------
    xarray.Dataset
        Along ``fixed_point`` (sorted by state): ``state`` (fixed_point,
        variable), ``eigenvalues`` (fixed_point, eigenvalue; complex; of the
        Jacobian for flows, of ``D(F^period)`` for maps, sorted by decreasing
        real part or modulus), ``type`` (``"node"``, ``"saddle"``,
        ``"focus"``, ``"saddle-focus"`` or ``"non-hyperbolic"``), ``stable``,
        ``residual`` (``|f|`` or ``|F^period(y) - y|``), ``starts`` (how many
        starts converged to it) and, for maps, ``least_period``. attrs: the
        system and parameters, ``box_low``/``box_high``, the settings, and a
        ``message`` when nothing was found (an empty ``fixed_point``
        dimension, not an error).

    See Also
    --------
    continuation : Follows them in a parameter.
    periodic_orbit : Periodic orbits.

    Examples
    --------
    >>> import numpy as np
    >>> import tsdyn.systems as ts
    >>> fp = ts.fixed_points(ts.get("Lorenz"))
    >>> fp.state.round(6).values.tolist()
    [[-8.485281, -8.485281, 27.0], [0.0, 0.0, 0.0], [8.485281, 8.485281, 27.0]]
    >>> fp.type.values.tolist(), fp.stable.values.tolist()
    (['saddle-focus', 'saddle', 'saddle-focus'], [False, False, False])
    """
    import xarray as xr

    check_system(system, "fixed_points")
    system = with_params(system, params)
    n_starts = check_int(n_starts, "n_starts", minimum=1)
    period = check_int(period, "period", minimum=1)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    tol = check_real(tol, "tol", minimum=0, maximum=1, inclusive=(False, False))
    iterated = system.behaviour.iterated
    if period != 1 and not iterated:
        raise InputError(
            f"period={period} is for maps (period-k points); {system.name} is a flow: its periodic orbits "
            "come from tsdyn.systems.periodic_orbit"
        )
    lo, hi = _check_box(system, box) if box is not None else _default_box(system)
    eq = Equations(system)
    d = system.dimension

    def residual(y):
        if iterated:
            fy, m = eq.iterate(y, period)
            return fy - y, m - np.eye(d)
        return eq.rhs(y), eq.jac(y)

    rng = as_generator(seed)
    starts = np.vstack([(lo + hi) / 2, lo + (hi - lo) * rng.random((n_starts - 1, d))])
    scale = np.maximum(hi - lo, 1e-12)
    roots: list[np.ndarray] = []
    hits: list[int] = []
    for y0 in starts:
        y, _, ok = newton(residual, y0, tol=tol, max_iter=max_iter, scale=scale)
        if not ok or not ((y >= lo) & (y <= hi)).all():
            continue
        # Two roots closer than a millionth of the box are one (Newton lands within ~1e-14 of it).
        for i, r in enumerate(roots):
            if (np.abs(r - y) <= 1e-6 * scale).all():
                hits[i] += 1
                break
        else:
            roots.append(y)
            hits.append(1)
    order = sorted(range(len(roots)), key=lambda i: tuple(roots[i]))
    states = np.array([roots[i] for i in order]).reshape(len(roots), d)
    eigen = np.empty((len(roots), d), dtype=np.complex128)
    types, stable, res, least = [], [], [], []
    for row, y in enumerate(states):
        g, dg = residual(y)
        ev = np.linalg.eigvals(dg + np.eye(d) if iterated else dg)
        key = np.abs(ev) if iterated else ev.real
        eigen[row] = ev[np.lexsort((-ev.imag, -key))]
        kind, ok = classify(ev, iterated=iterated)
        types.append(kind)
        stable.append(ok)
        res.append(float(np.linalg.norm(g)))
        if iterated:
            least.append(_least_period(eq, y, period, scale))
    data = {
        "state": (("fixed_point", "variable"), states),
        "eigenvalues": (("fixed_point", "eigenvalue"), eigen),
        "type": ("fixed_point", np.array(types, dtype=object).astype(str)),
        "stable": ("fixed_point", np.array(stable, dtype=bool)),
        "residual": ("fixed_point", np.array(res, dtype=np.float64)),
        "starts": ("fixed_point", np.array([hits[i] for i in order], dtype=np.int64)),
    }
    if iterated:
        data["least_period"] = ("fixed_point", np.array(least, dtype=np.int64))
    settings = {"box_low": lo, "box_high": hi, "n_starts": n_starts, "period": period, "tol": tol,
                "seed": seed if isinstance(seed, int) else str(seed)}  # fmt: skip
    if not roots:
        settings["message"] = (
            f"no {'period-' + str(period) + ' point' if iterated else 'fixed point'} of {system.name} "
            f"in the box: none of {n_starts} Newton starts converged inside it"
        )
    ds = xr.Dataset(data, coords={"variable": system.variables, "eigenvalue": np.arange(d)})
    ds.attrs = result_attrs(system, fixed_points, **settings)
    return ds


def _least_period(eq: Equations, y: np.ndarray, period: int, scale: np.ndarray) -> int:
    z = y
    for j in range(1, period):
        z = eq.rhs(z)
        if period % j == 0 and (np.abs(z - y) <= 1e-6 * scale).all():
            return j
    return period


def _check_box(system, box) -> tuple[np.ndarray, np.ndarray]:
    d = system.dimension
    b = np.array(box, dtype=np.float64)
    if b.shape != (d, 2):
        raise InputError(
            f"box must give (low, high) for each of the {d} variables of {system.name}: shape ({d}, 2), "
            f"got {b.shape}"
        )
    if not np.isfinite(b).all():
        raise InputError(f"box must be finite, got {b.tolist()}")
    empty = np.flatnonzero(b[:, 0] >= b[:, 1])
    if empty.size:
        k = int(empty[0])
        raise InputError(
            f"box excludes every start: for {system.variables[k]} its low {b[k, 0]:g} is not below "
            f"its high {b[k, 1]:g}"
        )
    return b[:, 0].copy(), b[:, 1].copy()


def _default_box(system) -> tuple[np.ndarray, np.ndarray]:
    """The range of a short run from the system's initial condition, widened by the range on each side."""
    try:
        if system.behaviour.iterated:
            x = system.integrate(n=1000, transient=100).values
        elif system.period is None and system.dt is None:
            x = system.integrate(n=2000, dt=0.01).values
        else:
            x = system.integrate(n=2000).values
    except IntegrationError as err:
        raise InputError(f"{system.name}: the default box needs a bounded run ({err}); give box") from None
    lo, hi = x.min(axis=0), x.max(axis=0)
    width = np.where(hi > lo, hi - lo, np.maximum(1.0, np.abs(hi)))
    return lo - width, hi + width
