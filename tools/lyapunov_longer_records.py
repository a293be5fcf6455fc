"""The default local-Jacobian lambda1 of a scored flow on its validation record, on a record ten
times longer, and on the record's other variables: is a miss the record's length, the observed
variable, or the estimator?

For each system, every variable (at most four; not an unbounded phase or one the orbit leaves
constant) of the orbit the validation samples
(``validate_chaos.trajectory``: 100 points per catalog period, the first ``n`` samples are the
validation's series when the variable is the first) gets ``lyapunov_exponent``'s defaults on ``n``
samples, and the Jacobians' lambda1 as ``"auto"`` fits them (``_jacobian_lambda``: ``m + 1`` delay
coordinates, the chosen delay, over that many samples) on ``n`` samples and on ``factor n`` samples of
the same orbit (the embedding and Theiler window chosen on the first ``n``). Printed as ratios to the
stored reference. Run from the repository root (about a minute a system at the defaults)::

    python tools/lyapunov_longer_records.py [--n 10000] [--factor 10] NAME [NAME ...]
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path


def _validate_chaos():
    spec = importlib.util.spec_from_file_location(
        "validate_chaos", Path(__file__).with_name("validate_chaos.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(name: str, n: int = 10_000, factor: int = 10, variables: int = 4) -> list[dict]:
    """One row per variable: its index, the defaults' ``m``, ``tau`` and lambda1 (``auto``) on ``n``
    samples, and the Jacobians' lambda1 on ``n`` (``short``) and ``factor * n`` (``long``) samples,
    each over the reference (NaN where not found)."""
    import numpy as np

    import tsdyn.systems as ts
    from tsdyn.chaos import lyapunov as lyap
    from tsdyn.chaos import lyapunov_exponent

    vc = _validate_chaos()
    system = ts.get(name)
    ref = system.lyapunov_max
    period = (system.invariants or {}).get("dominant_period")
    orbit = vc.trajectory(name, factor * n, period)
    dt = float(orbit.time[1] - orbit.time[0])
    rows = []
    for v in range(min(variables, orbit.sizes["variable"])):
        whole = orbit.isel(variable=v)
        if v in (system.spec.unbounded or ()) or np.ptp(whole.values[:n]) == 0:
            continue  # a phase growing without bound, or a variable the orbit leaves constant: no attractor
        res = lyapunov_exponent(whole[:n])
        m, tau, theiler = int(res.m), int(res.tau), int(res.theiler)
        row = {"variable": v, "m": m, "tau": tau, "auto": float(res.exponent) / ref}
        for label, part in (("short", whole.values[:n]), ("long", whole.values)):
            # the fits "auto" makes (lyapunov._jacobian_lambda: m + 1 coordinates over tau samples;
            # NaN where the series is too short for them)
            row[label] = (
                lyap._jacobian_lambda(np.asarray(part, dtype=np.float64), m + 1, tau, theiler, dt)[0] / ref
            )
        rows.append(row)
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args(argv)
    for name in args.names:
        for r in measure(name, args.n, args.factor):
            print(
                f"{name:24s} variable {r['variable']}  m {r['m']} tau {r['tau']:3d}  auto {r['auto']:.2f}  "
                f"Jacobians {r['short']:.2f} on n, {r['long']:.2f} on {args.factor} n  (of the reference)",
                flush=True,
            )


if __name__ == "__main__":
    main()
