r"""Sample, approximate and multiscale sample entropy: how often templates that match keep matching.

A template is a delay vector of ``m`` samples ``tau`` apart; two templates
match when their distance (``metric``, Chebyshev by default) is at most
``r``. With the defaults (``m=2``, ``tau=1``, ``r=None`` meaning
``0.2 * std(x)`` with ``ddof=0``, Chebyshev distance) the values equal
antropy's ``sample_entropy`` and ``app_entropy``.

Conventions shared by the three functions:

- ``r`` is an absolute tolerance in the units of ``x``; ``None`` takes 0.2
  standard deviations of each series (of its finite values under
  ``nan_policy="omit"``). A given ``r`` must be > 0.
- A match is a distance ``<= r`` (Richman & Moorman 2000; antropy's k-d tree
  path). antropy's own loop for Chebyshev series shorter than 5000 samples
  counts ``< r``; the two differ only where a distance equals ``r`` exactly.
- A constant series has ``r = 0`` by default, every template matches every
  other, and the entropy is 0 (a perfectly regular series).
- ``nan_policy``: ``"raise"`` (default), ``"propagate"`` (a series with NaN
  gives NaN), ``"omit"`` (templates holding a NaN are left out).

The counting never builds the pair matrix: memory is O(N), so a million
samples work (see :mod:`tsdyn.entropy._kernels`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from tsdyn._naming import public_name
from tsdyn._numba import RowKernel
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output, apply_along_time
from tsdyn.entropy import _kernels as K
from tsdyn.errors import check_choice, check_int, check_nan_policy, check_real
from tsdyn.ordinal.multiscale import coarse_grain, int_list

__all__ = ["approximate_entropy", "multiscale_sample_entropy", "sample_entropy"]

NAN_POLICIES = ("raise", "propagate", "omit")
R_DEFAULT = 0.2


@dataclass(frozen=True)
class Templates:
    """Checked template parameters shared by the three functions."""

    m: int
    tau: int
    r: float | None
    metric: str
    nan_policy: str

    def attrs(self) -> dict:
        r = self.r if self.r is not None else f"{R_DEFAULT} * std (ddof=0) of each series"
        return {"m": self.m, "tau": self.tau, "r": r, "metric": self.metric, "nan_policy": self.nan_policy}

    def radius(self, series: np.ndarray) -> float:
        """``r`` for one series: the given one, or 0.2 of its standard deviation."""
        if self.r is not None:
            return self.r
        return R_DEFAULT * float(np.nanstd(series) if self.nan_policy == "omit" else np.std(series))

    def radii(self, a: np.ndarray) -> np.ndarray:
        """:meth:`radius` of every row of ``a``; NaN for the rows that are to stay NaN.

        Those are the rows with a NaN under ``nan_policy="propagate"``.
        """
        if self.r is not None:
            radii = np.full(a.shape[0], self.r)
        else:
            radii = R_DEFAULT * (np.nanstd(a, axis=1) if self.nan_policy == "omit" else np.std(a, axis=1))
        if self.nan_policy == "propagate":
            radii[np.isnan(a).any(axis=1)] = np.nan
        return radii

    def rows(
        self, a: np.ndarray, kernel: RowKernel, *, parallel: bool, scales: np.ndarray | None = None
    ) -> np.ndarray:
        """Run a row-kernel driver over every series (and every coarse-graining scale) of ``a``."""
        code = K.METRICS[self.metric]
        levels = np.array([1]) if scales is None else scales
        # Costa et al. keep the tolerance of the original series at every scale
        radii = self.radii(a)
        out = np.empty((levels.size, a.shape[0], 1))
        for j, s in enumerate(levels):
            coarse = a if s == 1 else coarse_grain(a, int(s))
            kernel(coarse, radii, self.m, self.tau, code, out[j], parallel=parallel)
        return np.ascontiguousarray(out[:, :, 0].T) if scales is not None else out[0, :, 0]


def templates(m, tau, r, metric, nan_policy) -> Templates:
    """Check ``m``, ``tau``, ``r``, ``metric`` and ``nan_policy``."""
    m = check_int(m, "m", minimum=1)
    tau = check_int(tau, "tau", minimum=1)
    if r is not None:
        r = check_real(r, "r", minimum=0, inclusive=(False, True))
    check_choice(metric, "metric", tuple(K.METRICS))
    check_nan_policy(nan_policy, NAN_POLICIES)
    return Templates(m, tau, r, metric, nan_policy)


def sample_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 2,
    tau: int = 1,
    r: float | None = None,
    metric: str = "chebyshev",
    nan_policy: str = "raise",
) -> SeriesResult:
    r"""Sample entropy (Richman & Moorman 2000).

    .. math:: \mathrm{SampEn} = -\log \frac{B}{A}

    with :math:`A` and :math:`B` the numbers of pairs of distinct templates
    that match at length ``m`` and ``m + 1``, counted over the same
    :math:`N - m\tau` templates (those followed by one more sample). Self
    matches are excluded, so SampEn does not depend on series length the way
    approximate entropy does.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m : int
        Embedding dimension: samples per template (>= 1).
    tau : int
        Embedding delay in samples (>= 1); antropy has ``tau=1``.
    r : float or None
        Tolerance (> 0) in the units of ``x``; None: 0.2 standard deviations
        (``ddof=0``) of each series.
    metric : {"chebyshev", "euclidean", "manhattan"}
        Distance between templates.
    nan_policy : {"raise", "propagate", "omit"}
        See the module docstring.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, ``dim`` removed, named ``entropy``. NaN where no
    two templates match at length ``m`` (A = 0: undefined, as in antropy),
    ``inf`` where none match at length ``m + 1`` (B = 0); a constant series
    gives 0.

    See Also
    --------
    approximate_entropy : With self-matches (Pincus).
    fuzzy_entropy : With a soft threshold.
    multiscale_sample_entropy : Over coarse-graining scales.
    rolling_sample_entropy : In rolling windows.

    Examples
    --------
    >>> x = np.sin(np.arange(300) / 5.0)
    >>> round(sample_entropy(x), 4)
    0.2344
    >>> round(sample_entropy(np.random.default_rng(0).normal(size=2000)), 2)
    2.19
    """
    cfg = templates(m, tau, r, metric, nan_policy)
    return _template_entropy(
        sample_entropy, K.sample_entropy_rows, x, dim, cfg, extra=2,
        needs="two templates and the samples after them",
    )  # fmt: skip


def _template_entropy(func, rows, x, dim: str, cfg, *, extra: int, needs: str):
    """``func`` (sample or approximate entropy) of every series of ``x`` by its row driver ``rows``."""
    what = func.__name__.replace("_", " ")
    return apply_along_time(
        _rows_kernel,
        x,
        outputs=Output("entropy", long_name=what),
        dim=dim,
        kwargs={"cfg": cfg, "rows": rows},
        attrs=cfg.attrs(),
        function=public_name(func),
        min_length=cfg.m * cfg.tau + extra,
        length_reason=f"{what} with m={cfg.m}, tau={cfg.tau} ({needs})",
        nan_policy="propagate" if cfg.nan_policy == "omit" else cfg.nan_policy,
    )


def _rows_kernel(a, *, parallel, cfg, rows):
    return cfg.rows(a, rows, parallel=parallel)


def approximate_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 2,
    tau: int = 1,
    r: float | None = None,
    metric: str = "chebyshev",
    nan_policy: str = "raise",
) -> SeriesResult:
    r"""Approximate entropy (Pincus 1991).

    .. math:: \mathrm{ApEn} = \Phi^m(r) - \Phi^{m+1}(r), \qquad
              \Phi^m(r) = \frac{1}{N_m} \sum_i \log \frac{C_i^m(r)}{N_m}

    where :math:`C_i^m(r)` counts the templates of length ``m`` within
    ``r`` of template :math:`i`, itself included, among all
    :math:`N_m = N - (m-1)\tau` of them.

    Parameters
    ----------
    x, m, tau, r, metric, nan_policy
        See :func:`sample_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, ``dim`` removed, named ``entropy``; 0 for a
    constant series. Where few templates match any other within ``r`` (a short
    series, or ``m`` long for its tolerance) each template's match with itself
    dominates both sums, and ApEn is negative, down to
    :math:`\\log(N_{m+1} / N_m)` when none matches (-0.69 for 3 samples at
    ``m = 2``): Pincus's self-match bias, kept so that the value is his and
    antropy's; :func:`sample_entropy` has none.

    See Also
    --------
    sample_entropy : Without self-matches (less biased on short series).

    Examples
    --------
    >>> x = np.sin(np.arange(300) / 5.0)
    >>> round(approximate_entropy(x), 4)
    0.1665
    """
    cfg = templates(m, tau, r, metric, nan_policy)
    return _template_entropy(
        approximate_entropy, K.approximate_entropy_rows, x, dim, cfg, extra=1,
        needs="one template of m + 1 samples",
    )  # fmt: skip


def multiscale_sample_entropy(
    x: SeriesLike,
    *,
    dim: str = "time",
    scales: int | Iterable[int] = range(1, 11),
    m: int = 2,
    tau: int = 1,
    r: float | None = None,
    metric: str = "chebyshev",
    nan_policy: str = "raise",
) -> SeriesResult:
    """Sample entropy of the coarse-grained series at each scale (Costa, Goldberger & Peng 2002).

    At scale s the series becomes the means of consecutive non-overlapping
    blocks of s samples (a last incomplete block is dropped). The tolerance
    stays that of the original series at every scale (``0.2 * std(x)`` by
    default; Costa et al. used 0.15), so the curve shows how regularity
    changes with scale, not how the variance shrinks.

    Parameters
    ----------
    scales : int or sequence of int
        Block lengths; they become the new dimension ``scale``.
    x, m, tau, r, metric, nan_policy
        See :func:`sample_entropy`.
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    Same family as ``x``, ``dim`` replaced by ``scale``, named ``entropy``.

    See Also
    --------
    sample_entropy : One scale.
    tsdyn.ordinal.multiscale_permutation_entropy : Permutation entropy over scales.

    Examples
    --------
    >>> x = np.random.default_rng(1).normal(size=3000)
    >>> multiscale_sample_entropy(x, scales=[1, 2, 4]).round(1)
    array([2.2, 1.8, 1.5])
    """
    cfg = templates(m, tau, r, metric, nan_policy)
    scales = int_list(scales, "scales")
    out = Output(
        "entropy",
        long_name="multiscale sample entropy",
        core_dims=("scale",),
        sizes={"scale": scales.size},
        coords={"scale": scales},
    )
    top = int(scales[-1])
    return apply_along_time(
        _multiscale_kernel,
        x,
        outputs=out,
        dim=dim,
        kwargs={"cfg": cfg, "scales": scales},
        attrs={**cfg.attrs(), "scales": scales},
        function=public_name(multiscale_sample_entropy),
        min_length=top * (cfg.m * cfg.tau + 2),
        length_reason=f"sample entropy with m={cfg.m}, tau={cfg.tau} at scale {top}",
        nan_policy="propagate" if cfg.nan_policy == "omit" else cfg.nan_policy,
    )


def _multiscale_kernel(a, *, parallel, cfg, scales):
    return cfg.rows(a, K.sample_entropy_rows, parallel=parallel, scales=scales)
