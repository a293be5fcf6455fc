import numpy as np
import pandas as pd
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.forecast.metrics import (
    correlation,
    mae,
    mase,
    mse,
    normalized_error,
    smape,
    valid_prediction_time,
)

TRUE = np.array([1.0, 2.0, -1.0, 0.0])
PRED = np.array([1.5, 1.0, 1.0, 0.0])


# Hand-computed values of the definitions (errors 0.5, -1, 2, 0).
def test_mse_mae_by_hand():
    assert mse(TRUE, PRED) == pytest.approx((0.25 + 1 + 4 + 0) / 4)
    assert mae(TRUE, PRED) == pytest.approx((0.5 + 1 + 2 + 0) / 4)
    np.testing.assert_allclose(mse(TRUE, PRED, per_step=True), [0.25, 1.0, 4.0, 0.0])
    np.testing.assert_allclose(mae(TRUE, PRED, per_step=True), [0.5, 1.0, 2.0, 0.0])


def test_smape_by_hand_and_zero_over_zero():
    # |e|/(|y|+|yhat|): 0.5/2.5, 1/3, 2/2, 0/0 -> counted as 0
    steps = 200 * np.array([0.2, 1 / 3, 1.0, 0.0])
    np.testing.assert_allclose(smape(TRUE, PRED, per_step=True), steps)
    assert smape(TRUE, PRED) == pytest.approx(steps.mean())
    assert smape([1.0], [-1.0]) == pytest.approx(200.0)  # the upper bound


def test_mase_by_hand():
    train = np.array([0.0, 1.0, 3.0, 2.0])  # |diffs| 1, 2, 1 -> scale 4/3; m=2: 3, 1 -> 2
    assert mase(TRUE, PRED, y_train=train) == pytest.approx(0.875 / (4 / 3))
    assert mase(TRUE, PRED, y_train=train, m=2) == pytest.approx(0.875 / 2)
    np.testing.assert_allclose(mase(TRUE, PRED, y_train=train, per_step=True), np.abs(PRED - TRUE) * 0.75)


def test_correlation_by_hand():
    assert correlation([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]) == pytest.approx(-1.0)
    # x = (0, 1, 2), y = (0, 1, 5): r = 5/sqrt(2 * 14)
    assert correlation([0.0, 1.0, 2.0], [0.0, 1.0, 5.0]) == pytest.approx(5 / np.sqrt(28))
    assert correlation([0.0, 1.0, 2.0], [0.0, 1.0, 5.0], method="spearman") == pytest.approx(1.0)
    assert np.isnan(correlation([1.0, 1.0, 1.0], [0.0, 1.0, 2.0]))


@pytest.mark.parametrize("level", [0.0, 1.0, 0.1, 0.7, 3.3, -2.6e-3, 1e6 / 3])
@pytest.mark.parametrize("n", [3, 7, 10])
def test_correlation_of_a_constant_forecast_is_nan(level, n):
    """Issue 13, problem 17: a constant 0.1 forecast of 7 samples gave -4.8e-17 (a rounding residue of
    its mean), some 3-sample ones 0.0."""
    truth = np.linspace(0.0, 1.0, n)
    assert np.isnan(correlation(truth, [level] * n))
    assert np.isnan(correlation([level] * n, truth))
    assert np.isnan(correlation([level] * n, truth, method="spearman"))
    # a row-wise kernel: the constant row is NaN, its neighbour keeps its value
    both = correlation(np.array([truth, truth]), np.array([[level] * n, truth]))
    assert np.isnan(both[0]) and both[1] == pytest.approx(1.0)


def test_correlation_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(0)
    t, p = rng.normal(size=(3, 50)), rng.normal(size=(3, 50))
    p[:, 5] = p[:, 6]  # a tie for the ranks
    ours = correlation(t, p)
    spear = correlation(t, p, method="spearman")
    for i in range(3):
        assert ours[i] == pytest.approx(stats.pearsonr(t[i], p[i])[0])
        assert spear[i] == pytest.approx(stats.spearmanr(t[i], p[i])[0])


