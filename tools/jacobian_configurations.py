"""Which configuration of the local Jacobians gets lambda1 right, system by system.

On the validation's series (``tools/validate_chaos.py``: 10 000 samples of the first variable,
100 points per dominant period, maps every iteration), the local-Jacobian lambda1 of
``lyapunov_exponent`` (its embedding, Theiler window and fits) in ``m + dm`` coordinates for
``dm`` in ``--extra``, over ``tau`` or ``tau / 2`` samples, from 2 or 4 neighbours a coordinate
(a map's series: ``tau = 1``, the step 1). Prints the hits (within ``--tolerance`` of the
reference) of each configuration, and how many systems at least one of them hits: if no single
configuration comes near that count, choosing the fits per series is what would be needed, and
no fixed default reaches it. Run niced (about 7 minutes on both cores)::

    nice -n 10 python tools/jacobian_configurations.py --jobs 2
"""

from __future__ import annotations

import argparse
import math
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ is not a package
import validate_chaos


def configurations(name: str, extra: tuple[int, ...]) -> tuple[str, float, dict]:
    """(name, reference lambda1, {(dm, step over tau, neighbours a coordinate): lambda1})."""
    from tsdyn.chaos import lyapunov as lyap
    from tsdyn.errors import InputError

    ref = validate_chaos._reference(name)
    x = validate_chaos.series(name, 10_000, 0.0, ref.get("dominant_period"))
    dt = float(x.time[1] - x.time[0])
    v = np.asarray(x.values, dtype=float)
    # the embedding and Theiler window lyapunov_exponent chooses (the curve alone: cheapest)
    chosen = lyap.lyapunov_exponent(x, method="rosenstein")
    m, tau, theiler = (int(chosen[key]) for key in ("m", "tau", "theiler"))
    out = {}
    for dm in extra:
        for fraction in (1.0, 0.5) if tau > 1 else (1.0,):
            for per_term in (2, 4):
                step = max(1, round(tau * fraction))
                k = per_term * (m + dm + 1)
                try:
                    exps, _ = lyap._local_jacobian_spectrum(v, m + dm, tau, theiler, k, step, leading=True)
                    out[dm, fraction, per_term] = float(exps[0]) / dt
                except InputError:  # too short for these fits: counted as a miss
                    out[dm, fraction, per_term] = math.nan
    return name, ref["lyapunov_max"], out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", nargs="*", help="default: every scored system")
    parser.add_argument("--extra", type=int, nargs="*", default=[0, 1, 2, 3, 5], help="dm values")
    parser.add_argument("--tolerance", type=float, default=0.15)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    names = args.systems or validate_chaos.selection()[0]
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(configurations, names, [tuple(args.extra)] * len(names)))

    def hit(value: float, ref: float) -> bool:
        return math.isfinite(value) and abs(value / ref - 1) <= args.tolerance

    counts: dict = {}
    anywhere = 0
    for _name, ref, values in rows:
        for key, value in values.items():
            counts[key] = counts.get(key, 0) + hit(value, ref)
        anywhere += any(hit(value, ref) for value in values.values())
    print("m + dm | step / tau | neighbours a coordinate | hits (maps: step 1, counted under 1.0)")
    for (dm, fraction, per_term), n in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"m + {dm} | {fraction:g} | {per_term} | {n} / {len(rows)}")
    print(f"at least one configuration within {args.tolerance:.0%}: {anywhere} / {len(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
