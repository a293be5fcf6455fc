"""Odd inputs to the whole-series early-warning methods: an InputError or a documented answer."""

import warnings

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import tsdyn.ews as E
from tsdyn.errors import InputError


@pytest.fixture(scope="module")
def ar1():
    # an AR(1) whose coefficient rises 0.1 -> 0.95: critical slowing down
    rng = np.random.default_rng(0)
    phi = np.linspace(0.1, 0.95, 1000)
    x = np.zeros(1000)
    for i in range(1, x.size):
        x[i] = phi[i] * x[i - 1] + rng.normal()
    return x


@pytest.mark.parametrize(
    ("index", "match"),
    [(np.arange(1000)[::-1], "not increasing"), (np.repeat(np.arange(500), 2), "duplicated time value")],
)
def test_whole_series_methods_read_the_samples_in_time_order(ar1, index, match):
    # a descending index gave ddj negative variances, a repeated one inf and NaN
    s = pd.Series(ar1, index=index)
    for method in (E.ddj_nonparametric, E.conditional_heteroskedasticity, E.potential_analysis):
        with pytest.raises(InputError, match=match):
            method(s)


def test_ddj_at_extreme_grids_and_bandwidths(ar1):
    # n_levels 2 and 3 divided by zero in the padded grid, a bandwidth of 0.001 crashed numba
    assert E.ddj_nonparametric(ar1, n_levels=2).by_level.sizes["level"] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        thin = E.ddj_nonparametric(ar1, bandwidth=0.001).by_level
    # levels with no state within ~37 bandwidths have no moments (documented), the others do
    assert 0 < int(thin.total_variance.isnull().sum()) < thin.sizes["level"]
    assert float(E.ddj_nonparametric(ar1, bandwidth=0.01).by_level.conditional_variance.min()) >= 0


def test_bds_test_says_what_is_wrong(ar1):
    with pytest.raises(InputError, match="m must be an integer >= 2, got 0"):
        E.bds_test(ar1, m=0)
    with pytest.raises(InputError, match=r"epsilon must be positive.*got \[-1.0\]"):
        E.bds_test(ar1, epsilon=[-1])
    with pytest.raises(InputError, match="x is constant"):
        E.bds_test(np.full(100, 2.0))
    # GARCH is fitted without a mean (R's tseries): far from 0 its residuals do not vary
    with pytest.raises(InputError, match="garch residuals of x have a spread of .* subtract the mean"):
        E.bds_test(ar1 + 1e9, n_boot=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        wide = E.bds_test(ar1, epsilon=[100.0], n_boot=0)  # every pair close: NaN, documented
    assert wide.statistic.isnull().all()


def test_conditional_heteroskedasticity_constant_input(ar1):
    with pytest.raises(InputError, match="x is constant"):
        E.conditional_heteroskedasticity(np.full(200, 3.0))
    x = np.r_[ar1[:300], np.full(300, 1.0), ar1[300:600]]
    ds = E.conditional_heteroskedasticity(x, window=50)
    flat = ds.r_squared.isnull() & ds.critical_value.notnull()
    assert flat.any() and ds.significant[flat].isnull().all()  # no R^2: no test either


def test_odd_parameters_are_refused(ar1):
    with pytest.raises(InputError, match="span 3 covers 3 of 1000 samples; lowess needs at least 4"):
        E.detrend(ar1, method="lowess", span=3)
    driver = np.arange(1000.0)
    driver[3] = np.inf
    with pytest.raises(InputError, match="param has an infinite value at sample 3"):
        E.moving_potential(ar1, param=driver)
    # numpy's (time, k) array: the trend of each 2-point row was +-1
    with pytest.raises(InputError, match="pass x.T"):
        E.kendall_trend(np.stack([ar1, ar1]).T)


def test_constant_inputs_are_named_where_they_are(ar1):
    two = xr.DataArray(np.stack([ar1, np.ones(1000)]), dims=("variable", "time"))
    with pytest.raises(InputError, match="constant .1. in series variable index 1"):
        E.analyze_multivariate(two)
    with pytest.raises(InputError, match="over its 1 sample.s. before the transition"):
        E.analyze(ar1, transition=0)
