r"""The indicator atlas: which early-warning indicator warns of which kind of transition.

For each scenario of :mod:`tsdyn.ews.scenarios` (fold, transcritical,
pitchfork, Hopf, noise-induced flickering, May's grazing model, and any
catalog system ramped through a bifurcation by
:func:`~tsdyn.ews.scenarios.system_scenario`) and its null, :func:`indicator_atlas` simulates many seeded runs, computes every
indicator up to each run's transition (``buffer`` time units before it; a null
run is cut at the length of the transition run it is paired with), takes its
Kendall tau, and reports the ROC AUC of transition runs against null runs
(:func:`tsdyn.ews.roc.roc_auc`). AUC near 1: the indicator rises before that
kind of transition; near 0: it falls (also informative, with the sign
flipped); near 0.5: it does not tell the two apart. With ``likelihood=True``
the likelihood ratio of :mod:`tsdyn.ews.likelihood` (fitted to the raw series
up to the cut) joins as a model-based score.

Besides the critical-slowing-down indicators, the atlas scores those meant for
shifts without slowing down (all in :mod:`tsdyn.ews.indicators`): the
bimodality coefficient (``bimodality``, flickering between two states), the
ordinal ``permutation_entropy`` and ``complexity`` (changes in the order
structure of the fluctuations), the rolling ``sample_entropy`` and the DFA
exponent ``dfa``. Another engine's rolling indicator joins the default set
with :func:`register_atlas_indicator` (after registering it with
:func:`tsdyn.ews.indicators.register_indicator`), e.g. windowed RQA.

Indicators of several variables or of spatial fields need runs of their own
kind: :func:`multivariate_atlas` ramps coupled catalog systems through a
bifurcation (all variables observed) and scores the indicators of
:mod:`tsdyn.ews.multivariate`; :func:`spatial_atlas` does the same for
:mod:`tsdyn.ews.spatial` on the grazing lattice
(:func:`tsdyn.ews.scenarios.spatial_grazing`). :func:`combine_atlases` puts
the tables side by side (NaN where an indicator does not apply to a kind of
run).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._naming import public_name
from tsdyn.errors import InputError, check_int, check_real
from tsdyn.rng import Seed, as_seed_sequence, seed_for_key

__all__ = [
    "ATLAS_INDICATORS",
    "LOCATED_SYSTEMS",
    "MULTIVARIATE_SYSTEMS",
    "atlas_table",
    "combine_atlases",
    "indicator_atlas",
    "multivariate_atlas",
    "register_atlas_indicator",
    "spatial_atlas",
]

ATLAS_INDICATORS = (
    "variance",
    "ac1",
    "skewness",
    "kurtosis",
    "return_rate",
    "density_ratio",
    "arn_max_root",
    "bimodality",
    "permutation_entropy",
    "complexity",
    "sample_entropy",
    "dfa",
    "recurrence_rate",
    "determinism",
    "laminarity",
    "trapping_time",
)
_EXTRA: list[str] = []  # indicators other engines add (register_atlas_indicator)


def register_atlas_indicator(name: str) -> None:
    """Add a registered rolling indicator to the atlas' default set (the hook for other engines).

    Parameters
    ----------
    name : str
        A name :func:`tsdyn.ews.indicators.get_indicator` knows.

    See Also
    --------
    register_indicator : Registers the indicator itself.
    indicator_atlas : Scores the default set.

    Examples
    --------
    >>> register_atlas_indicator("variance")  # already in the set: nothing changes
    >>> default_indicators().count("variance")
    1
    """
    from tsdyn.ews.indicators import get_indicator

    get_indicator(name)  # refuses an unknown name
    if name not in ATLAS_INDICATORS and name not in _EXTRA:
        _EXTRA.append(name)


def default_indicators() -> tuple[str, ...]:
    """The atlas' default indicators: :data:`ATLAS_INDICATORS` and those registered since."""
    return ATLAS_INDICATORS + tuple(_EXTRA)


# --------------------------------------------------------------------------- the atlas


