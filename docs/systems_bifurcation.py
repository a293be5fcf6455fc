"""Gallery figure of continuation and basins: docs/systems_bifurcation.png.

Run from the repository root: python docs/systems_bifurcation.py

Left: Lorenz's equilibria in rho (``continuation``): the origin, which loses
stability at the branch point rho = 1, and C+ and C-, born there, which lose
theirs at the subcritical Hopf point rho = 24.74 (``bifurcation_diagram``).
Right: the basins of the symmetric magnetic pendulum's three magnets
(``basins_of_attraction``, ``plot_basins``), with the boundary basin entropy.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.systems as ts
from tsdyn.plot import bifurcation_diagram, plot_basins

HERE = Path(__file__).parent


def main() -> None:
    fig, (ax_br, ax_bs) = plt.subplots(1, 2, figsize=(11, 4.8), layout="constrained")
    origin = ts.continuation(ts.get("Lorenz", rho=0.2), "rho", bounds=(0.1, 30.0), start=[0, 0, 0])
    bifurcation_diagram(origin, variable="x0", ax=ax_br)
    c = np.sqrt(8 / 3 * 0.5)
    for sign in (1, -1):
        branch = ts.continuation(
            ts.get("Lorenz", rho=1.5), "rho", bounds=(1.0, 30.0), start=[sign * c, sign * c, 0.5]
        )
        bifurcation_diagram(branch, variable="x0", ax=ax_br)
    ax_br.set_title("Lorenz equilibria: branch point at rho = 1, subcritical Hopf at 24.74")
    g = np.linspace(-2, 2, 90)
    basins = ts.basins_of_attraction(ts.get("MagneticPendulum"), {"x0": g, "x1": g}, base=[0, 0, 0, 0])
    plot_basins(basins, ax=ax_bs)
    fig.savefig(HERE / "systems_bifurcation.png", dpi=110)


if __name__ == "__main__":
    main()
