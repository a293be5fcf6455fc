"""The batch runner: every measure set on every series of every CSV file.

:func:`analyze_files` is the Python side of ``tsdyn analyze``. Files are
processed independently (in this process, in worker processes, or on a
dask.distributed cluster) and each file's result is the same wherever it ran:
random draws use seeds derived from the run seed and the file and series
names (:func:`tsdyn.rng.seed_for_key`).

With ``out`` set, the run writes, atomically:

- ``summary.csv`` and ``summary.parquet``: one row per file x series x
  measure set, with every scalar result, the parameters (``param_*``) and the
  status; a file that cannot be read has one row with the reason;
- ``errors.csv``: the failed rows only;
- ``rolling/<file>.nc`` (or ``.zarr``): rolling outputs along time, per file;
- ``manifest.json``: inputs, parameters, tsdyn version, timings and status per file;
- ``journal.jsonl``: one line per finished file, appended as files finish.
  A rerun with the same ``out`` reuses the files whose path, size,
  modification time and parameters match a successful line (resume).

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.csv").write_text("t,x\\n0,1\\n1,3\\n2,2\\n3,5\\n")
>>> table = analyze_files([folder / "a.csv"], measures=["summary"])
>>> table[["series", "status", "n", "mean"]].values.tolist()
[['x', 'ok', 4, 2.75]]
"""

from __future__ import annotations

import datetime as _dt
import glob
import hashlib
import json
import os
import re
import time
import traceback
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tsdyn import __version__
from tsdyn._jobs import Job, JobResult, Journal, Outcome, iter_jobs, json_default, make_backend
from tsdyn.errors import InputError, check_choice, check_int
from tsdyn.io.csv import ReadOptions, SeriesError, read_series
from tsdyn.io.measures import DEFAULT_MEASURES, MeasureResult, get_measure, resolve_params
from tsdyn.io.report import describe_failure
from tsdyn.io.writers import atomic_path, write, write_csv, write_netcdf, write_parquet
from tsdyn.rng import seed_for_key

__all__ = ["BatchRun", "FileResult", "analyze_files", "expand_paths", "run_batch"]

CSV_NAME = re.compile(r"\.(csv|tsv|txt)(\.(gz|zst|zstd))?$", re.IGNORECASE)
ROLLING_FORMATS = ("nc", "zarr", "none")
ID_COLUMNS = ["file", "series", "measure_set", "status", "error"]
JOURNAL = "journal.jsonl"


def expand_paths(
    paths: Iterable[str | os.PathLike], *, exclude: str | os.PathLike | None = None
) -> list[Path]:
    """Files named by ``paths``: files as given, folders searched for CSV files, globs expanded.

    In folders, files named ``*.csv``, ``*.tsv`` or ``*.txt`` (optionally
    ``.gz``/``.zst``) are taken, hidden ones skipped, and nothing under
    ``exclude`` (the output folder). A path that matches nothing raises.

    >>> expand_paths(["/no/such/file.csv"])
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: no such file or folder: /no/such/file.csv
    """
    skip = Path(exclude).resolve() if exclude is not None else None
    found: dict[Path, None] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            hits = [
                f
                for f in sorted(p.rglob("*"))
                if f.is_file()
                and CSV_NAME.search(f.name)
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and (skip is None or not f.resolve().is_relative_to(skip))
            ]
        elif p.exists() or p.is_symlink():
            hits = [p]
        elif glob.has_magic(str(raw)):
            hits = [Path(f) for f in sorted(glob.glob(str(raw), recursive=True)) if Path(f).is_file()]
            if not hits:
                raise InputError(f"no file matches {str(raw)!r}")
        else:
            raise InputError(f"no such file or folder: {raw}")
        for f in hits:
            found.setdefault(f, None)
    if not found:
        raise InputError(f"no CSV files found in {', '.join(map(str, paths)) or 'no paths'}")
    return list(found)


