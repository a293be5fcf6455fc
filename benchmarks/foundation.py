"""The harness on a trivial pair: tsdyn's compiled rolling mean vs pandas' rolling mean.

Run: python benchmarks/foundation.py [--write]
"""

import sys

import numpy as np
import pandas as pd
from harness import Case, run_cases, write_section

from tsdyn.data import Output, apply_along_time
from tsdyn.ews._kernels import move_mean


def main() -> None:
    rng = np.random.default_rng(0)
    cases = []
    for n in (10_000, 1_000_000):
        x = rng.standard_normal(n)
        s = pd.Series(x)
        window = n // 2

        def ours(x=x, window=window):
            return apply_along_time(
                move_mean,
                x,
                outputs=Output("mean", core_dims=("time",)),
                kwargs={"window": window, "min_count": window},
            )

        def peer(s=s, window=window):
            return s.rolling(window).mean().to_numpy()

        cases.append(Case("rolling mean (window N/2)", f"N={n:.0e}", ours, "pandas", peer))
    rows = run_cases(cases)
    for case in cases:  # after timing, so the first call above includes the JIT compile
        np.testing.assert_allclose(case.ours(), case.peer(), rtol=1e-9, atol=1e-12)
    if "--write" in sys.argv:
        write_section("foundation", rows)


if __name__ == "__main__":
    main()
