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

    See Also
    --------
    tsdyn.ordinal.complexity_entropy : The points.
    tsdyn.ordinal.complexity_bounds : The bounds.

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

    See Also
    --------
    tsdyn.ews.analyze : What it draws.
    tsdyn.ews.quick_detection : The dashboard with the potential landscape.

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

    See Also
    --------
    tsdyn.ews.sensitivity_grid : What it draws.

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

    See Also
    --------
    tsdyn.ews.indicator_atlas : What it draws.

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

    See Also
    --------
    tsdyn.forecast.catalog_features : The table it draws.
    plot_plane : The plane of any series.

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

    See Also
    --------
    tsdyn.forecast.cluster_systems : The clustering it draws.

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


# --- recurrence: recurrence plots and windowed RQA -----------------------------------------


def recurrence_plot(
    matrix,
    *,
    symmetric: bool | None = None,
    max_pixels: int = 1000,
    ax: Axes | None = None,
    cmap: str = "Greys",
) -> Axes:
    """Draw a recurrence plot, block-averaged to at most ``max_pixels`` per side.

    Each pixel shows the fraction of recurrent pairs in its block of the
    plot (exact black and white when the plot is no larger than
    ``max_pixels``), so a plot of 1e5 points draws from its sparse pairs
    without a dense N x N image.

    Parameters
    ----------
    matrix : scipy.sparse matrix or 2-D array
        What :func:`tsdyn.recurrence.recurrence_matrix`,
        :func:`~tsdyn.recurrence.cross_recurrence_matrix` or
        :func:`~tsdyn.recurrence.joint_recurrence_matrix` returned.
    symmetric : bool, optional
        Mirror the upper triangle into the lower one (default: when the
        matrix is square and holds no pair below its diagonal, as the sparse
        recurrence and joint plots do).
    max_pixels : int
        Largest image side in pixels.
    ax : matplotlib Axes, optional
    cmap : str
        Colour map of the recurrence fractions (0 white, 1 black by default).

    Returns
    -------
    matplotlib.axes.Axes
        Time runs left to right and bottom to top (``origin="lower"``); the
        image is ``ax.images[0]``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from tsdyn.recurrence import recurrence_matrix
    >>> r = recurrence_matrix(np.sin(np.arange(3000) / 10), m=2, tau=15, recurrence_rate=0.05)
    >>> ax = recurrence_plot(r, max_pixels=500)
    >>> ax.images[0].get_array().shape
    (500, 500)
    """
    import numpy as np
    import scipy.sparse

    from tsdyn.errors import check_int

    max_pixels = check_int(max_pixels, "max_pixels", minimum=1)
    coo = scipy.sparse.coo_matrix(matrix)
    if coo.ndim != 2:
        raise InputError(f"matrix must be 2-D, got shape {coo.shape}")
    rows, cols = coo.row[coo.data != 0], coo.col[coo.data != 0]
    n_rows, n_cols = coo.shape
    if symmetric is None:
        symmetric = n_rows == n_cols and not np.any(rows > cols)
    if symmetric:
        rows, cols = np.r_[rows, cols], np.r_[cols, rows]
    # block edges: pixel p covers rows edges[p] .. edges[p + 1] - 1
    edges_r = np.linspace(0, n_rows, min(n_rows, max_pixels) + 1).astype(np.int64)
    edges_c = np.linspace(0, n_cols, min(n_cols, max_pixels) + 1).astype(np.int64)
    pr = np.searchsorted(edges_r, rows, side="right") - 1
    pc = np.searchsorted(edges_c, cols, side="right") - 1
    counts = np.zeros((edges_r.size - 1, edges_c.size - 1))
    np.add.at(counts, (pr, pc), 1.0)
    image = counts / np.outer(np.diff(edges_r), np.diff(edges_c))
    if ax is None:
        _, ax = _pyplot().subplots(figsize=(5, 5 * n_rows / max(n_cols, 1)))
    ax.imshow(
        image,
        origin="lower",
        cmap=cmap,
        vmin=0.0,
        vmax=max(float(image.max()), 1e-12) if image.size else 1.0,
        extent=(-0.5, n_cols - 0.5, -0.5, n_rows - 0.5),
        interpolation="nearest",
        aspect="equal",
    )
    ax.set_xlabel("j (time index)")
    ax.set_ylabel("i (time index)")
    return ax


