import functools

import numpy as np
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.forecast import metrics
from tsdyn.forecast.baselines import analogues, ar, mean, naive
from tsdyn.forecast.evaluate import COLUMNS, Task, evaluate


def _logistic(n, x0):
    x = np.empty(n)
    x[0] = x0
    for i in range(n - 1):
        x[i + 1] = 4 * x[i] * (1 - x[i])
    return x


def test_table_is_tidy_and_values_match_the_metrics():
    x = np.sin(0.3 * np.arange(130))
    table = evaluate({"naive": naive, "mean": mean}, {"sine": Task(x[:100], x[100:])})
    assert list(table.columns) == COLUMNS
    assert set(table.metric) == {
        "mse",
        "mae",
        "smape",
        "mase",
        "correlation",
        "valid_prediction_time",
        "seconds",
    }
    got = table.set_index(["forecaster", "metric"]).value
    fc = naive(x[:100], horizon=30)
    assert got["naive", "mse"] == pytest.approx(metrics.mse(x[100:], fc))
    assert got["naive", "mase"] == pytest.approx(metrics.mase(x[100:], fc, y_train=x[:100]))
    assert got["mean", "smape"] == pytest.approx(metrics.smape(x[100:], mean(x[:100], horizon=30)))
    assert (table.message == "").all()


def test_context_and_lyapunov_times_from_attrs():
    # train and test from different initial conditions, as in the benchmark
    dt = 1.0
    train = xr.DataArray(_logistic(500, 0.2), dims="time", coords={"time": dt * np.arange(500)})
    test = xr.DataArray(_logistic(60, 0.7), dims="time", coords={"time": dt * np.arange(60)})
    test.attrs["lyapunov_exponent"] = np.log(2.0)
    fs = {"analogues": functools.partial(analogues, m=1), "naive": naive}
    table = evaluate(fs, {"logistic": Task(train, test, context=50)}, horizon=8)
    vpt = table.query("metric == 'valid_prediction_time'").set_index("forecaster").value
    ctx, future = test.isel(time=slice(0, 50)), test.isel(time=slice(50, 58))
    fc = analogues(train, horizon=8, m=1, context=ctx)
    ref = metrics.valid_prediction_time(
        future, fc.values, lyapunov_exponent=np.log(2.0), scale=train.std("time")
    )
    assert vpt["analogues"] == pytest.approx(float(ref))
    assert vpt["analogues"] > vpt["naive"]


def test_multivariate_task_reports_each_variable_and_joint_vpt():
    t = np.arange(200)
    data = np.stack([np.sin(0.2 * t), np.cos(0.2 * t)])
    da = xr.DataArray(data, dims=("variable", "time"), coords={"variable": ["x", "y"], "time": 0.5 * t})
    task = Task(da.isel(time=slice(0, 150)), da.isel(time=slice(150, None)), variable_dim="variable")
    table = evaluate({"AR(2)": functools.partial(ar, order=2)}, {"circle": task})
    mse = table.query("metric == 'mse'")
    assert list(mse.series) == ["variable=x", "variable=y"]
    assert (mse.value < 1e-10).all()
    vpt = table.query("metric == 'valid_prediction_time'")
    assert list(vpt.series) == [""] and vpt.value.iloc[0] == pytest.approx(50 * 0.5)  # whole horizon


def test_failing_forecaster_is_recorded_and_the_rest_runs():
    def broken(train, *, horizon, context):
        raise RuntimeError("boom")

    def wrong_shape(train, *, horizon, context):
        return np.zeros(horizon + 1)

    x = np.arange(40.0)
    table = evaluate({"broken": broken, "wrong": wrong_shape, "naive": naive}, {"a": (x[:30], x[30:])})
    errors = table.query("metric == 'error'").set_index("forecaster").message
    assert "RuntimeError: boom" in errors["broken"]
    assert "returned shape (11,), expected (10,)" in errors["wrong"]
    assert (table.forecaster == "naive").sum() == 7


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: evaluate({}, {}), "forecasters is empty"),
        (lambda: evaluate({"n": 3}, {}), "forecaster 'n' is not callable"),
        (lambda: evaluate({"n": naive}, {"a": Task(np.ones(5), np.ones(3), context=3)}), "none left"),
        (lambda: evaluate({"n": naive}, {"a": (np.ones(5), np.ones(3))}, horizon=4), "horizon=4"),
        (lambda: evaluate({"n": naive}, {"a": Task(np.ones(5), np.ones(3), context=-1)}), "context must be"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()
