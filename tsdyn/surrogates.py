"""Surrogate series: null models shared by every engine.

A surrogate keeps some property of the data and randomises the rest, so a
statistic computed on the data can be compared with its distribution under
the null hypothesis that only the kept property matters.

=========== ============================================ =====================================
method      keeps                                        null hypothesis
=========== ============================================ =====================================
``shuffle`` the values (exactly)                         i.i.d. noise
``phase``   the periodogram (exactly) and the mean       linear Gaussian process
``iaaft``   the values (exactly), the spectrum (approx.) monotone transform of a linear
                                                         Gaussian process
``aaft``    the values (exactly), the spectrum (looser)  the same (Theiler et al. 1992)
``cycle``   the values and every cycle (exactly)         independent cycles: no dynamics
                                                         linking one cycle to the next
``ar1``     a fitted AR(1): mean, variance, lag-1 corr.  red noise (AR(1))
``arma``    the best-AIC ARMA(p, q) fitted to the series linear ARMA process
=========== ============================================ =====================================

Seeds: series ``i`` (in C order over every dimension but ``time``) draws
from ``SeedSequence(entropy, spawn_key=(*key, i))`` of the root sequence made
from ``seed``, which is what ``SeedSequence.spawn`` gives its i-th child. The
surrogates of a series therefore do not depend on how a dask array is
chunked or on how many other series are analysed with it.

>>> import numpy as np
>>> from tsdyn.surrogates import surrogates
>>> x = np.sin(np.arange(64) / 3.0)
>>> s = surrogates(x, n_surrogates=5, method="shuffle", seed=1)
>>> s.shape
(5, 64)
>>> bool(np.allclose(np.sort(s, axis=-1), np.sort(x)))
True
"""

from __future__ import annotations

import functools
import itertools
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import ArrayLike

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Family, as_series, from_series, map_series, netcdf_safe, one_series
from tsdyn.errors import (
    InputError,
    check_choice,
    check_finite,
    check_int,
    check_length,
    check_magnitude,
    check_not_empty,
    check_numeric,
    check_real,
    check_time_coordinate,
)
from tsdyn.rng import Seed, as_seed_sequence

#: The dimension of a statistic's several values in :func:`surrogate_test` results.
COMPONENT = "component"

__all__ = ["METHODS", "SurrogateTestResult", "cycle_boundaries", "match_ends", "surrogate_test", "surrogates"]

METHODS = ("shuffle", "phase", "iaaft", "ar1", "arma", "aaft", "cycle")
SURROGATE = "surrogate"

_LONG_NAMES = {
    "shuffle": "random-shuffle surrogates",
    "phase": "phase-randomized (Fourier-transform) surrogates",
    "iaaft": "iterative amplitude-adjusted Fourier-transform surrogates",
    "ar1": "surrogates simulated from a fitted AR(1) model",
    "arma": "surrogates simulated from the best-AIC fitted ARMA(p, q) model",
    "aaft": "amplitude-adjusted Fourier-transform surrogates",
    "cycle": "cycle-shuffled surrogates",
}


