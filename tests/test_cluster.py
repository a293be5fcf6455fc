"""Batch work on a real dask cluster: a scheduler and workers started as separate processes.

The workers run in another working folder than the client (as on a real
cluster), so a relative path sent to them unresolved would not be found.
Where the system allows it (root, or unprivileged user namespaces) they also
run in their own mount namespace with an empty tmpfs over the folder
``private``: what the client keeps there, the workers do not see, as on a
cluster without a shared file system.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tsdyn._jobs import DaskBackend, Job, iter_jobs
from tsdyn.errors import InputError
from tsdyn.io.batch import analyze_files

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 60  # seconds: a loaded 2-core CI machine starts dask processes slowly

# a job function the workers import (cloudpickle sends functions by reference)
HELPER = """
import os, time

def nap(seconds):
    time.sleep(seconds)
    return os.getpid()
"""


class Cluster:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.file = tmp / "scheduler.json"
        self.workdir = tmp / "elsewhere"  # the workers' working folder, not the client's
        self.workdir.mkdir()
        (tmp / "helpers").mkdir()
        (tmp / "helpers" / "cluster_helper.py").write_text(HELPER)
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp / "helpers")]),
            "NUMBA_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
        }
        self.procs: list[subprocess.Popen] = []
        self.address = ""
        self.private = tmp / "private"  # the workers see an empty tmpfs here, if mounting is permitted
        self.private.mkdir()
        self.why = "unshare is not installed"
        self.hide = self._hiding()

    def _hiding(self) -> list[str]:
        """The command prefix that runs a worker with ``private`` hidden, or [] where it cannot be done."""
        unshare = ["unshare", "--mount", "--propagation", "private"]
        if os.geteuid() != 0:
            unshare.insert(1, "--map-root-user")
        hide = [*unshare, "sh", "-c", f'mount -t tmpfs tsdyn-test "{self.private}" && exec "$@"', "sh"]
        try:
            probe = subprocess.run([*hide, "true"], capture_output=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            return []
        self.why = probe.stderr.decode(errors="replace").strip()
        return hide if probe.returncode == 0 else []

    def _spawn(self, *args: str) -> subprocess.Popen:
        command = [sys.executable, "-m", "distributed.cli.dask_" + args[0], *args[1:]]
        with open(self.tmp / f"{args[0]}-{len(self.procs)}.log", "wb") as log:  # read when a test fails
            proc = subprocess.Popen(
                [*self.hide, *command] if args[0] == "worker" else command,
                cwd=self.workdir, env=self.env, stdout=subprocess.DEVNULL, stderr=log,
            )  # fmt: skip
        self.procs.append(proc)
        return proc

    def start(self) -> None:
        self._spawn("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                    "--scheduler-file", str(self.file))  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert self.file.exists(), "the dask scheduler did not start"
        time.sleep(0.2)  # the file is written in one go, but give it the moment
        import json

        self.address = json.loads(self.file.read_text())["address"]
        for _ in range(2):
            self.add_worker()
        self.wait_for(2)

    def add_worker(self) -> subprocess.Popen:
        return self._spawn("worker", self.address, "--nworkers", "1", "--nthreads", "1", "--no-nanny",
                           "--no-dashboard", "--host", "127.0.0.1")  # fmt: skip

    def wait_for(self, n: int) -> None:
        with distributed.Client(self.address, timeout=f"{START_TIMEOUT}s") as client:
            client.wait_for_workers(n, timeout=START_TIMEOUT)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


def _folder(root: Path, n: int = 4) -> Path:
    folder = root / "data"
    folder.mkdir()
    rng = np.random.default_rng(7)
    for i in range(n):
        values = np.cumsum(rng.standard_normal((60, 2)), axis=0)
        frame = pd.DataFrame({"time": np.arange(60.0), "x": values[:, 0], "y": values[:, 1]})
        frame.to_csv(folder / f"f{i}.csv", index=False)
    (folder / "bad.csv").write_text("time,x\n0,1\n1,oops\n")
    return folder


def test_relative_paths_on_a_cluster_match_a_local_run(cluster, tmp_path, monkeypatch):
    _folder(tmp_path)
    monkeypatch.chdir(tmp_path)  # the client works here, the workers in cluster.workdir
    kwargs = {"measures": ["summary", "ews"], "seed": 3, "params": {"ews": {"n_surrogates": 5}}}
    local = analyze_files("data", out="out_local", **kwargs)
    remote = analyze_files("data", out="out_remote", scheduler=cluster.address, **kwargs)
    pd.testing.assert_frame_equal(local, remote)
    assert (remote["status"] == "ok").sum() == 8  # 4 files x 2 series: none "does not exist"
    assert (remote["status"] == "failed").sum() == 1  # bad.csv, for its content
    assert "does not exist" not in " ".join(remote["error"].astype(str))
    for name in sorted(os.listdir("out_local/rolling")):
        assert Path("out_remote/rolling", name).exists()


def test_unreachable_scheduler_fails_fast_and_writes_nothing(tmp_path):
    _folder(tmp_path)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(InputError, match="cannot connect to the dask scheduler"):
        analyze_files(tmp_path / "data", out=tmp_path / "out", scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - start < 15
    assert not (tmp_path / "out").exists()


def test_a_worker_dying_mid_run_has_its_jobs_redone_once(cluster, monkeypatch):
    monkeypatch.syspath_prepend(str(cluster.tmp / "helpers"))
    from cluster_helper import nap

    victim = cluster.add_worker()
    cluster.wait_for(3)
    jobs = [Job(key=str(i), func=nap, args=(0.4,)) for i in range(24)]
    seen, killed_busy = [], False
    with DaskBackend(cluster.address) as backend:
        for result in iter_jobs(jobs, backend=backend):
            seen.append(result)
            if victim.poll() is None:
                killed_busy = _processing(backend.client).get(victim.pid, 0) > 0
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait(timeout=10)
    assert killed_busy  # the worker died holding jobs
    assert sorted(int(r.key) for r in seen) == list(range(24))  # each job once
    assert all(r.ok and not r.crashed for r in seen)


def _processing(client) -> dict[int, int]:
    """Jobs in flight on each worker, by the worker's process id."""
    pids = client.run(os.getpid)
    return {pids[w]: len(p) for w, p in client.processing().items() if w in pids}


