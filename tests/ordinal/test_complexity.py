import math

import numpy as np
import pytest
from hypothesis import given, settings
from ordinal_reference import argsort_index, series_params, windows

from tsdyn.errors import InputError
from tsdyn.ordinal import (
    complexity_entropy,
    fisher_shannon,
    renyi_complexity_entropy,
    statistical_complexity,
    tsallis_complexity_entropy,
)

ORDERS = [0.5, 1.0, 2.0, 3.0]


def full_probs(x, d, tau):
    idx = argsort_index(windows(x, d, tau))
    return np.bincount(idx, minlength=math.factorial(d)) / idx.size


def js_complexity(p):
    """C_JS from the definition (Rosso et al. 2007) on the full distribution."""
    n = p.size
    u = np.full(n, 1 / n)

    def s(v):
        v = v[v > 0]
        return -(v * np.log(v)).sum()

    h = s(p) / math.log(n)
    q0 = -2 / ((n + 1) / n * math.log(n + 1) - 2 * math.log(2 * n) + math.log(n))
    return h, q0 * (s((p + u) / 2) - s(p) / 2 - s(u) / 2) * h


@settings(max_examples=50, deadline=None)
@given(series_params())
def test_complexity_matches_definition(case):
    x, d, tau = case
    h, c = js_complexity(full_probs(x, d, tau))
    res = complexity_entropy(x, m=d, tau=tau, allow_short=True)
    assert res.entropy == pytest.approx(h, abs=1e-12)
    assert res.complexity == pytest.approx(c, abs=1e-12)
    assert statistical_complexity(x, m=d, tau=tau, allow_short=True) == pytest.approx(c, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(series_params(max_d=4))
def test_fisher_matches_definition(case):
    x, d, tau = case
    p = full_probs(x, d, tau)
    f = 1.0 if p.max() == 1.0 else 0.5 * (np.diff(np.sqrt(p)) ** 2).sum()
    assert fisher_shannon(x, m=d, tau=tau, allow_short=True).fisher == pytest.approx(f, abs=1e-12)


@pytest.mark.peer
@settings(max_examples=50, deadline=None)
@given(series_params(max_d=4))
def test_equal_ordpy(case):
    ordpy = pytest.importorskip("ordpy")
    x, d, tau = case
    np.testing.assert_allclose(
        tuple(complexity_entropy(x, m=d, tau=tau, allow_short=True)),
        ordpy.complexity_entropy(x, dx=d, taux=tau),
        atol=1e-12,
    )
    np.testing.assert_allclose(
        tuple(fisher_shannon(x, m=d, tau=tau, allow_short=True)),
        ordpy.fisher_shannon(x, dx=d, taux=tau),
        atol=1e-12,
    )
    ren = renyi_complexity_entropy(x, m=d, tau=tau, alpha=ORDERS, allow_short=True)
    np.testing.assert_allclose(
        np.stack([ren.entropy, ren.complexity], axis=1),
        ordpy.renyi_complexity_entropy(x, alpha=ORDERS, dx=d, taux=tau),
        atol=1e-12,
    )
    tsa = tsallis_complexity_entropy(x, m=d, tau=tau, q=ORDERS, allow_short=True)
    np.testing.assert_allclose(
        np.stack([tsa.entropy, tsa.complexity], axis=1),
        ordpy.tsallis_complexity_entropy(x, q=ORDERS, dx=d, taux=tau),
        atol=1e-12,
    )


def test_generalized_complexities_reduce_to_shannon():
    x = np.random.default_rng(0).standard_normal(300)
    base = complexity_entropy(x, m=4)
    for fn, key in ((renyi_complexity_entropy, "alpha"), (tsallis_complexity_entropy, "q")):
        res = fn(x, m=4, **{key: 1.0})
        assert res.entropy == pytest.approx(base.entropy, abs=1e-14)
        assert res.complexity == pytest.approx(base.complexity, abs=1e-14)


def test_analytic_limits():
    noise = np.random.default_rng(1).standard_normal(50_000)
    res = complexity_entropy(noise, m=4)
    assert res.entropy > 0.999 and res.complexity < 0.005
    mono = complexity_entropy(np.arange(100.0), m=4)
    assert mono.entropy == 0.0 and mono.complexity == 0.0
    # one pattern: the Fisher information is 1 and the entropy 0
    assert tuple(fisher_shannon(np.arange(10.0))) == (0.0, 1.0)
    # a pattern distribution concentrated on two of 6 patterns, checked by hand:
    # P = (1/2, 1/2, 0, 0, 0, 0); H = ln2/ln6
    res = complexity_entropy(np.tile([0.0, 1.0], 30), m=3)
    assert res.entropy == pytest.approx(math.log(2) / math.log(6))


def test_fisher_order_option():
    x = np.random.default_rng(4).standard_normal(200)
    lex = fisher_shannon(x, m=3).fisher
    rank = fisher_shannon(x, m=3, order="rank").fisher
    assert lex != rank  # F depends on the order of the patterns
    p = full_probs(x, 3, 1)
    assert lex == pytest.approx(0.5 * (np.diff(np.sqrt(p)) ** 2).sum(), abs=1e-12)


def test_bad_orders():
    with pytest.raises(InputError, match="alpha must be > 0"):
        renyi_complexity_entropy(np.arange(10.0), alpha=0)
    with pytest.raises(InputError, match="order must be one of"):
        fisher_shannon(np.arange(10.0), order="x")


def test_dataset_output():
    import xarray as xr

    da = xr.DataArray(np.random.default_rng(5).standard_normal((2, 100)), dims=("member", "time"))
    ds = tsallis_complexity_entropy(da, q=[1.0, 2.0])
    assert set(ds.data_vars) == {"entropy", "complexity"}
    assert ds.complexity.dims == ("member", "q")
    assert ds.attrs["m"] == 3
