"""Build the small benchmark subset shipped in datasets/benchmark/ (tests and examples use it).

The installed package never reads these files: ``tsdyn.forecast.datasets.load``
builds any system on demand. This subset is ten well-known flows at both
granularities, 300 train and 300 test samples, clean and with 5 % observation
noise, so it stays under 2 MB. Run from the repository root::

    python datasets/build_benchmark_subset.py

It resumes: files already built for the same recipe are kept.
"""

from __future__ import annotations

from pathlib import Path

from tsdyn.forecast.datasets import build_benchmark

SYSTEMS = (
    "Aizawa",
    "Chen",
    "Chua",
    "Halvorsen",
    "HyperRossler",
    "Lorenz",
    "Lorenz84",
    "Rossler",
    "SprottB",
    "Thomas",
)
RECIPE = {"n_train": 300, "n_test": 300, "noise": (0.0, 0.05)}
OUT = Path(__file__).with_name("benchmark")


def main() -> None:
    manifest = build_benchmark(OUT, systems=SYSTEMS, jobs=1, progress=True, **RECIPE)
    print(manifest.drop(columns="path").to_string(index=False))
    if (manifest.status == "failed").any():
        raise SystemExit(1)


if __name__ == "__main__":
    main()
