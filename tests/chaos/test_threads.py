"""The chaos engine's threaded paths give the same numbers as one thread, and partial queries the same answers."""

import numpy as np

import tsdyn.systems as ts
from tsdyn.chaos import _kernels as K
from tsdyn.chaos.embedding import _delay_row, default_delay, embed, nearest_neighbours
from tsdyn.chaos.lyapunov import _neighbours


def _lorenz_x(n=2500):
    return ts.get("Lorenz").integrate(n=n, dt=0.02, transient=20).sel(variable="x0").values


def test_divergence_sums_same_on_threads():
    # One block of reference points per thread, each summed in its own order: the threaded
    # driver must give the serial sums bit for bit, for one neighbour (Rosenstein) and several (Kantz).
    x = _lorenz_x()
    m, tau, theiler, steps, n_blocks = 3, 8, 20, 120, 10
    points = embed(x, m=m, tau=tau)
    for method in ("rosenstein", "kantz"):
        starts, indptr, neighbours = _neighbours(points, method, theiler, None)
        bounds = np.searchsorted((starts * n_blocks) // points.shape[0], np.arange(n_blocks + 1))
        runs = []
        for parallel in (False, True):
            sums, counts = np.zeros((n_blocks, steps)), np.zeros((n_blocks, steps), dtype=np.int64)
            K._divergence_block(
                np.arange(n_blocks), x, m, tau, starts, indptr, neighbours, bounds, steps, sums, counts,
                parallel=parallel,
            )  # fmt: skip
            runs.append((sums, counts))
        assert runs[0][1].sum() > 0
        np.testing.assert_array_equal(runs[0][0], runs[1][0])
        np.testing.assert_array_equal(runs[0][1], runs[1][1])


def test_nearest_neighbours_of_some_rows():
    # Asking for a few rows gives those rows' answers of the full query (the tree holds every point).
    points = embed(_lorenz_x(), m=3, tau=8)
    full = nearest_neighbours(points, np.arange(points.shape[0]), 20, 2.0)
    rows = np.array([0, 5, 17, 400, points.shape[0] - 1])
    part = nearest_neighbours(points, np.arange(points.shape[0]), 20, 2.0, rows=rows)
    np.testing.assert_array_equal(part[0], full[0][rows])
    np.testing.assert_array_equal(part[1], full[1][rows])
    assert np.all(np.abs(part[1] - rows) > 20)


def test_default_delay_stops_at_the_first_minimum():
    # The AMI curve cut at its first minimum gives the delay of the whole curve.
    x = _lorenz_x()
    tau, curve, fallback = _delay_row(x, "ami", 100)
    assert not fallback and default_delay(x) == tau
    assert np.all(np.diff(curve[: tau + 1]) < 0)  # falling up to the minimum
