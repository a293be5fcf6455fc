"""Benchmark datasets: train and test trajectories of every catalog system, built on demand.

For each system and granularity a :class:`Recipe` fixes everything that
decides the numbers: the catalog system and its parameters, the sampling in
points per dominant period (``"coarse"``: 15, ``"fine"``: 100, as in Gilpin
2021), the lengths, the transient, the observation-noise levels and the seed.
:func:`build` integrates

- a **train** and a **test** trajectory, each started from the catalog's
  initial condition nudged by a seeded relative perturbation of 1e-3 and then
  run for ``transient_periods`` dominant periods, so both start on the
  attractor at different, unrelated points;
- every noise level: the clean trajectory plus Gaussian observation noise
  whose standard deviation is ``level`` times that variable's standard
  deviation over the clean split (noise is added after integration; it never
  enters the dynamics).

The result is one Dataset with a ``trajectory`` variable of dims
``(split, noise, time, variable)``; its attrs record the recipe and a SHA-256
content hash. :func:`load` returns one split at one noise level, multivariate
(time x variable) or univariate (the first variable that is not an unbounded
phase, named in ``attrs["univariate_variable"]``), building the file in a local
cache on first use: nothing is downloaded. The cache folder is ``cache_dir``,
else the ``TSDYN_CACHE`` environment variable, else the user's cache folder
(``$XDG_CACHE_HOME/tsdyn`` or ``~/.cache/tsdyn``; ``%LOCALAPPDATA%\\tsdyn`` on
Windows). The integrators never use fast-math and the noise comes from
:func:`tsdyn.rng.seed_for_key`, so a rebuild on the same machine type is
bit-identical (same hash).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import platform
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from tsdyn.errors import InputError, check_choice, check_int
from tsdyn.rng import seed_for_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_SEED",
    "GRANULARITIES",
    "NOISE_LEVELS",
    "Recipe",
    "build",
    "cache_path",
    "content_hash",
    "default_cache_dir",
    "load",
    "tasks",
]

#: Points per dominant period of each granularity (Gilpin 2021).
GRANULARITIES = {"coarse": 15, "fine": 100}
#: Observation-noise levels: noise standard deviation / the variable's standard deviation.
NOISE_LEVELS = (0.0, 0.05, 0.2)
#: Seed of the published benchmark.
DEFAULT_SEED = 20211206
SPLITS = ("train", "test")
#: Transient iterations of a map per unit of ``transient_periods``.
MAP_ITERATIONS_PER_UNIT = 10
#: Relative size of the nudge that gives each split its own initial condition.
IC_PERTURBATION = 1e-3


@dataclasses.dataclass(frozen=True)
class Recipe:
    """Everything that decides a benchmark dataset's numbers.

    Parameters
    ----------
    system : str
        Catalog name (``tsdyn.systems.get``).
    granularity : {"coarse", "fine"}
        Sampling: 15 or 100 points per dominant period.
    n_train, n_test : int
        Samples in each split.
    transient_periods : float
        Dominant periods integrated and discarded before each split starts
        (maps, which have no period: 10 iterations per unit, 1000 by default).
        Maps are sampled at every iteration whatever the granularity.
    noise : tuple of float
        Observation-noise levels (relative standard deviations); 0 is clean.
    seed : int
        Root seed; each split and noise level takes a child seed keyed by name.

    See Also
    --------
    build_benchmark : Builds a dataset from recipes.
    load : One series of a recipe.

    Examples
    --------
    >>> r = Recipe("Lorenz", n_train=200, n_test=50)
    >>> r.granularity, r.noise
    ('fine', (0.0, 0.05, 0.2))
    """

    system: str
    granularity: str = "fine"
    n_train: int = 1000
    n_test: int = 1000
    transient_periods: float = 100.0
    noise: tuple[float, ...] = NOISE_LEVELS
    seed: int = DEFAULT_SEED

    def __post_init__(self):
        check_choice(self.granularity, "granularity", tuple(GRANULARITIES))
        check_int(self.n_train, "n_train", minimum=2)
        check_int(self.n_test, "n_test", minimum=2)
        check_int(self.seed, "seed", minimum=0)
        if not (np.isfinite(self.transient_periods) and self.transient_periods >= 0):
            raise InputError(
                f"transient_periods must be a non-negative number, got {self.transient_periods!r}"
            )
        levels = tuple(float(v) for v in self.noise)
        if (
            not levels
            or any(not (np.isfinite(v) and v >= 0) for v in levels)
            or len(set(levels)) < len(levels)
        ):
            raise InputError(f"noise must list distinct non-negative levels, got {self.noise!r}")
        object.__setattr__(self, "noise", levels)

    @property
    def pts_per_period(self) -> int:
        return GRANULARITIES[self.granularity]

    def key(self) -> str:
        """Short hash of the recipe and the tsdyn version: the cache file's name."""
        return hashlib.sha256(_canonical(self.as_dict()).encode()).hexdigest()[:12]

    def as_dict(self) -> dict:
        from tsdyn import __version__

        return {**dataclasses.asdict(self), "noise": list(self.noise), "tsdyn_version": __version__}


