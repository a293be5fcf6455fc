"""Time a tsdyn callable against a peer's on the same data, in one process.

Usage from an engine's benchmark script::

    from harness import Case, run_cases, write_section
    rows = run_cases([Case("rolling mean", "N=1e6", tsdyn_fn, "pandas", peer_fn)])
    write_section("foundation", rows)

The first call of the tsdyn callable is timed on its own and reported as
``first call`` (JIT compile included); the medians exclude it.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).with_name("README.md")


@dataclass
class Case:
    name: str
    size: str
    ours: Callable[[], object]
    peer_name: str
    peer: Callable[[], object] | None
    repeats: int = 5


@dataclass
class Row:
    name: str
    size: str
    peer_name: str
    first_call_s: float
    ours_s: float
    peer_s: float | None

    @property
    def ratio(self) -> float | None:
        return None if self.peer_s is None else self.peer_s / self.ours_s


def _median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_case(case: Case) -> Row:
    start = time.perf_counter()
    case.ours()
    first = time.perf_counter() - start
    ours = _median_time(case.ours, case.repeats)
    peer = None
    if case.peer is not None:
        case.peer()  # warm-up (imports, caches)
        peer = _median_time(case.peer, case.repeats)
    return Row(case.name, case.size, case.peer_name, first, ours, peer)


def run_cases(cases: list[Case], *, echo: bool = True) -> list[Row]:
    rows = []
    for case in cases:
        row = run_case(case)
        rows.append(row)
        if echo:
            print(format_row(row), flush=True)
    return rows


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def format_row(row: Row) -> str:
    ratio = "-" if row.ratio is None else f"{row.ratio:.1f}x"
    return (
        f"| {row.name} | {row.size} | {_fmt(row.ours_s)} | {row.peer_name} | "
        f"{_fmt(row.peer_s)} | {ratio} | {_fmt(row.first_call_s)} |"
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def table(rows: list[Row]) -> str:
    head = (
        "| case | size | tsdyn (median) | peer | peer (median) | speed-up | tsdyn first call |\n"
        "|---|---|---|---|---|---|---|"
    )
    return "\n".join([head, *(format_row(r) for r in rows)])


def write_section(section: str, rows: list[Row], *, notes: str = "", path: Path = README) -> None:
    """Replace the ``section`` block of benchmarks/README.md with a fresh table."""
    write_block(section, table(rows) + (f"\n\n{notes.strip()}" if notes else ""), path=path)


def write_block(section: str, text: str, *, path: Path = README) -> None:
    """Replace the ``section`` block of benchmarks/README.md with ``text`` under a machine line."""
    begin, end = f"<!-- begin:{section} -->", f"<!-- end:{section} -->"
    body = f"{begin}\nMachine: {machine()}. Measured {time.strftime('%Y-%m-%d')}.\n\n{text.strip()}\n{end}"
    readme = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    readme = pattern.sub(lambda _: body, readme) if pattern.search(readme) else f"{readme}\n{body}\n"
    path.write_text(readme)
