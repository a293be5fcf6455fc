"""Rolling indicators against per-window formulas, pandas, R earlywarnings' formulas and AR(1) theory."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy import stats

from tsdyn.errors import InputError
from tsdyn.ews import rolling_indicators
from tsdyn.ews.conventions import get_convention
from tsdyn.ews.indicators import compute_indicators


def _windows(x, w):
    return np.lib.stride_tricks.sliding_window_view(x, w)


def _right_edge(values, n, w):
    out = np.full(n, np.nan)
    out[w - 1 :] = values
    return out


def _ar1(n, phi, sigma, seed):
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(n) * sigma
    x = np.empty(n)
    x[0] = e[0] / np.sqrt(1 - phi**2)
    for i in range(1, n):
        x[i] = phi * x[i - 1] + e[i]
    return x


def test_tsdyn_default_matches_scipy_per_window():
    x = np.random.default_rng(0).gamma(2.0, size=300)
    w = 77
    ind = rolling_indicators(
        x, window=w, indicators=["variance", "skewness", "kurtosis", "excess_kurtosis", "ar1"]
    )
    win = _windows(x, w)
    np.testing.assert_allclose(ind.variance, _right_edge(win.var(axis=1, ddof=1), 300, w), rtol=1e-12)
    np.testing.assert_allclose(
        ind.skewness, _right_edge(stats.skew(win, axis=1, bias=False), 300, w), rtol=1e-10
    )
    g2 = stats.kurtosis(win, axis=1, bias=False)
    np.testing.assert_allclose(ind.excess_kurtosis, _right_edge(g2, 300, w), rtol=1e-10)
    np.testing.assert_allclose(ind.kurtosis, _right_edge(g2 + 3, 300, w), rtol=1e-10)
    slope = [stats.linregress(v[:-1], v[1:]).slope for v in win]
    np.testing.assert_allclose(ind.ar1, _right_edge(np.array(slope), 300, w), rtol=1e-10)


def _r_formulas(v):
    """R earlywarnings' generic_ews indicators of one window, written from its formulas."""
    m = v.mean()
    d = v - m
    m2, m3, m4 = (d**2).mean(), (d**3).mean(), (d**4).mean()
    acf1 = np.sum(d[:-1] * d[1:]) / np.sum(d**2)  # acf(): window mean, denominator over all n
    ar1 = np.sum(d[:-1] * d[1:]) / np.sum(d[:-1] ** 2)  # ar.ols(demean=TRUE, intercept=FALSE)
    return {
        "std": v.std(ddof=1),
        "skewness": abs(m3 / m2**1.5),  # abs(moments::skewness)
        "kurtosis": m4 / m2**2,  # moments::kurtosis (normal = 3)
        "cv": v.std(ddof=1) / m,
        "ac1": acf1,
        "ar1": ar1,
        "return_rate": 1 / ar1,
    }


def test_earlywarnings_convention_matches_r_formulas():
    rng = np.random.default_rng(1)
    x = _ar1(200, 0.6, 1.0, 1) + 10 + rng.standard_normal(200) * 0.1
    names = ["std", "skewness", "kurtosis", "cv", "ac1", "ar1", "return_rate", "density_ratio"]
    ind = rolling_indicators(x, window=40, indicators=names, convention="earlywarnings")  # 40 % of 200
    w = 80
    win = _windows(x, w)
    ref = [_r_formulas(v) for v in win]
    for name in names[:-1]:
        np.testing.assert_allclose(getattr(ind, name), _right_edge(np.array([r[name] for r in ref]), 200, w),
                                   rtol=1e-10, err_msg=name)  # fmt: skip
    # spec.ar(window, n.freq = w, order = 1) of earlywarnings 1.1.29: Yule-Walker phi = acf1, the
    # spectrum at the second of w frequencies over [0, 0.5] over that at 0.5 (this test encoded
    # 1.0.59's 6th of n_windows frequencies before the comparison with the real package)
    r = np.array([d["ac1"] for d in ref])
    f = np.linspace(0, 0.5, w)[1]
    spec = 1 / (1 - 2 * r[:, None] * np.cos(2 * np.pi * np.array([f, 0.5])) + r[:, None] ** 2)
    np.testing.assert_allclose(ind.density_ratio, _right_edge(spec[:, 0] / spec[:, 1], 200, w), rtol=1e-10)


