"""R earlywarnings' whole-series methods against the real package (stored fixtures).

ch_ews, livpotential_ews, movpotential_ews and ddjnonparam_ews are closed
form (least squares, R's binned FFT density, kernel sums): 1e-10. The BDS
statistic on given residuals is integer pair counts and a formula: 1e-10.
The ARMA and GARCH filters are numerical optimisers (R's ``arima`` and
tseries' PORT routine vs statsmodels and L-BFGS-B): their coefficients and
the BDS statistics of their residuals match to the optimisers' tolerance,
stated per check.
"""

import contextlib

import numpy as np
import pytest
import xarray as xr

import tsdyn.ews
from tests.ews._r_fixtures import series, table
from tsdyn.errors import InputError
from tsdyn.ews import (
    bds_statistic,
    bw_nrd,
    conditional_heteroskedasticity,
    ddj_nonparametric,
    moving_potential,
    potential_analysis,
)
from tsdyn.ews.bds import arma_residuals, bds_test, garch_residuals

GENERIC = table("generic_ews.csv")
CH = table("ch_ews.csv")


@pytest.mark.parametrize(
    ("name", "config", "kwargs"),
    [
        ("fold", "default", {"window": 0.1}),
        ("fold", "lags2", {"window": 0.1, "order": 2}),
        ("fold", "w20", {"window": 0.2}),
        ("flicker", "default", {"window": 0.1}),
        ("flicker", "lags2", {"window": 0.1, "order": 2}),
    ],
)
def test_ch_ews(name, config, kwargs):
    ref = CH[(CH.series == name) & (CH.config == config)]
    ds = conditional_heteroskedasticity(series(name), **kwargs).sel(time=ref.time.to_numpy())
    np.testing.assert_array_equal(ds.ar_order.values, ref["ar.fit.order"].to_numpy())
    # R solves the normal equations of AR fits with up to 9 lags on 20 points (condition numbers
    # ~1e8 squared): in a few windows its own round-off reaches ~1e-8. Every window within 1e-7,
    # at least 95 % of them within 1e-10.
    got, want = ds.r_squared.values, ref["r.squared"].to_numpy()
    np.testing.assert_allclose(got, want, rtol=1e-7)
    assert np.mean(np.abs(got - want) <= 1e-10 * np.abs(want)) >= 0.95
    np.testing.assert_allclose(ds.critical_value.values, ref["critical.value"].to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(ds.significant.values, ref["test.result"].to_numpy())


DDJ = table("ddjnonparam_ews.csv")


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("fold", {"log_transform": True}), ("flicker", {"bandwidth": 0.4, "n_levels": 100})],
)
def test_ddjnonparam_ews(name, kwargs):
    res = ddj_nonparametric(series(name), **kwargs)
    ref = DDJ[DDJ.series == name]
    a, t = ref[ref.part == "a"], ref[ref.part == "t"]
    np.testing.assert_allclose(res.by_level.level.values, a.x.to_numpy(), rtol=1e-13, atol=1e-15)
    pairs = {
        "S2": "conditional_variance",
        "TotVar": "total_variance",
        "Diff2": "diffusion",
        "Lamda": "jump_intensity",
    }
    for r_name, name_here in pairs.items():
        np.testing.assert_allclose(
            res.by_level[name_here].values, a[r_name].to_numpy(), rtol=1e-10, atol=1e-15
        )
        np.testing.assert_allclose(
            res.by_time[name_here].values, t[r_name].to_numpy(), rtol=1e-10, atol=1e-15
        )


LIV = table("livpotential_ews.csv")
OPT = table("livpotential_optima.csv")


