"""tsdyn.chaos.classify: nonlinearity is not chaos; regular, chaotic and stochastic never confused."""

import numpy as np
import pytest
import xarray as xr

import tsdyn.systems as ts
from tsdyn.chaos import classify, exact_period, rolling_classify
from tsdyn.errors import InputError


def logistic(r, n, x0=0.3, burn=500):
    x, out = x0, np.empty(n)
    for i in range(burn + n):
        x = r * x * (1 - x)
        if i >= burn:
            out[i - burn] = x
    return out


def ar1(phi, n, seed):
    e = np.random.default_rng(seed).standard_normal(n + 500)
    x = np.zeros(n + 500)
    for t in range(1, x.size):
        x[t] = phi * x[t - 1] + e[t]
    return x[500:]


def setar(n, seed):
    """A threshold AR(1): nonlinear, stochastic."""
    e = np.random.default_rng(seed).standard_normal(n + 500)
    x = np.zeros(n + 500)
    for t in range(1, x.size):
        x[t] = (0.9 * x[t - 1] if x[t - 1] < 0 else -0.6 * x[t - 1] + 1.0) + e[t]
    return x[500:]


def jittered_spikes(n, period, jitter, seed):
    rng = np.random.default_rng(seed)
    x = np.zeros(n)
    times = np.cumsum(period + rng.normal(0, jitter, n // period + 10)).astype(int)
    x[times[times < n]] = 1.0
    return x + 0.01 * rng.standard_normal(n)


def pink(n, seed):
    f = np.fft.rfftfreq(n)
    f[0] = 1.0
    return np.fft.irfft(np.fft.rfft(np.random.default_rng(seed).standard_normal(n)) / np.sqrt(f), n)


def first(name, **kw):
    return lambda n: (
        ts.get(name, **kw.pop("params", {})).integrate(n=n, transient=100, **kw).isel(variable=0).values
    )


# name: (truth, generator of n samples); truth "undetermined" = the record cannot tell
LABELLED = {
    "logistic r=4": ("chaotic", lambda n: logistic(4.0, n)),
    "logistic r=3.9": ("chaotic", lambda n: logistic(3.9, n)),
    "Henon": ("chaotic", first("Henon")),
    "Lorenz dt=0.02": ("chaotic", first("Lorenz", dt=0.02)),
    "Lorenz dt=0.01, 10 000": ("chaotic", lambda n: first("Lorenz", dt=0.01)(10_000)),
    "logistic period-3 window": ("regular", lambda n: logistic(3.83, n)),
    "logistic period-5 window": ("regular", lambda n: logistic(3.7405, n)),
    "sine, 3.7 samples a period": ("regular", lambda n: np.sin(2 * np.pi * np.arange(n) / 3.7)),
    "sine, 2 + sqrt 3 samples a period": (
        "regular",
        lambda n: np.sin(2 * np.pi * np.arange(n) / (2 + np.sqrt(3))),
    ),
    "noisy sine": (
        "regular",
        lambda n: np.sin(2 * np.pi * np.arange(n) / 47.3) + 0.2 * np.random.default_rng(1).standard_normal(n),
    ),
    "limit cycle with phase diffusion": (
        "regular",
        lambda n: np.sin(np.cumsum(2 * np.pi / 40 + 0.02 * np.random.default_rng(2).standard_normal(n))) ** 3,
    ),
    "quasi-periodic torus": (
        "regular",
        lambda n: np.sin(0.1 * np.arange(n)) + np.sin(0.1 * np.sqrt(2) * np.arange(n)),
    ),
    "relaxation oscillation (van der Pol mu=5)": (
        "regular",
        first("VanDerPol", params={"mu": 5.0}, pts_per_period=40),
    ),
    "spike train (FitzHugh-Nagumo)": ("regular", first("FitzHughNagumo", pts_per_period=30)),
    "white noise": ("stochastic", lambda n: np.random.default_rng(3).standard_normal(n)),
    "AR(1) 0.9": ("stochastic", lambda n: ar1(0.9, n, 4)),
    "AR(1) 0.99": ("stochastic", lambda n: ar1(0.99, n, 5)),
    "pink noise": ("stochastic", lambda n: pink(n, 6)),
    "squared AR(1)": ("stochastic", lambda n: ar1(0.9, n, 7) ** 2),
    "jittered spike train": ("stochastic", lambda n: jittered_spikes(n, 25, 2.0, 9)),
    "Mackey-Glass, 1600 oversampled samples": (
        "undetermined",
        lambda n: (
            ts.get("MackeyGlass").integrate(n=1600, pts_per_period=100, transient=200).isel(variable=0).values
        ),
    ),
}


# known abstentions: (true class, generator); the verdict must be "undetermined", never a wrong claim
ABSTAINS = {
    # nonlinear stochastic: its ordinal patterns differ from its IAAFT surrogates'
    "threshold AR": ("stochastic", lambda n: setar(n, 8)),
    # phase-coherent chaos: K = 0.44 at the 0-1 test's subsampling
    "Rossler dt=0.2": ("chaotic", first("Rossler", dt=0.2)),
    # 5 % observation noise hides the divergence curve's linear region
    "Henon + 5 % noise": (
        "chaotic",
        lambda n: (lambda h: h + 0.05 * h.std() * np.random.default_rng(10).standard_normal(n))(
            first("Henon")(n)
        ),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LABELLED) + list(ABSTAINS))
def test_labelled_set_no_wrong_claim(name):
    truth, make = LABELLED.get(name) or ABSTAINS[name]
    res = classify(make(4000), seed=0)
    # never a wrong claim; the listed abstentions abstain, every other series is claimed right
    assert res.label in (truth, "undetermined"), res.reason
    expected = "undetermined" if name in ABSTAINS else truth
    assert res.label == expected, res.reason


@pytest.mark.parametrize(
    ("truth", "x"),
    [
        ("chaotic", logistic(4.0, 1500)),
        ("stochastic", ar1(0.9, 1500, 11) ** 2),  # nonlinear, not chaotic
        ("stochastic", ar1(0.8, 1500, 12)),  # linear Gaussian: never deterministic
        ("regular", logistic(3.83, 1500)),  # a map's periodic window
    ],
)
def test_key_cases(truth, x):
    res = classify(x, seed=1)
    assert res.label == truth, res.reason


def test_evidence_is_returned_and_families():
    x = logistic(4.0, 1500)
    res = classify(x, seed=0)
    assert res.tau == 1 and res.period == 0 and res.lyapunov_found
    assert res.lyapunov == pytest.approx(np.log(2), rel=0.05)  # per sample: ln 2 for r = 4
    assert res.k > 0.9 and res.prediction_p == pytest.approx(0.05) and res.prediction_ratio < 0.1
    assert res.ordinal_label == "chaotic" and "all agree" in res.reason
    da = xr.DataArray(np.stack([x, np.tile([0.1, 0.5, 0.9], 500)]), dims=("member", "time"))
    ds = classify(da, seed=0)
    assert list(ds.label.values) == ["chaotic", "regular"] and ds.period.values.tolist() == [0, 3]
    assert ds.attrs["tsdyn_function"] == "tsdyn.chaos.classify"


def test_short_records_are_undetermined():
    assert classify(np.random.default_rng(0).standard_normal(300)).label == "undetermined"
    slow = np.sin(2 * np.pi * np.arange(2000) / 200) + 0.1 * np.random.default_rng(1).standard_normal(2000)
    res = classify(slow, seed=0)  # ten cycles
    assert res.label == "undetermined" and "natural timescales" in res.reason


def test_exact_period():
    assert exact_period(np.tile([3.0, 1.0, 2.0, 5.0], 30)) == 4
    assert exact_period(np.sin(2 * np.pi * np.arange(400) / 3.7)) == 37
    assert exact_period(np.sin(2 * np.pi * np.arange(400) / 3.7), max_period=20) == 0
    assert exact_period(logistic(4.0, 500)) == 0


def test_rolling_windows():
    x = np.r_[logistic(3.83, 1000), logistic(4.0, 1000)]
    verdict, start, stop = rolling_classify(x, window=1000, step=1000, seed=0)
    assert verdict.label.tolist() == ["regular", "chaotic"] and stop.tolist() == [1000, 2000]


@pytest.mark.parametrize(
    ("x", "kwargs", "match"),
    [
        (np.full(1000, 2.0), {}, "constant"),
        (np.r_[np.zeros(999), np.nan], {}, "NaN"),
        ([], {}, "empty"),
        (np.arange(1000.0), {"alpha": 0.01}, "need at least 99"),
        (np.arange(1000.0), {"k_chaos": 2}, "k_chaos"),
        (np.arange(1000.0), {"min_length": 10}, "min_length"),
    ],
)
def test_bad_input(x, kwargs, match):
    with pytest.raises(InputError, match=match):
        classify(x, **kwargs)
