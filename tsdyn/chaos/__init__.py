"""Invariants of chaotic dynamics estimated from data.

Names load their module on first use, so importing this package compiles nothing.

>>> from tsdyn.chaos import correlation_dimension
>>> callable(correlation_dimension)
True
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "classify": "verdict",
        "CorrelationDimension": "dimension",
        "correlation_dimension": "dimension",
        "embed": "embedding",
        "embedding_dimension": "embedding",
        "exact_period": "verdict",
        "LyapunovEstimate": "lyapunov",
        "lyapunov_exponent": "lyapunov",
        "LyapunovSpectrum": "lyapunov",
        "lyapunov_spectrum": "lyapunov",
        "optimal_delay": "embedding",
        "prediction_error": "nonlinearity",
        "rolling_classify": "verdict",
        "RollingVerdict": "verdict",
        "time_reversal_asymmetry": "nonlinearity",
        "Verdict": "verdict",
        "ZeroOneResult": "zero_one",
        "zero_one_test": "zero_one",
    },
)
