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
    with pytest.raises(InputError, match="without the time argument"):
        ts.define(logistic, kind="map", params={"r": 4.0}, ic=[0.2], jac=lambda t, y, p, out: None)
    with pytest.raises(InputError, match="kind must be one of"):
        ts.define(henon, kind="pde", params={}, ic=[0.0])


def test_euler_maruyama_is_public_and_lazy():
    from tsdyn.systems._integrate import euler_maruyama

    assert ts.euler_maruyama is euler_maruyama
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        ts.nope
