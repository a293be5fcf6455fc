r"""Spatial early-warning indicators of 2-D fields over time (dims ``time, y, x``).

Near a transition a spatially extended system recovers slowly from local
perturbations, so neighbouring cells become alike (rising spatial
correlation) and fluctuations grow (Dakos et al. 2010, Theor. Ecol. 3:163;
Kéfi et al. 2014, PLoS ONE 9:e92097). Every indicator below is computed on
each frame and followed through time; :func:`analyze_spatial` adds Kendall's
tau of each. The definitions are those of the R package ``spatialwarnings``
(``generic_sews``, ``spectral_sews``, ``patchdistr_sews``), whose outputs on
its bundled data the tests match:

================== =================================================================
``variance``       variance (ddof 1) of the field after coarse-graining: means of
                   ``subsize x subsize`` blocks (the remainder rows/columns dropped)
``skewness``       skewness :math:`m_3 / m_2^{3/2}` (biased moments) of the
                   coarse-grained field (``abs_skewness``: its absolute value)
``moran``          Moran's I at lag 1 with the 4 nearest neighbours (no wrap):
                   :math:`I = \frac{N}{W}\frac{\sum_{i}\sum_{j \sim i} z_i z_j}{\sum_i z_i^2}`,
                   :math:`z = x - \bar x`, :math:`W` the number of (ordered)
                   neighbour pairs; on the raw field (``moran_coarse_grain``: on
                   the coarse-grained one)
``mean``           the mean of the raw field (cover, for a 0/1 field)
``sdr``            spectral density ratio: mean of the radially averaged power
                   spectrum (r-spectrum) over the low wavenumbers
                   (``sdr_low``, fractions of the largest distance ``1 + floor(n/2)``)
                   over its mean over the high ones (``sdr_high``), on the square
                   top-left part of the field
``patch_count``    number of patches: 4-connected clusters of occupied cells
``largest_patch``  the largest patch's size as a fraction of the cells
``mean_patch_size`` mean patch size (cells)
================== =================================================================

Patch indicators need a 0/1 (boolean) field or a ``threshold`` above which a
cell counts as occupied. :func:`field_frames` turns the flat state of a
lattice system (the catalog's ``GrayScott``: ``[u, v]``, each ``N x N``
row-major) into ``(time, y, x)`` frames.

>>> import numpy as np
>>> field = np.zeros((1, 4, 4)); field[0, :, :2] = 1.0  # two halves: strongly clustered
>>> round(float(spatial_indicators(field, subsize=1, indicators=["moran"]).moran[0]), 4)
0.6667
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from tsdyn._naming import public_name
from tsdyn._typing import SeriesLike, SeriesResult, TimePoint
from tsdyn.errors import InputError, check_choice, check_int, check_real

__all__ = [
    "SPATIAL_INDICATORS",
    "SpatialOptions",
    "SpatialResult",
    "analyze_spatial",
    "coarse_grain",
    "field_frames",
    "moran_i",
    "patch_sizes",
    "r_spectrum",
    "spatial_indicators",
]

SPATIAL_INDICATORS = {
    "variance": "spatial variance after coarse-graining",
    "skewness": "spatial skewness after coarse-graining",
    "moran": "Moran's I at lag 1 (4 neighbours)",
    "mean": "spatial mean",
    "sdr": "spectral density ratio, low over high wavenumbers",
    "patch_count": "number of 4-connected patches",
    "largest_patch": "largest patch, fraction of the cells",
    "mean_patch_size": "mean patch size (cells)",
}
DEFAULT_SPATIAL = ("variance", "skewness", "moran", "sdr")
_PATCHES = ("patch_count", "largest_patch", "mean_patch_size")


def coarse_grain(frames: np.ndarray, subsize: int) -> np.ndarray:
    """Means of ``subsize x subsize`` blocks over the last two axes (remainders dropped).

    >>> coarse_grain(np.arange(16.0).reshape(4, 4), 2)
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    a = np.asarray(frames, dtype=np.float64)
    s = check_int(subsize, "subsize", minimum=1)
    if s == 1:
        return a
    ny, nx = a.shape[-2] // s, a.shape[-1] // s
    if ny == 0 or nx == 0:
        raise InputError(f"subsize {s} is larger than the field ({a.shape[-2]} x {a.shape[-1]})")
    blocks = a[..., : ny * s, : nx * s].reshape(*a.shape[:-2], ny, s, nx, s)
    return blocks.mean(axis=(-3, -1))


