"""Lyapunov spectra against literature values and exact identities."""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError, IntegrationError
from tsdyn.systems.lyapunov import kaplan_yorke


def test_lorenz_spectrum_and_divergence_identity():
    # Literature: lambda1 = 0.9056 (Sprott 2003, Chaos and Time-Series Analysis, table A.1);
    # lambda2 = 0; the sum equals the constant divergence -(sigma + 1 + beta) exactly.
    s = ts.get("Lorenz")
    res = ts.lyapunov_spectrum(s, t=400.0, dt=0.01)
    assert res.exponents[0] == pytest.approx(0.9056, abs=max(0.03, 4 * res.stderr[0]))
    assert abs(res.exponents[1]) < 0.02
    beta, sigma = s.params["beta"], s.params["sigma"]
    # RK4 at dt = 0.01 preserves the phase-volume rate to ~1e-5 relative.
    assert res.exponents.sum() == pytest.approx(-(sigma + 1 + beta), abs=1e-3)
    assert res.kaplan_yorke == pytest.approx(2.06, abs=0.01)
    assert res.jacobian == "analytic" and (res.stderr > 0).all()


def test_rossler_largest_exponent():
    # Rossler (0.2, 0.2, 5.7): lambda1 = 0.0714 (Sprott 2003, table A.1).
    res = ts.lyapunov_spectrum(ts.get("Rossler"), t=3000.0, dt=0.02, k=1)
    assert res.exponents[0] == pytest.approx(0.0714, abs=0.01)
    assert np.isnan(res.kaplan_yorke)


def test_henon_spectrum(henon_map):
    # Henon (1.4, 0.3): lambda1 = 0.4192 (Sprott 2003); the sum is ln b exactly (constant Jacobian determinant).
    res = ts.lyapunov_spectrum(henon_map, n=50_000)
    assert res.exponents[0] == pytest.approx(0.4192, abs=0.005)
    assert res.exponents.sum() == pytest.approx(np.log(0.3), abs=1e-9)


def test_logistic_map_at_r4_is_ln2_with_finite_differences(logistic_map):
    res = ts.lyapunov_spectrum(logistic_map, n=100_000)
    assert res.jacobian == "finite differences"
    assert res.exponents[0] == pytest.approx(np.log(2), abs=0.01)


def test_finite_difference_jacobian_agrees_with_analytic():
    s = ts.get("Lorenz")
    analytic = ts.lyapunov_spectrum(s, t=50.0, dt=0.01)
    no_jac = ts.System(s.spec.__class__(**{**s.spec.__dict__, "jac": None}))
    fd = ts.lyapunov_spectrum(no_jac, t=50.0, dt=0.01)
    assert fd.jacobian == "finite differences"
    np.testing.assert_allclose(fd.exponents, analytic.exponents, atol=1e-4)


def test_kaplan_yorke_edge_cases():
    assert kaplan_yorke([-1.0, -2.0]) == 0.0
    assert kaplan_yorke([0.5, 0.1]) == 2.0
    assert kaplan_yorke([1.0, -2.0]) == pytest.approx(1.5)


def test_bad_input(henon_map, ou):
    with pytest.raises(InputError, match="k must be an integer in"):
        ts.lyapunov_spectrum(ts.get("Lorenz"), k=4)
    with pytest.raises(InputError, match="give n"):
        ts.lyapunov_spectrum(henon_map, t=10.0)
    with pytest.raises(InputError, match="give the averaging time t"):
        ts.lyapunov_spectrum(ts.get("Lorenz"), n=10)
    with pytest.raises(InputError, match="OU is a sde"):
        ts.lyapunov_spectrum(ou)
    with pytest.raises(InputError, match="must be a tsdyn.systems.System"):
        ts.lyapunov_spectrum("Lorenz")


def test_map_started_on_a_critical_point():
    # MaynardSmith's Jacobian [[0, 1], [-2x, a]] is singular at its default start x = 0: the QR step
    # must restart the annihilated direction instead of dividing by zero. The spectrum's sum is the
    # orbit average of ln|det J| = ln|2 x_n|.
    system = ts.get("MaynardSmith")
    res = ts.lyapunov_spectrum(system, n=20_000, transient=100)
    orbit = system.integrate(n=20_100).values[100:, 0]
    assert np.all(np.isfinite(res.exponents))
    assert res.exponents.sum() == pytest.approx(np.mean(np.log(np.abs(2 * orbit))), abs=0.02)


