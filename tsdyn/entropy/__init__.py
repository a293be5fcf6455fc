"""Entropies that are not ordinal: sample, approximate and multiscale sample entropy, Lempel-Ziv.

Functions load their module on first use, so ``import tsdyn.entropy``
compiles nothing (numba kernels compile, or load from the cache, on first
call). Every result is named ``entropy`` (``lempel_ziv`` for the Lempel-Ziv
complexity); the ordinal entropies live in :mod:`tsdyn.ordinal`.

>>> import numpy as np
>>> import tsdyn.entropy as te
>>> round(te.sample_entropy(np.sin(np.arange(300) / 5.0)), 4)
0.2344
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "sample_entropy": "templates",
        "approximate_entropy": "templates",
        "fuzzy_entropy": "fuzzy",
        "multiscale_sample_entropy": "templates",
        "lempel_ziv": "symbolic",
        "rolling_sample_entropy": "rolling",
    },
)