def _canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


def content_hash(da: xr.DataArray | xr.Dataset) -> str:
    """SHA-256 of the values (float64, C order) together with their dims, shape and coordinates.

    >>> import xarray as xr
    >>> a = xr.DataArray([1.0, 2.0], dims="time")
    >>> content_hash(a) == content_hash(a.copy()) != content_hash(a + 1)
    True
    """
    h = hashlib.sha256()
    arrays = [da] if isinstance(da, xr.DataArray) else [da[v] for v in sorted(da.data_vars, key=str)]
    for arr in arrays:
        h.update(
            _canonical({"name": str(arr.name), "dims": list(arr.dims), "shape": list(arr.shape)}).encode()
        )
        h.update(np.ascontiguousarray(arr.values, dtype=np.float64).tobytes())
        for c in arr.dims:
            if c in arr.coords:
                values = arr[c].values
                h.update(values.astype(str).tobytes() if values.dtype.kind in "OUS" else values.tobytes())
    return h.hexdigest()


def default_cache_dir() -> Path:
    """``TSDYN_CACHE`` if set, else the user's cache folder (no third-party lookup)."""
    env = os.environ.get("TSDYN_CACHE")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tsdyn"


def cache_path(recipe: Recipe, root: str | os.PathLike | None = None) -> Path:
    """Where ``recipe``'s file lives under ``root`` (default :func:`default_cache_dir`)."""
    root = default_cache_dir() if root is None else Path(root)
    return root / "benchmark" / f"{recipe.system}__{recipe.granularity}__{recipe.key()}.nc"


def build(recipe: Recipe) -> xr.Dataset:
    """Integrate the recipe's train and test trajectories and add the observation noise.

    Parameters
    ----------
    recipe : Recipe
        Everything that decides the numbers.

    Returns
    -------
    xarray.Dataset
        ``trajectory`` with dims ``(split, noise, time, variable)``; attrs hold
        the recipe, the system's parameters, period, sampling interval, the
        initial conditions of both splits and ``sha256`` (``content_hash``).
        ``time`` is as long as the longer split; the shorter one ends in NaN.

    See Also
    --------
    load : one split, built once and cached.
    build_benchmark : many systems into files.

    Examples
    --------
    >>> data = build(Recipe("Lorenz", n_train=200, n_test=50))
    >>> dict(data.trajectory.sizes)
    {'split': 2, 'noise': 3, 'time': 200, 'variable': 3}
    """
    from tsdyn import systems

    system = systems.get(recipe.system)
    n = max(recipe.n_train, recipe.n_test)
    ic0 = np.asarray(system.ic, dtype=np.float64)
    ics = {}
    for split in SPLITS:
        rng = np.random.default_rng(seed_for_key(recipe.seed, f"{recipe.system}/{split}/ic"))
        ics[split] = ic0 + IC_PERTURBATION * np.abs(ic0) * rng.standard_normal(ic0.size)
    traj = _integrate(system, ics=np.stack([ics[s] for s in SPLITS]), n=n, recipe=recipe)
    clean = traj.rename(member="split").assign_coords(split=list(SPLITS))
    std = clean.std("time")
    noisy = []
    for level in recipe.noise:
        layers = []
        for split in SPLITS:
            rng = np.random.default_rng(seed_for_key(recipe.seed, f"{recipe.system}/{split}/noise/{level!r}"))
            base = clean.sel(split=split)
            eps = rng.standard_normal(base.shape) if level > 0 else np.zeros(base.shape)
            layers.append(base + level * std.sel(split=split) * base.copy(data=eps))
        noisy.append(xr.concat(layers, dim="split"))
    data = xr.concat(noisy, dim="noise").assign_coords(noise=list(recipe.noise))
    data = data.transpose("split", "noise", "time", "variable").rename("trajectory")
    ds = data.to_dataset()
    ds.attrs = _attrs(recipe, system, clean, ics)
    ds.attrs["sha256"] = content_hash(ds)
    return ds


