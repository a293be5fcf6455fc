"""Fill numba's on-disk cache for every engine ahead of use: what ``tsdyn compile`` runs.

Two kinds of jobs go through one :func:`tsdyn._jobs.run_jobs` call (one
progress bar, ``jobs`` processes):

- the systems: their right-hand sides and the solvers their kinds run on
  (:func:`tsdyn.systems.precompile`'s jobs);
- the analysis engines: each public function of :data:`ENGINES` is called
  once in a worker on a small input (:data:`WARM_UP`), so that the kernels
  that input reaches are compiled and cached. A function that input does
  not fit (it needs other arguments) is listed as skipped, with the reason.

Every later process then loads the machine code instead of compiling it.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from tsdyn._jobs import DaskBackend, Job, Progress, make_backend, run_jobs
from tsdyn.errors import InputError, check_int
from tsdyn.systems._precompile import compile_table, system_jobs

__all__ = ["ENGINES", "WARM_UP", "announce_compile", "compile_cache", "engine_jobs", "warm_measures"]

#: The analysis engines whose public functions are warmed.
ENGINES = ("ordinal", "ews", "chaos", "entropy", "fractal")


def _series(n: int = 600):
    import numpy as np

    return np.random.default_rng(0).standard_normal(n)


def _image():
    import numpy as np

    return np.random.default_rng(0).standard_normal((24, 24))


#: Inputs tried on each function, in order, until one is accepted.
WARM_UP: tuple[tuple[str, Callable[[], tuple]], ...] = (
    ("a series", lambda: (_series(),)),
    ("two series", lambda: (_series(), _series())),
    ("an image", lambda: (_image(),)),
    ("a pattern length", lambda: (3,)),
)
# Keywords that keep a warm-up short where the default asks for much work (the kernels are the same).
_KEYWORDS: dict[str, dict[str, Any]] = {
    "ews.bootstrap_lr": {"n_boot": 2},
    "ews.trend_test": {"n_surrogates": 9},
    "ews.bds_test": {"n_boot": 2},
    "ews.quick_detection": {"n_surrogates": 9, "method": "ar1"},
}


def _warm(engine: str, name: str) -> list[tuple[str, str, float]]:
    """Call ``tsdyn.<engine>.<name>`` on the first input of :data:`WARM_UP` it accepts; one table row."""
    func = getattr(importlib.import_module(f"tsdyn.{engine}"), name)
    keywords = _KEYWORDS.get(f"{engine}.{name}", {})
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a warm-up's numbers are thrown away, and so are its warnings
        for what, make in WARM_UP:
            try:
                func(*make(), **keywords)
            except Exception:  # this input does not fit the function: try the next
                continue
            return [(f"{engine}.{name}", f"function ({what})", time.perf_counter() - start)]
    return [(f"{engine}.{name}", "skipped: needs other arguments", time.perf_counter() - start)]


def _ordinal_variants(kind: int, parallel: bool) -> list[tuple[str, str, float]]:
    """Compile every variant of one kind of the ordinal engine's pattern kernel; one table row each."""
    from tsdyn.ordinal import _kernels as K

    return [
        (name, "kernel variant", seconds) for name, seconds in K.compile_variants(kind, parallel=parallel)
    ]


def engine_jobs(engines: Sequence[str] = ENGINES, *, parallel: bool = False) -> list[Job]:
    """One warm-up job per public function of each engine in ``engines``.

    The ordinal engine's pattern kernel compiles one variant per measure, tie
    rule, NaN policy and length class (a call compiles only its own), so
    its variants get jobs of their own; with ``parallel`` also their
    threaded drivers.
    """
    for engine in engines:
        if engine not in ENGINES:
            raise InputError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    work = []
    if "ordinal" in engines:
        from tsdyn.ordinal import _kernels as K

        kinds = {"shannon": K.SHANNON, "renyi": K.RENYI, "tsallis": K.TSALLIS, "fisher": K.FISHER}
        for label, kind in {**kinds, "histogram": K.HISTOGRAM}.items():
            for threads in (False, True) if parallel else (False,):
                key = f"ordinal.kernel.{label}" + (".threads" if threads else "")
                work.append(Job(key=key, func=_ordinal_variants, args=(kind, threads), name=key))
    for engine in engines:
        package = importlib.import_module(f"tsdyn.{engine}")
        for name in package.__all__:
            obj = getattr(package, name)
            if inspect.isfunction(obj):
                key = f"{engine}.{name}"
                work.append(Job(key=key, func=_warm, args=(engine, name), name=key))
    return work


