"""The flow catalog against dysts 0.96 (right-hand sides, Jacobians, defaults) and its metadata.

Every flow registered by tsdyn.systems.catalog.flows that dysts also ships is checked at
random states near its attractor, with the same parameters passed to both, to
1e-10 relative. Our Jacobians are checked against dysts's where it has one and,
for every system, against central differences of our own right-hand side.
Default parameters and initial conditions equal dysts's except where we follow
the cited paper on purpose: DEFAULT_DIFFERENCES and EQUATION_DIFFERENCES say
what and why. Where dysts and tsdynamics disagree on a dimension we keep
dysts's under the plain name: Lorenz96 (dysts 4 sites, tsdynamics 20; Lorenz
1996 used 36, registered as Lorenz96K36 in extra_flows) and MultiChua (dysts 3
variables, the 3-D multi-scroll circuit of Yalcin et al.). LorenzCoupled keeps
dysts's equations and parameters (its cited paper is Lorenz 1963, which has no
coupled version to follow).
"""

from __future__ import annotations

import numpy as np
import pytest

from tsdyn.systems import catalog
from tsdyn.systems.base import registry
from tsdyn.systems.catalog import flows

catalog.load()

# dysts's flows only: the systems whose equations flows.py writes
FLOWS = {
    name: spec
    for name, spec in registry().items()
    if spec.kind == "flow" and spec.func.__name__ in vars(flows) and "variant_of" not in spec.extra
}

# Defaults that differ from dysts's JSON on purpose: {name: {param: (dysts, ours, why)}}.
DEFAULT_DIFFERENCES = {
    "Lorenz": {"beta": (2.667, 8.0 / 3.0, "Lorenz (1963) uses b = 8/3; dysts rounds it")},
    "PanXuZhou": {"c": (-2.6667, -8.0 / 3.0, "Zhou et al. (2008) use b = 8/3 (our c = -b); dysts rounds it")},
}

# Initial condition and period recomputed by us: {name: why}.
STATE_DIFFERENCES = {
    "WindmiReduced": (
        "with the paper's sqrt(p) the published parameters give a period-3 cycle; "
        "ic is a point on it (t = 1000 from dysts's ic) and period its length"
    ),
    "SprottA": (
        "the flow is conservative, with invariant tori inside its chaotic sea: dysts's ic lies on a torus "
        "(lambda1 0.0002 +- 0.0001 over 20 000 time units); ic is Sprott's (1994) (0, 5, 0), in the sea"
    ),
    "HenonHeiles": (
        "Hamiltonian with a mixed phase space: dysts's ic lies on a torus (lambda1 0.00009 +- 0.00005 over "
        "50 000 time units); ic (0, -0.2, px, 0) has its energy, 0.13696, and lies in the chaotic sea"
    ),
    "Coullet": (
        "dysts's ic starts a chaotic transient (lambda1 0.11-0.15 to t = 600, the attractor's 0.013); "
        "ic is the state at t = 3000 from it (tools/check_catalog_ics.py SETTLED)"
    ),
}

# Systems whose equations differ from dysts's on purpose: {name: why}. Their
# right-hand sides are checked by the dedicated tests below instead.
EQUATION_DIFFERENCES = {
    "DoublePendulum": (
        "dysts's momentum equations halve the p1*p2*cos term of the Hamiltonian's "
        "derivative, so its flow does not conserve energy; ours are Hamilton's equations"
    ),
    "WindmiReduced": (
        "dysts writes b2 * p**1 / 2, which is b2*p/2; Horton et al. (2001) have "
        "b2 * sqrt(p) (the p**(1/2) the code meant)"
    ),
}


def _param_vector(spec):
    return np.array(list(spec.params.values()), dtype=np.float64)


def _dysts_params(spec):
    """Our flat parameters as dysts's name -> value (array parameters re-shaped)."""
    shapes = spec.extra.get("array_params", {})
    out, arrays = {}, {}
    for key, value in spec.params.items():
        base = key.split("_")[0]
        if base in shapes and key != base:
            arrays.setdefault(base, []).append(value)
        else:
            out[key] = value
    for base, values in arrays.items():
        out[base] = np.array(values).reshape(shapes[base])
    return out


