"""Delay embedding, the choice of its delay and dimension, against hand-computed and published references."""

import math
import re

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import tsdyn.systems as ts
from tsdyn.chaos import correlation_dimension, embed, embedding_dimension, lyapunov_exponent, optimal_delay
from tsdyn.chaos.embedding import decorrelated, nearest_neighbours
from tsdyn.errors import InputError


@pytest.fixture(scope="module")
def lorenz_x():
    # Lorenz (10, 28, 8/3) at dt = 0.01 after a transient: the series of the published checks.
    return ts.get("Lorenz").integrate(n=10_000, dt=0.01, transient=50).isel(variable=0)


@pytest.fixture(scope="module")
def henon():
    return ts.get("Henon").integrate(n=3000, transient=100)


# --- embed -------------------------------------------------------------------------------------


def test_embed_equals_the_hand_computed_matrix():
    x = np.array([1.0, 4.0, 9.0, 16.0, 25.0, 36.0, 49.0])
    expected = np.array([[1.0, 9.0, 25.0], [4.0, 16.0, 36.0], [9.0, 25.0, 49.0]])
    np.testing.assert_array_equal(embed(x, m=3, tau=2), expected)
    np.testing.assert_array_equal(embed(x, m=1, tau=5), x[:, None])
    np.testing.assert_array_equal(embed(x, m=7, tau=1), x[None, :])


def test_embed_numpy_leading_axes_are_independent_series():
    x = np.arange(24.0).reshape(2, 3, 4)
    out = embed(x, m=2, tau=3)
    assert out.shape == (2, 3, 1, 2)
    np.testing.assert_array_equal(out[1, 2], embed(x[1, 2], m=2, tau=3))


def test_embed_vectors_carry_the_time_of_their_last_coordinate():
    t = np.linspace(0.0, 0.9, 10)
    da = xr.DataArray(np.sin(t), dims="time", coords={"time": t}, attrs={"units": "m"})
    out = embed(da, m=3, tau=2)
    assert out.dims == ("time", "embedding")
    np.testing.assert_array_equal(out["time"], t[4:])
    np.testing.assert_array_equal(out["offset"], [-4, -2, 0])
    np.testing.assert_array_equal(out.isel(embedding=-1), da.values[4:])
    assert out.attrs["m"] == 3 and out.attrs["tau"] == 2
    assert out.attrs["tsdyn_function"] == "tsdyn.chaos.embed"
    # no time coordinate: the sample index of the last coordinate
    np.testing.assert_array_equal(embed(xr.DataArray(np.ones(5), dims="time"), m=2, tau=3)["time"], [3, 4])


def test_embed_pandas_round_trip():
    index = pd.date_range("2024-01-01", periods=6, freq="D")
    s = pd.Series(np.arange(6.0), index=index, name="level")
    out = embed(s, m=2, tau=2)
    assert isinstance(out, pd.DataFrame)
    assert out.index.equals(index[2:])
    assert list(out.columns) == [-2, 0]
    np.testing.assert_array_equal(out.to_numpy(), [[0, 2], [1, 3], [2, 4], [3, 5]])


def test_embed_multivariate_concatenates_the_variables():
    x = np.arange(5.0)
    df = pd.DataFrame({"a": x, "b": 10 * x}, index=0.5 * np.arange(5))
    out = embed(df, m=2, tau=1)
    assert list(out.columns) == [("a", -1), ("a", 0), ("b", -1), ("b", 0)]
    assert out.index.equals(df.index[1:])
    np.testing.assert_array_equal(out.iloc[0], [0, 1, 0, 10])
    da = xr.DataArray(
        df.to_numpy(), dims=("time", "variable"), coords={"time": df.index, "variable": ["a", "b"]}
    )
    for xarray_input in (da, da.to_dataset(dim="variable")):
        res = embed(xarray_input, m=2, tau=1)
        assert res.dims == ("time", "embedding")
        np.testing.assert_array_equal(res, out.to_numpy())
        assert list(res["variable"].values) == ["a", "a", "b", "b"]
    unnamed = embed(xr.DataArray(df.to_numpy(), dims=("time", "variable")), m=2, tau=1)
    np.testing.assert_array_equal(unnamed["variable"], [0, 0, 1, 1])


def test_embed_keeps_the_series_other_labels():
    x = xr.DataArray(
        np.arange(30.0).reshape(3, 10),
        dims=("member", "time"),
        coords={
            "member": [5, 6, 7],
            "name": ("member", list("pqr")),
            "run": 7,
            "stamp": ("time", np.arange(10) + 100),
        },
    )
    out = embed(x, m=3, tau=2)
    assert list(out["name"].values) == ["p", "q", "r"] and int(out["run"]) == 7
    # a second time label follows the vectors' time, that of their last coordinate
    assert out["stamp"].dims == ("time",) and out["stamp"].values[0] == 104


