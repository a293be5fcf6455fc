"""Small systems with known answers, defined through the public ``define`` (not registered).

The functions live at module level in this file, so numba caches their compiled code.
"""

import numpy as np
import pytest

import tsdyn.systems as ts


def harmonic(t, y, p, out):
    out[0] = y[1]
    out[1] = -p[0] * p[0] * y[0]


def linear3(t, y, p, out):
    # y' = A y with A fixed below: a damped rotation coupled to a decaying mode.
    out[0] = -0.1 * y[0] + 2.0 * y[1]
    out[1] = -2.0 * y[0] - 0.1 * y[1] + 0.5 * y[2]
    out[2] = -p[0] * y[2]


LINEAR3_A = np.array([[-0.1, 2.0, 0.0], [-2.0, -0.1, 0.5], [0.0, 0.0, -1.0]])


def drift_const(t, y, p, out):
    out[0] = p[0]


def henon(y, p, out):
    out[0] = 1.0 - p[0] * y[0] * y[0] + y[1]
    out[1] = p[1] * y[0]


def henon_jac(y, p, out):
    out[0, 0] = -2.0 * p[0] * y[0]
    out[0, 1] = 1.0
    out[1, 0] = p[1]
    out[1, 1] = 0.0


def logistic(y, p, out):
    out[0] = p[0] * y[0] * (1.0 - y[0])


def ou_drift(t, y, p, out):
    out[0] = -p[0] * y[0]


def ou_diffusion(t, y, p, out):
    out[0] = p[1]


def blow(t, y, p, out):
    out[0] = y[0] * y[0]


@pytest.fixture(scope="session")
def oscillator():
    return ts.define(harmonic, params={"omega": 2.0}, ic=[1.0, 0.0], name="Harmonic", period=np.pi)


@pytest.fixture(scope="session")
def linear():
    return ts.define(linear3, params={"k": 1.0}, ic=[1.0, 0.5, 2.0], name="Linear3")


@pytest.fixture(scope="session")
def henon_map():
    return ts.define(
        henon, kind="map", params={"a": 1.4, "b": 0.3}, ic=[0.1, 0.1], jac=henon_jac, name="Henon"
    )


@pytest.fixture(scope="session")
def logistic_map():
    return ts.define(logistic, kind="map", params={"r": 4.0}, ic=[0.1234], name="Logistic")


@pytest.fixture(scope="session")
def ou():
    return ts.define(
        ou_drift,
        kind="sde",
        noise=ou_diffusion,
        params={"theta": 1.0, "s": 0.5},
        ic=[0.0],
        dt=0.01,
        name="OU",
    )


def mackey_glass(t, y, yd, p, out):
    beta, gamma, n = p[0], p[1], p[2]
    out[0] = beta * yd[0] / (1.0 + yd[0] ** n) - gamma * y[0]


def delayed_decay(t, y, yd, p, out):
    out[0] = -p[0] * yd[0]


@pytest.fixture(scope="session")
def mackey():
    return ts.define(
        mackey_glass, kind="delay", delay_time=17.0, params={"beta": 0.2, "gamma": 0.1, "n": 10.0}, ic=[1.2],
        name="MackeyGlass",
    )  # fmt: skip


@pytest.fixture
def in_new_processes():
    """``run(script, runs=2, **env)``: the script in ``runs`` fresh interpreters, one after the other
    (the repository and ``PYTHONPATH`` importable, ``env`` added); the integers the last one printed.

    For numba's on-disk cache: what the first process compiles, a later one must load.
    """
    import os
    import subprocess
    import sys
    import textwrap

    def run(script, runs=2, **env):
        env = {**os.environ, **env}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), os.getcwd()) if p)
        for _ in range(runs):
            done = subprocess.run(
                [sys.executable, "-c", textwrap.dedent(script)], env=env, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stdout + done.stderr
        return [int(v) for v in done.stdout.split()]

    return run
