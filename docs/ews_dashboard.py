"""Gallery figures of the early-warning engine: docs/ews_dashboard.png and docs/ews_sensitivity.png.

Run from the repository root: python docs/ews_dashboard.py

A linearised system losing stability: x' = -r(t) x + noise with the recovery
rate r falling linearly from 1 to 0.05 (critical slowing down ahead of a
fold), observed on a slow trend. Variance and lag-1 autocorrelation of the
residuals rise; the sensitivity grid shows the trend holds for every window
and bandwidth tried.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import tsdyn.ews
import tsdyn.plot

HERE = Path(__file__).parent


def slowing_down(n: int = 1000, dt: float = 1.0, seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rate = np.linspace(1.0, 0.05, n)
    x = np.zeros(n)
    for i in range(1, n):
        x[i] = x[i - 1] - rate[i - 1] * x[i - 1] * dt + 0.3 * np.sqrt(dt) * rng.standard_normal()
    return x + np.linspace(0.0, 2.0, n)


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    x = slowing_down()
    t = np.arange(x.size) * 1.0
    import pandas as pd

    series = pd.Series(x, index=pd.Index(t, name="time"))
    res = tsdyn.ews.analyze(series, window=0.5, detrend="gaussian", bandwidth=0.2,
                            indicators=["variance", "ac1", "skewness"])  # fmt: skip
    print(res.ktau)
    tsdyn.plot.ews_dashboard(res).savefig(HERE / "ews_dashboard.png", dpi=80)
    grid = tsdyn.ews.sensitivity_grid(series, indicators=["variance", "ac1"])
    tsdyn.plot.ews_sensitivity(grid).savefig(HERE / "ews_sensitivity.png", dpi=80)


if __name__ == "__main__":
    main()
