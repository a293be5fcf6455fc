r"""Simulated transitions to test early-warning methods on, with matching null runs.

Each scenario is a one-dimensional (Hopf: two-dimensional, ``x`` observed)
Itô SDE :math:`dX = f(X; \mu(t))\,dt + \sigma\,dW` whose bifurcation
parameter :math:`\mu` is ramped linearly so that it crosses the bifurcation at
a known time :math:`t_c` (``transition`` x the run length). Its null run is
the same model with :math:`\mu` held at its starting value for the whole run:
same length, noise level and start, no transition. The normal forms:

================= =================================================== ==========================
kind              drift                                               parameter (start -> crossing)
================= =================================================== ==========================
``fold``          :math:`\mu - x^2 - x^3/c`                           :math:`\mu`: 0.25 -> 0
``transcritical`` :math:`\mu x - x^2 - x^3/c`                         :math:`\mu`: -1 -> 0
``pitchfork``     :math:`\mu x - x^3` (supercritical)                 :math:`\mu`: -1 -> 0
``hopf``          :math:`\dot x = \mu x - \omega y - x r^2`,          :math:`\mu`: -1 -> 0
                  :math:`\dot y = \omega x + \mu y - y r^2`
``flicker``       :math:`x - x^3`, noise :math:`\sigma(t)` ramped      (no bifurcation)
``may``           :math:`r x (1 - x/K) - c x^2 / (x^2 + h^2)`         :math:`c`: 1 -> 2.6044
================= =================================================== ==========================

The cubic term :math:`-x^3/c` (``c = 2``) keeps the fold and transcritical
runs bounded after the shift: it adds a distant alternative state near
:math:`x = -c` without moving the bifurcation (for the fold,
:math:`f = \mu` and :math:`f' = 0` still meet at :math:`x = 0, \mu = 0`).
Near a fold or transcritical point the noise can tip a run before
:math:`t_c`; such a run's transition time is its first exit from the basin
(:math:`x < -c/4`), so the ``transition_time`` coordinate is the earlier of
the two. Every run starts on the stable branch with linear decay rate 1 per time unit
(fold: :math:`2\sqrt{\mu} + 3\mu/c`; the others :math:`-\mu`).

``flicker`` is a transition without critical slowing down: a fixed symmetric
double well whose noise amplitude rises linearly from ``sigma`` to
``4 sigma``, so that noise-induced jumps between the wells (Kramers escapes)
start while the wells' stability never changes. Its transition time is the
first crossing of :math:`x = 0` in each run (NaN if none).

``may`` is a real system rather than a normal form: May's (1977, Nature
269:471) grazing model of vegetation :math:`x` under herbivores with a
sigmoid functional response (:math:`r = 1, K = 10, h = 1`), the classic fold
of the early-warning literature. The grazing rate :math:`c` ramps from 1 to
the fold at :math:`c \approx 2.6044`, where the vegetation collapses from
:math:`x \approx 4.78` to the overgrazed state :math:`x \approx 0.44`; an
earlier noise-induced exit (:math:`x` below half the fold state) counts as
the transition. Its noise is multiplicative, :math:`\sigma x\,dW`
(demographic-style, relative to the state; it keeps :math:`x > 0`).

Runs are integrated by :func:`tsdyn.systems.euler_maruyama`
(internal step ``dt / substeps``); member ``i`` uses the i-th child seed of
``seed`` (null runs draw from an independent branch of the same seed).

**Real systems.** :func:`system_scenario` does the same for any flow or SDE of
the catalog (:mod:`tsdyn.systems`): one parameter ramped linearly through a
bifurcation whose parameter value the user gives (``System.integrate`` with
``ramp=`` and dynamical ``noise``), and its null with that parameter held at the
ramp's start; e.g. the Stuart-Landau oscillator's ``mu`` through its Hopf point 0,
or the double well's ``a`` through its pitchfork at 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr
from numpy.typing import ArrayLike

from tsdyn._naming import public_name
from tsdyn.data import netcdf_safe
from tsdyn.errors import InputError, check_choice, check_int, check_real
from tsdyn.rng import Seed, as_seed_sequence, seed_for_key, spawn

if TYPE_CHECKING:
    from tsdyn.systems import System

__all__ = ["SCENARIOS", "grayscott_ramp", "scenario", "spatial_grazing", "system_scenario"]

SCENARIOS = ("fold", "transcritical", "pitchfork", "hopf", "flicker", "may")

_SATURATION = 2.0
_OMEGA = 1.0


# Drift and diffusion functions for the shared SDE solver: p = [mu, c] (Hopf: [mu, omega]);
# the solver ramps p linearly in time. Plain Python in numba's subset, compiled on first use.


def _fold(t, y, p, out):
    out[0] = p[0] - y[0] * y[0] - y[0] * y[0] * y[0] / p[1]


def _transcritical(t, y, p, out):
    out[0] = p[0] * y[0] - y[0] * y[0] - y[0] * y[0] * y[0] / p[1]


def _pitchfork(t, y, p, out):
    out[0] = p[0] * y[0] - y[0] * y[0] * y[0]


def _hopf(t, y, p, out):
    r2 = y[0] * y[0] + y[1] * y[1]
    out[0] = p[0] * y[0] - p[1] * y[1] - y[0] * r2
    out[1] = p[1] * y[0] + p[0] * y[1] - y[1] * r2


def _may(t, y, p, out):
    # p = [c, r, K, h]: logistic growth minus a sigmoid (Holling type III) grazing term
    x = y[0]
    out[0] = p[1] * x * (1.0 - x / p[2]) - p[0] * x * x / (x * x + p[3] * p[3])


def _double_well(t, y, p, out):
    out[0] = y[0] - y[0] * y[0] * y[0]


def _ramped_noise(t, y, p, out):
    # p = [sigma(t), cap]: the flicker scenario ramps the noise amplitude, held at cap after t_c
    out[0] = min(p[0], p[1])


def _first_time(t: np.ndarray, crossed: np.ndarray) -> np.ndarray:
    return np.where(crossed.any(axis=0), t[np.argmax(crossed, axis=0)], np.nan)


def _transition_times(kind: str, null: bool, values: np.ndarray, t: np.ndarray, t_c: float) -> np.ndarray:
    """Per run: when the transition happens (NaN for null runs and flicker runs that never jump)."""
    n = values.shape[1]
    if null:
        return np.full(n, np.nan)
    if kind == "flicker":
        return _first_time(t, values > 0.0)
    if kind in ("fold", "transcritical", "may"):
        # noise can tip a run before the bifurcation: count the first exit from the basin
        below = -_SATURATION / 4.0 if kind != "may" else 0.5 * _may_fold()[1]
        return np.fmin(_first_time(t, values < below), t_c)
    return np.full(n, t_c)


def _fold_start(c: float, mu: float) -> float:
    """Upper stable root of mu - x^2 - x^3/c."""
    roots = np.roots([-1.0 / c, -1.0, 0.0, mu])
    return float(max(r.real for r in roots if abs(r.imag) < 1e-12))


def _mu_fold_for_rate(c: float, rate: float) -> float:
    """mu whose upper branch decays at ``rate``: -f'(x) = 2x + 3x^2/c = rate at x = x*(mu)."""
    x = (-2.0 + np.sqrt(4.0 + 12.0 * rate / c)) / (6.0 / c)
    return float(x * x + x**3 / c)


