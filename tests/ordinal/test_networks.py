import math

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tsdyn.errors import InputError
from tsdyn.ordinal.networks import (
    global_node_entropy,
    image_global_node_entropy,
    image_transition_matrix,
    missing_links,
    ordinal_network,
    random_ordinal_network,
    transition_matrix,
)
from tsdyn.ordinal.patterns import pattern_table


@st.composite
def series(draw, max_len=60):
    """Short series; small-integer values make ties common."""
    n = draw(st.integers(4, max_len))  # ordpy reads a length-3 input as a network
    ties = draw(st.booleans())
    elements = st.integers(0, 3).map(float) if ties else st.floats(-1e6, 1e6)
    return draw(arrays(np.float64, n, elements=elements))


params = st.tuples(st.integers(2, 4), st.integers(1, 3))


def fits(x, d, tau):
    return x.size >= (d - 1) * tau + 2


@pytest.mark.parametrize("d", [2, 3, 4])
def test_reference_network_has_d_successors_and_sums_to_one(d):
    w = random_ordinal_network(d)
    assert w.shape == (math.factorial(d),) * 2
    assert w.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal((w > 0).sum(axis=1), d)
    # each pattern is equally likely in white noise: rows and columns sum to 1/d!
    np.testing.assert_allclose(w.sum(axis=1), 1 / math.factorial(d))
    np.testing.assert_allclose(w.sum(axis=0), 1 / math.factorial(d))


def test_white_noise_shows_every_link_and_reference_probabilities():
    x = np.random.default_rng(0).standard_normal(200_000)
    assert missing_links(x, m=3) == 0.0
    np.testing.assert_allclose(transition_matrix(x, m=3), random_ordinal_network(3), atol=2e-3)
    # white-noise network: every node's out-weights are (1, ..., 1, 2) / (d + 1), so
    # H_GN = ln(d + 1) - 2 ln 2 / (d + 1) = 1.5 ln 2 for d = 3
    assert global_node_entropy(x, m=3) == pytest.approx(1.5 * np.log(2), abs=0.005)


def test_monotone_and_logistic_map():
    assert global_node_entropy(np.arange(30.0), m=4) == 0.0
    assert missing_links(np.arange(30.0), m=3, fraction=False) == 17.0  # only 0 -> 0 of 18 links
    x = np.empty(5000)
    x[0] = 0.3
    for i in range(1, x.size):
        x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    assert missing_links(x, m=3) > 0.2  # forbidden patterns remove their links


