"""Flows beyond dysts and the SDEs: Jacobians, metadata and analytic facts of each model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tsdyn.errors import InputError
from tsdyn.systems import extra_flows, sdes  # noqa: F401  (register the systems)
from tsdyn.systems.base import registry

DATA = Path(__file__).with_name("data")

EXTRA = {
    n: s
    for n, s in registry().items()
    if s.func.__module__.endswith("extra_flows") or "variant_of" in s.extra
}
SDES = {n: s for n, s in registry().items() if s.kind == "sde"}


def _p(spec, **override):
    params = dict(spec.params, **override)
    return np.array(list(params.values()), dtype=np.float64)


def _rhs(spec, x, t=0.37, p=None):
    out = np.empty(spec.dimension)
    spec.func(t, x, _p(spec) if p is None else p, out)
    return out


def _states(spec, n=4, seed=0):
    rng = np.random.default_rng(seed)
    return [spec.ic * (1.0 + 0.1 * rng.standard_normal(spec.ic.size)) + 0.01 for _ in range(n)]


def _close(ours, ref, rtol=1e-10):
    ref = np.asarray(ref, dtype=float)
    scale = max(1.0, float(np.max(np.abs(ref))))
    np.testing.assert_allclose(ours, ref, rtol=rtol, atol=rtol * scale)


def _grad(fun, x, h=1e-6):
    return np.array([(fun(x + e) - fun(x - e)) / (2 * h) for e in h * np.eye(x.size)])


# The pattern-forming fields have 1024 and 4608 states: a full finite-difference
# Jacobian is too slow there, so they are checked along random directions below.
FIELDS = ("GrayScott", "SwiftHohenberg")


@pytest.mark.parametrize("name", sorted(n for n, s in EXTRA.items() if s.jac is not None and n not in FIELDS))
def test_jac_matches_finite_differences(name):
    spec = EXTRA[name]
    for x in _states(spec, n=2, seed=1):
        jac = np.full((spec.dimension, spec.dimension), np.nan)
        spec.jac(0.37, x, _p(spec), jac)
        fd = _grad(lambda z: _rhs(spec, z), x).T
        _close(jac, fd, rtol=1e-5)


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_metadata_complete(name):
    spec = EXTRA[name]
    assert spec.kind == "flow"
    assert spec.citation.strip() and spec.description.strip()
    assert spec.period > 0 and spec.dt > 0
    assert np.all(np.isfinite(_rhs(spec, spec.ic)))
    assert name not in {"Lorenz", "Duffing", "Lorenz96"}  # never shadows a dysts name


def test_stuart_landau_limit_cycle():
    """On r^2 = mu the flow is a rotation at omega + b mu, so the period is 2 pi / (omega + b mu)."""
    spec = EXTRA["StuartLandau"]
    mu, omega, b = spec.params["mu"], spec.params["omega"], spec.params["b"]
    assert spec.period == pytest.approx(2 * np.pi / (omega + b * mu), rel=1e-12)
    for th in np.linspace(0, 2 * np.pi, 5):
        x = np.sqrt(mu) * np.array([np.cos(th), np.sin(th)])
        _close(_rhs(spec, x), (omega + b * mu) * np.array([-x[1], x[0]]), rtol=1e-12)


def test_van_der_pol_period_literature():
    """Van der Pol at mu = 1: period 6.6633 (e.g. Strogatz, Nonlinear Dynamics and Chaos)."""
    assert EXTRA["VanDerPol"].period == pytest.approx(6.6633, abs=2e-3)


def test_lotka_volterra_conserves_its_first_integral():
    spec = EXTRA["LotkaVolterra"]
    al, be, de, ga = (spec.params[k] for k in ("alpha", "beta", "delta", "gamma"))

    def first_integral(z):
        return de * z[0] - ga * np.log(z[0]) + be * z[1] - al * np.log(z[1])

    for x in _states(spec):
        grad = _grad(first_integral, x)
        assert abs(grad @ _rhs(spec, x)) < 1e-7 * np.abs(grad).sum() * np.abs(_rhs(spec, x)).sum()


@pytest.mark.parametrize("name", ["LogarithmicPotential", "BarredLogarithmicPotential"])
def test_galactic_orbits_conserve_energy_or_jacobi_integral(name):
    spec = EXTRA[name]
    q, rc, v0 = spec.params["q"], spec.params["rc"], spec.params["v0"]
    om = spec.params.get("omega_b", 0.0)

    def integral(z):
        x, y, vx, vy = z
        phi = 0.5 * v0**2 * np.log(rc**2 + x**2 + y**2 / q**2)
        return 0.5 * (vx**2 + vy**2) + phi - 0.5 * om**2 * (x**2 + y**2)

    for x in _states(spec):
        grad = _grad(integral, x)
        assert abs(grad @ _rhs(spec, x)) < 1e-7


def test_brusselator_and_selkov_fixed_points():
    bru = EXTRA["Brusselator"]
    a, b = bru.params["a"], bru.params["b"]
    _close(_rhs(bru, np.array([a, b / a])), [0.0, 0.0], rtol=1e-14)
    sel = EXTRA["Selkov"]
    a, b = sel.params["a"], sel.params["b"]
    _close(_rhs(sel, np.array([b, b / (a + b * b)])), [0.0, 0.0], rtol=1e-14)


def test_kuramoto_coupling_sums_to_zero():
    """The mean-field coupling terms cancel: the phases' velocities sum to sum(omega)."""
    spec = EXTRA["Kuramoto"]
    omega = np.array([v for k, v in spec.params.items() if k.startswith("omega_")])
    assert spec.extra["array_params"] == {"omega": (25,)}
    for x in _states(spec):
        assert _rhs(spec, x).sum() == pytest.approx(omega.sum(), abs=1e-12)


