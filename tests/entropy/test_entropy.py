"""Sample, approximate and multiscale sample entropy, Lempel-Ziv: peers, conventions, bad input."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import tsdyn.entropy as te
from tsdyn.errors import InputError

RNG = np.random.default_rng(16)
NOISE = RNG.normal(size=3000)
# an AR(1) and a logistic-map series: structure that the entropies must rank
AR = np.zeros(3000)
for t in range(1, 3000):
    AR[t] = 0.9 * AR[t - 1] + NOISE[t]
LOGISTIC = np.empty(3000)
LOGISTIC[0] = 0.3
for t in range(1, 3000):
    LOGISTIC[t] = 4.0 * LOGISTIC[t - 1] * (1 - LOGISTIC[t - 1])
SERIES = {"noise": NOISE, "ar": AR, "logistic": LOGISTIC, "long": RNG.normal(size=6000)}


@pytest.mark.peer
@pytest.mark.parametrize("name", sorted(SERIES))
@pytest.mark.parametrize(
    ("m", "metric"), [(2, "chebyshev"), (1, "chebyshev"), (3, "chebyshev"), (2, "euclidean")]
)
def test_sample_and_approximate_entropy_equal_antropy(name, m, metric):
    antropy = pytest.importorskip("antropy")
    x = SERIES[name]
    if m >= 2:  # antropy's embedding refuses order 1
        expected = antropy.sample_entropy(x, order=m, metric=metric)
        assert te.sample_entropy(x, m=m, metric=metric) == pytest.approx(expected, abs=1e-10)
        expected = antropy.app_entropy(x, order=m, metric=metric)
        assert te.approximate_entropy(x, m=m, metric=metric) == pytest.approx(expected, abs=1e-10)
    r = 0.3 * x.std()
    assert te.sample_entropy(x, m=2, r=r, metric=metric) == pytest.approx(
        antropy.sample_entropy(x, order=2, tolerance=r, metric=metric), abs=1e-10
    )


def test_a_naive_pair_count_gives_the_same_sample_entropy():
    x = RNG.normal(size=400)
    for m, tau, metric in [(2, 1, "manhattan"), (3, 2, "chebyshev"), (4, 1, "euclidean")]:
        r = 0.5 * x.std()
        n = x.size - m * tau
        emb = np.stack([x[j * tau : j * tau + n] for j in range(m + 1)], axis=1)
        ords = {"chebyshev": np.inf, "euclidean": 2, "manhattan": 1}[metric]
        a = b = 0
        for i in range(n):
            a += (np.linalg.norm(emb[i + 1 :, :m] - emb[i, :m], ord=ords, axis=1) <= r).sum()
            b += (np.linalg.norm(emb[i + 1 :] - emb[i], ord=ords, axis=1) <= r).sum()
        assert te.sample_entropy(x, m=m, tau=tau, r=r, metric=metric) == pytest.approx(
            np.log(a / b), rel=1e-12
        )


def test_entropies_rank_regularity():
    sampen = {k: te.sample_entropy(SERIES[k]) for k in ("noise", "ar", "logistic")}
    assert sampen["logistic"] < sampen["ar"] < sampen["noise"]
    assert te.sample_entropy(np.sin(np.arange(2000) / 7.0)) < 0.3


def test_constant_series_has_entropy_zero():
    assert te.sample_entropy(np.ones(50)) == 0.0
    assert te.approximate_entropy(np.ones(50)) == 0.0
    assert te.multiscale_sample_entropy(np.ones(100), scales=[1, 2]).tolist() == [0.0, 0.0]


def test_no_match_is_nan_and_no_continuation_is_inf():
    # two templates far apart: no pair matches at length m (undefined, as antropy)
    assert np.isnan(te.sample_entropy([0.0, 10.0, 20.0, 30.0], r=1.0))
    # pairs match at length 2 but never at 3
    assert te.sample_entropy([0.0, 0.0, 5.0, 0.0, 0.0, 9.0], m=2, r=1.0) == np.inf


def test_multiscale_keeps_the_original_tolerance():
    x = RNG.normal(size=2000)
    r = 0.2 * x.std()
    res = te.multiscale_sample_entropy(xr.DataArray(x, dims="time"), scales=[1, 3])
    assert res.dims == ("scale",) and res.scale.values.tolist() == [1, 3]
    coarse = x[:1998].reshape(-1, 3).mean(axis=1)
    assert float(res.sel(scale=3)) == te.sample_entropy(coarse, r=r)
    assert float(res.sel(scale=1)) == te.sample_entropy(x)
    # white noise loses entropy with scale (Costa 2002)
    assert res.values[1] < res.values[0]


def test_families_and_attrs():
    df = pd.DataFrame({"a": NOISE[:500], "b": LOGISTIC[:500]})
    res = te.sample_entropy(df)
    assert list(res.index) == ["a", "b"]
    assert res["a"] == te.sample_entropy(NOISE[:500])
    da = te.approximate_entropy(xr.DataArray(np.stack([NOISE[:300], AR[:300]]), dims=("member", "time")))
    assert da.name == "entropy" and da.attrs["tsdyn_function"] == "tsdyn.entropy.approximate_entropy"
    assert da.attrs["m"] == 2 and da.attrs["metric"] == "chebyshev"


def test_nan_policy():
    x = NOISE[:400].copy()
    x[100] = np.nan
    with pytest.raises(InputError, match="NaN"):
        te.sample_entropy(x)
    assert np.isnan(te.sample_entropy(x, nan_policy="propagate"))
    omitted = te.sample_entropy(x, nan_policy="omit")
    assert np.isfinite(omitted) and abs(omitted - te.sample_entropy(NOISE[:400])) < 0.1
    with pytest.raises(InputError, match="accepts 'raise', 'propagate', 'omit'"):
        te.sample_entropy(x, nan_policy="interpolate")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"r": 0.0}, r"r must be a number > 0, got 0.0"),
        ({"r": -1.0}, r"r must be a number > 0"),
        ({"m": 0}, r"m must be an integer >= 1, got 0"),
        ({"tau": 1.5}, r"tau must be an integer >= 1"),
        ({"metric": "cosine"}, r"metric must be one of 'chebyshev', 'euclidean', 'manhattan'"),
    ],
)
def test_bad_parameters(kwargs, match):
    for func in (te.sample_entropy, te.approximate_entropy, te.multiscale_sample_entropy):
        with pytest.raises(InputError, match=match):
            func(NOISE[:100], **kwargs)


def test_too_short_names_the_minimum():
    with pytest.raises(InputError, match="needs at least 4 samples, got 3"):
        te.sample_entropy([1.0, 2.0, 3.0])
    with pytest.raises(InputError, match="at scale 10: needs at least 40 samples, got 30"):
        te.multiscale_sample_entropy(NOISE[:30])


@pytest.mark.peer
@pytest.mark.parametrize("seed", range(4))
def test_lempel_ziv_equals_antropy(seed):
    antropy = pytest.importorskip("antropy")
    rng = np.random.default_rng(seed)
    symbols = rng.integers(0, 2 + seed, size=700)
    assert te.lempel_ziv(symbols, threshold=None) == pytest.approx(
        antropy.lziv_complexity(symbols, normalize=True), rel=1e-12
    )
    assert te.lempel_ziv(symbols, threshold=None, normalize=False) == antropy.lziv_complexity(symbols)
    x = rng.normal(size=900)
    binary = (x >= np.median(x)).astype(int)
    assert te.lempel_ziv(x) == pytest.approx(antropy.lziv_complexity(binary, normalize=True), rel=1e-12)


def test_lempel_ziv_textbook_and_edge_cases():
    # Lempel & Ziv's parsing 1 | 0 | 01 | 1110 | 1100 | 0010
    s = [1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0]
    assert te.lempel_ziv(s, threshold=None, normalize=False) == 6.0
    assert te.lempel_ziv(np.zeros(64), normalize=False) == 2.0
    assert te.lempel_ziv(np.zeros(64)) == pytest.approx(2 * 6 / 64)
    assert te.lempel_ziv(np.sin(np.arange(5000) / 10.0)) < 0.1
    x = np.array([1.0, np.nan, 2.0, 0.0, 3.0])
    assert np.isnan(te.lempel_ziv(x, nan_policy="propagate"))
    assert te.lempel_ziv(x, nan_policy="omit", normalize=False) == te.lempel_ziv(
        [1.0, 2.0, 0.0, 3.0], normalize=False
    )
    with pytest.raises(InputError, match="threshold must be"):
        te.lempel_ziv(x, threshold="mode")


def test_lempel_ziv_median_split_of_a_series_mostly_at_its_minimum():
    # a 0/1 series with more 0s (and a sparse spike train) has median 0: x >= 0 everywhere
    # would read it as constant (2 phrases); its symbols are the series itself
    rng = np.random.default_rng(0)
    binary = (rng.random(2000) < 0.45).astype(float)
    assert te.lempel_ziv(binary) == te.lempel_ziv(binary, threshold=None)
    assert te.lempel_ziv(binary.astype(bool)) == pytest.approx(1.0, abs=0.1)
    spikes = np.where(rng.random(2000) < 0.1, rng.random(2000), 0.0)
    assert te.lempel_ziv(spikes) == te.lempel_ziv(spikes > 0, threshold=None)
    # more 1s: the median is 1 and x >= 1 is the series
    assert te.lempel_ziv(1 - binary) == te.lempel_ziv(1 - binary, threshold=None)


def test_lempel_ziv_threshold_values():
    x = np.random.default_rng(4).normal(size=300)
    assert te.lempel_ziv(x, threshold=np.float64(0.0)) == te.lempel_ziv(x, threshold=0)
    assert te.lempel_ziv(x, threshold="mean") == te.lempel_ziv(x, threshold=float(x.mean()))
    for bad in (float("nan"), True, [0.0]):
        with pytest.raises(InputError, match="threshold must be"):
            te.lempel_ziv(x, threshold=bad)
