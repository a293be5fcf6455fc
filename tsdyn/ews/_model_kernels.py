"""Compiled kernels of the model-based detection (OU / LSN likelihoods, Gaussian simulation).

Both models are Gaussian Markov processes whose transition from ``x_i`` at
``t_i`` to ``t_{i+1}`` has mean ``theta (1 - phi_i) + phi_i x_i + g_i`` and
variance ``sigma**2 * v_i``. The per-interval coefficients ``phi, g, v`` depend
only on the stability parameters (OU rate, or LSN ``r0, m``), never on
``theta`` or ``sigma``; that is what lets tsdyn.ews.likelihood profile
``theta`` and ``sigma`` out in closed form.
"""

from __future__ import annotations

import math

import numpy as np

from tsdyn._numba import jit


@jit
def ou_coefficients(t, rate, phi, g, v):
    """OU transition coefficients for ``dX = rate (mu - X) dt + sigma dW`` (exact)."""
    for i in range(t.shape[0] - 1):
        d = t[i + 1] - t[i]
        phi[i] = math.exp(-rate * d)
        g[i] = 0.0
        # (1 - e^{-2 rate d}) / (2 rate), written with expm1 so tiny rate*d keeps its digits
        v[i] = -math.expm1(-2.0 * rate * d) / (2.0 * rate)


@jit
def lsn_coefficients(t, r0, m, n_sub, phi, g, v):
    """LSN transition coefficients by the exponential midpoint rule on ``n_sub`` substeps.

    Moment equations (see tsdyn.ews.likelihood) with ``lam = 2 sqrt(r)``::

        dF/dt = -lam (F - sqrt(r)),   F = E - theta
        dV/dt = -2 lam V + 1          (V per unit sigma**2)

    Over a substep of length h the coefficients are frozen at the midpoint and
    the linear equations solved exactly: second order in h, and exact when
    ``m = 0`` (then the model *is* the OU process, so the two stay nested).
    """
    t0 = t[0]
    for i in range(t.shape[0] - 1):
        h = (t[i + 1] - t[i]) / n_sub
        p = 1.0
        f = 0.0
        var = 0.0
        for k in range(n_sub):
            tm = t[i] - t0 + (k + 0.5) * h
            s = math.sqrt(r0 + m * tm)
            lam = 2.0 * s
            e1 = math.exp(-lam * h)
            p *= e1
            f = s + (f - s) * e1
            var = var * e1 * e1 - math.expm1(-2.0 * lam * h) / (2.0 * lam)
        phi[i] = p
        g[i] = f
        v[i] = var


@jit
def profile_loglik(x, phi, g, v):
    """Log-likelihood maximised over ``theta`` and ``sigma`` for given coefficients.

    Returns ``(loglik, theta, sigma)``. The mean is linear in ``theta``, so
    ``theta`` is a weighted least-squares estimate with weights ``1/v``;
    ``sigma**2`` is then the mean weighted squared residual.
    """
    n = x.shape[0] - 1
    swa = 0.0
    swab = 0.0
    slogv = 0.0
    for i in range(n):
        w = 1.0 / v[i]
        a = 1.0 - phi[i]
        b = x[i + 1] - phi[i] * x[i] - g[i]
        swa += w * a * a
        swab += w * a * b
        slogv += math.log(v[i])
    theta = swab / swa if swa > 0.0 else 0.0
    ss = 0.0
    for i in range(n):
        e = x[i + 1] - phi[i] * x[i] - g[i] - theta * (1.0 - phi[i])
        ss += e * e / v[i]
    s2 = ss / n
    if not s2 > 0.0:
        return -np.inf, theta, 0.0
    ll = -0.5 * n * (math.log(2.0 * math.pi * s2) + 1.0) - 0.5 * slogv
    return ll, theta, math.sqrt(s2)


@jit
def loglik(x, phi, g, v, theta, sigma):
    """Log-likelihood of ``x`` at given ``theta`` and ``sigma``."""
    n = x.shape[0] - 1
    s2 = sigma * sigma
    ll = 0.0
    for i in range(n):
        e = x[i + 1] - phi[i] * x[i] - g[i] - theta * (1.0 - phi[i])
        var = s2 * v[i]
        ll += -0.5 * (math.log(2.0 * math.pi * var) + e * e / var)
    return ll


@jit
def simulate_gaussian(x0, phi, g, v, theta, sigma, z, out):
    """Draw series from the transition density: ``out[r, 0] = x0``; ``z`` holds N(0,1) draws."""
    for r in range(out.shape[0]):
        out[r, 0] = x0
        for i in range(phi.shape[0]):
            mean = theta * (1.0 - phi[i]) + phi[i] * out[r, i] + g[i]
            out[r, i + 1] = mean + sigma * math.sqrt(v[i]) * z[r, i]
