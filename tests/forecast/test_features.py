import math

import numpy as np
import pandas as pd
import pytest

from tsdyn.errors import InputError
from tsdyn.forecast import features as features_module
from tsdyn.forecast.datasets import Recipe, build
from tsdyn.forecast.features import NOTES, catalog_features, catalog_invariants, cluster_systems
from tsdyn.surrogates import match_ends

# Small but long enough for a verdict (600 patterns at d = 5); the logic is that of the full feature_table.
SMALL = {"n": 1500, "n_surrogates": 19, "stand_in_periods": 50.0}
SUBSET = ["Lorenz", "Rossler", "Henon", "Logistic"]


@pytest.fixture(scope="module")
def feature_table():
    return catalog_features(SUBSET, **SMALL)


def test_one_row_per_system_with_every_column(feature_table):
    assert feature_table["system"].tolist() == SUBSET
    assert feature_table["kind"].tolist() == ["flow", "flow", "map", "map"]
    assert feature_table["dimension"].tolist() == [3, 3, 2, 1]
    for col in NOTES:
        assert col in feature_table.columns


def test_every_nan_is_explained(feature_table):
    for col, note in NOTES.items():
        missing = feature_table[col].isna()
        assert (feature_table.loc[missing, note].str.len() > 0).all(), (
            col,
            feature_table.loc[missing, ["system", note]],
        )


def test_maps_have_no_period_flows_the_catalog_one(feature_table):
    maps = feature_table[feature_table["kind"] == "map"]
    assert maps["period"].isna().all()
    assert (maps["period_note"] == "not applicable: a map has no dominant period").all()
    assert (maps["sampling"] == "every iteration").all()
    lorenz = feature_table.set_index("system").loc["Lorenz"]
    assert lorenz["period"] == 1.5008 and lorenz["period_note"] == ""
    assert lorenz["sampling"] == "100 points per dominant period"


def test_largest_lyapunov_exponent_matches_published_values(feature_table):
    # Sprott, "Chaos and Time-Series Analysis" (2003), table of exponents: Henon (1.4, 0.3) 0.419,
    # Lorenz (10, 28, 8/3) 0.9056, Rossler (0.2, 0.2, 5.7) 0.0714; the logistic map at r = 3.9
    # from its definition, the orbit average of ln |f'(x)| = ln |r (1 - 2 x)|.
    x, logs = 0.51, []
    for i in range(60_000):
        x = 3.9 * x * (1 - x)
        if i >= 1000:
            logs.append(math.log(abs(3.9 * (1 - 2 * x))))
    lam = feature_table.set_index("system")["lyapunov_max"]
    assert lam["Henon"] == pytest.approx(0.419, abs=0.01)
    assert lam["Lorenz"] == pytest.approx(0.9056, rel=0.1)
    assert lam["Rossler"] == pytest.approx(0.0714, abs=0.015)
    assert lam["Logistic"] == pytest.approx(np.mean(logs), abs=0.01)
    per = feature_table.set_index("system")["lyapunov_per_period"]
    assert per["Lorenz"] == pytest.approx(lam["Lorenz"] * 1.5008)
    assert per["Henon"] == lam["Henon"]


def test_chaotic_systems_are_classified_chaotic(feature_table):
    # all four are chaotic at their catalog parameters (positive exponent above); Rossler's ordinal
    # signature is weak (entropy ~0.02 below its surrogates) and 15 periods may not make it significant
    labels = feature_table.set_index("system")["label"]
    assert (labels[["Lorenz", "Henon", "Logistic"]] == "chaotic").all(), feature_table[
        ["system", "label_reason"]
    ]
    assert labels["Rossler"] in ("chaotic", "undetermined")
    assert feature_table.set_index("system").loc["Rossler", "entropy_z"] < 0
    assert (feature_table["ordinal_note"] == "").all()


