"""Recurrence figures draw headless (Agg) and show the plot's recurrences."""

import numpy as np
import pandas as pd
import pytest

from tsdyn.errors import InputError
from tsdyn.recurrence import cross_recurrence_matrix, recurrence_matrix, rolling_rqa

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
plot = pytest.importorskip("tsdyn.plot")


def test_small_plot_is_the_dense_matrix():
    import matplotlib.pyplot as plt

    x = np.random.default_rng(0).normal(size=60)
    r = recurrence_matrix(x, m=2, tau=1, threshold=0.5)
    ax = plot.recurrence_plot(r)
    np.testing.assert_array_equal(
        ax.images[0].get_array(), recurrence_matrix(x, m=2, tau=1, threshold=0.5, sparse=False)
    )
    plt.close("all")


def test_large_plot_shows_block_fractions():
    import matplotlib.pyplot as plt

    x = np.random.default_rng(1).normal(size=1001)
    dense = recurrence_matrix(x, m=2, tau=1, threshold=0.4, sparse=False)
    image = plot.recurrence_plot(recurrence_matrix(x, m=2, tau=1, threshold=0.4), max_pixels=100).images[0]
    # 1000 points in 100 pixels: blocks of 10 x 10
    want = dense.reshape(100, 10, 100, 10).mean(axis=(1, 3))
    np.testing.assert_allclose(image.get_array(), want, atol=1e-15)
    cross = cross_recurrence_matrix(x[:300], x[100:], m=1, threshold=0.1)
    assert plot.recurrence_plot(cross, max_pixels=50).images[0].get_array().shape == (50, 50)
    plt.close("all")


def test_rqa_panel():
    import matplotlib.pyplot as plt

    x = np.random.default_rng(2).normal(size=1000)
    res = rolling_rqa(x, window=300, step=100, m=2, tau=1, recurrence_rate=0.05)
    fig = plot.rqa_panel(res, measures=["determinism", "laminarity"])
    assert [ax.get_ylabel() for ax in fig.axes] == ["determinism", "laminarity"]
    np.testing.assert_array_equal(fig.axes[0].lines[0].get_ydata(), res.determinism)
    frame = rolling_rqa(pd.Series(x), window=300, step=100, m=2, tau=1, recurrence_rate=0.05)
    assert len(plot.rqa_panel(frame).axes) == 4
    with pytest.raises(InputError, match="no measure"):
        plot.rqa_panel(res, measures=["nonsense"])
    plt.close("all")
