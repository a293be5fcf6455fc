"""The batch runner: per-file failures, outputs, resume, seeds, and identical results however it runs."""

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import tsdyn.io.csv
from tsdyn.errors import InputError
from tsdyn.io.batch import analyze_files, expand_paths, run_batch
from tsdyn.io.measures import get_measure, resolve_params

PLUGINS = Path(__file__).parents[1]


@pytest.fixture
def plugins(monkeypatch):
    """Make tests/batch_plugins.py importable here and in spawned workers."""
    monkeypatch.syspath_prepend(str(PLUGINS))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(PLUGINS), os.environ.get("PYTHONPATH", "")]))


def make_folder(root: Path, n: int = 4, length: int = 60) -> Path:
    rng = np.random.default_rng(1)
    folder = root / "data"
    folder.mkdir()
    for i in range(n):
        t = np.arange(length) * 0.5
        x = np.cumsum(rng.normal(size=length))
        y = rng.normal(size=length)
        pd.DataFrame({"time": t, "x": x, "y": y}).to_csv(folder / f"f{i}.csv", index=False)
    return folder


def test_summary_measure_matches_pandas(tmp_path):
    folder = make_folder(tmp_path, n=1)
    table = analyze_files(folder, measures=["summary"])
    data = pd.read_csv(folder / "f0.csv")
    for name in ("x", "y"):
        row = table[table["series"] == name].iloc[0]
        s = data[name]
        assert row["summary_n"] == len(s)
        np.testing.assert_allclose(
            [row[f"summary_{k}"] for k in ("mean", "std", "min", "max", "ac1")],
            [s.mean(), s.std(), s.min(), s.max(), s.autocorr(1)],
            rtol=1e-12,
        )


BAD_FILES = {
    "empty.csv": (b"", "is empty"),
    "text.csv": (b"time,x\n0,1\n1,abc\n2,3\n", "column 'x' has a non-numeric value 'abc' at line 3"),
    "ragged.csv": (
        b"time,x,y\n0,1,2\n1,2,3,4\n2,3,4\n",
        "ragged rows: line 3 has 4 fields but the header has 3",
    ),
    "short.csv": (b"time,x\n0,1\n", "series 'x' is too short for summary: needs at least 2 samples, got 1"),
    "allnan.csv": (b"time,x,y\n0,1,\n1,2,\n2,3,\n", "column 'y' is all missing"),
    "latin1.csv": ("time,été\n0,1\n1,2\n".encode("latin-1"), "cannot be decoded as utf-8: byte 0xe9"),
    "denied.csv": (b"time,x\n0,1\n1,2\n", "cannot be read: permission denied"),
}


def test_each_bad_file_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    folder = make_folder(tmp_path, n=2)
    for name, (content, _) in BAD_FILES.items():
        (folder / name).write_bytes(content)
    detect = tsdyn.io.csv._detect_compression

    def denied(path):  # tests may run as root, who reads everything: deny this one file by hand
        if path.name == "denied.csv":
            raise PermissionError(13, "Permission denied")
        return detect(path)

    monkeypatch.setattr(tsdyn.io.csv, "_detect_compression", denied)
    run = run_batch([folder], out=tmp_path / "out", measures=["summary"])
    by_file = {Path(r.file).name: r for r in run.results}
    assert by_file["f0.csv"].status == by_file["f1.csv"].status == "ok"
    for name, (_, message) in BAD_FILES.items():
        assert by_file[name].status == "failed", name
        assert message in by_file[name].error, (name, by_file[name].error)
    # all-NaN: the file fails, but its good column still has its result
    allnan = run.summary[run.summary["file"].str.endswith("allnan.csv")].set_index("series")
    assert allnan.loc["x", "status"] == "ok" and allnan.loc["x", "summary_n"] == 3
    assert allnan.loc["y", "status"] == "failed"
    errors = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert set(errors["file"].map(lambda f: Path(f).name)) == set(BAD_FILES)
    assert run.failed == len(BAD_FILES)


