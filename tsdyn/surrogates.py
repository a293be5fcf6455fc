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

import itertools
import warnings

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import ArrayLike

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult
from tsdyn.data import Family, as_series, from_series, netcdf_safe
from tsdyn.errors import (
    InputError,
    check_choice,
    check_finite,
    check_int,
    check_length,
    check_not_empty,
    check_numeric,
    check_real,
    check_time_coordinate,
)
from tsdyn.rng import Seed, as_seed_sequence

__all__ = ["METHODS", "match_ends", "surrogates"]

METHODS = ("shuffle", "phase", "iaaft", "ar1", "arma")
SURROGATE = "surrogate"

_LONG_NAMES = {
    "shuffle": "random-shuffle surrogates",
    "phase": "phase-randomized (Fourier-transform) surrogates",
    "iaaft": "iterative amplitude-adjusted Fourier-transform surrogates",
    "ar1": "surrogates simulated from a fitted AR(1) model",
    "arma": "surrogates simulated from the best-AIC fitted ARMA(p, q) model",
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
    method : {"shuffle", "phase", "iaaft", "ar1", "arma"}
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
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    pmax = check_int(pmax, "pmax", minimum=0)
    qmax = check_int(qmax, "qmax", minimum=0)
    check_real(tol, "tol", minimum=0)
    root = as_seed_sequence(seed)

    da = as_series(x, dim=dim)
    check_not_empty(da, dim=dim)
    check_numeric(da)
    check_time_coordinate(da, dim=dim)
    minimum = max(10, 5 * (pmax + qmax + 1)) if method == "arma" else 4 if method == "ar1" else 2
    check_length(da.sizes[dim], minimum, what=f"{method} surrogates", dim=dim)
    lazy = da.chunks is not None
    if lazy:
        da = da.chunk({dim: -1})
    else:
        check_finite(da, policy="raise")

    # the global index of every series fixes its child seed, whatever the chunking
    other = [d for d in da.dims if d != dim]
    shape = tuple(da.sizes[d] for d in other)
    index = xr.DataArray(np.arange(int(np.prod(shape, dtype=np.int64))).reshape(shape), dims=other)
    if lazy:
        index = index.chunk({d: da.chunksizes[d] for d in other})
    options = {"max_iter": max_iter, "tol": float(tol), "pmax": pmax, "qmax": qmax}
    out = xr.apply_ufunc(
        _surrogate_block,
        da,
        index,
        input_core_dims=[[dim], []],
        output_core_dims=[[SURROGATE, dim]],
        dask="parallelized",
        output_dtypes=[np.float64],
        dask_gufunc_kwargs={"output_sizes": {SURROGATE: n}},
        kwargs={"n": n, "method": method, "root": root, "options": options, "dim": dim},
    )
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

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * np.arange(1000) / 64)
    >>> start, stop = match_ends(x)
    >>> (stop - start) % 64, stop - start >= 900
    (0, True)
    """
    a = np.asarray(x, dtype=np.float64)
    if a.ndim != 1 or a.size < 4:
        raise InputError(f"match_ends takes one series of at least 4 samples, got shape {a.shape}")
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


def _surrogate_block(arr, index, *, n, method, root, options, dim):
    lead, length = arr.shape[:-1], arr.shape[-1]
    a = np.ascontiguousarray(arr.reshape(-1, length), dtype=np.float64)
    if np.isnan(a).any():  # only reachable under dask, where values are checked per chunk
        row, col = map(int, np.unravel_index(int(np.argmax(np.isnan(a))), a.shape))
        raise InputError(
            f"x contains NaN (in a dask chunk: series {row}, {dim} index {col}); fill the gaps first"
        )
    idx = np.asarray(index).reshape(-1)
    out = np.empty((a.shape[0], n, length))
    for row in range(a.shape[0]):
        child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, int(idx[row])))
        rng = np.random.default_rng(child)
        out[row] = _draw(a[row], n, method, rng, options, int(idx[row]))
    return out.reshape(*lead, n, length)


def _draw(x, n, method, rng, options, series):
    if method == "shuffle":
        return rng.permuted(np.broadcast_to(x, (n, x.size)), axis=1)
    if method == "phase":
        return _phase(x, n, rng)
    if method == "iaaft":
        return _iaaft(x, n, rng, options["max_iter"], options["tol"])
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
        new_order = np.argsort(filtered, axis=1, kind="stable")
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
