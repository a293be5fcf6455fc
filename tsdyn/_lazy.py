"""Lazy exports for package ``__init__`` modules: names load their module on first access.

Every package of tsdyn declares its public names in one table, ``{name:
submodule}``, and gets ``__getattr__``, ``__dir__`` and ``__all__`` from
:func:`lazy_exports`; importing the package then imports none of its
submodules (no numba, dask or matplotlib at import time), and the first
access of a name imports its submodule once and keeps the value in the
package's namespace.

>>> getattr_, dir_, all_ = lazy_exports("tsdyn", {"seed_for_key": "rng"}, submodules=("errors",))
>>> all_
['errors', 'seed_for_key']
>>> getattr_("seed_for_key").__module__
'tsdyn.rng'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, exports: Mapping[str, str], *, submodules: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` of the package ``package``.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to str
        Public name -> the submodule (relative to ``package``, dotted for
        deeper ones) that defines it under the same name.
    submodules : iterable of str
        Submodules that are themselves public attributes (``tsdyn.ordinal``).

    Returns
    -------
    tuple
        ``(__getattr__, __dir__, __all__)``, to assign at the package's top level.
    """
    exports = dict(exports)
    submodules = tuple(submodules)
    names = sorted({*exports, *submodules})

    def __getattr__(name: str) -> Any:
        if name in exports:
            value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        elif name in submodules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        # later accesses find it in the namespace and never come back here
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*names, *vars(sys.modules[package])})

    return __getattr__, __dir__, names
