"""Recurrence quantification analysis (RQA) from line-length histograms.

Every measure is read from three histograms of the recurrence plot, which are
counted while the recurrent pairs are found and never need the pairs stored
(:func:`rqa`), or at every threshold of a grid in one pass over the pairs
(:func:`rqa_scan`). Conventions (``docs/recurrence.md`` explains each):

- The plot is the symmetric matrix :math:`R_{ij}` of the points outside the
  Theiler band :math:`|i - j| \\le` ``theiler``; the band (the line of
  identity at ``theiler=0``) is never recurrent and is no line.
- :math:`P(l)`: diagonal lines of the upper triangle (the lower one mirrors
  it, so ratios and maxima are those of the whole plot); :math:`P(v)`: vertical
  lines of every column; :math:`P(w)`: white vertical lines, gaps between two
  recurrent points of a column (the recurrence times; gaps that run into the
  plot's edge are not gaps between recurrences, and gaps across the Theiler
  band are the excluded zone, not a return: both are left out).
- ``border="discard"`` leaves out the black lines that touch the plot's edge
  (their true length is unknown), ``border="longest"`` all of them but the
  longest (Kraemer & Marwan 2019).

>>> import numpy as np
>>> from tsdyn.recurrence import rqa
>>> x = np.sin(2 * np.pi * np.arange(400) / 20)  # period 20 samples
>>> res = rqa(x, m=2, tau=5, threshold=0.2)
>>> round(res.determinism, 6), int(res.longest_diagonal_line)  # 395 points, a line one period off
(1.0, 375)
"""

from __future__ import annotations

import numpy as np

from tsdyn.errors import InputError
from tsdyn.recurrence.options import Checked, RQAOptions
from tsdyn.recurrence.sets import absolute_thresholds, per_series, prepare, to_family

__all__ = ["MEASURES", "rqa", "rqa_scan"]
#: every measure and its long name, in the order results list them
MEASURES = {
    "recurrence_rate": "recurrence rate (fraction of pairs outside the Theiler band)",
    "determinism": "determinism (fraction of recurrent points on diagonal lines >= l_min)",
    "average_diagonal_line": "average length of diagonal lines >= l_min",
    "longest_diagonal_line": "longest diagonal line",
    "divergence": "divergence (1 / longest diagonal line)",
    "diagonal_entropy": "Shannon entropy (nats) of the diagonal lines >= l_min",
    "laminarity": "laminarity (fraction of recurrent points on vertical lines >= v_min)",
    "trapping_time": "trapping time (average length of vertical lines >= v_min)",
    "longest_vertical_line": "longest vertical line",
    "recurrence_time_entropy": "recurrence time entropy (RPDE), normalised by log of the longest recurrence time",
    "trend": "trend: slope of the recurrence rate of diagonal k over k, per 1000 samples",
    "threshold": "threshold used (distance)",
}
#: diagonals beyond this fraction of the plot hold too few points for the trend
TREND_FRACTION = 0.9


