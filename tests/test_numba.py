"""The numba layer: kernels generated per combination of constants (tsdyn._numba.chunk_variants)."""

from __future__ import annotations

import numpy as np
import pytest

from tsdyn._numba import chunk_variants


@chunk_variants
def _moments(power, nested):
    def rows(a, lo, hi, out):
        for r in range(lo, hi):
            s = 0.0
            for v in a[r]:
                s += v**power
            if nested:
                # not typable (a float has no attribute "real_part"): a variant with
                # nested=False compiles only because this branch is pruned before typing
                s += a[r].real_part
            out[r] = s

    return rows


@pytest.mark.parametrize("parallel", [False, True])
def test_each_combination_compiles_only_its_path(parallel):
    a = np.arange(12.0).reshape(3, 4)
    for power in (1, 2):
        out = np.empty(3)
        _moments(a, out, parallel=parallel, power=power, nested=False)
        np.testing.assert_allclose(out, (a**power).sum(axis=1))
    assert len(_moments._kernels) >= 2  # one kernel per combination
    with pytest.raises(Exception, match="real_part"):  # the other branch, kept, does not type
        _moments(a, np.empty(3), parallel=parallel, power=1, nested=True)


def test_constants_are_checked():
    a, out = np.ones((1, 2)), np.empty(1)
    with pytest.raises(TypeError, match="constants"):
        _moments(a, out, parallel=False, power=1)
    with pytest.raises(TypeError, match="int or bool"):
        _moments(a, out, parallel=False, power=1.5, nested=False)