@pytest.mark.parametrize("name", ["flicker", "fold"])
@pytest.mark.parametrize(
    ("config", "kwargs"), [("default", {}), ("grid50_th0.5", {"grid_size": 50, "detection_threshold": 0.5})]
)
def test_livpotential_ews(name, config, kwargs):
    res = potential_analysis(series(name), **kwargs)
    ref = LIV[(LIV.series == name) & (LIV.config == config)]
    assert res.bandwidth == pytest.approx(ref.bw.iloc[0], rel=1e-14)
    # a pandas series in, a DataFrame indexed by level out
    np.testing.assert_allclose(res.data.index.to_numpy(), ref.grid.to_numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(res.data.density.to_numpy(), ref.density.to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(res.data.potential.to_numpy(), ref.pot.to_numpy(), rtol=1e-10)
    opt = OPT[(OPT.series == name) & (OPT.config == config)]
    np.testing.assert_array_equal(res.well_index + 1, np.sort(opt[opt.kind == "max"]["index"].to_numpy()))
    np.testing.assert_array_equal(res.barrier_index + 1, np.sort(opt[opt.kind == "min"]["index"].to_numpy()))


def test_movpotential_ews():
    ref = table("movpotential_ews.csv").sort_values(["row", "col"])
    ds = moving_potential(series("flicker"), grid_size=30)
    shape = (30, 30)
    np.testing.assert_allclose(ds.param.values, ref.par.to_numpy().reshape(shape)[:, 0], rtol=1e-13)
    np.testing.assert_allclose(ds.level.values, ref.xi.to_numpy().reshape(shape)[0], rtol=1e-13, atol=1e-15)
    # the FFT convolution's round-off is absolute (~1e-17 of the peak density) in R and numpy alike:
    # the density matches absolutely, the potential -log(density) where the density is not round-off
    pot, want = ds.potential.values, ref.pot.to_numpy().reshape(shape)
    np.testing.assert_allclose(np.exp(-2 * pot), np.exp(-2 * want), rtol=0, atol=1e-13)
    body = np.exp(-2 * want) > 1e-6 * np.exp(-2 * want).max()
    np.testing.assert_allclose(pot[body], want[body], rtol=1e-10)
    np.testing.assert_array_equal(ds.well.values, ref["max"].to_numpy().reshape(shape) == 1)
    np.testing.assert_array_equal(ds.barrier.values, ref["min"].to_numpy().reshape(shape) == 1)


def test_two_wells_are_found():
    rng = np.random.default_rng(5)
    x = np.concatenate([rng.normal(-1.5, 0.3, 800), rng.normal(1.5, 0.3, 800)])
    res = potential_analysis(x)
    assert res.n_wells == 2 and res.barrier_index.size == 1
    assert res.wells[0] == pytest.approx(-1.5, abs=0.15) and res.wells[1] == pytest.approx(1.5, abs=0.15)


def test_potential_answers_in_the_input_family():
    x = series("flicker")
    frame = potential_analysis(x).data
    plain = potential_analysis(x.to_numpy()).data
    labelled = potential_analysis(xr.DataArray(x.to_numpy(), dims="time")).data
    assert type(plain).__name__ == "Result" and plain._fields == ("level", "potential", "density")
    assert isinstance(labelled, xr.Dataset) and labelled.potential.dims == ("level",)
    assert labelled.attrs["bandwidth"] == frame.attrs["bandwidth"] > 0
    for got in (plain.level, labelled.level.values):
        np.testing.assert_array_equal(got, frame.index.to_numpy())
    for name in ("potential", "density"):
        np.testing.assert_array_equal(getattr(plain, name), frame[name].to_numpy())
        np.testing.assert_array_equal(labelled[name].values, frame[name].to_numpy())


@pytest.mark.parametrize("function", [potential_analysis, moving_potential])
@pytest.mark.parametrize(
    ("values", "match"),
    [
        ([1.0, 2.0] * 20, "x has 2 distinct value"),
        ([3.0] * 20, "x has 1 distinct value"),
        ([0.0] * 30 + [1.0, 2.0], "interquartile range is 0"),
    ],
)
def test_potential_needs_distinct_values(function, values, match):
    with pytest.raises(InputError, match=match):
        function(np.array(values))


@pytest.mark.parametrize(
    ("x", "match"),
    [
        (np.ones((2, 50)), r"one series along 'time'; it has extra dims \['dim_0'\]"),
        (
            np.r_[np.ones(10), np.nan, np.arange(10.0)],
            "1 NaN or infinite values \\(first at time index 10\\)",
        ),
        ([1.0, 2.0], "2 samples along 'time'; needs at least 3"),
    ],
)
def test_potential_refuses_what_is_not_one_finite_series(x, match):
    with pytest.raises(InputError, match=match):
        potential_analysis(x)
    if np.size(x) > 2:
        with pytest.raises(InputError, match=match):
            moving_potential(xr.DataArray(np.atleast_2d(x), dims=("dim_0", "time")))


def test_bw_nrd_refuses_nan():
    with pytest.raises(InputError, match="first at time index 2"):
        bw_nrd([1.0, 2.0, np.inf, 4.0])


BDS = table("bdstest_ews.csv")
FITS = table("bdstest_fits.csv")


@pytest.mark.parametrize("name", ["fold", "ar1"])
def test_bds_statistic_on_given_residuals(name):
    x = series(name).to_numpy()
    given = table(f"bds_residuals_{name}.csv")
    residuals = {"first_diff": np.diff(x), "arma": given.arma.to_numpy(), "garch": given.garch.to_numpy()[1:]}
    for label, resid in residuals.items():
        ref = BDS[(BDS.series == name) & (BDS.residuals == label)]
        eps = ref.eps.to_numpy()[:3]
        stat = bds_statistic(resid, m=3, eps=eps)
        np.testing.assert_allclose(stat.ravel(), ref.statistic.to_numpy(), rtol=1e-10, err_msg=label)


@pytest.mark.parametrize("name", ["fold", "ar1"])
def test_bds_filters_match_r_to_optimiser_tolerance(name):
    x = series(name).to_numpy()
    given = table(f"bds_residuals_{name}.csv")
    fits = FITS[FITS.series == name].set_index(["model", "term"]).value
    arma, params = arma_residuals(x, (1, 0))
    # R's arima (CSS then BFGS on the exact likelihood) and statsmodels' state-space MLE stop
    # at the same optimum within their tolerances: 1e-4 relative on the coefficients
    assert params["ar.L1"] == pytest.approx(fits["arma", "ar1"], rel=1e-4)
    assert params["const"] == pytest.approx(fits["arma", "intercept"], rel=1e-4)
    np.testing.assert_allclose(arma, given.arma.to_numpy(), rtol=1e-3, atol=1e-3 * np.std(arma))
    garch, coef = garch_residuals(x, (0, 1))
    # tseries' PORT optimiser vs L-BFGS-B on the same likelihood: 1e-3 relative
    np.testing.assert_allclose(coef, [fits["garch", "a0"], fits["garch", "a1"]], rtol=1e-3)
    np.testing.assert_allclose(garch[1:], given.garch.to_numpy()[1:], rtol=1e-3)
    ds = bds_test(series(name), n_boot=0)
    ref = BDS[(BDS.series == name) & (BDS.residuals == "first_diff")].statistic.to_numpy()
    np.testing.assert_allclose(ds.statistic.sel(residuals="first_difference").values.ravel(), ref, rtol=1e-10)
    # on the filtered residuals the statistic counts pairs closer than eps: a residual that the
    # optimisers' 1e-5 difference moves across eps changes a count, so these agree to a few %
    for label in ("arma", "garch"):
        ref = BDS[(BDS.series == name) & (BDS.residuals == label)].statistic.to_numpy()
        np.testing.assert_allclose(
            ds.statistic.sel(residuals=label).values.ravel(), ref, rtol=0.05, atol=0.05
        )


def test_bds_detects_dependence_and_accepts_noise():
    rng = np.random.default_rng(1)
    noise = rng.standard_normal(400)
    assert (np.abs(bds_statistic(noise, m=3, eps=[0.7, 1.0])) < 3).all()
    x = np.empty(400)
    x[0] = 0.3
    for i in range(1, 400):  # a chaotic logistic map: white spectrum, strongly dependent
        x[i] = 3.99 * x[i - 1] * (1 - x[i - 1])
    assert (bds_statistic(x, m=3, eps=[0.1, 0.2]) > 10).all()


def test_whole_series_methods_take_one_series():
    with pytest.raises(InputError, match="one series"):
        ddj_nonparametric(np.random.default_rng(0).standard_normal((2, 50)))
    with pytest.raises(InputError, match="NaN"):
        conditional_heteroskedasticity(np.r_[np.arange(30.0), np.nan])


@pytest.mark.parametrize("module", ["ddj", "potential", "heteroskedasticity", "bds", "qda"])
def test_new_modules_are_exported(module):
    import importlib

    mod = importlib.import_module(f"tsdyn.ews.{module}")
    for name in mod.__all__:
        assert getattr(tsdyn.ews, name) is getattr(mod, name)


SUR = table("surrogates_ews.csv")


def _one_blas_thread():
    # statsmodels' ARMA fits call BLAS thousands of times; OpenBLAS' second thread waits for a
    # core, so beside one busy core (another xdist worker) the 25 fits took 99 s instead of 6
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


@pytest.mark.slow
@pytest.mark.peer  # the ARMA(<=4, <=4) search of the surrogate model: 25 statsmodels fits, about 6 s
def test_surrogates_ews_in_distribution():
    # surrogates_ews(fold, indicator, winsize = 50, boots = 200): best-AIC ARMA(<=4, <=4)
    # surrogates of the series. The observed tau is closed form; the surrogate taus are random:
    # the two samples of 200 must look like one distribution (two-sample KS test)
    from scipy import stats

    from tsdyn.ews import trend_test

    with _one_blas_thread():
        res = trend_test(series("fold").to_numpy(), method="arma", pmax=4, qmax=4, convention="earlywarnings",
                             indicators=["std", "ac1"], n_surrogates=200, seed=1)  # fmt: skip
    for k, r_name in enumerate(["sd", "acf1"]):
        ref = SUR[SUR.indicator == r_name]
        assert res.tau[k] == pytest.approx(ref.tau_original.iloc[0], abs=1e-12)
        assert stats.ks_2samp(res.tau_null[k], ref.tau_surrogate).pvalue > 0.01
        assert res.p_value[k] == pytest.approx(ref.p.iloc[0], abs=0.1)


def test_quick_detection_writes_a_dashboard(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from tsdyn.ews import quick_detection

    path = tmp_path / "qda.png"
    rep = quick_detection(series("fold"), indicators=["std", "ac1"], n_surrogates=19, method="ar1", seed=2,
                          grid_size=20, path=path)  # fmt: skip
    assert path.stat().st_size > 10_000
    # the report's parts are the functions' own results
    ref = GENERIC[(GENERIC.series == "fold") & (GENERIC.config == "default")]
    np.testing.assert_allclose(
        rep.analysis.data["std"].sel(time=ref.timeindex.to_numpy()), ref.sd, rtol=1e-10
    )
    assert rep.potential.potential.shape == (20, 20)
    assert set(rep.null) == {"std", "ac1"} and rep.null["std"].shape == (19,)
    assert ((rep.analysis.ktau.pvalue > 0) & (rep.analysis.ktau.pvalue <= 1)).all()


def test_quick_detection_parts_match_qda_ews(tmp_path):
    # qda_ews(fold, grid.size = 20) as R returns it: its indicator table (generic_ews' ar1 and
    # sd at R's defaults) and its moving potential; the surrogate panel is random and only
    # plotted, matched in distribution by test_surrogates_ews_in_distribution. qda_ews takes
    # detection.threshold = 0.002, but movpotential_ews never passes its detection.threshold on
    # to livpotential_ews, so R's wells and barriers are found at livpotential's default 1:
    # quick_detection's default
    import matplotlib

    matplotlib.use("Agg")
    from tsdyn.ews import quick_detection

    ind = table("qda_ews_indicators.csv")
    rep = quick_detection(series("fold"), indicators=["ar1", "std"], n_surrogates=9, method="ar1", seed=0,
                          grid_size=20)  # fmt: skip
    got = rep.analysis.data.sel(time=ind.timeindex.to_numpy())
    np.testing.assert_allclose(got["ar1"].values, ind.ar1.to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(got["std"].values, ind.sd.to_numpy(), rtol=1e-10)
    ref = table("qda_ews_potential.csv").sort_values(["row", "col"])
    shape = (20, 20)
    ds = rep.potential
    np.testing.assert_allclose(ds.param.values, ref.par.to_numpy().reshape(shape)[:, 0], rtol=1e-13)
    np.testing.assert_allclose(ds.level.values, ref.xi.to_numpy().reshape(shape)[0], rtol=1e-13, atol=1e-15)
    pot, want = ds.potential.values, ref.pot.to_numpy().reshape(shape)
    body = np.exp(-2 * want) > 1e-6 * np.exp(-2 * want).max()  # as test_movpotential_ews: not round-off
    np.testing.assert_allclose(pot[body], want[body], rtol=1e-10)
    r_wells = ref["max"].to_numpy().reshape(shape) == 1
    r_barriers = ref["min"].to_numpy().reshape(shape) == 1
    np.testing.assert_array_equal(ds.well.values, r_wells)
    np.testing.assert_array_equal(ds.barrier.values, r_barriers)
