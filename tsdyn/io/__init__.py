"""Reading and writing: robust CSV reading, atomic writers, the batch runner.

Names load their module on first use, so importing this package imports neither pandas nor xarray.

>>> from tsdyn.io import read_csv, write_csv
"""

from tsdyn._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(
    __name__,
    {
        "analyze_files": "batch",
        "run_batch": "batch",
        "ReadOptions": "csv",
        "read_csv": "csv",
        "read_series": "csv",
        "to_long": "long",
        "write_long": "long",
        "atomic_path": "writers",
        "write": "writers",
        "write_csv": "writers",
        "write_netcdf": "writers",
        "write_parquet": "writers",
        "write_zarr": "writers",
    },
)
