"""tsdyn.chaos.classify: nonlinearity is not chaos; regular, chaotic and stochastic never confused."""

import numpy as np
import pytest
import xarray as xr

from tests.chaos.series import logistic
from tsdyn.chaos import classify, exact_period, rolling_classify
from tsdyn.errors import InputError


def ar1(phi, n, seed):
    e = np.random.default_rng(seed).standard_normal(n + 500)
    x = np.zeros(n + 500)
    for t in range(1, x.size):
        x[t] = phi * x[t - 1] + e[t]
    return x[500:]


def chebyshev(k, n, x0=0.3):
    """The Chebyshev map x -> cos(k arccos x): lambda = ln k, autocorrelation zero at every lag."""
    x, out = x0, np.empty(n)
    for i in range(n):
        x = np.cos(k * np.arccos(x))
        out[i] = x
    return out


@pytest.mark.parametrize(
    ("truth", "x"),
    [
        ("stochastic", ar1(0.9, 1500, 11) ** 2),  # nonlinear, not chaotic
        ("stochastic", ar1(0.8, 1500, 12)),  # linear Gaussian: never deterministic
        ("regular", logistic(3.83, 1500)),  # a map's periodic window
    ],
)
def test_key_cases(truth, x):
    res = classify(x, seed=1)
    assert res.label == truth, res.reason


def test_no_stochastic_claim_for_determinism_the_embedding_misses():
    # false nearest neighbours embed the Chebyshev map (lambda = ln 6) in 6 dimensions, where
    # nearest neighbours predict nothing; in one dimension they predict almost exactly
    res = classify(chebyshev(6, 1500), seed=0)
    assert res.tau == 1 and res.prediction_ratio < 0.05 and res.prediction_p == pytest.approx(0.05)
    assert res.label == "undetermined", res.reason  # the divergence saturates in 4 steps: no exponent


def test_no_stochastic_claim_for_smooth_or_periodic_series():
    rng = np.random.default_rng(3)
    # white noise through a Gaussian filter of 8 samples: no randomness left at the sampling
    # scale, just as finely sampled high-dimensional chaos, which a short record cannot tell from it
    kernel = np.exp(-0.5 * (np.arange(-40, 41) / 8.0) ** 2)
    smooth = np.convolve(rng.standard_normal(2100), kernel, mode="valid")
    res = classify(smooth, seed=0)
    assert res.smoothness > 0.9 and res.label == "undetermined", res.reason
    assert np.isnan(res.prediction_p)  # a claim was impossible: the surrogate tests were skipped
    # a sine under noise of half its amplitude: too noisy for the cycle test, yet periodic
    x = np.sin(2 * np.pi * np.arange(2000) / 31.1) + 0.5 * rng.standard_normal(2000)
    res = classify(x, seed=0)
    assert 0.3 <= res.coherence < 0.6 and res.label == "undetermined", res.reason


def test_evidence_is_returned_and_families():
    x = logistic(4.0, 1500)  # the chaotic key case
    res = classify(x, seed=0)
    assert res.tau == 1 and res.period == 0 and res.lyapunov_found
    assert res.lyapunov == pytest.approx(np.log(2), rel=0.05)  # per sample: ln 2 for r = 4
    assert res.k > 0.9 and res.prediction_p == pytest.approx(0.05) and res.prediction_ratio < 0.1
    assert res.ordinal_label == "chaotic" and "all agree" in res.reason
    da = xr.DataArray(np.stack([x, np.tile([0.1, 0.5, 0.9], 500)]), dims=("member", "time"))
    ds = classify(da, seed=0)
    assert list(ds.label.values) == ["chaotic", "regular"] and ds.period.values.tolist() == [0, 3]
    assert ds.attrs["tsdyn_function"] == "tsdyn.chaos.classify"
    # dask input stays lazy, and each series' seed follows its position: the same verdicts
    lazy = classify(da.chunk({"member": 1}), seed=0)
    assert lazy.label.chunks == ((1, 1),)
    xr.testing.assert_identical(lazy.compute(), ds)


def test_downward_spike_train_gets_a_verdict_not_a_crash():
    # above its mean nine tenths of the time: the lowest decile lies above the mean, and the
    # cycles' dead band (mean down to that decile) was negative, an InputError about an
    # internal 'hysteresis' (SwiftHohenberg's first variable at 10 000 samples)
    y = np.ones(4000)
    y[::40] = -5.0
    y += 0.01 * np.random.default_rng(0).standard_normal(4000)
    res = classify(y, seed=0)
    assert res.natural_timescale == pytest.approx(40, rel=0.01), res.reason
    assert res.label in ("regular", "undetermined"), res.reason