def _run_scores(x: np.ndarray, *, spec, likelihood: bool) -> np.ndarray:
    """Kendall tau of every indicator on one (already cut) run, then the likelihood ratio."""
    from tsdyn.ews.trend import kendall_rows

    row = np.ascontiguousarray(x[None, :], dtype=np.float64)
    out = spec.compute(row)
    w = spec.window_points(row.shape[1])
    scores = [kendall_rows(out[n], lo=w - 1)[0] for n in spec.indicators]
    if likelihood:
        from tsdyn.ews.likelihood import likelihood_ratio

        scores.append(likelihood_ratio(x))
    return np.array(scores)


def indicator_atlas(
    *,
    kinds: Sequence[str] | None = None,
    systems: Mapping[str, Mapping[str, Any]] | None = None,
    indicators: Sequence[str] | None = None,
    n_runs: int = 50,
    n_time: int = 500,
    window: float | int = 0.5,
    detrend: str = "gaussian",
    bandwidth: float | int = 0.2,
    m: int = 3,
    buffer: float = 5.0,
    likelihood: bool = True,
    seed: Seed = 0,
) -> xr.Dataset:
    """ROC AUC of every indicator's Kendall tau, transition runs vs null runs, per scenario.

    Parameters
    ----------
    kinds : sequence of str, optional
        Scenarios; default all of :data:`tsdyn.ews.scenarios.SCENARIOS`.
    systems : mapping, optional
        More scenarios from real systems: ``{label: keyword arguments of
        tsdyn.ews.system_scenario}`` (``system``, ``ramp``, ``bifurcation``, and
        e.g. ``dt``, ``noise``, ``transient``; the atlas sets the runs, length
        and seeds), e.g. ``{"stuart_landau": {"system": "StuartLandau", "ramp":
        {"mu": (-1, 0.25)}, "bifurcation": 0.0, "dt": 0.5, "transient": 10}}``.
    indicators : sequence of str, optional
        Any names :func:`tsdyn.ews.analyze` knows (default
        ``tsdyn.ews.atlas.default_indicators()``: :data:`ATLAS_INDICATORS`
        and those registered since).
    n_runs : int
        Transition runs and null runs per scenario (each).
    n_time, window, detrend, bandwidth
        Run length and the indicator pipeline.
    m : int
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

    See Also
    --------
    atlas_table : The AUC table.
    combine_atlases : Several atlases in one table.
    register_atlas_indicator : Adds an indicator to the default set.
    roc_auc : The area it reports.

    Examples
    --------
    >>> atlas = indicator_atlas(kinds=["pitchfork"], indicators=["variance"], n_runs=4,
    ...                         n_time=200, likelihood=False, seed=1)
    >>> atlas["auc"].dims
    ('kind', 'indicator')
    """
    from tsdyn.ews.api import EWSSpec
    from tsdyn.ews.roc import roc_auc
    from tsdyn.ews.scenarios import SCENARIOS, scenario, system_scenario

    n_runs = check_int(n_runs, "n_runs", minimum=2)
    spec = EWSSpec(
        window=window,
        detrend=detrend,
        bandwidth=bandwidth,
        indicators=default_indicators() if indicators is None else indicators,
        ordinal={"m": m},
    )
    names = spec.indicators
    check_real(buffer, "buffer", minimum=0)
    scores = list(names) + (["likelihood_ratio"] if likelihood else [])
    root = as_seed_sequence(seed)
    runners = {kind: partial(scenario, kind) for kind in (SCENARIOS if kinds is None else kinds)}
    for label, options in dict(systems or {}).items():
        if label in runners:
            raise InputError(f"systems label {label!r} is already a scenario; choose another name")
        if not isinstance(options, Mapping) or {"n_members", "n_time", "seed", "null"} & set(options):
            raise InputError(
                f"systems[{label!r}] must be keyword arguments of system_scenario without n_members, "
                f"n_time, seed and null (the atlas sets them); got {options!r}"
            )
        runners[label] = partial(system_scenario, **options)
    kinds = list(runners)
    values = np.full((len(kinds), 2, n_runs, len(scores)), np.nan)
    for k, kind in enumerate(kinds):
        key = seed_for_key(root, kind)
        alt = runners[kind](n_members=n_runs, n_time=n_time, seed=key)
        null = runners[kind](n_members=n_runs, n_time=n_time, seed=key, null=True)
        t = alt["time"].values
        fallback = float(alt.attrs["bifurcation_time"])
        if not np.isfinite(fallback):  # runs that never jumped (flicker): cut at 80 % of the run
            fallback = t[0] + 0.8 * (t[-1] - t[0])
        for member in range(n_runs):
            tt = float(alt["transition_time"][member])
            cut = (tt if np.isfinite(tt) else fallback) - buffer
            n_use = int(np.searchsorted(t, cut, side="right"))
            for r, runs in enumerate((alt, null)):
                x = runs.values[:n_use, member]
                try:
                    values[k, r, member] = _run_scores(x, spec=spec, likelihood=likelihood)
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
        "tsdyn_function": public_name(indicator_atlas),
        "n_runs": n_runs,
        "n_time": n_time,
        "window": window,
        "detrend": detrend,
        "bandwidth": bandwidth,
        "m": m,
        "buffer": buffer,
        "seed": seed if isinstance(seed, int) else "none",
    }
    return ds


