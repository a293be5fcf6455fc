"""The catalog: every published system's equations and metadata, and nothing else.

Each module of this package registers its systems with the decorators of
:mod:`tsdyn.systems.base` when imported; the engine (solvers, :class:`System`,
Lyapunov spectra) lives beside this package in :mod:`tsdyn.systems` and never
needs to know the modules' names: :func:`load` imports whatever is here.

>>> from tsdyn.systems import catalog
>>> "Lorenz" in catalog.load()
True
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from tsdyn.systems.base import Spec, registry

__all__ = ["load"]


@functools.cache
def _import_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def load() -> dict[str, Spec]:
    """The registered systems by name, after importing every catalog module (once)."""
    _import_all()
    return registry()
