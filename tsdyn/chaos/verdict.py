"""Regular, chaotic or stochastic: a verdict on combined evidence, with the evidence.

Nonlinearity is not chaos. A surrogate test that rejects a linear Gaussian
null says the series is not a (transformed) linear process; relaxation
oscillations, periodic orbits sampled coarsely, threshold autoregressions
and squared noise reject it too. :func:`classify` therefore claims
``chaotic`` only when every line of evidence agrees, and answers
``undetermined`` when they conflict or the record is too short.

The rule (every threshold is a parameter)
-----------------------------------------
1. **Enough data.** At least ``min_length`` samples; else ``undetermined``.
2. **Exact periodicity.** If ``x[t + p] == x[t]`` for every ``t`` (to
   ``1e-9`` of the range) for some period ``p <= N / 10``: ``regular``
   (a map's periodic window, a sampled periodic signal).
3. **Enough cycles.** At least ``min_cycles`` natural timescales (the mean
   spacing of :func:`tsdyn.surrogates.cycle_boundaries` with a dead band of
   half a standard deviation, or down to the lowest decile if that is
   nearer the mean (a spike train), so noise on a slow oscillation does not
   multiply its cycles); else ``undetermined``: a short, oversampled record of a chaotic flow
   cannot be told from noise or a slowly modulated oscillation.
4. **Evidence.** The embedding: ``tau = 1`` for a map's series (the
   autocorrelation falls to 1/e within 2 samples, or the increments change
   sign more often than not in steps of a sizable part of the spread, a lag-1
   autocorrelation below 0.93: the Duffing map switches lobes slowly, while a
   finely sampled flow reverses only under observation noise, in steps of the
   noise), else the AMI delay; ``m`` by false nearest neighbours.

   * *divergence*: the largest Lyapunov exponent from data
     (:func:`lyapunov_exponent`) with its standard error; positive when a
     linear region is found and ``exponent - 2 stderr > 0``;
   * *diffusion*: the 0-1 test's K (:func:`zero_one_test`; subsampled as
     the test does, or not for map-like series);
   * *smoothness*: the smaller lag-1 autocorrelation of the first and
     second differences. Noise at the sampling scale (white, AR(1), a
     resonant AR(2)) leaves one of them below ``smooth_max``; a finely
     sampled flow is smooth to second order;
   * *cycles*: for a coherent oscillation (the autocorrelation between N/8
     and N/4 lags still swings by ``coherence_min`` or more and changes sign
     at least 4 times) or a bounded 0-1 walk, the spread of the cycle maxima
     (interquartile range over the SD) and the prediction error of each
     cycle's maximum from the previous one against cycle-shuffled
     surrogates (Theiler 1995): cycles that repeat, or vary without memory
     (a noisy limit cycle), are regular; maxima that vary with memory are
     the return map of weak chaos (SprottO) or of a torus;
   * *nonlinear determinism*: the nearest-neighbour prediction error
     ``tau`` steps ahead (:func:`prediction_error`, the smallest over the
     embedding dimensions 1, 2, 3 and ``m``: false nearest neighbours
     overestimate ``m`` for a strongly expanding map) against
     ``n_surrogates`` IAAFT surrogates of 30 iterations
     (:func:`tsdyn.surrogates.surrogate_test`, ``alternative="less"``), with
     its p-value and its ratio to the surrogates' median;
   * *recurring cycles*: the smallest ``q`` after which every cycle's
     maximum and length recur over the whole record (``cycle_tol``,
     ``cycle_repeats``; 0: none). A flow's mixed-mode or period-``q``
     cycle over a few repeats has neighbours a loop apart that diverge and
     a 0-1 walk that still spreads (Kawczynski-Strizhak at 10 000 samples:
     K = 0.97, a positive exponent, 13 cycles recurring to 0.005 SD). Chaos
     on a thin attractor recurs as closely in one variable (Coullet's x:
     every 2 cycles to 0.003 SD), so recurrence blocks a chaotic claim and
     makes none;
   * *ordinal*: :func:`tsdyn.ordinal.classify` (entropy below IAAFT
     surrogates, C-H plane; delay 1 for a map's series), reported and used
     as a veto.
5. **Verdict.**
   ``regular`` if the exponent is not positive, the record spans at least
   ``regular_cycles`` cycles, and either K <= ``k_regular`` (a bounded,
   non-diffusing walk) with cycles that repeat (spread below
   ``spread_max``) or vary without memory, or the oscillation is coherent
   with cycles that vary without memory.
   ``chaotic`` if K >= ``k_chaos``, the exponent is positive, the
   prediction test rejects (p <= ``alpha``) with a ratio <= ``ratio_max``,
   the cycles do not recur, and the ordinal verdict is neither ``regular``
   nor ``stochastic``.
   ``stochastic`` if K >= ``k_chaos``, the exponent is not positive, the
   series is rough (smoothness below ``smooth_max``) without a periodic
   component (coherence below ``coherence_noise``), the prediction test
   does not reject (p > ``alpha``) or rejects with a small gain (ratio >
   0.8), and the ordinal verdict is not ``chaotic``. A smooth series
   without detected determinism may be chaos of more dimensions than the
   record resolves (IkedaDelay, VossDelay at 4000 samples).
   Otherwise ``undetermined``, with the conflict in ``reason``.

**Cost.** Evidence that cannot change the verdict is not computed (NaN;
``all_evidence=True`` computes it all): the prediction and ordinal tests run
only when K and the exponent leave a claim possible, and the prediction test
stops after its first 4 surrogates when too many of them predict at least
as well as the data (any one, for 19 surrogates at ``alpha = 0.05``): the
test then cannot reach ``alpha``; its p-value is that of the 4-surrogate test.

Limits: a phase-coherent chaotic oscillator (Rossler) gives K well below 1
at the test's subsampling and is then ``undetermined``; heavy observational
noise hides determinism (``undetermined``, never ``chaotic``); a nonlinear
stochastic process whose ordinal patterns differ from its surrogates (a
threshold AR) is ``undetermined``. The labelled set behind the thresholds and its confusion
matrix are in docs/chaos.md.

>>> import numpy as np
>>> from tsdyn.chaos import classify
>>> classify(np.tile([0.2, 0.7, 0.4], 400)).label  # a period-3 orbit of a map
'regular'
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike
from tsdyn.data import check_time_last, checked_series, map_series, one_series, per_window
from tsdyn.errors import InputError, check_int, check_real, window_points
from tsdyn.rng import Seed

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Verdict", "classify", "exact_period", "rolling_classify"]

LABELS = ("regular", "chaotic", "stochastic", "undetermined")
#: Surrogates of the prediction test's first stage (see _prediction_test).
_FIRST_STAGE = 4
#: IAAFT iterations of the prediction test's surrogates: the spectral misfit after 30 is
#: within 3x the converged one (1e-6 of the power for the logistic map), at a third of the cost.
_IAAFT_ITER = 30
#: A series reversing direction more often than not is a map's when its lag-1 autocorrelation
#: is below this (mean step above 0.37 SD): the labelled set's maps and noise 0.84 at most,
#: the catalog's flows at 100 points a period under 5 % observation noise 0.95 and more.
_MAP_LAG1 = 0.93


@dataclass(frozen=True)
class Verdict:
    """A verdict and its evidence (arrays over series for N-D input).

    ``period`` is the exact period in samples (0: none); ``cycle_period`` the
    number of cycles after which the cycles repeat (0: none); ``lyapunov`` is per
    sample; ``prediction_ratio`` is the data's prediction error over the
    surrogates' median; ``cycle_p`` is NaN when the series is no coherent
    oscillation.

    See Also
    --------
    classify : Computes it.
    exact_period : The first piece of evidence.

    Examples
    --------
    >>> v = classify(np.array([0.1, 0.5, 0.9] * 200))
    >>> v.label, v.reason, v.period, v.n
    ('regular', 'exactly periodic, period 3 samples', 3, 600)
    """

    label: str | np.ndarray
    reason: str | np.ndarray
    n: int | np.ndarray
    natural_timescale: float | np.ndarray
    period: int | np.ndarray
    m: float | np.ndarray
    tau: float | np.ndarray
    k: float | np.ndarray
    lyapunov: float | np.ndarray
    lyapunov_stderr: float | np.ndarray
    lyapunov_found: bool | np.ndarray
    prediction_error: float | np.ndarray
    prediction_ratio: float | np.ndarray
    prediction_p: float | np.ndarray
    smoothness: float | np.ndarray
    coherence: float | np.ndarray
    peak_spread: float | np.ndarray
    cycle_p: float | np.ndarray
    cycle_period: int | np.ndarray
    ordinal_label: str | np.ndarray
    ordinal_entropy_gap: float | np.ndarray
    ordinal_entropy_p: float | np.ndarray


class RollingVerdict(NamedTuple):
    """:func:`rolling_classify`'s answer for numpy input.

    Examples
    --------
    >>> x = np.r_[np.tile([0.2, 0.9], 500), np.random.default_rng(0).standard_normal(1000)]
    >>> res = rolling_classify(x, window=1000, step=1000, seed=0)
    >>> res.verdict.label.tolist(), res.stop.tolist()
    (['regular', 'stochastic'], [1000, 2000])
    """

    verdict: Verdict  # arrays over windows
    start: np.ndarray  # first sample of each window
    stop: np.ndarray  # one past its last


_FIELDS = [f.name for f in fields(Verdict)]
_TEXT = ("label", "reason", "ordinal_label")
_INTS = ("n", "period", "cycle_period")


def exact_period(x, *, max_period: int | None = None, rtol: float = 1e-9) -> int:
    """Smallest ``p`` with ``x[t + p] == x[t]`` for all ``t`` (to ``rtol`` of the range); 0 if none.

    Parameters
    ----------
    x : 1-D array-like
        One series.
    max_period : int, optional
        Largest period tried (default ``N // 10``: at least ten repeats).
    rtol : float
        Tolerance relative to the range of ``x``.

    Returns
    -------
    int
        The period in samples, or 0 when no period up to ``max_period`` fits.

    See Also
    --------
    classify : Calls a series with an exact period regular.

    Examples
    --------
    >>> exact_period([0.1, 0.5, 0.9] * 20)
    3
    >>> exact_period(np.sin(np.arange(100.0)))
    0
    """
    a = one_series(x, "exact_period")
    top = a.size // 10 if max_period is None else check_int(max_period, "max_period", minimum=1)
    check_real(rtol, "rtol", minimum=0)
    tol = rtol * float(np.ptp(a)) if a.size else 0.0
    for p in range(1, min(top, a.size - 1) + 1):
        # a cheap look at the start first: most candidate periods fail at once
        if abs(a[p] - a[0]) <= tol and np.all(np.abs(a[p:] - a[:-p]) <= tol):
            return p
    return 0


def _lag1(d: np.ndarray) -> float:
    """Lag-1 autocorrelation of one series (0 for a constant one)."""
    d = d - d.mean()
    power = float(np.dot(d, d))
    return float(np.dot(d[1:], d[:-1]) / power) if power > 0 else 0.0


def _smoothness(x: np.ndarray) -> float:
    """The smaller lag-1 autocorrelation of the first and second differences.

    A process driven by noise at the sampling scale has fresh randomness in its
    first or second differences (white noise, AR(1), a resonant AR(2)): one of
    them decorrelates within a sample. A finely sampled flow is smooth to
    second order: both stay correlated.
    """
    return min(_lag1(np.diff(x)), _lag1(np.diff(x, 2)))


def _reverses(x: np.ndarray) -> bool:
    """Whether the increments change sign more often than not (a map; never a finely sampled flow)."""
    d = np.sign(np.diff(x))
    return bool(np.mean(d[1:] != d[:-1]) > 0.5)


def _coherence(x: np.ndarray) -> float:
    """Half the swing of the autocorrelation between N/8 and N/4 lags, if it oscillates there."""
    n = x.size
    c = x - x.mean()
    size = 1 << (2 * n - 1).bit_length()
    spec = np.fft.rfft(c, size)
    acf = np.fft.irfft(spec * np.conj(spec), size)[: n // 4 + 1]
    acf = acf / acf[0]
    part = acf[n // 8 :]
    if part.size < 3 or np.count_nonzero(np.diff(np.sign(part)) != 0) < 4:
        return 0.0
    return float((part.max() - part.min()) / 2)


def _peak_map_error(s: np.ndarray) -> float:
    """How well one cycle's peak predicts the next (the return map of an oscillator)."""
    from tsdyn.chaos.nonlinearity import prediction_error
    from tsdyn.surrogates import cycle_boundaries

    peaks = s[cycle_boundaries(s)]
    if peaks.size < 12 or np.ptp(peaks) == 0:
        return np.nan
    return float(prediction_error(peaks, m=1, tau=1, theiler=0))


def _prediction_test(x, m, tau, o, seed):
    """Nearest-neighbour prediction against IAAFT surrogates, stopped early when it cannot reject.

    The statistic is the smallest error over the embedding dimensions 1, 2, 3
    and ``m`` (false nearest neighbours overestimate ``m`` for a strongly
    expanding map: 6 for the Chebyshev map, whose one-dimensional prediction is
    nearly exact). A first ``_FIRST_STAGE`` surrogates are drawn; if more of
    them predict at least as well as the data than a rejecting test allows
    (one, for 19 surrogates at ``alpha = 0.05``), the test cannot reach
    ``alpha`` and stops there (its p-value is then that of the smaller test).
    """
    from tsdyn.chaos.nonlinearity import prediction_error
    from tsdyn.surrogates import surrogate_test

    dims = sorted({d for d in (1, 2, 3, m) if d <= m})

    def predict(s):
        return min(float(prediction_error(s, m=d, tau=tau, horizon=tau)) for d in dims)

    first, rest = seed.spawn(2)

    def stage(count, child):
        return surrogate_test(
            x,
            predict,
            method="iaaft",
            n_surrogates=count,
            alternative="less",
            seed=child,
            max_iter=_IAAFT_ITER,
        )

    n_first = min(_FIRST_STAGE, o["n_surrogates"])
    test = stage(n_first, first)
    null = test.null
    # the most surrogates that may predict at least as well as the data in a test that rejects
    allowed = math.floor(o["alpha"] * (1 + o["n_surrogates"]) - 1 + 1e-9)
    if o["n_surrogates"] > n_first and np.count_nonzero(null <= test.statistic) <= allowed:
        null = np.concatenate([null, stage(o["n_surrogates"] - n_first, rest).null])
    finite = null[np.isfinite(null)]
    p = (1 + np.count_nonzero(finite <= test.statistic)) / (1 + finite.size)
    return test.statistic, test.statistic / np.median(finite), p


def _cycle_period(x: np.ndarray, cuts: np.ndarray, sd: float, tol: float, repeats: float) -> int:
    """Smallest ``q`` after which every cycle's maximum and length repeat (``classify``'s
    ``cycle_tol``, ``cycle_repeats``); 0 if none."""
    peaks, lengths = x[cuts], np.diff(cuts)
    for q in range(1, int(lengths.size / repeats) + 1):
        if (
            np.abs(peaks[q:] - peaks[:-q]).max() <= tol * sd
            and np.abs(lengths[q:] - lengths[:-q]).max() <= 2 + tol * lengths.mean()
        ):
            return q
    return 0


def _classify_one(x: np.ndarray, o: dict[str, Any], seed) -> dict[str, Any]:
    from tsdyn.chaos.embedding import decorrelated, default_delay, embedding_dimension
    from tsdyn.chaos.lyapunov import lyapunov_exponent
    from tsdyn.chaos.zero_one import zero_one_test
    from tsdyn.ordinal.classification import classify as ordinal_classify
    from tsdyn.surrogates import cycle_boundaries, surrogate_test

    n = x.size
    out: dict[str, Any] = dict.fromkeys(_FIELDS, np.nan)
    out.update(label="undetermined", ordinal_label="", n=n, period=0, cycle_period=0, lyapunov_found=False)
    if n < o["min_length"]:
        out["reason"] = f"too short: {n} samples (need {o['min_length']})"
        return out
    if np.ptp(x) == 0:
        raise InputError("x is constant: there is nothing to classify")
    out["period"] = period = exact_period(x)
    if period:
        out.update(label="regular", reason=f"exactly periodic, period {period} samples")
        return out
    # cycles from rises through the mean with a dead band of half a standard deviation,
    # so that noise riding on a slow oscillation does not multiply its crossings; a
    # skewed series (a spike train) seldom goes that far below its mean: there the band
    # reaches down only to the lowest decile, and a series above its mean nine tenths of the
    # time (downward spikes: the lowest decile lies above the mean) gets no band
    sd = float(x.std())
    band = max(0.0, min(0.5, (float(x.mean()) - float(np.quantile(x, 0.1))) / sd))
    cuts = cycle_boundaries(x, hysteresis=band)
    t_nat = (cuts[-1] - cuts[0]) / (cuts.size - 1) if cuts.size >= 2 else np.nan
    out["natural_timescale"] = t_nat
    if not np.isfinite(t_nat) or n / t_nat < o["min_cycles"]:
        cycles = 0.0 if not np.isfinite(t_nat) else n / t_nat
        out["reason"] = f"too short: {cycles:.1f} natural timescales (cycles; need {o['min_cycles']})"
        return out
    s_ord, s_pred, s_cycle = seed.spawn(3)
    # a map's series: decorrelated within two samples, or reversing direction more often
    # than not in steps of a sizable part of its spread (the Duffing map's slow lobe
    # switching keeps its autocorrelation high, 0.84 at lag 1; a flow's reversals under
    # observation noise are the noise's, with a lag-1 autocorrelation of 0.95 and more)
    map_like = decorrelated(x) or (_reverses(x) and _lag1(x) < _MAP_LAG1)
    tau = 1 if map_like else default_delay(x)
    m = embedding_dimension(x, tau=tau).m
    out.update(m=m, tau=tau, smoothness=_smoothness(x))
    out["k"] = k = float(zero_one_test(x, subsample=1 if map_like else None).k)
    # the labelled set's verdicts were set with these bounds; the looser catalog defaults
    # (saturation 0.7, tol 0.05) find a slope in the curves of periodic and noisy series
    ly = lyapunov_exponent(x, method="rosenstein", m=m, tau=tau, saturation=0.5, tol=0.02)
    out.update(lyapunov=ly.exponent, lyapunov_stderr=ly.stderr, lyapunov_found=bool(ly.found))
    positive = bool(ly.found) and ly.exponent - 2 * ly.stderr > 0
    lam = f"lambda1 = {ly.exponent:.3g} +- {ly.stderr:.2g} per sample" if ly.found else "no linear divergence"
    evidence = [f"K = {k:.2f}", lam]
    # a record whose cycles recur q cycles later is a cycle or chaos too thin for it to show
    out["cycle_period"] = q = _cycle_period(x, cuts, sd, o["cycle_tol"], o["cycle_repeats"])
    if q:
        evidence.append(f"the cycles repeat every {q}")
    every = o["all_evidence"]

    # regular: no divergence, enough cycles, and cycles that repeat or vary without memory
    out["coherence"] = coherence = _coherence(x)
    coherent = coherence >= o["coherence_min"]
    bounded = k <= o["k_regular"]
    cycles_free = cycles_repeat = False
    if coherent or bounded or every:
        peaks = x[cycle_boundaries(x)]
        out["peak_spread"] = spread = float(np.subtract(*np.percentile(peaks, [75, 25]))) / sd
        cycles_repeat = spread < o["spread_max"]
        cyc = surrogate_test(
            x,
            _peak_map_error,
            method="cycle",
            n_surrogates=o["n_surrogates"],
            alternative="less",
            seed=s_cycle,
        )
        out["cycle_p"] = cyc.p_value
        cycles_free = bool(cyc.p_value > o["alpha"])
        evidence.append(f"cycle peaks spread {spread:.2g} SD, cycle test p = {cyc.p_value:.2f}")
    enough = n / t_nat >= o["regular_cycles"]
    if (
        not positive
        and enough
        and ((bounded and (cycles_repeat or cycles_free)) or (coherent and cycles_free))
    ):
        why = f"bounded walk (K = {k:.2f})" if bounded else "coherent oscillation, independent cycles"
        out.update(label="regular", reason=f"{why}; {', '.join(evidence)}")
        if not every:
            return out

    # chaotic and stochastic both diffuse; the stochastic claim needs fresh randomness at
    # the sampling scale: a smooth series without detected determinism may be chaos of
    # more dimensions than the record resolves (IkedaDelay, VossDelay at 4000 samples)
    # and no periodic component: the autocorrelation of a sine under heavy noise keeps swinging
    rough = out["smoothness"] < o["smooth_max"] and coherence < o["coherence_noise"]
    candidate = k >= o["k_chaos"] and (positive or rough)
    if out["label"] == "undetermined" and not candidate and not every:
        if k >= o["k_chaos"]:
            why = "no divergence, smooth or with a periodic component"
        elif not bounded:
            why = "K between the thresholds"
        elif positive:
            why = "bounded walk, but lambda1 positive"
        elif not enough:
            why = f"bounded walk, but fewer than {o['regular_cycles']:g} cycles"
        else:
            why = "bounded walk, but the cycles vary with memory"
        out["reason"] = f"no claim possible ({why}): {', '.join(evidence)}"
        return out
    stat, ratio, p = _prediction_test(x, m, tau, o, s_pred)
    out.update(prediction_error=stat, prediction_ratio=ratio, prediction_p=p)
    evidence.append(f"prediction error {ratio:.2f} of the surrogates' (p = {p:.2f})")
    rejects = p <= o["alpha"]
    determinism = rejects and ratio <= o["ratio_max"]
    # a small gain in prediction (ratio > 0.8) is no determinism
    weak = not rejects or ratio > 0.8
    chaotic = candidate and positive and determinism and not q
    stochastic = candidate and not positive and rough and weak
    if out["label"] == "undetermined" and not (chaotic or stochastic) and not every:
        out["reason"] = f"conflicting evidence: {', '.join(evidence)}"
        return out
    ordinal = ordinal_classify(
        x, tau=1 if map_like else None, n_surrogates=o["n_surrogates"], alpha=o["alpha"], seed=s_ord
    )
    out.update(
        ordinal_label=ordinal.label,
        ordinal_entropy_gap=ordinal.entropy_gap,
        ordinal_entropy_p=ordinal.entropy_p,
    )
    evidence.append(f"ordinal: {ordinal.label}")
    text = ", ".join(evidence)
    if out["label"] == "regular":
        out["reason"] = f"{out['reason'].split(';')[0]}; {text}"
    elif chaotic and ordinal.label not in ("regular", "stochastic"):
        out.update(label="chaotic", reason=f"all agree: {text}")
    # ordinal structure beyond the surrogates is determinism the prediction test missed
    elif stochastic and ordinal.label != "chaotic":
        out.update(label="stochastic", reason=f"no determinism: {text}")
    else:
        out["reason"] = f"conflicting evidence: {text}"
    return out


def _options(
    *,
    min_length,
    min_cycles,
    regular_cycles,
    n_surrogates,
    alpha,
    k_chaos,
    k_regular,
    ratio_max,
    coherence_min,
    spread_max,
    smooth_max,
    coherence_noise,
    cycle_tol,
    cycle_repeats,
    all_evidence,
):
    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=1)
    alpha = check_real(alpha, "alpha", minimum=0, maximum=1, inclusive=(False, False))
    if 1 / (1 + n_surrogates) > alpha:
        raise InputError(
            f"n_surrogates = {n_surrogates} cannot reach p <= alpha = {alpha}: "
            f"need at least {math.ceil(1 / alpha - 1)}"
        )
    return {
        "min_length": check_int(min_length, "min_length", minimum=100),
        "min_cycles": check_real(min_cycles, "min_cycles", minimum=0),
        "regular_cycles": check_real(regular_cycles, "regular_cycles", minimum=0),
        "n_surrogates": n_surrogates,
        "alpha": alpha,
        "k_chaos": check_real(k_chaos, "k_chaos", minimum=0, maximum=1),
        "k_regular": check_real(k_regular, "k_regular", minimum=0, maximum=1),
        "ratio_max": check_real(ratio_max, "ratio_max", minimum=0, inclusive=(False, True)),
        "coherence_min": check_real(coherence_min, "coherence_min", minimum=0, maximum=1),
        "spread_max": check_real(spread_max, "spread_max", minimum=0),
        "smooth_max": check_real(smooth_max, "smooth_max", minimum=-1, maximum=1),
        "coherence_noise": check_real(coherence_noise, "coherence_noise", minimum=0, maximum=1),
        "cycle_tol": check_real(cycle_tol, "cycle_tol", minimum=0),
        "cycle_repeats": check_real(cycle_repeats, "cycle_repeats", minimum=1, inclusive=(False, True)),
        "all_evidence": bool(all_evidence),
    }