def _label(path: Path) -> str:
    """The file's name in tables and seeds: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to process one file (picklable)."""

    path: str
    label: str
    key: str
    measures: tuple[str, ...]
    params: Mapping[str, Mapping[str, Any]]
    read: ReadOptions
    seed: int
    rolling_path: str | None


@dataclass
class FileResult:
    """One processed file: its summary rows and how it went."""

    file: str
    path: str
    key: str
    status: str  # "ok" or "failed"
    error: str = ""
    rows: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rolling: str | None = None
    traceback: str = ""
    resumed: bool = False


def _message(err: BaseException, task: Task) -> str:
    text = str(err).replace(task.path, task.label)
    return text if isinstance(err, InputError) else f"internal error: {type(err).__name__}: {text}"


def _param_columns(params: Mapping[str, Any]) -> dict[str, Any]:
    def cell(v):
        return v if v is None or isinstance(v, int | float | str | bool) else json.dumps(v)

    return {f"param_{k}": cell(v) for k, v in params.items()}


def _run_measure(task: Task, name: str, series, rolling: dict) -> dict:
    ms = get_measure(name)
    params = task.params[name]
    row = {"file": task.label, "series": series.name, "measure_set": name, "status": "ok", "error": ""}
    try:
        need = ms.min_length(params)
        n = int(np.count_nonzero(~np.isnan(series.values)))
        if n < need:
            raise InputError(
                f"series {series.name!r} is too short for {name}: needs at least {need} samples, got {n}"
            )
        seed = seed_for_key(task.seed, f"{task.label}::{series.name}::{name}")
        result = ms.compute(series, params, seed)
        if not isinstance(result, MeasureResult):
            result = MeasureResult(dict(result))
        row.update(result.scalars)
        if result.rolling is not None:
            for var in result.rolling.data_vars:
                rolling.setdefault(f"{name}_{var}", {})[series.name] = result.rolling[var]
    except Exception as err:  # recorded per series and measure; the batch goes on
        row.update(status="failed", error=_message(err, task))
        row["_traceback"] = "" if isinstance(err, InputError) else traceback.format_exc()
    row.update(_param_columns(params))
    return row


def _write_rolling(task: Task, rolling: dict) -> str | None:
    import xarray as xr

    if not rolling or task.rolling_path is None:
        return None
    variables = {}
    for var, per_series in rolling.items():
        names = list(per_series)
        first = per_series[names[0]]
        if all(da.sizes == first.sizes and da["time"].equals(first["time"]) for da in per_series.values()):
            # the common case (wide layout, one time axis): stack, no alignment needed
            values = np.stack([da.values for da in per_series.values()])
            variables[var] = xr.DataArray(
                values, dims=("variable", "time"), coords={"variable": names, "time": first["time"].values}
            )
        else:
            parts = [da.expand_dims(variable=[s]) for s, da in per_series.items()]
            variables[var] = xr.concat(parts, dim="variable", join="outer")
    ds = xr.Dataset(variables)
    ds["variable"] = ds["variable"].astype(str)
    ds.attrs.update(source=task.label, tsdyn_version=__version__)
    if task.rolling_path.endswith(".nc"):
        try:
            # netCDF3 (scipy) writes these small files ~8x faster than HDF5; what it cannot hold
            # (int64 times beyond int32, say) goes to netCDF4/HDF5 instead
            write_netcdf(ds, task.rolling_path, engine="scipy")
        except (ValueError, TypeError, OverflowError):
            write_netcdf(ds, task.rolling_path)
    else:
        write(ds, task.rolling_path)
    return task.rolling_path


