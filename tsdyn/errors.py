"""Errors and the input checks shared by every engine.

Every check raises :class:`InputError` with a message that says what is wrong
and where (which dimension, column, position), so that a user of any engine
gets the same kind of answer to the same kind of mistake.

>>> from tsdyn.errors import InputError, check_int
>>> check_int(3, "m", minimum=2)
3
>>> try:
...     check_int(1, "m", minimum=2)
... except InputError as err:
...     print(err)
m must be an integer >= 2, got 1
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, TypeVar, overload

import numpy as np

if TYPE_CHECKING:
    import xarray as xr

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
    "check_magnitude",
    "check_nan_policy",
    "check_not_empty",
    "check_numeric",
    "check_real",
    "check_time_coordinate",
    "locate",
    "NAN_POLICIES",
    "NanPolicy",
    "window_points",
]

#: What to do with NaN in the input (the glossary in docs/data-model.md):
#: ``"raise"`` (the default everywhere) refuses it, naming the first position;
#: ``"propagate"`` lets it flow into the result (NaN results where it counts);
#: ``"omit"`` skips the affected samples or windows;
#: ``"interpolate"`` fills interior gaps linearly before the analysis.
#: Each function accepts the subset it documents.
NanPolicy = Literal["raise", "propagate", "omit", "interpolate"]
NAN_POLICIES: tuple[NanPolicy, ...] = ("raise", "propagate", "omit", "interpolate")

_T = TypeVar("_T")


class TsdynError(Exception):
    """Base class of every error tsdyn raises on purpose.

    Examples
    --------
    >>> issubclass(InputError, TsdynError) and issubclass(IntegrationError, TsdynError)
    True
    """


class InputError(TsdynError, ValueError):
    """The input (data or parameters) cannot be used; the message says why and where.

    A :class:`ValueError`, so code that catches ValueError catches it too.

    Examples
    --------
    >>> import tsdyn.ordinal as to
    >>> try:
    ...     to.permutation_entropy([1.0, 2.0, float("nan"), 4.0, 3.0, 5.0, 0.5, 6.0])
    ... except InputError as err:
    ...     print(err)
    x contains 1 NaN value(s), the first at time index 2; fill or cut the gaps first (or pass nan_policy='omit' where the function offers it)
    """


class NonFiniteInput(InputError):
    """A compiled kernel met NaN or inf where it accepts none (it checks in its own pass over the data).

    Examples
    --------
    >>> issubclass(NonFiniteInput, InputError)
    True
    """


class IntegrationError(TsdynError, RuntimeError):
    """A numerical integration failed: blow-up, step-size collapse, non-finite state.

    A :class:`RuntimeError`: the input was valid, the numerics were not.

    Examples
    --------
    >>> issubclass(IntegrationError, RuntimeError)
    True
    """


def locate(da: xr.DataArray, flat_position: int | np.integer | tuple[int, ...]) -> str:
    """Describe a position in a DataArray by its coordinates, e.g. ``variable='b', time=3.5``.

    Parameters
    ----------
    da : xarray.DataArray
        The array the position is in.
    flat_position : int or tuple of int
        An index into ``da.values.ravel()`` or a tuple of indices, one per dimension.

    Returns
    -------
    str
        One ``dim=value`` per dimension; time is given by index and value.

    Examples
    --------
    >>> import xarray as xr
    >>> da = xr.DataArray([[1.0, 2.0]], dims=("variable", "time"),
    ...                   coords={"variable": ["a"], "time": [0.5, 1.0]})
    >>> locate(da, 1)
    "variable='a', time index 1 (time=1.0)"
    """
    if isinstance(flat_position, int | np.integer):
        index: tuple[int | np.integer, ...] = np.unravel_index(int(flat_position), da.shape)
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


def check_int(value: object, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer in range.

    Parameters
    ----------
    value : object
        What the caller passed; a Python or numpy integer is accepted, a bool is not.
    name : str
        The parameter's name, for the message.
    minimum, maximum : int, optional
        The inclusive range.

    Returns
    -------
    int

    See Also
    --------
    check_real

    Examples
    --------
    >>> check_int(np.int64(5), "m", minimum=2)
    5
    >>> try:
    ...     check_int(2.0, "m", minimum=2)
    ... except InputError as err:
    ...     print(err)
    m must be an integer >= 2, got 2.0
    """
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


