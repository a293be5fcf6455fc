"""Ordinal patterns: permutation entropy and its relatives, complexity, the C-H plane.

Functions load their module on first use, so ``import tsdyn.ordinal`` compiles
nothing (numba kernels compile, or load from the cache, on first call).

>>> import tsdyn.ordinal as to
>>> round(to.permutation_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0]), 6)
0.918296
"""

import importlib

_API = {
    "n_patterns": "patterns",
    "ordinal_distribution": "patterns",
    "ordinal_sequence": "patterns",
    "pattern_table": "patterns",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        value = getattr(importlib.import_module(f"{__name__}.{_API[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tsdyn.ordinal' has no attribute {name!r}")


def __dir__():
    return __all__
