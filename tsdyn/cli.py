"""The ``tsdyn`` command: thin click commands over library calls."""

from __future__ import annotations

import click

from tsdyn import __version__

# Exit status of every command: 0 all ok, 1 some inputs failed, 2 usage error (click's own),
# 130 / 143 interrupted by SIGINT / SIGTERM (128 + the signal number, the shell's convention).
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

_EPILOG = "Exit status: 0 ok, 1 some inputs failed, 2 usage error, 130/143 interrupted (SIGINT/SIGTERM)."


def out_option(help_text: str, **kw):
    return click.option("--out", "-o", "out", required=True, help=help_text, **kw)


def jobs_option(help_text: str, **kw):
    return click.option("--jobs", "-j", "jobs", type=click.IntRange(min=1), help=help_text, **kw)


def seed_option(help_text: str, **kw):
    return click.option("--seed", "seed", type=click.IntRange(min=0), help=help_text, **kw)


def quiet_option():
    return click.option("--quiet", "-q", is_flag=True, default=None, help="Print nothing but errors.")


def progress_option():
    return click.option(
        "--progress/--no-progress", default=True, show_default=True,
        help="Show progress (a bar on a terminal, a line per job otherwise).",
    )  # fmt: skip


def scheduler_option():
    return click.option(
        "--scheduler", help="A dask.distributed scheduler ADDRESS, or 'local' for a local cluster."
    )


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=_EPILOG
)
@click.version_option(__version__, prog_name="tsdyn")
def main() -> None:
    """Chaos and early-warning-signal analysis of time series."""


@main.group(epilog=_EPILOG)
def systems() -> None:
    """The catalog of chaotic systems: list them, show one."""


_KINDS = click.Choice(["flow", "map", "delay", "sde"])


@systems.command("list", epilog=_EPILOG)
@click.option("--kind", type=_KINDS, help="Only systems of this kind.")
def systems_list(kind: str | None) -> None:
    """List the catalog: name, kind, dimension, description."""
    import tsdyn.systems as ts

    for n in ts.list(kind=kind):
        s = ts.get(n)
        click.echo(f"{n:<28} {s.kind:<6} {s.dimension:>3}  {s.description}")


@systems.command("show", epilog=_EPILOG)
@click.argument("name")
def systems_show(name: str) -> None:
    """Show system NAME: parameters, initial condition, periods and computed invariants.

    \b
    Two periods are shown:
      period           the period published with the system (time units); --pts-per-period
                       of 'tsdyn generate system' samples it: dt = period / pts-per-period
      dominant_period  the period of the power spectrum's peak, measured on a long
                       trajectory (time units); shown for information, not used for sampling
    """
    import tsdyn.systems as ts
    from tsdyn.errors import InputError

    try:
        s = ts.get(name)
    except InputError as err:
        raise click.UsageError(str(err)) from None
    for key, value in s.metadata.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v:g}" for k, v in value.items())
        if key == "period" and value is not None:
            value = f"{value:g}  (published period; --pts-per-period samples it: dt = period / pts)"
        click.echo(f"{key:<16} {value}")
    _echo_invariants(s.invariants)


def _echo_invariants(inv) -> None:
    # The catalog's computed invariants (tsdyn/systems/invariants.json), with their errors.
    if inv is None:
        click.echo(f"{'invariants':<16} not computed for these parameters")
        return

    def fmt(v):
        return "n/a" if v is None else f"{v:.4g}"

    def with_err(key, err_key=None):
        v = inv.get(key)
        if v is None:
            return None
        err = inv.get(err_key) if err_key else None
        if isinstance(v, list):
            errs = err or [None] * len(v)
            return (
                "["
                + ", ".join(
                    fmt(a) + ("" if e is None else f" ± {e:.1g}") for a, e in zip(v, errs, strict=True)
                )
                + "]"
            )
        return fmt(v) + ("" if err is None else f" ± {err:.1g}")

    dominant = with_err("dominant_period", "dominant_period_error")
    rows = {
        "dominant_period": None
        if dominant is None
        else f"{dominant}  (power spectrum's peak, measured; not used for sampling)",
        "sampling_dt": with_err("dt"),
        "mean": with_err("mean"),
        "std": with_err("std"),
        "lyapunov": with_err("lyapunov_spectrum", "lyapunov_stderr"),
        "kaplan_yorke": with_err("kaplan_yorke_dimension"),
        "corr_dimension": with_err("correlation_dimension", "correlation_dimension_error"),
    }
    for key, value in rows.items():
        if value is not None:
            click.echo(f"{key:<16} {value}")
    for what, why in {**inv.get("not_applicable", {}), **inv.get("failed", {})}.items():
        click.echo(f"{what:<16} {why}")


