"""Detrending before early-warning indicators: Gaussian kernel, loess, LOWESS, linear, first differences.

Every method splits a series into ``trend + residuals``; rolling indicators
are then computed on the residuals.

Gaussian kernel smoothing follows R's ``ksmooth`` convention: a bandwidth of
``bw`` points puts the kernel's quartiles at +/- ``0.25 bw``, i.e.
``sigma = 0.25 bw / z(0.75)``. The kernel is truncated at ``int(4 sigma + 0.5)``
points and the series is extended at both ends by reflection (``d c b a | a b c d``).
Long kernels are applied by FFT convolution of the reflect-padded series
with the same truncated kernel (or, equivalently and faster, by a DCT, which
assumes exactly that reflection), so the result equals the direct sum to
round-off (~1e-12) at a cost of O(N log N) instead of O(N sigma).

``"loess"`` is R's ``loess(y ~ t, span, degree, family = "gaussian")``: a
polynomial of ``degree`` 0, 1 or 2 in time fitted by weighted least squares
to the ``q = floor(span N + 1e-5)`` nearest samples with tricube weights
``(1 - (d / h)^3)^3``, ``h`` the distance to the q-th nearest (times
``sqrt(span)`` when ``span > 1``, as R's code does). As R by default
(``surface = "interpolate"``), the fits are made at the vertices of R's k-d
tree and joined by cubic Hermite pieces through their values and slopes
(:func:`loess_smooth`; ``surface="direct"`` fits at every sample).
``"lowess"`` is statsmodels' LOWESS (local linear, three robustness
iterations).
"""

from __future__ import annotations

import numbers
from typing import Literal

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.data import Output, apply_along_time
from tsdyn.errors import InputError, check_choice
from tsdyn.ews._input import fill_gaps, prepare
from tsdyn.ews.conventions import Convention, get_convention

__all__ = ["detrend", "loess_smooth", "bw_nrd0", "METHODS"]

METHODS = ("gaussian", "loess", "lowess", "linear", "first_difference", "none")
# Direct sums up to ~2e6 multiply-adds per series (a few ms): they are what
# scipy.ndimage computes, bit for bit, so short series match ewstools exactly; longer
# ones go through transforms, equal to the direct sums to ~1e-12.
_DIRECT_MAX_WORK = 2_000_000

_DEFAULT_MIN_POINTS = 3  # the fewest points a default Gaussian bandwidth or LOWESS span may give


def detrend(
    x: SeriesLike,
    *,
    dim: str = "time",
    method: str | None = None,
    bandwidth: float | None = None,
    span: float | None = None,
    degree: int | None = None,
    convention: str | Convention = "tsdyn",
    transition: TimePoint | None = None,
    nan_policy: str = "raise",
    resample: str | None = None,
) -> SeriesResult:
    """Split a series into a smooth trend and residuals.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time on the last axis for numpy input).
    dim : str
        The time dimension.
    method : {"gaussian", "loess", "lowess", "linear", "first_difference", "none"}
        ``"gaussian"``: kernel smoother (see the module notes); ``"loess"``:
        R's local polynomial regression (module notes); ``"lowess"``:
        statsmodels' LOWESS on the time values with ``frac`` from ``span``;
        ``"linear"``: least-squares line; ``"first_difference"``: residual
        ``x[i] - x[i-1]`` with trend ``x[i-1]`` (NaN at the first sample;
        under ``convention="earlywarnings"`` R's labelling, ``x[i+1] - x[i]``
        at sample i, NaN at the last, trend the series minus it); ``"none"``:
        residuals are the series, the trend is zero. Left out: ``"gaussian"``
        (``"none"`` under ``convention="earlywarnings"``, R's default).
    bandwidth, span : float or int
        Gaussian bandwidth and loess/LOWESS span. Under the default convention an
        int is a number of points and a float a fraction of the series in
        (0, 1) (other floats are refused); see :mod:`tsdyn.ews.conventions`
        for the ewstools and R rules. Left out: 0.2 (R: ``bw.nrd0`` of the
        time index and a span of 25 %).
    degree : {0, 1, 2}
        Degree of the local polynomials of ``"loess"`` (left out: 2, R's default).
    convention : {"tsdyn", "ewstools", "earlywarnings"}
        Size rules and Gaussian kernel scaling and edges.
    transition : number or datetime, optional
        Only data at times <= ``transition`` are used; later samples are NaN.
    nan_policy : {"raise", "interpolate", "omit"}
        What to do with NaN (see :mod:`tsdyn.ews._input`).
    resample : {None, "linear"}
        Irregular time raises unless ``"linear"`` interpolation onto a
        regular grid is asked for (the result is then a DataArray/Dataset).

    Returns
    -------
    Dataset (xarray), DataFrame (pandas) or named tuple (numpy) with ``trend`` and ``residuals``.

    See Also
    --------
    analyze : Detrends, then computes the indicators.
    loess_smooth : The ``"loess"`` trend.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0.0, 1.0, 50) + np.sin(np.arange(50.0))
    >>> out = detrend(x, method="linear")
    >>> bool(np.allclose(out.trend + out.residuals, x))
    True
    """
    conv = get_convention(convention)
    method = (conv.default_detrend or "gaussian") if method is None else method
    check_choice(method, "method", METHODS)
    prep = prepare(x, dim=dim, transition=transition, nan_policy=nan_policy, resample=resample)
    params = resolve_detrend(method, bandwidth, span, conv, prep.n_use, degree=degree, time=prep.time)
    return apply_along_time(
        _detrend_kernel,
        prep.x,
        outputs=[
            Output("trend", "trend removed before computing indicators", core_dims=("time",)),
            Output("residuals", "series minus trend", core_dims=("time",)),
        ],
        dim=dim,
        kwargs={**params, "n_use": prep.n_use, "exog": prep.time, "nan_fill": nan_policy == "interpolate"},
        attrs={"method": method, "bandwidth": bandwidth, "span": span, "convention": conv.name,
               "transition": transition, "nan_policy": nan_policy},
        function=public_name(detrend),
        nan_policy=prep.nan_policy,
    )  # fmt: skip


