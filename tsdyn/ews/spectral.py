"""Spectral early-warning indicators over rolling windows.

The power spectrum of each window is Welch's estimate (scipy.signal.welch
conventions: Hann segments of ``seg_len`` points overlapping by
``overlap``, each segment's mean removed, two-sided, ``scaling="spectrum"``),
computed every ``step`` points and placed at the window's right edge (NaN in
between). ewstools' defaults: 40-point segments, 50 % overlap, a spectrum
every 20 points.

When ``step`` is a multiple of the segment hop, neighbouring windows share
their segments: every segment's periodogram is computed once and each
window's average is a difference of running sums, so the cost does not
grow with the window length.

Indicators:

- ``smax``: the spectrum's peak;
- ``aic_fold``, ``aic_hopf``, ``aic_null``: Akaike weights of least-squares
  fits of the spectra expected before a fold, :math:`S = \\sigma^2/(2\\pi)/(\\omega^2+\\lambda^2)`,
  before a Hopf bifurcation, :math:`S = \\sigma^2/(4\\pi)[1/((\\omega+\\omega_0)^2+\\mu^2) +
  1/((\\omega-\\omega_0)^2+\\mu^2)]`, and of white noise, :math:`S = \\sigma^2/(2\\pi)`
  (Bury et al. 2020), on angular frequency :math:`\\omega = 2\\pi f`.
  AIC = n ln(RSS/n) + 2k. Starting values, parameter bounds (the fold's
  :math:`S(\\omega_{max}) \\ge S(0)/2`, the Hopf peaks kept apart and
  :math:`\\omega_0 \\le 2.5`) and the optimiser follow ewstools: MINPACK's
  Levenberg-Marquardt on Minuit-style transformed parameters, as lmfit runs it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["rolling_spectral", "welch_windows"]

_PSI_FOLD = 0.5
_PSI_HOPF = 0.2


def welch_windows(
    x: np.ndarray, *, window: int, step: int = 20, seg_len: int = 40, overlap: float = 0.5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Welch spectra of the windows ``[k, k + window)`` for ``k = 0, step, 2 step, ...`` of a 1-D series.

    Returns ``(ends, freqs, power)``: right-edge indices, sorted two-sided
    frequencies (cycles per sample) and ``power[window_index, frequency]``.
    """
    from scipy.signal import get_window

    n = x.shape[0]
    seg = min(int(seg_len), window)
    hop = seg - int(overlap * seg)
    starts = np.arange(0, n - window + 1, step)
    nseg = (window - seg) // hop + 1
    taper = get_window("hann", seg)
    scale = 1.0 / taper.sum() ** 2
    freqs = np.fft.fftfreq(seg)
    order = np.argsort(freqs, kind="stable")

    def periodograms(segments):
        segments = segments - segments.mean(axis=-1, keepdims=True)
        return np.abs(np.fft.fft(segments * taper, axis=-1)) ** 2 * scale

    views = np.lib.stride_tricks.sliding_window_view(x, seg)
    if step % hop == 0:
        # every window's segments lie on one global grid of hop-spaced starts
        grid = periodograms(views[::hop])
        gaps = np.isnan(grid[:, 0])  # a segment with a NaN spoils the windows that hold it
        csum = np.concatenate([np.zeros((1, seg)), np.cumsum(np.where(gaps[:, None], 0.0, grid), axis=0)])
        bad = np.concatenate([[0], np.cumsum(gaps)])
        first = starts // hop
        power = (csum[first + nseg] - csum[first]) / nseg
        power[bad[first + nseg] > bad[first]] = np.nan
    else:
        power = np.stack([periodograms(views[k : k + window - seg + 1 : hop]).mean(axis=0) for k in starts])
    return starts + window - 1, freqs[order], power[:, order]