_MAY = {"r": 1.0, "K": 10.0, "h": 1.0, "c0": 1.0}


def _may_equilibria(c: float) -> np.ndarray:
    """Positive equilibria of the grazing model: -r/K x^3 + r x^2 - (r h^2/K + c) x + r h^2 = 0."""
    r, k, h = _MAY["r"], _MAY["K"], _MAY["h"]
    z = np.roots([-r / k, r, -(r * h * h / k + c), r * h * h])
    return np.sort(z[np.abs(z.imag) < 1e-9].real)


def _may_fold() -> tuple[float, float]:
    """Grazing rate where the upper branch ends (bisection on the number of equilibria) and its x."""
    lo, hi = _MAY["c0"], 10.0
    x_lo = _may_equilibria(lo).max()
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        eq = _may_equilibria(mid)
        # the upper branch exists while an equilibrium stays above the fold region
        if eq.max() > 0.5 * x_lo:
            lo = mid
        else:
            hi = mid
    return lo, float(_may_equilibria(lo).max())


def _setup(kind: str, sigma: float):
    """Drift, diffusion, start parameters, value at the crossing, initial state, noise amplitude."""
    c = _SATURATION
    if kind == "fold":
        mu0 = _mu_fold_for_rate(c, 1.0)
        return _fold, None, [mu0, c], 0, [_fold_start(c, mu0)], sigma
    if kind == "transcritical":
        return _transcritical, None, [-1.0, c], 0, [0.0], sigma
    if kind == "pitchfork":
        return _pitchfork, None, [-1.0, 0.0], 0, [0.0], sigma
    if kind == "hopf":
        return _hopf, None, [-1.0, _OMEGA], 0, [0.0, 0.0], sigma
    if kind == "may":
        c_f, _ = _may_fold()
        p0 = [_MAY["c0"], _MAY["r"], _MAY["K"], _MAY["h"]]
        return _may, None, p0, c_f, [float(_may_equilibria(_MAY["c0"]).max())], sigma
    # flicker: the ramped "parameter" is the noise amplitude itself (index 0), unit solver sigma
    return _double_well, _ramped_noise, [sigma, 4.0 * sigma], None, [-1.0], 1.0


