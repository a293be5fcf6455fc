import numpy as np
import pandas as pd
import pytest
import xarray as xr
from click.testing import CliRunner

import tsdyn
from tsdyn.cli import main
from tsdyn.errors import InputError, IntegrationError
from tsdyn.forecast import datasets
from tsdyn.forecast.datasets import Recipe, build, cache_path, content_hash, load

# Small recipes keep the suite fast; the shapes and the logic are those of the full benchmark.
SMALL = {"n_train": 60, "n_test": 40, "transient_periods": 5.0}


@pytest.fixture(scope="module")
def lorenz():
    return build(Recipe("Lorenz", granularity="coarse", **SMALL))


def test_build_layout_and_recipe_attrs(lorenz):
    da = lorenz["trajectory"]
    assert da.dims == ("split", "noise", "time", "variable")
    assert list(da.split.values) == ["train", "test"] and list(da.noise.values) == [0.0, 0.05, 0.2]
    assert da.sizes["time"] == 60 and bool(np.isfinite(da).all())
    a = lorenz.attrs
    assert a["system"] == "Lorenz" and a["granularity"] == "coarse" and a["pts_per_period"] == 15
    assert (
        a["param_rho"] == 28.0
        and a["tsdyn_version"] == tsdyn.__version__
        and a["seed"] == datasets.DEFAULT_SEED
    )
    # sampling: 15 points per dominant period, time counted from the end of the transient
    period = tsdyn.systems.get("Lorenz").period
    np.testing.assert_allclose(np.diff(da.time.values), period / 15, rtol=1e-12)
    assert da.time.values[0] == 0.0 and a["dt"] == pytest.approx(period / 15)
    assert a["sha256"] == content_hash(lorenz)


def test_splits_start_at_different_points_of_the_attractor(lorenz):
    clean = lorenz["trajectory"].sel(noise=0.0)
    train, test = clean.sel(split="train").values, clean.sel(split="test").values
    assert np.linalg.norm(train[0] - test[0]) > 1.0
    assert not np.allclose(lorenz.attrs["ic_train"], lorenz.attrs["ic_test"])
    # on the attractor: Lorenz's z stays positive and x, y within the known bounds (|x| < 25)
    assert (clean.sel(variable="x2") > 0).all() and (abs(clean.sel(variable="x0")) < 25).all()


def test_clean_layer_is_the_system_integrated_from_the_recorded_start(lorenz):
    system = tsdyn.systems.get("Lorenz")
    ref = system.integrate(n=60, pts_per_period=15, ic=lorenz.attrs["ic_test"], transient=5.0 * system.period)
    np.testing.assert_array_equal(lorenz["trajectory"].sel(split="test", noise=0.0).values, ref.values)


def test_observation_noise_has_the_stated_level():
    ds = build(Recipe("Rossler", granularity="coarse", n_train=800, n_test=800, transient_periods=2.0,
                      noise=(0.0, 0.1)))  # fmt: skip
    da = ds["trajectory"]
    clean = da.sel(noise=0.0)
    resid = da.sel(noise=0.1) - clean
    ratio = resid.std("time") / (0.1 * clean.std("time"))
    # 800 Gaussian draws: the sample std is within 10 % of the truth far beyond 5 sigma (sigma ~ 2.5 %)
    assert bool(((ratio > 0.9) & (ratio < 1.1)).all())
    assert abs(float(resid.mean())) < 0.05 * float(clean.std())


def test_rebuild_is_bit_identical(lorenz):
    again = build(Recipe("Lorenz", granularity="coarse", **SMALL))
    xr.testing.assert_identical(again["trajectory"], lorenz["trajectory"])
    assert again.attrs["sha256"] == lorenz.attrs["sha256"]
    other = build(Recipe("Lorenz", granularity="coarse", seed=1, **SMALL))
    assert other.attrs["sha256"] != lorenz.attrs["sha256"]


