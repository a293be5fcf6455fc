"""Embedding: time of optimal_delay / embedding_dimension, and their choices beyond the tests.

Run from benchmarks/: ``PYTHONPATH=.. python embedding.py [--write]``

No installed peer chooses an embedding (nolds and antropy take it as given), so
the table has no ratio; the target (issue 16) is FNN and Cao on 10 000 points
well under a second per ``m``. The validation table repeats the published
checks of ``tests/chaos/test_embedding.py`` at other lengths, with 5 %
observation noise and on other catalog systems.
"""

from __future__ import annotations

import sys

import numpy as np
from harness import Case, run_cases, write_section

import tsdyn.systems as ts
from tsdyn.chaos import embedding_dimension, optimal_delay


def series(name: str, n: int, *, obs_noise: float = 0.0, **kwargs) -> np.ndarray:
    traj = ts.get(name).integrate(n=n, obs_noise=obs_noise, seed=1, **kwargs)
    return traj.isel(variable=0).values


def timing_cases() -> list[Case]:
    cases = []
    for n in (10_000, 100_000):
        x = series("Lorenz", n, dt=0.01, transient=50)
        cases.append(
            Case("optimal_delay ami, max_tau=100", f"N={n:.0e}", lambda x=x: optimal_delay(x), "-", None)
        )
        for method in ("fnn", "cao"):
            cases.append(
                Case(
                    f"embedding_dimension {method}, tau=16, max_m=10",
                    f"N={n:.0e}",
                    lambda x=x, method=method: embedding_dimension(x, method=method, tau=16),
                    "-",
                    None,
                    repeats=3,
                )
            )
    return cases


def validation() -> str:
    rows = ["| series | N | noise | tau (AMI) | FNN m | Cao m |", "|---|---|---|---|---|---|"]
    runs = [("Lorenz", {"dt": 0.01, "transient": 50}, None, "expected 14-19, 3, 3")]
    runs += [("Rossler", {"dt": 0.1, "transient": 100}, None, "m = 3")]
    runs += [("Henon", {"transient": 100}, 1, "m = 2"), ("Logistic", {"transient": 100}, 1, "m = 1")]
    for name, kwargs, tau, _ in runs:
        for n in (3000, 10_000, 30_000):
            for noise in (0.0, 0.05):
                x = series(name, n, obs_noise=noise, **kwargs)
                delay = optimal_delay(x)
                found = []
                for method in ("fnn", "cao"):
                    res = embedding_dimension(x, method=method, tau=tau)
                    found.append(f"{res.m}{' (fallback)' if res.fallback else ''}")
                shown = f"{delay.tau}{' (fallback)' if delay.fallback else ''}" + (
                    " (tau=1 used)" if tau else ""
                )
                rows.append(f"| {name} x | {n} | {noise:.0%} | {shown} | {found[0]} | {found[1]} |")
                print(rows[-1], flush=True)
    notes = "; ".join(f"{name}: {expect}" for name, _, _, expect in runs)
    return "\n".join(rows) + f"\n\nReferences: {notes}. Maps are embedded with tau=1.\n"


def main() -> None:
    rows = run_cases(timing_cases())
    table = validation()
    if "--write" in sys.argv:
        write_section("embedding", rows, notes=table)


if __name__ == "__main__":
    main()
