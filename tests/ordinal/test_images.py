import itertools
import math

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tsdyn.errors import InputError
from tsdyn.ordinal.images import (
    image_complexity_entropy,
    image_ordinal_distribution,
    image_ordinal_sequence,
    lexicographic_rank,
    smoothness_structure,
    two_by_two_labels,
    two_by_two_patterns,
)
from tsdyn.ordinal.networks import image_global_node_entropy, image_transition_matrix
from tsdyn.ordinal.patterns import ordinal_distribution


@st.composite
def images(draw, max_side=7):
    """Small images; integer values from a tiny range make ties common."""
    shape = (draw(st.integers(3, max_side)), draw(st.integers(3, max_side)))
    ties = draw(st.booleans())
    elements = st.integers(0, 3).map(float) if ties else st.floats(-1e6, 1e6)
    return draw(arrays(np.float64, shape, elements=elements))


embedding = st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 2), st.integers(1, 2)).filter(
    lambda e: 2 <= e[0] * e[1] <= 6
)


def test_lexicographic_rank_is_the_itertools_order():
    for k in (2, 3, 4):
        perms = np.array(list(itertools.permutations(range(k))))
        np.testing.assert_array_equal(lexicographic_rank(perms), np.arange(math.factorial(k)))


@given(arrays(np.float64, st.integers(4, 40), elements=st.integers(0, 3).map(float)), st.integers(2, 4))
@settings(max_examples=30, deadline=None)
def test_one_row_image_is_the_series_distribution(x, d):
    for order in ("rank", "argsort"):
        ref = ordinal_distribution(x, m=d, order=order, allow_short=True)
        np.testing.assert_allclose(
            image_ordinal_distribution(x[None, :], mx=d, my=1, order=order), ref, atol=1e-15
        )


def test_white_noise_image_types_are_balanced():
    # for i.i.d. pixels all 24 patterns are equally likely: 8 of each type, so S = C = 0
    img = np.random.default_rng(0).random((300, 300))
    r = smoothness_structure(img)
    assert abs(r.smoothness) < 0.01 and abs(r.structure) < 0.01
    p = image_ordinal_distribution(img)
    np.testing.assert_allclose(p, 1 / 24, atol=0.004)


def test_smooth_plane_is_type_one():
    y, x = np.mgrid[0:10, 0:10]
    r = smoothness_structure(1.0 * x + 2.0 * y)
    assert r.smoothness == pytest.approx(2 / 3)


def test_xarray_broadcast_and_labels():
    rng = np.random.default_rng(1)
    da = xr.DataArray(rng.random((2, 5, 6)), dims=("member", "row", "col"))
    seq = image_ordinal_sequence(da, dims=("row", "col"))
    assert seq.dims == ("member", "row", "col") and seq.shape == (2, 4, 5)
    p = two_by_two_patterns(da, dims=("row", "col"), grouped=True)
    assert list(p["group"].values) == list("ABCDEFGHIJK")
    np.testing.assert_allclose(p.values[1], two_by_two_patterns(da.values[1], grouped=True))
    lazy = image_ordinal_distribution(da.chunk({"member": 1}), dims=("row", "col"))
    np.testing.assert_allclose(lazy.values, image_ordinal_distribution(da.values))
    hc = image_complexity_entropy(da, dims=("row", "col"))
    assert hc["entropy"].dims == ("member",)
    np.testing.assert_allclose(hc["complexity"].values[0], image_complexity_entropy(da.values[0]).complexity)
    ss = smoothness_structure(da, dims=("row", "col"))
    assert ss["smoothness"].dims == ("member",)


