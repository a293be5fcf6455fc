"""Spatial early-warning indicators: direct formulas, R spatialwarnings fixtures, driven fields."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ews.scenarios import grayscott_ramp, spatial_grazing
from tsdyn.ews.spatial import (
    analyze_spatial,
    coarse_grain,
    field_frames,
    moran_i,
    patch_sizes,
    spatial_indicators,
)

FIXTURES = Path(__file__).parent / "fixtures" / "spatialwarnings"


def _moran_direct(mat: np.ndarray) -> float:
    """Textbook Moran's I with an explicit binary weight matrix (rook neighbours, no wrap)."""
    h, w = mat.shape
    z = (mat - mat.mean()).ravel()
    weights = np.zeros((h * w, h * w))
    for i in range(h):
        for j in range(w):
            for di, dj in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                if 0 <= i + di < h and 0 <= j + dj < w:
                    weights[i * w + j, (i + di) * w + j + dj] = 1.0
    return float(z.size / weights.sum() * (z @ weights @ z) / (z @ z))


def test_moran_matches_the_weight_matrix_formula():
    rng = np.random.default_rng(0)
    for shape in ((5, 7), (9, 9), (2, 3)):
        mat = rng.random(shape) + np.linspace(0, 1, shape[1])
        assert moran_i(mat) == pytest.approx(_moran_direct(mat), rel=1e-12)


def test_coarse_grain_and_skewness_by_hand():
    rng = np.random.default_rng(1)
    field = rng.random((1, 9, 10))
    cg = coarse_grain(field, 3)
    assert cg.shape == (1, 3, 3)
    assert cg[0, 1, 2] == pytest.approx(field[0, 3:6, 6:9].mean())
    out = spatial_indicators(field, subsize=3, indicators=["variance", "skewness", "mean"])
    v = cg.ravel()
    z = v - v.mean()
    assert out.variance[0] == pytest.approx(v.var(ddof=1))
    assert out.skewness[0] == pytest.approx(np.mean(z**3) / np.mean(z**2) ** 1.5)
    assert out.mean[0] == pytest.approx(field.mean())


def test_patches_by_hand():
    mat = np.array([[1, 1, 0, 0], [0, 1, 0, 1], [0, 0, 0, 1], [1, 0, 1, 1]])
    assert patch_sizes(mat).tolist() == [1, 3, 4]  # diagonal contacts do not join patches
    out = spatial_indicators(mat[None], indicators=["patch_count", "largest_patch", "mean_patch_size"])
    assert (out.patch_count[0], out.largest_patch[0], out.mean_patch_size[0]) == (3.0, 4 / 16, 8 / 3)


def _fixture(name: str) -> pd.DataFrame:
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"fixture {name} not generated (tools/spatialwarnings_refs.R)")
    return pd.read_csv(path)


def _matrix(name: str) -> np.ndarray:
    return np.loadtxt(FIXTURES / f"{name}.csv", delimiter=",")


def test_generic_sews_matches_spatialwarnings():
    ref = _fixture("generic_sews.csv")
    for row in ref.itertuples():
        mat = _matrix(row.matrix)
        out = spatial_indicators(
            mat[None], subsize=int(row.subsize), indicators=["variance", "skewness", "moran", "mean"],
            moran_coarse_grain=bool(row.moran_cg),
        )  # fmt: skip
        for name in ("variance", "skewness", "moran", "mean"):
            np.testing.assert_allclose(getattr(out, name)[0], getattr(row, name), rtol=1e-10, err_msg=name)


def test_spectral_sews_matches_spatialwarnings():
    ref = _fixture("spectral_sews.csv")
    for row in ref.itertuples():
        out = spatial_indicators(_matrix(row.matrix)[None], indicators=["sdr"])
        np.testing.assert_allclose(out.sdr[0], row.sdr, rtol=1e-10)
    spec = _fixture("rspectrum.csv")
    from tsdyn.ews.spatial import r_spectrum

    for name, part in spec.groupby("matrix"):
        mat = _matrix(str(name))
        n = min(mat.shape)
        dist, rspec = r_spectrum(mat[:n, :n])
        np.testing.assert_allclose(dist, part["dist"].values)
        np.testing.assert_allclose(rspec, part["rspec"].values, rtol=1e-10)


def test_patch_sizes_match_spatialwarnings():
    ref = _fixture("patchsizes.csv")
    for name, part in ref.groupby("matrix"):
        assert patch_sizes(_matrix(str(name)) > 0).tolist() == sorted(part["size"].tolist())
    for row in _fixture("patchdistr_sews.csv").itertuples():
        mat = _matrix(row.matrix)
        out = spatial_indicators(mat[None], indicators=["patch_count", "mean"])
        assert out.patch_count[0] == row.npatches
        assert out.mean[0] == pytest.approx(row.cover, rel=1e-12)


