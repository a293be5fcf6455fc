"""What the phase-space functions share: checks, the equations as numpy callables, Newton, classification.

:func:`~tsdyn.systems.fixed_points`, :func:`~tsdyn.systems.periodic_orbit`,
:func:`~tsdyn.systems.poincare_section` and :func:`~tsdyn.systems.return_map`
work on flows and maps from their equations. This module holds what they
have in common: the check that refuses other kinds, the right-hand side and
Jacobian as plain callables on numpy vectors (the compiled catalog functions
where numba compiles them), damped Newton on a square system, the
classification of an equilibrium or periodic point by its eigenvalues, and
the section plane.

>>> import tsdyn.systems as ts
>>> eq = Equations(ts.get("Lorenz"))
>>> eq.rhs(np.zeros(3)).tolist()
[0.0, 0.0, 0.0]
>>> classify(np.array([-1.0, 2.0 + 1j, 2.0 - 1j]), iterated=False)
('saddle-focus', False)
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tsdyn.errors import InputError
from tsdyn.systems._request import check_params, parameter_vector
from tsdyn.systems.base import Spec

__all__ = [
    "Equations",
    "Plane",
    "check_system",
    "classify",
    "newton",
    "parameter_values",
    "result_attrs",
    "with_params",
]


def check_system(system, what: str) -> None:
    """InputError unless ``system`` is a :class:`~tsdyn.systems.System` that is a flow or a map."""
    if not isinstance(getattr(system, "spec", None), Spec):
        raise InputError(
            f"{what} needs a tsdyn.systems.System (tsdyn.systems.get(name)); got {type(system).__name__}"
        )
    if system.kind not in ("flow", "map"):
        raise InputError(
            f"{what} is for flows and maps; {system.name} is a {system.kind} "
            "(delay equations and SDEs have no finite-dimensional phase space of this kind)"
        )


def parameter_values(system, param, values) -> np.ndarray:
    """The values of one parameter ``param`` to run ``system`` at, checked: a name of its, finite numbers."""
    if not isinstance(param, str):
        raise InputError(f"param must be a parameter's name, got {param!r}")
    check_params(system.spec, {param: 0.0})
    vals = np.array(values, dtype=np.float64, ndmin=1).ravel()
    if vals.size < 1 or not np.isfinite(vals).all():
        raise InputError(f"values of {param!r} must be finite numbers, got {values!r}")
    return vals


def with_params(system, params) -> Any:
    """``system`` with ``params`` (names checked against it) changed; the system itself if none."""
    if not params:
        return system
    check_params(system.spec, params)
    return system.with_params(**params)


class Equations:
    """A flow's ``f(y)`` and ``J(y)``, or a map's ``F(y)`` and ``DF(y)``, on numpy vectors (time 0).

    The compiled catalog functions are called directly (about a microsecond
    each); a system without an analytic Jacobian gets central differences.
    """

    def __init__(self, system):
        self.system = system
        self.iterated = system.behaviour.iterated
        self.d = system.dimension
        self.p = parameter_vector(system.params)
        self._f = system.compiled("rhs") or system.spec.func
        self._j = (system.compiled("jac") or system.spec.jac) if system.spec.jac is not None else None
        self.analytic = self._j is not None

    def rhs(self, y: np.ndarray, t: float = 0.0) -> np.ndarray:
        out = np.empty(self.d)
        y = np.ascontiguousarray(y, dtype=np.float64)
        if self.iterated:
            self._f(y, self.p, out)
        else:
            self._f(float(t), y, self.p, out)
        return out

    def jac(self, y: np.ndarray, t: float = 0.0) -> np.ndarray:
        y = np.ascontiguousarray(y, dtype=np.float64)
        if self._j is None:
            # Central differences with a step scaled to each component.
            h = 1e-6 * np.maximum(1.0, np.abs(y))
            out = np.empty((self.d, self.d))
            for k in range(self.d):
                e = np.zeros(self.d)
                e[k] = h[k]
                out[:, k] = (self.rhs(y + e, t) - self.rhs(y - e, t)) / (2 * h[k])
            return out
        out = np.zeros((self.d, self.d))
        if self.iterated:
            self._j(y, self.p, out)
        else:
            self._j(float(t), y, self.p, out)
        return out

    def iterate(self, y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """A map's ``F^k(y)`` and its Jacobian (the chain of ``DF`` along the orbit)."""
        m = np.eye(self.d)
        for _ in range(k):
            m = self.jac(y) @ m
            y = self.rhs(y)
        return y, m


def newton(
    func: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    x0: np.ndarray,
    *,
    tol: float,
    max_iter: int,
    scale: np.ndarray | float = 1.0,
) -> tuple[np.ndarray, float, bool]:
    """Damped Newton on ``func(x) = (G, DG)``: the root, ``|G|`` there, and whether it converged.

    Each step is halved until ``|G|`` decreases (at most 30 times), so starts
    far from a root walk towards one instead of jumping out. Convergence: the
    step is below ``tol`` times ``scale`` (per component) and ``|G|`` below
    ``tol`` times ``max(1, |x|)``. Overflow, arithmetic errors of compiled
    functions (a division by zero) and singular Jacobians end the run
    unconverged; they are not errors.
    """
    x = np.array(x0, dtype=np.float64)

    def evaluate(y):
        # Compiled functions raise (ZeroDivisionError ...) where plain numpy would give inf or NaN.
        try:
            return func(y)
        except ArithmeticError:
            return np.full(x.size, np.nan), np.full((x.size, x.size), np.nan)

    with np.errstate(all="ignore"):
        g, dg = evaluate(x)
        norm = float(np.linalg.norm(g))
        for _ in range(max_iter):
            if not np.isfinite(norm) or not np.isfinite(dg).all():
                return x, np.inf, False
            try:
                step = np.linalg.solve(dg, -g)
            except np.linalg.LinAlgError:
                step, *_ = np.linalg.lstsq(dg, -g, rcond=None)
            lam = 1.0
            for _ in range(30):
                x_new = x + lam * step
                g_new, dg_new = evaluate(x_new)
                norm_new = float(np.linalg.norm(g_new))
                if np.isfinite(norm_new) and norm_new < norm * (1 - 1e-4 * lam) or norm_new == 0.0:
                    break
                lam *= 0.5
            else:
                # No decrease along the Newton direction: at the root already (rounding) or stuck.
                small = norm <= tol * max(1.0, float(np.linalg.norm(x)))
                return x, norm, small
            x, g, dg, norm = x_new, g_new, dg_new, norm_new
            if (np.abs(lam * step) <= tol * np.maximum(scale, np.abs(x))).all() and norm <= tol * max(
                1.0, float(np.linalg.norm(x))
            ):
                return x, norm, True
    return x, norm, False


