import math

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from tsdyn.errors import InputError
from tsdyn.ordinal import (
    complexity_bounds,
    complexity_entropy,
    maximum_complexity_curve,
    minimum_complexity_curve,
    plane_position,
    renyi_complexity_entropy,
    tsallis_complexity_entropy,
)
from tsdyn.ordinal.plane import _group_point


def test_peak_of_maximum_curve_matches_published_values():
    # peak C of the maximum curve: d=3 0.29145, d=4 0.35409, d=5 0.42482 (ordpy / Rosso et al.)
    for d, peak in ((3, 0.29145), (4, 0.35409), (5, 0.42482)):
        lo = 0.3 if d == 3 else 0.4
        res = minimize_scalar(
            lambda h, d=d: -complexity_bounds(h, m=d)[1], bounds=(lo, 0.8), method="bounded"
        )
        assert -res.fun == pytest.approx(peak, abs=1e-5)


def test_bounds_of_single_pattern_and_uniform():
    c_min, c_max = complexity_bounds([0.0, 1.0], m=5)
    np.testing.assert_array_equal(c_min, [0.0, 0.0])
    np.testing.assert_array_equal(c_max, [0.0, 0.0])


@pytest.mark.parametrize(
    "variant", [{}, {"alpha": 0.5}, {"alpha": 2.0}, {"alpha": 3.0}, {"q": 0.5}, {"q": 2.0}, {"q": 3.0}]
)
@pytest.mark.parametrize("d", [3, 4])
def test_random_distributions_lie_between_the_curves(d, variant):
    n = math.factorial(d)
    rng = np.random.default_rng(d)
    probs = []
    for conc in (0.05, 0.3, 1.0, 5.0):
        p = rng.dirichlet(np.full(n, conc), size=120)
        probs.append(p)
    # sparse distributions too (many absent patterns)
    sparse = rng.dirichlet(np.ones(n), size=120) * (rng.random((120, n)) < 0.3)
    sparse = sparse[sparse.sum(axis=1) > 0]
    probs.append(sparse / sparse.sum(axis=1, keepdims=True))
    p = np.concatenate(probs)
    kind = "shannon" if not variant else ("renyi" if "alpha" in variant else "tsallis")
    q = next(iter(variant.values()), 1.0)
    h, c = _group_point(p, np.ones_like(p), n, kind, q)
    pos = plane_position(h, c, m=d, **variant)
    assert pos.inside.all()


def test_computed_points_inside_the_bounds():
    rng = np.random.default_rng(0)
    x = np.cumsum(rng.standard_normal((6, 400)), axis=1)
    x[0] = np.sin(np.arange(400) / 7.0)
    for d in (3, 4, 5):
        res = complexity_entropy(x, m=d)
        assert plane_position(res.entropy, res.complexity, m=d).inside.all()
        ren = renyi_complexity_entropy(x, m=d, alpha=2.0)
        assert plane_position(ren.entropy, ren.complexity, m=d, alpha=2.0).inside.all()
        tsa = tsallis_complexity_entropy(x, m=d, q=0.5)
        assert plane_position(tsa.entropy, tsa.complexity, m=d, q=0.5).inside.all()


def test_curves_for_large_d_are_cheap_and_ordered():
    low = minimum_complexity_curve(10, size=50)
    high = maximum_complexity_curve(10, size=50)
    assert np.all(np.diff(low.entropy) >= 0) and np.all(np.diff(high.entropy) > 0)
    c_min = complexity_bounds(high.entropy, m=10)[0]
    assert np.all(high.complexity >= c_min - 1e-12)


def test_position_and_variants():
    pos = plane_position([0.5, 0.5], [0.0, 1.0], m=4)
    assert pos.position[0] < 0 and pos.position[1] > 1
    assert not pos.inside.any()
    c_min, c_max = complexity_bounds(0.5, m=4)
    mid = plane_position(0.5, (c_min + c_max) / 2, m=4)
    assert float(mid.position) == pytest.approx(0.5)
    # the same family gives the same point in every variant at order 1
    np.testing.assert_allclose(complexity_bounds(0.6, m=4, q=1.0), complexity_bounds(0.6, m=4))


