"""Check that each catalog system's ``ic`` lies on its attractor, and settle the ones that do not.

The forecast corpora and ``tools/validate_chaos.py`` treat the catalog's ``ic`` as a point on the
attractor: the validation's record starts twenty dominant periods after it (maps: 1000 iterations)
and samples 100 periods (10 000 samples at 100 per period). A long chaotic transient breaks that
silently (Coullet: lambda1 0.11-0.15 up to t = 600, then 0.00-0.03; its record, t = 120-697, had
10x the reference exponent). Criterion, per system:

* **statistics**: the record (window 0) against the ``LATE + 1`` windows of the same length from
  ``LATE`` records after it on (one integration). For each variable, the mean, SD and 1 % / 99 %
  quantiles are scaled by the late windows' pooled SD; a window's distance is the largest
  difference of its features from the pool's, over variables and features. The ``ic`` is off the
  attractor when the record's distance exceeds ``FLOOR`` and ``RATIO`` times the largest distance of
  a late window (the sampling scatter of 100-period windows, large for intermittent systems:
  Finance's, GuckenheimerHolmes', Hopfield's, MooreSpiegel's and BlinkingRotlet's records are
  within it or close). Delay equations are checked but not settled here: their ``ic`` is a
  constant history, not a state.
* **exponent**: the record's own finite-time lambda1 (``lambda_record`` of the validation cache)
  against the stored reference: off by more than a factor ``EXP_FACTOR`` counts as a transient when
  the same span far later (a tangent run from the first late window's first state) is within that
  factor.

``python tools/check_catalog_ics.py`` prints the table for the scored systems (``--all``: every
flow, map and delay equation); ``--apply`` rewrites systems.json's ``ic`` for the systems in
``SETTLED`` (below): the state reached from the recorded old ``ic`` after ``t`` time units (maps:
iterations), so the fix is reproducible.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
TABLE = ROOT / "tsdyn" / "systems" / "catalog" / "systems.json"

LATE = 10  # the late windows: records 10 to 20 after the record
FLOOR = 0.1  # in late SDs
# times the largest late window's distance: MooreSpiegel's (intermittent) late windows reach 2.2x each
# other's largest distance in a second run, so 2 would flag scatter
RATIO = 3.0
EXP_FACTOR = 3.0  # beyond the finite-time scatter of the rough systems (StickSlipOscillator 0.36x)

# Systems whose catalog ic started a transient: the old ic and how long it was integrated
# (time units; the adaptive solver at the catalog's defaults) to reach the stored one.
SETTLED: dict[str, dict] = {
    "Coullet": {"from": [0.34539837958549907, 0.4284701181998099, 0.086983698175975], "t": 3000.0},
    "Rulkov": {"from": [1.0, 1.0], "t": 100_000},
}


def settle(name: str, old: list[float], t: float) -> np.ndarray:
    """The state reached from ``old`` after ``t`` time units (maps: iterations)."""
    import tsdyn.systems as ts

    system = ts.get(name)
    if system.kind == "map":
        return system.integrate(n=1, transient=int(t), ic=old).values[-1]
    return system.integrate(t=[0.0, t], ic=old).values[-1]


def windows(name: str, n: int, period: float | None, ic=None) -> list[np.ndarray]:
    """The validation's record and the late windows, ``(n, dim)`` each, of one integration from ``ic``
    (default the catalog's): ``validate_chaos.trajectory`` run on past the record."""
    from validate_chaos import trajectory

    states = trajectory(name, (2 * LATE + 1) * n, period, ic=ic).values
    return [states[:n]] + [states[k * n : (k + 1) * n] for k in range(LATE, 2 * LATE + 1)]


def _features(w: np.ndarray) -> np.ndarray:
    return np.stack([w.mean(0), w.std(0), *np.quantile(w, [0.01, 0.99], axis=0)])


def distances(ws: list[np.ndarray], unbounded: tuple[int, ...] = ()) -> tuple[float, float]:
    """(record's distance to the late windows' pool, the largest late window's), in late SDs.

    Unbounded variables (phases, a driving time) are left out: they drift by construction."""
    keep = [j for j in range(ws[0].shape[1]) if j not in unbounded]
    if not keep:  # all unbounded (the circle map's phase): no statistic to compare
        return 0.0, 0.0
    ws = [w[:, keep] for w in ws]
    pool = np.concatenate(ws[1:])
    scale = pool.std(0)
    scale[scale == 0] = 1.0
    ref = _features(pool) / scale
    d = [float(np.max(np.abs(_features(w) / scale - ref))) for w in ws]
    return d[0], max(d[1:])


def off_statistics(record: float, late: float) -> bool:
    """Whether the record's distance is beyond the late windows' scatter (see the module's criterion)."""
    return record > FLOOR and record > RATIO * late


def late_exponent(name: str, state: np.ndarray, n: int) -> float:
    """lambda1 over ``n`` sampling steps from ``state`` (one tangent run, aligned over 5 % first)."""
    from validate_chaos import sampling_step, tangent_run

    import tsdyn.systems as ts

    system = ts.get(name)
    return float(tangent_run(system, n, sampling_step(system), transient=n // 20, ic=state).exponents[0])


def check(name: str, n: int, cached: dict) -> dict:
    import tsdyn.systems as ts
    from tsdyn.systems import _invariants

    ref = _invariants.load()["systems"][name]
    period = ref.get("dominant_period")
    ws = windows(name, n, period)
    early, late = distances(ws, ts.get(name).spec.unbounded)
    off_stats = off_statistics(early, late)
    out = {"system": name, "d_record": early, "d_late": late, "stats": off_stats}
    own, lam = cached.get("lambda_record"), cached.get("lambda_ref")
    out["own_ratio"] = own / lam if own and lam else None
    out["exponent"] = False
    if out["own_ratio"] is not None and not 1 / EXP_FACTOR <= out["own_ratio"] <= EXP_FACTOR:
        # both late windows near the reference: the record's exponent is the transient's, not scatter
        late_ratios = [late_exponent(name, w[0], n) / lam for w in (ws[1], ws[-1])]
        out["late_ratio"] = max(late_ratios, key=lambda r: abs(np.log(r)) if r > 0 else np.inf)
        out["exponent"] = all(1 / EXP_FACTOR <= r <= EXP_FACTOR for r in late_ratios)
    out["off"] = off_stats or out["exponent"]
    return out


def apply() -> None:
    """Rewrite systems.json's ``ic`` of every ``SETTLED`` system (the table's own formatting)."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    for name, how in SETTLED.items():
        table["systems"][name]["ic"] = settle(name, how["from"], how["t"]).tolist()
    TABLE.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def checked(every: bool) -> list[str]:
    """The systems checked without ``--systems``: the validation's scored ones, or (``every``)
    every flow, map and delay equation of the catalog (the deterministic systems)."""
    from validate_chaos import selection

    import tsdyn.systems as ts

    return (
        sorted(ts.list(kind="flow") + ts.list(kind="map") + ts.list(kind="delay"))
        if every
        else selection()[0]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", nargs="*", help="only these (default: the scored systems)")
    parser.add_argument("--all", action="store_true", help="every flow, map and delay equation")
    parser.add_argument("--n", type=int, default=10_000, help="samples per window")
    parser.add_argument("--apply", action="store_true", help="write the SETTLED ics into systems.json")
    args = parser.parse_args(argv)
    if args.apply:
        apply()
        return 0
    from validate_chaos import CACHE

    names = args.systems or checked(args.all)
    off = []
    for name in names:
        path = CACHE / f"{name}-n{args.n}-c4000-noise0.json"
        cached = json.loads(path.read_text()) if path.exists() else {}
        r = check(name, args.n, cached)
        own = "-" if r["own_ratio"] is None else f"{r['own_ratio']:.2f}"
        later = f"{r['late_ratio']:.2f}" if "late_ratio" in r else "-"
        flag = "OFF" if r["off"] else ""
        print(
            f"{name:28s} d_record {r['d_record']:.3f} d_late {r['d_late']:.3f} own/ref {own} late/ref {later} {flag}"
        )
        sys.stdout.flush()
        if r["off"]:
            off.append(name)
    print(f"off the attractor: {len(off)} of {len(names)}: {', '.join(off)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