def atlas_table(atlas: xr.Dataset) -> pd.DataFrame:
    """The AUC table as a DataFrame: one row per indicator, one column per scenario.

    Parameters
    ----------
    atlas : xarray.Dataset
        An atlas with ``auc`` over ``(kind, indicator)``
        (:func:`indicator_atlas`, :func:`multivariate_atlas`,
        :func:`spatial_atlas`, :func:`combine_atlases`).

    Returns
    -------
    pandas.DataFrame
        ``auc`` indexed by indicator, one column per kind, rounded to 2 decimals.

    See Also
    --------
    indicator_atlas : Builds an atlas.

    Examples
    --------
    >>> ds = xr.Dataset({"auc": (("kind", "indicator"), [[0.91, 0.5]])},
    ...                 coords={"kind": ["fold"], "indicator": ["variance", "ac1"]})
    >>> atlas_table(ds).loc["variance", "fold"]
    np.float64(0.91)
    """
    return atlas["auc"].transpose("indicator", "kind").to_pandas().round(2)


#: Catalog flows ramped from a stable equilibrium to the Hopf point that
#: :func:`tsdyn.systems.locate_bifurcation` finds from their equations (the ramp ends
#: there: ``towards="hopf"``): ``indicator_atlas(kinds=[], systems=LOCATED_SYSTEMS)``.
LOCATED_SYSTEMS: dict[str, dict[str, Any]] = {
    "Brusselator": {"system": "Brusselator", "ramp": {"b": (1.0, 5.0)}, "towards": "hopf"},
    "StuartLandau": {"system": "StuartLandau", "ramp": {"mu": (-1.0, 1.0)}, "towards": "hopf"},
    "FitzHughNagumo": {"system": "FitzHughNagumo", "ramp": {"curr": (0.0, 1.0)}, "towards": "hopf"},
    "Lorenz": {"system": "Lorenz", "ramp": {"rho": (15.0, 30.0)}, "towards": "hopf"},
    "Selkov": {"system": "Selkov", "ramp": {"b": (1.0, 0.3)}, "towards": "hopf"},
}


# --------------------------------------------------------------------------- multivariate and spatial

#: Coupled catalog systems ramped through a bifurcation for :func:`multivariate_atlas`
#: (keyword arguments of :func:`tsdyn.ews.scenarios.system_scenario`).
MULTIVARIATE_SYSTEMS: dict[str, dict[str, Any]] = {
    "brusselator_hopf": {"system": "Brusselator", "ramp": {"b": (1.2, 2.0)}, "bifurcation": 2.0,
                         "dt": 0.5, "noise": 0.02, "transient": 20.0},
    "stuart_landau_hopf": {"system": "StuartLandau", "ramp": {"mu": (-1.0, 0.0)}, "bifurcation": 0.0,
                           "dt": 0.5, "noise": 0.05, "transient": 10.0},
}  # fmt: skip


