import numpy as np
import pandas as pd
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tsdyn.errors import InputError
from tsdyn.surrogates import METHODS, match_ends, surrogates

# magnitudes float64 can square: a series varying within 1e-150 of zero is refused
VALUES = st.floats(-1e3, 1e3).filter(lambda v: v == 0 or abs(v) > 1e-100)


def ar1_series(phi, length, seed, sigma=1.0, mean=0.0):
    rng = np.random.default_rng(seed)
    e = sigma * rng.standard_normal(length)
    x = np.empty(length)
    x[0] = e[0] / np.sqrt(1 - phi**2)
    for t in range(1, length):
        x[t] = phi * x[t - 1] + e[t]
    return x + mean


def periodogram(x):
    return np.abs(np.fft.rfft(x, axis=-1)) ** 2


@given(
    arrays(np.float64, st.integers(2, 64), elements=VALUES),
    st.integers(0, 2**32 - 1),
)
@settings(max_examples=40, deadline=None)
def test_phase_keeps_periodogram_exactly(x, seed):
    s = surrogates(x, n_surrogates=3, method="phase", seed=seed)
    scale = max(1.0, float(np.abs(x).max()) ** 2 * x.size**2)
    np.testing.assert_allclose(
        periodogram(s), np.broadcast_to(periodogram(x), periodogram(s).shape), rtol=0, atol=1e-9 * scale
    )
    np.testing.assert_allclose(s.mean(axis=-1), x.mean(), atol=1e-9 * max(1.0, float(np.abs(x).max())))


@given(arrays(np.float64, st.integers(2, 64), elements=VALUES), st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_shuffle_and_iaaft_keep_values_exactly(x, seed):
    for method in ("shuffle", "iaaft"):
        s = surrogates(x, n_surrogates=3, method=method, seed=seed, max_iter=50)
        assert np.array_equal(np.sort(s, axis=-1), np.broadcast_to(np.sort(x), s.shape))


def test_iaaft_keeps_spectrum_approximately_and_is_not_the_data():
    # a skewed (exponentiated) AR(1): amplitude adjustment matters here
    x = np.exp(ar1_series(0.8, 512, seed=3) / 2)
    s = surrogates(x, n_surrogates=4, method="iaaft", seed=0)
    target = periodogram(x)[1:]
    for row in s:
        rel = np.sum(np.abs(periodogram(row)[1:] - target)) / np.sum(target)
        assert rel < 0.15
        assert not np.allclose(row, x)
    # a shuffle destroys the spectrum of the same series far more
    shuffled = surrogates(x, n_surrogates=1, method="shuffle", seed=0)[0]
    assert np.sum(np.abs(periodogram(shuffled)[1:] - target)) / np.sum(target) > 0.5


def test_iaaft_max_iter_one_is_a_single_step():
    x = ar1_series(0.5, 64, seed=1)
    one = surrogates(x, n_surrogates=2, method="iaaft", seed=5, max_iter=1)
    many = surrogates(x, n_surrogates=2, method="iaaft", seed=5)
    assert np.array_equal(np.sort(one, axis=-1), np.sort(many, axis=-1))
    assert not np.array_equal(one, many)


def test_ar1_fit_recovers_phi_mean_and_variance():
    phi, sigma, mean = 0.7, 0.5, 3.0
    x = ar1_series(phi, 20000, seed=11, sigma=sigma, mean=mean)
    s = surrogates(x, n_surrogates=4, method="ar1", seed=2)
    # the lag-1 autocorrelation of each surrogate estimates the fitted phi
    for row in s:
        r = row - row.mean()
        assert np.dot(r[1:], r[:-1]) / np.dot(r, r) == pytest.approx(phi, abs=0.03)
        assert row.mean() == pytest.approx(mean, abs=0.1)
        assert row.var() == pytest.approx(sigma**2 / (1 - phi**2), rel=0.1)


def test_arma_picks_a_model_that_reproduces_the_autocorrelation():
    rng = np.random.default_rng(4)
    e = rng.standard_normal(3000)
    x = e.copy()
    x[1:] += 0.6 * e[:-1]  # MA(1): lag-1 autocorrelation 0.6 / 1.36, zero beyond
    s = surrogates(x, n_surrogates=2, method="arma", seed=1, pmax=1, qmax=1)
    for row in s:
        r = row - row.mean()
        assert np.dot(r[1:], r[:-1]) / np.dot(r, r) == pytest.approx(0.6 / 1.36, abs=0.05)
        assert abs(np.dot(r[3:], r[:-3]) / np.dot(r, r)) < 0.1


@pytest.mark.parametrize("method", METHODS)
def test_reproducible_with_seed_and_different_without(method):
    x = ar1_series(0.5, 40, seed=0)
    kw = {"pmax": 1, "qmax": 0} if method == "arma" else {}
    a = surrogates(x, n_surrogates=2, method=method, seed=9, **kw)
    b = surrogates(x, n_surrogates=2, method=method, seed=9, **kw)
    c = surrogates(x, n_surrogates=2, method=method, seed=10, **kw)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not np.array_equal(a[0], a[1])


def test_series_seed_does_not_depend_on_batch_or_chunking():
    x = np.stack([ar1_series(0.5, 50, seed=k) for k in range(4)])
    together = surrogates(x, n_surrogates=3, method="phase", seed=7)
    # series i is driven by the i-th spawned child seed: the other series do not matter
    other = x.copy()
    other[[0, 1, 3]] *= -3.0
    assert np.array_equal(surrogates(other, n_surrogates=3, method="phase", seed=7)[:, 2], together[:, 2])
    assert not np.array_equal(together[:, 0], together[:, 1])
    da = xr.DataArray(x, dims=("member", "time")).chunk({"member": 1})
    lazy = surrogates(da, n_surrogates=3, method="phase", seed=7)
    assert lazy.chunks is not None
    np.testing.assert_array_equal(lazy.values, together)


def test_xarray_dims_coords_and_attrs_kept():
    t = np.arange(30) * 0.5
    da = xr.DataArray(
        np.random.default_rng(0).standard_normal((2, 30)),
        dims=("variable", "time"),
        coords={"variable": ["a", "b"], "time": t},
        name="flow",
    )
    s = surrogates(da, n_surrogates=4, method="iaaft", seed=1)
    assert s.dims == ("surrogate", "variable", "time")
    np.testing.assert_array_equal(s.time, t)
    assert list(s["variable"].values) == ["a", "b"]
    assert s.attrs["method"] == "iaaft" and s.attrs["n_surrogates"] == 4 and s.attrs["seed"] == 1
    assert s.name == "flow"
    ds = surrogates(da.to_dataset(dim="variable"), n_surrogates=2, method="shuffle", seed=1)
    assert isinstance(ds, xr.Dataset) and ds["a"].dims == ("surrogate", "time")


def test_numpy_and_pandas_families():
    x = np.random.default_rng(0).standard_normal((3, 20)).astype(np.float32)
    s = surrogates(x, n_surrogates=2, method="shuffle", seed=0)
    assert isinstance(s, np.ndarray) and s.shape == (2, 3, 20) and s.dtype == np.float64
    ints = surrogates(np.arange(10), n_surrogates=1, method="shuffle", seed=0)
    assert sorted(ints[0]) == list(range(10))
    ser = pd.Series(x[0], index=pd.date_range("2000", periods=20, freq="D"))
    frame = surrogates(ser, n_surrogates=3, method="phase", seed=0)
    assert isinstance(frame, pd.DataFrame) and frame.shape == (20, 3) and frame.index.equals(ser.index)
    df = pd.DataFrame(x.T, columns=["p", "q", "r"])
    out = surrogates(df, n_surrogates=2, method="shuffle", seed=0)
    assert out.shape == (20, 6)
    assert sorted(out[(1, "q")]) == sorted(df["q"])


def test_constant_series_is_defined_for_randomisation_and_refused_for_fits():
    x = np.full(16, 2.5)
    for method in ("shuffle", "phase", "iaaft"):
        np.testing.assert_allclose(surrogates(x, n_surrogates=2, method=method, seed=0), 2.5)
    with pytest.raises(InputError, match="series 1 is constant"):
        surrogates(np.stack([np.arange(16.0), x]), method="ar1", seed=0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"x": [], "method": "phase"}, "empty"),
        ({"x": [1.0], "method": "phase"}, "at least 2"),
        ({"x": [1.0, 2.0, 3.0], "method": "ar1"}, "at least 4"),
        ({"x": np.arange(12.0), "method": "arma"}, "at least 25"),
        ({"x": [1.0, np.nan, 3.0], "method": "phase"}, "NaN"),
        ({"x": ["a", "b", "c"], "method": "shuffle"}, "real numbers"),
        ({"x": np.arange(8.0), "method": "bootstrap"}, "method must be one of"),
        ({"x": np.arange(8.0), "n_surrogates": 0}, "n_surrogates must be an integer >= 1"),
        ({"x": np.arange(8.0), "max_iter": 0}, "max_iter"),
        ({"x": np.arange(8.0), "tol": -1.0}, "tol"),
        ({"x": np.arange(8.0), "tol": float("inf")}, "tol must be a number >= 0, got inf"),
        ({"x": np.arange(8.0), "seed": -3}, "seed"),
        ({"x": np.arange(8.0), "pmax": -1, "method": "arma"}, "pmax"),
    ],
)
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        surrogates(**kwargs)


