"""The training-corpus generator: validated variants in zarr shards, a manifest, resume."""

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tsdyn import systems
from tsdyn.errors import InputError
from tsdyn.forecast import corpora, corpus

zarr = pytest.importorskip("zarr")
ROOT = Path(__file__).resolve().parents[2]
SMALL = {"systems": ["Henon"], "per_system": 6, "shard_size": 2, "n": 60, "param_range": 0.02}


def test_shards_hold_what_the_manifest_says(tmp_path):
    table = corpus(tmp_path, **SMALL)
    assert len(table) == 6 and table["sha256"].is_unique
    base = dict(systems.get("Henon").params)
    for path, rows in table.groupby("path", sort=False):
        group = zarr.open_group(str(tmp_path / path), mode="r")
        x, p = np.asarray(group["trajectory"]), np.asarray(group["params"])
        assert x.shape == (len(rows), 60, 2)
        assert [hashlib.sha256(m.tobytes()).hexdigest() for m in x] == rows["sha256"].tolist()
        # every variant bounded and moving (the validated-ensemble rules), parameters perturbed a little
        assert np.isfinite(x).all() and (x.std(axis=1) > 1e-3).all()
        rel = p / np.array(list(base.values())) - 1
        assert (np.abs(rel) > 0).all() and (np.abs(rel) < 0.2).all()
        assert [json.loads(s) for s in rows["params"]] == [
            dict(zip(base, q, strict=True)) for q in p.tolist()
        ]
    stats = pd.read_csv(tmp_path / "systems.csv")
    assert stats.loc[0, "kept"] == 6