def test_stiff_flow_needs_adaptive_steps_and_keeps_the_divergence_identity():
    """The Oregonator (mu = 4e-4) is stiff: RK4 at period / 200 blows up, dopri5 does not, and
    the sum of its exponents equals the time average of div f = trace J along the same orbit
    (exact for any flow: d/dt ln vol = trace J)."""
    s = ts.get("Oregonator")
    with pytest.raises(IntegrationError, match='method="dopri5" if the system is stiff'):
        ts.lyapunov_spectrum(s, t=30.0, dt=s.period / 200)
    t_avg = 20.0
    res = ts.lyapunov_spectrum(s, t=t_avg, transient=0.0, method="dopri5")
    x = s.integrate(n=200_001, dt=t_avg / 200_000, method="radau").values
    eps, _, mu, q = s._p
    trace = (1 - 2 * x[:, 0] - x[:, 1]) / eps - (q + x[:, 0]) / mu - 1.0
    mean_trace = (trace.sum() - (trace[0] + trace[-1]) / 2) / (trace.size - 1)  # trapezoid rule
    assert res.exponents.sum() == pytest.approx(mean_trace, rel=1e-5)
    # A limit cycle: one zero exponent (along the orbit), the others negative.
    assert abs(res.exponents[0]) < 3 * res.stderr[0] + 0.05 and res.exponents[1] < -1.0
    # Two exponents already sum below zero: the truncated spectrum fixes the Kaplan-Yorke dimension.
    two = ts.lyapunov_spectrum(s, t=t_avg, transient=0.0, method="dopri5", k=2)
    np.testing.assert_allclose(two.exponents, res.exponents[:2], rtol=1e-6, atol=1e-9)
    assert two.kaplan_yorke == pytest.approx(res.kaplan_yorke, abs=1e-6)


@pytest.mark.parametrize("tangent", ["jacobian", "directional"])
def test_adaptive_spectrum_agrees_with_rk4_and_the_divergence(tangent):
    s = ts.get("Lorenz")
    rk4 = ts.lyapunov_spectrum(s, t=100.0, dt=0.005)
    res = ts.lyapunov_spectrum(s, t=100.0, method="dopri5", tangent=tangent, rtol=1e-8, atol=1e-10)
    assert res.jacobian == {"jacobian": "analytic", "directional": "directional differences"}[tangent]
    beta, sigma = s.params["beta"], s.params["sigma"]
    assert res.exponents.sum() == pytest.approx(-(sigma + 1 + beta), abs=1e-5)
    # Same orbit, different integrators: chaos decorrelates them, so agreement is statistical.
    assert (np.abs(res.exponents - rk4.exponents) < 4 * np.hypot(res.stderr, rk4.stderr) + 0.02).all()


@pytest.mark.slow
def test_kuramoto_sivashinsky_leading_exponent():
    """L = 22: lambda1 ~ 0.043-0.048 in the literature (Cvitanovic, Davidchack & Siminos 2010,
    SIAM J. Appl. Dyn. Syst. 9, 1-33; Ding et al. 2016, PRL 117, 024101; both spectral). Our
    64-point central differences shift it a little; dopri5 takes the stiff u_xxxx (RK4 at the
    catalog's period / 200 blows up within steps)."""
    s = ts.get("KuramotoSivashinsky")
    res = ts.lyapunov_spectrum(s, t=1000.0, transient=50.0, k=1, method="dopri5", tangent="directional")
    assert 0.03 < res.exponents[0] < 0.07 and res.stderr[0] < 0.01
    # Another grid (N = 48 points, same L): still chaotic.
    res48 = ts.lyapunov_spectrum(ts.get("KuramotoSivashinsky", N=48), t=600.0, transient=100.0, k=1,
                                 method="dopri5", tangent="directional")  # fmt: skip
    assert res48.exponents[0] > 3 * res48.stderr[0] > 0


def test_adaptive_bad_input_and_failures():
    s = ts.get("Lorenz")
    with pytest.raises(InputError, match="method must be one of"):
        ts.lyapunov_spectrum(s, method="euler")
    with pytest.raises(InputError, match="tangent must be one of"):
        ts.lyapunov_spectrum(s, method="dopri5", tangent="adjoint")
    with pytest.raises(InputError, match='tangent="directional" needs method="dopri5"'):
        ts.lyapunov_spectrum(s, tangent="directional")
    with pytest.raises(InputError, match="rtol must be a finite number > 0"):
        ts.lyapunov_spectrum(s, t=1.0, method="dopri5", rtol=0.0)
    with pytest.raises(IntegrationError, match="max_steps=50 steps were not enough"):
        ts.lyapunov_spectrum(s, t=10.0, method="dopri5", max_steps=50)


def _linear_delay(t, y, y_delayed, p, out):
    out[0] = -p[0] * y_delayed[0]