def surrogates(
    x: SeriesLike,
    *,
    n_surrogates: int = 1,
    method: str = "iaaft",
    seed: Seed = None,
    dim: str = "time",
    max_iter: int = 200,
    tol: float = 1e-8,
    pmax: int = 2,
    qmax: int = 2,
) -> SeriesResult:
    """Draw ``n_surrogates`` surrogate series of every series in ``x``.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time on the last axis for numpy input). NaN is refused:
        a surrogate of a series with gaps is not defined.
    n_surrogates : int
        Number of surrogates per series.
    method : {"shuffle", "phase", "iaaft", "ar1", "arma", "aaft", "cycle"}
        The null model (see the module docstring).
    seed : None, int, SeedSequence or Generator
        Seed policy of :mod:`tsdyn.rng`; series ``i`` uses the i-th spawned child.
    dim : str
        The time dimension.
    max_iter : int
        IAAFT: most iterations per surrogate. The spectral misfit is within
        10 % of its final value after 200 (a quasi-periodic series; white
        noise after 50), so more mostly costs time.
    tol : float
        IAAFT: an iteration stops once the ranks repeat (a fixed point) or the
        relative spectral misfit improves by less than ``tol``.
    pmax, qmax : int
        ARMA: largest AR and MA orders tried; the fit with the lowest AIC wins.

    Returns
    -------
    Same family as ``x`` with a new leading ``surrogate`` dimension: numpy
    ``(n_surrogates, *x.shape)``; a DataArray with dims ``("surrogate", *x.dims)`` and
    the coordinates of ``x``; a Dataset of such variables; a pandas Series
    gives a DataFrame (one column per surrogate), a DataFrame gives a
    DataFrame with columns ``(surrogate, variable)``.

    See Also
    --------
    surrogate_test : Ranks a statistic of the data among its surrogates'.
    match_ends : A segment whose ends match, for Fourier-based surrogates.

    Notes
    -----
    ``phase`` multiplies every Fourier coefficient except the mean (and the
    Nyquist one for even length, which is real) by a uniform random phase,
    so the periodogram is kept exactly (Theiler et al. 1992). ``iaaft``
    alternates imposing the data's Fourier amplitudes and its sorted values
    (Schreiber & Schmitz 1996) and returns the rank-ordered step, so the
    value distribution is exact and the spectrum approximate. ``ar1`` fits
    :math:`x_t = c + \\phi x_{t-1} + \\varepsilon_t` by OLS
    (``statsmodels.tsa.ar_model.AutoReg``) and starts each simulation from
    the stationary distribution when :math:`|\\phi| < 1` (else from the first
    observation). ``arma`` fits ``statsmodels`` ARIMA(p, 0, q) with a constant
    for every p <= pmax, q <= qmax, keeps the lowest AIC, and simulates with
    a burn-in long enough for the initial condition to be forgotten.
    ``aaft`` (Theiler et al. 1992) reorders Gaussian values in the data's
    ranks, phase-randomises them and puts the data's values back in the
    ranks of the result: one step of ``iaaft``, so the values are exact and
    the spectrum is whitened somewhat. ``cycle`` (Theiler 1995) cuts the
    series at the maximum of every cycle (see :func:`cycle_boundaries`),
    shuffles the whole cycles and keeps the pieces before the first and
    after the last cut in place: every cycle is kept, the order of the
    cycles is not. It tests pseudo-periodic signals (a noisy limit cycle
    has independent cycles; a chaotic oscillator does not), where Fourier
    surrogates of a line spectrum are trivially different from the data.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal(128)
    >>> s = surrogates(x, n_surrogates=3, method="phase", seed=2)
    >>> bool(np.allclose(np.abs(np.fft.rfft(s, axis=-1)), np.abs(np.fft.rfft(x))))
    True
    """
    check_choice(method, "method", METHODS)
    n = check_int(n_surrogates, "n_surrogates", minimum=1)
    da, options = _checked(x, method, dim, max_iter=max_iter, tol=tol, pmax=pmax, qmax=qmax)
    out = map_series(
        functools.partial(_surrogate_block, n=n, method=method, options=options),
        da,
        {"surrogates": (np.float64, (SURROGATE, dim))},
        dim=dim,
        seed=seed,
        sizes={SURROGATE: n},
        squares=method != "shuffle",  # a permutation squares nothing
    )["surrogates"]
    out = out.transpose(SURROGATE, *da.dims).assign_coords({SURROGATE: np.arange(n)})
    params = {"method": method, "n_surrogates": n, "seed": seed if isinstance(seed, int) else None}
    if method == "iaaft":
        params.update(max_iter=max_iter, tol=tol)
    elif method == "arma":
        params.update(pmax=pmax, qmax=qmax)
    out.attrs = {
        "long_name": _LONG_NAMES[method],
        "tsdyn_function": public_name(surrogates),
        **netcdf_safe(params),
    }
    out = out.rename(da.name if da.name is not None else "surrogates")
    return _give_back(out, x, dim)