def scenario(
    kind: str,
    *,
    n_members: int = 1,
    n_time: int = 500,
    dt: float = 1.0,
    sigma: float | None = None,
    transition: float = 0.8,
    null: bool = False,
    substeps: int = 50,
    seed: Seed = None,
) -> xr.DataArray:
    """Simulate ``n_members`` runs of a bifurcation scenario (or its null).

    Parameters
    ----------
    kind : {"fold", "transcritical", "pitchfork", "hopf", "flicker", "may"}
        The model (see the module docstring).
    n_members : int
        Independent runs.
    n_time : int
        Samples per run.
    dt : float
        Sampling interval (model time units; the models decay at rate 1 at the start).
    sigma : float, optional
        Noise amplitude; default 0.05 (``flicker``: the starting amplitude,
        default 0.12, rising to ``4 sigma``, so that most runs jump before ``t_c``).
    transition : float
        Fraction of the run at which the parameter crosses the bifurcation
        (``flicker``: at which the noise ramp ends).
    null : bool
        Hold the parameter (``flicker``: the noise) at its starting value.
    substeps : int
        Euler-Maruyama steps per sample.
    seed : int, Generator or SeedSequence
        Randomness; the same seed gives the same runs.

    Returns
    -------
    xarray.DataArray
        Dims ``("time", "member")``; coordinate ``transition_time`` on
        ``member`` (the crossing time for ramps, or the earlier noise-induced
        exit from the basin for fold and transcritical runs; the first jump
        for ``flicker``; NaN for null runs); attrs record the model,
        parameters, ramp (``bifurcation_time``), seed and solver.

    See Also
    --------
    system_scenario : Runs of a catalog system.
    indicator_atlas : Scores indicators on such runs.

    Examples
    --------
    >>> da = scenario("pitchfork", n_members=2, n_time=100, seed=0)
    >>> da.dims, float(da.transition_time[0])
    (('time', 'member'), 79.2)
    """
    check_choice(kind, "kind", SCENARIOS)
    n_members = check_int(n_members, "n_members", minimum=1)
    n_time = check_int(n_time, "n_time", minimum=2)
    substeps = check_int(substeps, "substeps", minimum=1)
    if sigma is None:
        sigma = 0.12 if kind == "flicker" else 0.05
    check_real(dt, "dt", minimum=0, inclusive=(False, True))
    check_real(sigma, "sigma", minimum=0, inclusive=(False, True))
    check_real(transition, "transition", minimum=0, maximum=1, inclusive=(False, True))
    from tsdyn.systems import euler_maruyama

    drift, diffusion, p0, crossing, y0, amplitude = _setup(kind, float(sigma))
    t_c = transition * (n_time - 1) * dt
    rate = np.zeros(len(p0))
    if not null:
        # linear ramp reaching the bifurcation (flicker: 4x the noise) at t_c
        rate[0] = (crossing - p0[0]) / t_c if crossing is not None else 3.0 * p0[0] / t_c
    root = as_seed_sequence(seed)
    gens = spawn(seed_for_key(root, "null") if null else root, n_members)
    values = np.empty((n_time, n_members))
    for i, rng in enumerate(gens):
        t, y = euler_maruyama(
            drift,
            y0,
            dt=float(dt),
            n=n_time,
            params=p0,
            diffusion=diffusion,
            sigma=amplitude,
            multiplicative=kind == "may",
            substeps=substeps,
            ramp_rate=rate,
            t_ramp=0.0,
            seed=rng,
        )
        values[:, i] = y[:, 0]
    times = _transition_times(kind, null, values, t, t_c)
    attrs = {
        "long_name": f"{kind} scenario" + (" (null run)" if null else ""),
        "system": kind,
        "null": null,
        "bifurcation_parameter_start": p0[0],
        "bifurcation_parameter_rate": rate[0],
        "bifurcation_time": np.nan if kind == "flicker" else t_c,
        "sigma": sigma,
        "dt": dt,
        "integrator": "euler_maruyama",
        "substeps": substeps,
        "seed": seed if isinstance(seed, int) else None,
        "tsdyn_function": public_name(scenario),
    }
    if kind in ("fold", "transcritical"):
        attrs["saturation_c"] = _SATURATION
    if kind == "hopf":
        attrs["omega"] = _OMEGA
    if kind == "may":
        attrs.update({k: v for k, v in _MAY.items() if k != "c0"})
    return xr.DataArray(
        values,
        dims=("time", "member"),
        coords={"time": t, "member": np.arange(n_members), "transition_time": ("member", times)},
        name=kind,
        attrs=netcdf_safe(attrs),
    )


