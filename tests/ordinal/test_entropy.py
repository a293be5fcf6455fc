import itertools
import math

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from ordinal_reference import argsort_index, series_params, windows

from tsdyn.errors import InputError
from tsdyn.ordinal import (
    amplitude_aware_permutation_entropy,
    conditional_permutation_entropy,
    permutation_entropy,
    renyi_entropy,
    tsallis_entropy,
    weighted_permutation_entropy,
)


def probs_of(x, d, tau, weights=None):
    idx = argsort_index(windows(x, d, tau))
    p = np.bincount(idx, weights=weights, minlength=math.factorial(d)).astype(float)
    return p / p.sum()


def shannon(p):
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


@settings(max_examples=50, deadline=None)
@given(series_params())
def test_pe_matches_brute_force(case):
    x, d, tau = case
    expect = shannon(probs_of(x, d, tau))
    assert permutation_entropy(x, m=d, tau=tau, normalize=False, allow_short=True) == pytest.approx(
        expect, abs=1e-12
    )
    got = permutation_entropy(x, m=d, tau=tau, allow_short=True)
    assert got == pytest.approx(expect / math.log(math.factorial(d)), abs=1e-12)


@pytest.mark.peer
@settings(max_examples=50, deadline=None)
@given(series_params())
def test_pe_equals_ordpy_and_antropy(case):
    ordpy = pytest.importorskip("ordpy")
    antropy = pytest.importorskip("antropy")
    x, d, tau = case
    assert (
        abs(
            permutation_entropy(x, m=d, tau=tau, allow_short=True)
            - ordpy.permutation_entropy(x, dx=d, taux=tau)
        )
        < 1e-12
    )
    bits = antropy.perm_entropy(x, order=d, delay=tau, normalize=False)
    assert abs(permutation_entropy(x, m=d, tau=tau, normalize=False, base=2, allow_short=True) - bits) < 1e-12
    norm = antropy.perm_entropy(x, order=d, delay=tau, normalize=True)
    assert abs(permutation_entropy(x, m=d, tau=tau, allow_short=True) - norm) < 1e-12


@pytest.mark.peer
@settings(max_examples=50, deadline=None)
@given(series_params(max_d=4))
def test_weighted_renyi_tsallis_equal_ordpy(case):
    ordpy = pytest.importorskip("ordpy")
    x, d, tau = case
    if windows(x, d, tau).var(axis=1).sum() > 0:  # else every weight is 0: we give NaN, ordpy 0
        wpe = weighted_permutation_entropy(x, m=d, tau=tau, allow_short=True)
        assert abs(wpe - ordpy.weighted_permutation_entropy(x, dx=d, taux=tau)) < 1e-12
    orders = [0.5, 1.0, 2.0, 3.5]
    np.testing.assert_allclose(
        renyi_entropy(x, m=d, tau=tau, alpha=orders, allow_short=True),
        ordpy.renyi_entropy(x, alpha=orders, dx=d, taux=tau),
        atol=1e-12,
    )
    np.testing.assert_allclose(
        tsallis_entropy(x, m=d, tau=tau, q=orders, allow_short=True),
        ordpy.tsallis_entropy(x, q=orders, dx=d, taux=tau),
        atol=1e-12,
    )