def process_file(task: Task) -> FileResult:
    """Read one file and run every measure set on each of its series; never raises for bad input."""
    start = time.perf_counter()
    result = FileResult(task.label, task.path, task.key, "ok")
    rolling: dict = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # what users should see about their data; deprecations are for developers, not the summary
        for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
            warnings.simplefilter("ignore", category)
        try:
            for series in read_series(task.path, task.read):
                if isinstance(series, SeriesError):
                    for name in task.measures:
                        result.rows.append(
                            {
                                "file": task.label,
                                "series": series.series,
                                "measure_set": name,
                                "status": "failed",
                                "error": _message(series, task),
                                **_param_columns(task.params[name]),
                            }
                        )
                    continue
                for name in task.measures:
                    result.rows.append(_run_measure(task, name, series, rolling))
            result.rolling = _write_rolling(task, rolling)
        except Exception as err:  # the file as a whole failed: one row says why
            result.status, result.error = "failed", _message(err, task)
            if not isinstance(err, InputError):
                result.traceback = traceback.format_exc()
            result.rows = [
                {
                    "file": task.label,
                    "series": "",
                    "measure_set": "",
                    "status": "failed",
                    "error": result.error,
                }
            ]
    result.warnings = list(dict.fromkeys(str(w.message).replace(task.path, task.label) for w in caught))
    for row in result.rows:
        tb = row.pop("_traceback", "")
        if tb and not result.traceback:
            result.traceback = tb
    failed = [row for row in result.rows if row["status"] != "ok"]
    if failed and result.status == "ok":
        result.status = "failed"
        result.error = "; ".join(sorted({row["error"] for row in failed}))
    if result.warnings:
        for row in result.rows:
            row["warnings"] = " | ".join(result.warnings)
    result.seconds = time.perf_counter() - start
    return result


def _resume_key(path: Path, fingerprint: str) -> str:
    st = path.stat() if path.exists() else None
    ident = [str(path.absolute()), st.st_size if st else -1, st.st_mtime_ns if st else -1, fingerprint]
    return hashlib.sha256(json.dumps(ident).encode()).hexdigest()[:32]


def _file_result(task: Task, job: JobResult) -> FileResult:
    """The job's FileResult, or one that says why the job gave none."""
    if job.ok:
        job.value.resumed = job.resumed
        return job.value
    if job.crashed:
        reason = (
            f"the worker process died while processing this file ({job.tries} tries): killed, out of memory, "
            "or a crash in compiled code"
        )
    else:
        reason = f"internal error: {job.error}"
    row = {"file": task.label, "series": "", "measure_set": "", "status": "failed", "error": reason}
    return FileResult(task.label, task.path, task.key, "failed", reason, [row], traceback=job.traceback)


@dataclass
class BatchRun:
    """The outcome of :func:`run_batch`."""

    summary: pd.DataFrame
    errors: pd.DataFrame
    manifest: dict
    results: list[FileResult]
    interrupted: bool = False

    @property
    def failed(self) -> int:
        return sum(r.status != "ok" for r in self.results)


def _summary_frame(results: Sequence[FileResult]) -> pd.DataFrame:
    rows = [row for r in results for row in r.rows]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=ID_COLUMNS)
    rest = [c for c in frame.columns if c not in ID_COLUMNS]
    params = [c for c in rest if c.startswith("param_")]
    extra = [c for c in rest if c == "warnings"]
    values = [c for c in rest if c not in params and c not in extra]
    frame = frame[ID_COLUMNS + values + params + extra]
    frame["series"] = frame["series"].astype(str)
    for c in values + params:
        # counts stay integers even where other rows leave the cell empty (pandas would make them floats)
        present = [row[c] for row in rows if row.get(c) is not None]
        if present and all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in present):
            frame[c] = frame[c].astype("Int64")
    return frame


def _fingerprint(measures, params, read, seed) -> str:
    spec = {"measures": list(measures), "params": params, "read": read, "seed": seed, "version": __version__}
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


def _rolling_name(label: str, fmt: str) -> str:
    stem = re.sub(r"\.(csv|tsv|txt)(\.(gz|zst|zstd))?$", "", label, flags=re.IGNORECASE)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem.lstrip("/")).strip("_") or "file"
    return f"{stem}.{fmt}"