def test_grazing_lattice_ramped_to_the_fold_warns_and_its_null_does_not():
    alt = spatial_grazing(n_time=60, size=12, seed=3)
    null = spatial_grazing(n_time=60, size=12, seed=3, null=True)
    names = ["variance", "moran"]
    tau = analyze_spatial(alt, subsize=2, indicators=names).ktau["tau"]
    tau0 = analyze_spatial(null, subsize=2, indicators=names).ktau["tau"]
    assert (tau > 0.2).all() and (tau.values > tau0.values + 0.2).all(), (tau, tau0)


def test_grayscott_frames_and_ramp():
    da = grayscott_ramp(size=12, n_time=12, dt=50.0)
    assert da.dims == ("time", "y", "x") and da.shape == (12, 12, 12)
    res = analyze_spatial(da, subsize=2, indicators=["mean", "sdr"])
    res0 = analyze_spatial(
        grayscott_ramp(size=12, n_time=12, dt=50.0, null=True), subsize=2, indicators=["mean"]
    )
    # lowering the feed rate starves the v spots: the mean of v falls, unlike in the null run
    assert res.ktau.loc["mean", "tau"] < res0.ktau.loc["mean", "tau"] - 0.3


def test_field_frames_layout_and_xarray_input():
    traj = xr.DataArray(np.arange(3 * 18.0).reshape(3, 18), dims=("time", "variable"))
    frames = field_frames(traj, fields=2, field=0)
    assert frames.shape == (3, 3, 3) and frames.values[1, 2, 0] == 18 + 6
    ds = spatial_indicators(frames.expand_dims(member=2), subsize=1, indicators=["variance"])
    assert ds["variance"].dims == ("member", "time")


@pytest.mark.parametrize(
    ("x", "kwargs", "match"),
    [
        (np.zeros((5, 4)), {}, "two spatial dims"),
        (xr.DataArray(np.zeros((5, 4)), dims=("time", "x")), {}, "lacks dims"),
        (np.zeros((5, 1, 4)), {}, "at least 2"),
        (np.zeros((5, 4, 4)), {"indicators": ["ac1"]}, "indicator"),
        (np.zeros((5, 4, 4)), {"subsize": 8, "indicators": ["variance"]}, "larger than the field"),
        (np.zeros((5, 4, 4)), {"sub_size": 2}, "unknown spatial option"),
    ],
)
def test_bad_input(x, kwargs, match):
    with pytest.raises(InputError, match=match):
        spatial_indicators(x, **kwargs)


def test_spatial_atlas_scores_variance_on_the_grazing_lattice():
    from tsdyn.ews.atlas import atlas_table, combine_atlases, spatial_atlas

    atlas = spatial_atlas(indicators=["variance", "moran"], n_runs=4, n_time=40, size=10, seed=1)
    assert float(atlas["auc"].sel(kind="spatial_grazing_fold", indicator="variance")) > 0.8
    other = atlas.assign_coords(kind=["other"], indicator=["ac1", "variance"])
    table = atlas_table(combine_atlases(atlas, other))
    assert table.shape == (3, 2) and np.isnan(table.loc["moran", "other"])


def test_options_record_gives_the_keywords_results():
    from tsdyn.ews.spatial import SpatialOptions

    frames = np.random.default_rng(3).random((6, 12, 12)) * np.linspace(0.5, 1.0, 6)[:, None, None]
    kwargs = {"indicators": ["variance", "skewness", "moran"], "subsize": 2, "abs_skewness": True}
    opts = SpatialOptions(**kwargs)
    by_keywords = spatial_indicators(frames, **kwargs)
    by_record = spatial_indicators(frames, opts)
    for name in kwargs["indicators"]:
        np.testing.assert_array_equal(getattr(by_record, name), getattr(by_keywords, name))
    # a keyword beside the record replaces its field
    np.testing.assert_array_equal(
        spatial_indicators(frames, opts, subsize=1).variance, frames.reshape(6, -1).var(axis=1, ddof=1)
    )
    res = analyze_spatial(frames, opts)
    assert res.data.attrs["subsize"] == 2 and list(res.ktau.index) == kwargs["indicators"]
    with pytest.raises(InputError, match="must be a SpatialOptions"):
        analyze_spatial(frames, {"subsize": 2})
