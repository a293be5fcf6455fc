"""The pattern kernel's variants (one per measure, length class, tie rule and NaN policy)."""

from __future__ import annotations

import numpy as np
import pytest

from tsdyn._compile import engine_jobs
from tsdyn.ordinal import _kernels as K


def test_tsdyn_compile_warms_every_kind():
    keys = {job.key for job in engine_jobs(("ordinal",))}
    assert {f"ordinal.kernel.{k}" for k in ("shannon", "renyi", "tsallis", "fisher", "histogram")} <= keys
    threaded = {job.key for job in engine_jobs(("ordinal",), parallel=True)}
    assert "ordinal.kernel.shannon.threads" in threaded


def _run(a, kind, whole, ties, omit, params, n_out):
    d, tau = 3, 1
    nbins = K.n_codes(d, ties)
    out = np.empty((a.shape[0], n_out))
    totals = np.zeros(a.shape[0], dtype=np.int64)
    args = (d, tau, K.weights(d, ties), nbins, K.n_patterns(d, ties), params, out, totals)
    K._pattern_rows(a, *args, parallel=False, kind=kind, whole=whole, ties=ties, omit=omit, paired=False)
    return out, totals


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "params", "n_out", "ties"),
    [(K.SHANNON, K._NO_PARAMS, 2, K.STABLE), (K.RENYI, np.array([0.5, 2.0]), 4, K.SHARED)],
)
def test_walking_the_codes_equals_walking_the_bins(kind, params, n_out, ties):
    """A short series (fewer windows than bins) reads its counts through its codes; the whole histogram gives the same."""
    rng = np.random.default_rng(3)
    a = np.round(rng.standard_normal((3, 9)), 1)  # rounded: ties occur
    a[1, 4] = np.nan
    by_codes = _run(a, kind, False, ties, True, params, n_out)
    by_bins = _run(a, kind, True, ties, True, params, n_out)
    np.testing.assert_allclose(by_codes[0], by_bins[0], rtol=1e-12)
    np.testing.assert_array_equal(by_codes[1], by_bins[1])
    assert by_codes[1][1] < by_codes[1][0]  # the NaN's windows were skipped
