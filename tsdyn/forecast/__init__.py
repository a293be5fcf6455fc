"""Forecasting benchmark: metrics, baseline forecasters, a runner and the benchmark datasets.

- :mod:`tsdyn.forecast.metrics`: MSE, MAE, sMAPE, MASE, correlation, normalized
  error and valid prediction time, per horizon step or aggregated.
- :mod:`tsdyn.forecast.baselines`: naive, mean, AR(p) and the method of analogues.
- :mod:`tsdyn.forecast.evaluate`: scores any forecaster callable on train/test
  pairs and returns a tidy table (import it from there: the package attribute
  ``evaluate`` is that module).
- :mod:`tsdyn.forecast.datasets`: the benchmark recipe (train/test trajectories
  of every catalog flow from different on-attractor starts, coarse and fine
  sampling, clean and noisy), built and cached locally on first ``load``.
- :mod:`tsdyn.forecast.corpora`: training corpora (:func:`corpus`): validated
  trajectories of many parameter variants per system, in zarr shards.
- :mod:`tsdyn.forecast.features`: the catalog features (invariants, ordinal
  features and verdict per system) and their clustering.

Names load their module on first use, so importing this package compiles nothing.

>>> import tsdyn.forecast as tf
>>> callable(tf.mse), callable(tf.catalog_features)
(True, True)
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        # metrics
        "correlation": "metrics",
        "mae": "metrics",
        "mase": "metrics",
        "mse": "metrics",
        "normalized_error": "metrics",
        "smape": "metrics",
        "valid_prediction_time": "metrics",
        # baselines
        "analogues": "baselines",
        "ar": "baselines",
        "mean": "baselines",
        "naive": "baselines",
        # benchmark datasets
        "Recipe": "datasets",
        "build": "datasets",
        "build_benchmark": "datasets",
        "load": "datasets",
        # training corpora
        "corpus": "corpora",
        # catalog features
        "catalog_features": "features",
        "cluster_systems": "features",
    },
)
