"""Largest Lyapunov exponent from a series: divergence of nearby delay vectors.

Every delay vector is paired with its nearest neighbour (Rosenstein, Collins &
De Luca 1993) or with all its neighbours within a radius (Kantz 1994), the two
are followed ``k`` steps on, and the mean log separation :math:`S(k)` is the
**divergence curve**. While the separations are small it grows as
:math:`S(k) \\approx S(0) + \\lambda_1 k\\,\\Delta t`; later it saturates at the
attractor's size. The exponent is the slope of the curve's linear region,
chosen by a documented rule (see :func:`lyapunov_exponent`), per time unit.

>>> import numpy as np
>>> from tsdyn.chaos import lyapunov_exponent
>>> x = np.empty(3000)
>>> x[0] = 0.3
>>> for i in range(1, x.size):
...     x[i] = 4.0 * x[i - 1] * (1.0 - x[i - 1])  # logistic map, lambda = ln 2
>>> round(float(lyapunov_exponent(x, m=1, tau=1).exponent), 1)
0.7
"""

from __future__ import annotations

import collections
import math
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from scipy.spatial import cKDTree

from tsdyn._naming import public_name
from tsdyn.data import Output, apply_along_time, from_series, series_and_family
from tsdyn.errors import (
    InputError,
    check_choice,
    check_int,
    check_nan_policy,
    check_real,
    check_time_coordinate,
)

__all__ = [
    "LYAPUNOV_METHODS",
    "LyapunovEstimate",
    "LyapunovSpectrum",
    "lyapunov_exponent",
    "lyapunov_spectrum",
]

LYAPUNOV_METHODS = ("auto", "rosenstein", "kantz", "wolf")
#: Reference points are split into this many blocks of consecutive time; the spread of
#: the slopes fitted to each block's curve gives the standard error.
_BLOCKS = 10
_MIN_POINTS = 5
_MIN_VECTORS = 10
#: Candidate end points of the linear region: at most this many, evenly spread.
_GRID = 300
#: Wolf's method: a pair is followed for one mean period of the series and replaced by a
#: neighbour along its direction once it is farther apart than this fraction of the
#: attractor's RMS radius; neighbours are searched among this many beyond the Theiler window.
_WOLF_REPLACE = 0.15
_WOLF_CANDIDATES = 30
#: ``"auto"`` takes Wolf's estimate when it is lower than the curve's slope by at most this
#: factor (both over-estimate in their failure modes; a larger gap is no consistent pair).
_AUTO_FACTOR = 2.0
#: ... and whenever the curve's first step covers more than this fraction of its rise: a noise
#: floor under the neighbour distances (catalog flows at 100 samples per period, clean: 0-4 %,
#: one at 44 %; with 5 % observation noise 8-86 %), under which the curve bends from the start.
_AUTO_NOISE_STEP = 0.1
#: The local Jacobians' lambda1 in ``m + 1`` coordinates farther than this fraction from Wolf's
#: estimate: ``"auto"`` fits ``m + 2`` too and takes the closer (``_jacobian_rule``).
_JAC_WOLF_GAP = 0.2
#: A map's curve under that noise floor bends from its first step and has no straight window
#: at lambda1: ``"auto"`` takes the median step of its part below this fraction of the rise,
#: if that part spans at least this many steps (catalog maps with 5 % noise: 7 -> 12 of 26).
_MAP_NOISE_HALF = 0.5
_MAP_NOISE_STEPS = 3
#: A map's series whose SD exceeds this many times its increments' wanders (a lifted phase's
#: chaotic diffusion: the circle map's, 2577; the other catalog maps 1.0-2.0, flows up to 3.4).
_WANDER = 10.0
#: Local Jacobians: directions whose neighbourhood variance is below this fraction of the
#: largest are left out of the least-squares fit (truncated SVD). With the tiny ridge used
#: before, the thin directions' columns were dominated by curvature and error and lambda1
#: came out 1.28x the reference in the median on the catalog (53 / 140 within 15 %); 1e-2:
#: median 1.02 (81 / 140 with step = tau). 1e-1 cuts real expansion (median 0.25). With the
#: fold cut below, 5e-3 (94 / 140 under "auto"; 1e-2: 92; with the cut at 3 instead of 5,
#: 5e-3: 95, 3e-3: 91, 2e-3: 90).
_JAC_RCOND = 5e-3
#: Local Jacobians: a neighbour whose separation from the reference point grows over the step
#: by more than this many times the median growth of its neighbourhood is left out of the fit:
#: the pair straddles a fold (or the neighbour is a false one), so no linear map of the
#: neighbourhood sends it where it goes, and least squares tilts the Jacobian toward that one
#: stretched pair (lambda1 too high). On the catalog (clean, "auto", cut 5e-3) 2.5-5: 94-95 / 140,
#: none: 92; 3 and below also cut Lorenz x's real splitting near its saddle (0.89-1.02 of 0.9056
#: over five transients against 0.98-1.02 at 5).
_JAC_FOLD = 5.0
#: QR rounds left out at the start while the frame turns into the expanding directions.
_JAC_DROP = 10
#: Under a noise floor a flow's Jacobians are fitted to the series' centred moving average over
#: about this fraction of ``tau`` samples (an odd count, at least 3; ``_noise_smoothed``). A
#: moving average is a fixed linear function of delay coordinates, so it leaves the exponents
#: unchanged, and it divides white observation noise's variance by its length. Catalog series
#: with 5 % observation noise, "auto", 2 (m + 1) neighbours: 0.25, 0.5, 0.75, 1 tau: 66, 69, 68,
#: 68 of 140 (before: 52; the Jacobians on the raw noisy series 53); a quadratic Savitzky-Golay
#: over 1 or 2 tau 69, 66.
_JAC_NOISE_SMOOTH = 0.5
#: ... from this many neighbours per fitted term (``4 (m + 1)``; 2 on clean series), so the
#: neighbourhoods reach beyond the noise left after the average (whose errors in the
#: neighbours' offsets flatten the fits: noisy Rossler 0.79 of the reference at 2, 0.87 at 4).
#: Catalog flows with 5 % noise, averaged over tau / 2: 2, 3, 4, 6 (m + 1): 69, 68, 71, 69 / 140
#: (these scans before the guard that asks the curve / Wolf rule for an exponent first: 67 with it).
_JAC_NOISE_NEIGHBOURS = 4
#: A map's series under ``"auto"`` gets an exponent only where its local linear one-step
#: prediction (each point from its ``2 m + 2`` nearest neighbours outside the Theiler window,
#: the point itself held out) errs by less than this fraction of a global linear AR(``m``)
#: prediction's (fitted on the first half, tested on the second): a deterministic map's series
#: predicts far better locally than linearly, noise no better. Catalog maps clean 0.00-0.11
#: (UlamLattice 1.03, Zaslavskii 1.16: neither gets an exponent anyway), with 5 % noise
#: 0.12-0.54 where the curve gives an exponent; white, AR(1), AR(2), 1/f and moving-average
#: noise 1.1-1.3, to which the curve's median step under a noise floor gave an exponent before.
_MAP_DETERMINISM = 0.8
#: ... measured on this many reference points, evenly spread.
_MAP_DETERMINISM_POINTS = 1500
#: A flow's series under a noise floor whose curve / Wolf rule finds no exponent gets the
#: Jacobians of its moving average (``_noise_smoothed``) where that average is deterministic:
#: in the Jacobians' ``m + 1`` coordinates it predicts ``tau`` samples ahead locally (from
#: ``4 (m + 2)`` neighbours, ``_prediction_ratio``) with under this fraction of a global linear
#: AR fit's error. Catalog flows with 5 % noise under the floor: 92 of 109 at 0.04-0.49, the
#: other 17 slow-fast, delay and high-dimensional ones (0.50-2.5); the four it adds (Aizawa 0.09,
#: GlycolyticOscillation 0.22, SprottO 0.12, YuWang2 0.08; 67 -> 71 / 140). Coloured noise read
#: as a flow (AR(1) 0.9 and 0.97, moving averages of 5, 10, 20 samples, 1/f, white noise, 40
#: seeds each) 1.05-2.0, random walks (3 of 40 under the floor) 1.7-2.0: a Gaussian linear
#: process's best predictor is linear.
_FLOW_DETERMINISM = 0.5
#: A flow's series whose means over ten equal blocks spread by more than this fraction of its
#: SD does not revisit one region over the record (a random walk's 0.66-0.99 over 100 seeds,
#: integrated AR(1) alike, AR(1) 0.999 0.39-0.94); ``"auto"`` gives it an exponent only where
#: it predicts ``tau`` samples ahead locally better than 0.8 times a global linear AR fit (the
#: maps' bound, ``_MAP_DETERMINISM``; ``_flow_deterministic``): a Gaussian linear process's best
#: predictor is linear (random walks 1.05 and over, 100 seeds; integrated AR(1) 0.5, 0.9 1.39,
#: 1.00; AR(1) 0.999 1.20). Clean catalog flows over 0.5: ForcedPendulum 0.88, Gissinger 0.79,
#: Arneodo 0.75, MultiChua 0.67, SprottDelay 0.63, BlinkingRotlet 0.62 (lobes visited for long
#: stretches, slow forcing); their ratios 0.09-0.46 (5 % noise up to 0.66) but for two misses
#: (ForcedPendulum 2.75, BlinkingRotlet 0.99), which lose their wrong exponents. The stationary
#: ones are not asked (ZhouChen, a hit, predicts no better than linearly: 1.15).
_FLOW_STATIONARY = 0.5
#: A record resolves its attractor at the scale lambda1 is measured on (``resolved``) when its
#: divergence curve rises at least _RESOLVED_RISE (natural log) from the nearest neighbours to
#: its plateau and the neighbours a local Jacobian is fitted to lie within _RESOLVED_SPREAD of
#: the delay vectors' RMS radius (``_neighbour_spread``). On the clean catalog
#: (docs/chaos_validation.md) 22 of 139 records fail one or the other and 18 of them miss the
#: reference lambda1 by over 15 % (neighbours 0.2-0.5 of the radius away; on most hits
#: 0.02-0.12); on the other 117 the defaults hit 93. Bounds of 1.5-2.5 e-folds and 0.15-0.3
#: flag 12-28 records, 70-93 % of them misses (docs/chaos_lyapunov_catalog.md, session 13); with
#: 5 % noise these flag 30, 27 misses. White noise at its default embedding: 0.37-0.45 (3000
#: samples, three seeds).
_RESOLVED_RISE = 2.0
_RESOLVED_SPREAD = 0.2

