"""Write tests/recurrence/data/pyunicorn_refs.npz: pyunicorn 1.0's recurrence results on fixed inputs.

The recurrence tests compare tsdyn.recurrence with these numbers, so the
parity with pyunicorn is checked in CI without installing pyunicorn (a
two-minute source build). Each case stores its inputs (float32-rounded
points: pyunicorn computes in float32) and pyunicorn's outputs under a prefix:

- ``rp_``: ``RecurrencePlot`` of a chaotic logistic series (m = 3), its
  RQA measures and line-length distributions (chebyshev, ``supremum``);
- ``jrp_``: ``JointRecurrencePlot`` of the x and y coordinates of the Henon
  map, one threshold each, its matrix (the recurrent pairs) and RQA measures;
- ``crp_``: ``CrossRecurrencePlot`` of two embedded series of different
  lengths (euclidean), its recurrent pairs and cross recurrence rate;
- ``net_``: ``RecurrenceNetwork`` of the Henon map's states (euclidean):
  transitivity, global and local clustering, average path length, assortativity.

pyunicorn's threshold is strict (``d < eps``), tsdyn's is not (``d <= eps``):
every threshold is the midpoint of a gap between two consecutive distances,
so both read the same set. Run from the repository root (needs pyunicorn)::

    python tools/make_recurrence_refs.py
"""

from __future__ import annotations

import pathlib

import numpy as np
from pyunicorn.timeseries import CrossRecurrencePlot, JointRecurrencePlot, RecurrenceNetwork, RecurrencePlot

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "recurrence" / "data" / "pyunicorn_refs.npz"


def logistic(r, n, x0=0.4, transient=1000):
    x = np.empty(n + transient)
    x[0] = x0
    for i in range(1, x.size):
        x[i] = r * x[i - 1] * (1.0 - x[i - 1])
    return x[transient:]


def henon(n, transient=1000):
    xy = np.empty((n + transient, 2))
    xy[0] = 0.1, 0.1
    for i in range(1, xy.shape[0]):
        xy[i] = 1.0 - 1.4 * xy[i - 1, 0] ** 2 + xy[i - 1, 1], 0.3 * xy[i - 1, 0]
    return xy[transient:]


def embed(x, m, tau=1):
    n = x.size - (m - 1) * tau
    return np.stack([x[k * tau : k * tau + n] for k in range(m)], axis=1)


def f32(a):
    return np.ascontiguousarray(a, dtype=np.float32).astype(np.float64)


def distances(a, b, metric):
    diff = a[:, None, :] - b[None, :, :]
    if metric == "chebyshev":
        return np.abs(diff).max(axis=-1)
    return np.sqrt((diff**2).sum(axis=-1))


def gap_threshold(a, b, metric, lo, hi):
    """The midpoint of the widest gap between consecutive distances in (lo, hi)."""
    d = np.sort(distances(a, b, metric).ravel())
    near = d[(d > lo) & (d < hi)]
    k = int(np.argmax(np.diff(near)))
    return float(near[k] + near[k + 1]) / 2


def pairs(matrix):
    i, j = np.nonzero(matrix)
    return np.stack([i, j]).astype(np.int32)


def main():
    out = {}
    # RecurrencePlot: RQA measures and line distributions
    points = f32(embed(logistic(3.95, 1200), 3))
    eps = gap_threshold(points, points, "chebyshev", 0.04, 0.06)
    rp = RecurrencePlot(points.astype(np.float32), threshold=eps, metric="supremum", silence_level=3)
    # the line distributions without the line of identity, as tsdyn counts them
    np.fill_diagonal(rp.R, 0)
    out |= {
        "rp_points": points,
        "rp_threshold": eps,
        "rp_recurrence_rate": rp.recurrence_rate(),
        "rp_determinism": rp.determinism(),
        "rp_average_diaglength": rp.average_diaglength(),
        "rp_max_diaglength": rp.max_diaglength(),
        "rp_laminarity": rp.laminarity(),
        "rp_trapping_time": rp.trapping_time(),
        "rp_max_vertlength": rp.max_vertlength(),
        "rp_diag_entropy": rp.diag_entropy(),
        "rp_diagline_dist": rp.diagline_dist(),
        "rp_vertline_dist": rp.vertline_dist(),
    }
    # JointRecurrencePlot of the two coordinates of the Henon map
    xy = henon(600)
    x, y = f32(xy[:, :1]), f32(xy[:, 1:])
    eps_x = gap_threshold(x, x, "chebyshev", 0.1, 0.12)
    eps_y = gap_threshold(y, y, "chebyshev", 0.03, 0.036)
    jrp = JointRecurrencePlot(
        x.astype(np.float32),
        y.astype(np.float32),
        threshold=(eps_x, eps_y),
        metric=("supremum", "supremum"),
        silence_level=3,
    )
    # its line distributions read JR: blank the line of identity there, as tsdyn counts lines
    jr = jrp.recurrence_matrix()
    np.fill_diagonal(jr, 0)
    out |= {
        "jrp_x": x,
        "jrp_y": y,
        "jrp_threshold": np.array([eps_x, eps_y]),
        "jrp_pairs": pairs(np.triu(jr, 1)),
        "jrp_determinism": jrp.determinism(),
        "jrp_laminarity": jrp.laminarity(),
        "jrp_max_diaglength": jrp.max_diaglength(),
        "jrp_diagline_dist": jrp.diagline_dist(),
        "jrp_vertline_dist": jrp.vertline_dist(),
    }
    # CrossRecurrencePlot of two embedded series of different lengths
    a = f32(embed(logistic(3.9, 400), 2))
    b = f32(embed(logistic(3.9, 300, x0=0.3), 2))
    eps = gap_threshold(a, b, "euclidean", 0.05, 0.07)
    crp = CrossRecurrencePlot(
        a.astype(np.float32), b.astype(np.float32), threshold=eps, metric="euclidean", silence_level=3
    )
    out |= {
        "crp_x": a,
        "crp_y": b,
        "crp_threshold": eps,
        "crp_pairs": pairs(crp.recurrence_matrix()),
        "crp_recurrence_rate": crp.cross_recurrence_rate(),
    }
    # RecurrenceNetwork of the Henon map's states
    states = f32(henon(800))
    eps = gap_threshold(states, states, "euclidean", 0.08, 0.1)
    net = RecurrenceNetwork(states.astype(np.float32), threshold=eps, metric="euclidean", silence_level=3)
    out |= {
        "net_points": states,
        "net_threshold": eps,
        "net_transitivity": net.transitivity(),
        "net_global_clustering": net.global_clustering(),
        "net_local_clustering": net.local_clustering(),
        "net_average_path_length": net.average_path_length(),
        "net_assortativity": net.assortativity(),
        "net_edges": np.int64(net.n_links),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **{k: np.asarray(v) for k, v in out.items()})
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