def test_reader_needs_numpy_and_zarr_only(tmp_path):
    corpus(tmp_path, **SMALL)
    block = "import sys, runpy; sys.modules['tsdyn'] = None; sys.argv = sys.argv[1:]; "
    run = [sys.executable, "-c", block + "runpy.run_path(sys.argv[0], run_name='__main__')"]
    done = subprocess.run(
        [*run, str(ROOT / "tools" / "read_corpus.py"), str(tmp_path), "4"], capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    assert done.stdout.splitlines()[-1] == "6 trajectories read"


def test_a_full_disk_leaves_a_consistent_journal_and_a_rerun_finishes(tmp_path, monkeypatch):
    reference = corpus(tmp_path / "ref", **SMALL)
    real_replace = corpora.os.replace

    def full(src, dst):
        if str(dst).endswith("00001.zarr"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(corpora.os, "replace", full)
    partial = corpus(tmp_path / "out", **SMALL)
    assert sorted(partial["shard"].unique()) == [0, 2]  # the others went on
    stats = pd.read_csv(tmp_path / "out" / "systems.csv")
    assert stats.loc[0, "failed_shards"] == 1 and "No space left" in stats.loc[0, "error"]
    records = [json.loads(line) for line in (tmp_path / "out" / "journal.jsonl").read_text().splitlines()]
    assert sorted((r["key"].split("/")[1], r["ok"]) for r in records) == [
        ("00000", True), ("00001", False), ("00002", True)
    ]  # fmt: skip
    assert not list((tmp_path / "out" / "shards" / "Henon").glob(".*"))  # no half-written shard
    monkeypatch.setattr(corpora.os, "replace", real_replace)
    built = []
    monkeypatch.setattr(corpora, "build_shard", lambda s: built.append(s.index) or _original_build(s))
    final = corpus(tmp_path / "out", **SMALL)
    assert built == [1]  # resumed: only the missing shard was built
    pd.testing.assert_frame_equal(final.drop(columns="path"), reference.drop(columns="path"))


_original_build = corpora.build_shard


def test_variants_that_blow_up_are_reported_and_the_run_goes_on(tmp_path):
    corpus(tmp_path, systems=["Henon", "Chirikov"], per_system=2, shard_size=2, n=40, param_range=0.6)
    stats = pd.read_csv(tmp_path / "systems.csv").set_index("system")
    rejected = pd.read_csv(tmp_path / "rejected.csv")
    assert stats.loc["Henon", "rejected_unbounded"] > 0  # a 60 % spread throws Henon off its attractor
    assert set(rejected["reason"]) <= {"unbounded", "fixed point", "limit cycle", "integration failed"}
    assert stats["rejected"].sum() == len(rejected)


def test_bad_options_fail_before_any_work(tmp_path):
    with pytest.raises(InputError, match="param_range"):
        corpus(tmp_path / "a", systems=["Henon"], param_range=-1)
    with pytest.raises(InputError, match="lyapunov_fraction"):
        corpus(tmp_path / "b", systems=["Henon"], lyapunov_fraction=2)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


FULL_DISK = """
import json, subprocess, sys
from pathlib import Path

import zarr
import hashlib

from tsdyn.forecast import corpus

disk, options = Path(sys.argv[1]), json.loads(sys.argv[2])
out = disk / "out"
try:
    corpus(out, **options)
    first = "finished"
except OSError as err:
    first = f"{type(err).__name__}: {err}"
journal = out / "journal.jsonl"
records = []
for line in journal.read_text().splitlines() if journal.exists() else []:
    try:
        records.append(json.loads(line))
    except ValueError:
        pass  # a line the full disk cut short: ignored on resume
whole = []
for r in records:
    if r["ok"]:
        x = zarr.open_group(r["value"]["path"], mode="r")["trajectory"][:]
        whole.append([hashlib.sha256(m.tobytes()).hexdigest() for m in x] == [w["sha256"] for w in r["value"]["rows"]])
leftovers = [p.name for p in (out / "shards").rglob(".*")]
subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)  # space freed
table = corpus(out, **options)
print(json.dumps({"first": first, "ok_records": len(whole), "whole": all(whole), "leftovers": leftovers,
                  "sha256": table["sha256"].tolist()}))
"""


def test_a_real_full_disk_keeps_the_journal_consistent(tmp_path):
    """A small tmpfs in a mount namespace of its own (root, or unprivileged user namespaces)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    unshare = ["unshare", "--mount", "--propagation", "private"]
    probe = subprocess.run([*unshare, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here (unshare --mount refused: {probe.stderr.strip()})")
    options = {**SMALL, "per_system": 40, "n": 400}
    reference = corpus(tmp_path / "ref", **options)
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DISK)
    mount = f'mount -t tmpfs -o size=160k tsdyn-full "{disk}" && exec "$@"'
    done = subprocess.run(
        [*unshare, "sh", "-c", mount, "sh", sys.executable, str(script), str(disk), json.dumps(options)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.splitlines()[-1])
    assert "No space left" in report["first"]  # the disk did fill up
    assert report["whole"] and report["leftovers"] == []  # what the journal holds is there, whole
    assert report["sha256"] == reference["sha256"].tolist()  # the rerun finished the same corpus


def test_a_shard_stops_after_max_tries_and_says_so(tmp_path):
    """A 60 % parameter spread throws most Henon variants off the attractor: one try per wanted trajectory."""
    corpus(tmp_path, systems=["Henon"], per_system=8, shard_size=4, n=40, param_range=0.6, max_tries=1)
    stats = pd.read_csv(tmp_path / "systems.csv").set_index("system")
    assert stats.loc["Henon", "candidates"] == 8  # no shard drew past its 4 candidates
    assert stats.loc["Henon", "kept"] + stats.loc["Henon", "rejected"] == 8
    assert stats.loc["Henon", "kept"] < 8 and stats.loc["Henon", "short_shards"] >= 1


def test_the_lyapunov_check_runs_on_a_seeded_share_of_the_variants(tmp_path):
    options = {**SMALL, "per_system": 24, "shard_size": 12, "lyapunov_fraction": 0.3}
    corpus(tmp_path / "a", **options)
    corpus(tmp_path / "b", **options, jobs=2)
    a = pd.read_csv(tmp_path / "a" / "systems.csv")
    b = pd.read_csv(tmp_path / "b" / "systems.csv")
    checked = int(a.loc[0, "lyapunov_checked"])
    # binomial(24 candidates or more, 0.3): far from none and from all; the same draw on 2 workers
    assert 2 <= checked <= 18 and checked == b.loc[0, "lyapunov_checked"]
    none = corpus(tmp_path / "c", **{**options, "lyapunov_fraction": 0.0})
    assert pd.read_csv(tmp_path / "c" / "systems.csv").loc[0, "lyapunov_checked"] == 0 and len(none) == 24


def test_stiff_flows_are_found_by_the_measured_rule(tmp_path):
    """KS on 64 points: spectral radius x sampling step = 335 (> 60): RODAS4; Lorenz: 0.18, DOP853."""
    options = {"per_system": 1, "n": 30, "transient_periods": 1.0, "lyapunov_fraction": 0.0}
    table = corpus(tmp_path, systems=["KuramotoSivashinsky", "Lorenz"], **options)
    stats = pd.read_csv(tmp_path / "systems.csv").set_index("system")
    assert stats.loc["KuramotoSivashinsky", "method"] == "rodas4"
    assert stats.loc["Lorenz", "method"] == "dop853"
    assert (
        stats.loc["KuramotoSivashinsky", "stiffness"]
        > corpora.STIFFNESS_LIMIT
        > stats.loc["Lorenz", "stiffness"]
    )
    params = json.loads(table.set_index("system").loc["KuramotoSivashinsky", "params"])
    assert params["N"] == 64.0 and params["L"] != 22.0  # the grid size is not perturbed, the domain is


def test_a_narrowed_spread_is_recorded_and_the_same_on_two_workers(tmp_path):
    """A 30 % spread throws most Henon variants past its boundary crisis (2 % above a = 1.4): the
    shards narrow their spread and keep more; the result does not depend on the workers."""
    options = {**SMALL, "per_system": 32, "shard_size": 16, "param_range": 0.3, "ic_spread": 0.05}
    one = corpus(tmp_path / "one", **options)
    two = corpus(tmp_path / "two", **options, jobs=2)
    pd.testing.assert_frame_equal(one.drop(columns="path"), two.drop(columns="path"))
    narrowed = one[one["param_range"] < 0.3]
    assert len(narrowed) and np.isin(one["param_range"] / 0.3, 2.0 ** -np.arange(7)).all()
    assert np.allclose(one["ic_spread"] / 0.05, one["param_range"] / 0.3)
    # each trajectory's parameters lie within a few of its own standard deviations of the catalog's
    a = np.array([json.loads(p)["a"] for p in one["params"]])
    assert (np.abs(a / 1.4 - 1) < 5 * one["param_range"]).all()
    stats = pd.read_csv(tmp_path / "one" / "systems.csv").set_index("system")
    assert stats.loc["Henon", "narrowed"] == len(narrowed)
    assert stats.loc["Henon", "param_range_min"] == one["param_range"].min()
    plain = corpus(tmp_path / "plain", **options, shrink_spread=False)
    assert len(plain) < len(one) and (plain["param_range"] == 0.3).all()  # two tries per trajectory
    from click.testing import CliRunner

    from tsdyn.cli import main

    args = ["generate", "corpus", "--systems", "Henon", "--per-system", "32", "--shard-size", "16", "-n", "60",
            "--param-range", "0.3", "--fixed-spread", "-q", "--out", str(tmp_path / "cli")]  # fmt: skip
    assert CliRunner().invoke(main, args).exit_code == 0
    assert (pd.read_csv(tmp_path / "cli" / "manifest.csv")["param_range"] == 0.3).all()
