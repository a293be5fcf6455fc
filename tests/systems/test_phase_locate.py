"""Bifurcations located from the equations, and system_scenario(towards=...) ramping catalog systems to them."""

import math

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError
from tsdyn.ews import system_scenario


def _fhn_hopf_current(a=0.7, b=0.8, gamma=0.08):
    # FitzHugh-Nagumo's equilibrium loses stability where the trace 1 - v^2 - gamma b vanishes.
    v = -math.sqrt(1 - gamma * b)
    return (v + a) / b - v + v**3 / 3


# (system, parameters at the start, parameter, towards, limit, closed form of the bifurcation)
CASES = [
    ("Brusselator", {"a": 1.5, "b": 1.0}, "b", "hopf", 5.0, 1 + 1.5**2),  # b = 1 + a^2
    ("StuartLandau", {"mu": -1.0}, "mu", "hopf", 1.0, 0.0),
    ("VanDerPol", {"mu": -1.0}, "mu", "hopf", 1.0, 0.0),
    ("Lorenz", {"rho": 15.0}, "rho", "hopf", 30.0, 10 * (10 + 8 / 3 + 3) / (10 - 8 / 3 - 1)),
    ("FitzHughNagumo", {"curr": 0.0}, "curr", "hopf", 1.0, _fhn_hopf_current()),
    # Sel'kov (a = 0.08): b^2 = (1 - 2a + sqrt(1 - 8a)) / 2 (Strogatz, ex. 7.3.2 and 8.2.x).
    ("Selkov", {"b": 1.0}, "b", "hopf", 0.3, math.sqrt((1 - 0.16 + math.sqrt(1 - 0.64)) / 2)),
    ("Logistic", {"r": 2.0}, "r", "period-doubling", 3.5, 3.0),
]


@pytest.mark.parametrize(("name", "params", "param", "towards", "limit", "expected"), CASES)
def test_located_bifurcations_match_closed_forms(name, params, param, towards, limit, expected):
    value = ts.locate_bifurcation(ts.get(name, **params), param, towards, limit=limit)
    assert value == pytest.approx(expected, abs=1e-8)


def test_system_scenario_ramps_to_the_located_hopf():
    da = system_scenario("Brusselator", ramp={"b": (1.0, 3.0)}, towards="hopf", n_members=2, n_time=40,
                         dt=0.5, transient=10.0, seed=0)  # fmt: skip
    assert da.attrs["bifurcation_value"] == pytest.approx(2.0, abs=1e-8)
    assert float(da.attrs["ramp"].split("->")[1]) == pytest.approx(2.0, abs=1e-8)  # the ramp ends there
    np.testing.assert_allclose(da.transition_time.values, da.time.values[-1])


@pytest.mark.slow
def test_rossler_period_doubling_located_from_its_orbit_diagram():
    value = ts.locate_bifurcation(ts.get("Rossler", c=2.5), "c", "period-doubling", limit=3.0, n_values=6)
    # Rössler (a = b = 0.2): the period-1 cycle doubles at c = 2.8324 (its multiplier -1; the orbit
    # diagram goes from one crossing at 2.8 to two at 2.9, test_phase_bifurcations).
    assert value == pytest.approx(2.8324, abs=5e-4)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (("Brusselator", "b", "hopf"), {"limit": 1.5}, "no hopf"),
        (("Brusselator", "nope", "hopf"), {"limit": 3.0}, "nope"),
        (("Brusselator", "b", "neimark-sacker"), {"limit": 3.0}, "towards"),
        (("Brusselator", "b", "hopf"), {"limit": 1.0}, "limit"),
        (("Lorenz", "rho", "hopf"), {"limit": 30.0}, "no stable equilibrium"),
        (("Logistic", "r", "hopf"), {"limit": 3.5}, "towards"),
    ],
)
def test_bad_input(args, kwargs, match):
    name, param, towards = args
    start = {"Brusselator": {"b": 1.0}, "Logistic": {"r": 2.0}}.get(name, {})
    with pytest.raises(InputError, match=match):
        ts.locate_bifurcation(ts.get(name, **start), param, towards, **kwargs)


def test_system_scenario_towards_conflicts():
    with pytest.raises(InputError, match="either bifurcation or towards"):
        system_scenario("Brusselator", ramp={"b": (1.0, 3.0)}, towards="hopf", bifurcation=2.0)
    with pytest.raises(InputError, match="flows"):
        system_scenario("DoubleWell", ramp={"a": (-1.0, 1.0)}, towards="fold")