def test_load_builds_once_then_reads_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TSDYN_CACHE", str(tmp_path))
    assert datasets.default_cache_dir() == tmp_path
    x = load("Lorenz", split="test", granularity="fine", **SMALL)
    path = cache_path(Recipe("Lorenz", granularity="fine", **SMALL))
    assert path.parent.parent == tmp_path and path.exists()
    assert x.dims == ("time", "variable") and x.sizes["time"] == 40
    assert x.attrs["split"] == "test" and x.attrs["noise"] == 0.0 and x.attrs["pts_per_period"] == 100
    stamp = path.stat().st_mtime_ns
    again = load("Lorenz", split="test", granularity="fine", **SMALL)
    assert path.stat().st_mtime_ns == stamp  # read, not rebuilt
    xr.testing.assert_identical(again, x)
    assert again.attrs["sha256"] == content_hash(x)
    uni = load("Lorenz", split="train", granularity="fine", univariate=True, noise=0.2, **SMALL)
    assert uni.dims == ("time",) and uni.attrs["univariate_variable"] == "x0" and uni.sizes["time"] == 60


def test_damaged_cache_file_is_rebuilt(tmp_path):
    x = load("Lorenz", granularity="coarse", cache_dir=tmp_path, **SMALL)
    path = cache_path(Recipe("Lorenz", granularity="coarse", **SMALL), tmp_path)
    with xr.open_dataset(path, engine="h5netcdf") as f:
        bad = f.load()
    bad["trajectory"][0, 0, 0, 0] = 0.0
    bad.to_netcdf(path, engine="h5netcdf")
    xr.testing.assert_identical(load("Lorenz", granularity="coarse", cache_dir=tmp_path, **SMALL), x)


def test_cache_file_from_another_period_is_rebuilt(tmp_path):
    # a file made when the catalog gave the system another period (as MackeyGlass's dysts
    # period was) has an intact checksum and the same recipe key, but other data
    x = load("Lorenz", granularity="coarse", cache_dir=tmp_path, **SMALL)
    path = cache_path(Recipe("Lorenz", granularity="coarse", **SMALL), tmp_path)
    with xr.open_dataset(path, engine="h5netcdf") as f:
        old = f.load()
    old.attrs["period"] = 2 * old.attrs["period"]
    old.to_netcdf(path, engine="h5netcdf")
    stamp = path.stat().st_mtime_ns
    xr.testing.assert_identical(load("Lorenz", granularity="coarse", cache_dir=tmp_path, **SMALL), x)
    assert path.stat().st_mtime_ns != stamp  # rebuilt, not served


