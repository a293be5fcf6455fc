"""
Delay embedding and the largest Lyapunov exponent from data
===========================================================

From the x variable of the Lorenz system alone (5000 samples, 40 per dominant
period): the delay from the first minimum of the mutual information, the embedding
dimension from false nearest neighbours, and the largest Lyapunov exponent from the
divergence of neighbouring delay vectors (Rosenstein's method). The exponent from
the equations is about 0.91 per time unit; the estimate from data is lower, as
Rosenstein's method is on short series.
"""

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.chaos as tc
import tsdyn.systems as ts

x = ts.get("Lorenz").integrate(n=5000, pts_per_period=40).sel(variable="x0")
choice = tc.embedding_dimension(x)
print(f"embedding: m = {int(choice.m)}, tau = {int(choice.tau)} samples")

est = tc.lyapunov_exponent(x)  # chooses m and tau the same way
print(f"largest Lyapunov exponent: {float(est.exponent):.2f} +- {float(est.stderr):.2f} per time unit")

# %%
# The mean log divergence of neighbours against the lag: the exponent is the slope of
# the straight part, fitted between ``fit_start`` and ``fit_stop``.
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(8, 3.5))
tau = int(choice.tau)
v = np.asarray(x)
ax1.plot(v[tau:], v[:-tau], lw=0.3)
ax1.set(xlabel="x(t)", ylabel=f"x(t - {tau} dt)", title="delay reconstruction")
ax2.plot(est.lag_time, est.divergence)
fit = slice(int(est.fit_start), int(est.fit_stop))
ax2.plot(est.lag_time[fit], est.divergence[fit], lw=3, alpha=0.5, label=f"slope {float(est.exponent):.2f}")
ax2.set(xlabel="lag (time units)", ylabel="mean log divergence")
ax2.legend()
fig.tight_layout()
plt.show()