def _states(spec, n=4, seed=0):
    rng = np.random.default_rng(seed)
    ic = spec.ic
    return [ic * (1.0 + 0.1 * rng.standard_normal(ic.size)) for _ in range(n)]


def _rhs(spec, x, t=0.37, p=None):
    out = np.empty(spec.dimension)
    spec.func(t, x, _param_vector(spec) if p is None else p, out)
    return out


def _jac(spec, x, t=0.37):
    out = np.full((spec.dimension, spec.dimension), np.nan)
    spec.jac(t, x, _param_vector(spec), out)
    return out


def _close(ours, ref, rtol=1e-10):
    ours, ref = np.asarray(ours, dtype=float), np.asarray(ref, dtype=float)
    scale = max(1.0, float(np.max(np.abs(ref))))
    np.testing.assert_allclose(ours, ref, rtol=rtol, atol=rtol * scale)


def _dysts_model(name, spec):
    dflows = pytest.importorskip("dysts.flows")
    return getattr(dflows, name)(parameters=_dysts_params(spec))


SHARED = sorted(FLOWS)


@pytest.mark.peer
@pytest.mark.parametrize("name", [n for n in SHARED if n not in EQUATION_DIFFERENCES])
def test_rhs_equals_dysts(name):
    """EQUATION_DIFFERENCES are checked by their own tests at the end of this file."""
    pytest.importorskip("dysts")
    spec = FLOWS[name]
    model = _dysts_model(name, spec)
    for x in _states(spec):
        _close(_rhs(spec, x), np.asarray(model.rhs(x, 0.37)))


def _with_dysts_jacobian(names):
    """The flows among ``names`` that dysts has a Jacobian for (all of them without dysts: they skip)."""
    try:
        import dysts.flows
    except ImportError:
        return names
    return [n for n in names if getattr(dysts.flows, n)._jac is not dysts.flows.DynSys._jac]


@pytest.mark.peer
@pytest.mark.parametrize("name", _with_dysts_jacobian([n for n in SHARED if FLOWS[n].jac is not None]))
def test_jac_equals_dysts(name):
    """dysts has Jacobians for 60 flows; ours for the others are checked by finite differences."""
    pytest.importorskip("dysts")
    spec = FLOWS[name]
    model = _dysts_model(name, spec)
    for x in _states(spec):
        _close(_jac(spec, x), np.asarray(model.jac(x, 0.37), dtype=float))


@pytest.mark.peer
@pytest.mark.parametrize("name", SHARED)
def test_defaults_equal_dysts(name):
    """Parameters, initial condition and period are dysts's, bar the documented differences."""
    pytest.importorskip("dysts")
    spec = FLOWS[name]
    model = getattr(pytest.importorskip("dysts.flows"), name)()
    ours = _dysts_params(spec)
    assert sorted(ours) == sorted(model.params)
    differ = DEFAULT_DIFFERENCES.get(name, {})
    for key, value in model.params.items():
        if key in differ:
            dysts_value, our_value, _why = differ[key]
            assert np.isclose(value, dysts_value) and ours[key] == our_value
        else:
            np.testing.assert_array_equal(ours[key], value)
    # dysts's period is kept as dysts_period; `period` differs where a period_note says why
    assert spec.extra["dysts_period"] == model.period
    assert spec.period == model.period or spec.extra["period_note"]
    if name in STATE_DIFFERENCES:
        assert not np.allclose(spec.ic, model.ic)
    else:
        np.testing.assert_array_equal(spec.ic, model.ic)


@pytest.mark.peer
def test_every_dysts_jacobian_has_ours():
    dflows = pytest.importorskip("dysts.flows")
    with_jac = [n for n in SHARED if getattr(dflows, n)().has_jacobian()]
    assert len(with_jac) == 60
    assert all(FLOWS[n].jac is not None for n in with_jac)


