"""The 0-1 test for chaos (Gottwald & Melbourne 2004, 2009).

The series :math:`\\phi_j` drives a walk in the plane,

.. math:: p_c(n) = \\sum_{j=1}^{n} \\phi_j \\cos(jc), \\qquad q_c(n) = \\sum_{j=1}^{n} \\phi_j \\sin(jc),

which stays bounded for regular dynamics and diffuses like a Brownian motion for
chaotic dynamics. The growth rate of its mean square displacement, measured as
the correlation :math:`K_c` of the displacement with time (the modified
correlation method of 2009), is near 0 for regular and near 1 for chaotic
dynamics; ``K`` is the median over random frequencies ``c``.

>>> import numpy as np
>>> from tsdyn.chaos import zero_one_test
>>> t = np.arange(4000)
>>> bool(abs(zero_one_test(np.sin(0.3 * t), subsample=1).k) < 0.05)
True
"""

from __future__ import annotations

import collections
import math

import numpy as np

from tsdyn._naming import public_name
from tsdyn.data import Output, apply_along_time, from_series, series_and_family
from tsdyn.errors import InputError, check_int, check_nan_policy
from tsdyn.rng import as_generator

__all__ = ["ZeroOneResult", "zero_one_test"]

#: Frequencies are drawn from (pi/5, 4 pi/5), away from the resonances at 0 and pi.
_C_RANGE = (math.pi / 5, 4 * math.pi / 5)
#: Fewest samples, after subsampling, on which the test is run.
_MIN_SAMPLES = 100
#: Automatic subsampling keeps at least this many samples: K_c is a correlation over N/10
#: displacements, and a few hundred samples leave it too noisy to tell 0 from 1.
_KEEP = 1000

ZeroOneResult = collections.namedtuple("ZeroOneResult", "k k_c c subsample")
ZeroOneResult.__doc__ = """Result of :func:`zero_one_test` for numpy or pandas.Series input.

Attributes
----------
k : float (array for several series)
    Median of ``k_c``: near 0 for regular, near 1 for chaotic dynamics.
k_c : array over the frequencies ``c``
    The correlation K_c of each frequency.
c : array
    The frequencies, drawn once from (pi/5, 4 pi/5) with ``seed``.
subsample : int (array)
    Every ``subsample``-th sample was used.

See Also
--------
zero_one_test : Computes it.

Examples
--------
>>> import numpy as np
>>> x = np.empty(2000)
>>> x[0] = 0.3
>>> for i in range(1, x.size):
...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
>>> res = zero_one_test(x, n_c=20)
>>> round(float(res.k), 2), res.k_c.shape, res.c.shape, int(res.subsample)
(1.0, (20,), (20,), 1)
"""


def zero_one_test(
    x,
    *,
    n_c: int = 100,
    subsample: int | None = None,
    seed=0,
    dim: str = "time",
    nan_policy: str = "raise",
):
    """0-1 test for chaos of each series of ``x``: K near 0 (regular) or near 1 (chaotic).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time along ``dim``; numpy: the last axis).
    n_c : int
        Number of random frequencies ``c`` in (pi/5, 4 pi/5); ``K`` is the
        median of their ``K_c`` (Gottwald & Melbourne 2009 use 100).
    subsample : int, optional
        Use every ``subsample``-th sample. ``None``: automatic, the delay of
        the first minimum of the average mutual information
        (:func:`optimal_delay`: 1 for a series that decorrelates within 2
        samples), and 1 for a map's series (xarray attrs ``kind="map"``). An oversampled flow (many samples per oscillation)
        looks regular to the test over the short displacement times it uses,
        and gives K far from 1; samples one mutual-information delay apart are
        about as independent as the dynamics allow while keeping its order.
    seed : int, Generator or SeedSequence
        Seed of the frequencies ``c``; the same ``c`` for every series of ``x``.
    dim : str
        The time dimension.
    nan_policy : {"raise"}
        NaN and infinite values are refused with their position.

    Returns
    -------
    ZeroOneResult (numpy, pandas.Series), a dict of pandas objects (a
    DataFrame) or a Dataset (xarray: ``k``, ``subsample``, ``k_c`` over ``c``).

    See Also
    --------
    ZeroOneResult : What it returns (numpy input).
    classify : Uses it as evidence.

    Notes
    -----
    For each ``c``, the mean square displacement
    :math:`M_c(n) = \\langle |z(j+n) - z(j)|^2 \\rangle_j` of :math:`z = p + iq`
    (mean over the ``N - n`` available ``j``, computed with FFTs) for
    ``n = 1 .. N/10``, of the series **less its mean**. Gottwald & Melbourne's
    modified displacement subtracts :math:`\\langle\\phi\\rangle^2 (1 - \\cos nc)/(1 - \\cos c)`,
    which is exactly the mean's own part of :math:`M_c`; the mean's cross term with
    the fluctuations stays there and grows with the offset, so K depended on it
    (the logistic map's 1.00 became 0.93 at +1e3 and -0.47 at +1e6). Taking the
    mean out removes both, and K no longer depends on an offset; on the catalog's
    139 scored records the two agree to a median 2e-6, and SprottDelay's K goes
    from -0.54 to 0.89. :math:`K_c` is the correlation coefficient of ``n`` and
    :math:`M_c(n)`.
    The median over ``c`` discards the few frequencies that resonate with a
    periodic signal.

    References
    ----------
    Gottwald, G. A. & Melbourne, I. (2004). A new test for chaos in deterministic
    systems. Proc. R. Soc. A 460, 603-611.
    Gottwald, G. A. & Melbourne, I. (2009). On the implementation of the 0-1 test
    for chaos. SIAM J. Appl. Dyn. Syst. 8, 129-145.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.chaos import zero_one_test
    >>> x = np.empty(3000)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4.0 * x[i - 1] * (1.0 - x[i - 1])
    >>> bool(zero_one_test(x, subsample=1).k > 0.9)
    True
    """
    n_c = check_int(n_c, "n_c", minimum=1)
    subsample = None if subsample is None else check_int(subsample, "subsample", minimum=1)
    check_nan_policy(nan_policy, ("raise",))
    da, family = series_and_family(x, dim=dim)
    if subsample is None and da.attrs.get("kind") == "map":
        subsample = 1
    c = np.sort(as_generator(seed).uniform(*_C_RANGE, n_c))
    outputs = (
        Output("k", "0-1 test for chaos: median K_c"),
        Output("subsample", "samples used: every subsample-th"),
        Output("k_c", "correlation K_c of each frequency", ("c",), {"c": n_c}, {"c": c}),
    )
    ds = apply_along_time(
        _zero_one_kernel,
        da,
        outputs=outputs,
        dim=dim,
        kwargs={"c": c, "subsample": subsample},
        attrs={
            "n_c": n_c,
            "subsample": "optimal_delay (ami)" if subsample is None else subsample,
            "seed": str(seed),
            "method": "modified correlation (Gottwald & Melbourne 2009)",
            "nan_policy": nan_policy,
        },
        function=public_name(zero_one_test),
        min_length=_MIN_SAMPLES * (subsample or 1),
        length_reason=f"the 0-1 test ({_MIN_SAMPLES} samples after subsampling)",
        nan_policy=nan_policy,
    )
    ds["subsample"] = ds["subsample"].astype(np.int64)
    if family.kind not in ("numpy", "series"):
        return from_series(ds, family, dim=dim)
    k, step = ds["k"].values, ds["subsample"].values
    return ZeroOneResult(
        k=k.item() if k.ndim == 0 else k,
        k_c=ds["k_c"].values,
        c=c,
        subsample=step.item() if step.ndim == 0 else step,
    )


