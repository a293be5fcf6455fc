"""What the engine does with each kind of system, in one table.

Flows, maps, delay equations and SDEs differ in how their functions are
called and compiled, how they are sampled, which scheme integrates them,
which options apply and how their Lyapunov exponents are found. Each row of
:data:`KIND_TABLE` says it once; the engine (:class:`~tsdyn.systems.System`,
the validated ensembles, the Lyapunov spectra, :func:`tsdyn.systems.define`,
:func:`tsdyn.systems.precompile`) asks the row instead of testing the kind's
name. A new kind is a new row here, its name in
:data:`tsdyn.systems.base.KINDS` and a decorator in :mod:`tsdyn.systems.base`.

>>> KIND_TABLE["map"].iterated, KIND_TABLE["flow"].scheme.name
(True, 'dop853')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tsdyn.systems import _solve, lyapunov

__all__ = ["KIND_TABLE", "SCHEMES", "Kind"]


@dataclass(frozen=True)
class Kind:
    """The engine's behaviour for one kind of system."""

    #: The kind's name (``Spec.kind``).
    name: str
    #: Discrete time: sampled at every iteration (``n`` only, no ``dt``), time counted in iterations.
    iterated: bool
    #: Its functions take the time first, ``f(t, y, p, out)``; otherwise ``f(y, p, out)``.
    timed: bool
    #: Signature (a :func:`~tsdyn.systems._integrate.compile_rhs` kind) of its ``rhs``, ``jac`` and ``noise``.
    compile_as: Mapping[str, str]
    #: How :meth:`~tsdyn.systems.System.integrate` runs it without dynamical noise.
    scheme: _solve.Scheme
    #: Dynamical noise: ``"never"``, ``"optional"`` (the run becomes an Itô SDE) or ``"own"`` (its diffusion).
    noise: str
    #: Its right-hand side reads the state one delay ago, and integration takes a ``history``.
    history: bool
    #: Its Lyapunov exponents (``lyapunov_spectrum``'s keywords), or None where they are not computed.
    lyapunov: Callable | None
    #: Validated ensembles (:meth:`~tsdyn.systems.System.validated_ensemble`) apply.
    ensembles: bool
    #: Its default parameters may give a chaotic attractor (:attr:`~tsdyn.systems.System.chaotic`).
    may_be_chaotic: bool


KIND_TABLE: dict[str, Kind] = {
    "flow": Kind(
        name="flow", iterated=False, timed=True, compile_as={"rhs": "rhs", "jac": "jac", "noise": "rhs"},
        scheme=_solve.ODE, noise="optional", history=False, lyapunov=lyapunov.qr_spectrum, ensembles=True,
        may_be_chaotic=True,
    ),
    "map": Kind(
        name="map", iterated=True, timed=False, compile_as={"rhs": "map", "jac": "mapjac", "noise": "rhs"},
        scheme=_solve.MAP, noise="never", history=False, lyapunov=lyapunov.qr_spectrum, ensembles=True,
        may_be_chaotic=True,
    ),
    "delay": Kind(
        name="delay", iterated=False, timed=True, compile_as={"rhs": "delay", "jac": "jac", "noise": "rhs"},
        scheme=_solve.DDE, noise="never", history=True, lyapunov=lyapunov.two_trajectories, ensembles=False,
        may_be_chaotic=True,
    ),
    "sde": Kind(
        name="sde", iterated=False, timed=True, compile_as={"rhs": "rhs", "jac": "jac", "noise": "rhs"},
        scheme=_solve.EULER_MARUYAMA, noise="own", history=False, lyapunov=None, ensembles=False,
        may_be_chaotic=False,
    ),
}  # fmt: skip

#: Every scheme a kind runs on by name, dynamical noise's included (``tsdyn.systems.precompile``'s labels).
SCHEMES: dict[str, _solve.Scheme] = {
    s.name: s for s in (*(kind.scheme for kind in KIND_TABLE.values()), _solve.EULER_MARUYAMA)
}
