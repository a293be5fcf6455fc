"""Bimodality coefficient (tsdyn.ews.indicators) against scipy's adjusted moments; a small atlas, LR ROC on the fold."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from tsdyn.errors import InputError
from tsdyn.ews import rolling_indicators
from tsdyn.ews.atlas import atlas_table, indicator_atlas
from tsdyn.ews.indicators import bimodality_coefficient


def bc_reference(v):
    n = v.size
    g1 = stats.skew(v, bias=False)
    g2 = stats.kurtosis(v, bias=False)
    return (g1**2 + 1) / (g2 + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))


def test_bimodality_of_known_distributions():
    # population values: normal 1/3, uniform 5/9, two equal point masses 1
    assert bimodality_coefficient(0.0, 0.0, 10**9) == pytest.approx(1 / 3)
    assert bimodality_coefficient(0.0, -1.2, 10**9) == pytest.approx(5 / 9)
    assert bimodality_coefficient(0.0, -2.0, 10**9) == pytest.approx(1.0)


def test_rolling_bimodality_matches_scipy_windows():
    rng = np.random.default_rng(0)
    x = np.r_[rng.standard_normal(60), rng.choice([-2.0, 2.0], 60) + 0.3 * rng.standard_normal(60)]
    s = pd.Series(x, index=np.arange(120) * 0.5)
    bc = rolling_indicators(s, window=40, indicators="bimodality")
    assert isinstance(bc, pd.Series) and bc.index.equals(s.index)
    assert np.isnan(bc.iloc[:39]).all()
    expected = [bc_reference(x[i - 39 : i + 1]) for i in range(39, 120)]
    np.testing.assert_allclose(bc.iloc[39:], expected, rtol=1e-8)


def test_small_atlas_and_likelihood_ratio_roc_on_the_fold():
    atlas = indicator_atlas(
        kinds=["fold", "flicker"],
        indicators=["variance", "ac1", "bimodality", "permutation_entropy"],
        n_runs=12,
        n_time=300,
        seed=3,
    )
    assert atlas["auc"].dims == ("kind", "indicator")
    names = ["variance", "ac1", "bimodality", "permutation_entropy", "likelihood_ratio"]
    assert list(atlas.indicator.values) == names
    assert atlas["statistic"].sizes == {"kind": 2, "run": 2, "member": 12, "indicator": 5}
    assert np.isfinite(atlas["statistic"]).all()
    auc = atlas["auc"].sel(kind="fold")
    assert auc.sel(indicator="likelihood_ratio") > 0.8
    assert auc.sel(indicator="variance") > 0.8
    # flickering with a fixed well shape: no slowing down in ac1, the jumps show in variance
    assert atlas["auc"].sel(kind="flicker", indicator="variance") > 0.8
    table = atlas_table(atlas)
    assert list(table.columns) == ["fold", "flicker"] and table.shape == (5, 2)


def test_bad_input():
    with pytest.raises(InputError, match="n_runs"):
        indicator_atlas(n_runs=1)
    with pytest.raises(InputError, match="buffer"):
        indicator_atlas(buffer=-1.0)
    with pytest.raises(InputError, match="window"):
        rolling_indicators(np.arange(10.0), window=20, indicators="bimodality")


def test_atlas_with_a_real_system_ramp():
    sl = {
        "system": "StuartLandau",
        "ramp": {"mu": (-1.0, 0.25)},
        "bifurcation": 0.0,
        "dt": 0.5,
        "transient": 10.0,
    }
    atlas = indicator_atlas(kinds=[], systems={"stuart_landau": sl}, indicators=["variance", "ac1"], n_runs=6,
                            n_time=300, likelihood=False, seed=2)  # fmt: skip
    assert list(atlas.kind.values) == ["stuart_landau"]
    # the Hopf point at mu = 0: slowing down shows in both (test_scenarios checks the taus)
    assert (atlas["auc"] > 0.8).all()
    with pytest.raises(InputError, match="already a scenario"):
        indicator_atlas(kinds=["fold"], systems={"fold": sl})
    with pytest.raises(InputError, match="atlas sets them"):
        indicator_atlas(kinds=[], systems={"x": {**sl, "n_time": 10}})


def test_entropy_dfa_and_windowed_rqa_are_scored_and_other_engines_can_join():
    from tsdyn.ews.atlas import default_indicators, register_atlas_indicator

    scored = ["sample_entropy", "dfa", "recurrence_rate", "determinism", "laminarity", "trapping_time"]
    assert set(scored) <= set(default_indicators())
    atlas = indicator_atlas(kinds=["fold"], indicators=scored, n_runs=4, n_time=240, likelihood=False, seed=1)
    assert np.isfinite(atlas["statistic"]).all()
    with pytest.raises(InputError, match="unknown indicator"):
        register_atlas_indicator("no_such_indicator")


def test_located_catalog_systems_are_scored():
    from tsdyn.ews.atlas import LOCATED_SYSTEMS

    assert len(LOCATED_SYSTEMS) >= 5  # issue 18: five catalog systems located, then scored
    chosen = {k: LOCATED_SYSTEMS[k] for k in ("StuartLandau", "Selkov")}
    atlas = indicator_atlas(kinds=[], systems=chosen, indicators=["variance"], n_runs=4, n_time=200,
                            likelihood=False, seed=0)  # fmt: skip
    # the ramps end at the located Hopf points (mu = 0; Sel'kov's b from its closed form)
    assert (atlas["auc"] > 0.8).all()