@pytest.mark.peer
def test_entropy_and_complexity_match_ordpy_on_the_same_series(feature_table):
    ordpy = pytest.importorskip("ordpy")
    for name in ("Rossler", "Henon"):
        row = feature_table.set_index("system").loc[name]
        ds = build(Recipe(name, granularity="fine", n_train=SMALL["n"], n_test=2, noise=(0.0,)))
        x = ds["trajectory"].sel(split="train", noise=0.0, variable=row["variable"]).values
        # classify computes H and C on the segment whose ends match best
        start, stop = match_ends(x)
        h, c = ordpy.complexity_entropy(x[start:stop], dx=5, taux=int(row["tau"]))
        assert row["entropy"] == pytest.approx(h, abs=1e-12)
        assert row["complexity"] == pytest.approx(c, abs=1e-12)


def test_delay_follows_peccary_timescale_criterion(feature_table):
    # pattern timescale (d - 1) tau = 0.4 natural timescale, rounded, at least 1
    expected = np.maximum(1, np.round(0.4 * feature_table["natural_timescale"] / 4))
    assert feature_table["tau"].tolist() == expected.tolist()


def test_catalog_invariants_note_what_they_lack():
    import tsdyn.systems as ts

    inv = catalog_invariants(ts.get("Lorenz"))
    assert inv["period"] == 1.5008 and inv["period_note"] == ""
    for key in ("lyapunov_max", "kaplan_yorke", "correlation_dimension"):
        assert math.isnan(inv[key]) == bool(inv[NOTES[key]])


def test_systems_the_catalog_lacks_are_pending_or_get_a_stand_in_exponent(monkeypatch):
    from tsdyn.systems import System

    monkeypatch.setattr(System, "invariants", property(lambda self: None))
    pending = catalog_features(["Henon"], n=1000, n_surrogates=19, stand_in_lyapunov=False).iloc[0]
    for key in ("lyapunov_max", "lyapunov_per_period", "kaplan_yorke", "correlation_dimension"):
        assert math.isnan(pending[key]) and pending[NOTES[key]] == "pending catalog invariants"
    stand_in = catalog_features(["Henon"], n=1000, n_surrogates=19).iloc[0]
    assert stand_in["lyapunov_max"] == pytest.approx(0.419, abs=0.01)  # Sprott (2003)
    assert stand_in["lyapunov_note"].startswith("stand-in: tsdyn.systems.lyapunov_spectrum")
    assert stand_in["kaplan_yorke_note"] == "pending catalog invariants"


def test_integration_failure_becomes_a_note(monkeypatch):
    from tsdyn.forecast import datasets

    def broken(recipe):
        raise RuntimeError("orbit diverged")

    monkeypatch.setattr(datasets, "build", broken)
    table = catalog_features(["Henon"], stand_in_lyapunov=False)
    assert table.loc[0, "ordinal_note"] == "integration failed: RuntimeError: orbit diverged"
    assert table[["entropy", "complexity", "tau"]].isna().all(axis=None)
    assert pd.isna(table.loc[0, "label"])