def test_outputs_written(tmp_path, plugins):
    folder = make_folder(tmp_path, n=2)
    out = tmp_path / "out"
    measures = ["summary", "batch_plugins:cumulative"]
    run = run_batch([folder], out=out, measures=measures)
    assert sorted(p.name for p in out.iterdir()) == [
        ".tsdyn",  # journal and lock, apart from the results
        "columns.csv",
        "errors.csv",
        "manifest.json",
        "rolling",
        "summary.csv",
        "summary.parquet",
    ]
    assert sorted(p.name for p in (out / ".tsdyn").iterdir()) == ["journal.jsonl", "lock"]
    assert len(run.summary) == 2 * 2  # files x series
    pd.testing.assert_frame_equal(pd.read_parquet(out / "summary.parquet"), run.summary)
    back = pd.read_csv(out / "summary.csv")
    # pandas 2's default float parser may be off by an ulp or two; the text itself has 17 digits
    np.testing.assert_allclose(
        back["summary_mean"].to_numpy(), run.summary["summary_mean"].to_numpy(), rtol=1e-14
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] and manifest["counts"]["ok"] == 2
    assert manifest["measures"] == measures and manifest["seed"] == 0
    assert {f["status"] for f in manifest["files"]} == {"ok"}
    rolling = xr.open_dataset(out / manifest["files"][0]["rolling"]).load()
    data = pd.read_csv(folder / "f0.csv")
    expected = data["x"].expanding().mean().to_numpy()
    np.testing.assert_allclose(rolling["batch_plugins:cumulative_running_mean"].sel(variable="x"), expected)
    assert rolling.attrs["source"].endswith("f0.csv")


def test_rolling_output_with_times_netcdf3_cannot_hold(tmp_path, plugins):
    path = tmp_path / "epoch.csv"
    times = 1_700_000_000_000 + 1000 * np.arange(5)  # epoch milliseconds: beyond int32
    pd.DataFrame({"time": times, "x": [1.0, 2.0, 4.0, 3.0, 5.0]}).to_csv(path, index=False)
    run = run_batch([path], out=tmp_path / "out", measures=["batch_plugins:cumulative"])
    back = xr.open_dataset(tmp_path / "out" / run.manifest["files"][0]["rolling"]).load()
    np.testing.assert_array_equal(back["time"].values, times)
    np.testing.assert_allclose(
        back["batch_plugins:cumulative_running_mean"].values[0], [1, 1.5, 7 / 3, 2.5, 3]
    )


def test_zarr_rolling_output(tmp_path, plugins):
    pytest.importorskip("zarr")
    folder = make_folder(tmp_path, n=1)
    run = run_batch([folder], out=tmp_path / "out", measures=["batch_plugins:cumulative"], rolling="zarr")
    path = tmp_path / "out" / run.manifest["files"][0]["rolling"]
    assert path.suffix == ".zarr" and xr.open_zarr(path).sizes["variable"] == 2


def test_seeds_differ_per_series_and_follow_the_run_seed(tmp_path, plugins):
    folder = make_folder(tmp_path, n=2)
    a = analyze_files(folder, measures=["batch_plugins:draw"], seed=1)
    b = analyze_files(folder, measures=["batch_plugins:draw"], seed=1)
    c = analyze_files(folder, measures=["batch_plugins:draw"], seed=2)
    draw = "batch_plugins:draw_draw"
    assert a[draw].nunique() == 4
    pd.testing.assert_frame_equal(a, b)
    assert not np.isin(a[draw], c[draw]).any()


def test_same_results_with_one_or_two_workers_and_on_a_dask_cluster(tmp_path, plugins):
    distributed = pytest.importorskip("distributed")
    folder = make_folder(tmp_path, n=5)
    (folder / "bad.csv").write_text("time,x\n0,1\n1,oops\n")
    measures = ["summary", "batch_plugins:draw", "ews"]
    kwargs = {"measures": measures, "seed": 3, "params": {"ews": {"n_surrogates": 9}}}  # random draws
    one = analyze_files(folder, jobs=1, **kwargs)
    two = analyze_files(folder, jobs=2, **kwargs)
    with (
        # real TCP on loopback (in-process workers keep the test fast; processes=False alone
        # would talk inproc:// and skip serialization and the network)
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            protocol="tcp://",
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        on_dask = analyze_files(folder, scheduler=client, **kwargs)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one, on_dask)
    assert (one["status"] == "failed").sum() == 1  # bad.csv cannot be read: one row
    assert one["ews_pvalue_variance"].notna().sum() == 10  # 5 files x 2 series


