"""Invariants of chaotic dynamics estimated from data.

>>> from tsdyn.chaos import correlation_dimension
>>> callable(correlation_dimension)
True
"""

from tsdyn.chaos.dimension import correlation_dimension

__all__ = ["correlation_dimension"]
