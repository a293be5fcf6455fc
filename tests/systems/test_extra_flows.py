"""Flows beyond dysts and the SDEs: Jacobians, metadata and analytic facts of each model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tsdyn.errors import InputError
from tsdyn.systems import catalog
from tsdyn.systems.base import registry
from tsdyn.systems.catalog import extra_flows

catalog.load()

DATA = Path(__file__).with_name("data")

EXTRA = {
    n: s for n, s in registry().items() if s.func.__name__ in vars(extra_flows) or "variant_of" in s.extra
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
    """tsdynamics 6.1.1 needs Python >= 3.12, so tools/make_tsdynamics_rhs_refs.py
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

        ts.get(name, N=16).integrate(3, dt=0.1)


# ---------------------------------------------------------------- DynamicalSystems.jl's systems


def _stommel_equilibria(eta1, eta2, eta3):
    """Fixed points from the flow strength a = |T - S|: T = eta1 / (1 + a), S = eta2 / (eta3 + a),
    so T - S = sign * a gives, for each sign, the cubic sign a (1 + a)(eta3 + a) = eta1 (eta3 + a) - eta2 (1 + a)."""
    poly = np.polynomial.Polynomial
    a = poly([0.0, 1.0])
    points = []
    for sign in (1.0, -1.0):
        cubic = sign * a * (1 + a) * (eta3 + a) - eta1 * (eta3 + a) + eta2 * (1 + a)
        for root in cubic.roots():
            if abs(root.imag) < 1e-12 and root.real > 0:
                points.append(np.array([eta1 / (1 + root.real), eta2 / (eta3 + root.real)]))
    return points


def test_stommel_has_two_stable_equilibria_and_a_saddle():
    """Stommel (1961): a thermally driven and a salinity driven regime, separated by a saddle."""
    spec = EXTRA["StommelThermohaline"]
    points = _stommel_equilibria(*(spec.params[k] for k in ("eta1", "eta2", "eta3")))
    assert len(points) == 3
    stable = []
    for x in points:
        _close(_rhs(spec, x), [0.0, 0.0], rtol=1e-13)
        jac = np.empty((2, 2))
        spec.jac(0.0, x, _p(spec), jac)
        ev = np.linalg.eigvals(jac)
        if ev.real.max() < 0:
            stable.append((x, ev))
        else:
            assert ev.real.min() < 0 < ev.real.max()  # the saddle
    assert len(stable) == 2
    assert {x[0] > x[1] for x, _ in stable} == {True, False}  # one of each sign of T - S
    thermal, ev = next((x, ev) for x, ev in stable if x[0] > x[1])
    # The default ic relaxes to the thermally driven state; period is its slowest relaxation time.
    assert spec.period == pytest.approx(-1.0 / ev.real.max(), rel=1e-5)
    import tsdyn.systems as ts

    end = ts.get("StommelThermohaline").integrate(n=2, dt=40 * spec.period).values[-1]
    _close(end, thermal, rtol=1e-8)


def test_magnetic_pendulum_settles_over_a_magnet():
    """Friction drains the energy: the bob comes to rest next to magnet 2 at (1, 0), pulled
    slightly inward by the pendulum's own restoring force; period is the swing about that rest point."""
    import tsdyn.systems as ts

    spec = EXTRA["MagneticPendulum"]
    # Swings decay as exp(-alpha t / 2): e^-20 after t = 200.
    end = ts.get("MagneticPendulum").integrate(n=2, dt=200.0).values[-1]
    magnet = np.array([spec.params["magnet_x_2"], spec.params["magnet_y_2"]])
    assert np.abs(end[2:]).max() < 1e-7
    assert 0 < magnet[0] - end[0] < 0.05 and abs(end[1]) < 1e-7
    _close(_rhs(spec, end), np.zeros(4), rtol=1e-6)
    jac = np.empty((4, 4))
    spec.jac(0.0, end, _p(spec), jac)
    ev = np.linalg.eigvals(jac)
    # Damped oscillations: every eigenvalue has real part -alpha / 2.
    np.testing.assert_allclose(ev.real, -spec.params["alpha"] / 2, atol=1e-6)
    assert spec.period == pytest.approx(2 * np.pi / np.abs(ev.imag).min(), rel=1e-5)