def _auc_dataset(kinds, scores, values, function, **attrs) -> xr.Dataset:
    from tsdyn.ews.roc import roc_auc

    auc = np.full((len(kinds), len(scores)), np.nan)
    for k in range(len(kinds)):
        for s in range(len(scores)):
            a, b = values[k, 0, :, s], values[k, 1, :, s]
            if np.isfinite(a).any() and np.isfinite(b).any():
                auc[k, s] = roc_auc(b, a, nan_policy="omit")
    ds = xr.Dataset(
        {
            "auc": (("kind", "indicator"), auc, {"long_name": "ROC AUC, transition runs vs null runs"}),
            "statistic": (("kind", "run", "member", "indicator"), values, {"long_name": "Kendall tau"}),
        },
        coords={"kind": list(kinds), "indicator": list(scores), "run": ["transition", "null"],
                "member": np.arange(values.shape[2])},
    )  # fmt: skip
    ds.attrs = {"tsdyn_function": public_name(function), **{k: v for k, v in attrs.items() if v is not None}}
    return ds


def multivariate_atlas(
    *,
    systems: Mapping[str, Mapping[str, Any]] | None = None,
    indicators: Sequence[str] | None = None,
    n_runs: int = 20,
    n_time: int = 400,
    window: float | int = 0.4,
    bandwidth: float | int = 0.2,
    seed: Seed = 0,
) -> xr.Dataset:
    """ROC AUC of the multivariate indicators' Kendall taus on coupled systems ramped to a bifurcation.

    Each system of ``systems`` (default :data:`MULTIVARIATE_SYSTEMS`) runs
    ``n_runs`` times ramped (every variable observed, up to the bifurcation) and
    ``n_runs`` times held at the ramp's start; each run's indicators
    (:func:`tsdyn.ews.analyze_multivariate`, Gaussian detrending) give a Kendall
    tau per indicator, and the AUC separates the two sets.

    Parameters
    ----------
    systems : mapping, optional
        ``{label: keyword arguments of system_scenario}`` (without ``variable``,
        ``n_members``, ``n_time``, ``seed``, ``null``).
    indicators : sequence of str, optional
        Multivariate indicators (default: every one of ``MULTIVARIATE_INDICATORS``).
    n_runs, n_time : int
        Runs per set and samples per run.
    window, bandwidth
        The pipeline of :func:`tsdyn.ews.analyze_multivariate`.
    seed : int, Generator or SeedSequence
        Each system draws from its own child seed.

    Returns
    -------
    xarray.Dataset
        ``auc`` (kind x indicator) and ``statistic`` (kind x run x member x indicator).

    See Also
    --------
    indicator_atlas : The univariate atlas.
    rolling_multivariate : The indicators scored.

    Examples
    --------
    >>> atlas = multivariate_atlas(systems={"sl": MULTIVARIATE_SYSTEMS["stuart_landau_hopf"]},
    ...                            indicators=["covariance_eigenvalue"], n_runs=3, n_time=120)
    >>> atlas["auc"].dims
    ('kind', 'indicator')
    """
    from tsdyn.ews.multivariate import MULTIVARIATE_INDICATORS, analyze_multivariate
    from tsdyn.ews.scenarios import system_scenario

    n_runs = check_int(n_runs, "n_runs", minimum=2)
    systems = dict(MULTIVARIATE_SYSTEMS if systems is None else systems)
    names = list(MULTIVARIATE_INDICATORS if indicators is None else indicators)
    root = as_seed_sequence(seed)
    values = np.full((len(systems), 2, n_runs, len(names)), np.nan)
    for k, (label, options) in enumerate(systems.items()):
        key = seed_for_key(root, label)
        for r, null in enumerate((False, True)):
            runs = system_scenario(
                **options, variable=None, n_members=n_runs, n_time=n_time, seed=key, null=null
            )
            # both runs are cut where the ramp reaches the bifurcation
            t_c = float(runs.attrs["bifurcation_time"])
            res = analyze_multivariate(
                runs, window=window, bandwidth=bandwidth, indicators=names, transition=t_c
            )
            values[k, r] = res.ktau["tau"].values.reshape(len(names), n_runs).T
    return _auc_dataset(
        list(systems), names, values, multivariate_atlas, n_runs=n_runs, n_time=n_time, window=window,
        bandwidth=bandwidth, seed=seed if isinstance(seed, int) else "none",
    )  # fmt: skip


