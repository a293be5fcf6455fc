import functools

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.forecast.baselines import analogues, ar, mean, naive


def test_naive_and_mean_by_hand():
    x = np.array([[1.0, 2.0, 6.0], [0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(naive(x, horizon=2), [[6.0, 6.0], [3.0, 3.0]])
    np.testing.assert_array_equal(mean(x, horizon=2), [[3.0, 3.0], [1.0, 1.0]])
    ctx = np.array([[9.0], [-1.0]])
    np.testing.assert_array_equal(naive(x, horizon=1, context=ctx), [[9.0], [-1.0]])
    np.testing.assert_array_equal(mean(x, horizon=1, context=ctx), [[3.0], [1.0]])  # climatology of x


def test_ar_recovers_an_exact_ar2_recursion():
    # sin(w t) obeys x_t = 2 cos(w) x_{t-1} - x_{t-2} exactly: AR(2) continues it
    w = 0.4
    t = np.arange(80.0)
    x = np.sin(w * t)
    fc = ar(x[:60], horizon=20, order=2, trend="n")
    np.testing.assert_allclose(fc, x[60:], atol=1e-8)
    # from another context on the same "attractor" (a phase-shifted sine)
    ctx = np.sin(w * t[:10] + 1.0)
    fc = ar(x[:60], horizon=5, order=2, context=ctx)
    np.testing.assert_allclose(fc, np.sin(w * t[10:15] + 1.0), atol=1e-6)


def test_ar_matches_statsmodels_forecast():
    from statsmodels.tsa.ar_model import AutoReg

    x = np.random.default_rng(3).normal(size=(2, 150)).cumsum(axis=1) * 0.1
    ours = ar(x, horizon=7, order=3)
    for row in range(2):
        ref = AutoReg(x[row], lags=3, trend="c").fit().forecast(7)
        np.testing.assert_allclose(ours[row], ref, rtol=1e-10)


def test_ar_with_a_constant_does_not_depend_on_an_offset():
    # the fit with a constant is shift-equivariant; at +1e9 its normal equations were so ill
    # conditioned that the forecast was off by 50 (and a SingularMatrixWarning leaked)
    x = np.sin(np.arange(500) / 5) + np.random.default_rng(0).normal(size=500) * 0.1
    np.testing.assert_allclose(ar(x + 1e9, horizon=3) - 1e9, ar(x, horizon=3), atol=1e-6)
    with pytest.raises(InputError, match="training part of series 0 is constant"):
        ar(np.ones(300), horizon=10)


def _brute_analogues(train, context, horizon, d, tau, k):
    """Reference: distances to every delay vector by brute force."""
    span = (d - 1) * tau
    ends = np.arange(span, len(train) - 1)
    lib = np.array([[train[e - j * tau] for j in range(d)] for e in ends])
    hist = list(context)
    for _ in range(horizon):
        q = np.array([hist[-1 - j * tau] for j in range(d)])
        order = np.argsort(np.linalg.norm(lib - q, axis=1), kind="stable")[:k]
        hist.append(train[ends[order] + 1].mean())
    return np.array(hist[len(context) :])


@pytest.mark.parametrize(("d", "tau", "k"), [(1, 1, 1), (3, 2, 1), (4, 1, 3)])
def test_analogues_match_brute_force(d, tau, k):
    # logistic map at r = 4: chaotic, no ties among distances
    x = np.empty(400)
    x[0] = 0.3
    for i in range(399):
        x[i + 1] = 4 * x[i] * (1 - x[i])
    ours = analogues(x[:300], horizon=6, m=d, tau=tau, neighbors=k, context=x[300:320])
    np.testing.assert_allclose(ours, _brute_analogues(x[:300], x[300:320], 6, d, tau, k), rtol=1e-12)


def test_analogues_beat_naive_on_a_chaotic_map():
    x = np.empty(2000)
    x[0] = 0.1234
    for i in range(1999):
        x[i + 1] = 4 * x[i] * (1 - x[i])
    one_step = analogues(x[:1900], horizon=1, m=1, context=x[1900:1950])
    assert abs(one_step[0] - x[1950]) < 0.02  # the map is learnt from its graph
    assert abs(naive(x[1900:1950], horizon=1)[0] - x[1950]) > 0.02


def test_xarray_forecast_continues_time_labels():
    time = 0.1 * np.arange(5)
    x = xr.DataArray(
        np.arange(10.0).reshape(2, 5),
        dims=("variable", "time"),
        coords={"variable": ["a", "b"], "time": time},
    )
    fc = naive(x, horizon=3)
    assert fc.dims == ("variable", "time")
    np.testing.assert_allclose(fc.time.values, [0.5, 0.6, 0.7])
    np.testing.assert_array_equal(fc.sel(variable="b").values, [9.0, 9.0, 9.0])
    assert fc.attrs["forecaster"] == "naive" and fc.attrs["horizon"] == 3
    ds = x.to_dataset(dim="variable")
    assert set(mean(ds, horizon=2).data_vars) == {"a", "b"}


def test_pandas_forecast_has_future_index():
    idx = pd.date_range("2020-01-01", periods=4, freq="D")
    s = pd.Series([1.0, 2.0, 3.0, 4.0], index=idx)
    fc = naive(s, horizon=2)
    assert isinstance(fc, pd.Series)
    assert list(fc.index) == list(pd.date_range("2020-01-05", periods=2, freq="D"))
    frame = pd.DataFrame({"u": [1.0, 2.0, 3.0], "v": [0.0, 1.0, 0.0]}, index=[0.0, 0.5, 1.0])
    out = mean(frame, horizon=2)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["u", "v"]
    np.testing.assert_allclose(out.index, [1.5, 2.0])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: naive([1.0, 2.0], horizon=0), "horizon must be an integer >= 1"),
        (lambda: naive([1.0, np.nan], horizon=1), "x contains 1 NaN"),
        (
            lambda: naive(np.ones((2, 3)), horizon=1, context=np.ones((3, 3))),
            "context has 3 samples along 'dim_0'",
        ),
        (lambda: naive(np.ones(3), horizon=1, context=np.ones((1, 3))), "context is a 2-d array but x has 1"),
        (lambda: ar(np.ones(5), horizon=1, order=2), "too short along 'time' for an AR\\(2\\) fit"),
        (lambda: ar(np.arange(20.0), horizon=1, order=3, context=[1.0]), "context is too short"),
        (lambda: ar(np.arange(20.0), horizon=1, trend="ct"), "trend must be one of"),
        (
            lambda: analogues(np.arange(5.0), horizon=1, m=3, neighbors=3),
            "too short along 'time' for analogues",
        ),
        (lambda: analogues(np.arange(9.0), horizon=1, tau=0), "tau must be an integer >= 1"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_partial_keeps_the_forecaster_shape():
    f = functools.partial(analogues, m=2)
    np.testing.assert_array_equal(f(np.tile([0.0, 1.0, 2.0], 4), horizon=3, context=None), [0.0, 1.0, 2.0])
