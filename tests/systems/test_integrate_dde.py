"""Delay equations by the method of steps against exact piecewise solutions and scipy."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import tsdyn.systems as ts
from tsdyn.errors import InputError

from .conftest import delayed_decay


def exact_delayed_decay(t):
    # y' = -y(t - 1), y = 1 on [-1, 0]: polynomial pieces sum_k (-(t - k + 1))^k / k! for k <= ceil(t).
    out = np.zeros_like(t)
    for k in range(int(np.ceil(t.max())) + 1):
        piece = np.where(t >= k - 1, (-(t - k + 1)) ** k / np.prod(np.arange(1, k + 1)), 0.0)
        out += piece
    return out


def test_constant_history_matches_the_method_of_steps_exactly():
    s = ts.define(delayed_decay, kind="delay", delay=1.0, params={"a": 1.0}, ic=[1.0], name="DelayedDecay")
    x = s.integrate(n=41, dt=0.1, rtol=1e-11, atol=1e-12)
    np.testing.assert_allclose(x[:, 0], exact_delayed_decay(x.time.values), atol=1e-8)
    assert x.attrs["integrator"] == "dopri5 method of steps"


def test_history_function_on_first_interval():
    # With history y(t) = cos(t) on [-1, 0], y' = -cos(t - 1) on [0, 1]: y = 1 - sin(t - 1) - sin(1).
    s = ts.define(delayed_decay, kind="delay", delay=1.0, params={"a": 1.0}, ic=[1.0], name="DelayedDecay")
    x = s.integrate(n=11, dt=0.1, history=lambda t: [np.cos(t)], rtol=1e-11, atol=1e-12)
    t = x.time.values
    np.testing.assert_allclose(x[:, 0], 1 - np.sin(t - 1) - np.sin(1), atol=1e-7)


def test_mackey_glass_first_delay_interval_matches_scipy(mackey):
    # On [0, tau] the delayed state is the constant history, so the DDE is an ODE scipy can solve.
    x = mackey.integrate(n=18, dt=1.0, rtol=1e-11, atol=1e-12)
    hist = 1.2
    ref = solve_ivp(
        lambda t, y: [0.2 * hist / (1 + hist**10) - 0.1 * y[0]], (0, 17), [1.2], t_eval=x.time.values,
        rtol=1e-12, atol=1e-12,
    )  # fmt: skip
    np.testing.assert_allclose(x[:, 0], ref.y[0], atol=1e-9)


def test_mackey_glass_long_run_stays_on_its_attractor(mackey):
    x = mackey.integrate(n=2000, dt=0.5, transient=200.0)
    assert float(x.min()) > 0.2 and float(x.max()) < 1.5 and float(x.std()) > 0.1


def test_bad_history(mackey):
    with pytest.raises(InputError, match="must equal the initial condition"):
        mackey.integrate(n=5, dt=1.0, history=lambda t: [0.5])
    with pytest.raises(InputError, match="history is for delay equations"):
        ts.get("Lorenz").integrate(n=5, dt=0.1, history=lambda t: [0, 0, 0])
    with pytest.raises(InputError, match="needs its delay time"):
        ts.define(delayed_decay, kind="delay", params={"a": 1.0}, ic=[1.0])
