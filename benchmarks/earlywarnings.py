"""R earlywarnings' whole-series methods vs tsdyn, at N = 1e4, timed in interleaved batches.

Cases (the same series for both: an AR(1) drifting between two levels,
written to a temporary file that R reads):
- ``livpotential_ews`` vs :func:`tsdyn.ews.potential_analysis` (defaults: grid
  of 0.2 N points, bandwidth bw.nrd);
- ``movpotential_ews`` vs :func:`tsdyn.ews.moving_potential` (grid 50);
- ``ddjnonparam_ews`` vs :func:`tsdyn.ews.ddj_nonparametric` (500 levels,
  bandwidth 0.6 sd, no log transform);
- ``ch_ews`` vs :func:`tsdyn.ews.conditional_heteroskedasticity` on the first
  2 000 points (window 10 %, AR order by AIC in every window; R takes about
  20 s, so it is one pair).

One Rscript process stays alive beside this one: it loads earlywarnings and
the series once, computes each case's result (checked against tsdyn's before
any timing), then times a batch of calls of a case for each request on its
stdin and prints the seconds per call (plots sent to a null device; R's
start-up is not counted). tsdyn times its own batch of the same wall time
right after each of R's, so that both sides of a pair run in the same
stretch of the host's speed (other virtual machines on the host move a
call's time by up to 2x from one tenth of a second to the next); a case's
speed-up is the median of its pairs' ratios, and the notes give their spread.
Skipped, with a message, where ``Rscript`` or the earlywarnings package is
missing.

Run from benchmarks/: PYTHONPATH=.. python earlywarnings.py [--write | --only liv,mov,ddj,ch]
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from harness import Row, format_row, write_section

from tsdyn.ews import conditional_heteroskedasticity, ddj_nonparametric, moving_potential, potential_analysis

N = 10_000
R_SCRIPT = r"""
suppressPackageStartupMessages(library(earlywarnings))
pdf(NULL); options(device = function(...) pdf(NULL))
args <- commandArgs(TRUE)
x <- scan(args[1], quiet = TRUE)
calls <- list(
  liv = function() livpotential_ews(x),
  mov = function() movpotential_ews(x, grid.size = 50),
  ddj = function() ddjnonparam_ews(as.matrix(x), logtransform = FALSE),
  ch = function() ch_ews(as.matrix(x[seq_len(2000)]), winsize = 10)
)
# each case's numbers (ch_ews' call, about 20 s, is also its one timing)
out <- list()
for (case in strsplit(args[2], ",")[[1]]) {
  start <- Sys.time()
  res <- calls[[case]]()
  out[[paste0(case, "_s")]] <- as.numeric(Sys.time() - start, units = "secs")
  out[[case]] <- switch(case,
    liv = res$density,
    mov = as.vector(exp(-2 * t(res$res$pots))),
    ddj = res$S2.vec,
    ch = list(r2 = res$r.squared, order = res$ar.fit.order)
  )
}
cat(jsonlite::toJSON(out, digits = NA), "\n", sep = ""); flush(stdout())
# then one timed batch per request "<case> <calls>": seconds per call (Sys.time resolves 1 us)
con <- file("stdin"); open(con)
while (length(line <- readLines(con, n = 1)) > 0) {
  ask <- strsplit(line, " ")[[1]]
  f <- calls[[ask[1]]]
  start <- Sys.time()
  for (i in seq_len(as.integer(ask[2]))) f()
  cat(sprintf("%.9f\n", as.numeric(Sys.time() - start, units = "secs") / as.integer(ask[2])))
  flush(stdout())
}
"""
CASES = ("liv", "mov", "ddj", "ch")
#: R calls per batch and pairs per case: a livpotential_ews call is ~2.5 ms (20 make a batch of ~50 ms,
#: which system timers and the host's speed swings do not blur); ddjnonparam_ews ~1 s a call
BATCH = {"liv": (20, 31), "mov": (1, 21), "ddj": (1, 11)}


@dataclass
class PairedRow(Row):
    """A table row whose speed-up is the median of per-pair ratios, not the ratio of the medians."""

    pair_ratios: tuple[float, ...] = ()

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.pair_ratios)


def series() -> np.ndarray:
    rng = np.random.default_rng(0)
    level = np.where(np.sin(np.linspace(0, 6 * np.pi, N)) > 0, 1.0, -1.0)
    x = np.empty(N)
    x[0] = 0.0
    for i in range(1, N):
        x[i] = level[i] + 0.8 * (x[i - 1] - level[i]) + 0.3 * rng.standard_normal()
    return x


class RSession:
    """The live Rscript process: its results of each case, then timed batches on request."""

    def __init__(self, process: subprocess.Popen, results: dict):
        self.process, self.results = process, results

    @classmethod
    def start(cls, x: np.ndarray, cases: list[str], tmp: str) -> "RSession | None":
        if shutil.which("Rscript") is None:
            print("Rscript not found: R earlywarnings benchmark skipped")
            return None
        data, script, log = Path(tmp) / "x.txt", Path(tmp) / "bench.R", Path(tmp) / "stderr.txt"
        np.savetxt(data, x, fmt="%.17g")
        script.write_text(R_SCRIPT)
        # R's messages go to a file: a pipe nobody reads would stall R once its buffer fills
        with log.open("w") as err:
            process = subprocess.Popen(
                ["Rscript", str(script), str(data), ",".join(cases)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        line = process.stdout.readline()
        if not line:  # R failed (earlywarnings missing ...): its error says why
            process.stdin.close()
            process.wait()
            lines = log.read_text().strip().splitlines()
            first = next((i for i, line in enumerate(lines) if line.startswith("Error")), len(lines) - 1)
            print("R earlywarnings benchmark skipped (R failed):", " ".join(lines[first : first + 2]))
            return None
        return cls(process, json.loads(line))

    def batch(self, case: str, calls: int) -> float:
        self.process.stdin.write(f"{case} {calls}\n")
        self.process.stdin.flush()
        return float(self.process.stdout.readline())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def _per_call(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


def interleaved(r: RSession, key: str, fn: Callable[[], object]) -> tuple[float, float, list[float]]:
    """R's batch, then tsdyn's of about the same wall time, ``pairs`` times: (R, tsdyn, pair ratios).

    R and tsdyn are medians of the per-call times; the ratios are R's over tsdyn's pair by pair.
    """
    r_calls, pairs = BATCH[key]
    r_first = r.batch(key, r_calls)  # warm-up of R's batch loop, and the size of tsdyn's batch
    calls = max(1, round(r_calls * r_first / _per_call(fn, 5)))
    rs, ours = [], []
    for _ in range(pairs):
        rs.append(r.batch(key, r_calls))
        ours.append(_per_call(fn, calls))
    ratios = [a / b for a, b in zip(rs, ours, strict=True)]
    return statistics.median(rs), statistics.median(ours), ratios


def _spread(ratios: list[float]) -> str:
    q = np.quantile(ratios, [0.0, 0.25, 0.5, 0.75, 1.0])
    return f"{len(ratios)} pairs, {q[0]:.1f} / {q[1]:.1f} / {q[2]:.1f} / {q[3]:.1f} / {q[4]:.1f}"


def main() -> None:
    # --only liv,mov: time those cases alone (while iterating; the table needs all four)
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else list(CASES)
    if not set(only) <= set(CASES) or ("--write" in sys.argv and len(only) < len(CASES)):
        sys.exit(f"--only takes some of {','.join(CASES)} (and --write all of them)")
    only = [case for case in CASES if case in only]
    x = series()
    cases = {
        "liv": ("livpotential_ews", lambda: potential_analysis(x)),
        "mov": ("movpotential_ews (grid 50)", lambda: moving_potential(x, grid_size=50)),
        "ddj": ("ddjnonparam_ews (500 levels)", lambda: ddj_nonparametric(x)),
        "ch": ("ch_ews (N=2000, window 10 %)", lambda: conditional_heteroskedasticity(x[:2000], window=0.1)),
    }
    with tempfile.TemporaryDirectory() as tmp:
        r = RSession.start(x, only, tmp)
        if r is None:
            return
        try:
            rows = [_case(r, key, *cases[key], x) for key in only]
        finally:
            r.close()
    if "--write" in sys.argv:
        spread = "; ".join(
            f"{row.name} {_spread(list(row.pair_ratios))}" for row in rows if len(row.pair_ratios) > 1
        )
        write_section(
            "earlywarnings",
            rows,
            notes="Interleaved timing: one Rscript process (R 4.2.2, plots to a null device) loads earlywarnings "
            "and the series once and times a batch of calls per request (livpotential_ews 20 calls, movpotential_ews "
            "and ddjnonparam_ews one); tsdyn times a batch of the same wall time right after each of R's, so both "
            "sides of a pair share the host's speed of the moment. Timings are the medians of the per-call times; "
            "the speed-up is the median of the pairs' ratios (R over tsdyn), ch_ews one pair (R's call takes about "
            f"20 s; tsdyn the median of 3). The other pairs' ratios, min / q25 / median / q75 / max: {spread}. "
            "The R potential functions draw their figure objects as part of the call "
            "(movpotential_ews builds a ggplot with tgp's interp.loess), which tsdyn leaves to quick_detection. "
            "tsdyn: compiled binning, Gaussian driver weights and find.optima; DDJ weights as products along blocks "
            "of levels; ch_ews' AR fits of every order from one compiled pass of cumulative lagged products per "
            "window (R: one least-squares fit per order and window). livpotential on a numpy series "
            "builds no pandas or xarray object and runs in two compiled calls around the FFT (see "
            "docs/ews.md). Both sides ran in one session at top priority "
            f"(load average {os.getloadavg()[0]:.1f} at the end of the run, 2 cores, other work beside).",
        )


def _case(r: RSession, key: str, name: str, fn: Callable[[], object], x: np.ndarray) -> PairedRow:
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    _check(key, r.results[key], x)  # the numbers first: the same results as R's
    if key == "ch":  # R's one call (its result's) against tsdyn's median of 3 right after it
        ours = statistics.median(_per_call(fn, 1) for _ in range(3))
        peer, ratios = float(r.results["ch_s"][0]), [float(r.results["ch_s"][0]) / ours]
    else:
        peer, ours, ratios = interleaved(r, key, fn)
    row = PairedRow(name, "N=2e+03" if key == "ch" else f"N={N:.0e}", "R earlywarnings 1.1.29", first, ours, peer,
                    tuple(ratios))  # fmt: skip
    print(format_row(row), "pair ratios", _spread(ratios), flush=True)
    return row


def _check(key: str, want, x: np.ndarray) -> None:
    if key == "liv":
        np.testing.assert_allclose(potential_analysis(x).data.density, want, rtol=1e-8, atol=1e-12)
    elif key == "mov":
        mov = np.exp(-2 * moving_potential(x, grid_size=50).potential.values.ravel())
        np.testing.assert_allclose(mov, want, rtol=1e-8, atol=1e-12)
    elif key == "ddj":
        np.testing.assert_allclose(ddj_nonparametric(x).by_level.conditional_variance, want, rtol=1e-8)
    else:
        ch = conditional_heteroskedasticity(x[:2000], window=0.1).isel(time=slice(199, None))
        np.testing.assert_array_equal(ch.ar_order.values, want["order"])
        np.testing.assert_allclose(ch.r_squared.values, want["r2"], rtol=1e-7)


if __name__ == "__main__":
    main()
