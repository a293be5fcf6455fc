"""The benchmark subset shipped in datasets/benchmark/: rebuilds identically, and the runner works on it."""

import functools
import platform
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.forecast.baselines import analogues, naive
from tsdyn.forecast.datasets import Recipe, build, content_hash
from tsdyn.forecast.evaluate import Task, evaluate

SUBSET = Path(__file__).resolve().parents[2] / "datasets" / "benchmark"
pytestmark = pytest.mark.skipif(not SUBSET.exists(), reason="the shipped subset is not in this checkout")


def _open(name):
    with xr.open_dataset(SUBSET / "netcdf" / name, engine="h5netcdf") as f:
        return f.load()


def test_manifest_lists_ten_systems_at_two_granularities():
    manifest = pd.read_csv(SUBSET / "manifest.csv")
    assert len(manifest) == 20 and set(manifest.granularity) == {"coarse", "fine"}
    assert (manifest.status != "failed").all()
    for path in manifest.path:
        ds = _open(Path(path).name)
        assert ds.attrs["sha256"] == content_hash(ds)


def test_rebuild_gives_the_shipped_arrays():
    shipped = _open("Lorenz__coarse.nc")
    a = shipped.attrs
    recipe = Recipe(
        a["system"], granularity=a["granularity"], n_train=int(a["n_train"]), n_test=int(a["n_test"]),
        transient_periods=float(a["transient_periods"]), noise=tuple(np.atleast_1d(a["noise_levels"])),
        seed=int(a["seed"]),
    )  # fmt: skip
    assert recipe.key() == a["recipe_key"]
    rebuilt = build(recipe)
    if a["machine"] == platform.machine():
        assert rebuilt.attrs["sha256"] == a["sha256"]  # bit-identical on the same machine type
    else:
        # other machine types: equal to rounding over the first few Lyapunov times
        np.testing.assert_allclose(
            rebuilt.trajectory[..., :30, :], shipped.trajectory[..., :30, :], rtol=1e-6
        )


def test_runner_on_the_subset():
    tasks = {}
    for name in ("Lorenz", "Rossler", "Thomas"):
        ds = _open(f"{name}__fine.nc")["trajectory"].sel(noise=0.0)
        tasks[name] = Task(ds.sel(split="train"), ds.sel(split="test"), context=200, variable_dim="variable")
    forecasters = {"naive": naive, "analogues": functools.partial(analogues, m=3, tau=5)}
    table = evaluate(forecasters, tasks, horizon=50)
    assert not (table.metric == "error").any()
    mse = table.query("metric == 'mse'").groupby(["task", "forecaster"]).value.mean().unstack()
    # analogues learnt from another trajectory on the attractor beat persistence on every system
    assert (mse["analogues"] < mse["naive"]).all()
