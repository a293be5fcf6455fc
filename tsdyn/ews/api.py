"""The early-warning pipeline: detrend -> rolling indicators -> Kendall tau, in one call.

:class:`EWSSpec` holds every choice of the pipeline and runs it on a plain
2-D array (one series per row). It is the hook for significance testing:
a surrogate test builds the spec once and calls :meth:`EWSSpec.taus` on an
array of, say, 1000 surrogate series; the compiled kernels run over the rows
in parallel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.data import Output, apply_along_time, as_series
from tsdyn.errors import InputError, check_choice
from tsdyn.ews._input import fill_gaps, prepare, time_range
from tsdyn.ews.conventions import Convention, get_convention
from tsdyn.ews.detrending import METHODS, detrend_rows, resolve_detrend
from tsdyn.ews.indicators import check_indicators, compute_indicators, long_name, min_window
from tsdyn.ews.trend import kendall_rows

__all__ = ["EWSSpec", "EWSResult", "analyze", "rolling_indicators"]

DEFAULT_INDICATORS = ("variance", "ac1")
_BLOCK = 1 << 20


@dataclass(frozen=True, kw_only=True)
class EWSSpec:
    """Every choice of the early-warning pipeline (see :func:`analyze` for their meaning).

    See Also
    --------
    analyze : Runs the pipeline on a series.
    trend_test : Reruns it on surrogates (``spec.taus``).

    Examples
    --------
    >>> import numpy as np
    >>> spec = EWSSpec(window=0.5, detrend="none", indicators=("variance",))
    >>> x = np.random.default_rng(0).standard_normal((3, 100)) * np.linspace(1, 3, 100)
    >>> bool((spec.taus(x)["variance"] > 0.5).all())
    True
    """

    window: float | int | None = None  # None: the convention's default (stored resolved)
    detrend: str | None = None
    bandwidth: float | int | None = None  # None: the convention's default (R: bw.nrd0)
    span: float | int | None = None
    indicators: str | Sequence[str] = DEFAULT_INDICATORS  # stored as the checked tuple
    convention: str | Convention = "tsdyn"
    center: bool = False
    spectral: Mapping | tuple | None = None
    ordinal: Mapping | tuple | None = None
    degree: int | None = None

    def __post_init__(self) -> None:
        conv = get_convention(self.convention)
        object.__setattr__(self, "convention", conv)
        # an argument left out means what the convention's peer means by leaving it out
        if self.window is None:
            object.__setattr__(self, "window", conv.default_window)
        if self.detrend is None:
            object.__setattr__(self, "detrend", conv.default_detrend or "gaussian")
        if self.bandwidth is None and conv.default_bandwidth is not None:
            object.__setattr__(self, "bandwidth", conv.default_bandwidth)
        if self.span is None:
            object.__setattr__(self, "span", conv.default_span)
        if self.degree is None:
            object.__setattr__(self, "degree", conv.default_degree)
        check_choice(self.detrend, "detrend", METHODS)
        object.__setattr__(self, "indicators", check_indicators(self.indicators))
        if self.spectral is not None:  # stored as sorted items so that a spec stays hashable
            object.__setattr__(self, "spectral", tuple(sorted(dict(self.spectral).items())))
        if self.ordinal is not None:
            options = dict(self.ordinal)
            unknown = sorted(set(options) - {"m", "tau", "ties"})
            if unknown:
                raise InputError(f"ordinal options are m, tau and ties; got unknown {unknown}")
            object.__setattr__(self, "ordinal", tuple(sorted(options.items())))

    def window_points(self, n: int) -> int:
        """The rolling window in points for a series of ``n`` samples (validated)."""
        conv = get_convention(self.convention)
        w = conv.window_points(self.window, n)
        need = min_window(self.indicators, {"ordinal": dict(self.ordinal or ())})
        if w <= 0 or w > n:
            raise InputError(
                f"window {self.window!r} gives {w} points; it must lie in (0, N] with N = {n} samples"
            )
        if w < need:
            raise InputError(
                f"window {self.window!r} gives {w} points, too short for {', '.join(self.indicators)} "
                f"(needs at least {need}); the series has {n} samples"
            )
        return w

    def compute(
        self, a: np.ndarray, *, parallel: bool = False, exog: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Trend, residuals and indicators of every row of the 2-D float64 array ``a``."""
        a = np.ascontiguousarray(a, dtype=np.float64)
        if a.ndim != 2:
            raise InputError(f"EWSSpec.compute needs a 2-D array (series x time), got shape {a.shape}")
        n = a.shape[1]
        w = self.window_points(n)
        conv = get_convention(self.convention)
        # a size equal to the convention's default is read as left out (checked against the series)
        bandwidth = None if self.bandwidth == conv.default_bandwidth else self.bandwidth
        span = None if self.span == conv.default_span else self.span
        params = resolve_detrend(str(self.detrend), bandwidth, span, conv, n, degree=self.degree, time=exog)
        trend, resid = detrend_rows(a, exog=exog, parallel=parallel, **params)
        resid = np.ascontiguousarray(resid)
        ind = compute_indicators(
            resid,
            window=w,
            names=self.indicators,
            conv=conv,
            raw=a,
            center=self.center,
            parallel=parallel,
            spectral=self._spectral_options(exog),
            ordinal=dict(self.ordinal or ()),
        )
        return {"trend": trend, "residuals": resid, **ind}

    def _spectral_options(self, exog) -> dict:
        options = dict(self.spectral or ())
        if (
            "dt" not in options
            and exog is not None
            and len(exog) > 1
            and np.asarray(exog).dtype.kind in "iuf"
        ):
            options["dt"] = float(exog[1] - exog[0])  # frequencies in the series' own time unit
        return options

    def taus(
        self, a: np.ndarray, *, lo: int = 0, hi: int | None = None, parallel: bool = True
    ) -> dict[str, np.ndarray]:
        """Kendall tau of every indicator for every row of ``a`` (samples ``[lo, hi)``)."""
        a = np.ascontiguousarray(a, dtype=np.float64)
        # blocks of ~1e6 values: a dozen intermediate arrays per block stay small
        # instead of a dozen copies of a 1000-series batch
        rows = max(1, _BLOCK // max(a.shape[-1], 1))
        taus: dict[str, list] = {name: [] for name in self.indicators}
        for start in range(0, a.shape[0], rows):
            out = self.compute(a[start : start + rows], parallel=parallel)
            for name in self.indicators:
                taus[name].append(kendall_rows(out[name], lo=lo, hi=hi, parallel=parallel))
        return {name: np.concatenate(parts) for name, parts in taus.items()}


@dataclass(frozen=True)
class EWSResult:
    """What :func:`analyze` returns.

    Attributes
    ----------
    data : xarray.Dataset
        ``state``, ``trend``, ``residuals`` and one variable per indicator, along time.
    ktau : pandas.DataFrame
        Kendall tau of each indicator (and ``pvalue`` when a significance test ran);
        indexed by indicator, or by (series dims..., indicator) for several series.
    spec : EWSSpec
        The pipeline that produced them (reusable on surrogates).
    transition : number or datetime or None
        The transition time the analysis stopped at, as given.

    See Also
    --------
    analyze : Computes it.

    Examples
    --------
    >>> x = np.random.default_rng(0).standard_normal(100) * np.linspace(1, 2, 100)
    >>> res = analyze(x, window=30, indicators=["variance", "ac1"])
    >>> sorted(res.data.data_vars), res.ktau.index.tolist()
    (['ac1', 'residuals', 'state', 'trend', 'variance'], ['variance', 'ac1'])
    >>> tau = res.spec.taus(x[None, :])["variance"][0]  # the spec reruns on any series
    >>> bool(tau == res.ktau.loc["variance", "tau"])
    True
    """

    data: xr.Dataset
    ktau: pd.DataFrame
    spec: EWSSpec
    transition: object = None


Significance = Callable[..., Mapping[str, np.ndarray]]


def rolling_indicators(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: float | int | None = None,
    indicators: str | Sequence[str] = DEFAULT_INDICATORS,
    detrend: str = "none",
    bandwidth: float | int | None = None,
    span: float | int | None = None,
    degree: int | None = None,
    convention: str | Convention = "tsdyn",
    center: bool = False,
    transition: TimePoint | None = None,
    nan_policy: str = "raise",
    resample: str | None = None,
    spectral: Mapping | None = None,
    ordinal: Mapping | None = None,
) -> SeriesResult:
    """Rolling early-warning indicators along time.

    Parameters
    ----------
    x, dim, window, indicators, bandwidth, span, degree, convention, center
        As for :func:`analyze`.
    detrend : str
        As for :func:`analyze`, but the default is ``"none"``: pass residuals,
        or ask for a detrending method.
    transition, nan_policy, resample, spectral, ordinal
        As for :func:`analyze`.

    Returns
    -------
    One variable per indicator, same length as the input (NaN before the
    first full window and after ``transition``): a DataArray for one
    indicator, a Dataset for several (xarray input); a Series/DataFrame
    (pandas); an array or named tuple (numpy).

    See Also
    --------
    analyze : The indicators with their trends and the detrended series.
    tsdyn.recurrence.rolling_rqa : Recurrence measures in rolling windows.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(1).standard_normal(200)
    >>> ind = rolling_indicators(x, window=50, indicators=["variance", "ac1"])
    >>> int(np.isnan(ind.variance).sum()), bool(np.isclose(ind.variance[-1], x[-50:].var(ddof=1)))
    (49, True)
    """
    spec = EWSSpec(
        window=window, detrend=detrend, bandwidth=bandwidth, span=span, indicators=indicators,
        convention=convention, center=center, spectral=spectral, ordinal=ordinal, degree=degree,
    )  # fmt: skip
    prep = prepare(x, dim=dim, transition=transition, nan_policy=nan_policy, resample=resample)
    outputs = [Output(name, long_name(name), core_dims=("time",)) for name in spec.indicators]
    return apply_along_time(
        _pipeline_kernel,
        prep.x,
        outputs=outputs[0] if len(outputs) == 1 else outputs,
        dim=dim,
        kwargs={"spec": spec, "n_use": prep.n_use, "exog": prep.time, "nan_fill": nan_policy == "interpolate",
                "keys": spec.indicators, "tau_range": None},
        attrs=_attrs(spec, transition=transition, nan_policy=nan_policy),
        function=public_name(rolling_indicators),
        nan_policy=prep.nan_policy,
    )  # fmt: skip


def analyze(
    x: SeriesLike,
    *,
    dim: str = "time",
    window: float | int | None = None,
    detrend: str | None = None,
    bandwidth: float | int | None = None,
    span: float | int | None = None,
    degree: int | None = None,
    indicators: str | Sequence[str] = DEFAULT_INDICATORS,
    transition: TimePoint | None = None,
    tmin: TimePoint | None = None,
    tmax: TimePoint | None = None,
    convention: str | Convention = "tsdyn",
    center: bool = False,
    nan_policy: str = "raise",
    resample: str | None = None,
    spectral: Mapping | None = None,
    ordinal: Mapping | None = None,
    significance: Significance | None = None,
) -> EWSResult:
    """Detrend, compute rolling indicators and their Kendall tau trends in one call.

    Parameters
    ----------
    x : array-like, pandas or xarray object
        The series (time on the last axis for numpy input); other dims are broadcast.
    dim : str
        The time dimension.
    window : int or float
        Rolling window: an int (>= 2) is a number of points, a float strictly
        between 0 and 1 a fraction of the series (up to the transition); any
        other float (``1.0``, ``50.0``) is refused as ambiguous. (Other
        conventions read it as their peer does.) The value sits at the
        window's right edge (``center=True``: at its centre). Left out: 0.5
        (R's 50 % under ``convention="earlywarnings"``).
    detrend : {"gaussian", "loess", "lowess", "linear", "first_difference", "none"}
        Detrending method (:func:`tsdyn.ews.detrend`). Left out: ``"gaussian"``
        (R's ``"none"`` under ``convention="earlywarnings"``).
    bandwidth, span : int or float
        Gaussian bandwidth / loess or LOWESS span, points or fraction as for
        ``window``. Left out: 0.2 (R's ``bw.nrd0`` of the time index and 25 %).
    degree : {0, 1, 2}
        Local polynomial degree of ``detrend="loess"`` (left out: 2).
    indicators : sequence of str
        Any registered indicator (:func:`tsdyn.ews.indicators.indicator_names`) and ``ac<k>``.
    transition : number or datetime, optional
        Analyse data at times <= ``transition`` only.
    tmin, tmax : number or datetime, optional
        Time range of the Kendall tau (default: first full window to the
        end or the transition).
    convention : {"tsdyn", "ewstools", "earlywarnings"}
        Reproduce a peer's conventions (:mod:`tsdyn.ews.conventions`).
    center : bool
        Place each window's value at its centre (sample ``(window - 1) // 2``
        of the window) instead of its right edge.
    nan_policy : {"raise", "interpolate", "omit"}
        NaN handling (raise by default).
    resample : {None, "linear"}
        Interpolate irregularly spaced time onto a regular grid instead of raising.
    spectral : mapping, optional
        Options of the spectral indicators (:func:`tsdyn.ews.spectral.rolling_spectral`).
    ordinal : mapping, optional
        ``m``, ``tau``, ``ties`` of the ordinal indicators ``permutation_entropy``
        and ``complexity`` (:func:`tsdyn.ordinal.rolling.rolling_complexity_entropy`;
        default d = 3, tau = 1).
    significance : callable, optional
        Significance test, called as ``significance(spec, series, observed,
        lo=lo, hi=hi)`` with ``series`` the 2-D array (series x time, up to the
        transition), ``observed`` the Kendall taus ``{indicator: array per
        series}`` and ``[lo, hi)`` the tau range in samples; it returns
        p-values ``{indicator: array per series}`` (e.g. from surrogates run
        through ``spec.taus``), which join ``ktau`` as column ``pvalue``.

    Returns
    -------
    EWSResult
        ``data`` (Dataset along time), ``ktau`` (DataFrame of taus), ``spec``.

    See Also
    --------
    rolling_indicators : The indicators alone.
    surrogate_significance : A ``significance`` test from surrogates.
    quick_detection : This, its significance and the potential landscape in one report.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(2)
    >>> x = np.cumsum(rng.standard_normal(300)) * 0.0 + rng.standard_normal(300) * np.linspace(1, 2, 300)
    >>> res = analyze(x, window=0.5, detrend="gaussian", bandwidth=0.2)
    >>> list(res.ktau.columns), bool(res.ktau.loc["variance", "tau"] > 0.5)
    (['tau'], True)
    """
    spec = EWSSpec(
        window=window, detrend=detrend, bandwidth=bandwidth, span=span, indicators=indicators,
        convention=convention, center=center, spectral=spectral, ordinal=ordinal, degree=degree,
    )  # fmt: skip
    prep = prepare(x, dim=dim, transition=transition, nan_policy=nan_policy, resample=resample)
    da = as_series(prep.x, dim=dim)
    lo, hi = time_range(prep.time, tmin=tmin, tmax=tmax, n_use=prep.n_use, dim=dim)
    names = spec.indicators
    keys = ("trend", "residuals", *names)
    outputs = [
        Output("trend", "trend removed before computing indicators", core_dims=("time",)),
        Output("residuals", "series minus trend", core_dims=("time",)),
        *(Output(n, long_name(n), core_dims=("time",)) for n in names),
        *(Output(f"ktau_{n}", f"Kendall tau of the {long_name(n)}") for n in names),
    ]
    ds = apply_along_time(
        _pipeline_kernel,
        da,
        outputs=outputs,
        dim=dim,
        kwargs={"spec": spec, "n_use": prep.n_use, "exog": prep.time, "nan_fill": nan_policy == "interpolate",
                "keys": keys, "tau_range": (lo, hi)},
        attrs=_attrs(spec, transition=transition, nan_policy=nan_policy, tmin=tmin, tmax=tmax),
        function=public_name(analyze),
        nan_policy=prep.nan_policy,
    )  # fmt: skip
    data = ds[list(keys)]
    # dask input stays lazy in ``data``; the table is pandas, so its taus are computed, in one pass
    data["state"] = (da.dims, da.data, {"long_name": "the analysed series"})
    data = data[["state", *keys]]
    data.attrs = dict(ds.attrs)
    taus = ds[[f"ktau_{n}" for n in names]].compute()
    index = _tau_index(names, taus[f"ktau_{names[0]}"])
    table = pd.DataFrame(
        {"tau": np.concatenate([taus[f"ktau_{n}"].values.reshape(-1) for n in names])}, index=index
    )
    if significance is not None:
        values = _rows(data["state"], dim)[:, : prep.n_use]
        if nan_policy == "interpolate":
            values = fill_gaps(values)  # the test sees the series the indicators saw
        observed = {n: taus[f"ktau_{n}"].values.reshape(-1) for n in names}
        pvalues = significance(spec, values, observed, lo=lo, hi=hi)
        table["pvalue"] = np.concatenate(
            [np.asarray(pvalues[n], dtype=np.float64).reshape(-1) for n in names]
        )
    return EWSResult(data=data, ktau=table, spec=spec, transition=transition)


def _tau_index(names, tau: xr.DataArray) -> pd.Index:
    # rows: indicator, then the series in C order of the other dims (as their values flatten)
    if tau.ndim == 0:
        return pd.Index(list(names), name="indicator")
    levels = [list(names)] + [tau[d].values if d in tau.coords else np.arange(tau.sizes[d]) for d in tau.dims]
    return pd.MultiIndex.from_product(levels, names=["indicator", *tau.dims])


def _rows(da: xr.DataArray, dim: str) -> np.ndarray:
    others = [d for d in da.dims if d != dim]
    v = np.asarray(da.transpose(*others, dim).values, dtype=np.float64)
    return np.ascontiguousarray(v.reshape(-1, v.shape[-1]))


def _attrs(spec: EWSSpec, **extra) -> dict:
    return {
        "window": spec.window,
        "detrend": spec.detrend,
        "bandwidth": "bw.nrd0" if spec.bandwidth is None else spec.bandwidth,
        "span": spec.span,
        "degree": spec.degree,
        "indicators": ",".join(spec.indicators),
        "convention": get_convention(spec.convention).name,
        "placement": "center" if spec.center else "right edge",
        **extra,
    }


def _pipeline_kernel(a, *, parallel, spec, n_use, exog, nan_fill, keys, tau_range):
    b = a[:, :n_use]
    if nan_fill:
        b = fill_gaps(b)
    out = spec.compute(b, parallel=parallel, exog=exog[:n_use])
    n = a.shape[1]
    arrays = []
    for key in keys:
        arr = out[key]
        if arr.shape[1] < n:
            full = np.full((arr.shape[0], n), np.nan)
            full[:, : arr.shape[1]] = arr
            arr = full
        arrays.append(arr)
    if tau_range is not None:
        lo, hi = tau_range
        arrays += [kendall_rows(out[name], lo=lo, hi=hi, parallel=parallel) for name in spec.indicators]
    return arrays[0] if len(arrays) == 1 else tuple(arrays)