def test_nan_in_dask_chunk_is_refused_on_compute():
    da = xr.DataArray(np.array([[1.0, 2.0, 3.0], [1.0, np.nan, 2.0]]), dims=("member", "time")).chunk(
        {"member": 1}
    )
    lazy = surrogates(da, n_surrogates=1, method="phase", seed=0)
    with pytest.raises(InputError, match="NaN"):
        lazy.compute()


def test_match_ends_reduces_spectral_leakage():
    # a sine of non-integer period: the raw ends jump, the matched segment wraps smoothly
    x = np.sin(2 * np.pi * np.arange(1000) / 64.3 + 0.4)
    start, stop = match_ends(x, keep=0.9)
    assert stop - start >= 900 and start >= 0 and stop <= x.size
    seg = x[start:stop]
    assert abs(seg[0] - seg[-1]) < abs(x[0] - x[-1])

    # leakage: power outside the 5 bins around the peak
    def leak(v):
        p = np.abs(np.fft.rfft(v - v.mean())) ** 2
        k = int(np.argmax(p))
        return 1 - p[max(k - 2, 0) : k + 3].sum() / p.sum()

    assert leak(seg) < leak(x) / 5
    assert match_ends(x, keep=1.0) == (0, x.size)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"x": [1.0, 2.0]}, "at least 4"),
        ({"x": np.ones(10), "keep": 0}, "keep"),
        ({"x": np.ones(10), "candidates": 0}, "candidates"),
    ],
)
def test_match_ends_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        match_ends(**kwargs)


def test_iaaft_ranking_sort_is_the_stable_sort():
    from tsdyn.surrogates import _stable_argsort

    rng = np.random.default_rng(5)
    rows = rng.standard_normal((4, 300))
    rows[1, ::3] = 0.5  # a row with a long run of ties
    rows[2] = np.round(rows[2], 1)  # ties everywhere
    np.testing.assert_array_equal(_stable_argsort(rows), np.argsort(rows, axis=1, kind="stable"))
