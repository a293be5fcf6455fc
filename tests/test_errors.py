"""Every bad input of the data model gives an InputError that names the problem and the place."""

import warnings

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.data import Output, apply_along_time
from tsdyn.errors import (
    NAN_POLICIES,
    InputError,
    TsdynError,
    check_choice,
    check_finite,
    check_int,
    check_magnitude,
    check_nan_policy,
    check_real,
    window_points,
)

MEAN = Output("mean")


def mean_kernel(a, *, parallel):
    return a.mean(axis=1)


def run(x, **kw):
    return apply_along_time(mean_kernel, x, outputs=MEAN, **kw)


def test_input_error_is_a_value_error_and_a_tsdyn_error():
    assert issubclass(InputError, ValueError) and issubclass(InputError, TsdynError)


@pytest.mark.parametrize("x", [[], np.empty((3, 0)), pd.Series([], dtype=float)])
def test_empty(x):
    with pytest.raises(InputError, match="is empty"):
        run(x)


def test_scalar():
    with pytest.raises(InputError, match="scalar; a series needs a time axis"):
        run(3.0)


def test_ragged_list():
    with pytest.raises(InputError, match="cannot be read as an array"):
        run([[1.0, 2.0], [1.0]])


def test_non_numeric_names_column_and_position():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": ["1", "x", "3"]})
    with pytest.raises(
        InputError, match=r"real numbers, got dtype object.*'1' at time index 0.*variable='b'"
    ):
        run(df)


def test_complex_and_datetime_values():
    with pytest.raises(InputError, match="got dtype complex"):
        run(np.array([1 + 1j, 2.0]))
    with pytest.raises(InputError, match="got dtype datetime"):
        run(pd.date_range("2000", periods=3).to_numpy())


def test_too_short_gives_minimum_and_actual_length():
    with pytest.raises(InputError, match=r"too short along 'time' for d=5: needs at least 5 samples, got 3"):
        run([1.0, 2.0, 3.0], min_length=5, length_reason="d=5")


def test_nan_is_refused_with_position_by_default():
    df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, np.nan, 3.0]}, index=[0.0, 0.1, 0.2])
    with pytest.raises(
        InputError, match=r"1 NaN value\(s\), the first at time index 1 \(time=0.1\), variable='b'"
    ):
        run(df)
    assert np.isnan(run(df, nan_policy="propagate")["b"])


def test_all_nan_is_refused_under_every_policy():
    for policy in ("raise", "propagate", "omit"):
        with pytest.raises(InputError, match="all NaN"):
            run([np.nan, np.nan], nan_policy=policy)


def test_inf_is_refused():
    with pytest.raises(InputError, match="infinite value at time index 2"):
        run([1.0, 2.0, np.inf], nan_policy="propagate")


def test_unknown_nan_policy():
    with pytest.raises(InputError, match="nan_policy must be one of 'raise', 'propagate', 'omit'"):
        run([1.0, 2.0], nan_policy="ignore")


def test_interpolate_is_for_the_engines_not_the_data_layer():
    with pytest.raises(InputError, match="nan_policy='interpolate' is not available here"):
        run([1.0, 2.0], nan_policy="interpolate")


def test_nan_policy_values_and_subsets():
    assert NAN_POLICIES == ("raise", "propagate", "omit", "interpolate")
    assert check_nan_policy("omit", ("raise", "omit")) == "omit"
    with pytest.raises(InputError, match="accepts 'raise', 'omit'"):
        check_nan_policy("propagate", ("raise", "omit"))
    # a value of no vocabulary (the old "skip", "drop", "keep") lists what the function accepts
    for old in ("skip", "drop", "keep", None, 1):
        with pytest.raises(InputError, match="nan_policy must be one of 'raise', 'omit'"):
            check_nan_policy(old, ("raise", "omit"))


