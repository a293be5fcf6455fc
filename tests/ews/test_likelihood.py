"""OU / LSN likelihoods against analytic transition densities, an ODE solver and OLS."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy.integrate import solve_ivp

from tsdyn.errors import InputError
from tsdyn.ews import _model_kernels as mk
from tsdyn.ews.likelihood import bootstrap_lr, fit_lsn, fit_ou, likelihood_ratio


def simulate_ou(rng, t, rate, theta, sigma):
    """Exact OU draws on arbitrary times (the analytic transition density)."""
    x = np.empty(t.size)
    x[0] = theta
    for i in range(t.size - 1):
        a = np.exp(-rate * (t[i + 1] - t[i]))
        x[i + 1] = (
            theta + a * (x[i] - theta) + sigma * np.sqrt((1 - a * a) / (2 * rate)) * rng.standard_normal()
        )
    return x


def simulate_lsn_em(rng, n, r0, m, theta, sigma, dt=0.01, every=100):
    """Euler-Maruyama of the linearized saddle-node SDE, sampled every ``every`` steps (Δ = 1)."""
    x = np.empty(n)
    y = theta + np.sqrt(r0)
    x[0] = y
    z = rng.standard_normal((n - 1) * every) * np.sqrt(dt)
    for j in range((n - 1) * every):
        s = np.sqrt(r0 + m * j * dt)
        y += -2 * s * (y - theta - s) * dt + sigma * z[j]
        if (j + 1) % every == 0:
            x[(j + 1) // every] = y
    return x


def test_lsn_coefficients_match_an_ode_solver():
    t = np.array([0.0, 0.7, 1.5, 3.0])
    r0, m = 1.2, -0.3
    phi, g, v = np.empty(3), np.empty(3), np.empty(3)
    mk.lsn_coefficients(t, r0, m, 32, phi, g, v)

    def rhs(tt, y):  # mean from F0 = 1 and F0 = 0, variance per unit sigma^2 (Itô)
        s = np.sqrt(r0 + m * tt)
        return [-2 * s * (y[0] - s), -2 * s * (y[1] - s), -4 * s * y[2] + 1]

    for i in range(3):
        y = solve_ivp(rhs, (t[i], t[i + 1]), [1.0, 0.0, 0.0], rtol=1e-12, atol=1e-14).y[:, -1]
        np.testing.assert_allclose([phi[i], g[i], v[i]], [y[0] - y[1], y[1], y[2]], rtol=2e-4)


def test_lsn_with_m_zero_is_the_ou_process():
    t = np.array([0.0, 0.5, 2.0, 2.1])
    r0 = 0.36
    lsn = [np.empty(3) for _ in range(3)]
    ou = [np.empty(3) for _ in range(3)]
    mk.lsn_coefficients(t, r0, 0.0, 1, *lsn)
    mk.ou_coefficients(t, 2 * np.sqrt(r0), *ou)
    np.testing.assert_allclose(lsn[0], ou[0], rtol=1e-14)
    np.testing.assert_allclose(lsn[2], ou[2], rtol=1e-13)
    # g is the shift of the mean: theta_OU = theta_LSN + sqrt(r0)
    np.testing.assert_allclose(lsn[1], np.sqrt(r0) * (1 - ou[0]), rtol=1e-13)


def test_ou_fit_on_regular_samples_is_the_ols_solution():
    rng = np.random.default_rng(4)
    x = simulate_ou(rng, np.arange(300.0), 0.3, 1.0, 0.5)
    a, b = np.polyfit(x[:-1], x[1:], 1)
    resid = x[1:] - (a * x[:-1] + b)
    rate = -np.log(a)
    fit = fit_ou(x)
    assert fit.rate == pytest.approx(rate, rel=1e-7)
    assert fit.theta == pytest.approx(b / (1 - a), rel=1e-7)
    assert fit.sigma == pytest.approx(np.sqrt(2 * rate * resid.var() / (1 - a * a)), rel=1e-7)
    n = x.size - 1
    assert fit.loglik == pytest.approx(-n / 2 * (np.log(2 * np.pi * resid.var()) + 1), rel=1e-9)


def test_ou_fit_recovers_known_parameters_with_irregular_sampling():
    rng = np.random.default_rng(1)
    t = np.cumsum(rng.uniform(0.2, 1.0, 20_000))
    x = simulate_ou(rng, t - t[0], 0.5, 2.0, 0.3)
    fit = fit_ou(xr.DataArray(x, dims="time", coords={"time": t}))
    # standard errors at this length: rate ~ 2 %, theta ~ 0.3 %, sigma ~ 0.5 %
    assert float(fit.rate) == pytest.approx(0.5, rel=0.06)
    assert float(fit.theta) == pytest.approx(2.0, abs=0.02)
    assert float(fit.sigma) == pytest.approx(0.3, rel=0.02)
    assert fit.attrs["model"] == "OU"


def test_lsn_fit_recovers_a_ramp_towards_the_bifurcation():
    rng = np.random.default_rng(2)
    x = simulate_lsn_em(rng, 600, r0=1.0, m=-0.0015, theta=0.0, sigma=0.2)
    fit = fit_lsn(x)
    assert fit.m < 0
    assert fit.r0 + fit.m * 599 == pytest.approx(0.1, abs=0.08)
    assert fit.sigma == pytest.approx(0.2, rel=0.1)
    assert likelihood_ratio(x) > 10


def test_likelihood_ratio_is_nonnegative_and_near_chi2_under_the_null():
    rng = np.random.default_rng(3)
    lrs = [likelihood_ratio(simulate_ou(rng, np.arange(200.0), 0.4, 0.0, 1.0)) for _ in range(30)]
    assert min(lrs) >= 0
    # one extra parameter: chi^2_1 has mean 1 (the sample mean of 30 has sd ~0.26)
    assert 0.3 < np.mean(lrs) < 2.0


def test_bootstrap_separates_the_models_on_a_ramp():
    rng = np.random.default_rng(5)
    x = simulate_lsn_em(rng, 200, r0=1.0, m=-0.0045, theta=0.0, sigma=0.2, dt=0.05, every=20)
    res = bootstrap_lr(x, n_boot=19, seed=1)
    assert res.p_value == pytest.approx(0.05)
    assert res.auc > 0.9
    again = bootstrap_lr(x, n_boot=19, seed=1)
    np.testing.assert_array_equal(res.lr_alt, again.lr_alt)


def test_xarray_members_and_datetime_time():
    rng = np.random.default_rng(6)
    x = np.stack([simulate_ou(rng, np.arange(100.0), 0.5, 0.0, 1.0) for _ in range(2)])
    time = pd.date_range("2000-01-01", periods=100, freq="2D")
    da = xr.DataArray(x, dims=("member", "time"), coords={"time": time})
    fit = fit_ou(da)
    assert fit["rate"].dims == ("member",) and fit.attrs["time_unit"] == "day"
    # two days per sample: the rate per day is half the rate per sample
    np.testing.assert_allclose(fit["rate"].values * 2, [fit_ou(row).rate for row in x], rtol=1e-6)
    boot = bootstrap_lr(da, n_boot=3, seed=0)
    assert boot["lr_null"].dims == ("member", "replicate")


@pytest.mark.parametrize(
    ("x", "kwargs", "match"),
    [
        (np.ones(50), {}, "constant"),
        (np.arange(5.0), {}, "too short"),
        (np.r_[np.arange(20.0), np.nan], {}, "NaN"),
        (np.arange(20.0), {"n_sub": 0}, "n_sub"),
    ],
)
def test_bad_input(x, kwargs, match):
    with pytest.raises(InputError, match=match):
        fit_lsn(x, **kwargs)


def test_bad_bootstrap_size():
    with pytest.raises(InputError, match="n_boot"):
        bootstrap_lr(np.arange(20.0), n_boot=0)


def test_bootstrap_on_dask_input_does_not_depend_on_chunks():
    pytest.importorskip("dask")
    rng = np.random.default_rng(7)
    da = xr.DataArray(rng.standard_normal((4, 40)), dims=("member", "time"))
    eager = bootstrap_lr(da, n_boot=2, seed=3)
    lazy = bootstrap_lr(da.chunk({"member": 1}), n_boot=2, seed=3)
    assert lazy["lr_null"].chunks is not None  # stays lazy: each series' seed follows its position
    np.testing.assert_array_equal(eager["lr_null"].values, lazy["lr_null"].values)