def classify(eigenvalues: np.ndarray, *, iterated: bool, tol: float = 1e-9) -> tuple[str, bool]:
    """Type (node, saddle, focus, saddle-focus, non-hyperbolic) and stability of a fixed point.

    Flows read the real parts against 0, maps the moduli against 1. A
    complex pair makes a node a focus (spiral); growth and decay directions
    together make a saddle. Within ``tol`` of the boundary the point is
    non-hyperbolic and its linearisation does not decide its stability.

    >>> classify(np.array([0.5, 0.2]), iterated=True)
    ('node', True)
    >>> classify(np.array([1.2, 0.2]), iterated=True)
    ('saddle', False)
    """
    ev = np.asarray(eigenvalues, dtype=np.complex128)
    with np.errstate(divide="ignore"):  # a zero multiplier (a superstable point) grows at log 0 = -inf
        growth = np.log(np.abs(ev)) if iterated else ev.real
    rotating = bool((np.abs(ev.imag) > tol * np.maximum(1.0, np.abs(ev))).any())
    if (np.abs(growth) <= tol).any():
        return "non-hyperbolic", False
    up, down = bool((growth > 0).any()), bool((growth < 0).any())
    kind = (
        ("saddle" if up and down else "node")
        if not rotating
        else ("saddle-focus" if up and down else "focus")
    )
    return kind, not up


@dataclass(frozen=True)
class Plane:
    """The hyperplane ``normal . y = value`` and the direction of the crossings kept (+1, -1, 0: both)."""

    normal: np.ndarray
    value: float
    direction: int
    label: str

    @classmethod
    def parse(cls, system, plane, direction) -> Plane:
        """``plane`` as ``(variable, value)`` (a name or an index) or ``(normal vector, value)``."""
        if isinstance(direction, bool) or direction not in (-1, 0, 1):
            raise InputError(f"direction must be +1 (upward), -1 (downward) or 0 (both), got {direction!r}")
        try:
            where, value = plane
        except (TypeError, ValueError):
            raise InputError(
                f"plane must be a pair (variable, value) or (normal vector, value), got {plane!r}"
            ) from None
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
            raise InputError(f"the plane's value must be a finite number, got {value!r}")
        d = system.dimension
        names = system.variables
        if isinstance(where, str) or isinstance(where, numbers.Integral) and not isinstance(where, bool):
            if isinstance(where, str):
                if where not in names:
                    raise InputError(
                        f"{system.name} has no variable {where!r} (its variables: {', '.join(names)})"
                    )
                k = names.index(where)
            else:
                k = int(where)
                if not 0 <= k < d:
                    raise InputError(f"plane variable index must be in [0, {d - 1}], got {k}")
            normal = np.zeros(d)
            normal[k] = 1.0
            label = f"{names[k]} = {float(value):g}"
        else:
            normal = np.array(where, dtype=np.float64, ndmin=1)
            if normal.shape != (d,) or not np.isfinite(normal).all() or not normal.any():
                raise InputError(
                    f"the plane's normal must be {d} finite numbers, not all 0, got {np.asarray(where).tolist()}"
                )
            label = f"{np.array2string(normal, precision=4)} . y = {float(value):g}"
        return cls(normal, float(value), int(direction), label)

    @classmethod
    def through_spread(cls, system, states: np.ndarray, direction) -> Plane:
        """The default section: the variable that varies most over ``states`` (time, variable), at its mean.

        Unbounded variables (forcing phases) are left out: the orbit crosses
        a plane across them once at most.
        """
        spread = np.nanstd(states, axis=0)
        spread[list(system.unbounded)] = -1.0
        k = int(np.argmax(spread))
        return cls.parse(system, (k, float(np.nanmean(states[:, k]))), direction)

    def attrs(self) -> dict[str, Any]:
        return {"plane": self.label, "plane_normal": self.normal, "plane_value": self.value,
                "direction": self.direction}  # fmt: skip


def result_attrs(system, function: Callable, **settings) -> dict[str, Any]:
    """netCDF-safe attrs of a phase-space result: the system, its parameters, the settings, the function."""
    from tsdyn import __version__
    from tsdyn._naming import public_name
    from tsdyn.data import netcdf_safe

    meta: dict[str, Any] = {
        "system": system.name,
        "kind": system.kind,
        "parameters": ", ".join(system.params),
    }
    meta.update({f"param_{k}": v for k, v in system.params.items()})
    meta.update(settings)
    meta["tsdyn_function"] = public_name(function)
    meta["tsdyn_version"] = __version__
    return netcdf_safe(meta)
