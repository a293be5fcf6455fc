"""Batch throughput: `tsdyn analyze` on many CSV files with the default measure sets.

    cd benchmarks && PYTHONPATH=.. python batch.py              # 2000 files of 10 000 rows x 3 columns
    cd benchmarks && PYTHONPATH=.. python batch.py --files 100  # quicker
    cd benchmarks && PYTHONPATH=.. python batch.py --write      # record the table in README.md

Each configuration runs in a fresh process (so peak memory is its own): it
processes every file with ``tsdyn.io.run_batch`` (the code behind
``tsdyn analyze``) writing all outputs (summary, rolling netCDF per file,
manifest, journal), and reports files per second and peak resident memory of
the main process and of the largest worker. Numba's cache is warmed first on
two files so compilation is not timed. There is no peer library that does
this, so the table has no ratio column.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from harness import README, machine

HERE = Path(__file__).parent


def make_files(folder: Path, n_files: int, rows: int, cols: int) -> None:
    """AR(1) columns with a time column: 'time,x0,x1,...' written with 8 significant digits."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    header = ",".join(["time", *(f"x{j}" for j in range(cols))])
    t = np.arange(rows, dtype=np.float64)
    for i in range(n_files):
        noise = rng.standard_normal((rows, cols))
        x = np.empty_like(noise)
        x[0] = noise[0]
        for k in range(1, rows):  # AR(1), phi = 0.7
            x[k] = 0.7 * x[k - 1] + noise[k]
        table = np.column_stack([t, x])
        np.savetxt(
            folder / f"series_{i:05d}.csv", table, delimiter=",", header=header, comments="", fmt="%.8g"
        )


def run_one(data: Path, jobs: int, out: Path) -> dict:
    """Process every file once (in this process) and report time and memory."""
    from tsdyn.io import batch

    files = sorted(data.glob("*.csv"))
    batch.run_batch(files[:2], out=out / "warmup", jobs=1)  # numba compile / cache load, not timed
    start = time.perf_counter()
    run = batch.run_batch(files, out=out / "run", jobs=jobs, resume=False)
    seconds = time.perf_counter() - start
    kib = 1024 if sys.platform != "darwin" else 1
    return {
        "jobs": jobs,
        "files": len(files),
        "ok": run.manifest["counts"]["ok"],
        "seconds": seconds,
        "files_per_s": len(files) / seconds,
        "peak_main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kib / 2**20,
        "peak_worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * kib / 2**20,
    }


def table(results: list[dict], files: int, rows: int, cols: int) -> str:
    lines = [
        f"{files} CSV files of {rows} rows x {cols} columns, default measure sets (summary, ordinal, ews) "
        "with every output written (summary CSV/Parquet, rolling netCDF per file, manifest, journal).",
        "",
        "| workers | files | time | files/s | peak RSS main | peak RSS largest worker |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        worker = "-" if r["jobs"] == 1 else f"{r['peak_worker_mib']:.0f} MiB"
        lines.append(
            f"| {r['jobs']} | {r['files']} | {r['seconds']:.1f} s | {r['files_per_s']:.2f} | "
            f"{r['peak_main_mib']:.0f} MiB | {worker} |"
        )
    if len(results) > 1:
        lines += [
            "",
            f"Speed-up with {results[-1]['jobs']} workers: {results[-1]['files_per_s'] / results[0]['files_per_s']:.2f}x.",
        ]
    return "\n".join(lines)


def write_section(text: str, *, section: str = "batch", path: Path = README) -> None:
    """Replace the ``section`` block of benchmarks/README.md (same markers as harness.write_section)."""
    begin, end = f"<!-- begin:{section} -->", f"<!-- end:{section} -->"
    body = f"{begin}\nMachine: {machine()}. Measured {time.strftime('%Y-%m-%d')}.\n\n{text.strip()}\n{end}"
    old = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    path.write_text(pattern.sub(lambda _: body, old) if pattern.search(old) else f"{old}\n{body}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--cols", type=int, default=3)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--data", type=Path, help="folder to keep the generated files in (reused if present)")
    parser.add_argument("--write", action="store_true", help="record the table in benchmarks/README.md")
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)  # internal: one configuration
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run is not None:
        print(json.dumps(run_one(args.data, args.run, args.out)))
        return
    scratch = Path(tempfile.mkdtemp(prefix="tsdyn-batch-bench-"))
    data = args.data or scratch / "data"
    try:
        if len(list(data.glob("*.csv"))) != args.files:
            shutil.rmtree(data, ignore_errors=True)
            start = time.perf_counter()
            make_files(data, args.files, args.rows, args.cols)
            print(f"made {args.files} files in {time.perf_counter() - start:.1f} s", flush=True)
        results = []
        for jobs in (int(j) for j in args.workers.split(",")):
            out = scratch / f"out{jobs}"
            cmd = [sys.executable, __file__, "--run", str(jobs), "--data", str(data), "--out", str(out)]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                sys.exit(proc.stderr)
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            results.append(result)
            print(json.dumps(result), flush=True)
            shutil.rmtree(out, ignore_errors=True)
        text = table(results, args.files, args.rows, args.cols)
        print(text)
        if args.write:
            write_section(text)
    finally:
        if args.data is None:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