def _integrate(system, *, ics: np.ndarray, n: int, recipe: Recipe) -> xr.DataArray:
    """Clean trajectories (time x variable x member), time counted from the end of the transient.

    Both splits are members of one ensemble call, integrated in parallel.
    """
    if system.kind == "map":
        # a map is sampled at every iteration: granularity does not apply, the transient is in iterations
        traj = system.integrate(
            n=n, ic=ics, transient=round(recipe.transient_periods * MAP_ITERATIONS_PER_UNIT)
        )
    else:
        if system.period is None:
            raise InputError(f"{system.name} has no known dominant period: its granularity cannot be set")
        traj = system.integrate(
            n=n,
            pts_per_period=recipe.pts_per_period,
            ic=ics,
            transient=recipe.transient_periods * system.period,
        )
    traj = traj.transpose("time", "variable", "member")
    return traj.assign_coords(time=traj.time.values - traj.time.values[0]).drop_attrs()


def _attrs(recipe: Recipe, system, traj: xr.DataArray, ics) -> dict:
    from tsdyn.data import netcdf_safe

    unbounded = set(system.unbounded)
    variables = [str(v) for v in traj["variable"].values]
    univariate = next((v for i, v in enumerate(variables) if i not in unbounded), variables[0])
    params = {f"param_{k}": v for k, v in dict(system.params).items()}
    attrs = {
        **{k: v for k, v in recipe.as_dict().items() if k != "noise"},
        "noise_levels": np.asarray(recipe.noise),
        "kind": system.kind,
        "pts_per_period": recipe.pts_per_period if system.kind != "map" else None,
        "period": system.period,
        "dt": float(traj.time.values[1] - traj.time.values[0]),
        "univariate_variable": univariate,
        "unbounded_variables": ",".join(variables[i] for i in sorted(unbounded)),
        "ic_train": ics["train"],
        "ic_test": ics["test"],
        "recipe_key": recipe.key(),
        # bit-identical rebuilds are promised on the same machine type only
        "machine": platform.machine(),
        "description": "benchmark dataset: train/test trajectories from different on-attractor starts",
        **params,
    }
    return netcdf_safe(attrs)


def _read_or_build(recipe: Recipe, cache_dir) -> xr.Dataset:
    path = cache_path(recipe, cache_dir)
    if path.exists():
        with xr.open_dataset(path, engine="h5netcdf") as f:
            ds = f.load()
        if _servable(ds, recipe):
            return ds
    ds = build(recipe)
    _write(ds, path)
    return ds