@pytest.mark.parametrize("a", [0.2, 1.0])
def test_delay_equation_exponent_is_the_rightmost_characteristic_root(a):
    # y' = -a y(t - 1): the roots of s + a exp(-s) = 0 are W_k(-a); the rightmost is the
    # principal branch, real for a < 1/e and a complex pair beyond (oscillating decay).
    from scipy.special import lambertw

    s = ts.define(_linear_delay, kind="delay", params={"a": a}, ic=[1.0], delay_time=1.0)
    res = ts.lyapunov_spectrum(s, t=200.0)
    assert res.exponents.shape == (1,) and res.jacobian == "two trajectories"
    assert res.exponents[0] == pytest.approx(lambertw(-a, 0).real, rel=0.02)
    assert res.kaplan_yorke == 0.0  # a stable state: no chaotic dimension


def test_mackey_glass_exponent():
    # tau = 2: the state settles on x* = 1, where the linearised equation
    # y' = -gamma y + beta f'(1) y(t - tau), f'(1) = (2 - n) / 4, decays at the rate of its
    # rightmost root s = -gamma + W0(beta f'(1) tau exp(gamma tau)) / tau.
    from scipy.special import lambertw

    beta, gamma, n, tau = 0.2, 0.1, 10.0, 2.0
    settled = ts.lyapunov_spectrum(ts.get("MackeyGlass", delay_time=tau), t=300.0)
    root = -gamma + lambertw(beta * (2 - n) / 4 * tau * np.exp(gamma * tau), 0).real / tau
    assert settled.exponents[0] == pytest.approx(root, rel=0.02)
    # tau = 17: chaotic, with a largest exponent of about 0.007 (Farmer 1982, Physica D 4, 366).
    chaotic = ts.lyapunov_spectrum(ts.get("MackeyGlass", delay_time=17.0), t=3000.0)
    assert chaotic.exponents[0] > 3 * chaotic.stderr[0]
    assert 0.003 < chaotic.exponents[0] < 0.012
    assert np.isnan(chaotic.kaplan_yorke)


def test_delay_exponent_is_linear_growth_not_integration_noise():
    # The two trajectories' distance must be far above their integration errors: at the former
    # 1e-8 and tolerances 1e-10 the noise inflated every delay equation's exponent (IkedaDelay
    # 0.736, VossDelay 0.031; a fixed-step tangent run, tools/check_delay_lyapunov.py, gives
    # 0.45 and 0.0174). VossDelay over 300 delays: 0.017 +- 0.001 now, 0.030 before.
    s = ts.get("VossDelay")
    res = ts.lyapunov_spectrum(s, t=300 * s.delay_time, transient=20 * s.delay_time, blocks=10)
    assert res.exponents[0] == pytest.approx(0.0174, abs=max(0.003, 3 * res.stderr[0]))


def test_delay_exponent_from_a_history():
    # tau = 2: from any history near x* = 1 the exponent is the rightmost characteristic root
    from scipy.special import lambertw

    beta, gamma, n, tau = 0.2, 0.1, 10.0, 2.0
    mg = ts.get("MackeyGlass", delay_time=tau)
    root = -gamma + lambertw(beta * (2 - n) / 4 * tau * np.exp(gamma * tau), 0).real / tau
    res = ts.lyapunov_spectrum(mg, history=lambda t: [1.0 + 0.01 * np.cos(3.0 * t)], t=100.0, transient=10.0)
    assert res.exponents[0] == pytest.approx(root, rel=0.02)
    assert res.time == pytest.approx(100.0)  # whole delays: 50 of them, the transient apart
    with pytest.raises(InputError, match="must equal the initial condition"):
        ts.lyapunov_spectrum(mg, history=lambda t: [1.0], ic=[0.5], t=10.0)
    with pytest.raises(InputError, match="must be a callable"):
        ts.lyapunov_spectrum(mg, history=[1.0], t=10.0)
    with pytest.raises(InputError, match="delay equations only"):
        ts.lyapunov_spectrum(ts.get("Lorenz"), history=lambda t: [1.0, 1.0, 1.0], t=1.0)


def test_delay_equation_bad_requests():
    mg = ts.get("MackeyGlass")
    with pytest.raises(InputError, match="only its largest exponent"):
        ts.lyapunov_spectrum(mg, k=2)
    with pytest.raises(InputError, match="only its largest exponent"):
        ts.lyapunov_spectrum(mg, method="dopri5")
    with pytest.raises(InputError, match="t must be a finite number > 0"):
        ts.lyapunov_spectrum(mg, t=-1.0)


