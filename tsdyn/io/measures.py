"""The measure sets the batch runner applies to every series.

A measure set is a function ``compute(series, params, seed) -> MeasureResult``:
``series`` is a 1-D DataArray along ``time`` (float64, no NaN unless the
missing-value policy is ``"keep"``), ``params`` the set's parameters (its
defaults updated with the user's), ``seed`` a :class:`numpy.random.SeedSequence`
fixed by the run seed and the file and series names. It returns scalars (one
summary-table column each) and optionally a Dataset of rolling outputs along
``time``. Measure sets only call the engines' public functions; the math lives
in the engines.

New sets are added with :func:`register`; ``"module:function"`` names a set
defined elsewhere (a registered :class:`MeasureSet` or a plain function).

>>> ms = get_measure("summary")
>>> import xarray as xr
>>> res = ms.compute(xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="time"), ms.defaults, None)
>>> res.scalars["mean"], res.scalars["n"]
(2.5, 4)
"""

from __future__ import annotations

import importlib
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import xarray as xr

from tsdyn.errors import InputError

__all__ = [
    "DEFAULT_MEASURES",
    "MeasureResult",
    "MeasureSet",
    "get_measure",
    "measure_names",
    "register",
    "resolve_params",
]


class MeasureResult(NamedTuple):
    """What a measure set returns for one series."""

    scalars: dict[str, Any]
    rolling: xr.Dataset | None = None


@dataclass(frozen=True)
class MeasureSet:
    """A named measure set: its function, default parameters and minimum series length."""

    name: str
    compute: Callable[[xr.DataArray, Mapping[str, Any], Any], MeasureResult]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    min_length: Callable[[Mapping[str, Any]], int] = lambda params: 2
    # the scalars shown in the CLI's final table: {column: label}; "prefix*" matches every such column
    headline: Mapping[str, str] = field(default_factory=dict)


_REGISTRY: dict[str, MeasureSet] = {}


def register(
    name: str,
    *,
    defaults: Mapping[str, Any] | None = None,
    description: str = "",
    min_length: Callable[[Mapping[str, Any]], int] | int = 2,
    headline: Mapping[str, str] | None = None,
):
    """Decorator: register ``compute`` as the measure set ``name``.

    ``min_length`` is the fewest samples the set accepts, or a function of
    its parameters that gives it; a shorter series is recorded as failed
    with that reason instead of reaching the engine.
    """
    need = min_length if callable(min_length) else (lambda params, n=int(min_length): n)

    def decorate(compute):
        ms = MeasureSet(name, compute, dict(defaults or {}), description, need, dict(headline or {}))
        _REGISTRY[name] = ms
        return ms

    return decorate


def measure_names() -> list[str]:
    """The registered measure sets, in registration order."""
    return list(_REGISTRY)


def get_measure(name: str) -> MeasureSet:
    """Return a measure set by name, or from ``"module:function"``.

    >>> get_measure("summary").name
    'summary'
    """
    if name in _REGISTRY:
        return _REGISTRY[name]
    if ":" in name:
        module, _, attr = name.partition(":")
        try:
            obj = getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as err:
            raise InputError(f"cannot load measure set {name!r}: {err}") from None
        if isinstance(obj, MeasureSet):
            return obj
        if callable(obj):
            return MeasureSet(name, obj)
        raise InputError(f"measure set {name!r} is neither a MeasureSet nor a function")
    known = ", ".join(measure_names())
    raise InputError(f"unknown measure set {name!r}; choose from {known} or give 'module:function'")


def resolve_params(measures: Sequence[str], params: Mapping[str, Mapping[str, Any]] | None) -> dict:
    """Each set's defaults updated with the user's ``params[name]``; unknown names raise."""
    params = dict(params or {})
    resolved = {}
    for name in measures:
        ms = get_measure(name)
        given = dict(params.pop(name, None) or {})
        if ms.defaults:
            unknown = sorted(set(given) - set(ms.defaults))
            if unknown:
                raise InputError(
                    f"measure set {name!r} has no parameter {', '.join(map(repr, unknown))}; "
                    f"its parameters: {', '.join(ms.defaults)}"
                )
        resolved[name] = {**ms.defaults, **given}
    if params:
        raise InputError(
            f"parameters given for {', '.join(map(repr, sorted(params)))}, which is not among the "
            f"measure sets run ({', '.join(measures)})"
        )
    return resolved


