"""Discriminating statistics for surrogate tests of nonlinearity.

Each is a reduction over time that follows the data model, and, called on
one 1-D series, returns a float, so it can be handed as it is to
:func:`tsdyn.surrogates.surrogate_test` (Theiler et al. 1992). A third ready
statistic, the largest Lyapunov exponent, is
``lambda s: lyapunov_exponent(s, m=m, tau=tau).exponent`` with the embedding
fixed (every surrogate must be measured the same way).

>>> import numpy as np
>>> from tsdyn.chaos import time_reversal_asymmetry
>>> x = np.random.default_rng(0).standard_normal(5000)
>>> abs(float(time_reversal_asymmetry(x))) < 0.1
True
"""

from __future__ import annotations

import numpy as np

from tsdyn._naming import public_name
from tsdyn.data import Output, apply_along_time, from_series, series_and_family
from tsdyn.errors import InputError, check_int, check_nan_policy

__all__ = ["prediction_error", "time_reversal_asymmetry"]


def time_reversal_asymmetry(x, *, lag: int = 1, dim: str = "time", nan_policy: str = "raise"):
    """Skewness of the increments ``x[t + lag] - x[t]``: zero for a time-reversible series.

    .. math:: A = \\frac{\\langle (x_{t+\\ell} - x_t)^3 \\rangle}{\\langle (x_{t+\\ell} - x_t)^2 \\rangle^{3/2}}

    A linear Gaussian process (and any static transform of one) is
    statistically the same run backwards, so its :math:`A` is zero up to
    sampling error; a dissipative chaotic map or a relaxation oscillation is
    not (Theiler et al. 1992; Diks et al. 1995).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis).
    lag : int
        Increment lag in samples (>= 1).
    dim : str
        The time dimension.
    nan_policy : {"raise"}
        NaN and infinite values are refused with their position.

    Returns
    -------
    float for one series; the family of ``x`` otherwise. A constant series gives NaN
    (the increments have no spread).

    See Also
    --------
    tsdyn.surrogates.surrogate_test : Tests it against time-reversible surrogates.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.empty(2000)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    >>> # the logistic map at r = 4 is irreversible: A = -3/4 over its invariant density
    >>> bool(abs(time_reversal_asymmetry(x) + 0.75) < 0.05)
    True
    """
    lag = check_int(lag, "lag", minimum=1)
    check_nan_policy(nan_policy, ("raise",))
    da, family = series_and_family(x, dim=dim)
    out = apply_along_time(
        _asymmetry_kernel,
        da,
        outputs=Output("time_reversal_asymmetry", "skewness of the lag increments"),
        dim=dim,
        kwargs={"lag": lag},
        attrs={"lag": lag, "nan_policy": nan_policy},
        function=public_name(time_reversal_asymmetry),
        min_length=lag + 2,
        length_reason=f"increments at lag {lag}",
        nan_policy=nan_policy,
    )
    return from_series(out, family, dim=dim)


