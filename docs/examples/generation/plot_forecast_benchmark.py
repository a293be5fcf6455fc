"""
A forecasting benchmark and its baselines
=========================================

A benchmark series is a recipe (system, sampling in points per period, lengths,
noise, seed) built into a train and a test split. Two baselines forecast the test
split from the end of the training data: the naive forecast (the last value) and an
autoregressive model. Their error grows with the horizon at a pace set by the
system's Lyapunov exponent.
"""

import matplotlib.pyplot as plt
import numpy as np

import tsdyn.forecast as tf

recipe = tf.Recipe(system="Lorenz", granularity="fine", n_train=1000, n_test=200, seed=0)
data = tf.build(recipe)
print(data)
clean = data["trajectory"].sel(noise=0.0, variable="x0")  # splits at three noise levels
train, test = clean.sel(split="train").dropna("time"), clean.sel(split="test").dropna("time")

# %%
horizon = test.sizes["time"]
forecasts = {
    "naive": tf.naive(train.values, horizon=horizon),
    "AR(5)": tf.ar(train.values, horizon=horizon, order=5),
}
for name, f in forecasts.items():
    print(
        f"{name}: sMAPE = {tf.smape(test.values, f):.1f}, MASE = {tf.mase(test.values, f, y_train=train.values):.2f}"
    )

# %%
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(np.arange(-200, 0), train.values[-200:], color="k", lw=0.8, label="train (end)")
ax.plot(np.arange(horizon), test.values, color="k", ls=":", label="test")
for name, f in forecasts.items():
    ax.plot(np.arange(horizon), f, label=name)
ax.set(xlabel="steps from the forecast origin", ylabel="x")
ax.legend(ncol=2, fontsize="small")
plt.show()
