"""The one job runner: independent jobs over processes, with retries, a resume journal and progress.

The batch runner (one job per file), the benchmark datasets (one per system and
sampling), the catalog features (one per system) and ``tsdyn compile`` (one
per group of kernels) all run here:

- a :class:`Job` is a picklable top-level function with its arguments and a
  stable ``key``; its result or its failure comes back as a :class:`JobResult`,
  never as an exception that stops the others;
- a backend runs them: :class:`SerialBackend` in this process (``workers=1``),
  :class:`ProcessBackend` over a pool of "spawn" processes (no fork after
  numba's threads started), :class:`DaskBackend` on a dask.distributed
  cluster; a new backend only implements :class:`Backend`'s ``run``;
- ``retries`` reruns a job that raised; a job in flight when a worker process
  died is rerun alone, so that a second death is pinned on the job that
  caused it, not on an innocent job that ran beside it;
- a :class:`Journal` records each finished job as it finishes; a rerun with
  the same journal skips the jobs recorded there (resume);
- :class:`Progress` shows a rich progress bar on a terminal and nothing
  elsewhere (or one line per job where a log wants them);
- SIGINT and SIGTERM stop a run the same way (:class:`Interrupted`): no new
  job starts, worker processes are ended, and the caller gets the results so
  far to write out; a worker process whose parent died ends itself, so that
  ``kill -9`` of the main process leaves no orphan;
- :class:`FolderLock` keeps two runs out of one output folder.

Results never depend on the number of workers: jobs draw random numbers from
seeds derived from their own key (:func:`tsdyn.rng.seed_for_key`), and
:func:`run_jobs` returns results in job order whatever order they finished in.

>>> results = run_jobs([Job(key=str(i), func=pow, args=(i, 2)) for i in range(4)])
>>> [r.value for r in results]
[0, 1, 4, 9]
>>> bad = run_jobs([Job(key="x", func=int, args=("x",))])[0]
>>> bad.ok, bad.error
(False, "ValueError: invalid literal for int() with base 10: 'x'")
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as _dt
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TextIO

from tsdyn.errors import InputError, check_int

__all__ = [
    "Backend",
    "DaskBackend",
    "FolderLock",
    "Interrupted",
    "Job",
    "JobResult",
    "Journal",
    "Outcome",
    "ProcessBackend",
    "Progress",
    "SerialBackend",
    "StopSignals",
    "iter_jobs",
    "json_default",
    "make_backend",
    "pack",
    "progress_for",
    "run_jobs",
    "unpack",
]


@dataclass(frozen=True, kw_only=True)
class Job:
    """One unit of work: ``func(*args, **kwargs)`` in some process.

    ``func`` and the arguments must pickle (a module-level function) for the
    process and dask backends. ``key`` identifies the job in the journal and
    must be stable across runs; ``name`` is what progress and messages show.
    """

    key: str
    func: Callable[..., Any]
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.key


@dataclass(frozen=True, kw_only=True)
class JobResult:
    """What became of one job: its value, or the error that stopped it."""

    key: str
    name: str
    index: int  # position in the list of jobs
    ok: bool
    value: Any = None
    error: str = ""
    traceback: str = ""
    tries: int = 1
    seconds: float = 0.0
    crashed: bool = False  # the worker process died (killed, out of memory, a crash in compiled code)
    resumed: bool = False  # taken from the journal, not run


class Outcome(NamedTuple):
    """How a result reads for progress, ``fail_fast`` and the journal: its name, ok or not, why."""

    name: str
    ok: bool
    message: str = ""


def _outcome(result: JobResult) -> Outcome:
    return Outcome(result.name or result.key, result.ok, result.error)


class _Attempt(NamedTuple):
    ok: bool
    value: Any
    error: str
    traceback: str
    seconds: float


def _attempt(job: Job) -> _Attempt:
    """Run one job; an exception becomes data, so that it never breaks a pool or a cluster."""
    start = time.perf_counter()
    try:
        value = job.func(*job.args, **job.kwargs)
    except Exception as err:  # recorded in the job's result; the other jobs go on
        return _Attempt(False, None, f"{type(err).__name__}: {err}", traceback.format_exc(), _since(start))
    return _Attempt(True, value, "", "", _since(start))


def _since(start: float) -> float:
    return time.perf_counter() - start


def _result(index: int, job: Job, attempt: _Attempt, tries: int) -> JobResult:
    return JobResult(
        key=job.key, name=job.label, index=index, ok=attempt.ok, value=attempt.value, error=attempt.error,
        traceback=attempt.traceback, tries=tries, seconds=attempt.seconds,
    )  # fmt: skip


def _crashed(index: int, job: Job, tries: int) -> JobResult:
    return JobResult(
        key=job.key, name=job.label, index=index, ok=False, tries=tries, crashed=True,
        error=f"the worker process died ({tries} tries): killed, out of memory, or a crash in compiled code",
    )  # fmt: skip


# --- backends ------------------------------------------------------------------------------


class Backend(Protocol):
    """Runs jobs somewhere and yields their results as they finish (in any order)."""

    def run(self, jobs: Sequence[tuple[int, Job]], *, retries: int) -> Generator[JobResult, None, None]:
        """Each ``(index, job)`` once (more after a failure, up to ``retries`` more tries)."""
        ...


class SerialBackend:
    """Every job in this process, one after the other."""

    def run(self, jobs: Sequence[tuple[int, Job]], *, retries: int) -> Generator[JobResult, None, None]:
        for index, job in jobs:
            tries, attempt = 1, _attempt(job)
            while not attempt.ok and tries <= retries:
                tries, attempt = tries + 1, _attempt(job)
            yield _result(index, job, attempt, tries)


def _worker_init(threads: int | None) -> None:
    if threads is not None:
        # the processes already share the cores: numba and BLAS get ``threads`` each
        for var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(threads)
    # Ctrl-C is the main process's to handle: it stops handing out jobs and keeps what finished
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a worker must not outlive the run: after ``kill -9`` of the main process nobody would end
    # it (and it would keep multiprocessing's resource tracker alive through the pipe it holds)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int, interval: float = 0.2) -> None:
    """End this process once ``parent`` is gone (this process is then re-parented)."""
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(1)


class ProcessBackend:
    """A pool of ``workers`` processes started with "spawn".

    ``threads`` caps numba's and BLAS's threads in each worker (None: their
    defaults). At most ``4 * workers`` jobs are in flight, so memory stays
    bounded however many jobs there are. When a worker dies, the pool is
    rebuilt and every job that was in flight is rerun alone; a job whose
    worker dies while it runs alone fails with ``crashed=True``.
    """

    def __init__(self, workers: int, *, threads: int | None = 1):
        self.workers = workers
        self.threads = threads

    def run(self, jobs: Sequence[tuple[int, Job]], *, retries: int) -> Generator[JobResult, None, None]:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        remaining = list(jobs)
        tries = dict.fromkeys((i for i, _ in remaining), 0)
        strikes = dict.fromkeys(tries, 0)
        while remaining:
            suspects = [item for item in remaining if strikes[item[0]]]
            todo, limit = (suspects, 1) if suspects else (remaining, 4 * self.workers)
            executor = cf.ProcessPoolExecutor(
                max_workers=min(self.workers, limit), mp_context=context, initializer=_worker_init,
                initargs=(self.threads,),
            )  # fmt: skip
            running: dict = {}
            pending, finished, broken, ended = deque(todo), set(), False, False
            try:
                while (pending or running) and not broken:
                    while pending and len(running) < limit:
                        index, job = pending.popleft()
                        running[executor.submit(_attempt, job)] = (index, job)
                    done, _ = cf.wait(list(running), return_when=cf.FIRST_COMPLETED)
                    for future in done:
                        try:
                            attempt = future.result()
                        except cf.process.BrokenProcessPool:
                            broken = True  # this pool is unusable: a fresh one below
                            break
                        index, job = running.pop(future)
                        tries[index] += 1
                        if not attempt.ok and tries[index] <= retries:
                            pending.append((index, job))
                            continue
                        finished.add(index)
                        yield _result(index, job, attempt, tries[index])
                ended = True
            finally:
                if not ended and not broken:
                    # interrupted, or the caller stopped early (fail_fast): end the jobs in flight
                    # now instead of waiting for them, and leave no worker behind
                    _end_workers(executor)
                executor.shutdown(wait=True, cancel_futures=True)
            # the jobs in flight when a worker died are suspects: a strike each and one more try
            for index, job in running.values():
                strikes[index] += 1
                if strikes[index] >= 2:
                    finished.add(index)
                    yield _crashed(index, job, tries[index] + strikes[index])
            remaining = [item for item in remaining if item[0] not in finished]


def _end_workers(executor: cf.ProcessPoolExecutor) -> None:
    # ProcessPoolExecutor has no public way to stop running work before Python 3.14
    processes = list((getattr(executor, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


class DaskBackend:
    """A dask.distributed cluster: an address, ``"local"`` (a LocalCluster of ``workers``) or a Client.

    Used as a context manager it connects once (an unreachable scheduler
    raises :class:`~tsdyn.errors.InputError` within ``timeout`` seconds, so a
    caller can connect before it writes anything); :meth:`run` alone
    connects for the one run. dask reruns a job whose worker died on the
    other workers (its ``distributed.scheduler.allowed-failures`` setting);
    after that it fails with ``crashed=True``. Each job's result is yielded
    once whichever worker finished it.
    """

    def __init__(self, scheduler: Any, workers: int = 1, *, timeout: float = 5.0):
        self.scheduler = scheduler
        self.workers = workers
        self.timeout = timeout
        self.client: Any = None
        self._stack: contextlib.ExitStack | None = None
        #: on the client, each job just before it is sent (shipping: the input files' bytes go in)
        self.prepare: Callable[[Job], Job] | None = None
        #: on the client, each ok value as it arrives (shipping: the outputs it carries are written
        #: here); what it raises fails that job, whose result the journal then does not keep
        self.land: Callable[[Job, Any], Any] | None = None
        self.files_reason = ""  # why files are shipped (set by file_access)

    def __enter__(self) -> DaskBackend:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError(
                "a dask scheduler needs dask.distributed: pip install 'tsdyn[distributed]'"
            ) from None
        stack = contextlib.ExitStack()
        if isinstance(self.scheduler, Client):
            self.client = self.scheduler
        elif self.scheduler == "local":
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
            )
            self.client = stack.enter_context(Client(cluster))
        else:
            try:
                self.client = stack.enter_context(Client(self.scheduler, timeout=f"{self.timeout}s"))
            except (OSError, ValueError, TypeError) as err:
                raise InputError(
                    f"cannot connect to the dask scheduler at {self.scheduler!r} within {self.timeout:g} s: {err}"
                ) from None
        self._stack = stack
        return self

    def __exit__(self, *exc) -> None:
        stack, self._stack, self.client = self._stack, None, None
        if stack is not None:
            stack.close()

    def check_files(self, paths: Iterable[str | os.PathLike], *, what: str = "input") -> None:
        """Raise :class:`~tsdyn.errors.InputError` unless every worker sees ``paths`` as this process does.

        For work whose outputs must be written by the workers themselves;
        :meth:`file_access` says instead whether files must be shipped.
        """
        blind = self._blind(paths)
        if blind:
            raise InputError(
                f"{blind}. Run the workers where the {what} is mounted at the same path (NFS, Lustre ...)"
            )

    def file_access(
        self, inputs: Iterable[str | os.PathLike] = (), *, out: str | os.PathLike | None = None
    ) -> str:
        """``"shared"`` if every worker sees ``inputs`` and the folder ``out`` as this process does, else ``"shipped"``.

        Inputs are named by absolute paths: a worker on the same file system
        reads them where they are (the same size and modification time) and
        writes into ``out`` (a probe file this process writes there must
        appear to it). Otherwise the caller ships: it sends each input's
        bytes with its job (:attr:`prepare`) and writes the outputs that come
        back (:attr:`land`). :attr:`files_reason` then says which worker does
        not see what.
        """
        paths = [Path(p).absolute() for p in inputs]
        probe = None
        if out is not None:
            probe = Path(out).absolute() / f".tsdyn-probe-{os.getpid()}-{os.urandom(6).hex()}"
            probe.parent.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(os.urandom(16))  # a new name: no other machine holds it by chance
            paths.append(probe)
        try:
            self.files_reason = self._blind(paths)
        finally:
            if probe is not None:
                probe.unlink(missing_ok=True)
        return "shipped" if self.files_reason else "shared"

    def _blind(self, paths: Iterable[str | os.PathLike]) -> str:
        """Which workers do not see ``paths`` as this process does, in words ("" if all do)."""
        expected = {str(Path(p).absolute()): _stat(Path(p).absolute()) for p in paths}
        if not expected:
            return ""
        seen = self.client.run(_differ, expected)
        blind = {worker: bad for worker, bad in seen.items() if bad}
        if not blind:
            return ""
        worker, bad = next(iter(sorted(blind.items())))
        return (
            f"{len(blind)} of {len(seen)} dask worker(s) do not share this file system: worker {worker} "
            f"does not see {bad[0]} as {socket.gethostname()} does"
        )

    def run(self, jobs: Sequence[tuple[int, Job]], *, retries: int) -> Generator[JobResult, None, None]:
        if self.client is None:
            with self:
                yield from self._run(jobs, retries=retries)
        else:
            yield from self._run(jobs, retries=retries)

    def _run(self, jobs: Sequence[tuple[int, Job]], *, retries: int) -> Generator[JobResult, None, None]:
        import dask
        from distributed import KilledWorker, wait

        client = self.client
        limit = 4 * max(1, len(client.scheduler_info().get("workers", {})))
        running: dict = {}
        pending = deque(jobs)
        tries = dict.fromkeys((i for i, _ in jobs), 0)
        try:
            while pending or running:
                while pending and len(running) < limit:
                    index, job = pending.popleft()
                    sent = self.prepare(job) if self.prepare is not None else job
                    running[client.submit(_attempt, sent, pure=False)] = (index, job)
                done = wait(list(running), return_when="FIRST_COMPLETED").done
                for future in done:
                    index, job = running.pop(future)
                    try:
                        attempt = future.result()
                    except KilledWorker:  # dask already retried it on other workers
                        yield _crashed(
                            index, job, 1 + int(dask.config.get("distributed.scheduler.allowed-failures", 3))
                        )
                        continue
                    tries[index] += 1
                    if attempt.ok and self.land is not None:
                        attempt = _landed(self.land, job, attempt)
                    if not attempt.ok and tries[index] <= retries:
                        pending.append((index, job))
                        continue
                    yield _result(index, job, attempt, tries[index])
        finally:
            for future in running:  # interrupted or stopped early: the cluster drops what is left
                future.cancel()


def _landed(land: Callable[[Job, Any], Any], job: Job, attempt: _Attempt) -> _Attempt:
    """``attempt`` with its value landed on the client, or failed with what landing raised (a full disk)."""
    start = time.perf_counter()
    try:
        value = land(job, attempt.value)
    except Exception as err:  # this job's outputs are not written: it fails, the others go on
        return _Attempt(False, None, f"{type(err).__name__}: {err}", traceback.format_exc(), attempt.seconds)
    return attempt._replace(value=value, seconds=attempt.seconds + _since(start))


def pack(path: str | os.PathLike) -> dict[str, bytes]:
    """A file's or folder's contents as ``{relative name: bytes}`` ("" for a file), to send elsewhere."""
    path = Path(path)
    if path.is_file():
        return {"": path.read_bytes()}
    return {f.relative_to(path).as_posix(): f.read_bytes() for f in sorted(path.rglob("*")) if f.is_file()}


def unpack(files: Mapping[str, bytes], path: str | os.PathLike) -> None:
    """Write what :func:`pack` made at ``path``, whole or not at all (a temp name, then a rename).

    An earlier file or folder at ``path`` is replaced. On an error (a full
    disk) nothing is left but what was there before.
    """
    import shutil

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        if set(files) == {""}:
            tmp.write_bytes(files[""])
        else:
            tmp.mkdir()
            for name, data in files.items():
                target = tmp / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        if path.is_dir():
            shutil.rmtree(path)
        os.replace(tmp, path)
    except BaseException:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
        raise


def _stat(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError:
        return ("missing", -1, -1)
    if path.is_dir():
        return ("folder", -1, -1)
    return ("file", st.st_size, st.st_mtime_ns)


def _differ(expected: Mapping[str, tuple]) -> list[str]:
    """On a worker: the paths it does not see as the client does."""
    return [p for p, st in expected.items() if _stat(Path(p)) != tuple(st)]


def make_backend(workers: int = 1, *, scheduler: Any = None, threads: int | None = 1) -> Backend:
    """Serial for one worker, a process pool for several, dask when ``scheduler`` is given."""
    if scheduler is not None:
        return DaskBackend(scheduler, workers)
    return SerialBackend() if workers == 1 else ProcessBackend(workers, threads=threads)


# --- the journal ---------------------------------------------------------------------------


class Journal:
    """A JSON-lines file of finished jobs, so that a rerun skips them (resume).

    Each finished job is appended as one line and flushed to disk at once, so
    a kill loses at most the job being written; a line cut short by a kill is
    ignored when the journal is read back. Opening it rewrites it atomically
    (temp file + rename) with its valid records only, or empty when
    ``resume=False``. ``encode``/``decode`` turn a job's value into JSON and
    back; only results that ``keep`` accepts are reused (default: the ok ones).
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        resume: bool = True,
        encode: Callable[[Any], Any] = lambda value: value,
        decode: Callable[[Any], Any] = lambda value: value,
        keep: Callable[[JobResult], bool] = lambda result: result.ok,
    ):
        self.path = Path(path)
        self.encode, self.decode, self.keep = encode, decode, keep
        self.records: dict[str, dict] = self._read() if resume else {}
        self._rewrite()

    def _read(self) -> dict[str, dict]:
        records = {}
        if self.path.exists():
            with open(self.path, encoding="utf-8") as fh:
                for line in fh:
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut short by a kill: that job is simply run again
                    if isinstance(record, dict) and {"key", "ok", "value"} <= record.keys():
                        records[record["key"]] = record
        return records

    def _rewrite(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, default=json_default) + "\n" for r in self.records.values())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def done(self, index: int, job: Job) -> JobResult | None:
        """The recorded result of ``job`` if the journal has one to reuse."""
        record = self.records.get(job.key)
        if record is None:
            return None
        result = JobResult(
            key=job.key, name=job.label, index=index, ok=record["ok"], value=self.decode(record["value"]) if record["ok"] else None,
            error=record.get("error", ""), tries=record.get("tries", 1), seconds=record.get("seconds", 0.0),
            resumed=True,
        )  # fmt: skip
        return result if self.keep(result) else None

    @contextlib.contextmanager
    def appending(self) -> Iterator[Callable[[JobResult], None]]:
        """A function that appends one finished result (flushed to disk before it returns)."""
        with open(self.path, "a", encoding="utf-8") as fh:

            def append(result: JobResult) -> None:
                record = {
                    "key": result.key, "ok": result.ok, "value": self.encode(result.value) if result.ok else None, "error": result.error,
                    "tries": result.tries, "seconds": result.seconds,
                }  # fmt: skip
                self.records[result.key] = record
                fh.write(json.dumps(record, default=json_default) + "\n")
                fh.flush()
                os.fsync(fh.fileno())

            yield append


