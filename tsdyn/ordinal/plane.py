r"""The complexity-entropy plane: its exact bounds and where a point sits between them.

For N possible patterns, every pattern distribution lies between two curves
(Martin, Plastino & Rosso 2006, Physica A 369 439; Rosso et al. 2007):

- the *minimum* curve, traced by one pattern of probability p in [1/N, 1] and
  the rest sharing 1 - p equally;
- the *maximum* curve, traced for K = N, N-1, ..., 2 by N - K absent
  patterns, one pattern of probability p0 in [0, 1/K] and K - 1 sharing
  1 - p0 equally.

Both families are a few groups of equal probabilities, so their entropy and
complexity have closed forms that cost O(1) for any N (m = 10 has 3.6 M
patterns). For the Renyi (``alpha``) and Tsallis (``q``) planes with order >= 1 the
same two families bound the plane (checked against many random
distributions in the tests; no published proof). For order < 1 they do
not: points fall up to ~3e-3 outside. There the bounds are the envelope of
every *two-level* distribution (k patterns at probability a, K - k at b,
the rest absent), checked numerically at order 0.5 for m = 3 and 4. This is not exact for
very small orders: at m = 3 and order <= 0.3, distributions with a third,
tiny probability level exceed the upper envelope by up to ~1.5e-3. The
envelope needs N(N-1)/2 families, so it is offered up to N = 120 patterns
(m <= 5).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from tsdyn.errors import InputError, check_choice, check_int, check_real
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.complexity import js_max, renyi_js_max, tsallis_js_max
from tsdyn.ordinal.entropy import lnq
from tsdyn.ordinal.patterns import TIES

__all__ = [
    "Curve",
    "PlanePosition",
    "complexity_bounds",
    "maximum_complexity_curve",
    "minimum_complexity_curve",
    "plane_position",
]


class Curve(NamedTuple):
    """Points of a bound of the plane, entropy ascending."""

    entropy: np.ndarray
    complexity: np.ndarray


class PlanePosition(NamedTuple):
    """Where points sit in the plane: the bounds at their entropy and the relative height."""

    c_min: np.ndarray
    c_max: np.ndarray
    position: np.ndarray  # (C - c_min) / (c_max - c_min): 0 on the minimum curve, 1 on the maximum
    inside: np.ndarray  # within the bounds, up to a 1e-9 tolerance


def _states(m, ties) -> int:
    m = check_int(m, "m", minimum=2)
    check_choice(ties, "ties", tuple(TIES))
    return K.n_patterns(m, TIES[ties])


def _variant(alpha, q) -> tuple[str, float]:
    if alpha is not None and q is not None:
        raise InputError("give alpha (Renyi plane) or q (Tsallis plane), not both")
    value = alpha if alpha is not None else q
    if value is None:
        return "shannon", 1.0
    check_real(value, "alpha" if alpha is not None else "q", minimum=0, inclusive=(False, True))
    if float(value) == 1.0:
        return "shannon", 1.0
    return ("renyi" if alpha is not None else "tsallis"), float(value)


def _group_point(probs, mult, n, kind, q):
    """Normalized entropy and complexity of distributions made of groups of equal probabilities.

    ``probs`` and ``mult`` have shape (..., G): group probability and how many
    patterns share it (``mult * probs`` sums to 1 along the last axis).
    """
    u = 1.0 / n
    p = probs
    mix = 0.5 * (p + u)
    live = (p > 0) & (mult > 0)
    safe = np.where(live, p, 1.0)
    # probabilities near the smallest double overflow 1/p; their terms are 0 anyway
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if kind == "shannon":
            s = -np.sum(np.where(live, mult * p * np.log(safe), 0.0), axis=-1)
            s_mix = -np.sum(np.where(mult > 0, mult * mix * np.log(mix), 0.0), axis=-1)
            h = s / math.log(n)
            div = s_mix - 0.5 * s - 0.5 * math.log(n)
            return h, h * div / js_max(n)
        if kind == "renyi":
            power = np.sum(np.where(live, mult * safe**q, 0.0), axis=-1)
            first = np.sum(np.where(live, mult * safe**q * mix ** (1 - q), 0.0), axis=-1)
            second = np.sum(np.where(mult > 0, mult * u**q * mix ** (1 - q), 0.0), axis=-1)
            h = np.log(power) / (1 - q) / math.log(n)
            div = (np.log(first) + np.log(second)) / (2 * (q - 1))
            return h, h * div / renyi_js_max(n, q)
        ent = np.sum(np.where(live, mult * safe * lnq(1 / safe, q), 0.0), axis=-1)
        first = np.sum(np.where(live, mult * safe * lnq(mix / safe, q), 0.0), axis=-1)
        second = np.sum(np.where(mult > 0, mult * lnq(n * mix, q), 0.0), axis=-1)
        h = ent / lnq(n, q)
        div = -0.5 * first - 0.5 * u * second
        return h, h * div / tsallis_js_max(n, q)


def _min_family(p, n, kind, q):
    p = np.asarray(p, dtype=np.float64)
    probs = np.stack([p, (1 - p) / (n - 1)], axis=-1)
    mult = np.broadcast_to(np.array([1.0, n - 1.0]), probs.shape)
    return _group_point(probs, mult, n, kind, q)


def _max_family(p0, k, n, kind, q):
    """K = k patterns present: one at p0 in [0, 1/k], k - 1 at (1 - p0)/(k - 1)."""
    p0 = np.asarray(p0, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    rest = (1 - p0) / (k - 1)
    probs = np.stack(np.broadcast_arrays(p0, rest, np.zeros_like(rest)), axis=-1)
    mult = np.stack(np.broadcast_arrays(np.ones_like(k), k - 1, n - k), axis=-1)
    return _group_point(probs, mult, n, kind, q)


def _two_level(a, k, big_k, n, kind, q):
    """k patterns at probability a, big_k - k at (1 - k a) / (big_k - k), the rest absent."""
    a, k, big_k = np.broadcast_arrays(np.asarray(a, dtype=np.float64), k, big_k)
    b = (1 - k * a) / (big_k - k)
    probs = np.stack([a, b, np.zeros_like(a)], axis=-1)
    mult = np.stack([k, big_k - k, n - big_k], axis=-1).astype(np.float64)
    return _group_point(probs, mult, n, kind, q)


MAX_ENVELOPE_STATES = 120


def _envelope(h, n, kind, q):
    """Smallest and largest complexity over all two-level distributions at each entropy."""
    if n > MAX_ENVELOPE_STATES:
        raise InputError(
            f"bounds of the {kind} plane with order < 1 need the envelope of all two-level "
            f"distributions, offered up to {MAX_ENVELOPE_STATES} patterns (m <= 5); this plane has {n}"
        )
    pairs = np.array([(big, k) for big in range(2, n + 1) for k in range(1, big)], dtype=np.float64)
    big_k, k = pairs[:, 0:1], pairs[:, 1:2]
    flat = h.reshape(1, -1)
    # along a family, a runs from 1/K (uniform over K) to 1/k (uniform over k): H decreases;
    # solve only the (family, entropy) pairs whose range covers the entropy
    covered = (flat >= _uniform_entropy(k, n, kind, q) - 1e-15) & (
        flat <= _uniform_entropy(big_k, n, kind, q) + 1e-15
    )
    fam, point = np.nonzero(covered)
    kf, bf, target = k[fam, 0], big_k[fam, 0], flat[0, point]
    a = _bisect(lambda t: _two_level(t, kf, bf, n, kind, q)[0], 1.0 / bf, 1.0 / kf, target, False)
    c = _two_level(a, kf, bf, n, kind, q)[1]
    c_min = np.full(flat.shape[1], np.inf)
    c_max = np.full(flat.shape[1], -np.inf)
    np.minimum.at(c_min, point, c)
    np.maximum.at(c_max, point, c)
    return c_min.reshape(h.shape), c_max.reshape(h.shape)


def _uniform_entropy(k, n, kind, q):
    """Normalized entropy of the uniform distribution over k of the n patterns."""
    k = np.asarray(k, dtype=np.float64)
    if kind == "tsallis":
        return lnq(k, q) / lnq(n, q)
    with np.errstate(divide="ignore"):
        return np.log(k) / math.log(n)


def _present(h, n, kind, q):
    """Patterns present on the maximum curve at entropy h: the K with H(uniform K-1) < h <= H(uniform K)."""
    if kind == "tsallis":
        y = h * lnq(n, q)
        k = np.ceil((1 + (1 - q) * y) ** (1 / (1 - q)) - 1e-9)
    else:
        k = np.ceil(np.exp(h * math.log(n)) - 1e-9)
    k = np.clip(k, 2, n)
    # guard the float rounding at segment ends
    k = np.where(_uniform_entropy(k, n, kind, q) < h, k + 1, k)
    k = np.where((k > 2) & (_uniform_entropy(k - 1, n, kind, q) >= h), k - 1, k)
    return np.clip(k, 2, n)


def _bisect(fn, lo, hi, target, increasing):
    """Solve fn(t) = target elementwise on [lo, hi] (fn monotone) to full double precision."""
    lo = np.array(lo, dtype=np.float64)
    hi = np.array(hi, dtype=np.float64)
    for _ in range(1100):  # enough halvings to reach adjacent doubles from any bracket
        mid = 0.5 * (lo + hi)
        if np.all((mid == lo) | (mid == hi)):
            break
        val = fn(mid)
        up = (val < target) if increasing else (val > target)
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    return 0.5 * (lo + hi)


def _check_unit(x: np.ndarray, refused: np.ndarray, name: str, what: str) -> None:
    """InputError naming the first value of ``x`` outside [0, 1] (1e-12 of rounding allowed) or ``refused``."""
    bad = refused | (x < -1e-12) | (x > 1 + 1e-12)
    if bad.any():
        where = np.unravel_index(int(np.argmax(bad)), x.shape)
        at = f"{name}[{', '.join(map(str, where))}]" if x.ndim else name
        raise InputError(f"{name} must hold {what} in [0, 1]; {at} is {float(x[where])!r}")


def complexity_bounds(
    entropy: ArrayLike,
    *,
    m: int = 3,
    ties: str = "stable",
    alpha: float | None = None,
    q: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Minimum and maximum complexity possible at the given normalized entropies.

    Parameters
    ----------
    entropy : array-like
        Normalized entropies in [0, 1].
    m : int
        Embedding dimension; the plane has m! patterns (the ordered Bell
        number with ``ties="shared"``).
    ties : {"stable", "shared"}
        How equal values are ranked, which sets the number of patterns.
    alpha, q : float, optional
        Renyi order (plane of :func:`~tsdyn.ordinal.renyi_complexity_entropy`)
        or Tsallis order (:func:`~tsdyn.ordinal.tsallis_complexity_entropy`).

    Returns
    -------
    (c_min, c_max) : arrays shaped like ``entropy``

    See Also
    --------
    minimum_complexity_curve, maximum_complexity_curve : The bounds as curves.
    plane_position : A point's place between them.

    Examples
    --------
    >>> c_min, c_max = complexity_bounds([0.5, 0.9], m=4)
    >>> c_min.round(4), c_max.round(4)
    (array([0.2154, 0.0838]), array([0.3445, 0.1542]))
    """
    n = _states(m, ties)
    kind, qv = _variant(alpha, q)
    h = np.asarray(entropy, dtype=np.float64)
    _check_unit(h, ~np.isfinite(h), "entropy", "normalized entropies")
    h = np.clip(h, 0.0, 1.0)
    if kind != "shannon" and qv < 1.0:
        c_min, c_max = _envelope(h, n, kind, qv)
        return np.where((h <= 0.0) | (h >= 1.0), 0.0, c_min), np.where((h <= 0.0) | (h >= 1.0), 0.0, c_max)
    p = _bisect(
        lambda t: _min_family(t, n, kind, qv)[0], np.full(h.shape, 1.0 / n), np.ones(h.shape), h, False
    )
    c_min = _min_family(p, n, kind, qv)[1]
    k = _present(h, n, kind, qv)
    p0 = _bisect(lambda t: _max_family(t, k, n, kind, qv)[0], np.zeros(h.shape), 1.0 / k, h, True)
    c_max = _max_family(p0, k, n, kind, qv)[1]
    # the ends of the plane: a single pattern (H = 0) and the uniform distribution (H = 1)
    c_min = np.where(h <= 0.0, 0.0, np.where(h >= 1.0, 0.0, c_min))
    c_max = np.where(h <= 0.0, 0.0, np.where(h >= 1.0, 0.0, c_max))
    return c_min, c_max


