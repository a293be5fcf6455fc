"""Ordinal patterns of images (2-D arrays): Ribeiro et al. (2012), Bandt & Wittfeld (2023).

A ``my x mx`` window, its rows spaced ``tauy`` apart and its columns ``taux``
apart, is read row by row into ``mx*my`` values; its pattern is the stable
argsort of those values (equal values: the earlier one counts as smaller),
the convention of ordpy. Patterns are numbered as in
:mod:`tsdyn.ordinal.patterns`: ``order="rank"`` (canonical: lexicographic
rank of the window's rank vector) or ``order="argsort"`` (lexicographic rank
of the argsort, ordpy's ``ordered=True`` order). A one-row image
(``my = 1``) gives the same numbers as the 1-D functions.

Images are the last two axes of a numpy array (every leading axis is
broadcast over) or the two dimensions ``dims`` of a DataArray.

>>> import numpy as np
>>> from tsdyn.ordinal.images import image_ordinal_distribution
>>> img = np.array([[1.0, 2.0, 1.0], [8.0, 3.0, 4.0], [6.0, 7.0, 5.0]])
>>> image_ordinal_distribution(img, mx=2, my=2, order="argsort")[[1, 6, 9]]
array([0.5 , 0.25, 0.25])
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike, DTypeLike

from tsdyn._typing import SeriesResult
from tsdyn.errors import InputError, check_choice, check_finite, check_int, check_numeric
from tsdyn.ordinal.complexity import js_max

__all__ = [
    "TWO_BY_TWO_GROUPS",
    "image_complexity_entropy",
    "image_ordinal_distribution",
    "image_ordinal_sequence",
    "smoothness_structure",
    "two_by_two_labels",
    "two_by_two_patterns",
]

#: most values a window may hold: (dx*dy)! probabilities must fit in memory
MAX_WINDOW = 10


def lexicographic_rank(perm: np.ndarray) -> np.ndarray:
    """Rank of each permutation (last axis) among all permutations in lexicographic order.

    The rank is the Lehmer code read as a factorial-base number: position i
    contributes (number of later entries smaller than entry i) * (k-1-i)!.

    >>> lexicographic_rank(np.array([[0, 1, 2], [0, 2, 1], [2, 1, 0]]))
    array([0, 1, 5])
    """
    perm = np.asarray(perm)
    k = perm.shape[-1]
    rank = np.zeros(perm.shape[:-1], dtype=np.int64)
    for i in range(k - 1):
        smaller = (perm[..., i + 1 :] < perm[..., i : i + 1]).sum(axis=-1)
        rank += smaller * math.factorial(k - 1 - i)
    return rank


def _windows(img: np.ndarray, mx: int, my: int, taux: int, tauy: int) -> np.ndarray:
    """All ``my x mx`` windows of the last two axes, read row by row: (..., rows, cols, mx*my)."""
    span_y, span_x = (my - 1) * tauy + 1, (mx - 1) * taux + 1
    view = np.lib.stride_tricks.sliding_window_view(img, (span_y, span_x), axis=(-2, -1))
    view = view[..., ::tauy, ::taux]
    return view.reshape(*view.shape[:-2], mx * my)


def image_codes(img: np.ndarray, mx: int, my: int, taux: int, tauy: int, order: str) -> np.ndarray:
    """Pattern code of every ``my x mx`` window of the last two axes of ``img`` (checked arguments)."""
    perm = np.argsort(_windows(img, mx, my, taux, tauy), axis=-1, kind="stable")
    if order == "rank":
        perm = np.argsort(perm, axis=-1)  # the rank vector of the window
    return lexicographic_rank(perm)


def check_image_embedding(
    mx: int, my: int, taux: int, tauy: int, order: str = "rank"
) -> tuple[int, int, int, int]:
    """The image embedding ``(mx, my, taux, tauy)`` as ints; InputError unless it makes usable windows."""
    check_choice(order, "order", ("rank", "argsort"))
    mx = check_int(mx, "mx", minimum=1)
    my = check_int(my, "my", minimum=1)
    taux = check_int(taux, "taux", minimum=1)
    tauy = check_int(tauy, "tauy", minimum=1)
    if mx * my < 2:
        raise InputError(f"a window needs at least 2 values: mx*my = {mx * my}")
    if mx * my > MAX_WINDOW:
        raise InputError(
            f"mx*my = {mx * my} is too large: its {mx * my}! patterns would not fit in memory "
            f"(at most {MAX_WINDOW} values per window)"
        )
    return mx, my, taux, tauy


def _as_image(img, dims: Sequence[str]) -> tuple[xr.DataArray, bool]:
    """A DataArray with the image dims last, and whether the caller gave numpy."""
    if isinstance(img, xr.DataArray):
        missing = [d for d in dims if d not in img.dims]
        if missing:
            raise InputError(
                f"img has no dimension {missing[0]!r} (its dimensions: {img.dims}); pass dims=..."
            )
        return img, False
    try:
        arr = np.asarray(img)
    except (ValueError, TypeError) as err:
        raise InputError(f"img cannot be read as an array: {err}") from None
    if arr.ndim < 2:
        raise InputError(f"img must have at least 2 axes (rows, columns), got shape {arr.shape}")
    lead = tuple(f"dim_{i}" for i in range(arr.ndim - 2))
    return xr.DataArray(arr, dims=(*lead, *dims)), True


def apply_image(
    func: Callable[[np.ndarray], np.ndarray],
    img: ArrayLike | xr.DataArray,
    dims: Sequence[str],
    embedding: tuple[int, int, int, int],
    out_sizes: Mapping[str, int | Callable[[int, int], int]],
    dtype: DTypeLike = np.float64,
) -> SeriesResult:
    """Run ``func(values)`` on the image dims of ``img``, broadcasting over the rest.

    ``embedding`` is ``(mx, my, taux, tauy)``; the output's core dims are the
    keys of ``out_sizes``, in order.
    """
    mx, my, taux, tauy = embedding
    out_dims = tuple(out_sizes)
    da, numpy_in = _as_image(img, dims)
    check_numeric(da, name="img")
    check_finite(da, policy="raise", name="img")
    ny, nx = da.sizes[dims[0]], da.sizes[dims[1]]
    need_y, need_x = (my - 1) * tauy + 1, (mx - 1) * taux + 1
    if ny < need_y or nx < need_x:
        raise InputError(
            f"img of {ny} x {nx} is too small for mx={mx}, my={my}, taux={taux}, tauy={tauy}: "
            f"needs at least {need_y} rows and {need_x} columns"
        )
    sizes = {d: s(ny - need_y + 1, nx - need_x + 1) if callable(s) else s for d, s in out_sizes.items()}
    out = xr.apply_ufunc(
        lambda v: func(np.asarray(v, dtype=np.float64)),
        da,
        input_core_dims=[list(dims)],
        output_core_dims=[list(out_dims)],
        exclude_dims=set(dims) & set(out_dims),
        dask="parallelized",
        output_dtypes=[dtype],
        dask_gufunc_kwargs={"output_sizes": sizes, "allow_rechunk": True},
    )
    out.attrs = {"mx": mx, "my": my, "taux": taux, "tauy": tauy}
    return out.values if numpy_in else out


def image_ordinal_sequence(
    img: ArrayLike | xr.DataArray,
    *,
    mx: int = 2,
    my: int = 2,
    taux: int = 1,
    tauy: int = 1,
    order: str = "rank",
    dims: tuple[str, str] = ("y", "x"),
) -> SeriesResult:
    """Pattern code of every (overlapping) window of an image.

    Parameters
    ----------
    img : array-like or DataArray
        Image(s): the last two axes of a numpy array, or ``dims`` of a DataArray.
    mx, my : int
        Window width (columns) and height (rows); ``mx*my`` between 2 and 10.
    taux, tauy : int
        Spacing of the window's columns and rows.
    order : {"rank", "argsort"}
        Pattern numbering (module docstring).
    dims : (str, str)
        Names of the row and column dimensions of a DataArray.

    Returns
    -------
    int array of shape ``(..., rows - (my-1)*tauy, cols - (mx-1)*taux)`` holding
    pattern indices in ``0 .. (mx*my)! - 1`` (a DataArray for DataArray input).

    See Also
    --------
    image_ordinal_distribution : The patterns' frequencies.
    ordinal_sequence : Of a series.

    Examples
    --------
    >>> image_ordinal_sequence([[1, 2, 1, 4], [8, 3, 4, 5], [6, 7, 5, 6]], order="argsort")
    array([[1, 6, 0],
           [9, 1, 0]])
    """
    mx, my, taux, tauy = check_image_embedding(mx, my, taux, tauy, order)
    return apply_image(
        lambda v: image_codes(v, mx, my, taux, tauy, order),
        img,
        dims,
        (mx, my, taux, tauy),
        {dims[0]: lambda r, c: r, dims[1]: lambda r, c: c},
        np.int64,
    )


def _histogram(codes: np.ndarray, n_patterns: int) -> np.ndarray:
    """Probabilities of every code along the last axis (rows of ``codes`` are flattened windows)."""
    flat = codes.reshape(-1, codes.shape[-1])
    offsets = np.arange(flat.shape[0])[:, None] * n_patterns
    counts = np.bincount((flat + offsets).ravel(), minlength=flat.shape[0] * n_patterns)
    counts = counts.reshape(flat.shape[0], n_patterns).astype(np.float64)
    return (counts / flat.shape[1]).reshape(*codes.shape[:-1], n_patterns)


def image_ordinal_distribution(
    img: ArrayLike | xr.DataArray,
    *,
    mx: int = 2,
    my: int = 2,
    taux: int = 1,
    tauy: int = 1,
    order: str = "rank",
    dims: tuple[str, str] = ("y", "x"),
) -> SeriesResult:
    """Probability of each of the ``(mx*my)!`` patterns.

    With ``order="argsort"`` this is ``ordpy.ordinal_distribution(img, dx, dy,
    taux, tauy, return_missing=True, ordered=True)[1]``.

    Parameters
    ----------
    img, mx, my, taux, tauy, order, dims
        As in :func:`image_ordinal_sequence`.

    Returns
    -------
    float array ``(..., (mx*my)!)`` (a DataArray with a ``pattern`` dimension for DataArray input).

    See Also
    --------
    image_complexity_entropy : Its entropy and complexity.
    ordinal_distribution : Of a series.

    Examples
    --------
    >>> p = image_ordinal_distribution([[1, 2, 1, 4], [8, 3, 4, 5], [6, 7, 5, 6]])
    >>> p.shape, round(float(p.sum()), 12), float(p[0])
    ((24,), 1.0, 0.3333333333333333)
    """
    mx, my, taux, tauy = check_image_embedding(mx, my, taux, tauy, order)
    n_patterns = math.factorial(mx * my)

    def dist(v):
        codes = image_codes(v, mx, my, taux, tauy, order)
        return _histogram(codes.reshape(*codes.shape[:-2], -1), n_patterns)

    return apply_image(
        dist,
        img,
        dims,
        (mx, my, taux, tauy),
        {"pattern": n_patterns},
    )


def _shannon(p: np.ndarray) -> np.ndarray:
    return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=-1)


def image_complexity_entropy(
    img: ArrayLike | xr.DataArray,
    *,
    mx: int = 2,
    my: int = 2,
    taux: int = 1,
    tauy: int = 1,
    dims: tuple[str, str] = ("y", "x"),
) -> SeriesResult:
    """Normalized permutation entropy and Jensen-Shannon complexity of an image's patterns.

    The formulas of :mod:`tsdyn.ordinal.complexity` applied to
    :func:`image_ordinal_distribution` (N = (mx*my)! patterns); the same
    numbers as ``ordpy.complexity_entropy(img, dx, dy, taux, tauy)``.

    Parameters
    ----------
    img, mx, my, taux, tauy, dims
        As in :func:`image_ordinal_sequence`.

    Returns
    -------
    A named tuple ``(entropy, complexity)`` of arrays over leading axes (numpy)
    or a Dataset (DataArray input).

    See Also
    --------
    complexity_entropy : Of a series.
    image_ordinal_distribution : The distribution.

    Examples
    --------
    >>> res = image_complexity_entropy([[1, 2, 1], [8, 3, 4], [6, 7, 5]])
    >>> round(float(res.entropy), 6), round(float(res.complexity), 6)
    (0.327156, 0.27012)
    """
    p = image_ordinal_distribution(img, mx=mx, my=my, taux=taux, tauy=tauy, dims=dims)
    values = np.asarray(p)
    n = values.shape[-1]
    h = _shannon(values) / np.log(n)
    divergence = _shannon((values + 1.0 / n) / 2) - _shannon(values) / 2 - np.log(n) / 2
    c = h * divergence / js_max(n)
    if isinstance(p, xr.DataArray):
        lead = p.dims[:-1]
        ds = xr.Dataset(
            {"entropy": (lead, h), "complexity": (lead, c)},
            coords={k: p.coords[k] for k in lead if k in p.coords},
        )
        ds["entropy"].attrs["long_name"] = "normalized permutation entropy of image patterns"
        ds["complexity"].attrs["long_name"] = "Jensen-Shannon statistical complexity of image patterns"
        ds.attrs = dict(p.attrs)
        return ds
    return ImageComplexity(float(h) if h.ndim == 0 else h, float(c) if c.ndim == 0 else c)


class ImageComplexity(NamedTuple):
    """Entropy and complexity of image patterns."""

    entropy: np.ndarray | float
    complexity: np.ndarray | float


# Bandt & Wittfeld (2023) types of a 2x2 pattern (positions 0 1 / 2 3): the two
# smallest values on a diagonal ({0, 3} or {1, 2}) make type III; otherwise the
# minimum and maximum on a diagonal make type I (smooth), and adjacent make type II.
def _two_by_two_type(order: np.ndarray) -> np.ndarray:
    """Type 0, 1, 2 (I, II, III) of each stable-argsort 2x2 pattern (last axis: positions by value)."""

    def diagonal(a, b):
        return (a + b) == 3  # the diagonals are {0, 3} and {1, 2}

    low_diagonal = diagonal(order[..., 0], order[..., 1])
    extremes_diagonal = diagonal(order[..., 0], order[..., 3])
    return np.where(low_diagonal, 2, np.where(extremes_diagonal, 0, 1))


@dataclass(frozen=True)
class SmoothnessStructure:
    """Bandt & Wittfeld's two image parameters (arrays broadcast over leading axes)."""

    smoothness: np.ndarray | float
    structure: np.ndarray | float


