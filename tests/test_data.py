import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.chaos import exact_period
from tsdyn.data import (
    Output,
    apply_along_time,
    as_series,
    from_series,
    netcdf_safe,
    one_series,
    series_and_family,
)
from tsdyn.errors import InputError
from tsdyn.surrogates import cycle_boundaries

MEAN = Output("mean", long_name="mean value")
CUMSUM = Output("cumsum", core_dims=("time",))
STATS = Output("stats", core_dims=("stat",), sizes={"stat": 2}, coords={"stat": ["min", "max"]})


def mean_kernel(a, *, parallel, offset=0.0):
    assert a.dtype == np.float64 and a.flags.c_contiguous and a.ndim == 2
    return a.mean(axis=1) + offset


def cumsum_kernel(a, *, parallel):
    return np.cumsum(a, axis=1)


def stats_kernel(a, *, parallel):
    return np.stack([a.min(axis=1), a.max(axis=1)], axis=1)


def two_kernel(a, *, parallel):
    return a.mean(axis=1), a.std(axis=1)


def test_numpy_1d_reduction_returns_float():
    out = apply_along_time(mean_kernel, [1.0, 2.0, 6.0], outputs=MEAN)
    assert isinstance(out, float) and out == 3.0


def test_numpy_time_on_last_axis_broadcasts_others():
    x = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_allclose(apply_along_time(mean_kernel, x, outputs=MEAN), x.mean(-1))
    np.testing.assert_allclose(apply_along_time(cumsum_kernel, x, outputs=CUMSUM), x.cumsum(-1))
    stats = apply_along_time(stats_kernel, x, outputs=STATS)
    assert stats.shape == (2, 3, 2)
    np.testing.assert_allclose(stats[..., 1], x.max(-1))


def test_numpy_several_outputs_are_a_named_tuple():
    res = apply_along_time(two_kernel, np.arange(6.0).reshape(2, 3), outputs=[Output("m"), Output("s")])
    np.testing.assert_allclose(res.m, [1.0, 4.0])
    np.testing.assert_allclose(res.s, np.full(2, np.std([0.0, 1.0, 2.0])))


def test_int_and_float32_input_are_computed_in_float64():
    assert apply_along_time(mean_kernel, np.array([1, 2], dtype=np.int32), outputs=MEAN) == 1.5
    x = np.array([0.1, 0.2], dtype=np.float32)
    assert apply_along_time(mean_kernel, x, outputs=MEAN) == pytest.approx(x.astype(float).mean())


def test_series_with_datetime_index():
    idx = pd.date_range("2000-01-01", periods=4, freq="D")
    s = pd.Series([1.0, 2.0, 3.0, 4.0], index=idx, name="flow")
    assert apply_along_time(mean_kernel, s, outputs=MEAN) == 2.5
    cs = apply_along_time(cumsum_kernel, s, outputs=CUMSUM)
    assert isinstance(cs, pd.Series) and cs.index.equals(idx)
    np.testing.assert_allclose(cs.to_numpy(), [1, 3, 6, 10])
    both = apply_along_time(two_kernel, s, outputs=[Output("m"), Output("s")])
    assert list(both.index) == ["m", "s"]


def test_frame_is_time_by_variable():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 4.0, 9.0]}, index=[0.0, 0.5, 1.0])
    m = apply_along_time(mean_kernel, df, outputs=MEAN)
    assert list(m.index) == ["a", "b"] and m["b"] == 5.0
    cs = apply_along_time(cumsum_kernel, df, outputs=CUMSUM)
    assert cs.index.equals(df.index) and list(cs.columns) == ["a", "b"]
    np.testing.assert_allclose(cs.to_numpy(), df.cumsum().to_numpy())
    table = apply_along_time(two_kernel, df, outputs=[Output("m"), Output("s")])
    assert list(table.columns) == ["m", "s"] and list(table.index) == ["a", "b"]
    st = apply_along_time(stats_kernel, df, outputs=STATS)
    assert list(st.index) == ["min", "max"] and st.loc["max", "b"] == 9.0


def test_frame_several_same_length_outputs_have_series_quantity_columns():
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})

    def k(a, *, parallel):
        return np.cumsum(a, axis=1), 2 * a

    out = apply_along_time(
        k, df, outputs=[Output("c", core_dims=("time",)), Output("d", core_dims=("time",))]
    )
    assert out.columns.names == ["variable", "quantity"]
    np.testing.assert_allclose(out[("b", "d")], [6.0, 8.0])


