r"""Fuzzy entropy (Chen et al. 2007): sample entropy with a graded, not a hard, match.

Templates of ``m`` samples ``tau`` apart each lose their own mean (so a
shifted copy of a pattern matches it); two templates at Chebyshev distance
:math:`d` are similar to the degree :math:`\mu = \exp(-d^n / r)`. With
:math:`\phi_k` the mean similarity of all pairs of the same
:math:`N - m\tau` templates at length ``k``,

.. math:: \mathrm{FuzzyEn} = \ln \phi_m - \ln \phi_{m+1}.

With ``r`` given, this equals EntropyHub's ``FuzzEn(x, m, tau, r=(r, n))``
(its ``Fx="default"``). ``r`` has the units of :math:`d^n`; ``r=None`` takes
:math:`(0.2\,\sigma)^n` with :math:`\sigma` the standard deviation
(``ddof=0``) of each series, so the membership is
:math:`\exp(-(d / 0.2\sigma)^n)`, the tolerance of
:func:`tsdyn.entropy.sample_entropy`, and the entropy does not change when
the series is shifted or scaled.
There is no cut-off, so all :math:`N^2/2` pairs count: time O(N²), memory O(N).
"""

from __future__ import annotations

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time
from tsdyn.entropy import _kernels as K
from tsdyn.entropy.templates import templates
from tsdyn.errors import check_nan_policy, check_real

__all__ = ["fuzzy_entropy"]


def fuzzy_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 2,
    tau: int = 1,
    r: float | None = None,
    n: float = 2.0,
    nan_policy: str = "raise",
) -> SeriesResult:
    r"""Fuzzy entropy of every series (Chen et al. 2007).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    dim : str
        The time dimension.
    m : int
        Embedding dimension: samples per template (>= 1).
    tau : int
        Embedding delay in samples (>= 1).
    r : float or None
        Divisor of the membership :math:`\exp(-d^n / r)` (> 0, units of
        ``x`` to the power ``n``); None: :math:`(0.2\sigma)^n` per series.
    n : float
        Exponent of the distance in the membership (> 0; Chen et al. use 2).
    nan_policy : {"raise", "propagate"}
        ``"propagate"``: a series with NaN gives NaN.

    Returns
    -------
    Same family as ``x``, ``dim`` removed, named ``entropy``; a constant series gives 0.

    See Also
    --------
    sample_entropy : The same with a hard threshold.

    Examples
    --------
    >>> import numpy as np
    >>> noise = np.random.default_rng(0).standard_normal(1000)
    >>> sine = np.sin(np.arange(1000) / 5.0)
    >>> bool(fuzzy_entropy(sine) < 0.5 < fuzzy_entropy(noise))
    True
    """
    check_nan_policy(nan_policy, ("raise", "propagate"))  # "omit" would break the all-pairs sums
    cfg = templates(m, tau, r, "chebyshev", nan_policy)
    power = check_real(n, "n", minimum=0, inclusive=(False, True))
    return apply_along_time(
        _fuzzy_kernel,
        x,
        outputs=Output("entropy", long_name="fuzzy entropy"),
        dim=dim,
        kwargs={"cfg": cfg, "power": float(power)},
        attrs={
            **cfg.attrs(),
            "n": power,
            "membership": "exp(-d**n / r), Chebyshev d of mean-removed templates",
        },
        function=public_name(fuzzy_entropy),
        min_length=cfg.m * cfg.tau + 2,
        length_reason=f"fuzzy entropy with m={cfg.m}, tau={cfg.tau} (two templates and the samples after them)",
        nan_policy=cfg.nan_policy,
    )


def _fuzzy_kernel(a, *, parallel, cfg, power):
    out = a[:, :1].copy()
    # the default divisor is (0.2 sd)**n: the membership exp(-(d / 0.2 sd)**n) is scale-free
    radii = cfg.radii(a) if cfg.r is not None else cfg.radii(a) ** power
    K.fuzzy_entropy_rows(a, radii, cfg.m, cfg.tau, power, out, parallel=parallel)
    return out[:, 0]
