"""Compile systems and their solvers into numba's on-disk cache ahead of use, over several processes.

A fresh machine (or a new numba, Python or tsdyn version) starts with an empty
cache: the first integration of each system compiles its right-hand side
(about 0.1 s) and the first of each kind compiles the solver (seconds). Done
in one process that is a sequential wait; :func:`precompile` spreads it over
``jobs`` processes (:mod:`tsdyn._jobs`), and every later process loads the
machine code. ``tsdyn compile`` runs the same jobs beside the analysis
engines' (:mod:`tsdyn._compile`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from tsdyn._jobs import Job, JobResult, make_backend, run_jobs
from tsdyn.errors import InputError, check_int
from tsdyn.systems._api import get
from tsdyn.systems._api import list as list_systems
from tsdyn.systems._kinds import SCHEMES


def _compile(task: tuple) -> list[tuple[str, str, float]]:
    """One task: ``("solver", label, parallel)`` or ``("systems", names, parts)``; rows (name, what, seconds)."""
    rows = []
    if task[0] in ("solver", "stiff"):
        _, label, parallel = task
        start = time.perf_counter()
        if task[0] == "stiff":  # RODAS4: integrate(method="rodas4") and the corpus's stiff flows
            from tsdyn.systems._stiff import KERNELS

            KERNELS[parallel].compile()
        else:
            for kernel in SCHEMES[label].kernels(parallel):
                kernel.compile()
        what = f"solver ({'parallel' if parallel else 'serial'})"
        return [(label, what, time.perf_counter() - start)]
    _, names, parts = task
    for name in names:
        system = get(name)
        start = time.perf_counter()
        for what in parts:
            system.compiled(what)
        rows.append((name, system.kind, time.perf_counter() - start))
    return rows


def system_jobs(
    names: Sequence[str] | None = None,
    *,
    kind: str | None = None,
    workers: int = 1,
    parallel: bool = False,
    jacobians: bool = False,
) -> list[Job]:
    """The jobs of :func:`precompile` (arguments as there), checked before any work starts."""
    if names is None:
        names = list_systems(kind=kind)
    elif kind is not None:
        raise InputError("give names or kind, not both")
    systems = [get(name) for name in names]  # unknown names fail here, with suggestions
    user = [s.name for s in systems if s.spec.extra.get("user")]
    if user:
        # Worker processes import the catalog's modules only; a user's own function compiles on first use.
        raise InputError(f"precompile is for catalog systems; {', '.join(user)} are user-defined")
    # The solver each system runs on by default (dynamical noise's is compiled on first use).
    labels = dict.fromkeys(s.behaviour.scheme.name for s in systems)
    threads = (False, True) if parallel else (False,)
    tasks: list[tuple] = [("solver", label, p) for label in labels for p in threads]
    if jacobians and any(s.kind == "flow" and s.spec.jac is not None for s in systems):
        tasks += [("stiff", "rodas4", p) for p in threads]
    # Solvers first (the longest compiles), then the systems in as many pieces as make the load even.
    pieces = min(len(systems), 4 * workers)
    parts = ("rhs", "noise", "jac") if jacobians else ("rhs", "noise")
    tasks += [("systems", tuple(s.name for s in systems[i::pieces]), parts) for i in range(pieces)]
    return [Job(key=f"{t[0]}:{t[1]}:{t[2]}", func=_compile, args=(t,), name=_name(t)) for t in tasks]


def _name(task: tuple) -> str:
    if task[0] in ("solver", "stiff"):
        return f"solver {task[1]} ({'parallel' if task[2] else 'serial'})"
    return ", ".join(task[1]) if len(task[1]) <= 3 else f"{task[1][0]} and {len(task[1]) - 1} more systems"


def compile_table(results: Sequence[JobResult]):
    """One row per compiled thing (``name``, ``what``, ``seconds``, ``error``) from the jobs' results."""
    import pandas as pd

    rows = []
    for r in results:
        if r.ok:
            rows += [(*row, "") for row in r.value]
        else:
            rows.append((r.name, "failed", r.seconds, r.error))
    return pd.DataFrame(rows, columns=["name", "what", "seconds", "error"])


def precompile(
    names: Sequence[str] | None = None,
    *,
    kind: str | None = None,
    jobs: int = 1,
    parallel: bool = False,
    jacobians: bool = False,
):
    """Compile systems (right-hand side, SDE diffusion) and their solvers into numba's cache.

    Parameters
    ----------
    names : sequence of str, optional
        Catalog systems; default: all of ``kind`` (or the whole catalog).
    kind : str, optional
        With ``names`` omitted: only flows, maps, delay equations or SDEs.
    jobs : int
        Worker processes; 1 compiles in this process.
    parallel : bool
        Also compile the multi-threaded solvers that ensembles run on.
    jacobians : bool
        Also compile the analytic Jacobians (Lyapunov spectra, stiff fallback)
        and, with a flow among the systems, the RODAS4 solver that uses them
        (``method="rodas4"``, the corpus's stiff flows; about 45 s cold).

    Returns
    -------
    pandas.DataFrame
        One row per system and solver: ``name``, ``what`` (the system's kind,
        or ``solver (serial)`` / ``solver (parallel)``), ``seconds`` (its
        compile time, or the time to load it where the cache had it) and
        ``error`` (empty; a job that failed has one row, ``what="failed"``,
        with the reason).

    See Also
    --------
    System : The systems it compiles.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> table = ts.precompile(["Lorenz", "Henon"])
    >>> sorted(table["name"])
    ['Henon', 'Lorenz', 'dop853', 'map']
    """
    jobs = check_int(jobs, "jobs", minimum=1)
    work = system_jobs(names, kind=kind, workers=jobs, parallel=parallel, jacobians=jacobians)
    # numba's own thread count stays as it is: the parallel solvers are compiled for it
    return compile_table(run_jobs(work, backend=make_backend(jobs, threads=None)))
