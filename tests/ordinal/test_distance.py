import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tsdyn.errors import InputError
from tsdyn.ordinal.distance import permutation_contrasts, permutation_js_distance


@st.composite
def channels(draw, max_len=50):
    m = draw(st.integers(1, 4))
    n = draw(st.integers(4, max_len))
    ties = draw(st.booleans())
    elements = st.integers(0, 3).map(float) if ties else st.floats(-1e6, 1e6)
    return draw(arrays(np.float64, (m, n), elements=elements))


def test_js_distance_bounds_and_identity():
    up, down = np.arange(30.0), np.arange(30.0)[::-1]
    assert permutation_js_distance(up, up) == 0.0
    assert permutation_js_distance(up, down) == pytest.approx(1.0)  # disjoint distributions
    assert permutation_js_distance(up, down, normalized=False) == pytest.approx(np.sqrt(np.log(2)))
    assert permutation_js_distance(up, down, base=2, normalized=False) == pytest.approx(1.0)


def test_js_distance_families():
    rng = np.random.default_rng(0)
    da = xr.DataArray(rng.standard_normal((3, 2, 80)), dims=("variable", "member", "time"))
    out = permutation_js_distance(da)
    assert out.dims == ("member",)
    np.testing.assert_allclose(out.values[1], permutation_js_distance(da.values[:, 1]))
    df = pd.DataFrame(rng.standard_normal((80, 2)), columns=["a", "b"])
    assert permutation_js_distance(df) == pytest.approx(
        permutation_js_distance(df["a"].values, df["b"].values)
    )


def test_contrasts_families_and_white_noise():
    x = np.random.default_rng(2).standard_normal((2, 60000))
    c = permutation_contrasts(x)
    np.testing.assert_allclose(c.up_down_balance, 0, atol=0.01)
    np.testing.assert_allclose(c.persistence, 1 / 3, atol=0.01)
    np.testing.assert_allclose(c.rotational_asymmetry, 0, atol=0.01)
    ds = permutation_contrasts(xr.DataArray(x, dims=("member", "time")), tau=2)
    assert set(ds.data_vars) == {"up_down_balance", "persistence", "rotational_asymmetry", "up_down_scaling"}
    # a strictly increasing series is all pattern 123
    assert tuple(permutation_contrasts(np.arange(10.0))) == (1.0, 1.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: permutation_js_distance(np.arange(5.0), np.arange(6.0)), "same length"),
        (lambda: permutation_js_distance(np.ones((2, 5)), base=10), "base"),
        (lambda: permutation_js_distance(xr.DataArray(np.ones((2, 5)), dims=("m", "time"))), "across"),
        (lambda: permutation_js_distance(np.arange(7.0), np.arange(7.0)), "at least 8"),
        (lambda: permutation_js_distance(np.arange(2.0), np.arange(2.0), allow_short=True), "at least 3"),
        (lambda: permutation_contrasts([1.0, 2.0], allow_short=True), "at least 3"),
        (lambda: permutation_contrasts(np.arange(9.0), tau=2), "at least 10"),
        (lambda: permutation_contrasts(np.arange(9.0), tau=0), "tau"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


@pytest.mark.peer
class TestAgainstOrdpy:
    ordpy = pytest.importorskip("ordpy")

    @given(channels(), st.integers(2, 4), st.integers(1, 2), st.sampled_from(["e", 2]), st.booleans())
    @settings(max_examples=80, deadline=None)
    def test_js_distance(self, z, d, tau, base, normalized):
        if z.shape[1] < (d - 1) * tau + 1:
            return
        ref = self.ordpy.permutation_js_distance(z, dx=d, taux=tau, base=base, normalized=normalized)
        mine = permutation_js_distance(z, m=d, tau=tau, base=base, normalized=normalized, allow_short=True)
        # D is the square root of a divergence: compare the divergence, which is well conditioned
        assert mine**2 == pytest.approx(ref**2, abs=1e-12)

    @given(channels(), st.integers(1, 3))
    @settings(max_examples=80, deadline=None)
    def test_contrasts(self, z, tau):
        x = z[0]
        if x.size < 2 * tau + 1:
            return
        ref = self.ordpy.permutation_contrasts(x, taux=tau)
        np.testing.assert_allclose(
            tuple(permutation_contrasts(x, tau=tau, allow_short=True)), ref, atol=1e-12
        )
