"""The :class:`System` object: one catalog entry with its parameters, ready to integrate.

>>> from tsdyn.systems.system import System
>>> from tsdyn.systems.base import Spec
>>> import numpy as np
>>> def decay(t, y, p, out):
...     out[0] = -p[0] * y[0]
>>> s = System(Spec(name="Decay", kind="flow", func=decay, params={"k": 1.0}, ic=np.array([1.0])))
>>> x = s.integrate(n=3, dt=1.0)
>>> [round(float(v), 6) for v in x.sel(variable="x0")]
[1.0, 0.367879, 0.135335]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from tsdyn.errors import InputError, check_int
from tsdyn.rng import Seed
from tsdyn.systems import _ensembles, _invariants
from tsdyn.systems._kinds import KIND_TABLE, Kind
from tsdyn.systems._request import METHODS, Request, check_params, check_state, parameter_vector
from tsdyn.systems._solve import DDE, EULER_MARUYAMA, ODE
from tsdyn.systems.base import Spec

if TYPE_CHECKING:
    import os
    from pathlib import Path

    import numba
    import pandas as pd
    import xarray as xr

__all__ = ["System", "user_spec"]


class System:
    """A system of the catalog (or a user-defined one) with concrete parameter values.

    Get one with :func:`tsdyn.systems.get`; ``System(spec, **overrides)`` is
    the same thing for a ``tsdyn.systems.base.Spec`` you built yourself (or
    use :func:`tsdyn.systems.define`).

    See Also
    --------
    tsdyn.systems.get : A system of the catalog.
    tsdyn.systems.define : A system of your own.
    tsdyn.systems.lyapunov_spectrum : Its Lyapunov exponents.

    Examples
    --------
    >>> import tsdyn.systems as ts
    >>> s = ts.get("Henon")
    >>> s.kind, s.dimension, s.variables, s.params
    ('map', 2, ['x0', 'x1'], {'a': 1.4, 'b': 0.3})
    >>> s.integrate(n=3).shape
    (3, 2)
    """

    def __init__(self, spec: Spec, **params: float):
        self.spec = spec
        self._params = dict(spec.params)
        self._params.update(check_params(spec, params))
        self._ic = spec.ic
        # Only a system with size parameters has the hook (flow() checks that they come together).
        if spec.ic_for is not None and any(self._params[k] != spec.params[k] for k in spec.size_params):
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
    def behaviour(self) -> Kind:
        """How the engine treats the system's kind: its row of the engine's ``KIND_TABLE``."""
        return KIND_TABLE[self.spec.kind]

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
        return self.behaviour.may_be_chaotic and bool(self.spec.extra.get("chaotic", True))

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
        return parameter_vector(self._params)

    # ------------------------------------------------------------------ compiled functions
    def compiled(self, what: str = "rhs") -> numba.core.dispatcher.Dispatcher | None:
        """The numba-compiled ``rhs`` / ``jac`` / ``noise`` / map ``step``; None if numba cannot compile it.

        A catalog function that does not compile is a bug and raises; a
        user-defined one returns None and the system falls back to scipy.
        """
        from tsdyn.systems._integrate import compile_rhs

        func = self.spec.func if what == "rhs" else getattr(self.spec, what)
        if func is None:
            return None
        try:
            return compile_rhs(func, self.behaviour.compile_as[what])
        except InputError:
            if self.spec.extra.get("user"):
                return None
            raise

    def rhs(self, y: ArrayLike, t: float = 0.0) -> np.ndarray:
        """The right-hand side (flows, SDE drift) or next state (maps) at state ``y``.

        >>> import tsdyn.systems as ts
        >>> ts.get("Lorenz").rhs([1.0, 1.0, 1.0]).tolist()
        [0.0, 26.0, -1.6666...]
        """
        y = check_state(self, y)
        if self.behaviour.history:
            raise InputError(f"{self.name} is a delay equation: its rhs also needs the delayed state")
        out = np.empty(self.dimension)
        func = self.compiled("rhs") or self.spec.func
        func(*self._time(t), y, self._p, out)
        return out

    def jac(self, y: ArrayLike, t: float = 0.0) -> np.ndarray:
        """The analytic Jacobian at ``y`` (a ``(dim, dim)`` matrix); InputError if there is none.

        >>> import tsdyn.systems as ts
        >>> ts.get("Lorenz").jac([0.0, 0.0, 0.0])[0].tolist()
        [-10.0, 10.0, 0.0]
        """
        if self.spec.jac is None:
            raise InputError(f"{self.name} has no analytic Jacobian")
        y = check_state(self, y)
        out = np.zeros((self.dimension, self.dimension))
        func = self.compiled("jac") or self.spec.jac
        func(*self._time(t), y, self._p, out)
        return out

    def _time(self, t: float) -> tuple[float, ...]:
        # The leading time argument of the kind's functions: (t,), or () for maps.
        return (float(t),) if self.behaviour.timed else ()

    # ------------------------------------------------------------------ integration
    def integrate(
        self,
        n: int | None = None,
        *,
        dt: float | None = None,
        pts_per_period: float | None = None,
        t: Sequence[float] | None = None,
        transient: float = 0.0,
        ic: ArrayLike | None = None,
        sweep: Mapping[str, Sequence[float]] | None = None,
        ramp: Mapping[str, tuple[float, float]] | None = None,
        method: str = "auto",
        rtol: float = 1e-9,
        atol: float = 1e-9,
        noise: ArrayLike = 0.0,
        multiplicative: bool = False,
        substeps: int | None = None,
        obs_noise: float = 0.0,
        seed: Seed = None,
        history: Callable | None = None,
        member_offset: int = 0,
        max_steps: int = 10**8,
        max_abs: float = 1e12,
        parallel: bool = True,
        chunks: int | None = None,
    ) -> xr.DataArray:
        """Integrate (or iterate) the system and return the trajectory as a DataArray.

        Parameters
        ----------
        n : int
            Number of samples (default 1000; not with ``t``). One call returns
            at most 1e9 values (samples x members x variables, 8 GB); larger
            requests are an ``InputError`` (integrate ensembles in pieces).
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
            ensemble of at least one member (adds a ``member`` dimension).
            Default: the catalog's.
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
            ``"dopri5"`` (compiled), ``"rodas4"`` (compiled L-stable Rosenbrock with the
            analytic Jacobian, for stiff flows), or scipy's ``"radau"``, ``"bdf"``, ``"lsoda"``.
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
            guidance, else 10). It and ``multiplicative`` need noise: given
            without it they are refused, as options that would do nothing.
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
            Step budget per member of the adaptive solvers, scipy's included
            (``"auto"``'s Radau fallback gets ``max_steps / 1000``, at least
            1e5), and the bound whose crossing is a blow-up. ``"auto"`` gives
            DOP853 1e6 steps first: a member that stops within them while
            ``|y|`` keeps rising appears to diverge, an ``IntegrationError``
            (docs/systems.md, "Sampling and accuracy"). A map's iterations and
            Euler-Maruyama's steps, known beforehand, are refused beyond
            ``max_steps`` (``InputError``).
        parallel : bool
            Integrate ensemble members in parallel (numba threads).
        chunks : int, optional
            Members per chunk: a lazy, dask-backed ensemble (``ic`` of shape
            ``(members, dim)``), one task per chunk, computed on dask's
            threads or on a dask.distributed cluster's workers (a Client in
            use); ``.to_dataset().to_zarr(...)`` streams it. Same numbers as
            the eager call. Needs ``tsdyn[distributed]``.

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
        if chunks is not None:
            options = {k: v for k, v in locals().items() if k not in ("self", "ic", "chunks")}
            from tsdyn.systems._ensembles import chunked

            return chunked(self, ic, chunks, options)
        req = Request.build(
            self, n=n, dt=dt, pts_per_period=pts_per_period, t=t, transient=transient, ic=ic, sweep=sweep,
            ramp=ramp, method=method, seed=seed, member_offset=member_offset, rtol=rtol, atol=atol, noise=noise,
            multiplicative=multiplicative, substeps=substeps, obs_noise=obs_noise, history=history,
            max_steps=max_steps, max_abs=max_abs, parallel=parallel,
        )  # fmt: skip
        scheme = EULER_MARUYAMA if req.stochastic else self.behaviour.scheme
        honoured = {ODE.name: METHODS, DDE.name: ("auto", "dopri5")}.get(scheme.name, ("auto",))
        if req.method not in honoured:
            # a map's iteration, Euler-Maruyama and the delay equations' method of steps have one
            # solver each: method="radau" ran them unchanged
            raise InputError(
                f"method={req.method!r} does not apply to {self.name}'s {scheme.name} integration "
                f"(it takes {', '.join(map(repr, honoured))})"
            )
        out, integrator = scheme.solve(self, req)
        if req.obs_noise > 0:
            for i, child in enumerate(req.children(1)):
                g = np.random.default_rng(child)
                scale = req.obs_noise * out[i].std(axis=0)
                out[i] += scale * g.standard_normal(out[i].shape)
        sigma, stochastic = req.sigma, req.stochastic
        attrs = {
            "integrator": integrator,
            "method": req.method,
            "rtol": req.rtol,
            "atol": req.atol,
            "noise": sigma if sigma.size > 1 else float(sigma[0]) if stochastic else 0.0,
            "multiplicative_noise": int(req.multiplicative) if stochastic else 0,
            "substeps": req.substeps,
            "obs_noise": req.obs_noise,
        }
        # Keep only what applies to the scheme that ran.
        return req.to_dataarray(out, {k: v for k, v in attrs.items() if k in scheme.attrs})

    def integrate_to(
        self, path: str | os.PathLike[str], *, ic: ArrayLike, members_per_chunk: int = 256, **kwargs: Any
    ) -> Path:
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

    def validated_ensemble(self, n_members: int, **kwargs: Any) -> tuple[xr.DataArray, pd.DataFrame]:
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
            As in :meth:`integrate`. Checks run on
            the sampled trajectory: resolve the oscillation (>= ~20 points
            per period) and drop the approach to the attractor with ``transient``.
        method : {"dop853", "rodas4"}
            Flows: DOP853 (default), or the L-stable Rosenbrock solver for stiff flows.
        lyapunov_fraction : float
            Share of the candidates (drawn from the seed) that the ``"lyapunov"``
            check runs on, when it is in ``checks`` (default all of them).
        max_steps : int
            Flows: steps allowed per candidate; one that needs more is rejected
            (``"integration failed"``).
        shrink_spread : bool
            Halve both spreads for the following candidates whenever more than
            a third of those drawn at the current spread were rejected (six
            times at most, then the catalog's parameters); each candidate's
            factors are the report's ``spread_params`` and ``spread_ic``.
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
        return _ensembles.validated_ensemble(self, n_members, **kwargs)

    @property
    def delay_time(self) -> float | None:
        """The delay of a delay equation at the current parameters (it may be one of them)."""
        name = self.spec.extra.get("delay_param")
        return self._params[name] if name else self.spec.delay


def user_spec(
    func: Callable, *, kind: str, params: Mapping[str, float], ic: ArrayLike, name: str, **meta: Any
) -> Spec:
    """A :class:`Spec` for a user-defined system (flagged so plain Python falls back to scipy)."""
    extra = dict(meta.pop("extra", {}) or {})
    extra["user"] = True
    ic = np.asarray(ic, dtype=np.float64).ravel()
    params = {k: float(v) for k, v in params.items()}
    return replace(Spec(name=name, kind=kind, func=func, params=params, ic=ic), extra=extra, **meta)
