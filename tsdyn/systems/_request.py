"""What an integration asks for, validated once: the bottom layer of the systems engine.

:meth:`Request.build` is the one place that checks the arguments of
:meth:`~tsdyn.systems.System.integrate` (and of the validated ensembles) and
turns them into arrays the solvers take: sample times, one row of initial
condition and parameters per member, ramps, seeds and solver options. A
:class:`Request` never changes afterwards; the solvers, the Lyapunov and
ensemble code read it. This module imports no other part of the engine: it
sees the system only through its public attributes (``name``, ``params``,
``ic``, ``spec``, ``behaviour`` ...), so the modules above it import one way.

>>> import tsdyn.systems as ts
>>> req = Request.build(ts.get("Lorenz"), n=3, dt=0.5)
>>> req.ts.tolist(), req.members
([0.0, 0.5, 1.0], 1)
"""

from __future__ import annotations

import difflib
import itertools
import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from tsdyn.errors import InputError, check_int
from tsdyn.rng import Seed, as_seed_sequence
from tsdyn.systems.base import Spec

if TYPE_CHECKING:  # named in annotations only: at run time this module imports no other part of the engine
    import xarray as xr

    from tsdyn.systems.system import System

__all__ = [
    "METHODS",
    "Request",
    "check_not_size",
    "check_params",
    "check_state",
    "non_negative",
    "parameter_vector",
    "positive",
]

METHODS = ("auto", "dop853", "dopri5", "radau", "bdf", "lsoda", "rodas4")
#: The most values (samples x members x variables) one integration returns: 8 GB of float64.
MAX_VALUES = 10**9


def positive(value: object, name: str) -> float:
    """``value`` as a float; InputError unless it is a finite number > 0.

    >>> positive(0.5, "dt")
    0.5
    """
    return _from_zero(value, name, strict=True)


def non_negative(value: object, name: str) -> float:
    """``value`` as a float; InputError unless it is a finite number >= 0.

    >>> non_negative(0, "transient")
    0.0
    """
    return _from_zero(value, name, strict=False)


def _from_zero(value: object, name: str, *, strict: bool) -> float:
    # Not errors.check_real, whose message reads "a number > 0": these say "a finite number > 0".
    number = float(value) if isinstance(value, numbers.Real) and not isinstance(value, bool) else math.nan
    if not (math.isfinite(number) and (number > 0 if strict else number >= 0)):
        raise InputError(f"{name} must be a finite number {'>' if strict else '>='} 0, got {value!r}")
    return number


def check_params(spec: Spec, params: Mapping[str, Any], *, what: str = "parameter") -> dict[str, float]:
    """``params`` as floats, each a parameter of ``spec`` (``what`` other than "parameter": names only).

    >>> import tsdyn.systems as ts
    >>> check_params(ts.get("Lorenz").spec, {"rho": 30})
    {'rho': 30.0}
    """
    checked = {}
    for name, value in params.items():
        if name not in spec.params:
            close = difflib.get_close_matches(name, list(spec.params), n=3)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise InputError(
                f"{spec.name} has no {what} {name!r}{hint} (its parameters: {', '.join(spec.params) or 'none'})"
            )
        if what != "parameter":
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
            raise InputError(f"parameter {name!r} of {spec.name} must be a finite number, got {value!r}")
        checked[name] = float(value)
    return checked


def check_not_size(spec: Spec, names: Iterable[str], how: str) -> None:
    """InputError if one of ``names`` sets the state's size (it cannot be ``how``: swept, ramped)."""
    size = [name for name in names if name in spec.size_params]
    if size:
        raise InputError(
            f"{size[0]!r} of {spec.name} sets the state's size, so it cannot be {how}; "
            f"make one system per size with tsdyn.systems.get({spec.name!r}, {size[0]}=...)"
        )


def float_array(value: ArrayLike, what: str) -> np.ndarray:
    """``value`` as a new float64 array (at least 1-D); InputError naming ``what`` if it holds no numbers.

    >>> float_array(["a", "b"], "ic")
    Traceback (most recent call last):
    ...
    tsdyn.errors.InputError: ic must hold numbers, got ['a', 'b']
    """
    if np.asarray(value).dtype.kind in "USO" and not all(
        isinstance(v, numbers.Real) for v in np.asarray(value, dtype=object).ravel()
    ):
        # numpy reads "1.5" as 1.5: text is refused as parameters are (rho="30")
        raise InputError(f"{what} must hold numbers, got {value!r}")
    try:
        return np.array(value, dtype=np.float64, ndmin=1)
    except (TypeError, ValueError) as err:
        raise InputError(f"{what} must hold numbers, got {value!r} ({err})") from None


