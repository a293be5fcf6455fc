"""Type aliases of the public API, for annotations only.

Every analysis function reads a :data:`SeriesLike` (numpy input has time on
its last axis) and answers in the caller's family: a float or numpy array for
array-likes, a pandas object for pandas, an xarray object for xarray. Which of
these comes back depends on the input and on the function's reduction, so the
result is typed :data:`SeriesResult` (``Any``) and each docstring's Returns
section says which. A :data:`TimePoint` is a position on the time axis: a
number, or for a datetime axis anything :class:`pandas.Timestamp` reads. The
aliases are strings: nothing is imported at run time.

>>> from tsdyn._typing import SeriesLike
>>> "xr.DataArray" in SeriesLike
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import datetime

    import numpy as np
    import pandas as pd
    import xarray as xr
    from numpy.typing import ArrayLike

__all__ = ["SeriesLike", "SeriesResult", "TimePoint"]

SeriesLike: TypeAlias = "ArrayLike | pd.Series | pd.DataFrame | xr.DataArray | xr.Dataset"
SeriesResult: TypeAlias = Any
TimePoint: TypeAlias = "float | str | datetime.datetime | np.datetime64 | pd.Timestamp"
