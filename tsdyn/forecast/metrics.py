"""Forecasting metrics: MSE, MAE, sMAPE, MASE, correlation and valid prediction time.

Every metric compares a true continuation ``y_true`` with a forecast
``y_pred`` of the same shape along ``dim``. ``per_step=False`` (the default)
reduces over the forecast horizon and gives one number per series;
``per_step=True`` keeps ``dim`` and gives the error at each horizon step, so
that an ensemble of forecasts can be averaged step by step (``.mean("member")``).
The result has the family of ``y_true``: numpy in, numpy (or float) out;
pandas in, pandas out; xarray in, xarray out with the parameters in attrs.

A plain numpy ``y_pred`` (or ``y_train``) is read in ``y_true``'s layout, so a
forecaster that returns an array can be scored against a DataArray directly.

>>> import numpy as np
>>> from tsdyn.forecast.metrics import mae, mse
>>> mse([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
1.3333333333333333
>>> mae([1.0, 2.0, 3.0], [1.0, 2.0, 5.0], per_step=True)
array([0., 0., 2.])
"""

from __future__ import annotations

import numbers

import numpy as np
import xarray as xr

from tsdyn.data import TIME, Output, apply_along_time, check_values, from_series, read_like, series_and_family
from tsdyn.errors import InputError, check_int

__all__ = [
    "correlation",
    "mae",
    "mase",
    "mse",
    "normalized_error",
    "smape",
    "valid_prediction_time",
]


def _pair(y_true, y_pred, *, dim: str):
    """Truth as a DataArray with its family, and the forecast read in its layout, both checked."""
    t, family = series_and_family(y_true, dim=dim, name="y_true")
    p = read_like(y_pred, t, dim=dim, name="y_pred", ref_name="y_true")
    check_values(t, name="y_true")
    check_values(p, name="y_pred")
    # numbers from here on (booleans and integers as the kernels see them: numpy refuses bool - bool)
    return t.astype(np.float64), p.astype(np.float64), family


def _error_kernel(t, p, *, parallel, what, per_step):
    """Pointwise error of ``p`` (forecast) against ``t`` (truth), or its row mean.

    ``what``: ``"squared"``, ``"absolute"`` or ``"symmetric percentage"``
    (``200 |e| / (|y| + |yhat|)``, 0 where both are 0).
    """
    e = p - t
    if what == "squared":
        e *= e
    elif what == "absolute":
        np.abs(e, out=e)
    else:
        denom = np.abs(t) + np.abs(p)
        np.abs(e, out=e)
        np.divide(200.0 * e, denom, out=e, where=denom > 0)
    return e if per_step else e.mean(axis=1)


def _error_metric(y_true, y_pred, *, dim, what, name, long_name, per_step, scale=None, attrs=None):
    """A mean (or per-step value) of a pointwise error of ``y_pred`` against ``y_true``."""
    t, family = series_and_family(y_true, dim=dim, name="y_true")
    out = Output(name, long_name=long_name, core_dims=("time",) if per_step else ())
    res = apply_along_time(
        _error_kernel, t, y_pred, outputs=out, dim=dim, kwargs={"what": what, "per_step": per_step},
        attrs={"per_step": per_step, **(attrs or {})}, function=name, name=("y_true", "y_pred"),
    )  # fmt: skip
    if scale is not None:
        res = (res / scale).assign_attrs(res.attrs).rename(name)
    return from_series(res, family, dim=dim)


def mse(y_true, y_pred, *, dim: str = TIME, per_step: bool = False):
    r"""Mean squared error.

    .. math:: \mathrm{MSE} = \frac{1}{H} \sum_{h=1}^{H} (\hat y_h - y_h)^2

    Parameters
    ----------
    y_true, y_pred : array-like, pandas or xarray object
        Truth and forecast, same shape; numpy arrays have time on the last axis.
    dim : str
        The time (horizon) dimension.
    per_step : bool
        Give the squared error at every horizon step instead of the mean.

    Returns
    -------
    Same family as ``y_true``: one value per series (or per step).

    See Also
    --------
    mae, mase, smape, correlation, normalized_error, valid_prediction_time : The other scores.

    Examples
    --------
    >>> mse([0.0, 0.0], [1.0, 3.0])
    5.0
    """
    return _error_metric(y_true, y_pred, dim=dim, what="squared", name="mse", long_name="mean squared error",
                         per_step=per_step)  # fmt: skip


