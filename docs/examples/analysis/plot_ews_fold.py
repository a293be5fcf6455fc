"""
Rolling indicators and a surrogate test before a fold
=====================================================

A simulated run towards a fold (saddle-node) bifurcation: as the system slows down,
the variance and the lag-1 autocorrelation of the detrended residuals rise. The
Kendall tau of each indicator's trend is compared with the same statistic on AR(1)
surrogates fitted to the residuals, which have no trend by construction.
"""

import matplotlib.pyplot as plt

import tsdyn.ews as ews
import tsdyn.plot as tp

run = ews.scenario("fold", n_members=1, n_time=600, seed=3).isel(member=0)
print("transition at t =", float(run.transition_time))

# %%
# Up to the transition: detrend with a Gaussian kernel, indicators in windows of half
# the series, and 99 AR(1) surrogates for the p-values.
res = ews.analyze(
    run,
    window=0.5,
    bandwidth=0.2,
    indicators=("variance", "ac1"),
    significance=ews.surrogate_significance("ar1", n_surrogates=99, seed=1),
)
print(res.ktau)

# %%
tp.ews_dashboard(res)
plt.show()
