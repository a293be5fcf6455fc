"""The ``tsdyn`` command: thin click commands over library calls.

Commands whose engine has not landed yet say so and exit with status 1
instead of pretending to work.
"""

from __future__ import annotations

import click

from tsdyn import __version__


class NotYetAvailable(click.ClickException):
    exit_code = 1


def _not_yet(what: str, issue: int) -> None:
    raise NotYetAvailable(f"'{what}' is not available in tsdyn {__version__} yet (tracked in issue {issue})")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tsdyn")
def main() -> None:
    """Chaos and early-warning-signal analysis of time series."""


@main.command()
@click.argument("action", required=False, type=click.Choice(["list", "show"]))
@click.argument("name", required=False)
def systems(action: str | None, name: str | None) -> None:
    """List the catalog of chaotic systems or show one."""
    _not_yet("tsdyn systems", 6)


@main.group()
def generate() -> None:
    """Generate trajectories of a system or benchmark datasets."""


@generate.command("system")
@click.argument("name")
def generate_system(name: str) -> None:
    """Integrate one system and write its trajectory."""
    _not_yet("tsdyn generate system", 6)


@generate.command("benchmark")
def generate_benchmark() -> None:
    """Build the benchmark datasets."""
    _not_yet("tsdyn generate benchmark", 8)


class BatchFailed(click.ClickException):
    exit_code = 1

    def show(self, file=None) -> None:
        """The summary already listed the failures: print nothing more."""


def _split_list(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _default_jobs(paths) -> int:
    """All cores, but no more than one worker per 20 files: starting a worker costs about a second."""
    import os

    from tsdyn.errors import InputError
    from tsdyn.io.batch import expand_paths

    try:
        n_files = len(expand_paths(paths))
    except InputError:
        return 1  # run_batch reports the bad path as a usage error
    return max(1, min(os.cpu_count() or 1, n_files // 20))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out", "-o", type=click.Path(file_okay=False), help="Output folder (required here or in --config)."
)
@click.option(
    "--measures", "-m", help="Comma-separated measure sets (default: summary,ordinal,ews; see docs/batch.md)."
)
@click.option(
    "--set", "overrides", multiple=True, metavar="SET.NAME=VALUE", help="A parameter, e.g. ordinal.d=4."
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file of settings.")
@click.option(
    "--missing", type=click.Choice(["raise", "interpolate", "drop", "keep"]), help="Missing values."
)
@click.option("--time", "time_column", help="Time column (name); default: detected.")
@click.option("--columns", help="Comma-separated data columns (default: every numeric column).")
@click.option("--layout", type=click.Choice(["auto", "wide", "long"]), help="wide or long (id, time, value).")
@click.option("--delimiter", help="Field delimiter (default: detected).")
@click.option("--decimal", help="Decimal mark (default: detected).")
@click.option("--encoding", help="Text encoding (default: UTF-8, with or without BOM).")
@click.option("--seed", type=int, help="Run seed (default 0); each file and series gets a child seed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option("--scheduler", help="dask.distributed scheduler ADDRESS, or 'local' for a local cluster.")
@click.option("--fail-fast", is_flag=True, default=None, help="Stop at the first failed file.")
@click.option("--fresh", is_flag=True, help="Ignore results of an earlier run in --out (no resume).")
@click.option(
    "--rolling", type=click.Choice(["nc", "zarr", "none"]), help="Format of rolling outputs (default nc)."
)
@click.option("--quiet", "-q", is_flag=True, default=None, help="No progress and no summary table.")
def analyze(
    paths,
    out,
    measures,
    overrides,
    config_path,
    missing,
    time_column,
    columns,
    layout,
    delimiter,
    decimal,
    encoding,
    seed,
    jobs,
    scheduler,
    fail_fast,
    fresh,
    rolling,
    quiet,
) -> None:
    """Run tsdyn's measures on every series of CSV files (PATHS: files, folders or globs).

    Writes OUT/summary.csv and .parquet (one row per file x series x measure
    set), errors.csv, rolling/<file>.nc, manifest.json. Rerunning with the same
    --out resumes: finished files are skipped. Exit status: 0 all files ok,
    1 some failed, 2 usage error.
    """
    import time

    from tsdyn.errors import InputError
    from tsdyn.io.batch import run_batch
    from tsdyn.io.config import apply_overrides, load_config
    from tsdyn.io.report import make_progress, print_summary

    try:
        settings = load_config(config_path) if config_path else {"params": {}, "read": {}}
        apply_overrides(settings, overrides)
    except InputError as err:
        raise click.UsageError(str(err)) from None
    given = {
        "out": out,
        "measures": _split_list(measures),
        "seed": seed,
        "jobs": jobs,
        "scheduler": scheduler,
        "fail_fast": fail_fast,
        "rolling": rolling,
        "quiet": quiet,
    }
    settings.update({k: v for k, v in given.items() if v is not None})
    read_given = {
        "missing": missing,
        "time": time_column,
        "columns": _split_list(columns),
        "layout": layout,
        "delimiter": delimiter,
        "decimal": decimal,
        "encoding": encoding,
    }
    settings["read"].update({k: v for k, v in read_given.items() if v is not None})
    if not settings.get("out"):
        raise click.UsageError("give an output folder with --out DIR (or out = ... in --config)")
    quiet = bool(settings.get("quiet"))
    start = time.perf_counter()
    try:
        run = run_batch(
            paths,
            out=settings["out"],
            measures=settings.get("measures"),
            params=settings["params"],
            read=settings["read"],
            seed=settings.get("seed", 0),
            jobs=settings.get("jobs", _default_jobs(paths)),
            scheduler=settings.get("scheduler"),
            fail_fast=bool(settings.get("fail_fast")),
            resume=not fresh and settings.get("resume", True),
            rolling=settings.get("rolling", "nc"),
            progress=make_progress(quiet),
        )
    except InputError as err:
        raise click.UsageError(str(err)) from None
    except KeyboardInterrupt:
        click.echo(f"interrupted: finished files are kept in {settings['out']}; rerun to resume", err=True)
        raise SystemExit(130) from None
    if not quiet:
        print_summary(run, settings["out"], elapsed=time.perf_counter() - start)
    elif run.failed:
        click.echo(f"{run.failed} file(s) failed; see {settings['out']}/errors.csv", err=True)
    if run.failed or run.interrupted:
        raise BatchFailed("")


if __name__ == "__main__":  # pragma: no cover
    main()
