"""Catalog features: invariants and ordinal features of every flow and map, one row each.

For each system :func:`catalog_features` gathers

- the **invariants** of the catalog: dominant period (the literature's, which
  the benchmark samples by, and the measured spectral one), largest Lyapunov
  exponent, Kaplan-Yorke and correlation dimension (read from the catalog,
  never recomputed here; see :func:`catalog_invariants`);
- the **ordinal features** at the benchmark's sampling: the clean training
  trajectory of the benchmark recipe (:class:`tsdyn.forecast.datasets.Recipe`,
  ``fine`` granularity: 100 points per dominant period; maps at every
  iteration), its univariate variable, the delay from PECCARY's timescale
  criterion (:func:`tsdyn.ordinal.choose_delay`, ratio 0.4), and there the
  normalized permutation entropy and statistical complexity (m = 5) and the
  ordinal verdict of :func:`tsdyn.ordinal.classify` with its reason.

Every value that is NaN has its explanation in the matching ``*_note``
column (``NOTES`` in this module): "not applicable: a map has no dominant period",
"integration failed: ...", "too short: ..." and so on. A system that fails
never stops the table: its row records the failure.

:func:`cluster_systems` groups the systems by these features (Ward linkage of
the standardized features) for :func:`tsdyn.plot.plot_catalog_clusters`.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from tsdyn.errors import InputError, check_choice, check_int
from tsdyn.rng import seed_for_key

__all__ = [
    "CLUSTER_FEATURES",
    "COLUMNS",
    "NOTES",
    "catalog_invariants",
    "cluster_systems",
    "catalog_features",
    "update_invariants",
]

#: Each value column that may be NaN and the column that explains it.
NOTES = {
    "period": "period_note",
    "dominant_period": "dominant_period_note",
    "lyapunov_max": "lyapunov_note",
    "lyapunov_per_period": "lyapunov_note",
    "kaplan_yorke": "kaplan_yorke_note",
    "correlation_dimension": "correlation_dimension_note",
    "tau": "ordinal_note",
    "natural_timescale": "ordinal_note",
    "entropy": "ordinal_note",
    "complexity": "ordinal_note",
    "entropy_z": "ordinal_note",
    "label": "ordinal_note",
}

#: Columns of the table, in order.
COLUMNS = [
    "system", "kind", "dimension", "period", "dominant_period", "lyapunov_max", "lyapunov_per_period",
    "kaplan_yorke", "correlation_dimension", "variable", "sampling", "n_samples", "m", "tau",
    "natural_timescale", "entropy", "complexity", "entropy_z", "label", "label_reason",
    "period_note", "dominant_period_note", "lyapunov_note", "kaplan_yorke_note",
    "correlation_dimension_note", "ordinal_note",
]  # fmt: skip

#: Features :func:`cluster_systems` uses by default (dimensionless, comparable between flows and maps).
CLUSTER_FEATURES = ("lyapunov_per_period", "kaplan_yorke", "correlation_dimension", "entropy", "complexity")

_PENDING = "pending catalog invariants"
# catalog invariant (System.invariants key) -> table column
_INVARIANTS = {
    "dominant_period": "dominant_period",
    "lyapunov_max": "lyapunov_max",
    "kaplan_yorke_dimension": "kaplan_yorke",
    "correlation_dimension": "correlation_dimension",
}
# keys under which the catalog records why an invariant is missing, most specific first
_REASONS = {
    "dominant_period": ("dominant_period", "trajectory", "all"),
    "lyapunov_max": ("lyapunov", "all"),
    "kaplan_yorke_dimension": ("lyapunov", "all"),
    "correlation_dimension": ("correlation_dimension", "trajectory", "all"),
}
_NO_PERIOD = "not applicable: a map has no dominant period"


def catalog_invariants(system) -> dict:
    """The catalog's invariants of ``system`` with a note for each one it lacks.

    ``period`` is the literature's dominant period (the one the benchmark
    samples by); ``dominant_period``, ``lyapunov_max``, ``kaplan_yorke`` and
    ``correlation_dimension`` come from the catalog's computed invariants
    (``System.invariants``, ``tsdyn/systems/invariants.json``). Each is a float,
    NaN when unknown, with its ``*_note`` (``NOTES`` in this module): the catalog's reason
    (not applicable, or the failure it recorded), or "pending catalog
    invariants" for a system the file has no entry for.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> inv = catalog_invariants(ts.get("Henon"))
    >>> inv["period"], inv["period_note"]
    (nan, 'not applicable: a map has no dominant period')
    """
    out: dict[str, object] = {}
    if system.kind == "map":
        out.update(period=math.nan, period_note=_NO_PERIOD)
    elif system.period is None:
        out.update(period=math.nan, period_note="the catalog has no dominant period for this flow")
    else:
        out.update(period=float(system.period), period_note="")
    inv = getattr(system, "invariants", None)
    for key, column in _INVARIANTS.items():
        note = NOTES[column]
        value = None if inv is None else inv.get(key)
        if value is not None and np.isfinite(value):
            out.update({column: float(value), note: ""})
            continue
        out[column] = math.nan
        if inv is None:
            out[note] = _PENDING
            continue
        out[note] = "the catalog's invariants hold no value"
        for reason_key in _REASONS[key]:
            if reason_key in inv.get("not_applicable", {}):
                out[note] = f"not applicable: {inv['not_applicable'][reason_key]}"
                break
            if reason_key in inv.get("failed", {}):
                out[note] = f"failed in the catalog's invariants: {inv['failed'][reason_key]}"
                break
    return out


def _stand_in_lyapunov(system, periods: float) -> tuple[float, str]:
    """Largest exponent from the equations when the catalog lacks it (noted as a stand-in)."""
    from tsdyn.systems import lyapunov_spectrum

    if system.kind == "map":
        res = lyapunov_spectrum(system, k=1, n=20_000)
        return float(res.exponents[0]), "stand-in: tsdyn.systems.lyapunov_spectrum over 20000 iterations"
    res = lyapunov_spectrum(system, k=1, t=periods * system.period)
    return float(res.exponents[0]), f"stand-in: tsdyn.systems.lyapunov_spectrum over {periods:g} periods"


def _ordinal(system, *, granularity, n, m, ratio, n_surrogates, seed) -> dict:
    from tsdyn.forecast.datasets import GRANULARITIES, Recipe, build
    from tsdyn.ordinal.classification import classify

    sampling = (
        "every iteration"
        if system.kind == "map"
        else f"{GRANULARITIES[granularity]} points per dominant period"
    )
    out = {"variable": "", "sampling": sampling, "n_samples": n, "m": m}
    try:
        ds = build(Recipe(system.name, granularity=granularity, n_train=n, n_test=2, noise=(0.0,)))
    except Exception as err:  # one system's failure becomes its row's note; the table goes on
        out["ordinal_note"] = f"integration failed: {type(err).__name__}: {err}"
        return out
    variable = ds.attrs["univariate_variable"]
    x = ds["trajectory"].sel(split="train", noise=0.0, variable=variable).values
    out["variable"] = variable
    if not np.all(np.isfinite(x)):
        out["ordinal_note"] = "integration failed: the trajectory holds non-finite values"
        return out
    if np.ptp(x) == 0:
        out["ordinal_note"] = "not applicable: the trajectory is constant (a fixed point)"
        return out
    res = classify(x, m=m, ratio=ratio, n_surrogates=n_surrogates, seed=seed)
    out.update(
        tau=res.tau,
        natural_timescale=res.natural_timescale,
        entropy=res.entropy,
        complexity=res.complexity,
        entropy_z=res.entropy_z,
        label=res.label,
        label_reason=res.reason,
    )
    missing = [
        k for k in ("tau", "natural_timescale", "entropy", "complexity", "entropy_z") if np.isnan(out[k])
    ]
    out["ordinal_note"] = f"{', '.join(missing)}: {res.reason}" if missing else ""
    return out


def _invariant_columns(system, stand_in, stand_in_periods) -> dict:
    row = catalog_invariants(system)
    if row["lyapunov_note"] == _PENDING and stand_in:
        try:
            row["lyapunov_max"], row["lyapunov_note"] = _stand_in_lyapunov(system, stand_in_periods)
        except Exception as err:  # recorded in the row; the table goes on
            row["lyapunov_note"] = f"integration failed: {type(err).__name__}: {err}"
    # per dominant period (flows) or per iteration (maps): comparable across the catalog
    row["lyapunov_per_period"] = (
        row["lyapunov_max"] if system.kind == "map" else row["lyapunov_max"] * row["period"]
    )
    if np.isnan(row["lyapunov_per_period"]) and not row["lyapunov_note"]:
        row["lyapunov_note"] = "per period: the flow has no dominant period"
    return row


def _row(name, *, granularity, n, m, ratio, n_surrogates, seed, stand_in, stand_in_periods) -> dict:
    from tsdyn import systems

    system = systems.get(name)
    row = {"system": name, "kind": system.kind, "dimension": system.dimension}
    row.update(_invariant_columns(system, stand_in, stand_in_periods))
    row.update(
        _ordinal(
            system,
            granularity=granularity,
            n=n,
            m=m,
            ratio=ratio,
            n_surrogates=n_surrogates,
            seed=seed_for_key(seed, name),
        )
    )
    return row


def catalog_features(
    systems: Sequence[str] | None = None,
    *,
    granularity: str = "fine",
    n: int = 4000,
    m: int = 5,
    ratio: float = 0.4,
    n_surrogates: int = 39,
    seed: int = 0,
    stand_in_lyapunov: bool = True,
    stand_in_periods: float = 200.0,
    jobs: int = 1,
    scheduler: Any = None,
    progress: bool = False,
):
    """One row per system: catalog invariants, ordinal features and verdict, a note for every NaN.

    Parameters
    ----------
    systems : sequence of str, optional
        Catalog names (default: every flow and map).
    granularity : {"coarse", "fine"}
        Benchmark sampling of flows (points per dominant period).
    n : int
        Samples of the series the ordinal features are computed on.
    m, ratio, n_surrogates
        Passed to :func:`tsdyn.ordinal.classify` (embedding dimension, PECCARY
        ratio of the delay criterion, IAAFT surrogates).
    seed : int
        Root seed; each system takes a child keyed by its name, so a row does
        not depend on the other systems or on ``jobs``.
    stand_in_lyapunov : bool
        Where the catalog has no largest Lyapunov exponent, compute it from the
        equations (:func:`tsdyn.systems.lyapunov_spectrum`, ``stand_in_periods``
        dominant periods, 20 000 iterations for maps) and say so in
        ``lyapunov_note``.
    stand_in_periods : float
        Length of that computation, in dominant periods of the flow.
    jobs : int
        Processes (or LocalCluster workers with ``scheduler="local"``).
    scheduler : str or distributed.Client, optional
        Run the systems on a dask.distributed cluster: a scheduler address,
        ``"local"`` or a Client. The table is the same as a local run's.
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        Columns: system, kind, dimension, period (the literature's, which
        the benchmark samples by), dominant_period (measured, catalog
        invariants), lyapunov_max, lyapunov_per_period (times ``period`` for
        flows, per iteration for maps), kaplan_yorke, correlation_dimension, variable, sampling,
        n_samples, m, tau, natural_timescale, entropy, complexity, entropy_z,
        label, label_reason, and the ``*_note`` columns of ``NOTES``.

    See Also
    --------
    cluster_systems : Clusters the systems by these features.
    tsdyn.plot.plot_catalog_plane : The systems on the complexity-entropy plane.

    Examples
    --------
    >>> table = catalog_features(["Logistic"], n=1000, n_surrogates=19)
    >>> table.loc[0, ["system", "label"]].tolist()
    ['Logistic', 'chaotic']
    >>> round(float(table.loc[0, "lyapunov_max"]), 2), table.loc[0, "period_note"]
    (0.5, 'not applicable: a map has no dominant period')
    """
    import pandas as pd

    from tsdyn import systems as catalog
    from tsdyn._jobs import DaskBackend, Job, make_backend, progress_for, run_jobs
    from tsdyn.forecast.datasets import GRANULARITIES

    check_choice(granularity, "granularity", tuple(GRANULARITIES))
    n = check_int(n, "n", minimum=2)
    jobs = check_int(jobs, "jobs", minimum=1)
    if systems is None:
        systems = catalog.list(kind="flow") + catalog.list(kind="map")
    systems = list(systems)
    known = set(catalog.list())
    for name in systems:
        if name not in known:
            raise InputError(f"systems: {name!r} is not in the catalog")
        if catalog.get(name).kind not in ("flow", "map"):
            raise InputError(
                f"systems: {name!r} is a {catalog.get(name).kind}; the catalog features cover flows and maps"
            )
    kwargs = {
        "granularity": granularity,
        "n": n,
        "m": m,
        "ratio": ratio,
        "n_surrogates": n_surrogates,
        "seed": seed,
        "stand_in": stand_in_lyapunov,
        "stand_in_periods": stand_in_periods,
    }
    backend = make_backend(jobs, scheduler=scheduler)
    # connected first: an unreachable scheduler fails at once (no file is read or written here)
    with backend if isinstance(backend, DaskBackend) else contextlib.nullcontext():
        results = run_jobs(
            [Job(key=name, func=_row, args=(name,), kwargs=kwargs) for name in dict.fromkeys(systems)],
            backend=backend, progress=progress_for(progress, "catalog features"),
        )  # fmt: skip
    # an unforeseen failure still gives a row that says why
    rows = {
        r.key: r.value
        if r.ok
        else {"system": r.key, **dict.fromkeys(set(NOTES.values()), f"failed: {r.error}")}
        for r in results
    }
    table = pd.DataFrame([rows[name] for name in systems]).reindex(columns=COLUMNS)
    for note in set(NOTES.values()):
        table[note] = table[note].astype(object).fillna("").astype(str)
    table["label_reason"] = table["label_reason"].astype(object).fillna("").astype(str)
    return table


def update_invariants(table, *, stand_in_lyapunov: bool = True, stand_in_periods: float = 200.0):
    """The table with its invariant columns read again from the catalog (the ordinal columns kept).

    The invariants are the catalog's, so a table built before the catalog
    had them (or before it was refreshed) is brought up to date in seconds,
    without recomputing the ordinal features.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`catalog_features`.
    stand_in_lyapunov, stand_in_periods
        As in :func:`catalog_features`, for systems the catalog still lacks.

    Returns
    -------
    pandas.DataFrame
        A copy of ``table`` with new period, dominant period, Lyapunov and dimension columns and notes.

    Examples
    --------
    >>> import pandas as pd
    >>> old = pd.DataFrame({"system": ["Henon"], "kind": ["map"], "entropy": [0.62]})
    >>> new = update_invariants(old, stand_in_lyapunov=False)
    >>> new.loc[0, "period_note"], float(new.loc[0, "entropy"])
    ('not applicable: a map has no dominant period', 0.62)
    """
    from tsdyn import systems

    if "system" not in table:
        raise InputError("table lacks the column 'system' (make it with catalog_features)")
    rows = [
        _invariant_columns(systems.get(name), stand_in_lyapunov, stand_in_periods) for name in table["system"]
    ]
    out = table.copy()
    for column in rows[0] if rows else ():
        out[column] = [row[column] for row in rows]
    return out[[c for c in COLUMNS if c in out] + [c for c in out if c not in COLUMNS]]


def cluster_systems(table, *, features: Sequence[str] = CLUSTER_FEATURES, method: str = "ward"):
    """Hierarchical clustering of the table's systems by their standardized features.

    Each feature is centred and scaled by its standard deviation over the
    systems; a feature no system has is dropped, and a system's missing value
    is set to that feature's median (the note columns say why it is missing),
    so every system takes part.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`catalog_features` (at least two rows).
    features : sequence of str
        Columns to cluster on.
    method : str
        scipy linkage method.

    Returns
    -------
    (linkage matrix, list of feature names used)

    See Also
    --------
    catalog_features : The feature table.
    tsdyn.plot.plot_catalog_clusters : The dendrogram.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"entropy": [0.5, 0.52, 0.9], "complexity": [0.4, 0.41, 0.1]})
    >>> z, used = cluster_systems(table, features=["entropy", "complexity"])
    >>> z.shape, used
    ((2, 4), ['entropy', 'complexity'])
    """
    from scipy.cluster.hierarchy import linkage

    features = list(features)
    missing = [f for f in features if f not in table.columns]
    if missing:
        raise InputError(f"features {missing} are not columns of the table")
    if len(table) < 2:
        raise InputError(f"clustering needs at least two systems, the table has {len(table)}")
    values = table[features].astype(float)
    used = [f for f in features if values[f].notna().any()]
    if not used:
        raise InputError(f"no system has any of the features {features}")
    values = values[used]
    values = values.fillna(values.median())
    sd = values.std(ddof=0).replace(0.0, 1.0)  # a constant feature carries no distance
    z = ((values - values.mean()) / sd).to_numpy()
    return linkage(z, method=method), used