def smoothness_structure(
    img: ArrayLike | xr.DataArray, *, taux: int = 1, tauy: int = 1, dims: tuple[str, str] = ("y", "x")
) -> SeriesResult:
    """Smoothness and curve structure of an image from its 2x2 ordinal patterns.

    .. math::
        S = p_{I} - 1/3, \\qquad C = p_{II} - p_{III}

    where type III patterns have their two smallest values on a diagonal,
    type I (of the rest) their minimum and maximum on a diagonal, and type II
    their minimum and maximum adjacent (Bandt & Wittfeld 2023). White noise
    gives S = C = 0. Equals ``ordpy.smoothness_structure``.

    Parameters
    ----------
    img, taux, tauy, dims
        As in :func:`image_ordinal_sequence` (the window is 2 x 2).

    Returns
    -------
    SmoothnessStructure (numpy input) or a Dataset with ``smoothness`` and ``structure``.

    See Also
    --------
    two_by_two_patterns : The distribution it is computed from.

    Examples
    --------
    >>> r = smoothness_structure([[1, 2, 1, 4], [8, 3, 4, 5], [6, 7, 5, 6]])
    >>> round(float(r.smoothness), 4), round(float(r.structure), 4)
    (0.0, 0.3333)
    """
    _, _, taux, tauy = check_image_embedding(2, 2, taux, tauy)

    def types(v):
        order = np.argsort(_windows(v, 2, 2, taux, tauy), axis=-1, kind="stable")
        kind = _two_by_two_type(order)
        p = _histogram(kind.reshape(*kind.shape[:-2], -1), 3)
        return np.stack([p[..., 0] - 1.0 / 3.0, p[..., 1] - p[..., 2]], axis=-1)

    out = apply_image(
        types,
        img,
        dims,
        (2, 2, taux, tauy),
        {"quantity": 2},
    )
    if isinstance(out, xr.DataArray):
        ds = xr.Dataset({"smoothness": out.isel(quantity=0), "structure": out.isel(quantity=1)})
        ds["smoothness"].attrs["long_name"] = "smoothness (p_I - 1/3) of 2x2 ordinal patterns"
        ds["structure"].attrs["long_name"] = "curve structure (p_II - p_III) of 2x2 ordinal patterns"
        ds.attrs = dict(out.attrs)
        return ds
    values = [out[..., i] if out.ndim > 1 else float(out[i]) for i in range(2)]
    return SmoothnessStructure(*values)


