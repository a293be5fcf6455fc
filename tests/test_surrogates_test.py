"""surrogate_test and the AAFT / cycle-shuffled null models: null properties, level and power."""

import numpy as np
import pytest
import xarray as xr
from scipy.stats import binom

import tsdyn.systems as ts
from tsdyn.chaos import prediction_error, time_reversal_asymmetry
from tsdyn.errors import InputError
from tsdyn.surrogates import cycle_boundaries, surrogate_test, surrogates


def ar1_rows(phi, rows, length, seed):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((rows, length))
    x = np.empty((rows, length))
    x[:, 0] = e[:, 0] / np.sqrt(1 - phi**2)
    for t in range(1, length):
        x[:, t] = phi * x[:, t - 1] + e[:, t]
    return x


def logistic(n, x0=0.3):
    x = np.empty(n)
    x[0] = x0
    for i in range(1, n):
        x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    return x


def band(trials, rate, level=0.999):
    """Central ``level`` range of a binomial count."""
    tail = (1 - level) / 2
    return binom.ppf(tail, trials, rate), binom.ppf(1 - tail, trials, rate)


def test_aaft_keeps_values_exactly_and_roughly_the_spectrum():
    x = np.exp(ar1_rows(0.8, 1, 512, seed=1)[0])  # skewed: the amplitude adjustment matters
    s = surrogates(x, n_surrogates=20, method="aaft", seed=0)
    assert np.array_equal(np.sort(s, axis=-1), np.broadcast_to(np.sort(x), s.shape))
    # the mean periodogram of the surrogates follows the data's at low frequency (red spectrum kept)
    px = np.abs(np.fft.rfft(x - x.mean())) ** 2
    ps = (np.abs(np.fft.rfft(s - s.mean(axis=1, keepdims=True), axis=1)) ** 2).mean(axis=0)
    low, high = slice(1, 30), slice(200, 257)
    assert ps[low].mean() / ps[high].mean() > 0.3 * px[low].mean() / px[high].mean()
    assert not np.array_equal(s[0], x)


