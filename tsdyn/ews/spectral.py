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
  AIC = n ln(RSS/n) + 2k. Starting values and parameter bounds follow
  ewstools; the optimiser is scipy's bounded trust-region least squares,
  so the weights agree with ewstools' (lmfit) only approximately.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["rolling_spectral", "welch_windows"]

_PSI_FOLD = 0.5
_PSI_HOPF = 0.2


def welch_windows(x: np.ndarray, *, window: int, step: int = 20, seg_len: int = 40, overlap: float = 0.5):
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
        csum = np.concatenate([np.zeros((1, seg)), np.cumsum(grid, axis=0)])
        first = starts // hop
        power = (csum[first + nseg] - csum[first]) / nseg
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
    """Spectral indicators of every row of ``resid`` (2-D), NaN between the spectra's time points."""
    out = {name: np.full(resid.shape, np.nan) for name in names}
    fits = [n for n in names if n.startswith("aic_")]
    for r in range(resid.shape[0]):
        x = resid[r]
        if np.isnan(x).any():
            continue  # a gap spoils every Welch average that covers it; skip the row's spectra
        ends, f, power = welch_windows(x, window=window, step=step, seg_len=seg_len, overlap=overlap)
        if "smax" in out:
            out["smax"][r, ends] = power.max(axis=1)
        if fits:
            omega = 2 * np.pi * f / dt
            for j, end in enumerate(ends):
                weights = aic_weights(omega, power[j])
                for name in fits:
                    out[name][r, end] = weights[name[4:]]
    return out


def _fold(w, sigma, lam):
    return sigma**2 / (2 * np.pi) / (w**2 + lam**2)


def _hopf(w, sigma, mu, w0):
    return sigma**2 / (4 * np.pi) * (1 / ((w + w0) ** 2 + mu**2) + 1 / ((w - w0) ** 2 + mu**2))


def _hopf_w0(mu, delta):
    # w0 = delta + w_threshold(mu): keeps the two peaks of the Hopf spectrum apart
    return delta - mu / (2 * np.sqrt(_PSI_HOPF)) * np.sqrt(
        4 - 3 * _PSI_HOPF + np.sqrt(_PSI_HOPF**2 - 16 * _PSI_HOPF + 16)
    )


def aic_weights(omega: np.ndarray, power: np.ndarray) -> dict[str, float]:
    """Akaike weights of the fold, Hopf and null spectra fitted to ``power`` at angular frequencies ``omega``."""
    from scipy.optimize import least_squares

    # ewstools fits the two-sided spectrum with the top frequency repeated at +w_max
    w = np.append(omega, -omega[0]) if omega[0] < 0 and -omega[0] not in omega else omega
    s = np.append(power, power[0]) if w.shape[0] > omega.shape[0] else power
    smax = s.max()
    stot = s.sum() * (w[1] - w[0])
    wdom = abs(w[np.argmax(s)])
    n = s.shape[0]

    def fit(model, x0, lo, hi):
        x0 = np.clip(x0, lo, hi)
        res = least_squares(lambda p: model(w, *p) - s, x0, bounds=(lo, hi), method="trf")
        rss = float(np.sum(res.fun**2))
        return n * np.log(max(rss, 1e-300) / n) + 2 * len(x0)

    sig_fold = np.sqrt(2 * stot**2 / (np.pi * smax))
    lam_min = -np.sqrt(_PSI_FOLD / (1 - _PSI_FOLD)) * w.max()
    aic = {
        "fold": fit(
            _fold, np.array([sig_fold, -stot / (np.pi * smax)]), [0.0, lam_min], [10 * sig_fold, 0.0]
        ),
        "null": fit(
            lambda w_, sigma: np.full_like(w_, sigma**2 / (2 * np.pi)),
            np.array([np.sqrt(stot)]),
            [0.0],
            [10 * np.sqrt(stot)],
        ),
    }
    sigma, mu = _hopf_init(smax, stot, wdom)
    delta = max(wdom - (_hopf_w0(mu, 0.0)), 1e-4)
    aic["hopf"] = fit(
        lambda w_, sigma_, mu_, delta_: _hopf(w_, sigma_, mu_, _hopf_w0(mu_, delta_)),
        np.array([sigma, mu, delta]),
        [0.0, -np.inf, 0.0],
        [np.inf, 0.0, np.inf],
    )
    best = min(aic.values())
    like = {k: np.exp(-0.5 * (v - best)) for k, v in aic.items()}
    total = sum(like.values())
    return {k: v / total for k, v in like.items()}


def _hopf_init(smax, stot, wdom):
    # moment-matching start for (sigma, mu) from the peak height, total power and peak frequency
    with np.errstate(invalid="ignore"):
        root = np.sqrt(
            64 * np.pi**4 * wdom**6 * smax**6
            - 13 * np.pi**2 * wdom**4 * smax**4 * stot**2
            + 2 * wdom**2 * smax**2 * stot**4
        )
        alpha = stot**3 + 9 * np.pi**2 * wdom**2 * smax**2 * stot + 3 * np.sqrt(3) * np.pi * root
        mu = -(
            stot
            + np.power(alpha, 1 / 3)
            + (stot**2 - 12 * np.pi**2 * wdom**2 * smax**2) / np.power(alpha, 1 / 3)
        ) / (3 * np.pi * smax)
        sigma = np.sqrt(-2 * mu * stot)
    if not (np.isfinite(mu) and np.isfinite(sigma)) or mu >= 0:
        return 1.0, -0.1
    return float(sigma), float(mu)
