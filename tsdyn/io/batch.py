"""The batch runner: every measure set on every series of every CSV file.

:func:`analyze_files` is the Python side of ``tsdyn analyze``. Files are
processed independently (in this process, in worker processes, or on a
dask.distributed cluster) and each file's result is the same wherever it ran:
random draws use seeds derived from the run seed and the file and series
names (:func:`tsdyn.rng.seed_for_key`).

With ``out`` set, the run writes, atomically (docs/batch.md has the details):

- ``summary.csv`` and ``summary.parquet``: one row per file x series, the
  scalar results as ``<measure set>_<result>`` columns and the status; a file
  that cannot be read has one row with the reason;
- ``columns.csv``: every column of the summary with its unit and description;
- ``errors.csv``: one row per failure (file, series, measure set, reason);
- ``rolling/<file path>.nc`` (or ``.zarr``): the rolling outputs along time
  of each file, with every parameter in their attrs;
- ``manifest.json``: the parameters, inputs, skipped folders, tsdyn version,
  timings, and per file its status and rolling output;
- ``report.html`` with ``report=True``;
- ``.tsdyn/journal.jsonl`` (one line per finished file: a rerun with the
  same ``out`` reuses the files whose path, size, modification time and
  parameters match a successful line) and ``.tsdyn/lock`` (one run at a time).

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.csv").write_text("t,x\\n0,1\\n1,3\\n2,2\\n3,5\\n")
>>> table = analyze_files([folder / "a.csv"], measures=["summary"])
>>> table[["series", "status", "summary_n", "summary_mean"]].values.tolist()
[['x', 'ok', 4, 2.75]]
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import glob
import hashlib
import json
import os
import re
import shutil
import stat
import time
import traceback
import urllib.parse
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tsdyn import __version__
from tsdyn._jobs import (
    DaskBackend,
    FolderLock,
    Interrupted,
    Job,
    JobResult,
    Journal,
    Outcome,
    StopSignals,
    iter_jobs,
    json_default,
    make_backend,
    pack,
    unpack,
)
from tsdyn.errors import InputError, check_choice, check_int
from tsdyn.io.csv import ReadOptions, SeriesError, read_series
from tsdyn.io.measures import DEFAULT_MEASURES, MeasureResult, get_measure, resolve_params
from tsdyn.io.report import column_table, describe_failure, write_report
from tsdyn.io.writers import atomic_path, write, write_csv, write_netcdf, write_parquet
from tsdyn.rng import seed_for_key

__all__ = ["BatchRun", "FileResult", "analyze_files", "expand_paths", "run_batch"]

CSV_NAME = re.compile(r"\.(csv|tsv|txt)(\.(gz|zst|zstd))?$", re.IGNORECASE)
ROLLING_FORMATS = ("nc", "zarr", "none")
#: Version of the output folder's layout, in manifest.json; layout 1 (no "layout" key) kept the
#: journal beside the results and one summary row per measure set.
LAYOUT = 2
ID_COLUMNS = ["file", "series", "status", "error"]
ERROR_COLUMNS = ["file", "series", "measure_set", "error"]
INTERNAL = ".tsdyn"  # the run's own files: journal and lock
JOURNAL = f"{INTERNAL}/journal.jsonl"
LOCK = f"{INTERNAL}/lock"


# --- finding the inputs --------------------------------------------------------------------


@dataclass
class Discovery:
    """The inputs a run found: files to read, entries that cannot be read, folders left out."""

    files: list[Path] = field(default_factory=list)
    problems: dict[Path, str] = field(default_factory=dict)  # path -> why; reported as failed inputs
    skipped: list[str] = field(default_factory=list)  # what was left out and why (told to the user)


def is_output_folder(folder: Path) -> bool:
    """Whether ``folder`` holds results of a tsdyn run (its ``.tsdyn`` folder or manifest says so)."""
    if (folder / INTERNAL).is_dir():
        return True
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "tsdyn_version" in manifest


def _unreadable(path: Path, err: OSError) -> str:
    """Why ``path`` cannot be opened, in words (symlink loops and broken links named as such)."""
    if path.is_symlink():
        target = os.readlink(path)
        if err.errno == errno.ELOOP:
            return f"{path} is a symlink loop ({path.name} -> {target} leads back to itself)"
        if err.errno == errno.ENOENT:
            return f"{path} is a broken symlink (-> {target}: no such file)"
    if err.errno == errno.EACCES:
        return f"{path} cannot be read: permission denied"
    return f"{path} cannot be read: {err.strerror or err}"


def _check_entry(path: Path, found: Discovery) -> None:
    """Add a file to ``found``; one that cannot be opened is kept too, with the reason."""
    found.files.append(path)
    try:
        st = path.stat()
    except OSError as err:
        found.problems[path] = _unreadable(path, err)
        return
    if not stat.S_ISREG(st.st_mode):
        found.problems[path] = f"{path} is not a regular file"


def _walk(root: Path, out: Path | None, found: Discovery) -> None:
    """CSV files under ``root``: hidden entries skipped, symlinked folders followed, loops reported."""
    hits: list[Path] = []
    problems: dict[Path, str] = {}

    def refused(err: OSError) -> None:
        where = Path(err.filename) if err.filename else root
        problems[where] = f"{where} cannot be listed: {err.strerror or err}"

    visited: dict[tuple[int, int], Path] = {}
    for dirpath, dirnames, filenames in os.walk(root, onerror=refused, followlinks=True):
        here = Path(dirpath)
        st = os.stat(here)
        visited[(st.st_dev, st.st_ino)] = here
        keep = []
        for name in sorted(dirnames):
            sub = here / name
            if name.startswith("."):
                continue
            try:
                sst = sub.stat()
            except OSError as err:
                problems[sub] = _unreadable(sub, err)
                continue
            earlier = visited.get((sst.st_dev, sst.st_ino))
            if earlier is not None and (earlier == here or earlier in here.parents):
                problems[sub] = f"{sub} is a symlink loop (it leads back to {earlier})"
            elif out is not None and sub.resolve() == out:
                found.skipped.append(f"{sub}: the output folder of this run")
            elif is_output_folder(sub):
                found.skipped.append(f"{sub}: results of an earlier tsdyn run")
            elif earlier is not None:
                found.skipped.append(f"{sub}: the same folder as {earlier}, searched once")
            else:
                keep.append(name)
        dirnames[:] = keep
        hits.extend(here / name for name in filenames if not name.startswith(".") and CSV_NAME.search(name))
    for path in sorted({*hits, *problems}, key=lambda f: f.relative_to(root).parts):
        if path in problems:
            found.files.append(path)
            found.problems[path] = problems[path]
        else:
            _check_entry(path, found)


def _in_output_folder(path: Path, base: Path) -> Path | None:
    """The tsdyn output folder between ``base`` and ``path``, if any."""
    for parent in path.parents:
        if parent == base or base not in parent.parents:
            return None
        if is_output_folder(parent):
            return parent
    return None


def discover(paths: Iterable[str | os.PathLike], *, out: str | os.PathLike | None = None) -> Discovery:
    """Files named by ``paths`` (see :func:`expand_paths`), the entries that cannot be read, what was skipped."""
    out = Path(out).resolve() if out is not None else None
    found = Discovery()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if out is not None and p.resolve() == out:
                found.skipped.append(f"{p}: the output folder of this run")
            elif is_output_folder(p):
                found.skipped.append(f"{p}: results of an earlier tsdyn run")
            else:
                _walk(p, out, found)
        elif p.exists() or p.is_symlink():
            _check_entry(p, found)
        elif glob.has_magic(str(raw)):
            static = []
            for part in p.parts:
                if glob.has_magic(part):
                    break
                static.append(part)
            base = Path(*static) if static else Path(".")
            hits = [Path(f) for f in sorted(glob.glob(str(raw), recursive=True)) if not Path(f).is_dir()]
            if not hits:
                raise InputError(f"no file matches {str(raw)!r}")
            for f in hits:
                holder = _in_output_folder(f, base)
                if holder is not None or (out is not None and out in f.resolve().parents):
                    found.skipped.append(f"{f}: inside the results of a tsdyn run ({holder or out})")
                else:
                    _check_entry(f, found)
        else:
            raise InputError(f"no such file or folder: {raw}")
    found.files = list(dict.fromkeys(found.files))
    found.skipped = list(dict.fromkeys(found.skipped))
    if not found.files:
        where = ", ".join(map(str, paths)) or "no paths"
        also = f" (skipped {'; '.join(found.skipped)})" if found.skipped else ""
        raise InputError(f"no CSV files found in {where}{also}")
    return found


def expand_paths(
    paths: Iterable[str | os.PathLike], *, exclude: str | os.PathLike | None = None
) -> list[Path]:
    """Files named by ``paths``: files as given, folders searched for CSV files, globs expanded.

    In folders, files named ``*.csv``, ``*.tsv`` or ``*.txt`` (optionally
    ``.gz``/``.zst``) are taken, hidden ones skipped, symlinked folders
    followed, and nothing under ``exclude`` (the output folder) or under the
    results of any earlier tsdyn run (a folder with a tsdyn ``manifest.json``).
    Entries that cannot be read (symlink loops, broken links, folders that
    cannot be listed) are listed too: reading them fails with the reason. A
    path that matches nothing raises.

    >>> expand_paths(["/no/such/file.csv"])
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: no such file or folder: /no/such/file.csv
    """
    return discover(paths, out=exclude).files


def _label(path: Path) -> str:
    """The file's name in tables and seeds: relative to the working folder when inside it."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def _escape(part: str) -> str:
    # percent-encoding is one-to-one ("%" itself is encoded); "~" is kept free for the hash below
    text = urllib.parse.quote(part, safe="").replace("~", "%7E")
    if len(text) > 150:  # file systems cap a name at 255 bytes
        text = f"{text[:120]}~{hashlib.sha256(part.encode()).hexdigest()[:12]}"
    return text


