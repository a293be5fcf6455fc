"""Potential analysis: R earlywarnings' ``livpotential_ews`` and ``movpotential_ews``.

Livina et al. (2010, Clim. Past 6: 77) read a noisy system's stationary
density ``p(x)`` as the potential ``U(x) = -sigma^2 / 2 log p(x)``: each
well of ``U`` (a maximum of ``p``) is a state the system dwells in, so the
number of wells counts the alternative states and their change along time
or a driver shows a transition coming.

:func:`potential_analysis` estimates ``p`` with R's ``density`` (Gaussian
kernel, bandwidth ``bw.nrd`` times ``bw_adjust``, the data binned linearly
onto a grid of ``max(512, 2^k)`` points 4 bandwidths beyond the evaluation
range and convolved with the kernel by FFT, then read off at ``grid_size``
points from ``min(x)`` to ``max(x)``), as R does, so that the numbers match
R's. Wells and barriers are found by R's rules (``find.optima``): local
maxima of the density higher than ``detection_limit`` kernel heights
(``dnorm(0, bw) / grid_size``), minima between them, and a maximum whose
smaller drop to a neighbouring minimum is below ``detection_threshold``
kernel heights removed with the larger of those minima.

:func:`moving_potential` repeats it with Gaussian weights centred on
``grid_size`` values of a driver (time by default), R's
``movpotential_ews``: the potential landscape along the driver.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike
from tsdyn.data import result_type
from tsdyn.errors import InputError, check_choice, check_int, check_real
from tsdyn.ews._input import whole_values

__all__ = [
    "PotentialResult",
    "bw_nrd",
    "find_optima",
    "kernel_density",
    "moving_potential",
    "potential_analysis",
]


@dataclass(frozen=True)
class PotentialResult:
    """What :func:`potential_analysis` returns.

    Attributes
    ----------
    data : named tuple, pandas.DataFrame or xarray.Dataset
        ``potential`` and ``density`` along ``level`` (the state grid), in
        the input's family: a named tuple of arrays ``(level, potential,
        density)`` for a list or numpy array, a DataFrame indexed by
        ``level`` for pandas input, a Dataset with a ``level`` coordinate
        and the parameters in attrs for xarray input.
    wells : numpy.ndarray
        Levels of the potential's minima (the density's maxima): the states.
    barriers : numpy.ndarray
        Levels of the potential's maxima between wells.
    well_index, barrier_index : numpy.ndarray
        Their positions on the grid (0-based; R reports them 1-based).
    bandwidth : float
        The kernel bandwidth used.

    See Also
    --------
    potential_analysis : Computes it.
    moving_potential : The landscape along a driver.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = np.concatenate([rng.normal(-2, 0.4, 500), rng.normal(2, 0.4, 500)])
    >>> res = potential_analysis(x)
    >>> res.n_wells, res.barrier_index.size, res.data._fields
    (2, 1, ('level', 'potential', 'density'))
    >>> sorted(potential_analysis(xr.DataArray(x, dims="time")).data.data_vars)
    ['density', 'potential']
    """

    data: xr.Dataset
    wells: np.ndarray
    barriers: np.ndarray
    well_index: np.ndarray
    barrier_index: np.ndarray
    bandwidth: float

    @property
    def n_wells(self) -> int:
        """Number of wells: alternative states seen in the data."""
        return int(self.well_index.size)


def bw_nrd(x: np.ndarray) -> float:
    """R's ``bw.nrd``: Scott's rule ``1.06 min(sd, IQR / 1.34) n^(-1/5)``.

    The interquartile range uses R's default quantiles (type 7) and ``sd`` the
    sample standard deviation (``ddof=1``).

    Parameters
    ----------
    x : array-like
        The sample (any order; NaN is not removed).

    Returns
    -------
    float
        The bandwidth of a Gaussian kernel.

    See Also
    --------
    bw_nrd0 : Silverman's rule (R's ``bw.nrd0``, factor 0.9).
    kernel_density : The density with this bandwidth.

    Examples
    --------
    >>> x = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    >>> round(bw_nrd(x), 6)  # IQR / 1.34 = 1.49 < sd = 1.58
    1.146666
    """
    values, _ = whole_values(x, min_length=2)
    return _bw_nrd(_summary(values), values.size)


def _summary(values: np.ndarray, dim: str = "time") -> list[float]:
    # [min, max, min(sd, IQR / 1.34), distinct values capped at 3] in compiled passes, no sort;
    # the first pass's sum finds a NaN or infinity, which whole_values then names
    from tsdyn.ews._potential_kernels import sample_summary

    out = np.empty(4)
    if not sample_summary(values, out):
        _refuse_values(values, dim)
    return out.tolist()


def _refuse_values(values: np.ndarray, dim: str):
    # the summary's sum is not finite: whole_values names a NaN or infinity, else the sum overflowed
    whole_values(values, dim=dim, min_length=1)
    raise InputError(f"x's values (up to {np.max(np.abs(values)):g}) overflow their sum")


def _plain_values(x, dim: str) -> tuple[np.ndarray, xr.DataArray | None]:
    # a contiguous float64 vector is used as it is (its NaN check is the summary's): whole_values'
    # conversions and checks are a tenth of a call at N = 1e4
    if (
        type(x) is np.ndarray
        and x.ndim == 1
        and x.dtype == np.float64
        and x.size >= 3
        and x.flags.c_contiguous
    ):
        return x, None
    return whole_values(x, dim=dim, min_length=3)


def _bw_nrd(summary: list[float], n: int) -> float:
    return 1.06 * summary[2] * n**-0.2


def kernel_density(
    x: np.ndarray,
    *,
    bandwidth: float,
    n: int,
    start: float,
    stop: float,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """R's ``density(x, bw, n, from = start, to = stop, weights)`` with a Gaussian kernel.

    Linear binning onto ``max(512, 2^k >= n)`` points from ``start - 4 bw``
    to ``stop + 4 bw``, FFT convolution with the kernel (negative round-off
    clipped to 0) and linear interpolation onto ``n`` points from ``start``
    to ``stop``; without ``weights`` each point weighs ``1 / len(x)``.

    Parameters
    ----------
    x : array-like
        The sample.
    bandwidth : float
        Standard deviation of the Gaussian kernel (R's ``bw``).
    n : int
        Number of points the density is returned at.
    start, stop : float
        First and last of those points (R's ``from`` and ``to``).
    weights : array, optional
        Weight of each sample (R expects them to sum to 1).

    Returns
    -------
    numpy.ndarray
        The density at ``n`` equally spaced points from ``start`` to ``stop``.

    See Also
    --------
    bw_nrd : R's default bandwidth for it.
    potential_analysis : Wells of this density.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal(2000)
    >>> f = kernel_density(x, bandwidth=0.2, n=101, start=-1.0, stop=1.0)
    >>> bool(abs(f[50] - 1 / np.sqrt(2 * np.pi)) < 0.05)
    True
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.array([1.0 / x.size]) if weights is None else _weights(weights, x.size)
    return _densities(float(bandwidth), float(start), float(stop), int(n), lambda *grid: _bin(x, w, *grid))[
        1
    ][0]


def _bin(x, w, lo, delta, m, size):
    from tsdyn.ews._potential_kernels import bin_weighted

    out = np.zeros((1, size))
    bin_weighted(x, w, lo, delta, m, out[0])
    return out


def _densities(bandwidth, start, stop, n, binned, smoothing=0.0, normalise=False, inside=False):
    # R's density() on the rows of binned(lo, delta, m, size) at n points from start to stop
    # (normalised to unit area there, after `smoothing` is mixed in, if asked): (points, rows);
    # `inside`: every sample lies in [start, stop].
    # Weighted samples binned onto the grid of m points from lo, zero-padded to the circular
    # size of the convolution (convolution_plan says why it may be less than R's 2m)
    from tsdyn.ews._potential_kernels import density_layout, read_density

    at, m, lo, up, size, spectrum, analytic = density_layout(start, stop, n, bandwidth, inside)
    y = binned(lo, (up - lo) / (m - 1), m, size)
    out = np.empty((y.shape[0], n))
    read_density(_convolve(y, spectrum, analytic), m, lo, up, at, smoothing, normalise, out)
    return at, out


def _convolve(y: np.ndarray, spectrum: np.ndarray, analytic: bool) -> np.ndarray:
    # the rows of y circularly convolved with the kernel by FFT: the kernel's transform (its
    # analytic one, or the sampled kernel transformed as R does) is shared by every row
    rfft, irfft = _transforms()
    if not analytic:
        spectrum = np.conj(rfft(spectrum.real))
    product = rfft(y)
    product *= spectrum
    return irfft(product, y.shape[-1])


@functools.cache
def _kernels():
    # the compiled kernels' module, imported on first use and then found by one cached call (an
    # import statement in the function costs about a microsecond a call)
    from tsdyn.ews import _potential_kernels

    return _potential_kernels


@functools.cache
def _transforms():
    # scipy's pocketfft along the last axis (unnormalised forward, 1/n back), called directly:
    # scipy.fft's dispatch layers cost about as much as the two transforms of 2160 points
    # themselves (7 us a call against 10). Its public functions where a scipy has moved it
    try:
        from scipy.fft._pocketfft.pypocketfft import c2r, r2c
    except ImportError:  # every scipy since 1.4 has it; tested with it hidden
        from scipy import fft

        return (lambda a: fft.rfft(a, axis=-1)), (lambda a, n: fft.irfft(a, n, axis=-1, overwrite_x=True))
    return (lambda a: r2c(a, (a.ndim - 1,), True, 0, None, 1)), (
        lambda a, n: c2r(a, (a.ndim - 1,), n, False, 2, None, 1)
    )


def potential_analysis(
    x: SeriesLike,
    *,
    dim: str = "time",
    std: float = 1.0,
    bandwidth: float | str = "nrd",
    weights: Sequence[float] | np.ndarray | None = None,
    grid_size: int | None = None,
    detection_threshold: float = 1.0,
    bw_adjust: float = 1.0,
    density_smoothing: float = 0.0,
    detection_limit: float = 1.0,
) -> PotentialResult:
    """Potential wells of one series (R's ``livpotential_ews``).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        One series (its order does not matter).
    dim : str
        The time dimension of an xarray input.
    std : float
        Noise level sigma: ``U = -log(p) sigma^2 / 2``.
    bandwidth : float or "nrd"
        Kernel bandwidth, or ``"nrd"`` (``bw.nrd`` of ``x``, R's default).
    weights : array, optional
        Weight of each sample (summing to 1), as R's ``density``.
    grid_size : int, optional
        Points of the level grid (R's default ``floor(0.2 N)``).
    detection_threshold, detection_limit : float
        In kernel heights: the smallest drop from a well to a barrier, the
        lowest density of a well.
    bw_adjust : float
        Factor on the bandwidth.
    density_smoothing : float
        Uniform density mixed in before normalising (``1 / range`` times it).

    Returns
    -------
    PotentialResult

    See Also
    --------
    moving_potential : The same along a driver.
    find_optima : The rules that pick the wells and barriers.
    kernel_density : The density estimate.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> x = np.concatenate([rng.normal(-2, 0.4, 500), rng.normal(2, 0.4, 500)])
    >>> res = potential_analysis(x)
    >>> res.n_wells, [round(v) for v in res.wells]
    (2, [-2, 2])
    """
    kernels = _kernels()
    values, da = _plain_values(x, dim)
    n = values.size
    grid = max(int(0.2 * n), 2) if grid_size is None else check_int(grid_size, "grid_size", minimum=2)
    w = _UNIFORM if weights is None else _weights(weights, n, mass=True)
    std, given, adjust, threshold, limit, smoothing = _parameters(
        std, bandwidth, bw_adjust, detection_threshold, detection_limit, density_smoothing
    )
    # two compiled calls around the FFT: each stage a call of its own (and the Python between
    # them) took a third of the call at N = 1e4
    stats = np.empty(8)
    status, level, binned, spectrum, analytic = kernels.potential_bins(values, w, given, adjust, grid, stats)
    if status:
        _refuse_summary(status, values, dim, stats)
    dens, pot = np.empty((1, grid)), np.empty(grid)
    conv = _convolve(binned, spectrum, analytic)
    wells, well_levels, barriers, barrier_levels = kernels.potential_wells(
        conv, stats, level, smoothing, std**2 / 2.0, threshold, limit, dens, pot
    )
    bw = float(stats[4])
    if da is None:  # plain input: a named tuple, no pandas or xarray object built
        data = _CURVES(level, pot, dens[0])
    else:
        attrs = {"bandwidth": bw, "std": std, "grid_size": grid, "detection_threshold": detection_threshold,
                 "detection_limit": detection_limit, "tsdyn_function": public_name(potential_analysis)}  # fmt: skip
        data = _curves(x, level, {"potential": pot, "density": dens[0]}, attrs)
    return PotentialResult(data, well_levels, barrier_levels, wells, barriers, bw)


#: No weights: potential_bins weighs each sample 1 / N
_UNIFORM = np.empty(0)

#: The curves of a plain input's potential analysis
_CURVES = result_type(("level", "potential", "density"))


def _parameters(std, bandwidth, bw_adjust, threshold, limit, smoothing) -> tuple[float, ...]:
    # potential_analysis' numbers checked: floats in range pass in one test (a check per
    # parameter, each a call, was a few percent of a call at N = 1e4); bandwidth 0.0 is "nrd"
    if (
        type(std) is float and type(bw_adjust) is float and type(threshold) is float
        and type(limit) is float and type(smoothing) is float and type(bandwidth) is str
        and bandwidth == "nrd" and 0.0 < std < np.inf and 0.0 < bw_adjust < np.inf
        and -np.inf < threshold < np.inf and -np.inf < limit < np.inf and 0.0 <= smoothing < np.inf
    ):  # fmt: skip
        return std, 0.0, bw_adjust, threshold, limit, smoothing
    return (
        _positive(std, "std"),
        _given_bandwidth(bandwidth),
        _positive(bw_adjust, "bw_adjust"),
        check_real(threshold, "detection_threshold"),
        check_real(limit, "detection_limit"),
        check_real(smoothing, "density_smoothing", minimum=0.0),
    )


def _curves(x, level: np.ndarray, curves: dict, attrs: dict):
    # the curves along the level grid in the input's family (labelled input): a DataFrame
    # indexed by level for pandas, else a Dataset
    if isinstance(x, pd.Series | pd.DataFrame):
        frame = pd.DataFrame(curves, index=pd.Index(level, name="level"))
        frame.attrs.update(attrs)
        return frame
    return xr.Dataset({k: ("level", v) for k, v in curves.items()}, coords={"level": level}, attrs=attrs)


def moving_potential(
    x: SeriesLike,
    *,
    dim: str = "time",
    param: Sequence[float] | np.ndarray | None = None,
    bandwidth: float | str = "nrd",
    bw_adjust: float = 1.0,
    detection_threshold: float = 1.0,
    std: float = 1.0,
    grid_size: int = 50,
) -> xr.Dataset:
    """Potential landscape along a driver (R's ``movpotential_ews``).

    At ``grid_size`` driver values ``p_i = min + (i + 1/2) (max - min) / grid_size``
    the samples get Gaussian weights ``exp(-((p_i - param) / step)^2 / 2)``
    (normalised, ``step`` the spacing of the ``p_i``) and
    :func:`potential_analysis` runs on the weighted sample over one level
    grid from ``min(x)`` to ``max(x)``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        One series.
    dim : str
        The time dimension of an xarray input.
    param : array, optional
        The driver at each sample (default: the sample number 1..N). Samples
        whose driver is NaN are left out (as R's ``na.omit``); an infinite
        driver is refused.
    bandwidth, bw_adjust, detection_threshold, std, grid_size
        As :func:`potential_analysis`; ``grid_size`` also counts driver values.
        (R's ``movpotential_ews`` takes ``detection.threshold = 0.1`` but
        never passes it on, so its wells use ``livpotential_ews``' 1: the
        default here, so that the default results agree.)

    Returns
    -------
    xarray.Dataset
        ``potential`` with dims ``(param, level)`` and boolean ``well`` and
        ``barrier`` marking each row's wells and barriers.

    See Also
    --------
    potential_analysis : One landscape of the whole series.

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> x = np.concatenate([rng.normal(0, 0.3, 600), rng.normal(3, 0.3, 600)])
    >>> ds = moving_potential(x, grid_size=20)
    >>> ds.potential.dims, int(ds.well.sum("level").max())
    (('param', 'level'), 2)
    """
    values, _ = whole_values(x, dim=dim, min_length=3)
    grid = check_int(grid_size, "grid_size", minimum=2)
    driver = np.arange(1.0, values.size + 1.0) if param is None else np.asarray(param, dtype=np.float64)
    if driver.shape != values.shape:
        raise InputError(f"param must hold one value per sample ({values.size}), got shape {driver.shape}")
    if np.isinf(driver).any():
        raise InputError(f"param has an infinite value at sample {int(np.argmax(np.isinf(driver)))}")
    keep = ~np.isnan(driver)
    values, driver = values[keep], driver[keep]
    summary = _summary(values)
    bw = _bandwidth(summary, values.size, bandwidth, bw_adjust)
    step = (driver.max() - driver.min()) / grid
    if not step > 0:
        raise InputError("param is constant: there is no driver range to move along")
    centers = driver.min() + (np.arange(grid) + 0.5) * step
    level, f = _level_densities(
        summary, bw, grid, lambda *bins: _bin_moving(values, driver, centers, step, *bins)
    )
    from tsdyn.ews._potential_kernels import find_optima as optima
    from tsdyn.ews._potential_kernels import potential_of

    pots = np.empty_like(f)
    potential_of(f.reshape(-1), std**2 / 2.0, pots.reshape(-1))
    well = np.zeros((grid, grid), dtype=bool)
    barrier = np.zeros((grid, grid), dtype=bool)

    # row by row through the kernel potential_analysis uses (a compiled driver over the rows
    # would compile find_optima's body again, seconds on a cold cache, to save ~10 us a row)
    deth, detl = _heights(bw, grid, detection_threshold, 1.0)
    for row in range(grid):
        maxima, minima = optima(f[row], deth, detl)
        well[row, maxima - 1] = True
        barrier[row, minima - 1] = True
    return xr.Dataset(
        {"potential": (("param", "level"), pots), "well": (("param", "level"), well),
         "barrier": (("param", "level"), barrier)},
        coords={"param": centers, "level": level},
        attrs={"bandwidth": bw, "std": std, "grid_size": grid, "detection_threshold": detection_threshold,
               "tsdyn_function": public_name(moving_potential)},
    )  # fmt: skip


def _weights(weights, n: int, *, mass: bool = False) -> np.ndarray:
    # `mass`: the density is normalised afterwards, so the weights must not all be 0
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any():
        raise InputError(f"weights must be {n} finite values >= 0 (one per sample), got shape {w.shape}")
    if mass and not w.sum() > 0:
        raise InputError("weights are all 0: there is no density to normalise")
    return w


def _bandwidth(summary: list[float], n: int, bandwidth, adjust: float) -> float:
    if summary[3] < 3:
        _refuse_summary(2, None, "", summary)
    given = _given_bandwidth(bandwidth)
    bw = (_bw_nrd(summary, n) if given == 0.0 else given) * _positive(adjust, "bw_adjust")
    if not bw > 0:
        _refuse_summary(3, None, "", [bw])
    return bw


def _given_bandwidth(bandwidth) -> float:
    # the bandwidth passed, or 0.0 for "nrd" (bw.nrd of the sample, computed with its summary)
    if isinstance(bandwidth, str):
        if bandwidth != "nrd":
            check_choice(bandwidth, "bandwidth", ("nrd",))
        return 0.0
    return _positive(bandwidth, "bandwidth")


def _refuse_summary(status: int, values, dim: str, stats):
    # potential_bins' status (or the same checks of _bandwidth): 1 a value is not finite, 2 fewer
    # than 3 distinct values (stats[3]), 3 a bandwidth (stats[4], else stats[0]) that is not > 0
    if status == 1:
        _refuse_values(values, dim)
    if status == 2:
        raise InputError(
            f"x has {int(stats[3])} distinct value(s); a density (and its wells) needs at least 3"
        )
    raise InputError(
        f"the bandwidth is {stats[4] if len(stats) > 4 else stats[0]:g}: x's interquartile range is 0 (its values "
        "bunch on too few distinct values between the quartiles); pass a bandwidth"
    )


def _positive(value, name: str) -> float:
    # check_real(value, name, minimum=0, exclusive) with the common case first: a positive finite
    # float passes without check_real building its message (a few us per call)
    if type(value) is float and 0.0 < value < np.inf:
        return value
    return check_real(value, name, minimum=0.0, inclusive=(False, True))


def _bin_moving(values, driver, centers, step, lo, delta, m, size):
    from tsdyn.ews._potential_kernels import bin_moving

    out = np.zeros((centers.size, size))
    bin_moving(values, driver, centers[0], step, lo, delta, m, out)
    return out


def _level_densities(summary, bw, grid, binned):
    # R's densities of each row of binned() over one level grid from min(x) to max(x), normalised
    return _densities(bw, summary[0], summary[1], grid, binned, normalise=True, inside=True)


def _heights(bandwidth: float, size: int, threshold: float, limit: float) -> tuple[float, float]:
    # detection threshold and limit in kernel heights, dnorm(0, bandwidth) / size
    height = 1.0 / (bandwidth * math.sqrt(2.0 * math.pi)) / size
    return threshold * height, limit * height


def find_optima(
    f: np.ndarray, *, bandwidth: float, detection_threshold: float = 0.0, detection_limit: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Maxima and minima of a density by R earlywarnings' ``find.optima`` rules (0-based indices).

    Maxima below ``detection_limit`` kernel heights are dropped; the deepest
    minimum between two neighbouring maxima is their barrier; a maximum whose
    smaller drop to a neighbouring barrier is below ``detection_threshold``
    kernel heights is removed with the higher of those barriers. A kernel
    height is ``dnorm(0, bandwidth) / len(f)``.

    Parameters
    ----------
    f : array-like
        The density on an equally spaced grid.
    bandwidth : float
        The kernel bandwidth the density was estimated with.
    detection_threshold : float
        Smallest drop from a maximum to a barrier, in kernel heights.
    detection_limit : float
        Lowest density of a maximum, in kernel heights.

    Returns
    -------
    maxima, minima : numpy.ndarray
        Grid indices (0-based) of the kept maxima (the wells of the potential)
        and minima (its barriers).

    See Also
    --------
    potential_analysis : Applies these rules to a series' density.

    Examples
    --------
    >>> x = np.linspace(-4, 4, 81)
    >>> f = np.exp(-0.5 * (x - 2) ** 2) + np.exp(-0.5 * (x + 2) ** 2)
    >>> [a.tolist() for a in find_optima(f / f.sum(), bandwidth=0.5)]
    [[20, 60], [40]]
    """
    from tsdyn.ews._potential_kernels import find_optima as optima

    f = np.ascontiguousarray(f, dtype=np.float64)
    maxima, minima = optima(f, *_heights(bandwidth, f.size, detection_threshold, detection_limit))
    return maxima - 1, minima - 1
