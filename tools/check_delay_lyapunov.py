"""An independent check of the catalog's delay-equation references (invariants.json's lambda1).

The catalog computes a delay equation's largest exponent by two nearby trajectories integrated by
adaptive dopri5 (method of steps), restarted every delay from histories resampled at 257 points
(``tsdyn.systems.lyapunov._delay_largest``). This tool takes another route: the equation
``x' = f(x, x(t - tau))`` discretised on a fixed grid of ``N`` steps per delay (classical RK4,
the delayed state at half steps from the cubic Lagrange interpolant of the four nearest grid
values), and the exact linearisation of that discrete map carried along as a tangent history
(Farmer 1982's way: the state is the ``N + 1`` grid values over one delay), renormalised every
delay. The exponent of the discretised equation converges to the equation's as ``N`` grows, so
``N = 128, 256, 512`` shows the discretisation error, and 40 blocks the statistical one.

    python tools/check_delay_lyapunov.py [NAME ...] [--delays 1000] [--points 128 256 512]

Prints, per system and ``N``, lambda1 +- its block standard error, and the reference.
"""

from __future__ import annotations

import argparse
import math

import numba
import numpy as np

SYSTEMS = ("IkedaDelay", "MackeyGlass", "PiecewiseCircuit", "ScrollDelay", "SprottDelay", "VossDelay")


@numba.njit(cache=False)
def _f(kind, p, x, xd):
    """(f, df/dx, df/dxd) of the catalog's six delay equations (tsdyn/systems/catalog/delay.py)."""
    if kind == 0:  # Ikeda form: mu sin(xd - x0) - c x (SprottDelay: c = 0, mu = 1)
        c, mu, x0 = p[0], p[1], p[2]
        return mu * math.sin(xd - x0) - c * x, -c, mu * math.cos(xd - x0)
    if kind == 1:  # MackeyGlass
        beta, gamma, n = p[0], p[1], p[2]
        q = xd**n
        return beta * xd / (1.0 + q) - gamma * x, -gamma, beta * (1.0 + q - n * q) / (1.0 + q) ** 2
    if kind == 2:  # PiecewiseCircuit
        alpha, beta, c = p[0], p[1], p[2]
        u = xd / c
        return beta * (3.0 * u - u**3) - alpha * xd, 0.0, beta * (3.0 - 3.0 * u * u) / c - alpha
    if kind == 3:  # ScrollDelay
        alpha, beta = p[0], p[1]
        t = math.tanh(10.0 * xd)
        return beta * t - alpha * xd, 0.0, 10.0 * beta * (1.0 - t * t) - alpha
    # VossDelay
    alpha = p[0]
    val = ((-10.44 * xd - 13.95) * xd - 3.63) * xd + 0.85 - alpha * x
    return val, -alpha, (-31.32 * xd - 27.9) * xd - 3.63


@numba.njit(cache=False)
def _run(kind, p, x_init, tau, N, delays, transient, v_init):
    """RK4 on N steps per delay; returns the log-growth of the tangent history per delay."""
    h = tau / N
    L = N + 3  # ring buffer: the delayed half-step state needs grid values k-N-1 .. k-N+2
    xs = np.full(L, x_init)
    vs = v_init.copy()  # the tangent history's start (L values)
    k = L - 1  # index (mod L) of the current state
    logs = np.zeros(delays)
    total = transient + delays
    for d in range(total):
        for _ in range(N):
            # grid values at t - tau + j h for j = -1, 0, 1, 2 (relative to the current time t)
            i_m1 = (k - N - 1) % L
            i_0 = (k - N) % L
            i_1 = (k - N + 1) % L
            i_2 = (k - N + 2) % L
            xd0, xd1 = xs[i_0], xs[i_1]
            # cubic Lagrange at the midpoint of [t - tau, t - tau + h]: (-1, 9, 9, -1) / 16
            xdm = (-xs[i_m1] + 9.0 * xd0 + 9.0 * xd1 - xs[i_2]) / 16.0
            vd0, vd1 = vs[i_0], vs[i_1]
            vdm = (-vs[i_m1] + 9.0 * vd0 + 9.0 * vd1 - vs[i_2]) / 16.0
            x, v = xs[k], vs[k]
            k1, a1, b1 = _f(kind, p, x, xd0)
            w1 = a1 * v + b1 * vd0
            k2, a2, b2 = _f(kind, p, x + 0.5 * h * k1, xdm)
            w2 = a2 * (v + 0.5 * h * w1) + b2 * vdm
            k3, a3, b3 = _f(kind, p, x + 0.5 * h * k2, xdm)
            w3 = a3 * (v + 0.5 * h * w2) + b3 * vdm
            k4, a4, b4 = _f(kind, p, x + h * k3, xd1)
            w4 = a4 * (v + h * w3) + b4 * vd1
            kn = (k + 1) % L
            xs[kn] = x + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
            vs[kn] = v + h / 6.0 * (w1 + 2.0 * w2 + 2.0 * w3 + w4)
            k = kn
        # renormalise the tangent history (all L values: the map's state) every delay
        s = 0.0
        for i in range(L):
            s += vs[i] * vs[i]
        s = math.sqrt(s / L)
        for i in range(L):
            vs[i] /= s
        if d >= transient:
            logs[d - transient] = math.log(s)
    return logs


def exponent(name: str, delays: int, points: int, transient: int = 50, blocks: int = 40, seed: int = 0):
    """(lambda1, block standard error) of the discretised equation at ``points`` steps per delay."""
    import tsdyn.systems as ts

    s = ts.get(name)
    pr = s.params
    tau = float(pr["delay_time"])
    if name in ("IkedaDelay", "SprottDelay"):
        kind, p = 0, [pr["c"], pr["mu"], pr["x0"]]
    elif name == "MackeyGlass":
        kind, p = 1, [pr["beta"], pr["gamma"], pr["n"]]
    elif name == "PiecewiseCircuit":
        kind, p = 2, [pr["alpha"], pr["beta"], pr["c"]]
    elif name == "ScrollDelay":
        kind, p = 3, [pr["alpha"], pr["beta"]]
    else:
        kind, p = 4, [pr["alpha"]]
    x0 = float(np.asarray(s.ic).ravel()[0])
    v0 = np.random.default_rng(seed).standard_normal(points + 3)
    logs = _run(kind, np.array(p, dtype=np.float64), x0, tau, points, delays, transient, v0)
    per = logs.reshape(blocks, -1).sum(axis=1) / (logs.size // blocks * tau)
    return logs.sum() / (logs.size * tau), per.std(ddof=1) / math.sqrt(blocks)


def main(argv=None) -> int:
    from tsdyn.systems import _invariants

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", default=list(SYSTEMS))
    ap.add_argument("--delays", type=int, default=1000, help="averaging time in delays (a multiple of 40)")
    ap.add_argument("--points", type=int, nargs="+", default=[128, 256, 512])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    inv = _invariants.load()["systems"]
    for name in args.names:
        ref = inv[name]
        print(f"{name}: reference {ref['lyapunov_max']:.4g} +- {ref['lyapunov_stderr'][0]:.2g}", flush=True)
        for n in args.points:
            lam, err = exponent(name, args.delays, n, seed=args.seed)
            print(f"  N = {n:5d} steps per delay: {lam:.4g} +- {err:.2g} ({lam / ref['lyapunov_max']:.3f} x ref)",
                  flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
