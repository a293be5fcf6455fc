"""How much lambda1 from a 10 000-sample record varies between realisations, and what that costs.

For each named system (default: 24 hits and misses of each class of ``docs/chaos_lyapunov_catalog.md``):

- **the estimator's spread**: ``lyapunov_exponent`` at its defaults on ``--realisations``
  records generated as ``tools/validate_chaos.py`` generates its series (100 points per
  dominant period, the first variable, after 20 periods), cut from one long orbit with
  ``--gap`` samples between them (realisation 0 is the validation's series itself);
- **the dynamics' own spread**: the true finite-time lambda1 over ``--windows`` consecutive
  windows as long as one record, from the tangent dynamics of the equations
  (``tsdyn.systems.lyapunov_spectrum`` with one block per window; RK4 at a quarter of the
  sampling step, or the catalog's ``lyapunov_dt`` where finer: ``validate_chaos.tangent_run``). Even
  an estimator that measured each record's own finite-time exponent
  exactly would scatter this much around the long-run reference.

From each relative spread ``cv`` (SD / mean) it gives the chance that an *unbiased*
estimate with that spread lands within ``--tolerance`` of the reference,
``P(|cv z| <= tol)`` for a standard normal ``z``, and averages it over the systems: the hit
share that gate could reach at this record length. Run niced (a minute or two a system)::

    nice -n 10 python tools/lyapunov_spread.py --systems Lorenz Rossler
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [
    "Arneodo",
    "Blasius",
    "CellCycle",
    "Chen",
    "ChenLee",
    "Chua",
    "Colpitts",
    "Dadras",
    "Duffing",
    "Finance",
    "GenesioTesi",
    "Gissinger",
    "GumowskiMira",
    "Halvorsen",
    "Henon",
    "HyperBao",
    "HyperLu",
    "Lorenz",
    "Lorenz84",
    "PiecewiseCircuit",
    "Qi",
    "Rossler",
    "Rucklidge",
    "SprottL",
]


@functools.cache
def _validate():
    spec = importlib.util.spec_from_file_location("validate_chaos", ROOT / "tools" / "validate_chaos.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hit_chance(cv: float, tolerance: float) -> float:
    """P(|cv z| <= tolerance), z standard normal: an unbiased estimate's chance of a hit."""
    if not cv > 0:
        return float("nan")
    return math.erf(tolerance / (cv * math.sqrt(2.0)))


def orbit(name: str, n: int, count: int, gap: int):
    """One orbit as the validation generates its series, long enough for ``count`` records
    of ``n`` samples ``gap`` samples apart (the first is the validation's series)."""
    from tsdyn.systems import _invariants

    period = _invariants.load()["systems"][name].get("dominant_period")
    return _validate().series(name, count * n + (count - 1) * gap, 0.0, period)


def estimator_ratios(x, ref: float, n: int, count: int, gap: int) -> np.ndarray:
    """``lyapunov_exponent``'s default estimate / ``ref`` on each record of ``x``."""
    from tsdyn.chaos import lyapunov_exponent

    pieces = (x.isel(time=slice(s * (n + gap), s * (n + gap) + n)) for s in range(count))
    return np.array([float(lyapunov_exponent(piece).exponent) / ref for piece in pieces])


def window_spread(name: str, n: int, dt: float, windows: int) -> tuple[float, float]:
    """(mean, SD) of the true finite-time lambda1 over windows of ``n`` samples."""
    import tsdyn.systems as ts

    system = ts.get(name)
    # a map settles over 1000 iterations, a flow over one window (the validation's tangent run)
    res = _validate().tangent_run(
        system, windows * n, dt, transient=1000 if system.kind == "map" else n, blocks=windows
    )
    # each block spans one window: the block means' SD is the finite-time exponent's
    return float(res.exponents[0]), float(res.stderr[0]) * math.sqrt(windows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--systems", nargs="+", default=DEFAULT)
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--realisations", type=int, default=8)
    p.add_argument("--gap", type=int, default=5000, help="samples between realisations (50 periods)")
    p.add_argument("--windows", type=int, default=12)
    p.add_argument("--tolerance", type=float, default=0.15)
    p.add_argument("--no-estimator", action="store_true", help="the finite-time spread alone (fast)")
    p.add_argument(
        "--no-dynamics", action="store_true", help="the estimator's spread alone (no tangent runs)"
    )
    p.add_argument("--scored", action="store_true", help="every system the validation scores (not --systems)")
    args = p.parse_args(argv)
    from tsdyn.systems import _invariants

    if args.scored:
        args.systems = _validate().selection()[0]

    inv = _invariants.load()["systems"]
    print("| system | estimate / reference, each realisation | mean | cv | hits | finite-time cv |")
    print("|---|---|---|---|---|---|")
    est_cv, ftle_cv, hit_share, per_realisation = [], [], [], []
    for name in args.systems:
        ref = inv[name]["lyapunov_max"]
        x = orbit(name, args.n, 1 if args.no_estimator else args.realisations, args.gap)
        dt = float(x.time[1] - x.time[0])
        try:
            mean, sd = (np.nan, np.nan) if args.no_dynamics else window_spread(name, args.n, dt, args.windows)
            ftle_cv.append(sd / mean)
        except Exception as err:  # a system whose tangent run fails is reported, not fatal
            print(f"<!-- {name}: finite-time spread failed: {type(err).__name__} -->")
            ftle_cv.append(float("nan"))
        cells = ["", "", "", ""]
        if not args.no_estimator:
            r = estimator_ratios(x, ref, args.n, args.realisations, args.gap)
            ok = r[np.isfinite(r)]
            cv = float(ok.std(ddof=1) / ok.mean()) if ok.size > 1 else float("nan")
            est_cv.append(cv)
            hits = int(np.sum(np.abs(r - 1) <= args.tolerance))
            hit_share.append(hits / r.size)
            per_realisation.append(np.abs(r - 1) <= args.tolerance)
            cells = [" ".join(f"{v:.2f}" for v in r), f"{np.nanmean(r):.2f}", f"{cv:.3f}", f"{hits}/{r.size}"]
        print(f"| {name} | {' | '.join(cells)} | {ftle_cv[-1]:.3f} |")
    if per_realisation:
        each = np.sum(per_realisation, axis=0)
        print(
            f"\nhits per realisation: {', '.join(str(int(h)) for h in each)} of {len(per_realisation)} systems"
        )
    ftle = np.array(ftle_cv)
    if np.isfinite(ftle).any():
        print(f"\nfinite-time cv: median {np.nanmedian(ftle):.3f} over {np.isfinite(ftle).sum()} systems;")
        chance = [hit_chance(c, args.tolerance) for c in ftle]
        print(f"an unbiased estimate with that spread hits on {np.nanmean(chance):.0%} of them")
    if est_cv:
        chance = [hit_chance(c, args.tolerance) for c in est_cv]
        print(f"the estimator: median cv {np.nanmedian(est_cv):.3f}; unbiased with that spread it would hit")
        print(f"{np.nanmean(chance):.0%}; its hits over all realisations: {np.mean(hit_share):.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
