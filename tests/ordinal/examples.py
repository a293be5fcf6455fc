"""The PECCARY paper's kinds of example series, for the classification tests and docs/ table.

Flows are integrated with scipy's solve_ivp (tight tolerances, a transient
dropped) and sampled every ``dt``; every generator takes the number of
samples ``n`` and a ``seed`` (the noises and the initial conditions of the
chaotic systems depend on it), so the verdicts can be checked on several
independent realisations.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp


def _flow(rhs, y0, n, dt, transient, component=0):
    t_end = transient + (n - 1) * dt
    t_eval = transient + dt * np.arange(n)
    sol = solve_ivp(rhs, (0.0, t_end), y0, t_eval=t_eval, method="DOP853", rtol=1e-9, atol=1e-9)
    return sol.y[component]


def sine(n, seed=0):
    phase = np.random.default_rng(seed).uniform(0, 2 * np.pi)
    return np.sin(2 * np.pi * np.arange(n) / 50.0 + phase)


def quasi_periodic(n, seed=0):
    """Two sines whose periods (50 and 50 times the golden ratio samples) are incommensurate."""
    phases = np.random.default_rng(seed).uniform(0, 2 * np.pi, 2)
    t = np.arange(n)
    golden = (1 + np.sqrt(5)) / 2
    return np.sin(2 * np.pi * t / 50.0 + phases[0]) + 0.8 * np.sin(
        2 * np.pi * t / (50.0 * golden) + phases[1]
    )


def white_noise(n, seed=0):
    return np.random.default_rng(seed).standard_normal(n)


def power_law_noise(n, exponent, seed=0):
    """Gaussian noise with power spectrum 1/f**exponent (1: pink, 2: red/brown)."""
    rng = np.random.default_rng(seed)
    f = np.fft.rfftfreq(n)
    amp = np.zeros_like(f)
    amp[1:] = f[1:] ** (-exponent / 2)
    spec = amp * (rng.standard_normal(f.size) + 1j * rng.standard_normal(f.size))
    return np.fft.irfft(spec, n=n)


def pink_noise(n, seed=0):
    return power_law_noise(n, 1.0, seed)


def red_noise(n, seed=0):
    return power_law_noise(n, 2.0, seed)


def logistic(n, seed=0, r=4.0):
    x = np.empty(n + 100)
    x[0] = np.random.default_rng(seed).uniform(0.1, 0.9)
    for i in range(1, x.size):
        x[i] = r * x[i - 1] * (1 - x[i - 1])
    return x[100:]


def henon(n, seed=0, a=1.4, b=0.3):
    x = np.empty(n + 100)
    y = 0.0
    x[0] = np.random.default_rng(seed).uniform(-0.1, 0.1)
    for i in range(1, x.size):
        x[i], y = 1 - a * x[i - 1] ** 2 + y, b * x[i - 1]
    return x[100:]


def lorenz(n, seed=0, dt=0.05):
    def rhs(t, s):
        x, y, z = s
        return [10.0 * (y - x), x * (28.0 - z) - y, x * y - 8.0 / 3.0 * z]

    y0 = np.array([1.0, 1.0, 20.0]) + np.random.default_rng(seed).normal(0, 0.1, 3)
    return _flow(rhs, y0, n, dt, transient=20.0)


def rossler(n, seed=0, dt=0.2):
    def rhs(t, s):
        x, y, z = s
        return [-y - z, x + 0.2 * y, 0.2 + z * (x - 5.7)]

    y0 = np.array([1.0, 1.0, 0.0]) + np.random.default_rng(seed).normal(0, 0.1, 3)
    return _flow(rhs, y0, n, dt, transient=100.0)


def double_pendulum(n, seed=0, dt=0.05):
    """Angle of the lower arm (equal unit masses and lengths, g = 9.81), started high: chaotic."""
    g = 9.81

    def rhs(t, s):
        t1, t2, w1, w2 = s
        delta = t1 - t2
        den = 3.0 - np.cos(2 * delta)
        a1 = (
            -3 * g * np.sin(t1)
            - g * np.sin(t1 - 2 * t2)
            - 2 * np.sin(delta) * (w2**2 + w1**2 * np.cos(delta))
        ) / den
        a2 = 2 * np.sin(delta) * (2 * w1**2 + 2 * g * np.cos(t1) + w2**2 * np.cos(delta)) / den
        return [w1, w2, a1, a2]

    y0 = np.array([2.0, 2.5, 0.0, 0.0]) + np.random.default_rng(seed).normal(0, 0.01, 4)
    return np.sin(_flow(rhs, y0, n, dt, transient=10.0, component=1))


def _henon_heiles(n, y0, dt):
    def rhs(t, s):
        x, y, px, py = s
        return [px, py, -x - 2 * x * y, -y - x**2 + y**2]

    return _flow(rhs, y0, n, dt, transient=0.0)


def _henon_heiles_start(energy, y, py):
    """x = 0 on the surface of section: px from the energy."""
    potential = 0.5 * y**2 - y**3 / 3
    px = np.sqrt(2 * (energy - potential) - py**2)
    return np.array([0.0, y, px, py])


def henon_heiles_regular(n, seed=0, dt=0.25):
    """A regular (torus) orbit at E = 1/12, near the stable periodic orbit through y = 0.1."""
    y = 0.1 + np.random.default_rng(seed).uniform(-1e-4, 1e-4)
    return _henon_heiles(n, _henon_heiles_start(1 / 12, y, 0.0), dt)


def henon_heiles_chaotic(n, seed=0, dt=0.25):
    """A chaotic orbit at E = 1/8, started in the chaotic sea of the section (y = -0.1, py = 0)."""
    y = -0.1 + np.random.default_rng(seed).uniform(-1e-4, 1e-4)
    return _henon_heiles(n, _henon_heiles_start(1 / 8, y, 0.0), dt)


#: name -> (generator, expected verdict)
EXAMPLES = {
    "sine": (sine, "regular"),
    "quasi_periodic": (quasi_periodic, "regular"),
    "white_noise": (white_noise, "stochastic"),
    "pink_noise": (pink_noise, "stochastic"),
    "red_noise": (red_noise, "stochastic"),
    "logistic": (logistic, "chaotic"),
    "henon": (henon, "chaotic"),
    "lorenz": (lorenz, "chaotic"),
    "rossler": (rossler, "chaotic"),
    "double_pendulum": (double_pendulum, "chaotic"),
    "henon_heiles_regular": (henon_heiles_regular, "regular"),
    "henon_heiles_chaotic": (henon_heiles_chaotic, "chaotic"),
}