def mae(y_true, y_pred, *, dim: str = TIME, per_step: bool = False):
    r"""Mean absolute error.

    .. math:: \mathrm{MAE} = \frac{1}{H} \sum_{h=1}^{H} |\hat y_h - y_h|

    Parameters
    ----------
    y_true, y_pred, dim, per_step
        As in :func:`mse`.

    Returns
    -------
    Same family as ``y_true``: one value per series (or per step).

    See Also
    --------
    mse, mase, smape, correlation, normalized_error, valid_prediction_time : The other scores.

    Examples
    --------
    >>> mae([0.0, 0.0], [1.0, -3.0])
    2.0
    """
    return _error_metric(y_true, y_pred, dim=dim, what="absolute", name="mae", long_name="mean absolute error",
                         per_step=per_step)  # fmt: skip


def smape(y_true, y_pred, *, dim: str = TIME, per_step: bool = False):
    r"""Symmetric mean absolute percentage error, in percent (0 to 200).

    .. math:: \mathrm{sMAPE} = \frac{200}{H} \sum_{h=1}^{H}
              \frac{|\hat y_h - y_h|}{|\hat y_h| + |y_h|}

    This is the convention of Makridakis (1993) and of Gilpin (2021); a step
    where truth and forecast are both exactly zero counts as no error.
    ``dysts.metrics.smape(..., scaled=False)`` uses the same formula; its
    default ``scaled=True`` gives half of it.

    Parameters
    ----------
    y_true, y_pred, dim, per_step
        As in :func:`mse`.

    Returns
    -------
    Same family as ``y_true``: one value per series (or per step).

    See Also
    --------
    mae, mse, mase, correlation, normalized_error, valid_prediction_time : The other scores.

    Examples
    --------
    >>> smape([1.0, 2.0], [1.0, -2.0])
    100.0
    """
    return _error_metric(y_true, y_pred, dim=dim, what="symmetric percentage", name="smape",
                         long_name="symmetric mean absolute percentage error (%)", per_step=per_step)  # fmt: skip


def mase(y_true, y_pred, *, y_train, m: int = 1, dim: str = TIME, per_step: bool = False):
    r"""Mean absolute scaled error (Hyndman & Koehler 2006).

    .. math:: \mathrm{MASE} = \frac{\frac{1}{H}\sum_h |\hat y_h - y_h|}
              {\frac{1}{n-m}\sum_{i=m+1}^{n} |x_i - x_{i-m}|}

    The scale is the in-sample mean absolute error of the seasonal naive
    forecast (the value ``m`` steps before) on the training series ``x``, so
    MASE < 1 beats that naive forecast. A training series that is constant at
    lag ``m`` has no scale and is refused.

    Parameters
    ----------
    y_true, y_pred : array-like, pandas or xarray object
        Truth and forecast, as in :func:`mse`.
    y_train : array-like, pandas or xarray object
        The series the forecast was made from: same layout as ``y_true``
        except its length along ``dim``.
    m : int
        Season length of the naive scale (1: the previous value).
    dim, per_step :
        As in :func:`mse`.

    Returns
    -------
    Same family as ``y_true``: one value per series (or per step).

    See Also
    --------
    mae, mse, smape, correlation, normalized_error, valid_prediction_time : The other scores.

    Examples
    --------
    >>> mase([3.0, 3.0], [4.0, 2.0], y_train=[0.0, 2.0, 4.0])
    0.5
    """
    m = check_int(m, "m", minimum=1)
    t, _, _ = _pair(y_true, y_pred, dim=dim)
    train = read_like(y_train, t, dim=dim, name="y_train", ref_name="y_true", same_time=False)
    scale = apply_along_time(
        _naive_difference_kernel, train, outputs=Output("scale"), dim=dim, kwargs={"m": m},
        min_length=m + 1, length_reason=f"the naive scale of MASE with m={m}", name="y_train",
    )  # fmt: skip
    if scale.chunks is None and bool((scale == 0).any()):
        raise InputError(
            f"y_train is constant with lag m={m} for {int((scale == 0).sum())} series: "
            "the naive scale of MASE is zero"
        )
    return _error_metric(y_true, y_pred, dim=dim, what="absolute", name="mase",
                         long_name="mean absolute scaled error", per_step=per_step, scale=scale,
                         attrs={"m": m})  # fmt: skip


