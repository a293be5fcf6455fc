"""Natural-parameter continuation of limit cycles (tsdyn/systems/periodic_orbits.py: cycle_continuation)."""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError


def test_stuart_landau_cycle_radius_and_period_follow_the_closed_form():
    mu = np.array([1.0, 0.7, 0.4, 0.2, 0.1])
    cyc = ts.cycle_continuation(ts.get("StuartLandau"), "mu", mu)
    assert cyc.sizes["mu"] == mu.size and "message" not in cyc.attrs
    # r' = r (mu - r^2), phase' = omega + b r^2 (b = omega = 1): radius sqrt(mu), period 2 pi / (1 + mu).
    radius = np.hypot(cyc.state.sel(variable="x0"), cyc.state.sel(variable="x1")).values
    np.testing.assert_allclose(radius, np.sqrt(mu)[:, None] * np.ones_like(radius), rtol=1e-8)
    np.testing.assert_allclose(cyc.period.values, 2 * np.pi / (1 + mu), rtol=1e-8)
    assert cyc.stable.values.all()
    # The nontrivial multiplier exp(-2 mu T) of the radial contraction.
    second = np.sort(np.abs(cyc.multipliers.values), axis=1)[:, 0]
    np.testing.assert_allclose(second, np.exp(-2 * mu * cyc.period.values), rtol=1e-6)


def test_cycle_lost_at_the_hopf_point_is_reported():
    cyc = ts.cycle_continuation(ts.get("StuartLandau"), "mu", [0.5, 0.2, -0.2])
    assert cyc.sizes["mu"] == 2 and "lost the orbit at mu = -0.2" in cyc.attrs["message"]


def test_bad_input():
    with pytest.raises(InputError, match="map"):
        ts.cycle_continuation(ts.get("Logistic"), "r", [3.2, 3.3])
    with pytest.raises(InputError, match="nope"):
        ts.cycle_continuation(ts.get("StuartLandau"), "nope", [1.0])
    with pytest.raises(InputError, match="finite"):
        ts.cycle_continuation(ts.get("StuartLandau"), "mu", [1.0, np.nan])


def test_cycle_drawn_into_the_equilibria_diagram():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from tsdyn.plot import bifurcation_diagram

    sl = ts.get("StuartLandau", mu=-0.5)
    ax = bifurcation_diagram(ts.continuation(sl, "mu", bounds=(-0.5, 0.5), start=[0.0, 0.0]))
    n_lines = len(ax.lines)
    bifurcation_diagram(ts.cycle_continuation(ts.get("StuartLandau"), "mu", [0.5, 0.3]), ax=ax)
    top = ax.lines[n_lines].get_ydata()
    np.testing.assert_allclose(top, np.sqrt([0.5, 0.3]), rtol=1e-3)  # the cycle's maximum of x0
