"""First-call latency: one call in a fresh Python process, with a cold and a warm numba cache.

Run from the repository root: ``PYTHONPATH=$PWD python benchmarks/first_call.py [--write] [--repeats 3]``

Each case runs in a new interpreter whose ``NUMBA_CACHE_DIR`` is a fresh empty
folder (cold: every kernel compiles) or a folder that an earlier process of the
same case filled (warm: kernels load from the cache). The time is measured
inside the process from before ``import numpy`` to the end of the call, so it
includes every import the call needs (not the ~30 ms of interpreter start-up).
The reference row imports numpy, xarray and numba alone in a fresh process.
tsdyn's own bytecode is compiled first (``compileall``), as ``pip install``
does: numpy, xarray and numba import from their ``.pyc`` files, and a run
with ``PYTHONDONTWRITEBYTECODE`` set (this workplace's shells) would otherwise
charge tsdyn alone for compiling its sources (about 0.1 s per call).

Targets (issue 12, item 4): ``permutation_entropy`` on numpy input cold <= 3 s,
warm <= 1 s; ``ews.analyze`` and ``integrate`` warm <= (numpy + xarray + numba
import) + 0.5 s, cold <= 6 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

from harness import machine, write_block

IMPORTS = "import numpy, xarray, numba"

CASES = {
    "permutation_entropy, 1000 points (numpy)": """
        import numpy as np
        from tsdyn.ordinal import permutation_entropy
        permutation_entropy(np.random.default_rng(0).standard_normal(1000), m=3)
    """,
    "ews.analyze, 1000 points (numpy)": """
        import numpy as np
        import tsdyn.ews
        tsdyn.ews.analyze(np.random.default_rng(0).standard_normal(1000).cumsum())
    """,
    'systems.get("Lorenz").integrate(n=1000)': """
        import tsdyn.systems
        tsdyn.systems.get("Lorenz").integrate(n=1000)
    """,
}

WRAP = """
import time
_start = time.perf_counter()
{body}
print(time.perf_counter() - _start)
"""


def environment(cache: str) -> dict[str, str]:
    """The child's environment: its numba cache, and bytecode read and written like an installed package's."""
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_bytecode() -> None:
    """tsdyn's ``.pyc`` files, as ``pip install`` writes them (``__pycache__`` is git-ignored)."""
    package = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tsdyn")
    env = environment("")
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", package], env=env, check=True, capture_output=True
    )


def run_once(body: str, cache: str) -> float:
    """Seconds from the first import to the end of ``body`` in a new interpreter."""
    env = environment(cache)
    code = WRAP.format(body=textwrap.dedent(body).strip())
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(out.stderr)
    return float(out.stdout.strip().splitlines()[-1])


def cold(body: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as cache:
            times.append(run_once(body, cache))
    return statistics.median(times)


def warm(body: str, repeats: int) -> float:
    with tempfile.TemporaryDirectory() as cache:
        run_once(body, cache)  # fills the cache
        return statistics.median(run_once(body, cache) for _ in range(repeats))


def load() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    print(f"{machine()}; load average before: {load()}", flush=True)
    compile_bytecode()
    with tempfile.TemporaryDirectory() as cache:
        base = statistics.median(run_once(IMPORTS, cache) for _ in range(repeats))
    lines = [
        "| call | cold cache | warm cache | target cold | target warm |",
        "|---|---|---|---|---|",
        f"| `{IMPORTS}` (reference) | {base:.2f} s | {base:.2f} s | - | - |",
    ]
    print(lines[-1], flush=True)
    for i, (name, body) in enumerate(CASES.items()):
        c, w = cold(body, repeats), warm(body, repeats)
        target = ("<= 3 s", "<= 1 s") if i == 0 else ("<= 6 s", f"<= {base + 0.5:.2f} s")
        lines.append(f"| {name} | {c:.2f} s | {w:.2f} s | {target[0]} | {target[1]} |")
        print(lines[-1], flush=True)
    print(f"load average after: {load()}")
    if "--write" in sys.argv:
        notes = (
            f"Median of {repeats} fresh processes per cell; load average {load()} at the end of the run. "
            "Time from before the first import to the end of the call, inside the process; "
            "tsdyn's bytecode compiled beforehand, as an installed package's."
        )
        write_block("first-call", "\n".join(lines) + "\n\n" + notes)


if __name__ == "__main__":
    main()
