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

from tsdyn.systems._api import define, get, list
from tsdyn.systems._precompile import precompile
from tsdyn.systems.lyapunov import LyapunovResult, kaplan_yorke, lyapunov_spectrum
from tsdyn.systems.system import System

__all__ = [
    "LyapunovResult",
    "System",
    "define",
    "euler_maruyama",
    "get",
    "kaplan_yorke",
    "list",
    "lyapunov_spectrum",
    "precompile",
]


def __getattr__(name: str):
    # The low-level SDE solver, for callers with their own drift and diffusion; loaded on
    # first access so that importing tsdyn.systems does not import numba.
    if name == "euler_maruyama":
        from tsdyn.systems._integrate import euler_maruyama

        return euler_maruyama
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