def output_names(labels: Sequence[str], suffix: str) -> dict[str, str]:
    """A relative output path per file label that no other label gets.

    The label's folders become folders, each part percent-encoded (so
    ``a b.csv`` and ``a_b.csv`` stay apart, and the input's extension stays in
    the name: ``twin.csv.nc``, ``twin.tsv.nc``); an absolute label starts
    with ``%2F``. Names that differ only in case (which a case-insensitive file
    system would merge) and over-long names get a short hash of the label.

    >>> names = output_names(["data/a b.csv", "data/a_b.csv", "/abs/A.csv", "/abs/a.csv"], ".nc")
    >>> for label, name in names.items():
    ...     print(label, "->", name)
    data/a b.csv -> data/a%20b.csv.nc
    data/a_b.csv -> data/a_b.csv.nc
    /abs/A.csv -> %2F/abs/A.csv.nc
    /abs/a.csv -> %2F/abs/a.csv~63e3c457.nc
    """
    names: dict[str, str] = {}
    taken: set[str] = set()
    for label in labels:
        parts = label.split("/")
        name = "/".join("%2F" if not part and i == 0 else _escape(part) for i, part in enumerate(parts))
        if name.lower() + suffix in taken:
            name = f"{name}~{hashlib.sha256(label.encode()).hexdigest()[:8]}"
        taken.add(name.lower() + suffix)
        names[label] = name + suffix
    return names