def test_embed_keeps_other_dims_and_dask_stays_lazy():
    da = xr.DataArray(np.arange(20.0).reshape(2, 10), dims=("member", "time"), coords={"member": [7, 8]})
    out = embed(da.chunk({"member": 1}), m=3, tau=1)
    assert out.chunks is not None
    assert out.dims == ("member", "time", "embedding")
    np.testing.assert_array_equal(out.compute(), embed(da, m=3, tau=1))
    np.testing.assert_array_equal(out["member"], [7, 8])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"m": 0, "tau": 1}, "m must be an integer >= 1, got 0"),
        ({"m": 2.0, "tau": 1}, "m must be an integer >= 1, got 2.0"),
        ({"m": 2, "tau": 0}, "tau must be an integer >= 1, got 0"),
        ({"m": 2, "tau": 1.5}, "tau must be an integer >= 1, got 1.5"),
        ({"m": 2, "tau": True}, "tau must be an integer >= 1, got True"),
        (
            {"m": 4, "tau": 3},
            "too short along 'time' for an embedding with m=4, tau=3: needs at least 10 samples, got 8",
        ),
        ({"m": 2, "tau": 1, "nan_policy": "omit"}, "this function accepts 'raise', 'propagate'"),
    ],
)
def test_embed_refuses_bad_input(kwargs, message):
    with pytest.raises(InputError, match=re.escape(message)):
        embed(np.arange(8.0), **kwargs)


def test_embed_nan_policy():
    x = np.arange(6.0)
    x[3] = np.nan
    with pytest.raises(InputError, match="1 NaN value.*time index 3"):
        embed(x, m=2, tau=1)
    out = embed(x, m=2, tau=1, nan_policy="propagate")
    np.testing.assert_array_equal(np.isnan(out).any(axis=1), [False, False, True, True, False])


# --- optimal_delay -----------------------------------------------------------------------------


def test_lorenz_ami_delay_is_in_the_published_range(lorenz_x):
    # First minimum of the mutual information of Lorenz x at dt = 0.01: 14-19 samples
    # (Fraser & Swinney's criterion, as reported across the literature).
    res = optimal_delay(lorenz_x)
    assert 14 <= int(res["tau"]) <= 19
    assert not bool(res["fallback"])
    assert res.attrs["method"] == "ami"
    ami = res["ami"].values
    assert ami[int(res["tau"])] < ami[int(res["tau"]) - 1]


def test_lorenz_acf_has_no_zero_crossing_and_falls_back_to_one_over_e(lorenz_x):
    zero = optimal_delay(lorenz_x.values, method="acf_zero", max_tau=100)
    assert zero.fallback
    assert (zero.acf > 0).all()
    e = optimal_delay(lorenz_x.values, method="acf_e", max_tau=100)
    assert not e.fallback
    assert zero.tau == e.tau
    assert e.acf[e.tau] <= 1 / math.e < e.acf[e.tau - 1]


def test_acf_matches_the_direct_sum():
    x = np.random.default_rng(3).standard_normal(500).cumsum()
    acf = optimal_delay(x, method="acf_e", max_tau=40).acf
    y = x - x.mean()
    direct = [np.dot(y[: y.size - k], y[k:]) / np.dot(y, y) for k in range(41)]
    np.testing.assert_allclose(acf, direct, atol=1e-12)


def test_sine_acf_crosses_zero_past_a_quarter_period():
    x = np.sin(2 * np.pi * np.arange(4000) / 50)
    res = optimal_delay(x, method="acf_zero")
    assert res.tau == 13 and not res.fallback


def test_ami_is_invariant_under_monotone_transforms():
    x = np.random.default_rng(4).standard_normal(3000).cumsum()
    ami = optimal_delay(x, max_tau=30).ami
    np.testing.assert_allclose(optimal_delay(np.exp(x / 20) * 3 + 1, max_tau=30).ami, ami, atol=1e-12)
    # lag 0: the entropy of the equiprobable bins, log B with B = floor(sqrt(3000 / 5)) = 24
    assert ami[0] == pytest.approx(math.log(24), abs=1e-3)


def test_ami_of_white_noise_is_the_small_estimation_bias():
    x = np.random.default_rng(5).standard_normal(5000)
    ami = optimal_delay(x, max_tau=10).ami
    bias = (31 - 1) ** 2 / (2 * 5000)  # (B - 1)^2 / 2N for B = 31 bins
    assert np.all(np.abs(ami[1:] - bias) < 0.03)