# The 11 groups of tie-aware 2x2 patterns (Tarozo et al. 2024) are the orbits of
# rank patterns under the symmetries of the square and value reversal; each is
# named by the letter used in the literature, given here by one member.
_GROUP_REPRESENTATIVES = {
    "A": "0000",
    "B": "0123",
    "C": "0132",
    "D": "0011",
    "E": "0231",
    "F": "0112",
    "G": "0012",
    "H": "0001",
    "I": "0121",
    "J": "0120",
    "K": "0110",
}
_NO_TIE_GROUPS = {"B": "(I)", "C": "(II)", "E": "(III)"}
# the 8 symmetries of the square act on positions 0 1 / 2 3
_SQUARE_SYMMETRIES = (
    (0, 1, 2, 3),
    (1, 3, 0, 2),
    (3, 2, 1, 0),
    (2, 0, 3, 1),
    (1, 0, 3, 2),
    (2, 3, 0, 1),
    (0, 2, 1, 3),
    (3, 1, 2, 0),
)


def _dense_rank_patterns() -> list[tuple[int, ...]]:
    """Every dense-rank vector of 4 values: ranks 0..m-1 all used (75 of them)."""
    out = []
    for ranks in itertools.product(range(4), repeat=4):
        used = set(ranks)
        if used == set(range(len(used))):
            out.append(ranks)
    return out


