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


@main.command()
@click.argument("paths", nargs=-1)
def analyze(paths: tuple[str, ...]) -> None:
    """Run tsdyn's detectors on every series of CSV files."""
    _not_yet("tsdyn analyze", 7)


if __name__ == "__main__":  # pragma: no cover
    main()