@pytest.mark.parametrize(
    ("value", "kwargs", "match"),
    [
        (True, {}, "alpha must be a finite number, got True"),
        ("0.5", {}, "alpha must be a finite number, got '0.5'"),
        (float("nan"), {}, "alpha must be a finite number, got nan"),
        (float("inf"), {}, "alpha must be a finite number, got inf"),
        (float("nan"), {"allow_inf": True}, "alpha must be a number, got nan"),
        (0.0, {"minimum": 0, "inclusive": (False, True)}, r"alpha must be a number > 0, got 0.0"),
        (-1, {"minimum": 0}, r"alpha must be a number >= 0, got -1"),
        (2, {"maximum": 1}, r"alpha must be a number <= 1, got 2"),
        (1.0, {"maximum": 1, "inclusive": (True, False)}, r"alpha must be a number < 1, got 1.0"),
        (1.5, {"minimum": 0, "maximum": 1}, r"alpha must be a number in \[0, 1\], got 1.5"),
        (0.0, {"minimum": 0, "maximum": 0.5, "inclusive": (False, True)}, r"in \(0, 0.5\]"),
        (float("inf"), {"minimum": 0}, r"alpha must be a number >= 0, got inf"),
    ],
)
def test_check_real_refuses(value, kwargs, match):
    with pytest.raises(InputError, match=match):
        check_real(value, "alpha", **kwargs)


def test_check_real_accepts():
    assert check_real(np.float32(0.25), "alpha", minimum=0, maximum=1) == 0.25
    assert isinstance(check_real(np.int64(3), "alpha"), float)
    assert check_real(0, "alpha", minimum=0) == 0.0
    assert check_real(float("inf"), "alpha", minimum=0, allow_inf=True) == float("inf")


@pytest.mark.parametrize("value", [1.0, 50.0, 0.0, -0.5, 1.5, float("nan"), np.float64(2.0)])
def test_window_rule_refuses_ambiguous_floats(value):
    with pytest.raises(
        InputError, match="(ambiguous|not a window size): pass an int for a number of points or a float in"
    ):
        window_points(value, 100)


@pytest.mark.parametrize(("value", "match"), [(True, "must be a number"), ("10", "must be a number"),
                                              (1, "at least 2 points"), (-3, "at least 2 points")])  # fmt: skip
def test_window_rule_refuses_bad_types_and_short_windows(value, match):
    with pytest.raises(InputError, match=match):
        window_points(value, 100)


def test_window_rule_refuses_fractions_that_give_too_few_points():
    # the minimum holds for a fraction's rounded points too (0.1 of 6 samples used to give 1 point)
    with pytest.raises(
        InputError, match="window=0.01 of a series of 100 samples gives 1 points; needs at least 2"
    ):
        window_points(0.01, 100)
    with pytest.raises(
        InputError, match="span=0.1 of a series of 30 samples gives 3 points; needs at least 4"
    ):
        window_points(0.1, 30, name="span", minimum=4)
    assert window_points(0.02, 100) == 2
    assert window_points(0.001, 100, whole=False) == pytest.approx(0.1)  # a bandwidth is no window


def test_window_rule_reads_ints_as_points_and_fractions_of_the_length():
    assert window_points(np.int64(30), 100) == 30 and isinstance(window_points(np.int64(30), 100), int)
    assert window_points(0.5, 101) == 50  # round half to even, as before
    assert window_points(0.25, 10, whole=False) == 2.5
    assert window_points(1, 100, minimum=1) == 1


def test_unsorted_time_coordinate():
    s = pd.Series([1.0, 2.0, 3.0], index=[0.0, 2.0, 1.0])
    with pytest.raises(
        InputError, match=r"not increasing: time index 2 \(1.0\) comes before index 1 \(2.0\)"
    ):
        run(s)


def test_duplicated_datetime():
    idx = pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-02"])
    with pytest.raises(InputError, match=r"duplicated time value 2000-01-02.* index 1 and 2"):
        run(pd.Series([1.0, 2.0, 3.0], index=idx))


def test_nan_time_value():
    with pytest.raises(InputError, match="missing \\(NaN\\) time value at time index 1"):
        run(pd.Series([1.0, 2.0], index=[0.0, np.nan]))


def test_wrong_dimension_name():
    da = xr.DataArray(np.zeros((2, 3)), dims=("member", "t"))
    with pytest.raises(InputError, match=r"no dimension 'time' \(its dimensions: 'member', 't'\)"):
        run(da)
    assert run(da, dim="t").shape == (2,)