def _asymmetry_kernel(a, *, parallel, lag):
    d = a[:, lag:] - a[:, :-lag]
    second = np.mean(d**2, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(second > 0, np.mean(d**3, axis=1) / second**1.5, np.nan)


def prediction_error(
    x,
    *,
    m: int | None = None,
    tau: int | None = None,
    horizon: int = 1,
    theiler: int | None = None,
    dim: str = "time",
    nan_policy: str = "raise",
):
    """Normalised error of nearest-neighbour (analogue) prediction ``horizon`` steps ahead.

    Every delay vector is predicted by the future of its nearest neighbour
    (more than ``theiler`` samples away in time); the error is the RMS
    prediction error over the standard deviation of ``x``. Low-dimensional
    determinism makes it small; for white noise it is about :math:`\\sqrt 2`.
    Against surrogates (``alternative="less"``) it tests for nonlinear
    determinism (Sugihara & May 1990; Theiler et al. 1992).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis).
    m, tau : int, optional
        Embedding dimension and delay; ``None``: the chaos engine's defaults
        (:func:`tsdyn.chaos.optimal_delay`, :func:`tsdyn.chaos.embedding_dimension`),
        per series. Fix them when comparing a series with its surrogates.
    horizon : int
        Steps ahead (>= 1).
    theiler : int, optional
        Neighbours closer in time are excluded; ``None``: ``tau`` (the
        neighbour must not share the vector's stretch of orbit).
    dim : str
        The time dimension.
    nan_policy : {"raise"}
        NaN and infinite values are refused with their position.

    Returns
    -------
    float for one series; the family of ``x`` otherwise.

    See Also
    --------
    tsdyn.surrogates.surrogate_test : Ranks it among surrogates' errors.
    classify : Uses it as evidence of determinism.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.empty(2000)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    >>> bool(prediction_error(x, m=1, tau=1) < 0.05)
    True
    >>> noise = np.random.default_rng(0).standard_normal(2000)
    >>> round(float(prediction_error(noise, m=2, tau=1)), 1)
    1.4
    """
    m = None if m is None else check_int(m, "m", minimum=1)
    tau = None if tau is None else check_int(tau, "tau", minimum=1)
    horizon = check_int(horizon, "horizon", minimum=1)
    theiler = None if theiler is None else check_int(theiler, "theiler", minimum=0)
    check_nan_policy(nan_policy, ("raise",))
    da, family = series_and_family(x, dim=dim)
    minimum = ((m or 2) - 1) * (tau or 1) + horizon + _MIN_VECTORS
    out = apply_along_time(
        _prediction_kernel,
        da,
        outputs=Output("prediction_error", f"normalised nearest-neighbour prediction error, {horizon} ahead"),
        dim=dim,
        kwargs={"m": m, "tau": tau, "horizon": horizon, "theiler": theiler},
        attrs={
            "m": "embedding_dimension (fnn)" if m is None else m,
            "tau": "optimal_delay (ami)" if tau is None else tau,
            "horizon": horizon,
            "theiler": "tau" if theiler is None else theiler,
            "nan_policy": nan_policy,
        },
        function=public_name(prediction_error),
        min_length=minimum,
        length_reason=f"predictions {horizon} steps ahead",
        nan_policy=nan_policy,
    )
    return from_series(out, family, dim=dim)


_MIN_VECTORS = 10


def _prediction_kernel(a, *, parallel, m, tau, horizon, theiler):
    from tsdyn.chaos.embedding import check_varies

    check_varies(a)
    return np.array([_prediction_row(row, m, tau, horizon, theiler) for row in a])


def _prediction_row(x, m, tau, horizon, theiler):
    from tsdyn.chaos.embedding import check_theiler, default_delay, embedding_dimension, nearest_neighbours

    if tau is None:
        tau = default_delay(x)
    if m is None:
        m = embedding_dimension(x, tau=tau).m
    given = theiler is not None
    theiler = tau if theiler is None else theiler
    # vectors whose future is in the series
    # the delay vectors of embed(), oldest coordinate first, as a view: this runs once per
    # surrogate and embedding dimension in classify, where embed's labelled output costs most
    span = (m - 1) * tau + 1
    points = np.lib.stride_tricks.sliding_window_view(x, span)[: x.size - span + 1 - horizon, ::tau]
    if points.shape[0] < _MIN_VECTORS:
        raise InputError(
            f"x is too short to predict {horizon} steps ahead with m={m}, tau={tau}: needs at least "
            f"{(m - 1) * tau + horizon + _MIN_VECTORS} samples, got {x.size}"
        )
    if given:
        check_theiler(theiler, points.shape[0])
    index = np.arange(points.shape[0])
    _, nb = nearest_neighbours(points, index, theiler, 2.0)
    ok = nb >= 0
    target = (m - 1) * tau + horizon  # sample predicted for vector 0
    err = x[target + index[ok]] - x[target + nb[ok]]
    return float(np.sqrt(np.mean(err**2)) / x.std()) if ok.any() else np.nan
