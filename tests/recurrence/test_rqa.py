"""RQA against a dense textbook reference, analytic values, published behaviour and pyunicorn."""

import math

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tests.recurrence import reference
from tests.recurrence.reference import refs
from tsdyn.chaos import embed
from tsdyn.errors import InputError
from tsdyn.recurrence import rqa, rqa_scan
from tsdyn.recurrence.quantification import MEASURES

NAMES = [name for name in MEASURES if name != "threshold"]


def logistic(r, n, x0=0.4, transient=1000):
    x = np.empty(n + transient)
    x[0] = x0
    for i in range(1, x.size):
        x[i] = r * x[i - 1] * (1.0 - x[i - 1])
    return x[transient:]


def as_dict(res, index=None):
    return {name: getattr(res, name) if index is None else getattr(res, name)[index] for name in NAMES}


def assert_measures(got, want):
    for name in NAMES:
        np.testing.assert_allclose(got[name], want[name], rtol=1e-12, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("metric", ["euclidean", "chebyshev", "manhattan"])
@pytest.mark.parametrize(("theiler", "border"), [(0, "keep"), (3, "discard"), (2, "longest")])
def test_streamed_and_scanned_equal_the_dense_reference(metric, theiler, border):
    # Chaotic points with short lines of every kind; the scan's grid holds the single threshold.
    x = logistic(3.9, 160)
    points = embed(x, m=2, tau=1)
    eps = np.array([0.08, 0.15, 0.3])
    kwargs = {
        "m": 2,
        "tau": 1,
        "metric": metric,
        "theiler": theiler,
        "border": border,
        "l_min": 3,
        "v_min": 2,
    }
    scan = rqa_scan(x, threshold=eps, **kwargs)
    for k, e in enumerate(eps):
        want = reference.measures(points, e, metric=metric, theiler=theiler, l_min=3, border=border)
        assert_measures(as_dict(rqa(x, threshold=e, **kwargs)), want)
        assert_measures(as_dict(scan, k), want)


def test_scan_of_tied_distances_equals_one_threshold_at_a_time():
    # Integer-valued points tie at many distances: equal levels along a line must count it once.
    x = np.random.default_rng(3).integers(0, 4, 300).astype(float)
    eps = [0.5, 1.0, 1.5, 2.0]
    scan = rqa_scan(x, m=2, tau=1, threshold=eps, metric="chebyshev")
    for k, e in enumerate(eps):
        assert_measures(as_dict(scan, k), as_dict(rqa(x, m=2, tau=1, threshold=e, metric="chebyshev")))


def test_logistic_map_period_three_window_is_deterministic():
    # r = 3.83: a stable period-3 orbit, so every recurrence repeats along the diagonal (DET = 1).
    # The orbit takes three values only: every distance ties at 0, and the fixed rate gives RR = 1/3.
    res = rqa(logistic(3.83, 2000), m=1, tau=1, recurrence_rate=0.05)
    assert res.determinism >= 0.95
    assert res.recurrence_rate == pytest.approx(1 / 3, abs=1e-3)


def test_logistic_map_at_four_is_chaotic():
    # r = 4: neighbours separate at a rate ln 2 per step, so many recurrences stay isolated (DET ~ 0.65).
    assert rqa(logistic(4.0, 2000), m=1, tau=1, recurrence_rate=0.05).determinism < 0.8


def test_white_noise_has_no_determinism():
    # iid noise at RR = 5 %: a recurrence continues to the next step with probability ~RR, so
    # DET ~ 1 - (1 - RR)^2 ~ 0.1 (0.097 measured over seeds 0-2).
    x = np.random.default_rng(0).normal(size=2000)
    res = rqa(x, m=1, recurrence_rate=0.05)
    assert res.determinism < 0.2
    assert res.recurrence_rate == pytest.approx(0.05, abs=1e-6)


def test_sine_measures_from_its_geometry():
    # sin(2 pi t / 100): 100 samples per period. m = 2, tau = 25 (a quarter period) puts the
    # points on the unit circle, 2 pi / 100 rad apart; two points l samples apart are
    # 2 sin(pi l / 100) apart: 0.063 for l = 1, 0.126 for l = 2. With threshold 0.1 the pairs
    # with l mod 100 in {0, 1, 99} recur, i.e. whole diagonals k = 1, 99, 100, 101, 199, ...
    n_points = 1050  # the corner diagonal k = 1049 (mod 100 = 49) is empty
    x = np.sin(2 * np.pi * np.arange(n_points + 25) / 100)
    res = rqa(x, m=2, tau=25, threshold=0.1)
    ks = [k for k in range(1, n_points) if k % 100 in (0, 1, 99)]
    points = sum(n_points - k for k in ks)  # recurrent points of the upper triangle
    # RR: those diagonals over the pairs off the line of identity.
    assert res.recurrence_rate == pytest.approx(2 * points / (n_points * (n_points - 1)), rel=1e-12)
    # Every recurrent point lies on a full diagonal: DET = 1, one line per diagonal, the longest k = 1.
    assert res.determinism == 1.0
    assert res.longest_diagonal_line == n_points - 1
    assert res.average_diagonal_line == pytest.approx(points / len(ks), rel=1e-12)
    # Every line has its own length, so the line-length distribution is uniform over the lines.
    assert res.diagonal_entropy == pytest.approx(math.log(len(ks)), rel=1e-12)
    # Oversampling thickens the diagonals near k = 100 j to three: vertical lines of length 3, so
    # laminarity is high; only the diagonals k = 1 (split by the line of identity) give single points.
    # The 2 (n - 1) points of k = +-1 and lines cut by the plot's edge are the rest.
    assert res.laminarity == pytest.approx(1 - (n_points - 1) / points, abs=2e-3)
    assert res.trapping_time == pytest.approx(3.0, abs=0.01)
    assert res.longest_vertical_line == 3
    # A periodic orbit returns after one period: every recurrence time is 97 samples, entropy 0.
    assert res.recurrence_time_entropy == 0.0


def test_fixed_recurrence_rate_is_the_requested_rate():
    x = np.random.default_rng(7).normal(size=1500)
    for rate in (0.01, 0.05, 0.2):
        res = rqa(x, m=3, tau=2, recurrence_rate=rate, theiler=5)
        n = 1500 - 4
        pairs = (n - 5) * (n - 6)  # ordered pairs outside the band |i - j| <= 5
        assert abs(res.recurrence_rate - rate) <= 1.0 / pairs


def test_fixed_recurrence_rate_above_the_sample_size_is_close():
    # 6000 points: the threshold is the quantile of the distances among 3000 points spread in time.
    x = np.random.default_rng(8).normal(size=6000)
    assert rqa(x, m=2, tau=1, recurrence_rate=0.02).recurrence_rate == pytest.approx(0.02, rel=0.02)


def test_thresholds_relative_to_spread():
    x = np.random.default_rng(9).normal(size=500)
    pts = embed(x, m=2, tau=1)
    res = rqa(x, m=2, tau=1, threshold=0.2, relative_to="std")
    assert res.threshold == pytest.approx(0.2 * pts.std())
    res = rqa(x, m=2, tau=1, threshold=0.1, relative_to="diameter", metric="chebyshev")
    assert res.threshold == pytest.approx(0.1 * np.ptp(pts, axis=0).max())
    res = rqa(x, m=2, tau=1, threshold=0.1, relative_to="diameter")
    assert res.threshold == pytest.approx(0.1 * reference.distances(pts, "euclidean").max())


def test_constant_series_documented_result():
    # Every pair recurs at any threshold; only the one-point lines in the plot's corners are short.
    res = rqa(np.full(50, 2.0), m=2, tau=1, recurrence_rate=0.1)
    assert res.recurrence_rate == 1.0 and res.longest_diagonal_line == 48
    assert res.determinism == res.laminarity == pytest.approx(1 - 1 / (49 * 48 / 2))
    assert res.threshold == 0.0 and math.isnan(res.recurrence_time_entropy)


def test_default_embedding_comes_from_the_chaos_engine():
    x = logistic(4.0, 1500)
    da = xr.DataArray(x, dims="time", attrs={"kind": "map"})
    res = rqa(da, recurrence_rate=0.05)
    assert res.attrs["m"] == 1 and res.attrs["tau"] == 1  # FNN gives 1 for the logistic map, tau 1 for a map
    assert float(res["determinism"]) == pytest.approx(rqa(x, m=1, tau=1, recurrence_rate=0.05).determinism)


def test_families_broadcasting_and_attrs():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(2, 400))
    kw = {"m": 2, "tau": 1, "threshold": 0.5}
    both = rqa(a, **kw)
    for row in range(2):
        assert_measures(as_dict(both, row), as_dict(rqa(a[row], **kw)))
    s = rqa(pd.Series(a[0]), **kw)
    assert isinstance(s, pd.Series) and s["determinism"] == both.determinism[0]
    da = xr.DataArray(a, dims=("member", "time"), coords={"member": ["a", "b"]})
    ds = rqa(da, **kw)
    assert ds["determinism"].dims == ("member",) and list(ds["member"].values) == ["a", "b"]
    assert ds.attrs["tsdyn_function"] == "tsdyn.recurrence.rqa"
    assert ds.attrs["line_of_identity"] == "excluded" and ds.attrs["metric"] == "euclidean"
    scan = rqa_scan(pd.Series(a[0]), threshold=[0.3, 0.5], m=2, tau=1)
    assert isinstance(scan, pd.DataFrame) and list(scan.index) == [0.3, 0.5]
    assert scan.loc[0.5, "determinism"] == both.determinism[0]