def classify(
    x: SeriesLike,
    *,
    dim: str = "time",
    min_length: int = 500,
    min_cycles: float = 20.0,
    regular_cycles: float = 50.0,
    n_surrogates: int = 19,
    alpha: float = 0.05,
    k_chaos: float = 0.8,
    k_regular: float = 0.1,
    ratio_max: float = 0.5,
    coherence_min: float = 0.6,
    spread_max: float = 0.05,
    smooth_max: float = 0.5,
    coherence_noise: float = 0.3,
    cycle_tol: float = 0.02,
    cycle_repeats: float = 2.5,
    all_evidence: bool = False,
    seed: Seed = None,
) -> Verdict | xr.Dataset:
    """Classify every series as ``regular``, ``chaotic``, ``stochastic`` or ``undetermined``.

    The rule is in the module docstring; the evidence comes back with the verdict.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``. NaN is refused.
    dim : str
        The time dimension.
    min_length : int
        Fewest samples for a verdict.
    min_cycles : float
        Fewest natural timescales (cycles) for a verdict other than exact periodicity.
    regular_cycles : float
        Fewest cycles for a ``regular`` verdict (other than exact periodicity):
        over 40 cycles (7 Lyapunov times) the weakly chaotic, phase-coherent
        Aizawa flow has a bounded 0-1 walk and unpredictable cycle peaks.
    n_surrogates : int
        Surrogates of each test (at least ``1 / alpha - 1``).
    alpha : float
        Level of the surrogate tests.
    k_chaos, k_regular : float
        0-1 test thresholds: K at least ``k_chaos`` is diffusive (chaos or
        noise), at most ``k_regular`` is bounded (regular).
    ratio_max : float
        Nonlinear determinism needs the prediction error at most this
        fraction of the surrogates' median.
    coherence_min : float
        Swing of the long-lag autocorrelation above which the series is a
        coherent oscillation whose cycles are tested for independence. A
        limit cycle with noise keeps its phase (0.77-0.80 in the labelled
        set); the high-dimensional chaotic VossDelay oscillates with 0.44 and
        its cycles look independent.
    spread_max : float
        Cycles repeat when the interquartile range of their maxima is below
        this many standard deviations of the series (a periodic orbit
        sampled off its period: 0.002-0.016 in the labelled set; weakly
        chaotic SprottO: 0.77).
    smooth_max : float
        A series is rough (fresh randomness at the sampling scale) when the
        lag-1 autocorrelation of its first or second differences is below
        this (noise in the labelled set: at most 0.20; finely sampled delay
        chaos: 0.74-0.82).
    coherence_noise : float
        A ``stochastic`` verdict needs a coherence below this: a periodic
        component under heavy noise keeps the long-lag autocorrelation
        swinging (a sine under noise of half its amplitude: 0.57; noise
        through a resonance: 0.19).
    cycle_tol, cycle_repeats : float
        The cycles recur every ``q`` cycles when, over the whole record,
        each cycle's maximum is within ``cycle_tol`` standard deviations of
        the series, and its length within ``cycle_tol`` of the mean length
        plus 2 samples, of the cycle ``q`` later, and the record holds at
        least ``cycle_repeats`` such blocks; then no ``chaotic`` claim
        (KawczynskiStrizhak's mixed-mode cycle: 13 cycles of 58-575 samples
        recur to 0.005 SD and 1 sample).
    all_evidence : bool
        Compute every piece of evidence, also what cannot change the
        verdict (slower; by default those fields are NaN).
    seed : None, int, SeedSequence or Generator
        Series ``i`` uses the i-th spawned child.

    Returns
    -------
    :class:`Verdict` for numpy and pandas input (arrays over series for N-D
    input); a Dataset for xarray input, one variable per field.

    See Also
    --------
    Verdict : What it returns.
    tsdyn.ordinal.classify : The ordinal evidence.
    zero_one_test, lyapunov_exponent, prediction_error : The other evidence.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.empty(1500)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    >>> res = classify(x, seed=0)
    >>> res.label, int(res.tau), bool(res.k > 0.9), bool(res.lyapunov > 0.6)
    ('chaotic', 1, True, True)
    >>> classify(np.random.default_rng(0).standard_normal(1000), seed=1).label
    'stochastic'
    """
    o = _options(
        min_length=min_length,
        min_cycles=min_cycles,
        regular_cycles=regular_cycles,
        n_surrogates=n_surrogates,
        alpha=alpha,
        k_chaos=k_chaos,
        k_regular=k_regular,
        ratio_max=ratio_max,
        coherence_min=coherence_min,
        spread_max=spread_max,
        smooth_max=smooth_max,
        coherence_noise=coherence_noise,
        cycle_tol=cycle_tol,
        cycle_repeats=cycle_repeats,
        all_evidence=all_evidence,
    )
    da = checked_series(x, dim=dim)
    check_time_last(x, o["min_length"])
    kinds = {name: (_kind(name), ()) for name in _FIELDS}
    values = map_series(functools.partial(_classify_block, o=o), da, kinds, dim=dim, seed=seed)
    for name in _INTS:
        values[name] = values[name].astype(np.int64)
    if isinstance(x, xr.DataArray | xr.Dataset):
        if da.chunks is None:  # text as numpy strings; under dask it stays object until computed
            values.update({k: values[k].astype(str) for k in _TEXT})
        ds = xr.Dataset(values)
        ds.attrs = {"tsdyn_function": public_name(classify), **{k: v for k, v in o.items()}}
        return ds
    if da.ndim == 1:
        return Verdict(**{k: v.values.item() for k, v in values.items()})
    return Verdict(**{k: v.values for k, v in values.items()})