def _servable(ds: xr.Dataset, recipe: Recipe) -> bool:
    """Whether a cached file may be served for ``recipe`` instead of a rebuild.

    A file damaged on disk is never served, nor one made from another recipe, nor
    one made when the catalog gave the system another period (the recipe's key
    names the sampling rule, ``pts_per_period``, not the period it multiplies:
    MackeyGlass's period changed from dysts' 5.96 to its measured 47.9).
    """
    from tsdyn.data import netcdf_safe
    from tsdyn.systems import get

    period = netcdf_safe({"period": get(recipe.system).period})["period"]
    return (
        ds.attrs.get("recipe_key") == recipe.key()
        and ds.attrs.get("sha256") == content_hash(ds)
        and str(ds.attrs.get("period")) == str(period)
    )


def _write(ds: xr.Dataset, path: Path) -> None:
    """Atomic netCDF write, gzip with byte shuffle (about 10 % smaller for chaotic float64)."""
    from tsdyn.io import write_netcdf

    write_netcdf(ds, path, encoding={"trajectory": {"zlib": True, "complevel": 6, "shuffle": True}})


def load(
    system: str,
    *,
    split: str = "train",
    granularity: str = "fine",
    univariate: bool = False,
    noise: float = 0.0,
    cache_dir: str | os.PathLike | None = None,
    **recipe: Any,
) -> xr.DataArray:
    """One benchmark series: built and cached on first use, read from the cache after.

    Parameters
    ----------
    system : str
        Catalog name.
    split : {"train", "test"}
    granularity : {"coarse", "fine"}
    univariate : bool
        Only the documented coordinate (``attrs["univariate_variable"]``):
        dims ``(time,)`` instead of ``(time, variable)``.
    noise : float
        One of the recipe's noise levels (default levels: 0, 0.05, 0.2).
    cache_dir : path, optional
        Cache root; default: the ``TSDYN_CACHE`` environment variable, else the user's cache folder.
    **recipe
        Other :class:`Recipe` fields (``n_train``, ``seed`` ...).

    Returns
    -------
    xarray.DataArray
        attrs: the recipe, the split, the noise level and ``sha256`` of this
        array (``dataset_sha256``: the whole file).

    See Also
    --------
    build_benchmark : A whole benchmark set.

    Examples
    --------
    >>> import tempfile
    >>> x = load("Lorenz", split="test", n_train=200, n_test=50, cache_dir=tempfile.mkdtemp())
    >>> x.dims, x.sizes["time"]
    (('time', 'variable'), 50)
    """
    check_choice(split, "split", SPLITS)
    rec = Recipe(system=system, granularity=granularity, **recipe)
    if float(noise) not in rec.noise:
        raise InputError(f"noise={noise!r} is not one of the recipe's levels {rec.noise}")
    ds = _read_or_build(rec, cache_dir)
    n = rec.n_train if split == "train" else rec.n_test
    da = ds["trajectory"].sel(split=split, noise=float(noise), drop=True).isel(time=slice(0, n))
    if univariate:
        da = da.sel(variable=ds.attrs["univariate_variable"], drop=True)
    attrs = {k: v for k, v in ds.attrs.items() if k != "sha256"}
    da.attrs = {**attrs, "split": split, "noise": float(noise), "dataset_sha256": ds.attrs["sha256"]}
    da = da.rename(f"{system}_{split}")
    da.attrs["sha256"] = content_hash(da)
    return da


def tasks(
    systems: Sequence[str],
    *,
    granularity: str = "fine",
    noise: float = 0.0,
    univariate: bool = False,
    context: int | None = None,
    cache_dir: str | os.PathLike | None = None,
    **recipe: Any,
) -> dict:
    """Forecasting tasks for :func:`tsdyn.forecast.evaluate.evaluate`, one per system.

    Each task trains on the system's train split and forecasts its test split
    after the first ``context`` samples (default: half of the test split),
    with the state variables averaged in the valid prediction time.

    >>> import tempfile
    >>> from tsdyn.forecast.baselines import naive
    >>> from tsdyn.forecast.evaluate import evaluate
    >>> ts = tasks(["Lorenz"], granularity="coarse", n_train=40, n_test=20, transient_periods=2.0,
    ...            cache_dir=tempfile.mkdtemp())
    >>> sorted(set(evaluate({"naive": naive}, ts).series))
    ['', 'variable=x0', 'variable=x1', 'variable=x2']
    """
    from tsdyn.forecast.evaluate import Task

    out = {}
    for name in systems:
        kw = {
            "granularity": granularity,
            "noise": noise,
            "univariate": univariate,
            "cache_dir": cache_dir,
            **recipe,
        }
        train = load(name, split="train", **kw)
        test = load(name, split="test", **kw)
        ctx = test.sizes["time"] // 2 if context is None else context
        out[name] = Task(train, test, context=ctx, variable_dim=None if univariate else "variable")
    return out


