"""Missing (forbidden) ordinal patterns and whether white noise would miss as many.

Deterministic dynamics forbid some patterns outright (the logistic map at
r = 4 never makes a strictly decreasing triple), but a short random series
also misses patterns by chance. :func:`missing_patterns_test` turns "this
series lacks k patterns" into a p-value: the chance that white noise of the
same length lacks at least k.
"""

from __future__ import annotations

import numpy as np

from tsdyn._naming import public_name
from tsdyn._numba import use_parallel
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Output
from tsdyn.errors import check_choice, check_int
from tsdyn.ordinal import _kernels as K
from tsdyn.ordinal.patterns import setup
from tsdyn.rng import Seed, as_seed_sequence

__all__ = ["missing_patterns", "missing_patterns_test", "white_noise_missing"]


def missing_patterns(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    ties: str = "stable",
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    """Number and fraction of the possible ordinal patterns that never occur.

    Equals ordpy's ``missing_patterns`` (its fraction and the length of its list).

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
    ``missing`` (count) and ``fraction``: a named tuple (numpy), pandas or a Dataset.

    See Also
    --------
    missing_patterns_test : Against white noise of the same length.

    Examples
    --------
    >>> res = missing_patterns([4.0, 7.0, 9.0, 10.0, 6.0, 11.0, 3.0], allow_short=True)
    >>> res.missing, res.fraction
    (3.0, 0.5)
    """
    cfg = setup(m, tau, ties, nan_policy, allow_short=allow_short)
    outputs = (
        Output("missing", long_name="number of ordinal patterns never observed"),
        Output("fraction", long_name="fraction of ordinal patterns never observed"),
    )
    return cfg.run(
        _missing_kernel,
        x,
        dim=dim,
        outputs=outputs,
        kwargs={"cfg": cfg},
        function=public_name(missing_patterns),
    )


def _missing_count(a, cfg, parallel):
    hist, _ = K.count(a, d=cfg.m, tau=cfg.tau, ties=cfg.ties, omit=cfg.omit, parallel=parallel)
    return cfg.n_patterns - np.count_nonzero(hist, axis=1)


def _missing_kernel(a, *, parallel, cfg):
    missing = _missing_count(a, cfg, parallel).astype(np.float64)
    return missing, missing / cfg.n_patterns


def white_noise_missing(
    n: int, *, m: int = 3, tau: int = 1, n_surrogates: int = 1000, seed: Seed = None
) -> np.ndarray:
    """Missing-pattern counts of ``n_surrogates`` white-noise series of ``n`` samples.

    The ordinal patterns of independent, identically distributed continuous
    values do not depend on their distribution, so Gaussian noise stands for
    all of them.

    Parameters
    ----------
    n : int
        Samples per white-noise series (the length of the series being tested).
    m, tau : int
        Embedding dimension and delay of the patterns.
    n_surrogates : int
        How many white-noise series.
    seed : None, int, SeedSequence or Generator
        Seeds the noise.


    Returns
    -------
    numpy.ndarray
        Integer counts of absent patterns, shape ``(n_surrogates,)``.

    See Also
    --------
    missing_patterns_test : Uses it as the null.

    Examples
    --------
    >>> counts = white_noise_missing(20, m=3, n_surrogates=200, seed=1)
    >>> counts.shape, bool(counts.mean() < 1.0)
    ((200,), True)
    """
    cfg = setup(m, tau)
    n = check_int(n, "n", minimum=cfg.span)
    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=1)
    rng = np.random.default_rng(as_seed_sequence(seed))
    out = np.empty(n_surrogates, dtype=np.int64)
    # batches keep memory at ~8 MB whatever n and n_surrogates are
    rows = max(1, 1_000_000 // n)
    for start in range(0, n_surrogates, rows):
        stop = min(start + rows, n_surrogates)
        noise = rng.standard_normal((stop - start, n))
        out[start:stop] = _missing_count(noise, cfg, parallel=use_parallel(*noise.shape))
    return out


def missing_patterns_test(
    x: SeriesLike,
    *,
    dim: str = "time",
    m: int = 3,
    tau: int = 1,
    n_surrogates: int = 1000,
    method: str = "simulation",
    seed: Seed = None,
    nan_policy: str = "raise",
    allow_short: bool = False,
) -> SeriesResult:
    r"""Test whether a series misses more ordinal patterns than white noise of its length would.

    Null hypothesis: the series is white noise (i.i.d. values), whose
    patterns are all equally likely. ``p_value`` is the probability that such
    a series of the same length misses at least as many patterns.

    - ``method="simulation"`` (default): ``n_surrogates`` white-noise series,
      :math:`p = (1 + \#\{k_\text{null} \ge k\}) / (1 + n_\text{surrogates})`.
    - ``method="independent"``: treats the M windows as independent draws,
      so each pattern is missing with probability :math:`q = (1 - 1/N)^M`
      and the count is Binomial(N, q). Overlapping windows are not
      independent: white noise of 60 samples at m = 4 misses 1.77 patterns
      on average against 2.12 under independence, so this approximation
      expects a few more missing patterns and its p-values come out larger
      (conservative). A quick screen; the simulation is the test.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        Series with time on the last axis (numpy) or along ``dim``.
    m, tau, nan_policy, allow_short
        See :mod:`tsdyn.ordinal.patterns` (ties: stable).
    n_surrogates : int
        White-noise series for ``method="simulation"``.
    method : {"simulation", "independent"}
    seed : int, SeedSequence or Generator
        Seed of the simulated noise (see :mod:`tsdyn.rng`).
    dim : str
        Name of the time dimension of xarray input (default ``"time"``).

    Returns
    -------
    ``missing``, ``expected`` (mean count under the null) and ``p_value``.

    See Also
    --------
    missing_patterns : The count alone.
    white_noise_missing : The null distribution.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.empty(300); x[0] = 0.3
    >>> for i in range(299):
    ...     x[i + 1] = 4 * x[i] * (1 - x[i])
    >>> res = missing_patterns_test(x, m=4, n_surrogates=200, seed=0)
    >>> res.missing > 0, res.p_value < 0.01
    (True, True)
    """
    cfg = setup(m, tau, "stable", nan_policy, allow_short=allow_short)
    check_choice(method, "method", ("simulation", "independent"))
    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=1)
    outputs = (
        Output("missing", long_name="number of ordinal patterns never observed"),
        Output("expected", long_name="mean number missed by white noise of the same length"),
        Output("p_value", long_name="probability that white noise misses at least as many patterns"),
    )
    return cfg.run(
        _test_kernel,
        x,
        dim=dim,
        outputs=outputs,
        kwargs={"cfg": cfg, "n_surrogates": n_surrogates, "method": method, "seed": as_seed_sequence(seed)},
        attrs={"method": method, "n_surrogates": n_surrogates},
        function=public_name(missing_patterns_test),
    )


def _test_kernel(a, *, parallel, cfg, n_surrogates, method, seed):
    missing = _missing_count(a, cfg, parallel)
    n = a.shape[1]
    big_n = cfg.n_patterns
    if method == "simulation":
        null = white_noise_missing(n, m=cfg.m, tau=cfg.tau, n_surrogates=n_surrogates, seed=seed)
        expected = np.full(missing.shape, null.mean())
        exceed = (null[None, :] >= missing[:, None]).sum(axis=1)
        p = (1.0 + exceed) / (1.0 + n_surrogates)
    else:
        from scipy.stats import binom

        q = (1.0 - 1.0 / big_n) ** (n - cfg.span + 1)
        expected = np.full(missing.shape, big_n * q)
        p = binom.sf(missing - 1, big_n, q)
    return missing.astype(np.float64), expected, p
