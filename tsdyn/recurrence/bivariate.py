"""Cross and joint recurrence of two series, and their RQA.

- **Cross recurrence** (Zbilut et al. 1998; Marwan & Kurths 2002): the state
  :math:`\\mathbf{x}_i` of one series recurs to the state :math:`\\mathbf{y}_j`
  of another, :math:`CR_{ij} = [\\lVert \\mathbf{x}_i - \\mathbf{y}_j \\rVert
  \\le \\varepsilon]`. Both series live in the same space (same variables and
  embedding); the plot is ``(n_x, n_y)``, not symmetric, and has no line of
  identity and no Theiler band: its main diagonal compares the two series at
  the same time. Diagonal lines run over every diagonal of the plot, vertical
  lines down every column.
- **Joint recurrence** (Romano et al. 2004): a pair of times recurs when each
  series recurs on its own, :math:`JR_{ij} = R^x_{ij} R^y_{ij}`, each with its
  own threshold; the series may live in different spaces. The plot is
  symmetric and follows the conventions of :func:`tsdyn.recurrence.rqa` (the
  Theiler band, the line of identity included, never recurs).

>>> import numpy as np
>>> from tsdyn.recurrence import cross_rqa, joint_rqa
>>> t = np.arange(600)
>>> x, y = np.sin(2 * np.pi * t / 30), np.sin(2 * np.pi * t / 30 + 0.5)
>>> round(float(cross_rqa(x, y, m=2, tau=7, threshold=0.3).determinism), 3)
1.0
>>> res = joint_rqa(x, np.random.default_rng(0).normal(size=600), m=2, tau=7, recurrence_rate=0.1)
>>> bool(res.determinism < 0.3)  # the noise's recurrences break the sine's lines
True
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse

from tsdyn.errors import InputError
from tsdyn.recurrence.options import Checked, RQAOptions
from tsdyn.recurrence.quantification import (
    MEASURES,
    TREND_FRACTION,
    check_line_minima,
    line_measures,
    measures_from_histograms,
    prepare_options,
    tangential_histograms,
)
from tsdyn.recurrence.sets import SAMPLE_POINTS, Points, absolute_thresholds, iterate, to_family

__all__ = [
    "CROSS_MEASURES",
    "JOINT_MEASURES",
    "cross_recurrence_matrix",
    "cross_rqa",
    "joint_recurrence_matrix",
    "joint_rqa",
]

#: the measures of a cross plot: those of :data:`MEASURES`, the rates over all pairs and the
#: trend over the time distance |j - i| from the main diagonal, both sides pooled
CROSS_MEASURES = {
    **MEASURES,
    "recurrence_rate": "cross recurrence rate (fraction of all n_x * n_y pairs)",
    "trend": "trend: slope of the cross recurrence rate at time distance |j - i| over |j - i|, per 1000 samples",
}
#: the measures of a joint plot: those of :data:`MEASURES`, with one threshold per series
JOINT_MEASURES = {
    **{name: text for name, text in MEASURES.items() if name != "threshold"},
    "threshold_x": "threshold used for x (distance)",
    "threshold_y": "threshold used for y (distance)",
}


def _pairs(x, y, opts: tuple[RQAOptions, RQAOptions], checked: tuple[Checked, Checked], single: bool):
    """Prepared ``x`` and ``y`` and the states of each pair of series: ``[(index, x's, y's)]``.

    ``y`` holds one series (paired with every series of ``x``) or one per
    series of ``x``, over the same lead dims; ``single``: the matrix
    functions draw one plot, so each side holds one series.
    """
    preps = [prepare_options(v, o, c) for v, o, c in zip((x, y), opts, checked, strict=True)]
    for prep, name in zip(preps, ("x", "y"), strict=True):
        if single and prep.count != 1:
            raise InputError(
                f"{name} holds {prep.count} series (dims {prep.lead}); a plot is of one pair: give "
                "one (cross_rqa and joint_rqa take several, pair by pair)"
            )
    prep_x, prep_y = preps
    if prep_y.count != 1 and (prep_y.lead, prep_y.shape) != (prep_x.lead, prep_x.shape):
        raise InputError(
            f"x holds series over {dict(zip(prep_x.lead, prep_x.shape, strict=True))}, y over "
            f"{dict(zip(prep_y.lead, prep_y.shape, strict=True))}: give y one series or the same lead dims"
        )
    ys = [pts for _, pts in iterate(prep_y)]
    pairs = []
    for k, (index, px) in enumerate(iterate(prep_x)):
        py = ys[0] if len(ys) == 1 else ys[k]
        if px is None or py is None:
            raise InputError(
                f"{'x' if px is None else 'y'} holds NaN at {index}; a recurrence plot needs every state"
            )
        pairs.append((index, px, py))
    return prep_x, prep_y, pairs


def _cross(x, y, options, kwargs, single: bool):
    """The settings, prepared ``x`` and, per pair of series, both states stacked, ``n_x``, ``n_y``
    and the threshold."""
    from tsdyn.recurrence import _kernels as K

    opts = RQAOptions.build(options, kwargs)
    if opts.theiler != 0:
        raise InputError(
            f"theiler={opts.theiler!r}: a cross recurrence plot has no Theiler band (its main diagonal "
            "compares the two series at the same time); leave theiler at 0"
        )
    if opts.nan_policy != "raise":
        raise InputError(f"nan_policy={opts.nan_policy!r}: cross recurrence takes 'raise' only")
    c = opts.check(grid=False)
    prep, _, pairs = _pairs(x, y, (opts, opts), (c, c), single)
    plots = []
    for index, px, py in pairs:
        if px.points.shape[1] != py.points.shape[1]:
            raise InputError(
                f"x gives states of {px.points.shape[1]} coordinates, y of {py.points.shape[1]}: cross "
                "recurrence compares states of one space (same variables and embedding)"
            )
        both = Points(np.concatenate([px.points, py.points]))
        if c.kind == "threshold":
            eps = float(absolute_thresholds(both, c.kind, c.values, opts.relative_to, c.metric, 0)[0])
        else:
            step = math.ceil(max(px.n, py.n) / (SAMPLE_POINTS // 2))
            d = K.cross_distances(both.points, px.n, step, c.metric)
            rank = int(np.clip(np.rint(c.values[0] * d.size), 1, d.size)) - 1
            d.partition(rank)
            eps = float(d[rank])
        plots.append((index, both, px.n, py.n, eps))
    return opts, c, prep, plots


def cross_recurrence_matrix(x, y, options: RQAOptions | None = None, /, **kwargs):
    """The cross recurrence plot of ``x`` against ``y``: a sparse ``(n_x, n_y)`` matrix.

    Parameters
    ----------
    x, y : array-like, pandas or xarray object
        One series each (univariate: delay-embedded with the same ``m`` and
        ``tau``; multivariate: states of the same variables); they may differ
        in length.
    options : RQAOptions, optional
        As for :func:`tsdyn.recurrence.rqa`; ``theiler`` stays 0.
    **kwargs
        ``threshold``, ``recurrence_rate``, ``relative_to`` (the spread of
        both series' states together), ``m``, ``tau``, ``metric``, ``dim``;
        see :class:`tsdyn.recurrence.RQAOptions`. A fixed recurrence rate is
        a fraction of the ``n_x * n_y`` pairs (from at most 2000 states of
        each series).

    Returns
    -------
    scipy.sparse.csr_matrix
        Boolean, int32 indices: row ``i`` is the ``i``-th state of ``x``,
        column ``j`` the ``j``-th state of ``y``.

    See Also
    --------
    cross_rqa : Its measures.
    joint_recurrence_matrix : Both series recur at once.
    recurrence_matrix : One series.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.recurrence import cross_recurrence_matrix
    >>> cross_recurrence_matrix([0.0, 1.0, 2.0], [1.1, 0.05], m=1, threshold=0.2).toarray()
    array([[False,  True],
           [ True, False],
           [False, False]])
    """
    from tsdyn.recurrence import _kernels as K

    _, c, _, ((_, both, n_x, n_y, eps),) = _cross(x, y, options, kwargs, single=True)
    rows, cols = K.cross_pairs(both.grid(eps), n_x, eps, c.metric)
    return _csr(rows, cols, n_x, n_y)


def _csr(rows, cols, n_x, n_y):
    # pairs come row by row, columns ascending: the CSR arrays directly
    indptr = np.zeros(n_x + 1, dtype=np.int32)
    np.cumsum(np.bincount(rows, minlength=n_x), out=indptr[1:])
    return scipy.sparse.csr_matrix((np.ones(rows.size, dtype=bool), cols, indptr), shape=(n_x, n_y))


def cross_rqa(x, y, options: RQAOptions | None = None, /, **kwargs):
    """RQA of the cross recurrence plot of ``x`` against ``y``.

    The measures of :func:`tsdyn.recurrence.rqa` (``tsdyn.recurrence.bivariate.CROSS_MEASURES``)
    read from the lines of the ``(n_x, n_y)`` cross plot: the recurrence
    rate over all ``n_x * n_y`` pairs, diagonal lines along every diagonal
    (stretches where the two series evolve alike, at any lag), vertical
    lines and recurrence times down the columns (stretches of ``x`` that stay
    near one state of ``y``). The trend is the least-squares slope of the
    cross recurrence rate at time distance :math:`|j - i|` (the diagonals
    ``j - i`` and ``i - j`` pooled, the main diagonal included) over
    :math:`|j - i|` from 0 up to 90 % of the shorter series, per 1000
    samples: negative when the two series resemble each other less the
    further apart in time. ``tangential=True`` reads the diagonal-line
    measures from the cross plot's skeleton (Kraemer & Marwan 2019), as
    :func:`tsdyn.recurrence.rqa` does; the border corrections count a line
    touching any of the four edges.

    Parameters
    ----------
    x, y, options, **kwargs
        As for :func:`cross_recurrence_matrix`, with ``l_min``, ``v_min``,
        ``border`` and ``tangential`` of :func:`tsdyn.recurrence.rqa`. ``x``
        may hold several series (numpy: leading axes; xarray: dims besides
        time and ``variable``) and ``y`` one series, paired with each, or
        the same lead dims, paired series by series.

    Returns
    -------
    The measures in ``x``'s family, over its lead dims: a named tuple of
    floats or arrays (numpy), a pandas.Series, or a Dataset (xarray) with
    the settings in attrs.

    See Also
    --------
    cross_recurrence_matrix : The plot itself.
    joint_rqa : RQA of the joint recurrence plot.
    rqa : RQA of one series.

    References
    ----------
    Marwan, N. & Kurths, J. (2002). Nonlinear analysis of bivariate data with
    cross recurrence plots. Phys. Lett. A 302, 299-307.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.recurrence import cross_rqa
    >>> t = np.arange(500)
    >>> res = cross_rqa(np.sin(t / 5), np.sin(t / 5 + 1.0), m=2, tau=8, recurrence_rate=0.05)
    >>> round(float(res.recurrence_rate), 2), round(float(res.determinism), 2)
    (0.05, 1.0)
    """
    from tsdyn.recurrence import _kernels as K

    opts, c, prep, plots = _cross(x, y, options, kwargs, single=False)
    out = {name: np.full(prep.shape, np.nan) for name in CROSS_MEASURES}
    for index, both, n_x, n_y, eps in plots:
        if c.l_min > min(n_x, n_y):
            raise InputError(
                f"l_min={c.l_min} is longer than any diagonal line of a {n_x} x {n_y} cross plot"
            )
        rows, cols = K.cross_pairs(both.grid(eps), n_x, eps, c.metric)
        diagonal, vertical, white, per_diagonal = K.cross_lines(n_x, n_y, rows, cols, c.border)
        if c.tangential:
            diagonal = K.skeleton_lines(n_x, n_y, -(n_x - 1), rows, cols, c.border)
        measures = line_measures(diagonal[None], vertical[None], white[None], l_min=c.l_min, v_min=c.v_min)
        measures["recurrence_rate"] = rows.size / (n_x * n_y)
        measures["trend"] = _cross_trend(per_diagonal, n_x, n_y)
        measures["threshold"] = eps
        for name in CROSS_MEASURES:
            out[name][index] = np.squeeze(measures[name])
    attrs = opts.attrs(prep, c, grid=False) | {"line_of_identity": "none (cross plot)", "n_y": n_y}
    del attrs["theiler"]
    return to_family(prep, out, CROSS_MEASURES, attrs, cross_rqa)


def _cross_trend(per_diagonal: np.ndarray, n_x: int, n_y: int) -> float:
    """Slope of the recurrence rate at time distance ``|j - i|`` over it (per 1000 samples)."""
    d = np.arange(-(n_x - 1), n_y)
    cells = np.where(d >= 0, np.minimum(n_x, n_y - d), np.minimum(n_x + d, n_y))
    hi = int(np.ceil(TREND_FRACTION * min(n_x, n_y)))
    if hi < 2:
        return math.nan
    lag = np.abs(d)
    rate = np.bincount(lag, weights=per_diagonal)[:hi] / np.bincount(lag, weights=cells)[:hi]
    centred = np.arange(hi) - (hi - 1) / 2
    return float(1000.0 * (rate @ centred) / (centred @ centred))


def _split(value, name: str):
    """One setting for both series, or a pair ``(for x, for y)``."""
    if value is None or np.ndim(value) == 0:
        return value, value
    values = list(value)
    if len(values) != 2:
        raise InputError(f"{name} takes one value for both series or two (x, y), got {value!r}")
    return values[0], values[1]


def _joint(x, y, options, kwargs, single: bool):
    """The settings, prepared ``x`` and, per pair of series, ``n`` and the jointly recurrent pairs
    with both thresholds."""
    from tsdyn.recurrence import _kernels as K

    opts = RQAOptions.build(options, kwargs)
    if opts.nan_policy != "raise":
        raise InputError(f"nan_policy={opts.nan_policy!r}: joint recurrence takes 'raise' only")
    thresholds = _split(opts.threshold, "threshold")
    rates = _split(opts.recurrence_rate, "recurrence_rate")
    each = (
        opts.replace(threshold=thresholds[0], recurrence_rate=rates[0]),
        opts.replace(threshold=thresholds[1], recurrence_rate=rates[1]),
    )
    checked = (each[0].check(grid=False), each[1].check(grid=False))
    prep_x, prep_y, pairs = _pairs(x, y, each, checked, single)
    if prep_x.n_time != prep_y.n_time:
        raise InputError(
            f"x has {prep_x.n_time} samples, y {prep_y.n_time}: joint recurrence needs both at the same times"
        )
    c = checked[0]
    plots = []
    for index, *states in pairs:
        # states aligned on the sample they end at: the last n of each series
        n = min(states[0].n, states[1].n)
        check_line_minima(n, c.theiler, c.l_min, c.v_min)
        pair_keys, eps = [], []
        for s in range(2):
            pts = Points(np.ascontiguousarray(states[s].points[states[s].n - n :]))
            e = float(
                absolute_thresholds(
                    pts, checked[s].kind, checked[s].values, opts.relative_to, c.metric, c.theiler
                )[0]
            )
            rows, cols, _ = K.recurrent_pairs(pts.grid(e), np.array([e]), c.metric, c.theiler)
            pair_keys.append(rows.astype(np.int64) * n + cols)
            eps.append(e)
        # both recur: the pairs in both sets, sorted keys = row order
        joint = np.intersect1d(pair_keys[0], pair_keys[1], assume_unique=True)
        plots.append((index, n, (joint // n).astype(np.int32), (joint % n).astype(np.int32), eps))
    return opts, c, prep_x, plots, thresholds, rates


def joint_recurrence_matrix(x, y, options: RQAOptions | None = None, /, **kwargs):
    """The joint recurrence plot of ``x`` and ``y``: the upper triangle, sparse.

    Parameters
    ----------
    x, y : array-like, pandas or xarray object
        One series each, sampled at the same times (each univariate or
        multivariate; each embedded on its own, the states aligned on the
        sample they end at: with different embeddings the longer one loses
        its first states).
    options : RQAOptions, optional
        As for :func:`tsdyn.recurrence.rqa`.
    **kwargs
        As for :func:`tsdyn.recurrence.recurrence_matrix`; ``threshold`` and
        ``recurrence_rate`` take one value for both series or a pair ``(x, y)``
        (a fixed rate is each series' own recurrence rate, not the joint one).

    Returns
    -------
    scipy.sparse.csr_matrix
        Boolean ``(n, n)``, the pairs ``i < j`` where both series recur.

    See Also
    --------
    joint_rqa : Its measures.
    cross_recurrence_matrix : One series' states against the other's.

    Examples
    --------
    >>> from tsdyn.recurrence import joint_recurrence_matrix
    >>> x, y = [0.0, 1.0, 0.1, 1.1, 0.0], [0.0, 0.0, 0.0, 5.0, 0.0]
    >>> joint_recurrence_matrix(x, y, m=1, threshold=0.2).toarray().astype(int)
    array([[0, 0, 1, 0, 1],
           [0, 0, 0, 0, 0],
           [0, 0, 0, 0, 1],
           [0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0]])
    """
    _, _, _, ((_, n, rows, cols, _),), _, _ = _joint(x, y, options, kwargs, single=True)
    out = _csr(rows, cols, n, n)
    out.sort_indices()
    return out


def joint_rqa(x, y, options: RQAOptions | None = None, /, **kwargs):
    """RQA of the joint recurrence plot of ``x`` and ``y``.

    The measures of :func:`tsdyn.recurrence.rqa` with its conventions, read
    from the pairs of times at which both series recur (each with its own
    threshold: ``threshold`` and ``recurrence_rate`` take a pair ``(x, y)``).
    The joint recurrence rate is below either series' own; determinism stays
    high only where both series repeat together.

    Parameters
    ----------
    x, y, options, **kwargs
        As for :func:`joint_recurrence_matrix`, with ``l_min``, ``v_min``,
        ``border`` and ``tangential`` of :func:`tsdyn.recurrence.rqa`. ``x``
        may hold several series and ``y`` one (paired with each) or the same
        lead dims (paired series by series), as for :func:`cross_rqa`.

    Returns
    -------
    The measures of ``tsdyn.recurrence.bivariate.JOINT_MEASURES``
    (``threshold_x``, ``threshold_y``: the distances used) in ``x``'s family.

    See Also
    --------
    joint_recurrence_matrix : The joint recurrence plot itself.
    cross_rqa : RQA of the cross recurrence plot.
    tsdyn.recurrence.rqa : RQA of one series.

    References
    ----------
    Romano, M. C., Thiel, M., Kurths, J. & von Bloh, W. (2004). Multivariate
    recurrence plots. Phys. Lett. A 330, 214-223.

    Examples
    --------
    Independent series recur together at about the product of their rates;
    a series with itself at its own rate:

    >>> from tsdyn.recurrence import joint_rqa
    >>> x = np.sin(2 * np.pi * np.arange(400) / 30)
    >>> noise = np.random.default_rng(0).normal(size=400)
    >>> round(float(joint_rqa(x, x, m=2, tau=7, recurrence_rate=0.1).recurrence_rate), 2)
    0.1
    >>> round(float(joint_rqa(x, noise, m=2, tau=7, recurrence_rate=0.1).recurrence_rate), 2)
    0.01
    """
    from tsdyn.recurrence import _kernels as K

    opts, c, prep, plots, thresholds, rates = _joint(x, y, options, kwargs, single=False)
    out = {name: np.full(prep.shape, np.nan) for name in JOINT_MEASURES}
    for index, n, rows, cols, eps in plots:
        levels = np.zeros(rows.size, np.int32)
        if c.tangential:
            hists = tangential_histograms(n, rows, cols, levels, c.border)
        else:
            hists = K.scan_lines(n, rows, cols, levels, 1, c.border)
        measures = measures_from_histograms(*hists, theiler=c.theiler, l_min=c.l_min, v_min=c.v_min)
        measures["threshold_x"], measures["threshold_y"] = eps
        for name in JOINT_MEASURES:
            out[name][index] = np.squeeze(measures[name])
    attrs = opts.attrs(prep, c, grid=False)
    attrs[c.kind] = [float(v) for v in (thresholds if c.kind == "threshold" else rates)]
    return to_family(prep, out, JOINT_MEASURES, attrs, joint_rqa)
