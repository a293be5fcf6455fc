"""Chaotic systems: a catalog of flows, maps, delay equations and SDEs, compiled integration.

>>> import tsdyn.systems as ts
>>> "Lorenz" in ts.list(kind="flow")
True
>>> lorenz = ts.get("Lorenz", rho=30.0)
>>> lorenz.params["rho"]
30.0
>>> x = lorenz.integrate(n=100, dt=0.01)
>>> x.sizes["time"], x.attrs["system"]
(100, 'Lorenz')
"""

from __future__ import annotations

import builtins
import difflib
from collections.abc import Callable, Mapping, Sequence

from tsdyn._lazy import lazy_exports
from tsdyn.errors import InputError, check_choice
from tsdyn.systems import catalog
from tsdyn.systems.base import KINDS
from tsdyn.systems.system import System

# euler_maruyama (the low-level SDE solver, for callers with their own drift and diffusion)
# loads on first access, so that importing tsdyn.systems does not import numba
__getattr__, __dir__, _lazy = lazy_exports(
    __name__,
    {
        "LyapunovResult": "lyapunov",
        "kaplan_yorke": "lyapunov",
        "lyapunov_spectrum": "lyapunov",
        "euler_maruyama": "_integrate",
        "precompile": "_precompile",
    },
)
__all__ = sorted(["System", "define", "get", "list", *_lazy])


def list(kind: str | None = None, *, chaotic: bool | None = None) -> builtins.list[str]:
    """Names of the catalog's systems, sorted.

    ``kind`` keeps only flows, maps, delay equations or SDEs; ``chaotic=True``
    (False) only the systems that are (are not) chaotic at their default
    parameters (:attr:`System.chaotic`).

    >>> import tsdyn.systems as ts
    >>> ts.list(kind="flow")[:2]
    ['Aizawa', 'AnishchenkoAstakhov']
    >>> "VanDerPol" in ts.list(kind="flow", chaotic=True)
    False
    """
    if kind is not None:
        check_choice(kind, "kind", KINDS)
    if chaotic is not None and not isinstance(chaotic, bool):
        raise InputError(f"chaotic must be True, False or None, got {chaotic!r}")
    specs = catalog.load()
    return sorted(
        name
        for name, spec in specs.items()
        if (kind is None or spec.kind == kind) and (chaotic is None or System(spec).chaotic == chaotic)
    )


def get(name: str, **params: float) -> System:
    """The system called ``name`` with its published parameters, some overridden by ``params``.

    >>> import tsdyn.systems as ts
    >>> ts.get("Lorenz").dimension
    3
    >>> ts.get("Lorenzz")
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: no system named 'Lorenzz' in the catalog; did you mean 'Lorenz', ...
    """
    specs = catalog.load()
    if name not in specs:
        lowered = {k.lower(): k for k in specs}
        if str(name).lower() in lowered:
            return System(specs[lowered[str(name).lower()]], **params)
        close = difflib.get_close_matches(str(name), builtins.list(specs), n=4, cutoff=0.6)
        hint = (
            f"; did you mean {', '.join(repr(c) for c in close)}?" if close else "; see tsdyn.systems.list()"
        )
        raise InputError(f"no system named {name!r} in the catalog{hint}")
    return System(specs[name], **params)


def define(
    rhs: Callable,
    *,
    params: Mapping[str, float],
    ic: Sequence[float],
    kind: str = "flow",
    name: str | None = None,
    jac: Callable | None = None,
    noise: Callable | None = None,
    period: float | None = None,
    dt: float | None = None,
    delay: float | None = None,
    description: str = "",
    citation: str = "",
    register: bool = False,
) -> System:
    """A user-defined system with every feature of the catalog's.

    ``rhs(t, y, p, out)`` (maps: ``step(y, p, out)``; delay equations:
    ``rhs(t, y, y_delayed, p, out)`` with the delay time ``delay``) is written in numba's
    subset of Python; ``p`` holds the parameter values in the order of
    ``params``. A flow whose right-hand side numba cannot compile still
    integrates, through :func:`scipy.integrate.solve_ivp` member by member,
    but without dynamical noise, parallel ensembles or the compiled
    Lyapunov spectrum. ``register=True`` adds it to the catalog under ``name``.

    >>> import tsdyn.systems as ts
    >>> def decay(t, y, p, out):
    ...     out[0] = -p[0] * y[0]
    >>> s = ts.define(decay, params={"k": 0.5}, ic=[2.0])
    >>> round(float(s.integrate(n=2, dt=2.0)[-1, 0]), 6)
    0.735759
    """
    from tsdyn.systems import base
    from tsdyn.systems.system import user_spec

    check_choice(kind, "kind", KINDS)
    if kind == "map" and jac is not None and _n_args(jac) != 3:
        raise InputError("a map's Jacobian is jac(y, p, out), without the time argument")
    if kind == "sde" and noise is None:
        raise InputError("an SDE needs its diffusion: pass noise=g(t, y, p, out)")
    if kind == "delay" and not (delay is not None and delay > 0):
        raise InputError(f"a delay equation needs its delay time > 0: pass delay=..., got {delay!r}")
    spec = user_spec(
        rhs, kind=kind, params=params, ic=ic, name=name or getattr(rhs, "__name__", "user_system"), jac=jac,
        noise=noise, period=period, dt=dt, delay=delay, description=description, citation=citation,
    )  # fmt: skip
    if register:
        base.register(spec)
    return System(spec)


def _n_args(func) -> int:
    import inspect

    return len(inspect.signature(getattr(func, "py_func", func)).parameters)