def rqa(x, options: RQAOptions | None = None, /, **kwargs):
    """Every RQA measure of each series, streamed without storing the recurrence set.

    With :math:`P(l)`, :math:`P(v)`, :math:`P(w)` the histograms of diagonal,
    vertical and white vertical line lengths (see the module's conventions)
    and :math:`N_R` the recurrent points:

    - recurrence rate :math:`RR = N_R / (\\text{pairs outside the Theiler band})`;
    - determinism :math:`DET = \\sum_{l \\ge l_{min}} l P(l) / \\sum_{l \\ge 1} l P(l)`;
    - average diagonal line :math:`L = \\sum_{l \\ge l_{min}} l P(l) / \\sum_{l \\ge l_{min}} P(l)`,
      longest :math:`L_{max}` (over every line), divergence :math:`1 / L_{max}`;
    - diagonal entropy :math:`-\\sum_{l \\ge l_{min}} p(l) \\ln p(l)` over the lines ``>= l_min``;
    - laminarity and trapping time: DET and L of the vertical lines with ``v_min``;
      longest vertical line :math:`V_{max}`;
    - recurrence time entropy (RPDE, Little et al. 2007): the entropy of the
      white vertical line lengths divided by :math:`\\ln T_{max}` (the longest),
      in [0, 1] (0 when every recurrence time is 1);
    - trend: least-squares slope of the recurrence rate of diagonal :math:`k`
      against :math:`k` over the diagonals outside the Theiler band up to 90 %
      of the plot, per 1000 samples (negative when recurrences thin out with
      the time between them: drift, non-stationarity).

    A measure with nothing to average (no line ``>= l_min``, no recurrence
    time) is NaN. A **constant series** has every pair at distance 0, so every
    pair outside the band recurs at any threshold (a threshold relative to its
    spread or a fixed rate gives 0, and 0 <= 0 still counts): RR = 1, DET and
    LAM are 1 but for the one-point lines in the plot's corners, and the
    recurrence time entropy is NaN (no recurrence time). That needs ``m`` and
    ``tau`` given: choosing them (``embedding_dimension``) refuses a constant
    series.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis, every other axis
        another series). A DataFrame, Dataset or DataArray with a ``variable``
        dimension is **multivariate**: its states are the points (``m = tau =
        1`` unless given; see :func:`tsdyn.chaos.embed`).
    options : RQAOptions, optional
        Settings shared by several calls (:class:`tsdyn.recurrence.RQAOptions`);
        the keywords below, given beside it, replace its fields.
    threshold, recurrence_rate, relative_to
        The threshold: a distance (> 0), a fraction of the spread
        (``relative_to="std"`` or ``"diameter"``), or the one giving a fixed
        recurrence rate in (0, 1); see :func:`tsdyn.recurrence.recurrence_matrix`.
    m, tau : int, optional
        Embedding dimension and delay of a univariate series; default: the
        chaos engine's choice (:func:`tsdyn.chaos.embedding_dimension`).
    metric : {"euclidean", "chebyshev", "manhattan"}
    theiler : int
        Pairs with :math:`|i - j| \\le` ``theiler`` are left out (default 0:
        the line of identity only).
    l_min, v_min : int
        Shortest diagonal and vertical line that counts (default 2).
    border : {"keep", "discard", "longest"}
        Lines touching the plot's edge: counted, left out, or left out but
        for the longest (Kraemer & Marwan 2019's border corrections; see
        :class:`tsdyn.recurrence.RQAOptions`).
    dim : str
        The time dimension.
    nan_policy : {"raise", "propagate"}
        ``"propagate"``: a series with a NaN gets NaN measures.

    Returns
    -------
    The measures of ``tsdyn.recurrence.quantification.MEASURES`` and the
    ``threshold`` used: a named tuple of floats (numpy; arrays for several
    series), a pandas.Series (pandas), a Dataset (xarray) with the parameters
    in attrs.

    Raises
    ------
    InputError
        Neither or both of ``threshold`` and ``recurrence_rate``; a threshold
        <= 0 or a rate outside (0, 1); an embedding longer than the series;
        ``l_min`` longer than the longest possible diagonal line; bad names.

    See Also
    --------
    rqa_scan : The measures over a grid of thresholds.
    rolling_rqa : The measures in rolling windows.
    RQAOptions : The settings, as one record.
    recurrence_matrix : The recurrence set itself.

    References
    ----------
    Marwan, N., Romano, M. C., Thiel, M. & Kurths, J. (2007). Recurrence plots
    for the analysis of complex systems. Phys. Rep. 438, 237-329.
    Little, M. A. et al. (2007). Exploiting nonlinear recurrence and fractal
    scaling properties for voice disorder detection. Biomed. Eng. Online 6, 23.
    Kraemer, K. H. & Marwan, N. (2019). Border effect corrections for diagonal
    line based recurrence quantification analysis measures. Phys. Lett. A 383, 125977.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.recurrence import rqa
    >>> x = np.random.default_rng(0).normal(size=1000)  # white noise: few diagonal lines
    >>> res = rqa(x, m=1, recurrence_rate=0.05)
    >>> round(res.recurrence_rate, 3), bool(res.determinism < 0.2)
    (0.05, True)
    """

    opts = RQAOptions.build(options, kwargs)
    c = opts.check(grid=False)
    prep = prepare_options(x, opts, c)

    def one(pts) -> dict:
        check_line_minima(pts.n, c.theiler, c.l_min, c.v_min)
        eps = absolute_thresholds(pts, c.kind, c.values, opts.relative_to, c.metric, c.theiler)[0]
        measures = measures_from_histograms(
            *line_histograms(pts, eps, c), theiler=c.theiler, l_min=c.l_min, v_min=c.v_min
        )
        return {**{name: value[0] for name, value in measures.items()}, "threshold": eps}

    out = per_series(prep, one, dict.fromkeys(MEASURES, ()))
    return to_family(prep, out, MEASURES, opts.attrs(prep, c, grid=False), rqa)