# --- one file ------------------------------------------------------------------------------


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
    problem: str = ""  # why the entry cannot be read at all (found while searching the inputs)
    attrs: Mapping[str, Any] = field(default_factory=dict)  # written into the rolling output
    content: bytes | None = None  # the file's bytes, shipped to a worker that does not see ``path``
    source: str = ""  # where this process reads the file, if not at ``path`` (a shipped file's copy)


@dataclass
class FileResult:
    """One processed file: its summary rows (one per series), its failures, and how it went."""

    file: str
    path: str
    key: str
    status: str  # "ok" or "failed"
    error: str = ""
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # file, series, measure_set, error
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    rolling: str | None = None
    traceback: str = ""
    resumed: bool = False
    shipped: dict[str, bytes] | None = None  # the rolling output, back from a worker that cannot write it


def _clean(text: str, task: Task) -> str:
    """``text`` with the file's path (or its shipped copy's) replaced by its label."""
    return text.replace(task.source or task.path, task.label)


def _message(err: BaseException, task: Task) -> str:
    text = _clean(str(err), task)
    return text if isinstance(err, InputError) else f"internal error: {type(err).__name__}: {text}"


def column_name(measure_set: str, scalar: str) -> str:
    """The summary column of one result: the measure set as a prefix (``ordinal_permutation_entropy``)."""
    return f"{measure_set}_{scalar}"


