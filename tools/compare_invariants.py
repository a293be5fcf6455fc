"""Compare tsdyn's stored invariants with dysts's published estimates; write docs/systems_invariants.md.

dysts ships ``dysts/data/chaotic_attractors.json`` (flows) with, per system,
``maximum_lyapunov_estimated``, ``lyapunov_spectrum_estimated``,
``kaplan_yorke_dimension``, ``correlation_dimension`` and ``period``. Its
numbers are read from the installed package (data, not code). Run from the
repository root after ``compute_invariants.py``::

    python tools/compare_invariants.py
"""

from __future__ import annotations

import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "tsdyn" / "systems" / "invariants.json"
DOC = ROOT / "docs" / "systems_invariants.md"

# A pair "agrees" when within both a relative and an absolute margin (estimates of either side
# carry a few per cent of statistical and discretisation error).
MARGINS = {"lyapunov": (0.15, 0.02), "dimension": (0.05, 0.05), "period": (0.05, 0.0)}


def agree(a, b, what: str) -> bool | None:
    if a is None or b is None:
        return None
    rel, absolute = MARGINS[what]
    return abs(a - b) <= max(absolute, rel * max(abs(a), abs(b)))


def fmt(v, err=None) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    s = f"{v:.3g}"
    return s if err is None else f"{s} ± {err:.1g}"


def load_dysts() -> dict:
    import dysts

    path = Path(dysts.__file__).parent / "data" / "chaotic_attractors.json"
    return json.loads(path.read_text())


def same_params(ours: dict, theirs: dict) -> bool:
    if set(ours) != set(theirs):
        return False
    return all(math.isclose(float(ours[k]), float(theirs[k]), rel_tol=1e-3) for k in ours)


def main() -> None:
    import dysts

    ours = json.loads(OURS.read_text())
    theirs = load_dysts()
    shared = sorted(set(ours["systems"]) & set(theirs))
    rows, flags = [], {"lyapunov": [], "spectrum0": [], "ky": [], "d2": [], "period": [], "params": []}
    inconsistent_dysts = []
    for name in shared:
        o, t = ours["systems"][name], theirs[name]
        lam = o.get("lyapunov_max")
        lam_err = (o.get("lyapunov_stderr") or [None])[0]
        t_mle = t.get("maximum_lyapunov_estimated")
        t_spec = t.get("lyapunov_spectrum_estimated") or [None]
        checks = {
            "lyapunov": agree(lam, t_mle, "lyapunov"),
            "spectrum0": agree(lam, t_spec[0], "lyapunov"),
            "ky": agree(o.get("kaplan_yorke_dimension"), t.get("kaplan_yorke_dimension"), "dimension"),
            "d2": agree(o.get("correlation_dimension"), t.get("correlation_dimension"), "dimension"),
            "period": agree(o.get("dominant_period"), t.get("period"), "period"),
            "params": same_params(o.get("parameters", {}), t.get("parameters", {})),
        }
        for key, ok in checks.items():
            if ok is False:
                flags[key].append(name)
        if agree(t_mle, t_spec[0], "lyapunov") is False:
            inconsistent_dysts.append(name)
        mark = "" if all(v is not False for k, v in checks.items() if k != "spectrum0") else " *"
        rows.append(
            f"| {name}{mark} | {fmt(lam, lam_err)} | {fmt(t_mle)} | {fmt(t_spec[0])} "
            f"| {fmt(o.get('kaplan_yorke_dimension'))} | {fmt(t.get('kaplan_yorke_dimension'))} "
            f"| {fmt(o.get('correlation_dimension'), o.get('correlation_dimension_error'))} "
            f"| {fmt(t.get('correlation_dimension'))} | {fmt(o.get('dominant_period'))} | {fmt(t.get('period'))} |"
        )
    n = len(shared)
    stats = _stats(ours["systems"], theirs, shared)

    def listing(key: str) -> str:
        names = flags[key]
        return f"{len(names)} of {n}" + (f": {', '.join(names)}" if names else "")

    text = TEMPLATE.format(
        version=ours["tsdyn_version"], generated=ours["generated"], dysts_version=dysts.__version__
        if hasattr(dysts, "__version__") else "installed", n=n, rows="\n".join(rows),
        lyapunov=listing("lyapunov"), spectrum0=listing("spectrum0"), ky=listing("ky"), d2=listing("d2"),
        period=listing("period"), params=listing("params"),
        dysts_self=f"{len(inconsistent_dysts)} of {n}", settings=json.dumps(ours["settings"]),
        wall=ours.get("wall_seconds"), jobs=ours.get("jobs"), **stats,
    )  # fmt: skip
    DOC.write_text(text)
    print(f"{n} shared systems -> {DOC.relative_to(ROOT)}")
    for key, names in flags.items():
        print(f"  disagree on {key}: {len(names)}")


