import math

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from ordinal_reference import argsort_index, series_params, windows

from tsdyn.errors import InputError
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal import n_patterns, ordinal_distribution, ordinal_sequence, pattern_table


@settings(max_examples=50, deadline=None)
@given(series_params())
def test_sequence_argsort_order_is_stable_argsort_index(case):
    x, d, tau = case
    got = ordinal_sequence(x, m=d, tau=tau, order="argsort", allow_short=True)
    np.testing.assert_array_equal(got, argsort_index(windows(x, d, tau)))


@settings(max_examples=50, deadline=None)
@given(series_params())
def test_rank_order_is_lexicographic_rank_vector(case):
    x, d, tau = case
    got = ordinal_sequence(x, m=d, tau=tau, allow_short=True).astype(int)
    table = pattern_table(d)
    # the argsort vector of each window is the table row of its index
    for w, idx in zip(windows(x, d, tau), got, strict=True):
        np.testing.assert_array_equal(np.argsort(w, kind="stable"), table[idx])


@pytest.mark.parametrize("d", [6, 8, 10])
def test_large_d_codes_match_argsort(d):
    rng = np.random.default_rng(d)
    x = rng.integers(0, 6, 80).astype(float)  # ties on purpose
    codes = ordinal_sequence(x, m=d, tau=2, allow_short=True).astype(np.int64)
    win = windows(x, d, 2)
    # Lehmer code of the rank vector, computed directly from the stable ranks
    ranks = np.argsort(np.argsort(win, axis=1, kind="stable"), axis=1, kind="stable")
    expect = np.zeros(len(win), dtype=np.int64)
    for j in range(d):
        later_smaller = (ranks[:, j + 1 :] < ranks[:, [j]]).sum(axis=1)
        expect += later_smaller * math.factorial(d - 1 - j)
    np.testing.assert_array_equal(codes, expect)


def test_pattern_table_orders_are_permutations_of_each_other():
    for d in (2, 3, 4, 5):
        rank, lex = pattern_table(d), pattern_table(d, order="argsort")
        assert sorted(map(tuple, rank)) == sorted(map(tuple, lex))
        np.testing.assert_array_equal(rank[0], np.arange(d))
        np.testing.assert_array_equal(rank[-1], np.arange(d)[::-1])


@settings(max_examples=50, deadline=None)
@given(series_params())
def test_distribution_counts_windows(case):
    x, d, tau = case
    idx = argsort_index(windows(x, d, tau))
    got = ordinal_distribution(x, m=d, tau=tau, order="argsort", counts=True, allow_short=True)
    np.testing.assert_array_equal(got, np.bincount(idx, minlength=math.factorial(d)))
    prob = ordinal_distribution(x, m=d, tau=tau, allow_short=True)
    assert prob.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("tau", [1, 2])
@pytest.mark.parametrize("d", [2, 3, 4])
def test_long_series_counts_two_windows_at_a_time_exactly(d, tau):
    # rows long enough for the kernel's pair table (K.PAIR_MAX_BINS), blocks of K.BLOCK
    # windows with an odd remainder; small integers for ties; one short row counted singly
    rng = np.random.default_rng(d * 10 + tau)
    n = 2 * K.BLOCK + 4 * 24 * 24 + 3
    a = rng.integers(0, 5, size=(2, n)).astype(float)
    a[1] += rng.standard_normal(n)
    got = ordinal_distribution(a, m=d, tau=tau, order="argsort", counts=True)
    for row, counts in zip(a, got, strict=True):
        ref = np.bincount(argsort_index(windows(row, d, tau)), minlength=math.factorial(d))
        np.testing.assert_array_equal(counts, ref)
    short = a[:, : 3 * d * tau]
    got = ordinal_distribution(short, m=d, tau=tau, order="argsort", counts=True, allow_short=True)
    np.testing.assert_array_equal(
        got[0], np.bincount(argsort_index(windows(short[0], d, tau)), minlength=got.shape[1])
    )
    # shared ties: the counts of the pattern sequence (which is not counted by the kernel)
    seq = ordinal_sequence(a, m=d, tau=tau, ties="shared").astype(int)
    shared = ordinal_distribution(a, m=d, tau=tau, ties="shared", counts=True)
    for r in range(2):
        np.testing.assert_array_equal(shared[r], np.bincount(seq[r], minlength=shared.shape[1]))


