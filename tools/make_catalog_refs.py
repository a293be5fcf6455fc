"""Store every catalog system's right-hand side and Jacobian at a few random states.

Written before the catalog's equations moved to a table plus generated code, so
tests/systems/test_catalog_refs.py can check that the move changed no value.
Run from the repository root: ``python tools/make_catalog_refs.py`` (a few
seconds); it writes tests/systems/data/catalog_refs.npz.

For each system at its default parameters, ``POINTS`` states near its initial
condition (and, for delay equations, delayed states) are drawn from a fixed
seed. A Jacobian of more than ``DENSE_MAX`` rows is stored as its products with
two fixed random vectors instead of the full matrix.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tsdyn.systems import catalog

POINTS = 3
DENSE_MAX = 64
OUT = Path(__file__).resolve().parents[1] / "tests" / "systems" / "data" / "catalog_refs.npz"


def states(ic: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``POINTS`` states scattered around ``ic`` on the scale of each component."""
    scale = 0.05 * (np.abs(ic) + 0.1)
    return ic + scale * rng.standard_normal((POINTS, ic.size))


def main() -> None:
    rng = np.random.default_rng(20261206)
    arrays: dict[str, np.ndarray] = {}
    for name, spec in sorted(catalog.load().items()):
        p = np.array(list(spec.params.values()), dtype=np.float64)
        dim = spec.dimension
        x = states(spec.ic, rng)
        t = rng.uniform(0.0, 10.0, POINTS)
        arrays[f"{name}/x"], arrays[f"{name}/t"] = x, t
        rhs = np.empty((POINTS, dim))
        if spec.kind == "delay":
            xd = states(spec.ic, rng)
            arrays[f"{name}/x_delayed"] = xd
            for i in range(POINTS):
                spec.func(t[i], x[i], xd[i], p, rhs[i])
        elif spec.kind == "map":
            for i in range(POINTS):
                spec.func(x[i], p, rhs[i])
        else:
            for i in range(POINTS):
                spec.func(t[i], x[i], p, rhs[i])
        arrays[f"{name}/rhs"] = rhs
        if spec.noise is not None:
            noise = np.empty((POINTS, dim))
            for i in range(POINTS):
                spec.noise(t[i], x[i], p, noise[i])
            arrays[f"{name}/noise"] = noise
        if spec.jac is not None:
            jac = np.empty((POINTS, dim, dim))
            for i in range(POINTS):
                if spec.kind == "map":
                    spec.jac(x[i], p, jac[i])
                else:
                    spec.jac(t[i], x[i], p, jac[i])
            if dim > DENSE_MAX:
                v = rng.standard_normal((2, dim))
                arrays[f"{name}/jac_vectors"] = v
                arrays[f"{name}/jac_products"] = np.einsum("pij,vj->pvi", jac, v)
            else:
                arrays[f"{name}/jac"] = jac
    np.savez_compressed(OUT, **arrays)
    print(f"{len(catalog.load())} systems -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
