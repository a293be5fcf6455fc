"""The labelled set behind tsdyn.chaos.classify: regular, chaotic and stochastic never confused.

Every series has a known character (by construction, or a real series whose
character is not in doubt). The slow test classifies each (4000 samples unless
the name says otherwise, seed 0) and asserts that the verdict is never a wrong
claim, and that it is the expected one: the true class, or ``undetermined``
for the listed abstentions (records that cannot tell, or known limits of the
rule). Run as a script, it prints the confusion matrix of docs/chaos.md::

    python -m tests.chaos.test_classify_labelled
"""

from pathlib import Path

import numpy as np
import pytest

import tsdyn.systems as ts
from tests.chaos.series import logistic
from tsdyn.chaos import classify

N = 4000
NOLDS = Path(__file__).parent / "data" / "nolds_series.npz"


def rng(seed):
    return np.random.default_rng(seed)


def ar(coefs, n, seed):
    """An autoregression x[t] = sum_k coefs[k] x[t - 1 - k] + e[t], after a burn-in."""
    e = rng(seed).standard_normal(n + 500)
    x = np.zeros(n + 500)
    for t in range(len(coefs), x.size):
        x[t] = sum(c * x[t - 1 - k] for k, c in enumerate(coefs)) + e[t]
    return x[500:]


def resonant_ar2(n, seed, radius=0.98, period=40):
    """Noise through a resonance: an AR(2) whose roots are radius * exp(+-2 pi i / period)."""
    return ar([2 * radius * np.cos(2 * np.pi / period), -(radius**2)], n, seed)


def setar(n, seed):
    """A threshold AR(1): nonlinear, stochastic."""
    e = rng(seed).standard_normal(n + 500)
    x = np.zeros(n + 500)
    for t in range(1, x.size):
        x[t] = (0.9 * x[t - 1] if x[t - 1] < 0 else -0.6 * x[t - 1] + 1.0) + e[t]
    return x[500:]


def spikes(times, n, seed, width=0.0):
    """Unit spikes at ``times`` (Gaussian pulses of ``width`` samples if > 0) with 1 % noise."""
    x = np.zeros(n)
    if width:
        t = np.arange(n)
        for s in times[times < n]:
            x += np.exp(-0.5 * ((t - s) / width) ** 2)
    else:
        x[times[(times >= 0) & (times < n)].astype(int)] = 1.0
    return x + 0.01 * rng(seed).standard_normal(n)


