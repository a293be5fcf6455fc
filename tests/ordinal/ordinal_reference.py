"""Hypothesis strategies and brute-force references shared by the ordinal tests (no peer library)."""

import itertools

import numpy as np
from hypothesis import strategies as st


def windows(x, d, tau):
    x = np.asarray(x, dtype=float)
    m = x.size - (d - 1) * tau
    return np.array([x[s : s + (d - 1) * tau + 1 : tau] for s in range(m)])


def argsort_index(win):
    """ordpy's index: position of the stable argsort among itertools.permutations."""
    d = win.shape[-1]
    perms = {p: i for i, p in enumerate(itertools.permutations(range(d)))}
    return np.array([perms[tuple(np.argsort(w, kind="stable"))] for w in win])


@st.composite
def series_params(draw, max_d=5, max_tau=3, max_len=60, min_len=None):
    """A short series with many ties (small integers) or continuous values, plus d and tau."""
    d = draw(st.integers(2, max_d))
    tau = draw(st.integers(1, max_tau))
    span = (d - 1) * tau + 1
    n = draw(st.integers(min_len or span, max(max_len, span)))
    if draw(st.booleans()):
        values = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    else:
        values = draw(st.lists(st.floats(-1e3, 1e3, allow_nan=False, width=32), min_size=n, max_size=n))
    return np.asarray(values, dtype=float), d, tau