def test_resume_skips_finished_files_and_redoes_changed_ones(tmp_path):
    folder = make_folder(tmp_path, n=3)
    out = tmp_path / "out"
    first = run_batch([folder], out=out, measures=["summary"])
    again = run_batch([folder], out=out, measures=["summary"])
    assert [r.resumed for r in again.results] == [True, True, True]
    pd.testing.assert_frame_equal(first.summary, again.summary)
    changed = folder / "f1.csv"
    changed.write_text(changed.read_text() + "30.0,1.0,2.0\n")
    third = run_batch([folder], out=out, measures=["summary"])
    assert [r.resumed for r in third.results] == [True, False, True]
    fourth = run_batch([folder], out=out, measures=["summary"], read={"nan_policy": "omit"})
    assert not any(r.resumed for r in fourth.results)  # other parameters: nothing reused
    fresh = run_batch([folder], out=out, measures=["summary"], read={"nan_policy": "omit"}, resume=False)
    assert not any(r.resumed for r in fresh.results)


def test_journal_line_cut_by_a_kill_is_ignored(tmp_path):
    folder = make_folder(tmp_path, n=2)
    out = tmp_path / "out"
    run_batch([folder], out=out, measures=["summary"])
    journal = out / ".tsdyn" / "journal.jsonl"
    lines = journal.read_text().splitlines()
    journal.write_text(lines[0] + "\n" + lines[1][: len(lines[1]) // 2])
    again = run_batch([folder], out=out, measures=["summary"])
    assert [r.resumed for r in again.results] == [True, False]


def test_fail_fast_stops_at_the_first_failure(tmp_path):
    folder = make_folder(tmp_path, n=3)
    (folder / "a_bad.csv").write_text("")  # sorts first
    run = run_batch([folder], out=tmp_path / "out", measures=["summary"], fail_fast=True)
    assert run.interrupted and len(run.results) == 1
    assert run.manifest["counts"]["not_run"] == 3 and not run.manifest["complete"]


def test_a_bug_in_a_measure_is_an_internal_error_not_a_crash(tmp_path, plugins):
    folder = make_folder(tmp_path, n=1)
    run = run_batch([folder], out=tmp_path / "out", measures=["summary", "batch_plugins:broken"])
    row = run.summary.set_index("series").loc["x"]
    assert row["summary_n"] == 60  # the other measure set still has its result
    assert row["status"] == "failed"
    assert (
        row["error"]
        == "batch_plugins:broken: internal error: ZeroDivisionError: division by zero in a plugin"
    )
    assert run.errors.loc[0, ["series", "measure_set"]].tolist() == ["x", "batch_plugins:broken"]
    assert "ZeroDivisionError" in run.manifest["files"][0]["traceback"]


def test_unsorted_file_warning_recorded(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("time,x\n2,3\n0,1\n1,2\n")
    table = analyze_files(path, measures=["summary"])
    assert table.loc[0, "status"] == "ok"
    assert "not in time order; sorted them by 'time'" in table.loc[0, "warnings"]


def test_usage_errors_raise_before_any_work(tmp_path):
    folder = make_folder(tmp_path, n=1)
    with pytest.raises(InputError, match="unknown measure set 'nope'; choose from summary"):
        analyze_files(folder, measures=["nope"])
    with pytest.raises(InputError, match="cannot load measure set 'no_such_module:f'"):
        analyze_files(folder, measures=["no_such_module:f"])
    with pytest.raises(InputError, match=r"parameters given for 'ordinalx', which is not among"):
        analyze_files(folder, measures=["summary"], params={"ordinalx": {"d": 3}})
    with pytest.raises(InputError, match="unknown reading option 'sep'"):
        analyze_files(folder, read={"sep": ";"})
    with pytest.raises(InputError, match="jobs must be an integer >= 1"):
        analyze_files(folder, jobs=0)
    with pytest.raises(InputError, match="no file matches"):
        analyze_files(tmp_path / "*.nothing")


def test_measure_parameters_checked_against_defaults():
    ms = get_measure("summary")
    assert resolve_params(["summary"], None) == {"summary": dict(ms.defaults)}


def test_expand_paths(tmp_path):
    folder = make_folder(tmp_path, n=2)
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.csv.gz").write_bytes(b"")
    (folder / ".hidden.csv").write_text("x\n1\n")
    (folder / "notes.md").write_text("hi")
    out = folder / "results"
    out.mkdir()
    (out / "summary.csv").write_text("x\n1\n")
    names = [p.relative_to(folder).as_posix() for p in expand_paths([folder], exclude=out)]
    assert names == ["f0.csv", "f1.csv", "sub/deep.csv.gz"]
    globbed = expand_paths([str(folder / "f*.csv"), folder / "f0.csv"])
    assert [p.name for p in globbed] == ["f0.csv", "f1.csv"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no CSV files found in"):
        expand_paths([empty])


def test_a_dying_worker_fails_only_its_file(tmp_path, plugins):
    folder = make_folder(tmp_path, n=3)
    (folder / "killer.csv").write_text("time,boom\n0,1\n1,2\n2,3\n")
    # the killer dies at once while the innocent files sleep beside it: it must not take them down
    measures = ["batch_plugins:crash", "batch_plugins:slow"]
    params = {"batch_plugins:slow": {"delay": 0.5}}
    run = run_batch([folder], out=tmp_path / "out", measures=measures, params=params, jobs=2)
    status = {Path(r.file).name: r.status for r in run.results}
    assert status == {"f0.csv": "ok", "f1.csv": "ok", "f2.csv": "ok", "killer.csv": "failed"}
    killer = next(r for r in run.results if r.file.endswith("killer.csv"))
    assert "the worker process died while processing this file (2 tries)" in killer.error


def test_output_names_never_collide(tmp_path, plugins):
    """Problem 1: 'a b.csv' and 'a_b.csv', 'twin.csv' and 'twin.tsv' each keep their own rolling output."""
    folder = tmp_path / "data"
    folder.mkdir()
    names = ["a b.csv", "a_b.csv", "twin.csv", "twin.tsv"]
    for k, name in enumerate(names):
        sep = "\t" if name.endswith(".tsv") else ","
        (folder / name).write_text(f"time{sep}x\n" + "".join(f"{t}{sep}{t * (k + 1)}\n" for t in range(5)))
    run = run_batch([folder], out=tmp_path / "out", measures=["batch_plugins:cumulative"])
    assert run.failed == 0
    rolling = {Path(f["file"]).name: f["rolling"] for f in run.manifest["files"]}
    assert len(set(rolling.values())) == 4
    for k, name in enumerate(names):
        ds = xr.open_dataset(tmp_path / "out" / rolling[name]).load()
        assert ds.attrs["source"].endswith(name)
        last = ds["batch_plugins:cumulative_running_mean"].sel(variable="x").values[-1]
        assert last == pytest.approx(2.0 * (k + 1))  # mean of 0..4 times the file's own factor


def test_earlier_results_are_not_read_as_data(tmp_path):
    """Problem 2: a second run skips the first run's output folder inside the input folder, and says so."""
    folder = make_folder(tmp_path, n=2)
    run_batch([folder], out=folder / "res", measures=["summary"])
    again = run_batch([folder], out=folder / "res2", measures=["summary"])
    assert sorted(Path(r.file).name for r in again.results) == ["f0.csv", "f1.csv"]
    assert again.skipped == [f"{folder / 'res'}: results of an earlier tsdyn run"]
    # a glob reaching into the results is filtered the same way
    globbed = expand_paths([str(folder / "**" / "*.csv")])
    assert sorted(p.name for p in globbed) == ["f0.csv", "f1.csv"]


def test_one_run_at_a_time_per_output_folder(tmp_path):
    """Problem 3: a second run refuses (naming the holder) or waits; a dead run's lock is taken over."""
    import threading

    from tsdyn._jobs import FolderLock

    folder = make_folder(tmp_path, n=1)
    out = tmp_path / "out"
    holder = FolderLock(out / ".tsdyn" / "lock").acquire()
    with pytest.raises(
        InputError, match=rf"output folder {out} is in use by another run: pid {os.getpid()} on"
    ):
        run_batch([folder], out=out, measures=["summary"])
    threading.Timer(0.3, holder.release).start()
    assert run_batch([folder], out=out, measures=["summary"], wait=True).failed == 0
    dead = {"pid": 999999999, "host": "gone", "started": "2026-01-01T00:00:00+00:00"}
    (out / ".tsdyn" / "lock").write_text(json.dumps(dead))  # left by a run killed with kill -9
    run = run_batch([folder], out=out, measures=["summary"])
    assert run.manifest["stale_lock_taken_over"] == dead


def test_rolling_outputs_record_their_parameters(tmp_path):
    """Problem 3: a rolling file says what made it, holds the detrended series, and a rerun with other
    parameters replaces it (a file that now fails loses its old output instead of keeping it)."""
    folder = make_folder(tmp_path, n=2)
    out = tmp_path / "out"
    run = run_batch([folder], out=out, measures=["ews"], params={"ews": {"window": 0.5}})
    path = out / run.manifest["files"][0]["rolling"]
    ds = xr.open_dataset(path).load()
    assert {"ews_state", "ews_trend", "ews_residuals", "ews_variance", "ews_ac1"} <= set(ds.data_vars)
    assert json.loads(ds["ews_variance"].attrs["parameters"])["window"] == 0.5
    assert json.loads(ds.attrs["measures"]) == ["ews"] and ds.attrs["seed"] == 0
    (folder / "f1.csv").write_text("time,x\n0,1\n1,oops\n")
    again = run_batch([folder], out=out, measures=["ews"], params={"ews": {"window": 0.3}})
    ds = xr.open_dataset(path).load()
    assert json.loads(ds["ews_variance"].attrs["parameters"])["window"] == 0.3
    assert again.manifest["files"][1]["rolling"] is None
    assert not (out / "rolling" / (Path(run.manifest["files"][1]["rolling"]).relative_to("rolling"))).exists()


def test_symlink_loops_are_failed_inputs(tmp_path):
    """Problem 8: a symlink loop (to itself, or a folder leading back up) is a failed input, not dropped."""
    folder = make_folder(tmp_path, n=1)
    (folder / "loop.csv").symlink_to("loop.csv")
    (folder / "up").symlink_to(".")
    run = run_batch([folder], out=tmp_path / "out", measures=["summary"])
    errors = pd.read_csv(tmp_path / "out" / "errors.csv").set_index("file")
    loop = errors.loc[next(f for f in errors.index if f.endswith("loop.csv")), "error"]
    assert "is a symlink loop (loop.csv -> loop.csv" in loop
    up = errors.loc[next(f for f in errors.index if f.endswith("/up")), "error"]
    assert "is a symlink loop (it leads back to" in up
    assert run.failed == 2 and run.manifest["counts"]["ok"] == 1


def test_out_must_be_a_folder_of_this_layout(tmp_path):
    """Problem 10: an existing file as out is an InputError, as on the command line; an old layout is refused."""
    folder = make_folder(tmp_path, n=1)
    (tmp_path / "taken").write_text("x")
    with pytest.raises(InputError, match="exists and is not a folder"):
        analyze_files(folder, out=tmp_path / "taken")
    old = tmp_path / "old"
    old.mkdir()
    (old / "journal.jsonl").write_text("")
    with pytest.raises(InputError, match="results of an older tsdyn"):
        analyze_files(folder, out=old)


def test_summary_is_readable(tmp_path, plugins):
    """One row per series, booleans stay booleans in Parquet, no all-empty column, columns.csv lists all."""
    folder = make_folder(tmp_path, n=1)
    out = tmp_path / "out"
    run = run_batch([folder], out=out, measures=["summary", "batch_plugins:flag"])
    back = pd.read_parquet(out / "summary.parquet")
    assert back["batch_plugins:flag_positive"].dtype == "boolean"
    assert back["batch_plugins:flag_positive"].tolist() == [
        bool(s.mean() > 0) for _, s in pd.read_csv(folder / "f0.csv")[["x", "y"]].items()
    ]
    assert "batch_plugins:flag_undefined" not in back  # NaN for every series
    columns = pd.read_csv(out / "columns.csv", keep_default_na=False).set_index("column")
    assert columns.index.tolist() == back.columns.tolist() == run.summary.columns.tolist()
    assert columns.loc["summary_std", ["unit", "description"]].tolist() == [
        "series units",
        "standard deviation (ddof 1)",
    ]
    assert "no description registered" in columns.loc["batch_plugins:flag_positive", "description"]


def test_html_report(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    folder = make_folder(tmp_path, n=1)
    run_batch([folder], out=tmp_path / "out", measures=["summary"], report=True)
    page = (tmp_path / "out" / "report.html").read_text()
    assert page.count('<img alt="') == 2 and "summary_mean" in page  # x and y dashboards, the table
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "matplotlib" else find_spec(name)
    )
    with pytest.raises(InputError, match=r"pip install 'tsdyn\[plot\]'"):
        run_batch([folder], out=tmp_path / "o2", report=True)
