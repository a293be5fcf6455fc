"""Largest Lyapunov exponent, correlation dimension and 0-1 test at N = 1e4, against nolds.

Run from benchmarks/: ``PYTHONPATH=.. python chaos_invariants.py [--write]``

nolds 0.6.3 fails at import on Python 3.11 (its ``__init__`` reads bundled data
sets); :func:`load_nolds` imports its ``measures`` module without running the
package ``__init__``. Without nolds the peer column stays empty. The two libraries
do different amounts of work at their defaults, so each tsdyn case also runs with
nolds' parameters where the peer takes them: nolds' ``lyap_r`` at ``emb_dim=3,
lag=16, min_tsep=31, trajectory_len=1000`` (the embedding tsdyn chooses for
Lorenz x) and ``corr_dim`` at ``emb_dim=4`` with its default radii.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

from harness import Case, run_cases, write_section

import tsdyn.systems as ts
from tsdyn.chaos import correlation_dimension, lyapunov_exponent, zero_one_test


def load_nolds():
    """nolds' ``measures`` module, or None when nolds is not installed."""
    try:
        import nolds

        return nolds
    except ImportError:
        return None
    except Exception:  # nolds 0.6.3 on Python 3.11: TypeError in its data-set loader
        spec = importlib.util.find_spec("nolds")
        package = types.ModuleType("nolds")
        package.__path__ = list(spec.submodule_search_locations)
        sys.modules["nolds"] = package
        return importlib.import_module("nolds.measures")


def main() -> None:
    nolds = load_nolds()
    x = ts.get("Lorenz").integrate(n=10_000, dt=0.01, transient=50).sel(variable="x0").values
    peer = "nolds" if nolds else "-"

    def maybe(fn):
        return fn if nolds else None

    cases = [
        Case(
            "lyapunov_exponent rosenstein, defaults (embedding chosen)",
            "N=1e4",
            lambda: lyapunov_exponent(x, dt=0.01),
            "nolds lyap_r defaults",
            maybe(lambda: nolds.lyap_r(x)),
            repeats=3,
        ),
        Case(
            "lyapunov_exponent rosenstein, m=3 tau=16 theiler=31",
            "N=1e4",
            lambda: lyapunov_exponent(x, m=3, tau=16, theiler=31, dt=0.01),
            "nolds lyap_r same embedding",
            maybe(lambda: nolds.lyap_r(x, emb_dim=3, lag=16, min_tsep=31, trajectory_len=1000)),
            repeats=3,
        ),
        Case(
            "correlation_dimension defaults (m scanned, max_points=3000)",
            "N=1e4",
            lambda: correlation_dimension(x),
            peer,
            None,
            repeats=3,
        ),
        Case(
            "correlation_dimension m=4, tau=1, all points",
            "N=1e4",
            lambda: correlation_dimension(x, m=4, tau=1, max_points=10_000),
            "nolds corr_dim emb_dim=4",
            maybe(lambda: nolds.corr_dim(x, emb_dim=4)),
            repeats=3,
        ),
        Case("zero_one_test defaults", "N=1e4", lambda: zero_one_test(x), "-", None, repeats=3),
    ]
    rows = run_cases(cases)
    est = lyapunov_exponent(x, dt=0.01)
    notes = (
        f"Lorenz x, dt = 0.01, 10 000 samples. tsdyn's lambda1 at its defaults: {est.exponent:.4f} "
        f"+- {est.stderr:.4f} per time unit (reference 0.9056)"
    )
    if nolds:
        notes += (
            f"; nolds lyap_r, same embedding: {nolds.lyap_r(x, emb_dim=3, lag=16, min_tsep=31) / 0.01:.4f}"
        )
    print(notes)
    if "--write" in sys.argv:
        write_section("chaos_invariants", rows, notes=notes + ".")


if __name__ == "__main__":
    main()
