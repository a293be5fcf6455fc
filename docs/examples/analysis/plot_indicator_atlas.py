"""
The indicator atlas: which indicator sees which transition
==========================================================

For each bifurcation scenario, a few seeded runs with the transition and as many
null runs without it; for each indicator, the Kendall tau of its rolling trend, and
the area under the ROC curve that separates transition runs from null runs (0.5:
no better than chance). The full atlas in the user guide uses many more runs.
"""

import matplotlib.pyplot as plt

import tsdyn.ews as ews
import tsdyn.plot as tp

atlas = ews.indicator_atlas(
    kinds=("fold", "transcritical", "hopf"),
    indicators=("variance", "ac1", "skewness", "return_rate"),
    n_runs=8,
    n_time=300,
    likelihood=False,
    seed=0,
)
print(ews.atlas_table(atlas).round(2))

# %%
tp.ews_atlas(atlas)
plt.show()