def _scalar(value) -> float:
    return float(value) if isinstance(value, numbers.Real) else float(np.asarray(value))


@register(
    "summary",
    description="n, mean, std (ddof=1), min, max and lag-1 autocorrelation of each series",
    min_length=2,
    headline={"n": "n", "ac1": "ac1"},
)
def _summary(series: xr.DataArray, params, seed) -> MeasureResult:
    x = np.asarray(series.values, dtype=np.float64)
    x = x[~np.isnan(x)]
    a, b = x[:-1] - x[:-1].mean(), x[1:] - x[1:].mean()
    denom = np.sqrt((a * a).sum() * (b * b).sum())
    # Pearson correlation of x[:-1] and x[1:] (each with its own mean), as pandas' autocorr(1)
    ac1 = float((a * b).sum() / denom) if denom > 0 else float("nan")
    return MeasureResult(
        {
            "n": int(x.size),
            "mean": _scalar(x.mean()),
            "std": _scalar(x.std(ddof=1)),
            "min": _scalar(x.min()),
            "max": _scalar(x.max()),
            "ac1": ac1,
        }
    )


def _ordinal_span(params) -> int:
    return (int(params["d"]) - 1) * int(params["tau"]) + 1


@register(
    "ordinal",
    defaults={"d": 4, "tau": 1, "ties": "stable", "nan_policy": "raise"},
    description=(
        "normalized permutation entropy and Jensen-Shannon statistical complexity "
        "(tsdyn.ordinal.complexity_entropy), their place between the plane's minimum and maximum "
        "complexity curves (plane_position: 0 on the minimum, 1 on the maximum; "
        "tsdyn.ordinal.plane_position), and the number and fraction of ordinal patterns never seen "
        "(tsdyn.ordinal.missing_patterns)"
    ),
    min_length=_ordinal_span,
    headline={"permutation_entropy": "PE", "statistical_complexity": "C", "missing_patterns": "missing"},
)
def _ordinal(series: xr.DataArray, params, seed) -> MeasureResult:
    from tsdyn import ordinal

    kwargs = {k: params[k] for k in ("d", "tau", "ties", "nan_policy")}
    plane = ordinal.complexity_entropy(series, **kwargs)
    missing = ordinal.missing_patterns(series, **kwargs)
    h, c = _scalar(plane["entropy"].values), _scalar(plane["complexity"].values)
    position = ordinal.plane_position(h, c, d=kwargs["d"], ties=kwargs["ties"]).position
    return MeasureResult(
        {
            "permutation_entropy": h,
            "statistical_complexity": c,
            "plane_position": _scalar(position),
            "missing_patterns": int(missing["missing"].values),
            "missing_fraction": _scalar(missing["fraction"].values),
        }
    )


def _indicator_list(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


@register(
    "ews",
    defaults={
        "window": 0.5,
        "detrend": "gaussian",
        "bandwidth": 0.2,
        "span": 0.2,
        "indicators": ["variance", "ac1"],
        "transition": None,
        "nan_policy": "raise",
        "resample": None,
    },
    description=(
        "early-warning signals (tsdyn.ews.analyze): detrend, rolling indicators (written as rolling "
        "outputs) and the Kendall tau of each indicator against time (ktau_<indicator>)"
    ),
    min_length=3,
    headline={"ktau_*": "tau "},
)
def _ews(series: xr.DataArray, params, seed) -> MeasureResult:
    from tsdyn import ews

    indicators = _indicator_list(params["indicators"])
    res = ews.analyze(series, **{**params, "indicators": indicators})
    scalars = {f"ktau_{name}": _scalar(res.ktau.loc[name, "tau"]) for name in indicators}
    return MeasureResult(scalars, res.data[indicators])


DEFAULT_MEASURES: tuple[str, ...] = ("summary", "ordinal", "ews")