def minimum_complexity_curve(
    m: int = 3, *, size: int = 100, ties: str = "stable", alpha: float | None = None, q: float | None = None
) -> Curve:
    """Points of the lower bound of the complexity-entropy plane.

    The ``size`` points are those of ordpy's ``minimum_complexity_entropy(dx,
    size=size)``: the largest probability p evenly spaced on [1/N, 1]
    (Renyi/Tsallis order < 1: ``size`` entropies evenly spaced on [0, 1]).

    Parameters
    ----------
    m : int
        Embedding dimension.
    size : int
        Number of points.
    ties : {"stable", "shared"}
        Sets the number of patterns, as in :func:`complexity_bounds`.
    alpha, q : float, optional
        Renyi or Tsallis order, as in :func:`complexity_bounds`.


    Returns
    -------
    Curve
        Named tuple of arrays ``entropy`` (ascending) and ``complexity``.

    See Also
    --------
    maximum_complexity_curve : The upper bound.
    complexity_bounds : Both at given entropies.

    Examples
    --------
    >>> curve = minimum_complexity_curve(3, size=3)
    >>> curve.entropy.round(4), curve.complexity.round(4)
    (array([0.    , 0.7533, 1.    ]), array([0.    , 0.1605, 0.    ]))
    """
    n = _states(m, ties)
    size = check_int(size, "size", minimum=2)
    kind, qv = _variant(alpha, q)
    if kind != "shannon" and qv < 1.0:
        h = np.linspace(0.0, 1.0, size)
        return Curve(h, complexity_bounds(h, m=m, ties=ties, alpha=alpha, q=q)[0])
    p = np.linspace(1.0 / n, 1.0, size)[::-1]
    h, c = _min_family(p, n, kind, qv)
    # + 0.0 turns the -0.0 of the single-pattern end into 0.0
    return Curve(np.clip(h, 0.0, 1.0) + 0.0, c + 0.0)


