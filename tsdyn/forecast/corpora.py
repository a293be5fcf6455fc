"""Training corpora: many validated trajectories per catalog system, written as sharded zarr.

For each chosen system, :func:`corpus` draws variants (an initial condition
perturbed and run through a transient onto the attractor, every parameter
perturbed within a relative range), keeps those that the validated-ensemble
rules accept (:meth:`tsdyn.systems.System.validated_ensemble`: bounded, no
fixed point, no limit cycle; the Lyapunov check on a fraction of the
variants drawn from the seed) and writes them in shards::

    out/
      shards/<system>/<shard>.zarr   trajectory (member, time, variable), params, ic
      manifest.parquet, manifest.csv one row per trajectory: system, shard, member,
                                     parameters, ic, the ranges they were drawn with,
                                     seed key, sha256 of its samples
      rejected.csv                   every rejected variant and why
      systems.csv                    per system: wanted, kept, rejected by reason
      corpus.json                    the options, where it ran, how the files travelled
      journal.jsonl                  finished shards (resume)

Five rules keep the cost of a system bounded, each reported per system in
``systems.csv``:

- **Stiff flows integrate with RODAS4** (:mod:`tsdyn.systems._stiff`, the
  L-stable Rosenbrock method with the analytic Jacobian) when the spectral
  radius of the Jacobian at the catalog's initial condition (central
  differences of the right-hand side, default parameters) times the sampling
  step exceeds :data:`STIFFNESS_LIMIT`. DOP853 is stable for steps up to
  about 6 / rho along the negative real axis, so past that limit an explicit
  solver needs more than ten steps per sample for stability alone, more than
  accuracy needs at these samplings; the step count is then set by the
  stiffness, not the dynamics. (In the catalog: KuramotoSivashinsky,
  rho x step = 335 at the fine sampling; next comes MacArthur at 7.5.)
- **A candidate's integration** may take :data:`STEPS_PER_SAMPLE` solver steps per
  sample interval (the transient's included); one that needs more (a variant
  that is stiff where the catalog's parameters are not: CaTwoPlus's Hill
  exponents moved by 5 %) is rejected as ``"integration failed"``.
- **The spread narrows where variants fail** (``shrink_spread``, default on):
  a shard draws its candidates in batches of at most a sixteenth of its size
  (8 at least); after each batch, if more than a third of the candidates
  drawn at the current spread were rejected, both ``param_range`` and
  ``ic_spread`` halve for the following candidates, six times at most (down
  to 1/64 of them), and a last level keeps the catalog's parameters (the
  initial condition still moved by 1/64 of ``ic_spread``). A system near a
  crisis or a periodic window (Henon's boundary crisis 2 % above its ``a``,
  the Ulam map's published parameters on one, BeerRNN's fixed points, an
  initial condition spread past a model's domain such as CellCycle's
  fractions) so fills its quota closer to the catalog's parameters. A third,
  not a half: with ``max_tries = 2`` a level rejecting just under half of
  its candidates would use up the shard's tries alone. The rule reads only
  the shard's own candidates in draw order, so it is the same on any number
  of workers (see :meth:`tsdyn.systems.System.validated_ensemble`,
  ``shrink_spread``). The ranges each trajectory was drawn with are the
  manifest's ``param_range`` and ``ic_spread``; ``systems.csv`` counts the
  ``narrowed`` trajectories and gives the smallest ``param_range_min`` used.
- **A shard stops drawing** after ``max_tries`` candidates per wanted
  trajectory (the hard stop): a system whose variants are mostly limit cycles
  or blow-ups even at the narrowest spread yields a short shard instead of
  integrating ten candidates per kept one; its rejections are logged and the
  run goes on.
- **The transient** is ``transient_periods`` dominant periods (default 10,
  as long as the kept trajectory at the fine sampling): the initial condition is the
  catalog's point on the attractor moved by ``ic_spread``, and the contraction
  of the ten periods brings it back. Each kept trajectory is then checked: if
  the first tenth of its samples leaves the range its second half covers,
  widened by a quarter of that range on each side, it is counted as a
  ``late_start`` in ``systems.csv`` (kept, but a system with many needs a
  longer transient). Unbounded variables (phases) are left out of it.

A shard is one job of :mod:`tsdyn._jobs` (local processes or a dask
cluster); its numbers come from a seed derived from the root seed and the
shard's name alone, so the corpus is the same for any number of workers.
Workers that see ``out`` write their shards there; workers that do not
(no shared file system) send each shard's files back and this process
writes them (``corpus.json`` says which). A
shard is written to a temporary folder and renamed into place, and the
journal records it only after that: a run stopped by a kill or a full disk
resumes with the shards it lacks. ``docs/examples/read_corpus.py`` reads
it back with zarr and numpy alone.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tsdyn.errors import InputError, check_choice, check_int
from tsdyn.forecast.datasets import DEFAULT_SEED, GRANULARITIES, MAP_ITERATIONS_PER_UNIT
from tsdyn.rng import seed_for_key

__all__ = ["corpus"]

LAYOUT = "tsdyn-corpus/3"
SHAPE_CHECKS = ("bounded", "fixed_point", "limit_cycle")
#: Spectral radius of the Jacobian times the sampling step above which a flow integrates with RODAS4.
STIFFNESS_LIMIT = 60.0
#: Periods of the Lyapunov check's tangent run on a stiff flow (the default is 100 periods).
STIFF_LYAPUNOV_PERIODS = 10.0
#: Solver steps allowed per sample interval of a flow candidate (DOP853 takes 1 to 5 on most systems).
STEPS_PER_SAMPLE = 50
#: The start of a kept trajectory (its first tenth) may leave its second half's range by this share of it.
START_MARGIN = 0.25


@dataclass(frozen=True)
class Shard:
    """Everything one job needs to build one shard (picklable)."""

    system: str
    index: int
    members: int
    n: int
    granularity: str
    transient_periods: float
    param_range: float
    ic_spread: float
    seed: int
    lyapunov_fraction: float  # share of the candidates that also pass the Lyapunov check
    max_tries: float  # candidates per wanted trajectory before the shard stops drawing
    path: str
    shrink_spread: bool = True  # halve the spreads while more than half of the candidates fail

    @property
    def name(self) -> str:
        return f"{self.system}/{self.index:05d}"


def corpus(
    out: str | os.PathLike,
    *,
    systems: Sequence[str] | None = None,
    per_system: int = 100,
    shard_size: int = 100,
    n: int = 1000,
    granularity: str = "fine",
    transient_periods: float = 10.0,
    param_range: float = 0.05,
    ic_spread: float = 0.1,
    lyapunov_fraction: float = 0.01,
    max_tries: float = 2.0,
    shrink_spread: bool = True,
    seed: int = DEFAULT_SEED,
    jobs: int = 1,
    scheduler: Any = None,
    resume: bool = True,
    progress: bool = False,
) -> pd.DataFrame:
    """Write a training corpus of validated trajectories into ``out`` and return its manifest.

    Parameters
    ----------
    out : path
        Output folder (created; a rerun with the same options resumes).
    systems : sequence of str, optional
        Catalog names (default: every chaotic flow and map).
    per_system : int
        Trajectories wanted per system.
    shard_size : int
        Trajectories per shard (one job, one zarr store).
    n : int
        Samples per trajectory.
    granularity : {"coarse", "fine"}
        Points per dominant period for flows, as in the benchmark datasets;
        maps are sampled at every iteration.
    transient_periods : float
        Dominant periods integrated and dropped first (maps: ten iterations
        per period), so that each trajectory starts on the attractor (see
        ``late_start`` in the module's description for the check).
    param_range : float
        Relative standard deviation of every parameter's perturbation
        (parameters that set the state's size, like a grid's ``N``, stay).
    ic_spread : float
        Standard deviation of the initial-condition perturbation, before the transient.
    lyapunov_fraction : float
        Share of the variants (drawn from the seed, per candidate) that also
        pass the Lyapunov check of ``validated_ensemble``; it costs a tangent
        run per checked variant.
    max_tries : float
        Candidates drawn per wanted trajectory before a shard stops (at
        least 1): a system whose variants are mostly rejected yields a short
        shard, reported in ``systems.csv``, and the run goes on.
    shrink_spread : bool
        Halve ``param_range`` and ``ic_spread`` for a shard's following
        candidates whenever more than a third of those drawn at the current
        spread were rejected (six times at most, then the catalog's
        parameters; see the module's description). Each trajectory's ranges
        are in the manifest.
    seed : int
        Root seed; each shard's seed derives from it and the shard's name.
    jobs : int
        Worker processes (or LocalCluster workers with ``scheduler="local"``).
    scheduler : str or distributed.Client, optional
        A dask.distributed scheduler address, ``"local"``, or a Client.
        Workers that do not see ``out`` (checked first) send their shards
        back to be written here.
    resume : bool
        Keep the shards an earlier run with the same options finished.
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        The manifest, one row per trajectory (also ``out/manifest.parquet``).
        A system whose variants mostly blow up yields fewer rows; it is
        reported in ``out/systems.csv`` and the others go on. ``attrs["files"]``
        says how the shards reached ``out`` (also in ``out/corpus.json``).

    Examples
    --------
    >>> import tempfile
    >>> table = corpus(tempfile.mkdtemp(), systems=["Henon"], per_system=4, shard_size=2, n=50)
    >>> table[["system", "shard", "member"]].values.tolist()
    [['Henon', 0, 0], ['Henon', 0, 1], ['Henon', 1, 0], ['Henon', 1, 1]]
    """
    from tsdyn import systems as catalog
    from tsdyn._jobs import DaskBackend, Job, Journal, make_backend, progress_for, run_jobs
    from tsdyn.io.writers import atomic_path

    per_system = check_int(per_system, "per_system", minimum=1)
    shard_size = check_int(shard_size, "shard_size", minimum=1)
    n = check_int(n, "n", minimum=8)
    seed = check_int(seed, "seed", minimum=0)
    jobs = check_int(jobs, "jobs", minimum=1)
    check_choice(granularity, "granularity", tuple(GRANULARITIES))
    for name, value, top in [("param_range", param_range, np.inf), ("ic_spread", ic_spread, np.inf),
                             ("transient_periods", transient_periods, np.inf),
                             ("lyapunov_fraction", lyapunov_fraction, 1.0), ("max_tries", max_tries, np.inf)]:  # fmt: skip
        if not (isinstance(value, int | float) and 0.0 <= value <= top):
            raise InputError(f"{name} must be a number within [0, {top:g}], got {value!r}")
    if max_tries < 1:
        raise InputError(
            f"max_tries must be at least 1 (candidates per wanted trajectory), got {max_tries!r}"
        )
    if systems is None:
        systems = catalog.list(kind="flow", chaotic=True) + catalog.list(kind="map", chaotic=True)
    systems = list(dict.fromkeys(systems))
    for name in systems:
        system = catalog.get(name)  # an unknown name fails here, before any work
        if not system.behaviour.ensembles:
            raise InputError(f"systems: {name} is a {system.kind}; a corpus takes flows and maps")
    out = Path(out).absolute()  # workers of a cluster run in another working folder
    options = {
        "layout": LAYOUT, "n": n, "granularity": granularity, "transient_periods": transient_periods,
        "param_range": param_range, "ic_spread": ic_spread, "seed": seed, "shard_size": shard_size,
        "lyapunov_fraction": float(lyapunov_fraction), "max_tries": float(max_tries),
        "shrink_spread": bool(shrink_spread), "stiffness_limit": STIFFNESS_LIMIT, "start_margin": START_MARGIN, "steps_per_sample": STEPS_PER_SAMPLE,
        "stiff_lyapunov_periods": STIFF_LYAPUNOV_PERIODS,
    }  # fmt: skip
    fingerprint = hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()[:12]
    shards = []
    for name in systems:
        for index in range(-(-per_system // shard_size)):
            members = min(shard_size, per_system - index * shard_size)
            shards.append(
                Shard(name, index, members, n, granularity, transient_periods, param_range, ic_spread, seed,
                      float(lyapunov_fraction), float(max_tries), str(out / "shards" / name / f"{index:05d}.zarr"),
                      bool(shrink_spread))
            )  # fmt: skip
    backend = make_backend(jobs, scheduler=scheduler)
    started = time.time()
    files = "local: this machine's processes write the shards"
    with backend if isinstance(backend, DaskBackend) else contextlib.nullcontext():
        (out / "shards").mkdir(parents=True, exist_ok=True)
        if isinstance(backend, DaskBackend):
            if backend.file_access(out=out / "shards") == "shipped":
                backend.prepare, backend.land = _ship, _land
                files = f"shipped: the workers send each shard back, written here ({backend.files_reason})"
            else:
                files = "shared: the dask workers write the shards into out"
        journal = Journal(
            out / "journal.jsonl", resume=resume,
            keep=lambda r: r.ok and Path(r.value["path"]).is_dir(),
        )  # fmt: skip
        results = run_jobs(
            [Job(key=f"{s.name}/{fingerprint}", func=build_shard, args=(s,), name=s.name) for s in shards],
            backend=backend, journal=journal, progress=progress_for(progress, "corpus"), retries=1,
        )  # fmt: skip
    manifest = _write_tables(out, shards, results)
    manifest.attrs["files"] = files
    record = {
        "options": options, "systems": systems, "per_system": per_system, "jobs": jobs,
        "scheduler": None if scheduler is None else str(scheduler if isinstance(scheduler, str) else "client"),
        "files": files, "trajectories": len(manifest), "failed_shards": sum(not r.ok for r in results),
        "started_at": _dt.datetime.fromtimestamp(started, _dt.UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(time.time() - started, 3),
    }  # fmt: skip
    with atomic_path(out / "corpus.json") as tmp:
        tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return manifest


def _ship(job):
    """On the client, for workers that do not see ``out``: build the shard where they are and send it back."""
    return replace(job, func=_build_elsewhere)


def _build_elsewhere(shard: Shard) -> dict:
    """On a worker: :func:`build_shard` into a temporary folder, its files packed into the value."""
    import tempfile

    from tsdyn._jobs import pack

    with tempfile.TemporaryDirectory(prefix="tsdyn-shard-") as tmp:
        where = Path(tmp) / Path(shard.path).name
        value = build_shard(shard, where=where)
        value["files"] = pack(where)
    return value


def _land(job, value: dict) -> dict:
    """On the client: write a shard that came back as files (whole or not at all), then journal it."""
    from tsdyn._jobs import unpack

    unpack(value.pop("files"), value["path"])
    return value


def build_shard(shard: Shard, *, where: str | os.PathLike | None = None) -> dict:
    """Integrate and validate one shard's variants, write its zarr store, return its manifest rows.

    The store goes to ``shard.path`` (or ``where``, a worker's own folder
    when ``shard.path`` is on a disk it does not see).
    """
    import zarr

    from tsdyn import systems as catalog

    system = catalog.get(shard.system)
    sampling: dict[str, Any]
    stiffness = 0.0
    if system.behaviour.iterated:
        sampling = {"transient": round(shard.transient_periods * MAP_ITERATIONS_PER_UNIT)}
    else:
        if system.period is None:
            raise InputError(f"{system.name} has no known dominant period: its sampling cannot be set")
        step = system.period / GRANULARITIES[shard.granularity]
        stiffness = stiffness_index(system, step)
        sampling = {
            "pts_per_period": GRANULARITIES[shard.granularity],
            "transient": shard.transient_periods * system.period,
            "method": "rodas4" if stiffness > STIFFNESS_LIMIT else "dop853",
        }
        if system.behaviour.history:
            sampling["method"] = "auto"  # a delay equation has one solver (the method of steps)
        if sampling["method"] == "rodas4":
            # the tangent run of the Lyapunov check is explicit, so stability-bound on a stiff flow
            # (KS: 78 s over the default 100 periods): 10 periods, still ~13 Lyapunov times on KS
            sampling["lyapunov_time"] = STIFF_LYAPUNOV_PERIODS * system.period
    # every sample interval, the transient's included, may take STEPS_PER_SAMPLE steps: a variant that
    # needs more (stiff where the catalog's parameters are not) is rejected instead of running on
    max_steps = STEPS_PER_SAMPLE * (
        shard.n + round(shard.transient_periods * GRANULARITIES[shard.granularity])
    )
    checks = SHAPE_CHECKS + (("lyapunov",) if shard.lyapunov_fraction > 0 else ())
    spread = {k: shard.param_range for k in system.params if k not in system.spec.size_params}
    data, report = system.validated_ensemble(
        shard.members, n=shard.n, param_spread=spread, ic_spread=shard.ic_spread,
        seed=seed_for_key(shard.seed, shard.name), checks=checks, parallel=False,
        max_tries=max(shard.members, int(np.ceil(shard.max_tries * shard.members))), max_steps=max_steps,
        lyapunov_fraction=shard.lyapunov_fraction, shrink_spread=shard.shrink_spread, **sampling,
    )  # fmt: skip
    values = np.ascontiguousarray(data.transpose("member", "time", "variable").values, dtype=np.float64)
    names = list(system.params)
    accepted = report[report["accepted"]]
    base = dict(system.params)
    params = np.array(
        [[row.get(f"param_{k}", base[k]) for k in names] for _, row in accepted.iterrows()], dtype=np.float64
    ).reshape(len(accepted), len(names))
    ics = accepted[[f"ic_{v}" for v in system.variables]].to_numpy(dtype=np.float64)
    scales = accepted[["spread_params", "spread_ic"]].to_numpy(dtype=np.float64)
    path = Path(where if where is not None else shard.path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        group = zarr.open_group(str(tmp), mode="w")
        group.create_array("trajectory", data=values, chunks=(max(1, len(values)), *values.shape[1:]))
        group.create_array("params", data=params)
        group.create_array("ic", data=ics)
        times = data["time"].values
        group.attrs.update(
            system=system.name, kind=system.kind, variables=list(system.variables), params=names,
            dt=float(times[1] - times[0]), shard=shard.index, seed=shard.seed, seed_key=shard.name,
            checks=list(checks), layout=LAYOUT,
        )  # fmt: skip
        shutil.rmtree(path, ignore_errors=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, path)  # whole shards only: a store is in place complete or not at all
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a full disk: leave no half shard, the job fails
        raise
    rows = [
        {
            "system": system.name, "shard": shard.index, "member": m, "path": shard.path,
            "params": json.dumps(dict(zip(names, params[m].tolist(), strict=True))),
            "ic": json.dumps(ics[m].tolist()), "seed": shard.seed, "seed_key": shard.name,
            "candidate": int(accepted.index[m]), "sha256": hashlib.sha256(values[m].tobytes()).hexdigest(),
            "param_range": shard.param_range * float(scales[m, 0]), "ic_spread": shard.ic_spread * float(scales[m, 1]),
        }
        for m in range(len(values))
    ]  # fmt: skip
    rejected = report[~report["accepted"]]
    rejects = [
        {"system": system.name, "shard": shard.index, "candidate": int(c), "reason": r, "detail": d}
        for c, r, d in zip(rejected.index, rejected["reason"], rejected["detail"], strict=True)
    ]
    return {
        "path": shard.path, "wanted": shard.members, "rows": rows, "rejected": rejects,
        "candidates": len(report), "lyapunov_checked": int(report["lyapunov"].notna().sum()),
        "late_start": int(sum(late_start(v, skip=system.unbounded) for v in values)),
        "method": data.attrs["integrator"], "stiffness": round(stiffness, 3),
    }  # fmt: skip


def stiffness_index(system, step: float) -> float:
    """Spectral radius of the Jacobian at the catalog's initial condition times ``step``.

    The Jacobian comes from central differences of the right-hand side, so
    the measure needs nothing compiled beyond what the integration compiles.

    >>> from tsdyn import systems
    >>> lorenz = systems.get("Lorenz")  # eigenvalues there: -17.55 and 1.94 +- 11.17 i
    >>> round(stiffness_index(lorenz, 0.01), 3), round(float(np.abs(np.linalg.eigvals(lorenz.jac(lorenz.ic))).max()), 2)
    (0.176, 17.55)
    """
    y = np.asarray(system.ic, dtype=np.float64)
    jac = np.empty((y.size, y.size))
    for j in range(y.size):
        h = 1e-6 * max(1.0, abs(y[j]))
        up, down = y.copy(), y.copy()
        up[j] += h
        down[j] -= h
        jac[:, j] = (system.rhs(up) - system.rhs(down)) / (2 * h)
    return float(np.abs(np.linalg.eigvals(jac)).max() * step)


def late_start(x: np.ndarray, *, skip: Sequence[int] = ()) -> bool:
    """Whether trajectory ``x`` (time, variable) starts off its attractor: its first tenth leaves the
    range of its second half, widened by :data:`START_MARGIN` of that range on each side.

    ``skip``: the system's unbounded variables (phases, a time-like coordinate), which drift
    by design and are left out, as the validation checks leave them out.

    >>> t = np.linspace(0, 20 * np.pi, 1000)
    >>> late_start(np.sin(t)[:, None]), late_start((np.sin(t) + 5 * np.exp(-t))[:, None])
    (False, True)
    >>> late_start(np.stack([np.sin(t), t], axis=1), skip=[1])  # a drifting phase is not a transient
    False
    """
    x = np.delete(x, list(skip), axis=1)
    head, tail = x[: max(1, len(x) // 10)], x[len(x) // 2 :]
    low, high = tail.min(axis=0), tail.max(axis=0)
    margin = START_MARGIN * (high - low)
    return bool(((head.min(axis=0) < low - margin) | (head.max(axis=0) > high + margin)).any())


def _write_tables(out: Path, shards: Sequence[Shard], results) -> pd.DataFrame:
    from tsdyn.io import write_csv, write_parquet

    rows: list[dict] = []
    rejected: list[dict] = []
    per_system: dict[str, dict] = {}
    for result in sorted(results, key=lambda r: r.index):
        shard = shards[result.index]
        stats = per_system.setdefault(shard.system, {
            "system": shard.system, "method": "", "stiffness": np.nan, "wanted": 0, "kept": 0, "rejected": 0,
            "candidates": 0, "short_shards": 0, "narrowed": 0, "param_range_min": np.nan,
            "lyapunov_checked": 0, "late_start": 0, "failed_shards": 0, "seconds": 0.0, "error": "",
        })  # fmt: skip
        stats["wanted"] += shard.members
        stats["seconds"] += result.seconds
        if not result.ok:
            stats["failed_shards"] += 1
            stats["error"] = stats["error"] or result.error
            continue
        value = result.value
        rows.extend(value["rows"])
        rejected.extend(value["rejected"])
        stats["kept"] += len(value["rows"])
        stats["rejected"] += len(value["rejected"])
        stats["short_shards"] += len(value["rows"]) < shard.members
        ranges = [row["param_range"] for row in value["rows"]]
        stats["narrowed"] += sum(row["ic_spread"] < shard.ic_spread or row["param_range"] < shard.param_range
                                 for row in value["rows"])  # fmt: skip
        if ranges:
            stats["param_range_min"] = np.nanmin([stats["param_range_min"], *ranges])
        for key in ("candidates", "lyapunov_checked", "late_start"):
            stats[key] += value.get(key, 0)
        stats["method"], stats["stiffness"] = value.get("method", ""), value.get("stiffness", np.nan)
    manifest = pd.DataFrame(rows, columns=list(_ROW))
    manifest["path"] = [Path(p).relative_to(out).as_posix() for p in manifest["path"]]
    reasons = pd.DataFrame(rejected, columns=["system", "shard", "candidate", "reason", "detail"])
    table = pd.DataFrame(list(per_system.values()))
    if len(reasons):
        counts = reasons.groupby(["system", "reason"]).size().unstack(fill_value=0)
        counts = counts.add_prefix("rejected_")
        table = table.join(counts, on="system")
        table[counts.columns] = table[counts.columns].fillna(0).astype(int)
    write_parquet(manifest, out / "manifest.parquet", index=False)
    write_csv(manifest, out / "manifest.csv")
    write_csv(reasons, out / "rejected.csv")
    write_csv(table, out / "systems.csv")
    return manifest


_ROW = dict.fromkeys(
    ["system", "shard", "member", "path", "params", "ic", "param_range", "ic_spread", "seed", "seed_key", "candidate",
     "sha256"]
)  # fmt: skip
