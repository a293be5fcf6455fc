"""Run the peers' lambda1 and D2 estimators at their defaults on the validation's series.

The series are those of ``tools/validate_chaos.py`` (same function, same
seeds): ``--n`` samples of the first variable of every scored catalog system,
flows at 100 points per dominant period, maps every iteration, optionally with
observation noise. Peers, each at its documented defaults:

- nolds (loaded through ``tools/nolds_shim.py``): ``lyap_r(x)`` (per sample,
  divided by the sampling interval) and ``corr_dim(x, emb_dim=4)`` (nolds has no
  default embedding dimension; 4 unfolds the catalog's 2-3-dimensional attractors);
- NeuroKit2: ``complexity_lyapunov(x)`` (per sample, divided by the sampling interval);
- tsdynamics 6 (Python 3.12, in a subprocess: the environment variable ``TSDYNAMICS_PYTHON``,
  default ``/tmp/tsd312/bin/python``):
  ``lyapunov_from_data(x, dt=dt)`` and ``correlation_dimension(embed(x))``.

Each (system, setting, peer) result is kept in ``--results``, one JSON file tracked in
the repository (``benchmarks/chaos_validation_peers.json``, one line a result, written after
each), so a run resumes and the validation page can be rebuilt on any machine without the
peers: they take hours, tsdyn's side minutes. ``--time-cap`` stops starting new systems after
so many seconds. ``tools/validate_chaos.py --write-doc`` reads these results and puts the
peers' shares in the same table as tsdyn's (scored against the current references, without
re-estimating). The systems are taken in a stratified order (``--order``) so that a
run stopped early is a representative sample. Run it niced, e.g.::

    nice -n 15 python tools/validate_chaos_peers.py --time-cap 1800

Why it is slow: all three peers are O(N^2) in time and memory at their defaults (nolds'
``lyap_r`` and ``corr_dim`` build the full N x N distance matrix row by row in Python,
NeuroKit2's Rosenstein method the full matrix with scikit-learn, then a Python loop over its
rows: 800 MB at N = 10 000), and on the shared 2-core machine at nice 15 most of the wall
time is waiting for a CPU: each result records ``cpu_seconds`` beside ``seconds`` (wall)
(IkedaDelay, nolds: 19 s of CPU in 519 s of wall at a load of 12). Measured 2026-12-06 on
20 systems: 27 s of CPU a system for the three peers (nolds 18, tsdynamics 6, NeuroKit2 4),
so the whole scored set needs about an hour of one quiet core, while a session's run at
nice 15 beside six other helpers (load 12-22) did 21 systems in 84 minutes of wall.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "chaos_validation_peers.json"
PEERS = ("nolds", "neurokit2", "tsdynamics")
TSDYNAMICS_PYTHON = os.environ.get("TSDYNAMICS_PYTHON", "/tmp/tsd312/bin/python")
#: Wall seconds the tsdynamics worker may take on one series before it is recorded as timed out:
#: generous, because at nice 15 on the shared machine a run waits most of its wall time.
PEER_TIMEOUT = 3600

_TSDYNAMICS_WORKER = """
import json, sys, time, warnings
import numpy as np
import tsdynamics.analysis as a
warnings.simplefilter("ignore")
x = np.load(sys.argv[1]); dt = float(sys.argv[2]); out = {}
t = time.perf_counter()
try:
    out["lambda_est"] = float(a.lyapunov_from_data(x, dt=dt))
except Exception as err:
    out["lambda_error"] = f"{type(err).__name__}: {str(err)[:200]}"
out["lambda_seconds"] = round(time.perf_counter() - t, 3)
t = time.perf_counter()
try:
    out["d2_est"] = float(a.correlation_dimension(a.embed(x)))
except Exception as err:
    out["d2_error"] = f"{type(err).__name__}: {str(err)[:200]}"
