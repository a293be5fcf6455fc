"""Corpus throughput on 1 and 2 local workers and a 2-worker dask cluster; the scheduler's per-task cost.

There is no peer: these are tsdyn's own rates, and from them the chunk size
at which 100 workers stay integration-bound. ``python benchmarks/cluster.py
[--write] [--per-system K] [--tasks N]`` (``--write`` refreshes the
"cluster" block of benchmarks/README.md). Run it with ``nice``; other work on
the machine lowers every number.

``--target`` runs the issue's throughput target instead: ``--per-system``
trajectories (1000 samples) of each of the first ``--systems`` chaotic flows
and maps (default: all of them) into ``--out``, on ``--jobs`` local worker
processes with ``--shard-size`` trajectories per job, and reports the wall
time, trajectories per second, rejected variants, disk size and load
(``--write``: the "cluster-target" block). Run ``tsdyn compile`` first: the
numba cache must be warm, or every worker compiles each system.

``--project`` estimates the target first, in this process: for every chaotic
flow and map, one shard of ``--sample`` trajectories (after a one-trajectory
warm-up that loads its compiled code) and one variant through the Lyapunov
check, timed in CPU seconds; from them the CPU time of 1000 kept trajectories
(candidates drawn at the measured acceptance rate, at most ``max_tries`` per
wanted one, the Lyapunov check on 1 % of the candidates) and the wall time on
``--jobs`` workers (``--write``: the "cluster-projection" block).
"""

import argparse
import os
import subprocess
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


def target(args) -> None:
    """The issue's target: ``per_system`` trajectories of every chaotic flow and map, timed end to end."""
    import pandas as pd

    from tsdyn import systems as catalog

    names = catalog.list(kind="flow", chaotic=True) + catalog.list(kind="map", chaotic=True)
    names = names[: args.systems] if args.systems else names
    skipped = [n for n in names if n in (args.skip or "").split(",")]
    names = [n for n in names if n not in skipped]
    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty: the target is timed from scratch")
    load = os.getloadavg()
    start = time.perf_counter()
    table = corpus(
        out, systems=names, per_system=args.per_system, shard_size=args.shard_size, n=1000, jobs=args.jobs,
        lyapunov_fraction=0.01, progress=sys.stderr.isatty(),
    )  # fmt: skip
    wall = time.perf_counter() - start
    load_after = os.getloadavg()
    systems = pd.read_csv(out / "systems.csv")
    rejected = pd.read_csv(out / "rejected.csv")
    size = subprocess.run(["du", "-sh", str(out)], capture_output=True, text=True).stdout.split()[0]
    short = systems[systems["kept"] < systems["wanted"]].sort_values("kept")
    slowest = systems.sort_values("seconds", ascending=False).head(8)
    lines = [
        f"{len(names)} chaotic flows and maps x {args.per_system} trajectories of 1000 samples "
        f"({len(names) * args.per_system} wanted{', left out: ' + ', '.join(skipped) if skipped else ''}), "
        f"shards of {args.shard_size}, {args.jobs} local worker processes, every variant's boundedness / "
        "fixed-point / limit-cycle check, the Lyapunov check on a seed-drawn 1 % of the variants, a 10-period "
        "transient, a 5 % parameter spread that each shard narrows while more than a third of its candidates "
        "fail (halving down to 1/64, then the catalog's parameters), at most 2 candidates per wanted trajectory; "
        "numba cache warmed by `tsdyn compile --jacobians` first.",
        "",
        "| wall time | trajectories kept | trajectories/s | candidates | rejected variants | Lyapunov checks | "
        "late starts | failed shards | disk | load average (1 min) before / after |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {wall / 60:.1f} min | {len(table)} | {len(table) / wall:.1f} | {int(systems['candidates'].sum())} | "
        f"{len(rejected)} | {int(systems['lyapunov_checked'].sum())} | {int(systems['late_start'].sum())} | "
        f"{int(systems['failed_shards'].sum())} | {size} | {load[0]:.1f} / {load_after[0]:.1f} |",
        "",
        f"Rejections by reason: {rejected['reason'].value_counts().to_dict() if len(rejected) else {}}.",
        f"Drawn at a narrowed spread: {int(systems['narrowed'].sum())} trajectories of "
        f"{int((systems['narrowed'] > 0).sum())} systems; at the catalog's parameters (range 0): "
        + (", ".join(f"{r.system}" for r in systems[systems['param_range_min'] == 0].itertuples()) or "none")
        + ".",
        "Integrated with RODAS4 (stiffness rule): "
        + (", ".join(systems.loc[systems["method"] == "rodas4", "system"]) or "none") + ".",
        f"Systems short of {args.per_system} trajectories ({len(short)}; kept of candidates): "
        + (", ".join(f"{r.system} {r.kept}/{r.candidates}" for r in short.itertuples()) or "none")
        + ".",
        "Slowest systems (worker seconds for their shards): "
        + ", ".join(f"{r.system} {r.seconds:.0f} s" for r in slowest.itertuples())
        + f"; all systems together {systems['seconds'].sum():.0f} worker seconds.",
        f"Per system: `{out}/systems.csv` (kept, rejected by reason, candidates, method, seconds).",
    ]  # fmt: skip
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_block("cluster-target", text)