def run_batch(
    paths: Iterable[str | os.PathLike],
    *,
    out: str | os.PathLike | None = None,
    measures: Sequence[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    read: ReadOptions | Mapping[str, Any] | None = None,
    seed: int = 0,
    jobs: int = 1,
    scheduler: Any = None,
    fail_fast: bool = False,
    resume: bool = True,
    rolling: str = "nc",
    progress: Any = None,
) -> BatchRun:
    """Run the batch and return the summary, errors, manifest and per-file results.

    Parameters are those of :func:`analyze_files`; ``progress`` a
    :class:`tsdyn._jobs.Progress` (:func:`tsdyn.io.report.make_progress`) or None.
    Usage errors (unknown measure set or parameter, no input files, bad
    options) raise :class:`~tsdyn.errors.InputError` before any work starts.
    On KeyboardInterrupt the outputs of the finished files are written, then
    the interrupt propagates.
    """
    measures = tuple(measures or DEFAULT_MEASURES)
    if not measures:
        raise InputError("no measure set chosen")
    resolved = resolve_params(measures, params)
    read = ReadOptions.of(read)
    seed = check_int(seed, "seed", minimum=0)
    jobs = check_int(jobs, "jobs", minimum=1)
    check_choice(rolling, "rolling", ROLLING_FORMATS)
    out = Path(out) if out is not None else None
    files = expand_paths(paths, exclude=out)
    fingerprint = _fingerprint(measures, resolved, read.given(), seed)
    tasks, labels = [], set()
    for f in files:
        label = _label(f)
        if label in labels:
            continue
        labels.add(label)
        rolling_path = None
        if out is not None and rolling != "none":
            rolling_path = str(out / "rolling" / _rolling_name(label, rolling))
        tasks.append(
            Task(str(f), label, _resume_key(f, fingerprint), measures, resolved, read, seed, rolling_path)
        )
    journal = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        journal = Journal(
            out / JOURNAL, resume=resume, encode=asdict, decode=lambda record: FileResult(**record),
            keep=lambda job: job.ok and job.value.status == "ok",
        )  # fmt: skip

    def describe(job: JobResult) -> Outcome:
        result = _file_result(tasks[job.index], job)
        return Outcome(result.file, result.status == "ok", describe_failure(result))

    started = time.time()
    results: dict[int, FileResult] = {}
    interrupted = False
    runner = iter_jobs(
        [Job(key=t.key, func=process_file, args=(t,), name=t.label) for t in tasks],
        backend=make_backend(jobs, scheduler=scheduler), journal=journal, progress=progress,
        fail_fast=fail_fast, describe=describe,
    )  # fmt: skip
    try:
        for job in runner:
            results[job.index] = _file_result(tasks[job.index], job)
        interrupted = fail_fast and any(r.status != "ok" for r in results.values())
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        runner.close()
        ordered = [results[i] for i in sorted(results)]
        run = _finish(
            ordered, tasks, out, measures, resolved, read, seed, jobs, scheduler, started, interrupted
        )
    return run


def _finish(
    results, tasks, out, measures, params, read, seed, jobs, scheduler, started, interrupted
) -> BatchRun:
    summary = _summary_frame(results)
    errors = summary[summary["status"] != "ok"][["file", "series", "measure_set", "error"]].reset_index(
        drop=True
    )
    counts = {
        "files": len(tasks),
        "done": len(results),
        "ok": sum(r.status == "ok" for r in results),
        "failed": sum(r.status != "ok" for r in results),
        "resumed": sum(r.resumed for r in results),
        "not_run": len(tasks) - len(results),
    }
    manifest = {
        "tsdyn_version": __version__,
        "finished_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(time.time() - started, 3),
        "complete": not interrupted and counts["not_run"] == 0,
        "measures": list(measures),
        "params": params,
        "read": read.given(),
        "seed": seed,
        "jobs": jobs,
        "scheduler": None
        if scheduler is None
        else str(scheduler if isinstance(scheduler, str) else "client"),
        "counts": counts,
        "files": [
            {
                "file": r.file,
                "path": r.path,
                "status": r.status,
                "error": r.error,
                "seconds": round(r.seconds, 4),
                "resumed": r.resumed,
                "rolling": os.path.relpath(r.rolling, out) if r.rolling and out is not None else None,
                "warnings": r.warnings,
                "traceback": r.traceback,
            }
            for r in results
        ],
        "not_run": [t.label for t in tasks if t.label not in {r.file for r in results}],
    }
    if out is not None:
        write_csv(summary, out / "summary.csv")
        write_parquet(_parquet_safe(summary), out / "summary.parquet", index=False)
        write_csv(errors, out / "errors.csv")
        with atomic_path(out / "manifest.json") as tmp:
            tmp.write_text(json.dumps(manifest, indent=2, default=json_default) + "\n", encoding="utf-8")
    return BatchRun(summary, errors, manifest, list(results), interrupted)


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Parquet needs one type per column: mixed object columns become strings."""
    frame = frame.copy()
    for c in frame.columns:
        if frame[c].dtype == object and c not in ID_COLUMNS:
            kinds = {type(v) for v in frame[c].dropna()}
            if len(kinds) > 1 or kinds - {str}:
                frame[c] = frame[c].map(
                    lambda v: v if v is None or isinstance(v, float) and np.isnan(v) else str(v)
                )
    return frame


def analyze_files(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    out: str | os.PathLike | None = None,
    measures: Sequence[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    read: ReadOptions | Mapping[str, Any] | None = None,
    seed: int = 0,
    jobs: int = 1,
    scheduler: Any = None,
    fail_fast: bool = False,
    resume: bool = True,
    rolling: str = "nc",
    progress: Any = None,
) -> pd.DataFrame:
    """Run measure sets on every series of every CSV file; return the summary table.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, folders (searched recursively for ``*.csv``, ``*.tsv``,
        ``*.txt``, optionally ``.gz``/``.zst``) or glob patterns.
    out : path, optional
        Output folder for the summary (CSV, Parquet), errors, rolling outputs,
        manifest and journal. Without it nothing is written.
    measures : sequence of str, optional
        Measure sets to run (see :mod:`tsdyn.io.measures`); default
        :data:`~tsdyn.io.measures.DEFAULT_MEASURES`.
    params : mapping, optional
        Parameters per measure set, e.g. ``{"ordinal": {"m": 4}}``.
    read : ReadOptions or mapping, optional
        How files are read (:class:`tsdyn.io.ReadOptions`: ``nan_policy``, ``time``, ``layout`` …).
    seed : int
        Run seed; each file, series and measure set gets its own child seed.
    jobs : int
        Worker processes (1: in this process).
    scheduler : str or distributed.Client, optional
        A dask.distributed scheduler address, ``"local"`` for a LocalCluster
        of ``jobs`` workers, or a Client.
    fail_fast : bool
        Stop at the first failed file.
    resume : bool
        Reuse finished files recorded in ``out`` (False: start afresh).
    rolling : {"nc", "zarr", "none"}
        Format of the per-file rolling outputs.

    Returns
    -------
    pandas.DataFrame
        One row per file x series x measure set: ``file, series,
        measure_set, status, error``, the scalar results, ``param_*``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "good.csv").write_text("t,x\\n0,1\\n1,2\\n2,4\\n")
    >>> _ = (folder / "bad.csv").write_text("t,x\\n0,1\\n1,oops\\n")
    >>> table = analyze_files(folder, measures=["summary"])
    >>> table[["series", "status"]].values.tolist()
    [['', 'failed'], ['x', 'ok']]
    >>> "non-numeric value 'oops' at line 3" in table.loc[0, "error"]
    True
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    return run_batch(
        paths,
        out=out,
        measures=measures,
        params=params,
        read=read,
        seed=seed,
        jobs=jobs,
        scheduler=scheduler,
        fail_fast=fail_fast,
        resume=resume,
        rolling=rolling,
        progress=progress,
    ).summary
