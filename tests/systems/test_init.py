"""tsdyn.systems.list / get / define (tsdyn/systems/__init__.py)."""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError
from tsdyn.systems.base import registry

from .conftest import henon, logistic


def test_list_by_kind_partitions_the_catalog():
    every = ts.list()
    kinds = {kind: ts.list(kind=kind) for kind in ("flow", "map", "delay", "sde")}
    assert sorted(sum(kinds.values(), [])) == every
    assert {"Lorenz", "Rossler"} <= set(kinds["flow"]) and "MackeyGlass" in kinds["delay"]
    with pytest.raises(InputError, match="kind must be one of"):
        ts.list(kind="ode")


def test_get_overrides_and_suggestions():
    s = ts.get("lorenz", rho=99.0)  # case-insensitive
    assert s.name == "Lorenz" and s.params["rho"] == 99.0
    assert ts.get("Lorenz").params["rho"] == 28.0  # the catalog is not modified
    with pytest.raises(InputError, match="did you mean 'Rossler'"):
        ts.get("Rosler")
    with pytest.raises(InputError, match="see tsdyn.systems.list"):
        ts.get("qqqqqq")


def test_define_and_register():
    def growth(t, y, p, out):
        out[0] = p[0] * y[0]

    s = ts.define(growth, params={"r": 0.5}, ic=[1.0], name="UserGrowth", register=True)
    try:
        assert registry()["UserGrowth"] is s.spec and ts.get("UserGrowth").metadata["parameters"] == {
            "r": 0.5
        }
    finally:
        registry().pop("UserGrowth")  # leave the catalog as other tests expect it
    np.testing.assert_allclose(s.integrate(n=3, dt=1.0)[:, 0], np.exp(0.5 * np.arange(3)), rtol=1e-8)


def test_define_bad_input():
    with pytest.raises(InputError, match="needs its diffusion"):
        ts.define(henon, kind="sde", params={}, ic=[0.0])
    with pytest.raises(InputError, match=r"a map's jac is called as jac\(y, p, out\)"):
        ts.define(logistic, kind="map", params={"r": 4.0}, ic=[0.2], jac=lambda t, y, p, out: None)
    with pytest.raises(InputError, match="kind must be one of"):
        ts.define(henon, kind="pde", params={}, ic=[0.0])


def _lorenz(t, y, p, out):
    out[0] = p[0] * (y[1] - y[0])
    out[1] = y[0] * (p[1] - y[2]) - y[1]
    out[2] = y[0] * y[1] - p[2] * y[2]


LORENZ_PARAMS = {"sigma": 10.0, "rho": 28.0, "beta": 8 / 3}


@pytest.mark.parametrize(
    ("rhs", "kind", "match"),
    [
        (
            lambda t, y, p: None,
            "flow",
            r"a flow's rhs is called as rhs\(t, y, p, out\), but <lambda>\(t, y, p\)",
        ),
        (lambda t, y, p, out, extra: None, "flow", "does not take those 4 arguments"),
        (lambda t, y, p, out: None, "map", r"rhs\(y, p, out\)"),
        (lambda t, y, p, out: None, "delay", r"rhs\(t, y, y_delayed, p, out\)"),
        ("not a function", "flow", "must be a function"),
    ],
)
def test_define_checks_the_signature(rhs, kind, match):
    """Issue 13, problem 12: a wrong signature was accepted and failed at integrate with a TypeError."""
    with pytest.raises(InputError, match=match):
        ts.define(rhs, kind=kind, params={}, ic=[0.1], delay_time=1.0)


def test_define_accepts_defaults_and_star_args():
    def flexible(t, y, p, out, scale=1.0):
        out[0] = -scale * y[0]

    assert ts.define(flexible, params={}, ic=[1.0]).dimension == 1
    assert ts.define(lambda *args: None, params={}, ic=[1.0]).dimension == 1


@pytest.mark.parametrize(
    ("ic", "match"),
    [
        ([], "ic must be a non-empty list"),
        ([[1.0, 2.0, 3.0]], "ic must be a non-empty list"),
        ([1.0, float("nan"), 3.0], "finite"),
        (["a", "b", "c"], "ic must hold numbers"),
        ([1.0, 2.0], r"_lorenz failed when called with ic \(2 values\).*index 2 is out of bounds"),
    ],
)
def test_define_checks_the_initial_condition(ic, match):
    """Issue 13, problem 13: an empty ic was accepted and integrate divided by zero; a short one failed
    inside the compiled integration."""
    with pytest.raises(InputError, match=match):
        ts.define(_lorenz, params=LORENZ_PARAMS, ic=ic)
    assert ts.define(_lorenz, params=LORENZ_PARAMS, ic=[1.0, 1.0, 1.0]).dimension == 3


def test_integrate_names_a_non_numeric_ic():
    """Issue 13, problem 14: the ValueError from numpy did not name ic."""
    with pytest.raises(InputError, match=r"ic must hold numbers, got \['a', 'b', 'c'\]"):
        ts.get("Lorenz").integrate(n=10, ic=["a", "b", "c"])


def test_euler_maruyama_is_public_and_lazy():
    from tsdyn.systems._integrate import euler_maruyama

    assert ts.euler_maruyama is euler_maruyama
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ts.nope