def _run_measure(task: Task, name: str, series, rolling: dict) -> tuple[dict, str, str]:
    """``(columns, error, traceback)`` of one measure set on one series."""
    ms = get_measure(name)
    params = task.params[name]
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
        if result.rolling is not None:
            for var in result.rolling.data_vars:
                rolling.setdefault(column_name(name, str(var)), {})[series.name] = result.rolling[var]
    except Exception as err:  # recorded per series and measure; the batch goes on
        tb = "" if isinstance(err, InputError) else traceback.format_exc()
        return {}, _message(err, task), tb
    return {column_name(name, k): v for k, v in result.scalars.items()}, "", ""


def _remove_output(task: Task) -> None:
    """Remove the rolling output an earlier run left under this file's name (else read as this run's)."""
    if task.rolling_path is not None:
        path = Path(task.rolling_path)
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _write_rolling(task: Task, rolling: dict) -> str | None:
    import xarray as xr

    if task.rolling_path is None:
        return None
    if not rolling:
        _remove_output(task)
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
        measure_set = next(m for m in task.measures if var.startswith(f"{m}_"))
        attrs = {k: v for k, v in first.attrs.items() if isinstance(v, str | int | float)}
        attrs.update(measure_set=measure_set, parameters=json.dumps(task.params[measure_set], default=str))
        variables[var].attrs = attrs
    ds = xr.Dataset(variables)
    ds["variable"] = ds["variable"].astype(str)
    ds.attrs.update(task.attrs)
    ds.attrs.update(source=task.label, source_path=task.path)
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


def _failed_file(task: Task, reason: str, tb: str = "") -> FileResult:
    row = {"file": task.label, "series": "", "status": "failed", "error": reason}
    error = {"file": task.label, "series": "", "measure_set": "", "error": reason}
    return FileResult(task.label, task.path, task.key, "failed", reason, [row], [error], traceback=tb)


def process_file(task: Task) -> FileResult:
    """Read one file and run every measure set on each of its series; never raises for bad input."""
    if task.content is not None:
        return _process_shipped(task)
    start = time.perf_counter()
    result = FileResult(task.label, task.path, task.key, "ok")
    rolling: dict = {}
    tracebacks = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # what users should see about their data; deprecations are for developers, not the summary
        for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
            warnings.simplefilter("ignore", category)
        try:
            if task.problem:
                raise InputError(task.problem)
            for series in read_series(task.source or task.path, task.read):
                name = series.series if isinstance(series, SeriesError) else series.name
                row = {"file": task.label, "series": name, "status": "ok", "error": ""}
                if isinstance(series, SeriesError):
                    failures = [("", _message(series, task))]
                else:
                    failures = []
                    for measure_set in task.measures:
                        columns, error, tb = _run_measure(task, measure_set, series, rolling)
                        row.update(columns)
                        if error:
                            failures.append((measure_set, error))
                            tracebacks.append(tb)
                if failures:
                    row["status"] = "failed"
                    row["error"] = "; ".join(f"{m}: {e}" if m else e for m, e in failures)
                    result.errors.extend(
                        {"file": task.label, "series": name, "measure_set": m, "error": e}
                        for m, e in failures
                    )
                result.rows.append(row)
            result.rolling = _write_rolling(task, rolling)
        except Exception as err:  # the file as a whole failed: one row says why
            tb = "" if isinstance(err, InputError) else traceback.format_exc()
            result = _failed_file(task, _message(err, task), tb)
            _remove_output(task)
    result.warnings = list(dict.fromkeys(_clean(str(w.message), task) for w in caught))
    result.traceback = result.traceback or next((tb for tb in tracebacks if tb), "")
    if result.errors and result.status == "ok":
        result.status = "failed"
        result.error = "; ".join(sorted({e["error"] for e in result.errors}))
    if result.warnings:
        for row in result.rows:
            row["warnings"] = " | ".join(result.warnings)
    result.seconds = time.perf_counter() - start
    return result