def check_real(
    value: object,
    name: str,
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    inclusive: tuple[bool, bool] = (True, True),
    allow_inf: bool = False,
) -> float:
    """Return ``value`` as a float, or raise if it is not a real number in range.

    Parameters
    ----------
    value : object
        What the caller passed; an int, float or numpy scalar is accepted.
    name : str
        The parameter's name, for the message.
    minimum, maximum : float, optional
        The range; either end may be left open.
    inclusive : (bool, bool)
        Whether ``minimum`` and ``maximum`` themselves are allowed.
    allow_inf : bool
        Accept infinities (within the range). Bools and NaN are always refused.

    Returns
    -------
    float

    See Also
    --------
    check_int

    Examples
    --------
    >>> check_real(0.5, "alpha", minimum=0, maximum=1, inclusive=(False, False))
    0.5
    >>> try:
    ...     check_real(1, "alpha", minimum=0, maximum=1, inclusive=(False, False))
    ... except InputError as err:
    ...     print(err)
    alpha must be a number in (0, 1), got 1
    >>> try:
    ...     check_real(float("nan"), "ratio", minimum=0, inclusive=(False, True))
    ... except InputError as err:
    ...     print(err)
    ratio must be a number > 0, got nan
    """
    low, high = inclusive
    bound = ""
    if minimum is not None and maximum is not None:
        bound = f" in {'[' if low else '('}{_bound(minimum)}, {_bound(maximum)}{']' if high else ')'}"
    elif minimum is not None:
        bound = f" {'>=' if low else '>'} {_bound(minimum)}"
    elif maximum is not None:
        bound = f" {'<=' if high else '<'} {_bound(maximum)}"
    what = "number" if bound or allow_inf else "finite number"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a {what}{bound}, got {value!r}")
    number = float(value)
    bad = math.isnan(number) or (math.isinf(number) and not allow_inf)
    bad = bad or (minimum is not None and (number < minimum or (not low and number == minimum)))
    bad = bad or (maximum is not None and (number > maximum or (not high and number == maximum)))
    if bad:
        raise InputError(f"{name} must be a {what}{bound}, got {value!r}")
    return number


