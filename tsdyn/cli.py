"""The ``tsdyn`` command: thin click commands over library calls."""

from __future__ import annotations

import click

from tsdyn import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tsdyn")
def main() -> None:
    """Chaos and early-warning-signal analysis of time series."""


@main.command()
@click.argument("action", type=click.Choice(["list", "show"]))
@click.argument("name", required=False)
@click.option("--kind", type=click.Choice(["flow", "map", "delay", "sde"]), help="Only systems of this kind.")
def systems(action: str, name: str | None, kind: str | None) -> None:
    """List the catalog of chaotic systems (``list``) or show one (``show NAME``)."""
    import tsdyn.systems as ts
    from tsdyn.errors import InputError

    if action == "list":
        if name is not None:
            raise click.UsageError("'tsdyn systems list' takes no NAME; use --kind to filter")
        for n in ts.list(kind=kind):
            s = ts.get(n)
            click.echo(f"{n:<28} {s.kind:<6} {s.dimension:>3}  {s.description}")
        return
    if name is None:
        raise click.UsageError("'tsdyn systems show' needs a NAME")
    try:
        s = ts.get(name)
    except InputError as err:
        raise click.UsageError(str(err)) from None
    for key, value in s.metadata.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v:g}" for k, v in value.items())
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

    rows = {
        "dominant_period": with_err("dominant_period", "dominant_period_error"),
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


class CompileFailed(click.ClickException):
    exit_code = 1


@main.command("compile")
@click.option(
    "--systems",
    "system_names",
    help="Comma-separated catalog systems (default: the whole catalog; 'none': none).",
)
@click.option("--kind", type=click.Choice(["flow", "map", "delay", "sde"]), help="Only systems of this kind.")
@click.option(
    "--engines", default="ordinal,ews,chaos", show_default=True,
    help="Comma-separated analysis engines whose public functions are warmed ('none': none).",
)  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Processes.")
@click.option("--parallel", is_flag=True, help="Also the multi-threaded solvers (ensembles).")
@click.option("--jacobians", is_flag=True, help="Also the systems' analytic Jacobians.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def compile_(system_names, kind, engines, jobs, parallel, jacobians, quiet) -> None:
    """Fill numba's on-disk cache for every engine (after installing), so later calls compile nothing.

    Compiles the catalog's systems and their solvers, and calls each public
    function of the analysis engines once on a small input. Exit status 1 if
    a job failed.
    """
    from tsdyn._compile import compile_cache
    from tsdyn._jobs import Progress
    from tsdyn.errors import InputError

    names = None if system_names is None else [n for n in _split_list(system_names) or [] if n != "none"]
    try:
        table = compile_cache(
            names, kind=kind, engines=[e for e in _split_list(engines) or [] if e != "none"], jobs=jobs,
            parallel=parallel, jacobians=jacobians, progress=None if quiet else Progress("compile"),
        )  # fmt: skip
    except InputError as err:
        raise click.UsageError(str(err)) from None
    what = table["what"]
    failed, solvers = what == "failed", what.str.startswith("solver")
    warmed, skipped = what.str.startswith("function"), what.str.startswith("skipped")
    compiled = ~(failed | solvers | warmed | skipped)  # one row per system, its kind in "what"
    median = f"; median {table.loc[compiled, 'seconds'].median():.2f} s a system" if compiled.any() else ""
    click.echo(f"{int(compiled.sum())} system(s) and {int(solvers.sum())} solver(s) in numba's cache{median}")
    if (warmed | skipped).any():
        click.echo(
            f"{int(warmed.sum())} function(s) warmed, {int(skipped.sum())} skipped (they need other input)"
        )
    for row in table[~failed].sort_values("seconds", ascending=False).head(5).itertuples():
        click.echo(f"  {row.name:<36} {row.what:<24} {row.seconds:6.2f} s")
    for row in table[failed].itertuples():
        click.echo(f"FAILED {row.name}: {row.error}", err=True)
    if failed.any():
        raise CompileFailed(f"{int(failed.sum())} compile job(s) failed")


@main.group()
def generate() -> None:
    """Generate trajectories of a system or benchmark datasets."""


@generate.command("system")
@click.argument("name")
@click.option("--n", "n", type=int, default=1000, show_default=True, help="Samples (iterations for maps).")
@click.option("--dt", type=float, help="Sampling interval.")
@click.option("--pts-per-period", type=float, help="Samples per dominant period (default 100).")
@click.option("--transient", type=float, default=0.0, show_default=True, help="Time dropped first.")
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="Override a parameter (repeatable)."
)
@click.option(
    "--members", type=int, default=1, show_default=True, help="Ensemble of perturbed initial conditions."
)
@click.option(
    "--spread", type=float, default=1e-3, show_default=True, help="Std of the ensemble's perturbations."
)
@click.option("--noise", type=float, default=0.0, help="Dynamical noise amplitude (SDE by Euler-Maruyama).")
@click.option(
    "--obs-noise", type=float, default=0.0, help="Observation noise, fraction of each variable's std."
)
@click.option("--seed", type=int, help="Seed of every random draw.")
@click.option(
    "--method", default="auto", show_default=True, help="auto, dop853, dopri5, radau, bdf or lsoda."
)
@click.option("--rtol", type=float, default=1e-9, show_default=True)
@click.option("--atol", type=float, default=1e-9, show_default=True)
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=True), help="File: .csv, .parquet, .nc or .zarr"
)
@click.option(
    "--long", "long_format", is_flag=True,
    help="Long table (series_id, time, variable[, member], value) for forecasting libraries; .parquet or .csv.",
)  # fmt: skip
def generate_system(name, n, dt, pts_per_period, transient, params, members, spread, noise, obs_noise, seed,
                    method, rtol, atol, out, long_format) -> None:  # fmt: skip
    """Integrate system NAME and write its trajectory (atomically) to --out."""
    import tsdyn.systems as ts
    from tsdyn.errors import InputError, IntegrationError
    from tsdyn.io.long import write_long
    from tsdyn.io.writers import write
    from tsdyn.rng import spawn

    try:
        if long_format and not str(out).lower().endswith((".csv", ".parquet")):
            raise InputError(f"--long writes a table: give --out ending in .parquet or .csv, got {out!r}")
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
        elif members < 1:
            raise InputError(f"--members must be >= 1, got {members}")
        kwargs = {"dt": dt, "pts_per_period": pts_per_period} if system.kind != "map" else {}
        x = system.integrate(
            n=n, **kwargs, transient=transient if system.kind != "map" else int(transient), ic=ic,
            method=method, rtol=rtol, atol=atol, noise=noise, obs_noise=obs_noise, seed=seed,
        )  # fmt: skip
    except InputError as err:
        raise click.UsageError(str(err)) from None
    except IntegrationError as err:
        raise click.ClickException(str(err)) from None
    if long_format:
        path = write_long(x, out)
    elif x.ndim == 2 and str(out).lower().endswith((".csv", ".parquet")):
        import pandas as pd

        path = write(pd.DataFrame(x.to_pandas()).reset_index(), out)
    else:
        path = write(x, out)
    click.echo(f"wrote {name}: {dict(x.sizes)} to {path}")


