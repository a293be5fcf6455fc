"""Reading and writing: robust CSV reading, atomic writers, the batch runner.

>>> from tsdyn.io import read_csv, write_csv
"""

from tsdyn.io.batch import analyze_files
from tsdyn.io.csv import read_csv, read_series
from tsdyn.io.long import to_long, write_long
from tsdyn.io.writers import atomic_path, write, write_csv, write_netcdf, write_parquet, write_zarr

__all__ = [
    "analyze_files",
    "atomic_path",
    "read_csv",
    "read_series",
    "to_long",
    "write",
    "write_csv",
    "write_long",
    "write_netcdf",
    "write_parquet",
    "write_zarr",
]
