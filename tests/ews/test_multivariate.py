"""Multivariate early-warning indicators, checked against numpy, ewstools and known Jacobians."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ews._multivariate_kernels import _ANGLE_TOL, _VALUE_TOL
from tsdyn.ews.multivariate import analyze_multivariate, multivariate_rows, rolling_multivariate
from tsdyn.surrogates import multivariate_phase, surrogates

ALL = ("covariance_eigenvalue", "explained_variance", "mean_abs_correlation", "pc1_variance", "pc1_ac1")


def _var1(a: np.ndarray, n: int, seed: int) -> np.ndarray:
    """x_t = A x_{t-1} + e_t, shape (variable, time)."""
    rng = np.random.default_rng(seed)
    p = a.shape[0]
    x = np.zeros((n + 200, p))
    for t in range(1, n + 200):
        x[t] = a @ x[t - 1] + rng.standard_normal(p)
    return x[200:].T.copy()


def test_covariance_indicators_match_numpy_on_random_data():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 5)) @ rng.standard_normal((5, 300)) + 2.0
    w = 60
    out = multivariate_rows(x, window=w, indicators=ALL, step=7)
    ends = np.arange(w - 1, 300, 7)
    assert np.isnan(np.delete(out["covariance_eigenvalue"], ends)).all()
    for end in ends:
        win = x[:, end - w + 1 : end + 1]
        lam, vec = np.linalg.eigh(np.cov(win))
        r = np.corrcoef(win)
        y = vec[:, -1] @ win
        # the eigenvalue (and the PC1 variance, its Rayleigh quotient) within the stopping rule's bound
        np.testing.assert_allclose(out["covariance_eigenvalue"][end], lam[-1], rtol=_VALUE_TOL)
        np.testing.assert_allclose(out["pc1_variance"][end], lam[-1], rtol=_VALUE_TOL)
        np.testing.assert_allclose(out["explained_variance"][end], lam[-1] / lam.sum(), rtol=_VALUE_TOL)
        np.testing.assert_allclose(
            out["mean_abs_correlation"][end], np.abs(r[np.triu_indices(5, 1)]).mean(), rtol=1e-10
        )
        np.testing.assert_allclose(
            out["pc1_ac1"][end], np.corrcoef(y[:-1], y[1:])[0, 1], atol=_ac1_error_bound(win, vec[:, -1])
        )


def _ac1_error_bound(win: np.ndarray, v: np.ndarray) -> float:
    """How far the PC1 projection's AC1 may move when v turns by the stopping rule's angle bound.

    rho(v) = v'Av / sqrt(v'Bv v'Cv) (A: lag-1 cross-covariance, B and C: the
    covariances of the pairs' two ends) has a gradient on the unit sphere of
    norm at most 2 |A| / sqrt(bc) + |rho| (|B| / b + |C| / c); a unit vector
    within angle t of v is within 2 sin(t / 2) <= t of it. Twice that: the gap
    in the bound is estimated from the Ritz values.
    """
    first, second = win[:, :-1], win[:, 1:]
    n = first.shape[1]
    a = (first - first.mean(1, keepdims=True)) @ (second - second.mean(1, keepdims=True)).T / (n - 1)
    b, c = np.cov(first), np.cov(second)
    vb, vc = v @ b @ v, v @ c @ v
    rho = (v @ a @ v) / np.sqrt(vb * vc)
    norm = lambda m: np.linalg.norm(m, 2)  # noqa: E731
    gradient = 2 * norm(a) / np.sqrt(vb * vc) + abs(rho) * (norm(b) / vb + norm(c) / vc)
    return 2 * gradient * _ANGLE_TOL


def test_crowded_spectrum_within_the_stopping_rule():
    # white noise on 50 variables: the top eigenvalues of each window's covariance crowd together
    # (within 3 %), where the Lanczos iteration needs the most steps and its stopping rule is tested
    # hardest
    rng = np.random.default_rng(7)
    x = rng.standard_normal((50, 1800))
    w = 1500
    out = multivariate_rows(x, window=w, indicators=["covariance_eigenvalue", "pc1_ac1"])
    eig = multivariate_rows(x, window=w, indicators=["covariance_eigenvalue"])["covariance_eigenvalue"]
    for end in (1499, 1500, 1650, 1799):
        win = x[:, end - w + 1 : end + 1]
        lam, vec = np.linalg.eigh(np.cov(win))
        assert (lam[-1] - lam[-2]) / lam[-1] < 0.03  # crowded indeed
        np.testing.assert_allclose(eig[end], lam[-1], rtol=_VALUE_TOL)
        np.testing.assert_allclose(out["covariance_eigenvalue"][end], lam[-1], rtol=_VALUE_TOL)
        y = vec[:, -1] @ win
        np.testing.assert_allclose(
            out["pc1_ac1"][end], np.corrcoef(y[:-1], y[1:])[0, 1], atol=_ac1_error_bound(win, vec[:, -1])
        )


def test_largest_eigenvalue_many_variables_long_series():
    # the warm-started eigenvalue tracking and the periodic rebuild of the sums over 1e3 windows
    rng = np.random.default_rng(1)
    x = rng.standard_normal((30, 1200)) + 100.0
    out = multivariate_rows(x, window=150, indicators=["covariance_eigenvalue"])
    for end in (149, 700, 1011, 1199):
        lam = np.linalg.eigvalsh(np.cov(x[:, end - 149 : end + 1]))[-1]
        np.testing.assert_allclose(out["covariance_eigenvalue"][end], lam, rtol=_VALUE_TOL)


def test_series_pca_projects_on_one_fixed_direction():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 200)) + rng.standard_normal(200)
    out = multivariate_rows(x, window=40, indicators=["pc1_variance", "pc1_ac1"], pca="series")
    v = np.linalg.eigh(np.cov(x))[1][:, -1]
    y = v @ x
    for end in (39, 120, 199):
        win = y[end - 39 : end + 1]
        np.testing.assert_allclose(out["pc1_variance"][end], win.var(ddof=1), rtol=1e-10)
        np.testing.assert_allclose(out["pc1_ac1"][end], np.corrcoef(win[:-1], win[1:])[0, 1], rtol=1e-9)


def test_jacobian_eigenvalue_recovers_a_known_var1():
    a = np.array([[0.6, 0.3], [-0.2, 0.7]])
    x = _var1(a, 6000, seed=3)
    out = multivariate_rows(
        x, window=6000, indicators=["jacobian_eigenvalue", "dynamic_eigenvalue"], theta=0.0
    )
    truth = np.abs(np.linalg.eigvals(a)).max()
    assert abs(out["jacobian_eigenvalue"][-1] - truth) < 0.02
    assert abs(out["dynamic_eigenvalue"][-1] - truth) < 0.02


def test_smap_with_theta_zero_is_the_least_squares_var1_fit():
    x = _var1(np.array([[0.5, 0.2, 0.0], [0.1, 0.4, 0.1], [0.0, -0.3, 0.6]]), 300, seed=4)
    out = multivariate_rows(x, window=80, indicators=["dynamic_eigenvalue"], theta=0.0, step=50)
    for end in (79, 129, 279):
        win = x[:, end - 79 : end + 1]
        design = np.c_[np.ones(79), win[:, :-1].T]
        coef = np.linalg.lstsq(design, win[:, 1:].T, rcond=None)[0]
        expected = np.abs(np.linalg.eigvals(coef[1:].T)).max()
        np.testing.assert_allclose(out["dynamic_eigenvalue"][end], expected, rtol=1e-8)


@pytest.mark.peer
def test_jacobian_eigenvalue_matches_ewstools_eval_recon_rolling():
    ewstools = pytest.importorskip("ewstools")
    x = _var1(np.array([[0.5, 0.3], [-0.3, 0.6]]), 80, seed=5)
    df = pd.DataFrame(x.T, columns=["a", "b"], index=np.arange(80.0))
    peer = ewstools.core.eval_recon_rolling(df, roll_window=0.3, smooth="Gaussian", band_width=0.2)
    resid = peer[["a_r", "b_r"]].values.T
    w = int(np.floor(0.3 * 80))
    ours = multivariate_rows(resid, window=w, indicators=["jacobian_eigenvalue"])["jacobian_eigenvalue"]
    theirs = peer["Eigenvalues"].map(lambda ev: np.nan if np.ndim(ev) == 0 else np.abs(ev).max()).values
    np.testing.assert_allclose(ours[w - 1 :], theirs[w - 1 :], rtol=1e-10)


def test_multivariate_phase_keeps_cross_correlations_independent_phases_do_not():
    rng = np.random.default_rng(6)
    base = rng.standard_normal(512)
    x = np.stack([base + 0.3 * rng.standard_normal(512), np.roll(base, 3) + 0.3 * rng.standard_normal(512)])
    sur = multivariate_phase(x, n_surrogates=20, seed=7)
    spec = np.fft.rfft(x)
    for s in sur:
        s_spec = np.fft.rfft(s)
        np.testing.assert_allclose(np.abs(s_spec), np.abs(spec), rtol=1e-9, atol=1e-9)
        # every cross-spectrum kept: the circular cross-covariance at every lag
        np.testing.assert_allclose(s_spec[0] * np.conj(s_spec[1]), spec[0] * np.conj(spec[1]), atol=1e-8)
    lag3 = lambda s: np.corrcoef(s[0, :-3], s[1, 3:])[0, 1]  # noqa: E731
    assert min(lag3(s) for s in sur) > 0.8
    indep = np.stack([surrogates(x, n_surrogates=20, method="phase", seed=7)[:, i] for i in range(2)], axis=1)
    assert np.median([abs(lag3(s)) for s in indep]) < 0.3


def test_multivariate_phase_families_and_bad_input():
    df = pd.DataFrame(np.random.default_rng(0).standard_normal((64, 2)), columns=["u", "v"])
    out = multivariate_phase(df, n_surrogates=2, seed=0)
    assert out.columns.names == ["surrogate", "variable"] and out.shape == (64, 4)
    with pytest.raises(InputError, match="at least 2"):
        multivariate_phase(np.ones((1, 64)), seed=0)
    with pytest.raises(InputError, match="no 'variable' dimension"):
        multivariate_phase(np.arange(64.0), seed=0)


def test_coupled_system_ramped_to_a_hopf_raises_the_indicators():
    from tsdyn.ews.scenarios import system_scenario

    kwargs = {"system": "Brusselator", "ramp": {"b": (1.2, 2.0)}, "bifurcation": 2.0, "variable": None,
              "n_members": 2, "n_time": 300, "dt": 0.5, "noise": 0.02, "transient": 20.0, "seed": 1}  # fmt: skip
    alt = system_scenario(**kwargs)
    null = system_scenario(**kwargs, null=True)
    assert alt.dims == ("time", "variable", "member")
    names = ["covariance_eigenvalue", "jacobian_eigenvalue"]
    res = analyze_multivariate(alt, window=0.4, indicators=names, bandwidth=0.3)
    res0 = analyze_multivariate(null, window=0.4, indicators=names, bandwidth=0.3)
    assert res.data["jacobian_eigenvalue"].dims == ("member", "time")
    tau, tau0 = res.ktau["tau"], res0.ktau["tau"]
    assert (tau > 0.5).all(), tau
    assert (tau.values > tau0.values).all()


def test_analyze_multivariate_surrogate_pvalues():
    rng = np.random.default_rng(3)
    common = np.cumsum(rng.standard_normal(300)) * 0.0 + rng.standard_normal(300) * np.linspace(0.2, 2.0, 300)
    x = rng.standard_normal((3, 300)) + common
    res = analyze_multivariate(x, window=0.4, detrend="linear", n_surrogates=19, seed=0)
    assert list(res.ktau.columns) == ["tau", "pvalue"]
    assert res.ktau.loc["covariance_eigenvalue", "pvalue"] == pytest.approx(0.05)
    null = rng.standard_normal((3, 300))
    res0 = analyze_multivariate(null, window=0.4, detrend="linear", n_surrogates=19, seed=0)
    assert ((res0.ktau["pvalue"] > 0) & (res0.ktau["pvalue"] <= 1)).all()


def test_families():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 100))
    df = pd.DataFrame(x.T, columns=["u", "v"], index=np.arange(100) * 0.5)
    out = rolling_multivariate(df, window=30, indicators=["covariance_eigenvalue", "pc1_ac1"])
    assert list(out.columns) == ["covariance_eigenvalue", "pc1_ac1"] and out.index.equals(df.index)
    da = xr.DataArray(x[None], dims=("member", "variable", "time"))
    ds = rolling_multivariate(da, window=30, transition=80)
    assert ds["pc1_ac1"].dims == ("member", "time") and np.isnan(ds["pc1_ac1"][0, 81:]).all()
    tup = rolling_multivariate(x, window=30, indicators=["covariance_eigenvalue"])
    np.testing.assert_allclose(tup.covariance_eigenvalue, out["covariance_eigenvalue"].values)


@pytest.mark.parametrize(
    ("x", "kwargs", "match"),
    [
        (np.ones((1, 50)), {}, "at least 2"),
        (pd.DataFrame({"only": np.arange(50.0)}), {}, "1 variable along 'variable'.*at least 2"),
        (xr.DataArray(np.ones((1, 50)), dims=("variable", "time")), {}, "at least 2"),
        (np.arange(50.0), {}, "no 'variable' dimension"),
        (
            np.random.default_rng(0).standard_normal((2, 50)),
            {"indicators": ["variance"]},
            "unknown multivariate",
        ),
        (
            np.random.default_rng(0).standard_normal((4, 50)),
            {"window": 5, "indicators": "jacobian_eigenvalue"},
            "at least 7",
        ),
        (np.random.default_rng(0).standard_normal((2, 50)), {"pca": "global"}, "pca"),
    ],
)
def test_bad_input(x, kwargs, match):
    with pytest.raises(InputError, match=match):
        rolling_multivariate(x, **kwargs)


def test_multivariate_atlas_scores_the_covariance_eigenvalue_on_a_ramped_brusselator():
    from tsdyn.ews.atlas import MULTIVARIATE_SYSTEMS, multivariate_atlas

    atlas = multivariate_atlas(
        systems={"brusselator": MULTIVARIATE_SYSTEMS["brusselator_hopf"]},
        indicators=["covariance_eigenvalue", "mean_abs_correlation"],
        n_runs=5,
        n_time=200,
        seed=2,
    )
    assert atlas["statistic"].sizes == {"kind": 1, "run": 2, "member": 5, "indicator": 2}
    assert float(atlas["auc"].sel(kind="brusselator", indicator="covariance_eigenvalue")) > 0.8


def test_collinear_variables_are_refused_by_the_jacobian():
    x = np.random.default_rng(9).standard_normal((2, 60))
    x = np.vstack([x, x[0] + x[1]])  # the third variable adds nothing: C0 is singular
    with pytest.raises(InputError, match="singular"):
        multivariate_rows(x, window=30, indicators=["jacobian_eigenvalue"])
