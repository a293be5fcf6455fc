"""The job runner (tsdyn/_jobs.py): order, failures, retries, resume, seeds, worker deaths."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from tsdyn._jobs import Interrupted, Job, Journal, ProcessBackend, SerialBackend, iter_jobs, run_jobs
from tsdyn.errors import InputError
from tsdyn.rng import seed_for_key

# Job functions live at module level: spawned workers import them by name.


def nap_then_square(i, delay):
    time.sleep(delay)
    return i * i


def swallow_an_interrupt(i):
    """Gets SIGINT and loses its KeyboardInterrupt, as Python does when it lands in a finalizer."""
    try:
        signal.raise_signal(signal.SIGINT)
        time.sleep(1)  # the exception arrives here, at the latest
    except KeyboardInterrupt:
        pass
    return i


def draw(root, key):
    return float(np.random.default_rng(seed_for_key(root, key)).random())


def logged(log, key, fail_until=0):
    """Appends ``key`` to ``log``; raises while ``key`` has been logged fewer than ``fail_until`` times."""
    with open(log, "a") as fh:
        fh.write(key + "\n")
    with open(log) as fh:
        calls = fh.read().split().count(key)
    if calls <= fail_until:
        raise RuntimeError(f"{key} failed on call {calls}")
    return calls


def die_on(key):
    if key == "boom":
        os._exit(3)
    time.sleep(0.3)
    return key


def test_results_come_back_in_job_order_whatever_order_they_finish():
    # the first job sleeps longest, so it finishes last on two workers
    jobs = [Job(key=str(i), func=nap_then_square, args=(i, 0.6 - 0.2 * i)) for i in range(3)]
    finished = [r.index for r in iter_jobs(jobs, workers=2)]
    assert sorted(finished) == [0, 1, 2]
    results = run_jobs(jobs, workers=2)
    assert [r.value for r in results] == [0, 1, 4]
    assert [r.key for r in results] == ["0", "1", "2"]


def test_seeds_do_not_depend_on_the_number_of_workers():
    jobs = [Job(key=f"file{i}", func=draw, args=(7, f"file{i}")) for i in range(4)]
    one = [r.value for r in run_jobs(jobs, workers=1)]
    two = [r.value for r in run_jobs(jobs, workers=2)]
    assert one == two and len(set(one)) == 4


def test_a_failure_is_recorded_and_the_others_go_on(tmp_path):
    log = tmp_path / "log"
    jobs = [Job(key=k, func=logged, args=(log, k, 99 if k == "b" else 0)) for k in "abc"]
    a, b, c = run_jobs(jobs)
    assert a.ok and c.ok and not b.ok
    assert b.error == "RuntimeError: b failed on call 1" and "Traceback" in b.traceback
    assert b.tries == 1 and not b.crashed


@pytest.mark.parametrize("backend", [SerialBackend(), ProcessBackend(2)], ids=["serial", "processes"])
def test_retries_rerun_a_job_that_raised(tmp_path, backend):
    log = tmp_path / "log"
    jobs = [Job(key=k, func=logged, args=(log, k, 2 if k == "flaky" else 0)) for k in ("flaky", "fine")]
    flaky, fine = run_jobs(jobs, backend=backend, retries=2)
    assert flaky.ok and flaky.tries == 3 and flaky.value == 3
    assert fine.ok and fine.tries == 1
    flaky = run_jobs([Job(key="again", func=logged, args=(log, "again", 5))], backend=backend, retries=1)[0]
    assert not flaky.ok and flaky.tries == 2


def test_a_rerun_with_the_journal_skips_what_finished(tmp_path):
    log, path = tmp_path / "log", tmp_path / "journal.jsonl"
    jobs = [Job(key=k, func=logged, args=(log, k, 1 if k == "c" else 0)) for k in "abc"]
    first = run_jobs(jobs, journal=Journal(path))
    assert [r.ok for r in first] == [True, True, False]
    with open(path, "a") as fh:
        fh.write('{"key": "d", "ok": tr')  # a line cut short by a kill
    second = run_jobs(jobs, journal=Journal(path))
    assert [r.resumed for r in second] == [True, True, False]
    assert [r.value for r in second] == [1, 1, 2]  # a and b from the journal, c run again
    assert log.read_text().split() == ["a", "b", "c", "c"]
    # opening rewrote it without the cut line; then c's new record was appended
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["key"], r["ok"]) for r in records] == [("a", True), ("b", True), ("c", False), ("c", True)]
    assert {k: r["ok"] for k, r in Journal(path).records.items()} == {"a": True, "b": True, "c": True}
    fresh = run_jobs(jobs, journal=Journal(path, resume=False))
    assert not any(r.resumed for r in fresh)


def test_fail_fast_stops_handing_out_jobs(tmp_path):
    log = tmp_path / "log"
    jobs = [Job(key=k, func=logged, args=(log, k, 1 if k == "b" else 0)) for k in "abcd"]
    results = run_jobs(jobs, fail_fast=True)
    assert [r.key for r in results] == ["a", "b"]


def test_a_dying_worker_fails_only_its_job():
    jobs = [Job(key=k, func=die_on, args=(k,)) for k in ("x", "boom", "y", "z")]
    results = run_jobs(jobs, workers=2)
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[1].crashed and "the worker process died (2 tries)" in results[1].error


def test_keys_must_be_unique():
    with pytest.raises(InputError, match="job keys must be unique; repeated: a"):
        run_jobs([Job(key="a", func=abs, args=(1,)), Job(key="a", func=abs, args=(2,))])


def _descendants(pid: int) -> set[int]:
    """Processes below ``pid``, from /proc (Linux)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        kids = {p for p, ppid in parents.items() if ppid == parent}
        found |= kids
        todo.extend(kids)
    return found


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False  # gone (a zombie nobody reaps counts as gone too)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds child processes in /proc (Linux)")
def test_workers_and_resource_tracker_end_after_kill_9_of_the_main_process(tmp_path):
    # the jobs are builtins (exec), so the workers import nothing heavy: a cheap real pool
    job = f"import os, time; open(os.path.join({str(tmp_path)!r}, str(os.getpid())), 'w').close(); time.sleep(60)"
    main = (
        "from tsdyn._jobs import Job, run_jobs\n"
        f"run_jobs([Job(key=str(i), func=exec, args=({job!r},)) for i in range(2)], workers=2)\n"
    )
    root = Path(__file__).parents[1]
    proc = subprocess.Popen([sys.executable, "-c", main], env=dict(os.environ, PYTHONPATH=str(root)))
    end = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < 2 and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.02)
    children = _descendants(proc.pid)
    assert len(children) >= 3  # two workers and multiprocessing's resource tracker
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    end = time.monotonic() + 10
    while any(map(_running, children)) and time.monotonic() < end:
        time.sleep(0.05)
    assert not [pid for pid in children if _running(pid)], "processes outlived their parent"