def rqa_panel(
    result,
    *,
    measures: Sequence[str] = ("recurrence_rate", "determinism", "laminarity", "trapping_time"),
    fig: Figure | None = None,
) -> Figure:
    """Windowed RQA: one panel per measure over the windows' ends.

    Parameters
    ----------
    result
        What :func:`tsdyn.recurrence.rolling_rqa` returned for one series (a
        named tuple, a DataFrame or a Dataset).
    measures : sequence of str
        The measures to draw, one panel each.
    fig : matplotlib Figure, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from tsdyn.recurrence import rolling_rqa
    >>> res = rolling_rqa(np.random.default_rng(0).normal(size=2000), window=500, step=100, m=2, tau=1,
    ...                   recurrence_rate=0.05)
    >>> len(rqa_panel(res).axes)
    4
    """
    import numpy as np
    import pandas as pd

    if isinstance(result, pd.DataFrame) and result.index.name == "window_end":
        ends = result.index.to_numpy()

        def values(name):
            return result[name].to_numpy()
    elif not isinstance(result, pd.DataFrame) and hasattr(result, "window_end"):
        ends = np.asarray(result.window_end)  # a named tuple or a Dataset

        def values(name):
            return np.asarray(getattr(result, name))
    else:
        raise InputError(
            "result must be what tsdyn.recurrence.rolling_rqa returned (windows along window_end)"
        )
    measures = list(measures)
    plt = _pyplot()
    fig = fig or plt.figure(figsize=(8, 1.8 * len(measures)))
    axes = np.atleast_1d(fig.subplots(len(measures), 1, sharex=True))
    for ax, name in zip(axes, measures, strict=True):
        try:
            v = values(name)
        except (AttributeError, KeyError):
            raise InputError(f"result holds no measure {name!r}") from None
        if v.ndim != 1:
            raise InputError(f"result holds several series ({name} has shape {v.shape}); pass one")
        ax.plot(ends, v, lw=1.2, color="C0", marker="." if ends.size < 50 else None)
        ax.set_ylabel(name)
    axes[-1].set_xlabel("window end (sample)")
    fig.tight_layout()
    return fig


# --- systems: phase space (continuation, orbit diagrams, basins) -------------------------


def bifurcation_diagram(
    result: xr.Dataset, *, variable: int | str = 0, lyapunov: bool = True, ax: Axes | None = None
) -> Axes:
    """A branch from :func:`tsdyn.systems.continuation`, a cycle's, or an :func:`tsdyn.systems.orbit_diagram`.

    A continuation is drawn as the chosen variable against the parameter,
    solid where the equilibrium is stable and dashed where it is not, with
    its bifurcations marked and labelled (LP fold, H Hopf, BP branch point,
    PD period doubling, NS Neimark-Sacker). A
    :func:`tsdyn.systems.cycle_continuation` is drawn as its cycle's maximum
    and minimum (dashed if any of it is unstable), so that drawn into the
    same axes as the equilibria it shows the cycle born at a Hopf point. An
    orbit diagram is drawn as
    its points, with the largest Lyapunov exponent on a second axis below
    when it holds one and ``lyapunov`` is True.

    Parameters
    ----------
    result : xarray.Dataset
        The output of ``continuation``, ``cycle_continuation`` or ``orbit_diagram``.
    variable : int or str
        The state variable drawn (index or name).
    lyapunov : bool
        Orbit diagrams: add the exponent panel.
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure otherwise).

    Returns
    -------
    matplotlib.axes.Axes
        The axes holding the diagram.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import tsdyn.systems as ts
    >>> br = ts.continuation(ts.get("Brusselator", b=1.0), "b", bounds=(0.5, 3.0), start=[1.0, 1.0])
    >>> ax = bifurcation_diagram(br, variable="x1")
    >>> [t.get_text() for t in ax.texts]
    ['H']
    """
    import numpy as np

    if "state" not in result or "variable" not in result.coords:
        raise InputError("result must be a Dataset from tsdyn.systems.continuation or orbit_diagram")
    names = [str(v) for v in result["variable"].values]
    if isinstance(variable, str):
        if variable not in names:
            raise InputError(f"variable {variable!r} is not one of {names}")
        variable = names.index(variable)
    if not 0 <= int(variable) < len(names):
        raise InputError(f"variable index must be in [0, {len(names) - 1}], got {variable}")
    k = int(variable)
    plt = _pyplot()
    if "maximum" in result and "continued" in result.attrs:
        # A cycle_continuation: the cycle's extent, its maximum and minimum, as two curves.
        param = str(result.attrs["continued"])
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        style = "-" if bool(result["stable"].values.all()) else "--"
        for edge in ("maximum", "minimum"):
            ax.plot(result[param].values, result[edge].values[:, k], style, color="tab:blue", lw=1.2)
        ax.set_xlabel(param)
        ax.set_ylabel(names[k])
        return ax
    if "bifurcation_type" in result:
        param = str(result.attrs["continued"])
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        p, x, stable = result[param].values, result["state"].values[:, k], result["stable"].values
        # One line per run of equal stability, each joined to the next point so the branch stays whole.
        cuts = np.flatnonzero(np.diff(stable.astype(int))) + 1
        for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, p.size], strict=True):
            end = min(hi + 1, p.size)
            ax.plot(p[lo:end], x[lo:end], "-" if stable[lo] else "--", color="k", lw=1.2)
        short = {
            "fold": "LP",
            "hopf": "H",
            "branch point": "BP",
            "period-doubling": "PD",
            "neimark-sacker": "NS",
        }
        for kind, bp, bx in zip(
            result["bifurcation_type"].values,
            result["bifurcation_param"].values,
            result["bifurcation_state"].values[:, k],
            strict=True,
        ):
            ax.plot(bp, bx, "o", color="tab:red", ms=5)
            ax.annotate(short.get(str(kind), str(kind)), (bp, bx), xytext=(4, 4), textcoords="offset points")
        ax.set_xlabel(param)
        ax.set_ylabel(names[k])
        ax.set_title(f"{result.attrs.get('system', '')}: equilibria (solid stable, dashed unstable)")
        return ax
    param = str(result.attrs["swept"])
    values, pts = result[param].values, result["state"].values[:, :, k]
    with_exponent = lyapunov and "lyapunov" in result
    if ax is None:
        if with_exponent:
            _, (ax, ax2) = plt.subplots(2, 1, sharex=True, figsize=(6, 5), height_ratios=(3, 1))
        else:
            _, ax = plt.subplots(figsize=(6, 4))
    elif with_exponent:
        ax2 = ax.twinx()
    ax.plot(np.repeat(values, pts.shape[1]), pts.ravel(), ",", color="k", alpha=0.5)
    ax.set_ylabel(names[k])
    ax.set_title(f"{result.attrs.get('system', '')}: orbit diagram")
    if with_exponent:
        ax2.plot(values, result["lyapunov"].values, color="tab:blue", lw=0.8)
        ax2.axhline(0.0, color="0.5", lw=0.5)
        ax2.set_ylabel("largest Lyapunov\nexponent")
        ax2.set_xlabel(param)
    else:
        ax.set_xlabel(param)
    return ax