def test_multivariate_states_are_the_points():
    # A DataFrame's rows are the states (m = tau = 1 unless given): the same as embedding by hand.
    rng = np.random.default_rng(4)
    df = pd.DataFrame({"u": rng.normal(size=300), "v": rng.normal(size=300)})
    res = rqa(df, threshold=0.6, metric="chebyshev")
    want = reference.measures(df.to_numpy(), 0.6, metric="chebyshev")
    assert_measures(res.to_dict(), want)
    ds = rqa(df.to_xarray().rename(index="time"), threshold=0.6, metric="chebyshev")
    assert float(ds["laminarity"]) == pytest.approx(res["laminarity"])


def test_nan_policy():
    x = np.random.default_rng(5).normal(size=(2, 200))
    x[1, 50] = np.nan
    with pytest.raises(InputError, match="NaN"):
        rqa(x, m=2, tau=1, threshold=0.5)
    res = rqa(x, m=2, tau=1, threshold=0.5, nan_policy="propagate")
    assert np.isfinite(res.determinism[0]) and np.isnan(res.determinism[1])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"threshold": 0.0}, "threshold must be a number > 0"),
        ({"threshold": -1.0}, "threshold must be a number > 0"),
        ({"recurrence_rate": 0.0}, r"recurrence_rate must be a number in \(0, 1\)"),
        ({"recurrence_rate": 1.0}, r"recurrence_rate must be a number in \(0, 1\)"),
        ({}, "exactly one of threshold"),
        ({"threshold": 0.1, "recurrence_rate": 0.1}, "exactly one of threshold"),
        ({"threshold": 0.1, "relative_to": "range"}, "relative_to"),
        ({"recurrence_rate": 0.1, "relative_to": "std"}, "relative_to= applies to threshold"),
        ({"threshold": 0.1, "metric": "cosine"}, "metric"),
        ({"threshold": 0.1, "border": "trim"}, "border"),
        ({"threshold": 0.1, "l_min": 0}, "l_min"),
        ({"threshold": 0.1, "m": 30, "tau": 5}, "embedding with m=30, tau=5"),
        ({"threshold": 0.1, "l_min": 100}, "l_min=100 is longer than any diagonal line"),
        ({"threshold": 0.1, "v_min": 100}, "v_min=100 is longer than any vertical line"),
        ({"threshold": 0.1, "theiler": 98}, "at least 100"),
    ],
)
def test_bad_input(kwargs, match):
    x = np.random.default_rng(0).normal(size=100)
    kwargs = {"m": 2, "tau": 1} | kwargs
    with pytest.raises(InputError, match=match):
        rqa(x, **kwargs)


