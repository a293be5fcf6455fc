"""
Ensembles and noise
===================

``integrate`` takes an ensemble of initial conditions (members, along a ``member``
dimension) and dynamical noise (an SDE) or observation noise. Nearby members of a
chaotic flow separate: the spread grows until it fills the attractor.
"""

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.systems as ts

lorenz = ts.get("Lorenz")
ic = lorenz.ic + 1e-3 * np.random.default_rng(0).normal(size=(8, 3))  # 8 members, close together
runs = lorenz.integrate(n=1500, dt=0.01, ic=ic)
print(runs.sizes)
noisy = lorenz.integrate(n=1500, dt=0.01, noise=1.0, seed=0)

# %%
x = runs.sel(variable="x0")
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6, 4.5), sharex=True)
ax1.plot(x.time, x.transpose("time", ...), lw=0.6)
ax1.set(ylabel="x", title="8 members from nearby initial conditions")
ax2.plot(noisy.time, noisy.sel(variable="x0"), lw=0.6, color="k")
ax2.set(xlabel="time", ylabel="x", title="one member with dynamical noise")
plt.show()
