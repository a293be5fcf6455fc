"""convention="earlywarnings" against the real R earlywarnings 1.1.29 (stored fixtures).

tools/earlywarnings_refs.R ran ``generic_ews`` on four series (earlywarnings'
own fold and circulation data, an AR(1) null and a flickering double well) for
every detrending, several windows and bandwidths and the defaults, and stored
its indicator tables and Kendall taus. Everything here is closed form, so it
must match to 1e-10. R's loess fits default to ``surface = "interpolate"``
(local fits at k-d tree vertices joined by cubic Hermite pieces), which
``detrend="loess"`` reproduces; fixtures made with ``surface = "direct"`` are
matched through ``loess_smooth(surface="direct")``.
"""

import numpy as np
import pandas as pd
import pytest

from tests.ews._r_fixtures import series, table
from tsdyn.errors import InputError
from tsdyn.ews import analyze, detrend, loess_smooth, rolling_indicators

NAMES = {"ar1": "ar1", "sd": "std", "sk": "skewness", "kurt": "kurtosis", "cv": "cv",
         "returnrate": "return_rate", "densratio": "density_ratio", "acf1": "ac1"}  # fmt: skip
CONFIGS = {
    "default": {},
    "w25": {"window": 25},
    "gaussian": {"detrend": "gaussian"},
    "gaussian_bw10": {"detrend": "gaussian", "bandwidth": 10},
    "gaussian_bw5_w30": {"detrend": "gaussian", "bandwidth": 5, "window": 30},
    "loess": {"detrend": "loess"},
    "linear": {"detrend": "linear"},
    "first_diff": {"detrend": "first_difference"},
}
GENERIC = table("generic_ews.csv")
KTAU = table("generic_ews_ktau.csv")
CASES = [
    (s, c) for s, c in GENERIC[["series", "config"]].drop_duplicates().itertuples(index=False) if c in CONFIGS
]


@pytest.mark.parametrize(("name", "config"), CASES)
def test_generic_ews_matches_r(name, config):
    x = series(name)
    ref = GENERIC[(GENERIC.series == name) & (GENERIC.config == config)]
    res = analyze(x, convention="earlywarnings", indicators=list(NAMES.values()), **CONFIGS[config])
    got = res.data.sel(time=ref.timeindex.to_numpy())
    for r_name, name_here in NAMES.items():
        if r_name in ("cv", "returnrate"):
            continue
        np.testing.assert_allclose(got[name_here].values, ref[r_name].to_numpy(), rtol=1e-10, atol=1e-12,
                                   err_msg=f"{name} {config} {r_name}")  # fmt: skip
    # cv = sd / window mean, and a window mean of residuals is a near-cancelling sum: its round-off
    # is absolute (a few ulps of the series), so compare the mean sd / cv, not cv itself
    np.testing.assert_allclose(got["std"].values / got["cv"].values, ref.sd.to_numpy() / ref.cv.to_numpy(),
                               rtol=1e-10, atol=1e-13 * np.abs(x.to_numpy()).max())  # fmt: skip
    # return rate = 1 / ar1, and ar1 crosses 0 in some windows: compare ar1 = 1 / return rate
    np.testing.assert_allclose(
        1 / got["return_rate"].values, 1 / ref.returnrate.to_numpy(), rtol=1e-10, atol=1e-12
    )
    # nothing outside R's rows: the windows before the first full one (and after the last diff) are NaN
    rest = res.data["std"].drop_sel(time=ref.timeindex.to_numpy())
    assert np.isnan(rest.values).all()
    taus = KTAU[(KTAU.series == name) & (KTAU.config == config)].set_index("indicator").tau
    for r_name, name_here in NAMES.items():
        assert res.ktau.loc[name_here, "tau"] == pytest.approx(taus[r_name], abs=1e-12), r_name


DIRECT = {"loess_direct": (0.25, 2), "loess_span50_deg1_direct": (0.5, 1)}


@pytest.mark.parametrize(
    ("name", "config"), [(s, c) for s, c in GENERIC[["series", "config"]].drop_duplicates().itertuples(index=False)
                         if c in DIRECT],
)  # fmt: skip
def test_generic_ews_with_direct_loess_matches_r(name, config):
    # generic_ews with loess(surface = "direct"): the indicators of the exact local fits' residuals
    x = series(name)
    span, degree = DIRECT[config]
    resid = (
        x - loess_smooth(x.to_numpy()[None, :], span=span, degree=degree, time=x.index, surface="direct")[0]
    )
    ref = GENERIC[(GENERIC.series == name) & (GENERIC.config == config)]
    ind = rolling_indicators(resid, window=50, indicators=["ar1", "std", "kurtosis", "ac1", "density_ratio"],
                             convention="earlywarnings").loc[ref.timeindex.to_numpy()]  # fmt: skip
    for r_name in ("ar1", "sd", "kurt", "acf1", "densratio"):
        np.testing.assert_allclose(
            ind[NAMES[r_name]].values, ref[r_name].to_numpy(), rtol=1e-10, err_msg=r_name
        )