@settings(max_examples=50, deadline=None)
@given(series_params(max_d=4), st.floats(0.0, 1.0))
def test_weighted_variants_match_brute_force(case, amp):
    x, d, tau = case
    win = windows(x, d, tau)
    var = win.var(axis=1)
    if var.sum() > 0:
        expect = shannon(probs_of(x, d, tau, var)) / math.log(math.factorial(d))
        assert weighted_permutation_entropy(x, m=d, tau=tau, allow_short=True) == pytest.approx(
            expect, abs=1e-12
        )
    aw = amp / d * np.abs(win).sum(axis=1) + (1 - amp) / (d - 1) * np.abs(np.diff(win, axis=1)).sum(axis=1)
    if aw.sum() > 0:
        expect = shannon(probs_of(x, d, tau, aw))
        got = amplitude_aware_permutation_entropy(
            x, m=d, tau=tau, amplitude=amp, normalize=False, allow_short=True
        )
        assert got == pytest.approx(expect, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(series_params(max_d=4))
def test_generalized_entropies_match_formulas(case):
    x, d, tau = case
    p = probs_of(x, d, tau)
    p = p[p > 0]
    for q in (0.5, 2.0, 3.0):
        renyi = math.log((p**q).sum()) / (1 - q)
        assert renyi_entropy(x, m=d, tau=tau, alpha=q, normalize=False, allow_short=True) == pytest.approx(
            renyi, abs=1e-12
        )
        tsallis = (1 - (p**q).sum()) / (q - 1)
        assert tsallis_entropy(x, m=d, tau=tau, q=q, normalize=False, allow_short=True) == pytest.approx(
            tsallis, abs=1e-12
        )


@settings(max_examples=50, deadline=None)
@given(series_params(max_d=4, min_len=12))
def test_conditional_entropy_matches_pattern_pairs(case):
    x, d, tau = case
    if x.size < d * tau + 1:
        return
    idx = argsort_index(windows(x, d, tau))
    cur, nxt = idx[:-tau], idx[tau:]
    pair = np.unique(np.stack([cur, nxt]), axis=1, return_counts=True)[1] / cur.size
    single = np.unique(cur, return_counts=True)[1] / cur.size
    expect = shannon(pair) - shannon(single)
    assert conditional_permutation_entropy(x, m=d, tau=tau, allow_short=True) == pytest.approx(
        expect, abs=1e-12
    )
    assert conditional_permutation_entropy(
        x, m=d, tau=tau, normalize=True, allow_short=True
    ) == pytest.approx(expect / math.log(d), abs=1e-12)


def test_analytic_values():
    assert permutation_entropy(np.arange(50.0), m=4) == 0.0
    assert permutation_entropy(-np.arange(200.0), m=5, tau=2) == 0.0
    assert permutation_entropy(np.ones(20)) == 0.0  # constant: one pattern (documented)
    noise = np.random.default_rng(1).standard_normal(20_000)
    assert permutation_entropy(noise, m=4) > 0.998
    # white noise: the 24 orders of 4 samples are equally likely; the pair of patterns
    # (first 3, last 3) is a function of the order
    pairs = {}
    for perm in itertools.permutations(range(4)):
        key = (tuple(np.argsort(perm[:3])), tuple(np.argsort(perm[1:])))
        pairs[key] = pairs.get(key, 0) + 1 / 24
    expect = shannon(np.array(list(pairs.values()))) - math.log(6)
    assert conditional_permutation_entropy(noise, m=3) == pytest.approx(expect, abs=0.01)
    # a period-2 series alternates two patterns
    assert permutation_entropy(np.tile([0.0, 1.0], 20), m=3, normalize=False, base=2) == pytest.approx(1.0)
    assert renyi_entropy(noise, m=3, alpha=[0.5, 2.0]) == pytest.approx([1.0, 1.0], abs=1e-3)
    assert tsallis_entropy(noise, m=3, q=2.0) == pytest.approx(1.0, abs=1e-3)


@settings(max_examples=30, deadline=None)
@given(series_params(max_d=4), st.integers(1, 9), st.integers(-50, 50))
def test_shift_and_scale_invariance(case, scale, shift):
    x, d, tau = case
    x = np.round(x)  # integers: scaling and shifting keep exact ties
    for fn in (permutation_entropy, weighted_permutation_entropy, conditional_permutation_entropy):
        if fn is conditional_permutation_entropy and x.size < d * tau + 1:
            continue
        if fn is weighted_permutation_entropy and np.ptp(x) == 0:
            continue
        np.testing.assert_allclose(
            fn(scale * x + shift, m=d, tau=tau, allow_short=True),
            fn(x, m=d, tau=tau, allow_short=True),
            atol=1e-12,
        )


def test_dtypes_dims_and_order_dimension():
    x = np.random.default_rng(2).integers(0, 100, (3, 200))
    ref = permutation_entropy(x.astype(float))
    np.testing.assert_allclose(permutation_entropy(x), ref)
    np.testing.assert_allclose(permutation_entropy(x.astype(np.float32)), ref)
    da = xr.DataArray(x, dims=("member", "time"), coords={"member": [10, 20, 30]})
    out = renyi_entropy(da, alpha=[0.5, 2.0])
    assert out.dims == ("member", "alpha") and list(out.alpha.values) == [0.5, 2.0]
    assert out.attrs["m"] == 3 and list(out.member.values) == [10, 20, 30]
    assert tsallis_entropy(da, q=2.0).dims == ("member",)
    assert permutation_entropy(da, dim="time").attrs["long_name"] == "permutation entropy"


def test_bad_input():
    with pytest.raises(InputError, match="base must be"):
        permutation_entropy(np.arange(10.0), normalize=False, base=1)
    with pytest.raises(InputError, match="amplitude must be"):
        amplitude_aware_permutation_entropy(np.arange(10.0), amplitude=2)
    with pytest.raises(InputError, match="alpha must hold finite numbers >= 0"):
        renyi_entropy(np.arange(10.0), alpha=-1)
    with pytest.raises(InputError, match="q must be a number or a 1-D"):
        tsallis_entropy(np.arange(10.0), q=[[1, 2]])
    with pytest.raises(InputError, match="needs at least 4 samples"):
        conditional_permutation_entropy(np.arange(3.0), m=3, allow_short=True)
    with pytest.raises(
        InputError, match=r"every ordinal pattern of m=3, tau=1.*needs at least 8 samples, got 7"
    ):
        conditional_permutation_entropy(np.arange(7.0), m=3)
    with pytest.raises(InputError, match="m must be an integer in"):
        conditional_permutation_entropy(np.arange(30.0), m=10)


def test_nan_omit_equals_dropping_windows():
    x = np.random.default_rng(3).standard_normal(60)
    y = x.copy()
    y[30] = np.nan
    left, right = x[:30], x[31:]
    idx = np.concatenate([argsort_index(windows(left, 3, 1)), argsort_index(windows(right, 3, 1))])
    expect = shannon(np.bincount(idx, minlength=6) / idx.size) / math.log(6)
    assert permutation_entropy(y, nan_policy="omit") == pytest.approx(expect, abs=1e-12)
    assert np.isfinite(weighted_permutation_entropy(y, nan_policy="omit"))


@pytest.mark.parametrize("scale", [1e160, 1e-170])
def test_weighted_entropies_take_any_magnitude(scale):
    # their weights (variances, mean amplitudes) overflowed or underflowed: NaN
    x = np.random.default_rng(0).normal(size=2000)
    for f in (weighted_permutation_entropy, amplitude_aware_permutation_entropy):
        assert f(x * scale) == pytest.approx(f(x), rel=1e-12)


def test_base_is_checked_even_when_normalized():
    with pytest.raises(InputError, match="base must be 'e' or a number > 1, got 0"):
        permutation_entropy(np.arange(100.0) % 7, base=0)