def test_shared_ties_plane_uses_ordered_bell_states():
    c_min, c_max = complexity_bounds(0.5, m=3, ties="shared")
    assert c_max > c_min
    x = np.random.default_rng(2).integers(0, 3, 500).astype(float)
    res = complexity_entropy(x, m=3, ties="shared")
    assert plane_position(res.entropy, res.complexity, m=3, ties="shared").inside


def test_small_order_envelope_limits():
    with pytest.raises(InputError, match="up to 120 patterns"):
        complexity_bounds(0.5, m=6, alpha=0.5)
    # above order 1 any d works (the Shannon extremal families)
    c_min, c_max = complexity_bounds(0.5, m=6, alpha=2.0)
    assert 0 < c_min < c_max


def test_bad_input():
    with pytest.raises(InputError, match="not both"):
        complexity_bounds(0.5, alpha=2, q=2)
    with pytest.raises(InputError, match=r"in \[0, 1\]"):
        complexity_bounds(1.5)
    with pytest.raises(InputError, match="q must be a number > 0"):
        complexity_bounds(0.5, q=-1)
    with pytest.raises(InputError, match="size must be"):
        minimum_complexity_curve(3, size=1)


def test_position_refuses_complexities_outside_the_plane_and_unpaired_shapes():
    # a negative complexity was placed below the plane; shapes (2, 1) and (2,) were broadcast into four points
    with pytest.raises(
        InputError, match=r"complexity must hold normalized complexities in \[0, 1\]; complexity is -0.1"
    ):
        plane_position(0.5, -0.1, m=4)
    with pytest.raises(InputError, match=r"in \[0, 1\]; complexity\[0, 1\] is 1.5$"):
        plane_position([[0.5, 0.6]], [[0.1, 1.5]], m=4)
    with pytest.raises(InputError, match=r"complexity\[1\] is inf$"):
        plane_position([0.5, 0.6], [0.1, np.inf], m=4)
    with pytest.raises(
        InputError,
        match=r"entropy and complexity must have the same shape \(one point per pair\); got \(2, 1\) and \(2,\)",
    ):
        plane_position([[0.5], [0.6]], [0.1, 0.2], m=4)
    # documented: a NaN complexity is placed nowhere, a NaN entropy is refused (now naming where)
    pos = plane_position([0.5, 0.6], [0.3, np.nan], m=4)
    assert np.isnan(pos.position[1]) and not pos.inside[1] and pos.inside[0]
    with pytest.raises(InputError, match=r"entropies in \[0, 1\]; entropy\[1\] is nan$"):
        plane_position([0.5, np.nan], [0.1, 0.2], m=4)


@pytest.mark.peer
def test_equal_ordpy_curves():
    ordpy = pytest.importorskip("ordpy")
    for d in (3, 4, 5):
        low = ordpy.minimum_complexity_entropy(d, size=60)
        ours = minimum_complexity_curve(d, size=60)
        np.testing.assert_allclose(ours.entropy, low[:, 0], atol=1e-12)
        np.testing.assert_allclose(ours.complexity, low[:, 1], atol=1e-12)
        np.testing.assert_allclose(complexity_bounds(low[:, 0], m=d)[0], low[:, 1], atol=1e-12)
        high = ordpy.maximum_complexity_entropy(d, m=8)
        np.testing.assert_allclose(complexity_bounds(high[:, 0], m=d)[1], high[:, 1], atol=1e-12)


def test_plot_plane():
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    from tsdyn.plot import plot_plane

    ax = plot_plane([0.9, 0.5], [0.1, 0.3], m=4, labels=["a", "b"], q=2.0)
    assert len(ax.lines) == 2 and len(ax.texts) == 2
    with pytest.raises(InputError, match="labels has 1 entries"):
        plot_plane([0.9, 0.5], [0.1, 0.3], labels=["a"])
    with pytest.raises(InputError, match="needs both"):
        plot_plane([0.9])
    import matplotlib.pyplot as plt

    plt.close("all")
