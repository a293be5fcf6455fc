"""The measure sets the batch runner applies to every series.

A measure set is a function ``compute(series, params, seed) -> MeasureResult``:
``series`` is a 1-D DataArray along ``time`` (float64, no NaN unless it
was read with ``nan_policy="propagate"``), ``params`` the set's parameters (its
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

from tsdyn.errors import InputError, check_choice, check_int, check_nan_policy, check_real

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


@dataclass(frozen=True, kw_only=True)
class MeasureSet:
    """A named measure set: its function, default parameters and minimum series length."""

    name: str
    compute: Callable[[xr.DataArray, Mapping[str, Any], Any], MeasureResult]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    # {parameter: check(value, params)}, each raising InputError for a bad value; resolve_params runs
    # them before any file is read
    checks: Mapping[str, Callable[[Any, Mapping[str, Any]], object]] = field(default_factory=dict)
    description: str = ""
    min_length: Callable[[Mapping[str, Any]], int] = lambda params: 2
    # the scalars shown in the CLI's final table (headed by their summary column names, never
    # abbreviated); "prefix*" matches every scalar that starts with prefix
    headline: Sequence[str] = ()
    # what each scalar is, for the summary's columns.csv: {scalar: (unit, description)}; a key
    # "prefix*" covers every scalar that starts with prefix, "{}" in its description takes the rest
    columns: Mapping[str, tuple[str, str]] = field(default_factory=dict)


_REGISTRY: dict[str, MeasureSet] = {}


def register(
    name: str,
    *,
    defaults: Mapping[str, Any] | None = None,
    checks: Mapping[str, Callable[[Any, Mapping[str, Any]], object]] | None = None,
    description: str = "",
    min_length: Callable[[Mapping[str, Any]], int] | int = 2,
    headline: Sequence[str] = (),
    columns: Mapping[str, tuple[str, str]] | None = None,
):
    """Decorator: register ``compute`` as the measure set ``name``.

    ``min_length`` is the fewest samples the set accepts, or a function of
    its parameters that gives it; a shorter series is recorded as failed
    with that reason instead of reaching the engine. ``columns`` describes
    each scalar for the batch's ``columns.csv``: ``{scalar: (unit, description)}``.
    """
    need = min_length if callable(min_length) else (lambda params, n=int(min_length): n)

    def decorate(compute):
        ms = MeasureSet(
            name=name,
            compute=compute,
            defaults=dict(defaults or {}),
            checks=dict(checks or {}),
            description=description,
            min_length=need,
            headline=tuple(headline),
            columns=dict(columns or {}),
        )
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
            return MeasureSet(name=name, compute=obj)
        raise InputError(f"measure set {name!r} is neither a MeasureSet nor a function")
    known = ", ".join(measure_names())
    raise InputError(f"unknown measure set {name!r}; choose from {known} or give 'module:function'")


def resolve_params(measures: Sequence[str], params: Mapping[str, Mapping[str, Any]] | None) -> dict:
    """Each set's defaults updated with the user's ``params[name]``, every value checked.

    An unknown set or parameter name, or a value the set's ``check`` (and its
    ``min_length``, a function of the parameters) refuses, raises
    :class:`~tsdyn.errors.InputError` naming it as ``set.parameter``: the
    batch calls this before it reads any file, so a typo fails the run at once
    instead of every file one by one.

    >>> resolve_params(["ordinal"], {"ordinal": {"m": 11}})
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: ordinal.m: m=11 is too large: ... so m is at most 10: use a smaller m
    >>> resolve_params(["ews"], {"ews": {"window": 0}})["ews"]["window"]
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: ews.window: window must be at least 2 points, got 0
    """
    params = dict(params or {})
    resolved = {}
    for name in measures:
        ms = get_measure(name)
        given = dict(params.pop(name, {}) or {})
        if ms.defaults:
            unknown = sorted(set(given) - set(ms.defaults))
            if unknown:
                raise InputError(
                    f"measure set {name!r} has no parameter {', '.join(map(repr, unknown))}; "
                    f"its parameters: {', '.join(ms.defaults)}"
                )
        resolved[name] = {**ms.defaults, **given}
        _check_values(ms, resolved[name])
    if params:
        raise InputError(
            f"parameters given for {', '.join(map(repr, sorted(params)))}, which is not among the "
            f"measure sets run ({', '.join(measures)})"
        )
    return resolved


def _check_values(ms: MeasureSet, params: Mapping[str, Any]) -> None:
    """Run the set's checks on its resolved parameters; the message names ``set.parameter``."""
    for key, check in ms.checks.items():
        try:
            check(params[key], params)
        except InputError as err:
            raise InputError(f"{ms.name}.{key}: {err}") from None
    try:
        ms.min_length(params)
    except InputError as err:
        raise InputError(f"{ms.name}: {err}") from None