def resolve_detrend(
    method: str,
    bandwidth: float | None,
    span: float | None,
    conv: Convention,
    n: int,
    *,
    degree: int | None = None,
    time: np.ndarray | None = None,
) -> dict:
    """Turn user sizes into kernel parameters for a series of ``n`` samples.

    ``None`` sizes take the convention's defaults; ``time`` (the time
    coordinate) sets R's ``bw.nrd0`` default and, under ``"earlywarnings"``,
    the step that converts a bandwidth in time units to points.
    """
    params = {"method": method, "sigma": 0.0, "radius": 0, "edge": conv.gauss_edge, "frac": 0.0,
              "degree": 2, "forward": conv.forward_difference}  # fmt: skip
    if method == "gaussian":
        step = _time_step(time, n) if conv.bandwidth_in_time else 1.0
        if bandwidth is None and conv.default_bandwidth is None:
            # R: round(bw.nrd0(timeindex)) in time units, timeindex 1..N for a plain vector
            index = _numeric_time(time) if time is not None else np.arange(1.0, n + 1.0)
            bw = float(round(bw_nrd0(index[:n]))) / step
            if bw * step < conv.min_points:
                raise InputError(
                    f"the default bandwidth (bw.nrd0 of the time index) is {bw * step:g} for a series of "
                    f"{n} samples; needs at least {conv.min_points} points"
                )
        else:
            value = conv.default_bandwidth if bandwidth is None else bandwidth
            bw = conv.bandwidth_points(value, n) / step
            if bandwidth is None:
                _check_default("bandwidth", value, bw * step, conv, n)
        if bw <= 0:
            raise InputError(f"bandwidth {bandwidth!r} gives {bw:g} points for a series of {n}; needs > 0")
        sigma = conv.gauss_scale * bw
        params["sigma"] = sigma
        # reflect: scipy.ndimage's truncation; renormalize: ksmooth keeps |d| <= 4 sigma
        params["radius"] = (
            int(4.0 * sigma + 0.5) if conv.gauss_edge == "reflect" else int(np.floor(4.0 * sigma))
        )
    elif method == "lowess":
        value = conv.default_span if span is None else span
        points = conv.bandwidth_points(value, n, what="span")
        if span is None:
            _check_default("span", value, points, conv, n)
        frac = points / n
        if not 0 < frac <= 1:
            raise InputError(f"span {value!r} must cover between 1 point and the whole series ({n} points)")
        if int(frac * n + 1e-9) < 4:
            # statsmodels fits a line to each point's nearest frac * n: under 4 it interpolates
            # the data, and the residuals are all 0
            raise InputError(
                f"span {value!r} covers {int(frac * n + 1e-9)} of {n} samples; lowess needs at least 4"
            )
        params["frac"] = frac
    elif method == "loess":
        value = conv.default_span if span is None else span
        frac = _loess_fraction(value, conv, n)
        deg = conv.default_degree if degree is None else degree
        if isinstance(deg, bool) or deg not in (0, 1, 2):
            raise InputError(f"degree must be 0, 1 or 2 (the local polynomial of loess), got {deg!r}")
        q = min(n, int(np.floor(n * frac + 1e-5)))
        if q < deg + 2:  # the q-th neighbour has weight 0: q - 1 points fit deg + 1 coefficients
            raise InputError(
                f"span {value!r} covers {q} of {n} samples; loess of degree {deg} needs at least {deg + 2}"
            )
        params["frac"], params["degree"] = frac, int(deg)
    return params


