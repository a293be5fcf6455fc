"""ch_ews' AR fits: R's singularity rule on a smooth series, least squares against numpy, the rank rule.

The fold/flicker fixtures of R's ch_ews are in test_earlywarnings_methods.py; the
smooth series here makes ``ar.ols`` stop its order search at order 2, where the
normal equations of order 3 are rank deficient by R's ``qr()`` tolerance.
"""

import numpy as np
import pytest

from tests.ews._r_fixtures import table
from tsdyn.errors import InputError
from tsdyn.ews import _ar_kernels
from tsdyn.ews.heteroskedasticity import ar_ols_residuals, conditional_heteroskedasticity

SMOOTH = table("ar_ols_smooth.csv")


def test_ar_ols_stops_where_r_finds_the_normal_equations_singular():
    e, m = ar_ols_residuals(SMOOTH.x.to_numpy())
    assert m == SMOOTH.order.iloc[0] == 2
    want = SMOOTH.resid.dropna().to_numpy()
    # the order-2 normal equations of a sine with 1e-4 noise have a condition number ~1e9
    np.testing.assert_allclose(e, want, rtol=0, atol=1e-9 * want.std())


def test_ch_ews_on_a_smooth_series_matches_r():
    ref = table("ch_ews_smooth.csv")
    ds = conditional_heteroskedasticity(SMOOTH.x.to_numpy(), window=0.25)
    got = ds.isel(time=ref.time.to_numpy() - 1)  # R's time is the 1-based position
    np.testing.assert_array_equal(got.ar_order.values, ref["ar.fit.order"].to_numpy())
    np.testing.assert_allclose(got.r_squared.values, ref["r.squared"].to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(got.critical_value.values, ref["critical.value"].to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(got.significant.values, ref["test.result"].to_numpy())


@pytest.mark.parametrize("order", [0, 1, 3, 7])
def test_fixed_order_fit_equals_least_squares(order):
    rng = np.random.default_rng(order)
    x = np.cumsum(rng.standard_normal(120)) * 0.3 + rng.standard_normal(120)
    e, m = ar_ols_residuals(x, order=order)
    y = x / x.std(ddof=1)
    y = y - y.mean()
    design = np.column_stack(
        [np.ones(x.size - order)] + [y[order - k : x.size - k] for k in range(1, order + 1)]
    )
    coef, *_ = np.linalg.lstsq(design, y[order:], rcond=None)
    want = (y[order:] - design @ coef) * x.std(ddof=1)
    assert m == order
    np.testing.assert_allclose(e, want, rtol=0, atol=1e-10 * want.std())


def test_aic_choice_equals_explicit_search():
    rng = np.random.default_rng(5)
    x = np.zeros(300)
    for i in range(2, 300):
        x[i] = 1.1 * x[i - 1] - 0.4 * x[i - 2] + rng.standard_normal()
    n = x.size
    aics = []
    for m in range(int(np.floor(10 * np.log10(n))) + 1):
        e, _ = ar_ols_residuals(x, order=m)
        aics.append(n * np.log(np.sum((e / x.std(ddof=1)) ** 2) / (n - m)) + 2 * (m + 1))
    chosen = ar_ols_residuals(x)[1]
    assert chosen == int(np.argmin(aics)) and chosen >= 2  # at least the true order 2


def test_rank_rule():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((6, 6))
    assert _ar_kernels.qr_rank(a @ a.T, _ar_kernels.QR_TOL) == 6
    b = rng.standard_normal((6, 4))
    g = b @ b.T  # rank 4
    assert _ar_kernels.qr_rank(g.copy(), _ar_kernels.QR_TOL) == 4
    # a column whose independent part is 1e-9 of its norm counts as dependent at tol 1e-7,
    # one at 1e-5 does not
    for eps, rank in ((1e-9, 2), (1e-5, 3)):
        m = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [0.0, 0.0, eps]])
        assert _ar_kernels.qr_rank(m, _ar_kernels.QR_TOL) == rank


def test_small_windows_keep_three_pairs_of_squared_residuals():
    # the AIC search went up to w - 1 lags in windows under 15 points: one residual left, and
    # a division by zero; a fraction giving under 4 points was taken too (6 samples at 0.1: 1)
    x = np.random.default_rng(0).standard_normal(60)
    with pytest.raises(
        InputError, match="window=0.1 of a series of 6 samples gives 1 points; needs at least 4"
    ):
        conditional_heteroskedasticity(x[:6])
    ds = conditional_heteroskedasticity(x[:40])  # 4 points: AR(0), 3 pairs
    assert int(ds.ar_order.max()) == 0 and np.isfinite(ds.r_squared.values[3:]).all()
    ds = conditional_heteroskedasticity(x, window=10)
    assert int(ds.ar_order.max()) <= 6 and np.isfinite(ds.r_squared.values[9:]).all()


def test_singular_fixed_order_is_an_input_error():
    with pytest.raises(InputError, match="singular"):
        conditional_heteroskedasticity(np.r_[np.zeros(20), np.ones(20)], window=10, order=2)
    with pytest.raises(InputError, match="finite 1-D"):
        ar_ols_residuals(np.r_[1.0, np.nan, 2.0])


@pytest.mark.parametrize(
    ("order", "match"), [(-1, "order"), (2.5, "order"), (True, "order"), (60, "at least 121")]
)
def test_bad_fixed_order_is_an_input_error(order, match):
    # a negative order would index the kernel's scratch out of bounds; too large a one has no rows
    with pytest.raises(InputError, match=match):
        ar_ols_residuals(np.random.default_rng(0).standard_normal(100), order=order)