@pytest.mark.parametrize(
    ("grid", "match"),
    [
        ([0.3, 0.2], "increase strictly"),
        ([], "non-empty"),
        (0.3, "non-empty 1-D"),
        ([0.1, -0.2], r"threshold\[1\]"),
    ],
)
def test_bad_scan_grid(grid, match):
    with pytest.raises(InputError, match=match):
        rqa_scan(np.arange(50.0), m=1, threshold=grid)


def test_pyunicorn_parity():
    # pyunicorn 1.0's RecurrencePlot on float32-rounded points (tools/make_recurrence_refs.py
    # stored its results, its line of identity blanked as tsdyn counts lines). Map its
    # conventions: it counts the line of identity in RR, adds 1e-8 to every denominator, and
    # its threshold is strict (d < eps; eps sits in a gap of the distances, so both read the
    # same set).
    ref = refs("rp")
    ours = rqa(pd.DataFrame(ref["points"]), threshold=float(ref["threshold"]), metric="chebyshev")
    n = len(ref["points"])
    off = 1e-8
    lengths = np.arange(1, n + 1)
    full_d, full_v = lengths @ ref["diagline_dist"], lengths @ ref["vertline_dist"]
    n_lines, n_vlines = ref["diagline_dist"][1:].sum(), ref["vertline_dist"][1:].sum()
    assert ours["recurrence_rate"] == pytest.approx(ref["recurrence_rate"] * n * n / (n * (n - 1)), rel=1e-12)
    assert ours["determinism"] == pytest.approx(ref["determinism"] * (full_d + off) / full_d, rel=1e-12)
    assert ours["average_diagonal_line"] == pytest.approx(
        ref["average_diaglength"] * (n_lines + off) / n_lines, rel=1e-12
    )
    assert ours["longest_diagonal_line"] == ref["max_diaglength"]
    assert ours["laminarity"] == pytest.approx(ref["laminarity"] * (full_v + off) / full_v, rel=1e-12)
    assert ours["trapping_time"] == pytest.approx(
        ref["trapping_time"] * (n_vlines + off) / n_vlines, rel=1e-12
    )
    assert ours["longest_vertical_line"] == ref["max_vertlength"]
    # its entropy divides by (count + 1e-8) before the log: a relative change of ~1e-8 / count
    assert ours["diagonal_entropy"] == pytest.approx(ref["diag_entropy"], rel=1e-9)


