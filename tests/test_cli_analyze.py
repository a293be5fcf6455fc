"""`tsdyn analyze`: exit codes, config, progress output, and resume after the process is killed."""

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tsdyn._jobs import Outcome
from tsdyn.cli import main
from tsdyn.io import analyze_files
from tsdyn.io.report import make_progress

ROOT = Path(__file__).parents[1]


def make_folder(root: Path, n: int = 3, length: int = 40) -> Path:
    rng = np.random.default_rng(2)
    folder = root / "data"
    folder.mkdir()
    for i in range(n):
        frame = pd.DataFrame({"time": np.arange(length), "x": rng.normal(size=length)})
        frame.to_csv(folder / f"f{i:02d}.csv", index=False)
    return folder


def invoke(*args):
    return CliRunner().invoke(main, ["analyze", *map(str, args)])


def test_success_writes_outputs_and_prints_a_summary(tmp_path):
    folder = make_folder(tmp_path)
    res = invoke(folder, "--out", tmp_path / "out", "--measures", "summary", "--jobs", "1")
    assert res.exit_code == 0, res.output
    assert "3 file(s), 3 ok, 0 failed" in res.output
    assert "ac1" in res.output  # the headline table
    assert "[3/3] ok" in res.output  # not a terminal: plain progress lines
    assert (tmp_path / "out" / "summary.parquet").exists()


def test_some_failed_exits_1_and_lists_reasons(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "bad.csv").write_text("time,x\n0,1\n1,oops\n")
    res = invoke(folder, "--out", tmp_path / "out", "-m", "summary", "-j", "1")
    assert res.exit_code == 1
    assert "Failed (1):" in res.output
    assert "bad.csv: column 'x' has a non-numeric value 'oops' at line 3" in res.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give an output folder with --out"),
        (["--out", "OUT", "-m", "nope"], "unknown measure set 'nope'"),
        (["--out", "OUT", "--set", "summary"], "--set expects SECTION.NAME=VALUE"),
        (["--out", "OUT", "--set", "read.sep=;"], "unknown reading option 'sep'"),
        (["--out", "OUT", "--jobs", "0"], "Invalid value for '--jobs'"),
        (["--out", "OUT", "--config", "missing.toml"], "cannot read config file missing.toml"),
    ],
)
def test_usage_errors_exit_2(tmp_path, args, message):
    folder = make_folder(tmp_path, n=1)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    res = invoke(folder, *args)
    assert res.exit_code == 2, res.output
    assert message in res.output


def test_missing_input_is_a_usage_error(tmp_path):
    res = invoke(tmp_path / "nothing_here", "--out", tmp_path / "out")
    assert res.exit_code == 2 and "no such file or folder" in res.output


def test_config_file_and_command_line_overrides(tmp_path):
    folder = make_folder(tmp_path, n=2)
    (folder / "gappy.csv").write_text("time,x\n0,1\n1,\n2,3\n3,4\n")
    config = tmp_path / "batch.toml"
    config.write_text(
        f'out = "{tmp_path / "out"}"\nmeasures = ["summary"]\nseed = 7\njobs = 1\n[read]\nnan_policy = "omit"\n'
    )
    res = invoke(folder, "--config", config, "--nan-policy", "interpolate", "--quiet")
    assert res.exit_code == 0, res.output
    assert res.output == ""  # --quiet
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["seed"] == 7 and manifest["read"] == {"nan_policy": "interpolate"}
    summary = pd.read_csv(tmp_path / "out" / "summary.csv")
    gappy = summary[summary["file"].str.endswith("gappy.csv")]
    assert gappy["summary_n"].tolist() == [4]  # interpolated, not dropped
    config.write_text("colour = 1\n")
    res = invoke(folder, "--config", config, "--out", tmp_path / "o2")
    assert res.exit_code == 2 and "unknown setting 'colour'" in res.output


