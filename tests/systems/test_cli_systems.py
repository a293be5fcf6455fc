"""`tsdyn systems list|show`, `tsdyn compile` and `tsdyn generate system` (tsdyn/cli.py, the systems engine's commands)."""

import numpy as np
import pandas as pd
import xarray as xr
from click.testing import CliRunner

import tsdyn.systems as ts
from tsdyn.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_systems_list_and_show():
    res = run("systems", "list", "--kind", "flow")
    assert res.exit_code == 0
    names = [line.split()[0] for line in res.output.splitlines()]
    assert names == ts.list(kind="flow")
    res = run("systems", "show", "Lorenz")
    assert res.exit_code == 0 and "rho=28" in res.output and "citation" in res.output
    # both periods, each labelled; --pts-per-period samples the published one
    lines = {line.split()[0]: line for line in res.output.splitlines()}
    assert f"{ts.get('Lorenz').period:g}" in lines["period"] and "--pts-per-period" in lines["period"]
    assert "not used for sampling" in lines["dominant_period"]
    assert run("systems", "list", "Lorenz").exit_code == 2  # list takes no NAME
    res = run("systems", "show", "Lorentz")
    assert res.exit_code == 2 and "did you mean 'Lorenz'" in res.output
    assert run("systems", "show").exit_code == 2


def test_compile():
    res = run("compile", "--kind", "sde", "--engines", "none")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"{len(ts.list(kind='sde'))} system(s) and 1 solver(s) in numba's cache")
    assert "euler-maruyama" in res.stdout
    assert "compiling kernels into numba's cache" in res.stderr  # never silent for a minute
    res = run("compile", "--systems", "Henon", "--kind", "map")
    assert res.exit_code == 2 and "names or kind, not both" in res.output
    assert run("compile", "--systems", "Henonn").exit_code == 2
    assert run("compile", "--engines", "optics").exit_code == 2


def test_generate_csv_equals_library_call(tmp_path):
    path = tmp_path / "lorenz.csv"
    res = run(
        "generate", "system", "Lorenz", "--n", "50", "--dt", "0.01", "--param", "rho=30", "--out", str(path)
    )
    assert res.exit_code == 0, res.output
    df = pd.read_csv(path)
    ref = ts.get("Lorenz", rho=30.0).integrate(n=50, dt=0.01)
    np.testing.assert_allclose(df[["x0", "x1", "x2"]].values, ref.values, rtol=1e-12)
    np.testing.assert_allclose(df["time"], ref.time)


def test_generate_ensemble_netcdf_with_noise(tmp_path):
    path = tmp_path / "ens.nc"
    args = ["generate", "system", "Lorenz", "--n", "20", "--pts-per-period", "20", "--members", "3"]
    res = run(*args, "--noise", "0.1", "--seed", "4", "--out", str(path))
    assert res.exit_code == 0, res.output
    with xr.open_dataset(path) as ds:
        da = ds["Lorenz"].load()
    assert dict(da.sizes) == {"time": 20, "variable": 3, "member": 3}
    again = tmp_path / "again.nc"
    run(*args, "--noise", "0.1", "--seed", "4", "--out", str(again))
    with xr.open_dataset(again) as ds:
        assert np.array_equal(ds["Lorenz"].values, da.values)


def test_generate_bad_arguments(tmp_path):
    out = str(tmp_path / "x.csv")
    assert "did you mean" in run("generate", "system", "Lorenzz", "--out", out).output
    res = run("generate", "system", "Lorenz", "--param", "rho", "--out", out)
    assert res.exit_code == 2 and "NAME=VALUE" in res.output
    res = run("generate", "system", "Lorenz", "--dt", "-1", "--out", out)
    assert res.exit_code == 2 and "dt must be" in res.output


def test_generate_long_parquet_ensemble(tmp_path):
    path = tmp_path / "ens.parquet"
    args = ["generate", "system", "Lorenz", "--n", "20", "--dt", "0.01", "--members", "2", "--seed", "1"]
    res = run(*args, "--long", "--out", str(path))
    assert res.exit_code == 0, res.output
    table = pd.read_parquet(path)
    assert list(table.columns) == ["series_id", "time", "variable", "member", "value"]
    wide = tmp_path / "ens.nc"
    run(*args, "--out", str(wide))
    with xr.open_dataset(wide) as ds:
        ref = ds["Lorenz"].load()
    one = table[table.series_id == "Lorenz/member=1/x2"]
    np.testing.assert_array_equal(one.value, ref.sel(member=1, variable="x2").values)
    res = run(*args, "--long", "--out", str(tmp_path / "x.nc"))
    assert res.exit_code == 2 and "--long writes a table" in res.output
