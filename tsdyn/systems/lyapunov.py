"""Lyapunov spectra of catalog systems from their equations (Benettin et al. 1980, QR method).

Flows integrate the variational equations ``dQ/dt = J(y) Q`` alongside the
state with fixed-step RK4 and re-orthonormalise ``Q`` by Gram-Schmidt every
``renorm`` steps; maps multiply by the map's Jacobian and re-orthonormalise at
every iteration. The exponents are the time averages of ``log |R_ii|``. The
run is cut into ``blocks`` equal pieces; the standard error of the block
means is the error estimate (blocks longer than the correlation time make it
honest).

>>> import tsdyn.systems as ts
>>> res = ts.lyapunov_spectrum(ts.get("Lorenz"), t=100.0, dt=0.01)
>>> bool(0.7 < res.exponents[0] < 1.1), round(float(res.exponents.sum()), 2)
(True, -13.67)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tsdyn.errors import InputError, IntegrationError, check_int
from tsdyn.systems.system import System, _non_negative, _positive

__all__ = ["LyapunovResult", "kaplan_yorke", "lyapunov_spectrum"]


@dataclass(frozen=True)
class LyapunovResult:
    """Lyapunov exponents (descending), their standard errors and the Kaplan-Yorke dimension."""

    exponents: np.ndarray
    stderr: np.ndarray
    kaplan_yorke: float
    time: float
    dt: float
    jacobian: str


def kaplan_yorke(exponents) -> float:
    """Kaplan-Yorke dimension ``j + sum(l_1..l_j) / |l_{j+1}|`` of a spectrum.

    >>> kaplan_yorke([0.9056, 0.0, -14.5723])
    2.0621...
    """
    lam = np.sort(np.asarray(exponents, dtype=np.float64))[::-1]
    cums = np.cumsum(lam)
    if cums[0] < 0:
        return 0.0
    j = int(np.flatnonzero(cums >= 0)[-1])
    if j == lam.size - 1:
        return float(lam.size)
    return float(j + 1 + cums[j] / abs(lam[j + 1]))


def lyapunov_spectrum(
    system: System,
    *,
    t: float | None = None,
    n: int | None = None,
    dt: float | None = None,
    transient: float | None = None,
    k: int | None = None,
    ic=None,
    renorm: int = 1,
    blocks: int = 10,
    max_abs: float = 1e12,
) -> LyapunovResult:
    """The ``k`` largest Lyapunov exponents of ``system`` at its current parameters.

    Parameters
    ----------
    system : System
        A flow or a map (``tsdyn.systems.get(...)``).
    t, n : optional
        Averaging time (flows, default 1000 time units) or iterations (maps,
        default 100 000); give one.
    dt : float, optional
        RK4 step of flows (default: period / 100, else the system's ``dt`` guidance, else 0.01).
    transient : float, optional
        Time (iterations) run first to reach the attractor and align the tangent
        vectors (default 10 % of the run).
    k : int, optional
        How many exponents (default all).
    ic : array_like, optional
        Starting state (default the catalog's).
    renorm : int
        Steps between re-orthonormalisations (flows).
    blocks : int
        Pieces the run is split into for the standard error.

    Returns
    -------
    LyapunovResult
        ``exponents`` (per unit time, or per iteration for maps), ``stderr``,
        ``kaplan_yorke``, the averaging ``time`` and ``dt``, and whether the
        Jacobian was ``"analytic"`` or ``"finite differences"``.
    """
    from tsdyn.systems import _lyapunov_kernels as K
    from tsdyn.systems._integrate import compile_rhs

    if not isinstance(system, System):
        raise InputError(
            f"system must be a tsdyn.systems.System (tsdyn.systems.get(name)); got {type(system).__name__}"
        )
    if system.kind not in ("flow", "map"):
        raise InputError(
            f"Lyapunov spectra are computed for flows and maps; {system.name} is a {system.kind}"
        )
    d = system.dimension
    k = d if k is None else check_int(k, "k", minimum=1, maximum=d)
    blocks = check_int(blocks, "blocks", minimum=2)
    renorm = check_int(renorm, "renorm", minimum=1)
    y0 = system.ic if ic is None else system._state(ic, "ic")
    p = system._p
    f = system.compiled("rhs")
    if f is None:
        raise InputError(
            f"{system.name}'s right-hand side does not compile with numba; Lyapunov spectra need it"
        )
    has_jac = system.spec.jac is not None
    if has_jac:
        jac = system.compiled("jac")
    else:
        jac = compile_rhs(_zero_map_jac, "mapjac") if system.kind == "map" else compile_rhs(_zero_jac, "jac")
    logs = np.zeros((blocks, k))
    if system.kind == "map":
        if t is not None or dt is not None:
            raise InputError(f"{system.name} is a map: give n (iterations), not t or dt")
        n = check_int(100_000 if n is None else n, "n", minimum=blocks)
        n_tr = check_int(n // 10 if transient is None else transient, "transient (iterations)", minimum=0)
        fail = K.lyapunov_map(f, jac, has_jac, y0, p, n_tr, n, k, logs, float(max_abs))
        total, h = float(n), 1.0
    else:
        if n is not None:
            raise InputError(f"{system.name} is a flow: give the averaging time t, not n")
        h = (
            _positive(dt, "dt")
            if dt is not None
            else system.dt or (system.period / 200 if system.period else 0.01)
        )
        t = _positive(1000.0 if t is None else t, "t")
        transient = 0.1 * t if transient is None else _non_negative(transient, "transient")
        n_steps = max(blocks, round(t / h))
        fail = K.lyapunov_flow(
            f, jac, has_jac, y0, p, h, round(transient / h), n_steps, renorm, k, logs, float(max_abs)
        )
        total = n_steps * h
    if fail >= 0:
        raise IntegrationError(f"{system.name}: the orbit left |x| <= {max_abs:g} at step {fail}; reduce dt?")
    per_block = total / blocks
    # The last block also holds the remainder of an uneven split.
    lengths = np.full(blocks, per_block)
    if system.kind == "map":
        lengths[:] = n // blocks
        lengths[-1] = n - (blocks - 1) * (n // blocks)
    else:
        steps = round(total / h)
        lengths[:] = (steps // blocks) * h
        lengths[-1] = (steps - (blocks - 1) * (steps // blocks)) * h
    exponents = logs.sum(axis=0) / total
    block_means = logs / lengths[:, None]
    stderr = block_means.std(axis=0, ddof=1) / math.sqrt(blocks)
    # QR orders the directions by growth only on average: nearly equal exponents
    # (quasi-periodic and forced systems) can come out swapped, so sort them.
    order = np.argsort(-exponents, kind="stable")
    exponents, stderr = exponents[order], stderr[order]
    return LyapunovResult(
        exponents=exponents,
        stderr=stderr,
        kaplan_yorke=kaplan_yorke(exponents) if k == d else float("nan"),
        time=total,
        dt=h,
        jacobian="analytic" if has_jac else "finite differences",
    )


def _zero_jac(t, y, p, out):
    # Placeholder handed to the kernels when the system has no analytic Jacobian (never called).
    out[0, 0] = 0.0


def _zero_map_jac(y, p, out):
    # The same placeholder with a map Jacobian's signature.
    out[0, 0] = 0.0