@pytest.mark.parametrize("name", ["Lissajous2D", "Lissajous3D"])
def test_lissajous_is_the_derivative_of_its_curve(name):
    spec = EXTRA[name]
    pr = spec.params
    amps = [pr["A"], pr["B"], pr.get("C")][: spec.dimension]
    freqs = [pr["a"], pr["b"], pr.get("c")][: spec.dimension]
    phases = [0.0, pr.get("delta", pr.get("delta_y")), pr.get("delta_z")][: spec.dimension]

    def curve(t):
        return np.array([A * np.cos(w * t + ph) for A, w, ph in zip(amps, freqs, phases, strict=True)])

    _close(spec.ic, curve(0.0), rtol=1e-15)
    for t in (0.3, 1.7):
        _close(_rhs(spec, spec.ic, t=t), (curve(t + 1e-6) - curve(t - 1e-6)) / 2e-6, rtol=1e-8)


def test_sde_drifts_and_diffusions():
    ou, gbm, dw = SDES["OrnsteinUhlenbeck"], SDES["GeometricBrownianMotion"], SDES["DoubleWell"]
    drift, amp = np.empty(1), np.empty(1)
    ou.func(0.0, np.array([1.5]), _p(ou), drift)
    ou.noise(0.0, np.array([1.5]), _p(ou), amp)
    assert drift[0] == ou.params["theta"] * (ou.params["mu"] - 1.5)
    assert amp[0] == ou.params["sigma"]
    gbm.noise(0.0, np.array([2.0]), _p(gbm), amp)
    assert amp[0] == 2.0 * gbm.params["sigma"]
    well = np.sqrt(dw.params["a"] / dw.params["b"])
    for x in (-well, 0.0, well):
        dw.func(0.0, np.array([x]), _p(dw), drift)
        assert drift[0] == pytest.approx(0.0, abs=1e-15)
    assert {s.extra["noise_type"] for s in SDES.values()} == {"additive", "multiplicative"}
    assert all(s.citation and s.description and s.dt > 0 for s in SDES.values())


@pytest.mark.parametrize("name", FIELDS)
def test_field_jac_matches_directional_differences(name):
    """J v equals the central difference of the rhs along v (a full finite-difference Jacobian is too big)."""
    spec = EXTRA[name]
    rng = np.random.default_rng(3)
    x = spec.ic + 0.05 * rng.standard_normal(spec.dimension)
    jac = np.full((spec.dimension, spec.dimension), np.nan)
    spec.jac(0.0, x, _p(spec), jac)
    for _ in range(2):
        v = rng.standard_normal(spec.dimension)
        h = 1e-6
        fd = (_rhs(spec, x + h * v) - _rhs(spec, x - h * v)) / (2 * h)
        _close(jac @ v, fd, rtol=1e-6)


