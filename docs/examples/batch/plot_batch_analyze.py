"""
``tsdyn analyze`` on the bundled examples, and its outputs read back
====================================================================

The batch command runs measure sets on every series of every file in a folder and
writes a summary table, rolling outputs per file and a manifest. Here it runs on
``datasets/examples/`` (five files in different layouts, delimiters and decimal
marks) through the same entry point as the shell command, and the outputs are read
back with pandas and xarray.
"""

import json
import os
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import xarray as xr
from click.testing import CliRunner

from tsdyn.cli import main

out = Path(tempfile.mkdtemp()) / "results"
# the same as: tsdyn analyze examples --out <out> --jobs 1 --quiet
os.chdir("../../../datasets")  # like `cd datasets` in a shell
result = CliRunner().invoke(main, ["analyze", "examples", "--out", str(out), "--jobs", "1", "--quiet"])
print("exit status", result.exit_code)
print(sorted(p.name for p in out.iterdir()))

# %%
# One row per file x series; each result is a column ``<measure set>_<result>``,
# and ``columns.csv`` says what each column is, with its unit.
summary = pd.read_csv(out / "summary.csv")
summary["file"] = summary["file"].map(lambda p: Path(p).name)
cols = ["file", "series", "status", "ordinal_permutation_entropy", "ews_ktau_ac1"]
print(summary[cols].to_string(index=False))
columns = pd.read_csv(out / "columns.csv").set_index("column")
print(columns.loc[["ordinal_permutation_entropy", "ews_ktau_ac1"], ["unit", "description"]])
manifest = json.loads((out / "manifest.json").read_text())
print({k: manifest[k] for k in ("tsdyn_version", "seed") if k in manifest})

# %%
# The rolling early-warning indicators of one file, read back from netCDF: the
# rolling folder mirrors each input's path, so no two inputs share an output.
print(sorted(p.relative_to(out).as_posix() for p in (out / "rolling").rglob("*.nc")))
rolling = xr.open_dataset(next((out / "rolling").rglob("*slowing_down*")))
print(list(rolling.data_vars))
fig, axes = plt.subplots(len(rolling.data_vars), 1, figsize=(6, 1.6 * len(rolling.data_vars)), sharex=True)
for ax, name in zip(axes, rolling.data_vars, strict=True):
    rolling[name].squeeze().plot(ax=ax)
    ax.set(title="", ylabel=name, xlabel="")
plt.show()
