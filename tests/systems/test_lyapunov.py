"""Lyapunov spectra against literature values and exact identities."""

import numpy as np
import pytest

import tsdyn.systems as ts
from tsdyn.errors import InputError
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