def test_cycle_shuffle_keeps_every_cycle_and_the_ends():
    rng = np.random.default_rng(0)
    t = np.arange(2000)
    amplitude = 1 + 0.3 * rng.standard_normal(t.size // 37 + 1).repeat(37)[: t.size]
    x = np.sin(2 * np.pi * t / 37) * amplitude + 0.01 * rng.standard_normal(t.size)
    cuts = cycle_boundaries(x)
    assert np.all(np.abs(np.diff(cuts) - 37) <= 2)  # one cut per period (at its noisy peak)
    pieces = np.split(x, cuts)
    head, cycles, tail = pieces[0], pieces[1:-1], pieces[-1]
    for row in surrogates(x, n_surrogates=3, method="cycle", seed=4):
        assert np.array_equal(row[: cuts[0]], head) and np.array_equal(row[cuts[-1] :], tail)
        # the middle is the same cycles, each whole, in another order
        left, at, order = list(range(len(cycles))), cuts[0], []
        while left:
            match = [i for i in left if np.array_equal(row[at : at + cycles[i].size], cycles[i])]
            assert len(match) == 1
            order.append(match[0])
            left.remove(match[0])
            at += cycles[match[0]].size
        assert at == cuts[-1] and order != sorted(order)


def test_cycle_shuffle_needs_two_cycles():
    with pytest.raises(InputError, match="series 0 has 1 whole cycles"):
        surrogates(np.sin(np.arange(200) / 10.0), method="cycle", seed=0)


@pytest.mark.parametrize("method", ["phase", "aaft", "iaaft"])
def test_level_on_linear_gaussian_ar1(method):
    # under the null the rank is uniform: with 19 surrogates P(p <= 0.1, two-sided) = 0.1 exactly
    x = ar1_rows(0.6, 80, 256, seed=11)
    res = surrogate_test(x, time_reversal_asymmetry, method=method, n_surrogates=19, seed=3)
    assert res.p_value.shape == (80,) and res.null.shape == (80, 19)
    rejected = int(np.sum(res.p_value <= 0.1))
    lo, hi = band(80, 0.1)
    assert lo <= rejected <= hi, rejected


@pytest.mark.slow
def test_level_of_nonlinear_prediction_on_ar1_and_power_of_a_wrong_null():
    x = ar1_rows(0.8, 40, 300, seed=5)
    stat = lambda s: prediction_error(s, m=2, tau=1)  # noqa: E731
    iaaft = surrogate_test(x, stat, method="iaaft", n_surrogates=19, alternative="less", seed=1)
    lo, hi = band(40, 0.05)
    assert lo <= int(np.sum(iaaft.p_value <= 0.05)) <= hi
    # shuffling destroys the autocorrelation that makes AR(1) predictable: always rejected
    shuffle = surrogate_test(x[:10], stat, method="shuffle", n_surrogates=19, alternative="less", seed=1)
    np.testing.assert_array_equal(shuffle.rank, 1)


@pytest.mark.parametrize("method", ["aaft", "iaaft"])
def test_power_against_henon(method):
    x = ts.get("Henon").integrate(n=1000, transient=100).sel(variable="x0").values
    stat = lambda s: prediction_error(s, m=2, tau=1)  # noqa: E731
    res = surrogate_test(x, stat, method=method, n_surrogates=19, alternative="less", seed=0)
    assert res.rank == 1 and res.p_value == pytest.approx(0.05) and res.z < -5


@pytest.mark.slow
def test_power_against_lorenz():
    x = ts.get("Lorenz").integrate(n=3000, dt=0.02, transient=50).sel(variable="x0")
    stat = lambda s: prediction_error(s, m=3, tau=8, horizon=5)  # noqa: E731
    res = surrogate_test(x, stat, method="iaaft", n_surrogates=19, alternative="less", seed=0)
    assert isinstance(res, xr.Dataset) and float(res.p_value) == pytest.approx(0.05)
    assert int(res["rank"]) == 1 and res.null.dims == ("surrogate",)
    assert res.attrs["tsdyn_function"] == "tsdyn.surrogates.surrogate_test"


def _peak_map_error(s):
    """How well one cycle's peak predicts the next: the return map of a chaotic oscillator."""
    peaks = s[cycle_boundaries(s)]
    return prediction_error(peaks, m=1, tau=1, theiler=0)


@pytest.mark.slow
def test_cycle_shuffle_separates_rossler_from_a_noisy_limit_cycle():
    x = ts.get("Rossler").integrate(n=4000, dt=0.1, transient=100).sel(variable="x0").values
    chaotic = surrogate_test(x, _peak_map_error, method="cycle", n_surrogates=19, alternative="less", seed=0)
    assert chaotic.rank == 1
    # a limit cycle with independent noise: its cycles are exchangeable, the level holds
    rng = np.random.default_rng(2)
    t = np.arange(4000) * 0.1
    noisy = np.sin(2 * np.pi * t / 6.0)[None, :] + 0.3 * rng.standard_normal((30, t.size))
    res = surrogate_test(noisy, _peak_map_error, method="cycle", n_surrogates=19, alternative="less", seed=1)
    lo, hi = band(30, 0.05)
    assert lo <= int(np.sum(res.p_value <= 0.05)) <= hi


def test_two_sided_p_and_rank_on_a_known_ordering():
    x = logistic(1000)
    res = surrogate_test(x, time_reversal_asymmetry, method="shuffle", n_surrogates=9, seed=0)
    # the logistic map's asymmetry (-3/4) is far below any shuffle's: smallest rank, p = 2/10
    assert res.rank == 1 and res.p_value == pytest.approx(0.2) and res.statistic < -0.6
    less = surrogate_test(
        x, time_reversal_asymmetry, method="shuffle", n_surrogates=9, seed=0, alternative="less"
    )
    greater = surrogate_test(
        x, time_reversal_asymmetry, method="shuffle", n_surrogates=9, seed=0, alternative="greater"
    )
    assert less.p_value == pytest.approx(0.1) and greater.p_value == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"statistic": "entropy"}, "statistic must be a callable"),
        ({"statistic": lambda s: np.ones((2, 2))}, "one number or a 1-D array per series"),
        ({"statistic": lambda s: s[: 2 + (s[0] != 0)]}, "same shape for the data and its surrogates"),
        ({"alternative": "both"}, "alternative must be one of"),
        ({"method": "bootstrap"}, "method must be one of"),
        ({"n_surrogates": 0}, "n_surrogates"),
    ],
)
def test_bad_input(kwargs, match):
    args = {"statistic": np.mean, **kwargs}
    with pytest.raises(InputError, match=match):
        surrogate_test(np.arange(20.0), **args)


def test_dask_input_stays_lazy_and_gives_the_eager_numbers():
    # a series' surrogates follow its global index, so chunking changes nothing
    dask = pytest.importorskip("dask")
    x = np.random.default_rng(3).standard_normal((3, 200)).cumsum(axis=1)
    da = xr.DataArray(x, dims=("member", "time"), coords={"member": ["a", "b", "c"]})
    calls = []

    def counted(a):
        calls.append(a.size)
        return np.array([time_reversal_asymmetry(a), a.std()])

    eager = surrogate_test(da, counted, method="aaft", n_surrogates=9, seed=4)
    calls.clear()
    lazy = surrogate_test(da.chunk({"member": 2}), counted, method="aaft", n_surrogates=9, seed=4)
    assert isinstance(lazy.p_value.data, dask.array.Array)
    assert len(calls) == 1  # the first series, for the statistic's number of values
    assert lazy.p_value.chunks == ((2, 1), (2,))
    xr.testing.assert_identical(lazy.compute(), eager)


def test_nan_in_a_dask_chunk_is_refused_when_computed():
    pytest.importorskip("dask")
    x = np.random.default_rng(0).standard_normal((3, 50))
    x[2, 7] = np.nan
    lazy = surrogate_test(
        xr.DataArray(x, dims=("member", "time")).chunk({"member": 2}), np.mean, n_surrogates=3
    )
    # the series' position in the whole input, not in its chunk
    with pytest.raises(InputError, match=r"NaN or inf \(in a dask chunk: series 2, time index 7\)"):
        lazy.compute()
