"""Rolling critical-slowing-down indicators.

Each indicator is computed over a rolling window of ``w`` samples and placed
at the window's **right edge** (the value at time ``t`` uses only data up to
``t``; the first ``w - 1`` values are NaN); ``center=True`` moves it to the
window's centre (pandas' convention: offset ``(w - 1) // 2``).

Moment-based indicators come from the window's mean and central sums
:math:`M_p = \\sum (x_i - \\bar x)^p`, which the compiled kernels update in O(1)
per step (see :mod:`tsdyn.ews._kernels`); lagged ones from the statistics of
the pairs :math:`(x_{j-k}, x_j)` inside the window. With :math:`g_1 =
\\sqrt{w} M_3 / M_2^{3/2}` and :math:`g_2 = w M_4 / M_2^2 - 3`:

- ``variance`` :math:`M_2 / (w - 1)`; ``std`` its square root;
- ``cv`` std of the residuals over the rolling mean of the raw series;
- ``skewness`` :math:`G_1 = g_1 \\sqrt{w (w-1)} / (w - 2)` (adjusted);
- ``kurtosis`` :math:`G_2 + 3` and ``excess_kurtosis`` :math:`G_2 = ((w+1) g_2 + 6)(w-1) / ((w-2)(w-3))`;
- ``ac<k>`` (``ac1``, ``ac2`` …) Pearson correlation of the lag-k pairs;
- ``ar1`` OLS slope of :math:`x_j` on :math:`x_{j-1}` with intercept;
- ``return_rate`` :math:`-\\ln(\\mathrm{ar1})` per sample (the recovery rate of the
  Ornstein-Uhlenbeck process the AR(1) samples; NaN when ar1 <= 0);
- ``density_ratio`` ratio of the AR(1) spectrum :math:`S(f) \\propto 1 / (1 - 2 r \\cos 2\\pi f + r^2)`
  at a low frequency (0.05; under ``"earlywarnings"`` R 1.1.29's ``0.5 / (w - 1)``, the second
  of ``spec.ar``'s ``n.freq = w`` frequencies) to that at f = 0.5, with r the lag-1 ``acf``
  (Yule-Walker);
- ``smax``, ``aic_fold``, ``aic_hopf``, ``aic_null``: spectral indicators (:mod:`tsdyn.ews.spectral`);
- ``arn_order``, ``arn_b1``, ``arn_max_root``, ``arn_det``: the AR(n) fit of each window
  with the order (0 to 6) chosen by AIC, as R's ``generic_ews(AR_n = TRUE)``: the order,
  its first coefficient, the largest root modulus and :math:`|\\det B|^{2/p}` (Ives et al.
  2003; :func:`tsdyn.ews.autoregressive.rolling_arn`); windows demeaned first except under
  ``"earlywarnings"``;
- ``bimodality`` the bimodality coefficient (SAS Institute; Pfister et al. 2013, Front.
  Psychol. 4:700) :math:`(G_1^2 + 1) / (G_2 + 3 (w-1)^2 / ((w-2)(w-3)))`, always from the
  adjusted :math:`G_1, G_2` (its published form): 1/3 for a normal window, 5/9 for a
  uniform one, near 1 for two separated clusters, so it rises when a system flickers
  between two states;
- ``permutation_entropy``, ``complexity``: normalized permutation entropy and
  Jensen-Shannon statistical complexity of the window's ordinal patterns, from
  :func:`tsdyn.ordinal.rolling.rolling_complexity_entropy` (pattern length ``m``,
  delay ``tau``, ``ties`` set by the ``ordinal`` options; default m = 3, tau = 1);
- ``sample_entropy``: sample entropy of each window (m = 2, r = 0.2 of the window's
  standard deviation; :func:`tsdyn.entropy.rolling_sample_entropy`), as ewstools'
  ``compute_entropy`` (its ``sample-entropy-2`` column) under every convention;
- ``dfa``: DFA-1 exponent alpha of each window (:func:`tsdyn.fractal.rolling_dfa`;
  scales :func:`tsdyn.fractal.dfa_scales` of the window, or under ``convention="ewstools"``
  ewstools' 20 log-spaced lengths from 4 to half the window, as its ``compute_dfa``);
- ``recurrence_rate``, ``determinism``, ``laminarity``, ``trapping_time``: RQA of each
  window (:func:`tsdyn.recurrence.rolling.ews_indicators`: m = 2, tau = 1, threshold 0.5
  of the window's standard deviation).

The ``earlywarnings`` convention swaps in R's estimators (biased moments,
\\|skewness\\|, ``acf``, ``ar.ols``; see :mod:`tsdyn.ews.conventions`).

Every indicator is one :class:`Indicator` record in one registry: its name,
``long_name``, the fewest points a window needs and the function that computes
it from a :class:`Windows` (the residuals, the window, the convention and the
moments and lagged-pair sums shared by all indicators of one call). Adding an
indicator is one :func:`register_indicator` call, here or in another engine's
module; families named by a pattern (``ac<k>``) are one :func:`register_family`
call.

>>> get_indicator("ac3").long_name
'rolling lag-3 autocorrelation'
>>> get_indicator("kurtosis").min_window({})
4
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tsdyn.errors import InputError
from tsdyn.ews import _kernels
from tsdyn.ews.conventions import Convention

__all__ = [
    "INDICATORS",
    "Indicator",
    "Windows",
    "bimodality_coefficient",
    "check_indicators",
    "compute_indicators",
    "get_indicator",
    "indicator_names",
    "long_name",
    "min_window",
    "register_family",
    "register_indicator",
]


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One rolling indicator: a row of the registry.

    Attributes
    ----------
    name : str
        What users pass in ``indicators=`` and the output variable's name.
    long_name : str
        The ``long_name`` attr of the output.
    min_window : callable
        ``min_window(options) -> int``: fewest points per window, given the
        indicator options of the call (``{"ordinal": {...}, "spectral": {...}}``).
    compute : callable
        ``compute(windows, name) -> array`` shaped like ``windows.resid``,
        the value at each window's right edge (NaN before the first full
        window). Indicators sharing one ``compute`` function are computed
        together: ``windows.shared(key, compute)`` runs a joint computation once.

    See Also
    --------
    register_indicator : Adds one to the registry.
    get_indicator : The record of a name.

    Examples
    --------
    >>> row = get_indicator("ac2")
    >>> row.name, row.long_name, row.min_window({})
    ('ac2', 'rolling lag-2 autocorrelation', 4)
    """

    name: str
    long_name: str
    min_window: Callable[[Mapping[str, Any]], int]
    compute: Callable[[Windows, str], np.ndarray]


