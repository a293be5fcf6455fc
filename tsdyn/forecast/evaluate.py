"""Score any forecaster on a set of train/test problems and return a tidy table.

A forecaster is any callable ``f(train, *, horizon, context)`` returning the
``horizon`` samples that follow ``context`` (``None``: follow ``train``); the
baselines of :mod:`tsdyn.forecast.baselines` have that shape, and
``functools.partial`` fixes their parameters. ``train`` and ``context`` arrive
as DataArrays with the time dimension ``dim`` (``.values`` gives numpy with
time last when ``dim`` is the last dimension); the forecast may be an
array in that layout or a DataArray.

>>> import functools
>>> import numpy as np
>>> from tsdyn.forecast.baselines import ar, naive
>>> x = np.sin(0.3 * np.arange(120))
>>> table = evaluate({"naive": naive, "AR(2)": functools.partial(ar, order=2)},
...                  {"sine": Task(train=x[:100], test=x[100:])})
>>> table.pivot(index="metric", columns="forecaster", values="value").loc["mse"].idxmin()
'AR(2)'
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn.data import TIME, as_series
from tsdyn.errors import InputError, check_int
from tsdyn.forecast import metrics

__all__ = ["COLUMNS", "Task", "evaluate"]

COLUMNS = ["task", "forecaster", "series", "metric", "value", "message"]


@dataclass(frozen=True)
class Task:
    """One forecasting problem.

    Parameters
    ----------
    train : array-like, pandas or xarray object
        What the forecaster learns from (numpy: time on the last axis).
    test : same layout as ``train``
        The truth. Its first ``context`` samples are given to the forecaster
        as the series to continue; the rest is forecast. With ``context=0``
        ``test`` is taken to continue ``train`` directly.
    context : int
        Number of leading ``test`` samples handed over as context.
    lyapunov_exponent : float, optional
        Largest Lyapunov exponent: the valid prediction time is then reported
        in Lyapunov times. Default: ``test.attrs["lyapunov_exponent"]`` when
        there is one, else model time units.
    variable_dim : str or int, optional
        Dimension of the state variables: the valid prediction time uses the
        error averaged over them (one value per task), the other metrics stay
        per variable.
    """

    train: Any
    test: Any
    context: int = 0
    lyapunov_exponent: float | None = None
    variable_dim: str | int | None = None


def evaluate(
    forecasters: Mapping[str, Callable],
    tasks: Mapping[str, Task | tuple],
    *,
    horizon: int | None = None,
    threshold: float = 0.5,
    dim: str = TIME,
) -> pd.DataFrame:
    """Run every forecaster on every task and score it.

    Parameters
    ----------
    forecasters : mapping of name to callable
        ``f(train, *, horizon, context)``, see the module docstring.
    tasks : mapping of name to Task or (train, test) pair
    horizon : int, optional
        Samples to forecast; default all of ``test`` after the context.
    threshold : float
        Normalized-error threshold of the valid prediction time.
    dim : str
        The time dimension.

    Returns
    -------
    pandas.DataFrame
        One row per task, forecaster, series and metric (``mse``, ``mae``,
        ``smape``, ``mase``, ``correlation``, ``valid_prediction_time``,
        ``seconds``): columns ``task, forecaster, series, metric, value,
        message``. ``series`` names the coordinate of a multivariate series
        (``"variable=x"``) or is ``""``. A forecaster that fails on a task
        gives one row with metric ``"error"`` and the exception in
        ``message``; the other runs go on.
    """
    if not forecasters:
        raise InputError("forecasters is empty: pass a mapping of name to callable")
    for name, f in forecasters.items():
        if not callable(f):
            raise InputError(f"forecaster {name!r} is not callable (got {type(f).__name__})")
    rows = []
    for task_name, task in tasks.items():
        task = task if isinstance(task, Task) else Task(*task)
        prepared = _prepare(task_name, task, horizon=horizon, dim=dim)
        for name, f in forecasters.items():
            rows.extend(_run(task_name, name, f, prepared, threshold=threshold, dim=dim))
    return pd.DataFrame(rows, columns=COLUMNS)


@dataclass(frozen=True)
class _Prepared:
    train: xr.DataArray
    context: xr.DataArray | None
    future: xr.DataArray
    horizon: int
    lyapunov_exponent: float | None
    variable_dim: str | int | None


def _prepare(task_name: str, task: Task, *, horizon: int | None, dim: str) -> _Prepared:
    train = as_series(task.train, dim=dim, name=f"task {task_name!r} train")
    test = as_series(task.test, dim=dim, name=f"task {task_name!r} test")
    context = check_int(task.context, f"task {task_name!r} context", minimum=0)
    available = test.sizes[dim] - context
    if available < 1:
        raise InputError(
            f"task {task_name!r}: test has {test.sizes[dim]} samples, none left after context={context}"
        )
    h = available if horizon is None else check_int(horizon, "horizon", minimum=1)
    if h > available:
        raise InputError(
            f"task {task_name!r}: horizon={h} but test has only {available} samples after the context"
        )
    lyap = task.lyapunov_exponent
    if lyap is None and "lyapunov_exponent" in test.attrs:
        lyap = float(test.attrs["lyapunov_exponent"])
    return _Prepared(
        train=train,
        context=test.isel({dim: slice(0, context)}) if context else None,
        future=test.isel({dim: slice(context, context + h)}),
        horizon=h,
        lyapunov_exponent=lyap,
        variable_dim=task.variable_dim,
    )


def _run(task_name: str, name: str, f: Callable, p: _Prepared, *, threshold: float, dim: str) -> list[dict]:
    start = time.perf_counter()
    try:
        forecast = _as_future_array(f(p.train, horizon=p.horizon, context=p.context), p.future, name)
        seconds = time.perf_counter() - start
        scores = _score(p, forecast, threshold=threshold, dim=dim)
    except Exception as err:  # one failing forecaster must not stop the benchmark
        message = "".join(traceback.format_exception_only(err)).strip()
        return [_row(task_name, name, "", "error", np.nan, message)]
    rows = [_row(task_name, name, series, metric, value) for metric, series, value in scores]
    rows.append(_row(task_name, name, "", "seconds", seconds))
    return rows


def _row(task, forecaster, series, metric, value, message=""):
    return dict(zip(COLUMNS, (task, forecaster, series, metric, float(value), message), strict=True))


def _as_future_array(forecast, future: xr.DataArray, name: str) -> np.ndarray:
    """The forecast's values in the layout of ``future`` (labels are not compared)."""
    if isinstance(forecast, xr.DataArray):
        forecast = forecast.transpose(*future.dims).values
    values = np.asarray(forecast, dtype=np.float64)
    if values.shape != future.shape:
        raise InputError(f"forecaster {name!r} returned shape {values.shape}, expected {future.shape}")
    return values