def correlation(y_true, y_pred, *, dim: str = TIME, method: str = "pearson"):
    """Correlation between truth and forecast over the horizon, one value per series.

    Parameters
    ----------
    y_true, y_pred : array-like, pandas or xarray object
        Truth and forecast, as in :func:`mse` (at least 2 samples).
    dim : str
        The time (horizon) dimension.
    method : {"pearson", "spearman"}
        Linear (Pearson) or rank (Spearman, average ranks for ties) correlation.

    Returns
    -------
    Same family as ``y_true``. NaN for a series where the truth or the forecast
    is constant (every value equal, whatever the value): a correlation divides
    by both standard deviations, so it is undefined there, not 0.

    See Also
    --------
    mae, mse, mase, smape, normalized_error, valid_prediction_time : The other scores.

    Examples
    --------
    >>> correlation([1.0, 2.0, 3.0], [2.0, 4.0, 7.0], method="spearman")
    1.0
    >>> correlation([1.0, 2.0, 3.0], [0.1, 0.1, 0.1])  # a constant forecast
    nan
    """
    if method not in ("pearson", "spearman"):
        raise InputError(f"method must be 'pearson' or 'spearman'; got {method!r}")
    t, p, family = _pair(y_true, y_pred, dim=dim)
    n = t.sizes[dim]
    if n < 2:
        raise InputError(f"correlation needs at least 2 samples along {dim!r}, got {n}")
    res = apply_along_time(
        _correlation_kernel, t, p, outputs=Output("correlation", long_name=f"{method} correlation"),
        dim=dim, kwargs={"method": method}, attrs={"method": method}, function="correlation",
        name=("y_true", "y_pred"),
    )  # fmt: skip
    return from_series(res, family, dim=dim)


def _correlation_kernel(t, p, *, parallel, method):
    """Correlation of the rows of ``t`` (truth) with those of ``p`` (forecast); NaN for a constant row."""
    if method == "spearman":
        from scipy import stats

        t = stats.rankdata(t, axis=1)
        p = stats.rankdata(p, axis=1)
    # constant rows are found on the values themselves: centring 0.1, 0.1, 0.1 leaves rounding residues
    # of 1e-17 whose "correlation" would be a meaningless number instead of NaN
    varies = (np.ptp(t, axis=1) > 0) & (np.ptp(p, axis=1) > 0)
    t = t - t.mean(axis=1, keepdims=True)
    p = p - p.mean(axis=1, keepdims=True)
    denom = np.sqrt((t * t).sum(axis=1) * (p * p).sum(axis=1))
    num = (t * p).sum(axis=1)
    out = np.full(t.shape[0], np.nan)
    ok = varies & (denom > 0)
    out[ok] = num[ok] / denom[ok]
    return out


def _variable_dim(variable_dim, t: xr.DataArray, dim: str):
    """The name of the variable dimension: a dim name, or an axis of a numpy input."""
    if variable_dim is None:
        return None
    if isinstance(variable_dim, numbers.Integral) and not isinstance(variable_dim, bool):
        axes = [d for d in t.dims if d != dim]
        if not -len(axes) <= int(variable_dim) < len(axes):
            raise InputError(f"variable_dim={variable_dim} is not an axis of y_true's non-time axes {axes}")
        return axes[variable_dim]
    if variable_dim not in t.dims or variable_dim == dim:
        raise InputError(f"variable_dim {variable_dim!r} is not a non-time dimension of y_true {t.dims}")
    return variable_dim