def json_default(value):
    """JSON for what ``json.dumps`` cannot write: numpy scalars and arrays, else the text."""
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


# --- progress ------------------------------------------------------------------------------


class Progress:
    """Progress of a run: a rich bar on a terminal (done, failed, left, elapsed, ETA).

    Off a terminal it prints nothing, or with ``lines=True`` one line per
    finished job (for logs). Failures are printed with their message either
    way, above the bar.
    """

    def __init__(self, label: str, *, stream: TextIO | None = None, lines: bool = False, unit: str = "job"):
        from rich.console import Console

        self.label = label
        stream = stream if stream is not None else sys.stderr
        self.console = Console(file=stream, highlight=False)
        self.lines, self.unit = lines, unit
        self.bar = None
        if stream.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self.bar = Bar(
                TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("[red]{task.fields[failed]} failed[/] · {task.fields[remaining]} left"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=self.console,
            )  # fmt: skip
        self.total = self.done = self.failed = 0

    def start(self, total: int, done: int = 0) -> None:
        """``total`` jobs, ``done`` of them already finished (resumed)."""
        self.total, self.done = total, done
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task(
                self.label, total=total, completed=done, failed=0, remaining=total - done
            )
        elif self.lines:
            extra = f", {done} already done (resumed)" if done else ""
            self.console.print(
                f"tsdyn {self.label}: {total} {self.unit}(s){extra}", markup=False, soft_wrap=True
            )

    def update(self, outcome: Outcome, seconds: float = 0.0) -> None:
        """One more job finished."""
        self.done += 1
        self.failed += not outcome.ok
        if self.bar is not None:
            if not outcome.ok:
                self.console.print("[red]FAILED[/]", outcome.message or outcome.name)
            self.bar.update(self.task, advance=1, failed=self.failed, remaining=self.total - self.done)
        elif self.lines:
            what = f"ok {outcome.name}" if outcome.ok else f"FAILED {outcome.message or outcome.name}"
            self.console.print(
                f"[{self.done}/{self.total}] {what} ({seconds:.2f} s)", markup=False, soft_wrap=True
            )

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def progress_for(show: bool | Progress | None, label: str) -> Progress | None:
    """``True``: a :class:`Progress` on stderr; a Progress as given; else none."""
    if isinstance(show, Progress):
        return show
    return Progress(label) if show else None


# --- interrupts ----------------------------------------------------------------------------


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal: SIGINT (Ctrl-C) or SIGTERM (``timeout``, SLURM, systemd).

    A KeyboardInterrupt, so that code written for Ctrl-C handles both;
    ``exit_code`` is the shell's convention, 128 + the signal number (130, 143).
    """

    def __init__(self, signum: int = signal.SIGINT):
        self.signum = int(signum)
        self.exit_code = 128 + self.signum
        super().__init__(signal.Signals(signum).name)


class StopSignals:
    """While active, SIGINT and SIGTERM stop the run with :class:`Interrupted`, at a safe point.

    A signal that comes while a job runs or the runner waits for one
    (:meth:`interruptible`) raises at once: the job stops. One that comes
    during the bookkeeping between jobs (journal line, progress, the caller's
    own handling of a result) is only recorded, and :meth:`check` raises it
    at the next safe point: a raise there could lose a result the journal
    already holds (the interrupted run's summary would then miss a finished
    file). Recording also makes the stop certain where Python dropped the
    exception (raised inside a finalizer or a callback that C code called, it
    is reported and lost). A second signal raises wherever it comes; a signal
    still unraised when the outermost block ends cleanly raises there.

    Only the main thread can own signal handlers, elsewhere this does
    nothing; a handler another program installed is left alone, and a block
    nested in another shares the outer one's handler and record.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.signum: int | None = None
        self.raising = False
        self._previous: dict[int, Any] = {}
        self._owner: StopSignals = self

    def _handle(self, signum, frame) -> None:
        again, self.signum = self.signum is not None, signum
        if self.raising or again:
            self.raising = False
            raise Interrupted(signum)

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                current = signal.getsignal(sig)
                owner = getattr(current, "__self__", None)
                if isinstance(owner, StopSignals):
                    self._owner = owner
                elif current in (signal.SIG_DFL, signal.default_int_handler):
                    self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        self._previous.clear()
        if self._owner is self and exc_type is None:
            self.check()

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        """A block in which a signal raises at once (a job running, a wait for one)."""
        owner = self._owner
        owner.check()
        before, owner.raising = owner.raising, True
        try:
            yield
        finally:
            owner.raising = before

    def check(self) -> None:
        """Raise :class:`Interrupted` if a signal came."""
        if self._owner.signum is not None:
            raise Interrupted(self._owner.signum)


# --- the output-folder lock ----------------------------------------------------------------


class FolderLock:
    """An exclusive lock on a folder: an OS lock (``flock``) on the file ``path``, which names its holder.

    The file holds the owner's pid, host and start time. A second run that
    finds the lock held raises :class:`~tsdyn.errors.InputError` naming the
    holder, or with ``wait=True`` waits until it is released. The operating
    system drops the lock when its process dies, however it died (``kill -9``
    included), so a lock file still naming a dead holder is stale: it is
    taken over and :attr:`stale` records whose it was. Worker processes do not
    inherit it.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lock"
    >>> with FolderLock(path, what="out"):
    ...     FolderLock(path, what="out").acquire()
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: out is in use by another run: pid ...
    """

    def __init__(self, path: str | os.PathLike, *, wait: bool = False, poll: float = 0.2, what: str = ""):
        self.path = Path(path)
        self.wait, self.poll = wait, poll
        self.what = what or str(self.path.parent)
        self.stale: dict | None = None
        self.owner = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "argv": sys.argv,
        }
        self._fd: int | None = None

    def _read(self, fd: int) -> dict:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 1 << 16).decode("utf-8", "replace")
        try:
            holder = json.loads(text) if text.strip() else {}
        except ValueError:
            holder = {"unreadable": text[:200]}
        return holder if isinstance(holder, dict) else {}

    def acquire(self) -> FolderLock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        said = False
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = self._read(fd)
                os.close(fd)
                who = (
                    f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}, "
                    f"started {holder.get('started', '?')}"
                )
                if not self.wait:
                    raise InputError(
                        f"{self.what} is in use by another run: {who} (lock {self.path}); "
                        "wait for it (--wait) or choose another output folder"
                    ) from None
                if not said:
                    print(f"waiting for {self.what}, in use by {who}", file=sys.stderr, flush=True)
                    said = True
                time.sleep(self.poll)
                continue
            # a holder that released cleanly emptied the file; a name left in it died holding the lock
            self.stale = self._read(fd) or None
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(self.owner, default=str).encode(), 0)
            self._fd = fd
            return self

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.ftruncate(fd, 0)
            os.close(fd)  # closing drops the flock

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