def test_generate_corpus_and_benchmark_through_the_cluster_match_a_local_run(cluster, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tsdyn.cli import main

    monkeypatch.chdir(tmp_path)
    corpus = ["generate", "corpus", "--systems", "Henon", "--per-system", "4", "--shard-size", "2", "--n", "40",
              "--no-progress"]  # fmt: skip
    bench = ["generate", "benchmark", "--systems", "Henon", "--granularity", "coarse", "--n-train", "60",
             "--n-test", "20", "--no-progress"]  # fmt: skip
    runner = CliRunner()
    for args, out in [(corpus, "corpus"), (bench, "bench")]:
        local = runner.invoke(main, [*args, "--out", f"{out}_local"])
        remote = runner.invoke(main, [*args, "--out", f"{out}_remote", "--scheduler", cluster.address])
        assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    one, two = (pd.read_csv(f"corpus_{w}/manifest.csv") for w in ("local", "remote"))
    pd.testing.assert_frame_equal(one, two)  # same checksums: deterministic whoever integrates
    assert len(two) == 4
    a, b = (pd.read_parquet(f"bench_{w}/benchmark.parquet") for w in ("local", "remote"))
    pd.testing.assert_frame_equal(a, b)


def test_catalog_features_and_compile_through_the_cluster_match_a_local_run(cluster):
    from click.testing import CliRunner

    from tsdyn.cli import main
    from tsdyn.forecast.features import catalog_features

    kwargs = {"n": 1000, "n_surrogates": 19, "seed": 4}
    local = catalog_features(["Logistic", "Henon"], **kwargs)
    remote = catalog_features(["Logistic", "Henon"], scheduler=cluster.address, **kwargs)
    pd.testing.assert_frame_equal(local, remote)  # the surrogates' draws too: keyed by system, not worker
    assert remote["label"].tolist() == ["chaotic", "chaotic"]
    args = ["compile", "--systems", "Henon,Logistic", "--engines", "none", "--no-progress"]
    runner = CliRunner()
    here, there = runner.invoke(main, args), runner.invoke(main, [*args, "--scheduler", cluster.address])
    assert here.exit_code == 0 and there.exit_code == 0, there.output
    assert "2 system(s) and 1 solver(s) in numba's cache" in there.output


def test_a_chunked_ensemble_computes_on_the_workers(cluster):
    import tsdyn.systems as ts

    s = ts.get("Henon")
    ic = s.ic + 1e-3 * np.random.default_rng(2).normal(size=(6, 2))
    lazy = s.integrate(ic=ic, n=30, chunks=2)
    with distributed.Client(cluster.address, timeout="20s") as client:
        values = client.compute(lazy.data).result(timeout=120)
        assert len(client.scheduler_info()["workers"]) >= 2
    np.testing.assert_array_equal(values, s.integrate(ic=ic, n=30).values)


def test_workers_without_the_shared_file_system_get_the_files_shipped(cluster, monkeypatch):
    from click.testing import CliRunner

    from tsdyn.cli import main
    from tsdyn.io.batch import run_batch

    if not cluster.hide:
        pytest.skip(
            f"workers cannot be given a mount namespace here (no shared file system to hide): {cluster.why}"
        )
    here = cluster.private / "client"
    here.mkdir()
    _folder(here)
    monkeypatch.chdir(here)
    with distributed.Client(cluster.address, timeout="20s") as client:
        assert not any(client.run(os.path.exists, str(here / "data")).values())  # they really do not see it
    kwargs = {"measures": ["summary", "ews"], "seed": 3, "params": {"ews": {"n_surrogates": 5}}}
    local = run_batch(["data"], out="out_local", **kwargs)
    remote = run_batch(["data"], out="out_remote", scheduler=cluster.address, **kwargs)
    assert (
        remote.manifest["file_access"].startswith("shipped")
        and "does not see" in remote.manifest["file_access"]
    )
    pd.testing.assert_frame_equal(local.summary, remote.summary)
    assert (remote.summary["status"] == "ok").sum() == 8
    import xarray as xr

    names = sorted(p.relative_to("out_local").as_posix() for p in Path("out_local").rglob("*.nc"))
    assert names == sorted(p.relative_to("out_remote").as_posix() for p in Path("out_remote").rglob("*.nc"))
    for name in names:  # written here, by the client, as a local run writes them
        with xr.open_dataset(f"out_local/{name}") as a, xr.open_dataset(f"out_remote/{name}") as b:
            xr.testing.assert_identical(a, b)
    # the corpus: shards built on the workers, sent back and written here
    args = ["generate", "corpus", "--systems", "Henon", "--per-system", "4", "--shard-size", "2", "--n", "40",
            "--no-progress"]  # fmt: skip
    runner = CliRunner()
    local_run = runner.invoke(main, [*args, "--out", "corpus_local"])
    remote_run = runner.invoke(main, [*args, "--out", "corpus_remote", "--scheduler", cluster.address])
    assert local_run.exit_code == 0 and remote_run.exit_code == 0, remote_run.output
    assert "files: shipped" in remote_run.output
    one, two = (pd.read_csv(f"corpus_{w}/manifest.csv") for w in ("local", "remote"))
    pd.testing.assert_frame_equal(one, two)
    import zarr

    for path in two["path"].unique():
        np.testing.assert_array_equal(
            zarr.open_group(f"corpus_local/{path}", mode="r")["trajectory"][:],
            zarr.open_group(f"corpus_remote/{path}", mode="r")["trajectory"][:],
        )
    # the benchmark: netCDF files built on the workers, sent back and written here; a rerun keeps them
    bench = ["generate", "benchmark", "--systems", "Henon,Logistic", "--granularity", "coarse", "--n-train", "60",
             "--n-test", "20", "--no-progress"]  # fmt: skip
    local_run = runner.invoke(main, [*bench, "--out", "bench_local"])
    remote_run = runner.invoke(main, [*bench, "--out", "bench_remote", "--scheduler", cluster.address])
    assert local_run.exit_code == 0 and remote_run.exit_code == 0, remote_run.output
    assert "2 built" in remote_run.output and "files: shipped" in remote_run.output
    for name in ("Henon__coarse.nc", "Logistic__coarse.nc"):
        with (
            xr.open_dataset(f"bench_local/netcdf/{name}") as a,
            xr.open_dataset(f"bench_remote/netcdf/{name}") as b,
        ):
            xr.testing.assert_identical(a, b)
    a, b = (pd.read_parquet(f"bench_{w}/benchmark.parquet") for w in ("local", "remote"))
    pd.testing.assert_frame_equal(a, b)
    again = runner.invoke(main, [*bench, "--out", "bench_remote", "--scheduler", cluster.address])
    assert again.exit_code == 0 and "0 built, 2 kept" in again.output, again.output


def test_workers_that_do_not_share_the_files_are_named(tmp_path):
    from tsdyn import _jobs

    seen = tmp_path / "f.csv"
    seen.write_text("x\n1\n")
    assert _jobs._differ({str(seen): _jobs._stat(seen)}) == []
    assert _jobs._differ({str(seen): ("file", 99, 0)}) == [str(seen)]  # another size: another file

    class Elsewhere:  # a cluster whose workers mount other disks: they run _differ over there
        def run(self, func, expected):
            return {
                "tcp://10.0.0.1:1": func({p: ("missing", -1, -1) for p in expected}),
                "tcp://10.0.0.2:1": [],
            }

    backend = DaskBackend("tcp://10.0.0.1:8786")
    backend.client = Elsewhere()
    told = r"1 of 2 dask worker\(s\) do not share this file system: worker tcp://10.0.0.1:1 does not see"
    with pytest.raises(InputError, match=told):
        backend.check_files([seen])
    assert backend.file_access([seen], out=tmp_path / "out") == "shipped"
    assert re.match(told, backend.files_reason)
    assert os.listdir(tmp_path / "out") == []  # the probe file is gone