def _bound(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def check_nan_policy(value: str, allowed: Iterable[str] = NAN_POLICIES, *, name: str = "nan_policy") -> str:
    """Raise unless ``value`` is one of :data:`NAN_POLICIES` that this function ``allowed``.

    Parameters
    ----------
    value : str
        The policy the caller passed.
    allowed : iterable of str
        The policies the calling function implements.
    name : str
        The parameter's name, for the message.

    Returns
    -------
    str
        ``value``.

    See Also
    --------
    check_finite : applies the policy to data.

    Examples
    --------
    >>> check_nan_policy("omit", ("raise", "omit"))
    'omit'
    >>> try:
    ...     check_nan_policy("interpolate", ("raise", "omit"))
    ... except InputError as err:
    ...     print(err)
    nan_policy='interpolate' is not available here; this function accepts 'raise', 'omit'
    """
    allowed = tuple(allowed)
    accepted = ", ".join(repr(c) for c in allowed)
    if value not in NAN_POLICIES:
        raise InputError(f"{name} must be one of {accepted}; got {value!r}")
    if value not in allowed:
        raise InputError(f"{name}={value!r} is not available here; this function accepts {accepted}")
    return value


@overload
def window_points(
    value: object, n: int, *, name: str = ..., minimum: int = ..., whole: Literal[True] = ...
) -> int: ...
@overload
def window_points(
    value: object, n: int, *, name: str = ..., minimum: int = ..., whole: bool
) -> int | float: ...
def window_points(
    value: object, n: int, *, name: str = "window", minimum: int = 2, whole: bool = True
) -> int | float:
    """Read a window given as a number of points or as a fraction of a series of ``n`` samples.

    The one rule of every engine (under an EWS ``convention`` other than
    ``"tsdyn"``, the peer's reading applies instead): an int (>= ``minimum``)
    is a number of points; a float strictly between 0 and 1 is a fraction of
    the series, ``round(value * n)`` points, again at least ``minimum``
    (unrounded and unchecked when ``whole`` is False, for a bandwidth). Anything else, such as ``1.0`` or ``50.0``, is
    refused rather than guessed.

    Parameters
    ----------
    value : int or float
        The window as the caller gave it.
    n : int
        Samples in the series (for a fraction).
    name : str
        The parameter's name, for the message (``"bandwidth"``, ``"span"`` ...).
    minimum : int
        Fewest points an int, or a fraction rounded to whole points, may give.
    whole : bool
        Round a fraction to whole points (a window) or not (a bandwidth).

    Returns
    -------
    int or float
        Points; a float only for a fraction with ``whole=False``.

    Examples
    --------
    >>> window_points(50, 1000), window_points(0.25, 1000)
    (50, 250)
    >>> try:
    ...     window_points(1.0, 1000)
    ... except InputError as err:
    ...     print(err)
    window=1.0 is ambiguous: pass an int for a number of points or a float in (0, 1) for a fraction of the series
    """
    hint = "pass an int for a number of points or a float in (0, 1) for a fraction of the series"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a number: {hint}; got {value!r}")
    if isinstance(value, numbers.Integral):
        if value < minimum:
            raise InputError(f"{name} must be at least {minimum} points, got {value}")
        return int(value)
    fraction = float(value)
    if not 0.0 < fraction < 1.0:
        what = "ambiguous" if fraction >= 1.0 else "not a window size"
        raise InputError(f"{name}={value!r} is {what}: {hint}")
    if not whole:
        return fraction * n
    points = round(fraction * n)
    if points < minimum:
        raise InputError(
            f"{name}={value!r} of a series of {n} samples gives {points} points; needs at least {minimum}"
        )
    return points


def check_choice(value: _T, name: str, choices: Iterable) -> _T:
    """Raise unless ``value`` is one of ``choices``.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The parameter's name, for the message.
    choices : iterable
        The accepted values.

    Returns
    -------
    object
        ``value``.

    Examples
    --------
    >>> try:
    ...     check_choice("cubic", "detrend", ("gaussian", "linear"))
    ... except InputError as err:
    ...     print(err)
    detrend must be one of 'gaussian', 'linear'; got 'cubic'
    """
    choices = tuple(choices)
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise InputError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_not_empty(da: xr.DataArray, *, dim: str = "time", name: str = "x") -> None:
    """Raise if the array has no values at all or no samples along ``dim``.

    Parameters
    ----------
    da : xarray.DataArray
        The data, as :mod:`tsdyn.data` converted it.
    dim : str
        The time dimension.
    name : str
        How the message calls the data (the argument's name).

    Examples
    --------
    >>> import xarray as xr
    >>> try:
    ...     check_not_empty(xr.DataArray(np.zeros(0), dims="time"))
    ... except InputError as err:
    ...     print(err)
    x is empty (time: 0); a series needs at least one sample
    """
    if da.size == 0:
        sizes = ", ".join(f"{d}: {n}" for d, n in da.sizes.items()) or "0-d"
        raise InputError(f"{name} is empty ({sizes}); a series needs at least one sample")


def check_numeric(da: xr.DataArray, *, name: str = "x") -> None:
    """Raise unless the values are real numbers (bool, int or float).

    Parameters
    ----------
    da : xarray.DataArray
        The data, as :mod:`tsdyn.data` converted it.
    name : str
        How the message calls the data (the argument's name).

    Examples
    --------
    >>> import xarray as xr
    >>> try:
    ...     check_numeric(xr.DataArray(np.array([1.0, "n/a"], dtype=object), dims="time"))
    ... except InputError as err:
    ...     print(err)
    x must hold real numbers, got dtype object (text?): 'n/a' at time index 1
    """
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
    """Raise if a series of ``n`` samples is shorter than ``minimum`` (``what`` says why).

    Parameters
    ----------
    n : int
        Samples in the series.
    minimum : int
        Fewest samples the computation needs.
    what : str
        The computation, for the message.
    dim : str
        The time dimension, for the message.
    name : str
        How the message calls the data (the argument's name).

    Examples
    --------
    >>> try:
    ...     check_length(5, 7, what="one ordinal pattern of m = 7")
    ... except InputError as err:
    ...     print(err)
    x is too short along 'time' for one ordinal pattern of m = 7: needs at least 7 samples, got 5
    """
    if n < minimum:
        raise InputError(
            f"{name} is too short along '{dim}' for {what}: needs at least {minimum} samples, got {n}"
        )


def check_finite(da: xr.DataArray, *, policy: str = "raise", name: str = "x") -> None:
    """Apply the NaN/inf policy to a DataArray.

    ``policy="raise"`` (the default everywhere) raises at the first
    non-finite value, naming its position; ``"propagate"`` and ``"omit"``
    leave the values for the kernel, which gives NaN results or skips the
    affected windows. Infinite values always raise: no estimator here has a
    meaning for them.

    Parameters
    ----------
    da : xarray.DataArray
        The data, as :mod:`tsdyn.data` converted it.
    policy : {"raise", "propagate", "omit"}
        The caller's ``nan_policy``.
    name : str
        How the message calls the data (the argument's name).

    See Also
    --------
    check_nan_policy

    Examples
    --------
    >>> import xarray as xr
    >>> da = xr.DataArray([[1.0, np.inf]], dims=("variable", "time"), coords={"variable": ["b"]})
    >>> try:
    ...     check_finite(da, policy="omit")
    ... except InputError as err:
    ...     print(err)
    x contains an infinite value at variable='b', time index 1
    """
    check_nan_policy(policy, ("raise", "propagate", "omit"))
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
            "fill or cut the gaps first (or pass nan_policy='omit' where the function offers it)"
        )
    if nan.all():
        raise InputError(f"{name} is all NaN")