def test_options_object_equals_the_keywords_and_refuses_unknown_names():
    from tsdyn.recurrence import RQAOptions, rolling_rqa

    x = logistic(3.9, 400)
    opts = RQAOptions(m=2, tau=1, threshold=0.1, theiler=2)
    assert_measures(
        as_dict(rqa(x, opts, l_min=3)), as_dict(rqa(x, m=2, tau=1, threshold=0.1, theiler=2, l_min=3))
    )
    assert rolling_rqa(x, opts, window=200, step=200).determinism.shape == (2,)
    with pytest.raises(InputError, match=r"unknown RQA option\(s\) \['lmin'\]"):
        rqa(x, opts, lmin=3)
    with pytest.raises(InputError, match="options must be an RQAOptions"):
        rqa(x, {"m": 2})


@pytest.mark.parametrize(
    ("theiler", "border", "metric"),
    [(0, "keep", "euclidean"), (2, "discard", "chebyshev"), (1, "longest", "euclidean")],
)
def test_tangential_correction_equals_the_papers_procedure(theiler, border, metric):
    # A noisy oversampled sine (thick, broken diagonal bands) and the logistic map (thin lines):
    # the skeleton kernel (interval sweep and union-find) against the line-by-line deletion.
    t = np.arange(260)
    noisy = np.sin(2 * np.pi * t / 37) + 0.05 * np.random.default_rng(7).normal(size=t.size)
    for x, eps in ((noisy, 0.25), (logistic(3.9, 200), 0.1)):
        points = embed(x, m=2, tau=3)
        kwargs = {"m": 2, "tau": 3, "theiler": theiler, "border": border, "metric": metric}
        got = rqa(x, threshold=eps, tangential=True, **kwargs)
        want = reference.measures(points, eps, metric=metric, theiler=theiler, border=border, tangential=True)
        assert_measures(as_dict(got), want)
        assert got.recurrence_rate == rqa(x, threshold=eps, **kwargs).recurrence_rate