def test_unforeseen_failure_still_gives_an_explained_row(monkeypatch):
    def broken(name, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(features_module, "_row", broken)
    table = catalog_features(["Henon"])
    assert table.loc[0, "system"] == "Henon"
    for note in set(NOTES.values()):
        assert table.loc[0, note] == "failed: ZeroDivisionError: boom"


def test_bad_input():
    with pytest.raises(InputError, match="'Nope' is not in the catalog"):
        catalog_features(["Nope"])
    with pytest.raises(InputError, match="is a sde; the catalog features cover flows and maps"):
        import tsdyn.systems as ts

        catalog_features([ts.list(kind="sde")[0]])
    with pytest.raises(InputError, match="granularity"):
        catalog_features(["Henon"], granularity="medium")
    with pytest.raises(InputError, match="jobs"):
        catalog_features(["Henon"], jobs=0)


def test_clustering_standardizes_and_fills_missing_with_the_median():
    table = pd.DataFrame(
        {
            "a": [0.0, 0.0, 10.0, np.nan],
            "b": [1.0, 1.0, 1.0, 1.0],  # constant: carries no distance
            "c": [np.nan] * 4,  # nobody has it: dropped
        }
    )
    z, used = cluster_systems(table, features=["a", "b", "c"], method="single")
    assert used == ["a", "b"]
    # a standardized: values 0, 0, 10, median 0 -> mean 2.5, sd = sqrt(18.75); rows 0, 1, 3 coincide
    sd = math.sqrt(((np.array([0, 0, 10, 0]) - 2.5) ** 2).mean())
    assert z[:, 2].tolist() == pytest.approx([0.0, 0.0, 10 / sd])
    with pytest.raises(InputError, match=r"features \['zz'\] are not columns"):
        cluster_systems(table, features=["zz"])
    with pytest.raises(InputError, match="at least two systems"):
        cluster_systems(table.iloc[:1], features=["a"])
    with pytest.raises(InputError, match="no system has any"):
        cluster_systems(table, features=["c"])


def test_figures_render_headless(feature_table, tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tsdyn.plot import plot_catalog_clusters, plot_catalog_plane

    ax = plot_catalog_plane(feature_table, annotate=True)
    # two bounding curves, one scatter per kind, and a colour bar for the exponent
    assert len(ax.lines) == 2 and len(ax.collections) == 2
    assert len(ax.figure.axes) == 2
    ax.figure.savefig(tmp_path / "plane.png")
    plt.close(ax.figure)
    ax = plot_catalog_clusters(feature_table)
    labels = {t.get_text(): t.get_color() for t in ax.get_yticklabels()}
    assert set(labels) == set(SUBSET)
    assert labels["Henon"] == "tab:blue" and labels["Lorenz"] == "k"
    ax.figure.savefig(tmp_path / "clusters.png")
    plt.close(ax.figure)
    assert (tmp_path / "plane.png").stat().st_size > 0 and (tmp_path / "clusters.png").stat().st_size > 0
    with pytest.raises(InputError, match="lacks the columns"):
        plot_catalog_plane(feature_table.drop(columns="entropy"))
    with pytest.raises(InputError, match="lacks the column 'kind'"):
        plot_catalog_clusters(feature_table.drop(columns="kind"))


def test_catalog_invariants_take_the_catalog_reasons():
    from types import SimpleNamespace

    flow = SimpleNamespace(
        kind="flow",
        period=2.0,
        invariants={
            "dominant_period": 1.9,
            "lyapunov_max": None,
            "correlation_dimension": 2.05,
            "not_applicable": {},
            "failed": {"lyapunov": "IntegrationError: the orbit left |x| <= 1e12"},
        },
    )
    inv = catalog_invariants(flow)
    assert (inv["period"], inv["dominant_period"], inv["correlation_dimension"]) == (2.0, 1.9, 2.05)
    assert inv["dominant_period_note"] == inv["correlation_dimension_note"] == ""
    for key in ("lyapunov_max", "kaplan_yorke"):
        assert math.isnan(inv[key])
        assert (
            inv[NOTES[key]]
            == "failed in the catalog's invariants: IntegrationError: the orbit left |x| <= 1e12"
        )
    map_like = SimpleNamespace(
        kind="map", period=None, invariants={"not_applicable": {"dominant_period": "maps have discrete time"}}
    )
    inv = catalog_invariants(map_like)
    assert inv["dominant_period_note"] == "not applicable: maps have discrete time"
    assert inv["correlation_dimension_note"] == "the catalog's invariants hold no value"
    pending = catalog_invariants(SimpleNamespace(kind="flow", period=1.0, invariants=None))
    assert pending["lyapunov_note"] == "pending catalog invariants"


def test_update_invariants_keeps_the_ordinal_columns(feature_table):
    from tsdyn.forecast.features import update_invariants

    stale = feature_table.drop(columns=["dominant_period", "kaplan_yorke"]).assign(lyapunov_max=-1.0)
    fresh = update_invariants(stale, stand_in_periods=SMALL["stand_in_periods"])
    pd.testing.assert_frame_equal(fresh, feature_table)
    with pytest.raises(InputError, match="lacks the column 'system'"):
        update_invariants(feature_table.drop(columns="system"))
