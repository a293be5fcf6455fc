"""Maps and delay equations of the catalog against dysts 0.96, tsdynamics 6.1.1 and their own Jacobians.

tsdynamics needs Python >= 3.12, so its map steps and Jacobians were stored by
tools/make_tsdynamics_rhs_refs.py in data/tsdynamics_rhs.npz.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tsdyn.systems import catalog
from tsdyn.systems.base import registry

catalog.load()

MAPS = {n: s for n, s in registry().items() if s.kind == "map"}
DELAYS = {n: s for n, s in registry().items() if s.kind == "delay"}
# from DynamicalSystems.jl, not in dysts: checked against their Jacobians and analytic facts only
NOT_IN_DYSTS = {
    "ArnoldCat", "BetaTransformation", "CoupledStandardMaps", "FoldedTowel", "GeneralizedHenon",
    "GrebogiMap", "MannevilleSimple", "NonlinearlyCoupledLogistic", "PomeauManneville", "Rulkov",
    "Ulam", "UlamLattice", "Zaslavskii", "ZeraouliaSprott",
}  # fmt: skip
# checked separately below: one step of ours is two of dysts's
NOT_ONE_DYSTS_STEP = {"BlinkingVortexMap"}
# our name -> dysts's class name, where they differ (the flow holds "Duffing")
DYSTS_NAME = {"DuffingMap": "Duffing"}
# defaults changed from dysts's, whose published ones are not chaotic (the catalog's descriptions say why)
DEFAULTS_NOT_DYSTS = {"GumowskiMira", "Gingerbreadman"}
# initial state moved from dysts's: {name: why}
IC_NOT_DYSTS = {
    "Bogdanov": (
        "area preserving at eps = mu = 0: dysts's ic lies on a KAM circle around (0, 0) (lambda1 1.6e-6 +- "
        "1.9e-6 over 1e6 iterations); ic (-0.29, 0.02) lies in the bounded chaotic layer just outside it"
    ),
}
TSDYNAMICS_MAPS = ("FoldedTowel", "GeneralizedHenon", "Ulam", "ZeraouliaSprott")
DATA = Path(__file__).parent / "data"


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
@pytest.mark.parametrize("name", sorted(set(MAPS) - NOT_IN_DYSTS - NOT_ONE_DYSTS_STEP))
def test_map_equals_dysts(name):
    dmaps = pytest.importorskip("dysts.maps")
    spec = MAPS[name]
    cls = getattr(dmaps, DYSTS_NAME.get(name, name))
    if name in DEFAULTS_NOT_DYSTS:  # the same equations at the catalog's defaults
        assert (dict(cls().params), list(cls().ic)) != (dict(spec.params), list(spec.ic))
        model = cls(parameters=dict(spec.params), ic=spec.ic.copy())
    elif name in IC_NOT_DYSTS:  # the same equations and parameters from the catalog's state
        assert not np.allclose(cls().ic, spec.ic)
        model = cls(ic=spec.ic.copy())
    else:
        model = cls()
    assert dict(model.params) == dict(spec.params)
    np.testing.assert_array_equal(model.ic, spec.ic)
    for y in _states(spec):
        _close(_step(spec, y), np.asarray(model.rhs(y[None, :]), dtype=float)[0])


@pytest.mark.peer
def test_every_dysts_map_is_in_the_catalog():
    import json
    from importlib import resources

    pytest.importorskip("dysts")
    listed = json.loads(resources.files("dysts").joinpath("data/discrete_maps.json").read_text())
    ours = {DYSTS_NAME.get(n, n) for n in MAPS}
    assert set(listed) - ours == {"EndCap"}


def test_every_tsdynamics_map_is_in_the_catalog():
    """Names stored from tsdynamics 6.1.1 by make_tsdynamics_rhs_refs.py (it needs Python >= 3.12)."""
    ref = np.load(DATA / "tsdynamics_rhs.npz")
    assert len(ref["discrete_maps"]) == 26
    assert set(ref["discrete_maps"].tolist()) <= set(MAPS)


def test_ulam_exponent_is_ln2():
    """Analytic reference: x -> 1 - 2 x^2 is conjugate to the logistic map at r = 4, exponent ln 2."""
    import tsdyn.systems as ts

    res = ts.lyapunov_spectrum(ts.get("Ulam"), n=100_000)
    assert res.exponents[0] == pytest.approx(np.log(2.0), abs=0.01)


def test_every_map_has_a_jacobian():
    assert all(s.jac is not None for s in MAPS.values())


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


def _cartesian(polar):
    return polar[0] * np.array([np.cos(polar[1]), np.sin(polar[1])])


@pytest.mark.peer
def test_blinking_vortex_is_two_dysts_steps():
    """One step of ours is dysts's step (vortex at +b), then the same in the disc turned by pi.

    dysts's own orbit never blinks: it flips ``self.b``, but its step reads b from
    ``param_list``, which keeps +b; and its formulas assume b > 0 (given -b they do not
    preserve area), so the vortex at -b is the one at +b seen from the turned disc.
    """
    dmaps = pytest.importorskip("dysts.maps")
    spec = MAPS["BlinkingVortexMap"]
    model = dmaps.BlinkingVortexMap()
    assert dict(model.params) == dict(spec.params)
    np.testing.assert_array_equal(model.ic, spec.ic)
    turn = np.array([0.0, np.pi])
    rng = np.random.default_rng(2)
    for _ in range(6):
        y = np.array([rng.uniform(0.05, 0.95), rng.uniform(-3.0, 3.0)])
        half = np.asarray(model.rhs(y[None, :]), dtype=float) + turn
        ref = np.asarray(model.rhs(half), dtype=float)[0] + turn
        # the same point of the disc (angles may differ by 2 pi)
        _close(_cartesian(_step(spec, y)), _cartesian(ref))


def test_blinking_vortex_with_negative_b_is_the_turned_disc():
    """Blinking from -b first is the same stirring seen from the disc turned by pi."""
    spec = MAPS["BlinkingVortexMap"]
    p, q = _p(spec), _p(spec)
    q[1] = -p[1]
    for y in _states(spec):
        out, ref = np.empty(2), np.empty(2)
        spec.func(y, q, out)
        spec.func(y + [0.0, np.pi], p, ref)
        _close(_cartesian(out), -_cartesian(ref))


@pytest.mark.parametrize("b", [0.0, 1.0, -1.5])
def test_blinking_vortex_outside_the_open_disc_is_rejected(b):
    """The vortex must sit inside the disc (|b| < a), off its centre: the step gives NaN."""
    import tsdyn.systems as ts
    from tsdyn.errors import IntegrationError

    with pytest.raises(IntegrationError, match="BlinkingVortexMap"):
        ts.get("BlinkingVortexMap", b=b).integrate(n=5)


def test_blinking_vortex_preserves_area_and_stays_in_the_disc():
    """Incompressible stirring: in polar coordinates det J = r / r' (r dr dtheta is conserved)."""
    spec = MAPS["BlinkingVortexMap"]
    jac = np.empty((2, 2))
    y = spec.ic.copy()
    for _ in range(20):
        spec.jac(y, _p(spec), jac)
        nxt = _step(spec, y)
        assert np.linalg.det(jac) == pytest.approx(y[0] / nxt[0], rel=1e-9)
        assert 0.0 < nxt[0] < spec.params["a"]
        y = nxt