@pytest.mark.parametrize("name", sorted(n for n, s in FLOWS.items() if s.jac is not None))
def test_jac_matches_finite_differences(name):
    """Independent check of every hand-written Jacobian: central differences of our rhs."""
    spec = FLOWS[name]
    for x in _states(spec, n=2, seed=1):
        jac = _jac(spec, x)
        fd = np.empty_like(jac)
        for j in range(spec.dimension):
            h = 1e-6 * max(1.0, abs(x[j]))
            xp, xm = x.copy(), x.copy()
            xp[j] += h
            xm[j] -= h
            fd[:, j] = (_rhs(spec, xp) - _rhs(spec, xm)) / (2 * h)
        _close(jac, fd, rtol=1e-5)


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_metadata_complete(name):
    spec = FLOWS[name]
    assert spec.citation.strip() and spec.description.strip()
    assert spec.period is not None and spec.period > 0
    assert spec.dt is not None and spec.dt > 0
    assert spec.ic.ndim == 1 and spec.ic.size >= 1
    assert all(0 <= i < spec.dimension for i in spec.unbounded)
    assert np.all(np.isfinite(_rhs(spec, spec.ic)))
    if spec.nonautonomous:
        assert spec.unbounded, "the forcing phase is an unbounded coordinate"


def _double_pendulum_hamiltonian(x, g, l1, l2, m1, m2):
    th1, th2, p1, p2 = x
    c = np.cos(th1 - th2)
    den = m1 + m2 * np.sin(th1 - th2) ** 2
    kinetic = m2 * l2**2 * p1**2 + (m1 + m2) * l1**2 * p2**2 - 2 * m2 * l1 * l2 * p1 * p2 * c
    kinetic /= 2 * m2 * l1**2 * l2**2 * den
    return kinetic - (m1 + m2) * g * l1 * np.cos(th1) - m2 * g * l2 * np.cos(th2)


def _hamilton_field(x, params):
    """(dH/dp1, dH/dp2, -dH/dth1, -dH/dth2) by central differences of the Hamiltonian."""
    grad = np.empty(4)
    for j in range(4):
        h = 1e-6
        xp, xm = x.copy(), x.copy()
        xp[j] += h
        xm[j] -= h
        grad[j] = (_double_pendulum_hamiltonian(xp, *params) - _double_pendulum_hamiltonian(xm, *params)) / (
            2 * h
        )
    return np.array([grad[2], grad[3], -grad[0], -grad[1]])


@pytest.mark.parametrize("name", ["BlinkingRotlet", "InteriorSquirmer"])
def test_stokes_advection_flows_preserve_area(name):
    """Independent reference: a Stokes flow is incompressible. In the polar coordinates (r, theta)
    the catalog integrates, the Cartesian divergence is d(r')/dr + r'/r + d(theta')/dtheta: zero at
    every state, so the flows are marked Hamiltonian (a stream function) and carry no attractor."""
    spec = FLOWS[name]
    assert spec.hamiltonian
    rng = np.random.default_rng(1)
    for _ in range(20):
        x = np.array([rng.uniform(0.1, 0.9), rng.uniform(0.0, 2 * np.pi), rng.uniform(0.0, 6.0)])
        f, jac = _rhs(spec, x, t=0.0), _jac(spec, x, t=0.0)
        terms = np.array([jac[0, 0], f[0] / x[0], jac[1, 1]])
        assert abs(terms.sum()) < 1e-12 * np.abs(terms).sum()


@pytest.mark.parametrize("params", [(9.81, 1.0, 1.0, 1.0, 1.0), (9.81, 0.7, 1.3, 2.0, 0.5)])
def test_double_pendulum_is_hamiltonian(params):
    """Independent reference: our flow is Hamilton's equations of the textbook Hamiltonian."""
    spec = FLOWS["DoublePendulum"]
    p = np.array(params)  # g, l1, l2, m1, m2: alphabetical, as in spec.params
    assert tuple(spec.params) == ("g", "l1", "l2", "m1", "m2")
    omega = np.block([[np.zeros((2, 2)), np.eye(2)], [-np.eye(2), np.zeros((2, 2))]])
    for x in _states(spec):
        _close(_rhs(spec, x, p=p), _hamilton_field(x, params), rtol=1e-6)
        # a Hamiltonian Jacobian is omega @ Hessian(H): omega.T @ J must be symmetric
        jac = np.empty((4, 4))
        spec.jac(0.0, x, p, jac)
        sym = omega.T @ jac
        _close(sym, sym.T, rtol=1e-12)