def maximum_complexity_curve(
    m: int = 3, *, size: int = 200, ties: str = "stable", alpha: float | None = None, q: float | None = None
) -> Curve:
    """Points of the upper bound of the complexity-entropy plane, evenly spaced in entropy.

    The maximum curve is made of N - 1 arcs (one per number of absent
    patterns); each arc's ends are included when N is small, so the kinks
    are exact.

    Parameters
    ----------
    m, ties, alpha, q
        As in :func:`minimum_complexity_curve`.
    size : int
        Number of points spaced evenly in entropy (the arcs' ends are added).


    Returns
    -------
    Curve
        Named tuple of arrays ``entropy`` (ascending) and ``complexity``.

    See Also
    --------
    minimum_complexity_curve : The lower bound.
    complexity_bounds : Both at given entropies.

    Examples
    --------
    >>> curve = maximum_complexity_curve(3, size=3)
    >>> curve.entropy.round(4)
    array([0.    , 0.3869, 0.5   , 0.6131, 0.7737, 0.8982, 1.    ])
    >>> curve.complexity.round(4)
    array([0.    , 0.2712, 0.2835, 0.2915, 0.2255, 0.1218, 0.    ])
    """
    n = _states(m, ties)
    size = check_int(size, "size", minimum=2)
    kind, qv = _variant(alpha, q)
    h = np.linspace(0.0, 1.0, size)
    if n <= 5000:
        ends = _uniform_entropy(np.arange(1, n + 1), n, kind, qv)
        h = np.union1d(h, ends)
    c = complexity_bounds(h, m=m, ties=ties, alpha=alpha, q=q)[1]
    return Curve(h, c)