@pytest.mark.parametrize("name", TSDYNAMICS_MAPS)
def test_map_equals_tsdynamics(name):
    ref = np.load(DATA / "tsdynamics_rhs.npz")
    spec = MAPS[name]
    assert {k: float(v) for k, v in ref[f"{name}_defaults"]} == spec.params
    for i in range(2):
        y = ref[f"{name}_codes{i}"].astype(np.float64) / 64.0
        _close(_step(spec, y), ref[f"{name}_f{i}"])
        jac = np.empty((spec.dimension, spec.dimension))
        spec.jac(y, _p(spec), jac)
        _close(jac, ref[f"{name}_jac{i}"])


@pytest.mark.parametrize(
    "name", sorted(n for n, s in MAPS.items() if s.hamiltonian and n != "BlinkingVortexMap")
)
def test_hamiltonian_maps_preserve_area(name):
    """det J = 1 at every state; for CoupledStandardMaps the Jacobian is symplectic (J^T W J = W)."""
    spec = MAPS[name]
    jac = np.empty((spec.dimension, spec.dimension))
    m = spec.dimension // 2
    omega = np.block([[np.zeros((m, m)), np.eye(m)], [-np.eye(m), np.zeros((m, m))]])
    for y in _states(spec):
        spec.jac(y, _p(spec), jac)
        assert np.linalg.det(jac) == pytest.approx(1.0, rel=1e-12)
        if name == "CoupledStandardMaps":
            _close(jac.T @ omega @ jac, omega, rtol=1e-12)


def test_coupled_standard_maps_decouple_into_standard_maps():
    """With gamma = 0 each pair (theta_i, p_i) is Chirikov's standard map (kick k_i), mod 2 pi."""
    spec, chirikov = MAPS["CoupledStandardMaps"], MAPS["Chirikov"]
    p = _p(spec)
    p[0] = 0.0
    p[2] = 0.7
    y = spec.ic.copy()
    out = np.empty(4)
    spec.func(y, p, out)
    for i, k in enumerate(p[1:]):
        ref = np.empty(2)
        chirikov.func(np.array([y[2 + i], y[i]]), np.array([k]), ref)  # (momentum, angle)
        _close(out[[2 + i, i]], np.mod(ref, 2 * np.pi), rtol=1e-14)


def test_generalized_henon_contracts_volume_by_b():
    """Analytic reference: det J = -b everywhere (Baier and Klein 1990)."""
    spec = MAPS["GeneralizedHenon"]
    jac = np.empty((3, 3))
    for y in _states(spec):
        spec.jac(y, _p(spec), jac)
        assert np.linalg.det(jac) == pytest.approx(-spec.params["b"], rel=1e-12)