@pytest.mark.peer
def test_double_pendulum_differs_from_dysts_as_documented():
    """dysts's flow is not Hamilton's: energy drifts along it, while ours conserves it."""
    spec = FLOWS["DoublePendulum"]
    model = _dysts_model("DoublePendulum", spec)
    params = tuple(_param_vector(spec))
    x = _states(spec, n=1, seed=3)[0]
    grad = np.array(
        [
            (_double_pendulum_hamiltonian(x + e, *params) - _double_pendulum_hamiltonian(x - e, *params))
            / 2e-6
            for e in 1e-6 * np.eye(4)
        ]
    )
    assert abs(grad @ _rhs(spec, x)) < 1e-6 * np.abs(grad).sum()
    assert abs(grad @ np.asarray(model.rhs(x, 0.0))) > 1e-3


@pytest.mark.peer
def test_windmi_differs_from_dysts_only_in_sqrt():
    spec = FLOWS["WindmiReduced"]
    model = _dysts_model("WindmiReduced", spec)
    b2 = spec.params["b2"]
    for x in _states(spec):
        ref = np.asarray(model.rhs(x, 0.0), dtype=float)
        ref[1] += b2 * x[2] / 2 - b2 * np.sqrt(x[2])
        _close(_rhs(spec, x), ref)


@pytest.mark.parametrize("name", ["Lorenz", "BeerRNN"])
def test_rhs_and_jac_compile_with_numba(name):
    """Representative systems (scalar and array parameters) compile in nopython mode.

    Compiling all 129 takes minutes, so CI checks two; see the report for a full run.
    """
    numba = pytest.importorskip("numba")
    spec = FLOWS[name]
    p = _param_vector(spec)
    rhs = numba.njit(spec.func)
    jac = numba.njit(spec.jac)
    out = np.empty(spec.dimension)
    rhs(0.0, spec.ic, p, out)
    _close(out, _rhs(spec, spec.ic))
    jout = np.empty((spec.dimension, spec.dimension))
    jac(0.0, spec.ic, p, jout)
    _close(jout, _jac(spec, spec.ic))


def test_catalog_sizes_and_kinds():
    """Every module registers what it promises; names are unique across them (register enforces it)."""
    from tsdyn.systems.catalog import delay, extra_flows, maps, sdes

    modules = {"flows": flows, "extra_flows": extra_flows, "maps": maps, "delay": delay, "sdes": sdes}
    kinds = {}
    for spec in catalog.load().values():
        home = [name for name, module in modules.items() if spec.func.__name__ in vars(module)]
        kinds.setdefault((spec.kind, *home), []).append(spec)
    assert len(kinds[("flow", "flows")]) == 129 + 1  # + Lorenz96K36, a variant reusing Lorenz96
    assert len(kinds[("delay", "delay")]) == 6
    assert len(kinds[("sde", "sdes")]) == 3
    # dysts's 26 listed maps bar EndCap (its JSON's closing placeholder), DynamicalSystems.jl's
    # 10 that dysts lacks, tsdynamics's GeneralizedHenon and Ulam
    assert len(kinds[("map", "maps")]) == 25 + 10 + 2
    assert len(kinds[("flow", "extra_flows")]) >= 20


@pytest.mark.peer
def test_every_dysts_flow_and_delay_equation_is_in_the_catalog():
    pytest.importorskip("dysts")
    from dysts.systems import get_attractor_list

    import tsdyn.systems as ts

    theirs = get_attractor_list("continuous")
    assert len(theirs) == 135
    assert sorted(set(theirs) - set(ts.list(kind="flow")) - set(ts.list(kind="delay"))) == []


def test_every_tsdynamics_system_is_in_the_catalog():
    """All 177 names of tsdynamics 6.1.1 (stored by tools/make_tsdynamics_rhs_refs.py)."""
    from pathlib import Path

    import tsdyn.systems as ts

    names = np.load(Path(__file__).parent / "data" / "tsdynamics_rhs.npz")["systems"].tolist()
    assert len(names) == 177
    assert sorted(set(names) - set(ts.list())) == []