def _score(p: _Prepared, forecast: np.ndarray, *, threshold: float, dim: str):
    truth = p.future
    pred = truth.copy(data=forecast)
    per_series = {
        "mse": metrics.mse(truth, pred, dim=dim),
        "mae": metrics.mae(truth, pred, dim=dim),
        "smape": metrics.smape(truth, pred, dim=dim),
        "mase": metrics.mase(truth, pred, y_train=p.train, dim=dim),
    }
    if p.horizon >= 2:
        per_series["correlation"] = metrics.correlation(truth, pred, dim=dim)
    per_series["valid_prediction_time"] = metrics.valid_prediction_time(
        truth, pred, dim=dim, threshold=threshold, lyapunov_exponent=p.lyapunov_exponent,
        scale=p.train.std(dim), variable_dim=p.variable_dim,
    )  # fmt: skip
    for metric, da in per_series.items():
        for label, value in _labelled(da):
            yield metric, label, value


def _labelled(da: xr.DataArray):
    """(label, value) for every element: ``"variable=x, member=0"`` or ``""`` for a scalar."""
    if da.ndim == 0:
        yield "", float(da)
        return
    for index in np.ndindex(da.shape):
        parts = []
        for d, i in zip(da.dims, index, strict=True):
            parts.append(f"{d}={da[d].values[i]}" if d in da.coords else f"{d}={i}")
        yield ", ".join(parts), float(da.values[index])
