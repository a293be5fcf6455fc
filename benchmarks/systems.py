"""The systems engine against dysts (same process) and tsdynamics's published numbers.

Run from benchmarks/: ``PYTHONPATH=.. python systems.py [--write] [--cold]``.
``--cold`` also integrates 1000 points of every flow in fresh processes with an
empty numba cache (cold) and again (warm), against dysts doing the same with
DOP853 at 1e-9 (about a minute each).

tsdynamics needs Python >= 3.12: run the same script with a 3.12 interpreter
that has tsdynamics (tsdyn works there too) and the tsdynamics rows are timed
side by side in that process; dysts rows need dysts (Python 3.11 here).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import warnings

import numba
import numpy as np
from harness import Case, Row, run_cases, write_section

import tsdyn.systems as ts

LORENZ_TOL = 1e-9


def tsdynamics_cases() -> list[Case]:
    """tsdyn against tsdynamics in the same (Python >= 3.12) process, same requests."""
    import tsdynamics
    import tsdynamics.analysis

    lorenz = ts.get("Lorenz")
    peer = tsdynamics.systems.get("Lorenz")()
    period = lorenz.period
    ics = lorenz.ic + np.random.default_rng(0).normal(size=(1000, 3))
    tol = {"rtol": LORENZ_TOL, "atol": LORENZ_TOL}
    return [
        Case(
            "Lorenz, 100 periods, dop853 1e-9",
            "10 000 samples",
            lambda: lorenz.integrate(n=10_001, dt=period / 100, **tol),
            "tsdynamics dop853",
            lambda: peer.run(final_time=100 * period, dt=period / 100, solver="dop853", **tol),
            repeats=7,
        ),
        Case(
            "Lorenz ensemble, dop853 1e-9",
            "1000 ICs x 1001 samples (t=10)",
            lambda: lorenz.integrate(n=1001, dt=0.01, ic=ics, **tol),
            "tsdynamics ensemble",
            lambda: peer.ensemble(ics).run(final_time=10.0, dt=0.01, solver="dop853", **tol),
            repeats=3,
        ),
        Case(
            "Lorenz Lyapunov spectrum",
            "t=1000, dt=0.01",
            lambda: ts.lyapunov_spectrum(lorenz, t=1000.0, dt=0.01),
            "tsdynamics",
            lambda: tsdynamics.analysis.lyapunov_spectrum(peer, final_time=1000.0, dt=0.01),
            repeats=5,
        ),
    ]


def lorenz_cases() -> list[Case]:
    import dysts.flows

    lorenz = ts.get("Lorenz")
    peer = dysts.flows.Lorenz()
    cases = [
        Case(
            "Lorenz, 100 periods, dop853 1e-9",
            "10 000 samples",
            lambda: lorenz.integrate(n=10_000, pts_per_period=100, rtol=LORENZ_TOL, atol=LORENZ_TOL),
            "dysts DOP853",
            lambda: peer.make_trajectory(
                10_000, pts_per_period=100, method="DOP853", rtol=LORENZ_TOL, atol=LORENZ_TOL
            ),
            repeats=3,
        )
    ]
    ics = lorenz.ic + np.random.default_rng(0).normal(size=(1000, 3))
    cases.append(
        Case(
            "Lorenz ensemble, dop853 1e-9",
            "1000 ICs x 1001 samples (t=10)",
            lambda: lorenz.integrate(n=1001, dt=0.01, ic=ics, rtol=LORENZ_TOL, atol=LORENZ_TOL),
            "dysts DOP853 loop (10 ICs, x100)",
            lambda: [
                peer.make_trajectory(
                    1001,
                    pts_per_period=int(lorenz.period / 0.01),
                    method="DOP853",
                    init_cond=ic,
                    rtol=LORENZ_TOL,
                    atol=LORENZ_TOL,
                )  # fmt: skip
                for ic in ics[:10]
            ],
            repeats=3,
        )
    )
    cases.append(
        Case(
            "Lorenz Lyapunov spectrum, RK4 dt=0.01",
            "t=1000",
            lambda: ts.lyapunov_spectrum(lorenz, t=1000.0, dt=0.01),
            "-",
            None,
            repeats=3,
        )
    )
    return cases


def delay_cases() -> list[Case]:
    """A 1000-member Mackey-Glass ensemble: one compiled call on 2 threads against 1 thread and a member loop."""
    from tsdyn.systems import _integrate as I

    mg = ts.get("MackeyGlass")
    ics = mg.ic + 0.05 * np.random.default_rng(0).standard_normal((1000, 1))
    run = {"n": 501, "dt": 1.0}
    threads = numba.config.NUMBA_NUM_THREADS

    def ensemble():
        return mg.integrate(**run, ic=ics)

    def one_thread():
        numba.set_num_threads(1)
        try:
            return ensemble()
        finally:
            numba.set_num_threads(threads)

    def member_loop():
        # How System.integrate ran delay ensembles before: one solver call per member from Python.
        f, ts_ = mg.compiled("rhs"), np.arange(run["n"]) * run["dt"]
        return [
            I.solve_dde(f, ic[None, :], mg._p[None, :], ts_, tau=mg.delay_time, parallel=False) for ic in ics
        ]

    size = "1000 ICs x 501 samples (t=500)"
    return [
        Case(
            f"MackeyGlass ensemble, dde5 1e-9, {threads} threads",
            size,
            ensemble,
            "1 thread",
            one_thread,
            repeats=3,
        ),
        Case(
            "MackeyGlass ensemble, dde5 1e-9", size, ensemble, "member loop (Python)", member_loop, repeats=3
        ),
    ]


COLD_SCRIPT = """
import time, warnings
warnings.simplefilter("ignore")
t0 = time.perf_counter()
import numpy as np
{body}
print(time.perf_counter() - t0)
"""

TSDYN_ALL = """
import tsdyn.systems as ts
names = {names}
{before}
a = time.perf_counter()
ts.get("Lorenz").integrate(n=10)  # what any first call pays: xarray (and dask), the solver's machine code
startup = time.perf_counter() - a
compile_times = []
loop = {True: 0.0, False: 0.0}  # seconds in load + integrate, by "is a field (dimension >= 64)"
for name in names:
    s = ts.get(name)
    a = time.perf_counter()
    s.compiled("rhs")
    compile_times.append(time.perf_counter() - a)
    s.integrate(n=1000, rtol=1e-9, atol=1e-9)
    loop[s.dimension >= 64] += time.perf_counter() - a