@pytest.mark.peer
@settings(max_examples=50, deadline=None)
@given(series_params())
def test_distribution_equals_ordpy(case):
    ordpy = pytest.importorskip("ordpy")
    x, d, tau = case
    _, probs = ordpy.ordinal_distribution(x, dx=d, taux=tau, return_missing=True, ordered=True)
    if probs.size < math.factorial(d):  # ordpy lists all states only when some are missing
        probs = ordinal_distribution(x, m=d, tau=tau, order="argsort", allow_short=True)
    np.testing.assert_allclose(
        ordinal_distribution(x, m=d, tau=tau, order="argsort", allow_short=True), probs, atol=1e-12
    )


@pytest.mark.peer
@settings(max_examples=50, deadline=None)
@given(series_params())
def test_sequence_equals_ordpy(case):
    ordpy = pytest.importorskip("ordpy")
    x, d, tau = case
    symbols = ordpy.ordinal_sequence(x, dx=d, taux=tau)
    for order in ("rank", "argsort"):
        idx = ordinal_sequence(x, m=d, tau=tau, order=order, allow_short=True).astype(int)
        np.testing.assert_array_equal(pattern_table(d, order=order)[idx], symbols)


def test_shared_ties_are_the_weak_orders():
    for d in (2, 3, 4):
        assert n_patterns(d, ties="shared") == [1, 1, 3, 13, 75][d]
        # every sequence over d levels: same index <=> same dense-rank vector
        grid = np.array(np.meshgrid(*[np.arange(d)] * d, indexing="ij")).reshape(d, -1).T.astype(float)
        idx = np.array(
            [ordinal_sequence(row, m=d, ties="shared", allow_short=True)[0] for row in grid]
        ).astype(int)
        dense = [tuple(np.unique(row, return_inverse=True)[1]) for row in grid]
        pairs = set(zip(idx, dense, strict=True))
        assert len({p[0] for p in pairs}) == len(pairs) == n_patterns(d, ties="shared")
    assert len(K.shared_valid_codes(6)) == 4683


def test_shared_ties_distinguish_equal_values():
    x = np.array([1.0, 1.0, 1.0, 2.0, 2.0])
    stable = ordinal_sequence(x, m=3, allow_short=True)
    shared = ordinal_sequence(x, m=3, ties="shared", allow_short=True)
    assert stable[0] == stable[1] == 0  # equal values look increasing under the stable rule
    assert shared[0] != shared[1]


def test_nan_omit_skips_windows():
    x = np.array([1.0, 3.0, 2.0, np.nan, 5.0, 4.0, 6.0, 7.0])
    seq = ordinal_sequence(x, m=3, nan_policy="omit")
    assert np.isnan(seq[1:4]).all() and not np.isnan(seq[[0, 4, 5]]).any()
    counts = ordinal_distribution(x, m=3, nan_policy="omit", counts=True)
    assert counts.sum() == 3
    with pytest.raises(InputError, match="NaN"):
        ordinal_distribution(x, m=3)


def test_all_nan_row_among_others_gives_nan():
    x = np.array([[np.nan] * 5, [1.0, 2.0, 3.0, 0.0, 1.0]])
    prob = ordinal_distribution(x, nan_policy="omit", allow_short=True)
    assert np.isnan(prob[0]).all() and prob[1].sum() == pytest.approx(1.0)