def test_dims_kept_and_orders_are_a_relabelling():
    rng = np.random.default_rng(1)
    da = xr.DataArray(rng.standard_normal((2, 100)), dims=("member", "time"), coords={"member": ["a", "b"]})
    w = transition_matrix(da, m=3)
    assert w.dims == ("member", "source", "target") and list(w["member"].values) == ["a", "b"]
    gne = global_node_entropy(da, m=3, tau=2)
    assert gne.dims == ("member",)
    # the argsort order is the same matrix with rows and columns permuted
    rank, arg = pattern_table(3), pattern_table(3, order="argsort")
    perm = [next(j for j in range(6) if (arg[j] == rank[i]).all()) for i in range(6)]
    w_arg = transition_matrix(da.values[0], m=3, order="argsort")
    np.testing.assert_array_equal(w.values[0], w_arg[np.ix_(perm, perm)])
    assert missing_links(da.chunk({"member": 1}), m=3).compute().dims == ("member",)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: transition_matrix([1.0, 2.0, 3.0], m=3, allow_short=True), "at least 4"),
        (lambda: transition_matrix(np.arange(7.0), m=3), "at least 8"),
        (lambda: transition_matrix(np.arange(10.0), m=7), "m must be an integer in"),
        (lambda: transition_matrix(np.arange(10.0), tau=0), "tau"),
        (lambda: transition_matrix(np.arange(10.0), order="lex"), "order"),
        (lambda: global_node_entropy([1.0, np.nan, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]), "NaN"),
        (lambda: missing_links([], m=3), "empty"),
        (lambda: ordinal_network(np.ones((2, 5))), "one series"),
        (lambda: random_ordinal_network(1), "m must be"),
        (lambda: image_transition_matrix(np.ones((4, 4)), connections="diagonal"), "connections"),
        (lambda: image_transition_matrix(np.ones((5, 5)), mx=3, my=3), "too large"),
        (lambda: image_global_node_entropy(np.ones((1, 4))), "too small"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


@pytest.mark.peer
class TestAgainstOrdpy:
    ordpy = pytest.importorskip("ordpy")

    @staticmethod
    def label(table, code):
        return "|".join(map(str, table[code]))

    @given(series(), params, st.booleans(), st.booleans())
    @settings(max_examples=80, deadline=None)
    def test_network(self, x, p, normalized, directed):
        d, tau = p
        if not fits(x, d, tau):
            return
        ref_nodes, ref_edges, ref_weights = self.ordpy.ordinal_network(
            x, dx=d, taux=tau, normalized=normalized, directed=directed
        )
        net = ordinal_network(
            x, m=d, tau=tau, order="argsort", normalized=normalized, directed=directed, allow_short=True
        )
        table = pattern_table(d, order="argsort")
        assert list(ref_nodes) == [self.label(table, c) for c in net.nodes]
        assert [tuple(e) for e in ref_edges] == [
            (self.label(table, a), self.label(table, b)) for a, b in net.edges
        ]
        np.testing.assert_allclose(net.weights, ref_weights, atol=1e-12)

    @given(series(), params)
    @settings(max_examples=80, deadline=None)
    def test_global_node_entropy(self, x, p):
        d, tau = p
        if fits(x, d, tau):
            ref = self.ordpy.global_node_entropy(x, dx=d, taux=tau)
            assert global_node_entropy(x, m=d, tau=tau, allow_short=True) == pytest.approx(ref, abs=1e-12)

    @given(series(), st.integers(2, 4))
    @settings(max_examples=80, deadline=None)
    def test_missing_links(self, x, d):
        if fits(x, d, 1):
            _, count = self.ordpy.missing_links(x, dx=d, return_fraction=False)
            _, fraction = self.ordpy.missing_links(x, dx=d, return_fraction=True)
            assert missing_links(x, m=d, fraction=False, allow_short=True) == count
            assert missing_links(x, m=d, allow_short=True) == pytest.approx(fraction, abs=1e-12)

    @pytest.mark.parametrize("d", [2, 3, 4])
    def test_random_network(self, d):
        _, edges, weights = self.ordpy.random_ordinal_network(dx=d)
        table = pattern_table(d)
        w = random_ordinal_network(d)
        src, dst = np.nonzero(w)
        mine = {(self.label(table, a), self.label(table, b)): w[a, b] for a, b in zip(src, dst, strict=True)}
        ref = {tuple(e): v for e, v in zip(edges, weights, strict=True)}
        assert mine.keys() == ref.keys()
        for k, v in ref.items():
            assert mine[k] == pytest.approx(v, abs=1e-15)

    @given(
        arrays(
            np.float64, st.tuples(st.integers(3, 6), st.integers(3, 6)), elements=st.integers(0, 3).map(float)
        ),
        st.sampled_from([(2, 2), (3, 2), (2, 3), (3, 1)]),
        st.integers(1, 2),
        st.integers(1, 2),
        st.sampled_from(["all", "horizontal", "vertical"]),
    )
    @settings(max_examples=60, deadline=None)
    def test_image_network(self, img, shape, taux, tauy, connections):
        dx, dy = shape
        if img.shape[0] < (dy - 1) * tauy + 2 or img.shape[1] < (dx - 1) * taux + 2 or dy == 1:
            return  # ordpy reads one-row windows as a time series
        _, edges, weights = self.ordpy.ordinal_network(img, dx, dy, taux, tauy, connections=connections)
        w = image_transition_matrix(
            img, mx=dx, my=dy, taux=taux, tauy=tauy, order="argsort", connections=connections
        )
        table = pattern_table(dx * dy, order="argsort")
        src, dst = np.nonzero(w)
        assert [tuple(e) for e in edges] == [
            (self.label(table, a), self.label(table, b)) for a, b in zip(src, dst, strict=True)
        ]
        np.testing.assert_allclose(w[src, dst], weights, atol=1e-12)
        ref = self.ordpy.global_node_entropy(img, dx, dy, taux, tauy, connections=connections)
        mine = image_global_node_entropy(img, mx=dx, my=dy, taux=taux, tauy=tauy, connections=connections)
        assert mine == pytest.approx(ref, abs=1e-12)