def test_earlywarnings_first_differences_are_labelled_as_r():
    # generic_ews: nsmY = diff(Y) (n - 1 values), window round(n p / 100), the value of windows
    # nsmY[i:(i + w - 1)] labelled timeindex[i + w - 1]: the window of d_k = x[k+1] - x[k],
    # k = i-w+1..i, sits at sample i (0-based), one step before the window's last raw sample
    x = _ar1(150, 0.5, 1.0, 3).cumsum()
    from tsdyn.ews import analyze

    res = analyze(x, window=40, detrend="first_difference", indicators=["ac1", "density_ratio", "std"],
                  convention="earlywarnings")  # fmt: skip
    w = 60
    d = np.diff(x)
    win = _windows(d, w)
    ref = [_r_formulas(v) for v in win]
    std = res.data["std"].values
    np.testing.assert_allclose(std[w - 1 : 149], [r["std"] for r in ref], rtol=1e-12)
    assert np.isnan(std[: w - 1]).all() and np.isnan(std[149])
    r = res.data.ac1.values
    f = np.linspace(0, 0.5, w)[1]
    expected = (1 + r) ** 2 / (1 - 2 * r * np.cos(2 * np.pi * f) + r**2)
    np.testing.assert_allclose(res.data.density_ratio.values, expected, rtol=1e-12)


def test_ar1_process_recovers_phi_and_variance():
    phi, sigma = 0.7, 0.5
    x = _ar1(40_000, phi, sigma, 2)
    ind = rolling_indicators(x, window=20_000, indicators=["ac1", "ar1", "variance", "return_rate"])
    assert np.nanmean(ind.ac1) == pytest.approx(phi, abs=0.02)
    assert np.nanmean(ind.ar1) == pytest.approx(phi, abs=0.02)
    assert np.nanmean(ind.variance) == pytest.approx(sigma**2 / (1 - phi**2), rel=0.05)
    assert np.nanmean(ind.return_rate) == pytest.approx(-np.log(phi), rel=0.06)


def test_center_matches_pandas():
    x = np.random.default_rng(3).standard_normal(50)
    for w in (10, 11):
        ours = rolling_indicators(x, window=w, indicators="variance", center=True)
        np.testing.assert_allclose(ours, pd.Series(x).rolling(w, center=True).var(), rtol=1e-12)


def test_moments_survive_a_spike_leaving_the_window():
    # a huge value enters and leaves: the O(1) update must not keep its round-off
    x = np.random.default_rng(4).standard_normal(3000)
    x[1000] = 1e8
    w = 100
    ind = rolling_indicators(x, window=w, indicators=["variance", "kurtosis"])
    win = _windows(x, w)
    np.testing.assert_allclose(ind.variance, _right_edge(win.var(axis=1, ddof=1), 3000, w), rtol=1e-9)
    ref = stats.kurtosis(win, axis=1, bias=False) + 3
    np.testing.assert_allclose(ind.kurtosis, _right_edge(ref, 3000, w), rtol=1e-8)


def test_many_series_same_as_one_at_a_time():
    a = np.random.default_rng(5).standard_normal((6, 120))
    conv = get_convention("tsdyn")
    names = ["variance", "ac2", "skewness"]
    together = compute_indicators(a, window=30, names=names, conv=conv, parallel=True)
    for r in range(6):
        alone = compute_indicators(a[r : r + 1], window=30, names=names, conv=conv)
        for n in names:
            np.testing.assert_array_equal(together[n][r], alone[n][0])


