"""Recurrence: RQA against pyunicorn, RQA at N = 1e5, and a 100-threshold scan.

Run from benchmarks/: ``PYTHONPATH=.. python recurrence.py [--write]``

Targets (issue 17): all measures of N = 5 000 embedded points at least 20x
pyunicorn's ``RecurrencePlot`` on the same settings; N = 1e5 at a recurrence
rate of 1 % in under 10 s and 1 GB; a 100-threshold scan at N = 1e4 in under
3x the cost of one threshold; windowed RQA of N = 1e5, windows of 1 000, step
100, in under 10 s. pyunicorn builds the dense matrix, so only the first case
has a peer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import textwrap
import time

import numpy as np
from harness import Case, run_cases, write_section

import tsdyn.systems as ts
from tsdyn.chaos import embed
from tsdyn.recurrence import recurrence_network, rolling_rqa, rqa, rqa_scan


def logistic_points(n: int) -> np.ndarray:
    x = ts.get("Logistic").integrate(n=n + 2, transient=1000).isel(variable=0).values
    # float32-rounded, as pyunicorn computes in float32: both get the same points
    return embed(x, m=3, tau=1).astype(np.float32).astype(np.float64)


def pyunicorn_all(points: np.ndarray, eps: float) -> None:
    from pyunicorn.timeseries import RecurrencePlot

    rp = RecurrencePlot(points.astype(np.float32), threshold=eps, metric="supremum", silence_level=3)
    rp.recurrence_rate(), rp.determinism(), rp.average_diaglength(), rp.max_diaglength()
    rp.diag_entropy(), rp.laminarity(), rp.trapping_time(), rp.max_vertlength(), rp.white_vert_entropy()


def ours_all(points: np.ndarray, eps: float) -> None:
    import pandas as pd

    rqa(pd.DataFrame(points), threshold=eps, metric="chebyshev")


def pyunicorn_network(points: np.ndarray, eps: float) -> None:
    from pyunicorn.timeseries import RecurrenceNetwork

    net = RecurrenceNetwork(points.astype(np.float32), threshold=eps, metric="supremum", silence_level=3)
    net.transitivity(), net.global_clustering(), net.average_path_length(), net.assortativity()


def ours_network(points: np.ndarray, eps: float) -> None:
    import pandas as pd

    recurrence_network(pd.DataFrame(points), threshold=eps, metric="chebyshev")


def large_case() -> str:
    """N = 1e5 in a fresh process that only loads the series: time, CPU time and the memory the call adds."""
    x = ts.get("Lorenz").integrate(n=100_004, dt=0.05, transient=50).isel(variable=0).values
    code = textwrap.dedent(
        """
        import os, sys, threading, time
        import numpy as np
        from tsdyn.recurrence import rqa
        page = os.sysconf("SC_PAGE_SIZE")
        def rss():
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * page
        x = np.load(sys.argv[1])
        rqa(x[:500], m=3, tau=2, recurrence_rate=0.01)  # compile or load the kernels
        before, peak, done = rss(), [0], threading.Event()
        def sample():  # the kernels release the GIL: sample the resident set meanwhile
            while not done.is_set():
                peak[0] = max(peak[0], rss())
                time.sleep(0.005)
        sampler = threading.Thread(target=sample)
        sampler.start()
        wall, cpu = time.perf_counter(), time.process_time()
        res = rqa(x, m=3, tau=2, recurrence_rate=0.01)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        done.set()
        sampler.join()
        print(f"{wall:.2f} {cpu:.2f} {(peak[0] - before) / 2**20:.0f} {peak[0] / 2**20:.0f} "
              f"{res.recurrence_rate:.5f} {res.determinism:.3f} {res.laminarity:.3f}")
        """
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in ("..", os.environ.get("PYTHONPATH")) if p))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "lorenz.npy")
        np.save(path, x)
        out = subprocess.run(
            [sys.executable, "-c", code, path], capture_output=True, text=True, check=True, env=env
        )
    wall, cpu, added, peak, rate, det, lam = out.stdout.split()
    return (
        f"N = 1e5 (Lorenz x, dt = 0.05, m = 3, tau = 2, euclidean, recurrence_rate = 0.01: "
        f"{float(rate) * 1e10:.2g} recurrent pairs; RR {rate}, DET {det}, LAM {lam}): "
        f"{wall} s wall, {cpu} s CPU (one thread); resident memory rose by at most {added} MB during "
        f"the call (sampled every 5 ms), to {peak} MB for the whole process (Python, numpy, xarray, "
        f"numba and the series included)."
    )


def _interleaved(first, second, rounds: int = 7) -> tuple[float, float, float, float]:
    """Medians of wall and CPU time of two callables run in turn, ``rounds`` times each.

    Taking turns exposes both to the same load: on shared cores whose load drifts, medians
    of separate runs can differ by a factor of two for that alone.
    """
    times: list[list[tuple[float, float]]] = [[], []]
    for _ in range(rounds):
        for k, fn in enumerate((first, second)):
            wall, cpu = time.perf_counter(), time.process_time()
            fn()
            times[k].append((time.perf_counter() - wall, time.process_time() - cpu))
    (a_wall, a_cpu), (b_wall, b_cpu) = (
        [sorted(t[j] for t in times[k])[rounds // 2] for j in (0, 1)] for k in (0, 1)
    )
    return a_wall, a_cpu, b_wall, b_cpu


def _cpu_median(fn) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return sorted(times)[1]


def main() -> None:
    points = logistic_points(5000)
    eps = 0.05  # RR ~ 5 % for the logistic map's embedded points
    x = ts.get("Lorenz").integrate(n=10_004, dt=0.05, transient=50).isel(variable=0).values
    rates = np.linspace(0.0005, 0.05, 100)
    long = ts.get("Lorenz").integrate(n=100_004, dt=0.05, transient=50).isel(variable=0).values
    cases = [
        Case(
            "rqa, all measures, threshold 0.05 (chebyshev)",
            "N=5000 points",
            lambda: ours_all(points, eps),
            "pyunicorn 1.0",
            lambda: pyunicorn_all(points, eps),
            repeats=3,
        ),
        Case(
            "recurrence_network: transitivity, clustering, path length, assortativity",
            "N=2000 points",
            lambda: ours_network(points[:2000], eps),
            "pyunicorn 1.0",
            lambda: pyunicorn_network(points[:2000], eps),
            repeats=3,
        ),
        Case(
            "rqa_scan, 100 recurrence rates 0.05 %-5 %",
            "N=1e4 (Lorenz)",
            lambda: rqa_scan(x, m=3, tau=2, recurrence_rate=rates),
            "rqa at RR 5 % alone",
            lambda: rqa(x, m=3, tau=2, recurrence_rate=0.05),
            repeats=3,
        ),
        Case(
            "rolling_rqa, window 1000, step 100, threshold 2.0",
            "N=1e5 (Lorenz)",
            lambda: rolling_rqa(long, window=1000, step=100, m=3, tau=2, threshold=2.0),
            "-",
            None,
            repeats=1,
        ),
        Case(
            "rolling_rqa, window 1000, step 100, RR 5 % per window",
            "N=1e5 (Lorenz)",
            lambda: rolling_rqa(long, window=1000, step=100, m=3, tau=2, recurrence_rate=0.05),
            "-",
            None,
            repeats=1,
        ),
    ]
    rows = run_cases(cases)
    scan_wall, scan_cpu, one_wall, one_cpu = _interleaved(cases[2].ours, cases[2].peer)
    # the peer rows in CPU time too (all threads: the network's path search uses numba's)
    peer_cpu = [(_cpu_median(case.ours), _cpu_median(case.peer)) for case in cases[:2]]
    # the windowed rows: CPU time of one call each (wall times suffer from the shared cores)
    window_cpu = []
    for case in cases[3:]:
        start = time.process_time()
        case.ours()
        window_cpu.append(time.process_time() - start)
    large = large_case()
    print(large)
    load = os.getloadavg()
    notes = f"""
