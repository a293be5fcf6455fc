"""Ordinal networks: patterns as nodes, successions of patterns as weighted edges.

Small et al. (2013), McCullough et al. (2015), Pessa & Ribeiro (2019). Each
window of ``m`` values spaced ``tau`` apart has an ordinal pattern, numbered
as in :mod:`tsdyn.ordinal.patterns` (``order="rank"``, the engine's canonical
order, or ``order="argsort"``, ordpy's); an edge joins the patterns of consecutive windows (windows starting one
sample apart, whatever ``tau``). The transition matrix holds the edge counts
or, normalised, their relative frequencies (all entries sum to one).

Global node entropy (McCullough et al. 2015)

.. math::
    H_{GN} = \\sum_i p_i^{\\mathrm{in}} \\, H_i, \\qquad
    H_i = -\\sum_j w_{ij} \\ln w_{ij}

with :math:`p_i^{\\mathrm{in}}` the total normalised weight entering node i and
:math:`w_{ij}` the out-weights of node i renormalised to sum to one.

With ``tau = 1`` consecutive windows share ``m - 1`` values, so the next
pattern is fixed up to where the new sample falls among those ``m - 1``
values: each pattern has exactly ``m`` possible successors. White noise shows
them all (the white-noise reference network); a series may miss links of it.

>>> import numpy as np
>>> from tsdyn.ordinal.networks import global_node_entropy
>>> global_node_entropy(np.arange(20.0), m=3)
0.0
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, one_series
from tsdyn.errors import InputError, check_choice
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.images import apply_image, check_image_embedding, image_codes, lexicographic_rank
from tsdyn.ordinal.patterns import ORDERS, setup

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "OrdinalNetwork",
    "global_node_entropy",
    "image_global_node_entropy",
    "image_transition_matrix",
    "missing_links",
    "ordinal_network",
    "random_ordinal_network",
    "transition_matrix",
]

#: largest embedding dimension for networks: the m! x m! matrix must stay small
MAX_M = 6


def _check(m, tau, order="rank", allow_short=False):
    cfg = setup(m, tau, max_m=MAX_M, allow_short=allow_short)
    check_choice(order, "order", ORDERS)
    return cfg


def _series_codes(a: np.ndarray, cfg, order: str) -> np.ndarray:
    """Pattern index of every window of every row of ``a``: (n_series, n - (m-1)*tau)."""
    codes = K.encode(a, d=cfg.m, tau=cfg.tau, ties=cfg.ties).astype(np.int64)
    return K.rank_to_argsort(cfg.m)[codes] if order == "argsort" else codes


def _transition_counts(a: np.ndarray, cfg, order: str) -> np.ndarray:
    codes = _series_codes(a, cfg, order)
    n_patterns = math.factorial(cfg.m)
    pairs = codes[:, :-1] * n_patterns + codes[:, 1:]
    offsets = np.arange(a.shape[0])[:, None] * n_patterns**2
    counts = np.bincount((pairs + offsets).ravel(), minlength=a.shape[0] * n_patterns**2)
    return counts.reshape(a.shape[0], n_patterns, n_patterns).astype(np.float64)


def _transition_kernel(a, *, parallel, cfg, order, normalized):
    counts = _transition_counts(a, cfg, order)
    if normalized:
        counts /= a.shape[1] - cfg.span
    return counts


def _node_entropy(w: np.ndarray) -> np.ndarray:
    """Global node entropy of normalised transition matrices (..., N, N)."""
    out_total = w.sum(axis=-1, keepdims=True)
    r = np.divide(w, out_total, out=np.zeros_like(w), where=out_total > 0)
    h_i = -np.sum(np.where(r > 0, r * np.log(np.where(r > 0, r, 1.0)), 0.0), axis=-1)
    return np.sum(w.sum(axis=-2) * h_i, axis=-1)


def _gne_kernel(a, *, parallel, cfg):
    return _node_entropy(_transition_kernel(a, parallel=parallel, cfg=cfg, order="rank", normalized=True))


def transition_matrix(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    order: str = "rank",
    normalized: bool = True,
    allow_short: bool = False,
) -> SeriesResult:
    """Transition matrix of the ordinal network of every series.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series (time on the last axis for numpy input).
    m : int
        Embedding dimension, 2 to 6.
    tau : int
        Delay between the values of a window.
    dim : str
        The time dimension.
    order : {"rank", "argsort"}
        Pattern numbering (:mod:`tsdyn.ordinal.patterns`).
    normalized : bool
        Relative frequencies of the transitions (sum one) instead of counts.
    allow_short : bool
        Accept a series shorter than (m-1)*tau + m! samples, down to two
        windows (:mod:`tsdyn.ordinal.patterns`).

    Returns
    -------
    ``(..., m!, m!)`` array (DataArray dims ``source``, ``target``), rows the
    pattern a transition leaves, columns the pattern it reaches, both in
    the pattern order asked for (:func:`tsdyn.ordinal.patterns.pattern_table`).

    See Also
    --------
    ordinal_network : The network as nodes and edges.
    global_node_entropy : Its entropy.

    Examples
    --------
    >>> transition_matrix([4, 7, 9, 10, 6, 11, 8, 3, 7], m=2, normalized=False, allow_short=True)
    array([[2., 2.],
           [2., 1.]])
    """
    cfg = _check(m, tau, order, allow_short)
    n = math.factorial(cfg.m)
    coords = {"source": np.arange(n), "target": np.arange(n)}
    out = Output(
        "transition",
        long_name="ordinal transition " + ("probability" if normalized else "count"),
        core_dims=("source", "target"),
        sizes={"source": n, "target": n},
        coords=coords,
    )
    return cfg.run(
        _transition_kernel,
        x,
        dim=dim,
        outputs=out,
        kwargs={"cfg": cfg, "order": order, "normalized": bool(normalized)},
        attrs={"order": order, "normalized": bool(normalized)},
        function=public_name(transition_matrix),
        extra_length=1,
    )


def global_node_entropy(
    x: SeriesLike, *, dim: str = "time", m: int = 3, tau: int = 1, allow_short: bool = False
) -> SeriesResult:
    """Global node entropy of the ordinal network of every series (natural log).

    Equals ``ordpy.global_node_entropy(x, dx=m, taux=tau)``. A monotone series
    gives 0; long white noise approaches the value of the white-noise network,
    whose nodes all have out-weights ``(1, ..., 1, 2) / (m + 1)``:
    :math:`\\ln(m + 1) - 2 \\ln 2 / (m + 1)` (``1.5 ln 2`` for m = 3).

    Parameters
    ----------
    x, m, tau, dim, allow_short
        As in :func:`transition_matrix`.

    Returns
    -------
    float for one series, else one value per series in the caller's family.

    See Also
    --------
    transition_matrix : The network it is computed from.

    Examples
    --------
    >>> round(global_node_entropy([4, 7, 9, 10, 6, 11, 8, 3, 7], m=2, allow_short=True), 6)
    0.668876
    """
    cfg = _check(m, tau, allow_short=allow_short)
    return cfg.run(
        _gne_kernel,
        x,
        dim=dim,
        outputs=Output("global_node_entropy", long_name="global node entropy of the ordinal network"),
        kwargs={"cfg": cfg},
        function=public_name(global_node_entropy),
        extra_length=1,
    )


@functools.cache
def _reference(m: int, order: str) -> np.ndarray:
    """White-noise transition probabilities, from all (m+1)! equally likely orders of m+1 values."""
    orders = np.array(list(itertools.permutations(range(m + 1))), dtype=np.int64)
    values = np.argsort(orders, axis=1)  # a window of m+1 samples for each order
    first = lexicographic_rank(np.argsort(values[:, :-1], axis=1, kind="stable"))
    second = lexicographic_rank(np.argsort(values[:, 1:], axis=1, kind="stable"))
    if order == "rank":  # lexicographic argsort index -> canonical index
        to_rank = K.argsort_to_rank(m)
        first, second = to_rank[first], to_rank[second]
    n = math.factorial(m)
    w = np.bincount(first * n + second, minlength=n * n).reshape(n, n).astype(np.float64)
    w /= orders.shape[0]
    w.flags.writeable = False
    return w


def random_ordinal_network(m: int = 3, *, order: str = "rank") -> np.ndarray:
    """Transition probabilities of the ordinal network of white noise (tau = 1), ``(m!, m!)``.

    Every pattern has ``m`` successors (Pessa & Ribeiro 2019); the matrix is
    computed exactly by counting the orders of ``m + 1`` i.i.d. values.
    ``order`` numbers the patterns as in :func:`transition_matrix`.

    Parameters
    ----------
    m : int
        Embedding dimension: the matrix is ``(m!, m!)``.
    order : {"rank", "argsort"}
        Pattern numbering, as in :func:`transition_matrix`.


    Returns
    -------
    numpy.ndarray
        Row-stochastic transition matrix: row ``i`` is the distribution of the pattern after pattern ``i``.

    See Also
    --------
    transition_matrix : The network of a series.
    missing_links : Links a series never shows.

    Examples
    --------
    >>> random_ordinal_network(2) * 6
    array([[1., 2.],
           [2., 1.]])
    """
    cfg = _check(m, 1, order)
    return _reference(cfg.m, order).copy()


def _missing_kernel(a, *, parallel, cfg, fraction):
    allowed = _reference(cfg.m, "rank") > 0
    counts = _transition_counts(a, cfg, "rank")
    missing = np.sum(allowed & (counts == 0), axis=(-2, -1)).astype(np.float64)
    return missing / allowed.sum() if fraction else missing


def missing_links(
    x: SeriesLike, *, dim: str = "time", m: int = 3, fraction: bool = True, allow_short: bool = False
) -> SeriesResult:
    """How many links of the white-noise reference network a series never shows (tau = 1).

    A link is a transition between the patterns of consecutive windows; white
    noise of infinite length shows all ``m * m!`` of them, a deterministic
    series often misses many. Equals ``ordpy.missing_links(x, dx=m)`` (its number).

    Parameters
    ----------
    x, m, dim, allow_short
        As in :func:`transition_matrix` (the delay is 1).
    fraction : bool
        Fraction of the ``m * m!`` links instead of their number.

    Returns
    -------
    float for one series, else one value per series in the caller's family.

    See Also
    --------
    random_ordinal_network : The white-noise reference network.
    missing_patterns : Patterns never seen.

    Examples
    --------
    >>> missing_links([4, 7, 9, 10, 6, 11, 3], m=2, fraction=False, allow_short=True)
    1.0
    """
    cfg = _check(m, 1, allow_short=allow_short)
    name = "missing_link_fraction" if fraction else "missing_links"
    return cfg.run(
        _missing_kernel,
        x,
        dim=dim,
        outputs=Output(name, long_name="links of the white-noise ordinal network not observed"),
        kwargs={"cfg": cfg, "fraction": bool(fraction)},
        attrs={"fraction": bool(fraction)},
        function=public_name(missing_links),
        extra_length=1,
    )


@dataclass(frozen=True)
class OrdinalNetwork:
    """Nodes, edges and weights of one series' ordinal network (pattern indices).

    Attributes
    ----------
    nodes : numpy.ndarray
        Indices of the patterns that occur, ``(k,)``.
    edges : numpy.ndarray
        Source and target pattern of each observed transition, ``(n_edges, 2)``, sorted.
    weights : numpy.ndarray
        Counts or probabilities of the transitions, ``(n_edges,)``.

    See Also
    --------
    ordinal_network : builds it.

    Examples
    --------
    >>> net = ordinal_network([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True)
    >>> net.nodes, net.weights
    (array([0, 2, 3]), array([0.25, 0.25, 0.25, 0.25]))
    """

    nodes: np.ndarray  # (k,) indices of the patterns that occur
    edges: np.ndarray  # (m, 2) source and target codes, sorted
    weights: np.ndarray  # (m,) counts or probabilities


def ordinal_network(
    x: SeriesLike,
    *,
    m: int = 3,
    tau: int = 1,
    order: str = "rank",
    normalized: bool = True,
    directed: bool = True,
    allow_short: bool = False,
) -> OrdinalNetwork:
    """The ordinal network of one series as nodes, edges and weights.

    Parameters
    ----------
    x : 1-D array-like
        One series.
    m, tau, order, normalized, allow_short
        As in :func:`transition_matrix`.
    directed : bool
        If False, a link seen in both directions becomes one edge (from the
        smaller index) carrying both weights; a link seen one way keeps its direction.

    Returns
    -------
    OrdinalNetwork
        Indices number the patterns as :func:`tsdyn.ordinal.patterns.pattern_table`
        (its row is ordpy's label: ``[0, 2, 1]`` is ``"0|2|1"``). With
        ``order="argsort"`` the same edges, in the same order, and weights as
        ``ordpy.ordinal_network``.

    See Also
    --------
    transition_matrix : The same as a matrix.
    random_ordinal_network : White noise's network.

    Examples
    --------
    >>> net = ordinal_network([4, 7, 9, 10, 6, 11, 8, 3, 7], m=2, normalized=False, allow_short=True)
    >>> net.edges.tolist(), net.weights.tolist()
    ([[0, 0], [0, 1], [1, 0], [1, 1]], [2.0, 2.0, 2.0, 1.0])
    """
    arr = one_series(x, "ordinal_network", hint="; use transition_matrix", squares=False)
    w = transition_matrix(arr, m=m, tau=tau, order=order, normalized=normalized, allow_short=allow_short)
    if not directed:
        # a link seen both ways is kept once, from the smaller code; a one-way link keeps its direction
        both = (w > 0) & (w.T > 0)
        lower = np.tril(both, k=-1)
        w = np.where(np.triu(both, k=1), w + w.T, np.where(lower, 0.0, w))
    src, dst = np.nonzero(w)
    nodes = np.union1d(src, dst)
    return OrdinalNetwork(nodes=nodes, edges=np.stack([src, dst], axis=1), weights=w[src, dst])


CONNECTIONS = ("all", "horizontal", "vertical")


def _image_transitions(v, *, mx, my, taux, tauy, order, connections, normalized):
    codes = image_codes(v, mx, my, taux, tauy, order)  # (..., rows, cols)
    n = math.factorial(mx * my)
    pairs = []
    if connections in ("all", "horizontal"):
        pairs.append((codes[..., :, :-1], codes[..., :, 1:]))
    if connections in ("all", "vertical"):
        pairs.append((codes[..., :-1, :], codes[..., 1:, :]))
    lead = codes.shape[:-2]
    if not any(a.shape[-1] * a.shape[-2] for a, _ in pairs):
        rows, cols = codes.shape[-2:]
        raise InputError(
            f"img holds {rows} x {cols} windows of {mx} x {my}: no neighbouring windows to link "
            f"({connections!r} connections); use a larger image or smaller windows"
        )
    flat = [(a.reshape(*lead, -1), b.reshape(*lead, -1)) for a, b in pairs]
    src = np.concatenate([a for a, _ in flat], axis=-1).reshape(-1, sum(a.shape[-1] for a, _ in flat))
    dst = np.concatenate([b for _, b in flat], axis=-1).reshape(src.shape)
    offsets = np.arange(src.shape[0])[:, None] * n * n
    counts = np.bincount((src * n + dst + offsets).ravel(), minlength=src.shape[0] * n * n).astype(np.float64)
    counts = counts.reshape(*lead, n, n)
    if normalized and src.shape[1]:
        counts /= src.shape[1]
    return counts


def image_transition_matrix(
    img: ArrayLike | xr.DataArray,
    *,
    mx: int = 2,
    my: int = 2,
    taux: int = 1,
    tauy: int = 1,
    order: str = "rank",
    connections: str = "all",
    normalized: bool = True,
    dims: tuple[str, str] = ("y", "x"),
) -> SeriesResult:
    """Transition matrix of the ordinal network of an image (Pessa & Ribeiro 2020).

    Windows next to each other along a row (``"horizontal"``), along a column
    (``"vertical"``) or both (``"all"``) are linked; the matrix counts each
    succession (or its relative frequency). Same edges and weights as
    ``ordpy.ordinal_network(img, dx, dy, taux, tauy, connections=...)``.

    Parameters
    ----------
    img, mx, my, taux, tauy, order, dims
        As in :func:`tsdyn.ordinal.images.image_ordinal_sequence`.
    connections : {"all", "horizontal", "vertical"}
    normalized : bool
        Relative frequencies instead of counts.

    Returns
    -------
    ``(..., (mx*my)!, (mx*my)!)`` array (DataArray dims ``source``, ``target``).

    See Also
    --------
    image_global_node_entropy : Its entropy.
    transition_matrix : Of a series.

    Examples
    --------
    >>> w = image_transition_matrix([[1, 2, 1, 4], [8, 3, 4, 5], [6, 7, 5, 6]], normalized=False)
    >>> int(w.sum()), int(w[0, 0])
    (7, 1)
    """
    mx, my, taux, tauy = check_image_embedding(mx, my, taux, tauy, order)
    if mx * my > MAX_M:
        raise InputError(f"mx*my = {mx * my} is too large for an ordinal network (at most {MAX_M} values)")
    check_choice(connections, "connections", CONNECTIONS)
    n = math.factorial(mx * my)
    out = apply_image(
        lambda v: _image_transitions(
            v, mx=mx, my=my, taux=taux, tauy=tauy, order=order, connections=connections, normalized=normalized
        ),
        img,
        dims,
        (mx, my, taux, tauy),
        {"source": n, "target": n},
    )
    return out


def image_global_node_entropy(
    img: ArrayLike | xr.DataArray,
    *,
    mx: int = 2,
    my: int = 2,
    taux: int = 1,
    tauy: int = 1,
    connections: str = "all",
    dims: tuple[str, str] = ("y", "x"),
) -> SeriesResult:
    """Global node entropy of an image's ordinal network (see :func:`global_node_entropy`).

    Equals ``ordpy.global_node_entropy(img, dx, dy, taux, tauy, connections=...)``.

    Parameters
    ----------
    img, mx, my, taux, tauy, dims
        As in :func:`image_ordinal_sequence`.
    connections : {"all", "horizontal", "vertical"}
        Which neighbouring patterns are linked in the network.


    Returns
    -------
    float, numpy array or xarray object
        One value per image (leading axes of numpy input are broadcast over).

    See Also
    --------
    image_transition_matrix : The network.
    global_node_entropy : Of a series.

    Examples
    --------
    >>> img = [[1, 2, 1, 4], [8, 3, 4, 5], [6, 7, 5, 6]]
    >>> round(image_global_node_entropy(img, connections="horizontal"), 6)
    0.173287
    """
    w = image_transition_matrix(
        img, mx=mx, my=my, taux=taux, tauy=tauy, connections=connections, normalized=True, dims=dims
    )
    h = _node_entropy(np.asarray(w))
    if isinstance(w, np.ndarray):
        return float(h) if h.ndim == 0 else h
    return w.isel(source=0, target=0, drop=True).copy(data=h).rename("global_node_entropy")