@dataclass(eq=False, kw_only=True)
class Windows:
    """Everything an indicator's ``compute`` sees: the rows, the window and shared intermediate sums."""

    resid: np.ndarray
    raw: np.ndarray
    window: int
    conv: Convention
    names: tuple[str, ...]
    parallel: bool = False
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    def shared(self, key, compute: Callable[[], Any]):
        """``compute()`` once per call for ``key``, whichever indicator asks first."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def moments(self):
        """Rolling mean and central sums ``M2, M3, M4`` (O(1) per step)."""
        return self.shared(
            "moments",
            lambda: _kernels.rolling_moments(self.resid, window=self.window, parallel=self.parallel),
        )

    def pairs(self, lag: int):
        """Rolling statistics of the lag-``lag`` pairs: means, sums of squares, cross sum."""
        return self.shared(
            ("pairs", lag),
            lambda: _kernels.rolling_pairs(self.resid, window=self.window, lag=lag, parallel=self.parallel),
        )

    def peers(self, compute: Callable) -> list[str]:
        """The requested indicators that share the function ``compute`` (computed together)."""
        return [n for n in self.names if get_indicator(n).compute is compute]


_REGISTRY: dict[str, Indicator] = {}
_FAMILIES: list[tuple[re.Pattern, str, Callable[[re.Match], Indicator]]] = []


def register_indicator(indicator: Indicator) -> Indicator:
    """Add ``indicator`` to the registry (replacing one of the same name); returns it.

    Every function taking ``indicators=`` (:func:`tsdyn.ews.analyze`,
    :func:`tsdyn.ews.rolling_indicators`, the surrogate tests) knows it from then
    on, in this process.

    Parameters
    ----------
    indicator : Indicator
        The record: name, long name, fewest points per window, compute function.

    Returns
    -------
    Indicator
        ``indicator`` itself.

    See Also
    --------
    Indicator : The record, and what its ``compute`` receives.
    indicator_names : The registered names.

    Examples
    --------
    Replace the built-in ``variance`` by a copy with another long name, then
    put it back (a new indicator needs a ``compute`` function: see the user
    guide's early-warning page):

    >>> import dataclasses
    >>> import xarray as xr
    >>> from tsdyn.ews import rolling_indicators
    >>> builtin = get_indicator("variance")
    >>> mine = register_indicator(dataclasses.replace(builtin, long_name="variance of the residuals"))
    >>> da = rolling_indicators(xr.DataArray(np.arange(10.0), dims="time"), window=3, indicators="variance")
    >>> da.attrs["long_name"]
    'variance of the residuals'
    >>> register_indicator(builtin) is builtin
    True
    """
    if not isinstance(indicator, Indicator):
        raise InputError(f"register_indicator takes an Indicator, got {type(indicator).__name__}")
    _REGISTRY[indicator.name] = indicator
    return indicator


def register_family(pattern: str, label: str, make: Callable[[re.Match], Indicator]) -> None:
    """Indicators named by a pattern: ``make(match)`` builds the one a name matching ``pattern`` means.

    ``label`` names the family in messages (``"ac<k>"``).
    """
    _FAMILIES.append((re.compile(pattern), label, make))


def indicator_names() -> tuple[str, ...]:
    """The registered indicators, in registration order (families not expanded).

    Returns
    -------
    tuple of str
        The names; ``ac<k>`` (any lag k >= 1) is accepted too.

    See Also
    --------
    get_indicator : The record of one name.

    Examples
    --------
    >>> indicator_names()[:4], "ac1" in indicator_names()
    (('variance', 'std', 'cv', 'skewness'), True)
    """
    return tuple(_REGISTRY)


def get_indicator(name: str) -> Indicator:
    """The registered indicator ``name`` (or the member of a family, e.g. ``ac2``).

    Parameters
    ----------
    name : str
        An indicator's name.

    Returns
    -------
    Indicator

    Raises
    ------
    InputError
        For an unknown name (the message lists the known ones).

    See Also
    --------
    indicator_names : The registered names.
    register_indicator : Adds or replaces one.

    Examples
    --------
    >>> get_indicator("variance").long_name
    'rolling variance'
    """
    if isinstance(name, str):
        if name in _REGISTRY:
            return _REGISTRY[name]
        for pattern, _, make in _FAMILIES:
            m = pattern.match(name)
            if m:
                return make(m)
    families = "".join(f" or {label}" for _, label, _ in _FAMILIES)
    raise InputError(f"unknown indicator {name!r}; choose from {', '.join(_REGISTRY)}{families}")


def long_name(name: str) -> str:
    return get_indicator(name).long_name


def check_indicators(names) -> tuple[str, ...]:
    """Validate indicator names (``ac<k>`` for any lag k >= 1)."""
    if isinstance(names, str):
        names = (names,)
    names = tuple(names)
    if not names:
        raise InputError("indicators is empty; name at least one, e.g. ('variance', 'ac1')")
    for name in names:
        get_indicator(name)
    if len(set(names)) != len(names):
        raise InputError(f"indicators lists a name twice: {names}")
    return names


def min_window(names: Sequence[str], options: Mapping[str, Mapping[str, Any]] | None = None) -> int:
    """Fewest points per window that every requested indicator needs."""
    return max([2, *(get_indicator(n).min_window(options or {}) for n in names)])


def compute_indicators(
    resid: np.ndarray,
    *,
    window: int,
    names: Sequence[str],
    conv: Convention,
    raw: np.ndarray | None = None,
    center: bool = False,
    parallel: bool = False,
    spectral: dict | None = None,
    ordinal: dict | None = None,
) -> dict[str, np.ndarray]:
    """Rolling indicators of every row of the 2-D array ``resid`` (the array core of the engine).

    ``raw`` is the undetrended series (for ``cv``); ``window`` a number of
    points; ``spectral`` and ``ordinal`` the options of those indicators
    (:func:`tsdyn.ews.spectral.rolling_spectral`; ``d``, ``tau``, ``ties`` of
    :func:`tsdyn.ordinal.rolling.rolling_complexity_entropy`). Returns ``{name: array shaped like resid}``. Many series at once
    (e.g. 1000 surrogates) go through the same compiled kernels in parallel.
    """
    resid = np.ascontiguousarray(resid, dtype=np.float64)
    windows = Windows(
        resid=resid,
        raw=resid if raw is None else np.ascontiguousarray(raw, dtype=np.float64),
        window=int(window),
        conv=conv,
        names=tuple(names),
        parallel=parallel,
        options={"spectral": dict(spectral or {}), "ordinal": dict(ordinal or {})},
    )
    out = {name: get_indicator(name).compute(windows, name) for name in windows.names}
    if center:
        offset = (windows.window - 1) // 2
        for name, arr in out.items():
            shifted = np.full_like(arr, np.nan)
            shifted[:, : arr.shape[1] - offset] = arr[:, offset:]
            out[name] = shifted
    return out


def bimodality_coefficient(skewness, excess_kurtosis, window: int):
    """Bimodality coefficient from adjusted skewness and excess kurtosis of ``window`` points.

    :math:`(G_1^2 + 1) / (G_2 + 3 (w-1)^2 / ((w-2)(w-3)))` (SAS Institute;
    Pfister et al. 2013): 1/3 for a normal sample, 5/9 for a uniform one, near 1
    for two separated clusters.

    Parameters
    ----------
    skewness : float or array
        Adjusted sample skewness :math:`G_1`.
    excess_kurtosis : float or array
        Adjusted sample excess kurtosis :math:`G_2`.
    window : int
        Number of points ``w`` they were computed from (at least 4).

    Returns
    -------
    float or numpy.ndarray
        The coefficient, shaped as the broadcast inputs.

    See Also
    --------
    rolling_indicators : Its rolling form (indicator ``bimodality``).

    Examples
    --------
    >>> round(float(bimodality_coefficient(0.0, -1.2, 10**9)), 4)  # a uniform distribution
    0.5556
    """
    w = float(window)
    return (np.square(skewness) + 1.0) / (excess_kurtosis + 3.0 * (w - 1.0) ** 2 / ((w - 2.0) * (w - 3.0)))


# --- the estimators ------------------------------------------------------------------------
# Moment and pair estimators divide by sums that vanish on constant windows: NaN or inf there
# is the answer, not a problem worth a warning (the spectral and ordinal engines keep theirs).
def _quiet(compute):
    @functools.wraps(compute)
    def quiet(x: Windows, name: str):
        with np.errstate(invalid="ignore", divide="ignore"):
            return compute(x, name)

    return quiet


def _g1(m2, m3, w):
    return np.sqrt(w) * m3 / m2**1.5


def _g2(m2, m4, w):
    return w * m4 / (m2 * m2) - 3.0


def _adjust_skew(g1, w):
    return g1 * np.sqrt(w * (w - 1.0)) / (w - 2.0)


def _adjust_excess(g2, w):
    return ((w + 1.0) * g2 + 6.0) * (w - 1.0) / ((w - 2.0) * (w - 3.0))


def _acf(x: Windows, lag: int):
    # R acf: window mean, lagged products over the window's sum of squares
    mean, m2, _, _ = x.moments()
    ma, mb, _, _, c = x.pairs(lag)
    return (c + (x.window - lag) * (ma - mean) * (mb - mean)) / m2


def _ar1(x: Windows):
    ma, mb, sa, _, c = x.pairs(1)
    if x.conv.ar1 == "ols":
        return c / sa
    # R ar.ols(demean=TRUE, intercept=FALSE): x_j - m regressed on x_{j-1} - m without
    # intercept, m the window mean; sums over the w - 1 pairs shifted from pair means to m
    mean = x.moments()[0]
    p = x.window - 1.0
    return (c + p * (ma - mean) * (mb - mean)) / (sa + p * (ma - mean) ** 2)


@_quiet
def _variance(x: Windows, name: str):
    return x.moments()[1] / (x.window - 1)


@_quiet
def _std(x: Windows, name: str):
    return np.sqrt(_variance(x, name))


@_quiet
def _cv(x: Windows, name: str):
    std = _std(x, name)
    if x.conv.cv == "window_mean":
        return std / x.moments()[0]
    return std / _kernels.move_mean(x.raw, window=x.window, min_count=x.window, parallel=x.parallel)


@_quiet
def _skewness(x: Windows, name: str):
    _, m2, m3, _ = x.moments()
    g1 = _g1(m2, m3, x.window)
    if x.conv.moments == "biased":
        return np.abs(g1) if x.conv.abs_skew else g1
    return _adjust_skew(g1, x.window)


@_quiet
def _excess_kurtosis(x: Windows, name: str):
    _, m2, _, m4 = x.moments()
    g2 = _g2(m2, m4, x.window)
    return _adjust_excess(g2, x.window) if x.conv.moments == "adjusted" else g2


@_quiet
def _kurtosis(x: Windows, name: str):
    return _excess_kurtosis(x, name) + 3.0


@_quiet
def _bimodality(x: Windows, name: str):
    _, m2, m3, m4 = x.moments()
    w = x.window
    return bimodality_coefficient(_adjust_skew(_g1(m2, m3, w), w), _adjust_excess(_g2(m2, m4, w), w), w)


@_quiet
def _ar1_indicator(x: Windows, name: str):
    return _ar1(x)


@_quiet
def _return_rate(x: Windows, name: str):
    phi = _ar1(x)
    if x.conv.return_rate == "inverse":
        return 1.0 / phi
    return np.where(phi > 0, -np.log(np.where(phi > 0, phi, 1.0)), np.nan)


@_quiet
def _density_ratio(x: Windows, name: str):
    r = _acf(x, 1)
    # R (spec.ar(window, n.freq = w, order = 1)): the second of w frequencies over [0, 0.5]
    f_low = x.conv.density_low if x.conv.density_low is not None else 0.5 / (x.window - 1)
    return (1.0 + r) ** 2 / (1.0 - 2.0 * r * np.cos(2.0 * np.pi * f_low) + r * r)


def _autocorrelation(lag: int):
    @_quiet
    def compute(x: Windows, name: str):
        if lag >= x.window - 1:
            raise InputError(f"{name} needs a window longer than lag + 1 = {lag + 1} points, got {x.window}")
        if x.conv.ac == "acf":
            return _acf(x, lag)
        _, _, sa, sb, c = x.pairs(lag)
        return c / np.sqrt(sa * sb)

    return compute


def _spectral(x: Windows, name: str):
    def joint():
        from tsdyn.ews.spectral import rolling_spectral

        return rolling_spectral(x.resid, window=x.window, names=x.peers(_spectral), **x.options["spectral"])

    return x.shared(_spectral, joint)[name]


def _ordinal(x: Windows, name: str):
    return x.shared(_ordinal, lambda: _ordinal_joint(x))[name]


def _ordinal_joint(x: Windows) -> dict[str, np.ndarray]:
    from tsdyn.ordinal.rolling import rolling_complexity_entropy, rolling_permutation_entropy

    resid, w, options = x.resid, x.window, x.options["ordinal"]
    gaps = np.isnan(resid)
    # the ordinal engine skips windows holding NaN ("omit"); afterwards every rolling window
    # with a NaN is set to NaN, as for the other indicators
    policy = "omit" if gaps.any() else "raise"
    if "complexity" in x.names:
        res = rolling_complexity_entropy(resid, window=w, nan_policy=policy, **options)
        values = {"permutation_entropy": np.asarray(res.entropy), "complexity": np.asarray(res.complexity)}
    else:
        values = {
            "permutation_entropy": rolling_permutation_entropy(resid, window=w, nan_policy=policy, **options)
        }
    if policy == "omit":
        count = np.cumsum(np.c_[np.zeros(len(resid)), gaps], axis=1)
        in_window = np.full(resid.shape, True)
        in_window[:, w - 1 :] = (count[:, w:] - count[:, :-w]) > 0
        for arr in values.values():
            arr[in_window] = np.nan
    return values


def _ordinal_min_window(options: Mapping[str, Mapping[str, Any]]) -> int:
    # one ordinal pattern spans (m - 1) tau + 1 samples
    ordinal = options.get("ordinal", {})
    m, tau = ordinal.get("m", 3), ordinal.get("tau", 1)
    if isinstance(m, int) and isinstance(tau, int):  # else the ordinal engine says what is wrong
        return (m - 1) * tau + 1
    return 2


def _sample_entropy(x: Windows, name: str):
    from tsdyn.entropy.rolling import rolling_sample_entropy

    policy = "omit" if np.isnan(x.resid).any() else "raise"
    return np.asarray(rolling_sample_entropy(x.resid, window=x.window, nan_policy=policy))


def _dfa(x: Windows, name: str):
    from tsdyn.fractal.rolling import ewstools_scales, rolling_dfa

    policy = "omit" if np.isnan(x.resid).any() else "raise"
    scales = ewstools_scales(x.window) if x.conv.name == "ewstools" else None
    return np.asarray(rolling_dfa(x.resid, window=x.window, scales=scales, nan_policy=policy))


def _recurrence(x: Windows, name: str):
    from tsdyn.recurrence.rolling import ews_indicators

    return x.shared(_recurrence, lambda: ews_indicators(x.resid, x.window))[name]


def _arn(x: Windows, name: str):
    from tsdyn.ews.autoregressive import rolling_arn

    def joint():
        fit = rolling_arn(x.resid, window=x.window, order_max=_ARN_ORDER_MAX, demean=x.conv.arn_demean)
        return {f"arn_{key}": values for key, values in fit._asdict().items()}

    return x.shared(_arn, joint)[name]


_ARN_ORDER_MAX = 6  # R generic_ews(AR_n = TRUE): ar.ols(aic = TRUE, order.max = 6)


def _points(n: int) -> Callable[[Mapping[str, Any]], int]:
    return lambda options: n


# --- the registry: one row per indicator --------------------------------------------------

for _row in (
    Indicator(name="variance", long_name="rolling variance", min_window=_points(2), compute=_variance),
    Indicator(name="std", long_name="rolling standard deviation", min_window=_points(2), compute=_std),
    Indicator(name="cv", long_name="rolling coefficient of variation", min_window=_points(2), compute=_cv),
    Indicator(name="skewness", long_name="rolling skewness", min_window=_points(3), compute=_skewness),
    Indicator(
        name="kurtosis", long_name="rolling kurtosis (normal = 3)", min_window=_points(4), compute=_kurtosis
    ),
    Indicator(
        name="excess_kurtosis",
        long_name="rolling excess kurtosis (normal = 0)",
        min_window=_points(4),
        compute=_excess_kurtosis,
    ),
    Indicator(
        name="ac1",
        long_name="rolling lag-1 autocorrelation",
        min_window=_points(3),
        compute=_autocorrelation(1),
    ),
    Indicator(
        name="ar1", long_name="rolling AR(1) coefficient", min_window=_points(3), compute=_ar1_indicator
    ),
    Indicator(
        name="return_rate", long_name="rolling return rate", min_window=_points(3), compute=_return_rate
    ),
    Indicator(
        name="density_ratio",
        long_name="rolling low/high frequency spectral density ratio",
        min_window=_points(3),
        compute=_density_ratio,
    ),
    Indicator(
        name="smax", long_name="rolling peak of the power spectrum", min_window=_points(8), compute=_spectral
    ),
    Indicator(
        name="aic_fold", long_name="AIC weight of the fold spectrum", min_window=_points(8), compute=_spectral
    ),
    Indicator(
        name="aic_hopf", long_name="AIC weight of the Hopf spectrum", min_window=_points(8), compute=_spectral
    ),
    Indicator(
        name="aic_null",
        long_name="AIC weight of the white-noise spectrum",
        min_window=_points(8),
        compute=_spectral,
    ),
    Indicator(
        name="bimodality",
        long_name="rolling bimodality coefficient",
        min_window=_points(4),
        compute=_bimodality,
    ),
    Indicator(
        name="permutation_entropy",
        long_name="rolling normalized permutation entropy",
        min_window=_ordinal_min_window,
        compute=_ordinal,
    ),
    Indicator(
        name="complexity",
        long_name="rolling Jensen-Shannon statistical complexity",
        min_window=_ordinal_min_window,
        compute=_ordinal,
    ),
    Indicator(
        name="sample_entropy",
        long_name="rolling sample entropy",
        min_window=_points(4),
        compute=_sample_entropy,
    ),
    # AR(n) by AIC up to order 6 (R's generic_ews AR_n): order 6 needs more than 7 points
    Indicator(name="arn_order", long_name="rolling AIC-chosen AR order", min_window=_points(8), compute=_arn),
    Indicator(
        name="arn_b1",
        long_name="rolling first coefficient of the AR(n) fit",
        min_window=_points(8),
        compute=_arn,
    ),
    Indicator(
        name="arn_max_root",
        long_name="rolling largest root modulus of the AR(n) fit",
        min_window=_points(8),
        compute=_arn,
    ),
    Indicator(
        name="arn_det",
        long_name="rolling |det B|^(2/p) of the AR(n) fit (squared geometric mean root)",
        min_window=_points(8),
        compute=_arn,
    ),
    # DFA-1 with its default scales needs two window lengths up to a tenth of the window
    Indicator(name="dfa", long_name="rolling DFA exponent", min_window=_points(58), compute=_dfa),
):
    register_indicator(_row)

# windowed RQA (tsdyn.recurrence): two-point delay vectors need four samples for a line of two
for _name, _long in (
    ("recurrence_rate", "rolling recurrence rate"),
    ("determinism", "rolling determinism"),
    ("laminarity", "rolling laminarity"),
    ("trapping_time", "rolling trapping time"),
):
    register_indicator(Indicator(name=_name, long_name=_long, min_window=_points(4), compute=_recurrence))

register_family(
    r"^ac([1-9][0-9]*)$",
    "ac<k>",
    lambda m: Indicator(
        name=m.group(0),
        long_name=f"rolling lag-{m.group(1)} autocorrelation",
        min_window=_points(int(m.group(1)) + 2),
        compute=_autocorrelation(int(m.group(1))),
    ),
)

#: The registered indicators' names (``ac<k>`` stands for every lag; ``ac1`` is listed).
INDICATORS = indicator_names()