def spatial_grazing(
    *,
    n_time: int = 100,
    size: int = 20,
    c: tuple[float, float] | None = None,
    diffusion: float = 0.1,
    sigma: float = 0.05,
    dt: float = 1.0,
    substeps: int = 20,
    null: bool = False,
    seed: Seed = None,
) -> xr.DataArray:
    r"""May's grazing model on a lattice, grazing ramped toward the fold (Dakos et al. 2011).

    Every cell of a ``size x size`` periodic lattice follows the ``may``
    scenario's vegetation model, coupled to its 4 neighbours by diffusion
    (Dakos et al. 2011, Am. Nat. 177:E153):
    :math:`dx = [x(1 - x/10) - c\,x^2/(x^2 + 1) + D \Delta x]\,dt + \sigma\,dW`,
    Euler-Maruyama with ``substeps`` steps per sample, :math:`x \ge 0`. The
    grazing rate :math:`c` ramps linearly from ``c[0]`` to ``c[1]`` over the
    run (held at ``c[0]`` when ``null``); the homogeneous state's fold is at
    :math:`c \approx 2.6044`. Cells start on the upper equilibrium of ``c[0]``.

    Parameters
    ----------
    n_time : int
        Samples (frames).
    size : int
        Cells along each side.
    c : (float, float), optional
        Grazing rate at the first and the last sample; default from 1 to the fold.
    diffusion : float
        Coupling :math:`D` to the 4 neighbours.
    sigma : float
        Noise amplitude.
    dt : float
        Sampling interval.
    substeps : int
        Euler-Maruyama steps per sample.
    null : bool
        Hold :math:`c` at ``c[0]`` (noise from an independent branch of ``seed``).
    seed : int, Generator or SeedSequence
        Randomness.

    Returns
    -------
    xarray.DataArray
        Dims ``("time", "y", "x")``; attrs record the model, the ramp and
        ``bifurcation_time`` (when :math:`c` reaches the fold; NaN if it does not).

    See Also
    --------
    analyze_spatial : Spatial indicators and their trends.
    grayscott_ramp : Another lattice model ramped to a transition.

    Examples
    --------
    >>> da = spatial_grazing(n_time=20, size=8, seed=0)
    >>> da.dims, da.shape
    (('time', 'y', 'x'), (20, 8, 8))
    """
    n_time = check_int(n_time, "n_time", minimum=2)
    size = check_int(size, "size", minimum=3)
    substeps = check_int(substeps, "substeps", minimum=1)
    check_real(diffusion, "diffusion", minimum=0)
    check_real(sigma, "sigma", minimum=0)
    check_real(dt, "dt", minimum=0, inclusive=(False, True))
    c0, c1 = (_MAY["c0"], _may_fold()[0]) if c is None else (float(v) for v in c)
    r, k, h = _MAY["r"], _MAY["K"], _MAY["h"]
    rng = np.random.default_rng(
        seed_for_key(as_seed_sequence(seed), "null") if null else as_seed_sequence(seed)
    )
    x = np.full((size, size), float(_may_equilibria(c0).max()))
    step = dt / substeps
    t = np.arange(n_time) * dt
    rates = np.full(n_time, c0) if null else np.linspace(c0, c1, n_time)
    out = np.empty((n_time, size, size))
    out[0] = x
    for i in range(1, n_time):
        for s in range(substeps):
            # the grazing rate moves linearly within the sampling interval too
            cc = rates[i - 1] + (rates[i] - rates[i - 1]) * s / substeps
            lap = np.roll(x, 1, 0) + np.roll(x, -1, 0) + np.roll(x, 1, 1) + np.roll(x, -1, 1) - 4.0 * x
            drift = r * x * (1.0 - x / k) - cc * x * x / (x * x + h * h) + diffusion * lap
            x = np.maximum(x + drift * step + sigma * np.sqrt(step) * rng.standard_normal(x.shape), 0.0)
        out[i] = x
    c_fold = _may_fold()[0]
    crossing = (c_fold - c0) / (c1 - c0) if (not null and c1 != c0) else np.nan
    t_c = t[0] + crossing * (t[-1] - t[0]) if 0.0 <= crossing <= 1.0 else np.nan
    attrs = {
        "long_name": "spatial grazing model (vegetation)" + (" (null run)" if null else ""),
        "system": "spatial_grazing", "ramp": f"c: {c0} -> {c0 if null else c1}", "c_fold": c_fold,
        "bifurcation_time": t_c, "diffusion": diffusion, "sigma": sigma, "dt": dt, "substeps": substeps,
        "r": r, "K": k, "h": h, "null": null, "seed": seed if isinstance(seed, int) else None,
        "integrator": "euler_maruyama", "tsdyn_function": public_name(spatial_grazing),
    }  # fmt: skip
    return xr.DataArray(
        out, dims=("time", "y", "x"), coords={"time": t}, name="vegetation", attrs=netcdf_safe(attrs)
    )