def test_magnetic_pendulum_magnets_are_dynamical_systems_jl_layout():
    spec = EXTRA["MagneticPendulum"]
    angles = 2 * np.pi * np.arange(1, 4) / 3
    xs = [spec.params[f"magnet_x_{i}"] for i in range(3)]
    ys = [spec.params[f"magnet_y_{i}"] for i in range(3)]
    _close(xs, np.cos(angles), rtol=1e-15)
    _close(ys, np.sin(angles), rtol=1e-15)


def test_forced_pendulum_small_amplitude_linear_response():
    """For small forcing, sin(theta) ~ theta: the steady state is the driven linear oscillator's,
    theta = f Re[exp(i phi) / (1 - omega^2 + i d omega)]."""
    import tsdyn.systems as ts

    spec = EXTRA["ForcedPendulum"]
    d, omega, f = spec.params["d"], spec.params["omega"], 1e-3
    period = 2 * np.pi / omega
    # Transients decay as exp(-d t / 2): 20 forcing periods leave exp(-47).
    x = ts.get("ForcedPendulum", f=f).integrate(
        n=200, dt=period / 100, transient=20 * period, ic=[0.0, 0.0, 0.0]
    )
    theta, phi = x.values[:, 0], x.values[:, 2]
    response = f / (1 - omega**2 + 1j * d * omega)
    _close(theta, np.real(response * np.exp(1j * phi)), rtol=1e-5)
    assert spec.nonautonomous and spec.unbounded == (0, 2)


def test_forced_pendulum_angle_is_a_phase():
    spec = EXTRA["ForcedPendulum"]
    for x in _states(spec):
        _close(_rhs(spec, x + [2 * np.pi, 0, 0]), _rhs(spec, x), rtol=1e-13)
        _close(_rhs(spec, x + [0, 0, 2 * np.pi]), _rhs(spec, x), rtol=1e-13)


def _antidot_states(spec, n=6, seed=2):
    """States near an antidot (inside its reach d0/2 + c) in various cells, at random velocities."""
    rng = np.random.default_rng(seed)
    reach = spec.params["d0"] / 2 + spec.params["c"]
    out = []
    for _ in range(n):
        r, a = reach * rng.uniform(0.3, 0.95), rng.uniform(0, 2 * np.pi)
        cell = rng.integers(-3, 4, size=2)
        out.append(np.array([cell[0] + r * np.cos(a), cell[1] + r * np.sin(a), *rng.normal(size=2)]))
    return out


def _antidot_energy(spec, z):
    """Kinetic energy plus the potential of the nearest antidot (the field does no work)."""
    c, d0 = spec.params["c"], spec.params["d0"]
    rho = np.hypot(z[0] - np.round(z[0]), z[1] - np.round(z[1]))
    pot = ((d0 / 2 + c - rho) / c) ** 4 if rho < d0 / 2 + c else 0.0
    return 0.5 * (z[2] ** 2 + z[3] ** 2) + pot


def test_antidots_conserve_energy_and_jac_inside_the_potential():
    """The generic finite-difference check samples near the ic, in the free region between antidots."""
    spec = EXTRA["Antidots"]
    for x in _antidot_states(spec):
        grad = _grad(lambda z: _antidot_energy(spec, z), x)
        assert abs(grad @ _rhs(spec, x)) < 1e-7 * np.abs(grad).sum() * np.abs(_rhs(spec, x)).sum()
        jac = np.full((4, 4), np.nan)
        spec.jac(0.0, x, _p(spec), jac)
        _close(jac, _grad(lambda z: _rhs(spec, z), x).T, rtol=1e-5)
        _close(_rhs(spec, x + [1.0, -2.0, 0, 0]), _rhs(spec, x), rtol=1e-9)  # lattice period 1
    # Unit energy: the potential reaches 1 on the antidot's nominal radius d0 / 2.
    assert _antidot_energy(spec, np.array([spec.params["d0"] / 2, 0, 0, 0])) == pytest.approx(1.0)
    assert _antidot_energy(spec, spec.ic) == pytest.approx(1.0)


def test_antidots_orbit_keeps_its_energy():
    import tsdyn.systems as ts

    spec = EXTRA["Antidots"]
    x = ts.get("Antidots").integrate(n=400, dt=0.05).values
    energy = np.array([_antidot_energy(spec, z) for z in x])
    np.testing.assert_allclose(energy, 1.0, atol=1e-6)
    assert spec.hamiltonian and spec.unbounded == (0, 1)


