"""Recurrence networks: the recurrence plot read as the adjacency matrix of a graph.

Each state is a node; two nodes are linked when the states recur (Marwan et
al. 2009, Donner et al. 2010), so the Theiler band (the line of identity at
``theiler=0``) holds no link and there are no self-loops. The network's
measures describe the attractor's geometry: high **transitivity** and
**clustering** where the states lie on a low-dimensional set (transitivity
of a recurrence network relates to the attractor's dimension), long
**average paths** where it is stretched out, positive **assortativity** where
dense regions link to dense regions.

>>> import numpy as np
>>> from tsdyn.recurrence import recurrence_network
>>> t = np.arange(400)
>>> res = recurrence_network(np.sin(2 * np.pi * t / 40), m=2, tau=10, threshold=0.3)
>>> round(float(res.transitivity), 2)  # a curve is one-dimensional: 3/4 (Donner et al. 2011)
0.75
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

from tsdyn._numba import use_parallel
from tsdyn.recurrence.options import RQAOptions
from tsdyn.recurrence.quantification import prepare_options
from tsdyn.recurrence.sets import absolute_thresholds, per_series, to_family

__all__ = ["NETWORK_MEASURES", "network_measures", "recurrence_network"]

NETWORK_MEASURES = {
    "transitivity": "transitivity: 3 x triangles / connected triples",
    "global_clustering": "global clustering: mean of the local clustering coefficients (0 for degree < 2)",
    "average_path_length": "average shortest path length over the connected pairs",
    "assortativity": "degree assortativity (Newman 2002)",
    "link_density": "link density (the recurrence rate outside the Theiler band)",
    "threshold": "threshold used (distance)",
}


def network_measures(n: int, rows: np.ndarray, cols: np.ndarray) -> dict:
    """The measures of the undirected graph on ``n`` nodes with the links ``rows[e] < cols[e]``.

    Returns :data:`NETWORK_MEASURES` but ``link_density`` and ``threshold``,
    and ``local_clustering`` per node.
    """
    from tsdyn.recurrence import _kernels as K

    links = rows.size
    adj = scipy.sparse.csr_matrix((np.ones(links, dtype=np.int8), (rows, cols)), shape=(n, n))
    adj = (adj + adj.T).tocsr()
    adj.sort_indices()
    degree = np.diff(adj.indptr).astype(np.float64)
    triangles = K.neighbour_triangles(adj.indptr, adj.indices)  # twice the triangles at each node
    triples = degree * (degree - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        local = np.where(triples > 0, triangles / triples, 0.0)
        transitivity = triangles.sum() / triples.sum()
        ki, kj = degree[rows], degree[cols]
        mixed = np.sum(ki * kj) / links
        mean_sq = (np.sum(ki + kj) / (2.0 * links)) ** 2
        spread = np.sum(ki * ki + kj * kj) / (2.0 * links)
        assortativity = (mixed - mean_sq) / (spread - mean_sq)
    # breadth-first from every node (O(n x links)), sources split over numba's threads
    total = np.zeros(n, np.int64)
    reached = np.zeros(n, np.int64)
    K.path_sums(
        np.arange(n), adj.indptr, adj.indices, total, reached, parallel=use_parallel(n, max(links, 1))
    )
    pairs = int(reached.sum()) - n  # a node reaches itself at length 0
    return {
        "transitivity": float(transitivity),
        "global_clustering": float(local.mean()),
        "average_path_length": float(total.sum()) / pairs if pairs else np.nan,
        "assortativity": float(assortativity),
        "local_clustering": local,
    }


def recurrence_network(x, options: RQAOptions | None = None, /, **kwargs):
    """Transitivity, clustering, average path length and assortativity of each series' recurrence network.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        As for :func:`tsdyn.recurrence.rqa` (one network per series).
    options : RQAOptions, optional
        As for :func:`tsdyn.recurrence.rqa`; ``l_min``, ``v_min`` and
        ``border`` play no part.
    **kwargs
        ``threshold``, ``recurrence_rate``, ``relative_to``, ``m``, ``tau``,
        ``metric``, ``theiler``, ``dim``, ``nan_policy`` (see
        :class:`tsdyn.recurrence.RQAOptions`).

    Returns
    -------
    The measures of ``tsdyn.recurrence.networks.NETWORK_MEASURES``: with :math:`k_i` the degrees,
    :math:`T_i` the triangles at node :math:`i` and :math:`L` the links,

    - transitivity :math:`\\sum_i 2 T_i / \\sum_i k_i (k_i - 1)`;
    - global clustering: the mean over the nodes of :math:`C_i = 2 T_i / (k_i (k_i - 1))`
      (0 for :math:`k_i < 2`);
    - average path length: the mean shortest path (in links) over the
      ordered pairs of distinct nodes joined by a path;
    - assortativity: Pearson's correlation of the degrees at the two ends
      of the links (Newman 2002);
    - link density :math:`2 L / (\\text{pairs outside the Theiler band})`.

    A named tuple (numpy), a pandas.Series, or a Dataset (xarray). NaN for a
    network without links or triples.

    See Also
    --------
    recurrence_matrix : The network's adjacency.
    rqa : The line measures of the same plot.

    References
    ----------
    Donner, R. V., Zou, Y., Donges, J. F., Marwan, N. & Kurths, J. (2010).
    Recurrence networks: a novel paradigm for nonlinear time series analysis.
    New J. Phys. 12, 033025.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.recurrence import recurrence_network
    >>> x = np.random.default_rng(0).normal(size=(2, 500))
    >>> res = recurrence_network(x, m=1, recurrence_rate=0.05)
    >>> np.round(res.link_density, 3)
    array([0.05, 0.05])
    """
    from tsdyn.recurrence import _kernels as K

    opts = RQAOptions.build(options, kwargs)
    c = opts.check(grid=False)
    prep = prepare_options(x, opts, c)

    def one(pts) -> dict:
        eps = float(absolute_thresholds(pts, c.kind, c.values, opts.relative_to, c.metric, c.theiler)[0])
        rows, cols, _ = K.recurrent_pairs(pts.grid(eps), np.array([eps]), c.metric, c.theiler)
        measures = network_measures(pts.n, rows, cols)
        k = np.arange(1, pts.n)
        return {
            **{
                name: measures[name]
                for name in ("transitivity", "global_clustering", "average_path_length", "assortativity")
            },
            "link_density": rows.size / np.sum((pts.n - k)[k > c.theiler]),
            "threshold": eps,
        }

    out = per_series(prep, one, dict.fromkeys(NETWORK_MEASURES, ()))
    attrs = opts.attrs(prep, c, grid=False)
    for name in ("l_min", "v_min", "border"):
        del attrs[name]
    return to_family(prep, out, NETWORK_MEASURES, attrs, recurrence_network)
