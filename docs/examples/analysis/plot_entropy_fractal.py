"""
Sample entropy and detrended fluctuation analysis
=================================================

Two views of the sunspot record: sample entropy (how predictable the next value is
from templates of length ``m``) against white noise, and the DFA fluctuation curve
F(n) whose slope ``alpha`` is 0.5 for white noise and about 1.5 for a random walk.
"""

import matplotlib.pyplot as plt
import numpy as np
import xarray as xr

import tsdyn.entropy as te
import tsdyn.fractal as tf
import tsdyn.io as tio

sun = tio.read_csv("../../../datasets/examples/sunspots.tsv").isel(variable=0)
noise = xr.DataArray(np.random.default_rng(0).normal(size=sun.sizes["time"]), dims="time")
print(
    f"sample entropy: sunspots {float(te.sample_entropy(sun)):.2f}, white noise {float(te.sample_entropy(noise)):.2f}"
)

fits = {"sunspots": tf.dfa(sun), "white noise": tf.dfa(noise)}
for name, fit in fits.items():
    print(f"DFA alpha, {name}: {float(fit.alpha):.2f}")

# %%
fig, ax = plt.subplots(figsize=(5, 3.5))
for name, fit in fits.items():
    ax.loglog(fit.scale, fit.fluctuation, "o-", ms=3, label=f"{name}, alpha = {float(fit.alpha):.2f}")
ax.set(xlabel="window n (samples)", ylabel="F(n)")
ax.legend()
plt.show()
