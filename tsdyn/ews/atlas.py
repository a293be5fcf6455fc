r"""Beyond critical slowing down: flickering and ordinal indicators, and the indicator atlas.

**Bimodality.** A system that flickers between two states before it shifts
for good has a two-humped distribution inside the rolling window. The
bimodality coefficient (SAS Institute; Pfister et al. 2013, Front. Psychol.
4:700) measures it from the window's adjusted skewness :math:`G_1` and excess
kurtosis :math:`G_2`,

.. math::

    \mathrm{BC} = \frac{G_1^2 + 1}{G_2 + \dfrac{3 (w-1)^2}{(w-2)(w-3)}},

1/3 for a normal window, 5/9 for a uniform one, and near 1 for two separated
clusters. The rolling moments come from :mod:`tsdyn.ews.indicators`.

**Ordinal indicators.** Rolling permutation entropy and Jensen-Shannon
statistical complexity of the residuals (:mod:`tsdyn.ordinal.rolling`)
respond to changes in the *order structure* of the fluctuations, which
critical slowing down (more persistent, smoother residuals) and flickering
both change.

**The atlas.** For each scenario of :mod:`tsdyn.ews.scenarios` (fold,
transcritical, pitchfork, Hopf, noise-induced flickering, and May's grazing
model) and its null,
:func:`indicator_atlas` simulates many seeded runs, computes every indicator
up to each run's transition (``buffer`` time units before it; a null run is
cut at the length of the transition run it is paired with), takes its Kendall
tau, and reports the ROC AUC of transition runs against null runs
(:func:`tsdyn.ews.roc.roc_auc`). AUC near 1: the indicator rises before that
kind of transition; near 0: it falls (also informative, with the sign
flipped); near 0.5: it does not tell the two apart. With
``likelihood=True`` the likelihood ratio of :mod:`tsdyn.ews.likelihood`
(fitted to the raw series up to the cut) joins as a model-based score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn.data import Output, apply_along_time
from tsdyn.errors import InputError, check_int
from tsdyn.rng import Seed, as_seed_sequence, seed_for_key

__all__ = [
    "ATLAS_INDICATORS",
    "atlas_table",
    "bimodality_coefficient",
    "indicator_atlas",
    "rolling_bimodality",
]

ATLAS_INDICATORS = (
    "variance",
    "ac1",
    "skewness",
    "kurtosis",
    "return_rate",
    "density_ratio",
    "bimodality",
    "permutation_entropy",
    "complexity",
)
_ORDINAL = ("permutation_entropy", "complexity")
_MOMENTS = ("skewness", "excess_kurtosis")


def bimodality_coefficient(skewness, excess_kurtosis, window: int):
    """Bimodality coefficient from adjusted skewness and excess kurtosis of ``window`` points.

    Examples
    --------
    >>> round(float(bimodality_coefficient(0.0, -1.2, 10**9)), 4)  # a uniform distribution
    0.5556
    """
    w = float(window)
    return (np.square(skewness) + 1.0) / (excess_kurtosis + 3.0 * (w - 1.0) ** 2 / ((w - 2.0) * (w - 3.0)))


def _spec(window, detrend, bandwidth, indicators):
    from tsdyn.ews.api import EWSSpec

    return EWSSpec(window=window, detrend=detrend, bandwidth=bandwidth, indicators=tuple(indicators))


def _bimodality_kernel(a, *, parallel, spec):
    out = spec.compute(a, parallel=parallel)
    w = spec.window_points(a.shape[1])
    return bimodality_coefficient(out["skewness"], out["excess_kurtosis"], w)


def rolling_bimodality(
    x, *, dim: str = "time", window: float | int = 0.5, detrend: str = "none", bandwidth: float | int = 0.2
):
    """Rolling bimodality coefficient (a flickering indicator), value at the window's right edge.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series.
    window : int or float
        Points, or a fraction of the series (as in :func:`tsdyn.ews.analyze`).
    detrend, bandwidth
        Detrending before the moments (default none).

    Returns
    -------
    Same family and shape as ``x`` (NaN before the first full window).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> x = np.r_[rng.standard_normal(400) * 0.1, rng.choice([-1.0, 1.0], 400) + rng.standard_normal(400) * 0.1]
    >>> bc = rolling_bimodality(x, window=200)
    >>> bool(bc[399] < 0.4 < 0.8 < bc[-1])
    True
    """
    spec = _spec(window, detrend, bandwidth, _MOMENTS)
    spec.window_points(_length(x, dim))
    return apply_along_time(
        _bimodality_kernel,
        x,
        outputs=Output("bimodality", "rolling bimodality coefficient", core_dims=("time",)),
        dim=dim,
        kwargs={"spec": spec},
        attrs={"window": window, "detrend": detrend, "bandwidth": bandwidth},
        function="tsdyn.ews.rolling_bimodality",
        min_length=4,
        length_reason="the bimodality coefficient",
    )


def _length(x, dim: str) -> int:
    from tsdyn.data import as_series

    return as_series(x, dim=dim).sizes[dim]


# --------------------------------------------------------------------------- the atlas


def _run_scores(x: np.ndarray, *, spec, names, d: int, likelihood: bool) -> np.ndarray:
    """Kendall tau of every indicator on one (already cut) run, then the likelihood ratio."""
    from tsdyn.ews.trend import kendall_rows

    row = np.ascontiguousarray(x[None, :], dtype=np.float64)
    out = spec.compute(row)
    w = spec.window_points(row.shape[1])
    series = dict(out)
    if "bimodality" in names:
        series["bimodality"] = bimodality_coefficient(out["skewness"], out["excess_kurtosis"], w)
    if any(n in names for n in _ORDINAL):
        from tsdyn.ordinal.rolling import rolling_complexity_entropy

        ordinal = rolling_complexity_entropy(out["residuals"], window=w, d=d)
        series["permutation_entropy"] = np.asarray(ordinal.entropy)
        series["complexity"] = np.asarray(ordinal.complexity)
    scores = [kendall_rows(series[n], lo=w - 1)[0] for n in names]
    if likelihood:
        from tsdyn.ews.likelihood import likelihood_ratio

        scores.append(likelihood_ratio(x))
    return np.array(scores)


def indicator_atlas(
    *,
    kinds=None,
    indicators=ATLAS_INDICATORS,
    n_runs: int = 50,
    n_time: int = 500,
    window: float | int = 0.5,
    detrend: str = "gaussian",
    bandwidth: float | int = 0.2,
    d: int = 3,
    buffer: float = 5.0,
    likelihood: bool = True,
    seed: Seed = 0,
) -> xr.Dataset:
    """ROC AUC of every indicator's Kendall tau, transition runs vs null runs, per scenario.

    Parameters
    ----------
    kinds : sequence of str, optional
        Scenarios; default all of :data:`tsdyn.ews.scenarios.SCENARIOS`.
    indicators : sequence of str
        Any of :data:`ATLAS_INDICATORS` and the names :func:`tsdyn.ews.analyze` knows.
    n_runs : int
        Transition runs and null runs per scenario (each).
    n_time, window, detrend, bandwidth
        Run length and the indicator pipeline.
    d : int
        Pattern length of the ordinal indicators.
    buffer : float
        Time units left out before each transition.
    likelihood : bool
        Add the likelihood ratio (OU vs LSN) as a score.
    seed : int, Generator or SeedSequence
        Every scenario draws from its own child seed.

    Returns
    -------
    xarray.Dataset
        ``auc`` (kind x indicator) and ``statistic`` (kind x run x member x
        indicator, ``run`` in ``("transition", "null")``): Kendall taus, and
        the likelihood ratio for the indicator ``likelihood_ratio``.

    Examples
    --------
    >>> atlas = indicator_atlas(kinds=["pitchfork"], indicators=["variance"], n_runs=4,
    ...                         n_time=200, likelihood=False, seed=1)
    >>> atlas["auc"].dims
    ('kind', 'indicator')
    """
    from tsdyn.ews.roc import roc_auc
    from tsdyn.ews.scenarios import SCENARIOS, scenario

    n_runs = check_int(n_runs, "n_runs", minimum=2)
    names = tuple(indicators)
    extra = [n for n in names if n in _ORDINAL or n == "bimodality"]
    core = tuple(n for n in names if n not in extra)
    needed = core + tuple(m for m in _MOMENTS if "bimodality" in names and m not in core)
    spec = _spec(window, detrend, bandwidth, needed)
    if not (isinstance(buffer, int | float) and buffer >= 0):
        raise InputError(f"buffer must be a time >= 0, got {buffer!r}")
    scores = list(names) + (["likelihood_ratio"] if likelihood else [])
    root = as_seed_sequence(seed)
    kinds = list(SCENARIOS if kinds is None else kinds)
    values = np.full((len(kinds), 2, n_runs, len(scores)), np.nan)
    for k, kind in enumerate(kinds):
        key = seed_for_key(root, kind)
        alt = scenario(kind, n_members=n_runs, n_time=n_time, seed=key)
        null = scenario(kind, n_members=n_runs, n_time=n_time, seed=key, null=True)
        t = alt["time"].values
        fallback = float(alt.attrs["bifurcation_time"])
        if not np.isfinite(fallback):  # flicker runs that never jumped: cut at the end of the ramp
            fallback = 0.8 * t[-1]
        for m in range(n_runs):
            tt = float(alt["transition_time"][m])
            cut = (tt if np.isfinite(tt) else fallback) - buffer
            n_use = int(np.searchsorted(t, cut, side="right"))
            for r, runs in enumerate((alt, null)):
                x = runs.values[:n_use, m]
                try:
                    values[k, r, m] = _run_scores(x, spec=spec, names=names, d=d, likelihood=likelihood)
                except InputError:
                    # a run that tipped before one full window holds too little data to score
                    continue
    auc = np.full((len(kinds), len(scores)), np.nan)
    for k in range(len(kinds)):
        for s in range(len(scores)):
            a, b = values[k, 0, :, s], values[k, 1, :, s]
            if np.isfinite(a).any() and np.isfinite(b).any():
                auc[k, s] = roc_auc(b, a, nan_policy="omit")
    coords = {"kind": kinds, "indicator": scores}
    ds = xr.Dataset(
        {
            "auc": (("kind", "indicator"), auc, {"long_name": "ROC AUC, transition runs vs null runs"}),
            "statistic": (
                ("kind", "run", "member", "indicator"),
                values,
                {"long_name": "Kendall tau of each indicator (likelihood ratio for that score)"},
            ),
        },
        coords={**coords, "run": ["transition", "null"], "member": np.arange(n_runs)},
    )
    ds.attrs = {
        "tsdyn_function": "tsdyn.ews.indicator_atlas",
        "n_runs": n_runs,
        "n_time": n_time,
        "window": window,
        "detrend": detrend,
        "bandwidth": bandwidth,
        "d": d,
        "buffer": buffer,
        "seed": seed if isinstance(seed, int) else "none",
    }
    return ds


def atlas_table(atlas: xr.Dataset) -> pd.DataFrame:
    """The AUC table as a DataFrame: one row per indicator, one column per scenario.

    >>> ds = xr.Dataset({"auc": (("kind", "indicator"), [[0.91, 0.5]])},
    ...                 coords={"kind": ["fold"], "indicator": ["variance", "ac1"]})
    >>> atlas_table(ds).loc["variance", "fold"]
    np.float64(0.91)
    """
    return atlas["auc"].transpose("indicator", "kind").to_pandas().round(2)