out["d2_seconds"] = round(time.perf_counter() - t, 3)
print(json.dumps(out))
"""


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timed(out: dict, key: str, run) -> None:
    t = time.perf_counter()
    try:
        value = float(run())
        out[f"{key}_est"] = value if math.isfinite(value) else None
    except Exception as err:  # a peer failing on a series is a result, recorded with its reason
        out[f"{key}_error"] = f"{type(err).__name__}: {str(err)[:200]}"
    out[f"{key}_seconds"] = round(time.perf_counter() - t, 3)


def run_nolds(x: np.ndarray, dt: float) -> dict:
    nolds = _tool("nolds_shim").load_nolds()
    out: dict = {}
    _timed(out, "lambda", lambda: nolds.lyap_r(x) / dt)
    _timed(out, "d2", lambda: nolds.corr_dim(x, emb_dim=4))
    return out


def run_neurokit2(x: np.ndarray, dt: float) -> dict:
    import neurokit2 as nk

    out: dict = {}
    _timed(out, "lambda", lambda: nk.complexity_lyapunov(x)[0] / dt)
    return out


def run_tsdynamics(x: np.ndarray, dt: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.npy"
        np.save(path, x)
        t = time.perf_counter()
        try:
            done = subprocess.run(
                [TSDYNAMICS_PYTHON, "-c", _TSDYNAMICS_WORKER, str(path), repr(dt)],
                capture_output=True,
                text=True,
                timeout=PEER_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return {"error": f"timed out after {PEER_TIMEOUT} s"}
        if done.returncode != 0:
            return {"error": f"worker exited {done.returncode}: {done.stderr.strip()[-200:]}"}
        out = json.loads(done.stdout.strip().splitlines()[-1])
        out["process_seconds"] = round(time.perf_counter() - t, 3)  # with the interpreter's start
        return out


def _cpu_seconds() -> float:
    """CPU seconds of this process and its finished children (the tsdynamics worker), all threads."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


RUNNERS = {"nolds": run_nolds, "neurokit2": run_neurokit2, "tsdynamics": run_tsdynamics}


def _spread(k: int) -> list[int]:
    """0..k-1 in van der Corput order: every prefix is spread evenly over the range.

    >>> _spread(8)
    [0, 4, 2, 6, 1, 5, 3, 7]
    """
    bits = max(1, (k - 1).bit_length())
    keys = [int(f"{i:0{bits}b}"[::-1], 2) for i in range(k)]
    return sorted(range(k), key=lambda i: keys[i])


def stratified(names: list[str], kinds: dict[str, str]) -> list[str]:
    """``names`` reordered so that a run stopped anywhere is a representative sample.

    Each kind (flow, map, delay equation) in proportion to its share, and inside a kind spread
    evenly over the alphabetical list (van der Corput order): the peers take about five
    minutes a system, so a session's run covers a part of the scored set.

    >>> stratified(["a", "b", "c", "d", "m"], {"a": "flow", "b": "flow", "c": "flow", "d": "flow", "m": "map"})
    ['a', 'm', 'c', 'b', 'd']
    """
    groups: dict[str, list[str]] = {}
    for name in sorted(names):
        groups.setdefault(kinds[name], []).append(name)
    queues = {kind: [g[i] for i in _spread(len(g))] for kind, g in groups.items()}
    taken = dict.fromkeys(queues, 0)
    out = []
    while len(out) < len(names):
        # the kind furthest behind its share (ties: the larger kind)
        kind = min(
            (k for k in queues if taken[k] < len(queues[k])),
            key=lambda k: (taken[k] / len(queues[k]), -len(queues[k])),
        )
        out.append(queues[kind][taken[kind]])
        taken[kind] += 1
    return out


def result_key(name: str, n: int, noise: float, peer: str) -> str:
    return f"{name}-n{n}-noise{noise:g}-{peer}"


