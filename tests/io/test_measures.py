"""The measure sets of the batch runner, checked against independent references (pandas, scipy, ordpy)."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy import stats

from tsdyn.errors import InputError
from tsdyn.io import measures
from tsdyn.io.measures import DEFAULT_MEASURES, get_measure, measure_names, register, resolve_params


def series(values, time=None):
    values = np.asarray(values, dtype=float)
    time = np.arange(values.size) if time is None else time
    return xr.DataArray(values, dims="time", coords={"time": time}, name="x")


@pytest.fixture
def ar1():
    rng = np.random.default_rng(5)
    n = 400
    x = np.zeros(n)
    phi = np.linspace(0.1, 0.9, n)
    for i in range(1, n):
        x[i] = phi[i] * x[i - 1] + rng.normal()
    return x


def test_defaults_are_the_documented_sets():
    assert DEFAULT_MEASURES == ("summary", "ordinal", "ews")
    assert set(DEFAULT_MEASURES) <= set(measure_names())


@pytest.mark.peer
def test_ordinal_set_matches_ordpy(ar1):
    ordpy = pytest.importorskip("ordpy")
    ms = get_measure("ordinal")
    res = ms.compute(series(ar1), {**ms.defaults, "m": 4}, None)
    h, c = ordpy.complexity_entropy(ar1, dx=4)
    np.testing.assert_allclose(
        [res.scalars["permutation_entropy"], res.scalars["statistical_complexity"]], [h, c]
    )
    _, fraction = ordpy.missing_patterns(ar1, dx=4)
    assert res.scalars["missing_fraction"] == pytest.approx(fraction)
    assert res.scalars["missing_patterns"] == round(fraction * 24)
    # plane position: where C lies between ordpy's minimum and maximum complexity curves at this H
    hmin, cmin = ordpy.minimum_complexity_entropy(dx=4, size=2000).T
    hmax, cmax = ordpy.maximum_complexity_entropy(dx=4, m=2000).T
    order = np.argsort(hmax)
    lo, hi = np.interp(h, hmin, cmin), np.interp(h, hmax[order], cmax[order])
    assert res.scalars["plane_position"] == pytest.approx((c - lo) / (hi - lo), abs=0.01)


def test_ordinal_missing_patterns_of_a_monotone_series():
    ms = get_measure("ordinal")
    res = ms.compute(series(np.arange(50.0)), {**ms.defaults, "m": 3}, None)
    # only the increasing pattern occurs: PE 0, 5 of the 3! = 6 patterns missing
    assert res.scalars["permutation_entropy"] == 0.0
    assert res.scalars["missing_patterns"] == 5


def test_ordinal_minimum_length_follows_d_and_tau():
    ms = get_measure("ordinal")
    assert ms.min_length({"m": 4, "tau": 3}) == 10


def test_ews_set_matches_pandas_and_scipy(ar1):
    ms = get_measure("ews")
    params = {**ms.defaults, "window": 100, "detrend": "none", "indicators": "variance,ac1"}
    res = ms.compute(series(ar1), params, None)
    s = pd.Series(ar1)
    variance = s.rolling(100).var().to_numpy()
    ac1 = s.rolling(100).apply(lambda w: pd.Series(w).autocorr(1), raw=True).to_numpy()
    np.testing.assert_allclose(res.rolling["variance"].values, variance, rtol=1e-9, equal_nan=True)
    np.testing.assert_allclose(res.rolling["ac1"].values, ac1, rtol=1e-9, atol=1e-12, equal_nan=True)
    t = np.arange(ar1.size)[99:]
    assert res.scalars["ktau_variance"] == pytest.approx(stats.kendalltau(t, variance[99:]).statistic)
    assert res.scalars["ktau_ac1"] == pytest.approx(stats.kendalltau(t, ac1[99:]).statistic)
    assert res.scalars["ktau_ac1"] > 0.5  # rising memory: critical slowing down


def test_ews_engine_errors_reach_the_row(tmp_path):
    from tsdyn.io import analyze_files

    path = tmp_path / "gaps.csv"
    path.write_text("t,x\n0,1\n1,3\n3,2\n4,5\n5,4\n6,6\n7,5\n")  # time 2 missing: irregular
    table = analyze_files(path, measures=["ews"])
    assert table.loc[0, "status"] == "failed"
    assert "irregular time spacing" in table.loc[0, "error"]


def test_unknown_parameter_lists_the_known_ones():
    with pytest.raises(
        InputError, match=r"measure set 'ordinal' has no parameter 'd'; its parameters: m, tau"
    ):
        resolve_params(["ordinal"], {"ordinal": {"d": 3}})
    assert resolve_params(["ordinal"], {"ordinal": {"m": 5}})["ordinal"]["m"] == 5


def test_register_a_new_set(monkeypatch):
    monkeypatch.setattr(measures, "_REGISTRY", dict(measures._REGISTRY))  # leave the real registry as it was

    @register("test_range", description="max - min", min_length=1, headline=("range",))
    def _range(s, params, seed):
        return {"range": float(s.max() - s.min())}

    ms = get_measure("test_range")
    assert ms.compute(series([1.0, 4.0, 2.0]), {}, None) == {"range": 3.0}
    assert ms.min_length({}) == 1


def white(n, seed=0):
    return np.random.default_rng(seed).standard_normal(n)


def test_ews_without_surrogates_has_no_pvalues(ar1):
    ms = get_measure("ews")
    res = ms.compute(series(ar1), ms.defaults, None)
    assert not [k for k in res.scalars if k.startswith("pvalue_")]


def test_ews_surrogate_pvalues_match_the_engine_test(ar1):
    from tsdyn.ews import trend_test
    from tsdyn.rng import seed_for_key

    ms = get_measure("ews")
    params = {**ms.defaults, "n_surrogates": 49, "null_model": "ar1"}
    res = ms.compute(series(ar1), params, seed_for_key(0, "k"))
    # the same test run directly with the same seed: the set only forwards it
    ref = trend_test(ar1, method="ar1", n_surrogates=49, seed=seed_for_key(0, "k"))
    got = [res.scalars["pvalue_variance"], res.scalars["pvalue_ac1"]]
    np.testing.assert_array_equal(got, ref.p_value)
    assert res.scalars["pvalue_fisher"] == ref.p_fisher and res.scalars["pvalue_min"] == ref.p_min
    # exact rank p-values: multiples of 1 / (n + 1) in (0, 1]
    values = np.array([res.scalars[k] for k in res.scalars if k.startswith("pvalue_")])
    assert ((values > 0) & (values <= 1)).all()
    np.testing.assert_allclose(values * 50, np.round(values * 50), atol=1e-9)


@pytest.mark.parametrize("null_model", ["ar1", "phase", "iaaft"])
def test_ews_trending_ar1_has_a_small_variance_pvalue(ar1, null_model):
    ms = get_measure("ews")
    params = {**ms.defaults, "n_surrogates": 49, "null_model": null_model}
    res = ms.compute(series(ar1), params, np.random.SeedSequence(1))
    # phi rising from 0.1 to 0.9 multiplies the stationary variance by 1 / (1 - phi^2) ~ 5:
    # the observed tau beats (almost) every surrogate's
    assert res.scalars["ktau_variance"] > 0.5
    assert res.scalars["pvalue_variance"] <= 0.04


def test_ews_stationary_series_is_not_significant():
    ms = get_measure("ews")
    params = {**ms.defaults, "n_surrogates": 49}
    res = ms.compute(series(white(400, seed=4)), params, np.random.SeedSequence(1))
    assert res.scalars["pvalue_variance"] > 0.05 and res.scalars["pvalue_ac1"] > 0.05


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"ews": {"n_surrogates": -1}}, r"ews.n_surrogates: n_surrogates must be an integer >= 0, got -1"),
        ({"ews": {"n_surrogates": 2.5}}, r"ews.n_surrogates: n_surrogates must be an integer >= 0, got 2.5"),
        ({"ews": {"null_model": "shuffle"}}, r"ews.null_model: null_model must be one of 'ar1', 'arma'"),
        ({"ews": {"alternative": "up"}}, r"ews.alternative: alternative must be one of 'greater'"),
        # issue 13, problem 11: these failed every file one by one with "internal error"
        ({"ordinal": {"m": "abc"}}, r"ordinal.m: m must be an integer >= 2, got 'abc'"),
        ({"ordinal": {"d": "abc"}}, r"measure set 'ordinal' has no parameter 'd'"),
        ({"ordinal": {"m": 11}}, r"ordinal.m: m=11 is too large: .* so m is at most 10"),
        ({"ordinal": {"m": 10**9}}, r"ordinal.m: m=1000000000 is too large"),
        ({"ordinal": {"m": 9, "ties": "shared"}}, r"ordinal.m: .* m is at most 8"),
        ({"ordinal": {"ties": "dense"}}, r"ordinal.ties: ties must be one of"),
        ({"ordinal": {"classify": "False"}}, r"ordinal.classify: classify must be true or false"),
        ({"ews": {"window": 0}}, r"ews.window: window must be at least 2 points, got 0"),
        ({"ews": {"window": 1.0}}, r"ews.window: window=1.0 is ambiguous"),
        ({"ews": {"bandwidth": "wide"}}, r"ews.bandwidth: bandwidth must be a number"),
        ({"ews": {"indicators": "variance,nope"}}, r"ews.indicators: unknown indicator 'nope'"),
        ({"ews": {"detrend": "cubic"}}, r"ews.detrend: detrend must be one of"),
        ({"chaos": {"r": -1}}, r"chaos.r: r must be a number > 0"),
        ({"chaos": {"k_max": 1}}, r"chaos.k_max: k_max must be an integer >= 2"),
    ],
)
def test_bad_parameter_values_are_refused_up_front(given, message):
    with pytest.raises(InputError, match=message):
        resolve_params(["summary", "ordinal", "ews", "chaos"], given)


def test_good_parameters_pass_the_checks():
    params = {"ordinal": {"m": 10, "tau": "auto"}, "ews": {"window": 50, "indicators": ["ac2"]}}
    resolved = resolve_params(["ordinal", "ews", "chaos"], params)
    assert resolved["ordinal"]["m"] == 10 and resolved["ews"]["indicators"] == ["ac2"]
    assert resolved["chaos"] == get_measure("chaos").defaults


@pytest.mark.peer
def test_ordinal_auto_tau_follows_the_natural_timescale():
    ordpy = pytest.importorskip("ordpy")
    ms = get_measure("ordinal")
    x = np.sin(2 * np.pi * np.arange(1000) / 50) + 0.05 * white(1000)
    res = ms.compute(series(x), {**ms.defaults, "tau": "auto"}, None)
    # period 50 -> natural timescale 50; PECCARY: tau = round(0.4 * 50 / (d - 1)) = round(6.67) = 7
    assert res.scalars["natural_timescale"] == pytest.approx(50, rel=0.02)
    assert res.scalars["tau_used"] == 7
    h, c = ordpy.complexity_entropy(x, dx=4, taux=7)
    assert res.scalars["permutation_entropy"] == pytest.approx(h)
    assert res.scalars["statistical_complexity"] == pytest.approx(c)


def test_ordinal_auto_tau_needs_mean_crossings():
    ms = get_measure("ordinal")
    with pytest.raises(InputError, match="crosses its mean fewer than twice"):
        ms.compute(series(np.arange(50.0)), {**ms.defaults, "tau": "auto"}, None)
    assert ms.min_length({**ms.defaults, "tau": "auto"}) == 8  # choose_delay needs 2 d samples


@pytest.mark.parametrize("tau", [0, "fast", 1.5, True])
def test_ordinal_bad_tau(tau):
    ms = get_measure("ordinal")
    with pytest.raises(InputError, match="ordinal tau must be a positive integer or 'auto'"):
        ms.compute(series(white(50)), {**ms.defaults, "tau": tau}, None)


def logistic(n, x0=0.3):
    x = np.empty(n)
    x[0] = x0
    for i in range(1, n):
        x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    return x


def test_classification_is_off_by_default():
    ms = get_measure("ordinal")
    res = ms.compute(series(white(100)), ms.defaults, None)
    assert not [k for k in res.scalars if k.startswith("class_")]


@pytest.mark.parametrize(
    ("x", "label"),
    [
        (logistic(1000), "chaotic"),  # the fully chaotic logistic map (r = 4)
        (white(1000), "stochastic"),
        (np.sin(2 * np.pi * np.arange(1000) / 40), "regular"),
        (white(300), "undetermined"),  # fewer than 5 d! = 600 patterns
    ],
)
def test_classification_verdicts(x, label):
    from tsdyn.ordinal import classify

    ms = get_measure("ordinal")
    params = {**ms.defaults, "classify": True, "classify_n_surrogates": 19}
    res = ms.compute(series(x), params, np.random.SeedSequence(2))
    assert res.scalars["class_label"] == label
    ref = classify(x, m=5, n_surrogates=19, seed=np.random.SeedSequence(2))
    assert res.scalars["class_reason"] == ref.reason
    np.testing.assert_equal(
        [res.scalars["class_entropy_z"], res.scalars["class_tau"]], [ref.entropy_z, ref.tau]
    )


def test_classification_refuses_gaps():
    ms = get_measure("ordinal")
    x = white(200)
    x[5] = np.nan
    with pytest.raises(InputError, match="has missing values; classification needs a gap-free series"):
        ms.compute(series(x), {**ms.defaults, "classify": True, "nan_policy": "omit"}, None)
    with pytest.raises(InputError, match="ordinal classify must be true or false, got 'yes'"):
        ms.compute(series(white(50)), {**ms.defaults, "classify": "yes"}, None)
