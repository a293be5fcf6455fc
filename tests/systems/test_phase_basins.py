"""Basins of attraction and basin entropy (tsdyn/systems/basins.py)."""

import math

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError


def _newton_cubic(y, p, out):
    # Newton's method on z^3 = 1: z -> z - (z^3 - 1) / (3 z^2) = (2 z + 1 / z^2) / 3.
    x, v = y[0], y[1]
    r4 = (x * x + v * v) ** 2
    out[0] = (2 * x + (x * x - v * v) / r4) / 3
    out[1] = (2 * v - 2 * x * v / r4) / 3


def _twin_well(t, y, p, out):
    out[0] = y[1]
    out[1] = -p[0] * y[1] + y[0] - y[0] ** 3


def test_newton_map_basins_are_the_cube_roots_and_mirror_symmetric():
    s = ts.define(_newton_cubic, params={}, ic=[1.0, 0.0], kind="map")
    g = np.linspace(-1.5, 1.5, 120)  # even: the pole z = 0 is not on the grid
    b = ts.basins_of_attraction(s, {"x0": g, "x1": g}, n=4, transient=80)
    roots = np.array([[math.cos(a), math.sin(a)] for a in (0, 2 * math.pi / 3, -2 * math.pi / 3)])
    assert b.sizes["attractor"] == 3 and float(b.escaped_fraction) == 0.0
    found = b.attractor_state.values
    order = [int(np.argmin(np.linalg.norm(found - r, axis=1))) for r in roots]
    np.testing.assert_allclose(found[order], roots, atol=1e-12)
    basin = b.basin.values
    # z -> conj(z) maps the map onto itself: the basins of the two complex roots mirror each other.
    one, w, wbar = order
    np.testing.assert_array_equal(basin == w, (basin == wbar)[:, ::-1])
    assert float(b.fraction[w]) == float(b.fraction[wbar])
    # Starts close to the positive real axis, right of 0.5, all go to the root 1.
    assert (basin[g > 0.5][:, np.abs(g) < 0.1] == one).all()


def test_twin_well_basins_are_point_symmetric_with_a_smooth_boundary():
    s = ts.define(_twin_well, params={"delta": 0.5}, ic=[1.0, 0.0])
    g = np.linspace(-1.5, 1.5, 30)
    b = ts.basins_of_attraction(
        s, {"x0": g, "x1": g}, transient=40.0, n=10, dt=0.5, attractors=[[-1, 0], [1, 0]]
    )
    basin = b.basin.values
    assert b.sizes["attractor"] == 2
    np.testing.assert_allclose(b.attractor_state.values, [[-1, 0], [1, 0]], atol=1e-3)
    # (x, v) -> (-x, -v) is a symmetry: the basins are each other's images, half the grid each.
    np.testing.assert_array_equal(basin, 1 - basin[::-1, ::-1])
    np.testing.assert_allclose(b.fraction.values, [0.5, 0.5])
    # Near each well every start stays there (the energy stays below the barrier's).
    near = np.abs(g - 1) < 0.3
    assert (basin[near][:, np.abs(g) < 0.3] == 1).all()
    # A smooth boundary: the boundary boxes' entropy stays below ln 2.
    assert 0 < float(b.boundary_basin_entropy) < math.log(2)


@pytest.mark.slow
def test_magnetic_pendulum_three_equal_basins_with_a_fractal_boundary():
    s = ts.get("MagneticPendulum")
    g = np.linspace(-2, 2, 48)
    b = ts.basins_of_attraction(s, {"x0": g, "x1": g}, base=[0, 0, 0, 0])
    assert b.sizes["attractor"] == 3
    np.testing.assert_allclose(b.fraction.values, 1 / 3, atol=0.02)
    assert float(b.boundary_basin_entropy) > math.log(2)  # Daza et al.'s fractal-boundary criterion


def test_basin_entropy_of_labels():
    checker = np.indices((20, 20)).sum(axis=0) % 2  # every box holds both labels about equally
    sb, sbb = ts.basin_entropy(checker, box=4)
    assert sb == pytest.approx(math.log(2)) and sbb == pytest.approx(math.log(2))
    assert ts.basin_entropy(np.zeros((10, 10), dtype=int)) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("grid", "kwargs", "match"),
    [
        ({"x0": [0, 1]}, {}, "two"),
        ({"x0": [0, 1], "q": [0, 1]}, {}, "no variable 'q'"),
        ({"x0": [0, 1], "x1": [np.nan, 1]}, {}, "finite"),
        ({"x0": [0, 1], "x1": [0, 1]}, {"box": 1}, "box"),
        ({"x0": [0, 1], "x1": [0, 1]}, {"attractors": [[0, 0, 0]]}, "attractors"),
        ({"x0": [0, 1], "x1": [0, 1]}, {"base": [0.0]}, "base"),
        ({"x0": [0, 1], "x1": [0, 1]}, {"dt": 0.1}, "map"),
        ({"x0": [0, 1], "x1": [0, 1]}, {"tol": 2.0}, "tol"),
    ],
)
def test_bad_input(grid, kwargs, match):
    with pytest.raises(InputError, match=match):
        ts.basins_of_attraction(ts.get("Henon"), grid, **kwargs)


def test_grid_smaller_than_a_box():
    with pytest.raises(InputError, match="smaller than one box"):
        ts.basins_of_attraction(ts.get("Henon"), {"x0": [0.0, 0.1], "x1": [0.0, 0.1]}, n=2, transient=10)