def check_state(system: System, y: ArrayLike, what: str = "state") -> np.ndarray:
    """``y`` as a contiguous float64 state of ``system``; InputError unless it has its length and is finite."""
    y = float_array(y, what)
    if y.shape != (system.dimension,):
        raise InputError(f"{what} of {system.name} must have {system.dimension} values, got shape {y.shape}")
    if not np.isfinite(y).all():
        raise InputError(f"{what} of {system.name} must be finite, got {y.tolist()}")
    return np.ascontiguousarray(y)


def parameter_vector(params: Mapping[str, float]) -> np.ndarray:
    """The parameter values as the float64 array ``p`` the compiled functions take (in ``params``' order)."""
    return np.array(list(params.values()), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Request:
    """A validated integration request: sample times, members, parameters, ramps, seeds, solver options.

    Build it with :meth:`build`; members are the rows of ``y0s`` and ``p0s``
    (initial condition outer, parameter combination inner).
    """

    system: System
    method: str
    seed_seq: np.random.SeedSequence
    seed_given: Seed
    first_member: int
    # Sampling: n samples at times ts; dt when they are evenly spaced; a map's transient is whole iterations.
    n: int
    ts: np.ndarray
    dt: float | None
    pts_per_period: float | None
    transient: float
    # Members.
    ensemble: bool
    n_ic: int
    members: int
    y0s: np.ndarray
    p0s: np.ndarray
    sweep: Mapping[str, np.ndarray]
    # Ramps: p(t) = p0 + rate * max(t - t_ramp, 0).
    rate: np.ndarray
    t_ramp: float
    ramp: Mapping[str, tuple[float, float]]
    # Dynamical noise: amplitudes (one, or one per variable) and Euler-Maruyama steps per sample.
    sigma: np.ndarray
    stochastic: bool
    multiplicative: bool
    substeps: int | None
    # Solver options.
    rtol: float = 1e-9
    atol: float = 1e-9
    max_steps: int = 10**8
    max_abs: float = 1e12
    parallel: bool = True
    obs_noise: float = 0.0
    history: Callable | None = None

    @classmethod
    def build(
        cls,
        system: System,
        *,
        n: int | None = None,
        dt: float | None = None,
        pts_per_period: float | None = None,
        t: Sequence[float] | None = None,
        transient: float = 0.0,
        ic: ArrayLike | None = None,
        sweep: Mapping[str, Sequence[float]] | None = None,
        ramp: Mapping[str, tuple[float, float]] | None = None,
        method: str = "auto",
        seed: Seed = None,
        member_offset: int = 0,
        rtol: float = 1e-9,
        atol: float = 1e-9,
        noise: ArrayLike = 0.0,
        multiplicative: bool = False,
        substeps: int | None = None,
        obs_noise: float = 0.0,
        history: Callable | None = None,
        max_steps: int = 10**8,
        max_abs: float = 1e12,
        parallel: bool = True,
    ) -> Request:
        """Check every argument (as :meth:`~tsdyn.systems.System.integrate` documents them) and build the request."""
        method_name = str(method).lower()
        if method_name not in METHODS:
            raise InputError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
        members = _members(system, ic, sweep)
        sampling = _sampling(system, n, dt, pts_per_period, t, transient, members["members"])
        ramps = _ramp(system, ramp, sampling["ts"], members["sweep"], members["p0s"])
        first_member = check_int(member_offset, "member_offset", minimum=0)
        rtol, atol = positive(rtol, "rtol"), positive(atol, "atol")
        obs_noise = non_negative(obs_noise, "obs_noise")
        if isinstance(max_abs, bool) or not isinstance(max_abs, numbers.Real) or not max_abs > 0:
            # NaN or a bound <= 0 was reported later as a blow-up at the first step
            raise InputError(f"max_abs must be a number > 0 (inf: no bound), got {max_abs!r}")
        noisy = _noise(system, noise, multiplicative, substeps, sampling["dt"])
        max_steps = check_int(max_steps, "max_steps", minimum=1)
        _check_fixed_steps(system, sampling, noisy, max_steps)
        if history is not None and not system.behaviour.history:
            raise InputError(f"history is for delay equations; {system.name} is a {system.kind}")
        return cls(
            system=system, method=method_name, seed_seq=as_seed_sequence(seed), seed_given=seed,
            first_member=first_member, **sampling, **members, **ramps, **noisy, rtol=rtol, atol=atol,
            max_steps=max_steps, max_abs=max_abs, parallel=parallel, obs_noise=obs_noise, history=history,
        )  # fmt: skip

    def children(self, stream: int) -> list[np.random.SeedSequence]:
        """One seed per member for ``stream`` (0 dynamical noise, 1 observation noise).

        Child ``k`` of the seed is built from its spawn key (as
        ``SeedSequence.spawn`` would), so a member keeps its stream whatever
        piece of the ensemble it is integrated in, and the streams do not
        depend on which is asked for first.
        """
        root = self.seed_seq
        per_ic = self.members // self.n_ic
        seeds = []
        for i in range(self.members):
            key = (*root.spawn_key, self.first_member * per_ic + i)
            child = np.random.SeedSequence(root.entropy, spawn_key=key, pool_size=root.pool_size)
            seeds.append(child.spawn(2)[stream])
        return seeds

    def describe(self, i: int) -> str:
        """Member ``i`` in words (for error messages): its index, swept parameters and initial condition."""
        parts = [f"member {i // max(1, self.members // self.n_ic)}"] if self.ensemble else []
        names = list(self.system.params)
        parts += [f"{k}={self.p0s[i, names.index(k)]:g}" for k in self.sweep]
        parts.append(f"ic={np.array2string(self.y0s[i], precision=4)}")
        return ", ".join(parts)

    def to_dataarray(self, out: np.ndarray, attrs: Mapping[str, Any]) -> xr.DataArray:
        """The members' trajectories ``out`` (member, time, variable) as the documented DataArray."""
        from tsdyn import __version__
        from tsdyn.data import import_xarray, netcdf_safe

        xr = import_xarray()
        system = self.system
        # (member, *sweep, time, variable) -> (time, variable, [member], *sweep), built once.
        arr = out.reshape(self.n_ic, *(v.size for v in self.sweep.values()), self.n, system.dimension)
        arr = np.moveaxis(arr, (-2, -1), (0, 1))
        dims = ["time", "variable", "member", *self.sweep]
        coords = {"time": self.ts, "variable": system.variables, **self.sweep}
        if self.ensemble:
            coords["member"] = self.first_member + np.arange(self.n_ic)
        else:
            arr = arr[:, :, 0]
            dims.remove("member")
        da = xr.DataArray(arr, dims=dims, coords=coords, name=system.name)
        meta: dict[str, Any] = {
            "system": system.name,
            "kind": system.kind,
            "description": system.description,
            "parameters": ", ".join(system.params),
        }
        for name, value in system.params.items():
            if name not in self.sweep and name not in self.ramp:
                meta[f"param_{name}"] = value
        for name, (start, end) in self.ramp.items():
            meta[f"ramp_{name}"] = np.array([start, end])
        if self.ramp:
            meta["ramp_times"] = np.array([self.ts[0], self.ts[-1]])
        if not self.ensemble:
            meta["ic"] = self.y0s[0]
        meta.update({"dt": self.dt, "pts_per_period": self.pts_per_period, "transient": self.transient})
        meta.update(attrs)
        seed = self.seed_given
        meta["seed"] = seed if isinstance(seed, numbers.Integral) else str(self.seed_seq.entropy)
        meta["tsdyn_version"] = __version__
        da.attrs = netcdf_safe(meta)
        return da


def _check_values(system, n: int, members: int) -> None:
    """InputError where ``n`` samples of every member would exceed :data:`MAX_VALUES` (before they are allocated)."""
    values = n * members * system.dimension
    if values > MAX_VALUES:
        raise InputError(
            f"n={n} samples of {system.dimension} variables for {members} member(s) are {values:.3g} values "
            f"({8 * values / 1e9:.3g} GB), more than the {MAX_VALUES:.0e} one integration returns; ask for fewer "
            "samples, or integrate the ensemble in pieces (chunks=, integrate_to)"
        )


def _check_fixed_steps(system, sampling: Mapping[str, Any], noisy: Mapping[str, Any], max_steps: int) -> None:
    """InputError where a map's iterations or Euler-Maruyama's steps, known beforehand, exceed ``max_steps``.

    The adaptive solvers stop at ``max_steps`` as they go; these run a fixed
    number of steps, so a transient of 1e9 would have run for hours.
    """
    n, transient = sampling["n"], sampling["transient"]
    if system.behaviour.iterated:
        steps, asked = int(transient) + n - 1, f"transient={transient:g} and n={n} ask for"
        what = "iterations"
    elif noisy["stochastic"]:
        h = sampling["dt"] / noisy["substeps"]
        steps = round(transient / h) + (n - 1) * noisy["substeps"]
        asked = f"transient={transient:g}, n={n} and dt={sampling['dt']:g} ask for"
        what = f"Euler-Maruyama steps of {h:g}"
    else:
        return
    if steps > max_steps:
        raise InputError(
            f"{asked} {steps:.4g} {what} per member, more than max_steps={max_steps}; raise max_steps to run them"
        )


def _sampling(system, n, dt, pts_per_period, t, transient, members: int) -> dict[str, Any]:
    given = [name for name, v in (("dt", dt), ("pts_per_period", pts_per_period), ("t", t)) if v is not None]
    if len(given) > 1:
        raise InputError(f"give only one of dt, pts_per_period and t; got {' and '.join(given)}")
    if system.behaviour.iterated:
        if given:
            raise InputError(
                f"{system.name} is a map: it is sampled at every iteration, so {given[0]} does not apply; give n"
            )
        n = check_int(1000 if n is None else n, "n", minimum=1)
        _check_values(system, n, members)
        if isinstance(transient, float) and transient.is_integer():
            transient = int(transient)
        steps = check_int(transient, "transient (iterations of a map)", minimum=0)
        ts = float(steps) + np.arange(n, dtype=np.float64)
        return dict(n=n, ts=ts, dt=1.0, pts_per_period=None, transient=float(steps))
    transient = non_negative(transient, "transient")
    if t is not None:
        if n is not None:
            raise InputError("give n or t, not both (t fixes the number of samples)")
        ts = float_array(t, "t")
        if ts.ndim != 1:
            raise InputError(f"t must be a 1-D sequence of sample times, got shape {ts.shape}")
        if ts.size < 1:
            raise InputError("t must hold at least one sample time")
        if not np.isfinite(ts).all():
            i = int(np.argmax(~np.isfinite(ts)))
            raise InputError(f"t must hold finite sample times; t[{i}] is {ts[i]}")
        if (np.diff(ts) < 0).any():
            i = int(np.argmax(np.diff(ts) < 0))
            raise InputError(f"t must be non-decreasing; t[{i + 1}]={ts[i + 1]:g} < t[{i}]={ts[i]:g}")
        if ts[0] < 0:
            raise InputError(f"t must be >= 0 (integration starts at 0); got t[0]={ts[0]:g}")
        if transient:
            raise InputError("with explicit times t the transient is t[0]: leave transient at 0")
        _check_values(system, ts.size, members)
        gaps = np.diff(ts)
        even = ts.size > 1 and np.allclose(gaps, gaps[0], rtol=1e-12, atol=0)
        return dict(
            n=ts.size, ts=ts, dt=float(gaps[0]) if even else None, pts_per_period=None, transient=transient
        )  # fmt: skip
    n = check_int(1000 if n is None else n, "n", minimum=1)
    _check_values(system, n, members)
    pts = None
    if dt is None:
        if pts_per_period is None:
            if system.period is None:
                if system.dt is None:
                    raise InputError(f"{system.name} has no known period or step: give dt")
                dt = system.dt
            else:
                pts_per_period = 100
        if pts_per_period is not None:
            pts = positive(pts_per_period, "pts_per_period")
            if system.period is None:
                raise InputError(
                    f"{system.name} has no known dominant period; give dt instead of pts_per_period"
                )
            dt = system.period / pts
    dt = positive(dt, "dt")
    ts = transient + dt * np.arange(n, dtype=np.float64)
    return dict(n=n, ts=ts, dt=dt, pts_per_period=pts, transient=transient)


def _members(system, ic, sweep) -> dict[str, Any]:
    y0 = system.ic if ic is None else float_array(ic, "ic")
    if y0.ndim not in (1, 2) or y0.shape[-1] != system.dimension:
        raise InputError(
            f"ic of {system.name} must have shape ({system.dimension},) or (members, {system.dimension}); "
            f"got {y0.shape}"
        )
    if y0.shape[0] == 0:
        # an empty ensemble integrated nothing and returned a trajectory without members, in silence
        raise InputError(
            f"ic has no rows: an ensemble needs at least one initial condition, got shape {y0.shape}"
        )
    if not np.isfinite(y0).all():
        pos = np.argwhere(~np.isfinite(np.atleast_2d(y0)))[0]
        raise InputError(
            f"ic must be finite; member {pos[0]}, variable {pos[1]} is {np.atleast_2d(y0)[tuple(pos)]}"
        )
    ics = np.atleast_2d(y0)
    sweep = dict(sweep or {})
    check_params(system.spec, dict.fromkeys(sweep, 0.0), what="sweep")
    check_not_size(system.spec, sweep, "swept")
    swept = {}
    for name, values in sweep.items():
        v = float_array(values, f"sweep values of {name!r}").ravel()
        if v.size < 1 or not np.isfinite(v).all():
            raise InputError(f"sweep values of {name!r} must be finite numbers, got {values!r}")
        swept[name] = v
    names = list(system.params)
    base = parameter_vector(system.params)
    p_rows = []
    for combo in list(itertools.product(*swept.values())) or [()]:
        p = base.copy()
        for name, value in zip(swept, combo, strict=True):
            p[names.index(name)] = value
        p_rows.append(p)
    # Member order: initial condition outer, parameter combination inner.
    y0s = np.ascontiguousarray(np.repeat(ics, len(p_rows), axis=0))
    p0s = np.ascontiguousarray(np.tile(np.array(p_rows).reshape(len(p_rows), -1), (ics.shape[0], 1)))
    return dict(ensemble=y0.ndim == 2, n_ic=ics.shape[0], members=y0s.shape[0], y0s=y0s, p0s=p0s, sweep=swept)


def _ramp(system, ramp, ts: np.ndarray, sweep: Mapping, p0s: np.ndarray) -> dict[str, Any]:
    """The ramp's rates and ends; a ramp's start replaces its parameter in ``p0s`` (built just before)."""
    ramp = dict(ramp or {})
    check_params(system.spec, dict.fromkeys(ramp, 0.0), what="ramp")
    check_not_size(system.spec, ramp, "ramped")
    clash = set(ramp) & set(sweep)
    if clash:
        raise InputError(f"a parameter cannot be both swept and ramped: {sorted(clash)}")
    names = list(system.params)
    rate = np.zeros(len(names))
    span = ts[-1] - ts[0]
    ends = {}
    for name, pair in ramp.items():
        try:
            start, end = (float(v) for v in pair)
        except (TypeError, ValueError):
            raise InputError(f"ramp of {name!r} must be a pair (start, end), got {pair!r}") from None
        if not (np.isfinite(start) and np.isfinite(end)):
            raise InputError(f"ramp of {name!r} must have finite ends, got {pair!r}")
        if span <= 0:
            raise InputError("a ramp needs at least two distinct sample times")
        j = names.index(name)
        p0s[:, j] = start
        rate[j] = (end - start) / span
        ends[name] = (start, end)
    return dict(rate=rate, t_ramp=ts[0], ramp=ends)


def _noise(system, noise, multiplicative, substeps, dt) -> dict[str, Any]:
    """Dynamical noise: amplitudes, whether the run is stochastic, and Euler-Maruyama steps per sample."""
    sigma = float_array(noise, "noise").ravel()
    if sigma.size not in (1, system.dimension) or not np.isfinite(sigma).all() or (sigma < 0).any():
        raise InputError(
            f"noise must be a finite amplitude >= 0, scalar or one per variable ({system.dimension}); got {noise!r}"
        )
    own = system.behaviour.noise == "own"
    stochastic = own or bool((sigma > 0).any())
    if own and np.ndim(noise) == 0 and float(noise) == 0.0:
        sigma = np.ones(1)  # an SDE's own diffusion, unscaled
    if stochastic and system.behaviour.noise == "never":
        raise InputError(f"dynamical noise is for flows and SDEs; {system.name} is a {system.kind}")
    if stochastic:
        if dt is None:
            raise InputError(
                "noisy integration needs evenly spaced samples: give dt or pts_per_period, not t"
            )
        if substeps is None:
            h = system.dt or dt / 10
            substeps = max(1, math.ceil(dt / h - 1e-9))
        substeps = check_int(substeps, "substeps", minimum=1)
    else:
        # they shape the Euler-Maruyama steps: without noise they were dropped in silence
        given = [
            k
            for k, v in (("substeps", substeps), ("multiplicative", multiplicative))
            if v not in (None, False)
        ]
        if given:
            raise InputError(
                f"{' and '.join(given)} apply to noisy integration; give noise > 0 (or leave them out)"
            )
        substeps = None
    return dict(sigma=sigma, stochastic=stochastic, multiplicative=bool(multiplicative), substeps=substeps)