def test_normalized_error_and_vpt_by_hand():
    truth = np.array([[1.0, -1.0, 1.0, -1.0], [2.0, -2.0, 2.0, -2.0]])  # stds 1 and 2
    pred = truth + np.array([[0.0, 0.4, 0.0, 1.0], [0.0, 0.0, 1.6, 0.0]])
    # per variable normalized errors: (0, .4, 0, 1) and (0, 0, .8, 0)
    e = normalized_error(truth, pred, variable_dim=0)
    np.testing.assert_allclose(e, np.sqrt([0.0, 0.08, 0.32, 0.5]))
    np.testing.assert_allclose(normalized_error(truth, pred), [[0, 0.4, 0, 1], [0, 0, 0.8, 0]])
    # joint error first exceeds 0.5 at step 2 (sqrt(.32) = .566): valid for 2 steps
    assert valid_prediction_time(
        truth, pred, variable_dim=0, dt=0.01, lyapunov_exponent=0.9
    ) == pytest.approx(2 * 0.01 * 0.9)
    assert valid_prediction_time(truth, pred, variable_dim=0, threshold=0.6) == 3.0
    assert valid_prediction_time(truth, pred, variable_dim=0, threshold=0.75) == 4.0  # never: the horizon
    np.testing.assert_allclose(valid_prediction_time(truth, pred), [3.0, 2.0])


def test_vpt_reads_dt_from_time_coordinate():
    time = 10 + 0.05 * np.arange(4)
    truth = xr.DataArray([1.0, -1.0, 1.0, -1.0], dims="time", coords={"time": time})
    pred = truth.copy(data=[1.0, -1.0, 0.0, -1.0])
    res = valid_prediction_time(truth, pred, lyapunov_exponent=2.0)
    assert isinstance(res, xr.DataArray)
    assert float(res) == pytest.approx(2 * 0.05 * 2.0)
    assert res.attrs["units"] == "Lyapunov times" and res.attrs["dt"] == pytest.approx(0.05)
    uneven = truth.assign_coords(time=[0.0, 0.1, 0.3, 0.4])
    with pytest.raises(InputError, match="not evenly spaced"):
        valid_prediction_time(uneven, uneven.copy(data=pred.values))


def test_scale_from_training_series():
    truth = xr.DataArray(np.zeros((2, 3)), dims=("variable", "time"), coords={"variable": ["x", "y"]})
    pred = truth + 1.0
    scale = xr.DataArray([1.0, 2.0], dims="variable", coords={"variable": ["x", "y"]})
    e = normalized_error(truth, pred, scale=scale, variable_dim="variable")
    np.testing.assert_allclose(e.values, np.full(3, np.sqrt((1 + 0.25) / 2)))
    assert e.dims == ("time",)


def test_xarray_keeps_dims_coords_and_attrs():
    time = np.arange(4.0)
    truth = xr.DataArray(
        np.stack([TRUE, 2 * TRUE]), dims=("member", "time"), coords={"member": [7, 8], "time": time}
    )
    pred = truth.copy(data=np.stack([PRED, 2 * PRED]))
    agg = mse(truth, pred)
    assert agg.dims == ("member",) and list(agg.member.values) == [7, 8]
    np.testing.assert_allclose(agg.values, [1.3125, 4 * 1.3125])
    assert agg.attrs["long_name"] == "mean squared error" and agg.attrs["per_step"] == 0
    steps = mae(truth, pred, per_step=True)
    assert steps.dims == ("member", "time") and np.array_equal(steps.time.values, time)
    # ensemble mean error per horizon step
    np.testing.assert_allclose(steps.mean("member").values, 1.5 * np.abs(PRED - TRUE))


def test_dask_input_stays_lazy():
    pytest.importorskip("dask")
    truth = xr.DataArray(np.stack([TRUE, TRUE]), dims=("member", "time")).chunk({"member": 1})
    pred = truth.copy(data=np.stack([PRED, PRED])).chunk({"member": 1})
    res = mse(truth, pred)
    assert res.chunks is not None
    np.testing.assert_allclose(res.compute().values, [1.3125, 1.3125])
    np.testing.assert_allclose(correlation(truth, pred).compute().values, correlation(TRUE, PRED))