def _scalar(value) -> float:
    return float(value) if isinstance(value, numbers.Real) else float(np.asarray(value))


@register(
    "summary",
    description="n, mean, std (ddof=1), min, max and lag-1 autocorrelation of each series",
    min_length=2,
    headline=("n", "ac1"),
    columns={
        "n": ("samples", "number of samples (missing values not counted)"),
        "mean": ("series units", "mean"),
        "std": ("series units", "standard deviation (ddof 1)"),
        "min": ("series units", "smallest value"),
        "max": ("series units", "largest value"),
        "ac1": ("1", "lag-1 autocorrelation (Pearson correlation of x[t] and x[t+1])"),
    },
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


def _engine(path: str):
    """``"module:name"`` imported when a check runs: the engines load only when a batch starts."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


# a series length long enough for any window: the form of a window is checked up front (points >= 2
# or a fraction in (0, 1)); whether it fits a given series is checked on that series
_ANY_LENGTH = 10**9


def _window_check(what: str):
    def check(value, params):
        convention = _engine("tsdyn.ews.conventions:get_convention")("tsdyn")
        if what == "window":
            return convention.window_points(value, _ANY_LENGTH, what=what)
        return convention.bandwidth_points(value, _ANY_LENGTH, what=what)

    return check


def _ordinal_m(value, params) -> int:
    kernels = importlib.import_module("tsdyn.ordinal._kernels")
    m = check_int(value, "m", minimum=2)
    # before any factorial: the limit is 10 (8 with ties="shared")
    return kernels.check_d(m, kernels.SHARED if params.get("ties") == "shared" else kernels.STABLE)


def _check_tau(value):
    """The ordinal set's ``tau``: a positive int or ``"auto"``."""
    if (
        value == "auto"
        or isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and int(value) >= 1
    ):
        return value
    raise InputError(f"ordinal tau must be a positive integer or 'auto', got {value!r}")


def _ordinal_span(params) -> int:
    tau = _check_tau(params["tau"])
    # with tau="auto" the delay is chosen per series; choose_delay itself needs 2 m samples
    if tau == "auto":
        return 2 * int(params["m"])
    return (int(params["m"]) - 1) * int(tau) + 1


# classification evidence copied into the summary as class_<field> (the delay curves stay out)
_CLASS_FIELDS = (
    "label",
    "reason",
    "tau",
    "natural_timescale",
    "entropy",
    "complexity",
    "entropy_gap",
    "entropy_z",
    "entropy_p",
    "complexity_z",
    "complexity_p",
    "missing",
    "missing_surrogate_max",
    "missing_white_noise_p",
)


@register(
    "ordinal",
    defaults={
        "m": 4,
        "tau": 1,
        "ties": "stable",
        "nan_policy": "raise",
        "classify": False,
        "classify_m": 5,
        "classify_n_surrogates": 39,
    },
    checks={
        "m": _ordinal_m,
        "tau": lambda value, params: _check_tau(value),
        "ties": lambda value, params: check_choice(value, "ties", ("stable", "shared")),
        "nan_policy": lambda value, params: check_nan_policy(value, ("raise", "omit")),
        "classify": lambda value, params: _flag(value, "classify"),
        "classify_m": lambda value, params: check_int(value, "classify_m", minimum=3, maximum=8),
        "classify_n_surrogates": lambda value, params: check_int(value, "classify_n_surrogates", minimum=1),
    },
    description=(
        "normalized permutation entropy and Jensen-Shannon statistical complexity "
        "(tsdyn.ordinal.complexity_entropy), their place between the plane's minimum and maximum "
        "complexity curves (plane_position: 0 on the minimum, 1 on the maximum; "
        "tsdyn.ordinal.plane_position), and the number and fraction of ordinal patterns never seen "
        "(tsdyn.ordinal.missing_patterns); tau='auto' picks the delay per series "
        "(tsdyn.ordinal.choose_delay: tau_used, natural_timescale); classify=true adds the verdict "
        "regular/chaotic/stochastic/undetermined and its evidence (tsdyn.ordinal.classify: class_*), "
        "which costs IAAFT surrogates (about a second per 2000-sample series)"
    ),
    min_length=_ordinal_span,
    headline=("permutation_entropy", "statistical_complexity", "missing_patterns", "class_label"),
    columns={
        "permutation_entropy": (
            "1",
            "normalized permutation entropy (0: one pattern, 1: all equally likely)",
        ),
        "statistical_complexity": ("1", "Jensen-Shannon statistical complexity (normalized)"),
        "plane_position": (
            "1",
            "place between the complexity-entropy plane's minimum (0) and maximum (1) curves",
        ),
        "missing_patterns": ("patterns", "number of ordinal patterns never seen"),
        "missing_fraction": ("1", "fraction of the m! ordinal patterns never seen"),
        "tau_used": ("samples", "embedding delay chosen for this series (tau = 'auto')"),
        "natural_timescale": ("samples", "natural timescale the delay was chosen from (tau = 'auto')"),
        "class_label": ("", "ordinal classification: regular, chaotic, stochastic or undetermined"),
        "class_reason": ("", "why the classification gave its label"),
        "class_tau": ("samples", "delay the classification used"),
        "class_natural_timescale": ("samples", "natural timescale the classification's delay came from"),
        "class_*": ("", "classification evidence {} (tsdyn.ordinal.classify)"),
    },
)
def _ordinal(series: xr.DataArray, params, seed) -> MeasureResult:
    from tsdyn import ordinal

    kwargs = {k: params[k] for k in ("m", "tau", "ties", "nan_policy")}
    scalars: dict[str, Any] = {}
    if _check_tau(kwargs["tau"]) == "auto":
        choice = ordinal.choose_delay(series, m=kwargs["m"])
        tau = _scalar(choice["tau"].values)
        if not np.isfinite(tau):
            raise InputError(
                f"series {series.name!r} crosses its mean fewer than twice: no natural timescale to "
                "choose tau from; set ordinal.tau to a number"
            )
        kwargs["tau"] = int(tau)
        scalars.update(tau_used=int(tau), natural_timescale=_scalar(choice["natural_timescale"].values))
    plane = ordinal.complexity_entropy(series, **kwargs)
    missing = ordinal.missing_patterns(series, **kwargs)
    h, c = _scalar(plane["entropy"].values), _scalar(plane["complexity"].values)
    position = ordinal.plane_position(h, c, m=kwargs["m"], ties=kwargs["ties"]).position
    scalars = {
        "permutation_entropy": h,
        "statistical_complexity": c,
        "plane_position": _scalar(position),
        "missing_patterns": int(missing["missing"].values),
        "missing_fraction": _scalar(missing["fraction"].values),
        **scalars,
    }
    if _flag(params["classify"], "ordinal classify"):
        scalars.update(_classification(series, params, seed))
    return MeasureResult(scalars)


def _flag(value, name: str) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise InputError(f"{name} must be true or false, got {value!r}")
    return bool(value)


def _classification(series: xr.DataArray, params, seed) -> dict[str, Any]:
    """``class_*`` scalars of :func:`tsdyn.ordinal.classify` on one series.

    The verdict always uses PECCARY's delay (tau=None): its thresholds were set
    for a pattern timescale of 0.4 natural timescales (docs/ordinal_classification.md),
    whatever delay the entropy columns use.
    """
    from tsdyn.ordinal import classify

    if np.isnan(series.values).any():
        raise InputError(
            f"series {series.name!r} has missing values; classification needs a gap-free series "
            "(read with --nan-policy interpolate or omit)"
        )
    res = classify(
        series.values,
        m=params["classify_m"],
        n_surrogates=params["classify_n_surrogates"],
        seed=seed,
    )
    out = {}
    for name in _CLASS_FIELDS:
        value = getattr(res, name)
        out[f"class_{name}"] = value if isinstance(value, str) else _scalar(value)
    return out


def _indicator_list(value) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value)