def test_group_sizes():
    labels, groups = two_by_two_labels()
    sizes = {g: groups.count(g) for g in "ABCDEFGHIJK"}
    assert sizes == {"A": 1, "B": 8, "C": 8, "D": 4, "E": 8, "F": 4, "G": 16, "H": 8, "I": 8, "J": 8, "K": 2}
    assert len(set(labels)) == 75


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"img": [1.0, 2.0, 3.0]}, "at least 2 axes"),
        ({"img": np.ones((1, 5))}, "too small"),
        ({"img": np.ones((4, 4)), "mx": 4, "my": 3}, "too large"),
        ({"img": np.ones((4, 4)), "mx": 1, "my": 1}, "at least 2 values"),
        ({"img": np.ones((4, 4)), "taux": 0}, "taux"),
        ({"img": [[1.0, np.nan], [2.0, 3.0]]}, "NaN"),
        ({"img": [["a", "b"], ["c", "d"]]}, "real numbers"),
        ({"img": xr.DataArray(np.ones((3, 3)), dims=("a", "b"))}, "no dimension 'y'"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        image_ordinal_distribution(**kwargs)


@pytest.mark.peer
class TestAgainstOrdpy:
    ordpy = pytest.importorskip("ordpy")

    @given(images(), embedding)
    @settings(max_examples=60, deadline=None)
    def test_distribution_and_sequence(self, img, emb):
        dx, dy, taux, tauy = emb
        if img.shape[0] < (dy - 1) * tauy + 1 or img.shape[1] < (dx - 1) * taux + 1:
            return
        ref = self.ordpy.ordinal_distribution(img, dx, dy, taux, tauy, return_missing=True, ordered=True)[1]
        np.testing.assert_allclose(
            image_ordinal_distribution(img, mx=dx, my=dy, taux=taux, tauy=tauy, order="argsort"),
            ref,
            atol=1e-12,
        )
        if dy > 1:  # ordpy treats a one-row window as a time series
            perms = self.ordpy.ordinal_sequence(img, dx, dy, taux, tauy)
            np.testing.assert_array_equal(
                image_ordinal_sequence(img, mx=dx, my=dy, taux=taux, tauy=tauy, order="argsort"),
                lexicographic_rank(perms),
            )

    @given(images(), embedding)
    @settings(max_examples=60, deadline=None)
    def test_complexity_entropy(self, img, emb):
        dx, dy, taux, tauy = emb
        if dy == 1 or img.shape[0] < (dy - 1) * tauy + 1 or img.shape[1] < (dx - 1) * taux + 1:
            return  # ordpy reads a one-row window as a time series
        ref = self.ordpy.complexity_entropy(img, dx, dy, taux, tauy)
        res = image_complexity_entropy(img, mx=dx, my=dy, taux=taux, tauy=tauy)
        np.testing.assert_allclose([res.entropy, res.complexity], ref, atol=1e-12)

    @given(images(), st.integers(1, 2), st.integers(1, 2))
    @settings(max_examples=60, deadline=None)
    def test_smoothness_structure(self, img, taux, tauy):
        ref = self.ordpy.smoothness_structure(img, taux=taux, tauy=tauy)
        r = smoothness_structure(img, taux=taux, tauy=tauy)
        np.testing.assert_allclose([r.smoothness, r.structure], ref, atol=1e-12)

    @given(images(), st.integers(1, 2), st.integers(1, 2), st.booleans(), st.booleans())
    @settings(max_examples=60, deadline=None)
    def test_two_by_two(self, img, taux, tauy, ties, grouped):
        ref = self.ordpy.two_by_two_patterns(
            img, taux=taux, tauy=tauy, tie_patterns=ties, group_patterns=grouped
        )
        mine = two_by_two_patterns(img, taux=taux, tauy=tauy, ties=ties, grouped=grouped)
        labels, groups = two_by_two_labels(ties)
        keys = list(dict.fromkeys(groups)) if grouped else [f"[{label}]" for label in labels]
        assert set(keys) == set(ref)
        np.testing.assert_allclose(mine, [ref[k] for k in keys], atol=1e-12)


def test_an_image_of_one_window_has_no_transitions():
    # a 2 x 2 image holds one 2 x 2 window: the reshape of zero links was a numpy ValueError
    img = np.random.default_rng(0).standard_normal((2, 2))
    for f in (image_transition_matrix, image_global_node_entropy):
        with pytest.raises(InputError, match="holds 1 x 1 windows of 2 x 2: no neighbouring windows"):
            f(img)