print(np.median(compile_times), startup, loop[False], loop[True])
"""


def _tsdyn_all(names: str, before: str = "") -> str:
    return TSDYN_ALL.replace("{names}", names).replace("{before}", before)


DYSTS_ALL = """
import dysts.flows, dysts.base
from dysts.systems import get_attractor_list
for name in get_attractor_list("continuous"):
    model = getattr(dysts.flows, name)()
    try:
        model.make_trajectory(1000, method="DOP853", rtol=1e-9, atol=1e-9)
    except Exception:
        pass
"""


def _run(body: str, env: dict) -> list[float]:
    res = subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT.format(body=body)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(v) for v in res.stdout.split()]


def cold_rows() -> tuple[list[Row], str]:
    from dysts.systems import get_attractor_list

    every = _tsdyn_all('ts.list(kind="flow")')
    theirs = [n for n in ts.list() if n in set(get_attractor_list("continuous"))]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        median_compile, _, _, _, cold = _run(every, env)
        _, startup, warm_small, warm_fields, warm = _run(every, env)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        *_, cold_2 = _run(_tsdyn_all('ts.list(kind="flow")', "ts.precompile(names, jobs=2)"), env)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        *_, cold_shared = _run(_tsdyn_all(repr(theirs)), env)
    with tempfile.TemporaryDirectory() as cache:
        # The same, warming the cache on both cores first (what `tsdyn compile --jobs 2` does for the systems).
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        *_, cold_shared_2 = _run(_tsdyn_all(repr(theirs), "ts.precompile(names, jobs=2)"), env)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        (dysts_cold,) = _run(DYSTS_ALL, env)
    flows = [ts.get(name) for name in ts.list(kind="flow")]
    n, n_fields = len(flows), sum(s.dimension >= 64 for s in flows)
    peer = "dysts DOP853 1e-9 (process)"
    rows = [
        Row(
            f"1000 points of each of dysts's flows and delay equations ({len(theirs)}), cold cache",
            "process total",
            peer,
            cold_shared,
            cold_shared,
            dysts_cold,
        ),
        Row(
            f"1000 points of each of dysts's flows and delay equations ({len(theirs)}), cold cache, "
            "ts.precompile(jobs=2) first",
            "process total",
            peer,
            cold_shared_2,
            cold_shared_2,
            dysts_cold,
        ),
        Row(f"1000 points of every flow ({n}), cold cache", "process total", peer, cold, cold, dysts_cold),
        Row(
            f"1000 points of every flow ({n}), cold cache, ts.precompile(jobs=2) first",
            "process total",
            peer,
            cold_2,
            cold_2,
            dysts_cold,
        ),
        Row(f"1000 points of every flow ({n}), warm cache", "process total", peer, warm, warm, dysts_cold),
        Row(
            "  of which the first call (imports, loading the solver)",
            "warm cache",
            "-",
            startup,
            startup,
            None,
        ),
        Row(
            f"  of which loading and integrating the {n - n_fields} flows of dimension < 64",
            "warm cache",
            "-",
            warm_small,
            warm_small,
            None,
        ),
        Row(
            f"  of which loading and integrating the {n_fields} fields (dimension >= 64)",
            "warm cache",
            "-",
            warm_fields,
            warm_fields,
            None,
        ),
    ]
    note = (
        f"Compile time of one right-hand side (cold, median over the flows): {median_compile:.2f} s. "
        "The first call imports xarray, pandas and dask (xarray imports dask.array on the first "
        "DataArray when dask is installed) and loads the solver; the rest of the warm process total "
        "is Python starting and importing numpy and numba."
    )
    return rows, note


def main() -> None:
    warnings.simplefilter("ignore")
    if sys.version_info >= (3, 12):
        # tsdynamics's environment: the side-by-side rows against it, nothing else.
        rows = run_cases(tsdynamics_cases())
        if "--write" in sys.argv:
            write_section(
                "systems-tsdynamics", rows, notes="Python 3.12 process with tsdynamics 6.1.1 and tsdyn."
            )
        return
    rows = run_cases(lorenz_cases() + delay_cases())
    notes = [
        "The ensemble peer row times dysts on 10 initial conditions; multiply by 100 for the 1000-member figure.",
        "tsdynamics runs only on Python >= 3.12: see the next table (same script under 3.12).",
    ]
    if "--cold" in sys.argv:
        extra, note = cold_rows()
        from harness import format_row

        for row in extra:
            print(format_row(row))
        rows += extra
        notes.append(note)
    lorenz = ts.get("Lorenz")
    start = time.perf_counter()
    res = ts.lyapunov_spectrum(lorenz, t=1000.0, dt=0.01)
    notes.append(
        f"Lorenz spectrum: {np.round(res.exponents, 4).tolist()} +- {np.round(res.stderr, 4).tolist()} "
        f"({time.perf_counter() - start:.3f} s)."
    )
    print("\n".join(notes))
    if "--write" in sys.argv:
        write_section("systems", rows, notes="\n\n".join(notes))


if __name__ == "__main__":
    main()
