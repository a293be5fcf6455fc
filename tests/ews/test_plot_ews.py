"""EWS figures draw headless (Agg) and show what they say they show."""

import numpy as np
import pytest
import xarray as xr

from tsdyn.errors import InputError
from tsdyn.ews import analyze, sensitivity_grid

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plot = pytest.importorskip("tsdyn.plot")


def _x(n=200, seed=0):
    return np.random.default_rng(seed).standard_normal(n) * np.linspace(1, 2, n)


def test_dashboard_panels_and_labels():
    import matplotlib.pyplot as plt

    res = analyze(_x(), indicators=["variance", "ac1", "smax"])
    fig = plot.ews_dashboard(res, null={"variance": np.random.default_rng(1).normal(0, 0.2, 100)})
    assert len(fig.axes) == 2 + 3 + 1
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert f"Kendall tau = {res.ktau.loc['variance', 'tau']:.3f}" in texts
    assert fig.axes[2].get_ylabel() == "variance"
    plt.close(fig)


def test_dashboard_needs_one_series():
    import matplotlib.pyplot as plt

    da = xr.DataArray(
        np.vstack([_x(seed=1), _x(seed=2)]), dims=("member", "time"), coords={"member": ["a", "b"]}
    )
    res = analyze(da)
    with pytest.raises(InputError, match="pick one with series="):
        plot.ews_dashboard(res)
    fig = plot.ews_dashboard(res, series={"member": "b"})
    assert len(fig.axes) == 4
    plt.close(fig)


def test_sensitivity_heat_map():
    import matplotlib.pyplot as plt

    da = sensitivity_grid(
        _x(), windows=[0.3, 0.4, 0.5], bandwidths=[0.1, 0.2], indicators=["variance", "ac1"]
    )
    fig = plot.ews_sensitivity(da)
    image = fig.axes[0].images[0].get_array()
    np.testing.assert_allclose(image, da.sel(indicator="variance").values)
    plt.close(fig)


def test_dashboard_marks_a_datetime_transition():
    import matplotlib.pyplot as plt
    import pandas as pd

    s = pd.Series(_x(), index=pd.date_range("2000-01-01", periods=200, freq="D"))
    res = analyze(s, transition="2000-06-01")
    fig = plot.ews_dashboard(res)
    x_line = fig.axes[0].lines[-1].get_xdata()[0]
    assert pd.Timestamp(x_line) == pd.Timestamp("2000-06-01")
    plt.close(fig)


def test_atlas_heat_map_from_dataset_and_table():
    import matplotlib.pyplot as plt

    from tsdyn.ews.atlas import atlas_table

    auc = np.array([[0.91, 0.12], [0.5, np.nan]])
    ds = xr.Dataset(
        {"auc": (("kind", "indicator"), auc)},
        coords={"kind": ["fold", "flicker"], "indicator": ["variance", "ac1"]},
    )
    fig = plot.ews_atlas(ds)
    ax = fig.axes[0]
    # rows: indicators, columns: scenarios; the colour bar is the second axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["variance", "ac1"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["fold", "flicker"]
    assert [t.get_text() for t in ax.texts] == ["0.91", "0.50", "0.12", "n/a"]
    np.testing.assert_array_equal(ax.images[0].get_array(), atlas_table(ds).to_numpy())
    assert len(fig.axes) == 2
    plt.close(fig)
    fig = plot.ews_atlas(atlas_table(ds))
    assert [t.get_text() for t in fig.axes[0].texts] == ["0.91", "0.50", "0.12", "n/a"]
    plt.close(fig)
    with pytest.raises(InputError, match="atlas must be"):
        plot.ews_atlas(auc)
