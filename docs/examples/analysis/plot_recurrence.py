"""
Recurrence quantification along a route to chaos
================================================

Recurrence quantification analysis (RQA) of the logistic map at three values of
``r``: periodic orbits recur along long diagonals (determinism near 1), chaos
recurs in short bursts. The sets are streamed: no N x N matrix is stored.
"""

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.recurrence as tr


def logistic(r, n=2000, x0=0.4):
    x = np.empty(n + 500)
    x[0] = x0
    for i in range(1, x.size):
        x[i] = r * x[i - 1] * (1 - x[i - 1])
    return x[500:]  # after a transient


rs = np.array([3.5, 3.7, 4.0])
series = np.stack([logistic(r) for r in rs])  # numpy: time on the last axis
res = tr.rqa(series, recurrence_rate=0.05, m=2, tau=1)
for r, det, lmax in zip(rs, res.determinism, res.longest_diagonal_line, strict=True):
    print(f"r = {r}: determinism {det:.3f}, longest diagonal {int(lmax)}")

# %%
# The recurrence plot of the first 300 points at r = 4 (a dense matrix: small on purpose).
mat = tr.recurrence_matrix(series[2, :300], recurrence_rate=0.05, m=2, tau=1, sparse=False)
fig, ax = plt.subplots(figsize=(4, 4))
ax.imshow(np.asarray(mat), cmap="binary", origin="lower")
ax.set(xlabel="i", ylabel="j", title="recurrence plot, r = 4")
plt.show()
