"""The local Jacobians of ``lyapunov_exponent`` against the true ones, along the record's own orbit.

For each named catalog flow this takes the validation's clean series (``validate_chaos.series``) and
every variable of the same orbit (``validate_chaos.trajectory``), integrates the tangent map over each
sample by RK4 from the recorded states (4 steps a sample, so the orbit never drifts), and builds the
true Jacobian of the delay map on the embedded attractor's tangent space,
``DF_i = DH(s_{i+tau}) Dphi_tau(s_i) DH(s_i)^+`` (``DH``: the derivative of the delay vector), in the
``m + 1`` coordinates and over the ``tau`` samples the default fits use (``m``, ``tau`` and the
Theiler window as ``lyapunov_exponent`` chooses them). It prints, as ratios to the catalog reference:

- ``true``: lambda1 of the product of the true ``DF`` (the same QR chain as the estimator's);
- ``fitted``: that of the fitted Jacobians (``_local_jacobians``, today's estimator alone);
- ``fit on true vector``: the fitted Jacobians' growth of the true chain's vector, step by step;
- ``error``: the median relative error ``|(J - DF) w| / |DF w|`` on that vector;
- ``eps``: the true ``DF`` with Gaussian errors of relative size eps added (per element, scaled by
  ``|DF|``; fixed seed), which shows how much error the product tolerates.

See docs/chaos_lyapunov_catalog.md, "Why the Jacobians run high on slow-fast and hyperchaotic flows". About 15 s a
system (the RK4 tangent maps in Python). Usage::

    python tools/jacobian_tangent_check.py Lorenz Laser MooreSpiegel HyperLu HindmarshRose
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

EPS = (1e-4, 1e-3, 1e-2, 3e-2, 1e-1)


def tangent_maps(system, states: np.ndarray, dt: float, sub: int = 4) -> np.ndarray:
    """The tangent map over each sampling step, by RK4 from each recorded state."""
    n, d = states.shape
    h = dt / sub
    f, jac = system.rhs, system.jac
    out = np.empty((n - 1, d, d))
    for i in range(n - 1):
        y, v = states[i].copy(), np.eye(d)
        for _ in range(sub):
            k1, l1 = f(y), jac(y) @ v
            k2, l2 = f(y + h / 2 * k1), jac(y + h / 2 * k1) @ (v + h / 2 * l1)
            k3, l3 = f(y + h / 2 * k2), jac(y + h / 2 * k2) @ (v + h / 2 * l2)
            k4, l4 = f(y + h * k3), jac(y + h * k3) @ (v + h * l3)
            y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            v = v + h / 6 * (l1 + 2 * l2 + 2 * l3 + l4)
        out[i] = v
    return out


def chain(jac: np.ndarray, step: int) -> tuple[np.ndarray, np.ndarray]:
    """One tangent vector per start offset through the Jacobians' product (as ``_tangent_logs``):
    its direction before each step and its log growth over it."""
    n, m, _ = jac.shape
    rounds = n // step
    q = np.zeros((step, m))
    q[:, 0] = 1.0
    vectors, logs = np.empty((rounds * step, m)), np.empty(rounds * step)
    for r in range(rounds):
        part = slice(r * step, (r + 1) * step)
        vectors[part] = q
        new = np.einsum("sij,sj->si", jac[part], q)
        norm = np.linalg.norm(new, axis=1)
        logs[part] = np.log(norm)
        q = new / norm[:, None]
    return vectors, logs


def check(name: str) -> str:
    import validate_chaos as vc

    import tsdyn.systems as ts
    from tsdyn.chaos import lyapunov_exponent
    from tsdyn.chaos.embedding import embed
    from tsdyn.chaos.lyapunov import _JAC_DROP, _local_jacobians

    system = ts.get(name)
    stored = vc._reference(name)
    period, ref = stored.get("dominant_period"), stored["lyapunov_max"]
    x = vc.series(name, 10000, 0.0, period)
    dt = float(x.time[1] - x.time[0])
    est = lyapunov_exponent(x)
    tau, theiler = int(est.tau), int(est.theiler)
    m = int(est.m) + 1
    states = np.asarray(vc.trajectory(name, x.size, period).values, float)
    if states.shape[0] != x.size:
        states = states.T
    maps = tangent_maps(system, states, dt)
    # rows[l][i] = e_1^T Dphi over l samples from sample i (the delay vector's derivative, row by row)
    rows = [np.tile(np.eye(states.shape[1])[0], (maps.shape[0] + 1, 1))]
    for _ in range(m * tau):
        cur = np.full_like(rows[0], np.nan)
        cur[:-1] = np.einsum("nj,njk->nk", rows[-1][1:], maps)
        rows.append(cur)
    points = embed(np.asarray(x.values, float), m=m, tau=tau)
    n = points.shape[0] - tau
    (fitted,) = _local_jacobians(points, n, theiler, 2 * m + 2, tau, full=False)
    dh = np.stack([rows[j * tau][:n] for j in range(m)], axis=1)
    dh_next = np.stack([rows[(j + 1) * tau][:n] for j in range(m)], axis=1)
    n = int(np.isfinite(dh_next).all(axis=(1, 2)).sum())
    true = dh_next[:n] @ np.linalg.pinv(dh[:n])
    fitted = fitted[:n]
    scale = 1.0 / (tau * dt * ref)
    vec, g_true = chain(true, tau)
    _, g_fit = chain(fitted, tau)
    k = g_true.size
    keep = slice(_JAC_DROP * tau, k)
    on_true = np.log(np.linalg.norm(np.einsum("nij,nj->ni", fitted[:k], vec), axis=1))
    err = np.linalg.norm(np.einsum("nij,nj->ni", fitted[:k] - true[:k], vec), axis=1) / np.exp(g_true)
    rng = np.random.default_rng(0)
    size = np.linalg.norm(true, axis=(1, 2))[:, None, None] / m
    noisy = [
        chain(true + rng.standard_normal(true.shape) * size * eps, tau)[1][keep].mean() * scale for eps in EPS
    ]
    return (
        f"{name} (m+1 = {m}, tau = {tau}): true {g_true[keep].mean() * scale:.3f}  fitted "
        f"{g_fit[keep].mean() * scale:.3f}  fit on true vector {on_true[keep].mean() * scale:.3f}  error "
        f"{np.median(err[keep]):.4f}  eps "
        + ", ".join(f"{eps:g}: {v:.2f}" for eps, v in zip(EPS, noisy, strict=True))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("systems", nargs="+")
    for name in parser.parse_args().systems:
        with np.errstate(divide="ignore", invalid="ignore"):
            print(check(name), flush=True)


if __name__ == "__main__":
    main()
