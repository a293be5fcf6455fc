"""Recurrence networks against pyunicorn's stored results and analytic values."""

import numpy as np
import pandas as pd
import pytest

from tests.recurrence.reference import refs
from tsdyn.recurrence import recurrence_matrix, recurrence_network
from tsdyn.recurrence.networks import network_measures


def test_equals_pyunicorn():
    # pyunicorn 1.0's RecurrenceNetwork of the Henon map's states (float32-rounded, euclidean,
    # strict threshold in a gap of the distances), stored by tools/make_recurrence_refs.py.
    ref = refs("net")
    points, eps = ref["points"], float(ref["threshold"])
    res = recurrence_network(pd.DataFrame(points), threshold=eps)
    for name in ("transitivity", "global_clustering", "average_path_length", "assortativity"):
        assert res[name] == pytest.approx(float(ref[name]), rel=1e-10, abs=1e-12), name
    upper = recurrence_matrix(pd.DataFrame(points), threshold=eps).tocoo()
    assert upper.nnz == ref["edges"]
    local = network_measures(len(points), upper.row, upper.col)["local_clustering"]
    np.testing.assert_allclose(local, ref["local_clustering"], rtol=1e-10, atol=1e-12)


def test_a_line_of_points():
    # Points evenly spaced on a line, linked within eps = 10 spacings. Away from the ends a node has
    # 20 neighbours (offsets -10..-1, 1..10); two of them are linked when at most 10 apart: the
    # 2 x 45 pairs on one side and the 45 pairs (-j, b <= 10 - j) across, 135 of the 190 pairs.
    # (The continuum limit is 3/4.) The 20 nodes near the ends move it by about 10 / 4000.
    x = np.arange(4000.0)
    res = recurrence_network(x, m=1, threshold=10.0)
    assert res.transitivity == pytest.approx(135 / 190, abs=1e-3)
    # the path between two nodes takes ceil(distance / 10) links
    d = np.abs(np.subtract.outer(x[:1000], x[:1000]))
    small = recurrence_network(x[:1000], m=1, threshold=10.0)
    want = np.ceil(d[d > 0] / 10.0).mean()
    assert small.average_path_length == pytest.approx(want, rel=1e-12)


def test_complete_graph():
    # every pair linked: every triple closed, every path one link, all degrees equal (assortativity
    # 0 / 0: NaN)
    res = recurrence_network(np.random.default_rng(0).normal(size=50), m=1, threshold=100.0)
    assert res.transitivity == 1.0 and res.global_clustering == 1.0 and res.average_path_length == 1.0
    assert res.link_density == 1.0 and np.isnan(res.assortativity)
