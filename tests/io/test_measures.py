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
    res = ms.compute(series(ar1), {**ms.defaults, "d": 4}, None)
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
    res = ms.compute(series(np.arange(50.0)), {**ms.defaults, "d": 3}, None)
    # only the increasing pattern occurs: PE 0, 5 of the 3! = 6 patterns missing
    assert res.scalars["permutation_entropy"] == 0.0
    assert res.scalars["missing_patterns"] == 5


def test_ordinal_minimum_length_follows_d_and_tau():
    ms = get_measure("ordinal")
    assert ms.min_length({"d": 4, "tau": 3}) == 10


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
        InputError, match=r"measure set 'ordinal' has no parameter 'm'; its parameters: d, tau"
    ):
        resolve_params(["ordinal"], {"ordinal": {"m": 3}})
    assert resolve_params(["ordinal"], {"ordinal": {"d": 5}})["ordinal"]["d"] == 5


def test_register_a_new_set(monkeypatch):
    monkeypatch.setattr(measures, "_REGISTRY", dict(measures._REGISTRY))  # leave the real registry as it was

    @register("test_range", description="max - min", min_length=1, headline={"range": "range"})
    def _range(s, params, seed):
        return {"range": float(s.max() - s.min())}

    ms = get_measure("test_range")
    assert ms.compute(series([1.0, 4.0, 2.0]), {}, None) == {"range": 3.0}
    assert ms.min_length({}) == 1
