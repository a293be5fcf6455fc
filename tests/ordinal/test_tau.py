import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ordinal.multiscale import multiscale_complexity_entropy
from tsdyn.ordinal.tau import choose_delay, natural_timescale, sample_interval


@pytest.mark.parametrize("period", [20.0, 37.5, 80.0])
@pytest.mark.parametrize("method", ["crossings", "minima", "maxima"])
def test_sine_natural_timescale_is_its_period(period, method):
    x = np.sin(2 * np.pi * np.arange(4000) / period + 0.3)
    assert natural_timescale(x, method=method) == pytest.approx(period, rel=0.01)


def test_timescale_units_from_coordinate_and_dt():
    t = np.arange(3000) * 0.02
    da = xr.DataArray(np.sin(2 * np.pi * t / 1.5), dims="time", coords={"time": t})
    assert sample_interval(da) == pytest.approx(0.02)
    assert float(natural_timescale(da)) == pytest.approx(1.5, rel=0.01)
    assert natural_timescale(da.values, dt=0.02) == pytest.approx(1.5, rel=0.01)
    days = pd.Series(da.values, index=pd.date_range("2000", periods=3000, freq="D"))
    assert sample_interval(days) == 86400.0


def test_undefined_timescale_is_nan():
    assert np.isnan(natural_timescale(np.arange(50.0)))
    assert np.isnan(choose_delay(np.arange(50.0)).tau)


def test_timescale_criterion_puts_pattern_timescale_at_ratio():
    x = np.sin(2 * np.pi * np.arange(5000) / 96 + 0.1)
    for ratio in (0.3, 0.4, 0.5):
        res = choose_delay(x, m=5, ratio=ratio)
        assert res.tau == round(ratio * 96 / 4)
        assert res.natural_timescale == pytest.approx(96, rel=0.01)


def test_complexity_peak_is_the_argmax_of_the_curve():
    rng = np.random.default_rng(0)
    x = np.sin(2 * np.pi * np.arange(3000) / 60) + 0.2 * rng.standard_normal(3000)
    res = choose_delay(x, m=4, method="complexity_peak", taus=range(1, 40))
    curve = multiscale_complexity_entropy(x, m=4, taus=range(1, 40)).complexity
    assert res.tau == 1 + int(np.argmax(curve))


def test_many_series_and_dims():
    x = np.stack([np.sin(2 * np.pi * np.arange(2000) / p) for p in (40, 80)])
    res = choose_delay(xr.DataArray(x, dims=("member", "time")), m=5)
    assert res["tau"].dims == ("member",)
    np.testing.assert_array_equal(res["tau"].values, [4, 8])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: natural_timescale([1.0, 2.0]), "at least 3"),
        (lambda: natural_timescale(np.arange(9.0), method="zero"), "method"),
        (lambda: natural_timescale(np.arange(9.0), dt=0), "dt"),
        (lambda: choose_delay(np.arange(9.0), m=5), "at least 10"),
        (lambda: choose_delay(np.arange(90.0), ratio=-1), "ratio"),
        (lambda: choose_delay(np.arange(90.0), method="peak"), "method"),
        (lambda: choose_delay(np.arange(20.0), m=5, method="complexity_peak", taus=[5, 6]), "too short"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_choose_delay_refuses_what_the_measures_cannot_use():
    x = np.sin(2 * np.pi * np.arange(2000) / 50) + np.random.default_rng(0).normal(size=2000) * 0.1
    with pytest.raises(InputError, match="m=20 is too large"):
        choose_delay(x, m=20)  # gave tau = 1 for an m no ordinal measure takes
    with pytest.raises(InputError, match="ratio=1e\\+06 .* beyond the series' 2000"):
        choose_delay(x, ratio=1e6)  # gave a delay of 4.6 million samples


def test_a_time_by_variable_array_gets_the_transpose_hint():
    a = np.random.default_rng(0).standard_normal((500, 3))
    with pytest.raises(InputError, match="pass x.T"):
        natural_timescale(a)  # 500 three-sample "series", 318 of them NaN