def test_dataset_variable_without_time():
    ds = xr.Dataset({"a": ("time", [1.0, 2.0]), "b": ("x", [1.0])})
    with pytest.raises(InputError, match=r"x\['b'\] has no dimension 'time'"):
        run(ds)


def test_parameter_checks():
    with pytest.raises(InputError, match=r"tau must be an integer >= 1, got 0"):
        check_int(0, "tau", minimum=1)
    with pytest.raises(InputError, match=r"d must be an integer in \[2, 10\], got 2.5"):
        check_int(2.5, "d", minimum=2, maximum=10)
    with pytest.raises(InputError, match="must be an integer"):
        check_int(True, "d")
    with pytest.raises(InputError, match="detrend must be one of 'gaussian', 'none'; got 'x'"):
        check_choice("x", "detrend", ["gaussian", "none"])


def test_large_finite_values_are_not_mistaken_for_inf():
    # the clean-input fast path sums the values; an overflowing sum must fall back to the
    # exact scan, silently, and still find a real NaN or inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        check_finite(xr.DataArray([1e308, 1e308, -1e308], dims="time"))
        with pytest.raises(InputError, match="NaN value"):
            check_finite(xr.DataArray([1e308, 1e308, np.nan], dims="time"))
        with pytest.raises(InputError, match="infinite value at time index 2"):
            check_finite(xr.DataArray([1e308, 1e308, np.inf], dims="time"))


def _logistic(n=1500):
    x = np.empty(n)
    x[0] = 0.3
    for i in range(1, n):
        x[i] = 4.0 * x[i - 1] * (1.0 - x[i - 1])
    return x


def _estimators():
    import tsdyn.chaos as tc
    import tsdyn.entropy as te
    import tsdyn.ews as tw
    import tsdyn.fractal as tf
    import tsdyn.recurrence as tr
    import tsdyn.surrogates as tsur

    return [
        tc.lyapunov_exponent,
        tc.correlation_dimension,
        tc.zero_one_test,
        tc.optimal_delay,
        tc.classify,
        te.sample_entropy,
        te.approximate_entropy,
        tf.dfa,
        tf.hurst,
        lambda x: tr.rqa(x, m=2, tau=1, recurrence_rate=0.05),
        lambda x: tsur.surrogates(x, method="ar1", seed=0),
        tsur.cycle_boundaries,
        lambda x: tw.analyze(x, window=0.5),
    ]


@pytest.mark.parametrize("scale", [1e160, 1e-200])
def test_magnitudes_float64_cannot_square_are_refused_where_values_are_squared(scale):
    # variances, distances and spectra overflow past 1e154 and underflow below 1e-154: sample
    # entropy gave 0 at 1e160 and NaN at 1e-200, DFA NaN, classify divided by zero
    x = _logistic() * scale
    for f in _estimators():
        with pytest.raises(InputError, match="rescale x .a change of units."):
            f(x)
    # ordinal patterns and Lempel-Ziv symbols come from comparisons alone: any magnitude holds
    from tsdyn.entropy import lempel_ziv
    from tsdyn.ordinal import permutation_entropy

    assert permutation_entropy(x) == permutation_entropy(_logistic())
    assert lempel_ziv(x) == lempel_ziv(_logistic())


def test_check_magnitude_names_the_series_and_leaves_zeros_and_nan():
    da = xr.DataArray(np.zeros((3, 5)), dims=("member", "time"))
    check_magnitude(da)  # all zero: constant, not tiny
    da[1, 2] = np.nan
    check_magnitude(da)
    da[2, 3] = 1e-170
    with pytest.raises(InputError, match=r"x \(series 2 of 3\) lies within 1e-170 of zero"):
        check_magnitude(da)
    with pytest.raises(InputError, match="magnitude 2e\\+151 at member index 0, time index 4"):
        check_magnitude(xr.DataArray([[0.0, 1, 2, 3, -2e151]], dims=("member", "time")))


def test_magnitudes_are_checked_in_dask_chunks_too():
    da = xr.DataArray(np.r_[np.ones(9), 1e160], dims="time").expand_dims(member=2).chunk({"member": 1})
    lazy = apply_along_time(mean_kernel, da, outputs=MEAN)
    with pytest.raises(InputError, match=r"x \(in a dask chunk\) has a value of magnitude 1e\+160"):
        lazy.compute()
