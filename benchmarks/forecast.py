"""Forecasting engine: metric speed against dysts.metrics, and the seed paper's central finding.

Run from benchmarks/:

    PYTHONPATH=.. python forecast.py [--write]
        times tsdyn's metrics against dysts.metrics on the same arrays.
    PYTHONPATH=.. python forecast.py --finding DATA [--write]
        DATA is a folder built by ``tsdyn generate benchmark --out DATA``. For every
        system there: largest Lyapunov exponent from the equations
        (tsdyn.systems.lyapunov_spectrum), baseline forecasts of the test split
        from a context of its first 500 samples, and the Spearman rank correlation
        of forecast error and valid prediction time with the exponent (Gilpin
        2021, Fig. 3: harder forecasting for more chaotic systems). Writes the
        per-system table to forecast_finding.csv; without --finding the
        summary is recomputed from that file.

Time is measured in dominant periods so that systems with different time
scales compare: the exponent as lambda * period, the valid prediction time
in periods.
"""

from __future__ import annotations

import functools
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr
from harness import Case, run_cases, write_section

from tsdyn.forecast import metrics
from tsdyn.forecast.baselines import analogues, ar, naive
from tsdyn.forecast.evaluate import Task, evaluate

CONTEXT = 500
HORIZON = 300


def timing_cases() -> list[Case]:
    import dysts.metrics as dm

    rng = np.random.default_rng(0)
    cases = []
    for n in (10_000, 1_000_000):
        t = rng.standard_normal(n)
        p = t + 0.1 * rng.standard_normal(n)
        train = rng.standard_normal(n)
        size = f"N={n:.0e}"
        cases += [
            Case("mse", size, lambda t=t, p=p: metrics.mse(t, p), "dysts", lambda t=t, p=p: dm.mse(t, p)),
            Case(
                "smape",
                size,
                lambda t=t, p=p: metrics.smape(t, p),
                "dysts",
                lambda t=t, p=p: dm.smape(t, p, scaled=False),
            ),  # fmt: skip
            Case(
                "mase",
                size,
                lambda t=t, p=p, tr=train: metrics.mase(t, p, y_train=tr),
                "dysts",
                lambda t=t, p=p, tr=train: dm.mase(t, p, y_train=tr),
            ),  # fmt: skip
        ]
    return cases


def lyapunov_per_period(name: str) -> tuple[float, float, float]:
    """(lambda_max * period, its standard error * period, seconds) from the equations."""
    import tsdyn.systems as ts
    from tsdyn.errors import IntegrationError

    system = ts.get(name)
    start = time.perf_counter()
    if system.spec.extra.get("discontinuous"):
        # two trajectories, where dt is the renormalisation interval: the library's default (the
        # period); renormalising every period / 100 lets integration errors add growth
        steps = [None]
    else:
        # fixed-step RK4 at period/100 blows up on a few stiff flows: retry at the catalog's step
        # guidance; where the catalog caps the Lyapunov step (lyapunov_dt: a coarser one lands on a
        # spurious orbit, JerkCircuit, BelousovZhabotinsky), the cap
        first = min(system.period / 100, system.spec.extra.get("lyapunov_dt", math.inf))
        steps = [first] + ([system.dt] if system.dt and system.dt < first else [])
    for i, dt in enumerate(steps):
        try:
            res = ts.lyapunov_spectrum(system, t=300 * system.period, dt=dt, k=1)
            break
        except IntegrationError:
            if i == len(steps) - 1:
                raise
    return (
        float(res.exponents[0] * system.period),
        float(res.stderr[0] * system.period),
        time.perf_counter() - start,
    )


