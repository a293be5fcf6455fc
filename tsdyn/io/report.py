"""What a batch run shows and leaves to read: progress, the final table, columns.csv, report.html.

>>> import io
>>> log = make_progress(False, io.StringIO())
>>> log.start(total=2, done=1)
>>> log.console.file.getvalue()
'tsdyn analyze: 2 file(s), 1 already done (resumed)\\n'
"""

from __future__ import annotations

import base64
import html
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from tsdyn._jobs import Progress
from tsdyn.io.measures import get_measure

__all__ = ["column_table", "describe_failure", "make_progress", "print_summary", "write_report"]

MAX_TABLE_ROWS = 20
MAX_FIGURES = 100

# the summary's fixed columns: (unit, description)
FIXED_COLUMNS = {
    "file": ("", "the input file, relative to the working folder when inside it"),
    "series": ("", "the series: a column of the file, or an id of a long-layout file"),
    "status": ("", "ok, or failed when the file, the series or any measure set on it failed"),
    "error": ("", "why it failed, '<measure set>: <reason>' for each failed set; empty when ok"),
    "warnings": ("", "what reading the file warned about (rows sorted by time, ...)"),
}


def describe_failure(result) -> str:
    """``file: reason``, without repeating the file name when the reason starts with it."""
    return result.error if result.error.startswith(result.file) else f"{result.file}: {result.error}"


def make_progress(quiet: bool, stream: TextIO | None = None) -> Progress | None:
    """The batch's progress on ``stream`` (stderr): a bar on a terminal, a line per file otherwise, none if quiet."""
    return None if quiet else Progress("analyze", stream=stream, lines=True, unit="file")


def _measure_of(column: str, measures: Sequence[str]) -> str:
    return max((m for m in measures if column.startswith(f"{m}_")), key=len, default="")


def _describe(measure_set: str, scalar: str) -> tuple[str, str]:
    docs = get_measure(measure_set).columns
    if scalar in docs:
        return docs[scalar]
    prefixes = [k[:-1] for k in docs if k.endswith("*") and scalar.startswith(k[:-1])]
    if prefixes:
        prefix = max(prefixes, key=len)
        unit, text = docs[prefix + "*"]
        return unit, text.replace("{}", scalar[len(prefix) :])
    return "", f"{scalar!r} as measure set {measure_set!r} returned it (no description registered)"