def grayscott_ramp(
    *,
    ramp: dict | None = None,
    size: int = 16,
    n_time: int = 40,
    dt: float = 25.0,
    field: int = 1,
    transient: float = 0.0,
    null: bool = False,
) -> xr.DataArray:
    """The catalog's Gray-Scott reaction-diffusion field under a slow parameter ramp, as frames.

    ``GrayScott`` (``tsdyn.systems``) on a ``size x size`` periodic lattice,
    one parameter ramped linearly over the run (default the feed rate ``F``
    from 0.06, the spots of the catalog's pattern, down to 0.035 at ``k =
    0.062``, where the spots shrink and fade to the uniform state); ``null``
    holds it at its start. The flat state is reshaped by
    :func:`tsdyn.ews.spatial.field_frames` (``field`` 0: ``u``, 1: ``v``).

    Parameters
    ----------
    ramp : dict, optional
        ``{parameter: (start, end)}`` (default ``{"F": (0.06, 0.035)}``).
    size : int
        Cells along each side (the catalog's ``N``).
    n_time, dt : int, float
        Frames and their spacing (model time).
    field : int
        0 for ``u``, 1 for ``v``.
    transient : float
        Model time integrated at the start value and dropped.
    null : bool
        Hold the parameter at its start.

    Returns
    -------
    xarray.DataArray
        Dims ``("time", "y", "x")`` with the integration's attrs and the ramp.

    See Also
    --------
    spatial_grazing : Another lattice model ramped to a transition.
    analyze_spatial : Spatial indicators and their trends.

    Examples
    --------
    >>> da = grayscott_ramp(size=8, n_time=3, dt=5.0)
    >>> da.dims, da.shape
    (('time', 'y', 'x'), (3, 8, 8))
    """
    import tsdyn.systems as ts
    from tsdyn.ews.spatial import field_frames

    ramp = {"F": (0.06, 0.035)} if ramp is None else dict(ramp)
    if len(ramp) != 1:
        raise InputError(f"ramp must name exactly one parameter, {{name: (start, end)}}; got {ramp!r}")
    size = check_int(size, "size", minimum=3)
    ((name, (start, end)),) = ramp.items()
    sys_ = ts.get("GrayScott").with_params(N=float(size))
    options: dict[str, Any] = {"n": check_int(n_time, "n_time", minimum=2), "dt": dt, "transient": transient}
    if null:
        traj = sys_.with_params(**{name: start}).integrate(**options)
    else:
        traj = sys_.integrate(**options, ramp={name: (float(start), float(end))})
    frames = field_frames(traj, fields=2, field=field)
    frames.attrs = netcdf_safe({
        **traj.attrs, "long_name": f"Gray-Scott field {'uv'[field]}, {name} ramped" + (" (null run)" if null else ""),
        "ramp": f"{name}: {start} -> {start if null else end}", "null": null,
        "tsdyn_function": public_name(grayscott_ramp),
    })  # fmt: skip
    return frames


