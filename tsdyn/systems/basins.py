r"""Basins of attraction on a 2-D grid of initial conditions, with basin entropy.

Every grid point is integrated (flows: adaptive DOP853; maps: iterated), all
of them in compiled, parallel calls, and its long-run behaviour is reduced to
a *fingerprint*: the minimum, mean and maximum of each variable over the
last ``n`` samples. Fingerprints within ``tol`` of each other (relative to the
spread of all fingerprints, per feature) belong to the same attractor, so a
fixed point, a cycle and a chaotic attractor are all identified without being
named in advance (the featurizing idea of Attractors.jl). Known attractors
can be given: a run whose last state lies within ``tol`` of one is assigned
to it.

The basin entropy (Daza et al. 2016, Sci. Rep. 6:31416) measures how mixed
the basins are: the grid is cut into boxes of ``box x box`` cells, box
:math:`i` has the Gibbs entropy :math:`S_i = -\sum_j p_{ij} \ln p_{ij}` of
its cells' attractors, :math:`S_b` is the mean of :math:`S_i` over all boxes
and the boundary basin entropy :math:`S_{bb}` its mean over the boxes that
hold more than one attractor. :math:`S_{bb} > \ln 2` is a sufficient
condition for a fractal basin boundary.

>>> import numpy as np
>>> import tsdyn.systems as ts
>>> def newton(y, p, out):  # Newton's method on z^2 = 1, z -> (z + 1/z) / 2: the basins are half planes
...     r2 = y[0] * y[0] + y[1] * y[1]
...     out[0] = (y[0] + y[0] / r2) / 2
...     out[1] = (y[1] - y[1] / r2) / 2
>>> s = ts.define(newton, params={}, ic=[1.0, 1.0], kind="map")
>>> grid = np.linspace(-1.05, 1.05, 8)
>>> b = ts.basins_of_attraction(s, {"x0": grid, "x1": grid}, n=4, transient=60)
>>> b.attractor_state.round(8).values.tolist(), b.fraction.values.tolist()
([[-1.0, 0.0], [1.0, 0.0]], [0.5, 0.5])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tsdyn.errors import InputError, check_int, check_real
from tsdyn.systems._phase import check_system, result_attrs, with_params
from tsdyn.systems._request import check_state, non_negative, parameter_vector, positive

if TYPE_CHECKING:  # the System sits above this module: it is read, never imported here
    import xarray as xr

    from tsdyn.systems.system import System

__all__ = ["basin_entropy", "basins_of_attraction"]

#: Label of a grid point whose run left ``|y| <= max_abs`` or failed.
ESCAPED = -1


def basins_of_attraction(
    system: System,
    grid: Mapping[str, Sequence[float]],
    *,
    base: Sequence[float] | None = None,
    n: int = 100,
    transient: float | None = None,
    dt: float | None = None,
    attractors: Sequence[Sequence[float]] | None = None,
    tol: float = 1e-2,
    box: int = 5,
    params: Mapping[str, float] | None = None,
    max_abs: float = 1e6,
    parallel: bool = True,
) -> xr.Dataset:
    """Which attractor each initial condition on a 2-D grid ends on, the basins' fractions and entropy.

    Parameters
    ----------
    system : System
        A flow or a map.
    grid : mapping
        Two of the system's variables, by name, and their values,
        ``{"x0": xs, "x1": ys}``.
    base : array_like, optional
        The state the other variables take (default the system's initial
        condition).
    n : int
        Samples (maps: iterates) of the tail whose fingerprint identifies the attractor.
    transient : float, optional
        Time (maps: iterations) run before the tail. Default: 100 periods
        of a flow (its ``period``, else 100 time units), 1000 iterations of a map.
    dt : float, optional
        Flows: the tail's sampling step (default the period / 20, else 0.05).
    attractors : array_like of shape (k, dim), optional
        Known attractors (states on them, e.g. stable fixed points): a run
        whose last state is within ``tol`` of one is labelled by its index;
        the others are identified by fingerprint and numbered after them.
    tol : float
        Fingerprints (last states) within ``tol`` times each variable's scale
        of each other are one attractor; the scale is the larger of the
        grid's extent and that of all runs' fingerprints, at least a tenth
        of the largest variable's.
    box : int
        Side, in grid cells, of the boxes of the basin entropy.
    params : mapping, optional
        Parameter values to use instead of the system's.
    max_abs : float
        Bound whose crossing labels a run as escaped (-1).
    parallel : bool
        Integrate the grid in parallel (numba threads).

    Returns
    -------
    xarray.Dataset
        ``basin`` (first grid variable, second grid variable): the attractor's
        index, -1 where the run escaped; along ``attractor``: ``fraction``
        (of the grid), ``attractor_state`` (attractor, variable; the last
        state of the attractor's first run) and ``fingerprint`` (attractor,
        feature); scalars ``basin_entropy``, ``boundary_basin_entropy`` and
        ``boundary_fraction`` (the share of boxes on a boundary), and
        ``escaped_fraction``. attrs: the settings.

    See Also
    --------
    fixed_points : Equilibria, candidate ``attractors`` to pass.
    System : The system it integrates.

    Examples
    --------
    The damped twin-well oscillator :math:`\\ddot x + 0.3 \\dot x - x + x^3 = 0`:
    two wells, basins that are images of each other under :math:`(x, v) \\to (-x, -v)`.

    >>> import numpy as np
    >>> import tsdyn.systems as ts
    >>> def twin_well(t, y, p, out):
    ...     out[0] = y[1]
    ...     out[1] = -p[0] * y[1] + y[0] - y[0] ** 3
    >>> s = ts.define(twin_well, params={"delta": 0.3}, ic=[1.0, 0.0])
    >>> g = np.linspace(-2, 2, 8)  # even: the saddle at the origin is not on the grid
    >>> b = ts.basins_of_attraction(s, {"x0": g, "x1": g}, transient=60.0, n=10, dt=0.5)
    >>> b.sizes["attractor"], bool((b.basin.values == 1 - b.basin.values[::-1, ::-1]).all())
    (2, True)
    """
    import xarray as xr

    check_system(system, "basins_of_attraction")
    system = with_params(system, params)
    names = system.variables
    if not isinstance(grid, Mapping) or len(grid) != 2:
        raise InputError(f"grid must map two of {system.name}'s variables to their values, got {grid!r}")
    axes = []
    for name, values in grid.items():
        if name not in names:
            raise InputError(f"{system.name} has no variable {name!r} (its variables: {', '.join(names)})")
        v = np.array(values, dtype=np.float64, ndmin=1)
        if v.ndim != 1 or v.size < 2 or not np.isfinite(v).all():
            raise InputError(f"grid values of {name!r} must be at least 2 finite numbers, got {values!r}")
        axes.append((names.index(name), name, v))
    (i, vi, xi), (j, vj, xj) = axes
    if i == j:
        raise InputError(f"grid must name two different variables, got {vi!r} twice")
    base_state = system.ic if base is None else check_state(system, base, "base")
    n = check_int(n, "n", minimum=1)
    box = check_int(box, "box", minimum=2)
    tol = check_real(tol, "tol", minimum=0, maximum=1, inclusive=(False, False))
    max_abs = check_real(max_abs, "max_abs", minimum=0, inclusive=(False, True))
    iterated = system.behaviour.iterated
    settings: dict[str, Any] = {"grid": f"{vi} x {vj}", "n": n, "tol": tol, "box": box, "base": base_state}
    if iterated:
        if dt is not None:
            raise InputError(f"{system.name} is a map: dt is for flows")
        tr: float = 1000 if transient is None else check_int(
            int(transient) if float(transient).is_integer() else transient, "transient", minimum=0
        )  # fmt: skip
        settings["transient"] = tr
    else:
        h = positive(dt, "dt") if dt is not None else system.period / 20 if system.period else 0.05
        tr = 100 * (system.period or 1.0) if transient is None else non_negative(transient, "transient")
        settings.update({"transient": tr, "dt": h})
    y0s = np.tile(base_state, (xi.size * xj.size, 1))
    y0s[:, i] = np.repeat(xi, xj.size)
    y0s[:, j] = np.tile(xj, xi.size)
    scale = np.maximum(np.ptp(y0s, axis=0), 1e-12)
    known = None
    if attractors is not None:
        known = np.array(attractors, dtype=np.float64, ndmin=2)
        if known.ndim != 2 or known.shape[1] != system.dimension or not np.isfinite(known).all():
            raise InputError(
                f"attractors must be finite states of {system.name}, shape (k, {system.dimension}), "
                f"got shape {known.shape}"
            )
    p = parameter_vector(system.params)
    features, last = _fingerprints(system, y0s, p, iterated, n, tr, settings.get("dt"), max_abs, parallel)
    # One scale per variable for comparing runs: the larger of the grid's and the attractors' extent.
    finite = np.isfinite(last).all(axis=1)
    if finite.any():
        scale = np.maximum(scale, np.ptp(features[finite].reshape(-1, system.dimension), axis=0))
    # A variable off the grid that every attractor holds near one value (velocities at rest) gets a
    # tenth of the largest scale: its tiny spread is the runs' unfinished convergence, not a difference.
    scale = np.maximum(scale, 0.1 * scale.max())
    labels, reps = _match(features, last, known, tol, scale)
    basin = labels.reshape(xi.size, xj.size)
    k = len(reps)
    fraction = np.array([(labels == a).mean() for a in range(k)])
    sb, sbb, frac_b = _entropy(basin, box)
    # A known attractor that no run reached keeps its index, its own state and no fingerprint.
    reached = np.array([r >= 0 for r in reps], dtype=bool)
    states = np.full((k, system.dimension), np.nan)
    prints = np.full((k, features.shape[1]), np.nan)
    idx = np.array(reps, dtype=np.int64)
    states[reached], prints[reached] = last[idx[reached]], features[idx[reached]]
    if known is not None:
        states[~reached] = known[np.flatnonzero(~reached)]
    data = {
        "basin": ((vi, vj), basin),
        "fraction": ("attractor", fraction),
        "attractor_state": (("attractor", "variable"), states),
        "fingerprint": (("attractor", "feature"), prints),
        "basin_entropy": sb,
        "boundary_basin_entropy": sbb,
        "boundary_fraction": frac_b,
        "escaped_fraction": float((labels == ESCAPED).mean()),
    }
    feature_names = [f"{s}_{v}" for s in ("min", "mean", "max") for v in names]
    ds = xr.Dataset(
        data,
        coords={vi: xi, vj: xj, "attractor": np.arange(k), "variable": names, "feature": feature_names},
    )
    ds["basin"].attrs.update(long_name="attractor index", escaped=ESCAPED)
    ds.attrs = result_attrs(system, basins_of_attraction, **settings)
    return ds


def _fingerprints(system, y0s, p, iterated, n, transient, dt, max_abs, parallel):
    """(min, mean, max) of every variable over each run's tail (NaN rows where it escaped) and its last state."""
    from tsdyn.systems import _integrate as I
    from tsdyn.systems._phase_kernels import MAP_ORBITS
    from tsdyn.systems.lyapunov import tangent_jacobian

    f = system.compiled("rhs")
    if f is None:
        raise InputError(f"{system.name}'s equations do not compile with numba; basins need them")
    m, d = y0s.shape
    features = np.full((m, 3 * d), np.nan)
    last = np.full((m, d), np.nan)
    # Chunks of about 32 MB of tail, so a 1000 x 1000 grid does not hold every run's tail at once.
    chunk = max(1, 2**22 // (n * d))
    ts = np.empty(0) if iterated else transient + dt * np.arange(n)
    jac = tangent_jacobian(system)[0] if iterated else None  # never called: no exponent asked
    for lo in range(0, m, chunk):
        hi = min(m, lo + chunk)
        ps = np.tile(p, (hi - lo, 1))
        if iterated:
            out = np.full((hi - lo, n, d), np.nan)
            fail = np.full(hi - lo, -1, dtype=np.int64)
            MAP_ORBITS[bool(parallel and hi - lo > 1)](
                f, jac, False, False, y0s[lo:hi], ps, int(transient), max_abs, out, np.empty(hi - lo), fail
            )
            ok = fail < 0
        else:
            out, status, _ = I.solve_rk(
                f, y0s[lo:hi], ps, ts, t0=0.0, method=I.DOP853, rtol=1e-7, atol=1e-7, max_abs=max_abs,
                parallel=parallel,
            )  # fmt: skip
            ok = status == I.OK
        ok &= np.isfinite(out).all(axis=(1, 2))
        tail = out[ok]
        features[lo:hi][ok] = np.concatenate([tail.min(axis=1), tail.mean(axis=1), tail.max(axis=1)], axis=1)
        last[lo:hi][ok] = tail[:, -1]
    return features, last


def _match(features, last, known, tol, scale) -> tuple[np.ndarray, list[int]]:
    """Attractor labels: known attractors first (by the last state), then fingerprints grouped greedily.

    ``reps[a]`` is the first run on attractor ``a`` (-1 for a known attractor no run reached).
    """
    m = features.shape[0]
    labels = np.full(m, ESCAPED, dtype=np.int64)
    ok = np.isfinite(features).all(axis=1)
    reps: list[int] = []
    if known is not None:
        for a, state in enumerate(known):
            near = ok & (labels == ESCAPED) & (np.abs(last - state) <= tol * scale).all(axis=1)
            labels[near] = a
            reps.append(int(np.flatnonzero(near)[0]) if near.any() else -1)
    rest = ok & (labels == ESCAPED)
    if rest.any():
        width = np.tile(scale, 3)
        while rest.any():
            first = int(np.flatnonzero(rest)[0])
            same = rest & (np.abs(features - features[first]) <= tol * width).all(axis=1)
            labels[same] = len(reps)
            reps.append(first)
            rest &= ~same
    return labels, reps


def _entropy(basin: np.ndarray, box: int) -> tuple[float, float, float]:
    """Basin entropy, boundary basin entropy and the share of boundary boxes (Daza et al. 2016)."""
    rows, cols = basin.shape[0] // box, basin.shape[1] // box
    if rows == 0 or cols == 0:
        raise InputError(
            f"the grid ({basin.shape[0]} x {basin.shape[1]}) is smaller than one box of {box} cells"
        )
    blocks = basin[: rows * box, : cols * box].reshape(rows, box, cols, box).transpose(0, 2, 1, 3)
    cells = blocks.reshape(rows * cols, box * box)
    entropy = np.zeros(rows * cols)
    for label in np.unique(cells):
        prob = (cells == label).mean(axis=1)
        entropy -= np.where(prob > 0, prob * np.log(np.where(prob > 0, prob, 1.0)), 0.0)
    boundary = entropy > 0
    sbb = float(entropy[boundary].mean()) if boundary.any() else 0.0
    return float(entropy.mean()), sbb, float(boundary.mean())


def basin_entropy(basin: xr.DataArray | np.ndarray, *, box: int = 5) -> tuple[float, float]:
    """Basin entropy :math:`S_b` and boundary basin entropy :math:`S_{bb}` of a 2-D grid of labels.

    See the module's docstring (Daza et al. 2016); escaped runs (-1) count as
    one more outcome.

    Parameters
    ----------
    basin : xarray.DataArray or numpy.ndarray
        A 2-D grid of attractor labels, e.g. the ``basin`` of
        :func:`basins_of_attraction`.
    box : int
        Side of the square boxes the grid is cut into (at least 2).

    Returns
    -------
    tuple of float
        ``(S_b, S_bb)``: the mean Shannon entropy (nats) of the labels over all
        boxes, and over the boxes that hold more than one label. ``S_bb > ln 2``
        is the sufficient condition for a fractal boundary.

    See Also
    --------
    basins_of_attraction : the grid of labels, with both entropies.

    Examples
    --------
    >>> import numpy as np
    >>> halves = np.repeat([[0] * 9 + [1] * 11], 20, axis=0)  # a straight boundary
    >>> sb, sbb = basin_entropy(halves, box=4)
    >>> round(sb, 4), round(sbb, 4), bool(sbb < np.log(2))
    (0.1125, 0.5623, True)
    """
    labels = np.asarray(basin)
    if labels.ndim != 2:
        raise InputError(f"basin must be a 2-D grid of labels, got {labels.ndim} dimensions")
    sb, sbb, _ = _entropy(labels, check_int(box, "box", minimum=2))
    return sb, sbb
