"""The catalog's registry: every system is a :class:`Spec` made by a decorator.

The catalog (:mod:`tsdyn.systems.catalog`) registers each row of its table
``systems.json`` with the decorator of its kind, giving the compiled functions
tools/gen_catalog.py generated; :func:`tsdyn.systems.define` builds a
:class:`Spec` for a user's system the same way. The functions have the
in-place signatures the one set of solvers (:mod:`tsdyn.systems._integrate`) expects: a flow's right-hand side
``rhs(t, y, p, out)`` writes the derivative into ``out``, where ``p`` is a
float64 array holding the parameters in the order of ``params``, and
``jac(t, y, p, out)`` fills the ``(dim, dim)`` matrix ``out``. Maps use
``step(y, p, out)`` (``out`` = next state) and ``jac(y, p, out)``, delay
equations ``rhs(t, y, y_delayed, p, out)`` and SDEs a drift ``rhs`` and a
diffusion ``noise(t, y, p, out)`` (diagonal: one amplitude per component).

A system whose state length follows parameters (a grid of ``N`` x ``N``
points, a chain of ``N`` sites) names them in ``size_params`` and gives a hook
``ic_for(params) -> ic`` that builds a default initial condition for other
sizes (it validates them with :func:`size_param`); the stored ``ic`` stays the
default for the default size.

The decorator only records; nothing is compiled until a system is integrated.

>>> from tsdyn.systems.base import registry
>>> isinstance(registry(), dict)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from tsdyn.errors import InputError

__all__ = ["Spec", "delay", "flow", "map_", "register", "registry", "sde", "size_param"]

KINDS = ("flow", "map", "delay", "sde")

_REGISTRY: dict[str, Spec] = {}


@dataclass(frozen=True, kw_only=True)
class Spec:
    """Everything the catalog knows about one system before it is compiled."""

    name: str
    kind: str
    func: Callable
    params: Mapping[str, float]
    ic: np.ndarray
    citation: str = ""
    description: str = ""
    period: float | None = None
    dt: float | None = None
    jac: Callable | None = None
    noise: Callable | None = None
    delay: float | None = None
    unbounded: tuple[int, ...] = ()
    hamiltonian: bool = False
    nonautonomous: bool = False
    size_params: tuple[str, ...] = ()
    ic_for: Callable[[Mapping[str, float]], np.ndarray] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def dimension(self) -> int:
        """State length at the default parameters (a :class:`System` follows its size parameters)."""
        return int(self.ic.size)

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(self.params)


def register(spec: Spec) -> Spec:
    """Add ``spec`` to the catalog; a name may be registered only once."""
    if spec.kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS}, got {spec.kind!r}")
    if spec.name in _REGISTRY and _REGISTRY[spec.name].func is not spec.func:
        raise InputError(f"a system named {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return spec


def size_param(params: Mapping[str, float], name: str, system: str, *, minimum: int) -> int:
    """The size parameter ``name`` as an int; InputError unless it is an integer >= ``minimum``.

    >>> size_param({"N": 32.0}, "N", "GrayScott", minimum=4)
    32
    >>> size_param({"N": 2.0}, "N", "GrayScott", minimum=4)
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: parameter 'N' of GrayScott sets the state's size: it must be an integer >= 4, got 2
    """
    value = params[name]
    if not (float(value).is_integer() and value >= minimum):
        raise InputError(
            f"parameter {name!r} of {system} sets the state's size: it must be an integer >= {minimum}, got {value:g}"
        )
    return int(value)


def registry() -> dict[str, Spec]:
    """The registered systems by name (catalog modules must be imported first)."""
    return _REGISTRY


def _decorator(kind: str, **meta):
    def wrap(func: Callable) -> Callable:
        name = meta.pop("name", None) or func.__name__
        ic = np.asarray(meta.pop("ic"), dtype=np.float64)
        params = {k: float(v) for k, v in meta.pop("params").items()}
        register(Spec(name=name, kind=kind, func=func, params=params, ic=ic, **meta))
        return func

    return wrap


def flow(
    *,
    params: Mapping[str, float],
    ic: ArrayLike,
    citation: str,
    description: str,
    period: float | None = None,
    dt: float | None = None,
    jac: Callable | None = None,
    unbounded: tuple[int, ...] = (),
    hamiltonian: bool = False,
    nonautonomous: bool = False,
    size_params: tuple[str, ...] = (),
    ic_for: Callable[[Mapping[str, float]], np.ndarray] | None = None,
    name: str | None = None,
    **extra: Any,
) -> Callable[[Callable], Callable]:
    """Register an ODE ``rhs(t, y, p, out)``."""
    if bool(size_params) != (ic_for is not None):
        raise InputError("size_params and ic_for come together: the hook builds the ic for other sizes")
    if not set(size_params) <= set(params):
        raise InputError(f"size_params {sorted(set(size_params) - set(params))} are not parameters")
    return _decorator(
        "flow", params=params, ic=ic, citation=citation, description=description, period=period,
        dt=dt, jac=jac, unbounded=unbounded, hamiltonian=hamiltonian, nonautonomous=nonautonomous,
        size_params=tuple(size_params), ic_for=ic_for, name=name, extra=extra,
    )  # fmt: skip


def map_(
    *,
    params: Mapping[str, float],
    ic: ArrayLike,
    citation: str,
    description: str,
    jac: Callable | None = None,
    unbounded: tuple[int, ...] = (),
    hamiltonian: bool = False,
    name: str | None = None,
    **extra: Any,
) -> Callable[[Callable], Callable]:
    """Register a map ``step(y, p, out)`` (``hamiltonian``: it preserves area, a symplectic form;
    ``unbounded``: variables that drift by design, such as a lifted angle not taken modulo its period)."""
    return _decorator(
        "map", params=params, ic=ic, citation=citation, description=description, jac=jac,
        unbounded=unbounded, hamiltonian=hamiltonian, name=name, extra=extra,
    )  # fmt: skip


def delay(
    *,
    params: Mapping[str, float],
    ic: ArrayLike,
    delay_time: float,
    citation: str,
    description: str,
    period: float | None = None,
    dt: float | None = None,
    name: str | None = None,
    **extra: Any,
) -> Callable[[Callable], Callable]:
    """Register a delay equation ``rhs(t, y, y_delayed, p, out)`` with one delay time ``delay_time``."""
    return _decorator(
        "delay", params=params, ic=ic, delay=delay_time, citation=citation, description=description,
        period=period, dt=dt, name=name, extra=extra,
    )  # fmt: skip


def sde(
    *,
    params: Mapping[str, float],
    ic: ArrayLike,
    noise: Callable,
    citation: str,
    description: str,
    dt: float | None = None,
    name: str | None = None,
    **extra: Any,
) -> Callable[[Callable], Callable]:
    """Register an SDE: drift ``rhs(t, y, p, out)`` and diagonal diffusion ``noise(t, y, p, out)``."""
    return _decorator(
        "sde", params=params, ic=ic, noise=noise, citation=citation, description=description,
        dt=dt, name=name, extra=extra,
    )  # fmt: skip
