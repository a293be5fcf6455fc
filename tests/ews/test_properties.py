"""Properties: rolling statistics equal per-window numpy for any data, window and offset; dask stays lazy."""

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from tsdyn.ews import rolling_indicators
from tsdyn.ews.conventions import get_convention
from tsdyn.ews.indicators import compute_indicators

series = st.integers(10, 60).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False), min_size=n, max_size=n),
        st.integers(5, n),
        st.floats(-1e6, 1e6),
    )
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(series)
def test_variance_and_ac1_equal_per_window_numpy(case):
    values, w, offset = case
    x = np.asarray(values) + offset
    if np.ptp(x) == 0:
        return
    out = compute_indicators(x[None, :], window=w, names=["variance", "ac1"], conv=get_convention("tsdyn"))
    win = np.lib.stride_tricks.sliding_window_view(x, w)
    var = win.var(axis=1, ddof=1)
    scale = max(np.var(values), 1e-300)
    np.testing.assert_allclose(out["variance"][0, w - 1 :], var, rtol=1e-7, atol=1e-9 * scale)
    ok = (win[:, :-1].std(axis=1) > 1e-6 * np.sqrt(scale)) & (win[:, 1:].std(axis=1) > 1e-6 * np.sqrt(scale))
    ref = np.array(
        [np.corrcoef(v[:-1], v[1:])[0, 1] if good else np.nan for v, good in zip(win, ok, strict=True)]
    )
    np.testing.assert_allclose(out["ac1"][0, w - 1 :][ok], ref[ok], atol=1e-6)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(series, st.floats(0.1, 100.0))
def test_ac_and_skewness_are_shift_and_scale_invariant(case, scale):
    values, w, offset = case
    x = np.asarray(values)
    if np.ptp(x) < 1e-3:
        return
    conv = get_convention("tsdyn")
    a = compute_indicators(x[None], window=w, names=["ac1", "skewness"], conv=conv)
    b = compute_indicators((x * scale + offset)[None], window=w, names=["ac1", "skewness"], conv=conv)
    for name in ("ac1", "skewness"):
        ok = np.isfinite(a[name]) & (np.abs(a[name]) < 1e6)
        np.testing.assert_allclose(b[name][ok], a[name][ok], atol=1e-5)


def test_dask_input_stays_lazy_and_matches():
    pytest.importorskip("dask")
    rng = np.random.default_rng(0)
    da = xr.DataArray(rng.standard_normal((4, 200)), dims=("member", "time"))
    lazy = rolling_indicators(
        da.chunk({"member": 2}), window=50, indicators=["variance", "ac1"], detrend="gaussian"
    )
    assert lazy.variance.chunks is not None
    eager = rolling_indicators(da, window=50, indicators=["variance", "ac1"], detrend="gaussian")
    xr.testing.assert_allclose(lazy.compute(), eager)


def test_analyze_computes_dask_input_once_for_its_table():
    pytest.importorskip("dask")
    from dask.callbacks import Callback

    from tsdyn.ews import analyze

    class Count(Callback):
        def __init__(self):
            super().__init__()
            self.n = 0

        def _start(self, dsk):
            self.n += 1

    da = xr.DataArray(
        np.random.default_rng(1).standard_normal((2, 300)).cumsum(axis=1), dims=("site", "time")
    )
    count = Count()
    with count:
        lazy = analyze(da.chunk({"site": 1}))
    # the Kendall taus of the pandas table in one pass; the curves (and the series) stay lazy
    assert count.n == 1 and lazy.data.state.chunks is not None and lazy.data.variance.chunks is not None
    eager = analyze(da)
    assert lazy.ktau.equals(eager.ktau)
    xr.testing.assert_identical(lazy.data.compute(), eager.data)
