"""Fractal measures of a series: DFA, the Hurst exponent, Higuchi and Katz dimensions.

Functions load their module on first use, so ``import tsdyn.fractal``
compiles nothing. A Hurst exponent is always named ``hurst``; DFA's exponent
is ``alpha``.

>>> import numpy as np
>>> import tsdyn.fractal as tf
>>> tf.katz_dimension(np.arange(100.0))
1.0
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "dfa": "fluctuation",
        "dfa_scales": "fluctuation",
        "hurst": "rescaled_range",
        "higuchi_dimension": "dimensions",
        "katz_dimension": "dimensions",
        "rolling_dfa": "rolling",
    },
)
