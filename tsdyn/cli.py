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
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option(
    "--systems",
    "system_names",
    default=None,
    help="Comma-separated catalog names (default: every flow and map).",
)
@click.option(
    "--granularity",
    "granularities",
    multiple=True,
    type=click.Choice(["coarse", "fine"]),
    help="Repeat for several (default: coarse and fine).",
)
@click.option("--n-train", default=1000, show_default=True, type=click.IntRange(min=2))
@click.option("--n-test", default=1000, show_default=True, type=click.IntRange(min=2))
@click.option(
    "--noise",
    "noise",
    multiple=True,
    type=click.FloatRange(min=0),
    help="Observation-noise level (relative std); repeat for several (default: 0, 0.05, 0.2).",
)
@click.option(
    "--seed", default=None, type=click.IntRange(min=0), help="Root seed (default: the published one)."
)
@click.option(
    "--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes."
)
@click.option("--fail-fast", is_flag=True, help="Stop at the first system that fails.")
@click.option("--progress/--no-progress", default=True, show_default=True)
def generate_benchmark(out, system_names, granularities, n_train, n_test, noise, seed, jobs, fail_fast,
                       progress) -> None:  # fmt: skip
    """Build the benchmark datasets: netCDF per system and granularity, a Parquet long table.

    Rerunning into the same folder keeps the files already built (resume).
    Exit status 1 if any system failed; the manifest lists each one's status.
    """
    from tsdyn.errors import InputError
    from tsdyn.forecast import datasets

    recipe = {"n_train": n_train, "n_test": n_test}
    if noise:
        recipe["noise"] = tuple(noise)
    if seed is not None:
        recipe["seed"] = seed
    names = [s.strip() for s in system_names.split(",") if s.strip()] if system_names else None
    try:
        datasets.Recipe(system="", **recipe)  # checks the options before any work starts
    except InputError as err:  # e.g. a repeated noise level: a usage error, exit 2
        raise click.UsageError(str(err)) from None
    manifest = datasets.build_benchmark(
        out, systems=names, granularities=granularities or tuple(datasets.GRANULARITIES), jobs=jobs,
        progress=progress, fail_fast=fail_fast, **recipe,
    )  # fmt: skip
    counts = manifest.status.value_counts()
    click.echo(", ".join(f"{counts.get(k, 0)} {k}" for k in ("built", "kept", "failed")) + f" -> {out}")
    failed = manifest[manifest.status == "failed"]
    for row in failed.itertuples():
        click.echo(f"FAILED {row.system} ({row.granularity}): {row.message}", err=True)
    if len(failed):
        raise SystemExit(1)


@main.command()
@click.argument("paths", nargs=-1)
def analyze(paths: tuple[str, ...]) -> None:
    """Run tsdyn's detectors on every series of CSV files."""
    _not_yet("tsdyn analyze", 7)


if __name__ == "__main__":  # pragma: no cover
    main()
