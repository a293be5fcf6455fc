"""Gallery figure of the phase-space functions: docs/systems_phase.png.

Run from the repository root: python docs/systems_phase.py

Top: the logistic map's orbit diagram (``orbit_diagram``) with the period
doublings located by ``period_doubling`` marked, and the largest Lyapunov
exponent below it. Bottom: Lorenz's map of successive z maxima
(``return_map``) and the LR periodic orbit (``periodic_orbit``) with the
equilibria (``fixed_points``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.systems as ts

HERE = Path(__file__).parent
BRACKETS = [(2.9, 3.2), (3.3, 3.5), (3.46, 3.56), (3.55, 3.566)]


def main() -> None:
    logistic = ts.get("Logistic")
    od = ts.orbit_diagram(logistic, "r", np.linspace(2.8, 4.0, 1200), n=200, transient=2000)
    pd = [ts.period_doubling(logistic, "r", b, period=2**k) for k, b in enumerate(BRACKETS)]
    lorenz = ts.get("Lorenz")
    x = lorenz.integrate(n=50_000, dt=0.01, transient=10.0)
    zmap = ts.return_map(x, variable="x2")
    lr = ts.periodic_orbit(lorenz, plane=("x2", 27.0), direction=-1, returns=2)
    fp = ts.fixed_points(lorenz)

    fig = plt.figure(figsize=(10, 8), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.3, 1])
    ax_od, ax_ly = top.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    r = np.repeat(od.r.values, od.sizes["point"])
    ax_od.plot(r, od.state.sel(variable="x0").values.ravel(), ",k", alpha=0.3)
    for v in pd:
        ax_od.axvline(v, color="C3", lw=0.6)
    ax_od.set(
        ylabel="x", title="Logistic map: orbit diagram, period doublings (red) located by period_doubling"
    )
    ax_ly.plot(od.r, od.lyapunov, lw=0.7)
    ax_ly.axhline(0, color="0.5", lw=0.5)
    ax_ly.set(xlabel="r", ylabel="largest exponent", ylim=(-1.5, 1))
    ax_map, ax_lr = bottom.subplots(1, 2)
    ax_map.plot(zmap.value, zmap.next, ".", ms=2)
    ax_map.set(xlabel="$z_n$ (maximum)", ylabel="$z_{n+1}$", title="Lorenz map of successive z maxima")
    ax_lr.plot(x.sel(variable="x0")[:5000], x.sel(variable="x2")[:5000], lw=0.2, color="0.7")
    ax_lr.plot(lr.state.sel(variable="x0"), lr.state.sel(variable="x2"), color="C3", lw=1.5)
    ax_lr.plot(fp.state.sel(variable="x0"), fp.state.sel(variable="x2"), "ok", ms=4)
    ax_lr.set(xlabel="x", ylabel="z", title=f"Lorenz LR orbit, T = {float(lr.period):.6f}, and equilibria")
    fig.savefig(HERE / "systems_phase.png", dpi=110)


if __name__ == "__main__":
    main()