def _check_default(what: str, value, points: float, conv: Convention, n: int) -> None:
    # a size the user left out must mean something on this series: a default that smooths over
    # fewer than 3 points (a short series) is refused rather than used
    if points < _DEFAULT_MIN_POINTS:
        raise InputError(
            f"the {conv.name} convention's default {what} {value!r} gives {points:g} points on a series "
            f"of {n} samples; needs at least {_DEFAULT_MIN_POINTS}: pass {what}= explicitly"
        )


def _loess_fraction(span, conv: Convention, n: int) -> float:
    """The loess span as R's fraction of the series (R allows > 1: a wider tricube)."""
    if isinstance(span, bool) or not isinstance(span, numbers.Real) or not float(span) > 0:
        raise InputError(f"span must be a positive number, got {span!r}")
    value = float(span)
    if conv.sizes == "percent":
        return value / 100.0
    if conv.sizes == "typed" and isinstance(span, numbers.Integral):
        return value / n  # a number of points
    if conv.sizes == "ewstools" and value > 1:
        return value / n
    if conv.sizes == "typed" and not 0 < value < 1:
        raise InputError(
            f"span={span!r} is ambiguous: pass an int for a number of points or a float in (0, 1) "
            "for a fraction of the series"
        )
    return value


def bw_nrd0(x: np.ndarray) -> float:
    """R's ``bw.nrd0``: Silverman's rule ``0.9 min(sd, IQR / 1.34) n^(-1/5)``.

    When that spread is 0, R's fallbacks: ``sd``, else ``|x[0]|``, else 1.

    Parameters
    ----------
    x : array-like
        The sample (1-D, no NaN).

    Returns
    -------
    float
        The bandwidth of a Gaussian kernel.

    See Also
    --------
    bw_nrd : Scott's rule (R's ``bw.nrd``, factor 1.06).

    Examples
    --------
    >>> round(bw_nrd0(np.arange(1.0, 101.0)), 6)  # R: bw.nrd0(1:100)
    10.394715
    """
    x = np.asarray(x, dtype=np.float64)
    hi = np.std(x, ddof=1)
    q75, q25 = np.percentile(x, [75, 25])  # R's quantile type 7
    lo = min(hi, (q75 - q25) / 1.34)
    if not lo > 0:  # R's fallbacks for a degenerate spread
        lo = hi if hi > 0 else (abs(x[0]) if x[0] != 0 else 1.0)
    return float(0.9 * lo * len(x) ** -0.2)


def _time_step(time: np.ndarray | None, n: int) -> float:
    # the sampling step of a regular numeric time coordinate (1 for positions and datetimes)
    if time is None or n < 2 or np.asarray(time).dtype.kind not in "iuf":
        return 1.0
    step = float(time[1] - time[0])
    return step if step > 0 else 1.0