@pytest.mark.parametrize("name", ["GrayScott", "SwiftHohenberg", "Robinson"])
def test_rhs_equals_tsdynamics(name):
    """tsdynamics 6.1.1 needs Python >= 3.12, so datasets/systems/make_tsdynamics_rhs_refs.py
    stored its rhs at states coded as integers / 64 (fields on a 6 x 6 grid: same stencils,
    and tsdynamics compiles its 48 x 48 grid for many minutes)."""
    ref = np.load(DATA / "tsdynamics_rhs.npz")
    spec = EXTRA[name]
    assert {k: float(v) for k, v in ref[f"{name}_defaults"]} == spec.params
    params = {k: float(v) for k, v in ref[f"{name}_params"]}
    p = _p(spec, **params)
    for i in range(2):
        x = ref[f"{name}_codes{i}"].astype(np.float64) / 64.0
        out = np.empty(x.size)
        spec.func(0.37, x, p, out)
        _close(out, ref[f"{name}_f{i}"])


def test_gray_scott_rest_state_is_a_fixed_point():
    """(u, v) = (1, 0) everywhere: no diffusion, feed balances, no activator."""
    spec = EXTRA["GrayScott"]
    half = spec.dimension // 2
    x = np.concatenate([np.ones(half), np.zeros(half)])
    np.testing.assert_array_equal(_rhs(spec, x), 0.0)
    # Its linearisation: u decays at F, v at F + k (Pearson 1993, the trivial state is stable).
    jac = np.empty((spec.dimension, spec.dimension))
    spec.jac(0.0, x, _p(spec), jac)
    f, k = spec.params["F"], spec.params["k"]
    mode = np.zeros(spec.dimension)
    mode[:half] = 1.0
    _close(jac @ mode, -f * mode, rtol=1e-12)
    mode = mode[::-1].copy()
    _close(jac @ mode, -(f + k) * mode, rtol=1e-12)


def test_swift_hohenberg_linear_growth_rates():
    """u = 0 is fixed; a Fourier mode grows at r - (1 - k^2)^2, with k^2 the discrete symbol of -lap."""
    spec = EXTRA["SwiftHohenberg"]
    n = int(spec.params["N"])
    L, r = spec.params["L"], spec.params["r"]
    h = L / n
    zero = np.zeros(spec.dimension)
    np.testing.assert_array_equal(_rhs(spec, zero), 0.0)
    jac = np.empty((spec.dimension, spec.dimension))
    spec.jac(0.0, zero, _p(spec), jac)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    for m1, m2 in [(0, 0), (6, 0), (3, 5), (1, 7)]:
        mode = np.cos(2 * np.pi * (m1 * i + m2 * j) / n).ravel()
        # The 5-point Laplacian has symbol -(4/h^2)(sin^2(pi m1/n) + sin^2(pi m2/n));
        # the 13-point biharmonic is exactly its square, so (1 + lap)^2 has symbol (1 - k^2)^2.
        k2 = 4.0 / h**2 * (np.sin(np.pi * m1 / n) ** 2 + np.sin(np.pi * m2 / n) ** 2)
        _close(jac @ mode, (r - (1 - k2) ** 2) * mode, rtol=1e-10)


def test_robinson_is_symmetric_under_x_y_reflection():
    """(x, y, z) -> (-x, -y, z) maps the flow onto itself (the Lorenz-type symmetry)."""
    spec = EXTRA["Robinson"]
    s = np.array([-1.0, -1.0, 1.0])
    for x in _states(spec):
        _close(_rhs(spec, s * x), s * _rhs(spec, x), rtol=1e-14)


SIZED = {"GrayScott": 48, "SwiftHohenberg": 32, "KuramotoSivashinsky": 64}


@pytest.mark.parametrize("name", sorted(SIZED))
def test_default_size_reproduces_the_stored_state_bit_for_bit(name):
    import tsdyn.systems as ts

    spec = EXTRA[name]
    assert spec.size_params == ("N",) and spec.params["N"] == SIZED[name]
    given = ts.get(name, N=SIZED[name])
    np.testing.assert_array_equal(given.ic, spec.ic)
    assert given.dimension == spec.dimension
    a = given.integrate(3, dt=0.05).values
    np.testing.assert_array_equal(a, ts.get(name).integrate(3, dt=0.05).values)


