"""
Permutation entropy and the complexity-entropy plane of real data
=================================================================

Three bundled series: the annual flow of the Nile, yearly sunspot numbers and the
x variable of the Lorenz system. Noise sits at the bottom right of the
complexity-entropy plane (entropy near 1, complexity near 0); deterministic chaos
sits higher and further left.
"""

import matplotlib.pyplot as plt

import tsdyn.io as tio
import tsdyn.ordinal as to
import tsdyn.plot as tp

data = "../../../datasets/examples/"  # relative to this script's folder
series = {
    "Nile": tio.read_csv(data + "nile.csv").sel(variable="volume"),
    "sunspots": tio.read_csv(data + "sunspots.tsv").isel(variable=0),
    "Lorenz x": tio.read_csv(data + "lorenz.csv").sel(variable="x"),
}

# %%
# One call per series: the result carries the entropy and the statistical complexity.
m = 4
points = {name: to.complexity_entropy(x, m=m) for name, x in series.items()}
for name, p in points.items():
    print(
        f"{name:9s} {series[name].sizes['time']:5d} values  H = {float(p.entropy):.3f}  C = {float(p.complexity):.3f}"
    )

# %%
# The plane with its bounds for ``m = 4``.
ax = tp.plot_plane(
    [float(p.entropy) for p in points.values()],
    [float(p.complexity) for p in points.values()],
    m=m,
    labels=list(points),
)
ax.set_title(f"complexity-entropy plane, m = {m}")
plt.show()
