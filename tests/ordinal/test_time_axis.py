"""The numpy time-axis trap: numpy input is time-last, a trajectory's ``.values`` is time-first."""

import numpy as np
import pytest

import tsdyn.systems
from tsdyn.errors import InputError
from tsdyn.ordinal import complexity_entropy, permutation_entropy


def test_trajectory_values_are_refused_with_a_hint_to_transpose():
    values = tsdyn.systems.get("Lorenz").integrate(n=500).values  # (time, variable)
    with pytest.raises(
        InputError, match=r"3 samples along its last axis.*the 8 this analysis needs.*500 along axis 0.*x\.T"
    ):
        permutation_entropy(values, m=3)
    with pytest.raises(InputError, match=r"x\.T"):
        complexity_entropy(values, m=4)
    assert permutation_entropy(values.T, m=3).shape == (3,)


def test_the_length_that_raises_is_d_factorial_plus_the_span():
    # (d - 1) tau + d! = 3 * 3 + 24 = 33 samples; a longer other axis makes a shorter time axis suspect
    with pytest.raises(InputError, match=r"32 samples along its last axis.*the 33"):
        permutation_entropy(np.zeros((40, 32)), m=4, tau=3)
    assert permutation_entropy(np.zeros((40, 33)), m=4, tau=3).shape == (40,)
    assert permutation_entropy(np.zeros((20, 32)), m=4, tau=3).shape == (20,)


def test_short_one_dimensional_series_keep_the_one_pattern_minimum():
    assert permutation_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0]) == pytest.approx(0.588762, abs=1e-6)