def _stats(ours: dict, theirs: dict, shared: list[str]) -> dict:
    # Where the disagreements come from: harmonics of the period, systematic offsets.
    import numpy as np

    def pairs(key_ours, key_theirs):
        out = [(ours[n].get(key_ours), theirs[n].get(key_theirs)) for n in shared]
        return np.array([(a, b) for a, b in out if a is not None and b is not None], dtype=float)

    per = pairs("dominant_period", "period")
    ratio = per[:, 0] / per[:, 1]
    off = ~(np.abs(ratio - 1) <= 0.05)
    harmonic = off & np.any([np.abs(ratio / h - 1) <= 0.05 for h in (0.5, 2.0, 1 / 3, 3.0)], axis=0)
    d2 = pairs("correlation_dimension", "correlation_dimension")
    lam = pairs("lyapunov_max", "maximum_lyapunov_estimated")
    return {
        "period_harmonic": f"{int(harmonic.sum())} of the {int(off.sum())}",
        "d2_median": f"{np.median(d2[:, 0] - d2[:, 1]):+.2f}",
        "d2_within": f"{int((np.abs(d2[:, 0] - d2[:, 1]) <= 0.2).sum())} of {len(d2)}",
        "lam_median": f"{np.median(lam[:, 0] - lam[:, 1]):+.3f}",
    }