def plane_position(
    entropy: ArrayLike,
    complexity: ArrayLike,
    *,
    m: int = 3,
    ties: str = "stable",
    alpha: float | None = None,
    q: float | None = None,
) -> PlanePosition:
    """Place points of the plane relative to its bounds.

    Parameters
    ----------
    entropy, complexity : array-like
        Normalized entropy and complexity in [0, 1], of one shape (a point
        per pair), e.g. from :func:`~tsdyn.ordinal.complexity_entropy` with
        the same ``m``. A NaN complexity gets a NaN position and is not
        ``inside``; entropy must be finite.
    m, ties, alpha, q
        See :func:`complexity_bounds`.

    Returns
    -------
    PlanePosition
        ``c_min``, ``c_max`` at each entropy, ``position`` = (C - c_min) /
        (c_max - c_min) (NaN where the bounds meet, at H = 0 and H = 1) and
        ``inside``.

    See Also
    --------
    complexity_bounds : The bounds.
    complexity_entropy : The points.

    Examples
    --------
    >>> pos = plane_position(0.5, 0.3, m=4)
    >>> round(float(pos.position), 3), bool(pos.inside)
    (0.655, True)
    """
    h, c = np.asarray(entropy, dtype=np.float64), np.asarray(complexity, dtype=np.float64)
    if h.shape != c.shape:
        # broadcasting paired every entropy with every complexity: points the caller never had
        raise InputError(
            f"entropy and complexity must have the same shape (one point per pair); got {h.shape} and {c.shape}"
        )
    _check_unit(c, np.isinf(c), "complexity", "normalized complexities")
    c_min, c_max = complexity_bounds(h, m=m, ties=ties, alpha=alpha, q=q)
    width = c_max - c_min
    with np.errstate(divide="ignore", invalid="ignore"):
        position = np.where(width > 1e-12, (c - c_min) / width, np.nan)
    inside = (c >= c_min - 1e-9) & (c <= c_max + 1e-9)
    return PlanePosition(c_min, c_max, position, inside)