def _orbit(ranks: tuple[int, ...]) -> set[tuple[int, ...]]:
    top = max(ranks)
    images = set()
    for sym in _SQUARE_SYMMETRIES:
        moved = tuple(ranks[i] for i in sym)
        images.add(moved)
        images.add(tuple(top - r for r in moved))
    return images


def _two_by_two_table(ties: bool) -> tuple[list[str], list[str]]:
    """Pattern labels (rank vectors as strings) and their group names, grouped A..K."""
    patterns = _dense_rank_patterns()
    if not ties:
        patterns = [p for p in patterns if len(set(p)) == 4]
    labels, groups = [], []
    for letter, rep in _GROUP_REPRESENTATIVES.items():
        if not ties and letter not in _NO_TIE_GROUPS:
            continue
        orbit = _orbit(tuple(int(c) for c in rep))
        members = sorted(p for p in patterns if p in orbit)
        labels += ["".join(map(str, p)) for p in members]
        groups += [letter if ties else _NO_TIE_GROUPS[letter]] * len(members)
    return labels, groups


def two_by_two_labels(ties: bool = True) -> tuple[list[str], list[str]]:
    """Labels (rank vectors, e.g. ``"0112"``) and group names of the 2x2 patterns, in output order.

    Parameters
    ----------
    ties : bool
        The 75 tie-aware patterns (groups A to K) or the 24 tie-free ones
        (groups (I), (II), (III)), as in :func:`two_by_two_patterns`.

    Returns
    -------
    (list of str, list of str)
        The pattern labels and the group of each.

    See Also
    --------
    two_by_two_patterns : The distribution they label.

    Examples
    --------
    >>> labels, groups = two_by_two_labels()
    >>> len(labels), labels[:2], groups[:2]
    (75, ['0000', '0123'], ['A', 'B'])
    >>> two_by_two_labels(ties=False)[1][::8]
    ['(I)', '(II)', '(III)']
    """
    return _two_by_two_table(ties)


