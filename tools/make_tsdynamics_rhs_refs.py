"""Reference right-hand sides (and map steps) from tsdynamics 6.1.1 for the systems tsdyn cannot compare live.

tsdynamics needs Python >= 3.12 while the test environment runs 3.11, so this
script (run once with a 3.12 interpreter that has tsdynamics 6.1.1) evaluates
tsdynamics's own right-hand side at fixed seeded states (integer codes / 64)
and stores them in
tests/systems/data/tsdynamics_rhs.npz, which tests/systems/test_extra_flows.py
and tests/systems/test_maps_delay.py read. Maps (MAPS) store tsdynamics's own
step ``_step`` and Jacobian at their own seeded states. Usage: ``python3.12 tools/make_tsdynamics_rhs_refs.py``.
"""

import inspect
from pathlib import Path

import numpy as np
import tsdynamics as tsd
from tsdynamics.families.discrete import DiscreteMap

OUT = Path(__file__).resolve().parents[1] / "tests" / "systems" / "data" / "tsdynamics_rhs.npz"


SCALE = 64.0  # states are integer codes / 64: exact in binary, stored as int8
# tsdynamics compiles one symbolic equation per grid cell, so the 48 x 48 default
# Gray-Scott takes many minutes to build; the fields are compared on small grids
# (the stencils are the same at any N) and their default parameters separately.
SMALL = {"GrayScott": 6, "SwiftHohenberg": 6}
# tsdynamics's maps that dysts lacks (their own seed: adding flows above leaves them unchanged)
MAPS = ("FoldedTowel", "GeneralizedHenon", "Ulam", "ZeraouliaSprott")


def codes(name, dim, rng):
    """Integer codes of a state near the system's natural scale (Gray-Scott near (u, v) = (1, 0))."""
    if name == "GrayScott":
        half = dim // 2
        return np.concatenate([64 - rng.integers(0, 25, half), rng.integers(0, 25, half)])
    return rng.integers(-64, 65, dim)


def main():
    rng = np.random.default_rng(20261123)
    arrays = {}
    for name in ("GrayScott", "SwiftHohenberg", "Robinson"):
        cls = getattr(tsd.systems, name)
        arrays[f"{name}_defaults"] = np.array(sorted(cls.params.items()), dtype=str)
        system = cls(N=SMALL[name]) if name in SMALL else cls()
        arrays[f"{name}_params"] = np.array(sorted(system.params.items()), dtype=str)
        for i in range(2):
            c = codes(name, system.dim, rng)
            arrays[f"{name}_codes{i}"] = c.astype(np.int8)
            arrays[f"{name}_f{i}"] = np.asarray(system.rhs(c / SCALE, 0.0), dtype=np.float64)
    # every discrete map tsdynamics ships, so the tests can check the catalog has its names
    arrays["discrete_maps"] = np.array(
        sorted(
            name
            for name, obj in vars(tsd.systems).items()
            if isinstance(obj, type) and issubclass(obj, DiscreteMap) and not inspect.isabstract(obj)
        )
    )
    # and every system of any family (177 in 6.1.1), for the catalog's coverage of tsdynamics
    families = (tsd.ContinuousSystem, tsd.DelaySystem, DiscreteMap, tsd.StochasticSystem)
    arrays["systems"] = np.array(
        sorted(
            name
            for name, obj in vars(tsd.systems).items()
            if isinstance(obj, type)
            and issubclass(obj, families)
            and obj not in families
            and not inspect.isabstract(obj)
        )
    )
    rng = np.random.default_rng(20261124)
    for name in MAPS:
        cls = getattr(tsd.systems, name)
        system = cls()
        arrays[f"{name}_defaults"] = np.array(sorted(cls.params.items()), dtype=str)
        for i in range(2):
            c = rng.integers(-64, 65, system.dim)
            arrays[f"{name}_codes{i}"] = c.astype(np.int8)
            x = c / SCALE
            arrays[f"{name}_f{i}"] = np.asarray(cls._step(x, *system.params.values()), dtype=np.float64)
            arrays[f"{name}_jac{i}"] = np.asarray(system.jacobian(x), dtype=np.float64)
    np.savez_compressed(OUT, **arrays)
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
