"""A dense, loop-by-loop RQA written from the textbook definitions (Marwan et al. 2007), for small N only.

It shares no code with tsdyn.recurrence: the full N x N matrix, every diagonal and
column read as a Python sequence, each measure from its formula.
"""

import math
import pathlib

import numpy as np

#: pyunicorn 1.0's results on fixed inputs, written by tools/make_recurrence_refs.py
REFS = pathlib.Path(__file__).parent / "data" / "pyunicorn_refs.npz"


def refs(case):
    """The stored inputs and pyunicorn outputs of one case (``rp``, ``jrp``, ``crp``, ``net``), prefix dropped."""
    with np.load(REFS) as data:
        return {k.removeprefix(f"{case}_"): data[k] for k in data.files if k.startswith(f"{case}_")}


def distances(points, metric):
    diff = points[:, None, :] - points[None, :, :]
    if metric == "euclidean":
        return np.sqrt((diff**2).sum(axis=-1))
    if metric == "chebyshev":
        return np.abs(diff).max(axis=-1)
    return np.abs(diff).sum(axis=-1)


def matrix(points, eps, metric="euclidean", theiler=0):
    n = len(points)
    i, j = np.indices((n, n))
    return (distances(points, metric) <= eps) & (np.abs(i - j) > theiler)


def _runs(seq, value=True):
    """(length, start, end) of every maximal run of ``value`` in ``seq``."""
    out, start = [], None
    for t, v in enumerate(np.asarray(seq).tolist() + [not value]):
        if v == value and start is None:
            start = t
        elif v != value and start is not None:
            out.append((t - start, start, t - 1))
            start = None
    return out


def measures(
    points, eps, *, metric="euclidean", theiler=0, l_min=2, v_min=2, border="keep", tangential=False
):
    R = matrix(points, eps, metric, theiler)
    return measures_of(R, theiler=theiler, l_min=l_min, v_min=v_min, border=border, tangential=tangential)


def corrected(lines, border):
    """The lengths of ``lines`` ``(length, touches the edge)`` after a border correction.

    Kraemer & Marwan (2019): "keep" all, "discard" those touching the edge,
    "longest" those touching the edge but the longest of them.
    """
    inner = [length for length, touches in lines if not touches]
    edge = [length for length, touches in lines if touches]
    if border == "keep":
        return inner + edge
    if border == "longest" and edge:
        return inner + [max(edge)]
    return inner


def cross_measures(R, *, l_min=2, v_min=2, border="keep", tangential=False):
    """The line measures of a rectangular (cross) plot: every diagonal, every column."""
    n, m = R.shape
    diag, vert, white = [], [], []
    diagonals = range(-(n - 1), m)
    lines = (
        skeleton(R, diagonals)
        if tangential
        else [(length, k, a, b) for k in diagonals for length, a, b in _runs(np.diagonal(R, k))]
    )
    for length, k, a, b in lines:
        # run positions along the diagonal: rows start at max(-k, 0), columns at max(k, 0)
        r0, c0 = max(-k, 0) + a, max(k, 0) + a
        r1, c1 = max(-k, 0) + b, max(k, 0) + b
        diag.append((length, r0 == 0 or c0 == 0 or r1 == n - 1 or c1 == m - 1))
    for c in range(m):
        vert += [(length, a == 0 or b == n - 1) for length, a, b in _runs(R[:, c])]
        white += [length for length, a, b in _runs(R[:, c], value=False) if a > 0 and b < n - 1]
    res = {"recurrence_rate": R.sum() / R.size}
    res |= _line_measures(corrected(diag, border), corrected(vert, border), white, l_min, v_min)
    # the trend: the rate at each time distance |j - i| (both sides pooled), up to 90 % of the
    # shorter series, against that distance
    lags = np.arange(math.ceil(0.9 * min(n, m)))
    rate = [np.concatenate([np.diagonal(R, lag), np.diagonal(R, -lag) if lag else []]).mean() for lag in lags]
    res["trend"] = 1000 * np.polyfit(lags, rate, 1)[0] if len(lags) >= 2 else math.nan
    return res


