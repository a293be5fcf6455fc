"""Optional matplotlib figures (``pip install 'tsdyn[plot]'``).

matplotlib is imported inside each function, so ``import tsdyn`` never loads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from tsdyn.errors import InputError

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike

    from tsdyn.ews import EWSResult

__all__ = [
    "plot_plane",
    "ews_dashboard",
    "ews_sensitivity",
    "ews_atlas",
    "plot_catalog_plane",
    "plot_catalog_clusters",
]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise InputError("plotting needs matplotlib: pip install 'tsdyn[plot]'") from None
    return plt


# --- ordinal: the complexity-entropy plane ---------------------------------------------


def plot_plane(
    entropy: ArrayLike | None = None,
    complexity: ArrayLike | None = None,
    *,
    m: int = 3,
    labels: Sequence[str] | None = None,
    ties: str = "stable",
    alpha: float | None = None,
    q: float | None = None,
    ax: Axes | None = None,
    size: int = 400,
    **scatter_kwargs: Any,
) -> Axes:
    """Draw the complexity-entropy plane of dimension ``m``: both bounds and labelled points.

    Parameters
    ----------
    entropy, complexity : array-like, optional
        Normalized entropies and complexities of the points to draw (e.g. the
        fields of :func:`tsdyn.ordinal.complexity_entropy` with the same m).
    m : int
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
    >>> ax = plot_plane([0.9, 0.5], [0.1, 0.3], m=4, labels=["noise", "chaos"])
    >>> ax.get_xlabel()
    'normalized permutation entropy H'
    """
    import numpy as np

    from tsdyn.ordinal.plane import maximum_complexity_curve, minimum_complexity_curve

    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    low = minimum_complexity_curve(m, size=size, ties=ties, alpha=alpha, q=q)
    high = maximum_complexity_curve(m, size=size, ties=ties, alpha=alpha, q=q)
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
    ax.set_title(f"complexity-entropy plane, m={m}")
    return ax


# --- early-warning signals: the dashboard -------------------------------------------


def ews_dashboard(
    result: EWSResult,
    *,
    series: Mapping[str, Any] | None = None,
    null: Mapping[str, ArrayLike] | None = None,
    fig: Figure | None = None,
) -> Figure:
    """EWS dashboard: series and trend, residuals, each indicator with its Kendall tau, null distributions.

    A dashed line marks the transition when the analysis had one.

    Parameters
    ----------
    result : tsdyn.ews.EWSResult
        What :func:`tsdyn.ews.analyze` returned.
    series : mapping, optional
        Coordinates picking one series when the result holds several (``{"member": "a"}``).
    null : mapping, optional
        ``{indicator: array of Kendall taus under the null}`` (e.g. from surrogates): adds a
        panel with their histograms and the observed taus.
    fig : matplotlib Figure, optional
        Figure to draw on (a new one by default).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, tsdyn.ews
    >>> x = np.random.default_rng(0).standard_normal(200) * np.linspace(1, 2, 200)
    >>> fig = ews_dashboard(tsdyn.ews.analyze(x, indicators=["variance", "ac1"]))
    >>> len(fig.axes)
    4
    """
    import numpy as np

    plt = _pyplot()
    data = result.data if not series else result.data.sel(series)
    ktau = (
        result.ktau
        if not series
        else result.ktau.xs(tuple(series.values()), level=tuple(series), drop_level=True)
    )
    time_dim = [d for d in data["state"].dims]
    if len(time_dim) != 1:
        raise InputError(
            f"the result holds several series (dims {time_dim}); pick one with series={{dim: value, ...}}"
        )
    dim = time_dim[0]
    t = data[dim].values if dim in data.coords else np.arange(data.sizes[dim])
    names = list(result.spec.indicators)
    n_panels = 2 + len(names) + (1 if null else 0)
    fig = fig or plt.figure(figsize=(8, 1.8 * n_panels))
    axes = fig.subplots(n_panels, 1, sharex=False)
    top = axes[0]
    top.plot(t, data["state"].values, lw=0.8, color="0.3", label="series")
    top.plot(t, data["trend"].values, lw=1.5, color="C3", label=f"trend ({result.spec.detrend})")
    top.legend(loc="upper left", fontsize="small", frameon=False)
    axes[1].plot(t, data["residuals"].values, lw=0.6, color="0.4")
    axes[1].set_ylabel("residuals")
    for ax, name in zip(axes[2 : 2 + len(names)], names, strict=True):
        values = data[name].values
        shown = np.isfinite(values)
        ax.plot(
            t[shown], values[shown], lw=1.2, color="C0", marker="." if shown.sum() < 0.2 * len(t) else None
        )
        ax.set_ylabel(name)
        row = ktau.loc[name]
        label = f"Kendall tau = {float(row['tau']):.3f}"
        if "pvalue" in ktau.columns:
            label += f", p = {float(row['pvalue']):.3g}"
        ax.text(0.01, 0.95, label, transform=ax.transAxes, va="top", fontsize="small")
    for ax in axes[1 : 2 + len(names)]:
        ax.set_xlim(top.get_xlim())
    if result.transition is not None:
        import pandas as pd

        when = pd.Timestamp(result.transition).to_datetime64() if t.dtype.kind == "M" else result.transition
        for ax in axes[: 2 + len(names)]:
            ax.axvline(when, color="0.5", ls="--", lw=1)
    axes[1 + len(names)].set_xlabel(dim)
    if null:
        ax = axes[-1]
        for k, (name, taus) in enumerate(null.items()):
            ax.hist(np.asarray(taus), bins=30, alpha=0.5, color=f"C{k}", label=f"{name} (null)")
            ax.axvline(float(ktau.loc[name, "tau"]), color=f"C{k}", lw=2)
        ax.set_xlabel("Kendall tau")
        ax.legend(fontsize="small", frameon=False)
    fig.tight_layout()
    return fig


def ews_sensitivity(ktau: xr.DataArray, *, fig: Figure | None = None) -> Figure:
    """Heat maps of Kendall tau over windows x bandwidths, one panel per indicator.

    Parameters
    ----------
    ktau : xarray.DataArray
        What :func:`tsdyn.ews.sensitivity_grid` returned, for one series.
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, tsdyn.ews
    >>> x = np.random.default_rng(0).standard_normal(200)
    >>> da = tsdyn.ews.sensitivity_grid(x, windows=[0.3, 0.5], bandwidths=[0.1, 0.2])
    >>> len(ews_sensitivity(da).axes)  # two heat maps and a colour bar
    3
    """
    import numpy as np

    plt = _pyplot()
    extra = [d for d in ktau.dims if d not in ("indicator", "window", "bandwidth")]
    if extra:
        raise InputError(f"ktau holds several series (dims {extra}); select one first, e.g. ktau.sel(...)")
    names = list(ktau["indicator"].values)
    fig = fig or plt.figure(figsize=(4 * len(names) + 1, 3.5), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(names), squeeze=False)[0])
    windows, bandwidths = ktau["window"].values, ktau["bandwidth"].values
    image = None
    for ax, name in zip(axes, names, strict=True):
        grid = ktau.sel(indicator=name).transpose("window", "bandwidth").values
        image = ax.imshow(grid, origin="lower", aspect="auto", cmap="RdBu_r", vmin=-1, vmax=1)
        ax.set_xticks(range(len(bandwidths)), [f"{b:g}" for b in bandwidths], rotation=90, fontsize="small")
        ax.set_yticks(range(len(windows)), [f"{w:g}" for w in windows], fontsize="small")
        ax.set_xlabel("bandwidth")
        ax.set_title(name)
    axes[0].set_ylabel("window")
    assert image is not None  # ktau has at least one indicator
    fig.colorbar(image, ax=list(axes), label="Kendall tau")
    return fig


def ews_atlas(atlas: xr.Dataset | pd.DataFrame, *, fig: Figure | None = None) -> Figure:
    """Heat map of ROC AUC per indicator x scenario: which indicator warns of which transition.

    Parameters
    ----------
    atlas : xarray.Dataset or pandas.DataFrame
        What :func:`tsdyn.ews.indicator_atlas` returned, or its
        :func:`tsdyn.ews.atlas_table` (rows indicators, columns scenarios).
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
        One heat map (blue below 0.5: the indicator falls; red above: it
        rises), each cell labelled with its AUC, and a colour bar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({"fold": [0.9, 0.8], "flicker": [0.85, 0.5]}, index=["variance", "ac1"])
    >>> fig = ews_atlas(table)
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['0.90', '0.85', '0.80', '0.50']
    """
    import numpy as np

    plt = _pyplot()
    if hasattr(atlas, "data_vars"):
        from tsdyn.ews.atlas import atlas_table

        atlas = atlas_table(atlas)
    if not (hasattr(atlas, "index") and hasattr(atlas, "columns")):
        raise InputError(
            f"atlas must be indicator_atlas's Dataset or atlas_table's DataFrame, got {type(atlas)}"
        )
    values = atlas.to_numpy(dtype=float)
    fig = fig or plt.figure(
        figsize=(1.1 * values.shape[1] + 3, 0.45 * values.shape[0] + 1.5), layout="constrained"
    )
    ax = fig.add_subplot()
    image = ax.imshow(values, cmap="RdBu_r", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in atlas.columns], rotation=30, ha="right")
    ax.set_yticks(range(values.shape[0]), [str(i) for i in atlas.index])
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            # white on the dark ends of the colour map, black in the pale middle
            color = "white" if abs(v - 0.5) > 0.3 else "black"
            ax.text(
                j,
                i,
                "n/a" if np.isnan(v) else f"{v:.2f}",
                ha="center",
                va="center",
                fontsize="small",
                color=color,
            )
    fig.colorbar(image, ax=ax, label="ROC AUC (transition vs null runs)")
    ax.set_title("Which indicator warns of which transition")
    return fig


# --- systems: attractors ---------------------------------------------------------------


# --- forecast: catalog features -----------------------------------------------------------


def plot_catalog_plane(
    table: pd.DataFrame, *, m: int = 5, ax: Axes | None = None, annotate: bool = False, cmap: str = "coolwarm"
) -> Axes:
    """The table's systems on the complexity-entropy plane, coloured by their largest Lyapunov exponent.

    Flows are circles, maps squares; the colour is ``lyapunov_per_period``
    (per dominant period for flows, per iteration for maps) on a scale centred
    at 0 that ends at the 95th percentile of its magnitude (a few extreme
    systems would otherwise wash out the rest; they take the end colour), so
    regular systems are grey-blue and chaotic ones red. Systems without an
    exponent are drawn hollow.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`tsdyn.forecast.features.catalog_features`.
    m : int
        Embedding dimension the table used (for the bounding curves).
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure otherwise).
    annotate : bool
        Write each system's name next to its point.
    cmap : str
        Diverging colormap.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({"system": ["a", "b"], "kind": ["flow", "map"], "entropy": [0.5, 0.6],
    ...                       "complexity": [0.4, 0.4], "lyapunov_per_period": [0.9, float("nan")]})
    >>> plot_catalog_plane(table).get_title()
    'catalog on the complexity-entropy plane, m=5'
    """
    import numpy as np
    from matplotlib.colors import TwoSlopeNorm

    missing = [
        c for c in ("system", "kind", "entropy", "complexity", "lyapunov_per_period") if c not in table
    ]
    if missing:
        raise InputError(f"table lacks the columns {missing} (make it with catalog_features)")
    plt = _pyplot()
    ax = plot_plane(m=m, ax=ax)
    lam = table["lyapunov_per_period"].to_numpy(dtype=float)
    finite = lam[np.isfinite(lam)]
    span = max(float(np.percentile(np.abs(finite), 95)), 1e-3) if finite.size else 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-span, vmax=span)
    mappable = None
    for kind, marker in (("flow", "o"), ("map", "s")):
        rows = table[table["kind"] == kind]
        h, c = rows["entropy"].to_numpy(dtype=float), rows["complexity"].to_numpy(dtype=float)
        lam_k = rows["lyapunov_per_period"].to_numpy(dtype=float)
        known = np.isfinite(lam_k)
        if known.any():
            mappable = ax.scatter(
                h[known], c[known], c=lam_k[known], cmap=cmap, norm=norm, marker=marker,
                s=28, edgecolors="k", linewidths=0.4, zorder=3, label=f"{kind}s",
            )  # fmt: skip
        if (~known).any():
            ax.scatter(
                h[~known], c[~known], marker=marker, s=28, facecolors="none", edgecolors="0.3",
                zorder=3, label=f"{kind}s, no exponent",
            )  # fmt: skip
    if annotate:
        for name, hi, ci in zip(table["system"], table["entropy"], table["complexity"], strict=True):
            if np.isfinite(hi) and np.isfinite(ci):
                ax.annotate(str(name), (hi, ci), xytext=(3, 3), textcoords="offset points", fontsize=6)
    if mappable is not None:
        plt.colorbar(
            mappable, ax=ax, extend="both", label="largest Lyapunov exponent (per period / iteration)"
        )
    ax.legend(loc="upper left", fontsize=7)
    ax.set_title(f"catalog on the complexity-entropy plane, m={m}")
    return ax


def plot_catalog_clusters(
    table: pd.DataFrame,
    *,
    features: Sequence[str] | None = None,
    method: str = "ward",
    ax: Axes | None = None,
) -> Axes:
    """Dendrogram of the table's systems clustered by their features (flows black, maps blue).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`tsdyn.forecast.features.catalog_features`.
    features : sequence of str, optional
        Columns to cluster on (default ``tsdyn.forecast.features.CLUSTER_FEATURES``).
    method : str
        scipy linkage method.
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure, tall enough for one label per system, otherwise).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> table = pd.DataFrame({"system": ["a", "b", "c"], "kind": ["flow", "flow", "map"],
    ...                       "entropy": [0.5, 0.52, 0.9], "complexity": [0.4, 0.41, 0.1]})
    >>> ax = plot_catalog_clusters(table, features=["entropy", "complexity"])
    >>> sorted(t.get_text() for t in ax.get_yticklabels())
    ['a', 'b', 'c']
    """
    from scipy.cluster.hierarchy import dendrogram

    from tsdyn.forecast.features import CLUSTER_FEATURES, cluster_systems

    for col in ("system", "kind"):
        if col not in table:
            raise InputError(f"table lacks the column {col!r} (make it with catalog_features)")
    z, used = cluster_systems(
        table, features=CLUSTER_FEATURES if features is None else features, method=method
    )
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, max(3.0, 0.13 * len(table))))
    names = [str(s) for s in table["system"]]
    kinds = dict(zip(names, table["kind"], strict=True))
    dendrogram(z, labels=names, orientation="left", ax=ax, color_threshold=0.7 * z[:, 2].max())
    for label in ax.get_yticklabels():
        label.set_color("tab:blue" if kinds.get(label.get_text()) == "map" else "k")
        label.set_fontsize(6)
    ax.set_xlabel(f"{method} linkage distance of the standardized features\n{', '.join(used)}", fontsize=8)
    ax.set_title("catalog clustered by its features")
    return ax