_EWS_TEST = ("n_surrogates", "null_model", "alternative")


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
        "n_surrogates": 0,
        "null_model": "ar1",
        "alternative": "greater",
    },
    checks={
        "window": _window_check("window"),
        "bandwidth": _window_check("bandwidth"),
        "span": _window_check("span"),
        "detrend": lambda value, params: check_choice(
            value, "detrend", _engine("tsdyn.ews.detrending:METHODS")
        ),
        "indicators": lambda value, params: _engine("tsdyn.ews.indicators:check_indicators")(
            _indicator_list(value)
        ),
        "nan_policy": lambda value, params: check_nan_policy(value, _engine("tsdyn.ews._input:NAN_POLICIES")),
        "resample": lambda value, params: value is None or check_choice(value, "resample", ("linear",)),
        "n_surrogates": lambda value, params: check_int(value, "n_surrogates", minimum=0),
        "null_model": lambda value, params: check_choice(
            value, "null_model", _engine("tsdyn.ews.significance:NULL_MODELS")
        ),
        "alternative": lambda value, params: check_choice(
            value, "alternative", _engine("tsdyn.ews.significance:ALTERNATIVES")
        ),
    },
    description=(
        "early-warning signals (tsdyn.ews.analyze): detrend, rolling indicators (written as rolling "
        "outputs) and the Kendall tau of each indicator against time (ktau_<indicator>); with "
        "n_surrogates = N > 0, its p-value against N surrogates of the null model (pvalue_<indicator>) "
        "and the combined p-values across indicators (pvalue_fisher, pvalue_min; "
        "tsdyn.ews.surrogate_significance)"
    ),
    min_length=3,
    headline=("ktau_*", "pvalue_*"),
    columns={
        "ktau_*": ("1", "Kendall tau of the rolling {} against time (> 0: rising)"),
        "pvalue_fisher": ("1", "p-value of all indicators combined by Fisher's statistic, on the surrogates"),
        "pvalue_min": ("1", "p-value of the smallest indicator p-value, calibrated on the surrogates"),
        "pvalue_*": ("1", "p-value of the Kendall tau of {} against the surrogates of the null model"),
    },
)
def _ews(series: xr.DataArray, params, seed) -> MeasureResult:
    from tsdyn import ews

    indicators = _indicator_list(params["indicators"])
    n_surrogates = int(params["n_surrogates"])  # checked, with the rest, by resolve_params
    hook = None
    if n_surrogates:
        hook = ews.surrogate_significance(
            params["null_model"],
            n_surrogates=int(n_surrogates),
            seed=seed,
            alternative=params["alternative"],
        )
    pipeline = {k: v for k, v in params.items() if k not in _EWS_TEST}
    res = ews.analyze(series, **{**pipeline, "indicators": indicators}, significance=hook)
    scalars = {f"ktau_{name}": _scalar(res.ktau.loc[name, "tau"]) for name in indicators}
    if hook is not None:
        scalars.update({f"pvalue_{name}": _scalar(res.ktau.loc[name, "pvalue"]) for name in indicators})
        # one series: the hook's combined p-values have a single row
        scalars.update(pvalue_fisher=_scalar(hook.p_fisher[0]), pvalue_min=_scalar(hook.p_min[0]))
    # the rolling output keeps the analysed series, its trend and residuals beside the indicators
    return MeasureResult(scalars, res.data)


