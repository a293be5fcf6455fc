"""Helpers shared by the fractal measures: the log-log slope and the refusal of constant series."""

from __future__ import annotations

import numpy as np

from tsdyn.errors import InputError


def log_slope(scales: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Least-squares slope of ``log(values)`` against ``log(scales)``, one per row of ``values``.

    A row with a value that vanishes (a curve length or fluctuation of zero, or
    rounding noise below ``1e-10`` of the row's largest, at some scale: an exactly
    periodic series at multiples of its period, a step signal whose steps the DFA
    windows fit exactly) has no log-log slope: NaN, without a warning (documented
    by ``higuchi_dimension`` and ``dfa``). Rounding noise would otherwise give a
    plausible-looking slope (DFA alpha 3.9 for a step signal).
    """
    lx = np.log(np.asarray(scales, dtype=np.float64))
    lx = lx - lx.mean()
    values = np.asarray(values, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ly = np.log(values)
        slope = (ly - ly.mean(axis=-1, keepdims=True)) @ lx / (lx @ lx)
        vanishes = ~(values > 1e-10 * np.max(values, axis=-1, keepdims=True))
    return np.where(vanishes.any(axis=-1), np.nan, slope)


def refuse_constant(a: np.ndarray, what: str, name: str = "x") -> None:
    """Raise if a series (row of ``a``) is constant: ``what`` has no meaning for it."""
    # fmax/fmin skip NaN without warning (a row of NaN under nan_policy="propagate" is not constant)
    flat = np.fmax.reduce(a, axis=1) == np.fmin.reduce(a, axis=1)
    if flat.any():
        row = int(np.argmax(flat))
        where = f" (series {row} of {a.shape[0]})" if a.shape[0] > 1 else ""
        raise InputError(f"{name} is constant{where}: {what} is undefined for a constant series")