LyapunovEstimate = collections.namedtuple(
    "LyapunovEstimate",
    "exponent stderr found fit_start fit_stop m tau theiler divergence curve_exponent wolf_exponent jacobian_exponent"
    " curve_rise neighbour_spread resolved",
)
LyapunovEstimate.__doc__ = """Result of :func:`lyapunov_exponent` for numpy or pandas.Series input.

Attributes
----------
exponent : float (array for several series)
    Largest Lyapunov exponent per time unit: under ``"auto"`` one of
    ``jacobian_exponent``, ``wolf_exponent`` and ``curve_exponent`` (the Notes of
    :func:`lyapunov_exponent` say which); NaN where none is returned (no linear region,
    or estimates that contradict each other).
stderr : float
    Its standard error (the spread of 10 blocks' estimates: blocks of reference points for
    the curve, of time for Wolf's and the Jacobians').
found : bool
    Whether an exponent was returned. False: read the curve.
fit_start, fit_stop : int
    First and last step ``k`` of the curve's fitted region (-1 where it has none).
m, tau, theiler : int
    The embedding and Theiler window used (given or chosen); the Jacobians of ``"auto"``
    use ``m + 1`` coordinates for a flow's series (or ``m + 2`` where that is closer to
    Wolf's estimate, see the Notes of :func:`lyapunov_exponent`).
divergence : array over ``step`` = 0..max_steps - 1
    Mean log separation S(k) (natural log).
curve_exponent : float
    The slope of the divergence curve's linear region per time unit (NaN: none found).
wolf_exponent : float
    Wolf's estimate per time unit (NaN where it was not computed: ``"rosenstein"``,
    ``"kantz"``, or ``"auto"`` on a map's series).
jacobian_exponent : float
    The local Jacobians' leading exponent per time unit (``"auto"`` only; under a noise
    floor a flow's from its moving average; NaN where it was not computed: a map's series
    under a noise floor where the curve gives no exponent either, or a series too short
    for the fits).
curve_rise : float
    The divergence curve's rise from its first step to its plateau (natural log): how many
    e-folds of growth fit between the nearest neighbours and the attractor's size.
neighbour_spread : float
    The median distance from a delay vector to the ``2 (m' + 1)`` nearest neighbours a local
    Jacobian is fitted to (``m' = m + 1`` coordinates for a flow's series, ``m + 2`` for a map's),
    over the delay vectors' RMS radius.
resolved : bool
    Whether the record resolves its attractor at that scale: ``curve_rise`` at least 2 and
    ``neighbour_spread`` under 0.2. False: the neighbours are too far apart for a local
    estimate, whatever its value (a longer record, or a lower-dimensional observable, is
    needed); on the catalog 18 of the 22 such records missed the reference lambda1 by over
    15 %; white noise's neighbours lie 0.37-0.45 of the radius away in its default
    embedding. Resolution is not determinism: in few coordinates noise is resolved.

See Also
--------
lyapunov_exponent : Computes it.
LyapunovSpectrum : Every exponent.

Examples
--------
The logistic map at r = 4 has the exponent ln 2 = 0.693 per step:

>>> import numpy as np
>>> x = np.empty(2000)
>>> x[0] = 0.3
>>> for i in range(1, x.size):
...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
>>> est = lyapunov_exponent(x, m=1, tau=1)
>>> round(float(est.exponent), 2), bool(est.found), est.divergence.shape
(0.69, True, (200,))
>>> bool(np.isnan(est.wolf_exponent))  # a map (tau = 1): the curve alone
True
"""