def spatial_atlas(
    *,
    indicators: Sequence[str] = ("variance", "skewness", "moran", "sdr", "mean"),
    n_runs: int = 20,
    n_time: int = 60,
    size: int = 16,
    subsize: int = 2,
    seed: Seed = 0,
) -> xr.Dataset:
    """ROC AUC of the spatial indicators' Kendall taus on the grazing lattice ramped to its fold.

    ``n_runs`` runs of :func:`tsdyn.ews.scenarios.spatial_grazing` with the
    grazing rate ramped up to the fold, against as many null runs at the starting
    rate; each run's indicators (:func:`tsdyn.ews.analyze_spatial`) give a
    Kendall tau per indicator.

    Parameters
    ----------
    indicators : sequence of str
        Spatial indicators (:data:`tsdyn.ews.spatial.SPATIAL_INDICATORS`; default: all but the
        patch indicators, which need an occupied/empty field where the grazing lattice is a
        continuous biomass).
    n_runs, n_time, size : int
        Runs per set, frames per run, cells along each side.
    subsize : int
        Coarse-graining of ``variance`` and ``skewness``.
    seed : int, Generator or SeedSequence
        Randomness.

    Returns
    -------
    xarray.Dataset
        ``auc`` (kind x indicator) and ``statistic`` (kind x run x member x indicator).

    See Also
    --------
    spatial_grazing : The runs.
    indicator_atlas : The univariate atlas.

    Examples
    --------
    >>> atlas = spatial_atlas(indicators=["variance"], n_runs=3, n_time=20, size=8)
    >>> atlas["auc"].dims
    ('kind', 'indicator')
    """
    from tsdyn.ews.scenarios import spatial_grazing
    from tsdyn.ews.spatial import analyze_spatial

    n_runs = check_int(n_runs, "n_runs", minimum=2)
    names = list(indicators)
    root = as_seed_sequence(seed)
    values = np.full((1, 2, n_runs, len(names)), np.nan)
    for r, null in enumerate((False, True)):
        for member, child in enumerate(
            root.spawn(n_runs) if r == 0 else seed_for_key(root, "null").spawn(n_runs)
        ):
            field = spatial_grazing(n_time=n_time, size=size, seed=child, null=null)
            res = analyze_spatial(field, indicators=names, subsize=subsize)
            values[0, r, member] = res.ktau["tau"].values
    return _auc_dataset(
        ["spatial_grazing_fold"], names, values, spatial_atlas, n_runs=n_runs, n_time=n_time, size=size,
        subsize=subsize, seed=seed if isinstance(seed, int) else "none",
    )  # fmt: skip


def combine_atlases(*atlases: xr.Dataset) -> xr.Dataset:
    """The AUC tables of several atlases in one (kind x indicator; NaN where an indicator does not apply).

    Parameters
    ----------
    *atlases : xarray.Dataset
        Results of :func:`indicator_atlas`, :func:`multivariate_atlas`, :func:`spatial_atlas`.

    Returns
    -------
    xarray.Dataset
        ``auc`` over the union of kinds and indicators.

    See Also
    --------
    indicator_atlas, multivariate_atlas, spatial_atlas : The atlases it joins.
    atlas_table : One atlas as a table.

    Examples
    --------
    >>> a = xr.Dataset({"auc": (("kind", "indicator"), [[0.9]])}, coords={"kind": ["fold"], "indicator": ["ac1"]})
    >>> b = xr.Dataset({"auc": (("kind", "indicator"), [[0.8]])}, coords={"kind": ["lattice"], "indicator": ["moran"]})
    >>> atlas_table(combine_atlases(a, b)).loc["moran"].tolist()
    [nan, 0.8]
    """
    if not atlases:
        raise InputError("combine_atlases needs at least one atlas")
    return xr.merge([a[["auc"]] for a in atlases], join="outer", compat="no_conflicts")