def test_a_decorrelated_series_gets_delay_one(henon):
    # a map's series without attrs: the AMI's "first minimum" would be a wiggle of its bias
    # floor (16 for Henon x); the autocorrelation falls to 1/e within 2 samples instead
    x = henon.isel(variable=0).values
    res = optimal_delay(x)
    assert res.tau == 1 and res.fallback and res.ami[1] > res.ami[2]
    # 50 samples a period is not decorrelated (a flow's series keeps the AMI's minimum: Lorenz
    # x above)
    assert not decorrelated(np.sin(2 * np.pi * np.arange(4000) / 50))
    coarse = np.sin(2 * np.pi * np.arange(4000) / 8 + 0.3)  # 8 samples a period: acf(2) = 0
    assert decorrelated(coarse) and optimal_delay(coarse).tau == 1


def test_a_map_series_without_attrs_gets_its_exponent_and_dimension(henon):
    # the same defaults as a map trajectory's (attrs kind="map"): Henon lambda1 0.4192,
    # D2 1.21 (Grassberger & Procaccia 1983)
    x = henon.isel(variable=0).values
    est = lyapunov_exponent(x)
    assert est.tau == 1 and est.m == 2 and est.exponent == pytest.approx(0.4192, rel=0.03)
    assert correlation_dimension(x).dimension == pytest.approx(1.21, abs=0.03)


def test_delay_families(lorenz_x):
    short = lorenz_x.isel(time=slice(0, 2000))
    expected = optimal_delay(short.values, max_tau=30).tau
    s = optimal_delay(short.to_pandas(), max_tau=30)
    assert s.tau == expected and isinstance(s.tau, int)
    assert s.ami.index.name == "tau_scan" and s.ami.size == 31
    frame = short.to_pandas().to_frame("x").assign(y=lambda d: d["x"] ** 2)
    out = optimal_delay(frame, max_tau=30)
    assert out["tau"]["x"] == expected
    assert out["ami"].shape == (31, 2)
    two = optimal_delay(np.stack([short.values, short.values[::-1]]), max_tau=30)
    assert two.tau.dtype == np.int64 and two.tau[0] == expected


def test_delay_xarray_dataset_and_dask(henon):
    da = henon.assign_coords(variable=["x", "y"])
    eager = optimal_delay(da, max_tau=20)
    assert eager["tau"].dtype == np.int64 and eager["fallback"].dtype == bool
    assert eager["ami"].dims == ("variable", "tau_scan")
    assert eager.attrs["tsdyn_function"] == "tsdyn.chaos.optimal_delay"
    lazy = optimal_delay(da.chunk({"variable": 1}), max_tau=20)
    assert lazy["ami"].chunks is not None
    xr.testing.assert_identical(lazy.compute(), eager)
    ds = optimal_delay(da.to_dataset(dim="variable"), max_tau=20)
    np.testing.assert_array_equal(ds["tau"], eager["tau"])


def test_delay_nan_policy(lorenz_x):
    x = lorenz_x.values[:3000].copy()
    x[1000:1005] = np.nan
    with pytest.raises(InputError, match="5 NaN value.*time index 1000"):
        optimal_delay(x)
    assert abs(optimal_delay(x, nan_policy="omit").tau - optimal_delay(lorenz_x.values[:3000]).tau) <= 1
    with pytest.raises(InputError, match="this function accepts 'raise', 'omit'"):
        optimal_delay(x, nan_policy="propagate")


@pytest.mark.parametrize(
    ("x", "kwargs", "message"),
    [
        (
            np.arange(10.0),
            {},
            "too short along 'time' for a delay estimate: needs at least 16 samples, got 10",
        ),
        (np.arange(80.0), {"max_tau": 50}, "needs at least 100 samples, got 80"),
        (np.arange(80.0), {"max_tau": 0}, "max_tau must be an integer >= 1, got 0"),
        (np.ones(100), {}, "x is constant"),
        (np.stack([np.arange(100.0), np.ones(100)]), {}, "x is constant (series 1 of 2)"),
        (np.arange(80.0), {"method": "mi"}, "method must be one of 'ami', 'acf_zero', 'acf_e'"),
    ],
)
def test_delay_refuses_bad_input(x, kwargs, message):
    with pytest.raises(InputError, match=re.escape(message)):
        optimal_delay(x, **kwargs)


# --- embedding_dimension -----------------------------------------------------------------------


@pytest.mark.parametrize("method", ["fnn", "cao"])
def test_lorenz_needs_three_dimensions(lorenz_x, method):
    res = embedding_dimension(lorenz_x, method=method)
    assert int(res["m"]) == 3
    assert not bool(res["fallback"])
    assert int(res["tau"]) == int(optimal_delay(lorenz_x)["tau"])
    assert res.attrs["metric"] == {"fnn": "euclidean", "cao": "chebyshev"}[method]


@pytest.mark.parametrize("method", ["fnn", "cao"])
def test_henon_needs_two_dimensions(henon, method):
    # A map: the natural delay is one iteration.
    res = embedding_dimension(henon.isel(variable=0).values, method=method, tau=1)
    assert res.m == 2 and res.tau == 1 and not res.fallback