def test_defaults_are_generic_ews_defaults():
    # analyze(x, convention="earlywarnings") with no other argument is generic_ews(x):
    # winsize 50 %, detrending "no"; ar1 and sd are the default indicators
    x = series("fold")
    ref = GENERIC[(GENERIC.series == "fold") & (GENERIC.config == "default")]
    res = analyze(x, convention="earlywarnings")
    assert res.spec.detrend == "none" and res.spec.window == 50
    got = res.data.sel(time=ref.timeindex.to_numpy())
    np.testing.assert_allclose(got["variance"].values, ref.sd.to_numpy() ** 2, rtol=1e-10)
    np.testing.assert_allclose(got["ac1"].values, ref.acf1.to_numpy(), rtol=1e-10)


def test_gaussian_default_bandwidth_is_bw_nrd0():
    trends = table("trends_fold.csv")
    out = detrend(series("fold"), method="gaussian", convention="earlywarnings")
    np.testing.assert_allclose(out.trend.to_numpy(), trends.ksmooth_bw.to_numpy(), rtol=1e-12, atol=1e-14)
    out = detrend(series("fold"), method="gaussian", bandwidth=5, convention="earlywarnings")  # 10 points
    np.testing.assert_allclose(out.trend.to_numpy(), trends.ksmooth_bw10.to_numpy(), rtol=1e-12, atol=1e-14)


def test_loess_is_r_loess():
    trends = table("trends_fold.csv")
    x = series("fold")
    # R's default surface: fits at k-d tree vertices joined by cubic Hermite pieces
    interpolated = detrend(x, method="loess", convention="earlywarnings").trend.to_numpy()
    np.testing.assert_allclose(interpolated, trends.loess_interpolate.to_numpy(), rtol=1e-10)
    row = x.to_numpy()[None, :]
    direct = loess_smooth(row, span=0.25, time=x.index, surface="direct")[0]
    np.testing.assert_allclose(direct, trends.loess_direct.to_numpy(), rtol=1e-10)
    deg1 = loess_smooth(row, span=0.6, degree=1, time=x.index, surface="direct")[0]
    np.testing.assert_allclose(deg1, trends.loess_direct_deg1_span60.to_numpy(), rtol=1e-10)
    # the interpolation is an approximation: 1.6 % of the trend's range off the exact fit here
    scale = np.ptp(direct)
    assert 1e-3 * scale < np.abs(direct - interpolated).max() < 0.02 * scale
    # LOWESS (robust, local linear) is another smoother, kept as its own method
    lowess = detrend(x, method="lowess", span=25, convention="earlywarnings").trend.to_numpy()
    assert np.abs(lowess - direct).max() > 1e-6 * scale


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"window": 1}, r"gives 2 points; needs at least 3"),
        ({"detrend": "gaussian", "bandwidth": 0.5}, r"gives 1 points; needs at least 3"),
        ({"detrend": "loess", "span": 1}, r"loess of degree 2 needs at least 4"),
        ({"detrend": "loess", "degree": 3}, r"degree must be 0, 1 or 2"),
    ],
)
def test_sizes_below_three_points_are_refused(kwargs, match):
    with pytest.raises(InputError, match=match):
        analyze(series("fold"), convention="earlywarnings", **kwargs)


def test_default_bandwidth_of_a_short_series_is_refused():
    # bw.nrd0 of 1..5 rounds to 1 point: a Gaussian "trend" that is the series itself
    with pytest.raises(InputError, match="default bandwidth"):
        detrend(np.arange(5.0) ** 2, method="gaussian", convention="earlywarnings")


def test_other_conventions_keep_their_defaults():
    x = pd.Series(np.random.default_rng(0).standard_normal(100))
    res = analyze(x)
    assert (res.spec.window, res.spec.detrend, res.spec.bandwidth) == (0.5, "gaussian", 0.2)


SENS = table("sensitivity_ews.csv")
SENS_NAMES = {"ar1": "ar1", "sd": "std", "acf1": "ac1", "kurt": "kurtosis", "cv": "cv"}


