r"""ROC curves and their area for any detection score: an indicator's Kendall tau, a likelihood ratio.

A score is computed on runs without a transition (``null``) and on runs with
one (``alt``); a run is flagged when its score exceeds a threshold. Sweeping
the threshold over every observed value gives the false-positive rate
(fraction of null runs flagged) and true-positive rate (fraction of alt runs
flagged). The area under the curve is the probability that a random alt score
exceeds a random null score, ties counting one half:

.. math::

    \mathrm{AUC} = \frac{1}{n_0 n_1}\sum_{i,j}
    \left[\mathbb{1}(a_j > b_i) + \tfrac12 \mathbb{1}(a_j = b_i)\right]

(the Mann-Whitney statistic), computed from midranks in
:math:`O((n_0 + n_1)\log(n_0 + n_1))`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from tsdyn.errors import InputError, check_nan_policy

__all__ = ["RocCurve", "roc_auc", "roc_curve"]


@dataclass(frozen=True)
class RocCurve:
    """False- and true-positive rates at each threshold (score >= threshold flags a run).

    Attributes
    ----------
    fpr, tpr : numpy.ndarray
        False- and true-positive rate at each threshold, from (0, 0) to (1, 1).
    threshold : numpy.ndarray
        The thresholds, decreasing from ``+inf``.
    auc : float
        The area under the curve (:func:`roc_auc`).

    See Also
    --------
    roc_curve : Computes it.

    Examples
    --------
    >>> c = roc_curve([0.0, 1.0], [1.0, 2.0])
    >>> c.threshold.tolist(), c.auc
    ([inf, 2.0, 1.0, 0.0], 0.875)
    """

    fpr: np.ndarray
    tpr: np.ndarray
    threshold: np.ndarray
    auc: float


def _scores(values, name: str, nan_policy: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"{name} must hold real-valued scores") from None
    if arr.ndim != 1:
        raise InputError(f"{name} must be a 1-D set of scores, got shape {arr.shape}")
    if np.isinf(arr).any():
        raise InputError(f"{name} contains an infinite score at position {int(np.argmax(np.isinf(arr)))}")
    nan = np.isnan(arr)
    if nan.any():
        if nan_policy == "raise":
            raise InputError(
                f"{name} contains {int(nan.sum())} NaN score(s), the first at position "
                f"{int(np.argmax(nan))}; pass nan_policy='omit' to drop them"
            )
        arr = arr[~nan]
    if arr.size == 0:
        raise InputError(f"{name} has no scores")
    return arr


def mann_whitney_auc(null: np.ndarray, alt: np.ndarray) -> float:
    """Area under the ROC curve of checked 1-D scores, by the Mann-Whitney U statistic (ties count half)."""
    from scipy.stats import rankdata

    ranks = rankdata(np.concatenate([null, alt]))
    n0, n1 = null.size, alt.size
    u = ranks[n0:].sum() - n1 * (n1 + 1) / 2.0
    return float(u / (n0 * n1))


def roc_auc(null: ArrayLike, alt: ArrayLike, *, nan_policy: str = "raise") -> float:
    """Area under the ROC curve of scores ``alt`` (transition runs) against ``null`` (null runs).

    Parameters
    ----------
    null, alt : 1-D array-like
        Scores of runs without and with a transition.
    nan_policy : {"raise", "omit"}
        What to do with NaN scores.

    Returns
    -------
    float
        0.5 means no separation, 1 perfect separation (alt scores higher).

    See Also
    --------
    roc_curve : The whole curve.

    Examples
    --------
    >>> roc_auc([0.1, 0.2, 0.3], [0.25, 0.4, 0.5])
    0.8888888888888888
    """
    check_nan_policy(nan_policy, ("raise", "omit"))
    return mann_whitney_auc(_scores(null, "null", nan_policy), _scores(alt, "alt", nan_policy))


def roc_curve(null: ArrayLike, alt: ArrayLike, *, nan_policy: str = "raise") -> RocCurve:
    """ROC curve of scores ``alt`` against ``null``: a run is flagged when score >= threshold.

    Thresholds run from +inf (nothing flagged, the point (0, 0)) down through
    every distinct observed score, so the curve ends at (1, 1).

    Parameters
    ----------
    null, alt : 1-D array-like
        Scores of runs without and with a transition.
    nan_policy : {"raise", "omit"}
        What to do with NaN scores.

    Returns
    -------
    RocCurve
        The rates at each threshold and the area under the curve.

    See Also
    --------
    roc_auc : The area alone.
    likelihood_ratio : A detection score to feed it.

    Examples
    --------
    >>> c = roc_curve([0.0, 1.0], [1.0, 2.0])
    >>> c.fpr.tolist(), c.tpr.tolist(), c.auc
    ([0.0, 0.0, 0.5, 1.0], [0.0, 0.5, 1.0, 1.0], 0.875)
    """
    check_nan_policy(nan_policy, ("raise", "omit"))
    null = _scores(null, "null", nan_policy)
    alt = _scores(alt, "alt", nan_policy)
    thresholds = np.unique(np.concatenate([null, alt]))[::-1]
    # count scores >= each threshold: searchsorted on the ascending sorted scores
    fp = null.size - np.searchsorted(np.sort(null), thresholds, side="left")
    tp = alt.size - np.searchsorted(np.sort(alt), thresholds, side="left")
    fpr = np.concatenate([[0.0], fp / null.size])
    tpr = np.concatenate([[0.0], tp / alt.size])
    return RocCurve(fpr, tpr, np.concatenate([[np.inf], thresholds]), mann_whitney_auc(null, alt))
