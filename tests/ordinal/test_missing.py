import math

import numpy as np
import pytest
from hypothesis import given, settings
from ordinal_reference import argsort_index, series_params, windows

from tsdyn.errors import InputError
from tsdyn.ordinal import missing_patterns, missing_patterns_test, white_noise_missing


def logistic(n, x0=0.4, r=4.0):
    x = np.empty(n)
    x[0] = x0
    for i in range(n - 1):
        x[i + 1] = r * x[i] * (1 - x[i])
    return x


@settings(max_examples=50, deadline=None)
@given(series_params())
def test_missing_counts_match_brute_force(case):
    x, d, tau = case
    seen = np.unique(argsort_index(windows(x, d, tau))).size
    res = missing_patterns(x, m=d, tau=tau, allow_short=True)
    assert res.missing == math.factorial(d) - seen
    assert res.fraction == pytest.approx((math.factorial(d) - seen) / math.factorial(d))


@pytest.mark.peer
@settings(max_examples=30, deadline=None)
@given(series_params(max_d=4))
def test_missing_equals_ordpy(case):
    ordpy = pytest.importorskip("ordpy")
    x, d, tau = case
    patterns, fraction = ordpy.missing_patterns(x, dx=d, taux=tau)
    res = missing_patterns(x, m=d, tau=tau, allow_short=True)
    assert res.fraction == pytest.approx(fraction, abs=1e-12)
    assert res.missing == len(patterns)


def test_logistic_map_forbids_the_decreasing_triple():
    x = logistic(5000)
    assert missing_patterns(x, m=3).missing == 1
    # the one missing pattern of d = 3 is the strictly decreasing one (index 5 in both orders)
    from tsdyn.ordinal import ordinal_distribution

    assert ordinal_distribution(x, m=3)[5] == 0.0
    for d in (3, 4, 5):
        res = missing_patterns_test(x, m=d, n_surrogates=100, seed=1)
        assert res.missing > 0
        assert res.p_value == pytest.approx(1 / 101)
        assert res.expected < 1.0


def test_white_noise_is_not_significant():
    noise = np.random.default_rng(7).standard_normal((4, 400))
    res = missing_patterns_test(noise, m=4, n_surrogates=200, seed=2)
    assert (res.p_value > 0.05).all()
    # at d = 5 (120 patterns) 400 samples leave a few missing by chance; the test says so
    res5 = missing_patterns_test(noise, m=5, n_surrogates=200, seed=3)
    assert (res5.missing > 0).any() and (res5.p_value > 0.01).all()


def test_null_distribution_is_reproducible_and_sensible():
    a = white_noise_missing(60, m=4, n_surrogates=300, seed=5)
    np.testing.assert_array_equal(a, white_noise_missing(60, m=4, n_surrogates=300, seed=5))
    # the independent-windows approximation: each of the 24 patterns is absent with
    # probability (23/24)^57 (2.12 on average); overlapping windows miss a little fewer
    approx = 24 * (23 / 24) ** 57
    assert 0.75 * approx < a.mean() < approx
    res = missing_patterns_test(np.random.default_rng(1).standard_normal(60), m=4, method="independent")
    assert res.expected == pytest.approx(approx)
    assert 0 < res.p_value <= 1


def test_bad_input():
    with pytest.raises(InputError, match="method must be one of"):
        missing_patterns_test(np.arange(10.0), method="exact")
    with pytest.raises(InputError, match="n_surrogates must be an integer >= 1"):
        missing_patterns_test(np.arange(10.0), n_surrogates=0)
    with pytest.raises(InputError, match="seed must be"):
        missing_patterns_test(np.arange(10.0), seed="x")
    with pytest.raises(InputError, match="n must be an integer >= 3"):
        white_noise_missing(2)