def rqa_scan(x, options: RQAOptions | None = None, /, **kwargs):
    """Every RQA measure at every threshold of a grid, in one pass over the pairs.

    The recurrent pairs at the largest threshold are found once, each with
    the first threshold of the grid at which it recurs; the line-length
    histograms at every threshold then follow in one pass (a line at one
    threshold is born at the largest pair level inside it and ends where a
    neighbour's level stops it), so a grid of 100 thresholds costs little
    more than its largest one. The measures are those of :func:`rqa`, equal
    to its results threshold by threshold. The pairs at the largest threshold
    are held in memory (about 20 bytes each): keep the largest threshold to a
    recurrence rate of a few per cent at large N.

    Parameters
    ----------
    x, options : as for :func:`rqa`.
    threshold : sequence of float, optional
        Increasing thresholds (> 0; fractions of the spread with ``relative_to``).
    recurrence_rate : sequence of float, optional
        Increasing recurrence rates in (0, 1), each turned into a threshold
        from the same sorted pair distances.
    relative_to, m, tau, metric, theiler, l_min, v_min, border, dim, nan_policy
        As for :func:`rqa`.

    Returns
    -------
    The measures over a new dimension ``threshold_scan`` whose coordinate is
    the grid as given (thresholds, fractions or rates); ``threshold`` holds
    the distances used: a named tuple of arrays with the grid as its last
    field ``threshold_scan`` (numpy), a DataFrame indexed by
    ``threshold_scan`` (pandas), a Dataset (xarray).

    See Also
    --------
    rqa : One threshold.
    rolling_rqa : The measures in rolling windows.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.recurrence import rqa_scan
    >>> x = np.random.default_rng(0).normal(size=500)
    >>> scan = rqa_scan(x, m=2, tau=1, recurrence_rate=[0.01, 0.05, 0.1])
    >>> np.round(scan.recurrence_rate, 2)
    array([0.01, 0.05, 0.1 ])
    """
    from tsdyn.recurrence import _kernels as K

    opts = RQAOptions.build(options, kwargs)
    c = opts.check(grid=True)
    if c.tangential:
        raise InputError("tangential=True is not available in a threshold scan; call rqa per threshold")
    prep = prepare_options(x, opts, c)

    def one(pts) -> dict:
        check_line_minima(pts.n, c.theiler, c.l_min, c.v_min)
        eps = absolute_thresholds(pts, c.kind, c.values, opts.relative_to, c.metric, c.theiler)
        expected = 0
        if c.kind == "recurrence_rate":
            # the rate says how many pairs to expect: the arrays are sized once
            k = np.arange(1, pts.n)
            expected = int(c.values[-1] * np.sum((pts.n - k)[k > c.theiler]))
        rows, cols, levels = K.recurrent_pairs(pts.grid(eps[-1]), eps, c.metric, c.theiler, expected)
        hists = K.scan_lines(pts.n, rows, cols, levels, c.values.size, c.border)
        measures = measures_from_histograms(*hists, theiler=c.theiler, l_min=c.l_min, v_min=c.v_min)
        return {**measures, "threshold": eps}

    scan = ("threshold_scan",)
    out = per_series(prep, one, dict.fromkeys(MEASURES, scan), sizes={"threshold_scan": c.values.size})
    attrs = opts.attrs(prep, c, grid=True)
    return to_family(prep, out, MEASURES, attrs, rqa_scan, extra=("threshold_scan", c.values))