def test_surrogate_pvalues_do_not_depend_on_the_worker_count(tmp_path):
    folder = make_folder(tmp_path, n=3, length=120)
    tables = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        res = invoke(folder, "--out", out, "-m", "ews", "--n-surrogates", "19", "--null-model", "phase",
                     "--jobs", jobs, "--quiet")  # fmt: skip
        assert res.exit_code == 0, res.output
        tables.append(pd.read_parquet(out / "summary.parquet"))
    one, two = tables
    pvalues = ["ews_pvalue_variance", "ews_pvalue_ac1", "ews_pvalue_fisher", "ews_pvalue_min"]
    pd.testing.assert_frame_equal(one[["file", "series", *pvalues]], two[["file", "series", *pvalues]])
    values = one[pvalues].to_numpy()
    assert ((values > 0) & (values <= 1)).all()
    assert one[pvalues].nunique().min() > 1  # each file has its own surrogates
    params = json.loads((tmp_path / "out1" / "manifest.json").read_text())["params"]["ews"]
    assert params["n_surrogates"] == 19 and params["null_model"] == "phase"


def test_surrogates_and_classification_from_the_config(tmp_path):
    folder = make_folder(tmp_path, n=1, length=120)
    config = tmp_path / "batch.toml"
    config.write_text('measures = ["ordinal", "ews"]\n[ews]\nn_surrogates = 9\n[ordinal]\nclassify = true\n')
    res = invoke(folder, "--out", tmp_path / "out", "--config", config, "-j", "1", "--null-model", "iaaft")
    assert res.exit_code == 0, res.output
    row = pd.read_parquet(tmp_path / "out" / "summary.parquet").iloc[0]
    params = json.loads((tmp_path / "out" / "manifest.json").read_text())["params"]
    assert params["ews"]["null_model"] == "iaaft"  # the command line beats the config
    assert 0 < row["ews_pvalue_variance"] <= 1
    assert row["ordinal_class_label"] == "undetermined"  # 120 samples < 5 d! patterns
    assert "class_label" in res.output and "pvalue_variance" in res.output  # headline columns
    res = invoke(folder, "--out", tmp_path / "o2", "-m", "summary", "--n-surrogates", "9")
    assert res.exit_code == 2 and "parameters given for 'ews'" in res.output
    res = invoke(folder, "--out", tmp_path / "o3", "-m", "ordinal", "--classify", "--set", "ordinal.tau=auto")
    assert res.exit_code == 0, res.output


def test_progress_reporters():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert make_progress(True) is None
    assert make_progress(False, io.StringIO()).bar is None  # plain lines
    bar = make_progress(False, Terminal())
    assert bar.bar is not None  # a rich bar

    bar.start(2, 0)
    bar.update(Outcome("a.csv", False, "a.csv is empty (no data rows)"), 0.1)
    bar.finish()
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", bar.console.file.getvalue())  # drop ANSI styling
    assert "FAILED a.csv is empty" in text and "1 failed" in text