def lyapunov_exponent(
    x,
    *,
    method: str = "auto",
    m: int | None = None,
    tau: int | None = None,
    theiler: int | None = None,
    dt: float | None = None,
    max_steps: int | None = None,
    radius: float | None = None,
    evolve: int | None = None,
    tol: float = 0.05,
    min_rise: float = 0.5,
    saturation: float = 0.7,
    dim: str = "time",
    nan_policy: str = "raise",
):
    """Largest Lyapunov exponent of each series of ``x``, with its divergence curve.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis).
    method : {"auto", "rosenstein", "kantz", "wolf"}
        ``"rosenstein"``: each delay vector and its nearest neighbour,
        :math:`S(k) = \\langle \\ln d_i(k) \\rangle`. ``"kantz"``: each delay vector
        and all its neighbours within ``radius``,
        :math:`S(k) = \\langle \\ln \\langle d_{ij}(k) \\rangle_j \\rangle_i`.
        ``"wolf"``: pairs followed ``evolve`` steps at a time and renormalised along
        their direction (Wolf et al. 1985; Notes). ``"auto"``: the leading exponent of
        local Jacobians (as :func:`lyapunov_spectrum`) where the data allow it, else
        Rosenstein's curve and, for a flow's series (``tau`` > 1), Wolf's estimate
        beside it, combined by the rule in the Notes. Distances are Euclidean between whole delay vectors.
    m, tau : int, optional
        Embedding dimension and delay. ``None``: :func:`embedding_dimension`
        (false nearest neighbours; Cao's for a map's series where they never settle,
        Notes) with ``tau`` from :func:`optimal_delay` (1 for a series that decorrelates
        within 2 samples, and for a map's series: xarray attrs ``kind="map"``), per series.
    theiler : int, optional
        Neighbours closer than this many samples in time are excluded.
        ``None``: the autocorrelation time, the first lag at which the
        autocorrelation falls to 1/e (at least 1).
    dt : float, optional
        Sampling interval. Given, it is used whatever the time coordinate says
        (a pandas series with a default integer index has one, in samples).
        Otherwise read from the time coordinate (which must be evenly spaced;
        datetime64 gives seconds); without one, 1 (per sample).
    max_steps : int, optional
        Length of the divergence curve in steps. ``None``:
        ``max(20, min(1000, N // 10))``, enough to see a flow saturate.
    radius : float, optional
        ``"kantz"`` neighbourhood radius. ``None``: twice the median distance of
        the vectors to their nearest neighbour.
    evolve : int, optional
        Wolf's evolution time in samples. ``None``: the series' mean period, the
        reciprocal of its power-weighted mean frequency (at least 1).
    tol : float
        Linearity tolerance: a region is straight when the RMS residual of its
        line fit is at most ``tol`` times its rise (0.05: the curve of a flow
        wiggles with the orbit's phase around its trend; see Notes).
    saturation : float
        The linear region is searched below this fraction of the way from
        :math:`S(0)` to the plateau (see Notes).
    min_rise : float
        Least rise (natural log) of a linear region: a divergence over less
        than a factor :math:`e^{0.5}` is no exponential growth.
    dim : str
        The time dimension.
    nan_policy : {"raise"}
        NaN and infinite values are refused with their position.

    Returns
    -------
    LyapunovEstimate (numpy, pandas.Series), a dict of pandas objects (a
    DataFrame: per field, indexed by column) or Dataset (xarray: ``exponent``, ``stderr``,
    ``found``, ``fit_start``, ``fit_stop``, ``m``, ``tau``, ``theiler``,
    ``curve_exponent``, ``wolf_exponent``, ``jacobian_exponent``, ``curve_rise``,
    ``neighbour_spread``, ``resolved`` and ``divergence`` over ``step``, with the
    coordinate ``lag_time``).

    See Also
    --------
    LyapunovEstimate : What it returns (numpy input).
    lyapunov_spectrum : Every exponent.

    Notes
    -----
    **Linear region.** The plateau is the median of the curve's last fifth;
    only the part of the curve below 70 % of the way from :math:`S(0)` to the
    plateau is searched (above it, pairs feel the attractor's size and the
    slope falls).
    Every window of at least 5 steps there is fitted by least squares; a window
    is linear when its RMS residual is at most ``tol`` times its rise and its
    rise is at least ``min_rise``. The **longest** linear window is chosen (the
    initial steep transient, while separations turn into the unstable
    direction, is short). The bounds (70 %, ``tol`` 0.05) were tuned on the
    catalog (``docs/chaos_validation.md``): half-way and 0.02 let the steep
    first half-period of slow-fast flows pass for the linear region and
    scored 50 of the 137 scored systems, these 68, with the references of Lorenz,
    Hénon and the logistic map kept within 1 %. None found (noise: the curve jumps to its plateau;
    a regular signal: it does not grow): ``found`` is False, the exponent NaN,
    and the curve is returned to look at.

    The standard error is the spread of the slopes fitted on the same region
    to the curves of 10 blocks of consecutive reference points, divided by
    :math:`\\sqrt{10}`.

    **Wolf's method** (fixed evolution time). Every sample in the first ``evolve``
    steps starts a chain: its delay vector and its nearest neighbour outside the
    Theiler window are followed ``evolve`` steps, the log ratio of their final and
    initial distances is recorded, and the chain moves on from the evolved pair. A
    pair farther apart than 15 % of the attractor's RMS radius is replaced by the
    neighbour of the evolved reference point (among its 30 nearest beyond the
    Theiler window, closer than that bound) whose offset makes the smallest angle
    with the evolved offset, so the separation stays along the most expanding
    direction instead of starting over in a random one (the transient that
    tilts the divergence curve). The exponent is the mean log ratio per
    ``evolve`` time; it needs no linear region (``found`` is True when it is
    finite), and its standard error is the spread of 10 blocks' means in time.

    **"auto"** (the default) **first takes the local Jacobians**: the leading exponent
    of Jacobians fitted over ``tau`` samples in ``m + 1`` delay coordinates for a flow
    (``m + 2`` for a map), truncated to the directions each neighbourhood spans, one tangent
    vector carried through them over the whole record (so there is no alignment
    transient to fit around). It is returned unless Wolf's estimate is over twice or
    under half of it (the two then do not see the same growth: slow-fast flows, delay
    equations); there the rule below decides. Where the curve shows a **noise floor**
    (its first step over 10 % of its rise) a flow's Jacobians are fitted to the series'
    centred moving average over about ``tau / 2`` samples (a linear function of delay
    coordinates, so the exponents stay, while white observation noise's variance is
    divided by the window; on the raw noisy series the noise fills the neighbourhoods'
    thin directions and the Jacobians run high), from ``4 (m + 1)`` neighbours, and only
    where Wolf's estimate is finite (to confirm them within the factor 2) and either the
    rule below finds an exponent or the averaged series is **deterministic**: its local
    linear prediction ``tau`` samples ahead (in the Jacobians' ``m + 1`` coordinates, from
    ``4 (m + 2)`` neighbours, the point itself held out) errs by under half a global linear
    AR fit's (catalog flows with 5 % noise 0.04-0.49 on 92 of 109; AR(1), moving-average,
    1/f and white noise 1.05-2.0 over 40 seeds each: coloured noise's Jacobians are positive
    too, and its curve has no straight stretch): catalog series with 5 % observation noise
    71 of 140 within 15 % under "auto", against 52 for the rule below alone. A flow's
    series that **wanders** (its means over ten equal blocks spread by over half its SD:
    random walks 0.66-0.99) gets no exponent unless that test, on the raw series, finds
    the local prediction under 0.8 times the linear one (the maps' bound): a random walk's
    increments are white noise, best predicted linearly (its curve has no noise floor, and
    the Jacobians gave 20 of 40 walks an exponent), while the catalog's wandering flows,
    whose lobes are visited for long stretches (Arneodo, MultiChua, Gissinger), predict
    far better locally (0.09-0.49). Where the
    Jacobians' lambda1 is within that factor of Wolf's but over 20 % from it, the
    Jacobians are also fitted in ``m + 2`` coordinates and the one closer to Wolf's is
    returned (their lambda1 moves with the embedding, Wolf's
    does not). On the catalog these steps raised the share within 15 % from 79 to 89,
    then, with the local fits' folded-pair cut (:func:`lyapunov_spectrum`), 95 of 140
    (``docs/chaos_lyapunov_catalog.md``).

    **The curve / Wolf rule.** On the catalog both estimators mostly
    *over*-estimate where they fail (the curve: an initial steep transient and
    shear that makes its local slope 1.2-1.7 times lambda1 before it bends; Wolf:
    replacements in strongly sheared or slow-fast regions), so where both are found
    and Wolf's is lower than the curve's slope by at most a factor 2 the lower one,
    Wolf's, is returned; otherwise the curve's slope (a larger gap means the two do
    not describe the same growth). Where Wolf's is lower by more than that factor,
    neither is returned: ``found`` is False and the exponent NaN, with both
    estimates and the curve's fit range kept to look at (mostly slow-fast flows,
    whose curve rises with their phase jumps; on the catalog neither estimate was
    within 15 % on any such series); where it is higher by more, the curve's slope. Wolf's is
    also returned when the curve's first step takes more than 10 % of its rise to
    the plateau: a noise floor under the neighbour distances, under which the curve
    bends from the start and its slope runs low (this clause comes first). Without
    a linear region ``found`` stays False. A map's series (``tau`` = 1) gets the curve
    alone: it is straight over its few steps. On the catalog's 138 scored systems this
    rule is measured in ``docs/chaos_validation.md`` against the curve alone.

    **A map's series under "auto"** (``tau`` = 1). Of the straight windows, the one
    that starts **first** is fitted (the longest from there): a map's separations turn
    into the unstable direction within a step or two, and a later straight stretch is
    slower dynamics, not divergence at lambda1 (Rulkov's map: its spikes saturate in
    10 steps, its slow drift then rises for 60). Under a noise floor (first step over
    10 % of the rise, as above) the curve bends from its first step and has no straight
    window at lambda1: the **median step** :math:`S(k+1) - S(k)` below half the rise,
    if that spans at least 3 steps, says there is an exponent (else none is found), and
    the local Jacobians' lambda1 is returned (closer on the catalog's noisy maps; white
    noise's Jacobians give a positive lambda1 too, so the curve decides). Coloured noise's
    curve gives one there too (AR(1), AR(2), 1/f noise: 0.3-0.4 per step), so a map's
    series gets an exponent only where it is **deterministic**: its local linear one-step
    prediction (each point from its ``2 m + 2`` nearest neighbours, itself held out) errs by
    less than 0.8 times a global linear AR(``m``) prediction's (catalog maps 0.00-0.11
    clean, 0.12-0.54 with 5 % noise where the curve gives an exponent; noise 1.1-1.3).
    Without ``m``,
    a map's series whose false nearest neighbours never fall below their threshold
    gets Cao's ``m`` (a strongly expanding map separates a fixed share of its
    neighbours by more than ``rtol`` at every ``m``: Chebyshev's, lambda1 = ln 6, gets
    1 instead of 7). A map's series whose standard deviation exceeds 10 times that of
    its increments wanders (the lifted circle map's chaotic diffusion, a random walk):
    nearest neighbours in value are then far apart in phase and the curve does not rise,
    so its increments :math:`x_{t+1} - x_t` are used instead, a function of the state
    with the same exponent (the circle map's lift: ``x + omega + k sin(2 pi x) / 2 pi``).

    References
    ----------
    Rosenstein, M. T., Collins, J. J. & De Luca, C. J. (1993). A practical method
    for calculating largest Lyapunov exponents from small data sets. Physica D 65, 117-134.
    Kantz, H. (1994). A robust method to estimate the maximal Lyapunov exponent of
    a time series. Phys. Lett. A 185, 77-87.
    Wolf, A., Swift, J. B., Swinney, H. L. & Vastano, J. A. (1985). Determining
    Lyapunov exponents from a time series. Physica D 16, 285-317.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.chaos import lyapunov_exponent
    >>> x = np.empty(4000)
    >>> x[0] = 0.1
    >>> for i in range(1, x.size):
    ...     x[i] = 4.0 * x[i - 1] * (1.0 - x[i - 1])
    >>> est = lyapunov_exponent(x, m=1, tau=1)
    >>> bool(est.found), bool(abs(est.exponent - np.log(2)) < 0.03)
    (True, True)
    """
    check_choice(method, "method", LYAPUNOV_METHODS)
    m = None if m is None else check_int(m, "m", minimum=1)
    tau = None if tau is None else check_int(tau, "tau", minimum=1)
    theiler = None if theiler is None else check_int(theiler, "theiler", minimum=0)
    max_steps = None if max_steps is None else check_int(max_steps, "max_steps", minimum=_MIN_POINTS + 1)
    radius = None if radius is None else check_real(radius, "radius", minimum=0, inclusive=(False, True))
    evolve = None if evolve is None else check_int(evolve, "evolve", minimum=1)
    tol = check_real(tol, "tol", minimum=0, inclusive=(False, True))
    min_rise = check_real(min_rise, "min_rise", minimum=0)
    saturation = check_real(saturation, "saturation", minimum=0, maximum=1, inclusive=(False, True))
    check_nan_policy(nan_policy, ("raise",))
    da, family = series_and_family(x, dim=dim)
    step, unit = _sampling(da, dim, dt)
    if tau is None and da.attrs.get("kind") == "map":
        tau = 1
    n = da.sizes[dim]
    if max_steps is None:
        max_steps = max(20, min(1000, n // 10))
    # an embedding of m coordinates (m unknown: at least 2), and enough vectors to follow
    minimum = ((m or 2) - 1) * (tau or 1) + max_steps + _MIN_VECTORS
    kwargs: dict[str, Any] = {
        "method": method,
        "m": m,
        "tau": tau,
        "theiler": theiler,
        "max_steps": max_steps,
    }
    kwargs |= {"radius": radius, "tol": tol, "min_rise": min_rise, "saturation": saturation, "step": step}
    kwargs["evolve"] = evolve
    steps = np.arange(max_steps)
    outputs = (
        Output("exponent", f"largest Lyapunov exponent ({method}), per {unit}", units=f"1/{unit}"),
        Output("stderr", "standard error of the exponent", units=f"1/{unit}"),
        Output("found", "an exponent was found (a linear region; auto: consistent estimates)"),
        Output("fit_start", "first step of the fitted region"),
        Output("fit_stop", "last step of the fitted region"),
        Output("m", "embedding dimension"),
        Output("tau", "embedding delay in samples"),
        Output("theiler", "Theiler window in samples"),
        Output("divergence", "mean log separation S(k)", ("step",), {"step": max_steps}, {"step": steps}),
        Output(
            "curve_exponent", f"slope of the divergence curve's linear region, per {unit}", units=f"1/{unit}"
        ),
        Output("wolf_exponent", f"Wolf's estimate (NaN: not computed), per {unit}", units=f"1/{unit}"),
        Output(
            "jacobian_exponent",
            f"the local Jacobians' leading exponent (NaN: not computed), per {unit}",
            units=f"1/{unit}",
        ),
        Output("curve_rise", "rise of the divergence curve to its plateau (natural log)"),
        Output("neighbour_spread", "median distance to a local fit's neighbours over the RMS radius"),
        Output("resolved", "the record resolves its attractor at that scale"),
    )
    attrs = {
        "method": method,
        "m": "embedding_dimension (fnn; cao for tau = 1 where fnn falls back)" if m is None else m,
        "tau": ("optimal_delay (ami)" if tau is None else tau),
        "theiler": "autocorrelation time (1/e)" if theiler is None else theiler,
        "dt": step,
        "units": f"1/{unit}",
        "max_steps": max_steps,
        "radius": "2 x median nearest-neighbour distance" if radius is None else radius,
        "evolve": "mean period (1 / power-weighted mean frequency)" if evolve is None else evolve,
        "tol": tol,
        "min_rise": min_rise,
        "saturation": saturation,
        "nan_policy": nan_policy,
    }
    ds = apply_along_time(
        _lyapunov_kernel,
        da,
        outputs=outputs,
        dim=dim,
        kwargs=kwargs,
        attrs=attrs,
        function=public_name(lyapunov_exponent),
        min_length=minimum,
        length_reason=f"a divergence curve of max_steps={max_steps} steps",
        nan_policy=nan_policy,
    )
    ds = ds.assign_coords(lag_time=("step", steps * step))
    for name in ("fit_start", "fit_stop", "m", "tau", "theiler"):
        ds[name] = ds[name].astype(np.int64)
    ds["found"] = ds["found"].astype(bool)
    ds["resolved"] = ds["resolved"].astype(bool)
    if family.kind not in ("numpy", "series"):
        return from_series(ds, family, dim=dim)
    fields = {}
    for name in LyapunovEstimate._fields:
        values = ds[name].values
        if name == "divergence" and family.kind == "series":
            values = pd.Series(values, index=pd.Index(ds["lag_time"].values, name="lag_time"), name=name)
        elif values.ndim == 0:
            values = values.item()
        fields[name] = values
    return LyapunovEstimate(**fields)


def _sampling(da: xr.DataArray, dim: str, dt) -> tuple[float, str]:
    """Sampling interval and the unit of the exponent's time."""
    if dt is not None:
        return check_real(dt, "dt", minimum=0, inclusive=(False, True)), "time unit"
    if dim not in da.coords or da.sizes[dim] < 2:
        return 1.0, "sample"
    check_time_coordinate(da, dim=dim)  # unsorted or repeated times: said as such, not as uneven
    t = da.coords[dim].values
    unit = "time unit"
    if np.issubdtype(t.dtype, np.datetime64):
        t, unit = (t - t[0]) / np.timedelta64(1, "s"), "second"
    diffs = np.diff(np.asarray(t, dtype=np.float64))
    step = float(np.median(diffs))
    if not step > 0 or np.max(np.abs(diffs - step)) > 1e-6 * step:
        raise InputError(
            f"the {dim} coordinate is not evenly spaced: a rate per time unit needs regular sampling"
        )
    return step, unit


def _lyapunov_kernel(
    a, *, parallel, method, m, tau, theiler, max_steps, radius, tol, min_rise, saturation, step, evolve
):
    from tsdyn.chaos.embedding import check_varies

    check_varies(a)
    n_rows = a.shape[0]
    scalars = np.empty((8, n_rows))
    curves = np.empty((n_rows, max_steps))
    extra = np.empty((6, n_rows))
    for row in range(n_rows):
        scalars[:, row], curves[row], extra[:, row] = _lyapunov_row(
            a[row], method, m, tau, theiler, max_steps, radius, tol, min_rise, saturation, step, evolve
        )
    return (*scalars, curves, *extra)


def _lyapunov_row(x, method, m, tau, theiler, max_steps, radius, tol, min_rise, saturation, step, evolve):
    from tsdyn.chaos import _kernels as K
    from tsdyn.chaos.embedding import autocorrelation_time, check_theiler, default_delay, embed

    if tau is None:
        tau = default_delay(x)
    if method == "auto" and tau == 1 and 0 < _WANDER * np.std(np.diff(x)) < np.std(x):
        x = np.diff(x)  # a map's series that wanders: its increments (Notes; a ramp's are constant)
    if m is None:
        m = _default_m(x, tau)
    n_vec = x.size - (m - 1) * tau
    if theiler is None:
        lag = autocorrelation_time(x)
        theiler = max(1, x.size // 4 if lag is None else lag)
    else:
        check_theiler(theiler, n_vec - max_steps)
    if n_vec < max_steps + _MIN_VECTORS:
        raise InputError(
            f"x is too short for a divergence curve of max_steps={max_steps} steps with m={m}, "
            f"tau={tau}: needs at least {(m - 1) * tau + max_steps + _MIN_VECTORS} samples, got {x.size}"
        )
    points = embed(x, m=m, tau=tau)
    starts, indptr, neighbours = _neighbours(
        points, "kantz" if method == "kantz" else "rosenstein", theiler, radius
    )
    sums = np.zeros((_BLOCKS, max_steps))
    counts = np.zeros((_BLOCKS, max_steps), dtype=np.int64)
    block = (starts * _BLOCKS) // n_vec
    K.divergence_sums(x, m, tau, starts, indptr, neighbours, block, _BLOCKS, max_steps, sums, counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        curve = sums.sum(axis=0) / counts.sum(axis=0)
        blocks = sums / counts
    # a map's curve under "auto": of its straight windows the one that starts first, or under
    # a noise floor the median step of its lower half (Notes)
    map_auto = method == "auto" and tau == 1
    slope_of = _line_slope
    if map_auto and _first_step(curve) > _AUTO_NOISE_STEP:
        region, slope_of = _map_noise_region(curve, min_rise), _median_step
    else:
        region = _linear_region(curve, tol, min_rise, saturation, earliest=map_auto)
    head = [np.nan, np.nan, 0.0, -1.0, -1.0, m, tau, theiler]
    if region is not None:
        lo, hi = region
        slope = slope_of(curve[lo : hi + 1])
        per_block = [slope_of(b[lo : hi + 1]) for b in blocks if np.isfinite(b[lo : hi + 1]).all()]
        stderr = np.std(per_block, ddof=1) / math.sqrt(len(per_block)) if len(per_block) > 1 else np.nan
        head[:5] = [slope / step, stderr / step, 1.0, lo, hi]
    curve_exponent = head[0]
    wolf = wolf_err = np.nan
    if method == "wolf" or (method == "auto" and tau > 1):
        wolf, wolf_err = _wolf(points, x, theiler, evolve, step)
    if method == "wolf":
        head[:5] = [wolf, wolf_err, float(np.isfinite(wolf)), -1.0, -1.0]
    elif method == "auto" and region is not None and np.isfinite(wolf):
        choice = _auto_choice(curve_exponent, wolf, curve)
        if choice == "wolf":
            head[:2] = [wolf, wolf_err]
        elif choice == "neither":
            head[:3] = [np.nan, np.nan, 0.0]
    jacobian = np.nan
    if method == "auto":  # the local-Jacobian lambda1 first (_jacobian_rule)
        head[:3], jacobian = _jacobian_rule(x, m, tau, theiler, step, curve, wolf, head[:3])
    rise, spread = _rise(curve), _neighbour_spread(x, _jacobian_m(m, tau), tau, theiler)
    resolved = rise >= _RESOLVED_RISE and spread < _RESOLVED_SPREAD
    return head, curve, (curve_exponent, wolf, jacobian, rise, spread, float(resolved))


def _line_slope(y: np.ndarray) -> float:
    """Least-squares slope of ``y`` per step."""
    return float(np.polyfit(np.arange(y.size), y, 1)[0])


def _median_step(y: np.ndarray) -> float:
    """Median of the steps ``y[k + 1] - y[k]``."""
    return float(np.median(np.diff(y)))


def _rise(curve: np.ndarray) -> float:
    """The divergence curve's rise from its first step to its plateau (the median of its
    last fifth)."""
    return float(np.nanmedian(curve[int(0.8 * curve.size) :]) - curve[0])


def _neighbour_spread(x: np.ndarray, m: int, tau: int, theiler: int) -> float:
    """The median over the delay vectors (``m`` coordinates at ``tau``) of the median distance to
    their ``2 (m + 1)`` nearest neighbours outside the Theiler window (as many as a local
    Jacobian of ``"auto"`` is fitted to), over the vectors' RMS radius; NaN where too few."""
    from tsdyn.chaos.embedding import embed

    k = 2 * (m + 1)
    if x.size - (m - 1) * tau < k + 2 * theiler + _MIN_VECTORS:
        return np.nan
    points = embed(x, m=m, tau=tau)
    nb, ok = _nearest_outside(points, theiler, k)
    distance = np.where(ok, np.linalg.norm(points[nb] - points[:, None, :], axis=2), np.nan)
    radius = math.sqrt(np.mean(np.sum((points - points.mean(axis=0)) ** 2, axis=1)))
    return float(np.median(np.nanmedian(distance, axis=1)) / radius)


def _map_noise_region(curve: np.ndarray, min_rise: float):
    """(0, first step at half the rise) of a map's curve under a noise floor, or None where
    the curve rises by less than ``min_rise`` or gets there in fewer than 3 steps."""
    rise = _rise(curve)
    if not np.isfinite(curve[0]) or not rise > min_rise:
        return None
    above = np.flatnonzero(curve >= curve[0] + _MAP_NOISE_HALF * rise)
    top = int(above[0]) if above.size else curve.size - 1
    return (0, top) if top >= _MAP_NOISE_STEPS else None


def _default_m(x: np.ndarray, tau: int) -> int:
    """False nearest neighbours' ``m``; for a map's series (``tau`` = 1) where they never fall
    below their threshold, Cao's: a neighbour is false when the next value separates the pair
    by over 10 times their distance, and a strongly expanding map (Chebyshev's, slope up to 36)
    does so on a fixed share of its points at every ``m``, so FNN falls back to its best
    ``m`` (7 for a 1-D map); Cao's ratio of mean distances saturates (1)."""
    from tsdyn.chaos.embedding import embedding_dimension

    chosen = embedding_dimension(x, tau=tau)
    if tau == 1 and chosen.fallback:
        return int(embedding_dimension(x, tau=tau, method="cao").m)
    return int(chosen.m)


def _auto_choice(curve_exponent: float, wolf: float, curve: np.ndarray) -> str:
    """Which estimate ``"auto"`` returns: ``"wolf"``, ``"curve"`` or ``"neither"``.

    Wolf's under a noise floor (the curve's first step takes over 10 % of its rise, and
    its slope runs low), or when lower than the curve's slope by at most a factor 2 (both
    fail high; the lower of two consistent ones is the less biased). Wolf's lower by more
    than that: the two do not see the same growth (the curve of a slow-fast flow rises
    with its phase jumps), and neither is returned. On the catalog's 8 such clean series
    the curve's slope was 0.6-57 and Wolf's 0.14-3.7 times the reference, neither within
    15 % on any (docs/chaos_lyapunov_catalog.md).
    """
    if _first_step(curve) > _AUTO_NOISE_STEP:
        return "wolf"
    if wolf < curve_exponent / _AUTO_FACTOR:
        return "neither"
    return "wolf" if wolf < curve_exponent else "curve"


def _first_step(curve: np.ndarray) -> float:
    """The fraction of the divergence curve's rise (to the median of its last fifth) taken
    by its first step."""
    rise = _rise(curve)
    return float((curve[1] - curve[0]) / rise) if rise > 0 else 1.0


def _mean_period(x: np.ndarray) -> float:
    """The reciprocal of the power-weighted mean frequency, in samples."""
    power = np.abs(np.fft.rfft(x - x.mean())) ** 2
    freq = np.fft.rfftfreq(x.size)
    return float(power.sum() / (freq * power).sum())


def _wolf(points, x, theiler, evolve, step):
    """Wolf's fixed-evolution-time estimate (per time unit) and its standard error.

    All chains (one per start in the first ``evolve`` samples) advance together:
    each round follows every pair ``evolve`` steps and replaces the pairs grown past
    the bound by the candidate closest in direction (see lyapunov_exponent's Notes).
    """
    from tsdyn.chaos.embedding import nearest_neighbours

    n = points.shape[0]
    e = evolve or max(1, round(_mean_period(x)))
    if n <= e + 1:
        return np.nan, np.nan
    bound = _WOLF_REPLACE * math.sqrt(np.mean(np.sum((points - points.mean(axis=0)) ** 2, axis=1)))
    i = np.arange(min(e, n - e))
    j = nearest_neighbours(points, np.arange(n), theiler, 2.0, rows=i)[1]  # the chains' first points only
    tree = cKDTree(points)
    ask = min(n, 2 * theiler + 1 + _WOLF_CANDIDATES)
    pieces: list[np.ndarray] = []
    starts: list[np.ndarray] = []
    while True:
        alive = (j >= 0) & (i + e < n) & (j + e < n)
        if not alive.any():
            break
        i, j = i[alive], j[alive]
        before = np.linalg.norm(points[j] - points[i], axis=1)
        offset = points[j + e] - points[i + e]
        after = np.linalg.norm(offset, axis=1)
        ok = (before > 0) & (after > 0)
        pieces.append(np.log(after[ok] / before[ok]))
        starts.append(i[ok])
        i, j = i + e, j + e
        far = after > bound
        if far.any():
            j[far] = _along(points, tree, i[far], offset[far], theiler, ask, bound)
    if not pieces:
        return np.nan, np.nan
    logs, where = np.concatenate(pieces), np.concatenate(starts)
    if logs.size < _MIN_VECTORS:
        return np.nan, np.nan
    scale = e * step
    block = (where * _BLOCKS) // n
    means = [logs[block == b].mean() for b in range(_BLOCKS) if (block == b).any()]
    stderr = np.std(means, ddof=1) / math.sqrt(len(means)) if len(means) > 1 else np.nan
    return float(logs.mean() / scale), float(stderr / scale)


def _along(points, tree, i, offset, theiler, ask, bound):
    """For each reference point ``i``, the candidate neighbour whose offset is closest in
    direction to ``offset`` (either sign), closer than ``bound``; -1 where there is none."""
    dist, cand = tree.query(points[i], k=ask)
    dist, cand = dist.reshape(i.size, ask), cand.reshape(i.size, ask)
    valid = cand < points.shape[0]
    cand = np.where(valid, cand, 0)
    vec = points[cand] - points[i][:, None, :]
    norm = np.linalg.norm(offset, axis=1)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = np.abs(np.einsum("nkd,nd->nk", vec, offset)) / (dist * norm)
    admissible = valid & (np.abs(cand - i[:, None]) > theiler) & (dist > 0) & (dist < bound)
    score = np.where(admissible, cosine, -1.0)
    best = np.argmax(score, axis=1)
    rows = np.arange(i.size)
    return np.where(score[rows, best] >= 0, cand[rows, best], -1)


def _neighbours(points, method, theiler, radius):
    """Reference points and their neighbours in compressed rows (starts, indptr, neighbours)."""
    from tsdyn.chaos.embedding import nearest_neighbours

    index = np.arange(points.shape[0])
    dist, nearest = nearest_neighbours(points, index, theiler, 2.0)
    if method == "rosenstein":
        starts = index[nearest >= 0]
        return starts, np.arange(starts.size + 1, dtype=np.int64), nearest[nearest >= 0]
    if radius is None:
        radius = 2.0 * float(np.nanmedian(dist))
    lists = cKDTree(points).query_ball_point(points, radius)
    sizes = np.fromiter((len(j) for j in lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter((j for row in lists for j in row), dtype=np.int64, count=int(sizes.sum()))
    owner = np.repeat(index, sizes)
    keep = np.abs(flat - owner) > theiler
    flat, owner = flat[keep], owner[keep]
    per_point = np.bincount(owner, minlength=index.size)
    starts = index[per_point > 0]
    indptr = np.concatenate(([0], np.cumsum(per_point[starts])))
    return starts, indptr, flat


def _linear_region(curve: np.ndarray, tol: float, min_rise: float, saturation: float, earliest: bool = False):
    """(first, last) step of the longest straight window below 70 % of the rise, or None;
    ``earliest``: of the straight windows that start first, the longest (a map's curve)."""
    finite = np.isfinite(curve)
    if finite.sum() < _MIN_POINTS:
        return None
    y0 = curve[0]
    plateau = np.nanmedian(curve[int(0.8 * curve.size) :])
    if not np.isfinite(y0) or not plateau - y0 > min_rise:
        return None
    below = np.flatnonzero(curve >= y0 + saturation * (plateau - y0))
    top = int(below[0]) if below.size else curve.size - 1
    grid = np.unique(np.linspace(0, top, min(top + 1, _GRID)).round().astype(np.int64))
    lo, hi = (g.ravel() for g in np.meshgrid(grid, grid, indexing="ij"))
    keep = hi - lo + 1 >= _MIN_POINTS
    lo, hi = lo[keep], hi[keep]
    # least-squares fits of every window from cumulative sums
    k = np.arange(curve.size, dtype=np.float64)
    y = np.where(finite, curve, 0.0)
    w = finite.astype(np.float64)
    cum = [np.concatenate(([0.0], np.cumsum(v))) for v in (w, w * k, y, w * k * k, k * y, y * y)]
    n, sk, sy, skk, sky, syy = (c[hi + 1] - c[lo] for c in cum)
    with np.errstate(invalid="ignore", divide="ignore"):
        sxx = skk - sk * sk / n
        sxy = sky - sk * sy / n
        slope = sxy / sxx
        rms = np.sqrt(np.maximum(syy - sy * sy / n - slope * sxy, 0.0) / n)
        rise = slope * (hi - lo)
        ok = (n == hi - lo + 1) & (rise >= min_rise) & (rms <= tol * rise)
    if not ok.any():
        return None
    if earliest:
        ok &= lo == lo[ok].min()
    best = np.flatnonzero(ok)[np.lexsort((rise[ok], (hi - lo)[ok]))[-1]]
    return int(lo[best]), int(hi[best])


LyapunovSpectrum = collections.namedtuple("LyapunovSpectrum", "exponents stderr m tau theiler step")
LyapunovSpectrum.__doc__ = """Result of :func:`lyapunov_spectrum` from a numpy or pandas.Series series.

Attributes
----------
exponents : array (``m`` values, largest first; leading axes for several series)
    Lyapunov exponents per time unit; NaN-padded where a series has a smaller ``m``.
stderr : array
    Their standard errors (spread over 10 blocks of the orbit).
m, tau, theiler, step : int
    The embedding, Theiler window and evolution step (samples) used.

See Also
--------
lyapunov_spectrum : Computes it.
LyapunovEstimate : The largest exponent with its divergence curve.

Examples
--------
>>> import numpy as np
>>> x = np.empty(2000)
>>> x[0] = 0.3
>>> for i in range(1, x.size):
...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
>>> spec = lyapunov_spectrum(x, m=1, tau=1)
>>> np.round(spec.exponents, 2), spec.m
(array([0.69]), 1)
"""


def lyapunov_spectrum(
    x,
    *,
    m: int | None = None,
    tau: int | None = None,
    theiler: int | None = None,
    neighbours: int | None = None,
    step: int | None = None,
    dt: float | None = None,
    dim: str = "time",
    nan_policy: str = "raise",
    **system_options,
):
    """Lyapunov exponents of a catalog system (from its equations) or of a series (from data).

    One name for one concept: a :class:`tsdyn.systems.System` is passed on to
    :func:`tsdyn.systems.lyapunov_spectrum` with ``system_options`` (tangent
    dynamics of the equations, the one implementation); anything else is a
    series, whose exponents are estimated from local Jacobians (Eckmann et al.
    1986; Sano & Sawada 1985).

    Parameters
    ----------
    x : System, or array-like, pandas or xarray object
        A catalog system, or the series (time along ``dim``; numpy: the last axis).
    m, tau : int, optional
        Embedding; ``None`` as in :func:`lyapunov_exponent`. ``m`` exponents are
        estimated: an ``m`` above the attractor's dimension adds spurious ones.
    theiler : int, optional
        Neighbours closer in time are excluded; ``None``: the autocorrelation time.
    neighbours : int, optional
        Neighbours of each point used to fit its Jacobian; ``None``: ``2 m + 2``.
    step : int, optional
        Samples between a point and its image under the fitted linear map.
        ``None``: ``tau`` (1 for a map's series): over one sample of a finely
        sampled flow a neighbourhood barely moves, and over ``tau`` the image of a
        delay vector shares all its coordinates but one with it.
    dt : float, optional
        Sampling interval, as in :func:`lyapunov_exponent`.
    dim, nan_policy
        As in :func:`lyapunov_exponent`.
    **system_options
        Only with a System: the options of :func:`tsdyn.systems.lyapunov_spectrum`.

    Returns
    -------
    A System: :class:`tsdyn.systems.LyapunovResult`. A series: LyapunovSpectrum
    (numpy, pandas.Series), a dict of pandas objects (DataFrame) or a Dataset
    (``exponents`` and ``stderr`` over ``exponent``, ``m``, ``tau``, ``theiler``, ``step``).

    See Also
    --------
    LyapunovSpectrum : What it returns from data (numpy input).
    lyapunov_exponent : The largest exponent with its divergence curve.

    Notes
    -----
    For every delay vector :math:`y_i` the matrix :math:`J_i` minimising
    :math:`\\sum_j |(y_{j+s} - y_{i+s}) - J_i (y_j - y_i)|^2` over its
    ``neighbours`` nearest neighbours is fitted by least squares, leaving out a
    neighbour whose separation grows by more than 5 times the median growth of
    the neighbourhood (the pair straddles a fold, and least squares would tilt
    the fit toward it). The leading
    exponent follows one tangent vector through the fits **truncated** to the
    directions the neighbourhood spans (eigenvalues of the neighbours' scatter
    matrix below 5e-3 of the largest left out): a flow's neighbourhood is thin
    across the attractor, and the full fit's columns there are curvature and
    error that the tangent vector picks up as stretching (on the catalog the
    leading exponent ran 1.28 times high in the median). The other exponents
    follow the QR frame of the products :math:`J_{i+(n-1)s} \\cdots J_i` of the
    full fits (truncation maps the contracting directions to zero). Both start
    from every sample of the first ``step``, leave out their first 10 rounds,
    and give the mean log growth per unit time. The negative exponents of
    flows are the least reliable from data.

    References
    ----------
    Eckmann, J.-P., Kamphorst, S. O., Ruelle, D. & Ciliberto, S. (1986). Liapunov
    exponents from time series. Phys. Rev. A 34, 4971-4979.
    Sano, M. & Sawada, Y. (1985). Measurement of the Lyapunov spectrum from a chaotic
    time series. Phys. Rev. Lett. 55, 1082-1085.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.chaos import lyapunov_spectrum
    >>> x = np.empty(3000)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4.0 * x[i - 1] * (1.0 - x[i - 1])
    >>> np.round(lyapunov_spectrum(x, m=1, tau=1).exponents, 2)
    array([0.69])
    """
    from tsdyn.systems import System

    if isinstance(x, System):
        from tsdyn.systems import lyapunov_spectrum as from_equations

        return from_equations(x, **system_options)
    if system_options:
        raise InputError(
            f"{', '.join(sorted(system_options))}: options of a System's spectrum, not of a series'"
        )
    from tsdyn.chaos.embedding import embedding_dimension

    tau = None if tau is None else check_int(tau, "tau", minimum=1)
    theiler = None if theiler is None else check_int(theiler, "theiler", minimum=0)
    neighbours = None if neighbours is None else check_int(neighbours, "neighbours", minimum=1)
    step = None if step is None else check_int(step, "step", minimum=1)
    check_nan_policy(nan_policy, ("raise",))
    da, family = series_and_family(x, dim=dim)
    dt_value, unit = _sampling(da, dim, dt)
    if tau is None and da.attrs.get("kind") == "map":
        tau = 1
    if m is None:
        # the number of exponents must be known before the series are run: choose m first
        chosen = embedding_dimension(da, tau=tau, dim=dim, nan_policy=nan_policy)
        m_rows = np.atleast_1d(np.asarray(chosen["m"])).ravel()
    else:
        m_rows = np.array([check_int(m, "m", minimum=1)])
    top = int(m_rows.max())
    ds = apply_along_time(
        _spectrum_kernel,
        da,
        outputs=(
            Output(
                "exponents",
                f"Lyapunov exponents from data, per {unit}",
                ("exponent",),
                {"exponent": top},
                units=f"1/{unit}",
            ),
            Output(
                "stderr",
                "standard errors of the exponents",
                ("exponent",),
                {"exponent": top},
                units=f"1/{unit}",
            ),
            Output("m", "embedding dimension"),
            Output("tau", "embedding delay in samples"),
            Output("theiler", "Theiler window in samples"),
            Output("step", "evolution step of the local Jacobians in samples"),
        ),
        dim=dim,
        kwargs={
            "m_rows": m_rows,
            "top": top,
            "tau": tau,
            "theiler": theiler,
            "neighbours": neighbours,
            "step": step,
            "dt": dt_value,
        },  # fmt: skip
        attrs={
            "method": "local Jacobians (Eckmann et al. 1986, Sano & Sawada 1985)",
            "m": "embedding_dimension (fnn)" if m is None else int(m_rows[0]),
            "tau": "optimal_delay (ami)" if tau is None else tau,
            "theiler": "autocorrelation time (1/e)" if theiler is None else theiler,
            "neighbours": "2 m + 2" if neighbours is None else neighbours,
            "step": "tau" if step is None else step,
            "dt": dt_value,
            "units": f"1/{unit}",
            "nan_policy": nan_policy,
        },
        function=public_name(lyapunov_spectrum),
        min_length=(top - 1) * (tau or 1) + 2 * _MIN_VECTORS,
        length_reason=f"local Jacobians in an embedding of m={top}",
        nan_policy=nan_policy,
    )
    ds = ds.assign_coords(exponent=np.arange(1, top + 1))
    for name in ("m", "tau", "theiler", "step"):
        ds[name] = ds[name].astype(np.int64)
    if family.kind not in ("numpy", "series"):
        return from_series(ds, family, dim=dim)
    fields = {n: ds[n].values.item() if ds[n].ndim == 0 else ds[n].values for n in LyapunovSpectrum._fields}
    return LyapunovSpectrum(**fields)


def _spectrum_kernel(a, *, parallel, m_rows, top, tau, theiler, neighbours, step, dt):
    from tsdyn.chaos.embedding import autocorrelation_time, check_varies, default_delay

    check_varies(a)
    n_rows = a.shape[0]
    exps = np.full((n_rows, top), np.nan)
    errs = np.full((n_rows, top), np.nan)
    used = np.empty((4, n_rows))
    for row in range(n_rows):
        x = a[row]
        m = int(m_rows[row] if m_rows.size == n_rows else m_rows[0])
        row_tau = default_delay(x) if tau is None else tau
        row_theiler = theiler
        if row_theiler is None:
            lag = autocorrelation_time(x)
            row_theiler = max(1, x.size // 4 if lag is None else lag)
        row_step = step or row_tau
        k = neighbours or 2 * m + 2
        exps[row, :m], errs[row, :m] = _local_jacobian_spectrum(x, m, row_tau, row_theiler, k, row_step)
        if not np.isfinite(exps[row, :m]).all():
            # a Jacobian that maps a tangent vector to zero: every neighbour lands where the point
            # does (np.round(logistic * 1000) gave NaN whatever m); there is no exponent to give
            where = f" (series {row})" if n_rows > 1 else ""
            raise InputError(
                f"x's local Jacobians{where} collapse a tangent vector to zero: the neighbours of some "
                f"delay vector all land on its own value {row_step} sample(s) later, as in a series "
                "that repeats values (quantized); add noise below its resolution (dither it)"
            )
        used[:, row] = m, row_tau, row_theiler, row_step
    return exps / dt, errs / dt, *used


def _jacobian_rule(x, m, tau, theiler, dt, curve, wolf, current):
    """``"auto"``'s (exponent, stderr, found) and the Jacobians' lambda1 (per time unit; NaN
    where not computed): that lambda1 where Wolf's estimate (flows) is within a factor 2 of
    the one in ``m + 1`` coordinates, else ``current`` (the curve / Wolf rule); under a
    noise floor on the divergence curve a flow's from the series' moving average, a map's
    only where the curve gives an exponent.

    The Jacobians are fitted in ``m + 1`` delay coordinates for a flow (``tau`` > 1: one more
    unfolds the neighbourhoods better, and the spurious exponents it adds do not matter for
    the leading one) over ``tau`` samples, truncated to the directions the neighbourhood
    spans. Where that lambda1 is within 2x of Wolf's but over 20 % from it, the Jacobians
    are fitted in ``m + 2`` too and the one closer to Wolf's is taken (Wolf's estimate is
    independent of the fits, while the Jacobians' lambda1 moves with the embedding, by
    0.3-1.5 times between ``m + 1`` and ``m + 2`` on the catalog; on the clean catalog 92
    within 15 %, against 89 for ``m + 1`` alone, before the folded-pair cut). The factor-2
    test is made on ``m + 1``'s value, so ``m + 2`` cannot turn an inconsistent pair into an
    exponent. Under 5 % observation noise a flow's Jacobians on the raw series run high (the
    noise fills the thin directions the truncation removes on clean series; "auto" with them
    53 / 140, the curve / Wolf rule alone 52), so under a noise floor (the curve's first step
    over 10 % of its rise) a flow's are fitted to the series' moving average over about
    ``tau / 2`` samples (``_noise_smoothed``) from ``4 (m + 1)`` neighbours, and only where
    Wolf's estimate is finite and the curve / Wolf rule finds an exponent (67 / 140; without
    that condition 71, but an AR(1) or moving average of white noise, whose curve has no
    straight stretch, got an exponent on 8 of 80 series) or the averaged series predicts
    ``tau`` ahead locally with under half a global AR fit's error (``_flow_deterministic``:
    71 / 140 again, coloured noise none of 280 series), the rest of the rule unchanged. A
    map's Jacobians under that floor are closer than the curve's median step (catalog maps
    with 5 % noise: 7 hits gained, 3 lost), but they are taken only where the curve itself gives an exponent:
    white noise in ``m`` delay coordinates rises over ``m`` steps like a map's curve, and its
    Jacobians give a positive lambda1 too. Coloured noise's curve gives an exponent there as well, so a map's
    series found so far gets none where it is not deterministic (``_MAP_DETERMINISM``: its
    local linear one-step prediction no better than 0.8 times a global AR fit's). Where
    Wolf's estimate is over twice or under half the Jacobians' the two do not see the same
    growth (slow-fast flows, delay equations): on the catalog's 10 such clean series the
    Jacobians' was 0.05-56 times the reference, within 15 % on none, and the rule's on 3.

    The fits' configuration (``m + 1``, ``step = tau``, ``2 (m + 1)`` neighbours) is fixed:
    chosen per series by the local linear model's out-of-sample prediction error it scored
    77-94 of 140 against 95, the neighbour count so chosen 88 (the best-predicting fits are
    the short steps and small ``m``, whose lambda1 runs high; docs/chaos_lyapunov_catalog.md).
    """
    per_term = 2  # neighbours per delay coordinate fitted
    if tau > 1 and _wanders(x) and not _flow_deterministic(x, m + 1, tau, theiler, _MAP_DETERMINISM):
        return [np.nan, np.nan, 0.0], np.nan  # a random walk's, not an attractor's (_FLOW_STATIONARY)
    if _first_step(curve) > _AUTO_NOISE_STEP:
        # under a noise floor only where the curve / Wolf rule finds an exponent or (a flow)
        # the smoothed series is deterministic: noise's Jacobians are positive too (white
        # noise's as a map's series; coloured noise's, AR(1), moving averages, as a flow's,
        # within 2x of Wolf's on 8 of 80 such series)
        if tau == 1 and not current[2]:
            return current, np.nan
        if tau > 1:  # a flow's observation noise averaged down first (_JAC_NOISE_SMOOTH), and
            # Wolf's estimate must confirm the Jacobians' (white noise's smoothed series has
            # Jacobians with a positive lambda1, but no Wolf estimate)
            if not np.isfinite(wolf):
                return current, np.nan
            x, per_term = _noise_smoothed(x, tau), _JAC_NOISE_NEIGHBOURS
            if not current[2] and not _flow_deterministic(x, m + 1, tau, theiler):
                return current, np.nan
    if tau == 1 and not _map_deterministic(x, m, theiler):
        return [np.nan, np.nan, 0.0], np.nan
    m_jac = _jacobian_m(m, tau)
    lam, err = _jacobian_lambda(x, m_jac, tau, theiler, dt, per_term)
    if not np.isfinite(lam) or (np.isfinite(wolf) and not wolf / _AUTO_FACTOR <= lam <= wolf * _AUTO_FACTOR):
        return current, lam
    # a consistent pair (so lam > 0 where wolf is finite): m + 2 only refines it
    if wolf > 0 and abs(math.log(lam / wolf)) > math.log1p(_JAC_WOLF_GAP):
        more, more_err = _jacobian_lambda(x, m_jac + 1, tau, theiler, dt, per_term)
        if more > 0 and abs(math.log(more / wolf)) < abs(math.log(lam / wolf)):
            lam, err = more, more_err
    return [lam, err, 1.0], lam


def _jacobian_m(m, tau):
    """The delay coordinates ``"auto"``'s Jacobians are fitted in: ``m + 1`` for a flow's series
    (``tau`` > 1), ``m + 2`` for a map's. The embedding dimension is the smallest without false
    neighbours; a local linear fit needs a smoother embedding than that. A map's series in
    ``m`` coordinates ran high where the attractor is more than two-dimensional (FoldedTowel,
    two positive exponents, ``m`` = 3: 1.25 times the reference, falling to 1.15, 1.10, 1.01 at
    4, 5, 6); on the catalog's 26 maps ``m + 1``, ``m + 2``, ``m + 3``, ``2 m`` scored 23, 24,
    24, 23 clean against 23 at ``m``, and 17, 18, 15, 10 with 5 % noise against 15."""
    return m + 1 if tau > 1 else m + 2


def _noise_smoothed(x, tau):
    """``x``'s centred moving average over the odd number of samples nearest
    ``_JAC_NOISE_SMOOTH * tau`` (at least 3), where it is defined (``x.size - w + 1`` values)."""
    w = max(3, int(round(_JAC_NOISE_SMOOTH * tau)) | 1)
    return np.convolve(x, np.full(w, 1.0 / w), mode="valid") if x.size > w else x


def _map_deterministic(x, m, theiler):
    """Whether a map's series in ``m`` delay coordinates predicts one step ahead locally
    better than linearly (``_MAP_DETERMINISM``); True where it is too short to tell."""
    return not _prediction_ratio(x, m, 1, 1, theiler, 2 * m + 2) > _MAP_DETERMINISM


def _flow_deterministic(x, m, tau, theiler, bound=_FLOW_DETERMINISM):
    """Whether a flow's (smoothed) series in ``m`` delay coordinates at delay ``tau`` predicts
    ``tau`` samples ahead locally better than ``bound`` times linearly (``_FLOW_DETERMINISM``,
    from ``_JAC_NOISE_NEIGHBOURS (m + 1)`` neighbours); False where it is too short to tell."""
    ratio = _prediction_ratio(x, m, tau, tau, theiler, _JAC_NOISE_NEIGHBOURS * (m + 1))
    return bool(ratio < bound)


def _wanders(x, blocks=10):
    """Whether the means of ``x`` over ``blocks`` equal blocks spread by more than
    ``_FLOW_STATIONARY`` of its SD (a record that does not revisit one region)."""
    n = x.size // blocks * blocks
    sd = np.std(x)
    return bool(sd > 0 and np.std(x[:n].reshape(blocks, -1).mean(axis=1)) > _FLOW_STATIONARY * sd)


def _prediction_ratio(x, m, tau, step, theiler, k):
    """The RMS error of a local linear prediction of ``x`` ``step`` samples past each delay
    vector (``m`` coordinates at delay ``tau``; from its ``k`` nearest neighbours outside the
    Theiler window, the point itself held out, at ``_MAP_DETERMINISM_POINTS`` points) over a
    global linear AR prediction's (fitted on the first half, tested on the second); NaN where
    the series is too short to tell."""
    from tsdyn.chaos.embedding import embed

    points = embed(x, m=m, tau=tau)
    n = points.shape[0] - step
    if n < 2 * (k + 2 * theiler + _MIN_VECTORS) or n < 4 * (m + 1):
        return np.nan
    base, ahead = points[:n], points[step:, -1]
    rows = np.unique(np.linspace(0, n - 1, min(_MAP_DETERMINISM_POINTS, n)).astype(np.int64))
    nb, ok = _nearest_outside(base, theiler, k, rows)
    # an affine fit to the neighbours alone (truncated as the Jacobians are), at the held-out point
    weight = ok.astype(np.float64)
    count = weight.sum(axis=1)
    mean_x = np.einsum("rk,rki->ri", weight, base[nb]) / count[:, None]
    mean_y = np.einsum("rk,rk->r", weight, ahead[nb]) / count
    dx = (base[nb] - mean_x[:, None, :]) * weight[..., None]
    dy = (ahead[nb] - mean_y[:, None]) * weight
    w, v = np.linalg.eigh(np.einsum("rki,rkj->rij", dx, dx))
    keep = w > _JAC_RCOND * w[:, -1:]
    cut = np.where(keep, 1.0 / np.where(keep, w, 1.0), 0.0)
    coef = v @ (cut * np.einsum("rji,rj->ri", v, np.einsum("rki,rk->ri", dx, dy)))[..., None]
    local = mean_y + np.einsum("ri,ri->r", base[rows] - mean_x, coef[..., 0])
    local_err = np.sqrt(np.mean((local - ahead[rows]) ** 2))
    # a global linear AR with an intercept, fitted on the first half, tested on the second
    design = np.column_stack((base, np.ones(n)))
    half = n // 2
    ar = np.linalg.lstsq(design[:half], ahead[:half], rcond=None)[0]
    global_err = np.sqrt(np.mean((design[half:] @ ar - ahead[half:]) ** 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(local_err / global_err)


def _jacobian_lambda(x, m, tau, theiler, dt, per_term=2):
    """The Jacobians' leading exponent in ``m`` coordinates and its standard error, per time
    unit (NaN where the series is too short for the fits), from ``per_term * (m + 1)``
    neighbours."""
    try:
        exps, errs = _local_jacobian_spectrum(x, m, tau, theiler, per_term * (m + 1), tau, leading=True)
    except InputError:  # too short for the fits: the curve / Wolf rule stands
        return np.nan, np.nan
    return float(exps[0]) / dt, float(errs[0]) / dt


def _local_jacobian_spectrum(x, m, tau, theiler, k, step, leading=False):
    """Exponents per step from local Jacobians and their block standard errors.

    Every delay vector's Jacobian over ``step`` samples is fitted to its ``k`` nearest
    neighbours outside the Theiler window. The leading exponent follows one tangent vector
    through the **truncated** fits (``_JAC_RCOND``), the others the QR frame through the
    full fits (truncation maps the contracting directions they measure to zero); both from
    every start in the first ``step`` samples, so every Jacobian is used, leaving out the
    first ``_JAC_DROP`` rounds while the frame turns. ``leading``: the first exponent only.
    """
    from tsdyn.chaos.embedding import embed

    points = embed(x, m=m, tau=tau)
    n = points.shape[0] - step
    if n < k + 2 * theiler + _MIN_VECTORS or n // step < _JAC_DROP + _BLOCKS:
        need = max(k + 2 * theiler + _MIN_VECTORS, (_JAC_DROP + _BLOCKS) * step)
        raise InputError(
            f"x is too short for local Jacobians with m={m}, tau={tau}, step={step}, {k} neighbours "
            f"outside a Theiler window of {theiler}: needs at least {(m - 1) * tau + step + need} "
            f"samples, got {x.size}"
        )
    jacobians = _local_jacobians(points, n, theiler, k, step, full=not leading and m > 1)
    logs = _tangent_logs(jacobians[0], step, 1)
    if len(jacobians) > 1:
        logs = np.concatenate((logs, _tangent_logs(jacobians[1], step, m)[:, 1:]), axis=1)
    exps = logs.mean(axis=0)
    blocks = np.array([b.mean(axis=0) for b in np.array_split(logs, _BLOCKS)])
    return exps, blocks.std(axis=0, ddof=1) / math.sqrt(_BLOCKS)


def _tangent_logs(jac, step, columns):
    """Log growth per step of ``columns`` tangent vectors re-orthonormalised by QR along the
    Jacobians' products, one chain per start offset, averaged over the offsets per round."""
    m = jac.shape[1]
    rounds = jac.shape[0] // step
    q = np.broadcast_to(np.eye(m)[:, :columns], (step, m, columns))
    logs = np.empty((rounds, step, columns))
    with np.errstate(divide="ignore", invalid="ignore"):
        for r in range(rounds):
            q = jac[r * step : (r + 1) * step] @ q
            if columns == 1:  # one vector: QR is its renormalisation
                diag = np.linalg.norm(q, axis=1)
                q = q / diag[:, None, :]
            else:
                q, upper = np.linalg.qr(q)
                diag = np.diagonal(upper, axis1=1, axis2=2)
                q = q * np.where(diag < 0, -1.0, 1.0)[:, None, :]
            logs[r] = np.log(np.abs(diag))
    return logs[_JAC_DROP:].mean(axis=1) / step


def _local_jacobians(points, n, theiler, k, step, full=True):
    """Least-squares Jacobians over ``step`` samples at the first ``n`` delay vectors:
    truncated to the directions their neighbourhood spans (``_JAC_RCOND``), and (``full``)
    the full fits; neighbours straddling a fold (``_JAC_FOLD``) are left out of both."""
    nb, admissible = _nearest_outside(points[:n], theiler, k)
    before = points[nb] - points[:n, None, :]
    after = points[nb + step] - points[step : n + step, None, :]
    # a pair straddling a fold (_JAC_FOLD) grows far more than its neighbourhood: left out
    # (a neighbour at distance 0 makes the row's median NaN, and the row is kept whole). The
    # median is over all k candidates: for the few points with fewer than k neighbours outside
    # the Theiler window it includes the padding ones inside it (the validated rule; a masked
    # nanmedian costs several times the plain one)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.linalg.norm(after, axis=2) / np.linalg.norm(before, axis=2)
        typical = np.median(growth, axis=1, keepdims=True)
    weight = (admissible & ~(growth > _JAC_FOLD * typical))[..., None].astype(np.float64)
    before = before * weight
    after = after * weight
    gram = np.einsum("nki,nkj->nij", before, before)
    w, v = np.linalg.eigh(gram)
    projected = np.transpose(v, (0, 2, 1)) @ np.einsum("nki,nkj->nij", before, after)
    # truncated SVD: a direction the neighbours barely span (a flow's neighbourhood is thin
    # across the attractor) has its least-squares column dominated by curvature and error;
    # the full fit keeps a tiny ridge so a degenerate neighbourhood stays solvable
    keep = w > _JAC_RCOND * w[:, -1:]
    cut = np.where(keep, 1.0 / np.where(keep, w, 1.0), 0.0)
    ridge = 1e-12 * w.sum(axis=1, keepdims=True) + 1e-300
    inverses = (cut, 1.0 / (w + ridge)) if full else (cut,)
    solutions = (v @ (inv[..., None] * projected) for inv in inverses)
    return tuple(np.transpose(b, (0, 2, 1)) for b in solutions)


def _nearest_outside(points, theiler, k, rows=None):
    """The ``k`` nearest neighbours of every point (or of the points ``rows``) more than
    ``theiler`` samples away and not repeating it (a copy at distance 0 spans no direction:
    quantized data), and whether each is (False where fewer exist). Asks the tree for ``2 k``
    first (enough for 99 % of Lorenz x's points) and for more only where that falls short."""
    n = points.shape[0]
    rows = np.arange(n) if rows is None else rows
    full = min(n, k + 2 * theiler + 1)
    ask = min(full, 2 * k)
    tree = cKDTree(points)
    distance, cand = tree.query(points[rows], k=ask)
    nb, ok = _first_outside(cand.reshape(rows.size, ask), distance.reshape(rows.size, ask), rows, theiler, k)
    short = np.flatnonzero(~ok[:, -1])
    while short.size and ask < n:
        # the Theiler window, then the copies of a point, may hide its neighbours: ask for more
        ask = min(n, max(full, 2 * ask))
        distance, more = tree.query(points[rows[short]], k=ask)
        shape = (short.size, ask)
        nb[short], ok[short] = _first_outside(
            more.reshape(shape), distance.reshape(shape), rows[short], theiler, k
        )
        short = short[~ok[short, -1]]
    return nb, ok


def _first_outside(cand, distance, rows, theiler, k):
    admissible = (np.abs(cand - rows[:, None]) > theiler) & (distance > 0)
    order = np.argsort(~admissible, axis=1, kind="stable")[:, :k]  # the k nearest admissible
    return np.take_along_axis(cand, order, axis=1), np.take_along_axis(admissible, order, axis=1)