# --- running -------------------------------------------------------------------------------


def iter_jobs(
    jobs: Iterable[Job],
    *,
    workers: int = 1,
    backend: Backend | None = None,
    retries: int = 0,
    journal: Journal | None = None,
    progress: Progress | None = None,
    fail_fast: bool = False,
    describe: Callable[[JobResult], Outcome] = _outcome,
) -> Generator[JobResult, None, None]:
    """Run ``jobs``; yield each result as it finishes (resumed ones first).

    SIGINT and SIGTERM raise :class:`Interrupted` (see :class:`StopSignals`);
    the results yielded before it are the finished ones.

    Parameters
    ----------
    jobs : iterable of Job
        Their keys must be unique.
    workers : int
        Processes (1: in this process); ignored when ``backend`` is given.
    backend : Backend, optional
        Where the jobs run (default :func:`make_backend` of ``workers``).
    retries : int
        How many more times a job that raised is run before its failure is final.
    journal : Journal, optional
        Skip the jobs it records; record each job as it finishes.
    progress : Progress, optional
        Told about every finished job.
    fail_fast : bool
        Stop at the first result that ``describe`` says is not ok (no new
        job starts; worker processes still running one are ended).
    describe : callable
        ``describe(result) -> Outcome``: the name, status and message that
        progress, ``fail_fast`` and the journal's default ``keep`` see.
    """
    jobs = list(jobs)
    retries = check_int(retries, "retries", minimum=0)
    keys = [job.key for job in jobs]
    if len(set(keys)) != len(keys):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise InputError(f"job keys must be unique; repeated: {', '.join(twice[:5])}")
    if backend is None:
        backend = make_backend(check_int(workers, "workers", minimum=1))
    resumed = [r for i, job in enumerate(jobs) if journal is not None and (r := journal.done(i, job))]
    taken = {r.index for r in resumed}
    todo = [(i, job) for i, job in enumerate(jobs) if i not in taken]
    if progress is not None:
        progress.start(len(jobs), len(resumed))
    yield from resumed
    if isinstance(backend, ProcessBackend) and len(todo) <= 1:
        backend = SerialBackend()  # starting a process costs more than one job gains
    runner = backend.run(todo, retries=retries)
    stop = StopSignals()
    try:
        with stop, journal.appending() if journal is not None else contextlib.nullcontext() as append:
            while True:
                with stop.interruptible():
                    result = next(runner, None)
                if result is None:
                    break
                outcome = describe(result)
                if append is not None:
                    append(result)
                if progress is not None:
                    progress.update(outcome, result.seconds)
                yield result
                if fail_fast and not outcome.ok:
                    return
                stop.check()
    finally:
        runner.close()
        if progress is not None:
            progress.finish()


def run_jobs(jobs: Iterable[Job], **options) -> list[JobResult]:
    """Run ``jobs`` (options of :func:`iter_jobs`) and return their results in job order.

    With ``fail_fast`` the jobs that never ran are absent.
    """
    return sorted(iter_jobs(jobs, **options), key=lambda r: r.index)
