"""Recurrence analysis: recurrence sets and RQA, never a dense N x N matrix unless asked for.

Names load their module on first use, so importing this package compiles nothing.

>>> from tsdyn.recurrence import rqa
>>> callable(rqa)
True
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "RQAOptions": "options",
        "cross_recurrence_matrix": "bivariate",
        "cross_rqa": "bivariate",
        "joint_recurrence_matrix": "bivariate",
        "joint_rqa": "bivariate",
        "recurrence_network": "networks",
        "recurrence_matrix": "sets",
        "rqa": "quantification",
        "rqa_scan": "quantification",
        "rolling_rqa": "rolling",
    },
)
