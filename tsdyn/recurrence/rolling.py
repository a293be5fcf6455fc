"""Windowed RQA: every measure of :func:`tsdyn.recurrence.rqa` in windows sliding along time.

The series is embedded once (one ``m`` and ``tau`` for every window, so the
windows are comparable) and each window's delay vectors get their own
recurrence plot. The threshold is either one distance for every window
(``threshold``: a change of the state-space spread then shows in the
recurrence rate and the line measures alike) or set per window for a fixed
recurrence rate (``recurrence_rate``: the spread is normalised away and
determinism or laminarity measure the structure of the recurrences alone).
With ``relative_to`` the fraction applies to each window's own spread.

>>> import numpy as np
>>> from tsdyn.recurrence import rolling_rqa
>>> t = np.arange(2000)
>>> x = np.where(t < 1000, np.sin(2 * np.pi * t / 25), np.random.default_rng(0).normal(size=2000))
>>> res = rolling_rqa(x, window=500, step=500, m=2, tau=6, recurrence_rate=0.05)
>>> np.round(res.determinism, 1)
array([1. , 1. , 0.1, 0.1])
"""

from __future__ import annotations

import numpy as np

from tsdyn.errors import InputError, check_int, window_points
from tsdyn.recurrence.options import RQAOptions
from tsdyn.recurrence.quantification import (
    MEASURES,
    check_line_minima,
    line_histograms,
    measures_from_histograms,
    prepare_options,
)
from tsdyn.recurrence.sets import Points, absolute_thresholds, iterate, to_family

__all__ = ["EWS_INDICATORS", "EWS_OPTIONS", "ews_indicators", "rolling_rqa"]


def rolling_rqa(x, options: RQAOptions | None = None, /, *, window, step: int | None = None, **kwargs):
    """RQA measures in windows of ``window`` samples, ``step`` samples apart.

    Parameters
    ----------
    x, options : as for :func:`tsdyn.recurrence.rqa`.
    window : int or float
        Samples per window (an int), or a fraction of the series (a float in
        (0, 1)); the glossary's window rule. A window holds the
        ``window - (m - 1) * tau`` delay vectors that lie wholly inside it.
    step : int, optional
        Samples between the starts of consecutive windows (default: ``window // 10``).
    threshold, recurrence_rate, relative_to, m, tau, metric, theiler, l_min, v_min, border, dim, nan_policy
        As for :func:`tsdyn.recurrence.rqa`; the threshold applies per window
        (see the module's note on the two kinds).

    Returns
    -------
    The measures of :func:`tsdyn.recurrence.rqa` per window along a new
    dimension ``window_end`` (the sample index of each window's last
    sample; ``threshold`` holds each window's distance): a named
    tuple of arrays with ``window_end`` as its last field (numpy), a
    DataFrame indexed by ``window_end`` (pandas), a Dataset (xarray).

    Raises
    ------
    InputError
        As :func:`tsdyn.recurrence.rqa`, a window longer than the series, or
        a window too short for ``l_min`` (or for two points outside the
        Theiler band) after embedding.

    See Also
    --------
    tsdyn.recurrence.rqa : The measures of the whole series.
    tsdyn.ews.rolling_indicators : Other early-warning indicators in rolling windows.

    Examples
    --------
    >>> from tsdyn.recurrence import rolling_rqa
    >>> x = np.sin(2 * np.pi * np.arange(400) / 30)
    >>> res = rolling_rqa(x, window=200, step=100, m=2, tau=7, recurrence_rate=0.05)
    >>> res.window_end, np.round(res.determinism, 1)
    (array([199, 299, 399]), array([1., 1., 1.]))
    """

    opts = RQAOptions.build(options, kwargs)
    c = opts.check(grid=False)
    prep = prepare_options(x, opts, c)
    n_time = prep.n_time
    window = window_points(window, n_time, minimum=2)
    if window > n_time:
        raise InputError(
            f"window = {window} samples is longer than the series ({n_time} samples along {opts.dim!r})"
        )
    step = max(1, window // 10) if step is None else check_int(step, "step", minimum=1)
    ends = np.arange(window - 1, n_time, step)
    out = {name: np.full(prep.shape + ends.shape, np.nan) for name in MEASURES}
    for index, pts in iterate(prep):
        if pts is None:
            continue
        span = n_time - pts.n  # samples before the first delay vector: (m - 1) * tau
        size = window - span
        if size < max(c.theiler + 2, 2):
            raise InputError(
                f"window = {window} samples holds {size} delay vectors after embedding (span {span}): "
                f"too few for a recurrence outside theiler={c.theiler}; pass a longer window"
            )
        check_line_minima(size, c.theiler, c.l_min, c.v_min)
        for w, end in enumerate(ends):
            part = Points(np.ascontiguousarray(pts.points[end - span - size + 1 : end - span + 1]))
            eps = absolute_thresholds(part, c.kind, c.values, opts.relative_to, c.metric, c.theiler)[0]
            hists = line_histograms(part, eps, c)
            measures = measures_from_histograms(*hists, theiler=c.theiler, l_min=c.l_min, v_min=c.v_min)
            for name, value in measures.items():
                out[name][index + (w,)] = value[0]
            out["threshold"][index + (w,)] = eps
    attrs = opts.attrs(prep, c, grid=False) | {"window": window, "step": step}
    return to_family(prep, out, MEASURES, attrs, rolling_rqa, extra=("window_end", ends))


#: The settings of the early-warning indicators: delay vectors of two consecutive residuals,
#: threshold half of each window's own standard deviation. A threshold relative to the window
#: keeps each value causal (no look at later data) and lets the recurrence rate itself change:
#: as the residuals' autocorrelation rises (critical slowing down) the delay vectors crowd along
#: the diagonal and recur more often, and recurrences line up into longer lines.
EWS_OPTIONS = RQAOptions(m=2, tau=1, threshold=0.5, relative_to="std")
#: the early-warning indicators (registered in tsdyn.ews.indicators)
EWS_INDICATORS = ("recurrence_rate", "determinism", "laminarity", "trapping_time")


def ews_indicators(resid: np.ndarray, window: int) -> dict[str, np.ndarray]:
    """The recurrence indicators of :data:`EWS_INDICATORS` for every trailing window of every row.

    Each window of ``window`` samples gets :func:`rolling_rqa` with
    :data:`EWS_OPTIONS`; the value sits at the window's right edge, the first
    ``window - 1`` values and every window holding a NaN are NaN. This is
    the compute function behind the indicators of :mod:`tsdyn.ews`.

    >>> x = np.random.default_rng(0).normal(size=(1, 300))
    >>> out = ews_indicators(x, 100)
    >>> int(np.isnan(out["determinism"]).sum()), bool(np.all(out["determinism"][0, 99:] < 0.5))
    (99, True)
    """
    out = {name: np.full(resid.shape, np.nan) for name in EWS_INDICATORS}
    for r, row in enumerate(resid):
        # NaN-free stretches of at least one window each get their windows
        bad = np.flatnonzero(np.isnan(row))
        for lo, hi in zip(np.r_[0, bad + 1], np.r_[bad, row.size], strict=True):
            if hi - lo < window:
                continue
            res = rolling_rqa(row[lo:hi], EWS_OPTIONS, window=window, step=1)
            for name in EWS_INDICATORS:
                out[name][r, lo + window - 1 : hi] = getattr(res, name)
    return out
