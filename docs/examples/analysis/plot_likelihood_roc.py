"""
Model-based detection and its ROC curve
=======================================

The likelihood ratio of a linearised saddle node (a restoring rate that decays in
time) against an Ornstein-Uhlenbeck process (a constant rate) is large when the
series is approaching a fold. Computed on runs that do approach one and on null runs
that do not, the two sets of ratios give a ROC curve: how well the statistic tells
them apart.
"""

import matplotlib.pyplot as plt

import tsdyn.ews as ews

kw = dict(n_members=20, n_time=300, seed=0)
runs = ews.scenario("fold", **kw)
null = ews.scenario("fold", null=True, **kw)

# %%
# One ratio per member (the runs are cut at their transition by ``scenario``).
lr_alt = ews.likelihood_ratio(runs.dropna("time", how="any"))
lr_null = ews.likelihood_ratio(null)
roc = ews.roc_curve(lr_null.values, lr_alt.values)
print(f"AUC = {roc.auc:.2f} over {runs.sizes['member']} runs and as many nulls")

# %%
fig, ax = plt.subplots(figsize=(4, 4))
ax.plot(roc.fpr, roc.tpr, drawstyle="steps-post", label=f"likelihood ratio (AUC {roc.auc:.2f})")
ax.plot([0, 1], [0, 1], color="grey", ls=":")
ax.set(xlabel="false positive rate", ylabel="true positive rate", aspect="equal")
ax.legend(loc="lower right")
plt.show()
