"""
The 0-1 test for chaos across the logistic map
==============================================

Gottwald and Melbourne's 0-1 test turns a series into a statistic ``K`` near 0 for
regular dynamics and near 1 for chaos, with no embedding. Scanned over the logistic
map's parameter, it follows the bifurcation diagram: periodic windows drop to 0.
"""

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.chaos as tc

rs = np.linspace(3.5, 4.0, 60)
x = np.empty((rs.size, 1500))
x[:, 0] = 0.4
for i in range(1, x.shape[1]):
    x[:, i] = rs * x[:, i - 1] * (1 - x[:, i - 1])
x = x[:, 500:]  # drop the transient; rows are series (numpy: time on the last axis)
res = tc.zero_one_test(x, n_c=50, seed=0)
print("K at r = 3.5, 3.83 (period-3 window), 4.0:", np.round(np.asarray(res.k)[[0, 39, -1]], 2))

# %%
fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6, 4.5), sharex=True)
ax1.plot(np.repeat(rs, 200), x[:, -200:].ravel(), ",", color="k")
ax1.set(ylabel="x", title="orbit (last 200 points)")
ax2.plot(rs, res.k, "o-", ms=3)
ax2.set(xlabel="r", ylabel="K")
plt.show()
