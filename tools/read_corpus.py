"""Stream a tsdyn training corpus as numpy batches, with zarr and numpy only (no tsdyn import).

Usage: python tools/read_corpus.py CORPUS_DIR [BATCH_SIZE]

Each shard ``shards/<system>/<n>.zarr`` holds ``trajectory`` (member, time,
variable), ``params`` (member, parameter) and ``ic``; the manifest names every
trajectory with its sha256, which this reader checks. A PyTorch
``IterableDataset`` or a Hugging Face ``datasets.Dataset.from_generator``
wraps :func:`batches` as it is.
"""

import csv
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import zarr


def batches(root: str | Path, batch_size: int = 64) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """Yield ``(system, trajectories, params)``: up to ``batch_size`` trajectories of one system."""
    root = Path(root)
    with open(root / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for path in dict.fromkeys(row["path"] for row in rows):  # shards in manifest order
        group = zarr.open_group(str(root / path), mode="r")
        trajectory, params = group["trajectory"], group["params"]
        expected = [row["sha256"] for row in rows if row["path"] == path]
        for start in range(0, trajectory.shape[0], batch_size):
            x = np.asarray(trajectory[start : start + batch_size])
            for k, member in enumerate(x):
                if hashlib.sha256(np.ascontiguousarray(member).tobytes()).hexdigest() != expected[start + k]:
                    raise ValueError(f"{path} member {start + k}: checksum differs from the manifest")
            yield group.attrs["system"], x, np.asarray(params[start : start + batch_size])


def main(argv: list[str]) -> None:
    root, size = argv[1], int(argv[2]) if len(argv) > 2 else 64
    total = 0
    for system, x, p in batches(root, size):
        total += x.shape[0]
        print(f"{system}: trajectories {x.shape}, params {p.shape}")
    print(f"{total} trajectories read")


if __name__ == "__main__":
    main(sys.argv)