def moran_i(frames: np.ndarray) -> np.ndarray:
    """Moran's I at lag 1 (4 nearest neighbours, no wrap) of every frame (last two axes).

    >>> float(moran_i(np.array([[1.0, 0.0], [0.0, 1.0]])))
    -1.0
    """
    a = np.asarray(frames, dtype=np.float64)
    h, w = a.shape[-2:]
    z = a - a.mean(axis=(-2, -1), keepdims=True)
    # every unordered neighbour pair counts twice (i ~ j and j ~ i)
    pairs = 2.0 * (
        np.sum(z[..., 1:, :] * z[..., :-1, :], axis=(-2, -1))
        + np.sum(z[..., :, 1:] * z[..., :, :-1], axis=(-2, -1))
    )
    n_pairs = 2.0 * ((h - 1) * w + h * (w - 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (h * w / n_pairs) * pairs / np.sum(z * z, axis=(-2, -1))


def r_spectrum(frame: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Radially averaged power spectrum of one square field, as spatialwarnings' ``rspectrum``.

    Rings of width 1 around the zero wavenumber (distances ``1 .. 1 + n0``,
    ``n0`` half the even-truncated size); each ring's mean power, divided by
    the total power of all rings. Returns ``(dist, rspec)``; NaN for a
    constant field.

    >>> dist, rspec = r_spectrum(np.random.default_rng(0).random((8, 8)))
    >>> dist.tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0]
    """
    a = np.asarray(frame, dtype=np.float64)
    dist, ring, rows, cols = _rings(a.shape)
    if np.ptp(a) == 0 or rows.size == 0:
        return dist, np.full(dist.size, np.nan)
    power = (np.abs(np.fft.fft2(a)) ** 2)[rows, cols]
    sums = np.bincount(ring, weights=power, minlength=dist.size)
    counts = np.bincount(ring, minlength=dist.size)
    return dist, sums / counts / sums.sum()


@functools.lru_cache(maxsize=32)
def _rings(shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Ring number and FFT cell (row, column) of every cell spatialwarnings' loop visits, per shape."""
    nr, nc = shape[0] - shape[0] % 2, shape[1] - shape[1] % 2
    n0x, n0y = nc // 2, nr // 2
    dist = np.arange(1, 2 + min(n0x, n0y), dtype=np.float64)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for k, r in enumerate(dist):
        # offsets (i, j) from the centre within r + 1, kept when r - 1/2 <= distance < r + 1/2
        di, dj = np.meshgrid(np.arange(-r - 1, r + 1), np.arange(-r - 1, r + 1))
        d2 = di * di + dj * dj
        keep = (d2 > 0) & (d2 >= (r - 0.5) ** 2) & (d2 < (r + 0.5) ** 2)
        cols = (di[keep] + 2 * n0x).astype(np.int64) % max(nc, 1)
        rows = (dj[keep] + 2 * n0y).astype(np.int64) % max(nr, 1)
        parts.append((np.full(rows.size, k), rows, cols))
    ring, rows, cols = (np.concatenate([p[i] for p in parts]) for i in range(3))
    if nr < 1 or nc < 1:
        rows = rows[:0]
    return dist, ring, rows, cols


def _sdr(frame: np.ndarray, low: tuple[float, float], high: tuple[float, float]) -> float:
    n = min(frame.shape)
    dist, spec = r_spectrum(frame[:n, :n])
    maxdist = 1 + np.floor(n / 2)
    lo = (dist >= low[0] * maxdist) & (dist <= low[1] * maxdist)
    hi = (dist >= high[0] * maxdist) & (dist <= high[1] * maxdist)
    if not lo.any() or not hi.any():
        return np.nan
    return float(spec[lo].mean() / spec[hi].mean())


def patch_sizes(frame: np.ndarray) -> np.ndarray:
    """Sizes of the 4-connected patches of occupied (nonzero) cells of one 2-D field, ascending.

    >>> patch_sizes(np.array([[1, 1, 0], [0, 0, 0], [1, 0, 1]]))
    array([1, 1, 2])
    """
    from scipy import ndimage

    labels, count = ndimage.label(np.asarray(frame) != 0)
    return np.sort(np.bincount(labels.ravel(), minlength=count + 1)[1:])


def _skewness(v: np.ndarray) -> np.ndarray:
    z = v - v.mean(axis=-1, keepdims=True)
    m2 = np.mean(z * z, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(m2 > 0, np.mean(z**3, axis=-1) / np.where(m2 > 0, m2, 1.0) ** 1.5, np.nan)


def _frames_values(
    frames: np.ndarray, names, *, subsize, abs_skewness, moran_coarse_grain, sdr_low, sdr_high, threshold
):
    """Indicators of every frame of ``frames`` (frame, y, x): ``{name: array over frames}``."""
    out: dict[str, np.ndarray] = {}
    cg = (
        coarse_grain(frames, subsize)
        if {"variance", "skewness"} & set(names) or moran_coarse_grain
        else frames
    )
    flat = cg.reshape(cg.shape[0], -1)
    if "variance" in names:
        out["variance"] = flat.var(axis=1, ddof=1)
    if "skewness" in names:
        s = _skewness(flat)
        out["skewness"] = np.abs(s) if abs_skewness else s
    if "moran" in names:
        out["moran"] = moran_i(cg if moran_coarse_grain else frames)
    if "mean" in names:
        out["mean"] = frames.mean(axis=(-2, -1))
    if "sdr" in names:
        out["sdr"] = np.array([_sdr(f, sdr_low, sdr_high) for f in frames])
    if set(_PATCHES) & set(names):
        occupied = frames != 0 if threshold is None else frames > threshold
        sizes = [patch_sizes(f) for f in occupied]
        cells = frames.shape[-2] * frames.shape[-1]
        stats = {
            "patch_count": np.array([s.size for s in sizes], dtype=np.float64),
            "largest_patch": np.array([s[-1] / cells if s.size else 0.0 for s in sizes]),
            "mean_patch_size": np.array([s.mean() if s.size else np.nan for s in sizes]),
        }
        out.update({n: stats[n] for n in _PATCHES if n in names})
    return {n: out[n] for n in names}


@dataclass(frozen=True)
class _Field:
    values: np.ndarray  # (groups, time, y, x)
    da: xr.DataArray
    others: list
    n_use: int


def _field(x, *, dim: str, dims: tuple[str, str], transition, name: str = "x") -> _Field:
    if isinstance(x, xr.Dataset | pd.Series | pd.DataFrame):
        raise InputError(f"{name} must be a numpy array (..., time, y, x) or a DataArray with dims {dims}")
    if isinstance(x, xr.DataArray):
        da = x
    else:
        arr = np.asarray(x)
        if arr.ndim < 3:
            raise InputError(
                f"{name} has shape {arr.shape}; spatial indicators need frames over time with two "
                "spatial dims: (..., time, y, x)"
            )
        names = [f"dim_{i}" for i in range(arr.ndim - 3)] + [dim, *dims]
        da = xr.DataArray(arr, dims=names)
    missing = [d for d in (dim, *dims) if d not in da.dims]
    if missing:
        raise InputError(
            f"{name} lacks dims {missing} (has {tuple(da.dims)}): spatial indicators need '{dim}' and two "
            f"spatial dims {dims}"
        )
    if da.dtype.kind not in "biuf":
        raise InputError(f"{name} must be numeric or boolean, got dtype {da.dtype}")
    values = np.asarray(da.values)
    if values.dtype.kind == "f" and not np.isfinite(values).all():
        bad = np.argwhere(~np.isfinite(values))[0]
        raise InputError(f"{name} has a non-finite value at {dict(zip(da.dims, bad.tolist(), strict=True))}")
    for d in dims:
        if da.sizes[d] < 2:
            raise InputError(f"{name} has {da.sizes[d]} cell along '{d}'; a field needs at least 2")
    n = da.sizes[dim]
    n_use = n
    if transition is not None:
        from tsdyn.ews._input import prepare

        n_use = prepare(
            da.isel({d: 0 for d in dims}), dim=dim, transition=transition, check_constant=False
        ).n_use
    others = [d for d in da.dims if d not in (dim, *dims)]
    ordered = np.asarray(da.transpose(*others, dim, *dims).values, dtype=np.float64)
    return _Field(ordered.reshape(-1, *ordered.shape[-3:]), da, others, n_use)


@dataclass(frozen=True, kw_only=True)
class SpatialOptions:
    """Settings of :func:`spatial_indicators` and :func:`analyze_spatial` (each field as its keyword).

    Build it once and hand it to several calls; keywords given beside it
    replace its fields.

    Attributes
    ----------
    dim : str
        The time dimension.
    dims : pair of str
        The two spatial dimensions.
    indicators : str or sequence of str
        Names of :data:`SPATIAL_INDICATORS`.
    subsize : int
        Coarse-graining block size of ``variance`` and ``skewness`` (spatialwarnings'
        default 4; 1 leaves the field as it is).
    abs_skewness, moran_coarse_grain : bool
        spatialwarnings' options of the same meaning.
    sdr_low, sdr_high : pair of float
        Wavenumber ranges of ``sdr``, fractions of the largest distance.
    threshold : float, optional
        Cells above it are occupied (patch indicators); default: nonzero cells.
    transition : number or datetime, optional
        Frames at times <= ``transition`` only (later ones are NaN).

    See Also
    --------
    spatial_indicators : Takes these settings, as does :func:`analyze_spatial`.

    Examples
    --------
    >>> opts = SpatialOptions(indicators=["variance", "moran"], subsize=2)
    >>> opts.replace(subsize=1).subsize, opts.dims
    (1, ('y', 'x'))
    >>> frames = np.random.default_rng(0).random((4, 8, 8))
    >>> sorted(spatial_indicators(frames, opts)._fields), spatial_indicators(frames, opts, subsize=1).variance.shape
    (['moran', 'variance'], (4,))
    """

    dim: str = "time"
    dims: tuple[str, str] = ("y", "x")
    indicators: str | Sequence[str] = DEFAULT_SPATIAL
    subsize: int = 4
    abs_skewness: bool = False
    moran_coarse_grain: bool = False
    sdr_low: tuple[float, float] = (0.0, 0.2)
    sdr_high: tuple[float, float] = (0.8, 1.0)
    threshold: float | None = None
    transition: TimePoint | None = None

    def replace(self, **changes) -> SpatialOptions:
        """A copy with ``changes``; an unknown name is refused with the known ones."""
        known = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise InputError(f"unknown spatial option(s) {unknown}; choose from {sorted(known)}")
        return dataclasses.replace(self, **changes)

    @classmethod
    def build(cls, options: SpatialOptions | None, changes: Mapping[str, Any]) -> SpatialOptions:
        """``options`` (default: all defaults) with the keywords ``changes`` applied."""
        if options is not None and not isinstance(options, SpatialOptions):
            raise InputError(f"options must be a SpatialOptions, got {type(options).__name__}")
        return (options or cls()).replace(**changes)

    def names(self) -> tuple[str, ...]:
        """The indicator names, every setting checked."""
        indicators = self.indicators
        names = (indicators,) if isinstance(indicators, str) else tuple(indicators)
        if not names:
            raise InputError("indicators is empty; name at least one, e.g. ('variance', 'moran')")
        for n in names:
            check_choice(n, "indicator", tuple(SPATIAL_INDICATORS))
        check_int(self.subsize, "subsize", minimum=1)
        for label, rng in (("sdr_low", self.sdr_low), ("sdr_high", self.sdr_high)):
            if len(rng) != 2 or not 0 <= rng[0] < rng[1] <= 1:
                raise InputError(f"{label} must be a pair of fractions 0 <= a < b <= 1, got {rng!r}")
        if self.threshold is not None:
            check_real(self.threshold, "threshold")
        return names

    def attrs(self, names: tuple[str, ...]) -> dict:
        """The result's attrs: the settings used."""
        return {
            "indicators": ",".join(names), "subsize": self.subsize, "abs_skewness": int(self.abs_skewness),
            "moran_coarse_grain": int(self.moran_coarse_grain), "sdr_low": np.asarray(self.sdr_low, dtype=float),
            "sdr_high": np.asarray(self.sdr_high, dtype=float),
            "threshold": "none" if self.threshold is None else self.threshold,
            "transition": "none" if self.transition is None else str(self.transition),
        }  # fmt: skip


def spatial_indicators(
    x: SeriesLike, options: SpatialOptions | None = None, /, **kwargs: Any
) -> SeriesResult:
    """Spatial indicators of every frame (see the module docstring for the definitions).

    Parameters
    ----------
    x : numpy array or xarray.DataArray
        Frames over time: numpy ``(..., time, y, x)``; a DataArray with ``dim``
        and the two spatial ``dims`` (other dims broadcast over).
    options : SpatialOptions, optional
        Settings shared by several calls; the keywords below, given beside
        it, replace its fields.
    dim, dims : str, pair of str
        The time dimension and the two spatial dimensions.
    indicators : sequence of str
        Names of :data:`SPATIAL_INDICATORS`.
    subsize : int
        Coarse-graining block size of ``variance`` and ``skewness`` (spatialwarnings'
        default 4; 1 leaves the field as it is).
    abs_skewness, moran_coarse_grain : bool
        spatialwarnings' options of the same meaning.
    sdr_low, sdr_high : pair of float
        Wavenumber ranges of ``sdr``, fractions of the largest distance.
    threshold : float, optional
        Cells above it are occupied (patch indicators); default: nonzero cells.
    transition : number or datetime, optional
        Frames at times <= ``transition`` only (later ones are NaN).

    Returns
    -------
    xarray.Dataset (DataArray input) or a named tuple of arrays over time (numpy).

    See Also
    --------
    analyze_spatial : With the trend of each indicator.
    field_frames : Frames from a lattice system's flat state.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> out = spatial_indicators(rng.random((3, 16, 16)), indicators=["variance", "moran"])
    >>> out.variance.shape
    (3,)
    """
    opts = SpatialOptions.build(options, kwargs)
    names = opts.names()
    dim = opts.dim
    ds = _dataset(_field(x, dim=dim, dims=opts.dims, transition=opts.transition), names, opts)
    ds.attrs = {"tsdyn_function": public_name(spatial_indicators), **opts.attrs(names)}
    if isinstance(x, xr.DataArray):
        return ds
    from tsdyn.data import Family, from_series

    return from_series(ds, Family("numpy"), dim=dim)


def _dataset(field: _Field, names, opts: SpatialOptions):
    dim = opts.dim
    groups, n_time = field.values.shape[:2]
    data = {n: np.full((groups, n_time), np.nan) for n in names}
    for g in range(groups):
        values = _frames_values(
            field.values[g, : field.n_use], names, subsize=opts.subsize, abs_skewness=opts.abs_skewness,
            moran_coarse_grain=opts.moran_coarse_grain, sdr_low=opts.sdr_low, sdr_high=opts.sdr_high,
            threshold=opts.threshold,
        )  # fmt: skip
        for n in names:
            data[n][g, : field.n_use] = values[n]
    shape = tuple(field.da.sizes[d] for d in field.others)
    coords = {c: v for c, v in field.da.coords.items() if set(v.dims) <= {*field.others, dim}}
    return xr.Dataset(
        {
            n: ((*field.others, dim), data[n].reshape(*shape, n_time), {"long_name": SPATIAL_INDICATORS[n]})
            for n in names
        },
        coords=coords,
    )


@dataclass(frozen=True)
class SpatialResult:
    """What :func:`analyze_spatial` returns: ``data`` (indicators over time) and ``ktau`` (Kendall taus)."""

    data: xr.Dataset
    ktau: pd.DataFrame


def analyze_spatial(x: SeriesLike, options: SpatialOptions | None = None, /, **kwargs: Any) -> SpatialResult:
    """Spatial indicators of every frame and the Kendall tau of each against time.

    Parameters
    ----------
    x, options
        As in :func:`spatial_indicators`.
    **kwargs
        Any field of :class:`SpatialOptions` (``dim``, ``dims``, ``indicators``,
        ``subsize``, ``abs_skewness``, ``moran_coarse_grain``, ``sdr_low``,
        ``sdr_high``, ``threshold``, ``transition``), as in :func:`spatial_indicators`.

    Returns
    -------
    SpatialResult
        ``data`` (Dataset of the indicators over time) and ``ktau`` (DataFrame of Kendall taus).

    See Also
    --------
    spatial_indicators : The indicators alone.
    analyze : Indicators of one series.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> frames = rng.random((20, 12, 12)) * np.linspace(0.1, 1.0, 20)[:, None, None]
    >>> res = analyze_spatial(frames, indicators=["variance"], subsize=1)
    >>> bool(res.ktau.loc["variance", "tau"] > 0.9)
    True
    """
    from tsdyn.ews.trend import kendall_rows

    opts = SpatialOptions.build(options, kwargs)
    names = opts.names()
    dim = opts.dim
    field = _field(x, dim=dim, dims=opts.dims, transition=opts.transition)
    ds = _dataset(field, names, opts)
    ds.attrs = {"tsdyn_function": public_name(analyze_spatial), **opts.attrs(names)}
    taus = {n: kendall_rows(ds[n].values.reshape(-1, ds.sizes[dim])) for n in names}
    shape = tuple(field.da.sizes[d] for d in field.others)
    if shape:
        levels = [list(names)] + [
            field.da[d].values if d in field.da.coords else np.arange(field.da.sizes[d]) for d in field.others
        ]
        index = pd.MultiIndex.from_product(levels, names=["indicator", *field.others])
    else:
        index = pd.Index(list(names), name="indicator")
    table = pd.DataFrame({"tau": np.concatenate([taus[n] for n in names])}, index=index)
    return SpatialResult(data=ds, ktau=table)


def field_frames(
    x: xr.DataArray | np.ndarray,
    *,
    fields: int = 2,
    field: int = 0,
    shape: tuple[int, int] | None = None,
    dim: str = "time",
) -> xr.DataArray:
    """The frames ``(time, y, x)`` of one field of a lattice system's flat state.

    The catalog's lattice systems (``GrayScott``: ``[u, v]``) store ``fields``
    fields one after the other, each ``N x N`` in row-major order (``y`` the
    row).

    Parameters
    ----------
    x : xarray.DataArray or numpy array
        A trajectory ``(time, variable)`` (a DataArray from ``System.integrate``, or numpy).
    fields : int
        Fields stored one after the other in the state.
    field : int
        Which one to return (GrayScott: 0 is ``u``, 1 is ``v``).
    shape : (int, int), optional
        ``(ny, nx)`` of a field; default square.
    dim : str
        The time dimension.

    Returns
    -------
    xarray.DataArray
        Dims ``(time, y, x)``.

    See Also
    --------
    spatial_indicators : Indicators of the frames.

    Examples
    --------
    >>> traj = np.arange(2 * 8 * 2.0).reshape(2, 16)  # 2 frames of [u, v] on 2 x 4 cells
    >>> field_frames(traj, field=1, shape=(2, 4)).values[0]
    array([[ 8.,  9., 10., 11.],
           [12., 13., 14., 15.]])
    """
    fields = check_int(fields, "fields", minimum=1)
    field = check_int(field, "field", minimum=0, maximum=fields - 1)
    if isinstance(x, xr.DataArray):
        extra = [d for d in x.dims if d not in (dim, "variable")]
        if extra or "variable" not in x.dims:
            raise InputError(f"x must have dims ('{dim}', 'variable') (one trajectory), got {tuple(x.dims)}")
        values = x.transpose(dim, "variable").values
        time = x[dim].values if dim in x.coords else np.arange(x.sizes[dim])
    else:
        values = np.asarray(x, dtype=np.float64)
        if values.ndim != 2:
            raise InputError(f"x must be 2-D (time, variable), got shape {values.shape}")
        time = np.arange(values.shape[0])
    per = values.shape[1] // fields
    if per * fields != values.shape[1]:
        raise InputError(f"the state has {values.shape[1]} entries, not a multiple of {fields} fields")
    if shape is None:
        n = int(round(np.sqrt(per)))
        if n * n != per:
            raise InputError(f"a field of {per} cells is not square; pass shape=(ny, nx)")
        shape = (n, n)
    if shape[0] * shape[1] != per:
        raise InputError(f"shape {shape} does not hold the {per} cells of a field")
    frames = values[:, field * per : (field + 1) * per].reshape(values.shape[0], *shape)
    return xr.DataArray(frames, dims=(dim, "y", "x"), coords={dim: time}, name=f"field_{field}")