def system_scenario(
    system: str | System,
    *,
    ramp: dict,
    bifurcation: float | None = None,
    variable: int | str | None = 0,
    n_members: int = 1,
    n_time: int = 500,
    dt: float = 1.0,
    noise: float | None = None,
    multiplicative: bool = False,
    transient: float = 0.0,
    substeps: int | None = None,
    ic: ArrayLike | None = None,
    null: bool = False,
    seed: Seed = None,
    towards: str | None = None,
) -> xr.DataArray:
    """Noisy runs of a catalog system with one parameter ramped through a bifurcation (or its null).

    Parameters
    ----------
    system : str or tsdyn.systems.System
        A catalog flow or SDE (name, or a System with its parameters set).
    ramp : dict
        ``{parameter: (start, end)}``, one parameter: it moves linearly from
        ``start`` at the first sample to ``end`` at the last (held at
        ``start`` during ``transient``).
    bifurcation : float, optional
        The parameter value of the bifurcation (between ``start`` and ``end``):
        the ``transition_time`` of each run is when the ramp reaches it. NaN if
        not given.
    variable : int, str or None
        The observed variable (index or name); None keeps every variable (for
        the multivariate indicators of :mod:`tsdyn.ews.multivariate`).
    n_members, n_time, dt
        Runs, samples per run, sampling interval (model time).
    noise : float, optional
        Dynamical noise amplitude (``System.integrate``'s ``noise``): default
        0.05 for flows, 1 (the system's own diffusion) for SDEs.
    multiplicative : bool
        Noise proportional to the state (flows).
    transient : float
        Model time integrated at the start value and dropped first.
    substeps : int, optional
        Euler-Maruyama steps per sample (default: the system's step guidance).
    ic : array_like, optional
        Initial state (default: the catalog's), shared by all members.
    null : bool
        Hold the parameter at ``start`` for the whole run (no transition).
    seed : int, Generator or SeedSequence
        Member ``i`` draws from child ``i`` of ``seed``; null runs from an
        independent branch of it.
    towards : {"fold", "hopf", "branch point", "period-doubling"}, optional
        Locate the bifurcation instead of giving it: the first one of this
        type met between ``start`` and ``end``
        (:func:`tsdyn.systems.locate_bifurcation`: continuation of the stable
        equilibria, or a flow's orbit diagram for a period doubling) becomes
        ``bifurcation`` and the ramp's end, so the run reaches it at its last
        sample. Flows only.

    Returns
    -------
    xarray.DataArray
        Dims ``("time", "member")`` (``("time", "variable", "member")`` with
        ``variable=None``), coordinate ``transition_time`` on ``member`` (NaN
        for null runs or without ``bifurcation``); attrs are those of
        ``System.integrate`` plus the ramp and bifurcation.

    See Also
    --------
    scenario : Runs of a normal-form scenario.
    multivariate_atlas : Scores multivariate indicators on such runs.

    Examples
    --------
    >>> da = system_scenario("StuartLandau", ramp={"mu": (-1.0, 0.25)}, bifurcation=0.0,
    ...                      n_members=2, n_time=50, dt=0.5, seed=0)
    >>> da.dims, float(da.transition_time[0])
    (('time', 'member'), 19.6)

    Start on the attractor with ``transient`` (the catalog's initial state may lie off it).
    """
    import tsdyn.systems as ts

    sys_ = ts.get(system) if isinstance(system, str) else system
    if not isinstance(sys_, ts.System):
        raise InputError(f"system must be a catalog name or a tsdyn.systems.System, got {system!r}")
    if sys_.kind not in ("flow", "sde"):
        raise InputError(f"system_scenario needs a flow or an SDE (noise); {sys_.name} is a {sys_.kind}")
    if not isinstance(ramp, dict) or len(ramp) != 1:
        raise InputError(f"ramp must name exactly one parameter, {{name: (start, end)}}; got {ramp!r}")
    ((name, ends),) = ramp.items()
    try:
        start, end = (float(v) for v in ends)
    except (TypeError, ValueError):
        raise InputError(f"ramp of {name!r} must be a pair (start, end), got {ends!r}") from None
    if towards is not None:
        bifurcation = end = _located(sys_, name, start, end, towards, bifurcation)
    n_members = check_int(n_members, "n_members", minimum=1)
    n_time = check_int(n_time, "n_time", minimum=2)
    if variable is None:
        pass
    elif isinstance(variable, str):
        if variable not in sys_.variables:
            raise InputError(f"variable {variable!r} is not one of {sys_.name}'s {sys_.variables}")
        variable = sys_.variables.index(variable)
    if variable is not None:
        variable = check_int(variable, "variable", minimum=0, maximum=sys_.dimension - 1)
    frac = np.nan
    if bifurcation is not None:
        frac = (float(bifurcation) - start) / (end - start) if end != start else np.nan
        if not 0.0 <= frac <= 1.0:
            raise InputError(
                f"bifurcation {bifurcation!r} is not crossed by the ramp of {name!r} from {start} to {end}"
            )
    if noise is None:
        noise = 1.0 if sys_.kind == "sde" else 0.05
    y0 = sys_.ic if ic is None else np.asarray(ic, dtype=np.float64)
    root = as_seed_sequence(seed)
    options: dict[str, Any] = {"n": n_time, "dt": dt, "transient": transient, "noise": noise, "multiplicative": multiplicative,
               "substeps": substeps, "ic": np.tile(y0, (n_members, 1))}  # fmt: skip
    if null:  # the parameter held at the ramp's start, noise from an independent branch of the seed
        out = sys_.with_params(**{name: start}).integrate(**options, seed=seed_for_key(root, "null"))
    else:
        out = sys_.integrate(**options, ramp={name: (start, end)}, seed=root)
    t = out["time"].values
    t_c = t[0] + frac * (t[-1] - t[0])
    observed = "all variables" if variable is None else sys_.variables[variable]
    attrs = {
        **out.attrs,
        "long_name": f"{sys_.name} {observed}, {name} ramped" + (" (null run)" if null else ""),
        "variable": observed,
        "bifurcation_parameter": name,
        "bifurcation_value": np.nan if bifurcation is None else float(bifurcation),
        "bifurcation_time": t_c,
        "ramp": f"{name}: {start} -> {end}",
        "null": null,
        "tsdyn_function": public_name(system_scenario),
    }
    times = np.full(n_members, np.nan if null else t_c)
    if variable is None:  # every variable: (time, variable, member)
        return xr.DataArray(
            out.transpose("time", "variable", "member").values,
            dims=("time", "variable", "member"),
            coords={"time": t, "variable": list(sys_.variables), "member": np.arange(n_members),
                    "transition_time": ("member", times)},
            name=sys_.name,
            attrs=netcdf_safe(attrs),
        )  # fmt: skip
    values = out.isel(variable=variable).transpose("time", "member").values
    return xr.DataArray(
        values,
        dims=("time", "member"),
        coords={"time": t, "member": np.arange(n_members), "transition_time": ("member", times)},
        name=sys_.name,
        attrs=netcdf_safe(attrs),
    )


def _located(system: System, name: str, start: float, limit: float, towards: str, given) -> float:
    """``system_scenario(towards=...)``: the bifurcation met first on the way from ``start`` to ``limit``."""
    import tsdyn.systems as ts

    if given is not None:
        raise InputError("give either bifurcation or towards (which locates it), not both")
    if system.kind != "flow":
        raise InputError(
            f"towards locates bifurcations of flows from their equations; {system.name} is a {system.kind}"
        )
    return ts.locate_bifurcation(system.with_params(**{name: start}), name, towards, limit=limit)
