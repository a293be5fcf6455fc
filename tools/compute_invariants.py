"""Compute the catalog's invariants and write tsdyn/systems/invariants.json (inside the package).

For every system of ``tsdyn.systems``: three measured periods (peak of the
power spectrum, mean return times to each variable's mean, mean spacing of
each variable's maxima), sampling-step guidance, mean and standard deviation per variable,
the Lyapunov spectrum with standard errors (Benettin/QR,
``tsdyn.systems.lyapunov_spectrum``), the Kaplan-Yorke dimension and the
Grassberger-Procaccia correlation dimension (``tsdyn.chaos``). What does not
apply to a kind of system (Lyapunov exponents of an SDE, ...) is recorded
with the reason under ``not_applicable``; what fails (blow-up, stiffness) is
recorded with the error under ``failed``, never dropped.

Run from the repository root::

    nice -n 10 python tools/compute_invariants.py           # whole catalog, 1 process
    nice -n 10 python tools/compute_invariants.py Lorenz Henon  # update these entries only
    nice -n 10 python tools/compute_invariants.py --resume  # those not at the current settings

Settings (``SETTINGS`` below) are stored in the file, with the tsdyn version;
each entry stores the hash of the settings it was computed with (``settings``),
and the file is written after every system, so an interrupted run resumes. How
the errors are made honest, and a check against runs ten times longer
(benchmarks/invariants_longer.py): docs/systems.md, "Stored invariants".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tsdyn" / "systems" / "invariants.json"
FORMAT = 1

SETTINGS = {
    "samples_per_period": 40,  # trajectory sampling for spectrum, moments and dimension
    "periods": 2000,  # length of that trajectory in dominant periods (flows, delay equations)
    "transient_periods": 50,
    "rtol": 1e-9,
    "atol": 1e-9,
    "map_iterations": 20000,
    "lyapunov_periods": 1500,  # averaging time of flows' Lyapunov spectra, in dominant periods
    "lyapunov_steps_per_period": 200,  # RK4 step = period / this (quartered on failure, twice)
    "lyapunov_max_steps": 400_000,
    "lyapunov_max_work": 1e8,  # cap on steps * dimension**2 (QR cost) for the largest systems
    "lyapunov_map_iterations": 100_000,
    # 40 blocks: the standard error of 10 block means is itself uncertain by a factor of 2.7 from
    # run to run (Rossler, 12 independent runs: 0.0010 to 0.0027 for a spread of 0.0020), so a
    # low draw made Rossler's stored lambda1 look three errors off; with 40 blocks 0.0017-0.0022.
    "lyapunov_blocks": 40,
    # Chaotic runs (lambda1 > 3 errors) whose relative error is above the target are repeated
    # with the averaging time scaled by (error / target)^2, at most max_extension times longer.
    # (Rossler at 1500 periods: 0.0691 +- 0.0012, 1.7 %; three times longer it is within 1 %.)
    "lyapunov_target_relative_stderr": 0.01,
    "lyapunov_max_extension": 10,
    # Stiff flows (RK4 blows up at every step tried): adaptive dopri5 on the variational system,
    # the first k exponents (enough for the Kaplan-Yorke dimension of KS at L = 22), shorter run.
    "lyapunov_adaptive_k": 8,
    "lyapunov_adaptive_periods": 50,
    "lyapunov_adaptive_rtol": 1e-6,
    "lyapunov_adaptive_atol": 1e-8,
    # Fields (dimension above large_dimension): a short trajectory of large_samples states over
    # large_periods periods (the stored ic is already past the transient), the leading
    # large_lyapunov_k exponents by directional differences over large_lyapunov_periods periods,
    # and no correlation dimension (too few points for so many variables).
    "large_dimension": 256,
    "large_samples": 1000,
    "large_periods": 2,
    "large_transient_periods": 0.1,
    "large_lyapunov_k": 4,
    "large_lyapunov_periods": 3,
    "correlation_max_points": 10_000,
    "correlation_fit": [1e-5, 1e-3],
    "correlation_theiler_periods": 1.0,
    # The error of D2 is the larger of the scaling error and the standard error of the estimates
    # on correlation_segments contiguous pieces of the trajectory; a relative error above
    # correlation_retry_above is retried once with correlation_retry_points points.
    "correlation_segments": 4,
    "correlation_retry_above": 0.15,
    "correlation_retry_points": 20_000,
    "return_time_band": 0.1,  # hysteresis of the mean-crossing section, in standard deviations
    "delay_embedding_dimension": 5,
    "delay_lyapunov_delays": 1000,  # averaging time of a delay equation's largest exponent, in delays
    "sde_noise": 1.0,
    "seed": 0,
}
#: The settings as written above: the file and each entry's key record these (``--max-extension``
#: lengthens one entry's run, which its ``lyapunov_extension`` says, without changing them).
STORED_SETTINGS = dict(SETTINGS)


#: Floor of a stored Lyapunov error: an exponent that is zero by construction (StuartLandau's
#: phase) averages to 1e-16 with a block spread of 1e-18, which would read as "positive beyond
#: three errors"; no average of log growths over 1e5 steps or more is known better than this.
STDERR_FLOOR = 1e-12


#: References less certain than the validation needs (docs/chaos_validation.md scores lambda1
#: only where its relative standard error is at most 5 %; a D2 error above 15 % is retried with
#: more points first), with the cause found. Stored under ``uncertain`` as {invariant: why}
#: while the entry's numbers still miss the bound; a cause not found is said so (``_uncertain``).
LYAPUNOV_SCORED_RELATIVE_STDERR = 0.05
WHY_UNCERTAIN = {
    "BickleyJet": {
        "lyapunov_max": "area-preserving flow (the spectrum sums to 0) that is regular at dysts's "
        "parameters (catalog: not chaotic): lambda1 of order 1e-9 per time unit is a torus's slow "
        "decay and rounding, so its relative error means nothing"
    },
    "BlinkingVortex": {
        "lyapunov_max": "area-preserving mixing flow: the orbit sticks near regular islands for "
        "heavy-tailed stretches, so block means do not average down as 1/sqrt(time)"
    },
    "BlinkingVortexMap": {
        "lyapunov_max": "area-preserving map: stickiness near regular islands (heavy-tailed "
        "stretches) keeps the block spread above 5 % after the 10x longer run"
    },
    "BarredLogarithmicPotential": {
        "lyapunov_max": "Hamiltonian (the rotating bar's Jacobi integral): the step that conserves "
        "it (0.0007; at period / 200 RK4 dissipated it from -0.92 to -3.51, sinking the orbit into "
        "the core) lets lyapunov_max_steps cover 2800 time units only, and a mixed phase space "
        "makes the block means heavy-tailed"
    },
    "KuramotoSivashinsky": {
        "lyapunov_max": "stiff 64-mode field: adaptive dopri5 over 50 dominant periods only (1 982 s "
        "of one core here); not extended: the 1 % target asks for a run about 100x longer and even "
        "the 10x cap would take about 5.5 hours; the literature gives 0.043-0.048 at L = 22 "
        "(Cvitanovic, Davidchack & Siminos 2010; Ding et al. 2016)"
    },
    "SwingingAtwood": {
        "lyapunov_max": "Hamiltonian with a mixed phase space (adaptive steps at the catalog's "
        "lyapunov_rtol, which keep its energy to 1e-5 through the close passes to r = 0): stays "
        "near regular islands make the block means heavy-tailed"
    },
    "LogarithmicPotential": {
        "lyapunov_max": "Hamiltonian with a mixed phase space at the catalog's energy: the orbit "
        "sticks near the tori bounding its chaotic layer for long stretches, so block means are "
        "heavy-tailed (30 000 time units from four states in the layer gave 0.009 to 0.061, each "
        "above three errors)"
    },
    "Bogdanov": {
        "lyapunov_max": "area-preserving map whose chaos at eps = mu = 0 is a thin layer between KAM "
        "circles: stays near them make the block means heavy-tailed (1e8 iterations from three "
        "states in the layer: 0.0036-0.0041 +- 0.0002-0.0003, falling slower than 1/sqrt(n))"
    },
    "SprottA": {
        "lyapunov_max": "conservative (Nose-Hoover) flow: its chaotic sea surrounds invariant tori, and "
        "the orbit's stays near them make the block means heavy-tailed"
    },
    "NoseHoover": {
        "lyapunov_max": "conservative (Nose-Hoover) flow: its chaotic sea surrounds invariant tori, and "
        "stays near them last thousands of time units (the finite-time lambda1 over 220-unit "
        "stretches is still correlated 0.3 at 2200 apart), so the block error understates the "
        "spread: runs as long (88 000 time units) from five other states in the sea, by RK4 and "
        "by dopri5, gave 0.007 to 0.036, every one above three errors"
    },
    "Bouali2": {
        "lyapunov_max": "weak chaos in bursts: over 288-unit stretches the finite-time lambda1 is "
        "heavy-tailed (median 0.0023, 37 % of them below a quarter of the mean, the largest 0.06), "
        "with a symmetric spectrum (lambda3 = -lambda1 to 1e-5, as a conservative flow's); runs as "
        "long (115 000 time units) from four other states, by RK4 and by dopri5, gave 0.0011 to 0.0040"
    },
    "Kuramoto": {
        "lyapunov_max": "weak phase chaos of 25 oscillators (Popovych, Maistrenko & Tass 2005): "
        "lambda1 is 0.0013 per time unit and all 25 exponents lie within 0.0014 of 0 (Kaplan-Yorke "
        "24.2); the finite-time lambda1 over 127-unit stretches is normal and uncorrelated, with a "
        "spread 13 times its mean, so the error is honest and falls as 1/sqrt(time): 5 % asks for "
        "about 18x the base run, 1 % for about 460x"
    },
    "PomeauManneville": {
        "lyapunov_max": "type-I intermittency: laminar phases of power-law distributed lengths "
        "make the block means heavy-tailed; 1e6 iterations do not average them down"
    },
    "Chirikov": {
        "correlation_dimension": "area-preserving map, no attractor: the orbit fills a chaotic sea "
        "between islands whose share depends on the initial condition; C(r) has no single scaling"
    },
    "Coullet": {
        "correlation_dimension": "a thin band (Kaplan-Yorke 2.03: lambda1 0.013 against a "
        "contraction of 0.46): at the scales 20 000 points resolve it looks one- to "
        "two-dimensional, and the local slopes drift over the fit range"
    },
    "MackeyGlass": {
        "correlation_dimension": "no scaling region in any embedding tried (m = 3-8, delays of a "
        "quarter period and at the mutual-information minimum; tsdyn.chaos.correlation_dimension "
        "gives 1.08 at its defaults): local slopes wander between 1.1 and 1.8 over C = 1e-3..0.3 "
        "(Grassberger & Procaccia 1983: 1.95 at tau = 17, from larger scales)"
    },
    "Zaslavskii": {
        "correlation_dimension": "a strip about 0.03 high across x in [0, 1) (y shrinks by e^-3 "
        "each step): above that height C(r) scales like a line (local slope 1), below it like "
        "the fractal (about 1.7), and the fit range mixes the two"
    },
}


def _uncertain(name: str, entry: dict) -> dict[str, str]:
    """{invariant: why} for the references of ``entry`` that miss the bounds above.

    A chaotic lambda1 (above three errors) with a relative error above 5 %, or a chaotic
    attractor's correlation dimension with a relative error above ``correlation_retry_above``
    (after the retry with more points), gets the cause from
    :data:`WHY_UNCERTAIN`, or says that none was found.

    >>> _uncertain("X", {"lyapunov_max": 1.0, "lyapunov_stderr": [0.1], "lyapunov_extension": 10})
    {'lyapunov_max': 'relative standard error 10 % after a 10x longer run (no cause identified)'}
    >>> _uncertain("X", {"lyapunov_max": 1.0, "lyapunov_stderr": [0.01], "correlation_dimension": 2.0,
    ...                  "correlation_dimension_error": 0.1})
    {}
    """
    out = {}
    lam, err = entry.get("lyapunov_max"), (entry.get("lyapunov_stderr") or [None])[0]
    chaotic = lam is not None and err is not None and lam > 3 * err
    if chaotic and err > LYAPUNOV_SCORED_RELATIVE_STDERR * lam:
        run = f"a {entry['lyapunov_extension']:g}x longer run" if "lyapunov_extension" in entry else "the run"
        out["lyapunov_max"] = f"relative standard error {100 * err / lam:.0f} % after {run}"
    d, d_err = entry.get("correlation_dimension"), entry.get("correlation_dimension_error")
    # (only a chaotic attractor's D2 is a reference: the validation scores no other)
    if (
        chaotic
        and d is not None
        and d_err is not None
        and d_err > SETTINGS["correlation_retry_above"] * abs(d)
    ):
        out["correlation_dimension"] = f"relative error {100 * d_err / abs(d):.0f} %"
    why = WHY_UNCERTAIN.get(name, {})
    return {k: f"{v}: {why[k]}" if k in why else f"{v} (no cause identified)" for k, v in out.items()}


def _sig(v, digits: int = 6):
    # Round to significant digits so that the file stays small and diffs readable.
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        return [_sig(u, digits) for u in v]
    if isinstance(v, dict):
        return {k: _sig(u, digits) for k, u in v.items()}
    v = float(v)
    if not math.isfinite(v):
        return None
    return float(f"{v:.{digits}g}")


def _err(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]


def dominant_period(x, dt: float) -> tuple[float, float]:
    """Period of the largest peak of the summed power spectrum of the standardised variables.

    The error is half a frequency bin, converted to period (T^2 df / 2).
    """
    z = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    power = (np.abs(np.fft.rfft(z * np.hanning(z.shape[0])[:, None], axis=0)) ** 2).sum(axis=1)
    freqs = np.fft.rfftfreq(z.shape[0], dt)
    k = 1 + int(np.argmax(power[1:]))
    f = freqs[k]
    df = freqs[1]
    return 1.0 / f, df / (2.0 * f * f)


def correlation_dimension_of_states(states, theiler_samples: int, point_step: int, max_points: int):
    """GP dimension of the state-space points (rows of ``states`` flattened) and its error.

    The error is the larger of two: the scaling error, half the difference of the slopes
    over the lower and upper halves (in log C) of the fit range (how far the scaling range is
    from a straight line), and the statistical error, the standard error of the estimates on
    ``correlation_segments`` contiguous pieces of the trajectory (``max_points`` shared among
    them): their spread over the square root of their number. (The scaling error alone did not
    cover how the estimate moves with the sample: Tsucs2 gave 1.33 +- 0.11 from 30 000 points
    of 2000 periods and 2.37 +- 0.27 from as many points of 8000 periods.)
    """
    from tsdyn.chaos import _kernels as K
    from tsdyn.chaos.dimension import _BINS_PER_DECADE, _fit_slopes

    c_lo, c_hi = SETTINGS["correlation_fit"]
    c_mid = math.sqrt(c_lo * c_hi)
    decades = 7.0

    def sums(part, points):
        a = np.ascontiguousarray(part, dtype=np.float64).reshape(1, -1)
        return K.correlation_sums(
            a, parallel=False, emb_dim=point_step, lag=1, max_points=points,
            theiler=theiler_samples * point_step, decades=decades, n_bins=round(decades * _BINS_PER_DECADE),
            point_step=point_step,
        )  # fmt: skip

    whole = sums(states, max_points)
    d = float(_fit_slopes(whole, c_lo, c_hi)[0])
    scaling = abs(_fit_slopes(whole, c_mid, c_hi)[0] - _fit_slopes(whole, c_lo, c_mid)[0]) / 2
    k = SETTINGS["correlation_segments"]
    pieces = [_fit_slopes(sums(part, max_points // k), c_lo, c_hi)[0] for part in np.array_split(states, k)]
    statistical = float(np.std(pieces, ddof=1) / math.sqrt(k))
    return d, float(max(scaling, statistical))


def _extended(run, entry: dict):
    """``run(1)``, repeated ``f`` times longer when its largest exponent is imprecise.

    ``run(f)`` computes the spectrum over ``f`` times the base averaging length (the transient
    stays); the longer run replaces the first, and ``lyapunov_extension`` records the factor.
    Two cases:

    - chaotic but imprecise (lambda1 above three errors, relative error above the target):
      ``f = (relative error / target)^2`` (the error falls as the square root of the length),
      rounded up and capped at ``lyapunov_max_extension``;
    - positive but not significant (0 < lambda1 <= 3 errors): ``f = lyapunov_max_extension``.
      The error falls as the square root of the length, so a true positive exponent rises
      above three errors once the run is long enough, while a zero one stays within its
      error. The same formula would ask for at least ``(1 / (3 * target))^2`` (1112 at 1 %),
      so the cap; the first run's lambda1, itself within its error of 0, sizes nothing
      better. A lambda1 at or below ``STDERR_FLOOR`` is rounding (a zero by construction)
      and is not lengthened.

    (Before the second case NoseHoover kept 0.0042 +- 0.0018 from a 1500-period run that stays
    near tori for much of its time, where 100 000 time units give 0.0150 +- 0.0023, and Kuramoto
    7e-4 +- 3e-4 where 60 000 give 0.00131 +- 0.00008: docs/systems.md, "Chaotic or not".)

    >>> class R:
    ...     def __init__(self, lam, err):
    ...         self.exponents, self.stderr = np.array([lam]), np.array([err])
    >>> for lam, err in [(1.0, 0.001), (1.0, 0.03), (0.002, 0.001), (-0.1, 0.01), (1e-16, 1e-16)]:
    ...     entry = {}
    ...     _ = _extended(lambda f: R(lam, err), entry)
    ...     print(entry.get("lyapunov_extension"))
    None
    9
    10
    None
    None
    """
    res = run(1)
    lam, err = float(res.exponents[0]), float(res.stderr[0])
    target, cap = SETTINGS["lyapunov_target_relative_stderr"], SETTINGS["lyapunov_max_extension"]
    if lam > 3 * err and err > target * lam:
        f = min(cap, math.ceil((err / (target * lam)) ** 2))
    elif STDERR_FLOOR < lam <= 3 * err:
        f = cap
    else:
        return res
    longer = run(f)
    if np.isfinite(longer.exponents).all():
        entry["lyapunov_extension"] = f
        return longer
    return res


def return_times(x, dt: float, band: float) -> list[float | None]:
    """Mean return time of each column to its Poincare section ``x_j = mean``, crossed upwards.

    A crossing counts when the column goes from below ``mean - band * std`` to above
    ``mean + band * std`` (hysteresis, so that ripples at the mean are not returns); None
    for a column with fewer than three crossings.

    >>> t = np.arange(0, 100, 0.01)
    >>> [round(v, 3) for v in return_times(np.sin(2 * np.pi * t / 4.0)[:, None], 0.01, 0.1)]
    [4.0]
    """
    out: list[float | None] = []
    for v in np.asarray(x, dtype=np.float64).T:
        m, sd = v.mean(), v.std()
        high, low = v > m + band * sd, v < m - band * sd
        # the last band left, carried forward over the samples inside the band
        last = np.maximum.accumulate(np.where(high | low, np.arange(v.size), -1))
        seen = last >= 0
        state = np.zeros(v.size, dtype=bool)
        state[seen] = high[last[seen]]
        up = np.flatnonzero(seen[:-1] & ~state[:-1] & state[1:]) + 1
        out.append(float(np.diff(up).mean() * dt) if sd > 0 and up.size >= 3 else None)
    return out


def maxima_spacings(x, dt: float) -> list[float | None]:
    """Mean time between successive local maxima of each column (None: fewer than three maxima).

    It counts every oscillation, small ripples too: the fastest time scale of a column.

    >>> t = np.arange(0, 100, 0.01)
    >>> [round(v, 3) for v in maxima_spacings(np.sin(2 * np.pi * t / 4.0)[:, None], 0.01)]
    [4.0]
    """
    out: list[float | None] = []
    for v in np.asarray(x, dtype=np.float64).T:
        peaks = np.flatnonzero((v[1:-1] > v[:-2]) & (v[1:-1] >= v[2:])) + 1
        out.append(float(np.diff(peaks).mean() * dt) if peaks.size >= 3 else None)
    return out


#: Above this many variables a per-variable time scale is stored as a summary of the variables
#: it was measured on (``measured``, ``min``, ``median``, ``max``): one entry per variable was
#: 27 kB of nulls for GrayScott's 4608. A storage choice, not a setting of the computation.
PER_VARIABLE_MAX = 64


def _per_variable(values: list[float | None], bounded: list[int], dimension: int):
    """Time scales of the ``bounded`` variables as stored: a list over all variables (None where
    unmeasured or unbounded) up to :data:`PER_VARIABLE_MAX` variables, else a summary; None when
    no variable has one.

    >>> _per_variable([2.0, None], [0, 2], 3)
    [2.0, None, None]
    >>> _per_variable([1.0, None, 3.0, 2.0], [0, 1, 2, 3], 100)
    {'measured': 3, 'min': 1.0, 'median': 2.0, 'max': 3.0}
    """
    found = [v for v in values if v is not None]
    if not found:
        return None
    if dimension <= PER_VARIABLE_MAX:
        it = iter(values)
        return [next(it) if i in bounded else None for i in range(dimension)]
    return {"measured": len(found), "min": min(found), "median": float(np.median(found)), "max": max(found)}


def compute(name: str) -> dict:
    import tsdyn.systems as ts

    s = ts.get(name)
    entry: dict = {"kind": s.kind, "parameters": s.params, "not_applicable": {}, "failed": {}}
    t0 = time.perf_counter()
    large = s.kind == "flow" and s.dimension > SETTINGS["large_dimension"]
    bounded = [i for i in range(s.dimension) if i not in set(s.unbounded)]

    # ---------------------------------------------------------------- trajectory, period, moments
    x = None
    dt = None
    try:
        if s.kind == "map":
            traj = s.integrate(n=SETTINGS["map_iterations"], transient=1000)
            entry["not_applicable"]["dominant_period"] = "maps have discrete time"
        else:
            guess = s.period or (s.delay if s.kind == "delay" else None) or 1.0
            # Without a catalog period, refine the guess once from a first run, then sample with it.
            for _ in range(1 if s.period else 2):
                dt = guess / SETTINGS["samples_per_period"]
                kw = dict(
                    n=SETTINGS["samples_per_period"] * SETTINGS["periods"], dt=dt,
                    transient=SETTINGS["transient_periods"] * guess, parallel=False,
                )  # fmt: skip
                if large:
                    dt = SETTINGS["large_periods"] * guess / SETTINGS["large_samples"]
                    kw.update(
                        n=SETTINGS["large_samples"],
                        dt=dt,
                        transient=SETTINGS["large_transient_periods"] * guess,
                    )
                if s.kind == "sde":
                    kw.update(noise=SETTINGS["sde_noise"], seed=SETTINGS["seed"])
                else:
                    kw.update(rtol=SETTINGS["rtol"], atol=SETTINGS["atol"], max_steps=10**7)
                traj = s.integrate(**kw)
                period, period_err = dominant_period(traj.values[:, bounded], dt)
                # A spectrum peak far from the guess means the sampling was too coarse or too short.
                if 0.5 < period / guess < 2.0:
                    break
                guess = period
            tail = traj.values[traj.shape[0] // 2 :, bounded]
            if s.kind == "sde":
                entry["not_applicable"]["dominant_period"] = (
                    "noise-driven: a spectral peak is not an oscillation"
                )
            elif not bounded:
                # Phases only (Kuramoto, ArnoldBeltramiChildress): with no column the spectrum was
                # empty and its "peak" the record length (Kuramoto's 12 700), and an empty tail
                # passed the at-rest test; the published period is kept (docs/systems.md, Periods).
                entry["not_applicable"]["dominant_period"] = "every variable is an unbounded phase"
            elif np.all(np.ptp(tail, axis=0) <= 1e-6 * (1.0 + np.abs(tail).max(axis=0))):
                # Settled on an equilibrium (Stommel's box model, Daisyworld, ...): the spectrum
                # of the integrator's noise has no meaningful peak, and the point has dimension 0.
                at_rest = "the trajectory settles on a fixed point"
                entry["not_applicable"]["dominant_period"] = at_rest
                entry["not_applicable"]["correlation_dimension"] = at_rest + " (dimension 0)"
            elif period >= traj.shape[0] * dt / 2:
                # The peak in the lowest frequency bins: no oscillation completes twice in the
                # record (the fields' two-period snapshots: GrayScott's 8000 +- 4000 was the length).
                entry["not_applicable"]["dominant_period"] = (
                    f"no oscillation completes twice in the {traj.shape[0] * dt:.4g} time units sampled"
                )
            else:
                entry["dominant_period"] = period
                entry["dominant_period_error"] = period_err
                # Two more definitions of a period (docs/systems.md, "Periods"), per variable.
                states = traj.values[:, bounded]
                for key, values in (
                    ("return_times", return_times(states, dt, SETTINGS["return_time_band"])),
                    ("maxima_spacings", maxima_spacings(states, dt)),
                ):
                    stored = _per_variable(values, bounded, s.dimension)
                    if stored is not None:
                        entry[key] = stored
            entry["integrator"] = traj.attrs.get("integrator")
        x = traj.values
        entry["mean"] = [float(v) if i in bounded else None for i, v in enumerate(x.mean(axis=0))]
        entry["std"] = [float(v) if i in bounded else None for i, v in enumerate(x.std(axis=0))]
    except Exception as exc:  # every failure is recorded in the file
        entry["failed"]["trajectory"] = _err(exc)

    # ---------------------------------------------------------------- Lyapunov spectrum
    if s.kind == "sde":
        entry["not_applicable"]["lyapunov"] = (
            "stochastic: trajectories of an SDE have no Lyapunov spectrum in the deterministic sense"
        )
    elif s.kind == "delay" or s.spec.extra.get("discontinuous"):
        # The largest exponent only, by two nearby trajectories: a delay equation's state is
        # infinite-dimensional (the pair restarts every delay), and the tangent equations of a
        # flow whose right-hand side jumps miss the jumps (the pair is renormalised every period).
        try:
            if s.kind == "delay":
                t_avg = SETTINGS["delay_lyapunov_delays"] * s.delay_time
            else:
                t_avg = SETTINGS["lyapunov_periods"] * s.period
            res = _extended(
                lambda f: ts.lyapunov_spectrum(
                    s, t=f * t_avg, blocks=SETTINGS["lyapunov_blocks"], transient=0.05 * t_avg
                ),
                entry,
            )
            entry["lyapunov_spectrum"] = res.exponents.tolist()
            entry["lyapunov_stderr"] = res.stderr.tolist()
            entry["lyapunov_max"] = float(res.exponents[0])
            entry["lyapunov_method"] = "two trajectories"
            entry["lyapunov_time"] = res.time
            entry["not_applicable"]["kaplan_yorke_dimension"] = (
                f"a {'delay equation' if s.kind == 'delay' else 'discontinuous flow'}'s spectrum "
                "beyond the largest exponent is not computed"
            )
        except Exception as exc:
            entry["failed"]["lyapunov"] = _err(exc)
    else:
        # RK4 at period / 200, quartered twice on failure; then adaptive dopri5 (stiff flows).
        # Fields go straight to dopri5 with directional tangents and their leading exponents.
        # a flow whose catalog row fixes adaptive steps (lyapunov_rtol) gets one run: a retry would repeat it
        rtol = s.spec.extra.get("lyapunov_rtol")
        attempts = [3] if large else [0] if rtol else range(3 if s.kind == "map" else 4)
        for attempt in attempts:
            try:
                if s.kind == "map":
                    n_it = min(
                        SETTINGS["lyapunov_map_iterations"], SETTINGS["lyapunov_max_work"] / s.dimension**2
                    )
                    res = _extended(
                        lambda f, n_it=n_it: ts.lyapunov_spectrum(
                            s, n=int(f * n_it), transient=int(n_it) // 10, blocks=SETTINGS["lyapunov_blocks"]
                        ),
                        entry,
                    )
                else:
                    # The shorter of the measured and the published period: a spectral peak at a
                    # slow modulation must not set a step that the fast oscillation cannot take.
                    period = min(p for p in (entry.get("dominant_period"), s.period, math.inf) if p)
                    period = 1.0 if math.isinf(period) else period
                    h = period / SETTINGS["lyapunov_steps_per_period"] / 4 ** min(attempt, 2)
                    # A stiff system may cap the RK4 step (a coarser one lands on spurious equilibria).
                    h = min(h, s.spec.extra.get("lyapunov_dt", math.inf))
                    max_steps = min(
                        SETTINGS["lyapunov_max_steps"], SETTINGS["lyapunov_max_work"] / s.dimension**2
                    )
                    t_avg = min(SETTINGS["lyapunov_periods"] * period, max_steps * h)
                    if rtol:
                        # A Hamiltonian flow with close passes to a singular term (SwingingAtwood's
                        # p_theta^2 / r^2): fixed-step RK4 breaks its energy; adaptive steps at the
                        # catalog's tolerance keep it, over the usual averaging time
                        t_avg = SETTINGS["lyapunov_periods"] * period
                        res = _extended(
                            lambda f, t_avg=t_avg, rtol=rtol: ts.lyapunov_spectrum(
                                s, t=f * t_avg, method="dopri5", rtol=rtol, atol=rtol / 100,
                                blocks=SETTINGS["lyapunov_blocks"], transient=0.1 * t_avg,
                            ),
                            entry,
                        )  # fmt: skip
                        entry["lyapunov_method"] = "dopri5"
                    elif attempt < 3:
                        res = _extended(
                            lambda f, t_avg=t_avg, h=h: ts.lyapunov_spectrum(
                                s,
                                t=f * t_avg,
                                dt=h,
                                transient=0.1 * t_avg,
                                blocks=SETTINGS["lyapunov_blocks"],
                            ),
                            entry,
                        )
                    else:
                        k = SETTINGS["large_lyapunov_k" if large else "lyapunov_adaptive_k"]
                        t_avg = (
                            period
                            * SETTINGS["large_lyapunov_periods" if large else "lyapunov_adaptive_periods"]
                        )
                        res = ts.lyapunov_spectrum(
                            s, t=t_avg, dt=h, k=min(k, s.dimension), method="dopri5",
                            rtol=SETTINGS["lyapunov_adaptive_rtol"], atol=SETTINGS["lyapunov_adaptive_atol"],
                            blocks=SETTINGS["lyapunov_blocks"], transient=0.1 * t_avg,
                        )  # fmt: skip
                        entry["lyapunov_method"] = "dopri5"
                if not np.isfinite(res.exponents).all():
                    raise FloatingPointError("non-finite exponents")
                # QR keeps the order of the tangent vectors; exponents equal within noise
                # (zero exponents of quasi-periodic motion) can come out swapped: sort them.
                order = np.argsort(-res.exponents, kind="stable")
                entry["lyapunov_spectrum"] = res.exponents[order].tolist()
                entry["lyapunov_stderr"] = res.stderr[order].tolist()
                entry["lyapunov_max"] = float(res.exponents[order[0]])
                if math.isfinite(res.kaplan_yorke):
                    # NaN when the computed leading exponents do not reach a negative sum.
                    entry["kaplan_yorke_dimension"] = float(res.kaplan_yorke)
                else:
                    entry["not_applicable"]["kaplan_yorke_dimension"] = (
                        f"the {res.exponents.size} leading exponents computed do not reach a negative sum"
                    )
                entry["lyapunov_time"] = res.time
                entry["lyapunov_dt"] = None if s.kind == "map" else res.dt
                entry["jacobian"] = res.jacobian
                entry["failed"].pop("lyapunov", None)
                break
            except Exception as exc:
                entry["failed"]["lyapunov"] = _err(exc)
                if s.kind == "map":
                    break

    # ---------------------------------------------------------------- correlation dimension
    if s.kind == "sde":
        entry["not_applicable"]["correlation_dimension"] = "noise fills state space: no finite dimension"
    elif large:
        entry["not_applicable"]["correlation_dimension"] = (
            f"a {s.dimension}-variable field sampled {SETTINGS['large_samples']} times: too few points"
        )
    elif not bounded:
        entry["not_applicable"]["correlation_dimension"] = "every variable is an unbounded phase"
    elif x is not None and "correlation_dimension" not in entry["not_applicable"]:
        try:
            if s.kind == "delay":
                # A delay equation's state is a function: embed the series (lag a quarter period).
                m = SETTINGS["delay_embedding_dimension"]
                lag = max(1, min(round(entry["dominant_period"] / 4 / dt), x.shape[0] // (4 * m)))
                points = np.lib.stride_tricks.sliding_window_view(x[:, 0], (m - 1) * lag + 1)[:, ::lag]
                theiler, step = SETTINGS["samples_per_period"], m
                entry["correlation_embedding"] = {"emb_dim": m, "lag_samples": lag}
            else:
                theiler = (
                    0
                    if s.kind == "map"
                    else round(SETTINGS["correlation_theiler_periods"] * SETTINGS["samples_per_period"])
                )
                points, step = x[:, bounded], len(bounded)
            d, d_err = correlation_dimension_of_states(
                points, theiler, step, SETTINGS["correlation_max_points"]
            )
            lam, lam_err = entry.get("lyapunov_max"), (entry.get("lyapunov_stderr") or [math.inf])[0]
            chaotic = lam is not None and lam > 3 * lam_err
            if chaotic and not d_err <= SETTINGS["correlation_retry_above"] * abs(d):
                # More points reach smaller scales, where a chaotic attractor's C(r) scales.
                more = correlation_dimension_of_states(
                    points, theiler, step, SETTINGS["correlation_retry_points"]
                )
                if more[1] < d_err:
                    (d, d_err), entry["correlation_points"] = more, SETTINGS["correlation_retry_points"]
            entry["correlation_dimension"] = float(d)
            entry["correlation_dimension_error"] = float(d_err)
        except Exception as exc:
            entry["failed"]["correlation_dimension"] = _err(exc)
    entry["seconds"] = round(time.perf_counter() - t0, 2)
    return entry


def settings_key() -> str:
    """Short hash of ``SETTINGS``: each entry stores the key of the settings it was computed with."""
    return hashlib.sha256(json.dumps(STORED_SETTINGS, sort_keys=True).encode()).hexdigest()[:10]


def _safe(name: str) -> tuple[str, dict]:
    try:
        return name, {**compute(name), "settings": settings_key()}
    except Exception:  # a crash of one system must not lose the others
        return name, {"failed": {"all": traceback.format_exc(limit=2)[-300:]}}


def _compact(entry: dict) -> dict:
    keep_exact = {"kind", "parameters", "not_applicable", "failed", "integrator", "jacobian", "uncertain",
                  "lyapunov_method", "correlation_embedding", "seconds", "settings"}  # fmt: skip
    if "lyapunov_stderr" in entry:
        entry["lyapunov_stderr"] = [max(float(v), STDERR_FLOOR) for v in entry["lyapunov_stderr"]]
    return {
        k: (v if k in keep_exact else _sig(v))
        for k, v in entry.items()
        if k == "parameters" or v not in ({}, None)
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="systems to (re)compute; default: the whole catalog")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument(
        "--resume",
        action="store_true",
        help="skip the systems whose entry was computed with the current settings",
    )
    parser.add_argument("--skip", nargs="*", default=[], help="systems to leave as stored")
    parser.add_argument(
        "--annotate",
        action="store_true",
        help="only rewrite the uncertain notes (WHY_UNCERTAIN); compute nothing",
    )
    parser.add_argument(
        "--max-extension",
        type=float,
        help="cap of the Lyapunov extension for the named systems (default: the setting); the "
        "entry's lyapunov_extension records the factor used",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    sys.path.insert(0, str(ROOT))
    import tsdyn
    import tsdyn.systems as ts

    if args.max_extension:
        if not args.names:
            parser.error("--max-extension applies to named systems only")
        # Not a change of the settings (their key stays): one entry's run is longer, and says so.
        SETTINGS["lyapunov_max_extension"] = args.max_extension
    names = [n for n in (args.names or ts.list()) if n not in args.skip]
    partial = bool(args.names or args.resume or args.skip or args.annotate)
    if args.annotate:
        names = []
    old = json.loads(OUT.read_text()) if OUT.exists() and partial else {"systems": {}}
    if args.resume:
        names = [n for n in names if old["systems"].get(n, {}).get("settings") != settings_key()]
    t0 = time.perf_counter()
    results = dict(old["systems"])

    done: set[str] = set()

    def write(wall: float | None) -> None:
        # Written after every system (atomically), so an interrupted run keeps what it computed;
        # merged into the file as it is now, so that runs of other systems in parallel (a slow
        # one in the background) do not overwrite each other's entries.
        if partial and OUT.exists():
            now = json.loads(OUT.read_text())["systems"]
            results.update({n: e for n, e in now.items() if n not in done})
        for name, entry in results.items():
            entry.pop("uncertain", None)
            if found := _uncertain(name, entry):
                entry["uncertain"] = found
        doc = {
            "format": FORMAT,
            "tsdyn_version": tsdyn.__version__,
            "generated": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "generator": "tools/compute_invariants.py",
            "wall_seconds": wall,
            "jobs": args.jobs,
            "settings": STORED_SETTINGS,
            "systems": dict(sorted(results.items())),
        }
        tmp = OUT.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n")
        tmp.replace(OUT)

    with ProcessPoolExecutor(args.jobs) as pool:
        # Largest systems last, and results taken as they come, so none waits behind them.
        order = sorted(names, key=lambda n: ts.get(n).dimension > 6)
        for future in as_completed([pool.submit(_safe, n) for n in order]):
            name, entry = future.result()
            results[name] = _compact(entry)
            done.add(name)
            status = ", ".join(entry.get("failed", {})) or "ok"
            print(f"{name:<28} {entry.get('seconds', 0):7.2f} s  {status}", flush=True)
            write(old.get("wall_seconds"))
    wall = time.perf_counter() - t0
    write(round(wall, 1) if not partial else old.get("wall_seconds"))
    print(
        f"{len(names)} systems in {wall:.1f} s -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e3:.0f} kB)"
    )


if __name__ == "__main__":
    main()
