"""
How much the trend depends on the window and the bandwidth
==========================================================

An early-warning trend that appears only for one window length and one detrending
bandwidth is fragile. :func:`tsdyn.ews.sensitivity_grid` recomputes the Kendall tau
over a grid of both; :func:`tsdyn.plot.ews_sensitivity` draws it.
"""

import matplotlib.pyplot as plt

import tsdyn.ews as ews
import tsdyn.io as tio
import tsdyn.plot as tp

state = tio.read_csv("../../../datasets/examples/slowing_down.csv").sel(variable="state")
ktau = ews.sensitivity_grid(
    state,
    windows=(0.25, 0.35, 0.45, 0.55, 0.65),
    bandwidths=(0.1, 0.2, 0.3, 0.4),
    indicators=("variance", "ac1"),
)
print(ktau.min(["window", "bandwidth"]).to_series().round(2))

# %%
tp.ews_sensitivity(ktau)
plt.show()
