"""Long ("tidy") tables: one row per sample, the layout forecasting libraries read.

A trajectory ``(time, variable[, member, ...])`` becomes rows of
``series_id, <every dimension>, value``: one univariate series per
combination of the dimensions other than time, rows sorted by series and,
within a series, by time (Nixtla's ``unique_id, ds, y``, darts'
``TimeSeries.from_group_dataframe``, GluonTS's long data frames).

>>> import numpy as np, xarray as xr
>>> da = xr.DataArray(np.arange(4.0).reshape(2, 2), dims=("time", "variable"),
...                   coords={"time": [0.0, 0.5], "variable": ["x", "y"]}, name="demo")
>>> to_long(da)
  series_id  time variable  value
0    demo/x   0.0        x    0.0
1    demo/x   0.5        x    2.0
2    demo/y   0.0        y    1.0
3    demo/y   0.5        y    3.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tsdyn.errors import InputError

__all__ = ["to_long", "write_long"]


def to_long(
    x, *, dim: str = "time", id_column: str | None = "series_id", value: str = "value"
) -> pd.DataFrame:
    """One row per sample of ``x``: a series id, the coordinate of every dimension, the value.

    Parameters
    ----------
    x : xarray.DataArray, pandas or numpy input
        Anything :func:`tsdyn.data.as_series` accepts; a DataArray from
        :meth:`tsdyn.systems.System.integrate` is the usual case.
    dim : str
        The time dimension; it varies fastest in the rows.
    id_column : str or None
        Name of the series-id column (a categorical, ``name/member=3/x0``: the
        array's name, then ``dim=value`` for each other dimension, the variable
        last and bare); None leaves it out.
    value : str
        Name of the value column.

    Returns
    -------
    pandas.DataFrame
        Columns: the id, the dimensions in the array's order, the value.
        Labels (the id, variable names) are categoricals, stored as
        dictionary-encoded columns in Parquet.

    See Also
    --------
    write_long : Writes this table.

    Examples
    --------
    Two members of a two-variable trajectory: four series, ids naming each:

    >>> import xarray as xr
    >>> da = xr.DataArray(np.zeros((2, 2, 3)), dims=("member", "variable", "time"),
    ...                   coords={"variable": ["x", "y"]}, name="run")
    >>> df = to_long(da)
    >>> df.series_id.cat.categories.tolist(), len(df)
    (['run/member=0/x', 'run/member=0/y', 'run/member=1/x', 'run/member=1/y'], 12)
    >>> df.columns.tolist()
    ['series_id', 'member', 'variable', 'time', 'value']
    """
    from tsdyn.data import as_series

    da = as_series(x, dim=dim)
    if value in da.dims or (id_column is not None and id_column in (*da.dims, value)):
        raise InputError(
            f"column names must differ from the dimensions {da.dims}: got id_column={id_column!r}, value={value!r}"
        )
    others = [str(d) for d in da.dims if d != dim]
    arr = da.transpose(*others, dim)
    shape = arr.shape
    n_series, n_time = int(np.prod(shape[:-1])), shape[-1]
    columns: dict[str, object] = {}
    # Index of each row along each dimension: series outer (C order), time inner.
    grids = np.unravel_index(np.arange(n_series * n_time), shape)
    coords = {str(d): _coord(da, str(d)) for d in da.dims}
    for d in map(str, da.dims):
        index = grids[arr.dims.index(d)]
        if coords[d].dtype.kind in "biufcmM":
            columns[d] = coords[d][index]
        else:
            # Labels (variable names ...) as a categorical: no Python string per row.
            columns[d] = pd.Categorical.from_codes(index, categories=pd.Index(coords[d]))
    columns[value] = np.asarray(arr.values).reshape(-1)
    df = pd.DataFrame(columns)
    if id_column is not None:
        labels = _series_labels(da.name, others, coords, shape[:-1])
        codes = np.repeat(np.arange(n_series), n_time)
        df.insert(0, id_column, pd.Categorical.from_codes(codes, categories=pd.Index(labels)))
    return df


def write_long(x, path, *, dim: str = "time", **kwargs):
    """Write :func:`to_long` of ``x`` atomically to ``path`` (.parquet or .csv); ``kwargs`` go to the writer.

    Parameters
    ----------
    x : xarray.DataArray, pandas or numpy input
        As for :func:`to_long`.
    path : str or path
        A ``.parquet`` or ``.csv`` file.
    dim : str
        The time dimension.
    **kwargs
        Passed to :func:`write_parquet` or :func:`write_csv`.

    Returns
    -------
    pathlib.Path
        ``path``.

    See Also
    --------
    to_long : The table.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np, pandas as pd
    >>> path = write_long(np.arange(3.0), pathlib.Path(tempfile.mkdtemp()) / "x.parquet")
    >>> pd.read_parquet(path).columns.tolist()
    ['series_id', 'time', 'value']
    """
    from pathlib import Path

    from tsdyn.io.writers import write_csv, write_parquet

    suffix = Path(path).suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise InputError(f"a long table is written to .parquet or .csv, got {str(path)!r}")
    kwargs.setdefault("index", False)
    return (write_parquet if suffix == ".parquet" else write_csv)(to_long(x, dim=dim), path, **kwargs)


def _coord(da, d: str) -> np.ndarray:
    if d in da.coords:
        return np.asarray(da[d].values)
    return np.arange(da.sizes[d])


def _series_labels(name, others: list[str], coords: dict, shape: tuple) -> list[str]:
    # The variable names the series by itself; other dimensions carry their name.
    parts = []
    for d in others:
        values = [str(v) for v in coords[d]]
        parts.append(values if d == "variable" else [f"{d}={v}" for v in values])
    prefix = [str(name)] if name is not None else []
    if not others:
        return ["/".join(prefix) or "series"]
    # Keep the variable last in the label whatever its place among the dimensions.
    order = sorted(range(len(others)), key=lambda k: others[k] == "variable")
    labels = []
    for index in np.ndindex(*shape):
        labels.append("/".join(prefix + [parts[k][index[k]] for k in order]))
    return labels
