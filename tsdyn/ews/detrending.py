"""Detrending before early-warning indicators: Gaussian kernel, LOWESS, linear, first differences.

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
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.data import Output, apply_along_time
from tsdyn.errors import InputError, check_choice
from tsdyn.ews._input import fill_gaps, prepare
from tsdyn.ews.conventions import Convention, get_convention

__all__ = ["detrend", "METHODS"]

METHODS = ("gaussian", "lowess", "linear", "first_difference", "none")
# Direct sums up to ~2e6 multiply-adds per series (a couple of ms): they are what
# scipy.ndimage computes bit for bit, so short series match ewstools exactly; longer
# ones go through transforms, equal to the direct sums to ~1e-12.
_DIRECT_MAX_WORK = 2_000_000


def detrend(
    x: SeriesLike,
    *,
    dim: str = "time",
    method: str = "gaussian",
    bandwidth: float = 0.2,
    span: float = 0.2,
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
    method : {"gaussian", "lowess", "linear", "first_difference", "none"}
        ``"gaussian"``: kernel smoother (see the module notes); ``"lowess"``:
        statsmodels' LOWESS on the time values with ``frac`` from ``span``;
        ``"linear"``: least-squares line; ``"first_difference"``: residual
        ``x[i] - x[i-1]`` with trend ``x[i-1]`` (NaN at the first sample);
        ``"none"``: residuals are the series, the trend is zero.
    bandwidth, span : float or int
        Gaussian bandwidth and LOWESS span. Under the default convention an
        int is a number of points and a float a fraction of the series in
        (0, 1) (other floats are refused); see :mod:`tsdyn.ews.conventions`
        for the ewstools and R rules.
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

    Examples
    --------
    >>> import numpy as np
    >>> x = np.linspace(0.0, 1.0, 50) + np.sin(np.arange(50.0))
    >>> out = detrend(x, method="linear")
    >>> bool(np.allclose(out.trend + out.residuals, x))
    True
    """
    check_choice(method, "method", METHODS)
    conv = get_convention(convention)
    prep = prepare(x, dim=dim, transition=transition, nan_policy=nan_policy, resample=resample)
    params = resolve_detrend(method, bandwidth, span, conv, prep.n_use)
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


def resolve_detrend(method: str, bandwidth: float, span: float, conv: Convention, n: int) -> dict:
    """Turn user sizes into kernel parameters for a series of ``n`` samples."""
    params = {"method": method, "sigma": 0.0, "radius": 0, "edge": conv.gauss_edge, "frac": 0.0}
    if method == "gaussian":
        bw = conv.bandwidth_points(bandwidth, n)
        if bw <= 0:
            raise InputError(f"bandwidth {bandwidth!r} gives {bw:g} points for a series of {n}; needs > 0")
        sigma = conv.gauss_scale * bw
        params["sigma"] = sigma
        # reflect: scipy.ndimage's truncation; renormalize: ksmooth keeps |d| <= 4 sigma
        params["radius"] = (
            int(4.0 * sigma + 0.5) if conv.gauss_edge == "reflect" else int(np.floor(4.0 * sigma))
        )
    elif method == "lowess":
        points = conv.bandwidth_points(span, n, what="span")
        frac = points / n
        if not 0 < frac <= 1:
            raise InputError(f"span {span!r} must cover between 1 point and the whole series ({n} points)")
        params["frac"] = frac
    return params


def detrend_rows(
    a: np.ndarray,
    *,
    method: str,
    sigma: float,
    radius: int,
    edge: str,
    frac: float,
    exog: np.ndarray | None = None,
    conv_method: str = "auto",
    parallel: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Trend of each row of the 2-D array ``a`` (NaN are missing points); returns ``(trend, residuals)``."""
    if method == "none":
        return np.zeros_like(a), a.copy()
    if method == "first_difference":
        trend = np.full_like(a, np.nan)
        trend[:, 1:] = a[:, :-1]
        return trend, a - trend
    if method == "linear":
        trend = _linear_trend(a)
    elif method == "gaussian":
        trend = gaussian_smooth(
            a, sigma=sigma, radius=radius, edge=edge, method=conv_method, parallel=parallel
        )
    else:
        trend = _lowess_trend(a, frac=frac, exog=exog)
    return trend, a - trend


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
        from scipy.ndimage import correlate1d

        # numpy's "symmetric" padding is scipy.ndimage's "reflect" (d c b a | a b c d)
        mode = "reflect" if pad == "symmetric" else "constant"
        return correlate1d(a, w, axis=-1, mode=mode, cval=0.0)
    from scipy.signal import fftconvolve

    padded = np.pad(a, ((0, 0), (radius, radius)), mode=pad)
    return fftconvolve(padded, w[None, :], mode="valid", axes=-1)


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


def _detrend_kernel(a, *, parallel, method, sigma, radius, edge, frac, n_use, exog, nan_fill):
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
