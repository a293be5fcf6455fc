"""Correlation dimension of a time series (Grassberger & Procaccia 1983).

The series is delay-embedded (``m`` coordinates ``tau`` samples apart),
the correlation sum ``C(r)`` (fraction of point pairs closer than ``r`` in the
max norm, the glossary's ``metric="chebyshev"``, pairs closer than ``theiler``
samples in time excluded) is computed on a logarithmic grid of radii, and the
dimension is the least-squares slope of
``log C`` against ``log r`` over the scaling range where ``C`` lies in ``fit``.
``C(r)`` is the distribution function of the pair distances, so the fit range
is set in terms of ``C`` and adapts to each attractor's size.

>>> import numpy as np
>>> from tsdyn.chaos import correlation_dimension
>>> x = np.random.default_rng(0).random(3000)  # iid: embedded points fill the square
>>> round(float(correlation_dimension(x, m=2)), 1)
2.0
"""

from __future__ import annotations

import math

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time
from tsdyn.errors import InputError, check_int, check_real

__all__ = ["correlation_dimension"]

_BINS_PER_DECADE = 20


def correlation_dimension(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 2,
    tau: int = 1,
    theiler: int = 0,
    max_points: int = 3000,
    fit: tuple[float, float] = (1e-4, 1e-2),
    decades: float = 6.0,
) -> SeriesResult:
    """Grassberger-Procaccia correlation dimension of each series of ``x``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis).
    dim : str
        The time dimension.
    m : int
        Embedding dimension (>= 1); it must exceed twice the attractor's dimension
        for the estimate to be free of projection effects.
    tau : int
        Embedding delay: samples between embedding coordinates.
    theiler : int
        Pairs of points closer than this many samples in time are left out
        (Theiler 1986), so that a slowly sampled orbit does not count its own
        neighbours along the trajectory.
    max_points : int
        At most this many embedded points are used (every k-th; cost grows as its square).
    fit : (float, float)
        Range of the correlation sum ``C(r)`` over which the slope is fitted.
    decades : float
        Radii span this many decades below the attractor's diameter.

    Returns
    -------
    Same family as ``x``: one dimension per series (``time`` dropped).

    References
    ----------
    Grassberger, P. & Procaccia, I. (1983). Characterization of strange attractors.
    Phys. Rev. Lett. 50, 346-349.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.chaos import correlation_dimension
    >>> rng = np.random.default_rng(1)
    >>> x = rng.random(6000)  # iid uniform: delay vectors fill the cube [0, 1]^3
    >>> round(float(correlation_dimension(x, m=3)), 1)
    2.9
    """
    from tsdyn.chaos import _kernels as K

    m = check_int(m, "m", minimum=1)
    tau = check_int(tau, "tau", minimum=1)
    theiler = check_int(theiler, "theiler", minimum=0)
    max_points = check_int(max_points, "max_points", minimum=10)
    try:
        c_lo, c_hi = (float(v) for v in fit)
    except (TypeError, ValueError):
        raise InputError(f"fit must be a pair (C_min, C_max), got {fit!r}") from None
    if not 0.0 < c_lo < c_hi <= 1.0:
        raise InputError(f"fit must satisfy 0 < C_min < C_max <= 1, got {fit!r}")
    check_real(decades, "decades", minimum=0, inclusive=(False, True))
    n_bins = max(4, round(decades * _BINS_PER_DECADE))

    def kernel(a, *, parallel):
        n_emb = a.shape[1] - (m - 1) * tau
        n_pts = math.ceil(n_emb / math.ceil(n_emb / max_points))
        if n_pts * (n_pts - 1) / 2 * c_lo < 10:
            raise InputError(
                f"x has too few points ({n_pts} embedded) for C(r) down to {c_lo:g}: "
                "use a longer series or raise fit[0]"
            )
        sums = K.correlation_sums(
            a, parallel=parallel, emb_dim=m, lag=tau, max_points=max_points, theiler=theiler,
            decades=decades, n_bins=n_bins,
        )  # fmt: skip
        return _fit_slopes(sums, c_lo, c_hi)

    return apply_along_time(
        kernel,
        x,
        outputs=Output("correlation_dimension", "Grassberger-Procaccia correlation dimension"),
        dim=dim,
        attrs={
            "m": m,
            "tau": tau,
            "metric": "chebyshev",
            "theiler": theiler,
            "max_points": max_points,
            "fit": [c_lo, c_hi],
            "decades": decades,
        },  # fmt: skip
        function=public_name(correlation_dimension),
        min_length=(m - 1) * tau + 10,
        length_reason=f"an embedding with m={m}, tau={tau} and 10 points",
    )


def _fit_slopes(sums: np.ndarray, c_lo: float, c_hi: float) -> np.ndarray:
    # Least-squares slope of log C(r) on log r over the grid radii whose C lies in [c_lo, c_hi].
    out = np.full(sums.shape[0], np.nan)
    for row, s in enumerate(sums):
        log_r0, width, c = s[0], s[1], s[2:]
        log_r = log_r0 + width * np.arange(1, c.size + 1)
        keep = (c >= c_lo) & (c <= c_hi)
        if keep.sum() >= 3:
            out[row] = np.polyfit(log_r[keep], np.log(c[keep]), 1)[0]
    return out