def _classify_block(
    rows: np.ndarray, index: np.ndarray, seeds: list, o: dict[str, Any]
) -> dict[str, np.ndarray]:
    results = [_classify_one(row, o, child) for row, child in zip(rows, seeds, strict=True)]
    return {name: np.array([r[name] for r in results], dtype=_kind(name)) for name in _FIELDS}


def _kind(name: str) -> type:
    return object if name in _TEXT else bool if name == "lyapunov_found" else np.float64


def rolling_classify(
    x: SeriesLike,
    *,
    window: float | int,
    step: int | None = None,
    dim: str = "time",
    seed: Seed = None,
    **options: Any,
) -> RollingVerdict | xr.Dataset | pd.DataFrame:
    """Classify consecutive windows of one series, to see where its character changes.

    Parameters
    ----------
    x : 1-D array-like, pandas Series or 1-D DataArray
        The series.
    window : int or float
        Samples per window (an int), or a fraction of the series (a float in (0, 1)).
    step : int, optional
        Samples between window starts (default: ``window // 2``).
    dim : str
        The time dimension (DataArray input).
    seed : None, int, SeedSequence or Generator
        Window ``i`` uses the i-th spawned child.
    **options
        The thresholds of :func:`classify`.

    Returns
    -------
    RollingVerdict, Dataset or DataFrame
        numpy input: the named tuple ``(verdict, start, stop)``, a :class:`Verdict`
        with arrays over windows, the first sample of each window and one past its
        last. xarray input: a Dataset over ``window``, one variable per field, with
        coordinates ``start``, ``stop`` and ``dim`` (the time of each window's last
        sample). pandas input: a DataFrame indexed by that time, one column per
        field, and ``start`` and ``stop``.

    See Also
    --------
    classify : The whole series.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(2000)
    >>> x = np.where(t < 1000, np.sin(2 * np.pi * t / 25), np.random.default_rng(0).standard_normal(2000))
    >>> verdict, start, stop = rolling_classify(x, window=1000, step=1000, seed=0)
    >>> verdict.label.tolist(), start.tolist()
    (['regular', 'stochastic'], [0, 1000])
    """
    a = np.asarray(checked_series(x, dim=dim, lazy=False).values, dtype=np.float64)
    if a.ndim != 1:
        raise InputError(f"rolling_classify takes one series (1-D), got shape {a.shape}")
    window = window_points(window, a.size, minimum=2)
    step = window // 2 if step is None else check_int(step, "step", minimum=1)
    if window > a.size:
        raise InputError(f"window = {window} is longer than the series ({a.size} samples)")
    starts = np.arange(0, a.size - window + 1, step)
    pieces = np.stack([a[s : s + window] for s in starts])
    verdict = classify(pieces, seed=seed, **options)
    assert isinstance(verdict, Verdict)  # numpy in, Verdict out
    fields_ = {f: getattr(verdict, f) for f in _FIELDS}
    attrs = {"tsdyn_function": public_name(rolling_classify), "window": window, "step": step}
    labelled = per_window(x, fields_, starts, starts + window, dim=dim, attrs=attrs)
    return RollingVerdict(verdict, starts, starts + window) if labelled is None else labelled
