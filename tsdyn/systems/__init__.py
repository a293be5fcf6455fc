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

from tsdyn._lazy import lazy_exports
from tsdyn.systems._api import define, get, list
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
        "basin_entropy": "basins",
        "basins_of_attraction": "basins",
        "continuation": "branches",
        "cycle_continuation": "periodic_orbits",
        "fixed_points": "equilibria",
        "locate_bifurcation": "bifurcations",
        "orbit_diagram": "bifurcations",
        "period_doubling": "bifurcations",
        "periodic_orbit": "periodic_orbits",
        "poincare_section": "sections",
        "return_map": "sections",
        "precompile": "_precompile",
    },
)
__all__ = ["System", "define", "get", "list", *_lazy]