def test_dataarray_3d_member_time_variable_keeps_dims_coords_and_attrs():
    rng = np.random.default_rng(0)
    t = np.linspace(0.0, 1.0, 20)
    da = xr.DataArray(
        rng.standard_normal((3, 20, 2)),
        dims=("member", "time", "variable"),
        coords={"member": [10, 11, 12], "time": t, "variable": ["x", "y"]},
    )
    red = apply_along_time(mean_kernel, da, outputs=MEAN, attrs={"d": 3, "normalize": True}, function="f")
    assert red.dims == ("member", "variable")
    assert list(red.member.values) == [10, 11, 12]
    assert red.attrs == {"long_name": "mean value", "tsdyn_function": "f", "d": 3, "normalize": 1}
    np.testing.assert_allclose(red.values, da.mean("time").values)
    same = apply_along_time(cumsum_kernel, da, outputs=CUMSUM)
    assert same.dims == da.dims and np.array_equal(same.time.values, t)
    np.testing.assert_allclose(same.values, np.cumsum(da.values, axis=1))
    new = apply_along_time(stats_kernel, da, outputs=STATS)
    assert new.dims == ("member", "variable", "stat") and list(new.stat.values) == ["min", "max"]


def outer_kernel(a, *, parallel):
    # a 2-D result per series (a transition matrix's shape): row i, column j = x_i * x_j
    return a[:, :2, None] * a[:, None, :3]


OUTER = Output("outer", core_dims=("row", "col"), sizes={"row": 2, "col": 3}, coords={"col": ["p", "q", "r"]})


def test_a_matrix_per_series_comes_back_to_pandas_as_a_dataframe():
    x = [1.0, 2.0, 3.0, 4.0]
    out = apply_along_time(outer_kernel, pd.Series(x), outputs=OUTER)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["p", "q", "r"]
    np.testing.assert_allclose(out.values, np.outer(x[:2], x[:3]))
    frame = apply_along_time(outer_kernel, pd.DataFrame({"a": x, "b": x[::-1]}), outputs=OUTER)
    assert frame.index.names == ["variable", "row"] and frame.shape == (4, 3)
    np.testing.assert_allclose(frame.loc["b"].values, np.outer(x[::-1][:2], x[::-1][:3]))


def test_a_value_beside_a_curve_is_a_named_tuple_for_a_pandas_series():
    def k(a, *, parallel):
        return a.mean(axis=1), stats_kernel(a, parallel=parallel)

    s = pd.Series([1.0, 5.0, 3.0])
    res = apply_along_time(k, s, outputs=[MEAN, STATS])
    assert res.mean == 3.0 and list(res.stats.index) == ["min", "max"] and res.stats["max"] == 5.0
    frame = apply_along_time(k, s.to_frame("a"), outputs=[MEAN, STATS])
    assert isinstance(frame, dict) and frame["mean"]["a"] == 3.0


def test_integer_and_flag_reductions_keep_their_type_in_pandas():
    def k(a, *, parallel):
        return np.full(a.shape[0], 3.0), np.ones(a.shape[0])

    ds = apply_along_time(k, xr.DataArray([1.0, 2.0], dims="time"), outputs=[Output("n"), Output("ok")])
    assert ds["n"].dtype == np.float64  # the kernels' float64, cast by the function that knows
    da = ds["n"].astype(np.int64)
    _, family = series_and_family(pd.Series([1.0, 2.0]))
    assert type(from_series(da, family)) is int and type(from_series(ds["ok"].astype(bool), family)) is bool


def test_units_go_to_the_quantities_that_have_them():
    def k(a, *, parallel):
        return a.mean(axis=1), np.ones(a.shape[0])

    outs = [Output("rate", units="1/s"), Output("count")]
    ds = apply_along_time(k, xr.DataArray([1.0, 2.0], dims="time"), outputs=outs, attrs={"units": "1/s"})
    assert ds["rate"].attrs["units"] == "1/s" and "units" not in ds["count"].attrs
    assert ds.attrs["units"] == "1/s"
    one = apply_along_time(
        mean_kernel, xr.DataArray([1.0, 2.0], dims="time"), outputs=MEAN, attrs={"units": "m"}
    )
    assert one.attrs["units"] == "m"


def test_kernel_kwargs_are_passed():
    assert apply_along_time(mean_kernel, [1.0, 3.0], outputs=MEAN, kwargs={"offset": 1.0}) == 3.0


