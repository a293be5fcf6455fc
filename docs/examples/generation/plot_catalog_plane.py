"""
The whole catalog on the complexity-entropy plane
=================================================

``datasets/catalog_features.csv`` holds, for every system of the catalog, features
computed from one long integration (by ``datasets/build_catalog_features.py``):
dominant period, largest Lyapunov exponent, dimensions, ordinal entropy and
complexity, the classification verdict. Chaotic flows, maps and noise-driven
systems fall in different regions of the plane.
"""

import matplotlib.pyplot as plt
import pandas as pd

import tsdyn.plot as tp

table = pd.read_csv("../../../datasets/catalog_features.csv")
print(len(table), "systems;", table["kind"].value_counts().to_dict())

# %%
ax = tp.plot_catalog_plane(table, m=5)
plt.show()
