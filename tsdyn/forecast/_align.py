"""Reading two or three inputs (truth, forecast, training series) in one layout.

:func:`tsdyn.data.apply_along_time` takes one input; the metrics and
forecasters take several, so they read the first with its family and the
others in its layout, then hand one derived array to ``apply_along_time``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn.data import as_series, series_and_family
from tsdyn.errors import InputError, check_finite, check_numeric


def read(x, *, dim: str, name: str):
    """``x`` as a checked DataArray (real, finite numbers) and its family."""
    da, family = series_and_family(x, dim=dim, name=name)
    check(da, name=name)
    return da, family


def check(da: xr.DataArray, *, name: str) -> None:
    """Refuse non-numeric and (for in-memory data) non-finite values, naming where."""
    check_numeric(da, name=name)
    if da.chunks is None:
        check_finite(da, name=name)


def pair(y_true, y_pred, *, dim: str):
    """Both inputs as DataArrays in ``y_true``'s layout, plus ``y_true``'s family."""
    t, family = read(y_true, dim=dim, name="y_true")
    p = like(y_pred, t, dim=dim, name="y_pred", same_time=True)
    check(p, name="y_pred")
    return t, p, family


def like(x, t: xr.DataArray, *, dim: str, name: str, same_time: bool, ref: str = "y_true") -> xr.DataArray:
    """``x`` as a DataArray with the dims of ``t``, its values checked against ``t``'s labels.

    ``t`` (called ``ref`` in messages) may lack ``dim`` (a per-series scale);
    labelled inputs are matched by dimension name, plain arrays are read in
    ``t``'s layout. ``same_time=False`` lets the length along ``dim`` differ.
    Where both have labels they must be equal; the result keeps none but
    its own ``dim`` labels when ``same_time=False``, so arithmetic with
    ``t`` takes ``t``'s.
    """
    if isinstance(x, xr.DataArray | xr.Dataset | pd.Series | pd.DataFrame):
        other = as_series(x, dim=dim, name=name) if dim in t.dims else _per_series(x, name)
        if set(other.dims) != set(t.dims):
            raise InputError(f"{name} has dimensions {other.dims} but {ref} has {t.dims}; they must match")
        other = other.transpose(*t.dims)
    else:
        try:
            values = np.asarray(x)
        except (ValueError, TypeError) as err:
            raise InputError(f"{name} cannot be read as an array: {err}") from None
        if values.ndim != t.ndim:
            raise InputError(
                f"{name} is a {values.ndim}-d array but {ref} has {t.ndim} dimension(s) {t.dims}; "
                f"a plain array is read in {ref}'s layout"
            )
        other = xr.DataArray(values, dims=t.dims)
    for d in t.dims:
        if d == dim and not same_time:
            continue
        if other.sizes[d] != t.sizes[d]:
            raise InputError(f"{name} has {other.sizes[d]} samples along {d!r} but {ref} has {t.sizes[d]}")
        if d in t.coords and d in other.coords and not np.array_equal(t[d].values, other[d].values):
            raise InputError(f"{name} and {ref} have different {d!r} coordinates; align them first")
    # Coordinates that must agree were checked: drop them (t carries them), which spares xarray
    # re-indexing; a context keeps its own time labels, the forecast continues them.
    checked = [d for d in t.dims if same_time or d != dim]
    return other.drop_vars([c for c in other.coords if c in checked or c not in other.dims])


def _per_series(x, name: str) -> xr.DataArray:
    """A labelled per-series value (no time dimension) as a DataArray."""
    if isinstance(x, xr.Dataset):
        return x.to_dataarray(dim="variable")
    if isinstance(x, pd.Series):
        return xr.DataArray(
            x.to_numpy(), dims=("variable",), coords={"variable": np.asarray(x.index, dtype=object)}
        )
    if isinstance(x, pd.DataFrame):
        raise InputError(f"{name} must hold one value per series (a Series by column), not a DataFrame")
    return x