def test_dataarray_several_outputs_give_a_dataset():
    da = xr.DataArray(np.arange(6.0).reshape(3, 2), dims=("time", "variable"))
    ds = apply_along_time(two_kernel, da, outputs=[Output("m"), Output("s")])
    assert isinstance(ds, xr.Dataset) and set(ds.data_vars) == {"m", "s"}


def test_dataset_in_dataset_out():
    ds = xr.Dataset({"a": ("time", [1.0, 2.0, 3.0]), "b": ("time", [3.0, 5.0, 7.0])})
    out = apply_along_time(mean_kernel, ds, outputs=MEAN)
    assert isinstance(out, xr.Dataset) and float(out["b"]) == 5.0


def test_datetime_time_coordinate_is_kept():
    t = pd.date_range("2020-01-01", periods=5, freq="h").to_numpy()
    da = xr.DataArray(np.arange(5.0), dims="time", coords={"time": t})
    out = apply_along_time(cumsum_kernel, da, outputs=CUMSUM)
    assert out.time.dtype.kind == "M" and np.array_equal(out.time.values, t)


def test_dask_input_stays_lazy_until_compute():
    dask = pytest.importorskip("dask")
    calls = []

    def counting(a, *, parallel):
        calls.append(parallel)
        return a.mean(axis=1)

    rng = np.random.default_rng(1)
    da = xr.DataArray(rng.standard_normal((4, 30)), dims=("member", "time")).chunk({"member": 2, "time": 10})
    lazy = apply_along_time(counting, da, outputs=MEAN)
    assert isinstance(lazy.data, dask.array.Array) and calls == []
    assert lazy.chunks == ((2, 2),)
    np.testing.assert_allclose(lazy.compute().values, da.values.mean(axis=1))
    assert calls and not any(calls)  # serial kernels under dask's threads

    stats = apply_along_time(stats_kernel, da, outputs=STATS)
    assert isinstance(stats.data, dask.array.Array)
    assert stats.compute().shape == (4, 2)
    same = apply_along_time(cumsum_kernel, da, outputs=CUMSUM)
    np.testing.assert_allclose(same.compute().values, np.cumsum(da.values, axis=1))


def test_dask_nan_is_reported_at_compute_time():
    pytest.importorskip("dask")
    da = xr.DataArray([[1.0, np.nan, 3.0]], dims=("member", "time")).chunk({"member": 1})
    lazy = apply_along_time(mean_kernel, da, outputs=MEAN)
    with pytest.raises(InputError, match="NaN .*time index 1"):
        lazy.compute()


def test_as_series_names_dims():
    assert as_series(np.zeros((2, 5))).dims == ("dim_0", "time")
    assert as_series(pd.Series([1.0, 2.0])).dims == ("time",)
    assert as_series(np.zeros(4), dim="t").dims == ("t",)


def test_netcdf_safe_attrs():
    safe = netcdf_safe({"a": None, "b": True, "c": [1.5, 2.5], "d": {"x": 1}, "e": "s"})
    assert safe["a"] == "none" and safe["b"] == 1 and safe["e"] == "s"
    np.testing.assert_array_equal(safe["c"], [1.5, 2.5])
    assert safe["d"] == "{'x': 1}"


def _fresh(code: str) -> str:
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return out.stdout.strip()


def test_numpy_input_loads_neither_pandas_nor_xarray():
    code = (
        "import sys, numpy as np\n"
        "from tsdyn.data import Output, apply_along_time\n"
        "print(apply_along_time(lambda a, *, parallel: a.mean(axis=1), np.ones((2, 3)), outputs=Output('m')))\n"
        "print(sorted(m for m in ('pandas', 'xarray', 'dask') if m in sys.modules))"
    )
    assert _fresh(code).splitlines() == ["[1. 1.]", "[]"]


def test_first_dataarray_does_not_import_dask_and_dask_input_still_works():
    pytest.importorskip("dask")
    code = (
        "import sys, numpy as np\n"
        "from tsdyn.data import Output, apply_along_time, as_series\n"
        "as_series([1.0, 2.0])\n"
        "print('dask' in sys.modules)\n"
        "import dask.array as dsa, xarray as xr\n"
        "x = xr.DataArray(dsa.ones((2, 4), chunks=(1, 4)), dims=('member', 'time'))\n"
        "res = apply_along_time(lambda a, *, parallel: a.sum(axis=1), x, outputs=Output('s'))\n"
        "print(type(res.data).__module__.split('.')[0], res.values.tolist())"
    )
    assert _fresh(code).splitlines() == ["False", "dask [4.0, 4.0]"]


