import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ordinal import (
    complexity_entropy,
    permutation_entropy,
    rolling_complexity_entropy,
    rolling_permutation_entropy,
)


@pytest.mark.parametrize(("d", "tau", "window"), [(3, 1, 20), (4, 2, 50), (5, 1, 130), (3, 3, 7)])
def test_rolling_equals_windowed_calls(d, tau, window):
    x = np.random.default_rng(d).integers(0, 5, 300).astype(float)  # ties on purpose
    res = rolling_complexity_entropy(x, window=window, m=d, tau=tau, allow_short=True)
    pe = rolling_permutation_entropy(
        x, window=window, m=d, tau=tau, normalize=False, base=2, allow_short=True
    )
    assert np.isnan(res.entropy[: window - 1]).all() and np.isnan(pe[: window - 1]).all()
    for t in range(window - 1, x.size, 7):
        one = complexity_entropy(x[t - window + 1 : t + 1], m=d, tau=tau, allow_short=True)
        assert res.entropy[t] == pytest.approx(one.entropy, abs=1e-12)
        assert res.complexity[t] == pytest.approx(one.complexity, abs=1e-12)
        bits = permutation_entropy(
            x[t - window + 1 : t + 1], m=d, tau=tau, normalize=False, base=2, allow_short=True
        )
        assert pe[t] == pytest.approx(bits, abs=1e-12)


def test_rolling_long_series_does_not_drift():
    x = np.random.default_rng(0).standard_normal(200_000)
    res = rolling_complexity_entropy(x, window=500, m=4)
    tail = x[-500:]
    one = complexity_entropy(tail, m=4)
    assert res.entropy[-1] == pytest.approx(one.entropy, abs=1e-12)
    assert res.complexity[-1] == pytest.approx(one.complexity, abs=1e-12)


def test_rolling_nan_omit_and_shared_ties():
    x = np.random.default_rng(1).standard_normal(120)
    x[[40, 41, 90]] = np.nan
    res = rolling_complexity_entropy(x, window=30, m=3, nan_policy="omit")
    for t in range(29, 120):
        one = complexity_entropy(x[t - 29 : t + 1], m=3, nan_policy="omit")
        np.testing.assert_allclose(res.entropy[t], one.entropy, atol=1e-12)
        np.testing.assert_allclose(res.complexity[t], one.complexity, atol=1e-12)
    y = np.random.default_rng(2).integers(0, 3, 100).astype(float)
    shared = rolling_permutation_entropy(y, window=40, ties="shared")
    assert shared[-1] == pytest.approx(permutation_entropy(y[-40:], ties="shared"), abs=1e-12)


@pytest.mark.peer
def test_rolling_equals_ordpy():
    ordpy = pytest.importorskip("ordpy")
    x = np.random.default_rng(3).standard_normal(400)
    res = rolling_complexity_entropy(x, window=100, m=4, tau=2)
    for t in range(99, 400, 25):
        ref = ordpy.complexity_entropy(x[t - 99 : t + 1], dx=4, taux=2)
        np.testing.assert_allclose([res.entropy[t], res.complexity[t]], ref, atol=1e-12)


def test_rolling_keeps_time_and_families():
    idx = pd.date_range("2000", periods=60, freq="D")
    frame = pd.DataFrame(np.random.default_rng(4).standard_normal((60, 2)), index=idx, columns=["a", "b"])
    pe = rolling_permutation_entropy(frame, window=20)
    assert isinstance(pe, pd.DataFrame) and pe.index.equals(idx) and list(pe.columns) == ["a", "b"]
    da = xr.DataArray(frame.to_numpy().T, dims=("variable", "time"), coords={"time": idx})
    out = rolling_complexity_entropy(da, window=20)
    assert out.entropy.dims == ("variable", "time") and out.attrs["window"] == 20


def test_bad_window():
    with pytest.raises(InputError, match="window must be at least 5 points, got 4"):
        rolling_permutation_entropy(np.arange(50.0), window=4, m=3, tau=2)
    for bad in (1.0, 20.0, 0.0, True):  # the engine-wide rule: an int is points, a float in (0, 1) a fraction
        with pytest.raises(InputError, match="ambiguous|not a window size|must be a number"):
            rolling_permutation_entropy(np.arange(50.0), window=bad)
    with pytest.raises(InputError, match="needs at least 60 samples"):
        rolling_permutation_entropy(np.arange(50.0), window=60)


def test_fraction_window_is_a_share_of_the_series():
    x = np.random.default_rng(3).standard_normal(200)
    np.testing.assert_array_equal(
        rolling_permutation_entropy(x, window=0.25), rolling_permutation_entropy(x, window=50)
    )
