"""Input checks shared by the early-warning functions.

Time must be regularly spaced (rolling windows count samples), a transition
time must lie inside the series, and NaN follow an explicit policy.

*Regular* means equal steps, or, for datetimes, any calendar frequency pandas
recognises (:func:`pandas.infer_freq`): monthly (``"MS"``, ``"ME"``),
quarterly, yearly and business-day series have unequal steps in seconds but
one sample per calendar period, which is what a rolling window counts. Other
spacing is an error unless ``resample="linear"`` asks to interpolate onto a
regular grid: the calendar grid of the data when one holds every time stamp
(a monthly series with missing months gets them back), else a grid of the
median step. NaN policies:

- ``"raise"`` (default): refuse NaN and say where the first one is;
- ``"interpolate"``: fill interior gaps linearly (leading/trailing NaN stay
  and are then skipped);
- ``"omit"``: keep the gaps; the detrending ignores missing points and every
  rolling window that holds a NaN gives NaN.

(The subset of :data:`tsdyn.errors.NAN_POLICIES` the EWS engine accepts.)
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._typing import SeriesLike, TimePoint
from tsdyn.data import as_array, as_series, is_labelled, numpy_dims
from tsdyn.errors import InputError, check_choice, check_nan_policy, check_time_coordinate, locate

NAN_POLICIES = ("raise", "interpolate", "omit")


@dataclass(frozen=True)
class Prepared:
    x: object  # what the engine hands to apply_along_time
    n_use: int  # samples up to (and including) the transition
    time: np.ndarray  # time coordinate (sample index when there is none)
    nan_policy: str  # the policy for apply_along_time ("raise" or "propagate")


def prepare(
    x: SeriesLike,
    *,
    dim: str,
    transition: TimePoint | None = None,
    nan_policy: str = "raise",
    resample: str | None = None,
    check_constant: bool = True,
    name: str = "x",
) -> Prepared:
    """Check ``x`` and locate the transition; resample irregular time when asked."""
    check_nan_policy(nan_policy, NAN_POLICIES)
    if resample is not None:
        check_choice(resample, "resample", ("linear",))
    da = as_series(x, dim=dim, name=name)
    if da.sizes[dim] == 0:
        raise InputError(f"{name} is empty along '{dim}'")
    has_time = dim in da.coords
    time = da.coords[dim].values if has_time else np.arange(da.sizes[dim])
    if has_time and time.dtype.kind in "Mmiuf" and time.size > 2:
        irregular = _irregular_at(time)
        if irregular is not None:
            if resample is None:
                raise InputError(
                    f"{name} has irregular time spacing along '{dim}' (first at {dim} index {irregular}: "
                    f"step {_step_text(time, irregular)} vs the usual {_step_text(time, None)}); rolling "
                    "windows count samples, so pass resample='linear' to interpolate onto a regular grid"
                )
            da = _resample(da, dim=dim)
            x = da
            time = da.coords[dim].values
    n_use = da.sizes[dim] if transition is None else _transition_index(time, transition, dim=dim, name=name)
    if check_constant and da.chunks is None and da.dtype.kind in "biuf":
        check_not_constant(da, dim=dim, n_use=n_use, name=name)
    apply_policy = "raise" if nan_policy == "raise" else "propagate"
    return Prepared(x=x, n_use=n_use, time=time, nan_policy=apply_policy)


def _irregular_at(time: np.ndarray) -> int | None:
    if time.dtype.kind == "M" and _calendar_frequency(time) is not None:
        return None
    t = time.astype("datetime64[ns]").astype(np.int64) if time.dtype.kind == "M" else time.astype(np.float64)
    steps = np.diff(t).astype(np.float64)
    typical = np.median(steps)
    bad = np.abs(steps - typical) > 1e-6 * abs(typical)
    return int(np.argmax(bad)) if bad.any() else None


def _calendar_frequency(time: np.ndarray) -> str | None:
    """The pandas frequency alias of a datetime axis (e.g. "MS", "YS-JAN", "B"), or None."""
    try:
        with _offset_inference():
            freq = pd.infer_freq(pd.DatetimeIndex(time))
    except (TypeError, ValueError):  # too short, or not monotonic: no calendar frequency
        return None
    # pandas 3 returns (or warns that it will return) an offset object instead of the alias
    return getattr(freq, "freqstr", freq)


def _offset_inference():
    """Ask pandas >= 3 for offsets from infer_freq (no deprecation warning); a no-op on pandas 2."""
    try:
        pd.get_option("future.infer_freq_returns_offset")
    except (KeyError, pd.errors.OptionError):
        return contextlib.nullcontext()
    return pd.option_context("future.infer_freq_returns_offset", True)


def _calendar_grid(time: np.ndarray) -> np.ndarray | None:
    """A calendar grid (e.g. every month start) holding every time stamp, if the pieces show one.

    A monthly series with missing months has no frequency as a whole, but short runs
    of it do: the commonest frequency of a few runs of 5 samples is tried, and used
    when every time stamp lies on its grid (the gaps are then filled, nothing moves).
    """
    idx = pd.DatetimeIndex(time)
    starts = np.unique(np.linspace(0, max(len(idx) - 5, 0), num=25).astype(int))
    found = [_calendar_frequency(time[i : i + 5]) for i in starts]
    aliases, counts = np.unique([f for f in found if f is not None], return_counts=True)
    for alias in aliases[np.argsort(-counts, kind="stable")]:
        grid = pd.date_range(idx[0], idx[-1], freq=str(alias))
        if idx.isin(grid).all():
            return grid.values
    return None


def _step_text(time: np.ndarray, i: int | None) -> str:
    steps = np.diff(time)
    step = np.median(steps.astype(np.float64)).astype(steps.dtype) if i is None else steps[i]
    if isinstance(step, np.timedelta64):
        return str(pd.Timedelta(step))
    return f"{float(step):g}"


def _resample(da: xr.DataArray, *, dim: str) -> xr.DataArray:
    time = da.coords[dim].values
    if time.dtype.kind == "M":
        # one unit for data and grid: pandas 3 makes microsecond stamps, and xarray's
        # interpolation between different datetime units gives NaN
        time = time.astype("datetime64[ns]")
        da = da.assign_coords({dim: time})
        grid = _calendar_grid(time)
        if grid is not None:
            grid = grid.astype("datetime64[ns]")
        else:
            t = time.astype("datetime64[ns]").astype(np.int64)
            step: float = int(np.median(np.diff(t)))
            grid = np.arange(t[0], t[-1] + 1, step).astype("datetime64[ns]")
    else:
        t = time.astype(np.float64)
        step = float(np.median(np.diff(t)))
        grid = t[0] + step * np.arange(int(np.floor((t[-1] - t[0]) / step + 1e-9)) + 1)
    out = da.interp({dim: grid}, method="linear")
    out.attrs = {**da.attrs, "resampled": "linear", "resample_step": str(np.diff(grid[:2])[0])}
    return out


def _transition_index(time: np.ndarray, transition, *, dim: str, name: str) -> int:
    if time.dtype.kind == "M":
        try:
            value: np.datetime64 | float = np.datetime64(pd.Timestamp(transition).tz_localize(None), "ns")
        except (ValueError, TypeError):
            raise InputError(
                f"transition must be a date/time for a datetime '{dim}', got {transition!r}"
            ) from None
        t = time.astype("datetime64[ns]")
    else:
        if isinstance(transition, bool) or not isinstance(transition, int | float | np.integer | np.floating):
            raise InputError(f"transition must be a number on the '{dim}' axis, got {transition!r}")
        value = float(transition)
        t = time.astype(np.float64)
    if value < t[0] or value > t[-1]:
        raise InputError(
            f"transition {transition!r} is outside the series: '{dim}' runs from {t[0]} to {t[-1]}"
        )
    return int(np.searchsorted(t, value, side="right"))


def check_not_constant(da: xr.DataArray, *, dim: str, n_use: int, name: str) -> None:
    """Refuse a series constant over its first ``n_use`` samples, naming it (and the transition)."""
    values = np.moveaxis(np.asarray(da.values, dtype=np.float64), da.get_axis_num(dim), -1)[..., :n_use]
    flat = values.reshape(-1, values.shape[-1])
    valid = ~np.isnan(flat)
    if not valid.any():
        raise InputError(f"{name} is all NaN")
    empty = ~valid.any(axis=1)
    if empty.any():
        raise InputError(f"{name} is all NaN in series {_series_label(da, dim, int(np.argmax(empty)))}")
    lo = np.nanmin(flat, axis=1)
    hi = np.nanmax(flat, axis=1)
    constant = lo == hi
    if constant.any():
        r = int(np.argmax(constant))
        span = "" if n_use >= da.sizes[dim] else f" over its {n_use} sample(s) before the transition"
        raise InputError(
            f"{name} is constant ({lo[r]:g}){span} in series {_series_label(da, dim, r)}: "
            "its variance is zero, so no early-warning indicator is defined"
        )


def _series_label(da: xr.DataArray, dim: str, r: int) -> str:
    others = [d for d in da.dims if d != dim]
    if not others:
        return "0 (the only series)"
    sub = da.transpose(*others, dim).isel({dim: 0})
    return locate(sub, r)


def fill_gaps(a: np.ndarray) -> np.ndarray:
    """Linear interpolation over interior NaN gaps of each row (edges stay NaN)."""
    out = a.copy()
    idx = np.arange(a.shape[1])
    for r in range(a.shape[0]):
        nan = np.isnan(a[r])
        if nan.any() and not nan.all():
            good = ~nan
            first, last = np.argmax(good), len(good) - 1 - np.argmax(good[::-1])
            inner = nan & (idx > first) & (idx < last)
            out[r, inner] = np.interp(idx[inner], idx[good], a[r, good])
    return out


def time_range(
    time: np.ndarray,
    *,
    tmin: TimePoint | None = None,
    tmax: TimePoint | None = None,
    n_use: int | None = None,
    dim: str = "time",
) -> tuple[int, int]:
    """Sample range ``[lo, hi)`` of ``tmin <= t <= tmax`` (either may be None), capped at ``n_use``."""
    hi_cap = len(time) if n_use is None else n_use
    lo, hi = 0, hi_cap
    if tmin is not None:
        lo = _bound_index(time, tmin, "tmin", dim=dim, side="left")
    if tmax is not None:
        hi = min(_bound_index(time, tmax, "tmax", dim=dim, side="right"), hi_cap)
    if hi - lo < 2:
        raise InputError(
            f"tmin={tmin!r}, tmax={tmax!r} leave {max(hi - lo, 0)} sample(s) before the end/transition; "
            "a trend needs at least 2"
        )
    return lo, hi


def _bound_index(time: np.ndarray, value, what: str, *, dim: str, side: Literal["left", "right"]) -> int:
    if time.dtype.kind == "M":
        try:
            v: np.datetime64 | float = np.datetime64(pd.Timestamp(value).tz_localize(None), "ns")
        except (ValueError, TypeError):
            raise InputError(f"{what} must be a date/time for a datetime '{dim}', got {value!r}") from None
        t = time.astype("datetime64[ns]")
    else:
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise InputError(f"{what} must be a number on the '{dim}' axis, got {value!r}")
        v = float(value)
        t = time.astype(np.float64)
    if v < t[0] or v > t[-1]:
        raise InputError(f"{what} {value!r} is outside the series: '{dim}' runs from {t[0]} to {t[-1]}")
    return int(np.searchsorted(t, v, side=side))


def whole_series(x: SeriesLike, *, dim: str = "time", name: str = "x", min_length: int = 3):
    """One series as ``(values, time, DataArray)``: float64 values, its time coordinate (or 1..N).

    For the whole-series methods of R earlywarnings (potential, DDJ, BDS,
    conditional heteroskedasticity), which take a single series: other dims
    are refused, NaN and infinities named by position.
    """
    values, da = whole_values(x, dim=dim, name=name, min_length=min_length)
    if da is None:
        da = xr.DataArray(values, dims=(dim,))
    time = da.coords[dim].values if dim in da.coords else np.arange(1, values.size + 1)
    return values, time, da


def whole_values(x: SeriesLike, *, dim: str = "time", name: str = "x", min_length: int = 3):
    """:func:`whole_series`' checks and values, and the DataArray of labelled input only.

    Plain input (a list or numpy array: time on its last axis, any other axis
    of size 1) is read without building xarray objects, for results that
    answer plain input in plain numpy; its DataArray is None.
    """
    if is_labelled(x):
        da = as_series(x, dim=dim, name=name)
        check_time_coordinate(da, dim=dim, name=name)  # these methods read the samples in order
        others = [d for d in da.dims if d != dim]
        if any(da.sizes[d] != 1 for d in others):
            raise InputError(f"{name} must be one series along '{dim}'; it has extra dims {others}")
        da = da.squeeze([d for d in others], drop=True) if others else da
        values = np.asarray(da.values, dtype=np.float64)
    else:
        arr = as_array(x, name)
        others = [d for d, size in zip(numpy_dims(arr, dim)[:-1], arr.shape[:-1], strict=True) if size != 1]
        if others:
            raise InputError(f"{name} must be one series along '{dim}'; it has extra dims {others}")
        values, da = np.asarray(arr, dtype=np.float64).reshape(-1), None
    if values.size < min_length:
        raise InputError(f"{name} has {values.size} samples along '{dim}'; needs at least {min_length}")
    bad = ~np.isfinite(values)
    if bad.any():
        first = int(np.argmax(bad))
        raise InputError(
            f"{name} holds {int(bad.sum())} NaN or infinite values (first at {dim} index {first})"
        )
    return values, da