def match_ends(x: ArrayLike, *, keep: float = 0.9, candidates: int = 1000) -> tuple[int, int]:
    """The segment ``x[start:stop]`` whose two ends match best, keeping at least ``keep`` of it.

    Fourier-based surrogates treat a series as one period of a periodic
    signal; a jump between its last and first value (or in slope) leaks
    power across the spectrum, so the surrogates of, e.g., a quasi-periodic
    signal come out noisier than the signal. Cutting the series to the
    segment whose periodic continuation is smoothest removes most of that
    artefact (after Schreiber & Schmitz 2000): the step from the last sample
    back to the first, and the first step after it, should both equal the
    step into the last sample (squared mismatches, in units of the variance). Starts are searched among the first and
    stops among the last ``(1 - keep) / 2`` of the samples (at most
    ``candidates`` of each).

    Parameters
    ----------
    x : 1-D array-like
        One series (at least 4 samples).
    keep : float
        Smallest fraction of the samples the segment keeps, in (0, 1].
    candidates : int
        Most start (and stop) positions tried.

    Returns
    -------
    (start, stop) : ints

    See Also
    --------
    surrogates : The Fourier-based surrogates it prepares a series for.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * np.arange(1000) / 64)
    >>> start, stop = match_ends(x)
    >>> (stop - start) % 64, stop - start >= 900
    (0, True)
    """
    a = one_series(x, "match_ends")
    if a.size < 4:
        raise InputError(f"match_ends takes one series of at least 4 samples, got {a.size}")
    check_real(keep, "keep", minimum=0, maximum=1, inclusive=(False, True))
    candidates = check_int(candidates, "candidates", minimum=1)
    n = a.size
    slack = min(max(int((1 - keep) * n) // 2, 0), candidates)
    starts = np.arange(0, slack + 1)
    stops = np.arange(n - slack, n + 1)  # exclusive
    scale = a.var() or 1.0
    diff = np.diff(a)
    # the periodic continuation should step from the last sample to the first as it
    # stepped into the last one, and go on with the same slope
    step_in = diff[stops - 2][None, :]
    value = a[starts][:, None] - (a[stops - 1][None, :] + step_in)
    slope = diff[starts][:, None] - step_in
    cost = (value**2 + slope**2) / scale
    i, j = np.unravel_index(int(np.argmin(cost)), cost.shape)
    return int(starts[i]), int(stops[j])


def _checked(
    x, method: str, dim: str, *, max_iter=200, tol=1e-8, pmax=2, qmax=2
) -> tuple[xr.DataArray, dict]:
    """The series to draw from (dask chunks are checked as they are drawn from) and the drawing options."""
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    pmax = check_int(pmax, "pmax", minimum=0)
    qmax = check_int(qmax, "qmax", minimum=0)
    check_real(tol, "tol", minimum=0)
    da = as_series(x, dim=dim)
    check_not_empty(da, dim=dim)
    check_numeric(da)
    check_time_coordinate(da, dim=dim)
    minimum = max(10, 5 * (pmax + qmax + 1)) if method == "arma" else 4 if method == "ar1" else 2
    check_length(da.sizes[dim], minimum, what=f"{method} surrogates", dim=dim)
    if da.chunks is None:
        check_finite(da, policy="raise")
        if method != "shuffle":  # a permutation squares nothing
            check_magnitude(da, dim=dim)
    return da, {"max_iter": max_iter, "tol": float(tol), "pmax": pmax, "qmax": qmax}


def _give_back(out: xr.DataArray, x, dim: str):
    """Answer in the caller's family; pandas gets a frame with one column per surrogate."""
    if isinstance(x, xr.Dataset):
        return from_series(out, Family("dataset"), dim=dim)
    if isinstance(x, xr.DataArray):
        return out
    if isinstance(x, pd.Series):
        return pd.DataFrame(
            out.values.T, index=x.index, columns=pd.RangeIndex(out.sizes[SURROGATE], name=SURROGATE)
        )
    if isinstance(x, pd.DataFrame):
        values = out.transpose(dim, SURROGATE, "variable").values.reshape(x.shape[0], -1)
        columns = pd.MultiIndex.from_product(
            [range(out.sizes[SURROGATE]), x.columns], names=[SURROGATE, "variable"]
        )
        return pd.DataFrame(values, index=x.index, columns=columns)
    return from_series(out, Family("numpy"), dim=dim)


def _surrogate_block(rows, index, seeds, *, n, method, options):
    return {
        "surrogates": np.stack(
            [
                _draw(row, n, method, np.random.default_rng(child), options, int(i))
                for row, i, child in zip(rows, index, seeds, strict=True)
            ]
        )
    }


def _draw(x, n, method, rng, options, series):
    if method == "shuffle":
        return rng.permuted(np.broadcast_to(x, (n, x.size)), axis=1)
    if method == "phase":
        return _phase(x, n, rng)
    if method == "iaaft":
        return _iaaft(x, n, rng, options["max_iter"], options["tol"])
    if method == "aaft":
        return _aaft(x, n, rng)
    if method == "cycle":
        return _cycle_shuffle(x, n, rng, series)
    if np.ptp(x) == 0:
        raise InputError(f"x series {series} is constant; an {method} model cannot be fitted to it")
    if method == "ar1":
        return _ar1(x, n, rng)
    return _arma(x, n, rng, options["pmax"], options["qmax"])


def _random_phases(length, n, rng):
    """Unit complex factors for the rfft bins; the mean and a Nyquist bin keep their phase."""
    nf = length // 2 + 1
    phases = np.exp(2j * np.pi * rng.random((n, nf)))
    phases[:, 0] = 1.0
    if length % 2 == 0:
        phases[:, -1] = 1.0  # the Nyquist coefficient of a real series is real
    return phases


def _phase(x, n, rng):
    spectrum = np.fft.rfft(x)
    return np.fft.irfft(spectrum * _random_phases(x.size, n, rng), n=x.size, axis=1)


def multivariate_phase(
    x: SeriesLike,
    *,
    n_surrogates: int = 1,
    seed: Seed = None,
    dim: str = "time",
    variable: str = "variable",
) -> SeriesResult:
    """Phase-randomised surrogates of several variables at once, keeping their cross-correlations.

    Every variable's Fourier coefficients are multiplied by the **same**
    random phases (Prichard & Theiler 1994, Phys. Rev. Lett. 73:951), so each
    periodogram and every cross-spectrum, hence every circular auto- and
    cross-covariance, is kept exactly; the null hypothesis is a linear
    Gaussian multivariate process. Drawing the variables independently
    (:func:`surrogates` with ``method="phase"``) would destroy their
    cross-correlations.

    Parameters
    ----------
    x : array-like, pandas.DataFrame or xarray object
        Numpy input is ``(..., variable, time)`` (time last, variables on the
        axis before it); a DataFrame has one column per variable; a DataArray
        a ``variable`` dimension (a Dataset's data variables are stacked on it).
    n_surrogates : int
        Surrogates per group of variables.
    seed : None, int, SeedSequence or Generator
        Group ``i`` (C order over the dims other than ``variable`` and time)
        draws from the i-th spawned child, as in :func:`surrogates`.
    dim, variable : str
        The time and the variable dimensions.

    Returns
    -------
    Same family as ``x`` with a leading ``surrogate`` dimension (a DataFrame
    gives columns ``(surrogate, variable)``).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).standard_normal((2, 128))
    >>> x[1] += x[0]  # correlated variables
    >>> s = multivariate_phase(x, n_surrogates=3, seed=1)
    >>> s.shape
    (3, 2, 128)
    >>> cross = lambda a, b: np.fft.irfft(np.fft.rfft(a) * np.conj(np.fft.rfft(b)), n=a.size)
    >>> bool(np.allclose(cross(s[0, 0], s[0, 1]), cross(x[0], x[1])))
    True
    """
    n = check_int(n_surrogates, "n_surrogates", minimum=1)
    root = as_seed_sequence(seed)
    da = as_series(x, dim=dim)
    if not isinstance(x, xr.DataArray | xr.Dataset | pd.DataFrame) and da.ndim >= 2:
        da = da.rename({da.dims[-2]: variable})  # numpy: the axis before time holds the variables
    check_not_empty(da, dim=dim)
    check_numeric(da)
    check_time_coordinate(da, dim=dim)
    check_length(da.sizes[dim], 2, what="phase surrogates", dim=dim)
    if variable not in da.dims:
        raise InputError(
            f"x has no '{variable}' dimension (dims {tuple(da.dims)}); multivariate surrogates need "
            "several variables (for one series use surrogates(method='phase'))"
        )
    if da.sizes[variable] < 2:
        raise InputError(
            f"x has {da.sizes[variable]} variable along '{variable}'; multivariate surrogates need at "
            "least 2 (for one series use surrogates(method='phase'))"
        )
    check_finite(da, policy="raise")
    check_magnitude(da, dim=dim)
    others = [d for d in da.dims if d not in (variable, dim)]
    values = np.asarray(da.transpose(*others, variable, dim).values, dtype=np.float64)
    groups = values.reshape(-1, *values.shape[-2:])
    length = groups.shape[-1]
    out = np.empty((groups.shape[0], n, *groups.shape[1:]))
    for g, rows in enumerate(groups):
        rng = np.random.default_rng(np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, g)))
        # one set of phases per surrogate, broadcast over the variables
        phases = _random_phases(length, n, rng)[:, None, :]
        out[g] = np.fft.irfft(np.fft.rfft(rows, axis=-1)[None] * phases, n=length, axis=-1)
    shape = tuple(da.sizes[d] for d in others)
    res = xr.DataArray(
        out.reshape(*shape, n, *groups.shape[1:]),
        dims=(*others, SURROGATE, variable, dim),
        coords={k: v for k, v in da.coords.items() if set(v.dims) <= set(da.dims)},
    )
    res = res.transpose(SURROGATE, *da.dims).assign_coords({SURROGATE: np.arange(n)})
    res.attrs = {
        "long_name": "multivariate phase-randomized surrogates (shared phases)",
        "tsdyn_function": public_name(multivariate_phase),
        **netcdf_safe({"n_surrogates": n, "seed": seed if isinstance(seed, int) else None}),
    }
    res = res.rename(da.name if da.name is not None else "surrogates")
    if isinstance(x, xr.DataArray | xr.Dataset | pd.DataFrame):
        return _give_back(res, x, dim)
    return res.values