def rolling_spectral(
    resid: np.ndarray,
    *,
    window: int,
    names: Sequence[str],
    step: int = 20,
    seg_len: int = 40,
    overlap: float = 0.5,
    dt: float = 1.0,
) -> dict[str, np.ndarray]:
    """Spectral indicators of every row of ``resid`` (2-D), NaN between the spectra's time points.

    The array core of the ``smax`` and ``aic_*`` indicators of
    :func:`tsdyn.ews.rolling_indicators` (whose ``spectral=`` mapping passes
    ``step``, ``seg_len``, ``overlap`` and ``dt`` here).

    Parameters
    ----------
    resid : numpy.ndarray
        2-D, one (detrended) series per row.
    window : int
        Points per rolling window.
    names : sequence of str
        Indicators to compute: ``"smax"``, ``"aic_fold"``, ``"aic_hopf"``, ``"aic_null"``.
    step : int
        Points between consecutive spectra.
    seg_len : int
        Points per Welch segment (at most ``window``).
    overlap : float
        Fraction of a segment shared with the next.
    dt : float
        Sampling step, for the angular frequencies of the fits.

    Returns
    -------
    dict of numpy.ndarray
        ``{name: array shaped like resid}``, a value at the right edge of every
        ``step``-th window, NaN elsewhere.

    See Also
    --------
    rolling_indicators : The same indicators on any series, with detrending.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal((1, 200))
    >>> out = rolling_spectral(x, window=100, names=["smax", "aic_null"])
    >>> np.flatnonzero(~np.isnan(out["smax"][0])).tolist()
    [99, 119, 139, 159, 179, 199]
    >>> bool(np.nanmin(out["aic_null"]) > 0.5)  # white noise: the null spectrum wins
    True
    """
    from scipy.signal import welch

    out = {name: np.full(resid.shape, np.nan) for name in names}
    fits = [n for n in names if n.startswith("aic_")]
    seg = min(int(seg_len), window)
    for r in range(resid.shape[0]):
        x = resid[r]
        ends, f, power = welch_windows(x, window=window, step=step, seg_len=seg_len, overlap=overlap)
        if "smax" in out:
            out["smax"][r, ends] = power.max(axis=1)
        if fits:
            omega = 2 * np.pi * f / dt
            for j, end in enumerate(ends):
                if np.isnan(power[j, 0]):
                    continue
                # the fits are sensitive to the last bit of the spectrum: take scipy's own
                # average of the segments, as ewstools does, rather than the running sums
                _, p = welch(x[end - window + 1 : end + 1], nperseg=seg, noverlap=int(overlap * seg),
                             return_onesided=False, scaling="spectrum")  # fmt: skip
                weights = aic_weights(omega, np.fft.fftshift(p))
                for name in fits:
                    out[name][r, end] = weights[name[4:]]
    return out


def _fold(w, sigma, lam):
    return (sigma**2 / (2 * np.pi)) * (1 / (w**2 + lam**2))


def _hopf(w, sigma, mu, w0):
    return (sigma**2 / (4 * np.pi)) * (1 / ((w + w0) ** 2 + mu**2) + 1 / ((w - w0) ** 2 + mu**2))


def _null(w, sigma):
    return sigma**2 / (2 * np.pi) * w**0


def _w_threshold(mu):
    # the Hopf peak frequency must exceed this for the two peaks to stay apart (Bury et al. 2020)
    psi = _PSI_HOPF
    return -(mu / (2 * np.sqrt(psi))) * np.sqrt(4 - 3 * psi + np.sqrt(psi**2 - 16 * psi + 16))


class _Bounded:
    """Minuit-style change of variables that turns box bounds into an unbounded problem.

    The same transformation lmfit applies before calling MINPACK's
    Levenberg-Marquardt (scipy.optimize.leastsq); using it here, with the same
    tolerances, makes the fits converge where ewstools' do.
    """

    def __init__(self, lo, hi):
        self.lo = np.asarray(lo, dtype=np.float64)
        self.hi = np.asarray(hi, dtype=np.float64)

    def to_internal(self, x):
        out = np.empty_like(self.lo)
        for i, (v, lo, hi) in enumerate(zip(np.clip(x, self.lo, self.hi), self.lo, self.hi, strict=True)):
            if np.isinf(lo) and np.isinf(hi):
                out[i] = v
            elif np.isinf(hi):
                out[i] = np.sqrt((v - lo + 1.0) ** 2 - 1)
            elif np.isinf(lo):
                out[i] = np.sqrt((hi - v + 1.0) ** 2 - 1)
            else:
                out[i] = np.arcsin(2 * (v - lo) / (hi - lo) - 1)
            if abs(out[i]) < 1e-15:
                out[i] = 0.0
        return out

    def to_external(self, u):
        out = np.empty_like(self.lo)
        for i, (v, lo, hi) in enumerate(zip(u, self.lo, self.hi, strict=True)):
            if np.isinf(lo) and np.isinf(hi):
                out[i] = v
            elif np.isinf(hi):
                out[i] = lo - 1.0 + np.sqrt(v * v + 1)
            elif np.isinf(lo):
                out[i] = hi + 1 - np.sqrt(v * v + 1)
            else:
                out[i] = lo + (np.sin(v) + 1) * (hi - lo) / 2.0
        return out


class _TooManyEvaluations(Exception):
    pass


