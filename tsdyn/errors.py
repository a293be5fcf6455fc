"""Errors and the input checks shared by every engine.

Every check raises :class:`InputError` with a message that says what is wrong
and where (which dimension, column, position), so that a user of any engine
gets the same kind of answer to the same kind of mistake.

>>> from tsdyn.errors import InputError, check_int
>>> check_int(3, "d", minimum=2)
3
>>> try:
...     check_int(1, "d", minimum=2)
... except InputError as err:
...     print(err)
d must be an integer >= 2, got 1
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

__all__ = [
    "TsdynError",
    "InputError",
    "IntegrationError",
    "NonFiniteInput",
    "check_choice",
    "check_dims",
    "check_finite",
    "check_int",
    "check_length",
    "check_not_empty",
    "check_numeric",
    "check_time_coordinate",
    "locate",
]

NAN_POLICIES = ("raise", "propagate", "omit")


class TsdynError(Exception):
    """Base class of every error tsdyn raises on purpose."""


class InputError(TsdynError, ValueError):
    """The input (data or parameters) cannot be used; the message says why and where."""


class NonFiniteInput(InputError):
    """A compiled kernel met NaN or inf where it accepts none (it checks in its own pass over the data)."""


class IntegrationError(TsdynError, RuntimeError):
    """A numerical integration failed: blow-up, step-size collapse, non-finite state."""


def locate(da, flat_position: int | tuple[int, ...]) -> str:
    """Describe a position in a DataArray by its coordinates, e.g. ``variable='b', time=3.5``.

    ``flat_position`` is an index into ``da.values.ravel()`` or a tuple of
    indices, one per dimension.

    >>> import xarray as xr
    >>> da = xr.DataArray([[1.0, 2.0]], dims=("variable", "time"),
    ...                   coords={"variable": ["a"], "time": [0.5, 1.0]})
    >>> locate(da, 1)
    "variable='a', time index 1 (time=1.0)"
    """
    if isinstance(flat_position, numbers.Integral):
        index = np.unravel_index(int(flat_position), da.shape)
    else:
        index = tuple(int(i) for i in flat_position)
    parts = []
    for dim, i in zip(da.dims, index, strict=True):
        coord = da.coords[dim].values[i] if dim in da.coords else None
        if dim == "time" or coord is None:
            label = f"{dim} index {i}"
            if coord is not None and dim == "time":
                label += f" ({dim}={_format_value(coord)})"
        elif isinstance(coord, str):
            label = f"{dim}={str(coord)!r}"
        else:
            label = f"{dim}={_format_value(coord)}"
        parts.append(label)
    return ", ".join(parts)


def _format_value(value) -> str:
    if isinstance(value, np.datetime64):
        return str(np.datetime_as_string(value, unit="auto"))
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)


def check_int(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer in range."""
    bound = ""
    if minimum is not None and maximum is not None:
        bound = f" in [{minimum}, {maximum}]"
    elif minimum is not None:
        bound = f" >= {minimum}"
    elif maximum is not None:
        bound = f" <= {maximum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InputError(f"{name} must be an integer{bound}, got {value!r}")
    value = int(value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise InputError(f"{name} must be an integer{bound}, got {value}")
    return value


def check_choice(value, name: str, choices: Iterable) -> str:
    """Raise unless ``value`` is one of ``choices``."""
    choices = tuple(choices)
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise InputError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_not_empty(da, *, dim: str = "time", name: str = "x") -> None:
    """Raise if the array has no values at all or no samples along ``dim``."""
    if da.size == 0:
        sizes = ", ".join(f"{d}: {n}" for d, n in da.sizes.items()) or "0-d"
        raise InputError(f"{name} is empty ({sizes}); a series needs at least one sample")


def check_numeric(da, *, name: str = "x") -> None:
    """Raise unless the values are real numbers (bool, int or float)."""
    kind = da.dtype.kind
    if kind in "biuf":
        return
    what = {"c": "complex", "M": "datetime", "m": "timedelta", "O": "object (text?)"}.get(kind, f"{da.dtype}")
    where = ""
    if kind == "O":
        where = _first_non_numeric(da)
    raise InputError(f"{name} must hold real numbers, got dtype {what}{where}")


def _first_non_numeric(da) -> str:
    flat = np.asarray(da.values, dtype=object).ravel()
    for i, item in enumerate(flat):
        if not isinstance(item, numbers.Real):
            return f": {item!r} at {locate(da, i)}"
    return ""


def check_length(n: int, minimum: int, *, what: str, dim: str = "time", name: str = "x") -> None:
    """Raise if a series of ``n`` samples is shorter than ``minimum`` (``what`` says why)."""
    if n < minimum:
        raise InputError(
            f"{name} is too short along '{dim}' for {what}: needs at least {minimum} samples, got {n}"
        )


def check_finite(da, *, policy: str = "raise", name: str = "x") -> None:
    """Apply the NaN/inf policy to a DataArray.

    ``policy="raise"`` (the default everywhere) raises at the first
    non-finite value, naming its position; ``"propagate"`` and ``"omit"``
    leave the values for the kernel, which gives NaN results or skips the
    affected windows. Infinite values always raise: no estimator here has a
    meaning for them.
    """
    check_choice(policy, "nan_policy", NAN_POLICIES)
    values = np.asarray(da.values)
    if values.dtype.kind not in "fc":
        return
    # One pass without temporaries for the common clean case; a non-finite sum
    # (NaN, inf, or an overflow of large finite values) falls through to the exact scan.
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.add.reduce(values, axis=None)
    if np.isfinite(total):
        return
    inf = np.isinf(values)
    if inf.any():
        raise InputError(f"{name} contains an infinite value at {locate(da, int(np.argmax(inf.ravel())))}")
    nan = np.isnan(values)
    if policy == "raise" and nan.any():
        count = int(nan.sum())
        if nan.all():
            raise InputError(f"{name} is all NaN")
        first = locate(da, int(np.argmax(nan.ravel())))
        raise InputError(
            f"{name} contains {count} NaN value(s), the first at {first}; "
            "pass nan_policy='omit' to skip the affected windows or fill the gaps first"
        )
    if nan.all():
        raise InputError(f"{name} is all NaN")


def check_time_coordinate(da, *, dim: str = "time", name: str = "x") -> None:
    """Raise if the ``dim`` coordinate is not strictly increasing (unsorted or duplicated)."""
    if dim not in da.coords:
        return
    t = da.coords[dim].values
    if t.size < 2:
        return
    if t.dtype.kind == "M":
        steps = np.diff(t.astype("datetime64[ns]").astype(np.int64))
    elif t.dtype.kind in "iuf":
        steps = np.diff(t.astype(np.float64))
        if np.isnan(t.astype(np.float64)).any():
            i = int(np.argmax(np.isnan(t.astype(np.float64))))
            raise InputError(f"{name} has a missing (NaN) {dim} value at {dim} index {i}")
    else:
        raise InputError(f"{name} has a {dim} coordinate of dtype {t.dtype}; expected numbers or datetimes")
    if (steps == 0).any():
        i = int(np.argmax(steps == 0)) + 1
        raise InputError(
            f"{name} has a duplicated {dim} value {_format_value(t[i])} at {dim} index {i - 1} and {i}"
        )
    if (steps < 0).any():
        i = int(np.argmax(steps < 0)) + 1
        raise InputError(
            f"{name} has a {dim} coordinate that is not increasing: {dim} index {i} "
            f"({_format_value(t[i])}) comes before index {i - 1} ({_format_value(t[i - 1])}); "
            "sort the series by time first"
        )


def check_dims(da, required: Iterable[str], *, name: str = "x") -> None:
    """Raise if ``da`` lacks one of the ``required`` dimensions, listing the dims it has."""
    missing = [d for d in required if d not in da.dims]
    if missing:
        have = ", ".join(repr(d) for d in da.dims) or "none"
        need = ", ".join(repr(d) for d in missing)
        raise InputError(
            f"{name} has no dimension {need} (its dimensions: {have}); "
            "name the time dimension 'time' or pass dim=..."
        )