def compile_cache(
    systems: Sequence[str] | None = None,
    *,
    kind: str | None = None,
    engines: Sequence[str] = ENGINES,
    jobs: int = 1,
    parallel: bool = False,
    jacobians: bool = False,
    scheduler: Any = None,
    progress: Progress | None = None,
):
    """Compile the systems and warm the analysis engines into numba's cache.

    Parameters
    ----------
    systems : sequence of str, optional
        Catalog systems (default: all of ``kind``, or the whole catalog);
        an empty sequence compiles no system.
    kind, parallel, jacobians
        As in :func:`tsdyn.systems.precompile`; ``parallel`` also compiles the
        threaded drivers of the ordinal engine's kernel variants.
    engines : sequence of str
        The engines (:data:`ENGINES`) whose public functions are warmed; empty: none.
    jobs : int
        Worker processes (or LocalCluster workers with ``scheduler="local"``).
    scheduler : str or distributed.Client, optional
        Compile on a dask.distributed cluster's workers: a scheduler address,
        ``"local"`` or a Client. Each job fills the cache of the machine that
        runs it, which serves the whole cluster where tsdyn is installed on a
        shared file system (numba keeps its cache beside the sources); nodes
        with their own installation each need their own ``tsdyn compile``.
    progress : tsdyn._jobs.Progress, optional
        Progress display.

    Returns
    -------
    pandas.DataFrame
        One row per system, solver and function: ``name``, ``what``,
        ``seconds``, ``error`` (empty unless the job failed; ``what`` then
        says ``failed``).
    """
    jobs = check_int(jobs, "jobs", minimum=1)
    work = []
    if systems is None or len(systems):
        work += system_jobs(systems, kind=kind, workers=jobs, parallel=parallel, jacobians=jacobians)
    work += engine_jobs(tuple(engines), parallel=parallel)
    # numba's own thread count stays as it is: parallel kernels are compiled for it
    backend = make_backend(jobs, scheduler=scheduler, threads=None)
    # connected first: an unreachable scheduler fails at once, before any compile
    with backend if isinstance(backend, DaskBackend) else contextlib.nullcontext():
        return compile_table(run_jobs(work, backend=backend, progress=progress))


def warm_measures(measures: Sequence[str], params) -> None:
    """Run each measure set once on a short white-noise series (its result is thrown away).

    What ``tsdyn analyze`` does before its workers start, so that they load the
    kernels from numba's cache instead of each compiling them. A set that
    fails here is left to the run itself, which reports it per file. Only
    tsdyn's registered sets are warmed: a ``"module:function"`` set is user
    code whose side effects (files, waits) belong to the run alone.
    """
    import numpy as np
    import xarray as xr

    from tsdyn.io.measures import get_measure, measure_names, resolve_params

    registered = set(measure_names())
    for name, resolved in resolve_params(measures, params).items():
        if name not in registered:
            continue
        ms = get_measure(name)
        series = xr.DataArray(_series(max(600, ms.min_length(resolved))), dims="time", name="warm-up")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ms.compute(series, resolved, np.random.SeedSequence(0))
            except Exception:  # only compiling matters here; the run reports failures per file
                continue


def announce_compile(work: Callable[[], object], echo: Callable[..., None], *, after: float = 1.0) -> float:
    """Run ``work`` (a first call that may compile); if it takes longer than ``after`` seconds, say so.

    Numba compiles on a cold cache and loads from it otherwise; a cold run is
    recognised by its time (no second guess of numba's cache layout): the
    line "compiling kernels (first run only) ..." appears once ``after``
    seconds have passed, and "done in X s" when ``work`` returns. Returns
    the seconds ``work`` took. Exceptions of ``work`` propagate.

    >>> lines = []
    >>> _ = announce_compile(lambda: None, lambda text, **kw: lines.append(text))
    >>> lines
    []
    """
    import threading

    box: dict[str, BaseException] = {}

    def run() -> None:
        try:
            work()
        except BaseException as err:  # re-raised in the caller's thread
            box["error"] = err

    start = time.perf_counter()
    thread = threading.Thread(target=run, name="tsdyn-warm-up", daemon=True)
    thread.start()
    thread.join(after)
    announced = thread.is_alive()
    if announced:
        echo("compiling kernels (first run only) ...", nl=False)
    while thread.is_alive():  # short joins keep Ctrl-C responsive
        thread.join(0.2)
    seconds = time.perf_counter() - start
    if announced:
        echo(f" done in {seconds:.1f} s")
    if "error" in box:
        raise box["error"]
    return seconds
