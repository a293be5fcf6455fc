"""The :class:`System` object: one catalog entry with its parameters, ready to integrate.

>>> from tsdyn.systems.system import System
>>> from tsdyn.systems.base import Spec
>>> import numpy as np
>>> def decay(t, y, p, out):
...     out[0] = -p[0] * y[0]
>>> s = System(Spec("Decay", "flow", decay, {"k": 1.0}, np.array([1.0])))
>>> x = s.integrate(n=3, dt=1.0)
>>> [round(float(v), 6) for v in x.sel(variable="x0")]
[1.0, 0.367879, 0.135335]
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from tsdyn.errors import InputError, IntegrationError, check_int
from tsdyn.rng import Seed, as_seed_sequence
from tsdyn.systems.base import Spec

__all__ = ["System"]

_METHODS = ("auto", "dop853", "dopri5", "radau", "bdf", "lsoda")
_SCIPY_NAMES = {"radau": "Radau", "bdf": "BDF", "lsoda": "LSODA", "dop853": "DOP853", "dopri5": "RK45"}


class System:
    """A system of the catalog (or a user-defined one) with concrete parameter values.

    Get one with :func:`tsdyn.systems.get`; ``System(spec, **overrides)`` is
    the same thing for a :class:`~tsdyn.systems.base.Spec` you built yourself.
    """

    def __init__(self, spec: Spec, **params: float):
        self.spec = spec
        self._params = dict(spec.params)
        self._params.update(_check_params(spec, params))
        self._ic = spec.ic
        if any(self._params[k] != spec.params[k] for k in spec.size_params):
            # Another size: the catalog's hook builds the state (and so the dimension) for it.
            ic = np.array(spec.ic_for(self._params), dtype=np.float64)
            if ic.ndim != 1 or not np.isfinite(ic).all():
                raise InputError(f"{spec.name}: ic_for must return a finite 1-D state, got shape {ic.shape}")
            self._ic = ic

    # ------------------------------------------------------------------ metadata
    name = property(lambda self: self.spec.name, doc="Name in the catalog.")
    kind = property(lambda self: self.spec.kind, doc="'flow', 'map', 'delay' or 'sde'.")
    dimension = property(lambda self: int(self._ic.size), doc="Number of state variables.")
    citation = property(lambda self: self.spec.citation, doc="Where the equations come from.")
    description = property(lambda self: self.spec.description, doc="One-line description.")
    period = property(lambda self: self.spec.period, doc="Dominant period (time units), if known.")
    dt = property(lambda self: self.spec.dt, doc="Suggested integration step, if known.")
    delay = property(lambda self: self.spec.delay, doc="Delay time of a delay equation.")
    hamiltonian = property(lambda self: self.spec.hamiltonian, doc="Conserves an energy.")
    nonautonomous = property(lambda self: self.spec.nonautonomous, doc="Explicitly time-dependent.")
    unbounded = property(lambda self: self.spec.unbounded, doc="Indices of unbounded (phase) variables.")

    @property
    def chaotic(self) -> bool:
        """Whether the default parameters give a chaotic attractor (False for SDEs).

        The catalog marks the exceptions: reference oscillators (limit cycles,
        Lissajous curves, tori), models that settle on equilibria, and maps
        whose published parameters have no chaotic attractor; a test checks
        their stored largest Lyapunov exponent is not positive. Benchmarks of
        chaotic systems (``tsdyn.forecast.build_benchmark``) leave them out.

        >>> import tsdyn.systems as ts
        >>> ts.get("Lorenz").chaotic, ts.get("VanDerPol").chaotic
        (True, False)
        """
        return self.kind != "sde" and bool(self.spec.extra.get("chaotic", True))

    @property
    def params(self) -> dict[str, float]:
        """Parameter values by name (a copy)."""
        return dict(self._params)

    @property
    def ic(self) -> np.ndarray:
        """Default initial condition (on the attractor, from the literature).

        For a size other than the catalog's (``size_params``), the system's
        ``ic_for`` hook builds it (see the system's ``ic_note``).
        """
        return self._ic.copy()

    @property
    def variables(self) -> list[str]:
        """Names of the state variables (``x0``, ``x1`` ... unless the catalog names them)."""
        names = self.spec.extra.get("variables")
        return list(names) if names else [f"x{i}" for i in range(self.dimension)]

    @property
    def metadata(self) -> dict[str, Any]:
        """Everything known about the system, as a plain dict."""
        meta = {
            "name": self.name,
            "kind": self.kind,
            "dimension": self.dimension,
            "parameters": self.params,
            "ic": self.ic.tolist(),
            "period": self.period,
            "dt": self.dt,
            "delay": self.delay_time,
            "hamiltonian": self.hamiltonian,
            "nonautonomous": self.nonautonomous,
            "unbounded": list(self.unbounded),
            "chaotic": self.chaotic,
            "has_jacobian": self.spec.jac is not None,
            "citation": self.citation,
            "description": self.description,
        }
        meta.update({k: v for k, v in self.spec.extra.items() if k not in meta and k != "user"})
        return meta

    # ------------------------------------------------------------------ invariants
    @property
    def invariants(self) -> dict[str, Any] | None:
        """Invariants computed for the catalog (``tsdyn/systems/invariants.json``), or None.

        None for user-defined systems and for parameters other than the catalog's
        (the stored numbers would not apply). Keys: ``dominant_period``, ``dt``,
        ``mean``, ``std``, ``lyapunov_spectrum``, ``lyapunov_stderr``,
        ``lyapunov_max``, ``kaplan_yorke_dimension``, ``correlation_dimension``
        and their ``*_error``; ``not_applicable`` and ``failed`` give reasons for
        what is missing. Settings and tsdyn version: ``tsdyn.systems._invariants.load()``.

        >>> import tsdyn.systems as ts
        >>> round(ts.get("Lorenz").lyapunov_max, 1)
        0.9
        >>> ts.get("Lorenz", rho=35.0).lyapunov_max is None
        True
        """
        from tsdyn.systems import _invariants

        if self.spec.extra.get("user"):
            return None
        return _invariants.entry(self.name, self._params)

    def _invariant(self, key: str, array: bool = False):
        inv = self.invariants
        value = None if inv is None else inv.get(key)
        if value is None or not array:
            return value
        return np.array([np.nan if v is None else v for v in value], dtype=np.float64)

    lyapunov_max = property(
        lambda self: self._invariant("lyapunov_max"), doc="Largest Lyapunov exponent (catalog's, or None)."
    )
    lyapunov_spectrum = property(
        lambda self: self._invariant("lyapunov_spectrum", array=True),
        doc="Lyapunov spectrum, descending (catalog's, or None): all exponents, or the leading ones for grids.",
    )
    kaplan_yorke_dimension = property(
        lambda self: self._invariant("kaplan_yorke_dimension"), doc="Kaplan-Yorke dimension (or None)."
    )
    correlation_dimension = property(
        lambda self: self._invariant("correlation_dimension"),
        doc="Grassberger-Procaccia correlation dimension (or None).",
    )
    dominant_period = property(
        lambda self: self._invariant("dominant_period"),
        doc="Period of the power spectrum's peak, measured (or None); ``period`` is the literature's.",
    )
    mean = property(
        lambda self: self._invariant("mean", array=True),
        doc="Mean of each variable on the attractor (or None).",
    )
    std = property(
        lambda self: self._invariant("std", array=True), doc="Standard deviation of each variable (or None)."
    )

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v:g}" for k, v in self._params.items())
        return f"<System {self.name} ({self.kind}, dim {self.dimension}): {params}>"

    def with_params(self, **params: float) -> System:
        """A copy with some parameters changed."""
        return System(self.spec, **{**self._params, **params})

    @property
    def _p(self) -> np.ndarray:
        return np.array(list(self._params.values()), dtype=np.float64)

    # ------------------------------------------------------------------ compiled functions
    def compiled(self, what: str = "rhs"):
        """The numba-compiled ``rhs`` / ``jac`` / ``noise`` / map ``step``; None if numba cannot compile it.

        A catalog function that does not compile is a bug and raises; a
        user-defined one returns None and the system falls back to scipy.
        """
        from tsdyn.systems._integrate import compile_rhs

        func = self.spec.func if what == "rhs" else getattr(self.spec, what)
        if func is None:
            return None
        kinds = {"rhs": {"map": "map", "delay": "delay"}.get(self.kind, "rhs"), "noise": "rhs"}
        kinds["jac"] = "mapjac" if self.kind == "map" else "jac"
        kind = kinds[what]
        try:
            return compile_rhs(func, kind)
        except InputError:
            if self.spec.extra.get("user"):
                return None
            raise

    def rhs(self, y, t: float = 0.0) -> np.ndarray:
        """The right-hand side (flows, SDE drift) or next state (maps) at state ``y``.

        >>> import tsdyn.systems as ts
        >>> ts.get("Lorenz").rhs([1.0, 1.0, 1.0]).tolist()
        [0.0, 26.0, -1.6666...]
        """
        y = self._state(y)
        out = np.empty(self.dimension)
        func = self.compiled("rhs") or self.spec.func
        if self.kind == "map":
            func(y, self._p, out)
        elif self.kind == "delay":
            raise InputError(f"{self.name} is a delay equation: its rhs also needs the delayed state")
        else:
            func(float(t), y, self._p, out)
        return out

    def jac(self, y, t: float = 0.0) -> np.ndarray:
        """The analytic Jacobian at ``y`` (a ``(dim, dim)`` matrix); InputError if there is none.

        >>> import tsdyn.systems as ts
        >>> ts.get("Lorenz").jac([0.0, 0.0, 0.0])[0].tolist()
        [-10.0, 10.0, 0.0]
        """
        if self.spec.jac is None:
            raise InputError(f"{self.name} has no analytic Jacobian")
        y = self._state(y)
        out = np.zeros((self.dimension, self.dimension))
        func = self.compiled("jac") or self.spec.jac
        if self.kind == "map":
            func(y, self._p, out)
        else:
            func(float(t), y, self._p, out)
        return out

    def _state(self, y, what: str = "state") -> np.ndarray:
        y = np.array(y, dtype=np.float64, ndmin=1)
        if y.shape != (self.dimension,):
            raise InputError(f"{what} of {self.name} must have {self.dimension} values, got shape {y.shape}")
        if not np.isfinite(y).all():
            raise InputError(f"{what} of {self.name} must be finite, got {y.tolist()}")
        return np.ascontiguousarray(y)

    # ------------------------------------------------------------------ integration
    def integrate(
        self,
        n: int | None = None,
        *,
        dt: float | None = None,
        pts_per_period: float | None = None,
        t: Sequence[float] | None = None,
        transient: float = 0.0,
        ic=None,
        sweep: Mapping[str, Sequence[float]] | None = None,
        ramp: Mapping[str, tuple[float, float]] | None = None,
        method: str = "auto",
        rtol: float = 1e-9,
        atol: float = 1e-9,
        noise=0.0,
        multiplicative: bool = False,
        substeps: int | None = None,
        obs_noise: float = 0.0,
        seed: Seed = None,
        history=None,
        member_offset: int = 0,
        max_steps: int = 10**8,
        max_abs: float = 1e12,
        parallel: bool = True,
    ):
        """Integrate (or iterate) the system and return the trajectory as a DataArray.

        Parameters
        ----------
        n : int
            Number of samples (default 1000; not with ``t``).
        dt, pts_per_period, t
            Sampling, one of: a step ``dt``; ``pts_per_period`` samples per
            dominant period; or explicit sample times ``t`` (non-decreasing,
            >= 0; integration starts at 0). Default: 100 points per period.
            Samples land exactly on these times (dense output). Maps: none
            of them, the time is the iteration number.
        transient : float
            Model time (iterations for maps) integrated from ``ic`` and
            dropped before the first sample.
        ic : array_like, optional
            Initial condition ``(dim,)``, or ``(members, dim)`` for an
            ensemble (adds a ``member`` dimension). Default: the catalog's.
        sweep : mapping, optional
            ``{parameter: values}``; the Cartesian product of all sweeps is
            integrated, each parameter becoming a dimension of the result.
        ramp : mapping, optional
            ``{parameter: (start, end)}``: the parameter moves linearly from
            ``start`` at the first sample to ``end`` at the last (it stays
            at ``start`` during the transient). Recorded in attrs.
        method : str
            ``"auto"`` (DOP853, falling back to scipy's Radau where explicit
            stepping fails, or the system's own choice), ``"dop853"``,
            ``"dopri5"`` (compiled), or scipy's ``"radau"``, ``"bdf"``, ``"lsoda"``.
        rtol, atol : float
            Local error tolerances of the adaptive solvers.
        noise : float or array_like
            Dynamical noise amplitude per component. Non-zero turns a flow
            into an Itô SDE (additive, or ``multiplicative=True`` for
            amplitude proportional to the state), integrated by
            Euler-Maruyama (strong order 1.0 additive, 0.5 multiplicative).
            SDE systems use their own diffusion scaled by ``noise`` (default 1).
        substeps : int, optional
            Euler-Maruyama steps per sample (default: the system's ``dt``
            guidance, else 10).
        obs_noise : float
            Observation noise: Gaussian with standard deviation ``obs_noise``
            times each variable's standard deviation, added after integration.
        seed : int, SeedSequence or Generator
            Seeds the dynamical and observation noise; member ``i`` uses
            child ``i`` of the seed, so results do not depend on threads.
        member_offset : int
            Index of the first member of ``ic`` in a larger ensemble: member
            ``i`` draws from child ``member_offset + i`` of ``seed``, so an
            ensemble run in pieces (:meth:`integrate_to`) is the same as in one go.
        history : callable, optional
            Delay equations: the state ``history(t)`` at past times
            ``-delay <= t <= 0`` (default: constant at ``ic``). Delay
            equations integrate by the method of steps with Dormand-Prince
            5(4), reading delayed states from the stored dense output; all
            members (ensembles, sweeps, the delay included) in one compiled
            call. Every member's ``ic`` must equal ``history(0)``.
        max_steps, max_abs : optional
            Step budget per member and the bound whose crossing is a blow-up.
        parallel : bool
            Integrate ensemble members in parallel (numba threads).

        Returns
        -------
        xarray.DataArray
            Dims ``(time, variable[, member][, swept parameters])``; attrs
            record the system, parameters, initial condition, integrator,
            tolerances, seed and tsdyn version. Time comes *first*, while a
            plain numpy array given to an analysis function is read with time
            *last*: pass the DataArray itself, or ``.values.T``, never
            ``.values`` (ordinal functions refuse it with a hint).

        Examples
        --------
        >>> import tsdyn.systems as ts
        >>> x = ts.get("Lorenz").integrate(n=200, pts_per_period=50)
        >>> x.dims, x.shape, x.attrs["integrator"]
        (('time', 'variable'), (200, 3), 'dop853')
        """
        req = _Request.build(self, n, dt, pts_per_period, t, transient, ic, sweep, ramp, method, seed)
        req.first_member = check_int(member_offset, "member_offset", minimum=0)
        rtol, atol = _positive(rtol, "rtol"), _positive(atol, "atol")
        obs_noise = _non_negative(obs_noise, "obs_noise")
        sigma = np.array(noise, dtype=np.float64, ndmin=1).ravel()
        if sigma.size not in (1, self.dimension) or not np.isfinite(sigma).all() or (sigma < 0).any():
            raise InputError(
                f"noise must be a finite amplitude >= 0, scalar or one per variable ({self.dimension}); got {noise!r}"
            )
        stochastic = self.kind == "sde" or bool((sigma > 0).any())
        if self.kind == "sde" and np.ndim(noise) == 0 and float(noise) == 0.0:
            sigma = np.ones(1)
        if stochastic and self.kind not in ("flow", "sde"):
            raise InputError(f"dynamical noise is for flows and SDEs; {self.name} is a {self.kind}")
        if history is not None and self.kind != "delay":
            raise InputError(f"history is for delay equations; {self.name} is a {self.kind}")

        if self.kind == "map":
            out, integrator = self._iterate(req, max_abs, parallel), "map iteration"
        elif stochastic:
            out, integrator = self._sde(req, sigma, multiplicative, substeps, parallel), "euler-maruyama"
        elif self.kind == "delay":
            out, integrator = (
                self._dde(req, history, rtol, atol, max_steps, max_abs, parallel),
                "dopri5 method of steps",
            )
        else:
            out, integrator = self._ode(req, rtol, atol, max_steps, max_abs, parallel)
        if obs_noise > 0:
            for i, child in enumerate(req.children(1)):
                g = np.random.default_rng(child)
                scale = obs_noise * out[i].std(axis=0)
                out[i] += scale * g.standard_normal(out[i].shape)
        attrs = {
            "integrator": integrator,
            "method": req.method,
            "rtol": rtol,
            "atol": atol,
            "noise": sigma if sigma.size > 1 else float(sigma[0]) if stochastic else 0.0,
            "multiplicative_noise": int(multiplicative) if stochastic else 0,
            "substeps": req.substeps_used,
            "obs_noise": obs_noise,
        }
        # Keep only what applies to the scheme that ran.
        if self.kind == "map" or not stochastic:
            del attrs["substeps"]
        if self.kind == "map" or stochastic:
            for key in ("rtol", "atol", "method"):
                del attrs[key]
        if self.kind == "map":
            for key in ("noise", "multiplicative_noise"):
                del attrs[key]
        return req.to_dataarray(self, out, attrs)

    def integrate_to(self, path, *, ic, members_per_chunk: int = 256, **kwargs):
        """Integrate an ensemble piece by piece, streaming it into a zarr store (atomically).

        For ensembles larger than memory: ``ic`` ``(members, dim)`` is cut into
        pieces of ``members_per_chunk`` members, each integrated by
        :meth:`integrate` (with ``kwargs``) and appended along ``member``. Seeds
        follow the member index, so the store equals one big call. Returns the path.

        >>> import tempfile, pathlib, numpy as np, xarray as xr
        >>> import tsdyn.systems as ts
        >>> s = ts.get("Lorenz")
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ens.zarr"
        >>> _ = s.integrate_to(path, ic=s.ic + np.zeros((5, 3)), members_per_chunk=2, n=10, dt=0.01)
        >>> xr.open_zarr(path)["Lorenz"].sizes["member"]
        5
        """
        from pathlib import Path

        from tsdyn.io.writers import ZARR_FORMAT, atomic_path

        if not str(path).lower().endswith(".zarr"):
            raise InputError(
                f"streamed ensembles are written to zarr: give a path ending in .zarr, got {str(path)!r}"
            )
        ics = np.array(ic, dtype=np.float64)
        if ics.ndim != 2:
            raise InputError(
                f"integrate_to needs an ensemble: ic of shape (members, {self.dimension}), got {ics.shape}"
            )
        step = check_int(members_per_chunk, "members_per_chunk", minimum=1)
        with atomic_path(path, directory=True) as tmp:
            for start in range(0, ics.shape[0], step):
                da = self.integrate(ic=ics[start : start + step], member_offset=start, **kwargs)
                ds = da.to_dataset(name=self.name)
                if start == 0:
                    ds.to_zarr(tmp, mode="w", zarr_format=ZARR_FORMAT)
                else:
                    ds.to_zarr(tmp, append_dim="member")
        return Path(path)

    def validated_ensemble(self, n_members: int, **kwargs):
        """An ensemble of perturbed members that are all chaotic, and why the others were rejected.

        Candidates draw their initial condition ``ic + ic_spread * N(0, 1)``
        and parameters ``p * (1 + param_spread * N(0, 1))`` (``param_spread``
        a relative spread for every parameter, or ``{name: spread}``), are
        integrated together, and are kept only if they pass every check in
        ``checks``: ``"bounded"``, ``"fixed_point"``, ``"limit_cycle"``,
        ``"lyapunov"`` (largest exponent from a short run, ``lyapunov_time``,
        above ``lyapunov_min`` by two standard errors); see
        :mod:`tsdyn.systems._ensembles` for the exact criteria. Drawing stops at
        ``n_members`` accepted or ``max_tries`` candidates (default ten per
        member), so fewer members come back when too many fail. Flows and maps.

        Parameters
        ----------
        n_members : int
            Members wanted.
        n, dt, pts_per_period, transient, rtol, atol, parallel
            As in :meth:`integrate` (flows always use DOP853). Checks run on
            the sampled trajectory: resolve the oscillation (>= ~20 points
            per period) and drop the approach to the attractor with ``transient``.
        param_spread, ic_spread, seed, checks, max_tries, tol, cycle_tol, lyapunov_time, lyapunov_min, max_abs
            Sampling and checks (``max_abs``, default 1e8: the bound whose
            crossing is a blow-up). Same seed, same ensemble and report.

        Returns
        -------
        data : xarray.DataArray
            ``(time, variable, member)``; coords ``candidate`` and each
            perturbed parameter along ``member``; attrs record the checks.
        report : pandas.DataFrame
            One row per candidate: ``member`` (-1 if rejected), ``reason``
            (``accepted``, ``unbounded``, ``fixed point``, ``limit cycle``,
            ``lyapunov``, ``integration failed``), ``detail``, its parameters
            and initial condition, ``lyapunov`` and ``accepted``.

        Examples
        --------
        >>> import tsdyn.systems as ts
        >>> x, report = ts.get("Lorenz").validated_ensemble(2, n=2000, dt=0.02, transient=10.0, seed=1)
        >>> x.sizes["member"], report.reason.tolist()
        (2, ['accepted', 'accepted'])
        """
        from tsdyn.systems._ensembles import validated_ensemble

        return validated_ensemble(self, n_members, **kwargs)

    def _iterate(self, req: _Request, max_abs: float, parallel: bool) -> np.ndarray:
        from tsdyn.systems._integrate import iterate_map

        step = self.compiled("rhs")
        if step is None:
            raise InputError(f"numba cannot compile the map {self.name}; maps need a numba-compilable step")
        out, fail = iterate_map(
            step, req.y0s, req.p0s, req.n, transient=req.transient_steps, rate=req.rate, k_ramp=req.t_ramp,
            max_abs=max_abs, parallel=parallel,
        )  # fmt: skip
        bad = np.flatnonzero(fail >= 0)
        if bad.size:
            i = int(bad[0])
            raise IntegrationError(
                f"{self.name}: the orbit of {req.describe(i)} left |x| <= {max_abs:g} at iteration {fail[i]}"
            )
        return out

    def _sde(
        self, req: _Request, sigma, multiplicative: bool, substeps: int | None, parallel: bool
    ) -> np.ndarray:
        from tsdyn.systems._integrate import _linear_diffusion, _unit_diffusion, compile_rhs, em_members

        if self.compiled("rhs") is None:
            raise InputError(
                f"noise needs a numba-compilable right-hand side; {self.name}'s does not compile"
            )
        if req.dt is None:
            raise InputError(
                "noisy integration needs evenly spaced samples: give dt or pts_per_period, not t"
            )
        if substeps is None:
            h = self.dt or req.dt / 10
            substeps = max(1, math.ceil(req.dt / h - 1e-9))
        req.substeps_used = check_int(substeps, "substeps", minimum=1)
        if self.kind == "sde":
            diffusion = self.compiled("noise")
        else:
            diffusion = compile_rhs(_linear_diffusion if multiplicative else _unit_diffusion)
        sig = np.full(self.dimension, sigma[0]) if sigma.size == 1 else np.ascontiguousarray(sigma)
        return em_members(
            self.compiled("rhs"), diffusion, sig, req.y0s, req.p0s, [np.random.default_rng(c) for c in req.children(0)],
            dt=req.dt, n=req.n, substeps=req.substeps_used, t0=0.0, transient=req.transient, rate=req.rate,
            t_ramp=req.t_ramp, parallel=parallel,
        )  # fmt: skip

    def _ode(self, req: _Request, rtol, atol, max_steps, max_abs, parallel) -> tuple[np.ndarray, str]:
        from tsdyn.systems import _integrate as I

        f = self.compiled("rhs")
        method = req.method
        if method == "auto":
            method = self.spec.extra.get("method", "auto")
        if f is None or method in ("radau", "bdf", "lsoda"):
            # Plain-Python systems and explicit stiff choices go through scipy, member by member.
            name = _SCIPY_NAMES["dop853" if method == "auto" else method]
            return self._scipy(req, name, rtol, atol), f"scipy {name}"
        code = I.DOPRI5 if method == "dopri5" else I.DOP853
        out, status, info = I.solve_rk(
            f, req.y0s, req.p0s, req.ts, t0=0.0, method=code, rate=req.rate, t_ramp=req.t_ramp, rtol=rtol,
            atol=atol, max_steps=max_steps, max_abs=max_abs, parallel=parallel,
        )  # fmt: skip
        integrator = "dopri5" if code == I.DOPRI5 else "dop853"
        for i in np.flatnonzero(status != I.OK):
            msg = I.status_message(
                int(status[i]), t=info[i, 3], t_end=req.ts[-1], max_abs=max_abs, max_steps=max_steps
            )
            if method == "auto" and status[i] != I.BLOW_UP:
                # Explicit stepping failed: the stiff fallback takes this member.
                out[i] = self._scipy(req, "Radau", rtol, atol, members=[i])[0]
                integrator = "dop853+radau"
                continue
            raise IntegrationError(f"{self.name} ({integrator}), {req.describe(int(i))}: {msg}")
        return out, integrator

    @property
    def delay_time(self) -> float | None:
        """The delay of a delay equation at the current parameters (it may be one of them)."""
        name = self.spec.extra.get("delay_param")
        return self._params[name] if name else self.spec.delay

    def _dde(self, req: _Request, history, rtol, atol, max_steps, max_abs, parallel) -> np.ndarray:
        from tsdyn.systems._integrate import solve_dde, status_message

        f = self.compiled("rhs")
        if f is None:
            raise InputError(
                f"delay equations need a numba-compilable right-hand side; {self.name}'s does not compile"
            )
        name = self.spec.extra.get("delay_param")
        if name is None:
            taus = self.delay_time
        else:
            # The delay is a parameter: each member (of a sweep over it, too) runs with its own.
            j = list(self.params).index(name)
            if req.rate[j] != 0.0:
                raise InputError(f"the delay {name!r} of {self.name} cannot be ramped (sweep it instead)")
            taus = req.p0s[:, j]
        out, status, info = solve_dde(
            f, req.y0s, req.p0s, req.ts, tau=taus, history=history, rate=req.rate, t_ramp=req.t_ramp, rtol=rtol,
            atol=atol, max_steps=max_steps, max_abs=max_abs, parallel=parallel,
        )  # fmt: skip
        failed = np.flatnonzero(status)
        if failed.size:
            i = int(failed[0])
            msg = status_message(
                int(status[i]), t=info[i, 3], t_end=req.ts[-1], max_abs=max_abs, max_steps=max_steps
            )
            raise IntegrationError(f"{self.name} (dopri5 method of steps), {req.describe(i)}: {msg}")
        return out

    def _scipy(self, req: _Request, name: str, rtol, atol, members=None) -> np.ndarray:
        from tsdyn.systems._integrate import solve_scipy

        f = self.compiled("rhs") or self.spec.func
        jac = (self.compiled("jac") or self.spec.jac) if self.spec.jac is not None else None
        members = range(req.members) if members is None else members
        out = np.empty((len(members), req.n, self.dimension))
        for k, i in enumerate(members):
            try:
                out[k] = solve_scipy(
                    f, req.y0s[i], req.p0s[i], req.ts, t0=0.0, method=name, rtol=rtol, atol=atol,
                    rate=req.rate, t_ramp=req.t_ramp, jac=jac,
                )  # fmt: skip
            except IntegrationError as err:
                raise IntegrationError(f"{self.name}, {req.describe(i)}: {err}") from None
        return out


class _Request:
    """A validated integration request: sample times, members, parameters, ramps, seeds."""

    @classmethod
    def build(cls, system, n, dt, pts_per_period, t, transient, ic, sweep, ramp, method, seed):
        self = cls()
        self.system = system
        self.method = str(method).lower()
        if self.method not in _METHODS:
            raise InputError(f"method must be one of {', '.join(_METHODS)}; got {method!r}")
        self.substeps_used = None
        self.seed_seq = as_seed_sequence(seed)
        self.seed_given = seed
        self._children = None
        self.first_member = 0
        self._sampling(system, n, dt, pts_per_period, t, transient)
        self._members(system, ic, sweep)
        self._ramp(system, ramp)
        return self

    def _sampling(self, system, n, dt, pts_per_period, t, transient):
        given = [
            name for name, v in (("dt", dt), ("pts_per_period", pts_per_period), ("t", t)) if v is not None
        ]
        if len(given) > 1:
            raise InputError(f"give only one of dt, pts_per_period and t; got {' and '.join(given)}")
        self.pts_per_period = None
        if system.kind == "map":
            if given:
                raise InputError(
                    f"{system.name} is a map: it is sampled at every iteration, so {given[0]} does not apply; give n"
                )
            self.n = check_int(1000 if n is None else n, "n", minimum=1)
            if isinstance(transient, float) and transient.is_integer():
                transient = int(transient)
            self.transient_steps = check_int(transient, "transient (iterations of a map)", minimum=0)
            self.transient = float(self.transient_steps)
            self.dt = 1.0
            self.ts = self.transient + np.arange(self.n, dtype=np.float64)
            return
        self.transient = _non_negative(transient, "transient")
        if t is not None:
            if n is not None:
                raise InputError("give n or t, not both (t fixes the number of samples)")
            ts = np.array(t, dtype=np.float64, ndmin=1).ravel()
            if ts.size < 1 or not np.isfinite(ts).all():
                raise InputError("t must hold at least one finite sample time")
            if (np.diff(ts) < 0).any():
                i = int(np.argmax(np.diff(ts) < 0))
                raise InputError(f"t must be non-decreasing; t[{i + 1}]={ts[i + 1]:g} < t[{i}]={ts[i]:g}")
            if ts[0] < 0:
                raise InputError(f"t must be >= 0 (integration starts at 0); got t[0]={ts[0]:g}")
            if self.transient:
                raise InputError("with explicit times t the transient is t[0]: leave transient at 0")
            self.ts, self.n, self.dt = ts, ts.size, None
            steps = np.diff(ts)
            if ts.size > 1 and np.allclose(steps, steps[0], rtol=1e-12, atol=0):
                self.dt = float(steps[0])
            return
        self.n = check_int(1000 if n is None else n, "n", minimum=1)
        if dt is None:
            if pts_per_period is None:
                if system.period is None:
                    if system.dt is None:
                        raise InputError(f"{system.name} has no known period or step: give dt")
                    dt = system.dt
                else:
                    pts_per_period = 100
            if pts_per_period is not None:
                pts = _positive(pts_per_period, "pts_per_period")
                if system.period is None:
                    raise InputError(
                        f"{system.name} has no known dominant period; give dt instead of pts_per_period"
                    )
                self.pts_per_period = pts
                dt = system.period / pts
        self.dt = _positive(dt, "dt")
        self.ts = self.transient + self.dt * np.arange(self.n, dtype=np.float64)

    def _members(self, system, ic, sweep):
        y0 = system.ic if ic is None else np.array(ic, dtype=np.float64)
        if y0.ndim not in (1, 2) or y0.shape[-1] != system.dimension:
            raise InputError(
                f"ic of {system.name} must have shape ({system.dimension},) or (members, {system.dimension}); "
                f"got {y0.shape}"
            )
        if not np.isfinite(y0).all():
            pos = np.argwhere(~np.isfinite(np.atleast_2d(y0)))[0]
            raise InputError(
                f"ic must be finite; member {pos[0]}, variable {pos[1]} is {np.atleast_2d(y0)[tuple(pos)]}"
            )
        self.ensemble = y0.ndim == 2
        ics = np.atleast_2d(y0)
        sweep = dict(sweep or {})
        _check_params(system.spec, dict.fromkeys(sweep, 0.0), what="sweep")
        _check_not_size(system.spec, sweep, "swept")
        self.sweep = {}
        for name, values in sweep.items():
            v = np.array(values, dtype=np.float64, ndmin=1).ravel()
            if v.size < 1 or not np.isfinite(v).all():
                raise InputError(f"sweep values of {name!r} must be finite numbers, got {values!r}")
            self.sweep[name] = v
        names = list(system.params)
        base = np.array(list(system.params.values()), dtype=np.float64)
        combos = list(itertools.product(*self.sweep.values())) or [()]
        p_rows = []
        for combo in combos:
            p = base.copy()
            for name, value in zip(self.sweep, combo, strict=True):
                p[names.index(name)] = value
            p_rows.append(p)
        # Member order: initial condition outer, parameter combination inner.
        self.y0s = np.ascontiguousarray(np.repeat(ics, len(p_rows), axis=0))
        self.p0s = np.ascontiguousarray(np.tile(np.array(p_rows).reshape(len(p_rows), -1), (ics.shape[0], 1)))
        self.n_ic = ics.shape[0]
        self.members = self.y0s.shape[0]

    def _ramp(self, system, ramp):
        ramp = dict(ramp or {})
        _check_params(system.spec, dict.fromkeys(ramp, 0.0), what="ramp")
        _check_not_size(system.spec, ramp, "ramped")
        clash = set(ramp) & set(self.sweep)
        if clash:
            raise InputError(f"a parameter cannot be both swept and ramped: {sorted(clash)}")
        names = list(system.params)
        self.rate = np.zeros(len(names))
        self.t_ramp = self.ts[0]
        span = self.ts[-1] - self.ts[0]
        self.ramp = {}
        for name, ends in ramp.items():
            try:
                start, end = (float(v) for v in ends)
            except (TypeError, ValueError):
                raise InputError(f"ramp of {name!r} must be a pair (start, end), got {ends!r}") from None
            if not (np.isfinite(start) and np.isfinite(end)):
                raise InputError(f"ramp of {name!r} must have finite ends, got {ends!r}")
            if span <= 0:
                raise InputError("a ramp needs at least two distinct sample times")
            j = names.index(name)
            self.p0s[:, j] = start
            self.rate[j] = (end - start) / span
            self.ramp[name] = (start, end)

    def children(self, stream: int) -> list[np.random.SeedSequence]:
        """One seed per member for ``stream`` (0 dynamical noise, 1 observation noise).

        Spawned once per request, so the streams do not depend on which is asked for first.
        """
        if self._children is None:
            # Child k of the seed, built from its spawn key (as SeedSequence.spawn would), so a
            # member keeps its stream whatever piece of the ensemble it is integrated in.
            root = self.seed_seq
            per_ic = self.members // self.n_ic
            self._children = []
            for i in range(self.members):
                key = (*root.spawn_key, self.first_member * per_ic + i)
                child = np.random.SeedSequence(root.entropy, spawn_key=key, pool_size=root.pool_size)
                self._children.append(child.spawn(2))
        return [pair[stream] for pair in self._children]

    def describe(self, i: int) -> str:
        parts = [f"member {i // max(1, self.members // self.n_ic)}"] if self.ensemble else []
        names = list(self.system.params)
        parts += [f"{k}={self.p0s[i, names.index(k)]:g}" for k in self.sweep]
        parts.append(f"ic={np.array2string(self.y0s[i], precision=4)}")
        return ", ".join(parts)

    def to_dataarray(self, system, out: np.ndarray, attrs: dict):
        from tsdyn import __version__
        from tsdyn.data import import_xarray, netcdf_safe

        xr = import_xarray()

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


def _check_params(spec: Spec, params: Mapping[str, Any], *, what: str = "parameter") -> dict[str, float]:
    import difflib

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


def _check_not_size(spec: Spec, names, how: str) -> None:
    size = [name for name in names if name in spec.size_params]
    if size:
        raise InputError(
            f"{size[0]!r} of {spec.name} sets the state's size, so it cannot be {how}; "
            f"make one system per size with tsdyn.systems.get({spec.name!r}, {size[0]}=...)"
        )


def _positive(value, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not (math.isfinite(value) and value > 0)
    ):
        raise InputError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def _non_negative(value, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not (math.isfinite(value) and value >= 0)
    ):
        raise InputError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def user_spec(func, *, kind: str, params: Mapping[str, float], ic, name: str, **meta) -> Spec:
    """A :class:`Spec` for a user-defined system (flagged so plain Python falls back to scipy)."""
    extra = dict(meta.pop("extra", {}) or {})
    extra["user"] = True
    ic = np.asarray(ic, dtype=np.float64).ravel()
    params = {k: float(v) for k, v in params.items()}
    return replace(Spec(name=name, kind=kind, func=func, params=params, ic=ic), extra=extra, **meta)
