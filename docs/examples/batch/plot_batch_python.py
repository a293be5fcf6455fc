"""
The batch runner from Python, with a failing file
=================================================

:func:`tsdyn.io.analyze_files` is what ``tsdyn analyze`` calls. A file that cannot
be read does not stop the batch: its row says why, the other files go on, and a
rerun in the same folder resumes (only what failed or changed is run again).
"""

import shutil
import tempfile
from pathlib import Path

import matplotlib.pyplot as plt

import tsdyn.io as tio

folder = Path(tempfile.mkdtemp())
shutil.copy("../../../datasets/examples/nile.csv", folder)
shutil.copy("../../../datasets/examples/sunspots.tsv", folder)
(folder / "broken.csv").write_text("time,value\n0,1.0\n1,oops\n2,3.0\n")

table = tio.analyze_files([folder], out=folder / "results", measures=["summary", "ordinal"], jobs=1)
table["file"] = table["file"].map(lambda p: Path(p).name)
print(table[["file", "series", "status", "error"]].to_string(index=False))

# %%
# The ordinal measures of the two good files, side by side (one column per result,
# named ``<measure set>_<result>``).
ok = table[table["status"] == "ok"]
cols = ["ordinal_permutation_entropy", "ordinal_statistical_complexity"]
print(ok[["file", *cols]].to_string(index=False))
fig, ax = plt.subplots(figsize=(4, 3))
ax.bar(ok["file"].astype(str), ok[cols[0]])
ax.set(ylabel=cols[0])
plt.show()