def _fit_aic(model, w, s, x0, lo, hi) -> float:
    """AIC = n ln(RSS / n) + 2 k of a bounded least-squares fit of ``model(w, *p)`` to ``s``.

    Like lmfit (and so ewstools), the fit stops after 2000 (k + 1) model
    evaluations and then keeps the last parameters tried.
    """
    from scipy.optimize import leastsq

    box = _Bounded(lo, hi)
    budget = 2000 * (len(x0) + 1)
    calls = [0]
    last: list[np.ndarray | None] = [None]

    def residual(u):
        # lmfit counts from -2 (scipy's two set-up calls) and aborts past the budget
        calls[0] += 1
        last[0] = np.array(u, dtype=np.float64)
        if calls[0] - 2 > budget:
            raise _TooManyEvaluations
        return model(w, *box.to_external(u)) - s

    with np.errstate(all="ignore"):
        try:
            best = leastsq(residual, box.to_internal(np.asarray(x0, dtype=np.float64)), full_output=True,
                           ftol=1.5e-8, xtol=1.5e-8, gtol=0.0, maxfev=2 * budget, epsfcn=1e-10,
                           factor=100)[0]  # fmt: skip
        except _TooManyEvaluations:
            best = last[0]
        rss = max(float(np.sum((model(w, *box.to_external(best)) - s) ** 2)), 1e-250 * s.size)
    return s.size * np.log(rss / s.size) + 2 * len(x0)


def aic_weights(omega: np.ndarray, power: np.ndarray) -> dict[str, float]:
    """Akaike weights of the fold, Hopf and null spectra fitted to ``power`` at angular frequencies ``omega``.

    ``omega`` is sorted and two-sided; as in ewstools the top frequency is
    repeated at ``+omega_max`` when only ``-omega_max`` is present.
    """
    w = np.append(omega, -omega[0]) if omega[0] < 0 and -omega[0] not in omega else omega
    s = np.append(power, power[0]) if w.shape[0] > omega.shape[0] else power
    smax = s.max()
    stot = s.sum() * (w[1] - w[0])
    wdom = abs(w[np.argmax(s)])
    inf = np.inf
    # starting values: moment matching of each model to peak height, total power and peak frequency
    sig_fold = np.sqrt(2 * stot**2 / (np.pi * smax))
    lam_min = -np.sqrt(_PSI_FOLD / (1 - _PSI_FOLD)) * w.max()
    sig_null = np.sqrt(stot)
    aic = {
        "fold": _fit_aic(
            _fold, w, s, [sig_fold, -stot / (np.pi * smax)], [0.0, lam_min], [10 * sig_fold, 0.0]
        ),
        "null": _fit_aic(_null, w, s, [sig_null], [0.0], [10 * sig_null]),
    }
    sigma, mu, w0 = _hopf_init(smax, stot, wdom)
    delta = max(w0 - _w_threshold(mu), 0.0001)

    def hopf(w_, sigma_, mu_, delta_):
        # w0 = delta + threshold, capped at 2.5 (ewstools' bound on the peak frequency)
        return _hopf(w_, sigma_, mu_, min(delta_ + _w_threshold(mu_), 2.5))

    aic["hopf"] = _fit_aic(hopf, w, s, [sigma, mu, delta], [0.0, -inf, 0.0], [inf, 0.0, inf])
    names = ("fold", "hopf", "null")
    scores = np.array([aic[k] for k in names])
    like = np.exp(-0.5 * (scores - scores.min()))
    return dict(zip(names, like / like.sum(), strict=True))


def _hopf_init(smax, stot, wdom):
    # moment-matching start for (sigma, mu, w0); (1, -0.1, 1) where the closed form has no real value
    with np.errstate(invalid="ignore"):
        root = np.sqrt(
            64 * np.pi**4 * wdom**6 * smax**6
            - 13 * np.pi**2 * wdom**4 * smax**4 * stot**2
            + 2 * wdom**2 * smax**2 * stot**4
        )
        alpha = stot**3 + 9 * np.pi**2 * wdom**2 * smax**2 * stot + 3 * np.sqrt(3) * np.pi * root
        cube = np.power(alpha, 1 / 3)
        mu = -(1 / (3 * np.pi * smax)) * (stot + cube + (stot**2 - 12 * np.pi**2 * wdom**2 * smax**2) / cube)
        sigma = np.sqrt(-2 * mu * stot)
    if np.isnan(sigma) or np.isnan(mu) or np.isnan(wdom):
        return 1.0, -0.1, 1.0
    return float(sigma), float(mu), float(wdom)