def _process_shipped(task: Task) -> FileResult:
    """:func:`process_file` on a worker that does not see the client's files.

    The bytes came with the task: they are read from a private temporary
    copy, and the rolling output is written beside it and sent back in the
    result (:attr:`FileResult.shipped`) for the client to write into its
    ``out`` (:func:`_land`). Results are those of a run on the client.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tsdyn-shipped-") as tmp:
        # the same name: compression is told by the bytes, but messages may show the suffix
        copy = Path(tmp) / "in" / Path(task.path).name
        copy.parent.mkdir()
        copy.write_bytes(task.content or b"")
        rolling = None if task.rolling_path is None else str(Path(tmp) / "out" / Path(task.rolling_path).name)
        if rolling is not None:
            Path(rolling).parent.mkdir()
        result = process_file(replace(task, content=None, source=str(copy), rolling_path=rolling))
        if result.rolling is not None:
            result.shipped, result.rolling = pack(result.rolling), task.rolling_path
    return result


def _ship(job: Job) -> Job:
    """On the client: the job with its file's bytes (a file that cannot be read fails on the worker, named)."""
    (task,) = job.args
    if task.problem:
        return job
    try:
        content = Path(task.path).read_bytes()
    except OSError as err:
        return replace(job, args=(replace(task, problem=_unreadable(Path(task.path), err)),))
    return replace(job, args=(replace(task, content=content),))


def _land(job: Job, result: FileResult) -> FileResult:
    """On the client: write the rolling output a shipped file's result carries into ``out``."""
    (task,) = job.args
    if result.shipped is not None:
        if task.rolling_path is None:
            raise InputError(f"{task.label}: a rolling output came back for a run that writes none")
        unpack(result.shipped, task.rolling_path)
        result.shipped = None
    else:
        _remove_output(task)  # none came back: an earlier run's must not pass for this one's
    return result


def _resume_key(path: Path, fingerprint: str, rolling: str | None) -> str:
    try:
        st = path.stat()
        size, mtime = st.st_size, st.st_mtime_ns
    except OSError:
        size = mtime = -1
    ident = [str(path.absolute()), size, mtime, fingerprint, rolling]
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
    return _failed_file(task, reason, job.traceback)


# --- the run -------------------------------------------------------------------------------


@dataclass
class BatchRun:
    """The outcome of :func:`run_batch`."""

    summary: pd.DataFrame
    errors: pd.DataFrame
    manifest: dict
    results: list[FileResult]
    interrupted: bool = False
    columns: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def failed(self) -> int:
        return sum(r.status != "ok" for r in self.results)

    @property
    def skipped(self) -> list[str]:
        """Input folders left out (earlier results), with the reason."""
        return list(self.manifest.get("skipped", []))


def _measure_of(column: str, measures: Sequence[str]) -> str:
    """The measure set a summary column belongs to (the longest matching prefix)."""
    return max((m for m in measures if column.startswith(f"{m}_")), key=len, default="")