def detrend_rows(
    a: np.ndarray,
    *,
    method: str,
    sigma: float,
    radius: int,
    edge: str,
    frac: float,
    degree: int = 2,
    forward: bool = False,
    exog: np.ndarray | None = None,
    conv_method: str = "auto",
    parallel: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Trend of each row of the 2-D array ``a`` (NaN are missing points); returns ``(trend, residuals)``."""
    if method == "none":
        return np.zeros_like(a), a.copy()
    if method == "first_difference":
        resid = np.full_like(a, np.nan)
        if forward:  # R: diff(Y) labelled by timeindex[1:(N-1)]
            resid[:, :-1] = np.diff(a, axis=1)
        else:
            resid[:, 1:] = np.diff(a, axis=1)
        return a - resid, resid
    if method == "linear":
        trend = _linear_trend(a)
    elif method == "gaussian":
        trend = gaussian_smooth(
            a, sigma=sigma, radius=radius, edge=edge, method=conv_method, parallel=parallel
        )
    elif method == "loess":
        trend = loess_smooth(a, span=frac, degree=degree, time=exog)
    else:
        trend = _lowess_trend(a, frac=frac, exog=exog)
    return trend, a - trend


def loess_smooth(
    a: np.ndarray,
    *,
    span: float,
    degree: int = 2,
    time: np.ndarray | None = None,
    surface: str = "interpolate",
    cell: float = 0.2,
) -> np.ndarray:
    """R's ``loess(y ~ t, span, degree)`` fitted values of each row of ``a``.

    ``span`` is R's fraction (the ``floor(span N + 1e-5)`` nearest samples;
    above 1 the whole series with a tricube ``sqrt(span)`` times wider).
    ``surface="interpolate"`` (R's default) fits at the vertices of R's k-d
    tree (cells split at the median sample until they hold at most
    ``floor(N span cell)``) and joins the vertex values and slopes by cubic
    Hermite pieces, as R does; ``"direct"`` fits at every sample. NaN are
    missing samples (their trend is interpolated between fitted ones).

    Parameters
    ----------
    a : array-like
        One series or a 2-D array with one series per row.
    span : float
        R's ``span``: the fraction of the samples in each local fit.
    degree : int
        Degree of the local polynomials (R's default 2).
    time : array, optional
        The regressor ``t`` (default: the positions 0..N-1).
    surface : {"interpolate", "direct"}
        R's ``surface``: fits at the k-d tree's vertices, or at every sample.
    cell : float
        R's ``cell``: a cell of the tree holds at most ``floor(N span cell)``
        samples.

    Returns
    -------
    numpy.ndarray
        2-D, the fitted values of each row; a row with fewer than ``degree + 2``
        samples in a local fit stays NaN.

    See Also
    --------
    detrend : Detrending by loess and the other methods.

    Examples
    --------
    A quadratic is its own local quadratic fit:

    >>> t = np.arange(50.0)
    >>> bool(np.allclose(loess_smooth(np.vstack([1 + 2 * t - 0.1 * t**2]), span=0.3), 1 + 2 * t - 0.1 * t**2))
    True
    """
    from tsdyn.ews._kernels import loess_fit

    check_choice(surface, "surface", ("interpolate", "direct"))
    a = np.atleast_2d(np.asarray(a, dtype=np.float64))
    t = np.arange(a.shape[1], dtype=np.float64) if time is None else _numeric_time(np.asarray(time))
    out = np.full_like(a, np.nan)
    for r in range(a.shape[0]):
        good = ~np.isnan(a[r])
        tg, yg = np.ascontiguousarray(t[good]), np.ascontiguousarray(a[r, good])
        n = len(yg)
        q = min(n, int(np.floor(n * span + 1e-5)))
        if q < degree + 2:
            continue  # too few samples in this row: its trend stays NaN
        boost = np.sqrt(max(1.0, span))
        if surface == "direct":
            fit = loess_fit(tg, yg, tg, q, degree, boost)[:, 0]
        else:
            vertices = _kd_vertices(tg, int(np.floor(n * span * cell)))
            fit = _hermite(tg, vertices, loess_fit(tg, yg, vertices, q, degree, boost))
        out[r, good] = fit
        if not good.all():
            out[r, ~good] = np.interp(t[~good], tg, fit, left=np.nan, right=np.nan)
    return out


def _kd_vertices(t: np.ndarray, fc: int) -> np.ndarray:
    """Vertices of R loess' k-d tree over the sorted times ``t`` (one dimension).

    The bounding box is the data range widened by 0.5 % at each end; a cell
    holding more than ``fc`` samples is split at its median sample (the
    ``floor((l + u) / 2)``-th, 1-based), unless that sample is already a
    vertex, while R's limits on cells and vertices (``max(200, N)``) allow.
    """
    n = t.size
    lo, hi = float(t[0]), float(t[-1])
    mu = 0.005 * max(hi - lo, 1e-10 * max(abs(lo), abs(hi)) + 1e-30)
    vertices = [lo - mu, hi + mu]
    cells = [(1, n, lo - mu, hi + mu)]  # 1-based sample range and the cell's ends
    limit = max(200, n)
    p = 0
    while p < len(cells):
        first, last, left, right = cells[p]
        p += 1
        if last - first + 1 <= fc or limit < len(cells) + 2 or limit < len(vertices) + 1:
            continue
        m = (first + last) // 2
        split = float(t[m - 1])
        if split in (left, right):
            continue
        vertices.append(split)
        cells += [(first, m, left, split), (m + 1, last, split, right)]
    return np.array(sorted(vertices))


def _hermite(t: np.ndarray, vertices: np.ndarray, fits: np.ndarray) -> np.ndarray:
    # cubic Hermite between the vertices holding each time; a time on a split belongs to the
    # cell on its left, as R descends its tree (z <= split goes low)
    j = np.clip(np.searchsorted(vertices, t, side="left"), 1, vertices.size - 1)
    a, b = vertices[j - 1], vertices[j]
    width = b - a
    h = (t - a) / width
    g0, s0, g1, s1 = fits[j - 1, 0], fits[j - 1, 1], fits[j, 0], fits[j, 1]
    return (
        (1 - h) ** 2 * (1 + 2 * h) * g0
        + h**2 * (3 - 2 * h) * g1
        + (h * (1 - h) ** 2 * s0 - h**2 * (1 - h) * s1) * width
    )


def gaussian_weights(sigma: float, radius: int) -> np.ndarray:
    """Truncated, normalised Gaussian kernel ``exp(-x^2 / (2 sigma^2))`` on ``x = -radius..radius``."""
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    w = np.exp(-0.5 / (sigma * sigma) * (x * x))
    return w / w.sum()


def gaussian_smooth(
    a: np.ndarray,
    *,
    sigma: float,
    radius: int,
    edge: str = "reflect",
    method: str = "auto",
    parallel: bool = False,
) -> np.ndarray:
    """Gaussian kernel smooth of each row of ``a`` (2-D).

    ``edge="reflect"`` extends the series by reflection; ``"renormalize"``
    uses only the points inside the series and divides by their total weight
    (R ``ksmooth``). NaN are missing points: their weight is dropped and the
    rest renormalised. ``parallel`` lets the DCT use every core over the rows. ``method`` picks ``"direct"`` (the sum), ``"fft"``
    (FFT convolution of the padded series), ``"dct"`` (reflect edges without
    NaN only: the same sums by DCT, fastest) or ``"auto"``.
    """
    w = gaussian_weights(sigma, radius)
    mask = ~np.isnan(a)
    complete = bool(mask.all())
    if method == "auto":
        method = "direct" if a.shape[1] * (2 * radius + 1) <= _DIRECT_MAX_WORK else "fft"
        if method == "fft" and edge == "reflect" and complete and _fast_length(a.shape[1]):
            method = "dct"
    if method == "dct":
        return _reflect_convolve_dct(a, w, radius, workers=-1 if parallel else 1)
    if edge == "reflect" and complete:
        return _convolve(a, w, radius, "symmetric", method)
    filled = np.where(mask, a, 0.0)
    pad: Literal["symmetric", "constant"] = "symmetric" if edge == "reflect" else "constant"
    num = _convolve(filled, w, radius, pad, method)
    den = _convolve(mask.astype(np.float64), w, radius, pad, method)
    with np.errstate(invalid="ignore", divide="ignore"):
        # below ~1e-13 the total weight is FFT round-off: no data under the kernel
        return np.where(den > 1e-13, num / np.where(den > 1e-13, den, 1.0), np.nan)


def _fast_length(n: int) -> bool:
    from scipy.fft import next_fast_len

    return next_fast_len(2 * n, real=True) == 2 * n


def _reflect_convolve_dct(a: np.ndarray, w: np.ndarray, radius: int, workers: int = 1) -> np.ndarray:
    # Reflect padding repeated without end is the 2n-periodic sequence (x, x reversed):
    # the half-sample symmetric extension that the DCT-II assumes. Convolving it with a
    # symmetric kernel is a product in the DCT-II domain with the kernel's transform at
    # the 2n-point frequencies, H_k = sum_m k_m cos(pi k m / n) = DCT-I of the kernel
    # wrapped onto one period. Same sums as the padded convolution, with transforms of
    # length n instead of n + 4 radius.
    from scipy import fft

    n = a.shape[1]
    half = w[radius:]
    if radius < n:
        k = np.zeros(n + 1)
        k[: radius + 1] = half
    else:  # kernel wider than a period: fold it onto [0, n]
        wrapped = np.zeros(2 * n)
        np.add.at(wrapped, np.arange(-radius, radius + 1) % (2 * n), w)
        k = wrapped[: n + 1]
    h = fft.dct(k, type=1)[:n]
    spectrum = fft.dct(a, type=2, axis=-1, workers=workers)
    return fft.idct(spectrum * h, type=2, axis=-1, workers=workers)


def _convolve(
    a: np.ndarray, w: np.ndarray, radius: int, pad: Literal["symmetric", "constant"], method: str
) -> np.ndarray:
    if method == "direct":
        return _direct_sum(a, w, radius, pad)
    from scipy.signal import fftconvolve

    padded = np.pad(a, ((0, 0), (radius, radius)), mode=pad)
    return fftconvolve(padded, w[None, :], mode="valid", axes=-1)


def _direct_sum(
    a: np.ndarray, w: np.ndarray, radius: int, pad: Literal["symmetric", "constant"]
) -> np.ndarray:
    # The sum scipy.ndimage.correlate1d makes for a symmetric kernel, in its order: the
    # centre term, then each pair of mirror samples from the outermost inwards. Same
    # operations in the same order give the same bits (ewstools smooths with
    # gaussian_filter), without importing scipy.ndimage (about 0.2 s of a first call).
    # numpy's "symmetric" padding is ndimage's "reflect" (d c b a | a b c d), repeated
    # as often as a kernel wider than the series needs.
    n = a.shape[1]
    padded = np.pad(a, ((0, 0), (radius, radius)), mode=pad)
    out = padded[:, radius : radius + n] * w[radius]
    pair = np.empty_like(out)
    for j in range(radius, 0, -1):
        np.add(padded[:, radius - j : radius - j + n], padded[:, radius + j : radius + j + n], out=pair)
        pair *= w[radius + j]
        out += pair
    return out


def _linear_trend(a: np.ndarray) -> np.ndarray:
    t = np.arange(a.shape[1], dtype=np.float64)
    mask = ~np.isnan(a)
    count = mask.sum(axis=1, keepdims=True)
    tm = np.where(mask, t, 0.0).sum(axis=1, keepdims=True) / count
    am = np.where(mask, a, 0.0).sum(axis=1, keepdims=True) / count
    dt = np.where(mask, t - tm, 0.0)
    slope = (dt * np.where(mask, a - am, 0.0)).sum(axis=1, keepdims=True) / (dt * dt).sum(
        axis=1, keepdims=True
    )
    return am + slope * (t - tm)


def _lowess_trend(a: np.ndarray, *, frac: float, exog) -> np.ndarray:
    from statsmodels.nonparametric.smoothers_lowess import lowess

    t = np.arange(a.shape[1], dtype=np.float64) if exog is None else _numeric_time(exog)
    out = np.full_like(a, np.nan)
    for r in range(a.shape[0]):
        good = ~np.isnan(a[r])
        fit = lowess(a[r, good], t[good], frac=frac, return_sorted=False)
        out[r, good] = fit
        if not good.all():  # the trend is smooth: fill missing points between fitted ones
            out[r, ~good] = np.interp(t[~good], t[good], fit, left=np.nan, right=np.nan)
    return out


def _numeric_time(time: np.ndarray) -> np.ndarray:
    # LOWESS weights depend on time only through ratios of distances, so any
    # affine map of time gives the same fit: datetimes become sample positions
    if time.dtype.kind in "iuf":
        return time.astype(np.float64)
    return np.arange(time.shape[0], dtype=np.float64)


def _detrend_kernel(
    a, *, parallel, method, sigma, radius, edge, frac, degree, forward, n_use, exog, nan_fill
):
    b = a[:, :n_use]
    if nan_fill:
        b = fill_gaps(b)
    trend, resid = detrend_rows(
        b,
        method=method,
        sigma=sigma,
        radius=radius,
        edge=edge,
        frac=frac,
        degree=degree,
        forward=forward,
        exog=exog[:n_use],
        parallel=parallel,
    )
    return _pad_to(trend, a.shape[1]), _pad_to(resid, a.shape[1])


def _pad_to(b: np.ndarray, n: int) -> np.ndarray:
    if b.shape[1] == n:
        return b
    out = np.full((b.shape[0], n), np.nan)
    out[:, : b.shape[1]] = b
    return out