def jittered(n, period, jitter, seed):
    return spikes(np.cumsum(period + rng(seed).normal(0, jitter, n // period + 10)), n, seed + 100)


def pink(n, seed):
    f = np.fft.rfftfreq(n)
    f[0] = 1.0
    return np.fft.irfft(np.fft.rfft(rng(seed).standard_normal(n)) / np.sqrt(f), n)


def noisy(x, level, seed):
    return x + level * x.std() * rng(seed).standard_normal(x.size)


def sine(n, period, phase=0.0):
    return np.sin(2 * np.pi * np.arange(n) / period + phase)


def first(name, n=None, params=None, transient=100, **kw):
    """The first variable of a catalog system (``n`` fixes the length whatever is asked)."""

    def make(size):
        traj = ts.get(name, **(params or {})).integrate(n=n or size, transient=transient, **kw)
        return traj.isel(variable=0).values

    return make


def nolds(key):
    return lambda n: np.load(NOLDS)[key][:n].astype(np.float64)


# name: (true class, expected verdict, generator of n samples)
LABELLED = {
    # chaotic maps and flows, at several samplings and lengths
    "logistic r=4": ("chaotic", "chaotic", lambda n: logistic(4.0, n)),
    "logistic r=3.9": ("chaotic", "chaotic", lambda n: logistic(3.9, n)),
    "logistic r=4, 1000 samples": ("chaotic", "chaotic", lambda n: logistic(4.0, 1000)),
    "Henon": ("chaotic", "chaotic", first("Henon")),
    "Henon, 1500 samples": ("chaotic", "chaotic", first("Henon", n=1500)),
    "Ikeda map": ("chaotic", "chaotic", first("Ikeda", transient=1000)),
    "Duffing map (slow lobe switching)": ("chaotic", "chaotic", first("DuffingMap", transient=1000)),
    "Lorenz dt=0.02": ("chaotic", "chaotic", first("Lorenz", dt=0.02)),
    "Lorenz dt=0.05": ("chaotic", "chaotic", first("Lorenz", dt=0.05)),
    "Lorenz dt=0.01, 10 000 samples": ("chaotic", "chaotic", first("Lorenz", n=10_000, dt=0.01)),
    "SprottB, 100 points a period": ("chaotic", "chaotic", first("SprottB", pts_per_period=100)),
    "Rucklidge, 100 points a period": ("chaotic", "chaotic", first("Rucklidge", pts_per_period=100)),
    # phase-coherent chaos: K = 0.44 at the 0-1 test's subsampling
    "Rossler dt=0.2": ("chaotic", "undetermined", first("Rossler", dt=0.2)),
    # 5 % observation noise hides the divergence curve's linear region
    "Henon + 5 % noise": ("chaotic", "undetermined", lambda n: noisy(first("Henon")(n), 0.05, 10)),
    # about 16 oscillations of a delay equation: too short to tell from noise (at delay_time
    # 17: the catalog's 16, dysts', gives a limit cycle)
    "Mackey-Glass, 1600 samples, 100 a period": (
        "chaotic",
        "undetermined",
        first("MackeyGlass", n=1600, params={"delay_time": 17.0}, pts_per_period=100, transient=200),
    ),
    # regular: exactly periodic map orbits and sampled periodic signals
    "logistic period-3 window": ("regular", "regular", lambda n: logistic(3.83, n)),
    "logistic period-5 window": ("regular", "regular", lambda n: logistic(3.7405, n)),
    "logistic period-4": ("regular", "regular", lambda n: logistic(3.5, n)),
    "sine, 3.7 samples a period": ("regular", "regular", lambda n: sine(n, 3.7)),
    "sine, 2 + sqrt 3 samples a period": ("regular", "regular", lambda n: sine(n, 2 + np.sqrt(3))),
    "square wave, 6.4 samples a period": ("regular", "regular", lambda n: np.sign(sine(n, 6.4, 0.1))),
    # periodic signals with noise, phase diffusion or a second frequency
    "noisy sine (20 % noise)": ("regular", "regular", lambda n: noisy(sine(n, 47.3), 0.28, 1)),
    # noise of half the amplitude: too incoherent for the cycle test, too periodic for noise
    "noisy sine (50 % noise)": ("regular", "undetermined", lambda n: noisy(sine(n, 31.1), 0.7, 12)),
    "sine, 5.3 samples a period, 10 % noise": ("regular", "regular", lambda n: noisy(sine(n, 5.3), 0.14, 13)),
    "limit cycle with phase diffusion": (
        "regular",
        "regular",
        lambda n: np.sin(np.cumsum(2 * np.pi / 40 + 0.02 * rng(2).standard_normal(n))) ** 3,
    ),
    "quasi-periodic torus": (
        "regular",
        "regular",
        lambda n: np.sin(0.1 * np.arange(n)) + np.sin(0.1 * np.sqrt(2) * np.arange(n)),
    ),
    "quasi-periodic torus, golden ratio": (
        "regular",
        "regular",
        lambda n: sine(n, 33.0) + 0.5 * sine(n, 33.0 * (1 + np.sqrt(5)) / 2),
    ),
    # strongly nonlinear periodic signals: relaxation oscillations and spike trains
    "relaxation oscillation (van der Pol mu=5)": (
        "regular",
        "regular",
        first("VanDerPol", params={"mu": 5.0}, pts_per_period=40),
    ),
    "van der Pol mu=1, 25 points a period": (
        "regular",
        "regular",
        first("VanDerPol", params={"mu": 1.0}, pts_per_period=25),
    ),
    "spike train (FitzHugh-Nagumo)": ("regular", "regular", first("FitzHughNagumo", pts_per_period=30)),
    # a mixed-mode cycle of 13 oscillations, under 3 repeats in the record: K = 0.97, and
    # neighbours a loop apart diverge (it read "chaotic" before the recurring-cycles veto;
    # thin chaos recurs as closely, so recurrence makes no regular claim)
    "mixed-mode cycle (Kawczynski-Strizhak), 10 000 samples": (
        "regular",
        "undetermined",
        first("KawczynskiStrizhak", n=10_000, pts_per_period=100),
    ),
    "periodic spike train, 24.7 samples a period": (
        "regular",
        "regular",
        lambda n: spikes(np.arange(5.0, n, 24.7), n, 14, width=1.0),
    ),
    # stochastic: white, coloured and strongly correlated noise, nonlinear transforms,
    # randomly timed spikes, and real series
    "white noise": ("stochastic", "stochastic", lambda n: rng(3).standard_normal(n)),
    "uniform white noise": ("stochastic", "stochastic", lambda n: rng(15).uniform(size=n)),
    "Student t (3) white noise": ("stochastic", "stochastic", lambda n: rng(16).standard_t(3, n)),
    "AR(1) 0.9": ("stochastic", "stochastic", lambda n: ar([0.9], n, 4)),
    "AR(1) 0.99": ("stochastic", "stochastic", lambda n: ar([0.99], n, 5)),
    "pink noise": ("stochastic", "stochastic", lambda n: pink(n, 6)),
    "resonant AR(2), period 40": ("stochastic", "stochastic", lambda n: resonant_ar2(n, 17)),
    "squared AR(1)": ("stochastic", "stochastic", lambda n: ar([0.9], n, 7) ** 2),
    "jittered spike train (8 % jitter)": ("stochastic", "stochastic", lambda n: jittered(n, 25, 2.0, 9)),
    "jittered spike train (20 % jitter)": ("stochastic", "stochastic", lambda n: jittered(n, 25, 5.0, 18)),
    "Poisson spike train": (
        "stochastic",
        "stochastic",
        lambda n: spikes(np.flatnonzero(rng(19).random(n) < 0.04), n, 20),
    ),
    "quantum random numbers (nolds)": ("stochastic", "stochastic", nolds("qrandom")),
    "NASDAQ 100 daily log returns (nolds)": ("stochastic", "stochastic", nolds("ndx_log_return")),
    # nonlinear stochastic: its ordinal patterns differ from its IAAFT surrogates'
    "threshold AR": ("stochastic", "undetermined", lambda n: setar(n, 8)),
}

CLASSES = ("regular", "chaotic", "stochastic")


def verdict(name):
    truth, expected, make = LABELLED[name]
    return classify(make(N), seed=0)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LABELLED))
def test_labelled_set(name):
    truth, expected, _ = LABELLED[name]
    res = verdict(name)
    # never a wrong claim, and the expected verdict (the known abstentions abstain)
    assert res.label in (truth, "undetermined"), res.reason
    assert res.label == expected, res.reason


def test_the_set_meets_the_target():
    """The expected verdicts alone meet issue 16's target (the slow test checks they come out)."""
    rows = list(LABELLED.values())
    assert len(rows) >= 40
    assert all(expected in (truth, "undetermined") for truth, expected, _ in rows)
    assert sum(expected == "undetermined" for _, expected, _ in rows) <= 0.2 * len(rows)
    for cls in CLASSES:
        mine = [expected for truth, expected, _ in rows if truth == cls]
        assert sum(e == cls for e in mine) >= 2 / 3 * len(mine), cls


if __name__ == "__main__":  # the confusion matrix of docs/chaos.md
    import time

    counts = {c: dict.fromkeys((*CLASSES, "undetermined"), 0) for c in CLASSES}
    t0 = time.perf_counter()
    for name, (truth, _, _) in LABELLED.items():
        t = time.perf_counter()
        res = verdict(name)
        counts[truth][res.label] += 1
        print(
            f"{name:45s} {truth:10s} {res.label:12s} {time.perf_counter() - t:5.1f} s  {res.reason}",
            flush=True,
        )
    print(f"\n{len(LABELLED)} series in {time.perf_counter() - t0:.0f} s\n")
    print("| true \\ verdict | regular | chaotic | stochastic | undetermined |\n|---|---|---|---|---|")
    for cls in CLASSES:
        print(f"| {cls} | " + " | ".join(str(counts[cls][c]) for c in (*CLASSES, "undetermined")) + " |")