def _summary_frame(results: Sequence[FileResult], measures: Sequence[str]) -> pd.DataFrame:
    rows = [row for r in results for row in r.rows]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=ID_COLUMNS)
    order = {m: i for i, m in enumerate(measures)}
    values = [c for c in frame.columns if c not in ID_COLUMNS and c != "warnings"]
    # grouped by measure set in run order (pandas orders by first appearance, which a failed file shuffles)
    values.sort(key=lambda c: order.get(_measure_of(c, measures), len(order)))
    # no all-empty column: a result no series produced is left out (columns.csv lists what is there)
    values = [c for c in values if frame[c].notna().any()]
    extra = ["warnings"] if "warnings" in frame.columns else []
    frame = frame[ID_COLUMNS + values + extra]
    frame["series"] = frame["series"].astype(str)
    for c in values:
        present = [row[c] for row in rows if row.get(c) is not None]
        if present and all(isinstance(v, bool | np.bool_) for v in present):
            frame[c] = frame[c].astype("boolean")
        elif present and all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in present):
            # counts stay integers even where other rows leave the cell empty (pandas would make them floats)
            frame[c] = frame[c].astype("Int64")
    return frame


def _error_frame(results: Sequence[FileResult]) -> pd.DataFrame:
    return pd.DataFrame([e for r in results for e in r.errors], columns=ERROR_COLUMNS)


def _fingerprint(measures, params, read, seed) -> str:
    spec = {"measures": list(measures), "params": params, "read": read, "seed": seed, "version": __version__}
    return hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()