def _chaos_length(params) -> int:
    from tsdyn.fractal.fluctuation import shortest

    degree = check_int(params["dfa_degree"], "chaos dfa_degree", minimum=0)
    m = check_int(params["m"], "chaos m", minimum=1)
    k_max = check_int(params["k_max"], "chaos k_max", minimum=2)
    # hurst's default scales need four windows of 10 samples
    return max(shortest(degree), 40, k_max + 1, m + 2)


@register(
    "chaos",
    defaults={
        "m": 2,
        "r": None,
        "dfa_degree": 1,
        "k_max": 10,
        "classify": False,
        "classify_n_surrogates": 19,
    },
    checks={
        "m": lambda value, params: check_int(value, "m", minimum=1),
        "r": lambda value, params: (
            value is None or check_real(value, "r", minimum=0, inclusive=(False, True))
        ),
        "dfa_degree": lambda value, params: check_int(value, "dfa_degree", minimum=0),
        "k_max": lambda value, params: check_int(value, "k_max", minimum=2),
        "classify": lambda value, params: _flag(value, "classify"),
        "classify_n_surrogates": lambda value, params: check_int(value, "classify_n_surrogates", minimum=19),
    },
    description=(
        "entropy and fractal measures of each series: sample and approximate entropy (m, r: None for "
        "0.2 SD; tsdyn.entropy), normalised Lempel-Ziv complexity of the median-binarised series, DFA "
        "exponent (dfa_alpha, DFA-dfa_degree; tsdyn.fractal.dfa), corrected R/S Hurst exponent, Higuchi "
        "(k_max) and Katz fractal dimensions; a constant series or one with NaN fails with the reason; "
        "classify=true adds the verdict regular/chaotic/stochastic/undetermined on combined evidence "
        "and that evidence (tsdyn.chaos.classify: verdict_*), which costs surrogate tests (seconds "
        "per series)"
    ),
    min_length=_chaos_length,
    headline=("sample_entropy", "dfa_alpha", "hurst"),
    columns={
        "sample_entropy": ("nats", "sample entropy (tsdyn.entropy.sample_entropy)"),
        "approximate_entropy": ("nats", "approximate entropy (tsdyn.entropy.approximate_entropy)"),
        "lempel_ziv": ("1", "normalized Lempel-Ziv complexity of the median-binarized series"),
        "dfa_alpha": ("1", "detrended fluctuation analysis exponent (tsdyn.fractal.dfa)"),
        "hurst": ("1", "corrected rescaled-range Hurst exponent (tsdyn.fractal.hurst)"),
        "higuchi_dimension": ("1", "Higuchi fractal dimension"),
        "katz_dimension": ("1", "Katz fractal dimension"),
        "verdict_label": ("", "regular, chaotic, stochastic or undetermined (tsdyn.chaos.classify)"),
        "verdict_reason": ("", "the evidence behind the verdict, or why it abstained"),
        "verdict_*": ("", "evidence {} of the verdict (tsdyn.chaos.classify's Verdict)"),
    },
)
def _chaos(series: xr.DataArray, params, seed) -> MeasureResult:
    from tsdyn import entropy, fractal

    x = series.values
    m, r = params["m"], params["r"]
    return MeasureResult(
        {
            "sample_entropy": _scalar(entropy.sample_entropy(x, m=m, r=r)),
            "approximate_entropy": _scalar(entropy.approximate_entropy(x, m=m, r=r)),
            "lempel_ziv": _scalar(entropy.lempel_ziv(x)),
            "dfa_alpha": _scalar(fractal.dfa(x, degree=params["dfa_degree"]).alpha),
            "hurst": _scalar(fractal.hurst(x).hurst),
            "higuchi_dimension": _scalar(fractal.higuchi_dimension(x, k_max=params["k_max"])),
            "katz_dimension": _scalar(fractal.katz_dimension(x)),
            **(_verdict(x, params, seed) if _flag(params["classify"], "chaos classify") else {}),
        }
    )


