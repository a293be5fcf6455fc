"""Classify a series as regular, chaotic or stochastic from its ordinal patterns, with the evidence.

This is the **ordinal evidence** for :func:`tsdyn.chaos.classify`, which gives the
verdict on combined evidence (exact periodicity, the 0-1 test, the largest
Lyapunov exponent with its error, nonlinear prediction against surrogates,
cycle independence, and this label as a veto). On its own, the ordinal label
mistakes nonlinearity for chaos: a map's periodic window, a periodic signal
sampled a few times per period, relaxation oscillations and spike trains
come out ``chaotic`` here because the surrogate test detects nonlinearity,
not chaos. It stays, unchanged, for compatibility and as evidence; use
:func:`tsdyn.chaos.classify` for a verdict.

The rule (m = 5 by default; every threshold is a parameter)
-----------------------------------------------------------
1. **Delay.** Unless ``tau`` is given, PECCARY's timescale criterion
   (:func:`tsdyn.ordinal.tau.choose_delay`): pattern timescale
   ``(m-1) tau`` = ``ratio`` x natural timescale (mean crossings).
2. **Enough data?** ``undetermined`` if the natural timescale does not
   exist (fewer than two mean crossings), the series spans less than 1.5
   natural timescales (PECCARY's minimum duration), or it holds fewer than
   ``min_windows`` patterns (default 5 m!, so each pattern is expected about
   5 times under white noise).
3. **Determinism against surrogates.** The series is first cut to the
   segment (at least 90 % of it) whose ends match best
   (:func:`tsdyn.surrogates.match_ends`): without that, the jump between
   its ends makes the surrogates of short quasi-periodic series noisier
   than the series and such a series looked chaotic. ``n_surrogates`` IAAFT surrogates
   (same values and, approximately, same spectrum: a linear Gaussian process
   seen through a monotone transform) give the null distribution of H at the
   same m and tau. If the series' H is below every surrogate's
   (rank p-value <= ``alpha``), lies ``z_min`` (2) or more standard
   deviations below their mean, *and* at least ``gap_min`` (0.01) below it,
   the series is ``chaotic``: more ordinal structure than its spectrum
   explains. The gap is an effect size that does not grow with the length:
   regular nonlinear oscillations (harmonics locked in phase) also differ
   from their surrogates, significantly so in long series, but by a few
   thousandths (a regular Henon-Heiles orbit 0.004-0.008), while the
   chaotic examples differ by 0.02-0.03 (Henon-Heiles at E = 1/8) to 0.35
   (Henon map). A gap of at least ``gap_min`` that is not significant (short
   series: the surrogates' spread is wide) gives ``undetermined``. Red and
   pink noise sit in the "complex" part of the C-H plane, which is why the
   plane alone cannot separate them from chaos; their surrogates match them,
   so they fail this test.
4. **The C-H plane.** Otherwise (no evidence of nonlinear determinism) the
   series is ``regular`` if H <= H_maxPer = ln(2(2(m-2)+1)) / ln m!, the top
   of PECCARY's periodic band (at most the patterns a sampled sine can make,
   so periodic and quasi-periodic signals, whose line spectra the surrogates
   reproduce, land here), else ``stochastic``.

Limits: with a delay far below PECCARY's range (pattern timescale under
about 0.1 natural timescale, e.g. tau = 1 on a smooth, finely sampled
sine), the patterns probe the smallest scales, where IAAFT reproduces the
spectrum least well, and a regular signal can show a spurious entropy gap;
keep ``ratio`` in 0.3 to 0.5 (or pass ``tau`` accordingly). The verdict
against series length is tabulated in docs/ordinal_classification.md.

Missing patterns are reported with two tests (white noise of the same
length, :func:`tsdyn.ordinal.missing.missing_patterns_test`; and the
surrogates' counts) but do not decide: a quasi-periodic orbit misses more
patterns than its own surrogates, so a missing-pattern excess does not tell
chaos from regular motion. The statistical complexity is reported with its
surrogate z-score as well.

>>> import numpy as np
>>> from tsdyn.ordinal.classification import classify
>>> x = np.random.default_rng(0).standard_normal(2000)
>>> classify(x, seed=1, n_surrogates=19).label
'stochastic'
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import check_time_last, checked_series, map_series, per_window
from tsdyn.errors import InputError, check_int, check_real, window_points
from tsdyn.ordinal.complexity import complexity_entropy
from tsdyn.ordinal.missing import missing_patterns, missing_patterns_test
from tsdyn.ordinal.multiscale import int_list, multiscale_complexity_entropy
from tsdyn.ordinal.tau import crossing_period
from tsdyn.rng import Seed, as_seed_sequence
from tsdyn.surrogates import match_ends, surrogates

__all__ = ["LABELS", "Classification", "classify", "periodic_band", "rolling_classify"]

LABELS = ("regular", "chaotic", "stochastic", "undetermined")


def periodic_band(m: int) -> tuple[float, float]:
    """PECCARY's periodic band of normalized entropy: (ln 2, ln(2(2(m-2)+1))) / ln m!.

    A sampled periodic signal makes at least 2 and at most ``2(2(m-2)+1)`` of
    the ``m!`` ordinal patterns; its normalized permutation entropy lies in
    this band (:func:`classify` calls a series regular below its top).

    Parameters
    ----------
    m : int
        Pattern length (at least 3).

    Returns
    -------
    low, high : float
        The band's bounds.

    See Also
    --------
    classify : Uses the band's top.
    complexity_entropy : The entropy compared with it.

    Examples
    --------
    >>> [round(h, 4) for h in periodic_band(5)]
    [0.1448, 0.5512]
    """
    m = check_int(m, "m", minimum=3)
    log_n = math.lgamma(m + 1)  # ln m! without computing m! (m = 10**9 would take hours)
    return math.log(2) / log_n, math.log(2 * (2 * (m - 2) + 1)) / log_n


@dataclass(frozen=True)
class Classification:
    """A verdict and its evidence (numpy arrays over series for N-D input).

    The evidence of a test that did not run (a series too short) is NaN.

    Attributes
    ----------
    label : str
        ``"regular"``, ``"chaotic"``, ``"stochastic"`` or ``"undetermined"``.
    reason : str
        Why, in words, with the numbers that decided.
    tau : float
        Delay used, in samples (NaN when none could be chosen).
    natural_timescale : float
        Mean crossing period, in samples.
    entropy, complexity : float
        Normalized permutation entropy H and statistical complexity C.
    entropy_gap : float
        Mean H of the surrogates minus H.
    entropy_z, entropy_p : float
        z-score of H among the surrogates' and its rank p-value (H below them).
    complexity_z, complexity_p : float
        The same for C (rank p-value of C above them).
    missing : float
        Patterns never seen.
    missing_surrogate_max : float
        Most patterns missing from any surrogate.
    missing_white_noise_p : float
        p-value of the missing patterns against white noise of the same length.
    taus, entropy_curve, complexity_curve : numpy.ndarray
        H and C at each delay of ``taus``.

    See Also
    --------
    classify : Computes it.
    tsdyn.chaos.classify : The verdict on combined evidence.

    Examples
    --------
    >>> res = classify(np.random.default_rng(0).standard_normal(200), seed=0)
    >>> res.label, res.reason
    ('undetermined', 'too short: 196 patterns (need 600) over 47.98 natural timescales (need 1.5)')
    >>> res.entropy_curve.shape  # the H curve over taus is reported anyway
    (50,)
    """

    label: str | np.ndarray
    reason: str | np.ndarray
    tau: float | np.ndarray  # delay used, samples
    natural_timescale: float | np.ndarray  # samples (mean crossings)
    entropy: float | np.ndarray
    complexity: float | np.ndarray
    entropy_gap: float | np.ndarray  # mean H_surr - H
    entropy_z: float | np.ndarray  # (H - mean H_surr) / sd H_surr
    entropy_p: float | np.ndarray  # rank p-value of H below the surrogates'
    complexity_z: float | np.ndarray
    complexity_p: float | np.ndarray  # rank p-value of C above the surrogates'
    missing: float | np.ndarray  # patterns never seen
    missing_surrogate_max: float | np.ndarray
    missing_white_noise_p: float | np.ndarray
    taus: np.ndarray  # delays of the H, C curves
    entropy_curve: np.ndarray
    complexity_curve: np.ndarray


_CURVES = ("entropy_curve", "complexity_curve")
_SCALARS = [f.name for f in fields(Classification) if f.name not in ("taus", *_CURVES)]
_TEXT = ("label", "reason")


def _rank_p(value, null, below: bool) -> float:
    hits = np.count_nonzero(null <= value) if below else np.count_nonzero(null >= value)
    return (1 + hits) / (1 + null.size)


def _z(value, null) -> float:
    sd = null.std(ddof=1)
    return float((value - null.mean()) / sd) if sd > 0 else np.nan


def _classify_one(x, *, m, tau, ratio, n_surrogates, alpha, z_min, gap_min, min_windows, taus, seed):
    n = x.size
    t_nat = float(crossing_period(x[None, :])[0])
    out: dict[str, Any] = dict.fromkeys(_SCALARS, np.nan)
    out.update(label="undetermined", natural_timescale=t_nat)
    if tau is None:
        tau = max(1, round(ratio * t_nat / (m - 1))) if np.isfinite(t_nat) else None
    curve_taus = taus[(m - 1) * taus < n]
    # classify has its own length rule (min_windows, the verdict "undetermined"), so the
    # measures below accept any series with one pattern
    curves = (
        multiscale_complexity_entropy(x, m=m, taus=curve_taus, allow_short=True) if curve_taus.size else None
    )
    out["curves"] = (
        (curve_taus, curves.entropy, curves.complexity) if curves else (curve_taus, np.empty(0), np.empty(0))
    )
    if tau is None:
        out["reason"] = "fewer than two crossings of the mean: no natural timescale"
        return out
    out["tau"] = float(tau)
    windows = n - (m - 1) * tau
    if windows < min_windows or n < 1.5 * t_nat:
        out["reason"] = (
            f"too short: {max(windows, 0)} patterns (need {min_windows}) over {n / t_nat:.2f} "
            "natural timescales (need 1.5)"
        )
        return out
    start, stop = match_ends(x)
    x = x[start:stop]
    h, c = complexity_entropy(x, m=m, tau=tau, allow_short=True)
    sur = surrogates(x, n_surrogates=n_surrogates, method="iaaft", seed=seed)
    hs, cs = complexity_entropy(sur, m=m, tau=tau, allow_short=True)
    miss = missing_patterns(x, m=m, tau=tau, allow_short=True).missing
    miss_s = missing_patterns(sur, m=m, tau=tau, allow_short=True).missing
    white = missing_patterns_test(x, m=m, tau=tau, n_surrogates=199, seed=seed, allow_short=True)
    out.update(
        entropy=h,
        complexity=c,
        entropy_gap=float(hs.mean() - h),
        entropy_z=_z(h, hs),
        entropy_p=_rank_p(h, hs, below=True),
        complexity_z=_z(c, cs),
        complexity_p=_rank_p(c, cs, below=False),
        missing=miss,
        missing_surrogate_max=float(miss_s.max()),
        missing_white_noise_p=float(white.p_value),
    )
    top = periodic_band(m)[1]
    structured = out["entropy_gap"] >= gap_min
    significant = out["entropy_p"] <= alpha and out["entropy_z"] <= -z_min
    if structured and significant:
        out.update(
            label="chaotic",
            reason=f"entropy {out['entropy_gap']:.3f} ({out['entropy_z']:.1f} sd) below {n_surrogates} "
            f"IAAFT surrogates (p = {out['entropy_p']:.3f})",
        )
    elif structured:
        out.update(
            reason=f"entropy {out['entropy_gap']:.3f} below the surrogates but not significantly "
            f"(z = {out['entropy_z']:.1f}, p = {out['entropy_p']:.3f}): too little data to tell"
        )
    elif h <= top:
        out.update(
            label="regular", reason=f"in the periodic band (H = {h:.3f} <= {top:.3f}), surrogates match"
        )
    else:
        out.update(label="stochastic", reason=f"H = {h:.3f} above the periodic band and the surrogates match")
    return out


def _check_common(
    m, tau, ratio, n_surrogates, alpha, z_min, gap_min, min_windows, taus
) -> tuple[int, int | None, int, int, np.ndarray]:
    m = check_int(m, "m", minimum=3, maximum=8)
    if tau is not None:
        tau = check_int(tau, "tau", minimum=1)
    check_real(ratio, "ratio", minimum=0, inclusive=(False, True))
    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=1)
    check_real(alpha, "alpha", minimum=0, maximum=1, inclusive=(False, False))
    if 1 / (1 + n_surrogates) > alpha:
        raise InputError(
            f"n_surrogates = {n_surrogates} cannot reach p <= alpha = {alpha}: "
            f"need at least {math.ceil(1 / alpha - 1)}"
        )
    check_real(z_min, "z_min", minimum=0)
    check_real(gap_min, "gap_min", minimum=0)
    min_windows = (
        5 * math.factorial(m) if min_windows is None else check_int(min_windows, "min_windows", minimum=1)
    )
    return m, tau, n_surrogates, min_windows, int_list(taus, "taus")


def classify(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 5,
    tau: int | None = None,
    ratio: float = 0.4,
    n_surrogates: int = 39,
    alpha: float = 0.05,
    z_min: float = 2.0,
    gap_min: float = 0.01,
    min_windows: int | None = None,
    taus: int | Iterable[int] = range(1, 51),
    seed: Seed = None,
) -> SeriesResult:
    """Classify every series as ``regular``, ``chaotic``, ``stochastic`` or ``undetermined``.

    The rule is in the module docstring.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``. NaN is refused.
    dim : str
        The time dimension.
    m : int
        Embedding dimension (3 to 8; PECCARY uses 5).
    tau : int, optional
        Delay in samples; default: PECCARY's timescale criterion with ``ratio``.
    ratio : float
        Pattern timescale over natural timescale (PECCARY: 0.3 to 0.5).
    n_surrogates : int
        IAAFT surrogates per series (at least 1/alpha - 1).
    alpha, z_min, gap_min : float
        Determinism needs the rank p-value <= alpha and H at least z_min
        surrogate standard deviations and gap_min below their mean.
    min_windows : int, optional
        Fewest patterns for a verdict (default 5 m!).
    taus : sequence of int
        Delays of the reported H and C curves (those that fit in the series).
    seed : None, int, SeedSequence or Generator
        Seeds the surrogates and the white-noise test; series ``i`` uses the
        i-th spawned child.

    Returns
    -------
    :class:`Classification` for numpy and pandas input (fields are arrays
    over series for N-D input); a Dataset for xarray input, with ``label``
    and ``reason`` as string variables and the curves along ``delay``.

    See Also
    --------
    tsdyn.chaos.classify : The verdict on combined evidence (this label is one of them).
    complexity_entropy : The C-H plane.
    periodic_band : The band of periodic signals.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.empty(3000)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    >>> res = classify(x, seed=0, n_surrogates=19)
    >>> res.label, int(res.tau), bool(res.entropy_z < -10)
    ('chaotic', 1, True)
    """
    m, tau, n_surrogates, min_windows, taus = _check_common(
        m, tau, ratio, n_surrogates, alpha, z_min, gap_min, min_windows, taus
    )
    da = checked_series(x, dim=dim)
    # numpy's (time, variable) read along its short last axis: many "undetermined" series
    check_time_last(x, (m - 1) + math.factorial(m))
    options = {
        "m": m,
        "tau": tau,
        "ratio": ratio,
        "n_surrogates": n_surrogates,
        "alpha": alpha,
        "z_min": z_min,
        "gap_min": gap_min,
        "min_windows": min_windows,
        "taus": taus,
    }
    kinds = {name: (object if name in _TEXT else np.float64, ()) for name in _SCALARS}
    results = map_series(
        functools.partial(_classify_block, options=options),
        da,
        {**kinds, **dict.fromkeys(_CURVES, (np.float64, ("delay",)))},
        dim=dim,
        seed=seed,
        sizes={"delay": taus.size},
    )
    params = {
        "m": m,
        "ratio": ratio,
        "n_surrogates": n_surrogates,
        "alpha": alpha,
        "z_min": z_min,
        "gap_min": gap_min,
    }
    return _assemble(results, da, x, params, taus)


def _classify_block(rows, index, seeds, *, options) -> dict[str, np.ndarray]:
    results = [_classify_one(row, **options, seed=child) for row, child in zip(rows, seeds, strict=True)]
    out = {
        name: np.array([r[name] for r in results], dtype=object if name in _TEXT else np.float64)
        for name in _SCALARS
    }
    taus = options["taus"]
    for key, at in zip(_CURVES, (1, 2), strict=True):
        arr = np.full((len(results), taus.size), np.nan)
        for i, r in enumerate(results):
            got = r["curves"]
            arr[i, np.searchsorted(taus, got[0])] = got[at]
        out[key] = arr
    return out


def _assemble(results: dict, da, x, params, taus):
    if isinstance(x, xr.DataArray | xr.Dataset):
        if da.chunks is None:  # text as numpy strings; under dask it stays object until computed
            results.update({k: results[k].astype(str) for k in _TEXT})
        ds = xr.Dataset(results).assign_coords(delay=taus)
        ds.attrs = {"tsdyn_function": public_name(classify), **params}
        return ds
    values = {k: v.values for k, v in results.items()}
    if da.ndim == 1:
        values.update({k: values[k].item() for k in _SCALARS})
    return Classification(taus=taus, **values)


@dataclass(frozen=True)
class RollingClassification:
    """Verdicts of consecutive windows of one series (arrays over windows)."""

    start: np.ndarray  # first sample of each window
    stop: np.ndarray  # one past its last sample
    label: np.ndarray
    entropy: np.ndarray
    complexity: np.ndarray
    entropy_z: np.ndarray


def rolling_classify(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: float | int,
    step: int | None = None,
    m: int = 5,
    tau: int | None = None,
    ratio: float = 0.4,
    n_surrogates: int = 39,
    alpha: float = 0.05,
    z_min: float = 2.0,
    gap_min: float = 0.01,
    min_windows: int | None = None,
    seed: Seed = None,
) -> RollingClassification | xr.Dataset | SeriesResult:
    """Classify consecutive windows of one series, to see where its behaviour changes.

    One delay serves every window so that the windows are comparable: ``tau``
    or, by default, PECCARY's criterion applied to the whole series. Each
    window is then classified as by :func:`classify` (its own surrogates).
    For the cheap continuous picture, :func:`tsdyn.ordinal.rolling.rolling_complexity_entropy`
    gives H and C at every sample.

    Parameters
    ----------
    x : 1-D array-like, pandas Series or 1-D DataArray
        The series.
    dim : str
        Its time dimension (DataArray input).
    window : int or float
        Samples per window (an int), or a fraction of the series (a float in (0, 1)).
    step : int, optional
        Samples between window starts (default: window // 2).
    m, tau, ratio, n_surrogates, alpha, z_min, gap_min, min_windows, seed
        As in :func:`classify`.

    Returns
    -------
    RollingClassification, Dataset or DataFrame
        numpy input: a ``RollingClassification`` (arrays over windows: ``start``,
        ``stop`` and the fields below). xarray input: a Dataset over
        ``window`` (``label``, ``entropy``, ``complexity``, ``entropy_z``) with
        coordinates ``start``, ``stop`` and ``dim`` (the time of each window's last
        sample). pandas input: a DataFrame indexed by that time, one column per
        field, and ``start`` and ``stop``.

    See Also
    --------
    classify : The whole series.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(4000)
    >>> x = np.where(t < 2000, np.sin(2 * np.pi * t / 25), np.random.default_rng(0).standard_normal(4000))
    >>> res = rolling_classify(x, window=1000, step=1000, m=4, tau=2, seed=0, n_surrogates=19)
    >>> res.label.tolist()
    ['regular', 'regular', 'stochastic', 'stochastic']
    """
    m, tau, n_surrogates, min_windows, _ = _check_common(
        m, tau, ratio, n_surrogates, alpha, z_min, gap_min, min_windows, [1]
    )
    a = np.asarray(checked_series(x, dim=dim, lazy=False).values, dtype=np.float64)
    if a.ndim != 1:
        raise InputError(f"rolling_classify takes one series (1-D), got shape {a.shape}")
    window = window_points(window, a.size, minimum=(m - 1) + 2)
    step = window // 2 if step is None else check_int(step, "step", minimum=1)
    if window > a.size:
        raise InputError(f"window = {window} is longer than the series ({a.size} samples)")
    if tau is None:
        t_nat = float(crossing_period(a[None, :])[0])
        if not np.isfinite(t_nat):
            raise InputError(
                "x has fewer than two crossings of its mean: no natural timescale to set tau; pass tau"
            )
        tau = max(1, round(ratio * t_nat / (m - 1)))
    starts = np.arange(0, a.size - window + 1, step)
    children = as_seed_sequence(seed).spawn(starts.size)
    rows = [
        _classify_one(
            a[s : s + window],
            m=m,
            tau=tau,
            ratio=ratio,
            n_surrogates=n_surrogates,
            alpha=alpha,
            z_min=z_min,
            gap_min=gap_min,
            min_windows=min_windows,
            taus=np.array([tau]),
            seed=child,
        )
        for s, child in zip(starts, children, strict=True)
    ]
    columns = {
        "label": np.array([r["label"] for r in rows], dtype=object),
        "entropy": np.array([r["entropy"] for r in rows]),
        "complexity": np.array([r["complexity"] for r in rows]),
        "entropy_z": np.array([r["entropy_z"] for r in rows]),
    }
    attrs = {
        "tsdyn_function": public_name(rolling_classify),
        "window": window,
        "step": step,
        "m": m,
        "tau": tau,
    }
    labelled = per_window(x, columns, starts, starts + window, dim=dim, attrs=attrs)
    return (
        RollingClassification(start=starts, stop=starts + window, **columns) if labelled is None else labelled
    )