def test_recurring_cycles_are_found_and_block_a_chaotic_claim():
    # pulses 60.3 samples apart (no exact period in samples) whose heights run 1, 0.6, 0.8 over
    # and over: the cycles recur every 3; with heights drawn at random they never do
    t = np.arange(4000)

    def pulses(heights):
        return sum(h * np.exp(-0.5 * ((t - 30 - 60.3 * i) / 8.0) ** 2) for i, h in enumerate(heights))

    res = classify(pulses(np.tile([1.0, 0.6, 0.8], 23)[:67]), seed=0)
    assert res.period == 0 and res.cycle_period == 3 and res.label != "chaotic", res.reason
    assert classify(pulses(np.random.default_rng(0).uniform(0.5, 1.0, 67)), seed=0).cycle_period == 0


def test_short_records_are_undetermined():
    assert classify(np.random.default_rng(0).standard_normal(300)).label == "undetermined"
    slow = np.sin(2 * np.pi * np.arange(2000) / 200) + 0.1 * np.random.default_rng(1).standard_normal(2000)
    res = classify(slow, seed=0)  # ten cycles
    assert res.label == "undetermined" and "natural timescales" in res.reason


def test_batch_measure_set_gives_the_verdict():
    from tsdyn.io.measures import get_measure, resolve_params

    params = resolve_params(["chaos"], {"chaos": {"classify": True}})["chaos"]
    x = xr.DataArray(np.tile([0.1, 0.5, 0.9], 300), dims="time", name="orbit")
    scalars = get_measure("chaos").compute(x, params, 0).scalars
    assert scalars["verdict_label"] == "regular" and scalars["verdict_period"] == 3
    assert "verdict_prediction_p" in scalars  # every piece of evidence, NaN where not needed


def test_exact_period():
    assert exact_period(np.tile([3.0, 1.0, 2.0, 5.0], 30)) == 4
    assert exact_period(np.sin(2 * np.pi * np.arange(400) / 3.7)) == 37
    assert exact_period(np.sin(2 * np.pi * np.arange(400) / 3.7), max_period=20) == 0
    assert exact_period(logistic(4.0, 500)) == 0


def test_rolling_windows():
    x = np.r_[logistic(3.83, 1000), logistic(4.0, 1000)]
    verdict, start, stop = rolling_classify(x, window=1000, step=1000, seed=0)
    assert verdict.label.tolist() == ["regular", "chaotic"] and stop.tolist() == [1000, 2000]
    # labelled input, labelled windows: the time of each window's last sample
    da = xr.DataArray(x, dims="t", coords={"t": 0.5 * np.arange(x.size)})
    ds = rolling_classify(da, window=1000, step=1000, seed=0, dim="t")
    assert ds["label"].dims == ("window",) and ds["label"].values.tolist() == ["regular", "chaotic"]
    assert ds["t"].values.tolist() == [499.5, 999.5] and ds["lyapunov"].values[1] == verdict.lyapunov[1]
    frame = rolling_classify(da.to_pandas(), window=1000, step=1000, seed=0)
    assert frame.index.tolist() == [499.5, 999.5] and frame["stop"].tolist() == [1000, 2000]


@pytest.mark.parametrize(
    ("x", "kwargs", "match"),
    [
        (np.full(1000, 2.0), {}, "constant"),
        (np.r_[np.zeros(999), np.nan], {}, "NaN"),
        ([], {}, "empty"),
        (np.arange(1000.0), {"alpha": 0.01}, "need at least 99"),
        (np.arange(1000.0), {"k_chaos": 2}, "k_chaos"),
        (np.arange(1000.0), {"min_length": 10}, "min_length"),
        (np.arange(1000.0), {"cycle_tol": -0.1}, "cycle_tol"),
        (np.arange(1000.0), {"cycle_repeats": 1}, "cycle_repeats"),
        # (time, 1) from a trajectory's values: 1000 one-sample series, not 1000 "constant" ones
        (np.arange(1000.0)[:, None], {}, "1 samples along its last axis.*pass x.T"),
    ],
)
def test_bad_input(x, kwargs, match):
    with pytest.raises(InputError, match=match):
        classify(x, **kwargs)


def test_one_sample_is_too_short_not_constant():
    assert classify(np.array([0.3])).reason == "too short: 1 samples (need 500)"


def test_a_finely_sampled_noisy_oscillation_is_read_as_a_flow():
    # 200 samples a period under 5 % observation noise: the noise reverses the increments
    # more often than not, as a map's do, but in steps of the noise (lag-1 autocorrelation
    # 0.997). Taken for a map it got tau = 1 and the 0-1 test unsubsampled (K = 0.77, the
    # noise's diffusion); as a flow, the AMI delay and K near 0 (bounded)
    t = np.arange(8000)
    x = np.sin(2 * np.pi * t / 200)
    x = x + 0.05 * x.std() * np.random.default_rng(2).standard_normal(x.size)
    assert np.mean(np.diff(np.sign(np.diff(x))) != 0) > 0.5
    res = classify(x, seed=0)
    assert res.tau > 5 and res.k < 0.3
    assert res.label in ("regular", "undetermined")
