"""Automatic S-map nonlinearity (theta="auto") of the dynamic eigenvalue."""

import numpy as np
import pytest

from tsdyn.errors import InputError
from tsdyn.ews.multivariate import SMAP_THETAS, multivariate_rows, rolling_multivariate, smap_theta


def _var1(n=800, seed=0):
    rng = np.random.default_rng(seed)
    a = np.array([[0.8, 0.1], [-0.2, 0.7]])
    x = np.zeros((2, n))
    for t in range(n - 1):
        x[:, t + 1] = a @ x[:, t] + rng.standard_normal(2)
    return x


def _henon(n=800, noise=0.01, seed=1):
    x = np.zeros((2, n))
    x[:, 0] = 0.1
    for t in range(n - 1):
        x[0, t + 1] = 1 - 1.4 * x[0, t] ** 2 + x[1, t]
        x[1, t + 1] = 0.3 * x[0, t]
    return x + noise * np.random.default_rng(seed).standard_normal(x.shape)


def test_leave_one_out_error_is_the_weighted_least_squares_forecast():
    # the expanded sums give the same forecasts as an explicit weighted fit without the target
    x = _var1(300)
    z = ((x - x.mean(axis=1, keepdims=True)) / x.std(axis=1)[:, None]).T
    lib_x, lib_y = z[:-1], z[1:]
    targets = np.unique(np.linspace(0, len(lib_x) - 1, 12).round().astype(int))
    for theta in (0.0, 0.5, 3.0):
        errors = []
        for i in targets:
            d = np.sqrt(((lib_x - lib_x[i]) ** 2).sum(axis=1))
            w = np.exp(-theta * d / (d.sum() / (len(lib_x) - 1)))
            w[i] = 0.0
            design = np.c_[np.ones(len(lib_x)), lib_x - lib_x[i]] * np.sqrt(w)[:, None]
            coef = np.linalg.lstsq(design, lib_y * np.sqrt(w)[:, None], rcond=None)[0]
            errors.append(np.mean((coef[0] - lib_y[i]) ** 2))
        got = smap_theta(x, thetas=[theta], targets=12).error[0]
        assert got == pytest.approx(np.mean(errors), rel=1e-9)


def test_a_linear_system_keeps_theta_near_zero_and_a_nonlinear_map_raises_it():
    linear = smap_theta(_var1())
    assert linear.theta <= 0.1
    assert linear.thetas.tolist() == list(SMAP_THETAS) and linear.error.shape == (len(SMAP_THETAS),)
    henon = smap_theta(_henon())
    assert henon.theta >= 2
    # and the nonlinear fit forecasts the map far better than the linear one
    assert henon.error.min() < 0.1 * henon.error[0]


def test_auto_is_the_chosen_theta_of_the_series():
    x = _henon(400)
    chosen = smap_theta(x).theta
    auto = multivariate_rows(x, window=100, indicators=["dynamic_eigenvalue"], theta="auto", step=25)
    fixed = multivariate_rows(x, window=100, indicators=["dynamic_eigenvalue"], theta=chosen, step=25)
    np.testing.assert_array_equal(auto["dynamic_eigenvalue"], fixed["dynamic_eigenvalue"])
    out = rolling_multivariate(x, window=100, indicators=["dynamic_eigenvalue"], theta="auto", step=25)
    np.testing.assert_array_equal(out[0], auto["dynamic_eigenvalue"])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: smap_theta(np.zeros((1, 50))), "at least 2 variables"),
        (
            lambda: smap_theta(np.r_[[np.arange(50.0)], [np.full(50, np.nan)]]),
            "variable 1 is nan at sample 0",
        ),
        (lambda: smap_theta(_var1(100), thetas=[]), "thetas is empty"),
        (lambda: smap_theta(_var1(100), thetas=[-1.0]), "theta"),
        (lambda: rolling_multivariate(_var1(100), window=50, theta="best"), "theta"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_constant_series_has_no_skill_to_choose_by():
    # every candidate would score an error of 0 and theta = 0 would look like a choice
    with pytest.raises(InputError, match="every variable is constant"):
        smap_theta(np.ones((2, 300)))