def recipes(
    systems: Sequence[str], granularities: Sequence[str] = tuple(GRANULARITIES), **recipe: Any
) -> list[Recipe]:
    """Every (system, granularity) recipe of a benchmark build."""
    return [Recipe(system=s, granularity=g, **recipe) for s in systems for g in granularities]


def _build_file(recipe: Recipe, path: Path) -> str:
    """Build one recipe into ``path`` unless a valid file for it is there; say which happened."""

    if _current(recipe, path):
        return "kept"
    _write(build(recipe), path)
    return "built"


def _current(recipe: Recipe, path: Path) -> bool:
    """Whether ``path`` holds a valid file for ``recipe`` (kept on resume)."""
    if not path.exists():
        return False
    try:
        with xr.open_dataset(path, engine="h5netcdf") as f:
            return _servable(f.load(), recipe)
    except (OSError, ValueError):
        return False  # unreadable: rebuilt


def _ship(job):
    """On the client, for workers that do not see ``out``: keep a valid file here, else build it over there."""
    from dataclasses import replace

    recipe, path = job.args
    return replace(job, func=_kept if _current(recipe, path) else _build_elsewhere)


def _kept(recipe: Recipe, path: Path) -> str:
    return "kept"  # checked on the client, which sees the file


def _build_elsewhere(recipe: Recipe, path: Path) -> dict:
    """On a worker: build into a folder of its own, the file's bytes packed into the value."""
    import tempfile

    from tsdyn._jobs import pack

    with tempfile.TemporaryDirectory(prefix="tsdyn-benchmark-") as tmp:
        where = Path(tmp) / path.name
        _write(build(recipe), where)
        return {"status": "built", "files": pack(where)}


def _land(job, value):
    """On the client: write a file that came back from a worker (whole or not at all)."""
    from tsdyn._jobs import unpack

    if isinstance(value, dict):
        unpack(value["files"], job.args[1])
        return value["status"]
    return value


def long_table(ds: xr.Dataset) -> pd.DataFrame:
    """The Parquet layout: one row per sample (system, granularity, split, noise, variable, time, value)."""
    from tsdyn.io.long import to_long

    df = to_long(ds["trajectory"], id_column=None)
    # both splits are stored at the longer length; keep each split's own samples
    n = {"train": int(ds.attrs["n_train"]), "test": int(ds.attrs["n_test"])}
    position = df.groupby(["split", "noise", "variable"], observed=True).cumcount()
    df = df[position < df.split.astype(str).map(n)].reset_index(drop=True)
    df.insert(0, "granularity", ds.attrs["granularity"])
    df.insert(0, "system", ds.attrs["system"])
    return df