def test_discontinuous_flow_exponent_from_two_trajectories():
    # The pair's rule on a smooth flow (Lorenz marked discontinuous) reproduces the published
    # lambda1 0.9056 (Sprott 2003), as the tangent equations do.
    import dataclasses

    from tsdyn.systems.system import System

    lorenz = ts.get("Lorenz")
    marked = System(dataclasses.replace(lorenz.spec, extra={**lorenz.spec.extra, "discontinuous": True}))
    res = ts.lyapunov_spectrum(marked, t=300.0)
    assert res.jacobian == "two trajectories" and res.exponents.shape == (1,)
    assert float(res.exponents[0]) == pytest.approx(0.9056, rel=0.05) and float(res.stderr[0]) < 0.05
    # SprottMore's sign(z) y: the jump shears tangent vectors at every crossing of z = 0 (the
    # saltation the Jacobian misses: the tangent equations gave 4.7e-5); the pair sees the chaos
    more = ts.get("SprottMore")
    assert more.spec.extra["discontinuous"]
    assert float(ts.lyapunov_spectrum(more, t=2000.0).exponents[0]) == pytest.approx(0.232, rel=0.1)
    with pytest.raises(InputError, match="right-hand side jumps: only its largest exponent"):
        ts.lyapunov_spectrum(more, k=2)
    with pytest.raises(InputError, match="no n, method or history"):
        ts.lyapunov_spectrum(more, method="dopri5")
    for bad, message in [
        ({"t": -1.0}, "t must be a finite number > 0"),
        ({"dt": 0.0}, "dt must be a finite number > 0"),
        ({"transient": -1.0}, "transient must be a finite number >= 0"),
        ({"blocks": 1}, "blocks must be an integer >= 2"),
        ({"ic": [1.0, 2.0]}, "ic of SprottMore must have 3 values"),
    ]:
        with pytest.raises(InputError, match=message):
            ts.lyapunov_spectrum(more, **bad)


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("Lorenz", {"rtol": 1e-9}, "rtol=1e-09 does not apply to fixed-step RK4"),
        ("Lorenz", {"max_steps": 10}, "max_steps=10 does not apply to fixed-step RK4"),
        ("Lorenz", {"method": "dopri5", "renorm": 3}, 'renorm=3 does not apply to "dopri5"'),
        ("Henon", {"method": "dopri5"}, "method='dopri5' does not apply to a map's iterated tangents"),
        ("Henon", {"renorm": 2, "atol": 1e-3}, "renorm=2, atol=0.001 do not apply to a map's"),
        ("MackeyGlass", {"rtol": 1e-3}, "rtol=0.001 does not apply to a delay equation's two trajectories"),
        ("MackeyGlass", {"tangent": "jacobian"}, "tangent='jacobian' does not apply to a delay"),
        ("SprottMore", {"renorm": 5}, "renorm=5 does not apply to SprottMore's two trajectories"),
        ("SprottMore", {"max_steps": 5}, "max_steps=5 does not apply to SprottMore's two"),
    ],
)
def test_options_a_procedure_ignores_are_refused(name, options, message):
    # each kind of system has its own procedure; an option it would ignore is an error, not a no-op
    with pytest.raises(InputError, match=message):
        ts.lyapunov_spectrum(ts.get(name), **options)


def test_too_short_a_run_is_refused_not_lengthened():
    # t = 1e-6 ran 10 steps and reported exponents with small errors; renorm * dt beyond t gave
    # errors equal to the exponents
    lorenz = ts.get("Lorenz")
    with pytest.raises(InputError, match=r"t=1e-06 holds 0 steps of dt=0.01: 10 blocks .* \(t >= 0.1\)"):
        ts.lyapunov_spectrum(lorenz, t=1e-6, dt=0.01)
    with pytest.raises(InputError, match="renorm=1000 steps need at least 10000"):
        ts.lyapunov_spectrum(lorenz, t=1.0, dt=0.01, renorm=1000)
    with pytest.raises(InputError, match="t=10 holds 2 steps of dt=6.62096: 10 blocks"):
        ts.lyapunov_spectrum(ts.get("SprottMore"), t=10.0)


def test_discontinuous_pair_takes_the_solver_tolerances():
    more = ts.get("SprottMore")
    with pytest.raises(InputError, match="rtol must be a finite number > 0"):
        ts.lyapunov_spectrum(more, t=10.0, rtol=0.0)
    # the tolerances reach the solver: a loose one moves the pair's finite-time growth
    # three periods (renormalisation intervals) in three blocks: t is no longer lengthened to ten
    default = ts.lyapunov_spectrum(more, t=20.0, transient=5.0, blocks=3).exponents[0]
    loose = ts.lyapunov_spectrum(more, t=20.0, transient=5.0, blocks=3, rtol=1e-3, atol=1e-3).exponents[0]
    assert abs(loose - default) > 1e-6