TEMPLATE = """<!-- Generated by tools/compare_invariants.py: do not edit. -->
# Invariants of the catalog, compared with dysts

Generated by `tools/compare_invariants.py` from `tsdyn/systems/invariants.json`
(tsdyn {version}, computed {generated} by `tools/compute_invariants.py` in {wall} s
on {jobs} processes) and dysts's `data/chaotic_attractors.json` ({dysts_version}).

Our numbers, per system: the dominant period (largest peak of the summed power spectrum of the
standardised variables), the Lyapunov spectrum (Benettin/QR on the variational equations,
`tsdyn.systems.lyapunov_spectrum`) with the standard error of 40 block means (runs extended to 1 % relative error, at most 10x), the Kaplan-Yorke
dimension of that spectrum, and the Grassberger-Procaccia correlation dimension of the
state-space points (`tsdyn.chaos`; error = half the difference of the slopes over the lower
and upper halves of the fit range). Read them as `tsdyn.systems.get(name).lyapunov_max` etc.

Settings: `{settings}`

## Summary of disagreements ({n} shared flows)

A pair agrees within 15 % or 0.02 (Lyapunov exponents), 5 % or 0.05 (dimensions), 5 % (period).

- Largest exponent vs dysts `maximum_lyapunov_estimated`: disagree for {lyapunov}.
  Median difference (tsdyn - dysts) {lam_median}.
- Largest exponent vs dysts `lyapunov_spectrum_estimated[0]`: disagree for {spectrum0}.
- dysts's two estimates of the largest exponent disagree with each other for {dysts_self}.
- Kaplan-Yorke dimension: disagree for {ky}.
- Correlation dimension: disagree for {d2}. Median difference (tsdyn - dysts) {d2_median};
  within 0.2 of each other for {d2_within}.
- Period: disagree for {period}; {period_harmonic} are a harmonic (ratio 2, 1/2, 3 or 1/3).
- Parameters differ (beyond 0.1 %) for {params}.

## Why the numbers differ

- **dysts disagrees with itself.** Its `maximum_lyapunov_estimated` (a fit to the growth of a
  separation, from a short run) and the first entry of its `lyapunov_spectrum_estimated` (a QR
  method) are two estimates that often differ by more than our tolerance: Lorenz has MLE 0.89
  and spectrum[0] 1.09 against the literature's 0.906 (Sprott 2003). Where dysts's two values
  straddle ours, the disagreement is theirs. Our spectra satisfy the exact identities that can
  be checked (Lorenz sums to -(sigma + 1 + beta) within 1e-3; Henon to ln b; tested).
- **Averaging length.** Our spectra average over 1500 dominant periods or more (fewer for the largest
  systems, see `lyapunov_max_work`), with a block standard error stored alongside; dysts's
  estimates come from much shorter trajectories, and weakly chaotic systems (exponents of order
  0.01) need long averages: their relative error is large on either side.
- **Stiff flows and fields** (entries with `"lyapunov_method": "dopri5"`). Where fixed-step RK4
  blows up at every step tried (KuramotoSivashinsky's fourth derivative, the Oregonator's fast
  relaxations), the spectrum comes from adaptive Dormand-Prince 5(4) on the variational system,
  whose error control keeps the step inside the stability limit along the orbit, over
  `lyapunov_adaptive_periods` periods and only the first `lyapunov_adaptive_k` exponents (KS).
  The pattern-forming fields (GrayScott, SwiftHohenberg: thousands of variables) get a short
  trajectory and their `large_lyapunov_k` leading exponents from directional differences of
  the right-hand side, and no correlation dimension. A truncated spectrum gives a Kaplan-Yorke
  dimension only when its sum is already negative.
- **Delay equations** (`"lyapunov_method": "two trajectories"`): the largest exponent only,
  from two trajectories restarted from their sampled histories every delay over 1000 delays.
  dysts's Mackey-Glass estimates (0.073 and 0.21 at tau = 16) are not ours: at tau = 16 the
  orbit is a limit cycle (0.0004 +- 0.0002; the 0.0039 stored before December 2026 was
  integration noise of the two trajectories); at tau = 17 ours is 0.0053, Farmer's (1982)
  published value is about 0.007.
- **Hamiltonian and conservative systems** (e.g. the Nose-Hoover and Sprott conservative flows,
  ArnoldBeltramiChildress) have exponents that pair up around zero and small largest exponents
  that depend on the initial condition's orbit (chaotic sea vs KAM tori); relative differences
  are meaningless there and both estimates sit near zero.
- **Period.** Ours is the global maximum of the power spectrum summed over all standardised
  variables of a run of 2000 published periods; dysts's `period` comes from its own, shorter
  spectral estimate. Two effects dominate: (1) in about a third of the systems the largest power
  sits at a slow modulation (lobe switching, intermittent bursts, slow drift of a forced or
  quasi-periodic system) that only a long run resolves, so our period is several times dysts's;
  (2) the variable that dominates differs, e.g. Lorenz's z peak at 0.76 against the x/y lobe
  period 1.50 (a harmonic). The published `period` (kept as `dysts_period`) stays the catalog's
  sampling reference (`pts_per_period`) unless it is more than a factor 3 from every measured
  time scale (MackeyGlass, HyperRossler: docs/systems.md, "Periods"), and our stored `dt`
  guidance uses the shorter of the two periods.
  Two cases checked by hand: **Arneodo** (T 2109 against the published 3.16) switches between
  the two mirror-image lobes of its attractor at irregular intervals of hundreds of time units
  (the mean of x over eighths of the run ranges from -1.5 to +1.3); 67 % of the power lies
  within a factor 2 of the published period, but the chaotic oscillation spreads it over many
  frequency bins, while the switching concentrates 22 % below a twentieth of that frequency in
  a few bins, and one of those bins is the single largest. **ArnoldWeb** (T 134 500 = the whole
  run, against 67.3) is a near-integrable, periodically perturbed Hamiltonian whose actions p1, p2 drift slowly
  along resonances (Arnold diffusion): 87 % of the power lies below a twentieth of the
  published frequency, so the spectrum really is red and its maximum is the run length.
  Neither is an oscillation period: use the published `period` (or the stored `dt`) to sample
  them. The estimator is the raw periodogram's maximum, kept as it is for every system so
  that the stored periods stay comparable.
- **Correlation dimension.** Both are Grassberger-Procaccia slopes, but over different scaling
  ranges, numbers of points and norms; ours fits C(r) between 1e-5 and 1e-3 on 10 000 state
  points with a Theiler window of one period (GP 1983: Lorenz 2.05, Henon 1.21; we get 2.05 and
  1.22). Fitting at smaller scales avoids the fall of the slope where r approaches the
  attractor's size, so ours is on average higher; differences of 0.1-0.3 are typical of the
  method's sensitivity to those choices; for the higher-dimensional attractors (hyperchaotic
  flows, Lorenz96) both values are lower bounds that grow slowly with the number of points.
- **Kaplan-Yorke dimension** follows from the spectrum, so it inherits the spectrum's differences
  (mostly through the smallest, most negative exponents).
- **Parameters.** A few systems use rounded published parameters in dysts (Lorenz beta = 2.667 vs
  our 8/3); the comparison flags any difference beyond 0.1 %.

## Table

Systems marked * disagree somewhere (the spectrum[0] column excluded). λ1: largest Lyapunov
exponent (per time unit), KY: Kaplan-Yorke dimension, D2: correlation dimension, T: period.

| system | λ1 tsdyn | λ1 dysts MLE | λ1 dysts spectrum[0] | KY tsdyn | KY dysts | D2 tsdyn | D2 dysts | T tsdyn | T dysts |
|---|---|---|---|---|---|---|---|---|---|
{rows}
"""

if __name__ == "__main__":
    main()