def test_tangential_correction_keeps_one_line_per_band_of_a_sine():
    # Sampled 100 times per period (m = 2, tau = 25, eps = 0.1), whole diagonals k = 1 and
    # k = 100 p - 1, 100 p, 100 p + 1 recur: each band of three touching diagonals is one stretch
    # of tangential motion, and the correction keeps its longest line, k = 100 p - 1. With 600
    # states the lines >= l_min = 2 are k = 1 and the bands p = 1..5 (k = 599 holds one point).
    x = np.sin(2 * np.pi * np.arange(625) / 100)
    n = 600
    res = rqa(x, m=2, tau=25, threshold=0.1, tangential=True)
    kept = [n - 1] + [n - (100 * p - 1) for p in range(1, 6)]
    assert res.average_diagonal_line == pytest.approx(np.mean(kept), rel=1e-12)
    assert res.diagonal_entropy == pytest.approx(np.log(len(kept)), rel=1e-12)
    # uncorrected: every line of the bands counts, all of different lengths
    assert rqa(x, m=2, tau=25, threshold=0.1).diagonal_entropy == pytest.approx(np.log(1 + 3 * 5), rel=1e-12)
    with pytest.raises(InputError, match="threshold scan"):
        rqa_scan(x, m=2, tau=25, threshold=[0.1, 0.2], tangential=True)


def test_border_corrections_of_a_plot_computed_by_hand():
    # x = 0 0 0 0 1 0, m = 1, eps = 0.5: the five zeros recur with each other (10 pairs i < j).
    # Diagonals k = j - i of the upper triangle (rows 0 .. 5 - k):
    #   k = 1: rows 0-2 recur, 3 and 4 not -> one line of 3 starting at row 0 (touches the edge)
    #   k = 2: rows 0, 1, 3 -> lines of 2 (from row 0) and 1 (row 3, the diagonal's last)
    #   k = 3: rows 0, 2 -> two lines of 1, at the first and at the last row
    #   k = 4: row 1 (the last) -> 1;  k = 5: row 0 (the only one) -> 1
    # Every diagonal line touches the edge: keep counts 1 x5, 2, 3 (DET 5/10, L 2.5); discard
    # leaves none (DET NaN); longest keeps the 3 alone (DET 1, L 3, entropy 0).
    # Columns of the symmetric plot (rows r != c with the same value; edge = row 0 or row 5):
    #   c0: 1-3, 5 | c1: 0, 2-3, 5 | c2: 0-1, 3, 5 | c3: 0-2, 5 | c4: none | c5: 0-3
    # inner lines: 3 (c0), 2 (c1), 1 (c2); touching: 1, 1, 1, 2, 1, 3, 1, 4.
    # keep: 1 x6, 2 x2, 3 x2, 4 (LAM 14/20, TT 14/5); discard: 1, 2, 3 (LAM 5/6, TT 5/2);
    # longest: 1, 2, 3, 4 (LAM 9/10, TT 3).
    x = np.array([0.0, 0, 0, 0, 1, 0])
    want = {
        "keep": (0.5, 2.5, 3, 0.7, 2.8, 4),
        "discard": (math.nan, math.nan, math.nan, 5 / 6, 2.5, 3),
        "longest": (1.0, 3.0, 3, 0.9, 3.0, 4),
    }
    for border, (det, mean, longest, lam, trapping, vmax) in want.items():
        for res in (
            rqa(x, m=1, threshold=0.5, border=border),
            rqa_scan(x, m=1, threshold=[0.5], border=border),
        ):
            got = [
                float(np.squeeze(getattr(res, name)))
                for name in (
                    "determinism",
                    "average_diagonal_line",
                    "longest_diagonal_line",
                    "laminarity",
                    "trapping_time",
                    "longest_vertical_line",
                )
            ]
            np.testing.assert_allclose(got, [det, mean, longest, lam, trapping, vmax], rtol=1e-12)
    assert float(rqa(x, m=1, threshold=0.5, border="longest").diagonal_entropy) == 0.0


