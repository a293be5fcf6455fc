"""Check that every catalog flow's stored largest Lyapunov exponent does not depend on the RK4 step.

A step too coarse for the orbit does not blow up: it lands on a nearby spurious orbit (JerkCircuit's
stored spectrum was 0.0946, 0.0499, -1.156 at the period / 200 step, with a "zero" exponent of
0.05; 0.0749, -0.0001, -1.075 at a quarter of it). For every flow with a stored RK4 spectrum, the
largest exponent is recomputed at the stored step (``lyapunov_dt`` of the entry) and at a quarter
of it over the same 300 periods from the catalog's initial state (50 periods of transient, 20
blocks), and the difference is printed in standard errors. A difference of several errors means
the step needs a cap: the catalog's ``lyapunov_dt``, then ``tools/compute_invariants.py NAME``.
Run from the repository root (about 5 minutes with 2 processes)::

    python tools/check_lyapunov_step.py [--jobs 2] [NAME ...]
"""

from __future__ import annotations

import argparse
import math
from concurrent.futures import ProcessPoolExecutor


def check(name: str):
    """(stored lambda1, its error, the stored step, [(lambda1, error) at the step and at a quarter])."""
    import tsdyn.systems as ts

    system = ts.get(name)
    entry = system.invariants or {}
    step = entry.get("lyapunov_dt")
    if system.kind != "flow" or not step or entry.get("lyapunov_method"):
        return None  # maps, adaptive (dopri5) and two-trajectory entries have no RK4 step
    period = system.period or 1.0
    runs = []
    for factor in (1, 4):
        res = ts.lyapunov_spectrum(
            system,
            t=300 * period,
            dt=step / factor,
            transient=50 * period,
            blocks=20,
            k=min(2, system.dimension),
        )
        runs.append((float(res.exponents[0]), float(res.stderr[0])))
    return entry["lyapunov_max"], entry["lyapunov_stderr"][0], step, runs


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="flows to check (default: every catalog flow)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    import tsdyn.systems as ts

    names = args.names or ts.list(kind="flow")
    # one job runs in this process (a script loaded from its path, as the tests do, cannot be pickled)
    pool = ProcessPoolExecutor(args.jobs) if args.jobs > 1 else None
    try:
        results = pool.map(check, names) if pool else map(check, names)
        for name, result in zip(names, results, strict=True):
            if result is None:
                continue
            lam, err, step, ((a, ea), (b, eb)) = result
            z = abs(a - b) / math.hypot(ea, eb) if ea + eb > 0 else 0.0
            print(
                f"{name:30s} stored {lam:10.4g} +- {err:8.2g} | step {step:8.3g}: {a:10.4g} +- {ea:8.2g}"
                f" | a quarter: {b:10.4g} +- {eb:8.2g} | {z:6.1f} errors apart",
                flush=True,
            )
    finally:
        if pool:
            pool.shutdown()


if __name__ == "__main__":
    main()
