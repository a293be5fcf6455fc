"""The catalog: every published system's metadata (one table) and equations, and nothing else.

``systems.json`` holds one row per system, keyed by name: its kind, parameters
(in the order of the array ``p`` the equations read), initial condition,
period, integration step, citation, description and flags. The equations live
in this package's modules as functions of named variables and parameters;
tools/gen_catalog.py turns them into :mod:`._generated`, the form the solvers
compile, with sympy-derived Jacobians. The engine (solvers, :class:`System`,
Lyapunov spectra) lives beside this package in :mod:`tsdyn.systems`; it reads
the catalog only through :func:`load`.

>>> from tsdyn.systems import catalog
>>> spec = catalog.load()["Lorenz"]
>>> spec.param_names, spec.period
(('beta', 'rho', 'sigma'), 1.5008)
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

from tsdyn.systems import base
from tsdyn.systems.base import Spec, registry

__all__ = ["load", "table"]

# Each kind's decorator and the table's columns it reads besides params, ic, citation, description.
_FIELDS = {
    "flow": ("period", "dt", "unbounded", "hamiltonian", "nonautonomous", "size_params"),
    "map": ("unbounded", "hamiltonian"),
    "delay": ("period", "dt"),
    "sde": ("dt",),
}
_DECORATORS: dict[str, Callable[..., Callable[[Callable], Callable]]] = {
    "flow": base.flow,
    "map": base.map_,
    "delay": base.delay,
    "sde": base.sde,
}


@functools.cache
def table() -> dict[str, dict[str, Any]]:
    """The rows of ``systems.json`` by system name (read once)."""
    text = resources.files(__name__).joinpath("systems.json").read_text(encoding="utf-8")
    return json.loads(text)["systems"]


@functools.cache
def _register_all() -> None:
    from tsdyn.systems.catalog import _generated as code

    for name, row in table().items():
        row = dict(row)
        kind, eq = row.pop("kind"), row.pop("equations", name)
        meta = {k: row.pop(k) for k in ("params", "citation", "description", *_FIELDS[kind]) if k in row}
        for k in ("unbounded", "size_params"):
            if k in meta:
                meta[k] = tuple(meta[k])
        if "array_params" in row:  # shapes are tuples, as numpy gives them
            row["array_params"] = {k: tuple(v) for k, v in row["array_params"].items()}
        hooks = {role: getattr(code, f"{eq}_{role}", None) for role in ("jac", "noise", "ic")}
        if kind in ("flow", "map"):
            meta["jac"] = hooks["jac"]
        if kind == "sde":
            meta["noise"] = hooks["noise"]
        if kind == "delay":
            meta["delay_time"] = meta["params"][row["delay_param"]]
        if hooks["ic"] is not None:
            meta["ic_for"] = hooks["ic"]
        ic = row.pop("ic", None)
        if ic is None:  # not stored: the generated hook builds it from the parameters
            ic = meta["ic_for"](meta["params"])
        _DECORATORS[kind](name=name, ic=ic, **meta, **row)(getattr(code, eq))


def load() -> dict[str, Spec]:
    """The registered systems by name, after registering the table's rows (once)."""
    _register_all()
    return registry()
