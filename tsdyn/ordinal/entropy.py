"""Permutation entropy and its variants.

Every function reduces along ``dim`` and takes the shared ordinal parameters
``m``, ``tau``, ``ties`` and ``nan_policy`` (see :mod:`tsdyn.ordinal.patterns`).
``normalize=True`` (the default, as ordpy) divides by the largest value, the
entropy of the uniform distribution over all possible patterns (ln m!, or the
log of the ordered Bell number with ``ties="shared"``); ``normalize=False``
gives the entropy in units of ``base`` (``"e"``: nats, ``2``: bits, antropy's
unit). A constant series has a single pattern (the increasing one with
``ties="stable"``) and entropy 0.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, checks_finite
from tsdyn.errors import InputError, check_real
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.patterns import setup

__all__ = [
    "amplitude_aware_permutation_entropy",
    "conditional_permutation_entropy",
    "permutation_entropy",
    "renyi_entropy",
    "tsallis_entropy",
    "weighted_permutation_entropy",
]


def log_base(base: str | float) -> float:
    """Natural log of the entropy base (``"e"`` or a number > 1)."""
    if base == "e":
        return 1.0
    if isinstance(base, numbers.Real) and not isinstance(base, bool) and float(base) > 1:
        return math.log(base)
    raise InputError(f"base must be 'e' or a number > 1, got {base!r}")


def orders(values: ArrayLike, name: str) -> tuple[np.ndarray, bool]:
    """Entropy orders (q or alpha) as a 1-D array, and whether a scalar was given."""
    arr = np.asarray(values, dtype=np.float64) if not isinstance(values, str) else None
    if arr is None or arr.ndim > 1 or arr.size == 0:
        raise InputError(f"{name} must be a number or a 1-D sequence of numbers, got {values!r}")
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise InputError(f"{name} must hold finite numbers >= 0, got {values!r}")
    return np.atleast_1d(arr), arr.ndim == 0


def order_output(name: str, long_name: str, values: np.ndarray, scalar: bool, dim: str) -> Output:
    """A reduction (scalar order) or a new ``dim`` of orders."""
    if scalar:
        return Output(name, long_name=long_name)
    return Output(name, long_name=long_name, core_dims=(dim,), sizes={dim: values.size}, coords={dim: values})


def permutation_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    normalize: bool = True,
    base: str | float = "e",
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Permutation entropy (Bandt & Pompe 2002).

    .. math:: H = -\sum_\pi p(\pi) \log p(\pi), \qquad H_\text{norm} = H / \log N

    with :math:`p(\pi)` the fraction of windows with pattern :math:`\pi` and
    :math:`N` the number of possible patterns. antropy's
    ``perm_entropy(x, order=m, delay=tau)`` is ``normalize=False, base=2``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m, tau, ties, nan_policy, allow_short
        See :mod:`tsdyn.ordinal.patterns`.
    normalize : bool
        Divide by :math:`\log N` (result in [0, 1]).
    base : "e" or float
        Logarithm base when not normalized.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, ``dim`` removed.

    See Also
    --------
    complexity_entropy : With the statistical complexity.
    weighted_permutation_entropy, amplitude_aware_permutation_entropy : Amplitude-sensitive variants.
    rolling_permutation_entropy : In rolling windows.
    multiscale_permutation_entropy : Over coarse-graining scales.

    Examples
    --------
    >>> round(permutation_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True), 6)
    0.588762
    >>> round(permutation_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], normalize=False, base=2, allow_short=True), 6)
    1.521928
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    log_base(base)  # checked even where normalize makes it moot (base=0 passed)
    scale = math.log(cfg.n_patterns) if normalize else log_base(base)
    return cfg.run(
        _pe_kernel,
        x,
        dim=dim,
        outputs=Output("permutation_entropy", long_name="permutation entropy"),
        kwargs={"cfg": cfg, "scale": scale},
        attrs={"normalize": normalize, "base": str(base)},
        function=public_name(permutation_entropy),
    )


@checks_finite
def _pe_kernel(a, *, parallel, cfg, scale):
    vals, _ = K.measure(
        a, d=cfg.m, tau=cfg.tau, kind=K.SHANNON, n_out=2, ties=cfg.ties, omit=cfg.omit, parallel=parallel
    )
    return vals[:, 0] / scale


def weighted_permutation_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    normalize: bool = True,
    base: str | float = "e",
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Weighted permutation entropy (Fadlallah et al. 2013, PRE 87 022911).

    Each window counts with the population variance of its m values, so
    patterns made by large excursions outweigh those made by small noise:
    :math:`p(\pi) = \sum_{w \in \pi} \sigma^2_w / \sum_w \sigma^2_w`.
    A series whose windows all have zero variance (a constant one) has no
    weighted distribution and gives NaN (ordpy returns 0 there).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m, tau, ties, nan_policy, allow_short
        See :mod:`tsdyn.ordinal.patterns`.
    normalize, base
        See :func:`permutation_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    float, numpy array, pandas or xarray object
        One value per series, in the family of ``x`` (see the data model): ``dim`` is dropped.

    See Also
    --------
    permutation_entropy : Every pattern counted alike.
    amplitude_aware_permutation_entropy : Another amplitude-sensitive variant.

    Examples
    --------
    >>> round(weighted_permutation_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True), 6)
    0.546995
    """
    return _weighted(
        x, dim, m, tau, normalize, base, ties, nan_policy, K.VARIANCE, 0.0, "weighted", allow_short
    )