def _iaaft(x, n, rng, max_iter, tol):
    length = x.size
    amplitude = np.abs(np.fft.rfft(x))
    sorted_x = np.sort(x)
    power = float(np.sum(amplitude**2)) or 1.0
    s = rng.permuted(np.broadcast_to(x, (n, length)), axis=1)
    order = np.argsort(s, axis=1, kind="stable")
    misfit = np.full(n, np.inf)
    active = np.arange(n)
    spec = np.fft.rfft(s, axis=1)  # spectrum of the active rows' current iterate
    for _ in range(max_iter):
        mod = np.abs(spec)
        unit = np.where(mod > 0, spec / np.where(mod > 0, mod, 1.0), 1.0)
        filtered = np.fft.irfft(amplitude * unit, n=length, axis=1)
        new_order = _stable_argsort(filtered)
        ranked = np.empty_like(filtered)
        np.put_along_axis(ranked, new_order, sorted_x, axis=1)
        s[active] = ranked
        spec = np.fft.rfft(ranked, axis=1)
        new_misfit = np.sum((np.abs(spec) - amplitude) ** 2, axis=1) / power
        fixed = np.all(new_order == order[active], axis=1)
        stalled = misfit[active] - new_misfit < tol * np.maximum(new_misfit, 1e-300)
        order[active] = new_order
        misfit[active] = new_misfit
        going = ~(fixed | stalled)
        active, spec = active[going], spec[going]
        if active.size == 0:
            break
    return s