def build_benchmark(
    out: str | os.PathLike,
    *,
    systems: Sequence[str] | None = None,
    granularities: Sequence[str] = tuple(GRANULARITIES),
    jobs: int = 1,
    scheduler: Any = None,
    progress: bool = False,
    fail_fast: bool = False,
    **recipe: Any,
) -> pd.DataFrame:
    """Build a benchmark set into ``out``: one netCDF per system and granularity, one Parquet table.

    Files already in ``out`` for the same recipe are kept, so an interrupted
    build resumes. A system that fails is recorded (``status="failed"`` with
    the message) and the others go on. Work is spread over ``jobs`` processes;
    each file's numbers depend only on its recipe, never on the order.
    ``systems`` defaults to every chaotic flow and map of the catalog
    (``tsdyn.systems.list(kind=..., chaotic=True)``: limit cycles and
    equilibria are left out); the other keywords are :class:`Recipe` fields.

    Parameters
    ----------
    out : path
        Output folder (created if needed).
    systems : sequence of str, optional
        Catalog names.
    granularities : sequence of {"coarse", "fine"}
        One file per system and granularity.
    jobs : int
        Worker processes.
    scheduler : str or distributed.Client, optional
        Build on a dask.distributed cluster instead: a scheduler address,
        ``"local"`` for a LocalCluster of ``jobs`` workers, or a Client.
        Workers that do not see ``out`` (checked first) build each file in a
        folder of their own and send it back to be written here
        (``attrs["files"]`` of the result says which).
    progress : bool
        Show a progress bar.
    fail_fast : bool
        Stop at the first failed system instead of recording it.
    **recipe
        Other :class:`Recipe` fields (``n_train``, ``noise``, ``seed`` ...).

    Returns
    -------
    pandas.DataFrame
        One row per file: system, granularity, status (built, kept, failed),
        path (relative to ``out``), message. Also written to ``out/manifest.csv``; the samples of
        every file are in ``out/benchmark.parquet``.

    See Also
    --------
    load : One series, built and cached on first use.
    Recipe : What decides the numbers.

    Examples
    --------
    >>> import tempfile
    >>> table = build_benchmark(tempfile.mkdtemp(), systems=["Lorenz"], granularities=["coarse"], n_train=100, n_test=20)
    >>> table[["system", "granularity", "status"]].to_dict("records")
    [{'system': 'Lorenz', 'granularity': 'coarse', 'status': 'built'}]
    """
    import pandas as pd

    from tsdyn._jobs import DaskBackend, Job, make_backend, progress_for, run_jobs
    from tsdyn.io import write_csv, write_parquet

    jobs = check_int(jobs, "jobs", minimum=1)
    if systems is None:
        from tsdyn import systems as catalog

        systems = catalog.list(kind="flow", chaotic=True) + catalog.list(kind="map", chaotic=True)
    todo = list(dict.fromkeys(recipes(list(systems), granularities, **recipe)))
    out = Path(out).absolute()  # workers of a cluster run in another working folder
    paths = {r: out / "netcdf" / f"{r.system}__{r.granularity}.nc" for r in todo}
    backend = make_backend(jobs, scheduler=scheduler)
    files = "local: this machine's processes write the files"
    with backend if isinstance(backend, DaskBackend) else contextlib.nullcontext():
        (out / "netcdf").mkdir(parents=True, exist_ok=True)
        if isinstance(backend, DaskBackend):
            if backend.file_access(out=out / "netcdf") == "shipped":
                backend.prepare, backend.land = _ship, _land
                files = f"shipped: the workers send each file back, written here ({backend.files_reason})"
            else:
                files = "shared: the dask workers write the files into out"
        results = run_jobs(
            [Job(key=paths[r].name, func=_build_file, args=(r, paths[r]), name=paths[r].stem) for r in todo],
            backend=backend, progress=progress_for(progress, "building"), fail_fast=fail_fast,
        )  # fmt: skip
    # a failure is recorded with its message, never raised: the others go on
    rows = {todo[r.index]: (r.value, "") if r.ok else ("failed", r.error) for r in results}
    manifest = pd.DataFrame(
        [
            {"system": r.system, "granularity": r.granularity, "status": rows[r][0],
             "path": paths[r].relative_to(out).as_posix(), "message": rows[r][1]}
            for r in todo if r in rows
        ]
    )  # fmt: skip
    tables = []
    for r in todo:
        if r in rows and rows[r][0] != "failed":
            with xr.open_dataset(paths[r], engine="h5netcdf") as f:
                tables.append(long_table(f.load()))
    if tables:
        table = pd.concat(tables, ignore_index=True)
        write_parquet(table, out / "benchmark.parquet", index=False, compression="zstd")
    write_csv(manifest, out / "manifest.csv")
    manifest.attrs["files"] = files
    return manifest
