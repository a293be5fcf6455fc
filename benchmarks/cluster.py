"""Corpus throughput on 1 and 2 local workers and a 2-worker dask cluster; the scheduler's per-task cost.

There is no peer: these are tsdyn's own rates, and from them the chunk size
at which 100 workers stay integration-bound. ``python benchmarks/cluster.py
[--write] [--per-system K] [--tasks N]`` (``--write`` refreshes the
"cluster" block of benchmarks/README.md). Run it with ``nice``; other work on
the machine lowers every number.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from harness import write_block

from tsdyn.forecast import corpus

SYSTEMS = ["Lorenz", "Rossler", "Henon", "Chirikov"]  # two flows, two maps


def _noop(x):
    return x


def corpus_rate(per_system: int, **where) -> tuple[float, int]:
    """Trajectories per second (1000 samples each, checks included) and how many were kept."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        table = corpus(
            out, systems=SYSTEMS, per_system=per_system, shard_size=max(1, per_system // 4), n=1000, **where
        )
        return len(table) / (time.perf_counter() - start), len(table)


def scheduler_overhead(tasks: int) -> tuple[float, float]:
    """Seconds per empty task through a 2-worker LocalCluster: dask's map, and tsdyn's job runner."""
    from distributed import Client, LocalCluster

    from tsdyn._jobs import DaskBackend, Job, run_jobs

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        client.gather(client.map(_noop, range(100)))  # warm
        start = time.perf_counter()
        client.gather(client.map(_noop, range(tasks), pure=False))
        raw = (time.perf_counter() - start) / tasks
        few = max(100, tasks // 10)
        start = time.perf_counter()
        run_jobs([Job(key=str(i), func=_noop, args=(i,)) for i in range(few)], backend=DaskBackend(client))
        runner = (time.perf_counter() - start) / few
    return raw, runner


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--per-system", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=10_000)
    args = parser.parse_args()
    corpus(tempfile.mkdtemp(), systems=SYSTEMS, per_system=2, shard_size=2, n=50)  # compile / load the cache
    rows = []
    starts = {}
    for label, where in [
        ("2 local worker processes", {"jobs": 2}),
        ("2-worker dask LocalCluster", {"jobs": 2, "scheduler": "local"}),
    ]:
        # the fixed cost: start the workers, import tsdyn and compile each system's kernels in each
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            corpus(out, systems=SYSTEMS, per_system=2, shard_size=1, n=1000, **where)
            starts[label] = time.perf_counter() - start
        print(f"{label}: fixed cost {starts[label]:.1f} s", flush=True)
    for label, where in [
        ("1 local worker", {"jobs": 1}),
        ("2 local worker processes", {"jobs": 2}),
        ("2-worker dask LocalCluster", {"jobs": 2, "scheduler": "local"}),
    ]:
        rate, kept = corpus_rate(args.per_system, **where)
        rows.append((label, rate, kept))
        print(f"{label}: {rate:.1f} trajectories/s ({kept} kept)", flush=True)
    raw, runner = scheduler_overhead(args.tasks)
    print(
        f"scheduler: {raw * 1e3:.2f} ms per empty task (client.map), {runner * 1e3:.2f} ms through run_jobs"
    )
    per_trajectory = 1 / rows[0][1]
    # the scheduler hands out tasks one at a time: 100 workers stay busy while a chunk takes 10x
    # longer than the scheduler needs to serve the other 99 (a safety factor of 10 on the raw cost)
    chunk = int(10 * 100 * raw / per_trajectory) + 1
    print(f"chunk size for 100 workers: >= {chunk} trajectories per task")
    lines = [
        f"Corpus of {len(SYSTEMS)} systems ({', '.join(SYSTEMS)}) x {args.per_system} trajectories of 1000 "
        "samples, shards of a quarter of that, every variant's boundedness / fixed-point / limit-cycle check "
        "included, the Lyapunov check on 1 % of the shards; the benchmark process warmed up first (its own compile excluded, not the workers').",
        "",
        "| where | trajectories/s | kept | fixed cost: the same run with 2 trajectories per system |",
        "|---|---|---|---|",
        *[
            f"| {label} | {rate:.1f} | {kept} | {starts[label]:.1f} s |"
            if label in starts
            else f"| {label} | {rate:.1f} | {kept} | - |"
            for label, rate, kept in rows
        ],  # fmt: skip
        "",
        "The single-worker row runs in the benchmark's own process, whose kernels the warm-up compiled; "
        "worker processes compile (or load from numba's cache) each system's kernels once each.",
        "",
        f"Scheduler cost, 2-worker LocalCluster: {raw * 1e3:.2f} ms per empty task ({args.tasks} tasks through "
        f"`client.map`); {runner * 1e3:.2f} ms per job through tsdyn's job runner (which keeps 4 jobs per worker "
        "in flight, so it pays a round trip per job).",
        f"Chunk size at which 100 workers stay integration-bound (a chunk lasting 10x the scheduler's time for "
        f"100 tasks): >= {chunk} trajectories per task (shard size), from {per_trajectory * 1e3:.1f} ms per "
        "trajectory on one worker.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_block("cluster", text)


if __name__ == "__main__":
    main()