@generate.command("benchmark")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option(
    "--systems",
    "system_names",
    default=None,
    help="Comma-separated catalog names (default: every chaotic flow and map, ts.list(chaotic=True)).",
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
@click.option("--scheduler", help="dask.distributed scheduler ADDRESS, or 'local' for a local cluster.")
def generate_benchmark(out, system_names, granularities, n_train, n_test, noise, seed, jobs, fail_fast,
                       progress, scheduler=None) -> None:  # fmt: skip
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
        progress=progress, fail_fast=fail_fast, scheduler=scheduler, **recipe,
    )  # fmt: skip
    counts = manifest.status.value_counts()
    click.echo(", ".join(f"{counts.get(k, 0)} {k}" for k in ("built", "kept", "failed")) + f" -> {out}")
    failed = manifest[manifest.status == "failed"]
    for row in failed.itertuples():
        click.echo(f"FAILED {row.system} ({row.granularity}): {row.message}", err=True)
    if len(failed):
        raise SystemExit(1)


@generate.command("corpus")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@click.option(
    "--systems", "names", help="Comma-separated catalog names (default: every chaotic flow and map)."
)
@click.option("--per-system", default=100, show_default=True, type=click.IntRange(min=1))
@click.option("--shard-size", default=100, show_default=True, type=click.IntRange(min=1))
@click.option("--n", "n", default=1000, show_default=True, type=click.IntRange(min=8), help="Samples each.")
@click.option("--param-range", default=0.05, show_default=True, type=click.FloatRange(min=0))
@click.option(
    "--seed", default=None, type=click.IntRange(min=0), help="Root seed (default: the published one)."
)
@click.option(
    "--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes."
)
@click.option("--scheduler", help="dask.distributed scheduler ADDRESS, or 'local' for a local cluster.")
@click.option("--progress/--no-progress", default=True, show_default=True)
def generate_corpus(out, names, seed, **options) -> None:
    """Write a training corpus: validated trajectories of parameter variants, zarr shards, a manifest."""
    from tsdyn.forecast import corpus

    options["systems"] = [s.strip() for s in names.split(",") if s.strip()] if names else None
    table = corpus(out, **options, **({"seed": seed} if seed is not None else {}))
    click.echo(f"{len(table)} trajectories -> {out} (per system: {out}/systems.csv)")


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
@click.option("--seed", type=int, help="Run seed (default 0); each file and series gets a child seed.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option("--scheduler", help="dask.distributed scheduler ADDRESS, or 'local' for a local cluster.")
@click.option("--fail-fast", is_flag=True, default=None, help="Stop at the first failed file.")
@click.option("--fresh", is_flag=True, help="Ignore results of an earlier run in --out (no resume).")
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
    rolling,
    n_surrogates,
    null_model,
    classify,
    quiet,
) -> None:
    """Run tsdyn's measures on every series of CSV files (PATHS: files, folders or globs).

    Writes OUT/summary.csv and .parquet (one row per file x series x measure
    set), errors.csv, rolling/<file>.nc, manifest.json. Rerunning with the same
    --out resumes: finished files are skipped. No surrogates are drawn unless
    --n-surrogates N (EWS p-values) or --classify (ordinal verdicts) asks.
    Exit status: 0 all files ok, 1 some failed, 2 usage error.
    """
    import time

    from tsdyn.errors import InputError
    from tsdyn.io.batch import run_batch
    from tsdyn.io.config import apply_overrides, load_config
    from tsdyn.io.csv import ReadOptions
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
    try:
        read = ReadOptions.of(settings["read"], **{k: v for k, v in read_given.items() if v is not None})
    except InputError as err:
        raise click.UsageError(str(err)) from None
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
            read=read,
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
    except KeyboardInterrupt as err:  # SIGINT or SIGTERM (tsdyn._jobs.Interrupted): 130 or 143
        click.echo(f"interrupted: finished files are kept in {settings['out']}; rerun to resume", err=True)
        raise SystemExit(getattr(err, "exit_code", 130)) from None
    if not quiet:
        print_summary(run, settings["out"], elapsed=time.perf_counter() - start)
    elif run.failed:
        click.echo(f"{run.failed} file(s) failed; see {settings['out']}/errors.csv", err=True)
    if run.failed or run.interrupted:
        raise BatchFailed("")


if __name__ == "__main__":  # pragma: no cover
    main()