def amplitude_aware_permutation_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    amplitude: float = 0.5,
    normalize: bool = True,
    base: str | float = "e",
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Amplitude-aware permutation entropy (Azami & Escudero 2016, Comput. Methods Programs Biomed. 128).

    Each window counts with

    .. math:: w = \frac{A}{m}\sum_k |x_k| + \frac{1-A}{m-1}\sum_{k\ge1} |x_k - x_{k-1}|

    so mean amplitude (weight ``A``) and the size of the steps between samples
    (weight ``1 - A``) both matter. Not invariant to shifting the series.

    Parameters
    ----------
    amplitude : float
        ``A`` in [0, 1] (0.5 as in the paper).
    x, m, tau, ties, nan_policy, normalize, base, allow_short
        See :func:`permutation_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    float, numpy array, pandas or xarray object
        One value per series, in the family of ``x`` (see the data model): ``dim`` is dropped.

    See Also
    --------
    permutation_entropy : Every pattern counted alike.
    weighted_permutation_entropy : Patterns weighted by their variance.

    Examples
    --------
    >>> round(amplitude_aware_permutation_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True), 6)
    0.598458
    """
    check_real(amplitude, "amplitude", minimum=0, maximum=1)
    return _weighted(
        x,
        dim,
        m,
        tau,
        normalize,
        base,
        ties,
        nan_policy,
        K.AMPLITUDE,
        float(amplitude),
        "amplitude-aware",
        allow_short,
    )


def _weighted(x, dim, m, tau, normalize, base, ties, nan_policy, scheme, amp, what, allow_short):
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    log_base(base)  # checked even where normalize makes it moot (base=0 passed)
    scale = math.log(cfg.n_patterns) if normalize else log_base(base)
    attrs = {"normalize": normalize, "base": str(base)}
    if scheme == K.AMPLITUDE:
        attrs["amplitude"] = amp
    name = what.replace("-", "_")
    return cfg.run(
        _weighted_kernel,
        x,
        dim=dim,
        outputs=Output(f"{name}_permutation_entropy", long_name=f"{what} permutation entropy"),
        kwargs={"cfg": cfg, "scale": scale, "scheme": scheme, "amp": amp},
        attrs=attrs,
        function=public_name(
            amplitude_aware_permutation_entropy if scheme == K.AMPLITUDE else weighted_permutation_entropy
        ),
    )


def _weighted_kernel(a, *, parallel, cfg, scale, scheme, amp):
    # the weights (a window's variance, or its mean amplitude) are relative, but their sums
    # overflow or underflow far from unit scale (NaN at 1e160 and 1e-170, where the patterns,
    # as every ordinal measure, are fine): each row to a largest magnitude in [0.5, 1) by a
    # power of two, exact in floating point
    with np.errstate(invalid="ignore"):
        top = np.fmax(np.fmax.reduce(np.abs(a), axis=1), np.finfo(np.float64).tiny)
    a = np.ldexp(a, -np.frexp(top)[1][:, None])
    ent = K.weighted_entropy(
        a, d=cfg.m, tau=cfg.tau, scheme=scheme, amp=amp, ties=cfg.ties, omit=cfg.omit, parallel=parallel
    )
    return ent / scale


def renyi_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    alpha: ArrayLike = 1.0,
    m: int = 3,
    tau: int = 1,
    normalize: bool = True,
    base: str | float = "e",
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Renyi permutation entropy of order ``alpha``.

    .. math:: H_\alpha = \frac{1}{1-\alpha} \log \sum_\pi p(\pi)^\alpha

    (Shannon's at ``alpha = 1``), normalized by :math:`\log N` as ordpy.

    Parameters
    ----------
    alpha : float or 1-D sequence of floats >= 0
        An array adds a dimension ``alpha``.
    x, m, tau, ties, nan_policy, normalize, base, allow_short
        See :func:`permutation_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    float, numpy array, pandas or xarray object
        One value per series, in the family of ``x`` (see the data model): ``dim`` is dropped, a
        dimension ``alpha`` added when ``alpha`` is a sequence.

    See Also
    --------
    tsallis_entropy : The Tsallis generalization.
    renyi_complexity_entropy : With the Renyi complexity.

    Examples
    --------
    >>> renyi_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], alpha=[1, 2], allow_short=True).round(6)
    array([0.588762, 0.570194])
    """
    return _generalized(
        x, dim, alpha, "alpha", K.RENYI, m, tau, normalize, base, ties, nan_policy, allow_short
    )


def tsallis_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    q: ArrayLike = 1.0,
    m: int = 3,
    tau: int = 1,
    normalize: bool = True,
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Tsallis permutation entropy of order ``q``.

    .. math:: S_q = \sum_\pi p(\pi) \ln_q \frac{1}{p(\pi)}, \qquad \ln_q u = \frac{u^{1-q} - 1}{1-q}

    (Shannon's at ``q = 1``), normalized by :math:`\ln_q N` as ordpy.

    Parameters
    ----------
    q : float or 1-D sequence of floats >= 0
        An array adds a dimension ``q``.
    x, m, tau, ties, nan_policy, normalize, allow_short
        See :func:`permutation_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    float, numpy array, pandas or xarray object
        One value per series, in the family of ``x`` (see the data model): ``dim`` is dropped, a
        dimension ``q`` added when ``q`` is a sequence.

    See Also
    --------
    renyi_entropy : The Renyi generalization.
    tsallis_complexity_entropy : With the Tsallis complexity.

    Examples
    --------
    >>> round(tsallis_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], q=2, allow_short=True), 6)
    0.768
    """
    return _generalized(x, dim, q, "q", K.TSALLIS, m, tau, normalize, "e", ties, nan_policy, allow_short)