@pytest.fixture
def sigint_default():
    """Ctrl-C as Python sets it up, whatever earlier tests in this process (dask, pools) left."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    yield
    signal.signal(signal.SIGINT, before)


def test_a_signal_whose_exception_was_lost_still_stops_the_run(tmp_path, sigint_default):
    journal = Journal(tmp_path / "journal.jsonl")
    jobs = [Job(key=str(i), func=swallow_an_interrupt, args=(i,)) for i in range(3)]
    finished = []
    with pytest.raises(Interrupted) as caught:
        for result in iter_jobs(jobs, journal=journal):
            finished.append(result.value)
    assert finished == [0] and caught.value.exit_code == 130  # no second job started
    assert len((tmp_path / "journal.jsonl").read_text().splitlines()) == 1


def test_a_signal_between_jobs_never_loses_a_journaled_result(tmp_path, sigint_default):
    """The old flaky SIGINT case: an interrupt landing after a result was journaled, before the caller
    got it (here: while progress prints), left the interrupted run's summary one file short of its
    journal. It is now held until the caller has the result."""

    class SignalWhilePrinting:
        def start(self, total, done=0):
            pass

        def update(self, outcome, seconds=0.0):
            signal.raise_signal(signal.SIGINT)
            time.sleep(0.2)  # a raise would land here

        def finish(self):
            pass

    journal = Journal(tmp_path / "journal.jsonl")
    jobs = [Job(key=str(i), func=pow, args=(i, 2)) for i in range(3)]
    received = []
    with pytest.raises(Interrupted):
        for result in iter_jobs(jobs, journal=journal, progress=SignalWhilePrinting()):
            received.append(result.value)
    assert received == [0]
    assert len((tmp_path / "journal.jsonl").read_text().splitlines()) == 1
