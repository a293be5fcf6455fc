"""Largest Lyapunov exponent, correlation dimension and 0-1 test at N = 1e4, against nolds and tsdynamics.

Run from benchmarks/: ``PYTHONPATH=.. python chaos_invariants.py [--write]``
(``TSDYNAMICS_PYTHON`` names a Python 3.12 interpreter with tsdynamics 6;
default ``/tmp/tsd312/bin/python``, skipped when absent).

nolds 0.6.3 fails at import on Python 3.11 (its ``__init__`` reads bundled data
sets); ``tools/nolds_shim.py`` imports its ``measures`` module without running the
package ``__init__``. Without nolds the peer column stays empty. The libraries
do different amounts of work at their defaults, so each tsdyn case also runs with
nolds' parameters where the peer takes them: nolds' ``lyap_r`` at ``emb_dim=3,
lag=16, min_tsep=31, trajectory_len=1000`` (the embedding tsdyn chooses for
Lorenz x) and ``corr_dim`` at ``emb_dim=4`` with its default radii (nolds has no
default embedding dimension). tsdynamics' from-data estimators
(``lyapunov_from_data(x, dt=0.01)``, ``correlation_dimension(embed(x))``, both at
their defaults, embedding chosen) run in their own process on the same series,
timed inside it after a first call (its compile), as tsdyn's medians are.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from harness import Case, format_row, run_cases, write_section

import tsdyn.systems as ts
from tsdyn.chaos import correlation_dimension, lyapunov_exponent, zero_one_test

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from nolds_shim import load_nolds as _load_nolds

#: Timed calls per case (median); ``--repeats N`` on a loaded machine, default 3.
REPEATS = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
TSDYNAMICS = os.environ.get("TSDYNAMICS_PYTHON", "/tmp/tsd312/bin/python")
_TSDYNAMICS = """
import statistics, sys, time, warnings
import numpy as np
import tsdynamics.analysis as a
warnings.simplefilter("ignore")
x = np.load(sys.argv[1])
runs = {
    "lambda": lambda: float(a.lyapunov_from_data(x, dt=0.01)),
    "d2": lambda: float(a.correlation_dimension(a.embed(x))),
}
for name, run in runs.items():
    value = run()  # first call: compiles
    times = []
    for _ in range(int(sys.argv[2])):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    print(name, statistics.median(times), value)
"""


def load_nolds():
    """nolds' measures through the shim, or None when nolds is not installed."""
    try:
        return _load_nolds()
    except ImportError:
        return None


def tsdynamics_runs(x: np.ndarray) -> dict[str, tuple[float, float]]:
    """{estimator: (median seconds, value)} of tsdynamics 6 on ``x``, in its own process; {} without it."""
    if not Path(TSDYNAMICS).exists():
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.npy"
        np.save(path, x)
        out = subprocess.run(
            [TSDYNAMICS, "-c", _TSDYNAMICS, str(path), str(REPEATS)],
            capture_output=True,
            text=True,
            check=True,
        )
    return {name: (float(t), float(v)) for name, t, v in (line.split() for line in out.stdout.splitlines())}


def main() -> None:
    nolds = load_nolds()
    x = ts.get("Lorenz").integrate(n=10_000, dt=0.01, transient=50).sel(variable="x0").values

    def maybe(fn):
        return fn if nolds else None

    cases = [
        Case(
            "lyapunov_exponent defaults (method auto, embedding chosen)",
            "N=1e4",
            lambda: lyapunov_exponent(x, dt=0.01),
            "nolds lyap_r defaults",
            maybe(lambda: nolds.lyap_r(x)),
            repeats=REPEATS,
        ),
        Case(
            "lyapunov_exponent m=3 tau=16 theiler=31 (method auto)",
            "N=1e4",
            lambda: lyapunov_exponent(x, m=3, tau=16, theiler=31, dt=0.01),
            "nolds lyap_r same embedding",
            maybe(lambda: nolds.lyap_r(x, emb_dim=3, lag=16, min_tsep=31, trajectory_len=1000)),
            repeats=REPEATS,
        ),
        Case(
            "correlation_dimension m=4, tau=1, all points",
            "N=1e4",
            lambda: correlation_dimension(x, m=4, tau=1, max_points=10_000),
            "nolds corr_dim emb_dim=4",
            maybe(lambda: nolds.corr_dim(x, emb_dim=4)),
            repeats=REPEATS,
        ),
        Case(
            "correlation_dimension defaults (m scanned, max_points=3000)",
            "N=1e4",
            lambda: correlation_dimension(x),
            "nolds corr_dim emb_dim=4, its default radii",
            maybe(lambda: nolds.corr_dim(x, emb_dim=4)),
            repeats=REPEATS,
        ),
        Case("zero_one_test defaults", "N=1e4", lambda: zero_one_test(x), "-", None, repeats=REPEATS),
    ]
    rows = run_cases(cases)
    theirs = tsdynamics_runs(x)
    for key, label, ours in (
        ("lambda", "lyapunov_exponent defaults", lambda: lyapunov_exponent(x, dt=0.01)),
        ("d2", "correlation_dimension defaults", lambda: correlation_dimension(x)),
    ):
        if key not in theirs:
            continue
        peer = (
            f"tsdynamics 6 {'lyapunov_from_data' if key == 'lambda' else 'correlation_dimension(embed(x))'}"
        )
        row = run_cases(
            [Case(label, "N=1e4", ours, peer + " defaults (own process)", None, REPEATS)], echo=False
        )[0]
        row.peer_s = theirs[key][0]
        print(format_row(row), flush=True)
        rows.append(row)
    est = lyapunov_exponent(x, dt=0.01)
    notes = (
        f"Lorenz x, dt = 0.01, 10 000 samples. tsdyn's lambda1 at its defaults: {est.exponent:.4f} "
        f"+- {est.stderr:.4f} per time unit (reference 0.9056)"
    )
    if nolds:
        notes += (
            f"; nolds lyap_r, same embedding: {nolds.lyap_r(x, emb_dim=3, lag=16, min_tsep=31) / 0.01:.4f}"
        )
    if theirs:
        notes += (
            f"; tsdynamics 6 at its defaults: lambda1 {theirs['lambda'][1]:.4f}, D2 {theirs['d2'][1]:.3f}"
            f" (tsdyn's D2 at its defaults: {float(correlation_dimension(x).dimension):.3f})"
        )
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    notes += f". {REPEATS} timed call(s) per case; load average at the end {load} (1, 5, 15 min) on 2 cores"
    print(notes)
    if "--write" in sys.argv:
        write_section("chaos_invariants", rows, notes=notes + ".")


if __name__ == "__main__":
    main()
