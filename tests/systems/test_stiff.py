"""The stiff solver (RODAS4) against scipy's Radau on textbook stiff problems and the explicit solver on KS."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import tsdyn.systems as ts
from tsdyn.errors import InputError


def van_der_pol(t, y, p, out):
    out[0] = y[1]
    out[1] = p[0] * ((1.0 - y[0] * y[0]) * y[1]) - y[0]


def van_der_pol_jac(t, y, p, out):
    out[0, 0] = 0.0
    out[0, 1] = 1.0
    out[1, 0] = -2.0 * p[0] * y[0] * y[1] - 1.0
    out[1, 1] = p[0] * (1.0 - y[0] * y[0])


def robertson(t, y, p, out):
    out[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
    out[2] = 3e7 * y[1] * y[1]
    out[1] = -out[0] - out[2]


def robertson_jac(t, y, p, out):
    out[0, 0] = -0.04
    out[0, 1] = 1e4 * y[2]
    out[0, 2] = 1e4 * y[1]
    out[2, 0] = 0.0
    out[2, 1] = 6e7 * y[1]
    out[2, 2] = 0.0
    for j in range(3):
        out[1, j] = -out[0, j] - out[2, j]


def forced(t, y, p, out):
    out[0] = -p[0] * (y[0] - np.cos(t))


def forced_jac(t, y, p, out):
    out[0, 0] = -p[0]


def _radau(fun, jac, y0, p, ts):
    def rhs(t, y):
        out = np.empty(y.size)
        fun(t, y, p, out)
        return out

    def jacobian(t, y):
        out = np.empty((y.size, y.size))
        jac(t, y, p, out)
        return out

    res = solve_ivp(rhs, (ts[0], ts[-1]), y0, method="Radau", t_eval=ts, jac=jacobian, rtol=1e-10, atol=1e-12)
    assert res.success
    return res.y.T


def test_van_der_pol_mu_1000_matches_radau():
    """mu = 1000: relaxation oscillations with jumps of width ~1/mu (stiffness ratio ~1e6)."""
    system = ts.define(van_der_pol, jac=van_der_pol_jac, params={"mu": 1000.0}, ic=[2.0, 0.0], name="VdP1000")
    times = np.linspace(0.0, 2000.0, 41)  # over one period (~1614) and into the next slow branch
    x = system.integrate(n=times.size, dt=50.0, method="rodas4", rtol=1e-8, atol=1e-10)
    assert x.attrs["integrator"] == "rodas4" and x.attrs["method"] == "rodas4"
    ref = _radau(van_der_pol, van_der_pol_jac, np.array([2.0, 0.0]), np.array([1000.0]), times)
    # position to 1e-5 everywhere; the velocity is O(1e3) on the jumps and O(1e-3) elsewhere: compare to its scale
    np.testing.assert_allclose(x.values[:, 0], ref[:, 0], atol=1e-5)
    np.testing.assert_allclose(x.values[:, 1], ref[:, 1], atol=1e-5 * np.abs(ref[:, 1]).max())


def test_robertson_matches_radau_and_conserves_mass():
    system = ts.define(robertson, jac=robertson_jac, params={}, ic=[1.0, 0.0, 0.0], name="Robertson")
    x = system.integrate(n=41, dt=1000.0, method="rodas4", rtol=1e-8, atol=1e-12)
    ref = _radau(robertson, robertson_jac, np.array([1.0, 0.0, 0.0]), np.zeros(0), x["time"].values)
    np.testing.assert_allclose(x.values[:, [0, 2]], ref[:, [0, 2]], rtol=1e-6)
    # y2 ~ 1e-7..1e-6: to a few atol (1e-12) of the run, the cubic interpolant between steps included
    np.testing.assert_allclose(x.values[:, 1], ref[:, 1], rtol=0, atol=1e-11)
    # every stage is a linear combination of f and J, whose columns sum to zero: mass is kept to rounding
    np.testing.assert_allclose(x.values.sum(axis=1), 1.0, atol=1e-13)


def test_a_time_dependent_right_hand_side_keeps_its_accuracy():
    """y' = -k (y - cos t), k = 1e4: the slow solution y = cos t + sin t / k + O(1/k^2) needs d f / d t."""
    system = ts.define(forced, jac=forced_jac, params={"k": 1e4}, ic=[1.0], name="Forced")
    x = system.integrate(n=21, dt=0.5, method="rodas4", rtol=1e-9, atol=1e-12)
    t = x["time"].values
    k = 1e4
    exact = (k * k * np.cos(t) + k * np.sin(t)) / (k * k + 1) + np.exp(-k * t) / (k * k + 1)
    np.testing.assert_allclose(x.values[:, 0], exact, atol=1e-8)


def test_kuramoto_sivashinsky_matches_the_explicit_solver():
    """KS on 64 points (spectral radius ~1 100): the two solvers agree over 30 time units (< one Lyapunov time)."""
    ks = ts.get("KuramotoSivashinsky")
    stiff = ks.integrate(n=31, dt=1.0, method="rodas4", rtol=1e-9, atol=1e-9)
    explicit = ks.integrate(n=31, dt=1.0, method="dop853", rtol=1e-11, atol=1e-11)
    assert explicit.attrs["integrator"] == "dop853"
    scale = np.abs(explicit.values).max()
    assert np.abs(stiff.values - explicit.values).max() < 1e-6 * scale


def test_default_method_is_unchanged():
    x = ts.get("Lorenz").integrate(n=10, dt=0.01)
    assert x.attrs["integrator"] == "dop853" and x.attrs["method"] == "auto"


def test_rodas4_needs_a_jacobian():
    plain = ts.define(forced, params={"k": 1.0}, ic=[1.0], name="NoJac")
    with pytest.raises(InputError, match="analytic Jacobian"):
        plain.integrate(n=5, dt=0.1, method="rodas4")


def fractional(t, y, p, out):
    out[0] = -(y[0] ** 1.5) + p[0] * np.sin(t)  # NaN for a negative state


def fractional_jac(t, y, p, out):
    out[0, 0] = -1.5 * y[0] ** 0.5


@pytest.mark.parametrize("method", ["dop853", "rodas4"])
def test_a_start_with_a_non_finite_derivative_is_rejected_not_integrated(method):
    """ic_spread puts some starts below zero, where y ** 1.5 is NaN: those are refused at once (DOP853's
    first-step estimate turned NaN and its kernel never returned)."""
    system = ts.define(fractional, jac=fractional_jac, params={"a": 0.1}, ic=[0.0], name="Fractional")
    x, report = system.validated_ensemble(
        8, n=20, dt=0.1, ic_spread=0.1, seed=3, checks=("bounded",), method=method, max_tries=40
    )
    refused = report[report["detail"] == "non-finite derivative at the initial condition"]
    assert (
        len(refused) > 0 and (refused["ic_x0"] < 0).all()
    )  # the state column (spread_ic is the spread level)
    assert (report.loc[report["accepted"], "ic_x0"] >= 0).all() and x.attrs["integrator"] == method
