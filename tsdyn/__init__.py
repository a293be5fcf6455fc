"""tsdyn: chaos and early-warning-signal analysis on one xarray data model.

Submodules load on first attribute access, so ``import tsdyn`` stays cheap:
nothing is compiled and neither dask nor matplotlib is imported.

>>> import tsdyn
>>> isinstance(tsdyn.__version__, str)
True
"""

from tsdyn._lazy import lazy_exports

__version__ = "0.1.0"

__getattr__, __dir__, _names = lazy_exports(
    __name__,
    {"analyze_files": "io.batch"},
    submodules=(
        "chaos", "cli", "data", "entropy", "errors", "ews", "forecast", "fractal", "io", "ordinal", "plot",
        "recurrence", "rng",
        "surrogates", "systems",
    ),
)  # fmt: skip
__all__ = ["__version__", *_names]