def test_pandas_in_pandas_out():
    idx = pd.Index([0.1, 0.2, 0.3, 0.4])
    frame = pd.DataFrame({"x": TRUE, "y": -TRUE}, index=idx)
    pred = pd.DataFrame({"x": PRED, "y": -PRED}, index=idx)
    agg = mse(frame, pred)
    assert isinstance(agg, pd.Series) and list(agg.index) == ["x", "y"]
    steps = smape(frame, pred, per_step=True)
    assert isinstance(steps, pd.DataFrame) and steps.index.equals(idx)
    vpt = valid_prediction_time(frame, pred, variable_dim="variable")
    assert isinstance(vpt, float)
    # a plain array forecast is read in the truth's layout (rows = time for a DataFrame)
    assert mae(frame, pred.to_numpy()).equals(mae(frame, pred))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: mse(TRUE, PRED[:3]), "y_pred has 3 samples"),
        (lambda: mse(TRUE, np.ones((2, 4))), "y_pred is a 2-d array"),
        (lambda: mse(TRUE, [1.0, np.nan, 0.0, 0.0]), "y_pred contains 1 NaN"),
        (lambda: mae([np.inf, 0.0], [0.0, 0.0]), "y_true contains an infinite"),
        (lambda: mse(["a", "b"], [1.0, 2.0]), "y_true must hold real numbers"),
        (lambda: mase(TRUE, PRED, y_train=[1.0]), "too short along 'time' for the naive scale"),
        (lambda: mase(TRUE, PRED, y_train=np.ones(5), m=0), "m must be an integer >= 1"),
        (lambda: mase(TRUE, PRED, y_train=[5.0, 5.0, 5.0]), "naive scale of MASE is zero"),
        (lambda: correlation([1.0], [1.0]), "at least 2 samples"),
        (lambda: correlation(TRUE, PRED, method="kendall"), "method must be"),
        (lambda: valid_prediction_time(TRUE, PRED, threshold=0), "threshold must be a positive"),
        (lambda: valid_prediction_time(TRUE, PRED, lyapunov_exponent=-1.0), "lyapunov_exponent must be"),
        (lambda: valid_prediction_time(TRUE, PRED, dt=0.0), "dt must be a positive"),
        (lambda: normalized_error(np.ones(3), np.zeros(3)), "scale is zero"),
        (lambda: normalized_error(np.ones((2, 3)), np.zeros((2, 3)), variable_dim=3), "variable_dim=3"),
        (lambda: normalized_error(TRUE, PRED, variable_dim="time"), "variable_dim 'time'"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_misaligned_coordinates_are_refused():
    a = xr.DataArray(TRUE, dims="time", coords={"time": np.arange(4.0)})
    b = xr.DataArray(PRED, dims="time", coords={"time": np.arange(4.0) + 1})
    with pytest.raises(InputError, match="different 'time' coordinates"):
        mse(a, b)
    with pytest.raises(InputError, match="dimensions"):
        mse(a, b.rename(time="t").expand_dims(time=[0.0]))


@pytest.mark.peer
class TestAgainstDysts:
    """dysts.metrics shares the definitions of MSE, MAE, sMAPE (scaled=False), MASE and NRMSE."""

    @pytest.fixture
    def data(self):
        rng = np.random.default_rng(1)
        truth = rng.normal(size=(40, 3))  # dysts: time x variable
        return (
            truth,
            truth + rng.normal(scale=0.3, size=truth.shape),
            rng.normal(size=(40, 3)),
        )  # dysts wants equal lengths

    def test_pointwise_means(self, data):
        dm = pytest.importorskip("dysts.metrics")
        truth, pred, _ = data
        t, p = truth.T, pred.T  # ours: time last
        assert np.mean(mse(t, p)) == pytest.approx(dm.mse(truth, pred))
        assert np.mean(mae(t, p)) == pytest.approx(dm.mae(truth, pred))
        assert np.mean(smape(t, p)) == pytest.approx(dm.smape(truth, pred, scaled=False), rel=1e-8)

    def test_mase_univariate(self, data):
        dm = pytest.importorskip("dysts.metrics")
        truth, pred, train = data
        for m in (1, 3):
            ref = dm.mase(truth[:, 0], pred[:, 0], y_train=train[:, 0], m=m)
            assert mase(truth[:, 0], pred[:, 0], y_train=train[:, 0], m=m) == pytest.approx(ref, rel=1e-8)

    def test_normalized_error_matches_nrmse_of_one_step(self, data):
        dm = pytest.importorskip("dysts.metrics")
        truth, pred, train = data
        sigma = train.std(axis=0)
        e = normalized_error(truth.T, pred.T, scale=sigma, variable_dim=0)
        for h in (0, 7):
            assert e[h] == pytest.approx(
                dm.nrmse(truth[h : h + 1], pred[h : h + 1], scale=sigma, eps=0), rel=1e-10
            )

    def test_multivariate_pearson(self, data):
        dm = pytest.importorskip("dysts.metrics")
        truth, pred, _ = data
        assert np.mean(correlation(truth.T, pred.T)) == pytest.approx(dm.pearson(truth, pred))
        assert np.mean(correlation(truth.T, pred.T, method="spearman")) == pytest.approx(
            dm.spearman(truth, pred)
        )


def test_boolean_series_are_numbers_to_every_metric():
    # numpy refuses bool - bool: normalized_error and valid_prediction_time raised a TypeError
    from tsdyn.forecast import normalized_error, valid_prediction_time

    truth, guess = np.arange(10) > 4, np.arange(10) > 3
    np.testing.assert_allclose(
        normalized_error(truth, guess), normalized_error(truth.astype(float), guess.astype(float))
    )
    assert valid_prediction_time(truth, guess, threshold=0.5) == 4.0