def _normalized(y_true, y_pred, *, dim, scale, variable_dim):
    t, p, family = _pair(y_true, y_pred, dim=dim)
    var = _variable_dim(variable_dim, t, dim)
    if scale is None:
        sigma = t.std(dim)
    else:
        sigma = read_like(
            scale, t.isel({dim: 0}, drop=True), dim=dim, name="scale", ref_name="y_true", same_time=False
        )
    if bool((sigma <= 0).any()):
        raise InputError(
            "scale is zero (or negative) for some series: a constant truth cannot normalise the error"
        )
    sq = ((p - t) / sigma) ** 2
    err = np.sqrt(sq.mean(var) if var else sq)
    if var and family.kind == "dataset":
        # the variables were averaged: the answer is one array, not one per variable
        family = type(family)("dataarray")
    return err, family, var


def normalized_error(y_true, y_pred, *, dim: str = TIME, scale=None, variable_dim=None):
    r"""Normalized root-mean-square error at every horizon step.

    .. math:: e_h = \sqrt{\Big\langle \frac{(\hat y_{h,i} - y_{h,i})^2}{\sigma_i^2} \Big\rangle_i}

    with the average over the variables ``i`` along ``variable_dim`` (none:
    every series on its own) and :math:`\sigma_i` the standard deviation of
    variable ``i``. This is the error curve whose first crossing of a
    threshold defines :func:`valid_prediction_time`.

    Parameters
    ----------
    y_true, y_pred : array-like, pandas or xarray object
        Truth and forecast, as in :func:`mse`.
    dim : str
        The time (horizon) dimension.
    scale : array-like or DataArray, optional
        :math:`\sigma` of every series, without the time dimension. Default:
        the standard deviation of ``y_true`` over the horizon. The attractor's
        standard deviation (e.g. of the training series) is the better choice
        for short horizons.
    variable_dim : str or int, optional
        Dimension (name, or axis of a numpy input) that holds the state
        variables; the squared errors are averaged over it. A DataFrame's
        columns are the dimension ``"variable"``.

    Returns
    -------
    Same family as ``y_true`` with ``dim`` kept (and ``variable_dim`` dropped).

    See Also
    --------
    mae, mse, mase, smape, correlation, valid_prediction_time : The other scores.

    Examples
    --------
    >>> normalized_error([[0.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [1.0, 2.0]],
    ...                  scale=[1.0, 2.0], variable_dim=0)
    array([0.79056942, 0.70710678])
    """
    err, family, var = _normalized(y_true, y_pred, dim=dim, scale=scale, variable_dim=variable_dim)
    out = Output("normalized_error", long_name="normalized root-mean-square error", core_dims=("time",))
    res = apply_along_time(_copy_kernel, err, outputs=out, dim=dim,
                           attrs={"variable_dim": var}, function="normalized_error", name="normalized error")  # fmt: skip
    return from_series(res, family, dim=dim)