def test_antidots_cyclotron_diameter_without_antidots():
    """With the antidots shrunk away (d0 = -2c: zero reach) the orbit is a circle of diameter 1 / B
    at unit energy, traversed in the cyclotron period 2 pi / (2 sqrt(2) B), the catalog's period."""
    import tsdyn.systems as ts

    spec = EXTRA["Antidots"]
    B = 1.7
    period = 2 * np.pi / (2 * np.sqrt(2) * B)
    x = (
        ts.get("Antidots", B=B, d0=-0.4)
        .integrate(n=101, dt=period / 100, ic=[0.5, 0.5, np.sqrt(2), 0.0])
        .values
    )
    assert np.ptp(x[:, 1]) == pytest.approx(1 / B, rel=1e-6)
    _close(x[-1], x[0], rtol=1e-7)
    assert spec.period == pytest.approx(2 * np.pi / (2 * np.sqrt(2) * spec.params["B"]), rel=1e-12)


def test_riddled_basins_force_is_the_potential_gradient():
    """Ott et al. (1994): V = (1 - x^2)^2 + (x + xbar) y^2, forcing f0 sin(phi) along (x0, y0)."""
    spec = EXTRA["RiddledBasins"]
    pr = spec.params
    for x in _states(spec, seed=4):
        x = x + [0, 0.3, 0, 0.2, 0]

        def potential(q):
            return (1 - q[0] ** 2) ** 2 + (q[0] + pr["xbar"]) * q[1] ** 2

        grad = _grad(potential, x[:2])
        force = pr["f0"] * np.sin(x[4]) * np.array([pr["x0"], pr["y0"]])
        _close(_rhs(spec, x)[2:4], -grad - pr["gamma"] * x[2:4] + force, rtol=1e-8)


def test_riddled_basins_plane_is_invariant_and_symmetric():
    """y = vy = 0 is invariant when the forcing has no y part (y0 = 0): the attractor lives there,
    and (y, vy) -> -(y, vy) maps the flow onto itself."""
    import tsdyn.systems as ts

    spec = EXTRA["RiddledBasins"]
    flip = np.array([1.0, -1.0, 1.0, -1.0, 1.0])
    for x in _states(spec):
        x = x + [0, 0.3, 0, -0.2, 0]
        _close(_rhs(spec, flip * x), flip * _rhs(spec, x), rtol=1e-14)
        x[[1, 3]] = 0.0
        assert _rhs(spec, x)[[1, 3]].tolist() == [0.0, 0.0]
    traj = ts.get("RiddledBasins").integrate(n=500, dt=spec.period / 10).values
    assert np.all(traj[:, [1, 3]] == 0.0)
    # On the attractor x stays right of -xbar, where the plane attracts in y on average.
    assert traj[:, 0].min() > -spec.params["xbar"]
    assert spec.nonautonomous and spec.unbounded == (4,)


def test_coupled_hindmarsh_rose_swaps_neurons_and_half_activates_at_threshold():
    """Equal synapses: exchanging the two neurons maps the flow onto itself. At the synaptic
    threshold x = -0.25 the sigmoid is one half, so the synaptic current is -k (x_post - xv) / 2."""
    spec = EXTRA["HindmarshRoseTwoCoupled"]
    assert spec.params["k1"] == spec.params["k2"]
    swap = [3, 4, 5, 0, 1, 2]
    p = _p(spec, k_el=0.05)
    for x in _states(spec):
        _close(_rhs(spec, x[swap], p=p), _rhs(spec, x, p=p)[swap], rtol=1e-14)
    x = spec.ic.copy()
    x[3] = -0.25
    uncoupled = _rhs(spec, x, p=_p(spec, k1=0.0))
    k1, xv = spec.params["k1"], spec.params["xv"]
    assert _rhs(spec, x)[0] - uncoupled[0] == pytest.approx(-k1 * (x[0] - xv) / 2, rel=1e-12)