def test_xarray_keeps_dims_and_records_parameters():
    da = xr.DataArray(
        np.random.default_rng(6).standard_normal((2, 80)),
        dims=("member", "time"),
        coords={"time": np.arange(80) * 0.1, "member": ["a", "b"]},
    )
    ds = rolling_indicators(da, window=0.25, indicators=["variance", "ac1"])
    assert ds.variance.dims == ("member", "time")
    assert ds.attrs["window"] == 0.25 and ds.attrs["placement"] == "right edge"
    assert ds.ac1.attrs["long_name"] == "rolling lag-1 autocorrelation"


def test_pandas_in_pandas_out():
    s = pd.Series(
        np.random.default_rng(7).standard_normal(60), index=pd.date_range("2000", periods=60, freq="D")
    )
    df = rolling_indicators(s, window=20, indicators=["variance", "ac1"])
    assert isinstance(df, pd.DataFrame) and df.index.equals(s.index)
    np.testing.assert_allclose(df["variance"], s.rolling(20).var(), rtol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"window": 1.5}, r"window=1.5 is ambiguous: pass an int .* or a float in \(0, 1\)"),
        ({"window": 0.0}, r"float in \(0, 1\) for a fraction"),
        ({"window": 1.0}, r"window=1.0 is ambiguous"),
        ({"window": 500}, r"must lie in \(0, N\] with N = 100"),
        ({"window": 3, "indicators": ["kurtosis"]}, "too short for kurtosis"),
        ({"indicators": ["bogus"]}, "unknown indicator 'bogus'"),
        ({"indicators": []}, "indicators is empty"),
        ({"convention": "R"}, "convention must be one of"),
        ({"window": 120, "convention": "earlywarnings"}, r"percentage of the series length"),
    ],
)
def test_bad_parameters(kwargs, match):
    x = np.random.default_rng(8).standard_normal(100)
    with pytest.raises(InputError, match=match):
        rolling_indicators(x, **kwargs)


def test_series_too_short_for_window():
    with pytest.raises(InputError, match="too short for ac1"):
        rolling_indicators([1.0, 2.0], window=2, indicators=["ac1"])


# --- beyond critical slowing down: bimodality and the ordinal indicators -----------------


def test_ordinal_indicators_equal_the_ordinal_engine():
    from tsdyn.ews import analyze
    from tsdyn.ordinal.rolling import rolling_complexity_entropy, rolling_permutation_entropy

    x = np.cumsum(np.random.default_rng(5).standard_normal(240)) * 0.1 + np.random.default_rng(
        6
    ).standard_normal(240)
    names = ["permutation_entropy", "complexity", "bimodality"]
    res = analyze(x, window=60, detrend="gaussian", bandwidth=0.3, indicators=names, ordinal={"m": 4})
    resid = res.data["residuals"].values
    direct = rolling_complexity_entropy(resid, window=60, m=4)
    np.testing.assert_array_equal(res.data["permutation_entropy"].values, direct.entropy)
    np.testing.assert_array_equal(res.data["complexity"].values, direct.complexity)
    # entropy alone goes through rolling_permutation_entropy: same numbers
    alone = rolling_indicators(resid, window=60, indicators="permutation_entropy", ordinal={"m": 4})
    np.testing.assert_allclose(alone, rolling_permutation_entropy(resid, window=60, m=4), rtol=1e-12)
    np.testing.assert_allclose(alone, direct.entropy, rtol=1e-12, equal_nan=True)


def test_bimodality_indicator_matches_scipy_per_window():
    x = np.random.default_rng(7).standard_normal(150) ** 3
    bc = rolling_indicators(x, window=40, indicators="bimodality", convention="ewstools")
    g1 = [stats.skew(v, bias=False) for v in _windows(x, 40)]
    g2 = [stats.kurtosis(v, bias=False) for v in _windows(x, 40)]
    expected = (np.square(g1) + 1) / (np.array(g2) + 3 * 39**2 / (38 * 37))
    np.testing.assert_allclose(bc, _right_edge(expected, 150, 40), rtol=1e-8)


