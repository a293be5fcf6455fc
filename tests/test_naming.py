"""attrs["tsdyn_function"] is the qualified public name, derived from the function object."""

import inspect

import numpy as np
import pytest
import xarray as xr

import tsdyn
from tsdyn._naming import public_name


@pytest.mark.parametrize("engine", ["ordinal", "ews", "chaos"])
def test_every_exported_function_is_named_by_its_engine(engine):
    package = getattr(tsdyn, engine)
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.isfunction(obj):
            assert public_name(obj) == f"tsdyn.{engine}.{name}"


def test_a_module_that_is_its_own_package_keeps_its_name():
    from tsdyn.surrogates import surrogates

    assert public_name(surrogates) == "tsdyn.surrogates.surrogates"


@pytest.fixture
def series():
    rng = np.random.default_rng(0)
    return xr.DataArray(rng.standard_normal(300), dims="time")


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda x: tsdyn.ordinal.permutation_entropy(x), "tsdyn.ordinal.permutation_entropy"),
        (
            lambda x: tsdyn.ordinal.weighted_permutation_entropy(x),
            "tsdyn.ordinal.weighted_permutation_entropy",
        ),
        (
            lambda x: tsdyn.ordinal.amplitude_aware_permutation_entropy(x),
            "tsdyn.ordinal.amplitude_aware_permutation_entropy",
        ),
        (lambda x: tsdyn.ordinal.renyi_entropy(x, alpha=2.0), "tsdyn.ordinal.renyi_entropy"),
        (lambda x: tsdyn.ordinal.tsallis_entropy(x, q=2.0), "tsdyn.ordinal.tsallis_entropy"),
        (
            lambda x: tsdyn.ordinal.tsallis_complexity_entropy(x, q=2.0),
            "tsdyn.ordinal.tsallis_complexity_entropy",
        ),
        (
            lambda x: tsdyn.ordinal.rolling_permutation_entropy(x, window=0.2),
            "tsdyn.ordinal.rolling_permutation_entropy",
        ),
        (lambda x: tsdyn.ews.detrend(x, bandwidth=0.2), "tsdyn.ews.detrend"),
        (lambda x: tsdyn.ews.fit_ou(x), "tsdyn.ews.fit_ou"),
        (
            lambda x: tsdyn.chaos.correlation_dimension(x, m=2, fit=(1e-2, 1e-1)),
            "tsdyn.chaos.correlation_dimension",
        ),
        (lambda x: tsdyn.surrogates.surrogates(x, method="shuffle", seed=0), "tsdyn.surrogates.surrogates"),
    ],
)
def test_results_record_the_public_name(series, call, expected):
    assert call(series).attrs["tsdyn_function"] == expected


def test_forecasts_record_the_baseline_they_came_from(series):
    from tsdyn.forecast.baselines import analogues

    name = analogues(series, horizon=2, m=2).attrs["tsdyn_function"]
    assert name.startswith("tsdyn.forecast.") and name.endswith(".analogues")