def read_results(path: Path) -> dict[str, dict]:
    """Every stored peer result, by :func:`result_key` ({} where the file does not exist yet)."""
    return json.loads(path.read_text()) if path.exists() else {}


def write_results(path: Path, results: dict[str, dict]) -> None:
    """One line a result, in key order (small diffs); atomic, so a crash loses nothing stored."""
    lines = [f"{json.dumps(k)}: {json.dumps(results[k], sort_keys=True)}" for k in sorted(results)]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("{\n" + ",\n".join(lines) + "\n}\n")
    tmp.replace(path)


def load(path: Path, names: list[str], n: int, noise: float) -> dict[str, list[dict]]:
    """Stored peer results for the given systems: {peer: [result, ...]}."""
    stored = read_results(path)
    return {
        p: [stored[k] for k in (result_key(name, n, noise, p) for name in names) if k in stored]
        for p in PEERS
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="samples per series")
    parser.add_argument("--noise", type=float, default=0.0, help="observation noise, in SDs")
    parser.add_argument("--systems", nargs="*", help="only these (default: every scored system)")
    parser.add_argument("--stride", type=int, default=1, help="every STRIDE-th scored system")
    parser.add_argument(
        "--order",
        choices=("stratified", "alphabetical"),
        default="stratified",
        help="stratified: by kind, spread over the list, so that a partial run is representative",
    )
    parser.add_argument("--peers", nargs="*", default=list(PEERS), choices=PEERS)
    parser.add_argument("--time-cap", type=float, default=math.inf, help="seconds; no new system after it")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the stored results (JSON)")
    args = parser.parse_args(argv)
    validate = _tool("validate_chaos")
    scored, _ = validate.selection()
    chosen = scored if not args.systems else [s for s in scored if s in args.systems]
    chosen = chosen[:: args.stride]
    if args.order == "stratified":
        from tsdyn.systems import _invariants

        kinds = {n: e["kind"] for n, e in _invariants.load()["systems"].items()}
        chosen = stratified(chosen, kinds)
    results = read_results(args.results)
    start = time.perf_counter()
    for name in chosen:
        todo = [p for p in args.peers if result_key(name, args.n, args.noise, p) not in results]
        if not todo:
            continue
        if time.perf_counter() - start > args.time_cap:
            print(f"time cap reached: {name} not measured", flush=True)
            continue
        ref = validate._reference(name)
        try:
            x = validate.series(name, args.n, args.noise, ref.get("dominant_period"))
        except Exception as err:  # as in validate_chaos: reported, not fatal
            print(f"{name}: integration failed: {err}", flush=True)
            continue
        dt = float(x.time[1] - x.time[0])
        values = np.ascontiguousarray(x.values, dtype=np.float64)
        for peer in todo:
            t, cpu = time.perf_counter(), _cpu_seconds()
            r = {"system": name, "peer": peer, "n": args.n, "noise": args.noise, "dt": dt}
            r["period"] = ref.get("dominant_period")
            r |= RUNNERS[peer](values, dt)
            r["seconds"] = round(time.perf_counter() - t, 3)
            # CPU time beside the wall time: on a shared machine at nice 15 the wall time is
            # mostly waiting (Bedhead: 645 s of wall for the three peers at a load of 9-14)
            r["cpu_seconds"] = round(_cpu_seconds() - cpu, 3)
            results[result_key(name, args.n, args.noise, peer)] = r
            write_results(args.results, results)
            print(
                f"{name:24s} {peer:10s} lambda {r.get('lambda_est')} (ref {ref['lyapunov_max']:.3g}) "
                f"D2 {r.get('d2_est')} [{r['seconds']} s]",
                flush=True,
            )
    wall = time.perf_counter() - start
    done = [p for p in chosen if all(result_key(p, args.n, args.noise, q) in results for q in args.peers)]
    print(
        f"wall {wall:.0f} s, CPU {_cpu_seconds():.0f} s; {len(done)} of {len(chosen)} systems have every peer stored",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
