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


def plot_plane(
    entropy=None,
    complexity=None,
    *,
    d: int = 3,
    labels=None,
    ties: str = "stable",
    alpha=None,
    q=None,
    ax=None,
    size: int = 400,
    **scatter_kwargs,
):
    """Draw the complexity-entropy plane of dimension ``d``: both bounds and labelled points.

    Parameters
    ----------
    entropy, complexity : array-like, optional
        Normalized entropies and complexities of the points to draw (e.g. the
        fields of :func:`tsdyn.ordinal.complexity_entropy` with the same d).
    d : int
        Embedding dimension the points were computed with.
    labels : sequence of str, optional
        One label per point, written next to it.
    ties, alpha, q
        Plane variant (see :func:`tsdyn.ordinal.complexity_bounds`).
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure otherwise).
    size : int
        Points per bound curve.
    **scatter_kwargs
        Passed to ``ax.scatter``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = plot_plane([0.9, 0.5], [0.1, 0.3], d=4, labels=["noise", "chaos"])
    >>> ax.get_xlabel()
    'normalized permutation entropy H'
    """
    import numpy as np

    from tsdyn.ordinal.plane import maximum_complexity_curve, minimum_complexity_curve

    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    low = minimum_complexity_curve(d, size=size, ties=ties, alpha=alpha, q=q)
    high = maximum_complexity_curve(d, size=size, ties=ties, alpha=alpha, q=q)
    ax.plot(low.entropy, low.complexity, color="0.4", lw=1, label="minimum")
    ax.plot(high.entropy, high.complexity, color="0.4", lw=1, ls="--", label="maximum")
    if entropy is not None or complexity is not None:
        if entropy is None or complexity is None:
            raise InputError("plot_plane needs both entropy and complexity to draw points")
        h = np.ravel(np.asarray(entropy, dtype=float))
        c = np.ravel(np.asarray(complexity, dtype=float))
        if h.shape != c.shape:
            raise InputError(f"entropy and complexity differ in size ({h.size} and {c.size} values)")
        ax.scatter(h, c, zorder=3, **scatter_kwargs)
        if labels is not None:
            labels = list(labels)
            if len(labels) != h.size:
                raise InputError(f"labels has {len(labels)} entries for {h.size} points")
            for hi, ci, text in zip(h, c, labels, strict=True):
                ax.annotate(str(text), (hi, ci), xytext=(4, 4), textcoords="offset points", fontsize=8)
    variant = (
        ""
        if alpha is None and q is None
        else (f" (Renyi alpha={alpha})" if alpha is not None else f" (Tsallis q={q})")
    )
    ax.set_xlabel("normalized permutation entropy H")
    ax.set_ylabel("statistical complexity C" + variant)
    ax.set_xlim(0, 1)
    ax.set_ylim(bottom=0)
    ax.set_title(f"complexity-entropy plane, d={d}")
    return ax


# --- early-warning signals: the dashboard -------------------------------------------


# --- systems: attractors ---------------------------------------------------------------