def finding(data: Path) -> pd.DataFrame:
    """Per-system Lyapunov exponent, sMAPE and valid prediction time of each baseline."""
    forecasters = {
        "naive": naive,
        "AR(5)": functools.partial(ar, order=5),
        "analogues": functools.partial(analogues, m=3, tau=5),
    }
    rows = []
    files = sorted((data / "netcdf").glob("*__fine.nc"))
    for path in files:
        with xr.open_dataset(path, engine="h5netcdf") as f:
            ds = f.load()
        name = ds.attrs["system"]
        traj = ds["trajectory"].sel(noise=0.0)
        bounded = [
            v for v in traj["variable"].values if v not in str(ds.attrs["unbounded_variables"]).split(",")
        ]
        if not bounded:
            print(f"{name}: skipped, every variable is an unbounded phase", flush=True)
            continue
        traj = traj.sel(variable=bounded)
        if int(ds.attrs["n_test"]) < CONTEXT + HORIZON:
            raise SystemExit(f"{path.name}: needs n_test >= {CONTEXT + HORIZON}")
        try:
            lam, lam_err, lam_s = lyapunov_per_period(name)
        except Exception as err:  # a system the Lyapunov code refuses is listed, not fatal
            print(f"{name}: no Lyapunov exponent ({type(err).__name__}: {err})", flush=True)
            continue
        task = Task(traj.sel(split="train"), traj.sel(split="test"), context=CONTEXT, variable_dim="variable")
        table = evaluate(forecasters, {name: task}, horizon=HORIZON)
        failed = table[table.metric == "error"]
        if len(failed):
            print(f"{name}: skipped, forecaster failed: {failed.message.tolist()}", flush=True)
            continue
        scores = table[table.metric.isin(["smape", "valid_prediction_time"])]
        scores = scores.groupby(["forecaster", "metric"]).value.mean().unstack()
        row = {
            "system": name,
            "lyapunov_per_period": lam,
            "lyapunov_stderr": lam_err,
            "lyapunov_seconds": lam_s,
        }
        for f in forecasters:
            row[f"smape_{f}"] = scores.loc[f, "smape"]
            row[f"vpt_periods_{f}"] = scores.loc[f, "valid_prediction_time"] / float(ds.attrs["period"])
        rows.append(row)
        print(f"{name}: lambda*T = {lam:.3f}, sMAPE analogues = {row['smape_analogues']:.1f}", flush=True)
    return pd.DataFrame(rows)


def summarize(df: pd.DataFrame) -> str:
    """The finding as a markdown table: Spearman correlations with lambda_max * period."""
    from scipy.stats import spearmanr

    import tsdyn.systems as ts

    # a flow the catalog marks not chaotic (a transient's exponent, a cycle) is left out whatever the
    # 300-period exponent of its series says (PanXuZhou, LiuChen, Sakarya: chaotic transients)
    marked = df.system.map(lambda name: bool(ts.get(name).chaotic))
    chaotic = df[(df.lyapunov_per_period > 0.01) & marked]
    lines = [
        f"Central finding over {len(chaotic)} chaotic flows (marked chaotic in the catalog, lambda * period "
        f"> 0.01; of {len(df)} built; "
        f"fine granularity, clean, context {CONTEXT} samples, horizon {HORIZON} = 3 periods). "
        "Spearman rank correlation with lambda_max * period (per system: forecast_finding.csv):",
        "",
        "| forecaster | sMAPE: rho | p | valid prediction time (periods): rho | p |",
        "|---|---|---|---|---|",
    ]
    for f in [c.removeprefix("smape_") for c in df.columns if c.startswith("smape_")]:
        r1 = spearmanr(chaotic.lyapunov_per_period, chaotic[f"smape_{f}"])
        r2 = spearmanr(chaotic.lyapunov_per_period, chaotic[f"vpt_periods_{f}"])
        lines.append(f"| {f} | {r1.statistic:.2f} | {r1.pvalue:.1e} | {r2.statistic:.2f} | {r2.pvalue:.1e} |")
    return "\n".join(lines)


def main() -> None:
    results = Path(__file__).with_name("forecast_finding.csv")
    if "--finding" in sys.argv:
        data = Path(sys.argv[sys.argv.index("--finding") + 1])
        finding(data).to_csv(results, index=False, float_format="%.6g")
    notes = summarize(pd.read_csv(results)) if results.exists() else ""
    print(notes)
    rows = run_cases(timing_cases())
    if "--write" in sys.argv:
        write_section("forecast", rows, notes=notes)


if __name__ == "__main__":
    main()