def line_histograms(pts, eps: float, c: Checked) -> tuple:
    """The histograms of one threshold, shaped ``(1, ...)``: streamed, or from the stored pairs
    when the tangential-motion correction needs the lines themselves."""
    from tsdyn.recurrence import _kernels as K

    grid = pts.grid(eps)
    if not c.tangential:
        return tuple(h[None] for h in K.stream_lines(grid, eps, c.metric, c.theiler, c.border))
    rows, cols, levels = K.recurrent_pairs(grid, np.array([eps]), c.metric, c.theiler)
    return tangential_histograms(pts.n, rows, cols, levels, c.border)


def tangential_histograms(n: int, rows, cols, levels, border: int) -> tuple:
    """The histograms of stored pairs (one level), diagonal lines from the skeleton."""
    from tsdyn.recurrence import _kernels as K

    _, vertical, white, per_diagonal = K.scan_lines(n, rows, cols, levels, 1, border)
    return K.skeleton_lines(n, n, 1, rows, cols, border)[None], vertical, white, per_diagonal


def prepare_options(x, opts: RQAOptions, c: Checked):
    """:func:`tsdyn.recurrence.sets.prepare` with the settings of ``opts``."""
    return prepare(x, m=opts.m, tau=opts.tau, dim=opts.dim, nan_policy=opts.nan_policy, theiler=c.theiler)


def check_line_minima(n: int, theiler: int, l_min: int, v_min: int) -> None:
    """Refuse a shortest line no diagonal (``l_min``) or vertical (``v_min``) line can reach."""
    longest = n - theiler - 1
    for name, value, kind in (("l_min", l_min, "diagonal"), ("v_min", v_min, "vertical")):
        if value > longest:
            raise InputError(
                f"{name}={value} is longer than any {kind} line of {n} points outside the Theiler band "
                f"(theiler={theiler}: at most {longest}); pass a smaller {name} or a longer series"
            )


def measures_from_histograms(
    diagonal, vertical, white, per_diagonal, *, theiler: int, l_min: int, v_min: int
):
    """Every measure of :data:`MEASURES` (but ``threshold``) from histograms shaped ``(levels, n + 1)``.

    ``diagonal``: diagonal lines of the upper triangle; ``vertical`` and
    ``white``: black and white vertical lines of every column;
    ``per_diagonal`` ``(levels, n)``: recurrent points of each upper diagonal.
    """
    n = per_diagonal.shape[1]
    k = np.arange(n)
    outside = k > theiler
    pairs = 2.0 * np.sum((n - k)[outside])
    out = {"recurrence_rate": 2.0 * per_diagonal.sum(axis=1) / pairs}
    out |= line_measures(diagonal, vertical, white, l_min=l_min, v_min=v_min)
    with np.errstate(divide="ignore", invalid="ignore"):
        hi = max(theiler + 1, int(np.ceil(TREND_FRACTION * n)))
        ks = k[theiler + 1 : hi].astype(np.float64)
        if ks.size >= 2:
            # slope of rate_k = per_diagonal / (n - k) over k, the division folded into the weights
            centred = ks - ks.mean()
            weights = centred / (n - ks)
            out["trend"] = 1000.0 * (per_diagonal[:, theiler + 1 : hi] @ weights) / (centred @ centred)
        else:
            out["trend"] = np.full(diagonal.shape[0], np.nan)
    return out


def line_measures(diagonal, vertical, white, *, l_min: int, v_min: int) -> dict:
    """The measures of the line-length histograms (``(levels, lengths)``, index = length)."""
    from tsdyn.recurrence import _kernels as K

    out = {}
    det, mean, longest, entropy = K.line_stats(diagonal, l_min)
    out["determinism"], out["average_diagonal_line"], out["longest_diagonal_line"] = det, mean, longest
    out["divergence"] = 1.0 / longest
    out["diagonal_entropy"] = entropy
    lam, trapping, longest_vertical, _ = K.line_stats(vertical, v_min)
    out["laminarity"], out["trapping_time"], out["longest_vertical_line"] = lam, trapping, longest_vertical
    _, _, longest_white, white_entropy = K.line_stats(white, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rpde = white_entropy / np.log(longest_white)
    out["recurrence_time_entropy"] = np.where(longest_white == 1, 0.0, rpde)
    return out
