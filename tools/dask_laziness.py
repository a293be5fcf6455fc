"""List the public series functions that compute dask input when called.

The data model keeps dask input lazy (docs/data-model.md); the functions that cannot are
listed there. This finds them: every public function of the analysis engines is called
with its defaults on a chunked series (a 1-D one and a ``(site, time)`` one), under a dask
callback that counts the computations started during the call. A function that refuses
the input at its defaults is skipped. Prints each function that computed, how many times,
and whether its answer is still dask-backed. Run from the repository root (about two
minutes)::

    python tools/dask_laziness.py
"""

from __future__ import annotations

import importlib
import inspect
import warnings

import numpy as np
import xarray as xr
from dask.callbacks import Callback

MODULES = (
    "tsdyn.chaos",
    "tsdyn.entropy",
    "tsdyn.fractal",
    "tsdyn.ordinal",
    "tsdyn.recurrence",
    "tsdyn.ews",
    "tsdyn.surrogates",
    "tsdyn.forecast",
)


class Count(Callback):
    """Counts the dask computations started while it is active."""

    def __init__(self):
        super().__init__()
        self.n = 0

    def _start(self, dsk):
        self.n += 1


def inputs() -> dict[str, xr.DataArray]:
    rng = np.random.default_rng(0)
    time = np.arange(1500) * 0.1
    one = xr.DataArray(rng.standard_normal(1500).cumsum(), dims="time", coords={"time": time})
    two = xr.DataArray(
        rng.standard_normal((2, 1500)).cumsum(axis=1), dims=("site", "time"), coords={"time": time}
    )
    return {"1-D": one.chunk({"time": 500}), "(site, time)": two.chunk({"site": 1})}


def is_lazy(result) -> bool | None:
    if isinstance(result, xr.Dataset):
        return any(v.chunks is not None for v in result.data_vars.values())
    if isinstance(result, xr.DataArray):
        return result.chunks is not None
    return None  # not an xarray answer


def main() -> None:
    warnings.filterwarnings("ignore")
    series = inputs()
    for path in MODULES:
        module = importlib.import_module(path)
        for name in getattr(module, "__all__", ()):
            function = getattr(module, name)
            if not inspect.isfunction(function):
                continue
            for label, x in series.items():
                count = Count()
                try:
                    with count:
                        result = function(x)
                except Exception:  # refused at its defaults (needs arguments, or one series)
                    continue
                if count.n:
                    lazy = is_lazy(result)
                    answer = type(result).__name__ + ("" if lazy is None else f", dask-backed: {lazy}")
                    print(f"{path}.{name} on {label}: {count.n} computation(s); answer {answer}")


if __name__ == "__main__":
    main()