def _check_out(out: Path) -> None:
    """``out`` must be a folder this version can write into (and resume from)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"out: {out} exists and is not a folder")
    manifest = out / "manifest.json"
    old = (out / "journal.jsonl").exists()
    if not old and manifest.exists():
        try:
            old = "layout" not in json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            old = False
    if old:
        raise InputError(
            f"{out} holds results of an older tsdyn (one summary row per measure set, journal.jsonl "
            "beside the results) that this version cannot resume: choose another output folder, or "
            f"delete {out} to start afresh"
        )


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
    wait: bool = False,
    report: bool = False,
) -> BatchRun:
    """Run the batch and return the summary, errors, manifest and per-file results.

    Usage errors (unknown measure set or parameter, no input files, bad
    options, an output folder in use by another run) raise
    :class:`~tsdyn.errors.InputError` before any work starts. On SIGINT or
    SIGTERM (``tsdyn._jobs.Interrupted``, a KeyboardInterrupt) the
    outputs of the finished files are written, then the interrupt propagates.

    Parameters
    ----------
    paths : iterable of paths
        Files, folders or glob patterns, as for :func:`analyze_files`.
    out, measures, params, read, seed, jobs, scheduler, fail_fast, resume, rolling, wait, report
        As for :func:`analyze_files`.
    progress : object, optional
        What reports the progress: the ``tsdyn analyze`` command's bar (a line
        per file off a terminal), or None for nothing.

    Returns
    -------
    BatchRun
        ``summary`` (the table :func:`analyze_files` returns), ``errors``
        (one row per failure), ``manifest`` (settings, versions, timings),
        ``results`` (one record per file), ``interrupted``, ``columns`` (what
        each summary column means), and ``failed``, the count of files that
        did not succeed.

    See Also
    --------
    analyze_files : The summary table alone.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_text("t,x\\n0,1\\n1,2\\n2,4\\n")
    >>> run = run_batch([folder], measures=["summary"])
    >>> run.failed, run.summary[["series", "status"]].values.tolist()
    (0, [['x', 'ok']])
    """
    measures = tuple(measures or DEFAULT_MEASURES)
    if not measures:
        raise InputError("no measure set chosen")
    resolved = resolve_params(measures, params)
    read = ReadOptions.of(read)
    seed = check_int(seed, "seed", minimum=0)
    jobs = check_int(jobs, "jobs", minimum=1)
    check_choice(rolling, "rolling", ROLLING_FORMATS)
    # absolute on the client: workers of a cluster run elsewhere, in another working folder
    out = Path(out).absolute() if out is not None else None
    if out is not None:
        _check_out(out)
    if report:
        if out is None:
            raise InputError("report=True writes report.html into out: give an output folder")
        import importlib.util

        if importlib.util.find_spec("matplotlib") is None:
            raise InputError("the HTML report draws figures with matplotlib: pip install 'tsdyn[plot]'")
    found = discover(paths, out=out)
    fingerprint = _fingerprint(measures, resolved, read.given(), seed)
    labels = list(dict.fromkeys(_label(f) for f in found.files))
    names = output_names(labels, f".{rolling}") if out is not None and rolling != "none" else {}
    attrs = {
        "tsdyn_version": __version__,
        "seed": seed,
        "measures": json.dumps(list(measures)),
        "read": json.dumps(read.given(), default=str),
    }
    tasks, seen = [], set()
    for f in found.files:
        label = _label(f)
        if label in seen:
            continue
        seen.add(label)
        rolling_path = str(out / "rolling" / names[label]) if label in names and out is not None else None
        key = _resume_key(f, fingerprint, names.get(label))
        problem = found.problems.get(f, "")
        path = str(f.absolute())
        tasks.append(Task(path, label, key, measures, resolved, read, seed, rolling_path, problem, attrs))
    lock = journal = None
    backend = make_backend(jobs, scheduler=scheduler)
    # connected first: an unreachable scheduler fails before anything is written
    with backend if isinstance(backend, DaskBackend) else contextlib.nullcontext():
        if out is not None:
            lock = FolderLock(out / LOCK, wait=wait, what=f"output folder {out}").acquire()
        try:
            with StopSignals():
                files = None
                if isinstance(backend, DaskBackend):
                    # a sample of the inputs, and the output folder: do the workers see them as we do?
                    files = backend.file_access([t.path for t in tasks if not t.problem][:32], out=out)
                    if files == "shipped":
                        backend.prepare, backend.land = _ship, _land
                if out is not None:
                    journal = Journal(
                        out / JOURNAL, resume=resume, encode=asdict, decode=lambda record: FileResult(**record),
                        keep=lambda job: job.ok and job.value.status == "ok",
                    )  # fmt: skip
                settings = {
                    "measures": measures, "params": resolved, "read": read, "seed": seed, "jobs": jobs,
                    "scheduler": scheduler, "skipped": found.skipped, "backend": backend,
                    "file_access": _files_mode(files, backend),
                    "stale_lock": lock.stale if lock is not None else None,
                }  # fmt: skip
                return _run(
                    tasks, out, journal, settings, fail_fast=fail_fast, progress=progress, report=report
                )
        finally:
            if lock is not None:
                lock.release()


def _files_mode(files: str | None, backend) -> str:
    """How the workers got the files, for the manifest and the command's output."""
    if files is None:
        return "local: this machine's processes read and write the files"
    if files == "shared":
        return "shared: every dask worker sees the inputs and the output folder at their paths"
    return f"shipped: the inputs' bytes go with each task, outputs come back to this machine ({backend.files_reason})"


def _run(tasks, out, journal, settings, *, fail_fast, progress, report) -> BatchRun:
    """Run the tasks; whatever happens, write the outputs of those that finished."""

    def describe(job: JobResult) -> Outcome:
        result = _file_result(tasks[job.index], job)
        return Outcome(result.file, result.status == "ok", describe_failure(result))

    started = time.time()
    results: dict[int, FileResult] = {}
    interrupted: Any = False
    runner = iter_jobs(
        [Job(key=t.key, func=process_file, args=(t,), name=t.label) for t in tasks],
        backend=settings["backend"], journal=journal,
        progress=progress, fail_fast=fail_fast, describe=describe,
    )  # fmt: skip
    try:
        for job in runner:
            results[job.index] = _file_result(tasks[job.index], job)
        interrupted = fail_fast and any(r.status != "ok" for r in results.values())
    except KeyboardInterrupt as err:
        interrupted = err if isinstance(err, Interrupted) else Interrupted()
        raise
    finally:
        runner.close()
        ordered = [results[i] for i in sorted(results)]
        context = {**settings, "started": started, "interrupted": interrupted}
        run = _finish(ordered, tasks, out, context)
    if report:
        write_report(run, out, tasks)
    return run


