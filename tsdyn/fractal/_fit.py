"""Helpers shared by the fractal measures: the log-log slope and the refusal of constant series."""

from __future__ import annotations

import numpy as np

from tsdyn.errors import InputError


def log_slope(scales: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Least-squares slope of ``log(values)`` against ``log(scales)``, one per row of ``values``.

    A row with a zero value (a curve length or fluctuation that vanishes at some
    scale, as an exactly periodic series gives at multiples of its period) has no
    log-log slope: NaN, without a warning; the public functions document it.
    """
    lx = np.log(np.asarray(scales, dtype=np.float64))
    lx = lx - lx.mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        ly = np.log(values)
        slope = (ly - ly.mean(axis=-1, keepdims=True)) @ lx / (lx @ lx)
    return np.where(np.all(np.asarray(values) > 0, axis=-1), slope, np.nan)


def refuse_constant(a: np.ndarray, what: str, name: str = "x") -> None:
    """Raise if a series (row of ``a``) is constant: ``what`` has no meaning for it."""
    # fmax/fmin skip NaN without warning (a row of NaN under nan_policy="propagate" is not constant)
    flat = np.fmax.reduce(a, axis=1) == np.fmin.reduce(a, axis=1)
    if flat.any():
        row = int(np.argmax(flat))
        where = f" (series {row} of {a.shape[0]})" if a.shape[0] > 1 else ""
        raise InputError(f"{name} is constant{where}: {what} is undefined for a constant series")