#: group names of tie-aware (A..K) and tie-free ((I), (II), (III)) 2x2 patterns
TWO_BY_TWO_GROUPS = {True: list(_GROUP_REPRESENTATIVES), False: list(_NO_TIE_GROUPS.values())}


def _rank_codes(windows: np.ndarray, ties: bool) -> np.ndarray:
    """Base-4 code of the rank vector of every 4-value window (dense ranks if ``ties``)."""
    order = np.argsort(windows, axis=-1, kind="stable")
    sorted_vals = np.take_along_axis(windows, order, axis=-1)
    if ties:
        new_value = np.concatenate(
            [np.zeros(sorted_vals.shape[:-1] + (1,), bool), np.diff(sorted_vals, axis=-1) != 0], axis=-1
        )
        step = np.cumsum(new_value, axis=-1)
    else:
        step = np.broadcast_to(np.arange(4), sorted_vals.shape)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, step, axis=-1)
    return ((ranks[..., 0] * 4 + ranks[..., 1]) * 4 + ranks[..., 2]) * 4 + ranks[..., 3]


def two_by_two_patterns(
    img: ArrayLike | xr.DataArray,
    *,
    taux: int = 1,
    tauy: int = 1,
    ties: bool = True,
    grouped: bool = False,
    dims: tuple[str, str] = ("y", "x"),
) -> SeriesResult:
    """Distribution of 2x2 rank patterns, tie-aware (75 patterns) or not (24).

    A window's pattern is the rank of each of its four values (positions
    0 1 / 2 3); with ``ties=True`` equal values share a rank (dense ranks,
    Tarozo et al. 2024), otherwise the earlier position ranks lower.
    ``grouped=True`` sums the probabilities over the pattern groups (A..K, or
    (I), (II), (III) without ties). The same numbers as
    ``ordpy.two_by_two_patterns(img, taux, tauy, tie_patterns=ties, group_patterns=grouped)``.

    Parameters
    ----------
    img, taux, tauy, dims
        As in :func:`image_ordinal_sequence`.
    ties : bool
        Count ties as their own patterns.
    grouped : bool
        Return group probabilities instead of pattern probabilities.

    Returns
    -------
    numpy: probabilities in the order of :func:`two_by_two_labels` (or of
    its groups); DataArray: a ``pattern`` (or ``group``) dimension with the labels.

    See Also
    --------
    two_by_two_labels : The labels of its columns.
    smoothness_structure : Measures from it.

    Examples
    --------
    >>> p = two_by_two_patterns([[1, 2, 1, 4], [8, 3, 4, 5], [6, 7, 5, 6]], grouped=True)
    >>> p.round(4).tolist()
    [0.0, 0.0, 0.5, 0.0, 0.1667, 0.3333, 0.0, 0.0, 0.0, 0.0, 0.0]
    """
    _, _, taux, tauy = check_image_embedding(2, 2, taux, tauy)
    check_choice(ties, "ties", (True, False))
    labels, groups = _two_by_two_table(ties)
    lookup = np.full(4**4, -1, dtype=np.int64)
    for k, label in enumerate(labels):
        lookup[int(label, 4)] = k
    names = TWO_BY_TWO_GROUPS[ties]
    group_of = np.array([names.index(g) for g in groups])

    def dist(v):
        index = lookup[_rank_codes(_windows(v, 2, 2, taux, tauy), ties)]
        p = _histogram(index.reshape(*index.shape[:-2], -1), len(labels))
        if not grouped:
            return p
        return np.stack([p[..., group_of == g].sum(axis=-1) for g in range(len(names))], axis=-1)

    dim, coord = ("group", names) if grouped else ("pattern", labels)
    out = apply_image(
        dist,
        img,
        dims,
        (2, 2, taux, tauy),
        {dim: len(coord)},
    )
    if isinstance(out, xr.DataArray):
        out = out.assign_coords({dim: coord})
        out.attrs.update(ties=int(ties), long_name="probability of 2x2 ordinal patterns")
    return out
