"""Reading and writing: atomic writers for CSV, Parquet, netCDF and zarr.

>>> from tsdyn.io import write_csv
"""

from tsdyn.io.writers import atomic_path, write, write_csv, write_netcdf, write_parquet, write_zarr

__all__ = ["atomic_path", "write", "write_csv", "write_netcdf", "write_parquet", "write_zarr"]
