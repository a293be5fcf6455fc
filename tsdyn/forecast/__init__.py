"""Forecasting benchmark: metrics, baseline forecasters, a runner and the benchmark datasets.

- :mod:`tsdyn.forecast.metrics`: MSE, MAE, sMAPE, MASE, correlation, normalized
  error and valid prediction time, per horizon step or aggregated.
- :mod:`tsdyn.forecast.baselines`: naive, mean, AR(p) and the method of analogues.
- :mod:`tsdyn.forecast.evaluate`: scores any forecaster callable on train/test
  pairs and returns a tidy table.
- :mod:`tsdyn.forecast.datasets`: the benchmark recipe (train/test trajectories
  of every catalog flow from different on-attractor starts, coarse and fine
  sampling, clean and noisy), built and cached locally on first ``load``.
- :mod:`tsdyn.forecast.atlas`: the feature atlas of the catalog (invariants,
  ordinal features and verdict per system) and its clustering.

Submodules are imported on use, so importing this package compiles nothing.
"""
