"""
A catalog system at two samplings
=================================

The same Lorenz attractor, integrated at 100 points per dominant period and at 10:
the solver's accuracy does not change (adaptive steps between samples), only how
often the trajectory is recorded. Ordinal measures depend on that choice.
"""

import matplotlib.pyplot as plt

import tsdyn.ordinal as to
import tsdyn.systems as ts

lorenz = ts.get("Lorenz")
print(lorenz.name, lorenz.params, "dominant period", round(lorenz.period, 3))
fine = lorenz.integrate(n=3000, pts_per_period=100)
coarse = lorenz.integrate(n=300, pts_per_period=10)
for name, x in {"fine": fine, "coarse": coarse}.items():
    h = float(to.permutation_entropy(x.sel(variable="x0"), m=4))
    print(f"{name}: dt = {x.attrs['dt']:.4f}, permutation entropy (m = 4) = {h:.3f}")

# %%
fig, ax = plt.subplots(figsize=(5, 4))
ax.plot(fine.sel(variable="x0"), fine.sel(variable="x2"), lw=0.5, label="100 points per period")
ax.plot(coarse.sel(variable="x0"), coarse.sel(variable="x2"), "o", ms=2.5, label="10 points per period")
ax.set(xlabel="x", ylabel="z")
ax.legend(loc="upper right")
plt.show()
