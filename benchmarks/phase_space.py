"""Phase-space functions against what a user would write with numpy and scipy.

No peer computes orbit diagrams, continuation or basins for Python 3.11
(DynamicalSystems.jl is Julia), so each tsdyn call is set against a plain
baseline on the same request; tsdynamics (Python >= 3.12) is timed in its own
process for the Rössler sweep when TSDYNAMICS_PYTHON names an interpreter
that has it (`python3.12 -m venv V && V/bin/pip install tsdynamics`):

- orbit diagram of the logistic map (2000 r values x 1000 iterates after 1000,
  with and without the largest exponent): numpy iterating all r values as
  one vector, the exponent as the mean of log|r (1 - 2x)|;
- orbit diagram of Rössler in c (section y = 0 crossed upwards): scipy's
  solve_ivp (DOP853, same tolerances) with an event, value by value; and, at
  500 values, tsdynamics' `analysis.orbit_diagram` on the same section with a
  comparable horizon (50 crossings dropped, about 300 time units, then 33 kept,
  about 200; its fixed-step RK4 at dt = 0.01), median of 3 inside its process;
- basins of Newton's map for z^3 = 1 on a 500 x 500 grid: numpy iterating the
  grid as one complex array, then the nearest root;
- continuation of the saddle-node normal form x' = r + x^2 from r = -1 through
  its fold: scipy's fsolve at 200 values of r (natural-parameter continuation,
  which cannot pass the fold: it stops there).

Run: python benchmarks/phase_space.py [--write]  (from the repository root, the
warm numba cache in place; --write refreshes the phase-space table of
benchmarks/README.md).
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
from harness import Case, format_row, run_cases, write_section
from scipy.integrate import solve_ivp
from scipy.optimize import fsolve

import tsdyn.systems as ts

R = np.linspace(2.5, 4.0, 2000)
C = np.linspace(2.5, 6.0, 40)
C500 = np.linspace(2.5, 6.0, 500)
TSDYNAMICS = os.environ.get("TSDYNAMICS_PYTHON")
_TSDYNAMICS_SWEEP = """
import statistics, time
import numpy as np
import tsdynamics as ts
rossler, c = ts.systems.Rossler(), np.linspace(2.5, 6.0, 500)
def run():
    ts.analysis.orbit_diagram(rossler, "c", c, points_per_value=33, transient=50, section=("y", 0.0, "up"))
