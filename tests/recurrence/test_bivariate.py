"""Cross and joint recurrence against a dense textbook reference and pyunicorn's stored results."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tests.recurrence import reference
from tests.recurrence.reference import refs
from tsdyn.chaos import embed
from tsdyn.errors import InputError
from tsdyn.recurrence import cross_recurrence_matrix, cross_rqa, joint_recurrence_matrix, joint_rqa
from tsdyn.recurrence.bivariate import CROSS_MEASURES, JOINT_MEASURES


def logistic(r, n, x0=0.4):
    x = np.empty(n + 500)
    x[0] = x0
    for i in range(1, x.size):
        x[i] = r * x[i - 1] * (1.0 - x[i - 1])
    return x[500:]


def assert_measures(got, want, names):
    for name in names:
        np.testing.assert_allclose(got[name], want[name], rtol=1e-12, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("metric", ["euclidean", "chebyshev", "manhattan"])
@pytest.mark.parametrize("border", ["keep", "discard", "longest"])
def test_cross_rqa_equals_the_dense_reference(metric, border):
    # Two chaotic series of different lengths: lines along diagonals on both sides of the main one.
    x, y = logistic(3.9, 150), logistic(3.9, 110, x0=0.2)
    eps = 0.12
    R = (
        reference.distances(np.vstack([embed(x, m=2, tau=1), embed(y, m=2, tau=1)]), metric)[:149, 149:]
        <= eps
    )
    res = cross_rqa(x, y, m=2, tau=1, threshold=eps, metric=metric, border=border, l_min=3)
    names = [n for n in CROSS_MEASURES if n != "threshold"]
    assert_measures(res._asdict(), reference.cross_measures(R, l_min=3, border=border), names)
    np.testing.assert_array_equal(
        cross_recurrence_matrix(x, y, m=2, tau=1, threshold=eps, metric=metric).toarray(), R
    )


@pytest.mark.parametrize("border", ["keep", "longest"])
def test_cross_tangential_correction_equals_the_papers_procedure(border):
    # Two noisy oversampled sines of different lengths, a quarter period apart: thick, broken
    # bands of touching diagonal lines on both sides of the main diagonal. The skeleton kernel
    # against the line-by-line deletion over every diagonal of the cross plot.
    rng = np.random.default_rng(5)
    x = np.sin(2 * np.pi * np.arange(180) / 37) + 0.05 * rng.normal(size=180)
    y = np.sin(2 * np.pi * (np.arange(140) + 9) / 37) + 0.05 * rng.normal(size=140)
    px, py = embed(x, m=2, tau=3), embed(y, m=2, tau=3)
    R = reference.distances(np.vstack([px, py]), "euclidean")[: len(px), len(px) :] <= 0.25
    res = cross_rqa(x, y, m=2, tau=3, threshold=0.25, tangential=True, border=border)
    want = reference.cross_measures(R, border=border, tangential=True)
    assert_measures(res._asdict(), want, [n for n in CROSS_MEASURES if n != "threshold"])
    # the bands are there: the correction keeps fewer lines than the plot has
    plain = cross_rqa(x, y, m=2, tau=3, threshold=0.25, border=border)
    assert res.diagonal_entropy < plain.diagonal_entropy
    assert res.recurrence_rate == plain.recurrence_rate


def test_cross_recurrence_equals_pyunicorn():
    # pyunicorn 1.0's CrossRecurrencePlot on float32-rounded states (tools/make_recurrence_refs.py);
    # its threshold is strict, eps sits in a gap of the distances.
    ref = refs("crp")
    x, y = pd.DataFrame(ref["x"]), pd.DataFrame(ref["y"])
    crp = cross_recurrence_matrix(x, y, threshold=float(ref["threshold"])).tocoo()
    np.testing.assert_array_equal(np.stack([crp.row, crp.col]), ref["pairs"])
    res = cross_rqa(x, y, threshold=float(ref["threshold"]))
    assert res["recurrence_rate"] == pytest.approx(float(ref["recurrence_rate"]), rel=1e-12)


def test_cross_recurrence_rate_is_the_requested_one():
    x, y = logistic(3.9, 800), logistic(3.7, 900)
    res = cross_rqa(x, y, m=2, tau=1, recurrence_rate=0.03)
    assert res.recurrence_rate == pytest.approx(0.03, abs=2e-4)


@pytest.mark.parametrize(("theiler", "border"), [(0, "keep"), (2, "discard"), (1, "longest")])
def test_joint_rqa_equals_the_dense_reference(theiler, border):
    x, y = logistic(3.9, 160), np.random.default_rng(1).normal(size=160)
    px, py = embed(x, m=2, tau=1), embed(y, m=2, tau=1)
    R = reference.matrix(px, 0.2, "euclidean", theiler) & reference.matrix(py, 0.9, "euclidean", theiler)
    res = joint_rqa(x, y, m=2, tau=1, threshold=(0.2, 0.9), theiler=theiler, border=border)
    names = [name for name in JOINT_MEASURES if not name.startswith("threshold")]
    assert_measures(res._asdict(), reference.measures_of(R, theiler=theiler, border=border), names)
    jr = joint_recurrence_matrix(x, y, m=2, tau=1, threshold=(0.2, 0.9), theiler=theiler).toarray()
    np.testing.assert_array_equal(jr, np.triu(R))


def test_joint_recurrence_equals_pyunicorn():
    # pyunicorn 1.0's JointRecurrencePlot of the Henon map's x and y (float32-rounded, one
    # threshold each, strict: both sit in gaps of the distances), its line of identity blanked
    # for the line distributions. Its RQA adds 1e-8 to every denominator.
    ref = refs("jrp")
    x, y = ref["x"][:, 0], ref["y"][:, 0]
    kwargs = {"m": 1, "threshold": tuple(ref["threshold"]), "metric": "chebyshev"}
    jr = joint_recurrence_matrix(x, y, **kwargs).tocoo()
    np.testing.assert_array_equal(np.stack([jr.row, jr.col]), ref["pairs"])
    res = joint_rqa(x, y, **kwargs)
    lengths = np.arange(1, len(x) + 1)
    full_d, full_v = lengths @ ref["diagline_dist"], lengths @ ref["vertline_dist"]
    assert res.determinism == pytest.approx(ref["determinism"] * (full_d + 1e-8) / full_d, rel=1e-12)
    assert res.laminarity == pytest.approx(ref["laminarity"] * (full_v + 1e-8) / full_v, rel=1e-12)
    assert res.longest_diagonal_line == ref["max_diaglength"]


@pytest.mark.parametrize(
    ("call", "kwargs", "match"),
    [
        (cross_rqa, {"threshold": 0.1, "theiler": 2}, "no Theiler band"),
        (cross_rqa, {"threshold": 0.1, "nan_policy": "propagate"}, "'raise' only"),
        (joint_rqa, {"threshold": (0.1, 0.2, 0.3)}, "two"),
        (joint_rqa, {"threshold": (0.1, -0.2)}, "threshold must be a number > 0"),
    ],
)
def test_bad_input(call, kwargs, match):
    x = np.random.default_rng(0).normal(size=100)
    with pytest.raises(InputError, match=match):
        call(x, x, m=2, tau=1, **kwargs)


def test_bad_shapes():
    x = np.random.default_rng(0).normal(size=100)
    with pytest.raises(InputError, match="states of one space"):
        cross_rqa(x, pd.DataFrame({"a": x, "b": x}), m=1, threshold=0.1)
    with pytest.raises(InputError, match="same times"):
        joint_rqa(x, x[:90], m=1, threshold=0.1)
    with pytest.raises(InputError, match="give one"):
        cross_recurrence_matrix(np.stack([x, x]), x, m=1, threshold=0.1)
    with pytest.raises(InputError, match="give y one series or the same lead dims"):
        joint_rqa(np.stack([x, x]), np.stack([x, x, x]), m=1, threshold=0.1)


@pytest.mark.parametrize("call", [cross_rqa, joint_rqa])
def test_several_series_pair_by_pair(call):
    # x over a lead dim "site" against y with the same dim, or against one y: each pair of
    # series gets the measures it gets on its own.
    rng = np.random.default_rng(4)
    x = xr.DataArray(
        np.cumsum(rng.normal(size=(3, 150)), axis=1), dims=("site", "time"), coords={"site": [1, 2, 5]}
    )
    y = xr.DataArray(
        np.cumsum(rng.normal(size=(3, 150)), axis=1), dims=("site", "time"), coords={"site": [1, 2, 5]}
    )
    kwargs = {"m": 2, "tau": 1, "recurrence_rate": 0.1}
    both = call(x, y, **kwargs)
    one_y = call(x, y.isel(site=0), **kwargs)
    for k in range(3):
        alone = call(x.isel(site=k).values, y.isel(site=k).values, **kwargs)
        for name in alone._fields:
            np.testing.assert_allclose(
                both[name].isel(site=k), getattr(alone, name), rtol=1e-12, equal_nan=True
            )
        np.testing.assert_allclose(
            one_y["determinism"].isel(site=k),
            call(x.isel(site=k).values, y.isel(site=0).values, **kwargs).determinism,
        )
    assert list(both["site"].values) == [1, 2, 5]


def test_joint_tangential_correction_equals_the_papers_procedure():
    t = np.arange(200)
    x, y = (
        np.sin(2 * np.pi * t / 31),
        np.cos(2 * np.pi * t / 31) + 0.05 * np.random.default_rng(2).normal(size=200),
    )
    px, py = embed(x, m=2, tau=4), embed(y, m=2, tau=4)
    R = reference.matrix(px, 0.3, "euclidean", 0) & reference.matrix(py, 0.4, "euclidean", 0)
    res = joint_rqa(x, y, m=2, tau=4, threshold=(0.3, 0.4), tangential=True)
    names = [name for name in JOINT_MEASURES if not name.startswith("threshold")]
    assert_measures(res._asdict(), reference.measures_of(R, tangential=True), names)