def _project_one(name: str, k: int, tries: float, tmp: str) -> tuple:
    """One system's cost: CPU seconds per candidate, acceptance, seconds per Lyapunov check."""
    import dataclasses

    from tsdyn.forecast.corpora import Shard, build_shard

    shard = Shard(name, 0, 1, 1000, "fine", 10.0, 0.05, 0.1, 42, 0.0, tries, f"{tmp}/{name}/0.zarr")
    build_shard(shard)  # compile or load this system's code: a once-per-worker cost
    start = time.process_time()
    value = build_shard(dataclasses.replace(shard, index=1, members=k))
    cpu = time.process_time() - start
    per_candidate = cpu / value["candidates"]
    rate = max(len(value["rows"]), 0.5) / value["candidates"]  # 0.5: a system that kept none
    start = time.process_time()
    checked = build_shard(dataclasses.replace(shard, index=2, lyapunov_fraction=1.0))
    lyap = max(0.0, time.process_time() - start - per_candidate * checked["candidates"])
    return name, value["method"], per_candidate, rate, lyap / max(checked["lyapunov_checked"], 1)


def project(args) -> None:
    """Per-system cost of the target from a few trajectories each, and the projected wall time."""
    import functools
    import multiprocessing

    from tsdyn import systems as catalog

    names = catalog.list(kind="flow", chaotic=True) + catalog.list(kind="map", chaotic=True)
    names = names[: args.systems] if args.systems else names
    k, wanted, tries = args.sample, args.per_system, 2.0
    rows = []
    with tempfile.TemporaryDirectory() as tmp, multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
        measure = functools.partial(_project_one, k=k, tries=tries, tmp=tmp)
        for name, method, per_candidate, rate, lyap in pool.imap_unordered(measure, names):
            candidates = min(wanted / rate, tries * wanted)
            total = per_candidate * candidates + 0.01 * candidates * rate * lyap
            rows.append((name, method, per_candidate, rate, lyap, candidates, total))
            print(f"{name:32s} {method:8s} {per_candidate * 1e3:8.1f} ms/candidate "
                  f"accept {rate:5.2f} lyap {lyap:6.2f} s -> {total:7.1f} CPU-s", flush=True)  # fmt: skip
    rows.sort(key=lambda r: -r[-1])
    cpu = sum(r[-1] for r in rows)
    wall = cpu / args.jobs
    lines = [
        f"Projection of the target ({len(rows)} chaotic flows and maps x {wanted} trajectories of 1000 samples, "
        f"10-period transient, max_tries {tries:g}, Lyapunov check on 1 % of the variants) from {k} trajectories "
        "per system after a warm-up, CPU seconds in worker processes:",
        "",
        f"Total {cpu:.0f} CPU-s: {wall / 60:.1f} min on {args.jobs} workers if they stay busy.",
        "",
        "| system | method | ms per candidate | acceptance | Lyapunov check (s) | candidates | CPU-s |",
        "|---|---|---|---|---|---|---|",
        *[f"| {n} | {m} | {c * 1e3:.1f} | {a:.2f} | {ly:.2f} | {cand:.0f} | {t:.0f} |"
          for n, m, c, a, ly, cand, t in rows[:15]],
    ]  # fmt: skip
    if len(rows) > 15:
        lines += [
            "",
            f"The other {len(rows) - 15} systems together: {sum(r[-1] for r in rows[15:]):.0f} CPU-s.",
        ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_block("cluster-projection", text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--per-system", type=int, default=None)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--target", action="store_true")
    parser.add_argument("--project", action="store_true")
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--systems", type=int, default=0)
    parser.add_argument("--shard-size", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="/work/corpus_run")
    parser.add_argument(
        "--skip", default="", help="Comma-separated systems left out (say why in the README)."
    )
    args = parser.parse_args()
    if args.per_system is None:
        args.per_system = 1000 if (args.target or args.project) else 40
    if args.project:
        project(args)
        return
    if args.target:
        target(args)
        return
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
