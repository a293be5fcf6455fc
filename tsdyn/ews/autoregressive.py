"""Rolling AR(n) fits with the order chosen by AIC (R earlywarnings' ``generic_ews(AR_n = TRUE)``).

In every window of ``w`` points, AR models of order ``p = 0 ... order_max`` are
fitted by least squares as R's ``ar.ols`` fits them: order ``p`` regresses
:math:`x_j` on :math:`x_{j-1}, \\dots, x_{j-p}` over the window's ``w - p``
complete rows, without intercept (after removing the window mean when
``demean``). The chosen order minimises
:math:`\\mathrm{AIC}_p = w \\ln(\\mathrm{RSS}_p / (w - p)) + 2 p` (the first
minimum on ties). Four resilience estimators come from the chosen fit
:math:`(a_1, \\dots, a_p)` (Ives et al. 2003, Ecol. Monogr. 73:301):

- ``order`` the chosen ``p``;
- ``b1`` the first coefficient :math:`a_1` (NaN for ``p = 0``);
- ``max_root`` the largest modulus of the roots of
  :math:`z^p - a_1 z^{p-1} - \\dots - a_p` (the eigenvalues of the companion
  matrix): it approaches 1 as the system loses stability;
- ``det`` :math:`|\\det B|^{2/p} = |a_p|^{2/p}`, the squared geometric mean of the
  root moduli (B the companion matrix).

An order-0 fit has no roots: ``max_root`` and ``det`` are then 0 (the limit of
both as the coefficients vanish; the model forgets at once), where R's
``generic_ews`` reports the empty maximum ``-Inf`` and the empty product 1.

The sums of lagged products every order needs come from cumulative sums, so
each window costs O(order_max^2) work whatever its length.

>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> x = np.zeros(2000)
>>> for i in range(2, 2000):
...     x[i] = 1.2 * x[i - 1] - 0.5 * x[i - 2] + rng.standard_normal()
>>> fit = rolling_arn(x[None, :], window=2000)
>>> int(fit.order[0, -1]), round(float(fit.b1[0, -1]), 1), round(float(fit.max_root[0, -1]), 1)
(2, 1.2, 0.7)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from tsdyn.errors import InputError, check_int

__all__ = ["ARnFit", "rolling_arn"]

_CHUNK = 1 << 16  # windows solved at once (each holds order_max^2 Gram entries per order)


class ARnFit(NamedTuple):
    """The AIC-chosen AR(n) fit of every window, each array shaped like the input (NaN before the first window)."""

    order: np.ndarray
    b1: np.ndarray
    max_root: np.ndarray
    det: np.ndarray


def rolling_arn(a: np.ndarray, *, window: int, order_max: int = 6, demean: bool = False) -> ARnFit:
    """AR(n) fits by least squares in rolling windows, order chosen by AIC (as R's ``ar.ols``).

    Parameters
    ----------
    a : numpy.ndarray
        2-D array, one series per row (time along the last axis).
    window : int
        Points per window (the value sits at the window's right edge).
    order_max : int
        Largest order tried (R's ``generic_ews`` uses 6); smaller than ``window - 1``.
    demean : bool
        Remove each window's mean before fitting (R's ``generic_ews`` does not).

    Returns
    -------
    ARnFit
        ``order``, ``b1``, ``max_root``, ``det`` (see the module docstring), NaN
        before the first full window and for windows holding NaN.

    See Also
    --------
    tsdyn.ews.rolling_indicators : Indicators ``arn_order``, ``arn_b1``, ``arn_max_root``, ``arn_det``.

    Examples
    --------
    >>> x = np.random.default_rng(1).standard_normal((1, 300))
    >>> fit = rolling_arn(x, window=100)
    >>> bool(np.isnan(fit.order[0, 98])), int(fit.order[0, 99]) <= 6
    (True, True)
    """
    a = np.asarray(a, dtype=np.float64)
    if a.ndim != 2:
        raise InputError(f"rolling_arn needs a 2-D array (series x time), got shape {a.shape}")
    w = check_int(window, "window", minimum=2)
    p_max = check_int(order_max, "order_max", minimum=0)
    if p_max >= w - 1:
        raise InputError(f"order_max={p_max} needs windows longer than order_max + 1 points, got {w}")
    rows, n = a.shape
    shape = (rows, n)
    out = ARnFit(*(np.full(shape, np.nan) for _ in range(4)))
    if n < w:
        return out
    gaps = np.isnan(a)
    # centring each row on its own mean keeps the cumulative sums (and their round-off) small
    centre = np.nanmean(a, axis=1, keepdims=True) if demean and not gaps.all() else 0.0
    x = np.where(gaps, 0.0, a - centre)
    starts = np.arange(n - w + 1)
    sums = _window_sums(x, w, p_max, starts, demean)
    bad = _count(gaps.astype(np.float64), starts, starts + w) > 0
    fit = _choose(sums, w, p_max)
    for field, values in zip(ARnFit._fields, fit, strict=True):
        values = np.where(bad, np.nan, values)
        getattr(out, field)[:, w - 1 :] = values
    return out


def _cumulative(v: np.ndarray) -> np.ndarray:
    return np.concatenate([np.zeros(v.shape[:-1] + (1,)), np.cumsum(v, axis=-1)], axis=-1)


def _count(v: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Sums of ``v[..., lo:hi]`` for every (lo, hi) pair, from one cumulative sum."""
    c = _cumulative(v)
    return c[..., hi] - c[..., lo]


def _window_sums(x, w, p_max, starts, demean):
    """Window sums of x_k x_{k-d} (and of x) over every index range the orders 0..p_max need.

    Order ``p`` of the window at ``s`` regresses x_j (j = s+p .. s+w-1) on x_{j-a}
    (a = 1..p); the entry (a, b) of its Gram matrix is the sum of x_{j-a} x_{j-b}.
    """
    n = x.shape[1]
    prods = [_cumulative(x[:, d:] * x[:, : n - d]) for d in range(p_max + 1)]  # index k - d
    xs = _cumulative(x)
    mean = (xs[:, starts + w] - xs[:, starts]) / w if demean else None

    def lagged(p: int, a: int, b: int) -> np.ndarray:
        # sum over j = s+p .. s+w-1 of y_{j-a} y_{j-b}, y = x - window mean when demeaning
        a, b = min(a, b), max(a, b)
        d = b - a
        lo, hi = starts + p - a, starts + w - a  # k = j - a in [lo, hi); pairs (x_k, x_{k-d})
        s = prods[d][:, hi - d] - prods[d][:, lo - d]
        if mean is None:
            return s
        sa = xs[:, hi] - xs[:, lo]
        sb = xs[:, hi - d] - xs[:, lo - d]
        return s - mean * (sa + sb) + (w - p) * mean * mean

    return lagged


def _choose(lagged, w, p_max):
    """Fit every order, pick the AIC minimum, and the estimators of the chosen fit."""
    yy0 = lagged(0, 0, 0)
    rows, nwin = yy0.shape
    best_aic = np.full((rows, nwin), np.inf)
    order = np.zeros((rows, nwin), dtype=np.int64)
    coefs = np.zeros((rows, nwin, max(p_max, 1)))
    with np.errstate(divide="ignore", invalid="ignore"):
        for p in range(p_max + 1):
            yy = lagged(p, 0, 0)
            if p == 0:
                rss, coef = yy, np.zeros((rows, nwin, 0))
            else:
                gram = np.empty((rows, nwin, p, p))
                for i in range(p):
                    for j in range(i, p):
                        gram[..., i, j] = gram[..., j, i] = lagged(p, i + 1, j + 1)
                rhs = np.stack([lagged(p, 0, i + 1) for i in range(p)], axis=-1)
                coef, ok = _solve(gram, rhs)
                rss = np.where(ok, yy - np.einsum("...i,...i->...", coef, rhs), np.nan)
            aic = w * np.log(rss / (w - p)) + 2.0 * p
            better = aic < best_aic  # strict: the first minimum wins, as R's which.max(xaic == min)
            order = np.where(better, p, order)
            best_aic = np.where(better, aic, best_aic)
            coefs[..., :p] = np.where(better[..., None], coef, coefs[..., :p])
            coefs[..., p:] = np.where(better[..., None], 0.0, coefs[..., p:])
        valid = best_aic != np.inf  # -inf: a window of zeros (RSS 0), order 0 as in R
        b1 = np.where(order > 0, coefs[..., 0], np.nan)
        max_root = np.zeros((rows, nwin))
        det = np.zeros((rows, nwin))
        for p in range(1, p_max + 1):
            sel = order == p
            if not sel.any():
                continue
            c = coefs[sel][:, :p]
            companion = np.zeros((c.shape[0], p, p))
            companion[:, 0, :] = c
            companion[:, np.arange(1, p), np.arange(p - 1)] = 1.0
            max_root[sel] = np.abs(np.linalg.eigvals(companion)).max(axis=-1)
            det[sel] = np.abs(c[:, p - 1]) ** (2.0 / p)
    nan = ~valid
    return (
        np.where(nan, np.nan, order.astype(np.float64)),
        np.where(nan, np.nan, b1),
        np.where(nan, np.nan, max_root),
        np.where(nan, np.nan, det),
    )


def _solve(gram: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Solve the normal equations window by window; a singular Gram matrix marks its window unusable."""
    flat_g = gram.reshape(-1, *gram.shape[-2:])
    flat_r = rhs.reshape(-1, rhs.shape[-1])
    coef = np.zeros_like(flat_r)
    ok = np.ones(flat_r.shape[0], dtype=bool)
    scale = np.abs(np.diagonal(flat_g, axis1=-2, axis2=-1)).max(axis=-1)
    for start in range(0, flat_r.shape[0], _CHUNK):
        part = slice(start, start + _CHUNK)
        g = flat_g[part]
        # R's ar.ols stops at an order whose projection is rank deficient (qr rank, tol 1e-7)
        sv = np.linalg.svd(g, compute_uv=False)
        good = (sv[:, -1] > 1e-14 * np.maximum(scale[part], np.finfo(float).tiny)) & np.isfinite(sv).all(
            axis=-1
        )
        eye = np.broadcast_to(np.eye(g.shape[-1]), g.shape)
        coef[part] = np.linalg.solve(np.where(good[:, None, None], g, eye), flat_r[part][..., None])[..., 0]
        ok[part] = good
    return coef.reshape(rhs.shape), ok.reshape(rhs.shape[:-1])