def test_univariate_coordinate_skips_unbounded_phases():
    ds = build(Recipe("ForcedVanDerPol", granularity="coarse", n_train=20, n_test=20, transient_periods=1.0))
    system = tsdyn.systems.get("ForcedVanDerPol")
    assert ds.attrs["univariate_variable"] not in [system.variables[i] for i in system.unbounded]
    assert ds.attrs["unbounded_variables"] == ",".join(system.variables[i] for i in system.unbounded)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: Recipe("Lorenz", granularity="medium"), "granularity must be one of"),
        (lambda: Recipe("Lorenz", n_train=1), "n_train must be an integer >= 2"),
        (lambda: Recipe("Lorenz", noise=(0.0, -0.1)), "noise must list distinct non-negative"),
        (lambda: Recipe("Lorenz", transient_periods=-1.0), "transient_periods must be"),
        (lambda: load("Lorenz", split="validation"), "split must be one of"),
        (lambda: load("Lorenz", noise=0.3), "noise=0.3 is not one of"),
        (lambda: build(Recipe("Lorenzz", **SMALL)), "no system named 'Lorenzz'"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_cli_builds_resumes_and_reports_failures(tmp_path, monkeypatch):
    runner = CliRunner()
    args = ["generate", "benchmark", "--out", str(tmp_path), "--systems", "Lorenz,Rossler", "--granularity",
            "coarse", "--n-train", "30", "--n-test", "20", "--noise", "0", "--noise", "0.1", "--no-progress"]  # fmt: skip
    res = runner.invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "2 built, 0 kept, 0 failed" in res.output
    table = pd.read_parquet(tmp_path / "benchmark.parquet")
    assert list(table.columns) == ["system", "granularity", "split", "noise", "time", "variable", "value"]
    # 2 systems x 3 variables x 2 noise levels x (30 train + 20 test samples)
    assert len(table) == 2 * 3 * 2 * 50
    with xr.open_dataset(tmp_path / "netcdf" / "Lorenz__coarse.nc", engine="h5netcdf") as f:
        nc = f.load()
    first = table.query("system == 'Lorenz' and split == 'train' and noise == 0.1 and variable == 'x1'")
    np.testing.assert_array_equal(
        first.value.values, nc["trajectory"].sel(split="train", noise=0.1, variable="x1")
    )
    res = runner.invoke(main, args)
    assert res.exit_code == 0 and "0 built, 2 kept" in res.output
    # an unknown name is a usage error before any work (issue 13, problem 18)
    res = runner.invoke(main, [*args[:5], "Lorenz,Nope", *args[6:]])
    assert res.exit_code == 2 and "Nope" in res.output
    # a system that fails while building is recorded, the others go on, and the exit status is 1
    real_build = datasets.build

    def build_or_fail(recipe):
        if recipe.system == "Henon":
            raise IntegrationError("Henon: the orbit left |x| <= 1e+10")
        return real_build(recipe)

    monkeypatch.setattr(datasets, "build", build_or_fail)
    res = runner.invoke(main, [*args[:5], "Lorenz,Henon", *args[6:]])
    assert res.exit_code == 1 and "FAILED Henon (coarse)" in res.output
    manifest = pd.read_csv(tmp_path / "manifest.csv")
    assert list(manifest.status) == ["kept", "failed"]


def test_cli_rejects_bad_options_as_usage_errors(tmp_path):
    res = CliRunner().invoke(main, ["generate", "benchmark", "--out", "x", "--granularity", "medium"])
    assert res.exit_code == 2
    res = CliRunner().invoke(
        main, ["generate", "benchmark", "--out", str(tmp_path), "--noise", "0.1", "--noise", "0.1"]
    )
    assert res.exit_code == 2 and "noise must list distinct" in res.output
    assert not any(tmp_path.iterdir())  # nothing was built


@pytest.fixture
def henon_map():
    """A map registered for the test only (the catalog's maps are another branch's work)."""
    from tsdyn.systems.base import registry

    def step(y, p, out):
        out[0] = 1.0 - p[0] * y[0] * y[0] + y[1]
        out[1] = p[1] * y[0]

    name = "TestHenonForecast"
    tsdyn.systems.define(
        step, kind="map", params={"a": 1.4, "b": 0.3}, ic=[0.1, 0.1], name=name, register=True
    )
    yield name
    registry().pop(name)


def test_maps_are_sampled_every_iteration(henon_map):
    ds = build(Recipe(henon_map, granularity="coarse", n_train=30, n_test=30, transient_periods=10.0))
    da = ds["trajectory"].sel(noise=0.0)
    np.testing.assert_array_equal(da.time.values, np.arange(30.0))
    assert ds.attrs["kind"] == "map" and ds.attrs["pts_per_period"] == "none"
    # every sample follows from the previous one by the Henon map (exact iteration)
    x, y = da.sel(split="test", variable="x0").values, da.sel(split="test", variable="x1").values
    np.testing.assert_allclose(x[1:], 1 - 1.4 * x[:-1] ** 2 + y[:-1], rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(y[1:], 0.3 * x[:-1], rtol=1e-13)
    # on the attractor after the 100-iteration transient: inside the Henon attractor's box
    assert bool((abs(da.sel(variable="x0")) < 1.3).all())
    fine = build(Recipe(henon_map, granularity="fine", n_train=30, n_test=30, transient_periods=10.0))
    np.testing.assert_array_equal(fine["trajectory"].values, ds["trajectory"].values)


def test_tasks_feed_the_runner(tmp_path):
    from tsdyn.forecast.baselines import naive
    from tsdyn.forecast.evaluate import evaluate

    ts = datasets.tasks(
        ["Lorenz"], granularity="coarse", univariate=True, context=30, cache_dir=tmp_path, **SMALL
    )
    task = ts["Lorenz"]
    assert task.train.dims == ("time",) and task.context == 30 and task.variable_dim is None
    xr.testing.assert_identical(task.test, load("Lorenz", split="test", granularity="coarse", univariate=True,
                                                cache_dir=tmp_path, **SMALL))  # fmt: skip
    table = evaluate({"naive": naive}, ts)
    mse = table.query("metric == 'mse'").value.iloc[0]
    test = task.test.values
    assert mse == pytest.approx(np.mean((test[30:] - test[29]) ** 2))