def valid_prediction_time(
    y_true,
    y_pred,
    *,
    dim: str = TIME,
    threshold: float = 0.5,
    dt: float | None = None,
    lyapunov_exponent: float | None = None,
    scale=None,
    variable_dim=None,
):
    r"""Valid prediction time: how long the forecast stays within ``threshold``.

    The forecast's first sample is one step ahead (lead time ``dt``). With
    :math:`e_h` the :func:`normalized_error`, the forecast is valid for the
    ``k`` steps before :math:`e_h` first exceeds ``threshold``, so

    .. math:: \mathrm{VPT} = k \, \Delta t \, \lambda_{\max}

    in Lyapunov times when ``lyapunov_exponent`` is given (Pathak et al. 2018;
    Vlachas et al. 2020, whose threshold 0.5 is the default). A forecast that
    never exceeds the threshold gets the whole horizon ``H dt`` (a lower bound).

    Parameters
    ----------
    y_true, y_pred : array-like, pandas or xarray object
        Truth and forecast, as in :func:`mse`.
    dim : str
        The time (horizon) dimension.
    threshold : float
        Largest normalized error still counted as a valid forecast.
    dt : float, optional
        Sampling interval. Default: the spacing of a numeric ``dim``
        coordinate, else 1 (the answer is then in samples).
    lyapunov_exponent : float, optional
        Largest Lyapunov exponent (per unit of time); the answer is then in
        Lyapunov times :math:`\lambda_{\max} t`. Default: model time units.
    scale, variable_dim :
        As in :func:`normalized_error`.

    Returns
    -------
    Same family as ``y_true``, ``dim`` (and ``variable_dim``) dropped.

    See Also
    --------
    mae, mse, mase, smape, correlation, normalized_error : The other scores.

    Examples
    --------
    >>> valid_prediction_time([1.0, -1.0, 1.0, -1.0], [1.0, -1.2, 0.0, -1.0], dt=0.1,
    ...                       lyapunov_exponent=2.0)
    0.4
    """
    if not isinstance(threshold, numbers.Real) or not threshold > 0:
        raise InputError(f"threshold must be a positive number, got {threshold!r}")
    if lyapunov_exponent is not None and not (
        isinstance(lyapunov_exponent, numbers.Real)
        and np.isfinite(lyapunov_exponent)
        and lyapunov_exponent > 0
    ):
        raise InputError(f"lyapunov_exponent must be a positive finite number, got {lyapunov_exponent!r}")
    err, family, var = _normalized(y_true, y_pred, dim=dim, scale=scale, variable_dim=variable_dim)
    step = _sampling_interval(err, dim) if dt is None else dt
    if not isinstance(step, numbers.Real) or not step > 0:
        raise InputError(f"dt must be a positive number, got {step!r}")
    factor = float(step) * (1.0 if lyapunov_exponent is None else float(lyapunov_exponent))
    unit = "Lyapunov times" if lyapunov_exponent is not None else "time units"
    steps = apply_along_time(
        _valid_steps_kernel, err, outputs=Output("valid_prediction_time"), dim=dim,
        kwargs={"threshold": float(threshold)}, function="valid_prediction_time", name="normalized error",
    )  # fmt: skip
    res = steps * factor
    res.attrs = {
        **steps.attrs,
        "long_name": f"valid prediction time ({unit})",
        "units": unit,
        "threshold": float(threshold),
        "dt": float(step),
        "lyapunov_exponent": "none" if lyapunov_exponent is None else float(lyapunov_exponent),
        "variable_dim": "none" if var is None else var,
    }
    return from_series(res.rename("valid_prediction_time"), family, dim=dim)


def _copy_kernel(a, *, parallel):
    """The rows themselves: the normalized error already holds one value per step."""
    return a.copy()


def _valid_steps_kernel(a, *, parallel, threshold):
    """Number of leading samples of each row whose value stays at or below ``threshold``.

    A row that never exceeds the threshold was valid over the whole horizon.
    """
    above = a > threshold
    first = np.argmax(above, axis=1)
    return np.where(above.any(axis=1), first, a.shape[1]).astype(np.float64)


def _naive_difference_kernel(a, *, parallel, m):
    """Mean absolute ``m``-step difference of every row: the scale of MASE."""
    return np.abs(a[:, m:] - a[:, :-m]).mean(axis=1)


def _sampling_interval(da: xr.DataArray, dim: str) -> float:
    """Spacing of a numeric, evenly spaced ``dim`` coordinate; 1 (samples) without one."""
    if dim not in da.coords or da.sizes[dim] < 2 or da[dim].dtype.kind not in "iuf":
        return 1.0
    steps = np.diff(da[dim].values.astype(np.float64))
    if not np.allclose(steps, steps[0], rtol=1e-6, atol=0):
        raise InputError(f"the {dim!r} coordinate is not evenly spaced; pass dt=... explicitly")
    return float(steps[0])
