"""Maps and delay equations of the catalog against dysts 0.96 and against their own Jacobians."""

from __future__ import annotations

import numpy as np
import pytest

from tsdyn.systems import delay, maps  # noqa: F401  (register the systems)
from tsdyn.systems.base import registry

MAPS = {n: s for n, s in registry().items() if s.kind == "map"}
DELAYS = {n: s for n, s in registry().items() if s.kind == "delay"}
# from DynamicalSystems.jl, not in dysts: checked against their Jacobians and analytic facts only
NOT_IN_DYSTS = {
    "ArnoldCat", "BetaTransformation", "GrebogiMap", "MannevilleSimple",
    "PomeauManneville", "Rulkov", "Towel", "Ulam", "Zaslavskii",
}  # fmt: skip
# our name -> dysts's class name, where they differ (the flow holds "Duffing")
DYSTS_NAME = {"DuffingMap": "Duffing"}


def _p(spec):
    return np.array(list(spec.params.values()), dtype=np.float64)


def _states(spec, n=4, seed=0):
    rng = np.random.default_rng(seed)
    return [spec.ic * (1.0 + 0.1 * rng.standard_normal(spec.ic.size)) + 0.01 for _ in range(n)]


def _step(spec, y):
    out = np.empty(spec.dimension)
    spec.func(y, _p(spec), out)
    return out


def _close(ours, ref, rtol=1e-10):
    ref = np.asarray(ref, dtype=float)
    scale = max(1.0, float(np.max(np.abs(ref))))
    np.testing.assert_allclose(ours, ref, rtol=rtol, atol=rtol * scale)


@pytest.mark.peer
@pytest.mark.parametrize("name", sorted(set(MAPS) - NOT_IN_DYSTS))
def test_map_equals_dysts(name):
    dmaps = pytest.importorskip("dysts.maps")
    spec = MAPS[name]
    model = getattr(dmaps, DYSTS_NAME.get(name, name))()
    assert dict(model.params) == dict(spec.params)
    np.testing.assert_array_equal(model.ic, spec.ic)
    for y in _states(spec):
        _close(_step(spec, y), np.asarray(model.rhs(y[None, :]), dtype=float)[0])


@pytest.mark.parametrize("name", sorted(n for n, s in MAPS.items() if s.jac is not None))
def test_map_jac_matches_finite_differences(name):
    spec = MAPS[name]
    for y in _states(spec, n=2, seed=1):
        jac = np.empty((spec.dimension, spec.dimension))
        spec.jac(y, _p(spec), jac)
        fd = np.empty_like(jac)
        for j in range(spec.dimension):
            h = 1e-7
            yp, ym = y.copy(), y.copy()
            yp[j] += h
            ym[j] -= h
            fd[:, j] = (_step(spec, yp) - _step(spec, ym)) / (2 * h)
        _close(jac, fd, rtol=1e-5)


def test_zaslavskii_contracts_area_by_exp_minus_r():
    """Analytic reference: the Zaslavskii map's Jacobian determinant is exp(-r) everywhere."""
    spec = MAPS["Zaslavskii"]
    jac = np.empty((2, 2))
    for y in _states(spec):
        spec.jac(y, _p(spec), jac)
        assert np.linalg.det(jac) == pytest.approx(np.exp(-spec.params["r"]), rel=1e-12)


def test_arnold_cat_preserves_area_and_stays_on_torus():
    spec = MAPS["ArnoldCat"]
    jac = np.empty((2, 2))
    spec.jac(spec.ic, _p(spec), jac)
    assert np.linalg.det(jac) == 1.0
    y = spec.ic.copy()
    for _ in range(50):
        nxt = np.empty(2)
        spec.func(y, _p(spec), nxt)
        y = nxt
    assert np.all((y >= 0) & (y < 1))


def test_henon_fixed_point():
    """Analytic reference: the Henon map's fixed point x* = (b - 1 + sqrt((1 - b)^2 + 4a)) / 2a."""
    spec = MAPS["Henon"]
    a, b = spec.params["a"], spec.params["b"]
    x = (b - 1 + np.sqrt((1 - b) ** 2 + 4 * a)) / (2 * a)
    _close(_step(spec, np.array([x, b * x])), [x, b * x], rtol=1e-14)


@pytest.mark.peer
@pytest.mark.parametrize("name", sorted(DELAYS))
def test_delay_equals_dysts(name):
    dflows = pytest.importorskip("dysts.flows")
    spec = DELAYS[name]
    model = getattr(dflows, name)()
    assert dict(model.params) == dict(spec.params)
    assert spec.ic[0] == model.ic[0] and spec.delay == model.params["tau"]
    assert spec.extra["delay_param"] == "tau"
    rng = np.random.default_rng(0)
    for _ in range(4):
        x, xd = spec.ic[0] + rng.standard_normal(2)
        out = np.empty(1)
        spec.func(0.3, np.array([x]), np.array([xd]), _p(spec), out)
        _close(out, [model._rhs(x, xd, 0.3, *model.param_list)])


@pytest.mark.parametrize("name", sorted(MAPS) + sorted(DELAYS))
def test_metadata_complete(name):
    spec = registry()[name]
    assert spec.citation.strip() and spec.description.strip()
    assert spec.ic.ndim == 1 and spec.ic.size >= 1
    if spec.kind == "delay":
        assert spec.delay > 0 and spec.period > 0 and spec.dt > 0


def test_map_and_delay_compile_with_numba():
    numba = pytest.importorskip("numba")
    henon = MAPS["Henon"]
    out = np.empty(2)
    numba.njit(henon.func)(henon.ic, _p(henon), out)
    _close(out, _step(henon, henon.ic))
    mg = DELAYS["MackeyGlass"]
    out1, ref = np.empty(1), np.empty(1)
    numba.njit(mg.func)(0.0, mg.ic, mg.ic * 1.1, _p(mg), out1)
    mg.func(0.0, mg.ic, mg.ic * 1.1, _p(mg), ref)
    _close(out1, ref)