def test_sensitivity_ews_matches_r():
    # sensitivity_ews(fold, detrending = "gaussian"): windows 50..150 by 25 points, ksmooth
    # bandwidths 10..190 by 20 points; under the convention both are percentages of N = 200
    x = series("fold")
    n = len(x)
    ref = SENS[SENS.detrending == "gaussian"]
    windows = sorted(ref.winsize.unique())
    bandwidths = sorted(ref.bandwidth.unique())
    from tsdyn.ews import sensitivity_grid

    grid = sensitivity_grid(x, windows=[100 * w / n for w in windows], bandwidths=[100 * b / n for b in bandwidths],
                            indicators=list(SENS_NAMES.values()), convention="earlywarnings")  # fmt: skip
    for r_name, name in SENS_NAMES.items():
        want = ref[ref.indicator == r_name].pivot(index="winsize", columns="bandwidth", values="tau")
        got = grid.sel(indicator=name).values
        np.testing.assert_allclose(got, want.to_numpy(), rtol=1e-12, atol=1e-14, err_msg=r_name)
    # sensitivity_ews' return rate is 1 - acf1 (generic_ews': 1 / ar1): its tau is -tau(acf1)
    want = ref[ref.indicator == "returnrate"].pivot(index="winsize", columns="bandwidth", values="tau")
    np.testing.assert_allclose(-grid.sel(indicator="ac1").values, want.to_numpy(), rtol=1e-12, atol=1e-14)
    # (its skewness is signed where generic_ews takes the absolute value: not compared)
    no = SENS[SENS.detrending == "no"]
    flat = sensitivity_grid(x, windows=[100 * w / n for w in sorted(no.bandwidth.unique())], bandwidths=[10],
                            detrend="none", indicators=["ar1", "std"], convention="earlywarnings")  # fmt: skip
    np.testing.assert_allclose(flat.sel(indicator="ar1").values[:, 0], no[no.indicator == "ar1"].tau.to_numpy(),
                               rtol=1e-12)  # fmt: skip


ARN = table("generic_ews_arn.csv")
ARN_CONFIGS = {
    "default": {},
    "gaussian": {"detrend": "gaussian"},
    "w25_first_diff": {"window": 25, "detrend": "first_difference"},
    "w30_linear": {"window": 30, "detrend": "linear"},
}
ARN_NAMES = {"order": "arn_order", "b1": "arn_b1", "maxroot": "arn_max_root", "detB": "arn_det"}


@pytest.mark.parametrize(
    ("name", "config"), list(ARN[["series", "config"]].drop_duplicates().itertuples(index=False))
)
def test_generic_ews_ar_n_matches_r(name, config):
    # generic_ews(AR_n = TRUE) only plots its AR(n) estimators; the fixture traced them out of R.
    # ar.ols is closed form (least squares per order, AIC choice), so the orders are equal and
    # the rest matches to 1e-10
    ref = ARN[(ARN.series == name) & (ARN.config == config)]
    res = analyze(series(name), convention="earlywarnings", indicators=list(ARN_NAMES.values()),
                  **ARN_CONFIGS[config])  # fmt: skip
    got = res.data.sel(time=ref.timeindex.to_numpy())
    np.testing.assert_array_equal(got["arn_order"].values, ref.order.to_numpy())
    fitted = ref.order.to_numpy() > 0
    for r_name in ("b1", "maxroot", "detB"):
        np.testing.assert_allclose(got[ARN_NAMES[r_name]].values[fitted], ref[r_name].to_numpy()[fitted],
                                   rtol=1e-10, err_msg=r_name)  # fmt: skip
    # an order-0 fit has no roots: R reports the empty max (-Inf) and product (1); tsdyn the limit 0
    if not fitted.all():
        assert (ref.maxroot[~fitted] == -np.inf).all() and (ref.detB[~fitted] == 1).all()
        assert np.isnan(got["arn_b1"].values[~fitted]).all() and np.isnan(ref.b1[~fitted]).all()
        assert (got["arn_max_root"].values[~fitted] == 0).all() and (
            got["arn_det"].values[~fitted] == 0
        ).all()


def test_ar_n_tsdyn_convention_demeans_each_window():
    # tsdyn's convention fits the demeaned window: a constant offset changes nothing (R's does)
    x = series("ar1").to_numpy()
    names = list(ARN_NAMES.values())
    a = rolling_indicators(x, window=60, indicators=names)
    b = rolling_indicators(x + 5.0, window=60, indicators=names)
    for name in names:
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-9, atol=1e-12, equal_nan=True)
    r = rolling_indicators(x + 5.0, window=60, indicators=["arn_b1"], convention="earlywarnings")
    assert np.nanmax(np.abs(r - a.arn_b1)) > 0.1