class InputsFailed(click.ClickException):
    """Some inputs failed (exit status 1); the command already listed them."""

    exit_code = EXIT_FAILED

    def show(self, file=None) -> None:
        if self.message:
            click.echo(f"Error: {self.message}", err=True)


def _interrupted(err: KeyboardInterrupt, what: str) -> SystemExit:
    """Exit 130 (SIGINT) or 143 (SIGTERM: the runner's Interrupted carries it), saying what was kept."""
    click.echo(f"interrupted: {what}", err=True)
    return SystemExit(getattr(err, "exit_code", 130))


def _progress(label: str, show: bool, quiet: bool, unit: str = "job"):
    from tsdyn._jobs import Progress

    return Progress(label, lines=True, unit=unit) if show and not quiet else None


def _split_list(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _echo_err(text: str, nl: bool = True) -> None:
    click.echo(text, err=True, nl=nl)


@main.command("compile", epilog=_EPILOG)
@click.option(
    "--systems",
    "system_names",
    help="Comma-separated catalog systems (default: the whole catalog; 'none': none).",
)
@click.option("--kind", type=_KINDS, help="Only systems of this kind.")
@click.option(
    "--engines", default="ordinal,ews,chaos", show_default=True,
    help="Comma-separated analysis engines whose public functions are warmed ('none': none).",
)  # fmt: skip
@jobs_option("Worker processes (default 1).", default=1)
@click.option("--parallel", is_flag=True, help="Also the multi-threaded solvers (ensembles).")
@click.option("--jacobians", is_flag=True, help="Also the systems' analytic Jacobians and the RODAS4 solver.")
@scheduler_option()
@progress_option()
@quiet_option()
def compile_(system_names, kind, engines, jobs, parallel, jacobians, scheduler, progress, quiet) -> None:
    """Fill numba's on-disk cache for every engine (after installing), so later calls compile nothing.

    Compiles the catalog's systems and their solvers, and calls each public
    function of the analysis engines once on a small input. Exit status 1 if
    a job failed.
    """
    from tsdyn._compile import compile_cache
    from tsdyn.errors import InputError

    names = None if system_names is None else [n for n in _split_list(system_names) or [] if n != "none"]
    if not quiet:
        _echo_err("compiling kernels into numba's cache (a minute or so on a cold cache) ...")
    try:
        table = compile_cache(
            names, kind=kind, engines=[e for e in _split_list(engines) or [] if e != "none"], jobs=jobs,
            parallel=parallel, jacobians=jacobians, scheduler=scheduler,
            progress=_progress("compile", progress, bool(quiet)),
        )  # fmt: skip
    except InputError as err:
        raise click.UsageError(str(err)) from None
    except KeyboardInterrupt as err:
        raise _interrupted(err, "what compiled is in numba's cache; rerun to compile the rest") from None
    what = table["what"]
    failed, solvers = what == "failed", what.str.startswith("solver")
    warmed, skipped = what.str.startswith("function"), what.str.startswith("skipped")
    compiled = ~(failed | solvers | warmed | skipped)  # one row per system, its kind in "what"
    for row in table[failed].itertuples():
        click.echo(f"FAILED {row.name}: {row.error}", err=True)
    if not quiet:
        median = (
            f"; median {table.loc[compiled, 'seconds'].median():.2f} s a system" if compiled.any() else ""
        )
        click.echo(
            f"{int(compiled.sum())} system(s) and {int(solvers.sum())} solver(s) in numba's cache{median}"
        )
        if (warmed | skipped).any():
            click.echo(
                f"{int(warmed.sum())} function(s) warmed, {int(skipped.sum())} skipped (they need other input)"
            )
        for row in table[~failed].sort_values("seconds", ascending=False).head(5).itertuples():
            click.echo(f"  {row.name:<36} {row.what:<24} {row.seconds:6.2f} s")
    if failed.any():
        raise InputsFailed(f"{int(failed.sum())} compile job(s) failed")


@main.group(epilog=_EPILOG)
def generate() -> None:
    """Generate trajectories of a system or benchmark datasets."""


_TABLE_SUFFIXES = (".csv", ".parquet")
_OUT_SUFFIXES = (".csv", ".parquet", ".nc", ".zarr")


def _check_out_file(out: str, long_format: bool, quiet: bool) -> None:
    """Usage errors about --out, before any integration: its format, and a missing folder announced."""
    from pathlib import Path

    path = Path(out)
    suffix = path.suffix.lower()
    allowed = _TABLE_SUFFIXES if long_format else _OUT_SUFFIXES
    if suffix not in allowed:
        what = "--long writes a table: give --out ending in" if long_format else "--out must end in"
        raise click.UsageError(f"{what} {', '.join(allowed)}; got {out!r}")
    if path.is_dir() and suffix != ".zarr":
        raise click.UsageError(f"--out {out!r} is a folder; give a file name")
    parent = path.absolute().parent
    if not parent.exists() and not quiet:
        _echo_err(f"creating folder {parent}")


@generate.command("system", epilog=_EPILOG)
@click.argument("name")
@click.option(
    "-n", "--n", "n", type=click.IntRange(min=1), default=1000, show_default=True,
    help="Samples (iterations for maps).",
)  # fmt: skip
@click.option("--dt", type=float, help="Sampling interval.")
@click.option(
    "--pts-per-period", type=float,
    help="Samples per published period (see 'tsdyn systems show NAME'); default 100.",
)  # fmt: skip
@click.option("--transient", type=float, default=0.0, show_default=True, help="Time dropped first.")
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="Override a parameter (repeatable)."
)
@click.option(
    "--members", type=click.IntRange(min=1), default=1, show_default=True,
    help="Ensemble of perturbed initial conditions.",
)  # fmt: skip
@click.option(
    "--spread", type=float, default=1e-3, show_default=True, help="Std of the ensemble's perturbations."
)
@click.option("--noise", type=float, default=0.0, help="Dynamical noise amplitude (SDE by Euler-Maruyama).")
@click.option(
    "--obs-noise", type=float, default=0.0, help="Observation noise, fraction of each variable's std."
)
@seed_option("Seed of every random draw.")
@click.option(
    "--method", default="auto", show_default=True, help="auto, dop853, dopri5, radau, bdf or lsoda."
)
@click.option("--rtol", type=float, default=1e-9, show_default=True)
@click.option("--atol", type=float, default=1e-9, show_default=True)
@out_option("File: .csv, .parquet, .nc or .zarr (a missing folder is created, and said so).")
@click.option(
    "--long", "long_format", is_flag=True,
    help="Long table (series_id, time, variable[, member], value) for forecasting libraries; .parquet or .csv.",
)  # fmt: skip
@quiet_option()
def generate_system(name, n, dt, pts_per_period, transient, params, members, spread, noise, obs_noise, seed,
                    method, rtol, atol, out, long_format, quiet) -> None:  # fmt: skip
    """Integrate system NAME and write its trajectory (atomically) to --out."""
    import tsdyn.systems as ts
    from tsdyn._compile import announce_compile
    from tsdyn.errors import InputError, IntegrationError
    from tsdyn.io.long import write_long
    from tsdyn.io.writers import write
    from tsdyn.rng import spawn

    _check_out_file(out, long_format, bool(quiet))
    try:
        overrides = {}
        for item in params:
            key, sep, value = item.partition("=")
            if not sep:
                raise InputError(f"--param must look like NAME=VALUE, got {item!r}")
            try:
                overrides[key.strip()] = float(value)
            except ValueError:
                raise InputError(f"--param {key.strip()} must be a number, got {value!r}") from None
        system = ts.get(name, **overrides)
        ic = None
        if members > 1:
            # Independent streams for the perturbations and for the integration's own noise.
            rng_ic, rng_run = spawn(seed, 2)
            ic = system.ic + spread * rng_ic.standard_normal((members, system.dimension))
            seed = rng_run
        kwargs = {"dt": dt, "pts_per_period": pts_per_period} if system.kind != "map" else {}
        options = dict(ic=ic, method=method, rtol=rtol, atol=atol, noise=noise, obs_noise=obs_noise, **kwargs)
        # two samples first: the same solvers compile (announced when that takes a while), and the
        # options are checked before the long run
        announce_compile(
            lambda: system.integrate(n=2, **options, seed=0), (lambda *a, **k: None) if quiet else _echo_err
        )
        x = system.integrate(
            n=n, transient=transient if system.kind != "map" else int(transient), seed=seed, **options
        )
    except InputError as err:
        raise click.UsageError(str(err)) from None
    except IntegrationError as err:
        raise InputsFailed(str(err)) from None
    if long_format:
        path = write_long(x, out)
    elif x.ndim == 2 and str(out).lower().endswith(_TABLE_SUFFIXES):
        import pandas as pd

        path = write(pd.DataFrame(x.to_pandas()).reset_index(), out)
    else:
        path = write(x, out)
    if not quiet:
        click.echo(f"wrote {name}: {dict(x.sizes)} to {path}")