run()
times = []
for _ in range(3):
    start = time.perf_counter()
    run()
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def tsdynamics_seconds() -> float:
    """The median time of tsdynamics' 500-value Rössler sweep, measured inside its own process."""
    out = subprocess.run([TSDYNAMICS, "-c", _TSDYNAMICS_SWEEP], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


GRID = np.linspace(-1.5, 1.5, 500)


def logistic_numpy(exponent: bool):
    x = np.full(R.size, 0.4)
    for _ in range(1000):
        x = R * x * (1 - x)
    out = np.empty((1000, R.size))
    logs = np.zeros(R.size)
    for k in range(1000):
        out[k] = x
        if exponent:
            logs += np.log(np.abs(R * (1 - 2 * x)))
        x = R * x * (1 - x)
    return out, logs / 1000


def rossler_scipy():
    def f(t, y, a, b, c):
        return [-y[1] - y[2], y[0] + a * y[1], b + y[2] * (y[0] - c)]

    def section(t, y, a, b, c):
        return y[1]

    section.direction = 1
    found = []
    for c in C:
        sol = solve_ivp(f, (0, 300 + 200), [1.0, 1.0, 0.0], method="DOP853", rtol=1e-9, atol=1e-9,
                        events=section, args=(0.2, 0.2, c))  # fmt: skip
        t = sol.t_events[0]
        found.append(sol.y_events[0][t > 300])
    return found


def newton_numpy():
    z = GRID[:, None] + 1j * GRID[None, :]
    for _ in range(60):
        z = (2 * z + 1 / z**2) / 3
    roots = np.exp(2j * np.pi * np.arange(3) / 3)
    return np.argmin(np.abs(z[..., None] - roots), axis=-1)


def _newton(y, p, out):
    x, v = y[0], y[1]
    r4 = (x * x + v * v) ** 2
    out[0] = (2 * x + (x * x - v * v) / r4) / 3
    out[1] = (2 * v - 2 * x * v / r4) / 3


def _saddle_node(t, y, p, out):
    out[0] = p[0] + y[0] * y[0]


def fold_scipy():
    xs, x = [], -1.0
    for r in np.linspace(-1.0, 0.0, 200):
        x = fsolve(lambda v, r=r: r + v * v, x, fprime=lambda v, r=r: np.array([[2 * v[0]]]))[0]
        xs.append(x)
    return xs


def main() -> None:
    logistic = ts.get("Logistic")
    rossler = ts.get("Rossler")
    newton = ts.define(_newton, params={}, ic=[1.0, 0.0], kind="map")
    sn = ts.define(_saddle_node, params={"r": -1.0}, ic=[-1.0])
    cases = [
        Case("orbit diagram, logistic", "2000 x 1000 (+1000)",
             lambda: ts.orbit_diagram(logistic, "r", R, n=1000, transient=1000, lyapunov=False),
             "numpy, vectorised over r", lambda: logistic_numpy(False)),
        Case("orbit diagram + exponent, logistic", "2000 x 1000 (+1000)",
             lambda: ts.orbit_diagram(logistic, "r", R, n=1000, transient=1000),
             "numpy, vectorised over r", lambda: logistic_numpy(True)),
        Case("orbit diagram, Rössler c, y = 0 upwards", "40 values, t = 200 (+300)",
             lambda: ts.orbit_diagram(rossler, "c", C, n=2000, dt=0.1, transient=300.0, plane=("x1", 0.0),
                                      lyapunov=False),
             "scipy solve_ivp DOP853 + events", rossler_scipy, 1),
        Case("basins, Newton map z^3 = 1", "500 x 500, 60 (+4) iterations",
             lambda: ts.basins_of_attraction(newton, {"x0": GRID, "x1": GRID}, n=4, transient=60),
             "numpy, vectorised over the grid", newton_numpy, 3),
        Case("continuation through a fold, x' = r + x^2", "r from -1, bounds (-1, 1)",
             lambda: ts.continuation(sn, "r", bounds=(-1.0, 1.0), start=[-1.0]),
             "scipy fsolve at 200 values (stops at the fold)", fold_scipy),
    ]  # fmt: skip
    rows = run_cases(cases)
    if TSDYNAMICS:
        row = run_cases([Case("orbit diagram, Rössler c, y = 0 upwards", "500 values, t = 200 (+300)",
                              lambda: ts.orbit_diagram(rossler, "c", C500, n=2000, dt=0.1, transient=300.0,
                                                       plane=("x1", 0.0), lyapunov=False),
                              "tsdynamics 6 orbit_diagram (own process, RK4 dt 0.01)", None, 3)], echo=False)[0]  # fmt: skip
        row.peer_s = tsdynamics_seconds()
        print(format_row(row), flush=True)
        rows.append(row)
    if "--write" in sys.argv:
        write_section(
            "phase-space",
            rows,
            notes=(
                "Peers: plain numpy/scipy baselines (no Python 3.11 library computes these), and "
                "tsdynamics 6 (Python 3.12, TSDYNAMICS_PYTHON) on the 500-value Rössler sweep, timed "
                "inside its own process (its RK4 at dt 0.01 against tsdyn's DOP853 at 1e-9). The numpy "
                "baselines of the logistic and Newton maps vectorise over the parameter or the grid, "
                "the best case for numpy (a 1-D or complex scalar map); tsdyn's kernels take any catalog "
                "map, and both cores. The Rössler baseline has scipy at the same tolerances (1e-9) with "
                "event location, value by value; tsdyn integrates the values in parallel and locates "
                "the crossings on the Hermite interpolant of the samples. The continuation row includes "
                "locating the fold to 1e-10 and the stability of every point."
            ),
        )


if __name__ == "__main__":
    main()