def test_daisyworld_regulates_temperature():
    """Watson and Lovelock (1983): where both kinds coexist their growth rates are equal, so the
    two local temperatures lie symmetrically about the optimum, and bare ground x satisfies
    x beta = gamma; the planet's emission temperature stays near the optimum over a range of L."""
    import tsdyn.systems as ts

    spec = EXTRA["Daisyworld"]
    pr = spec.params
    sb = 5.67e-8
    emission = []
    for L in (0.9, 1.0, 1.1):
        end = ts.get("Daisyworld", L=L).integrate(n=2, dt=300.0).values[-1]
        _close(_rhs(spec, end, p=_p(spec, L=L)), [0.0, 0.0], rtol=1e-9)
        bare = 1 - end.sum()
        albedo = end[0] * pr["A_w"] + end[1] * pr["A_b"] + bare * pr["A_g"]
        te4 = pr["S"] * L * (1 - albedo) / sb
        tw = (pr["q"] * (albedo - pr["A_w"]) + te4) ** 0.25 - 273.15
        tb = (pr["q"] * (albedo - pr["A_b"]) + te4) ** 0.25 - 273.15
        assert end.min() > 0.05 and tb > tw
        assert (tw + tb) / 2 == pytest.approx(pr["T_opt"], abs=1e-6)
        assert bare * (1 - ((tw - pr["T_opt"]) / pr["delta"]) ** 2) == pytest.approx(pr["gamma"], rel=1e-6)
        emission.append(te4**0.25 - 273.15)
        if L == 1.0:
            jac = np.empty((2, 2))
            spec.jac(0.0, end, _p(spec), jac)
            assert spec.period == pytest.approx(-1.0 / np.linalg.eigvals(jac).real.max(), rel=1e-5)
    # Without daisies the bare planet (albedo A_g) would warm by ~ 16 K over this range of L.
    bare_planet = [(pr["S"] * L * (1 - pr["A_g"]) / sb) ** 0.25 for L in (0.9, 1.1)]
    assert np.ptp(emission) < 0.5 * np.ptp(bare_planet)


def test_multispecies_competition_conserves_nutrient_mass():
    """With mortality equal to the dilution rate (m = D) the total of each resource, free plus
    bound in cells, R_j + sum_i c_ji N_i, relaxes to the supply S as exp(-D t)."""
    import tsdyn.systems as ts

    spec = EXTRA["MultispeciesCompetition"]
    pr = spec.params
    assert pr["m"] == pr["D"]
    c = np.array([pr[f"c_{k}"] for k in range(15)]).reshape(3, 5)
    # Huisman and Weissing's start, with resources away from the supply so the relaxation shows.
    ic = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 2.0, 15.0, 6.0])
    x = ts.get("MultispeciesCompetition").integrate(n=50, dt=0.5, ic=ic).values
    total = x[:, 5:] + x[:, :5] @ c.T
    t = 0.5 * np.arange(50)[:, None]
    expected = pr["S"] + (total[0] - pr["S"]) * np.exp(-pr["D"] * t)
    _close(total, expected, rtol=1e-7)
    # Liebig's law: growth is the smallest of the three Monod rates.
    K = np.array([pr[f"K_{k}"] for k in range(15)]).reshape(3, 5)
    for z in _states(spec):
        rates = pr["r"] * z[5:, None] / (K + z[5:, None])
        _close(_rhs(spec, z)[:5], z[:5] * (rates.min(axis=0) - pr["m"]), rtol=1e-13)


def test_tristable_predator_prey_three_attractors():
    """Zeng and Yu (2024): extinction (0, 0) and prey alone (1, 0) are stable nodes (eigenvalues
    -E, -D and E - 1, C s(1) - D); coexistence equilibria solve C s(x) = D, and the one inside the
    cycle is an unstable focus; the default ic lies on the stable cycle of the catalog's period."""
    import tsdyn.systems as ts

    spec = EXTRA["TristablePredatorPrey"]
    A, B, C, D, E = (spec.params[k] for k in "ABCDE")
    jac = np.empty((2, 2))
    s1 = 1.0 / (A + B + 1.0)
    for point, eigs in (([0.0, 0.0], [-E, -D]), ([1.0, 0.0], [E - 1, C * s1 - D])):
        _close(_rhs(spec, np.array(point)), [0.0, 0.0], rtol=1e-15)
        spec.jac(0.0, np.array(point), _p(spec), jac)
        np.testing.assert_allclose(np.sort(np.linalg.eigvals(jac).real), np.sort(eigs), atol=1e-12)
    # C x^2 = D (A x^2 + B x + 1)
    roots = np.sort(np.roots([C - D * A, -D * B, -D]).real)
    focus = np.array([roots[0], 0.0])
    focus[1] = (
        focus[0] * (1 - focus[0]) * (focus[0] - E) * (A * focus[0] ** 2 + B * focus[0] + 1) / focus[0] ** 2
    )
    _close(_rhs(spec, focus), [0.0, 0.0], rtol=1e-12)
    spec.jac(0.0, focus, _p(spec), jac)
    ev = np.linalg.eigvals(jac)
    assert ev.imag.max() > 0 and ev.real.min() > 0
    x = ts.get("TristablePredatorPrey").integrate(n=2, dt=spec.period).values
    _close(x[-1], spec.ic, rtol=1e-4)
    ends = [
        ts.get("TristablePredatorPrey").integrate(n=2, dt=400.0, ic=ic).values[-1]
        for ic in ([0.5, 0.5], [0.95, 0.02])
    ]
    _close(ends[0], [0.0, 0.0], rtol=1e-6)
    _close(ends[1], [1.0, 0.0], rtol=1e-6)


