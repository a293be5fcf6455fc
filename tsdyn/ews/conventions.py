"""Estimator conventions: tsdyn's own, ewstools' and R earlywarnings'.

The same indicator name means the same quantity under every convention;
what changes is how a window size is read, how the Gaussian kernel is scaled
and treated at the edges, and which estimator computes each indicator.

=====================  =====================  ======================  =========================
choice                 ``"tsdyn"``            ``"ewstools"``          ``"earlywarnings"``
=====================  =====================  ======================  =========================
window, bandwidth      int = points,          <= 1 fraction (window   percent of the length,
                       float in (0, 1) =      ``int(f N)``), else     ``round(N p / 100)``
                       fraction               points
                       (``round(f N)``),
                       other floats refused
Gaussian sigma         0.25 bw / z(0.75)      0.25 bw / 0.675         0.3706506 bw (ksmooth)
Gaussian edges         reflect, 4 sigma       reflect, 4 sigma        renormalised, |d| <= 4 sigma
variance, sd           ddof = 1               ddof = 1                ddof = 1
skewness               adjusted (G1)          adjusted (G1)           \\|biased\\| (abs of g1)
kurtosis               adjusted (G2 + 3)      adjusted (G2 + 3)       biased g2 + 3
autocorrelation        Pearson of lagged      Pearson of lagged       ``acf``: window mean,
                       pairs                  pairs (pandas)          denominator over all n
AR(1)                  OLS with intercept     OLS with intercept      ``ar.ols``: demeaned,
                                                                      no intercept
CV                     sd(resid) / mean(raw)  sd(resid) / mean(raw)   sd / mean of the window
return rate            -ln(AR(1)) per step    -ln(AR(1)) per step     1 / AR(1)
AR(n) (``arn_*``)      demeaned window        as tsdyn                window as is (``ar.ols``
                                                                      ``demean = FALSE``)
density ratio          AR(1) spectrum at      as tsdyn                AR(1) spectrum at
                       f = 0.05 over f = 0.5                          f = 0.5 / (w - 1) over
                                                                      f = 0.5 (``spec.ar``,
                                                                      ``n.freq = w``)
first differences      x[i] - x[i-1] at i     as tsdyn                x[i+1] - x[i] at i (R's
                                                                      ``diff`` on
                                                                      ``timeindex[1:(N-1)]``)
left-out window        0.5 (half)             0.5 (half)              50 (%)
left-out detrending    function's own         function's own          ``"none"``
left-out bandwidth     0.2                    0.2                     ``bw.nrd0`` of the time
                                                                      index, rounded
left-out span, degree  0.2, 2                 0.2, 2                  25 (%), 2
smallest size          2 points (window)      2 points (window)       3 points (window,
                                                                      bandwidth)
=====================  =====================  ======================  =========================

``"loess"`` is R's ``loess`` (local polynomial of ``degree`` 0, 1 or 2 with
tricube weights over the ``floor(span N)`` nearest samples, no robustness
iterations; :func:`tsdyn.ews.detrending.loess_smooth`) and ``"lowess"``
statsmodels' LOWESS (local linear, three robustness iterations), as in
ewstools, under every convention.

Under ``"earlywarnings"`` the Gaussian bandwidth is in units of the time
index, as R's ``ksmooth`` reads it (points when time steps by 1).

``z(0.75)`` is the upper quartile of the standard normal (0.6744897...), so
the kernel's quartiles sit at +/- 0.25 bandwidth as in R's ``ksmooth``;
ewstools rounds it to 0.675 and R to 0.3706506 = 0.25 / 0.6744897.

>>> get_convention("ewstools").ac
'pearson'
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

from tsdyn.errors import InputError, check_choice, window_points

__all__ = ["Convention", "CONVENTIONS", "get_convention"]

_Z75 = 0.6744897501960817  # standard normal upper quartile


@dataclass(frozen=True, kw_only=True)
class Convention:
    """How sizes are read and which estimator computes each indicator."""

    name: str
    sizes: str  # "typed", "ewstools", "percent"
    gauss_scale: float  # sigma = gauss_scale * bandwidth_points
    gauss_edge: str  # "reflect" or "renormalize"
    moments: str  # "adjusted" or "biased"
    abs_skew: bool
    ac: str  # "pearson" or "acf"
    ar1: str  # "ols" or "ar_ols"
    cv: str  # "raw_mean" or "window_mean"
    return_rate: str  # "log" or "inverse"
    density_low: float | None  # low frequency (cycles/sample); None: spec.ar's 0.5/(w-1)
    round_bandwidth: bool  # R rounds the bandwidth to whole points
    forward_difference: bool  # first differences x[i+1] - x[i] labelled at i (R's diff)
    bandwidth_in_time: bool  # a Gaussian bandwidth is in time units (R's ksmooth on the time index)
    min_points: int  # a window or bandwidth giving fewer points is refused
    arn_demean: bool  # AR(n) fits (arn_* indicators) remove the window mean first
    # what an argument left out means under this convention
    default_window: float
    default_detrend: str | None  # None: the function's own default
    default_bandwidth: float | None  # None: round(bw.nrd0(time index)), R's default
    default_span: float
    default_degree: int

    def window_points(self, value, n: int, *, what: str = "window") -> int:
        """Resolve a window size given by the user to a number of points."""
        points = self._points(value, n, what=what)
        if points != int(points):
            raise InputError(f"{what} must be a whole number of points, got {value!r}")
        return int(points)

    def bandwidth_points(self, value, n: int, *, what: str = "bandwidth") -> float:
        """Resolve a Gaussian bandwidth (or LOWESS span) to a (possibly fractional) number of points."""
        points = self._points(value, n, what=what, whole=False)
        return float(round(points)) if self.round_bandwidth else float(points)

    def _points(self, value, n: int, *, what: str, whole: bool = True) -> float:
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise InputError(f"{what} must be a number, got {value!r}")
        number = float(value)
        if self.sizes == "percent":
            if not 0 < number <= 100:
                raise InputError(
                    f"{what} is a percentage of the series length here; must be in (0, 100], got {value}"
                )
            points = n * number / 100 if not whole else round(n * number / 100)
            if round(points) < self.min_points:
                raise InputError(
                    f"{what}={value} % of a series of {n} samples gives {round(points)} points; "
                    f"needs at least {self.min_points}"
                )
            return points
        if self.sizes == "ewstools":
            if number <= 0:
                raise InputError(f"{what} must be > 0 (a fraction <= 1 or a number of points), got {value}")
            if number <= 1:
                return int(number * n) if whole else number * n
            # a number of points stays an int (the windowing reads it as such)
            return int(value) if isinstance(value, numbers.Integral) else number
        # tsdyn: the one rule of every engine (int = points, float in (0, 1) = fraction)
        return window_points(value, n, name=what, minimum=2 if whole else 1, whole=whole)


CONVENTIONS = {
    "tsdyn": Convention(
        name="tsdyn", sizes="typed", gauss_scale=0.25 / _Z75, gauss_edge="reflect", moments="adjusted",
        abs_skew=False, ac="pearson", ar1="ols", cv="raw_mean", return_rate="log", density_low=0.05,
        round_bandwidth=False, forward_difference=False, bandwidth_in_time=False, min_points=2, arn_demean=True,
        default_window=0.5, default_detrend=None, default_bandwidth=0.2, default_span=0.2, default_degree=2,
    ),
    "ewstools": Convention(
        name="ewstools", sizes="ewstools", gauss_scale=0.25 / 0.675, gauss_edge="reflect", moments="adjusted",
        abs_skew=False, ac="pearson", ar1="ols", cv="raw_mean", return_rate="log", density_low=0.05,
        round_bandwidth=False, forward_difference=False, bandwidth_in_time=False, min_points=2, arn_demean=True,
        default_window=0.5, default_detrend=None, default_bandwidth=0.2, default_span=0.2, default_degree=2,
    ),
    "earlywarnings": Convention(
        name="earlywarnings", sizes="percent", gauss_scale=0.3706506, gauss_edge="renormalize",
        moments="biased", abs_skew=True, ac="acf", ar1="ar_ols", cv="window_mean", return_rate="inverse",
        density_low=None, round_bandwidth=True, forward_difference=True, bandwidth_in_time=True, min_points=3, arn_demean=False,
        default_window=50, default_detrend="none", default_bandwidth=None, default_span=25, default_degree=2,
    ),
}  # fmt: skip


def get_convention(convention: str | Convention) -> Convention:
    """Return the ``Convention`` named ``convention`` ("tsdyn", "ewstools", "earlywarnings").

    A convention is the record of estimator choices tabulated in the module
    docstring (how a window is read, the kernel's scale, each estimator, the
    defaults of arguments left out).

    Parameters
    ----------
    convention : str or Convention
        A name from :data:`CONVENTIONS`, or a convention record (returned as is).

    Returns
    -------
    Convention
        The frozen record.

    See Also
    --------
    analyze : Takes ``convention=``.

    Examples
    --------
    >>> conv = get_convention("earlywarnings")
    >>> conv.name, conv.default_window, conv.moments
    ('earlywarnings', 50, 'biased')
    >>> get_convention(conv) is conv
    True
    """
    if isinstance(convention, Convention):
        return convention
    check_choice(convention, "convention", CONVENTIONS)
    return CONVENTIONS[convention]
