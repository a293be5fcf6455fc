"""Draw docs/recurrence_plot.png: recurrence plots of a sine, the logistic map at r = 4 and white noise.

Run from the repository root: python docs/recurrence_plot.py

Each panel is :func:`tsdyn.plot.recurrence_plot` of the sparse upper triangle that
:func:`tsdyn.recurrence.recurrence_matrix` returns, mirrored into a 400 x 400 image (the
line of identity, never recurrent, stays white).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tsdyn.plot import recurrence_plot
from tsdyn.recurrence import recurrence_matrix

HERE = Path(__file__).parent
N = 400


def panels() -> list[tuple[str, object]]:
    sine = np.sin(2 * np.pi * np.arange(N + 25) / 100)
    logistic = np.empty(N + 1000)
    logistic[0] = 0.4
    for i in range(1, logistic.size):
        logistic[i] = 4.0 * logistic[i - 1] * (1.0 - logistic[i - 1])
    noise = np.random.default_rng(0).normal(size=N)
    return [
        (
            "sine, 100 samples per period\nm=2, tau=25, threshold 0.1",
            recurrence_matrix(sine, m=2, tau=25, threshold=0.1),
        ),
        ("logistic map, r = 4\nm=1, RR 5 %", recurrence_matrix(logistic[1000:], m=1, recurrence_rate=0.05)),
        ("white noise\nm=1, RR 5 %", recurrence_matrix(noise, m=1, recurrence_rate=0.05)),
    ]


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(10, 3.6), constrained_layout=True)
    for ax, (title, r) in zip(axes, panels(), strict=True):
        recurrence_plot(r, ax=ax)
        ax.set_title(title)
        ax.title.set_fontsize(9)
    fig.savefig(HERE / "recurrence_plot.png", dpi=110)


if __name__ == "__main__":
    main()