def test_several_inputs_are_read_in_the_first_ones_layout():
    def diff(a, b, *, parallel):
        return (b - a).mean(axis=1)

    t = xr.DataArray([[1.0, 2.0], [3.0, 4.0]], dims=("variable", "time"), coords={"variable": ["a", "b"]})
    res = apply_along_time(diff, t, np.array([[2.0, 3.0], [3.0, 6.0]]), outputs=MEAN, name=("y", "yhat"))
    assert list(res["variable"].values) == ["a", "b"] and res.values.tolist() == [1.0, 1.0]
    assert apply_along_time(diff, [1.0, 2.0], [2.0, 4.0], outputs=MEAN) == 1.5
    with pytest.raises(InputError, match="yhat has 3 samples along 'time' but y has 2"):
        apply_along_time(diff, [1.0, 2.0], [1.0, 2.0, 3.0], outputs=MEAN, name=("y", "yhat"))
    with pytest.raises(InputError, match="yhat has 3 samples along 'time' but y has 2"):
        apply_along_time(diff, t, np.ones((2, 3)), outputs=MEAN, name=("y", "yhat"))


def test_numpy_and_xarray_paths_agree_on_results_and_errors():
    x = np.arange(24.0).reshape(2, 3, 4)
    da = xr.DataArray(x, dims=("dim_0", "dim_1", "time"))
    for out, kernel in ((MEAN, mean_kernel), (CUMSUM, cumsum_kernel), (STATS, stats_kernel)):
        np.testing.assert_array_equal(apply_along_time(kernel, x, outputs=out),
                                      apply_along_time(kernel, da, outputs=out).values)  # fmt: skip
    bad = x.copy()
    bad[1, 2, 3] = np.nan
    messages = []
    for arg in (bad, xr.DataArray(bad, dims=da.dims)):
        with pytest.raises(InputError) as err:
            apply_along_time(mean_kernel, arg, outputs=MEAN)
        messages.append(str(err.value))
    assert messages[0] == messages[1] and "dim_0 index 1, dim_1 index 2, time index 3" in messages[0]


def test_one_series_helpers_take_any_family_of_one_series():
    x = [0.1, 0.5, 0.9] * 20
    ds = xr.Dataset({"a": ("time", x)})
    assert exact_period(ds) == exact_period(pd.Series(x)) == exact_period(x) == 3
    assert one_series(ds["a"], "f").tolist() == x
    with pytest.raises(InputError, match="cycle_boundaries takes one series .1-D., got a Dataset of 2"):
        cycle_boundaries(ds.assign(b=ds["a"]))
    with pytest.raises(InputError, match=r"f takes one series \(1-D\), got shape \(2, 3\); hint"):
        one_series(np.zeros((2, 3)), "f", hint="; hint")
    with pytest.raises(InputError, match="f needs a numeric series"):
        one_series(["a", "b"], "f")
    with pytest.raises(InputError, match="f needs a numeric series"):
        one_series(["1.5", "2"], "f")  # numpy would have read it as numbers


def test_positions_follow_the_whole_input_whatever_the_chunks():
    pytest.importorskip("dask")

    def where(a, *, parallel, positions):
        return positions.astype(np.float64)

    x = np.zeros((2, 3, 10))
    out = Output("where")
    np.testing.assert_array_equal(
        apply_along_time(where, x, outputs=out, positions=True), np.arange(6.0).reshape(2, 3)
    )
    da = xr.DataArray(x, dims=("a", "b", "time")).chunk({"a": 1, "b": 2})
    lazy = apply_along_time(where, da, outputs=out, positions=True)
    assert lazy.chunks == ((1, 1), (2, 1))
    np.testing.assert_array_equal(lazy.values, np.arange(6.0).reshape(2, 3))


def test_dask_inf_is_refused_at_compute_time_as_in_memory():
    # the in-memory check refuses inf under nan_policy="raise"; a dask chunk's check let it through
    pytest.importorskip("dask")
    da = xr.DataArray([[1.0, 2.0, 3.0], [1.0, np.inf, 3.0]], dims=("member", "time"))
    with pytest.raises(InputError, match="infinite"):
        apply_along_time(mean_kernel, da, outputs=MEAN)
    lazy = apply_along_time(mean_kernel, da.chunk({"member": 1}), outputs=MEAN)
    # named by its position in the whole input, not its row in the chunk
    with pytest.raises(InputError, match=r"NaN or inf \(in a dask chunk: series 1, time index 1\)"):
        lazy.compute()
