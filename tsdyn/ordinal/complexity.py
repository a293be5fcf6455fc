r"""Statistical complexity: how far the pattern distribution is from uniform, times its entropy.

The Jensen-Shannon statistical complexity (Lamberti et al. 2004; Rosso et
al. 2007, PRL 99 154102) of a pattern distribution :math:`P` over :math:`N`
possible patterns is

.. math::

    C = Q_0 \, J[P, U] \, H[P], \qquad J[P, U] = S\left[\tfrac{P + U}{2}\right]
    - \tfrac{1}{2} S[P] - \tfrac{1}{2} S[U],

with :math:`U` uniform, :math:`H` the normalized permutation entropy and
:math:`Q_0 = -2 / [\tfrac{N+1}{N}\ln(N+1) - 2\ln(2N) + \ln N]` the inverse of
the largest divergence. The Renyi and Tsallis versions swap in those
entropies and divergences. Shared parameters ``m``, ``tau``, ``ties``,
``nan_policy``: see :mod:`tsdyn.ordinal.patterns`.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, checks_finite
from tsdyn.errors import InputError, check_choice
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.entropy import generalized_values, lnq, order_output, orders
from tsdyn.ordinal.patterns import ORDERS, setup

__all__ = [
    "complexity_entropy",
    "fisher_shannon",
    "renyi_complexity_entropy",
    "statistical_complexity",
    "tsallis_complexity_entropy",
]


def js_max(n: ArrayLike) -> np.ndarray:
    """Largest Jensen-Shannon divergence from the uniform distribution over ``n`` states (1/Q_0)."""
    n = np.asarray(n, dtype=np.float64)
    return -0.5 * ((n + 1) / n * np.log(n + 1) + np.log(n) - 2 * np.log(2 * n))


def renyi_js_max(n: float, alpha: ArrayLike) -> np.ndarray:
    """Largest Jensen-Renyi divergence (Jauregui et al. 2018, Physica A 498, eq. 5)."""
    n = float(n)
    a = np.asarray(alpha, dtype=np.float64)
    safe = np.where(a == 1.0, 2.0, a)
    val = (
        np.log(((n + 1) ** (1 - safe) + n - 1) / (2 ** (1 - safe) * n))
        + (1 - safe) * np.log((n + 1) / (2 * n))
    ) / (2 * (safe - 1))
    return np.where(a == 1.0, js_max(n), val)


def tsallis_js_max(n: float, q: ArrayLike) -> np.ndarray:
    """Largest Jensen-Tsallis divergence (Ribeiro et al. 2017, PRE 95 062106, eq. 11)."""
    n = float(n)
    q = np.asarray(q, dtype=np.float64)
    safe = np.where(q == 1.0, 2.0, q)
    val = (2 ** (2 - safe) * n - (1 + n) ** (1 - safe) - n * (1 + 1 / n) ** (1 - safe) - n + 1) / (
        (1 - safe) * 2 ** (2 - safe) * n
    )
    return np.where(q == 1.0, js_max(n), val)


PAIR = (
    Output("entropy", long_name="normalized permutation entropy"),
    Output("complexity", long_name="Jensen-Shannon statistical complexity"),
)


def complexity_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Normalized permutation entropy and Jensen-Shannon statistical complexity (the C-H plane point).

    Equals ordpy's ``complexity_entropy(x, dx=m, taux=tau)``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m, tau, ties, nan_policy, allow_short
        See :mod:`tsdyn.ordinal.patterns`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    ``entropy`` and ``complexity``: a named tuple (numpy), a DataFrame or
    Series (pandas) or a Dataset (xarray).

    See Also
    --------
    plane_position : Where the point lies between the bounds.
    complexity_bounds : The bounds of the plane.
    classify : A verdict from the plane and surrogates.

    Examples
    --------
    >>> res = complexity_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True)
    >>> round(res.entropy, 6), round(res.complexity, 6)
    (0.588762, 0.289954)
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    return cfg.run(
        _shannon_kernel,
        x,
        dim=dim,
        outputs=PAIR,
        kwargs={"cfg": cfg, "which": "both"},
        function=public_name(complexity_entropy),
    )


def statistical_complexity(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Jensen-Shannon statistical complexity alone (see :func:`complexity_entropy`).

    Parameters
    ----------
    x, m, tau, ties, nan_policy, dim, allow_short
        See :func:`complexity_entropy`.


    Returns
    -------
    float, numpy array, pandas or xarray object
        The ``complexity`` field of :func:`complexity_entropy`, in the family of ``x``.

    See Also
    --------
    complexity_entropy : With the entropy.

    Examples
    --------
    >>> round(statistical_complexity([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True), 6)
    0.289954
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    return cfg.run(
        _shannon_kernel,
        x,
        dim=dim,
        outputs=PAIR[1],
        kwargs={"cfg": cfg, "which": "complexity"},
        function=public_name(statistical_complexity),
    )


@checks_finite
def _shannon_kernel(a, *, parallel, cfg, which):
    vals, _ = K.measure(
        a, d=cfg.m, tau=cfg.tau, kind=K.SHANNON, n_out=2, ties=cfg.ties, omit=cfg.omit, parallel=parallel
    )
    n = cfg.n_patterns
    h = vals[:, 0] / math.log(n)
    c = h * vals[:, 1] / js_max(n)
    return (h, c) if which == "both" else c


def _check_orders(values, name):
    qs, scalar = orders(values, name)
    if (qs <= 0).any():
        raise InputError(f"{name} must be > 0 for a complexity, got {values!r}")
    return qs, scalar


def renyi_complexity_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    alpha: ArrayLike = 1.0,
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Normalized Renyi permutation entropy and Renyi complexity (Jauregui et al. 2018, Physica A 498).

    .. math:: C_\alpha = \frac{J_\alpha[P, U]}{J_\alpha^\max} H_\alpha[P]

    with the Jensen-Renyi divergence :math:`J_\alpha`; ``alpha = 1`` is
    :func:`complexity_entropy`. Equals ordpy's ``renyi_complexity_entropy``.

    Parameters
    ----------
    alpha : float or 1-D sequence of floats > 0
        An array adds a dimension ``alpha``.
    x, m, tau, ties, nan_policy, allow_short
        See :func:`complexity_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    named tuple, DataFrame or Dataset
        Fields ``entropy`` and ``complexity``: a named tuple of floats or arrays (numpy
        input), a DataFrame (pandas) or a Dataset (xarray), ``dim`` dropped.
        A sequence ``alpha`` adds a dimension ``alpha``.

    See Also
    --------
    complexity_entropy : The Shannon case.
    tsallis_complexity_entropy : The Tsallis plane.

    Examples
    --------
    >>> res = renyi_complexity_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], alpha=2, allow_short=True)
    >>> round(res.entropy, 6), round(res.complexity, 6)
    (0.570194, 0.315588)
    """
    return _generalized(x, dim, alpha, "alpha", K.RENYI, m, tau, ties, nan_policy, allow_short)


