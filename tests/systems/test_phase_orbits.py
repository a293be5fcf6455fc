"""Periodic orbits of flows (shooting) and maps (Newton on F^k) (tsdyn/systems/periodic_orbits.py)."""

import math

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError


def test_van_der_pol_limit_cycle():
    s = ts.get("VanDerPol")
    assert s.params["mu"] == 1.0
    po = ts.periodic_orbit(s)
    # T(mu = 1) = 6.6633 (e.g. Strogatz, Nonlinear Dynamics and Chaos, sec. 7.5; catalog 6.66328686).
    assert float(po.period) == pytest.approx(6.6633, abs=1e-4)
    mult = po.multipliers.values
    assert np.abs(mult - 1).min() < 1e-4  # the multiplier along the orbit
    # Liouville: the multipliers' product is exp(integral of the divergence mu (1 - x^2) dt) < 1.
    assert abs(mult).min() < 1e-2 and bool(po.stable)
    # One period of samples, closing on itself.
    np.testing.assert_allclose(po.state.values[-1], po.state.values[0], atol=1e-8)
    assert po.time.values[-1] == pytest.approx(float(po.period))


def test_lorenz_shortest_unstable_orbit_lr():
    s = ts.get("Lorenz", beta=8 / 3, rho=28.0, sigma=10.0)
    lr = ts.periodic_orbit(s, plane=("x2", 27.0), direction=-1, returns=2)
    # Viswanath (2003), Nonlinearity 16, table 1: the LR orbit has period 1.55865 22107 16174.
    assert float(lr.period) == pytest.approx(1.5587, abs=1e-4)
    assert float(lr.period) == pytest.approx(1.558652210716174, abs=1e-10)
    x = lr.state.sel(variable="x0").values
    assert x.min() < -5 and x.max() > 5  # one loop around each of C- and C+: symbols L and R
    mult = np.sort(np.abs(lr.multipliers.values))
    assert mult[1] == pytest.approx(1.0, abs=1e-6) and mult[2] > 1 and not bool(lr.stable)
    # The divergence is constant: the product of the multipliers is exp(-(sigma + 1 + beta) T).
    assert np.prod(mult) == pytest.approx(math.exp(-(10 + 1 + 8 / 3) * float(lr.period)), rel=1e-3)


def test_flow_orbit_from_a_guess():
    s = ts.get("VanDerPol")
    po = ts.periodic_orbit(s, guess=[2.0, 0.0], period=6.5)
    assert float(po.period) == pytest.approx(6.66328686, abs=1e-6)


def test_henon_period_two_orbit():
    s = ts.get("Henon")
    a, b = s.params["a"], s.params["b"]
    po = ts.periodic_orbit(s, period=2)
    xs = np.sort((1 - b + np.array([-1, 1]) * math.sqrt(4 * a - 3 * (1 - b) ** 2)) / (2 * a))
    np.testing.assert_allclose(np.sort(po.state.sel(variable="x0").values), xs, rtol=0, atol=1e-10)
    assert float(po.period) == 2.0 and not bool(po.stable)
    np.testing.assert_allclose(po.multipliers.values.prod(), b * b, atol=1e-12)  # det D(F^2) = b^2


def test_logistic_two_cycle_multiplier():
    r = 3.2  # the 2-cycle is stable for 3 < r < 1 + sqrt(6)
    po = ts.periodic_orbit(ts.get("Logistic", r=r), period=2)
    assert po.multipliers.values[0].real == pytest.approx(-r * r + 2 * r + 4, abs=1e-10)
    assert bool(po.stable)
    from_guess = ts.periodic_orbit(ts.get("Logistic"), period=2, guess=[0.9], params={"r": r})
    np.testing.assert_allclose(np.sort(from_guess.state.values.ravel()), np.sort(po.state.values.ravel()))


def test_no_orbit_found_gives_a_message():
    # Below r = 3 the logistic map has no 2-cycle: Newton finds only the fixed point.
    po = ts.periodic_orbit(ts.get("Logistic", r=2.5), period=2)
    assert po.sizes["time"] == 0 and math.isnan(float(po.period))
    assert "no period-2 orbit of Logistic" in po.attrs["message"]
    # A section the trajectory never reaches leaves no start.
    po = ts.periodic_orbit(ts.get("VanDerPol"), plane=("x0", 50.0), t_search=30.0)
    assert po.sizes["time"] == 0 and "from none of 0 start(s)" in po.attrs["message"]


@pytest.mark.parametrize(
    ("name", "kwargs", "match"),
    [
        ("Henon", {"period": 2, "plane": ("x0", 0.0)}, "plane is for flows"),
        ("Henon", {"period": 2, "returns": 2}, "returns is for flows"),
        ("Henon", {}, "give period, its orbit's length in iterations"),
        ("Henon", {"period": 2.5}, "give period"),
        ("VanDerPol", {"guess": [2.0, 0.0]}, "needs a guess of its period"),
        ("VanDerPol", {"period": 6.6}, "goes with guess="),
        ("VanDerPol", {"params": {"nu": 1.0}}, "no parameter 'nu'"),
        ("VanDerPol", {"plane": ("x9", 0.0)}, "no variable 'x9'"),
        ("VanDerPol", {"plane": ("x0", 0.0), "direction": 0}, "direction 1 or -1"),
        ("MackeyGlass", {}, "for flows and maps"),
    ],
)
def test_bad_input(name, kwargs, match):
    with pytest.raises(InputError, match=match):
        ts.periodic_orbit(ts.get(name), **kwargs)


def test_period_shrinking_to_zero_is_not_an_orbit():
    # The forcing phase x2 grows without bound, so no state returns; Newton can only make T -> 0,
    # where phi_T(x) = x holds trivially: rejected, not reported as an orbit.
    po = ts.periodic_orbit(ts.get("ForcedBrusselator"), n_candidates=2, t_search=200.0)
    assert po.sizes["time"] == 0 and "plane" in po.attrs and not po.attrs["plane"].startswith("x2")
