"""The qualified public name of a function, as results record it in ``attrs["tsdyn_function"]``.

Derived from the function object, never typed by hand: its module mapped to
the shallowest public package that exports it.

>>> from tsdyn.ordinal.entropy import permutation_entropy
>>> public_name(permutation_entropy)
'tsdyn.ordinal.permutation_entropy'
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

__all__ = ["public_name"]


@functools.cache
def public_name(func: Callable) -> str:
    """``package.name`` of ``func`` in the shallowest ``tsdyn`` package whose ``__all__`` lists it.

    ``tsdyn.ews.api.analyze`` is exported by ``tsdyn.ews`` and is recorded as
    ``"tsdyn.ews.analyze"``; a function no package re-exports keeps its module
    (``"tsdyn.surrogates.surrogates"``).
    """
    module, name = func.__module__, func.__qualname__
    parts = module.split(".")
    # from tsdyn.<engine> down to the defining module; tsdyn itself only exports submodules
    for depth in range(2, len(parts) + 1):
        package = ".".join(parts[:depth])
        if name in getattr(sys.modules.get(package), "__all__", ()):
            return f"{package}.{name}"
    return f"{module}.{name}"