@pytest.mark.parametrize(("name", "n", "dim"), [("GrayScott", 20, 800), ("SwiftHohenberg", 24, 576)])
def test_field_at_another_size_stays_bounded_and_patterned(name, n, dim):
    """The default ic for another N keeps the pattern: after some hundred time units the field is
    bounded and far from uniform. GrayScott: u, v >= 0 and u <= 1 (discrete maximum principle:
    at a site where u is largest, u_t <= F (1 - u)); Swift-Hohenberg: stripes of amplitude
    ~ 2 sqrt(r / 3) ~ 0.63 (weakly nonlinear theory), so |u| well below 2 sqrt(r) ~ 1.1."""
    import tsdyn.systems as ts

    s = ts.get(name, N=n)
    assert s.dimension == dim and s.metadata["dimension"] == dim and len(s.variables) == dim
    x = s.integrate(3, dt=100.0, rtol=1e-6, atol=1e-6)
    assert x.attrs["param_N"] == n and x.sizes["variable"] == dim
    field = x.values[-1]
    if name == "GrayScott":
        assert field.min() > -1e-6 and field[: n * n].max() < 1.0 + 1e-6
        v = field[n * n :]
        assert v.std() > 0.05  # spots: v ~ 0.3 inside, ~0 outside
    else:
        assert np.abs(field).max() < 2 * np.sqrt(s.params["r"])
        assert field.std() > 0.2  # stripes of amplitude ~ 2 sqrt(r / 3) ~ 0.6


def test_other_sizes_keep_the_stored_field_where_the_grids_meet():
    """Band-limited interpolation onto a grid twice as fine passes through the stored values
    (SwiftHohenberg, KS: same domain); GrayScott's doubled lattice is four copies of its pattern."""
    import tsdyn.systems as ts

    ks = ts.get("KuramotoSivashinsky", N=128).ic
    np.testing.assert_allclose(ks[::2], EXTRA["KuramotoSivashinsky"].ic, atol=1e-13)
    sh = ts.get("SwiftHohenberg", N=64).ic.reshape(64, 64)
    np.testing.assert_allclose(sh[::2, ::2].ravel(), EXTRA["SwiftHohenberg"].ic, atol=1e-13)
    gs = ts.get("GrayScott", N=96).ic.reshape(2, 96, 96)
    stored = EXTRA["GrayScott"].ic.reshape(2, 48, 48)
    for rows in (slice(0, 48), slice(48, 96)):
        for cols in (slice(0, 48), slice(48, 96)):
            np.testing.assert_array_equal(gs[:, rows, cols], stored)


def test_kuramoto_sivashinsky_at_another_size_conserves_the_mean():
    """Central differences keep sum(u) exactly (u u_x sums to zero on a periodic grid), and
    the interpolated profile has the stored profile's mean (its zero mode is kept)."""
    import tsdyn.systems as ts

    s = ts.get("KuramotoSivashinsky", N=48)
    assert s.dimension == 48
    assert s.ic.mean() == pytest.approx(EXTRA["KuramotoSivashinsky"].ic.mean(), abs=1e-14)
    x = s.integrate(3, dt=50.0).values
    np.testing.assert_allclose(x.mean(axis=1), x[0].mean(), atol=1e-8)
    assert x.std(axis=1).min() > 0.5  # still a chaotic cellular profile, not u = const


@pytest.mark.parametrize(("name", "bad"), [("GrayScott", 2), ("GrayScott", 32.5), ("SwiftHohenberg", 4),
                                           ("SwiftHohenberg", -32), ("KuramotoSivashinsky", 0)])  # fmt: skip
def test_size_must_be_an_integer_above_the_stencil(name, bad):
    import tsdyn.systems as ts

    with pytest.raises(
        InputError, match=f"parameter 'N' of {name} sets the state's size: it must be an integer"
    ):
        ts.get(name, N=bad)


@pytest.mark.parametrize("name", sorted(SIZED))
def test_size_cannot_vary_within_one_integration(name):
    import tsdyn.systems as ts

    s = ts.get(name)
    with pytest.raises(InputError, match="'N' of .* sets the state's size, so it cannot be swept"):
        s.integrate(3, dt=0.1, sweep={"N": [16, 20]})
    with pytest.raises(InputError, match="'N' of .* sets the state's size, so it cannot be ramped"):
        s.integrate(3, dt=0.1, ramp={"N": (16, 20)})


@pytest.mark.parametrize("name", FIELDS)
def test_field_ic_must_match_the_grid(name):
    """A user's ic must have the length N sets; the raw rhs also refuses a mismatched state."""
    import tsdyn.systems as ts

    s = ts.get(name, N=16)
    with pytest.raises(InputError, match=f"ic of {name} must have shape \\({s.dimension},\\)"):
        s.integrate(3, dt=0.1, ic=EXTRA[name].ic)
    with pytest.raises(InputError, match=f"{name}: the state must have"):
        _rhs(EXTRA[name], np.zeros(s.dimension))