# DynamicalSystems.jl constructor -> (our name, dimension, hamiltonian, nonautonomous, unbounded)
DSJL = {
    "stommel_thermohaline": ("StommelThermohaline", 2, False, False, ()),
    "magnetic_pendulum": ("MagneticPendulum", 4, False, False, ()),
    "forced_pendulum": ("ForcedPendulum", 3, False, True, (0, 2)),
    "antidots": ("Antidots", 4, True, False, (0, 1)),
    "riddled_basins": ("RiddledBasins", 5, False, True, (4,)),
    "hindmarshrose_two_coupled": ("HindmarshRoseTwoCoupled", 6, False, False, ()),
    "daisyworld": ("Daisyworld", 2, False, False, ()),
    "multispecies_competition": ("MultispeciesCompetition", 8, False, False, ()),
    "tristable_predator_prey": ("TristablePredatorPrey", 2, False, False, ()),
}


NOT_CHAOTIC = {
    "StommelThermohaline",
    "MagneticPendulum",
    "Daisyworld",
    "MultispeciesCompetition",
    "TristablePredatorPrey",
}


@pytest.mark.parametrize("constructor", sorted(DSJL))
def test_dynamical_systems_jl_flags(constructor):
    name, dim, hamiltonian, nonautonomous, unbounded = DSJL[constructor]
    spec = EXTRA[name]
    assert (spec.dimension, spec.hamiltonian, spec.nonautonomous, spec.unbounded) == (
        dim,
        hamiltonian,
        nonautonomous,
        unbounded,
    )
    assert spec.jac is not None and spec.extra.get("period_note")
    # Non-chaotic ones are flagged as in maps.py; the description says so too.
    settles = name in NOT_CHAOTIC
    assert spec.extra.get("chaotic", True) is not settles
    assert ("not chaotic" in spec.description) is settles


def test_stored_spectra_of_settled_systems_are_their_eigenvalues():
    """At a stable equilibrium the Lyapunov exponents are the real parts of the Jacobian's
    eigenvalues: check the stored invariants against the analytic Stommel equilibrium."""
    import tsdyn.systems as ts

    spec = EXTRA["StommelThermohaline"]
    points = _stommel_equilibria(*(spec.params[k] for k in ("eta1", "eta2", "eta3")))
    thermal = max(points, key=lambda x: x[0] - x[1])
    jac = np.empty((2, 2))
    spec.jac(0.0, thermal, _p(spec), jac)
    stored = ts.get("StommelThermohaline")
    np.testing.assert_allclose(
        stored.lyapunov_spectrum, np.sort(np.linalg.eigvals(jac).real)[::-1], rtol=1e-5
    )
    _close(stored.mean, thermal, rtol=1e-5)
    assert (
        stored.dominant_period is None
        and "fixed point" in stored.invariants["not_applicable"]["dominant_period"]
    )


def test_riddled_basins_stored_spectrum():
    """The divergence is -2 gamma everywhere, so the exponents sum to it; in the invariant plane
    (x, vx, phase) they sum to -gamma, and so do the two transverse ones (y, vy), which must both
    be negative for the plane's chaotic set to be an attractor (Ott et al. 1994)."""
    import tsdyn.systems as ts

    s = ts.get("RiddledBasins")
    gamma = s.params["gamma"]
    lam = np.asarray(s.lyapunov_spectrum)
    err = 3 * np.asarray(s.invariants["lyapunov_stderr"]).max()
    assert lam.sum() == pytest.approx(-2 * gamma, abs=1e-6)
    assert lam[0] > 0.3 and abs(lam[1]) < err
    in_plane = lam[0] + lam[1] + lam[-1]
    assert in_plane == pytest.approx(-gamma, abs=err)
    assert lam[2] < 0 and lam[3] < 0 and lam[2] + lam[3] == pytest.approx(-gamma, abs=err)