@pytest.mark.peer
def test_rolling_permutation_entropy_matches_ordpy():
    ordpy = pytest.importorskip("ordpy")
    x = np.random.default_rng(8).standard_normal(120)
    pe = rolling_indicators(x, window=50, indicators=["permutation_entropy", "complexity"])
    for end in (49, 80, 119):
        h, c = ordpy.complexity_entropy(x[end - 49 : end + 1], dx=3)
        assert pe.permutation_entropy[end] == pytest.approx(h, abs=1e-12)
        assert pe.complexity[end] == pytest.approx(c, abs=1e-12)


def test_ordinal_windows_with_nan_are_nan():
    from tsdyn.ordinal.rolling import rolling_permutation_entropy

    x = np.random.default_rng(9).standard_normal(100)
    # first differences leave the first residual NaN: the first full window holds it
    pe = rolling_indicators(x, window=30, indicators="permutation_entropy", detrend="first_difference")
    assert np.isnan(pe[:30]).all()
    np.testing.assert_allclose(pe[30:], rolling_permutation_entropy(np.diff(x), window=30)[29:], rtol=1e-12)


def test_new_indicators_in_the_vectorised_surrogate_path():
    from tsdyn.ews import EWSSpec, analyze, surrogate_significance
    from tsdyn.ews.trend import kendall_rows

    rng = np.random.default_rng(10)
    a = rng.standard_normal((3, 200)) * np.linspace(1, 2, 200)
    names = ("permutation_entropy", "complexity", "bimodality")
    spec = EWSSpec(window=50, detrend="none", indicators=names)
    taus = spec.taus(a)
    for r in range(3):
        ind = rolling_indicators(a[r], window=50, indicators=list(names))
        for name in names:
            expected = kendall_rows(np.asarray(getattr(ind, name))[None], lo=49)[0]
            assert taus[name][r] == pytest.approx(expected, abs=1e-12)
    res = analyze(a[0], window=50, detrend="none", indicators=list(names),
                  significance=surrogate_significance("ar1", n_surrogates=19, seed=1))  # fmt: skip
    p = res.ktau["pvalue"]
    assert ((p >= 1 / 20) & (p <= 1)).all()


def test_ordinal_options_bad_input():
    with pytest.raises(InputError, match="ordinal options"):
        rolling_indicators(np.arange(50.0), window=20, indicators="complexity", ordinal={"d": 3})
    with pytest.raises(InputError, match="too short"):
        rolling_indicators(np.arange(50.0), window=4, indicators="complexity", ordinal={"m": 5})
    with pytest.raises(InputError, match="m"):
        rolling_indicators(np.arange(50.0), window=20, indicators="complexity", ordinal={"m": 1})


def test_an_engine_registers_its_own_indicator():
    # one record, and analyze, rolling_indicators and the checks know it
    from tsdyn.ews import indicators as registry
    from tsdyn.ews import rolling_indicators
    from tsdyn.ews.indicators import Indicator, get_indicator, register_indicator

    def rolling_range(windows, name):
        from numpy.lib.stride_tricks import sliding_window_view

        out = np.full_like(windows.resid, np.nan)
        view = sliding_window_view(windows.resid, windows.window, axis=1)
        out[:, windows.window - 1 :] = view.max(axis=-1) - view.min(axis=-1)
        return out

    row = Indicator(
        name="range", long_name="rolling range", min_window=lambda options: 2, compute=rolling_range
    )
    register_indicator(row)
    try:
        assert get_indicator("range") is row
        x = np.arange(10.0) ** 2
        da = rolling_indicators(xr.DataArray(x, dims="time"), window=3, indicators=["range", "variance"])
        assert da["range"].attrs["long_name"] == "rolling range"
        np.testing.assert_allclose(da["range"].values[2:], x[2:] - x[:-2])
    finally:
        registry._REGISTRY.pop("range")
    with pytest.raises(InputError, match="unknown indicator 'range'.* or ac<k>"):
        get_indicator("range")


def test_specs_are_built_by_keyword():
    from tsdyn.ews import EWSSpec
    from tsdyn.ews.conventions import Convention

    with pytest.raises(TypeError):
        EWSSpec(0.5, "none")
    with pytest.raises(TypeError):
        Convention("mine", "typed")