@pytest.mark.parametrize("method", ["fnn", "cao"])
def test_logistic_map_needs_one_dimension(method):
    x = ts.get("Logistic").integrate(n=3000, transient=100).isel(variable=0).values
    assert embedding_dimension(x, method=method, tau=1, max_m=4).m == 1


@pytest.mark.parametrize("method", ["fnn", "cao"])
def test_a_map_trajectory_is_embedded_with_tau_one_by_default(henon, method):
    res = embedding_dimension(henon.isel(variable=0), method=method)
    assert int(res["tau"]) == 1 and int(res["m"]) == 2
    assert res.attrs["tau"] == "1 (a map's series: attrs kind='map')"


def test_fnn_curve_and_cao_curves(henon):
    x = henon.isel(variable=0).values
    fnn = embedding_dimension(x, tau=1, max_m=4)
    assert fnn.fnn.shape == (4,) and fnn.e1 is None
    assert fnn.fnn[0] > 0.5 and np.all(fnn.fnn[1:] < 0.01)
    cao = embedding_dimension(x, method="cao", tau=1, max_m=4)
    assert cao.fnn is None and cao.e1.shape == cao.e2.shape == (4,)
    assert cao.e1[1] > 0.9  # saturated from m = 2
    assert np.all(cao.e2[1:] > 1.2)  # far from 1: deterministic


def test_white_noise_never_meets_the_fnn_criterion():
    x = np.random.default_rng(6).standard_normal(600)
    res = embedding_dimension(x, tau=1, max_m=4)
    assert res.fallback
    assert res.m == int(np.argmin(res.fnn)) + 1
    cao = embedding_dimension(x, method="cao", tau=1, max_m=6)
    np.testing.assert_allclose(cao.e2, 1.0, atol=0.2)  # E2 ~ 1 at every m: no determinism


def test_dimension_of_several_series(henon):
    res = embedding_dimension(henon.values.T, tau=1, max_m=4)
    np.testing.assert_array_equal(res.m, [2, 2])
    assert res.fnn.shape == (2, 4)
    assert isinstance(embedding_dimension(henon.isel(variable=0).to_pandas(), tau=1, max_m=3).m, int)


def test_dimension_nan_omit_leaves_out_the_vectors_with_nan(henon):
    x = henon.isel(variable=0).values.copy()
    x[500] = np.nan
    with pytest.raises(InputError, match="time index 500"):
        embedding_dimension(x, tau=1)
    assert embedding_dimension(x, tau=1, nan_policy="omit", max_m=4).m == 2


def test_nearest_neighbour_respects_the_theiler_window():
    points = np.arange(10.0)[:, None] ** 1.5
    index = np.arange(10)
    dist, nb = nearest_neighbours(points, index, theiler=2, p=2.0)
    assert nb[5] in (2, 8) and nb[0] == 3
    assert np.all(np.abs(nb - index) > 2)
    np.testing.assert_allclose(dist, np.abs(points[nb, 0] - points[:, 0]))
    # duplicates are not neighbours: distance zero would make every ratio infinite
    dist, nb = nearest_neighbours(np.array([[0.0], [0.0], [1.0], [3.0]]), np.arange(4), theiler=0, p=2.0)
    assert nb[0] == 2 and nb[1] == 2 and dist[0] == 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"tau": 5},
            "too short along 'time' for embedding_dimension (method='fnn' up to max_m=10) with tau=5: "
            "needs at least 60 samples, got 50",
        ),
        ({"tau": 5, "method": "cao"}, "needs at least 65 samples, got 50"),
        ({"tau": 1, "theiler": 20}, "needs at least 52 samples, got 50"),
        ({"tau": 0}, "tau must be an integer >= 1, got 0"),
        ({"tau": 2.0}, "tau must be an integer >= 1, got 2.0"),
        ({"max_m": 1}, "max_m must be an integer >= 2, got 1"),
        ({"metric": "cosine"}, "metric must be one of 'euclidean', 'chebyshev', 'manhattan'"),
        ({"threshold": 0}, "threshold must be a number in (0, 1], got 0"),
        ({"tol": 1.0}, "tol must be a number in (0, 1), got 1.0"),
        ({"method": "afn"}, "method must be one of 'fnn', 'cao'"),
    ],
)
def test_dimension_refuses_bad_input(kwargs, message):
    x = np.sin(np.arange(50.0))
    with pytest.raises(InputError, match=re.escape(message)):
        embedding_dimension(x, **kwargs)


def test_dimension_of_a_constant_series_is_refused():
    with pytest.raises(InputError, match="x is constant"):
        embedding_dimension(np.full(200, 2.5), tau=1)