def plot_basins(basins: xr.Dataset, *, ax: Axes | None = None) -> Axes:
    """The basins of :func:`tsdyn.systems.basins_of_attraction` as an image, one colour per attractor.

    Escaped runs are white; the attractors' states are marked where they
    lie in the plane; the title gives the boundary basin entropy.

    Parameters
    ----------
    basins : xarray.Dataset
        The output of ``basins_of_attraction``.
    ax : matplotlib Axes, optional
        Axes to draw into (a new figure otherwise).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np, xarray as xr
    >>> ds = xr.Dataset({"basin": (("x0", "x1"), np.eye(6, dtype=int)),
    ...                  "attractor_state": (("attractor", "variable"), [[0.0, 1.0], [1.0, 0.0]]),
    ...                  "boundary_basin_entropy": 0.5},
    ...                 coords={"x0": np.arange(6.0), "x1": np.arange(6.0), "variable": ["x0", "x1"]})
    >>> ax = plot_basins(ds)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('x0', 'x1')
    """
    import numpy as np

    if "basin" not in basins or basins["basin"].ndim != 2:
        raise InputError("basins must be a Dataset from tsdyn.systems.basins_of_attraction")
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 5))
    xname, yname = (str(d) for d in basins["basin"].dims)
    xs, ys = basins[xname].values, basins[yname].values
    labels = basins["basin"].values.astype(float)
    labels[labels < 0] = np.nan
    ax.imshow(labels.T, origin="lower", extent=(xs[0], xs[-1], ys[0], ys[-1]), aspect="auto",
              cmap="tab10", vmin=0, vmax=9, interpolation="nearest")  # fmt: skip
    names = [str(v) for v in basins["variable"].values]
    states = basins["attractor_state"].values
    if xname in names and yname in names:
        ax.plot(states[:, names.index(xname)], states[:, names.index(yname)], "k+", ms=8)
    ax.set_xlabel(xname)
    ax.set_ylabel(yname)
    ax.set_title(f"basins (boundary basin entropy {float(basins['boundary_basin_entropy']):.3f})")
    return ax