def _zero_one_kernel(a, *, parallel, c, subsample):
    from tsdyn.chaos.embedding import check_varies, default_delay

    check_varies(a)
    k = np.empty(a.shape[0])
    steps = np.empty(a.shape[0])
    k_c = np.empty((a.shape[0], c.size))
    for row in range(a.shape[0]):
        x = a[row]
        step = subsample
        if step is None:
            step = max(1, min(default_delay(x), x.size // _KEEP))
        phi = x[::step]
        if phi.size < _MIN_SAMPLES:
            raise InputError(
                f"x is too short for the 0-1 test subsampled every {step} samples: needs at least "
                f"{_MIN_SAMPLES * step} samples ({_MIN_SAMPLES} after subsampling), got {x.size}; "
                "pass a smaller subsample"
            )
        k_c[row] = _k_c(phi, c)
        k[row] = np.median(k_c[row])
        steps[row] = step
    return k, steps, k_c


def _k_c(phi: np.ndarray, c: np.ndarray) -> np.ndarray:
    """K_c of the modified correlation method for every frequency in ``c``."""
    # The mean is taken out first. The modified method's correction (E phi)^2 (1 - cos nc) /
    # (1 - cos c) is exactly the mean's own displacement, but the mean's cross term with the
    # fluctuations stays, and grows with the offset (the logistic map's K: 0.93 at +1e3, -0.47
    # at +1e6). K is a correlation, the same for any scale of phi; the sums of squares below
    # are not (white noise at 1e80 gave K = 0): phi is brought to a largest magnitude in
    # [0.5, 1) by a power of two, exact in floating point
    phi = phi - phi.mean()
    phi = np.ldexp(phi, -np.frexp(np.max(np.abs(phi)))[1])
    n = phi.size
    n_cut = max(2, n // 10)
    j = np.arange(1, n + 1)
    z = np.cumsum(phi * np.exp(1j * np.outer(c, j)), axis=1)  # (n_c, n): p + i q
    size = 1 << (2 * n - 1).bit_length()
    spec = np.fft.fft(z, size, axis=1)
    cross = np.fft.ifft(spec * np.conj(spec), axis=1)[:, 1 : n_cut + 1].real  # sum_j z(j+n) conj z(j)
    power = np.concatenate((np.zeros((c.size, 1)), np.cumsum(np.abs(z) ** 2, axis=1)), axis=1)
    lags = np.arange(1, n_cut + 1)
    later = power[:, n : n + 1] - power[:, lags]  # sum of |z(j+n)|^2 over j = 1 .. N - n
    earlier = power[:, n - lags]  # sum of |z(j)|^2 over j = 1 .. N - n
    d = (later + earlier - 2.0 * cross) / (n - lags)
    d = d - d.mean(axis=1, keepdims=True)
    lag = lags - lags.mean()
    with np.errstate(invalid="ignore", divide="ignore"):
        return (d @ lag) / np.sqrt((d * d).sum(axis=1) * (lag @ lag))