def test_folded_towel_default_equals_dynamicalsystems_constants():
    """DynamicalSystems.jl's towel map has the constants written in; ours reads them from params."""
    spec = MAPS["FoldedTowel"]
    for y in _states(spec):
        x1, x2, x3 = y
        ref = [
            3.8 * x1 * (1 - x1) - 0.05 * (x2 + 0.35) * (1 - 2 * x3),
            0.1 * ((x2 + 0.35) * (1 - 2 * x3) - 1) * (1 - 1.9 * x1),
            3.78 * x3 * (1 - x3) + 0.2 * x2,
        ]
        _close(_step(spec, y), ref, rtol=1e-14)


def _orbit(spec, n, y=None):
    y = spec.ic.copy() if y is None else np.asarray(y, dtype=float)
    for _ in range(n):
        y = _step(spec, y)
    return y


def test_grebogi_map_settles_on_an_attracting_fixed_point():
    """Grebogi et al. (1983): (0, -J0) and (pi, J0) are fixed points with eigenvalues
    1 + 2a - 4b + J0 and 0, attracting at the published parameters; the default orbit ends on one."""
    spec = MAPS["GrebogiMap"]
    j0, a, b = spec.params["J0"], spec.params["a"], spec.params["b"]
    jac = np.empty((2, 2))
    for fixed in ([0.0, -j0], [np.pi, j0]):
        _close(_step(spec, np.array(fixed)), fixed, rtol=1e-14)
        spec.jac(np.array(fixed), _p(spec), jac)
        _close(np.sort(np.abs(np.linalg.eigvals(jac))), [0.0, 1 + 2 * a - 4 * b + j0], rtol=1e-12)
    assert abs(1 + 2 * a - 4 * b + j0) < 1
    _close(_orbit(spec, 200), [0.0, -j0], rtol=1e-12)
    assert spec.extra["chaotic"] is False


def test_nonlinearly_coupled_logistic_ic_is_a_period_8_cycle():
    spec = MAPS["NonlinearlyCoupledLogistic"]
    y8 = _orbit(spec, 8, _orbit(spec, 2000))  # settle first: the ic is rounded to 8 digits
    _close(y8, _orbit(spec, 2000), rtol=1e-9)
    assert not np.allclose(_orbit(spec, 4, y8), y8, atol=1e-3)
    # DynamicalSystems.jl's initial condition escapes
    with np.errstate(over="ignore", invalid="ignore"):
        assert not np.all(np.isfinite(_orbit(spec, 60, np.linspace(0.0, 1.0, 4))))


@pytest.mark.peer
def test_zeraoulia_sprott_dysts_parameters_diverge():
    """dysts lists DeJong's (a, b) for this map; with |b| > 1 the orbit of its ic runs off."""
    import json
    from importlib import resources

    pytest.importorskip("dysts")
    listed = json.loads(resources.files("dysts").joinpath("data/discrete_maps.json").read_text())
    entry = listed["ZeraouliaSprott"]
    assert entry["parameters"] == {"a": 1.641, "b": 1.902}
    spec = MAPS["ZeraouliaSprott"]
    y = np.array(entry["initial_conditions"], dtype=float)
    p = np.array([entry["parameters"]["a"], entry["parameters"]["b"]])
    for _ in range(400):
        out = np.empty(2)
        spec.func(y, p, out)
        y = out
    assert np.max(np.abs(y)) > 1e6
    assert "EndCap" in listed and list(listed)[-1] == "EndCap"  # the file's closing placeholder


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
    # dysts calls the delay time tau; the catalog calls it delay_time (tau is an embedding delay).
    ours = {("tau" if k == "delay_time" else k): v for k, v in spec.params.items()}
    assert dict(model.params) == ours
    assert spec.ic[0] == model.ic[0] and spec.delay == model.params["tau"]
    assert spec.extra["delay_param"] == "delay_time"
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


def test_new_maps_lyapunov_spectra():
    """FoldedTowel: tsdynamics 6.1's quoted spectrum (0.43, 0.38, -3.30), two positive exponents;
    exact identities: GeneralizedHenon's exponents sum to ln b, a symplectic map's to 0."""
    import tsdyn.systems as ts

    res = ts.lyapunov_spectrum(ts.get("FoldedTowel"), n=20_000)
    np.testing.assert_allclose(res.exponents, [0.43, 0.38, -3.30], atol=0.04)
    res = ts.lyapunov_spectrum(ts.get("GeneralizedHenon"), n=20_000)
    assert (res.exponents[:2] > 0.1).all()
    assert res.exponents.sum() == pytest.approx(np.log(MAPS["GeneralizedHenon"].params["b"]), abs=1e-9)
    for name in ("CoupledStandardMaps", "BlinkingVortexMap"):
        res = ts.lyapunov_spectrum(ts.get(name), n=20_000)
        assert res.exponents[0] > 0.1 and abs(res.exponents.sum()) < 1e-3, name