def column_table(summary: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """``columns.csv``: every column of ``summary`` with its measure set, type, unit and description.

    >>> table = column_table(pd.DataFrame({"file": ["a.csv"], "summary_n": [3]}), ["summary"])
    >>> table.loc[1].tolist()
    ['summary_n', 'summary', 'n', 'int64', 'samples', 'number of samples (missing values not counted)']
    """
    rows = []
    for column in summary.columns:
        if column in FIXED_COLUMNS:
            measure_set, scalar, (unit, text) = "", column, FIXED_COLUMNS[column]
        else:
            measure_set = _measure_of(column, measures)
            scalar = column[len(measure_set) + 1 :] if measure_set else column
            unit, text = _describe(measure_set, scalar) if measure_set else ("", "")
        rows.append([column, measure_set, scalar, str(summary[column].dtype), unit, text])
    return pd.DataFrame(rows, columns=["column", "measure_set", "result", "dtype", "unit", "description"])


def _headline_table(summary: pd.DataFrame, measures: Sequence[str]) -> pd.DataFrame:
    """The headline results of the ok series; headers ``<measure set>\\n<result>``, as in the summary."""
    ok = summary[summary["status"] == "ok"]
    if ok.empty:
        return pd.DataFrame()
    labels = {}
    for name in measures:
        for key in get_measure(name).headline:
            prefix = f"{name}_{key.rstrip('*')}"
            for column in ok.columns:
                if (column.startswith(prefix) if key.endswith("*") else column == prefix) and ok[
                    column
                ].notna().any():
                    labels[column] = f"{name}\n{column[len(name) + 1 :]}"
    if not labels:
        return pd.DataFrame()
    return ok[["file", "series", *labels]].rename(columns=labels)


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
    if run.manifest.get("scheduler") is not None:
        console.print(f"files: {run.manifest['file_access']}", markup=False, soft_wrap=True)
    for note in run.manifest.get("skipped", []):
        console.print(f"skipped {note}", markup=False)
    stale = run.manifest.get("stale_lock_taken_over")
    if stale:
        console.print(
            f"took over the lock of a run that ended without releasing it (pid {stale.get('pid', '?')}, "
            f"started {stale.get('started', '?')})",
            markup=False,
        )
    head = _headline_table(run.summary, run.manifest["measures"])
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


def _figure_png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_report(run, out: str | Path, tasks: Sequence[Any]) -> Path:
    """Write ``out/report.html``: the summary table, its columns, and each series' EWS dashboard.

    The dashboards come from :func:`tsdyn.plot.ews_dashboard` on
    :func:`tsdyn.ews.analyze` of each series that was analysed without error,
    with the run's ``ews`` parameters (the defaults when the set did not run);
    at most ``MAX_FIGURES`` of them.
    """
    from matplotlib.figure import Figure

    from tsdyn import ews
    from tsdyn.io.csv import SeriesError, read_series
    from tsdyn.io.writers import atomic_path
    from tsdyn.plot import ews_dashboard

    out = Path(out)
    manifest = run.manifest
    ews_params = dict(manifest["params"].get("ews") or get_measure("ews").defaults)
    pipeline = {k: v for k, v in ews_params.items() if k not in ("n_surrogates", "null_model", "alternative")}
    ok = {(row.file, row.series) for row in run.summary.itertuples() if row.status == "ok"}
    figures: list[str] = []
    left = 0
    for task in tasks:
        if not any(f == task.label for f, _ in ok):
            continue
        for series in read_series(task.path, task.read):
            if isinstance(series, SeriesError) or (task.label, series.name) not in ok:
                continue
            if len(figures) >= MAX_FIGURES:
                left += 1
                continue
            title = f"{task.label} · {series.name}"
            try:
                result = ews.analyze(series, **pipeline)
                n_panels = 2 + len(result.spec.indicators)
                fig = ews_dashboard(result, fig=Figure(figsize=(8, 1.6 * n_panels)))
                figures.append(f'<h3>{html.escape(title)}</h3>\n<img alt="{html.escape(title)}" '
                               f'src="data:image/png;base64,{_figure_png(fig)}">')  # fmt: skip
            except Exception as err:  # a figure that cannot be drawn is named, the report goes on
                figures.append(f"<h3>{html.escape(title)}</h3>\n<p>no dashboard: {html.escape(str(err))}</p>")
    if left:
        figures.append(f"<p>{left} more series not drawn (at most {MAX_FIGURES} figures).</p>")
    counts = manifest["counts"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>tsdyn analyze report</title>',
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:small}"
        "td,th{border:1px solid #ccc;padding:2px 6px}img{max-width:100%}</style></head><body>",
        "<h1>tsdyn analyze</h1>",
        f"<p>{counts['files']} file(s): {counts['ok']} ok, {counts['failed']} failed, "
        f"{counts['not_run']} not run; tsdyn {html.escape(manifest['tsdyn_version'])}, "
        f"finished {html.escape(manifest['finished_at'])}; measure sets "
        f"{html.escape(', '.join(manifest['measures']))} (parameters in manifest.json).</p>",
        "<h2>Summary</h2>",
        run.summary.to_html(index=False, na_rep="", float_format=lambda v: f"{v:.4g}"),
        "<h2>Columns</h2>",
        run.columns.to_html(index=False, na_rep=""),
        "<h2>Series</h2>",
        *figures,
        "</body></html>",
    ]
    path = out / "report.html"
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