def lnq(u: ArrayLike, q: ArrayLike) -> np.ndarray:
    """Tsallis q-logarithm (natural log at q = 1), elementwise."""
    u = np.asarray(u, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(q == 1.0, np.log(u), (u ** (1.0 - q) - 1.0) / (1.0 - np.where(q == 1.0, 0.0, q)))


def _generalized(x, dim, values, name, kind, m, tau, normalize, base, ties, nan_policy, allow_short):
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    qs, scalar = orders(values, name)
    n = cfg.n_patterns
    log_base(base)  # checked even where normalize makes it moot (base=0 passed)
    if normalize:
        scale = lnq(n, qs) if kind == K.TSALLIS else np.full(qs.size, math.log(n))
    else:
        scale = np.ones(qs.size) if kind == K.TSALLIS else np.full(qs.size, log_base(base))
    what = "Renyi" if kind == K.RENYI else "Tsallis"
    attrs = {"normalize": normalize, name: qs}
    if kind == K.RENYI:
        attrs["base"] = str(base)
    return cfg.run(
        _generalized_kernel,
        x,
        dim=dim,
        outputs=order_output(f"{what.lower()}_entropy", f"{what} permutation entropy", qs, scalar, name),
        kwargs={"cfg": cfg, "kind": kind, "qs": qs, "scale": scale, "scalar": scalar},
        attrs=attrs,
        function=public_name(renyi_entropy if kind == K.RENYI else tsallis_entropy),
    )


def generalized_values(a: np.ndarray, cfg, kind: int, qs: np.ndarray, parallel: bool) -> np.ndarray:
    """Rényi or Tsallis terms of each row for every order in ``qs``: (entropy, divergence) column pairs."""
    vals, _ = K.measure(
        a,
        d=cfg.m,
        tau=cfg.tau,
        kind=kind,
        params=qs,
        n_out=2 * qs.size,
        ties=cfg.ties,
        omit=cfg.omit,
        parallel=parallel,
    )
    return vals


def _generalized_kernel(a, *, parallel, cfg, kind, qs, scale, scalar):
    ent = generalized_values(a, cfg, kind, qs, parallel)[:, 0::2] / scale
    return ent[:, 0] if scalar else ent


def conditional_permutation_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    normalize: bool = False,
    base: str | float = "e",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Conditional entropy of the next ordinal pattern given the current one.

    .. math:: H(\pi_{t+\tau} \mid \pi_t) = H(\pi_t, \pi_{t+\tau}) - H(\pi_t)

    over the windows that have a successor (Unakafov & Keller 2014, Physica D
    269, with the successor one delay later so that both windows are on the
    same lattice). The successor shares m-1 samples with the current window,
    so it is fixed by the rank of its new sample: at most m outcomes, and
    ``normalize=True`` divides by :math:`\log m`. Ties: stable.

    Parameters
    ----------
    x, m, tau, nan_policy, base, allow_short
        See :func:`permutation_entropy`.
    normalize : bool
        Divide by :math:`\log m` (default False, as in the paper).
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    float, numpy array, pandas or xarray object
        One value per series, in the family of ``x`` (see the data model): ``dim`` is dropped.

    See Also
    --------
    permutation_entropy : The entropy of the patterns themselves.
    transition_matrix : The pattern-to-pattern transitions.

    Examples
    --------
    >>> conditional_permutation_entropy([1.0, 3.0, 2.0, 5.0, 4.0, 7.0, 6.0, 9.0])
    0.0
    """
    cfg = setup(m, tau, "stable", nan_policy, max_m=9, allow_short=allow_short)
    log_base(base)  # checked even where normalize makes it moot (base=0 passed)
    scale = math.log(cfg.m) if normalize else log_base(base)
    return cfg.run(
        _conditional_kernel,
        x,
        dim=dim,
        outputs=Output("conditional_permutation_entropy", long_name="conditional permutation entropy"),
        kwargs={"cfg": cfg, "scale": scale},
        attrs={"normalize": normalize, "base": str(base)},
        function=public_name(conditional_permutation_entropy),
        extra_length=cfg.tau,
    )


def _conditional_kernel(a, *, parallel, cfg, scale):
    out = K.conditional_entropy(a, d=cfg.m, tau=cfg.tau, omit=cfg.omit, parallel=parallel)
    return out / scale
