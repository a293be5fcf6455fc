"""Ordinal measures across time scales.

- :func:`multiscale_complexity_entropy`: entropy and complexity as the delay
  ``tau`` grows, the curves PECCARY (Schaffner et al.) reads the sampling
  timescale from: the pattern timescale is ``(m-1) tau dt``.
- :func:`multiscale_permutation_entropy`: permutation entropy of the
  coarse-grained series (means of non-overlapping blocks of ``scale``
  samples; Aziz & Arif 2005, after Costa et al. 2002).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output
from tsdyn.errors import InputError, check_int
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.complexity import js_max
from tsdyn.ordinal.entropy import log_base
from tsdyn.ordinal.patterns import setup

__all__ = ["multiscale_complexity_entropy", "multiscale_permutation_entropy"]


def int_list(values: int | Iterable[int], name: str) -> np.ndarray:
    """A non-empty 1-D array of distinct integers >= 1, ascending."""
    if isinstance(values, str):
        raise InputError(f"{name} must be integers >= 1, got {values!r}")
    arr = np.atleast_1d(np.asarray(list(values) if isinstance(values, range) else values, dtype=object))
    if arr.ndim != 1 or arr.size == 0:
        raise InputError(f"{name} must be an int or a 1-D sequence of ints >= 1, got {values!r}")
    ints = [check_int(v, name, minimum=1) for v in arr]
    if len(set(ints)) != len(ints):
        raise InputError(f"{name} has repeated values: {ints}")
    return np.array(sorted(ints), dtype=np.int64)


def multiscale_complexity_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    taus: int | Iterable[int] = range(1, 11),
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Normalized permutation entropy and statistical complexity for each delay in ``taus``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    taus : int or sequence of int
        Delays (in samples); they become the new dimension ``tau``. The
        series must hold one pattern at the largest delay.
    m, ties, nan_policy, allow_short
        See :mod:`tsdyn.ordinal.patterns`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    ``entropy`` and ``complexity`` along ``tau``.

    See Also
    --------
    complexity_entropy : One delay.
    choose_delay : A delay for the analysis.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.arange(400)
    >>> res = multiscale_complexity_entropy(np.sin(2 * np.pi * t / 40), taus=[1, 5, 10])
    >>> res.entropy.round(3)
    array([0.511, 0.803, 0.967])
    """
    taus = int_list(taus, "taus")
    cfg = setup(m, int(taus[-1]), ties, nan_policy, allow_short=allow_short)
    coords = {"tau": taus}
    outputs = (
        Output("entropy", "normalized permutation entropy", ("tau",), {"tau": taus.size}, coords),
        Output("complexity", "Jensen-Shannon statistical complexity", ("tau",), {"tau": taus.size}, coords),
    )
    attrs = {k: v for k, v in cfg.attrs().items() if k != "tau"}
    return cfg.run(
        _delays_kernel,
        x,
        dim=dim,
        outputs=outputs,
        kwargs={"cfg": cfg, "taus": taus},
        attrs={**attrs, "taus": taus},
        function=public_name(multiscale_complexity_entropy),
    )


def _delays_kernel(a, *, parallel, cfg, taus):
    n = cfg.n_patterns
    h = np.empty((a.shape[0], taus.size))
    c = np.empty_like(h)
    for i, tau in enumerate(taus):
        vals, _ = K.measure(
            a, d=cfg.m, tau=int(tau), kind=K.SHANNON, n_out=2, ties=cfg.ties, omit=cfg.omit, parallel=parallel
        )
        h[:, i] = vals[:, 0] / math.log(n)
        c[:, i] = h[:, i] * vals[:, 1] / js_max(n)
    return h, c


def multiscale_permutation_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    scales: int | Iterable[int] = range(1, 11),
    normalize: bool = True,
    base: str | float = "e",
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Permutation entropy of the coarse-grained series at each scale.

    At scale s the series becomes the means of consecutive non-overlapping
    blocks of s samples (a last incomplete block is dropped); its
    permutation entropy is computed as :func:`~tsdyn.ordinal.permutation_entropy`.
    With ``nan_policy="omit"`` a block holding NaN is NaN and its windows are skipped.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    scales : int or sequence of int
        Block lengths; they become the new dimension ``scale``. The series
        must hold one pattern at the largest scale.
    m, tau, ties, nan_policy, normalize, base, allow_short
        See :func:`~tsdyn.ordinal.permutation_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    numpy array, pandas or xarray object
        The entropy along a new last dimension ``scale`` (numpy: last axis), ``dim`` dropped.

    See Also
    --------
    permutation_entropy : One scale.
    tsdyn.entropy.multiscale_sample_entropy : Sample entropy over scales.

    Examples
    --------
    >>> multiscale_permutation_entropy([1.0, 2.0, 3.0, 4.0, 3.0, 2.0, 1.0, 2.0], scales=[1, 2], allow_short=True).round(3)
    array([0.742, 0.387])
    """
    scales = int_list(scales, "scales")
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    log_base(base)  # checked even where normalize makes it moot (base=0 passed)
    scale = math.log(cfg.n_patterns) if normalize else log_base(base)
    top = int(scales[-1])
    out = Output(
        "permutation_entropy",
        long_name="multiscale (coarse-grained) permutation entropy",
        core_dims=("scale",),
        sizes={"scale": scales.size},
        coords={"scale": scales},
    )
    return cfg.run(
        _scales_kernel,
        x,
        dim=dim,
        outputs=out,
        kwargs={"cfg": cfg, "scales": scales, "scale": scale},
        attrs={"scales": scales, "normalize": normalize, "base": str(base)},
        function=public_name(multiscale_permutation_entropy),
        scale=top,
    )


def coarse_grain(a: np.ndarray, s: int) -> np.ndarray:
    """Means of consecutive non-overlapping blocks of ``s`` samples along the rows."""
    n_coarse = a.shape[1] // s
    return np.ascontiguousarray(a[:, : n_coarse * s].reshape(a.shape[0], n_coarse, s).mean(axis=2))


def _scales_kernel(a, *, parallel, cfg, scales, scale):
    out = np.empty((a.shape[0], scales.size))
    for i, s in enumerate(scales):
        vals, _ = K.measure(
            coarse_grain(a, int(s)),
            d=cfg.m,
            tau=cfg.tau,
            kind=K.SHANNON,
            n_out=2,
            ties=cfg.ties,
            omit=cfg.omit,
            parallel=parallel,
        )
        out[:, i] = vals[:, 0] / scale
    return out
