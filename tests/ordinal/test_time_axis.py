"""The numpy time-axis trap and the ordinal minimum length, (m - 1) tau + m! samples.

numpy input is time-last while a trajectory's ``.values`` is time-first; read
time-last it looks like many very short series, which the minimum refuses.
"""

import numpy as np
import pytest

import tsdyn.systems
from tsdyn.errors import InputError
from tsdyn.ordinal import (
    complexity_entropy,
    ordinal_sequence,
    permutation_entropy,
    rolling_permutation_entropy,
    transition_matrix,
)


def test_trajectory_values_are_refused_with_a_hint_to_transpose():
    values = tsdyn.systems.get("Lorenz").integrate(n=500).values  # (time, variable)
    with pytest.raises(
        InputError, match=r"3 samples along its last axis.*the 8 this analysis needs.*500 along axis 0.*x\.T"
    ):
        permutation_entropy(values, m=3)
    for fn in (complexity_entropy, ordinal_sequence, transition_matrix):
        with pytest.raises(InputError, match=r"x\.T"):
            fn(values, m=4)
    assert permutation_entropy(values.T, m=3).shape == (3,)


def test_the_length_that_raises_is_m_factorial_plus_the_span():
    # (m - 1) tau + m! = 3 * 3 + 24 = 33 samples
    with pytest.raises(InputError, match=r"32 samples along its last axis.*the 33"):
        permutation_entropy(np.zeros((40, 32)), m=4, tau=3)
    assert permutation_entropy(np.zeros((40, 33)), m=4, tau=3).shape == (40,)
    # no longer axis: the plain message, which names the way out
    with pytest.raises(
        InputError, match=r"every ordinal pattern of m=4, tau=3.*allow_short=True.*needs at least 33"
    ):
        permutation_entropy(np.zeros((20, 32)), m=4, tau=3)
    with pytest.raises(InputError, match="needs at least 33 samples, got 32"):
        permutation_entropy(np.zeros(32), m=4, tau=3)


def test_allow_short_accepts_one_pattern_and_skips_the_hint():
    x = [4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0]  # Bandt & Pompe's example, 7 < 2 + 3! samples
    with pytest.raises(InputError, match="needs at least 8 samples, got 7"):
        permutation_entropy(x)
    assert permutation_entropy(x, allow_short=True) == pytest.approx(0.588762, abs=1e-6)
    assert permutation_entropy(np.zeros((20, 32)), m=4, tau=3, allow_short=True).shape == (20,)
    with pytest.raises(InputError, match="needs at least 3 samples, got 2"):
        permutation_entropy([1.0, 2.0], allow_short=True)
    with pytest.raises(InputError, match="allow_short must be True or False"):
        permutation_entropy(np.arange(10.0), allow_short="yes")


def test_rolling_windows_must_hold_the_minimum():
    with pytest.raises(InputError, match=r"window must be at least 30 points.*m=4, tau=2"):
        rolling_permutation_entropy(np.arange(200.0), window=29, m=4, tau=2)
    out = rolling_permutation_entropy(np.arange(200.0), window=29, m=4, tau=2, allow_short=True)
    assert np.isnan(out[:28]).all() and np.allclose(out[28:], 0.0, atol=1e-12)


def test_labelled_input_gets_the_same_minimum():
    pd = pytest.importorskip("pandas")
    with pytest.raises(InputError, match="needs at least 8 samples, got 7"):
        permutation_entropy(pd.Series(np.arange(7.0)))
