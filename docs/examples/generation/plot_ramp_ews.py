"""
A parameter ramp feeding early-warning analysis
===============================================

:func:`tsdyn.ews.system_scenario` integrates a catalog system with noise while one
parameter ramps slowly through a bifurcation, here the Hopf bifurcation of the
Stuart-Landau oscillator at ``mu = 0``; the null runs hold ``mu`` fixed. The runs go
straight into :func:`tsdyn.ews.analyze`.
"""

import matplotlib.pyplot as plt

import tsdyn.ews as ews
import tsdyn.plot as tp

kw = dict(ramp={"mu": (-1.0, 0.25)}, bifurcation=0.0, n_members=1, n_time=400, dt=0.5, transient=10, seed=0)
runs = ews.system_scenario("StuartLandau", **kw).isel(member=0)
null = ews.system_scenario("StuartLandau", null=True, **kw).isel(member=0)

res = ews.analyze(runs, window=0.5, bandwidth=0.2, indicators=("variance", "ac1"))
res_null = ews.analyze(null, window=0.5, bandwidth=0.2, indicators=("variance", "ac1"))
print("Kendall tau with the ramp:\n", res.ktau)
print("and without:\n", res_null.ktau)

# %%
tp.ews_dashboard(res)
plt.show()
