"""Series shared by the chaos tests."""

import numpy as np


def logistic(r, n, x0=0.3, burn=500):
    """The logistic map x -> r x (1 - x) after ``burn`` iterations from ``x0``."""
    x, out = x0, np.empty(n)
    for i in range(burn + n):
        x = r * x * (1 - x)
        if i >= burn:
            out[i - burn] = x
    return out
