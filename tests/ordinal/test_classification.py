import numpy as np
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ordinal.classification import classify, periodic_band, rolling_classify

from .examples import EXAMPLES, logistic, sine, white_noise


def test_periodic_band_matches_peccary():
    # PECCARY (Hyman, Daniel & Schaffner 2025): n = 5 band 0.1448 .. 0.5512
    low, high = periodic_band(5)
    assert low == pytest.approx(0.1448, abs=1e-4) and high == pytest.approx(0.5512, abs=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_verdicts_on_the_peccary_examples(name):
    generate, expected = EXAMPLES[name]
    res = classify(generate(4000, seed=0), seed=0, n_surrogates=19)
    assert res.label == expected, res.reason


def test_evidence_is_reported():
    res = classify(logistic(3000), seed=0, n_surrogates=19)
    assert res.label == "chaotic" and res.tau == 1
    # r = 4 forbids patterns from d = 3 on: white noise of this length misses none
    assert res.missing > 0 and res.missing_white_noise_p < 0.01
    assert res.entropy_gap > 0.2 and res.complexity_z > 10
    assert res.taus.shape == res.entropy_curve.shape == res.complexity_curve.shape


def test_short_series_is_undetermined():
    res = classify(white_noise(300), seed=0, n_surrogates=19)
    assert res.label == "undetermined" and "too short" in res.reason
    flat = classify(np.arange(1000.0), seed=0, n_surrogates=19)
    assert flat.label == "undetermined" and "crossings" in flat.reason


def test_dims_and_seed_reproducibility():
    x = np.stack([sine(1500, seed=1), white_noise(1500, seed=1)])
    da = xr.DataArray(x, dims=("member", "time"), coords={"member": ["s", "w"]})
    ds = classify(da, m=4, seed=3, n_surrogates=19)
    assert list(ds["label"].values) == ["regular", "stochastic"]
    assert ds["entropy_curve"].dims == ("member", "delay")
    lazy = classify(da.chunk({"member": 1}), m=4, seed=3, n_surrogates=19)
    assert lazy["entropy_curve"].chunks is not None
    xr.testing.assert_identical(lazy.compute(), ds)
    again = classify(x, m=4, seed=3, n_surrogates=19)
    np.testing.assert_array_equal(again.entropy_z, ds["entropy_z"].values)
    assert list(again.label) == ["regular", "stochastic"]


def test_rolling_classification_finds_the_change():
    # a sine (period 8.3 samples: tau = 1 puts the pattern timescale at 0.36 of it)
    # that turns into the logistic map half way
    x = np.r_[np.sin(2 * np.pi * np.arange(3000) / 8.3), logistic(3000, seed=0) - 0.5]
    res = rolling_classify(x, window=1500, step=1500, m=4, tau=1, seed=0, n_surrogates=19)
    assert res.label.tolist() == ["regular", "regular", "chaotic", "chaotic"]
    np.testing.assert_array_equal(res.start, [0, 1500, 3000, 4500])
    da = xr.DataArray(x, dims="t", coords={"t": np.arange(x.size) / 100})
    ds = rolling_classify(da, dim="t", window=1500, step=1500, m=4, tau=1, seed=0, n_surrogates=19)
    assert ds["label"].values.tolist() == res.label.tolist() and ds["t"].values[0] == 14.99
    np.testing.assert_array_equal(ds["entropy"], res.entropy)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: classify(np.arange(100.0), m=2), "m must be"),
        (lambda: classify(np.arange(100.0), n_surrogates=9), "cannot reach"),
        (lambda: classify(np.arange(100.0), alpha=1.5), "alpha"),
        (lambda: classify(np.arange(100.0), alpha=1.0), r"alpha must be a number in \(0, 1\), got 1.0"),
        (lambda: classify(np.arange(100.0), ratio=float("nan")), r"ratio must be a number > 0, got nan"),
        (lambda: classify(np.arange(100.0), z_min=True), "z_min must be a number >= 0, got True"),
        (lambda: classify(np.arange(100.0), gap_min=-1), "gap_min"),
        (lambda: rolling_classify(np.arange(100.0), window=1.0), "window=1.0 is ambiguous"),
        (lambda: classify([1.0, np.nan, 2.0]), "NaN"),
        (lambda: classify([]), "empty"),
        (lambda: rolling_classify(np.arange(100.0), window=500), "longer than the series"),
        (lambda: rolling_classify(np.arange(100.0), window=50), "no natural timescale"),
        (lambda: rolling_classify(np.ones((2, 100)), window=50, tau=1), "one series"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()
