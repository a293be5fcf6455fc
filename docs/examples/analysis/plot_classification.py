"""
Regular, chaotic or stochastic: a classification with its evidence
===================================================================

:func:`tsdyn.ordinal.classify` chooses the delay from the series' natural timescale,
compares the permutation entropy with IAAFT surrogates (same spectrum and amplitude
distribution, no determinism) and places the series on the complexity-entropy
plane. It returns the verdict with the numbers behind it.
"""

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.io as tio
import tsdyn.ordinal as to

lorenz = tio.read_csv("../../../datasets/examples/lorenz.csv").sel(variable="x").values
rng = np.random.default_rng(1)
red_noise = np.zeros(lorenz.size)
for i in range(1, red_noise.size):
    red_noise[i] = 0.95 * red_noise[i - 1] + rng.normal()

results = {}
for name, x in {"Lorenz x": lorenz, "AR(1), 0.95": red_noise}.items():
    res = to.classify(x, m=5, n_surrogates=19, seed=0)
    results[name] = res
    print(
        f"{name}: {res.label} (tau = {int(res.tau)}, entropy z-score vs surrogates = {float(res.entropy_z):.1f})"
    )
    print("   ", res.reason)

# %%
# The entropy against the delay for each series: the chosen delay is marked.
fig, ax = plt.subplots(figsize=(6, 3.5))
for name, res in results.items():
    ax.plot(np.asarray(res.taus), np.asarray(res.entropy_curve), label=name)
    ax.axvline(int(res.tau), color=ax.lines[-1].get_color(), ls=":")
ax.set(xlabel="delay (samples)", ylabel="permutation entropy, m = 5")
ax.legend()
plt.show()
