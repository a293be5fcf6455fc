"""Kendall tau trend statistic of an indicator against time.

Tau-b of the indicator's values against their times over ``[tmin, tmax]``
(or up to a transition), NaN dropped: the value ewstools' ``compute_ktau``
and R earlywarnings report. A positive tau means the indicator rises towards
the end of the range, the signature of critical slowing down.

.. warning::
   The p-value of scipy's ``kendalltau`` (``pvalue=True``) assumes
   independent points. Rolling-window indicators share most of their data
   from one window to the next, so they are strongly autocorrelated and
   that p-value is far too small. Use surrogate-based p-values
   (:mod:`tsdyn.ews.significance`) to decide whether a trend is real.
"""

from __future__ import annotations

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.data import Output, apply_along_time
from tsdyn.ews import _kernels
from tsdyn.ews._input import prepare, time_range

__all__ = ["kendall_trend", "kendall_rows"]


def kendall_rows(a: np.ndarray, *, lo: int = 0, hi: int | None = None, parallel: bool = False) -> np.ndarray:
    """Kendall tau-b of each row of the 2-D array ``a`` over samples ``[lo, hi)`` (NaN dropped)."""
    hi = a.shape[1] if hi is None else hi
    return _kernels.kendall_tau(np.ascontiguousarray(a, dtype=np.float64), lo=lo, hi=hi, parallel=parallel)


def kendall_trend(
    x: SeriesLike,
    *,
    dim: str = "time",
    tmin: TimePoint | None = None,
    tmax: TimePoint | None = None,
    transition: TimePoint | None = None,
    pvalue: bool = False,
) -> SeriesResult:
    """Kendall tau of each series against time.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Indicator series (NaN are dropped, e.g. the first ``window - 1`` values).
    dim : str
        The time dimension.
    tmin, tmax : number or datetime, optional
        Time range (inclusive); default the whole series.
    transition : number or datetime, optional
        Use data at times <= ``transition`` only.
    pvalue : bool
        Also return scipy's two-sided p-value, which assumes independent
        points and is therefore misleading for rolling indicators (see the
        module warning).

    Returns
    -------
    float / array / Series / DataArray of tau (reduction over ``dim``), or
    with ``pvalue=True`` a Dataset / DataFrame / named tuple with ``tau`` and ``pvalue``.
    NaN where fewer than two values are left once NaN are dropped, or where
    they are all equal (every pair tied: tau, as scipy's, is undefined).

    See Also
    --------
    analyze : The trends of rolling indicators.

    Examples
    --------
    >>> kendall_trend([1.0, 2.0, float("nan"), 3.0, 5.0])
    1.0
    >>> kendall_trend([3.0, 1.0, 2.0, 0.0], tmax=2)
    -0.3333333333333333
    """
    prep = prepare(x, dim=dim, transition=transition, nan_policy="omit", check_constant=False)
    lo, hi = time_range(prep.time, tmin=tmin, tmax=tmax, n_use=prep.n_use, dim=dim)
    outputs = [Output("tau", "Kendall tau against time")]
    if pvalue:
        outputs.append(
            Output(
                "pvalue",
                "Kendall tau p-value assuming independent points (misleading for rolling indicators)",
            )
        )
    return apply_along_time(
        _kendall_kernel,
        prep.x,
        outputs=outputs if pvalue else outputs[0],
        dim=dim,
        kwargs={"lo": lo, "hi": hi, "pvalue": pvalue},
        attrs={"tmin": tmin, "tmax": tmax, "transition": transition},
        function=public_name(kendall_trend),
        nan_policy="propagate",
        # numpy's (time, k) array read along its short last axis gave k-point taus of +-1:
        # the time-axis hint fires where another axis is longer
        expected_length=3,
    )


def _kendall_kernel(a, *, parallel, lo, hi, pvalue):
    tau = kendall_rows(a, lo=lo, hi=hi, parallel=parallel)
    if not pvalue:
        return tau
    return tau, naive_pvalues(a[:, lo:hi])


def naive_pvalues(a: np.ndarray) -> np.ndarray:
    """scipy's Kendall p-value of each row against time (assumes independent points)."""
    from scipy.stats import kendalltau

    out = np.full(a.shape[0], np.nan)
    for r in range(a.shape[0]):
        good = ~np.isnan(a[r])
        if good.sum() >= 2:
            out[r] = kendalltau(np.flatnonzero(good), a[r, good]).pvalue
    return out