# float64 squares overflow past 1.3e154 (sums of many sooner) and underflow to subnormals below
# 1e-154: variances, distances and spectra of values beyond these bounds are garbage
MAGNITUDE = 1e150


def check_magnitude(da: xr.DataArray, *, dim: str = "time", name: str = "x") -> None:
    """Refuse values whose squares float64 cannot hold (estimators that square them).

    A value beyond ``1e150`` in magnitude, or a series that varies but whose values
    all lie within ``1e-150`` of zero, is an ``InputError`` that asks for a change of
    units.
    NaN is left to :func:`check_finite`.

    Parameters
    ----------
    da : xarray.DataArray
        The data, as :mod:`tsdyn.data` converted it.
    dim : str
        Its time dimension.
    name : str
        How the message calls the data (the argument's name).

    Examples
    --------
    >>> import xarray as xr
    >>> try:
    ...     check_magnitude(xr.DataArray([1.0, -3e160], dims="time"))
    ... except InputError as err:
    ...     print(err)
    x has a value of magnitude 3e+160 at time index 1, beyond 1e+150: its square overflows float64; rescale x (a change of units)
    """
    values = np.asarray(da.values)
    if values.dtype.kind != "f" or values.size == 0:
        return
    axis = da.dims.index(dim)
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN series: check_finite's call
        high = np.atleast_1d(np.nanmax(values, axis=axis)).ravel().astype(np.float64)
        low = np.atleast_1d(np.nanmin(values, axis=axis)).ravel().astype(np.float64)
    top = np.fmax(high, -low)
    if np.nanmax(top, initial=0.0) > MAGNITUDE:
        flat = int(np.nanargmax(np.abs(np.where(np.isnan(values), 0.0, values))))
        raise InputError(
            f"{name} has a value of magnitude {abs(values.ravel()[flat]):.3g} at {locate(da, flat)}, "
            f"beyond {MAGNITUDE:g}: its square overflows float64; rescale {name} (a change of units)"
        )
    tiny = (top < 1 / MAGNITUDE) & (high > low)  # a constant series is each estimator's case
    if tiny.any():
        where = "" if top.size == 1 else f" (series {int(np.argmax(tiny))} of {top.size})"
        raise InputError(
            f"{name}{where} lies within {float(top[tiny][0]):.3g} of zero, below {1 / MAGNITUDE:g} in "
            f"magnitude: its squares underflow float64; rescale {name} (a change of units)"
        )


def check_time_coordinate(da: xr.DataArray, *, dim: str = "time", name: str = "x") -> None:
    """Raise if the ``dim`` coordinate is not strictly increasing (unsorted or duplicated).

    Parameters
    ----------
    da : xarray.DataArray
        The data, as :mod:`tsdyn.data` converted it.
    dim : str
        The time dimension; an array without its coordinate passes.
    name : str
        How the message calls the data (the argument's name).

    Examples
    --------
    >>> import xarray as xr
    >>> try:
    ...     check_time_coordinate(xr.DataArray([1.0, 2.0, 3.0], dims="time", coords={"time": [0, 2, 2]}))
    ... except InputError as err:
    ...     print(err)
    x has a duplicated time value 2 at time index 1 and 2
    """
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


def check_dims(da: xr.DataArray, required: Iterable[str], *, name: str = "x") -> None:
    """Raise if ``da`` lacks one of the ``required`` dimensions, listing the dims it has.

    Parameters
    ----------
    da : xarray.DataArray
        The data, as :mod:`tsdyn.data` converted it.
    required : iterable of str
        Dimensions that must be there.
    name : str
        How the message calls the data (the argument's name).

    Examples
    --------
    >>> import xarray as xr
    >>> try:
    ...     check_dims(xr.DataArray([1.0, 2.0], dims="t"), ["time"])
    ... except InputError as err:
    ...     print(err)
    x has no dimension 'time' (its dimensions: 't'); name the time dimension 'time' or pass dim=...
    """
    missing = [d for d in required if d not in da.dims]
    if missing:
        have = ", ".join(repr(d) for d in da.dims) or "none"
        need = ", ".join(repr(d) for d in missing)
        raise InputError(
            f"{name} has no dimension {need} (its dimensions: {have}); "
            "name the time dimension 'time' or pass dim=..."
        )
