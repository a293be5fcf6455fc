"""Entropy and fractal engines vs antropy: sample/approximate entropy, DFA, Higuchi, Katz, Lempel-Ziv.

Run from benchmarks/: ``PYTHONPATH=.. python entropy_fractal.py [--write]``

Targets (issue 16, item 5): sample entropy at N = 3e4 at least 10x antropy
and N = 1e6 in under 30 s and 1 GB; DFA at N = 1e6 at least antropy's speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np
from harness import Case, run_cases, write_section

import tsdyn.entropy as te
import tsdyn.fractal as tf

BIG = textwrap.dedent(
    """
    import resource, time
    import numpy as np
    import tsdyn.entropy as te
    x = np.random.default_rng(0).standard_normal(1_000_000)
    te.sample_entropy(x[:1000])
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    value = te.sample_entropy(x)
    print(f"{time.perf_counter() - t:.1f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
          f" (before the call {before / 1024:.0f} MB), SampEn = {value:.4f}")
    """
)


def cases() -> list[Case]:
    import antropy

    rng = np.random.default_rng(0)
    x3 = rng.standard_normal(30_000)
    x6 = rng.standard_normal(1_000_000)
    x5 = x6[:100_000]
    binary = (x5 >= np.median(x5)).astype(int)
    return [
        Case("sample_entropy m=2", "N=3e4", lambda: te.sample_entropy(x3), "antropy sample_entropy",
             lambda: antropy.sample_entropy(x3), repeats=3),
        Case("approximate_entropy m=2", "N=3e4", lambda: te.approximate_entropy(x3), "antropy app_entropy",
             lambda: antropy.app_entropy(x3), repeats=3),
        Case("multiscale_sample_entropy scales 1-10", "N=3e4", lambda: te.multiscale_sample_entropy(x3), "-",
             None, repeats=3),
        Case("dfa degree=1", "N=1e6", lambda: tf.dfa(x6), "antropy detrended_fluctuation",
             lambda: antropy.detrended_fluctuation(x6), repeats=3),
        Case("dfa degree=2", "N=1e6", lambda: tf.dfa(x6, degree=2), "-", None, repeats=3),
        Case("hurst (R/S, corrected)", "N=1e6", lambda: tf.hurst(x6), "-", None, repeats=3),
        Case("higuchi_dimension k_max=10", "N=1e6", lambda: tf.higuchi_dimension(x6), "antropy higuchi_fd",
             lambda: antropy.higuchi_fd(x6), repeats=3),
        Case("katz_dimension", "N=1e6", lambda: tf.katz_dimension(x6), "antropy katz_fd",
             lambda: antropy.katz_fd(x6), repeats=3),
        Case("lempel_ziv (median)", "N=1e5", lambda: te.lempel_ziv(x5), "antropy lziv_complexity (binarised)",
             lambda: antropy.lziv_complexity(binary, normalize=True), repeats=3),
    ]  # fmt: skip


def main() -> None:
    load = os.getloadavg()
    rows = run_cases(cases())
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([os.path.dirname(os.getcwd()), os.environ.get("PYTHONPATH", "")]),
    }
    big = subprocess.run(
        [sys.executable, "-c", BIG], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    print("sample_entropy N=1e6:", big)
    after = os.getloadavg()
    notes = (
        "Speed-up = antropy time / tsdyn time. antropy's sample and approximate entropy at N >= 5000 "
        "use sklearn's KDTree radius counts; its DFA, Higuchi and Lempel-Ziv are numba loops. "
        f"Sample entropy at N=1e6 (white noise, default r, fresh process): {big}. "
        f"Shared machine: load average {load[0]:.1f} before and {after[0]:.1f} after the run "
        f"(2 cores, other sessions running), so absolute times are noisy; the ratios come from one process."
    )
    if "--write" in sys.argv:
        write_section("entropy_fractal", rows, notes=notes)


if __name__ == "__main__":
    main()