def _default_sigint() -> None:
    # A shell's background job (CI started with "&", nohup) ignores SIGINT, the child inherits
    # that and Python then never raises KeyboardInterrupt: give the CLI the default disposition,
    # and unblock the signals it is sent here (a blocked signal is inherited the same way).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _cli(*args, **kwargs):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    code = "import sys; from tsdyn.cli import main; sys.exit(main())"
    return subprocess.Popen(
        [sys.executable, "-c", code, "analyze", *map(str, args)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
        **kwargs,
    )


def _wait_until(ready, proc, what: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if ready():
            return
        if proc.poll() is not None:
            pytest.fail(f"batch ended before {what}: {proc.stderr.read()}")
        time.sleep(0.02)
    pytest.fail(f"batch made no progress: {what}")


def _lines(path: Path) -> int:
    return path.read_text().count("\n") if path.exists() else 0


def _gated_run(tmp_path: Path, free: int, jobs: int):
    """Six files; those after the first ``free`` wait at a gate while the file ``hold`` exists.

    The signal then lands while a known number of files is done, whatever the
    machine's load: a batch timed by sleeps raced the test's signal (under CI
    load the test saw two finished files only after all six were done).
    """
    folder = make_folder(tmp_path, n=6)
    tickets, hold = tmp_path / "tickets", tmp_path / "hold"
    tickets.mkdir()
    hold.touch()
    gate = {"tickets": str(tickets), "hold": str(hold), "free": free}
    sets = [f"batch_plugins:gate.{k}={json.dumps(v)}" for k, v in gate.items()]
    args = [folder, "--out", tmp_path / "out", "-m", "summary,batch_plugins:gate", "-j", jobs]
    for item in sets:
        args += ["--set", item]
    return folder, tickets, hold, gate, args


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_interrupted_run_resumes(tmp_path, monkeypatch, how):
    folder, tickets, hold, gate, args = _gated_run(tmp_path, free=2, jobs=1)
    journal = tmp_path / "out" / ".tsdyn" / "journal.jsonl"
    proc = _cli(*args)
    # two files done, the third held at the gate
    _wait_until(lambda: _lines(journal) >= 2 and (tickets / "ticket-2").exists(), proc, "two files")
    proc.send_signal(getattr(signal, how))
    proc.wait(timeout=60)
    assert _lines(journal) == 2
    if how == "SIGINT":
        assert proc.returncode == 130
        manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
        assert not manifest["complete"] and manifest["counts"]["done"] == 2
        assert manifest["interrupted_by"] == "SIGINT"
    hold.unlink()
    proc = _cli(*args, "--quiet")
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["complete"] and manifest["counts"]["resumed"] == 2
    resumed = pd.read_parquet(tmp_path / "out" / "summary.parquet")
    monkeypatch.syspath_prepend(str(ROOT / "tests"))
    params = {"batch_plugins:gate": gate}
    fresh = analyze_files(folder, measures=["summary", "batch_plugins:gate"], params=params)
    pd.testing.assert_frame_equal(resumed, fresh)


def test_sigterm_writes_the_outputs_and_ends_the_workers(tmp_path):
    """SIGTERM (timeout, SLURM, systemd) is handled like Ctrl-C: outputs written, workers ended, exit 143."""
    _, tickets, _, _, args = _gated_run(tmp_path, free=1, jobs=2)
    journal = tmp_path / "out" / ".tsdyn" / "journal.jsonl"
    proc = _cli(*args)
    # one file done, both workers held at the gate (a worker writes its pid file just after
    # taking its ticket: waiting for the ticket alone raced the second worker's pid file)
    _wait_until(
        lambda: (
            _lines(journal) >= 1 and (tickets / "ticket-2").exists() and len(list(tickets.glob("pid-*"))) >= 2
        ),
        proc,
        "one file",
    )
    workers = {int(p.name[4:]) for p in tickets.glob("pid-*")}
    assert len(workers) == 2
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 143, proc.stderr.read()
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["interrupted_by"] == "SIGTERM" and manifest["counts"]["done"] == 1
    assert not manifest["complete"] and len(pd.read_csv(tmp_path / "out" / "summary.csv")) == 1


def test_readme_first_command_on_the_bundled_examples(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    res = invoke("datasets/examples", "--out", tmp_path / "results")
    assert res.exit_code == 0, res.output
    summary = pd.read_parquet(tmp_path / "results" / "summary.parquet")
    assert set(summary["status"]) == {"ok"}
    assert len(summary) == 8  # 8 series (nile 1, sunspots 1, lorenz 3, slowing_down 1, stations 2)
    nile = summary[summary["file"] == "datasets/examples/nile.csv"]
    assert nile["summary_n"].tolist() == [100]
    assert nile["summary_mean"].iloc[0] == pytest.approx(919.35)  # R: mean(Nile)
    ews = summary[summary["file"] == "datasets/examples/slowing_down.csv"]
    assert ews["ews_ktau_ac1"].iloc[0] > 0.5  # the simulated approach to a transition shows rising memory
    columns = pd.read_csv(tmp_path / "results" / "columns.csv")
    assert columns["column"].tolist() == summary.columns.tolist()
    assert columns.set_index("column").loc["ordinal_permutation_entropy", "unit"] == "1"
