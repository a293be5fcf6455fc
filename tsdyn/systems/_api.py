"""The catalog's front door: list, get and define systems (re-exported by :mod:`tsdyn.systems`).

>>> from tsdyn.systems._api import get
>>> get("Lorenz").kind
'flow'
"""

from __future__ import annotations

import builtins
import difflib
import inspect
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from tsdyn.errors import InputError, check_choice
from tsdyn.systems import base, catalog
from tsdyn.systems._kinds import KIND_TABLE
from tsdyn.systems._request import float_array
from tsdyn.systems.base import KINDS
from tsdyn.systems.system import System, user_spec

__all__ = ["define", "get", "list"]


def list(kind: str | None = None, *, chaotic: bool | None = None) -> builtins.list[str]:
    """Names of the catalog's systems, sorted.

    Parameters
    ----------
    kind : {"flow", "map", "delay", "sde"}, optional
        Keep only flows, maps, delay equations or SDEs.
    chaotic : bool, optional
        Keep only the systems that are (``True``) or are not (``False``)
        chaotic at their default parameters (:attr:`System.chaotic`).

    Returns
    -------
    list of str
        The names, sorted; each one is a :func:`get` away.

    See Also
    --------
    get : One system by name.
    define : A system of your own.

    Examples
    --------
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

    A name differing only in case is accepted; an unknown one is refused with
    the closest names.

    Parameters
    ----------
    name : str
        A name of :func:`list`.
    **params : float
        Parameter values replacing the published ones, by name.

    Returns
    -------
    System

    Raises
    ------
    InputError
        For an unknown name or parameter.

    See Also
    --------
    list : The names.
    define : A system of your own.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> ts.get("Lorenz", rho=99.96).params["rho"]
    99.96
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
    delay_time: float | None = None,
    description: str = "",
    citation: str = "",
    register: bool = False,
) -> System:
    """A user-defined system with every feature of the catalog's.

    ``rhs(t, y, p, out)`` (maps: ``step(y, p, out)``; delay equations:
    ``rhs(t, y, y_delayed, p, out)`` with the delay time ``delay_time``) is written in numba's
    subset of Python; ``p`` holds the parameter values in the order of
    ``params``. A flow whose right-hand side numba cannot compile still
    integrates, through :func:`scipy.integrate.solve_ivp` member by member,
    but without dynamical noise, parallel ensembles or the compiled
    Lyapunov spectrum. ``register=True`` adds it to the catalog under ``name``.

    Parameters
    ----------
    rhs : callable
        The right-hand side (or a map's step), as above.
    params : mapping of str to float
        Parameter names and default values, in the order ``p`` holds them.
    ic : sequence of float
        Default initial condition: one value per state variable.
    kind : {"flow", "map", "delay", "sde"}
        What ``rhs`` defines.
    name : str, optional
        Name of the system (default: the function's name).
    jac : callable, optional
        Jacobian ``jac(t, y, p, out)`` (maps: ``jac(y, p, out)``), ``out`` a
        ``(dim, dim)`` array; without it the Lyapunov spectrum uses finite
        differences.
    noise : callable, optional
        An SDE's diffusion ``noise(t, y, p, out)`` (required for ``kind="sde"``).
    period : float, optional
        Dominant period, in time units.
    dt : float, optional
        Suggested sampling step.
    delay_time : float, optional
        A delay equation's delay (required for ``kind="delay"``).
    description, citation : str
        One-line description and the source of the equations.
    register : bool
        Add the system to the catalog under ``name`` (then :func:`get` finds it).

    Returns
    -------
    System

    Raises
    ------
    InputError
        For a wrong signature, a missing ``noise`` or ``delay_time``, or an
        ``ic`` shorter than the state ``rhs`` reads.

    See Also
    --------
    get : A system of the catalog.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> def decay(t, y, p, out):
    ...     out[0] = -p[0] * y[0]
    >>> s = ts.define(decay, params={"k": 0.5}, ic=[2.0])
    >>> round(float(s.integrate(n=2, dt=2.0)[-1, 0]), 6)
    0.735759
    """
    check_choice(kind, "kind", KINDS)
    behaviour = KIND_TABLE[kind]
    if behaviour.noise == "own" and noise is None:
        raise InputError("an SDE needs its diffusion: pass noise=g(t, y, p, out)")
    if behaviour.history and not (delay_time is not None and delay_time > 0):
        raise InputError(
            f"a delay equation needs its delay time > 0: pass delay_time=..., got {delay_time!r}"
        )
    for role, func in {"rhs": rhs, "jac": jac, "noise": noise}.items():
        if func is not None or role == "rhs":
            _check_signature(func, role, kind, behaviour.compile_as[role])
    y0 = float_array(ic, "ic")
    if y0.ndim != 1 or y0.size == 0 or not np.isfinite(y0).all():
        raise InputError(f"ic must be a non-empty list of finite numbers, one per state variable; got {ic!r}")
    if not isinstance(params, Mapping):
        raise InputError(f"params must be a mapping of parameter names to numbers, got {params!r}")
    _trial_call(rhs, kind, y0, float_array([*params.values()], "params"))
    spec = user_spec(
        rhs, kind=kind, params=params, ic=y0, name=name or str(getattr(rhs, "__name__", "user_system")), jac=jac,
        noise=noise, period=period, dt=dt, delay=delay_time, description=description, citation=citation,
    )  # fmt: skip
    if register:
        base.register(spec)
    return System(spec)


#: The arguments numba compiles each kind of function with (tsdyn.systems._integrate.SIGNATURES).
_ARGUMENTS = {
    "rhs": "t, y, p, out",
    "map": "y, p, out",
    "delay": "t, y, y_delayed, p, out",
    "jac": "t, y, p, out",
    "mapjac": "y, p, out",
}


def _check_signature(func, role: str, kind: str, compiled_as: str) -> None:
    """InputError unless ``func`` can be called with the arguments its kind passes (checked at define()).

    Without this a wrong signature surfaced as a TypeError deep inside the first integrate().
    """
    names = _ARGUMENTS[compiled_as].split(", ")
    form = f"{role}({_ARGUMENTS[compiled_as]})"
    if not callable(func):
        raise InputError(f"a {kind}'s {role} must be a function {form}, got {func!r}")
    try:
        signature = inspect.signature(getattr(func, "py_func", func))
    except (TypeError, ValueError):  # a callable without a Python signature: numba judges it when compiling
        return
    try:
        signature.bind(*names)
    except TypeError:
        name = getattr(func, "__name__", role)
        raise InputError(
            f"a {kind}'s {role} is called as {form}, but {name}{signature} does not take those "
            f"{len(names)} arguments"
        ) from None


def _trial_call(rhs, kind: str, y0: np.ndarray, p: np.ndarray) -> None:
    """Call a plain-Python ``rhs`` once at the initial condition: an ``ic`` shorter than the state the
    function reads shows up here, as an index error, and not in the middle of a compiled integration."""
    py = getattr(rhs, "py_func", rhs)
    if not inspect.isfunction(py):
        return
    y, out = y0.copy(), np.zeros_like(y0)
    args = {"map": (y, p, out), "delay": (0.0, y, y.copy(), p, out)}.get(kind, (0.0, y, p, out))
    try:
        with np.errstate(all="ignore"):
            py(*args)
    except Exception as err:
        if isinstance(err, IndexError) or isinstance(err, ValueError) and "unpack" in str(err):
            raise InputError(
                f"{getattr(py, '__name__', 'rhs')} failed when called with ic ({y0.size} values) and "
                f"params ({p.size} values): {err}; is ic as long as the state the function reads and writes?"
            ) from None
        # any other complaint is numba's to report when it compiles the function
