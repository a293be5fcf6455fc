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
  at a low frequency to that at f = 0.5, with r the lag-1 ``acf`` (Yule-Walker);
- ``smax``, ``aic_fold``, ``aic_hopf``, ``aic_null``: spectral indicators (:mod:`tsdyn.ews.spectral`);
- ``bimodality`` the bimodality coefficient (SAS Institute; Pfister et al. 2013, Front.
  Psychol. 4:700) :math:`(G_1^2 + 1) / (G_2 + 3 (w-1)^2 / ((w-2)(w-3)))`, always from the
  adjusted :math:`G_1, G_2` (its published form): 1/3 for a normal window, 5/9 for a
  uniform one, near 1 for two separated clusters, so it rises when a system flickers
  between two states;
- ``permutation_entropy``, ``complexity``: normalized permutation entropy and
  Jensen-Shannon statistical complexity of the window's ordinal patterns, from
  :func:`tsdyn.ordinal.rolling.rolling_complexity_entropy` (pattern length ``m``,
  delay ``tau``, ``ties`` set by the ``ordinal`` options; default m = 3, tau = 1).

The ``earlywarnings`` convention swaps in R's estimators (biased moments,
\\|skewness\\|, ``acf``, ``ar.ols``; see :mod:`tsdyn.ews.conventions`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from tsdyn.errors import InputError
from tsdyn.ews import _kernels
from tsdyn.ews.conventions import Convention

__all__ = [
    "INDICATORS",
    "LONG_NAMES",
    "bimodality_coefficient",
    "check_indicators",
    "compute_indicators",
    "min_window",
]

INDICATORS = (
    "variance",
    "std",
    "cv",
    "skewness",
    "kurtosis",
    "excess_kurtosis",
    "ac1",
    "ar1",
    "return_rate",
    "density_ratio",
    "smax",
    "aic_fold",
    "aic_hopf",
    "aic_null",
    "bimodality",
    "permutation_entropy",
    "complexity",
)
SPECTRAL = ("smax", "aic_fold", "aic_hopf", "aic_null")
ORDINAL = ("permutation_entropy", "complexity")
LONG_NAMES = {
    "variance": "rolling variance",
    "std": "rolling standard deviation",
    "cv": "rolling coefficient of variation",
    "skewness": "rolling skewness",
    "kurtosis": "rolling kurtosis (normal = 3)",
    "excess_kurtosis": "rolling excess kurtosis (normal = 0)",
    "ar1": "rolling AR(1) coefficient",
    "return_rate": "rolling return rate",
    "density_ratio": "rolling low/high frequency spectral density ratio",
    "smax": "rolling peak of the power spectrum",
    "aic_fold": "AIC weight of the fold spectrum",
    "aic_hopf": "AIC weight of the Hopf spectrum",
    "aic_null": "AIC weight of the white-noise spectrum",
    "bimodality": "rolling bimodality coefficient",
    "permutation_entropy": "rolling normalized permutation entropy",
    "complexity": "rolling Jensen-Shannon statistical complexity",
}
_AC = re.compile(r"^ac([1-9][0-9]*)$")


def long_name(name: str) -> str:
    m = _AC.match(name)
    return f"rolling lag-{m.group(1)} autocorrelation" if m else LONG_NAMES[name]


def check_indicators(names) -> tuple[str, ...]:
    """Validate indicator names (``ac<k>`` for any lag k >= 1)."""
    if isinstance(names, str):
        names = (names,)
    names = tuple(names)
    if not names:
        raise InputError("indicators is empty; name at least one, e.g. ('variance', 'ac1')")
    for name in names:
        if name not in INDICATORS and not (isinstance(name, str) and _AC.match(name)):
            raise InputError(f"unknown indicator {name!r}; choose from {', '.join(INDICATORS)} or ac<k>")
    if len(set(names)) != len(names):
        raise InputError(f"indicators lists a name twice: {names}")
    return names


def _lag(name: str) -> int:
    m = _AC.match(name)
    return int(m.group(1)) if m else 1


def min_window(names: Sequence[str], ordinal: dict | None = None) -> int:
    """Fewest points per window that every requested indicator needs."""
    need = 2
    for name in names:
        if name in ("skewness",):
            need = max(need, 3)
        elif name in ("kurtosis", "excess_kurtosis", "bimodality"):
            need = max(need, 4)
        elif name in ORDINAL:
            # one ordinal pattern spans (m - 1) tau + 1 samples
            m, tau = (ordinal or {}).get("m", 3), (ordinal or {}).get("tau", 1)
            if isinstance(m, int) and isinstance(tau, int):  # else the ordinal engine says what is wrong
                need = max(need, (m - 1) * tau + 1)
        elif name in ("ar1", "return_rate", "density_ratio") or _AC.match(name):
            need = max(need, _lag(name) + 2)
        elif name in SPECTRAL:
            need = max(need, 8)
    return need


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
    w = int(window)
    resid = np.ascontiguousarray(resid, dtype=np.float64)
    raw = resid if raw is None else np.ascontiguousarray(raw, dtype=np.float64)
    out: dict[str, np.ndarray] = {}
    cache: dict = {}

    def moments():
        if "m" not in cache:
            cache["m"] = _kernels.rolling_moments(resid, window=w, parallel=parallel)
        return cache["m"]

    def pairs(lag):
        if lag not in cache:
            cache[lag] = _kernels.rolling_pairs(resid, window=w, lag=lag, parallel=parallel)
        return cache[lag]

    with np.errstate(invalid="ignore", divide="ignore"):
        for name in names:
            if name in SPECTRAL or name in ORDINAL:
                continue
            out[name] = _one(name, w, conv, moments, pairs, raw, resid, parallel)
    if any(n in SPECTRAL for n in names):
        from tsdyn.ews.spectral import rolling_spectral

        wanted = [n for n in names if n in SPECTRAL]
        out.update(rolling_spectral(resid, window=w, names=wanted, **(spectral or {})))
    if any(n in ORDINAL for n in names):
        out.update(_ordinal(resid, w, [n for n in names if n in ORDINAL], ordinal or {}))
    if center:
        offset = (w - 1) // 2
        for name, arr in out.items():
            shifted = np.full_like(arr, np.nan)
            shifted[:, : arr.shape[1] - offset] = arr[:, offset:]
            out[name] = shifted
    return {n: out[n] for n in names}


