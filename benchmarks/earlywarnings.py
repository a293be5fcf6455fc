"""R earlywarnings' whole-series methods vs tsdyn, at N = 1e4.

Cases (the same series for both: an AR(1) drifting between two levels,
written to a temporary CSV that R reads):
- ``livpotential_ews`` vs :func:`tsdyn.ews.potential_analysis` (defaults: grid
  of 0.2 N points, bandwidth bw.nrd);
- ``movpotential_ews`` vs :func:`tsdyn.ews.moving_potential` (grid 50);
- ``ddjnonparam_ews`` vs :func:`tsdyn.ews.ddj_nonparametric` (500 levels,
  bandwidth 0.6 sd, no log transform);
- ``ch_ews`` vs :func:`tsdyn.ews.conditional_heteroskedasticity` on the first
  2 000 points (window 10 %, AR order by AIC in every window; R takes about a
  minute, so it is timed once).

R is timed inside one Rscript process (``system.time`` medians of repeated
calls after a warm-up, plots sent to a null device; R's start-up is not
counted). Each tsdyn result is checked against R's before timing. Skipped,
with a message, where ``Rscript`` or the earlywarnings package is missing.

Run from benchmarks/: PYTHONPATH=.. python earlywarnings.py [--write | --only liv,mov,ddj,ch]
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from harness import Row, _median_time, format_row, write_section

from tsdyn.ews import conditional_heteroskedasticity, ddj_nonparametric, moving_potential, potential_analysis

N = 10_000
R_SCRIPT = r"""
suppressPackageStartupMessages(library(earlywarnings))
pdf(NULL); options(device = function(...) pdf(NULL))
args <- commandArgs(TRUE)
x <- scan(args[1], quiet = TRUE)
# median over k timings of reps calls each: system.time resolves 1 ms, a call can take less
med <- function(f, k, reps = 1) {
  f(); median(replicate(k, system.time(for (i in seq_len(reps)) f())[["elapsed"]])) / reps
}
cases <- strsplit(args[2], ",")[[1]]
out <- list()
if ("liv" %in% cases) {
  out$liv_dens <- livpotential_ews(x)$density
  out$liv <- med(function() livpotential_ews(x), 11, 20)
}
if ("mov" %in% cases) {
  out$mov_dens <- as.vector(exp(-2 * t(movpotential_ews(x, grid.size = 50)$res$pots)))
  out$mov <- med(function() movpotential_ews(x, grid.size = 50), 3)
}
if ("ddj" %in% cases) {
  out$ddj_S2 <- ddjnonparam_ews(as.matrix(x), logtransform = FALSE)$S2.vec
  out$ddj <- med(function() ddjnonparam_ews(as.matrix(x), logtransform = FALSE), 3)
}
if ("ch" %in% cases) {
  out$ch <- system.time(ch <- ch_ews(as.matrix(x[seq_len(2000)]), winsize = 10))[["elapsed"]]
  out$ch_r2 <- ch$r.squared
  out$ch_order <- ch$ar.fit.order
}
cat(jsonlite::toJSON(out, digits = NA))
"""
CASES = ("liv", "mov", "ddj", "ch")


def series() -> np.ndarray:
    rng = np.random.default_rng(0)
    level = np.where(np.sin(np.linspace(0, 6 * np.pi, N)) > 0, 1.0, -1.0)
    x = np.empty(N)
    x[0] = 0.0
    for i in range(1, N):
        x[i] = level[i] + 0.8 * (x[i - 1] - level[i]) + 0.3 * rng.standard_normal()
    return x


def r_timings(x: np.ndarray, cases: list[str]) -> dict | None:
    if shutil.which("Rscript") is None:
        print("Rscript not found: R earlywarnings benchmark skipped")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "x.txt"
        np.savetxt(data, x, fmt="%.17g")
        script = Path(tmp) / "bench.R"
        script.write_text(R_SCRIPT)
        run = subprocess.run(
            ["Rscript", str(script), str(data), ",".join(cases)], capture_output=True, text=True
        )
    if run.returncode != 0:
        print("R earlywarnings benchmark skipped (R failed):", run.stderr.strip().splitlines()[-1:])
        return None
    return json.loads(run.stdout)


def main() -> None:
    # --only liv,mov: time those cases alone (while iterating; the table needs all four)
    only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else list(CASES)
    if not set(only) <= set(CASES) or ("--write" in sys.argv and len(only) < len(CASES)):
        sys.exit(f"--only takes some of {','.join(CASES)} (and --write all of them)")
    x = series()
    r = r_timings(x, only)
    if r is None:
        return
    cases = [
        ("livpotential_ews", lambda: potential_analysis(x), "liv"),
        ("movpotential_ews (grid 50)", lambda: moving_potential(x, grid_size=50), "mov"),
        ("ddjnonparam_ews (500 levels)", lambda: ddj_nonparametric(x), "ddj"),
        ("ch_ews (N=2000, window 10 %)", lambda: conditional_heteroskedasticity(x[:2000], window=0.1), "ch"),
    ]
    cases = [case for case in cases if case[2] in only]
    # the numbers first: the same results as R's
    if "liv" in only:
        np.testing.assert_allclose(potential_analysis(x).data.density, r["liv_dens"], rtol=1e-8, atol=1e-12)
    if "mov" in only:
        mov = np.exp(-2 * moving_potential(x, grid_size=50).potential.values.ravel())
        np.testing.assert_allclose(mov, r["mov_dens"], rtol=1e-8, atol=1e-12)
    if "ddj" in only:
        want = r["ddj_S2"]
        np.testing.assert_allclose(ddj_nonparametric(x).by_level.conditional_variance, want, rtol=1e-8)
    if "ch" in only:
        ch = conditional_heteroskedasticity(x[:2000], window=0.1).isel(time=slice(199, None))
        np.testing.assert_array_equal(ch.ar_order.values, r["ch_order"])
        np.testing.assert_allclose(ch.r_squared.values, r["ch_r2"], rtol=1e-7)
    rows = []
    for name, fn, key in cases:
        start = time.perf_counter()
        fn()
        first = time.perf_counter() - start
        # livpotential as R times it: the median of 11 timings of 20 calls each (a call is ~0.1 ms; R's 5
        # and tsdyn's 7 timings before let a burst of the other core's work move a median by up to 2x)
        ours = (
            _median_time(fn, 7 if key != "ch" else 3)
            if key != "liv"
            else _median_time(lambda fn=fn: [fn() for _ in range(20)], 11) / 20
        )
        size = "N=2e+03" if key == "ch" else f"N={N:.0e}"
        row = Row(name, size, "R earlywarnings 1.1.29", first, ours, float(r[key][0]))
        rows.append(row)
        print(format_row(row), flush=True)
    if "--write" in sys.argv:
        write_section(
            "earlywarnings",
            rows,
            notes="R timed inside one Rscript process (system.time medians after a warm-up, livpotential_ews: median of 11 "
            "timings of 20 calls, and tsdyn's livpotential row likewise; R 4.2.2, "
            "plots to a null device). The R potential functions draw their figure objects as part of the call "
            "(movpotential_ews builds a ggplot with tgp's interp.loess), which tsdyn leaves to quick_detection. "
            "tsdyn: compiled binning, Gaussian driver weights and find.optima; DDJ weights as products along blocks "
            "of levels; ch_ews' AR fits of every order from one compiled pass of cumulative lagged products per "
            "window (R: one least-squares fit per order and window, timed once). livpotential on a numpy series "
            "builds no pandas or xarray object and runs in two compiled calls around the FFT: summary, bw.nrd, grids "
            "and binning in one, read-off, log and find.optima in the other. bw.nrd's spread: sd where one pass of "
            "comparisons shows q25 <= mean - 0.67 sd and q75 >= mean + 0.67 sd (this series), else the quartiles "
            "from a histogram, sorted only where its bins do not decide. R's FFT convolution is two real FFTs of "
            "2160 points (the padding holds the kernel's reach beyond the data's span, not R's 2m = 4096) with the "
            "Gaussian's analytic transform in place of the sampled kernel's (both bounded below 2^-59 of the "
            "kernel's peak, tested against R's density written out), scipy's pocketfft called directly (scipy.fft's "
            "dispatch cost 7 us a transform). Per call at N = 1e4 (grid 2000), each stage timed alone at top "
            "priority, in microseconds: first kernel 32 (summary 11, layout 5, binning 17: two scattered adds per "
            "sample), FFTs and spectrum product 23, second kernel 25 (read-off 9, log 9, "
            "find.optima 7); the whole call about 92 at best, the Python between the kernels (argument checks, result) "
            "running at twice its "
            "cost alone, its caches cold after each kernel. Both sides ran in one session at top priority "
            f"(load average {os.getloadavg()[0]:.1f} at the end of the run, 2 cores, other work beside): the "
            "ratio of one run is what counts; see the prose below the table for the runs of the day.",
        )


if __name__ == "__main__":
    main()
