"""Optional matplotlib figures (``pip install 'tsdyn[plot]'``).

matplotlib is imported inside each function, so ``import tsdyn`` never loads it.
"""

from __future__ import annotations

from tsdyn.errors import InputError


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("plotting needs matplotlib: pip install 'tsdyn[plot]'") from None
    return plt


# --- ordinal: the complexity-entropy plane ---------------------------------------------


# --- early-warning signals: the dashboard -------------------------------------------


# --- systems: attractors ---------------------------------------------------------------