@generate.command("benchmark", epilog=_EPILOG)
@out_option("Folder to write into (created if missing).", type=click.Path(file_okay=False))
@click.option(
    "--systems",
    "system_names",
    default=None,
    help="Comma-separated catalog names (default: every chaotic flow and map).",
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
@seed_option("Root seed (default: the published one).")
@jobs_option("Worker processes (default 1).", default=1)
@click.option("--fail-fast", is_flag=True, help="Stop at the first system that fails.")
@progress_option()
@quiet_option()
@scheduler_option()
def generate_benchmark(out, system_names, granularities, n_train, n_test, noise, seed, jobs, fail_fast,
                       progress, quiet, scheduler) -> None:  # fmt: skip
    """Build the benchmark datasets: netCDF per system and granularity, a Parquet long table.

    Rerunning into the same folder keeps the files already built (resume).
    Exit status 1 if any system failed; the manifest lists each one's status.
    """
    import tsdyn.systems as ts
    from tsdyn.errors import InputError
    from tsdyn.forecast import datasets

    recipe = {"n_train": n_train, "n_test": n_test}
    if noise:
        recipe["noise"] = tuple(noise)
    if seed is not None:
        recipe["seed"] = seed
    names = _split_list(system_names)
    try:
        for name in names or []:
            ts.get(name)  # an unknown name is a usage error, before any work starts
        datasets.Recipe(system="", **recipe)  # checks the options before any work starts
    except InputError as err:  # e.g. a repeated noise level: a usage error, exit 2
        raise click.UsageError(str(err)) from None
    try:
        manifest = datasets.build_benchmark(
            out, systems=names, granularities=granularities or tuple(datasets.GRANULARITIES), jobs=jobs,
            progress=_progress("benchmark", progress, bool(quiet)), fail_fast=fail_fast, scheduler=scheduler,
            **recipe,
        )  # fmt: skip
    except InputError as err:
        raise click.UsageError(str(err)) from None
    except KeyboardInterrupt as err:
        raise _interrupted(err, f"the datasets built are kept in {out}; rerun to resume") from None
    counts = manifest.status.value_counts()
    if not quiet:
        click.echo(", ".join(f"{counts.get(k, 0)} {k}" for k in ("built", "kept", "failed")) + f" -> {out}")
        if scheduler is not None:
            click.echo(f"files: {manifest.attrs['files']}")
    failed = manifest[manifest.status == "failed"]
    for row in failed.itertuples():
        click.echo(f"FAILED {row.system} ({row.granularity}): {row.message}", err=True)
    if len(failed):
        raise InputsFailed("")


@generate.command("corpus", epilog=_EPILOG)
@out_option("Folder to write into (a rerun with the same options resumes).", type=click.Path(file_okay=False))
@click.option(
    "--systems", "names", help="Comma-separated catalog names (default: every chaotic flow and map)."
)
@click.option("--per-system", default=100, show_default=True, type=click.IntRange(min=1))
@click.option("--shard-size", default=100, show_default=True, type=click.IntRange(min=1))
@click.option(
    "-n", "--n", "n", default=1000, show_default=True, type=click.IntRange(min=8), help="Samples each."
)
@click.option("--param-range", default=0.05, show_default=True, type=click.FloatRange(min=0))
@click.option(
    "--max-tries", default=2.0, show_default=True, type=click.FloatRange(min=1),
    help="Candidates drawn per wanted trajectory before a shard stops (its system comes out short).",
)  # fmt: skip
@click.option(
    "--shrink-spread/--fixed-spread", default=True, show_default=True,
    help="Halve a shard's spreads while more than a third of its candidates are rejected.",
)  # fmt: skip
@seed_option("Root seed (default: the published one).")
@jobs_option("Worker processes.", default=1, show_default=True)
@scheduler_option()
@progress_option()
@quiet_option()
def generate_corpus(out, names, seed, quiet, progress, **options) -> None:
    """Write a training corpus: validated trajectories of parameter variants, zarr shards, a manifest."""
    from tsdyn.errors import InputError
    from tsdyn.forecast import corpus

    options["systems"] = _split_list(names)
    try:
        table = corpus(out, progress=bool(progress and not quiet), **options,
                       **({"seed": seed} if seed is not None else {}))  # fmt: skip
    except InputError as err:
        raise click.UsageError(str(err)) from None
    except KeyboardInterrupt as err:
        raise _interrupted(err, f"the shards written are kept in {out}; rerun to resume") from None
    if not quiet:
        click.echo(f"{len(table)} trajectories -> {out} (per system: {out}/systems.csv)")
        if options.get("scheduler") is not None:
            click.echo(f"files: {table.attrs['files']}")


#: Files per worker process when --jobs is not given: starting a worker costs about a second.
FILES_PER_WORKER = 20


def _count_files(paths) -> int | None:
    """How many input files ``paths`` name, or None where they name none (run_batch says why)."""
    from tsdyn.errors import InputError
    from tsdyn.io.batch import expand_paths

    try:
        return len(expand_paths(paths))
    except InputError:
        return None


def _default_jobs(n_files: int | None) -> int:
    """One worker per 20 files, at most one per core, at least one."""
    import os

    return max(1, min(os.cpu_count() or 1, (n_files or 0) // FILES_PER_WORKER))


@main.command(epilog=_EPILOG)
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out", "-o", type=click.Path(file_okay=False), help="Output folder (required here or in --config)."
)
@click.option(
    "--measures", "-m", help="Comma-separated measure sets (default: summary,ordinal,ews; see docs/batch.md)."
)
@click.option(
    "--set", "overrides", multiple=True, metavar="SET.NAME=VALUE", help="A parameter, e.g. ordinal.m=4."
)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML file of settings.")
@click.option(
    "--nan-policy",
    type=click.Choice(["raise", "interpolate", "omit", "propagate"]),
    help="Missing values: refuse, fill linearly, drop the rows, or keep them as NaN.",
)
@click.option("--time", "time_column", help="Time column (name); default: detected.")
@click.option("--columns", help="Comma-separated data columns (default: every numeric column).")
@click.option("--layout", type=click.Choice(["auto", "wide", "long"]), help="wide or long (id, time, value).")
@click.option("--delimiter", help="Field delimiter (default: detected).")
@click.option("--decimal", help="Decimal mark (default: detected).")
@click.option("--encoding", help="Text encoding (default: UTF-8, with or without BOM).")
@seed_option("Run seed (default 0); each file and series gets a child seed.")
@jobs_option(
    f"Worker processes (default: one per {FILES_PER_WORKER} files, at most one per core; "
    "1 for fewer than 40 files)."
)
@scheduler_option()
@click.option("--fail-fast", is_flag=True, default=None, help="Stop at the first failed file.")
@click.option("--fresh", is_flag=True, help="Ignore results of an earlier run in --out (no resume).")
@click.option("--wait", is_flag=True, help="If another run is writing into --out, wait for it to finish.")
@click.option(
    "--report", is_flag=True, help="Also write OUT/report.html: the summary and each series' figure."
)
@click.option(
    "--rolling", type=click.Choice(["nc", "zarr", "none"]), help="Format of rolling outputs (default nc)."
)
@click.option(
    "--n-surrogates",
    type=click.IntRange(min=0),
    help="EWS p-values against N surrogates (ews.n_surrogates; default 0: no test).",
)
@click.option(
    "--null-model",
    type=click.Choice(["ar1", "arma", "phase", "iaaft"]),
    help="Null model of the EWS surrogates (ews.null_model; default ar1).",
)
@click.option(
    "--classify",
    is_flag=True,
    default=None,
    help="Ordinal classification regular/chaotic/stochastic (ordinal.classify; slow: surrogates).",
)
@click.option(
    "--progress/--no-progress", default=None,
    help="Show progress (a bar on a terminal, a line per file otherwise); default: on.",
)  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, default=None, help="No progress and no summary table.")
def analyze(
    paths,
    out,
    measures,
    overrides,
    config_path,
    nan_policy,
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
    wait,
    report,
    rolling,
    n_surrogates,
    null_model,
    classify,
    progress,
    quiet,
) -> None:
    """Run tsdyn's measures on every series of CSV files (PATHS: files, folders or globs).

    Writes into OUT the summary (summary.csv and .parquet, one row per file
    and series), errors.csv, the rolling outputs and manifest.json (see
    docs/batch.md). Rerunning with the same --out resumes: finished files are
    skipped. No surrogates are drawn unless --n-surrogates N (EWS p-values) or
    --classify (ordinal verdicts) asks. Every setting is checked before any
    file is read: a bad one is a usage error (exit status 2).
    """
    import time

    from tsdyn._compile import announce_compile, warm_measures
    from tsdyn.errors import InputError
    from tsdyn.io.batch import run_batch
    from tsdyn.io.config import apply_overrides, load_config
    from tsdyn.io.csv import ReadOptions
    from tsdyn.io.measures import DEFAULT_MEASURES, resolve_params
    from tsdyn.io.report import make_progress, print_summary

    try:
        settings = load_config(config_path) if config_path else {"params": {}, "read": {}}
        apply_overrides(settings, overrides)
    except InputError as err:
        raise click.UsageError(str(err)) from None
    # shorthands for measure-set parameters; like every command-line option they beat the config
    shorthand = {
        ("ews", "n_surrogates"): n_surrogates,
        ("ews", "null_model"): null_model,
        ("ordinal", "classify"): classify,
    }
    for (name, key), value in shorthand.items():
        if value is not None:
            settings["params"].setdefault(name, {})[key] = value
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
        "nan_policy": nan_policy,
        "time": time_column,
        "columns": _split_list(columns),
        "layout": layout,
        "delimiter": delimiter,
        "decimal": decimal,
        "encoding": encoding,
    }
    chosen = tuple(settings.get("measures") or DEFAULT_MEASURES)
    try:
        read = ReadOptions.of(settings["read"], **{k: v for k, v in read_given.items() if v is not None})
        resolve_params(chosen, settings["params"])  # every measure-set value, before any file is read
    except InputError as err:
        raise click.UsageError(str(err)) from None
    if not settings.get("out"):
        raise click.UsageError("give an output folder with --out DIR (or out = ... in --config)")
    quiet = bool(settings.get("quiet"))
    show_progress = not quiet and progress is not False
    n_files = _count_files(paths)
    start = time.perf_counter()
    try:
        if n_files and settings.get("scheduler") is None:
            # the kernels the measure sets need, compiled once here (and cached) before the workers
            # start (a dask cluster's workers have their own caches: nothing to gain here)
            announce_compile(
                lambda: warm_measures(chosen, settings["params"]),
                (lambda *a, **k: None) if quiet else _echo_err,
            )
        run = run_batch(
            paths,
            out=settings["out"],
            measures=chosen,
            params=settings["params"],
            read=read,
            seed=settings.get("seed", 0),
            jobs=settings.get("jobs", _default_jobs(n_files)),
            scheduler=settings.get("scheduler"),
            fail_fast=bool(settings.get("fail_fast")),
            resume=not fresh and settings.get("resume", True),
            rolling=settings.get("rolling", "nc"),
            progress=make_progress(not show_progress),
            wait=wait,
            report=report,
        )
    except InputError as err:
        raise click.UsageError(str(err)) from None
    except KeyboardInterrupt as err:  # SIGINT or SIGTERM (tsdyn._jobs.Interrupted): 130 or 143
        raise _interrupted(err, f"finished files are kept in {settings['out']}; rerun to resume") from None
    if not quiet:
        print_summary(run, settings["out"], elapsed=time.perf_counter() - start)
    elif run.failed:
        click.echo(f"{run.failed} file(s) failed; see {settings['out']}/errors.csv", err=True)
    if run.failed or run.interrupted:
        raise InputsFailed("")


if __name__ == "__main__":  # pragma: no cover
    main()
