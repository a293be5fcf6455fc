"""Invariants of chaotic dynamics estimated from data.

>>> from tsdyn.chaos import correlation_dimension
>>> callable(correlation_dimension)
True
"""

from tsdyn.chaos.dimension import correlation_dimension
from tsdyn.chaos.embedding import embed, embedding_dimension, optimal_delay

__all__ = ["correlation_dimension", "embed", "embedding_dimension", "optimal_delay"]