def bimodality_coefficient(skewness, excess_kurtosis, window: int):
    """Bimodality coefficient from adjusted skewness and excess kurtosis of ``window`` points.

    Examples
    --------
    >>> round(float(bimodality_coefficient(0.0, -1.2, 10**9)), 4)  # a uniform distribution
    0.5556
    """
    w = float(window)
    return (np.square(skewness) + 1.0) / (excess_kurtosis + 3.0 * (w - 1.0) ** 2 / ((w - 2.0) * (w - 3.0)))


def _ordinal(resid, w, wanted, options):
    from tsdyn.ordinal.rolling import rolling_complexity_entropy, rolling_permutation_entropy

    gaps = np.isnan(resid)
    # the ordinal engine skips windows holding NaN ("omit"); afterwards every rolling window
    # with a NaN is set to NaN, as for the other indicators
    policy = "omit" if gaps.any() else "raise"
    if "complexity" in wanted:
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
    return {n: values[n] for n in wanted}


def _one(name, w, conv, moments, pairs, raw, resid, parallel):
    if name == "bimodality":
        _, m2, m3, m4 = moments()
        return bimodality_coefficient(_adjust_skew(_g1(m2, m3, w), w), _adjust_excess(_g2(m2, m4, w), w), w)
    if name in ("variance", "std", "cv"):
        mean, m2, _, _ = moments()
        var = m2 / (w - 1)
        if name == "variance":
            return var
        std = np.sqrt(var)
        if name == "std":
            return std
        if conv.cv == "window_mean":
            return std / mean
        return std / _kernels.move_mean(raw, window=w, min_count=w, parallel=parallel)
    if name == "skewness":
        _, m2, m3, _ = moments()
        g1 = _g1(m2, m3, w)
        if conv.moments == "biased":
            return np.abs(g1) if conv.abs_skew else g1
        return _adjust_skew(g1, w)
    if name in ("kurtosis", "excess_kurtosis"):
        _, m2, _, m4 = moments()
        g2 = _g2(m2, m4, w)
        if conv.moments == "adjusted":
            g2 = _adjust_excess(g2, w)
        return g2 if name == "excess_kurtosis" else g2 + 3.0
    if name == "density_ratio":
        r = _acf(moments, pairs, 1, w)
        f_low = conv.density_low
        if f_low is None:
            # R: the 6th of n_windows frequencies spread over [0, 0.5], with n_windows
            # counted on the residual series R analyses (one shorter after first differences)
            n_windows = np.sum(~np.isnan(resid), axis=1, keepdims=True) - w + 1.0
            f_low = np.where(n_windows >= 6, 2.5 / np.maximum(n_windows - 1, 1), np.nan)
        return (1.0 + r) ** 2 / (1.0 - 2.0 * r * np.cos(2.0 * np.pi * f_low) + r * r)
    if name in ("ar1", "return_rate"):
        phi = _ar1(moments, pairs, conv, w)
        if name == "ar1":
            return phi
        if conv.return_rate == "inverse":
            return 1.0 / phi
        return np.where(phi > 0, -np.log(np.where(phi > 0, phi, 1.0)), np.nan)
    lag = _lag(name)
    if lag >= w - 1:
        raise InputError(f"{name} needs a window longer than lag + 1 = {lag + 1} points, got {w}")
    if conv.ac == "acf":
        return _acf(moments, pairs, lag, w)
    _, _, sa, sb, c = pairs(lag)
    return c / np.sqrt(sa * sb)


def _g1(m2, m3, w):
    return np.sqrt(w) * m3 / m2**1.5


def _g2(m2, m4, w):
    return w * m4 / (m2 * m2) - 3.0


def _adjust_skew(g1, w):
    return g1 * np.sqrt(w * (w - 1.0)) / (w - 2.0)


def _adjust_excess(g2, w):
    return ((w + 1.0) * g2 + 6.0) * (w - 1.0) / ((w - 2.0) * (w - 3.0))


def _acf(moments, pairs, lag, w):
    # R acf: window mean, lagged products over the window's sum of squares
    mean, m2, _, _ = moments()
    ma, mb, _, _, c = pairs(lag)
    return (c + (w - lag) * (ma - mean) * (mb - mean)) / m2


def _ar1(moments, pairs, conv, w):
    ma, mb, sa, _, c = pairs(1)
    if conv.ar1 == "ols":
        return c / sa
    # R ar.ols(demean=TRUE, intercept=FALSE): x_j - m regressed on x_{j-1} - m without
    # intercept, m the window mean; sums over the w - 1 pairs shifted from pair means to m
    mean = moments()[0]
    p = w - 1.0
    return (c + p * (ma - mean) * (mb - mean)) / (sa + p * (ma - mean) ** 2)