def _stable_argsort(a):
    """``np.argsort(a, axis=1, kind="stable")``, about 4x faster on rows without ties
    (19 rows of 4000 normal deviates: 3.2 against 13.1 ms, numpy 2 on this project's machine).

    Without ties every sort gives the same order, so the default (unstable) one is
    used and only rows where it met a tie (a periodic series' iterate can repeat a
    value exactly) are sorted again stably.
    """
    order = np.argsort(a, axis=1)
    ranked = np.take_along_axis(a, order, axis=1)
    tied = np.flatnonzero((ranked[:, 1:] == ranked[:, :-1]).any(axis=1))
    if tied.size:
        order[tied] = np.argsort(a[tied], axis=1, kind="stable")
    return order


def _fit_quietly(model):
    """Fit a statsmodels model; its convergence chatter is not the user's concern here.

    Candidate ARMA fits that do not converge simply lose on AIC; the winner
    is what the caller gets, so the warnings carry no information for them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.fit()


def _ar1(x, n, rng):
    from statsmodels.tsa.ar_model import AutoReg

    res = _fit_quietly(AutoReg(x, lags=1, trend="c"))
    const, phi = (float(v) for v in res.params)
    sigma = float(np.sqrt(res.sigma2))
    length = x.size
    noise = sigma * rng.standard_normal((n, length))
    out = np.empty((n, length))
    if abs(phi) < 1:
        mean = const / (1 - phi)
        out[:, 0] = mean + sigma / np.sqrt(1 - phi**2) * rng.standard_normal(n)
    else:
        out[:, 0] = x[0]
    from scipy.signal import lfilter

    # x_t = c + phi x_{t-1} + e_t, started from out[:, 0]: a first-order IIR filter
    drive = const + noise[:, 1:]
    out[:, 1:] = lfilter([1.0], [1.0, -phi], drive, axis=1, zi=phi * out[:, :1])[0]
    return out


def _arma(x, n, rng, pmax, qmax):
    from scipy.signal import lfilter
    from statsmodels.tsa.arima.model import ARIMA

    best = None
    for p, q in itertools.product(range(pmax + 1), range(qmax + 1)):
        res = _fit_quietly(ARIMA(x, order=(p, 0, q), trend="c"))
        if np.isfinite(res.aic) and (best is None or res.aic < best.aic):
            best = res
    if best is None:
        raise InputError(f"no ARMA(p<={pmax}, q<={qmax}) model could be fitted to x")
    ar = np.r_[1.0, -np.asarray(best.arparams)]
    ma = np.r_[1.0, np.asarray(best.maparams)]
    mean = float(best.params[0])
    sigma = float(np.sqrt(best.params[-1]))
    # the slowest AR mode decays like r^-t (r = smallest root modulus of the AR polynomial,
    # > 1 as ARIMA enforces stationarity): burn in until it has shrunk by 1e-8
    burn = 100
    if ar.size > 1:
        slowest = float(np.min(np.abs(np.roots(ar[::-1]))))
        if slowest > 1.0 + 1e-12:
            burn = max(burn, int(np.ceil(np.log(1e8) / np.log(slowest))))
    burn = min(burn, 100 * x.size)
    noise = sigma * rng.standard_normal((n, burn + x.size))
    return mean + lfilter(ma, ar, noise, axis=1)[:, burn:]


def _aaft(x, n, rng):
    length = x.size
    ranks = np.argsort(np.argsort(x, kind="stable"), kind="stable")
    # Gaussian values in the ranks of x: the "Gaussianised" series of Theiler et al. (1992)
    gauss = np.sort(rng.standard_normal((n, length)), axis=1)[:, ranks]
    spectrum = np.fft.rfft(gauss, axis=1)
    shuffled = np.fft.irfft(spectrum * _random_phases(length, n, rng), n=length, axis=1)
    out = np.empty((n, length))
    np.put_along_axis(out, np.argsort(shuffled, axis=1, kind="stable"), np.sort(x), axis=1)
    return out


def cycle_boundaries(x: ArrayLike, *, hysteresis: float = 0.1) -> np.ndarray:
    """Index of the maximum of every cycle of a pseudo-periodic series.

    A cycle starts where the series rises through its mean; a rise counts
    only once the series has been ``hysteresis`` standard deviations below
    the mean, so noise around the mean does not split a cycle. Between two
    consecutive rises, the sample of the largest value is the cut.

    Parameters
    ----------
    x : 1-D array-like
        One series.
    hysteresis : float
        Half-width of the dead band around the mean, in standard deviations.

    Returns
    -------
    ndarray of int
        Positions of the cuts, increasing; consecutive cuts enclose one cycle.

    See Also
    --------
    surrogates : Its ``"cycle"`` method shuffles the cycles cut here.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * np.arange(200) / 40)
    >>> cycle_boundaries(x).tolist()
    [50, 90, 130]
    """
    a = one_series(x, "cycle_boundaries")
    check_real(hysteresis, "hysteresis", minimum=0)
    c = a - a.mean()
    band = hysteresis * a.std()
    below = c < -band
    above = c >= 0
    rises = []
    armed = False
    # a rise through the mean counts once the series has been below the dead band
    for i in np.flatnonzero(below | above):
        if below[i]:
            armed = True
        elif armed:
            rises.append(i)
            armed = False
    edges = np.asarray(rises, dtype=np.int64)
    return np.array([lo + int(np.argmax(a[lo:hi])) for lo, hi in itertools.pairwise(edges)], dtype=np.int64)


def _cycle_shuffle(x, n, rng, series):
    cuts = cycle_boundaries(x)
    if cuts.size < 3:
        raise InputError(
            f"x series {series} has {max(cuts.size - 1, 0)} whole cycles (rises through its mean); "
            "cycle-shuffled surrogates need at least 2"
        )
    pieces = np.split(x, cuts)
    head, cycles, tail = pieces[0], pieces[1:-1], pieces[-1]
    out = np.empty((n, x.size))
    for k in range(n):
        order = rng.permutation(len(cycles))
        out[k] = np.concatenate([head, *(cycles[i] for i in order), tail])
    return out


ALTERNATIVES = ("two-sided", "greater", "less")


@dataclass(frozen=True)
class SurrogateTestResult:
    """Result of :func:`surrogate_test` for numpy or pandas input (arrays over series for N-D input).

    Attributes
    ----------
    statistic : float
        The statistic of the data.
    null : ndarray (..., surrogate)
        The statistic of every surrogate.
    p_value : float
        Rank p-value: (1 + surrogates at least as extreme) / (n_surrogates + 1);
        two-sided is twice the smaller one-sided value, at most 1.
    rank : int
        Rank of the data's statistic among all ``n_surrogates + 1`` values (1 = smallest; ties count below).
    z : float
        (statistic - mean of the null) / its standard deviation.
    method, alternative : str
        The surrogate method and the alternative tested.

    See Also
    --------
    surrogate_test : Computes it.

    Examples
    --------
    The logistic map is not time-reversible, its IAAFT surrogates are: the
    mean cubed increment of the data lies below every surrogate's.

    >>> x = np.empty(500)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    >>> asymmetry = lambda a: float(np.mean(np.diff(a) ** 3))
    >>> res = surrogate_test(x, asymmetry, n_surrogates=19, seed=0, alternative="less")
    >>> res.p_value, res.rank, res.null.shape
    (0.05, 1, (19,))
    """

    statistic: float | np.ndarray
    null: np.ndarray
    p_value: float | np.ndarray
    rank: int | np.ndarray
    z: float | np.ndarray
    method: str
    alternative: str


def surrogate_test(
    x: SeriesLike,
    statistic: Callable[[np.ndarray], Any],
    *,
    method: str = "iaaft",
    n_surrogates: int = 99,
    alternative: str = "two-sided",
    seed: Seed = None,
    dim: str = "time",
    batch: bool = False,
    **options: Any,
) -> SurrogateTestResult | xr.Dataset:
    """Test a null hypothesis by ranking ``statistic(x)`` among its surrogates' (Theiler et al. 1992).

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time on the last axis for numpy input). NaN is refused.
    statistic : callable
        ``statistic(series) -> float`` for one 1-D float64 series: any
        discriminating statistic, e.g. :func:`tsdyn.chaos.time_reversal_asymmetry`,
        :func:`tsdyn.chaos.prediction_error` or, through a small lambda, the
        largest Lyapunov exponent. It may also return a 1-D array of a fixed
        length K (several statistics of one series, e.g. one trend per
        early-warning indicator): each gets its own p-value, along a last
        dimension ``component`` of every result.
    method : str
        The null model, one of :data:`METHODS` (see :func:`surrogates`).
    n_surrogates : int
        Surrogates per series; the smallest p-value is ``1 / (n_surrogates + 1)``
        (twice that, two-sided).
    alternative : {"two-sided", "greater", "less"}
        ``"greater"``: the data's statistic is larger than under the null.
    seed : None, int, SeedSequence or Generator
        Seed of the surrogates (series ``i`` uses the i-th spawned child).
    dim : str
        The time dimension.
    batch : bool
        Call ``statistic`` once on every series' draws at a time instead of
        once per series: it gets an array ``(series, draws, time)`` (the data
        as one draw per series, then the surrogates) and returns
        ``(series, draws)``, or ``(series, draws, K)`` for K statistics. For a
        statistic that is compiled over many series at once, or that needs to
        know which series a draw belongs to (:func:`tsdyn.ews.trend_test`
        adds each series' trend back to its residuals' surrogates).
    **options
        Passed to :func:`surrogates` (``max_iter``, ``tol``, ``pmax``, ``qmax``).

    Returns
    -------
    :class:`SurrogateTestResult` (numpy, pandas), or a Dataset for xarray
    input (``statistic``, ``p_value``, ``rank``, ``z``, ``null`` over ``surrogate``);
    a statistic with K values adds a dimension ``component`` (before ``surrogate``).

    See Also
    --------
    surrogates : The surrogates it ranks the data among.
    SurrogateTestResult : What it returns.

    Notes
    -----
    Under the null, the data and its surrogates are exchangeable, so the
    rank of the data's statistic is uniform on 1..n+1 and the one-sided
    p-value has exactly its nominal level; that is what the tests check on
    linear Gaussian series. A statistic that is NaN for the data gives a NaN
    p-value; NaN surrogate values are left out of the ranking.

    Examples
    --------
    >>> import numpy as np
    >>> from tsdyn.chaos import time_reversal_asymmetry
    >>> x = np.empty(1000)
    >>> x[0] = 0.3
    >>> for i in range(1, x.size):
    ...     x[i] = 4 * x[i - 1] * (1 - x[i - 1])
    >>> res = surrogate_test(x, time_reversal_asymmetry, method="aaft", n_surrogates=19, seed=0)
    >>> float(res.p_value), int(res.rank)
    (0.1, 1)

    Two statistics at once, each with its p-value:

    >>> both = lambda a: np.array([time_reversal_asymmetry(a), np.mean(a)])
    >>> res = surrogate_test(x, both, method="aaft", n_surrogates=19, seed=0)
    >>> res.p_value.tolist()[0], res.null.shape
    (0.1, (2, 19))
    """
    if not callable(statistic):
        raise InputError(f"statistic must be a callable series -> float, got {type(statistic).__name__}")
    check_choice(method, "method", METHODS)
    check_choice(alternative, "alternative", ALTERNATIVES)
    n = check_int(n_surrogates, "n_surrogates", minimum=1)
    da, drawing = _checked(x, method, dim, **options)
    other = [d for d in da.dims if d != dim]
    # the number of values the statistic returns: from the first series (one chunk under dask)
    # or, for a batch statistic, which may read every series, from all of them (computed);
    # the data's statistics computed here are not computed again
    if batch:
        if da.chunks is not None:
            da, drawing = _checked(da.compute(), method, dim, **options)
        rows = np.asarray(da.transpose(*other, dim).values, dtype=np.float64).reshape(-1, da.sizes[dim])
        observed = _batched(statistic, rows[:, None, :], "x")[:, 0]
    else:
        first = np.asarray(da.isel(dict.fromkeys(other, 0)).values, dtype=np.float64)
        observed = np.asarray(_values(statistic, first, "x"))[None]
    parts = observed.shape[1:]
    comp = (COMPONENT,) if parts else ()
    results = map_series(
        functools.partial(
            _test_block,
            statistic=statistic,
            n=n,
            method=method,
            options=drawing,
            alternative=alternative,
            batch=batch,
            known=observed,
        ),
        da,
        {
            "statistic": (np.float64, comp),
            "p_value": (np.float64, comp),
            "rank": (np.int64, comp),
            "z": (np.float64, comp),
            "null": (np.float64, (*comp, SURROGATE)),
        },
        dim=dim,
        seed=seed,
        sizes={SURROGATE: n, **({COMPONENT: parts[0]} if parts else {})},
        squares=method != "shuffle",
    )
    long_names = {
        "statistic": "statistic of the data",
        "p_value": f"{alternative} rank p-value",
        "rank": "rank among data and surrogates",
        "z": "z-score against the surrogates",
        "null": "surrogates' statistic",
    }
    if isinstance(x, xr.DataArray | xr.Dataset):
        ds = xr.Dataset({k: v.assign_attrs(long_name=long_names[k]) for k, v in results.items()})
        ds = ds.assign_coords(
            {SURROGATE: np.arange(n), **({COMPONENT: np.arange(parts[0])} if parts else {})}
        )
        ds.attrs = {
            "tsdyn_function": public_name(surrogate_test),
            "statistic": getattr(statistic, "__name__", type(statistic).__name__),
            **netcdf_safe(
                {
                    "method": method,
                    "n_surrogates": n,
                    "alternative": alternative,
                    "seed": seed if isinstance(seed, int) else None,
                }
            ),
        }
        return ds
    values = {k: v.values for k, v in results.items()}
    if da.ndim == 1 and not parts:
        values.update({k: v.item() for k, v in values.items() if k != "null"})
    return SurrogateTestResult(**values, method=method, alternative=alternative)


def _test_block(rows, index, seeds, *, statistic, n, method, options, alternative, batch, known):
    """The data's statistic, its surrogates' and the rank test, for every row (the data's
    statistic of series ``i`` is ``known[i]`` where given)."""
    parts = known.shape[1:]
    drawn = _surrogate_block(rows, index, seeds, n=n, method=method, options=options)["surrogates"]
    observed = np.array(
        [
            known[i] if i < len(known) else _values(statistic, row, "x", parts)
            for row, i in zip(rows, index, strict=True)
        ]
    )
    if batch:
        null = _batched(statistic, drawn, "the surrogates")
    else:
        null = np.array([[_values(statistic, s, "a surrogate", parts) for s in block] for block in drawn])
    if null.shape[2:] != parts or observed.shape[1:] != parts:
        raise InputError(
            f"statistic must return the same shape for every series and its surrogates, got "
            f"{parts}, {observed.shape[1:]} and {null.shape[2:]}"
        )
    # one row per (series, component): the components are tested one by one
    null = np.moveaxis(null, 1, -1)  # series, [component,] surrogate
    p, rank, z = (
        a.reshape(observed.shape) for a in _rank_test(observed.reshape(-1), null.reshape(-1, n), alternative)
    )
    return {"statistic": observed, "p_value": p, "rank": rank, "z": z, "null": null}


def _values(statistic, series, what, shape=None) -> float | np.ndarray:
    value = statistic(series)
    if np.ndim(value) > 1:
        raise InputError(
            f"statistic must return one number or a 1-D array per series, got shape {np.shape(value)} for {what}"
        )
    if shape is not None and np.shape(value) != shape:
        raise InputError(
            f"statistic must return the same shape for the data and its surrogates, got {shape} and "
            f"{np.shape(value)} for {what}"
        )
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=np.float64)


def _batched(statistic, block: np.ndarray, what: str) -> np.ndarray:
    value = np.asarray(statistic(block), dtype=np.float64)
    if value.shape[:2] != block.shape[:2] or value.ndim > 3:
        raise InputError(
            f"a batch statistic must return (series, draws) or (series, draws, K) values for an array "
            f"of shape {block.shape}, got shape {value.shape} for {what}"
        )
    return value


def _rank_test(observed: np.ndarray, null: np.ndarray, alternative: str):
    """Rank p-values, ranks and z-scores of ``observed`` (rows) against ``null`` (rows, n)."""
    p = np.full(observed.shape, np.nan)
    rank = np.zeros(observed.shape, dtype=np.int64)
    z = np.full(observed.shape, np.nan)
    for i, (value, row) in enumerate(zip(observed, null, strict=True)):
        row = row[np.isfinite(row)]
        if not np.isfinite(value) or row.size == 0:
            continue
        rank[i] = 1 + np.count_nonzero(row < value)
        greater = (1 + np.count_nonzero(row >= value)) / (1 + row.size)
        less = (1 + np.count_nonzero(row <= value)) / (1 + row.size)
        p[i] = {"greater": greater, "less": less, "two-sided": min(1.0, 2 * min(greater, less))}[alternative]
        sd = row.std(ddof=1) if row.size > 1 else 0.0
        z[i] = (value - row.mean()) / sd if sd > 0 else np.nan
    return p, rank, z