def test_longest_border_line_removes_the_border_bias_of_a_sine():
    # 20 samples per period, m = 2, tau = 5 (a quarter period): the states lie on the unit
    # circle, 2 sin(pi k / 20) apart k samples apart, so at eps = 0.2 exactly the diagonals
    # k = 20, 40, ..., 380 of the 395 states recur, each whole: 19 lines of lengths 395 - k, all
    # running from edge to edge. A periodic orbit has one line length (infinite); the edge
    # cuts them to 19 different lengths: a diagonal entropy of ln 19 and a mean line of 195
    # that depend on the record's length alone. Keeping the longest line removes that bias.
    x = np.sin(2 * np.pi * np.arange(400) / 20)
    keep = rqa(x, m=2, tau=5, threshold=0.2)
    assert keep.diagonal_entropy == pytest.approx(math.log(19), rel=1e-12)
    assert keep.average_diagonal_line == pytest.approx(195, rel=1e-12)
    kelo = rqa(x, m=2, tau=5, threshold=0.2, border="longest")
    assert (kelo.determinism, kelo.average_diagonal_line, kelo.diagonal_entropy) == (1.0, 375.0, 0.0)
    # the same for a longer record: the corrected entropy does not grow with it
    assert (
        rqa(
            np.sin(2 * np.pi * np.arange(800) / 20), m=2, tau=5, threshold=0.2, border="longest"
        ).diagonal_entropy
        == 0.0
    )
    # discarding every border line leaves no line at all
    assert math.isnan(rqa(x, m=2, tau=5, threshold=0.2, border="discard").determinism)


def test_scan_kernel_equals_the_reference_at_every_level_on_random_plots():
    # Random upper triangles with a random level per pair (plots nested by level, as a scan's
    # are): the scan's histograms at each level give the dense reference's measures, for every
    # border rule, ties of levels and both sides of the Theiler band included.
    from tsdyn.recurrence import _kernels as K
    from tsdyn.recurrence.quantification import measures_from_histograms

    rng = np.random.default_rng(2)
    for _ in range(30):
        n, n_levels, theiler = int(rng.integers(4, 14)), int(rng.integers(1, 5)), int(rng.integers(0, 2))
        level = rng.integers(0, n_levels + 1, size=(n, n))  # n_levels: never recurs
        i, j = np.nonzero(np.triu(level < n_levels, theiler + 1))
        levels = level[i, j].astype(np.int32)
        for border in ("keep", "discard", "longest"):
            hists = K.scan_lines(
                n, i.astype(np.int32), j.astype(np.int32), levels, n_levels, K.BORDERS[border]
            )
            got = measures_from_histograms(*hists, theiler=theiler, l_min=2, v_min=2)
            for t in range(n_levels):
                R = np.zeros((n, n), bool)
                R[i[levels <= t], j[levels <= t]] = True
                want = reference.measures_of(R | R.T, theiler=theiler, border=border)
                assert_measures({name: got[name][t] for name in want}, want)