def _finish(results, tasks, out, context) -> BatchRun:
    measures, interrupted = context["measures"], context["interrupted"]
    summary = _summary_frame(results, measures)
    errors = _error_frame(results)
    columns = column_table(summary, measures)
    counts = {
        "files": len(tasks),
        "done": len(results),
        "ok": sum(r.status == "ok" for r in results),
        "failed": sum(r.status != "ok" for r in results),
        "resumed": sum(r.resumed for r in results),
        "not_run": len(tasks) - len(results),
    }
    scheduler = context["scheduler"]
    manifest = {
        "layout": LAYOUT,
        "tsdyn_version": __version__,
        "started_at": _dt.datetime.fromtimestamp(context["started"], _dt.UTC).isoformat(timespec="seconds"),
        "finished_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "elapsed_s": round(time.time() - context["started"], 3),
        "complete": not interrupted and counts["not_run"] == 0,
        "interrupted_by": str(interrupted) if isinstance(interrupted, Interrupted) else None,
        "measures": list(measures),
        "params": context["params"],
        "read": context["read"].given(),
        "seed": context["seed"],
        "jobs": context["jobs"],
        "scheduler": None
        if scheduler is None
        else str(scheduler if isinstance(scheduler, str) else "client"),
        "file_access": context["file_access"],
        "counts": counts,
        "skipped": context["skipped"],
        "stale_lock_taken_over": context["stale_lock"],
        "files": [
            {
                "file": r.file,
                "path": r.path,
                "status": r.status,
                "error": r.error,
                "seconds": round(r.seconds, 4),
                "resumed": r.resumed,
                "rolling": Path(os.path.relpath(r.rolling, out)).as_posix()
                if r.rolling and out is not None
                else None,
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
        write_csv(columns, out / "columns.csv")
        write_csv(errors, out / "errors.csv")
        with atomic_path(out / "manifest.json") as tmp:
            tmp.write_text(json.dumps(manifest, indent=2, default=json_default) + "\n", encoding="utf-8")
    return BatchRun(summary, errors, manifest, list(results), bool(interrupted), columns)


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
    wait: bool = False,
    report: bool = False,
) -> pd.DataFrame:
    """Run measure sets on every series of every CSV file; return the summary table.

    Parameters
    ----------
    paths : path or iterable of paths
        Files, folders (searched recursively for ``*.csv``, ``*.tsv``,
        ``*.txt``, optionally ``.gz``/``.zst``; folders holding results of a
        tsdyn run are skipped) or glob patterns.
    out : path, optional
        Output folder for the summary (CSV, Parquet), its column list,
        errors, rolling outputs, manifest and journal. Without it nothing is
        written. One run at a time writes into it (a lock in ``out/.tsdyn``).
    measures : sequence of str, optional
        Measure sets to run (see :mod:`tsdyn.io.measures`); default
        ``tsdyn.io.measures.DEFAULT_MEASURES``.
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
    wait : bool
        If another run holds ``out``, wait for it to finish (default: raise
        :class:`~tsdyn.errors.InputError` naming it).
    report : bool
        Also write ``out/report.html``: the summary table and each series'
        EWS dashboard (needs matplotlib: ``pip install 'tsdyn[plot]'``).
    progress : object, optional
        What reports the progress: the ``tsdyn analyze`` command's bar (a line
        per file off a terminal), or None for nothing.

    Returns
    -------
    pandas.DataFrame
        One row per file x series: ``file, series, status, error``, then
        the scalar results named ``<measure set>_<result>`` (``summary_mean``,
        ``ordinal_permutation_entropy`` …), and ``warnings`` if any file had
        some. ``status`` is ``failed`` when any measure set failed on the
        series; ``error`` then says which and why.

    See Also
    --------
    run_batch : The same run, returning its errors, manifest and per-file results too.
    read_csv : How each file is read.

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
        wait=wait,
        report=report,
    ).summary
