"""tsdyn: chaos and early-warning-signal analysis on one xarray data model.

Submodules load on first attribute access, so ``import tsdyn`` stays cheap:
nothing is compiled and neither dask nor matplotlib is imported.

>>> import tsdyn
>>> isinstance(tsdyn.__version__, str)
True
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "data",
    "errors",
    "rng",
    "surrogates",
    "ordinal",
    "ews",
    "systems",
    "forecast",
    "chaos",
    "plot",
    "io",
    "cli",
}

__all__ = ["__version__", "analyze_files", *sorted(_SUBMODULES)]


def __getattr__(name: str):
    if name == "analyze_files":
        from tsdyn.io.batch import analyze_files

        return analyze_files
    if name in _SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'tsdyn' has no attribute {name!r}")


def __dir__():
    return __all__
