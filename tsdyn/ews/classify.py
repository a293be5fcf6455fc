r"""A hook for trained transition classifiers (deep-learning or not), like ewstools' ``apply_classifier``.

:func:`classify_transition` prepares the series the way such classifiers are
trained (Bury et al. 2021, PNAS 118:e2106140118): detrend, keep the residuals
up to the transition (or up to each of several end points), divide each
window by its mean absolute value, and left-pad with zeros to the
classifier's input length. The windows go to the model as one 2-D array
``(n_windows, length)``; the model is anything with ``predict_proba`` or
``predict`` (a scikit-learn estimator or pipeline, a Keras model wrapped to
take 2-D input) or a plain callable. tsdyn itself depends on no machine-
learning library.

>>> import numpy as np
>>> x = np.random.default_rng(0).standard_normal(300)
>>> p = classify_transition(x, lambda w: np.c_[1 - w.std(axis=1) / 2, w.std(axis=1) / 2], length=100)
>>> p.shape
(2,)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.data import as_series
from tsdyn.errors import InputError, check_int

__all__ = ["classifier_windows", "classify_transition"]


def classifier_windows(resid: np.ndarray, ends: np.ndarray, length: int) -> np.ndarray:
    """Windows of the residual rows ending at ``ends`` (exclusive), normalised and zero-padded.

    ``resid`` is 2-D (series, time); the result is ``(series * len(ends), length)``:
    the last ``length`` samples before each end (fewer at the start of a series,
    then left-padded with zeros), divided by their mean absolute value.

    >>> classifier_windows(np.array([[1.0, -3.0, 2.0]]), np.array([3]), 4)
    array([[ 0. ,  0.5, -1.5,  1. ]])
    """
    out = np.zeros((resid.shape[0] * ends.size, length))
    k = 0
    for row in resid:
        for end in ends:
            seg = row[max(0, end - length) : end]
            scale = np.mean(np.abs(seg))
            if not np.isfinite(scale) or scale == 0.0:
                raise InputError(f"a classifier window ending at index {end - 1} is constant or holds NaN")
            out[k, length - seg.size :] = seg / scale
            k += 1
    return out


def _predict(model: Any, windows: np.ndarray) -> np.ndarray:
    if hasattr(model, "predict_proba"):
        raw, how = model.predict_proba(windows), "predict_proba"
    elif hasattr(model, "predict"):
        raw, how = model.predict(windows), "predict"
    elif callable(model):
        raw, how = model(windows), "the callable"
    else:
        raise InputError(
            f"model must have predict_proba or predict, or be callable; got {type(model).__name__}"
        )
    try:
        out = np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{how} of the model returned non-numeric output ({type(raw).__name__})") from None
    n = windows.shape[0]
    if out.ndim == 1 and out.shape[0] == n:
        return out[:, None]
    if out.ndim == 2 and out.shape[0] == n and out.shape[1] >= 1:
        return out
    raise InputError(
        f"{how} of the model returned shape {out.shape} for {n} windows of {windows.shape[1]} samples; "
        f"expected ({n},) or ({n}, n_classes)"
    )


def classify_transition(
    x: SeriesLike,
    model: Any | Callable[[np.ndarray], Any],
    *,
    dim: str = "time",
    length: int | None = None,
    detrend: str = "gaussian",
    bandwidth: float | int = 0.2,
    span: float | int = 0.2,
    transition: TimePoint | None = None,
    step: int | None = None,
) -> SeriesResult:
    """Class probabilities (or predictions) of a trained classifier on the preprocessed series.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time last for numpy); other dims are broadcast over.
    model : object or callable
        Has ``predict_proba(windows)`` or ``predict(windows)``, or is called as
        ``model(windows)``, with ``windows`` of shape ``(n, length)``; must return
        ``(n,)`` or ``(n, n_classes)`` (anything else raises ``InputError``).
    dim : str
        The time dimension.
    length : int, optional
        The classifier's input length; default the model's ``n_features_in_``
        (scikit-learn) or else the analysed length of the series.
    detrend, bandwidth, span
        Detrending before classification (:func:`tsdyn.ews.detrend`).
    transition : number or datetime, optional
        Use data at times <= ``transition`` only.
    step : int, optional
        Also classify the growing series ending every ``step`` samples (from
        ``step`` on), like ewstools' ``apply_classifier_inc``; adds a
        ``window_end`` dimension (the sample index of each window's last sample).

    Returns
    -------
    numpy.ndarray, xarray.DataArray or pandas object
        A numpy array ``(..., [window_end,] class)`` for numpy input (one
        class column for ``predict``); a DataArray with dims
        ``(..., [window_end,] class)`` for xarray input; a pandas Series (or
        DataFrame with ``step``) for a pandas Series; a DataFrame (index:
        column, columns: class) for a DataFrame.

    See Also
    --------
    detrend : The preprocessing.
    analyze : The trends of rolling indicators.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(1).standard_normal(200)
    >>> always_half = lambda w: np.full((w.shape[0], 2), 0.5)
    >>> classify_transition(x, always_half, step=50).shape
    (4, 2)
    """
    from tsdyn.ews._input import prepare
    from tsdyn.ews.detrending import detrend as detrend_series

    prep = prepare(x, dim=dim, transition=transition, nan_policy="raise")
    da = as_series(prep.x, dim=dim)
    n_use = prep.n_use
    if length is None:
        length = getattr(model, "n_features_in_", None) or n_use
    length = check_int(length, "length", minimum=2)
    ends = (
        np.array([n_use]) if step is None else np.arange(check_int(step, "step", minimum=1), n_use + 1, step)
    )
    if ends.size == 0:
        raise InputError(f"step {step} is longer than the {n_use} samples analysed")
    resid = detrend_series(
        da.isel({dim: slice(0, n_use)}), dim=dim, method=detrend, bandwidth=bandwidth, span=span
    )
    resid = resid["residuals"]
    others = [d for d in resid.dims if d != dim]
    rows = np.asarray(resid.transpose(*others, dim).values, dtype=np.float64).reshape(-1, n_use)
    if detrend == "first_difference":
        rows = rows[:, 1:]  # the first difference is undefined at the first sample
        ends = np.maximum(ends - 1, 1)
    probs = _predict(model, classifier_windows(rows, ends, length))
    shape = tuple(da.sizes[d] for d in others)
    n_classes = probs.shape[1]
    lead = (*shape, ends.size) if step is not None else shape
    values = probs.reshape(*lead, n_classes)
    dims = (*others, "window_end", "class") if step is not None else (*others, "class")
    coords: dict[str, Any] = {d: da.coords[d] for d in others if d in da.coords}
    coords["class"] = np.arange(n_classes)
    if step is not None:
        coords["window_end"] = ends - 1
    out = xr.DataArray(values, dims=dims, coords=coords, name="probability")
    out.attrs = {
        "long_name": "classifier output per class",
        "length": length,
        "detrend": detrend,
        "bandwidth": bandwidth,
        "span": span,
        "transition": "none" if transition is None else str(transition),
        "step": "none" if step is None else step,
        "normalisation": "mean absolute value, zero left-padding",
    }
    if isinstance(x, xr.DataArray | xr.Dataset):
        return out
    if isinstance(x, pd.DataFrame) and step is None:
        return pd.DataFrame(values, index=pd.Index(x.columns, name="variable"))
    if isinstance(x, pd.Series):
        if step is None:
            return pd.Series(values, index=pd.RangeIndex(n_classes, name="class"))
        return pd.DataFrame(values, index=pd.Index(ends - 1, name="window_end"))
    return values
