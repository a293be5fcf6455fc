"""Surrogate p-values: counting formula, calibrated combination, power on the fold, level on nulls."""

import numpy as np
import pytest
import xarray as xr

import tsdyn.ews
from tsdyn.errors import InputError
from tsdyn.ews.api import EWSSpec
from tsdyn.ews.scenarios import scenario
from tsdyn.ews.significance import rank_pvalues, surrogate_significance, trend_test
from tsdyn.surrogates import surrogates


def test_pvalue_is_the_surrogate_count_and_taus_are_the_pipeline_on_surrogates():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(200) + np.linspace(0, 1, 200)
    res = trend_test(x, n_surrogates=39, seed=4, detrend="linear", window=60)
    # rebuild the surrogates by hand: linear trend + AR(1) surrogates of the residuals
    spec = EWSSpec(window=60, detrend="linear")
    parts = spec.compute(x[None, :])
    sur = surrogates(parts["residuals"], n_surrogates=39, method="ar1", seed=4)[:, 0, :] + parts["trend"]
    taus = spec.taus(sur, lo=59)
    np.testing.assert_allclose(res.tau_null[0], taus["variance"], atol=1e-12)
    for k in range(2):
        expected = (1 + np.sum(res.tau_null[k] >= res.tau[k])) / 40
        assert res.p_value[k] == pytest.approx(expected)


def test_combined_pvalues_by_brute_force():
    rng = np.random.default_rng(1)
    null = rng.standard_normal((2, 19))
    null[1] = 0.8 * null[0] + 0.2 * null[1]  # correlated indicators
    obs = np.array([1.5, 1.2])
    p, p_fisher, p_min = rank_pvalues(obs, null, "greater")
    pool = np.c_[obs, null]  # column 0 is the observation

    def pv(i, j):
        return np.sum(pool[i] >= pool[i, j]) / 20

    fisher = [-2 * sum(np.log(pv(i, j)) for i in range(2)) for j in range(20)]
    mins = [min(pv(i, j) for i in range(2)) for j in range(20)]
    np.testing.assert_allclose(p, [pv(0, 0), pv(1, 0)])
    assert p_fisher == pytest.approx(np.sum(np.array(fisher) >= fisher[0]) / 20)
    assert p_min == pytest.approx(np.sum(np.array(mins) <= mins[0]) / 20)


def test_two_sided_and_less():
    null = np.array([[-0.5, -0.2, 0.1, 0.3]])
    assert rank_pvalues(np.array([-0.6]), null, "less")[0][0] == pytest.approx(1 / 5)
    assert rank_pvalues(np.array([-0.6]), null, "two-sided")[0][0] == pytest.approx(1 / 5)
    assert rank_pvalues(np.array([-0.6]), null, "greater")[0][0] == pytest.approx(1.0)


def test_fold_scenario_trends_are_positive_and_significant():
    da = scenario("fold", n_members=6, n_time=1000, seed=13)
    p = []
    for m in range(6):
        run = da.isel(member=m)
        res = trend_test(run, n_surrogates=99, seed=m, transition=float(run.transition_time) - 5)
        assert (res["tau"] > 0.5).all()
        p.append(res["p_value"].values)
    p = np.array(p)
    assert (p[:, 0] <= 0.05).all()  # variance
    assert (p[:, 1] <= 0.05).sum() >= 4  # lag-1 autocorrelation


@pytest.mark.slow
def test_false_positive_rate_on_null_runs():
    null = scenario("fold", n_members=200, n_time=400, seed=12, null=True)
    res = trend_test(null, n_surrogates=99, seed=0, method="phase")
    rate = (res["p_value"] <= 0.05).mean("member").values
    assert ((rate >= 0.02) & (rate <= 0.09)).all()
    assert 0.02 <= float((res["p_min"] <= 0.05).mean()) <= 0.09


def test_xarray_dims_and_analyze_hook():
    rng = np.random.default_rng(2)
    da = xr.DataArray(rng.standard_normal((2, 150)), dims=("member", "time"), coords={"member": [10, 20]})
    res = trend_test(da, n_surrogates=9, seed=0, detrend="first_difference", method="phase")
    assert res["tau"].dims == ("member", "indicator") and res["p_min"].dims == ("member",)
    assert res["tau_null"].dims == ("member", "indicator", "surrogate")
    assert list(res.indicator.values) == ["variance", "ac1"] and res.attrs["method"] == "phase"
    test = surrogate_significance("phase", n_surrogates=9, seed=0)
    table = tsdyn.ews.analyze(da, detrend="first_difference", significance=test).ktau
    np.testing.assert_allclose(np.sort(table["pvalue"]), np.sort(res["p_value"].values.ravel()))
    again = trend_test(da, n_surrogates=9, seed=0, detrend="first_difference", method="phase")
    np.testing.assert_array_equal(res["tau_null"], again["tau_null"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "shuffle"}, "method"),
        ({"n_surrogates": 0}, "n_surrogates"),
        ({"alternative": "up"}, "alternative"),
        ({"max_iter": 0}, "max_iter"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        trend_test(np.random.default_rng(0).standard_normal(100), **kwargs)


def test_generic_surrogate_test_vector_and_batch_statistics_agree_with_scalar_calls():
    # what tsdyn.ews.trend_test relies on: K statistics at once, per series or batched over
    # all draws, give each statistic the p-values and null of its own scalar test (same seed)
    from tsdyn.surrogates import surrogate_test as generic

    x = np.random.default_rng(2).standard_normal((2, 120)).cumsum(axis=1)
    stats = [np.std, lambda a: float(np.mean(np.diff(a) ** 3))]
    one = [generic(x, f, method="phase", n_surrogates=19, seed=5, alternative="greater") for f in stats]
    vector = generic(
        x,
        lambda a: np.array([f(a) for f in stats]),
        method="phase",
        n_surrogates=19,
        seed=5,
        alternative="greater",
    )

    def batched(block):
        return np.stack([np.apply_along_axis(f, 2, block) for f in stats], axis=2)

    batch = generic(x, batched, method="phase", n_surrogates=19, seed=5, alternative="greater", batch=True)
    for res in (vector, batch):
        assert res.null.shape == (2, 2, 19) and res.p_value.shape == (2, 2)
        for k in range(2):
            np.testing.assert_allclose(res.null[:, k], one[k].null, rtol=1e-14)
            np.testing.assert_allclose(res.p_value[:, k], one[k].p_value)
    with pytest.raises(InputError, match="batch statistic must return"):
        generic(x, lambda block: block[:, 0], n_surrogates=3, seed=0, batch=True)