def test_dims_coords_and_families():
    rng = np.random.default_rng(0)
    da = xr.DataArray(
        rng.standard_normal((2, 30)),
        dims=("member", "time"),
        coords={"member": ["a", "b"], "time": np.arange(30) * 0.5},
    )
    out = ordinal_distribution(da, m=3)
    assert out.dims == ("member", "pattern") and list(out.member.values) == ["a", "b"]
    assert out.attrs["m"] == 3 and out.attrs["order"] == "rank"
    seq = ordinal_sequence(da, m=3, tau=2)
    assert seq.sizes["window"] == 26
    frame = pd.DataFrame(da.values.T, columns=["a", "b"])
    np.testing.assert_allclose(ordinal_distribution(frame).to_numpy(), out.values.T)
    chunked = ordinal_distribution(da.chunk({"member": 1}), m=3)
    np.testing.assert_allclose(chunked.compute(), out)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"m": 1}, "m must be an integer >= 2"),
        ({"tau": 0}, "tau must be an integer >= 1"),
        ({"m": 11}, "pattern bins"),
        ({"m": 9, "ties": "shared"}, "pattern bins"),
        ({"ties": "dense"}, "ties must be one of"),
        ({"order": "lex"}, "order must be one of"),
        ({"nan_policy": "ignore"}, "nan_policy must be one of"),
        (
            {"nan_policy": "interpolate"},
            "nan_policy='interpolate' is not available here; this function accepts 'raise', 'omit'",
        ),
        ({"nan_policy": "propagate"}, "accepts 'raise', 'omit'"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(InputError, match=match):
        ordinal_distribution(np.arange(20.0), **kwargs)


@pytest.mark.parametrize("m", [11, 10**6, 10**9])
@pytest.mark.parametrize("func", ["permutation_entropy", "complexity_bounds", "n_patterns"])
def test_huge_m_is_refused_at_once(func, m):
    """Issue 13, problems 6 and 7: m = 10**9 hung in factorial(m); m = 10**6 died after 10 s in an
    unrelated int-to-str ValueError. The limit (m at most 10, as the memory message implies) is
    checked before any factorial; a daemon thread turns a regression into a failure, not a hang."""
    import threading

    import tsdyn.ordinal as to

    args = {"permutation_entropy": (np.arange(50.0),), "complexity_bounds": (0.5,), "n_patterns": ()}[func]
    caught: list[BaseException] = []

    def call():
        try:
            getattr(to, func)(*args, m=m)
        except BaseException as err:  # handed to the test's thread
            caught.append(err)

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive(), f"{func}(m={m}) still running after 5 s"
    assert len(caught) == 1 and isinstance(caught[0], InputError)
    assert "m is at most 10" in str(caught[0]) and f"m={m}" in str(caught[0])


def test_shared_ties_limit():
    assert K.MAX_D == {K.STABLE: 10, K.SHARED: 8}
    assert n_patterns(10) == math.factorial(10) and n_patterns(8, ties="shared") == 545835
    with pytest.raises(InputError, match="m is at most 8"):
        n_patterns(9, ties="shared")


def test_bad_series():
    with pytest.raises(InputError, match="empty"):
        ordinal_distribution([])
    with pytest.raises(InputError, match="needs at least 30 samples"):
        ordinal_distribution([1.0, 2.0, 3.0], m=4, tau=2)
    with pytest.raises(InputError, match="needs at least 7 samples"):
        ordinal_distribution([1.0, 2.0, 3.0], m=4, tau=2, allow_short=True)
    with pytest.raises(InputError, match="real numbers"):
        ordinal_distribution(["a", "b", "c", "d"])
    with pytest.raises(InputError, match="all NaN"):
        ordinal_distribution([np.nan] * 8, nan_policy="omit")
    with pytest.raises(InputError, match="argsort"):
        ordinal_distribution(np.arange(5.0), ties="shared", order="argsort")


def test_many_large_distributions_refused():
    x = np.zeros((200, 11))
    with pytest.raises(InputError, match="GiB"):
        ordinal_distribution(x, m=10, allow_short=True)


def test_constant_series_is_one_pattern():
    np.testing.assert_array_equal(ordinal_distribution(np.ones(10), m=3), [1, 0, 0, 0, 0, 0])
    shared = ordinal_distribution(np.ones(10), m=3, ties="shared")
    assert shared.max() == 1.0
