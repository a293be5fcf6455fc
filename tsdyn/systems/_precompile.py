"""Compile systems and their solvers into numba's on-disk cache ahead of use, over several processes.

A fresh machine (or a new numba, Python or tsdyn version) starts with an empty
cache: the first integration of each system compiles its right-hand side
(about 0.1 s) and the first of each kind compiles the solver (seconds). Done
in one process that is a sequential wait; :func:`precompile` spreads it over
``jobs`` processes, and every later process loads the machine code.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tsdyn.errors import InputError, check_int

if TYPE_CHECKING:
    import pandas as pd

# The solver kernel (tsdyn.systems._integrate) a system of each kind runs on by default.
_KERNELS = {"flow": "dop853", "map": "map", "delay": "dde5", "sde": "euler-maruyama"}


def _kernel(label: str, parallel: bool):
    from tsdyn.systems import _integrate as I

    table = {
        "dop853": lambda p: I._RK_KERNELS[I.DOP853, p],
        "map": lambda p: I._MAP_KERNELS[p],
        "dde5": lambda p: I._DDE_KERNELS[p],
        "euler-maruyama": lambda p: I._EM_KERNELS[p],
    }
    return table[label](parallel)


def _compile(task: tuple) -> list[tuple[str, str, float]]:
    """One task: ``("solver", label, parallel)`` or ``("systems", names, parts)``; rows (name, what, seconds)."""
    import tsdyn.systems as ts

    rows = []
    if task[0] == "solver":
        _, label, parallel = task
        start = time.perf_counter()
        _kernel(label, parallel).compile()
        what = f"solver ({'parallel' if parallel else 'serial'})"
        return [(label, what, time.perf_counter() - start)]
    _, names, parts = task
    for name in names:
        system = ts.get(name)
        start = time.perf_counter()
        for what in parts:
            system.compiled(what)
        rows.append((name, system.kind, time.perf_counter() - start))
    return rows


def precompile(
    names: Sequence[str] | None = None,
    *,
    kind: str | None = None,
    jobs: int = 1,
    parallel: bool = False,
    jacobians: bool = False,
) -> pd.DataFrame:
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
        Also compile the analytic Jacobians (Lyapunov spectra, stiff fallback);
        about doubles the time.

    Returns
    -------
    pandas.DataFrame
        One row per system and solver: ``name``, ``what`` (the system's kind,
        or ``solver (serial)`` / ``solver (parallel)``) and ``seconds`` (its
        compile time, or the time to load it where the cache had it).

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> table = ts.precompile(["Lorenz", "Henon"])
    >>> sorted(table["name"])
    ['Henon', 'Lorenz', 'dop853', 'map']
    """
    import concurrent.futures
    import multiprocessing

    import pandas as pd

    import tsdyn.systems as ts

    jobs = check_int(jobs, "jobs", minimum=1)
    if names is None:
        names = ts.list(kind=kind)
    elif kind is not None:
        raise InputError("give names or kind, not both")
    systems = [ts.get(name) for name in names]  # unknown names fail here, with suggestions
    user = [s.name for s in systems if s.spec.extra.get("user")]
    if user:
        # Worker processes import the catalog's modules only; a user's own function compiles on first use.
        raise InputError(f"precompile is for catalog systems; {', '.join(user)} are user-defined")
    labels = dict.fromkeys(_KERNELS[s.kind] for s in systems)
    tasks: list[tuple] = [
        ("solver", label, p) for label in labels for p in ((False, True) if parallel else (False,))
    ]
    # Solvers first (the longest compiles), then the systems in as many pieces as make the load even.
    pieces = min(len(systems), 4 * jobs)
    parts = ("rhs", "noise", "jac") if jacobians else ("rhs", "noise")
    tasks += [("systems", [s.name for s in systems[i::pieces]], parts) for i in range(pieces)]
    if jobs == 1:
        results = [_compile(task) for task in tasks]
    else:
        context = multiprocessing.get_context("spawn")  # no fork after numba threads started
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = list(pool.map(_compile, tasks))
    return pd.DataFrame([row for rows in results for row in rows], columns=["name", "what", "seconds"])
