"""Are the stored invariants right within their stated errors? Rerun a sample of systems 10x longer.

For each system the largest Lyapunov exponent is recomputed with the entry's own step
and settings (40 block means) over ten times the stored averaging length, and the
correlation dimension on a trajectory ten times longer (the same number of points, spread
over ten times as many periods), both with ``tools/compute_invariants.py``'s functions.
The table gives ``z = (stored - long) / sqrt(err_stored^2 + err_long^2)``: honest errors
give |z| below 2 in about 95 % of the rows. Results are cached per system in
``.cache/invariants_longer/`` (delete a file to redo it). Run niced, from the repository root::

    nice -n 10 python benchmarks/invariants_longer.py [NAMES...]

The table is pasted into docs/systems.md ("How good are the stored invariants").
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "invariants_longer"
SYSTEMS = ("Lorenz", "Rossler", "Henon", "HyperRossler", "Chen", "Thomas")
FACTOR = 10


def longer(name: str) -> dict:
    """The stored entry's lambda1 and D2 with their errors, and the same from a run FACTOR times longer."""
    sys.path.insert(0, str(ROOT / "tools"))
    import compute_invariants as ci

    import tsdyn.systems as ts

    s, e = ts.get(name), ts.get(name).invariants
    blocks = ci.SETTINGS["lyapunov_blocks"]
    t0 = time.perf_counter()
    if s.kind == "map":
        n = int(e["lyapunov_time"])
        res = ts.lyapunov_spectrum(s, n=FACTOR * n, transient=n // 10, blocks=blocks)
    else:
        t = e["lyapunov_time"]
        res = ts.lyapunov_spectrum(s, t=FACTOR * t, dt=e["lyapunov_dt"], transient=0.1 * t, blocks=blocks)
    out = {
        "system": name,
        "lambda": e["lyapunov_max"],
        "lambda_err": e["lyapunov_stderr"][0],
        "lambda_long": float(res.exponents[0]),
        "lambda_long_err": float(res.stderr[0]),
        "d2": e.get("correlation_dimension"),
        "d2_err": e.get("correlation_dimension_error"),
    }
    bounded = [i for i in range(s.dimension) if i not in set(s.unbounded)]
    if s.kind == "map":
        x = s.integrate(n=FACTOR * ci.SETTINGS["map_iterations"], transient=1000).values
        theiler = 0
    else:
        k = ci.SETTINGS["samples_per_period"]
        x = s.integrate(
            n=FACTOR * k * ci.SETTINGS["periods"], dt=s.period / k, transient=ci.SETTINGS["transient_periods"] * s.period,
            rtol=ci.SETTINGS["rtol"], atol=ci.SETTINGS["atol"], parallel=False, max_steps=10**8,
        ).values  # fmt: skip
        theiler = round(ci.SETTINGS["correlation_theiler_periods"] * k)
    points = e.get("correlation_points", ci.SETTINGS["correlation_max_points"])
    d, d_err = ci.correlation_dimension_of_states(x[:, bounded], theiler, len(bounded), int(points))
    out.update(d2_long=d, d2_long_err=d_err, seconds=round(time.perf_counter() - t0, 1))
    return out


def z(a, a_err, b, b_err) -> float:
    return (a - b) / math.hypot(a_err, b_err) if a_err or b_err else math.inf


def table(rows: list[dict]) -> str:
    lines = [
        f"| system | lambda1 stored | lambda1 {FACTOR}x longer | z | D2 stored | D2 {FACTOR}x longer | z |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['system']} | {r['lambda']:.4g} ± {r['lambda_err']:.2g} "
            f"| {r['lambda_long']:.4g} ± {r['lambda_long_err']:.2g} "
            f"| {z(r['lambda'], r['lambda_err'], r['lambda_long'], r['lambda_long_err']):+.1f} "
            f"| {r['d2']:.3g} ± {r['d2_err']:.2g} | {r['d2_long']:.3g} ± {r['d2_long_err']:.2g} "
            f"| {z(r['d2'], r['d2_err'], r['d2_long'], r['d2_long_err']):+.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    CACHE.mkdir(parents=True, exist_ok=True)
    rows = []
    for name in argv or SYSTEMS:
        path = CACHE / f"{name}.json"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(longer(name)))
            tmp.replace(path)  # atomic: an interrupted run redoes only this system
        rows.append(json.loads(path.read_text()))
        print(f"{name}: {rows[-1]['seconds']} s", flush=True)
    print(table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