def _verdict(x: np.ndarray, params, seed) -> dict[str, Any]:
    """``verdict_*`` scalars of :func:`tsdyn.chaos.classify` on one series."""
    from tsdyn.chaos import classify

    res = classify(x, n_surrogates=params["classify_n_surrogates"], seed=seed)
    return {
        f"verdict_{name}": value if isinstance(value, str) else _scalar(value)
        for name, value in vars(res).items()
    }


def _recurrence_length(params) -> int:
    m, tau = params["m"], params["tau"]
    l_min = check_int(params["l_min"], "recurrence l_min", minimum=1)
    if m is None or tau is None:
        return 50  # the embedding is chosen from the series: leave it something to choose from
    span = (check_int(m, "recurrence m", minimum=1) - 1) * check_int(tau, "recurrence tau", minimum=1)
    return span + l_min + 2


_RQA_SCALARS = (
    "recurrence_rate",
    "determinism",
    "average_diagonal_line",
    "longest_diagonal_line",
    "diagonal_entropy",
    "laminarity",
    "trapping_time",
    "recurrence_time_entropy",
    "trend",
    "threshold",
)


def _rqa_columns() -> dict[str, tuple[str, str]]:
    from tsdyn.recurrence.quantification import MEASURES

    units = {"average_diagonal_line": "samples", "longest_diagonal_line": "samples", "diagonal_entropy": "nats",
             "trapping_time": "samples", "trend": "1 per 1000 samples", "threshold": "series units"}  # fmt: skip
    return {name: (units.get(name, "1"), MEASURES[name]) for name in _RQA_SCALARS}


@register(
    "recurrence",
    defaults={
        "recurrence_rate": 0.05,
        "threshold": None,
        "relative_to": None,
        "m": None,
        "tau": None,
        "metric": "euclidean",
        "theiler": 0,
        "l_min": 2,
        "v_min": 2,
    },
    description=(
        "RQA of each series (tsdyn.recurrence.rqa): recurrence rate, determinism, average and longest "
        "diagonal line, diagonal entropy, laminarity, trapping time, recurrence time entropy, trend and "
        "the threshold used; at a fixed recurrence_rate (default 5 %), or at threshold (a distance, or "
        "a fraction of the spread with relative_to) when one is given; m, tau: None for the chaos "
        "engine's embedding choice. Windowed RQA is the ews set's indicators determinism, laminarity, "
        "trapping_time, recurrence_rate"
    ),
    min_length=_recurrence_length,
    headline=("determinism", "laminarity"),
    columns=_rqa_columns(),
)
def _recurrence(series: xr.DataArray, params, seed) -> MeasureResult:
    from tsdyn.recurrence import rqa

    options = dict(params)
    if options["threshold"] is not None:
        options["recurrence_rate"] = None  # a threshold given replaces the default rate
    res = rqa(series.values, **options)
    return MeasureResult({name: _scalar(getattr(res, name)) for name in _RQA_SCALARS})


DEFAULT_MEASURES: tuple[str, ...] = ("summary", "ordinal", "ews")