def tsallis_complexity_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    q: ArrayLike = 1.0,
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Normalized Tsallis permutation entropy and Tsallis complexity (Ribeiro et al. 2017, PRE 95 062106).

    .. math:: C_q = \frac{J_q[P, U]}{J_q^\max} H_q[P]

    with the Jensen-Tsallis divergence :math:`J_q`; ``q = 1`` is
    :func:`complexity_entropy`. Equals ordpy's ``tsallis_complexity_entropy``.

    Parameters
    ----------
    q : float or 1-D sequence of floats > 0
        An array adds a dimension ``q``.
    x, m, tau, ties, nan_policy, allow_short
        See :func:`complexity_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    named tuple, DataFrame or Dataset
        Fields ``entropy`` and ``complexity``: a named tuple of floats or arrays (numpy
        input), a DataFrame (pandas) or a Dataset (xarray), ``dim`` dropped.
        A sequence ``q`` adds a dimension ``q``.

    See Also
    --------
    complexity_entropy : The Shannon case.
    renyi_complexity_entropy : The Renyi plane.

    Examples
    --------
    >>> res = tsallis_complexity_entropy([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], q=[1, 2], allow_short=True)
    >>> res.complexity.round(6)
    array([0.289954, 0.373733])
    """
    return _generalized(x, dim, q, "q", K.TSALLIS, m, tau, ties, nan_policy, allow_short)


def _generalized(x, dim, values, name, kind, m, tau, ties, nan_policy, allow_short):
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    qs, scalar = _check_orders(values, name)
    what = "Renyi" if kind == K.RENYI else "Tsallis"
    outputs = (
        order_output("entropy", f"normalized {what} permutation entropy", qs, scalar, name),
        order_output("complexity", f"{what} statistical complexity", qs, scalar, name),
    )
    return cfg.run(
        _generalized_kernel,
        x,
        dim=dim,
        outputs=outputs,
        kwargs={"cfg": cfg, "kind": kind, "qs": qs, "scalar": scalar},
        attrs={name: qs},
        function=public_name(renyi_complexity_entropy if kind == K.RENYI else tsallis_complexity_entropy),
    )


def _generalized_kernel(a, *, parallel, cfg, kind, qs, scalar):
    vals = generalized_values(a, cfg, kind, qs, parallel)
    n = cfg.n_patterns
    if kind == K.RENYI:
        h = vals[:, 0::2] / math.log(n)
        c = h * vals[:, 1::2] / renyi_js_max(n, qs)
    else:
        h = vals[:, 0::2] / lnq(n, qs)
        c = h * vals[:, 1::2] / tsallis_js_max(n, qs)
    return (h[:, 0], c[:, 0]) if scalar else (h, c)


def fisher_shannon(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    order: str = "argsort",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Normalized permutation entropy and Fisher information (the Fisher-Shannon plane).

    .. math:: F = \frac{1}{2} \sum_{i=1}^{N-1} \left(\sqrt{p_{i+1}} - \sqrt{p_i}\right)^2

    over all N = m! patterns in a fixed order (Olivares et al. 2012, Physica
    A 391); a distribution concentrated on one pattern has F = 1 and H = 0.
    F depends on the pattern order: the default ``"argsort"`` is ordpy's, so
    the result equals ordpy's ``fisher_shannon``. Ties: stable.

    Parameters
    ----------
    x, m, tau, nan_policy, allow_short
        See :func:`complexity_entropy`.
    order : {"argsort", "rank"}
        Pattern order (see :mod:`tsdyn.ordinal.patterns`).
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    named tuple, DataFrame or Dataset
        Fields ``entropy`` and ``fisher``: a named tuple of floats or arrays (numpy
        input), a DataFrame (pandas) or a Dataset (xarray), ``dim`` dropped.

    See Also
    --------
    complexity_entropy : The complexity-entropy plane.

    Examples
    --------
    >>> res = fisher_shannon([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True)
    >>> round(res.entropy, 6), round(res.fisher, 6)
    (0.588762, 0.8)
    """
    cfg = setup(m, tau, "stable", nan_policy, allow_short=allow_short)
    check_choice(order, "order", ORDERS)
    table = K.argsort_to_rank(cfg.m) if order == "argsort" else np.arange(math.factorial(cfg.m))
    outputs = (PAIR[0], Output("fisher", long_name="Fisher information of the pattern distribution"))
    return cfg.run(
        _fisher_kernel,
        x,
        dim=dim,
        outputs=outputs,
        kwargs={"cfg": cfg, "table": table.astype(np.float64)},
        attrs={"order": order},
        function=public_name(fisher_shannon),
    )


def _fisher_kernel(a, *, parallel, cfg, table):
    fisher, _ = K.measure(
        a, d=cfg.m, tau=cfg.tau, kind=K.FISHER, params=table, n_out=2, omit=cfg.omit, parallel=parallel
    )
    ent, _ = K.measure(a, d=cfg.m, tau=cfg.tau, kind=K.SHANNON, n_out=2, omit=cfg.omit, parallel=parallel)
    h = ent[:, 0] / math.log(cfg.n_patterns)
    f = np.where(fisher[:, 1] == 1.0, 1.0, 0.5 * fisher[:, 0])
    return h, f
