"""Feedback for batch runs: a progress bar on a terminal, log lines elsewhere, a final table.

>>> import io
>>> log = make_progress(False, io.StringIO())
>>> log.start(total=2, done=1)
>>> log.console.file.getvalue()
'tsdyn analyze: 2 file(s), 1 already done (resumed)\\n'
"""

from __future__ import annotations

import sys
from typing import TextIO

import pandas as pd

from tsdyn._jobs import Progress
from tsdyn.io.measures import get_measure

__all__ = ["describe_failure", "make_progress", "print_summary"]

MAX_TABLE_ROWS = 20


def describe_failure(result) -> str:
    """``file: reason``, without repeating the file name when the reason starts with it."""
    return result.error if result.error.startswith(result.file) else f"{result.file}: {result.error}"


def make_progress(quiet: bool, stream: TextIO | None = None) -> Progress | None:
    """The batch's progress on ``stream`` (stderr): a bar on a terminal, a line per file otherwise, none if quiet."""
    return None if quiet else Progress("analyze", stream=stream, lines=True, unit="file")


def _headline_table(summary: pd.DataFrame) -> pd.DataFrame:
    ok = summary[summary["status"] == "ok"]
    if ok.empty:
        return pd.DataFrame()
    frames = []
    for name in dict.fromkeys(ok["measure_set"]):
        part = ok[ok["measure_set"] == name].dropna(axis=1, how="all")
        labels = {}
        for key, label in get_measure(name).headline.items():
            if key.endswith("*"):
                prefix = key[:-1]
                labels.update({c: label + c[len(prefix) :] for c in part.columns if c.startswith(prefix)})
            elif key in part.columns:
                labels[key] = label
        if labels:
            frames.append(
                part[["file", "series", *labels]].rename(columns=labels).set_index(["file", "series"])
            )
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, axis=1).reset_index()


def _fmt(value) -> str:
    if isinstance(value, float):
        return "" if value != value else f"{value:.4g}"
    return str(value)


def print_summary(run, out, *, elapsed: float, stream: TextIO | None = None) -> None:
    """Print the final summary: counts, a table of headline results, the failures."""
    from rich.console import Console
    from rich.table import Table

    stream = stream if stream is not None else sys.stdout
    # off a terminal rich would wrap at 80 columns: keep long paths and reasons on one line
    console = Console(file=stream, highlight=False, width=None if stream.isatty() else 200)
    counts = run.manifest["counts"]
    where = f" -> {out}" if out is not None else ""
    console.print(
        f"tsdyn analyze: {counts['files']} file(s), {counts['ok']} ok, {counts['failed']} failed, "
        f"{counts['resumed']} resumed, {counts['not_run']} not run, in {elapsed:.1f} s{where}"
    )
    head = _headline_table(run.summary)
    if not head.empty:
        table = Table(show_edge=False, pad_edge=False)
        for col in head.columns:
            table.add_column(col, justify="left" if col in ("file", "series") else "right")
        for _, row in head.head(MAX_TABLE_ROWS).iterrows():
            table.add_row(*(_fmt(v) for v in row.tolist()))
        console.print(table)
        if len(head) > MAX_TABLE_ROWS:
            console.print(f"... {len(head) - MAX_TABLE_ROWS} more row(s) in {out or 'the summary'}")
    failed = [r for r in run.results if r.status != "ok"]
    if failed:
        console.print(f"Failed ({len(failed)}):")
        for r in failed[:MAX_TABLE_ROWS]:
            console.print(f"  {describe_failure(r)}", markup=False)
        if len(failed) > MAX_TABLE_ROWS:
            console.print(f"  ... {len(failed) - MAX_TABLE_ROWS} more in errors.csv")