def skeleton(R, diagonals=None):
    """The diagonal lines ``(length, k, a, b)`` kept by the tangential-motion correction (``a``, ``b``:
    first and last index along diagonal ``k``; default: the upper triangle's diagonals).

    Kraemer & Marwan (2019)'s procedure as they describe it: from the longest line on, each line
    still present deletes every line touching it (a point of one a horizontal or vertical
    neighbour of a point of the other) and, recursively, the lines touching those.
    """
    diagonals = range(1, len(R)) if diagonals is None else diagonals
    lines = [(length, k, a, b) for k in diagonals for length, a, b in _runs(np.diagonal(R, k))]
    # the cells of each line: index t along diagonal k is row max(-k, 0) + t, column max(k, 0) + t
    owner = {
        (max(-k, 0) + t, max(k, 0) + t): e for e, (_, k, a, b) in enumerate(lines) for t in range(a, b + 1)
    }
    deleted, kept = set(), []
    for e in sorted(range(len(lines)), key=lambda e: (-lines[e][0], lines[e][1], lines[e][2])):
        if e in deleted:
            continue
        kept.append(lines[e])
        deleted.add(e)
        stack = [e]
        while stack:
            _, k, a, b = lines[stack.pop()]
            for t in range(a, b + 1):
                i, j = max(-k, 0) + t, max(k, 0) + t
                for point in ((i, j + 1), (i, j - 1), (i - 1, j), (i + 1, j)):
                    g = owner.get(point)
                    if g is not None and g not in deleted:
                        deleted.add(g)
                        stack.append(g)
    return kept


def measures_of(R, *, theiler=0, l_min=2, v_min=2, border="keep", tangential=False):
    """Every measure of a symmetric plot ``R`` (its Theiler band already blank)."""
    n = len(R)
    last = n - 1
    lines = (
        skeleton(R)
        if tangential
        else [(length, k, a, b) for k in range(1, n) for length, a, b in _runs(np.diagonal(R, k))]
    )
    diag = corrected([(length, a == 0 or b + k == last) for length, k, a, b in lines], border)
    vert, white = [], []
    for c in range(n):
        col = R[:, c]
        vert += [(length, a == 0 or b == last) for length, a, b in _runs(col)]
        for length, a, b in _runs(col, value=False):
            # a recurrence time: a gap with a recurrence on both ends, not the Theiler band around c
            if a > 0 and b < last and not a - 1 < c < b + 1:
                white.append(length)
    res = {"recurrence_rate": R.sum() / (np.abs(np.subtract.outer(range(n), range(n))) > theiler).sum()}
    res |= _line_measures(diag, corrected(vert, border), white, l_min, v_min)
    ks = np.arange(theiler + 1, math.ceil(0.9 * n))
    rate_k = [np.diagonal(R, k).mean() for k in ks]
    res["trend"] = 1000 * np.polyfit(ks, rate_k, 1)[0] if len(ks) >= 2 else math.nan
    return res


def _line_measures(diag, vert, white, l_min, v_min):
    res = {}
    long_d = [v for v in diag if v >= l_min]
    long_v = [v for v in vert if v >= v_min]
    res["determinism"] = sum(long_d) / sum(diag) if diag else math.nan
    res["average_diagonal_line"] = sum(long_d) / len(long_d) if long_d else math.nan
    res["longest_diagonal_line"] = max(diag) if diag else math.nan
    res["divergence"] = 1 / max(diag) if diag else math.nan
    res["diagonal_entropy"] = _entropy(long_d)
    res["laminarity"] = sum(long_v) / sum(vert) if vert else math.nan
    res["trapping_time"] = sum(long_v) / len(long_v) if long_v else math.nan
    res["longest_vertical_line"] = max(vert) if vert else math.nan
    if white:
        res["recurrence_time_entropy"] = 0.0 if max(white) == 1 else _entropy(white) / math.log(max(white))
    else:
        res["recurrence_time_entropy"] = math.nan
    return res


def _entropy(lengths):
    if not lengths:
        return math.nan
    _, counts = np.unique(lengths, return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log(p)).sum())