In CPU time (medians of 3, all threads), RQA takes {peer_cpu[0][0]:.3f} s against pyunicorn's
{peer_cpu[0][1]:.2f} s ({peer_cpu[0][1] / peer_cpu[0][0]:.1f}x), the recurrence network
{peer_cpu[1][0]:.2f} s against {peer_cpu[1][1]:.2f} s ({peer_cpu[1][1] / peer_cpu[1][0]:.1f}x).

The scan row's peer column is tsdyn itself at the grid's largest rate. Run in turn, 7 times
each (medians), the 100-rate scan costs {scan_cpu / one_cpu:.1f}x one threshold in CPU time
({scan_cpu:.2f} s against {one_cpu:.2f} s) and {scan_wall / one_wall:.1f}x in wall time
({scan_wall:.2f} s against {one_wall:.2f} s); target < 3x. (The table's columns, medians of
separate runs, move with the load between them.) pyunicorn builds the dense N x N matrix
(`RecurrencePlot`, float32); the windowed rows take {window_cpu[0]:.1f} s and {window_cpu[1]:.1f} s of CPU
(target < 10 s). Its first row includes all measures of the table in
`docs/recurrence.md` that it has (RR, DET, L, Lmax, ENTR, LAM, TT, Vmax, white-line entropy).

{large}

Load average while measuring: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) on 2 cores
shared with other work, so wall times are up to ~2-3x the CPU times.
"""
    if "--write" in sys.argv:
        write_section("recurrence", rows, notes=notes)
    print(notes)


if __name__ == "__main__":
    main()
