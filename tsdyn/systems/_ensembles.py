"""Validated ensembles: perturbed parameters and initial conditions, kept only if chaotic.

Candidates are drawn, integrated together (in parallel, one compiled call per
batch) and screened in this order; the first check a candidate fails is its
reason for rejection:

``"unbounded"``
    the state left ``|y| <= max_abs`` or became non-finite (flows: the solver's
    blow-up status; step-size collapse is ``"integration failed"``).
``"fixed point"``
    over the second half of the run every variable moved less than
    ``tol`` times its largest magnitude.
``"limit cycle"``
    flows: the heights of the local maxima (refined by a parabola through
    three samples) of the most active variable repeat with some
    period ``k <= 8`` to within ``cycle_tol`` (default 1 %) of its range over
    the second half, and so do the intervals between them (to within
    ``cycle_tol`` of their mean); maps: the state repeats after ``k <= 16``
    iterations to within ``cycle_tol`` of its size. Needs the
    sampling to resolve the oscillation (>= ~20 points per period) and at least
    ``3 k`` maxima in the second half; otherwise the Lyapunov check decides.
``"lyapunov"``
    the largest Lyapunov exponent, estimated from the member's last state
    by :func:`tsdyn.systems.lyapunov_spectrum` (``k=1``; flows: RK4 at a
    hundredth of the dominant period over ``lyapunov_time``, default 100
    periods; maps: 2000 iterations), is not above ``lyapunov_min`` by two
    standard errors. A tangent run that blows up counts as ``"unbounded"``.

``lyapunov_fraction`` below 1 sends only that share of the candidates,
drawn from the seed (a stream of its own, so the draws do not depend on
batching), through the Lyapunov check; the others are judged by the first
three (their ``lyapunov`` column is NaN).

``method="rodas4"`` integrates stiff flows with the L-stable Rosenbrock
solver (:mod:`tsdyn.systems._stiff`) instead of DOP853, and their Lyapunov
runs take adaptive steps (``lyapunov_spectrum(method="dopri5")``), since
fixed RK4 steps at a hundredth of the period are unstable there.

``max_steps`` caps the steps of each flow candidate's integration: one
that needs more (a variant the explicit solver finds stiff) is rejected as
``"integration failed"`` instead of running on.

``"bounded"`` always applies (a blown-up trajectory has nothing to keep).

Unbounded phase variables (``System.unbounded``: lifted angles, forcing
phases) enter the fixed-point and limit-cycle checks by their increments
from one sample to the next: a lifted angle drifts without bound, so its
raw values never repeat and their size swamps any tolerance, while its
increments repeat exactly when the angle taken modulo its period does.

``shrink_spread=True`` narrows the draws where the system's variants are
mostly rejected: candidates come in batches of at most
``max(8, ceil(n_members / 16))``; after each batch, if more than
:data:`SHRINK_ABOVE` (a third) of the candidates drawn at the current
spread were rejected, the next spread level applies to the following
candidates. Level ``k`` multiplies both spreads (``param_spread`` and
``ic_spread``) by ``2**-k`` up to ``k =`` :data:`SHRINK_STEPS` (1/64); the
last level draws the catalog's parameters (factor 0) with the smallest
initial-condition spread, for systems whose published parameters sit on a
crisis (the Ulam map's ``a = 1, b = 2``: half of any perturbation escapes).
A third, not a half: ``max_tries`` allows two candidates per member, which a
level rejecting just under half would use up alone. The rule reads only
the candidates' own outcomes in draw order, so the same seed gives the same
ensemble; each candidate's ``spread_params`` and ``spread_ic`` (the factors on
its spreads) are in the report and, for the kept members, coordinates of
the result. ``max_tries`` still stops the draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from tsdyn.errors import InputError, IntegrationError, check_int
from tsdyn.rng import Seed
from tsdyn.systems._request import Request, check_params, non_negative, parameter_vector, positive
from tsdyn.systems.lyapunov import lyapunov_spectrum

if TYPE_CHECKING:  # the System sits above this module: named in annotations only
    import pandas as pd
    import xarray as xr

    from tsdyn.systems.system import System

CHECKS = ("bounded", "fixed_point", "limit_cycle", "lyapunov")
#: Halvings of the spreads that ``shrink_spread`` may make (then one level of catalog parameters).
SHRINK_STEPS = 6
#: Share of rejected candidates at a spread level above which ``shrink_spread`` moves to the next level.
SHRINK_ABOVE = 1 / 3
_MAX_PERIOD_FLOW, _MAX_PERIOD_MAP = 8, 16


def validated_ensemble(
    system: System,
    n_members: int,
    *,
    n: int | None = None,
    dt: float | None = None,
    pts_per_period: float | None = None,
    transient: float = 0.0,
    param_spread: float | Mapping[str, float] = 0.0,
    ic_spread: float = 1e-3,
    seed: Seed = None,
    checks: Sequence[str] = CHECKS,
    max_tries: int | None = None,
    tol: float = 1e-5,
    cycle_tol: float = 0.01,
    lyapunov_time: float | None = None,
    lyapunov_min: float = 0.0,
    rtol: float = 1e-9,
    atol: float = 1e-9,
    max_abs: float = 1e8,
    parallel: bool = True,
    method: str = "dop853",
    lyapunov_fraction: float = 1.0,
    max_steps: int = 10**8,
    shrink_spread: bool = False,
) -> tuple[xr.DataArray, pd.DataFrame]:
    """See :meth:`tsdyn.systems.System.validated_ensemble`."""
    import pandas as pd

    if not system.behaviour.ensembles:
        raise InputError(f"validated ensembles are for flows and maps; {system.name} is a {system.kind}")
    n_members = check_int(n_members, "n_members", minimum=1)
    max_tries = check_int(10 * n_members if max_tries is None else max_tries, "max_tries", minimum=n_members)
    checks = tuple(checks)
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        raise InputError(f"unknown checks {unknown}; choose from {', '.join(CHECKS)}")
    spreads = _param_spreads(system, param_spread)
    ic_spread = non_negative(ic_spread, "ic_spread")
    tol = positive(tol, "tol")
    cycle_tol = positive(cycle_tol, "cycle_tol")
    max_abs = positive(max_abs, "max_abs")
    lyapunov_min = float(lyapunov_min)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    if method not in ("dop853", "rodas4"):
        raise InputError(f"validated ensembles integrate with method 'dop853' or 'rodas4', got {method!r}")
    if not (isinstance(lyapunov_fraction, int | float) and 0.0 <= lyapunov_fraction <= 1.0):
        raise InputError(f"lyapunov_fraction must be a number within [0, 1], got {lyapunov_fraction!r}")
    req = Request.build(
        system, n=n, dt=dt, pts_per_period=pts_per_period, transient=transient, method="dop853", seed=seed,
        rtol=rtol, atol=atol, max_abs=max_abs, parallel=parallel,
    )  # fmt: skip
    if req.n < 8:
        raise InputError(f"validation needs a trajectory of at least 8 samples, got n={req.n}")
    # Separate streams: candidate i's draws do not depend on how candidates are batched. They
    # come from the request's seed, whose entropy the attrs record (also when none was given).
    ic_rng, p_rng, lyap_rng = (np.random.default_rng(s) for s in req.seed_seq.spawn(3))
    names = list(system.params)
    p_base, y_base = parameter_vector(system.params), system.ic
    rel = np.array([spreads.get(k, 0.0) for k in names])
    kept: list[tuple] = []
    rows: list[dict] = []
    tried = 0
    # shrink_spread: the spread level, and the candidates drawn/rejected at that level
    level, level_drawn, level_rejected = 0, 0, 0
    while len(kept) < n_members and tried < max_tries:
        # Oversample by the rejection rate seen so far, so few batches are needed.
        rate = len(kept) / tried if tried else 0.8
        batch = min(max_tries - tried, max(4, int(np.ceil((n_members - len(kept)) / max(rate, 0.1)))))
        if shrink_spread:  # small batches, so the spread can follow the outcomes
            batch = min(batch, max(8, -(-n_members // 16)))
        p_scale, spread_ic = spread_scales(level)
        y0s = y_base + spread_ic * ic_spread * ic_rng.standard_normal((batch, system.dimension))
        p0s = p_base * (1.0 + p_scale * rel * p_rng.standard_normal((batch, len(names))))
        sampled = lyap_rng.random(batch) < lyapunov_fraction
        out, failed = _integrate(system, req, y0s, p0s, method, max_steps)
        verdicts = [_shape_check(system, out[i], failed[i], checks, tol, cycle_tol) for i in range(batch)]
        survivors = [i for i, v in enumerate(verdicts) if v is None and "lyapunov" in checks and sampled[i]]
        lams = dict(
            zip(
                survivors,
                _lyapunovs(system, out, p0s, survivors, lyapunov_time, req.parallel, method),
                strict=True,
            )
        )
        for i in range(batch):
            if len(kept) == n_members:
                break  # the rest of the batch is never reported
            if verdicts[i] is None and ("lyapunov" not in checks or not sampled[i]):
                verdicts[i] = ("accepted", "", np.nan)
            reason, detail, lam = verdicts[i] or _lyapunov_verdict(*lams[i], lyapunov_min)
            row: dict[str, Any] = {
                "candidate": tried + i,
                "member": len(kept) if reason == "accepted" else -1,
            }
            row.update({"reason": reason, "detail": detail, "lyapunov": lam})
            row.update({"spread_params": p_scale, "spread_ic": spread_ic})
            row.update({f"param_{k}": p0s[i, j] for j, k in enumerate(names) if rel[j] > 0})
            row.update({f"ic_{v}": y0s[i, j] for j, v in enumerate(system.variables)})
            rows.append(row)
            if reason == "accepted":
                kept.append((out[i], y0s[i], p0s[i], p_scale, spread_ic))
            level_drawn += 1
            level_rejected += reason != "accepted"
        tried += batch
        if shrink_spread and level_rejected > SHRINK_ABOVE * level_drawn and level <= SHRINK_STEPS:
            level, level_drawn, level_rejected = level + 1, 0, 0
    report = pd.DataFrame(rows).set_index("candidate")
    report["accepted"] = report["reason"] == "accepted"
    da = _dataarray(system, req, kept, names, rel, report, method, {
        "validation_checks": ",".join(checks), "validation_tol": tol, "validation_candidates": len(rows),
        "param_spread": ",".join(f"{k}={spreads[k]:g}" for k in spreads), "ic_spread": ic_spread,
        "rtol": rtol, "atol": atol, "max_abs": max_abs, "lyapunov_fraction": float(lyapunov_fraction),
        "shrink_spread": int(shrink_spread),
    })  # fmt: skip
    return da, report


def spread_scales(level: int) -> tuple[float, float]:
    """The factors on the parameter and initial-condition spreads at ``shrink_spread``'s level ``level``.

    >>> [spread_scales(k) for k in (0, 1, SHRINK_STEPS, SHRINK_STEPS + 1)]
    [(1.0, 1.0), (0.5, 0.5), (0.015625, 0.015625), (0.0, 0.015625)]
    """
    spread_ic = 2.0 ** -min(level, SHRINK_STEPS)
    return (spread_ic if level <= SHRINK_STEPS else 0.0), spread_ic


def _param_spreads(system, param_spread) -> dict[str, float]:
    if isinstance(param_spread, Mapping):
        check_params(system.spec, dict.fromkeys(param_spread, 0.0), what="param_spread")
        return {k: non_negative(v, f"param_spread[{k!r}]") for k, v in param_spread.items()}
    value = non_negative(param_spread, "param_spread")
    return dict.fromkeys(system.params, value) if value > 0 else {}


def _integrate(system, req: Request, y0s, p0s, method="dop853", max_steps=10**8):
    """Every candidate of a batch in one compiled call; ``failed`` holds a message or ''."""
    # The compiled solvers load on first use, so importing the engine does not import numba.
    from tsdyn.systems import _integrate as I

    max_abs = req.max_abs
    f = system.compiled("rhs")
    if f is None:
        raise InputError(
            f"validated ensembles need a numba-compilable right-hand side; {system.name}'s is not"
        )
    if system.behaviour.iterated:
        out, fail = I.iterate_map(
            f, y0s, p0s, req.n, transient=int(req.transient), max_abs=max_abs, parallel=req.parallel
        )
        failed = [f"left |x| <= {max_abs:g} at iteration {k}" if k >= 0 else "" for k in fail]
        return out, failed
    # A candidate whose derivative is not finite where it starts (a fractional power of a variable the
    # ic_spread made negative) never reaches the solvers: their first-step estimate would be NaN.
    start = np.ones(len(y0s), dtype=bool)
    slope = np.empty(system.dimension)
    for i in range(len(y0s)):
        f(0.0, np.ascontiguousarray(y0s[i]), np.ascontiguousarray(p0s[i]), slope)
        start[i] = np.isfinite(slope).all()
    if not start.all():
        out = np.full((len(y0s), req.n, system.dimension), np.nan)
        failed = ["" if ok else "non-finite derivative at the initial condition" for ok in start]
        if start.any():
            out[start], rest = _integrate(system, req, y0s[start], p0s[start], method, max_steps)
            for k, message in zip(np.flatnonzero(start).tolist(), rest, strict=True):
                failed[k] = message
        return out, failed
    if method == "rodas4":
        from tsdyn.systems import _stiff

        if system.spec.jac is None:
            raise InputError(f"method='rodas4' needs an analytic Jacobian; {system.name} has none")
        out, status, info = _stiff.solve_rosenbrock(
            f, system.compiled("jac"), y0s, p0s, req.ts, t0=0.0, rtol=req.rtol, atol=req.atol, max_abs=max_abs,
            max_steps=max_steps, parallel=req.parallel,
        )  # fmt: skip
    else:
        out, status, info = I.solve_rk(
            f, y0s, p0s, req.ts, t0=0.0, method=I.DOP853, rtol=req.rtol, atol=req.atol, max_abs=max_abs,
            max_steps=max_steps, parallel=req.parallel,
        )  # fmt: skip
    failed = [
        ""
        if s == I.OK
        else I.status_message(
            int(s), t=info[i, 3], t_end=req.ts[-1], max_abs=max_abs, max_steps=max_steps
        )  # fmt: skip
        for i, s in enumerate(status)
    ]
    for i, s in enumerate(status):
        if s not in (I.OK, I.BLOW_UP):
            failed[i] = "integration failed: " + failed[i]
    return out, failed


def _shape_check(system, x, failed, checks, tol, cycle_tol) -> tuple[str, str, float] | None:
    """The first failed check short of the Lyapunov exponent of trajectory ``x`` (time, variable), or None."""
    if failed:
        reason = "integration failed" if failed.startswith("integration") else "unbounded"
        return reason, failed, np.nan
    if not np.isfinite(x).all():
        return "unbounded", "non-finite state", np.nan
    x = _phases_as_increments(x, system.unbounded)
    tail = x[x.shape[0] // 2 :]
    if "fixed_point" in checks:
        motion = np.ptp(tail, axis=0)
        size = np.abs(x).max(axis=0)
        if (motion <= tol * size + 1e-12).all():
            return "fixed point", f"second-half motion {motion.max():.3g} <= {tol:g} x state size", np.nan
    if "limit_cycle" in checks:
        iterated = system.behaviour.iterated
        period = _map_period(tail, cycle_tol) if iterated else _flow_period(tail, cycle_tol)
        if period:
            what = "periodic orbit" if iterated else "maxima repeat"
            return "limit cycle", f"{what} with period {period}", np.nan
    return None


def _phases_as_increments(x: np.ndarray, unbounded: Sequence[int]) -> np.ndarray:
    """``x`` (time, variable) with each unbounded variable replaced by its increments (one sample fewer).

    >>> x = np.array([[0.0, 1.0], [0.4, 2.0], [0.9, 3.0]])
    >>> _phases_as_increments(x, [1]).tolist()
    [[0.4, 1.0], [0.9, 1.0]]
    """
    if not len(unbounded):
        return x
    x = x.copy()
    x[1:, list(unbounded)] = np.diff(x[:, list(unbounded)], axis=0)
    return x[1:]


def _lyapunov_verdict(lam, err, lyapunov_min) -> tuple[str, str, float]:
    if np.isnan(lam):
        return "unbounded", "the Lyapunov run from the last state blew up", lam
    if not lam - 2 * err > lyapunov_min:
        return "lyapunov", f"largest exponent {lam:.4g} +- {err:.2g} not above {lyapunov_min:g}", lam
    return "accepted", "", lam


def _lyapunovs(system, out, p0s, members, horizon, parallel, method="dop853") -> list[tuple[float, float]]:
    """Largest exponent and its error for each of ``members``; the compiled runs release the GIL."""
    states, params = [out[i, -1] for i in members], [p0s[i] for i in members]
    if not parallel or len(members) < 2:
        return [_largest_lyapunov(system, y, p, horizon, method) for y, p in zip(states, params, strict=True)]
    import concurrent.futures
    import os

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        return list(pool.map(lambda y, p: _largest_lyapunov(system, y, p, horizon, method), states, params))


def _map_period(tail: np.ndarray, tol: float) -> int:
    scale = np.abs(tail).max() + 1e-300
    for k in range(1, min(_MAX_PERIOD_MAP, tail.shape[0] // 3) + 1):
        if np.abs(tail[k:] - tail[:-k]).max() <= tol * scale:
            return k
    return 0


def _flow_period(tail: np.ndarray, tol: float) -> int:
    # The variable that moves most (relative to its size) shows the oscillation best.
    j = int(np.argmax(np.ptp(tail, axis=0) / (np.abs(tail).max(axis=0) + 1e-300)))
    x = tail[:, j]
    i = np.flatnonzero((x[1:-1] > x[:-2]) & (x[1:-1] >= x[2:])) + 1
    a, b, c = x[i - 1], x[i], x[i + 1]
    curv = a - 2 * b + c
    # Vertex of the parabola through three samples: the peak height between samples.
    peaks = b - 0.125 * (c - a) ** 2 / np.where(curv == 0, -1.0, curv)
    # ... and its time: a chaotic relaxation oscillator (CellCycle) can repeat its peak heights to
    # 0.2 % of its range while the intervals between them vary by 80 %; a limit cycle repeats both
    gaps = np.diff(i + 0.5 * (a - c) / np.where(curv == 0, -1.0, curv))
    span = np.ptp(x)
    for k in range(1, _MAX_PERIOD_FLOW + 1):
        if peaks.size < 3 * k or span == 0:
            break
        heights = np.abs(peaks[k:] - peaks[:-k]).max() <= tol * span
        if heights and np.abs(gaps[k:] - gaps[:-k]).max() <= tol * gaps.mean():
            return k
    return 0


def _largest_lyapunov(system, y, p, horizon, method="dop853") -> tuple[float, float]:
    member = system.with_params(**dict(zip(system.params, p.tolist(), strict=True)))
    try:
        if system.behaviour.iterated:
            res = lyapunov_spectrum(member, n=int(horizon or 2000), k=1, ic=y)
        else:
            period = system.period
            h = period / 100 if period else (system.dt or 0.01)
            t = horizon or (100 * period if period else 1000 * h)
            # a stiff flow takes adaptive steps: RK4 at a hundredth of the period is unstable there
            res = lyapunov_spectrum(
                member, t=t, dt=h, k=1, ic=y, method="dopri5" if method == "rodas4" else "rk4"
            )
    except IntegrationError:
        return np.nan, np.nan  # the tangent run blew up: NaN is never accepted
    return float(res.exponents[0]), float(res.stderr[0])


def _dataarray(system, req: Request, kept, names, rel, report, method, attrs):
    m = len(kept)
    out = np.stack([k[0] for k in kept]) if m else np.empty((0, req.n, system.dimension))
    # The request of the kept members: one ensemble member each.
    req = replace(
        req,
        y0s=np.stack([k[1] for k in kept]) if m else np.empty((0, system.dimension)),
        p0s=np.stack([k[2] for k in kept]) if m else np.empty((0, len(names))),
        ensemble=True,
        n_ic=m,
        members=m,
    )
    integrator = "map iteration" if system.behaviour.iterated else method
    da = req.to_dataarray(out, {"integrator": integrator} | attrs)
    coords = {"candidate": ("member", report.index[report.accepted].to_numpy())}
    if attrs["shrink_spread"]:
        coords["spread_params"] = ("member", np.array([k[3] for k in kept], dtype=np.float64))
        coords["spread_ic"] = ("member", np.array([k[4] for k in kept], dtype=np.float64))
    coords.update({k: ("member", req.p0s[:, j]) for j, k in enumerate(names) if rel[j] > 0})
    for k in coords:
        da.attrs.pop(f"param_{k}", None)
    return da.assign_coords(coords)


def chunked(system: System, ic, chunks: int, kwargs: Mapping[str, Any]) -> xr.DataArray:
    """See ``chunks`` in :meth:`tsdyn.systems.System.integrate`: a dask-backed ensemble, a task per chunk.

    Each chunk is one call of the compiled ensemble kernel with
    ``member_offset`` at its first member, so seeds follow the member index
    and the computed array equals one eager call; nothing is integrated but
    one member (for the shape, coordinates and attrs) until it is computed,
    on the threads of this process or on the workers of a dask.distributed
    Client, and ``.to_dataset().to_zarr(...)`` streams it chunk by chunk.
    """
    try:
        import dask
        import dask.array as dsa
    except ImportError:
        raise InputError("chunks= needs dask: pip install 'tsdyn[distributed]'") from None
    import xarray as xr

    ics = np.asarray(ic, dtype=np.float64)
    if ics.ndim != 2 or ics.shape[0] < 1:
        raise InputError(
            f"chunks= is for ensembles: ic of shape (members, {system.dimension}), got {ics.shape}"
        )
    step = check_int(chunks, "chunks", minimum=1)
    offset = check_int(kwargs.get("member_offset", 0), "member_offset", minimum=0)
    if kwargs.get("seed") is None:
        # one seed drawn here for every chunk: each chunk drawing its own would break the member-index rule
        kwargs = {**kwargs, "seed": np.random.SeedSequence()}
    template = system.integrate(ic=ics[:1], **kwargs)
    if template.dims[:3] != ("time", "variable", "member") or template.ndim != 3:
        raise InputError("chunks= takes a plain ensemble (no sweep)")
    n_time, n_var = template.sizes["time"], template.sizes["variable"]
    parts = []
    for start in range(0, ics.shape[0], step):
        piece = ics[start : start + step]
        task = dask.delayed(_chunk_values)(system, piece, {**kwargs, "member_offset": offset + start})
        parts.append(dsa.from_delayed(task, shape=(n_time, n_var, len(piece)), dtype=np.float64))
    data = dsa.concatenate(parts, axis=2)
    coords = {
        "time": template["time"], "variable": template["variable"],
        "member": np.arange(offset, offset + ics.shape[0]),
    }  # fmt: skip
    return xr.DataArray(data, dims=template.dims, coords=coords, attrs=template.attrs, name=template.name)


def _chunk_values(system: System, ics: np.ndarray, kwargs: Mapping[str, Any]) -> np.ndarray:
    return system.integrate(ic=ics, **kwargs).values
